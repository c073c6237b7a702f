"""The suite runs its long tests first (tests/conftest.py), so that CI's two workers share them
from the start and the run ends on short tests (#23: `.ci/run` within 30 minutes)."""

from types import SimpleNamespace

from tests.conftest import pytest_collection_modifyitems


def _item(name: str, *markers: str) -> SimpleNamespace:
    return SimpleNamespace(
        name=name, get_closest_marker=lambda marker: marker if marker in markers else None
    )


def test_the_slow_tests_come_first_then_the_browser_tests_each_in_the_order_collected():
    items = [
        _item("a pure function"),
        _item("a journey in Chromium", "browser"),
        _item("the fuzzed form", "slow"),
        _item("a page"),
        _item("the design sweep", "browser", "presentation"),
        _item("the markup attack", "slow"),
    ]
    pytest_collection_modifyitems(items)
    assert [item.name for item in items] == [
        "the fuzzed form",
        "the markup attack",
        "a journey in Chromium",
        "the design sweep",
        "a pure function",
        "a page",
    ]


def test_the_long_tests_are_marked_slow():
    """The tests that took longest in CI (tens of seconds each) carry the mark."""
    import tests.test_markup_everywhere as markup
    import tests.test_newcomer_walk as walk

    for test in (
        markup.test_markup_in_every_field_is_text_on_every_page_pdf_and_mail,
        walk.test_the_public_walk_in_every_locale_shows_no_unmarked_fallback_and_no_code,
    ):
        assert "slow" in {mark.name for mark in test.pytestmark}
