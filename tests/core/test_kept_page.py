"""`kept_page` (consult/core/kept_forms.py): a page kept for every reader carries no reader's
CSRF token, gives each reader theirs, keeps nothing for a page that came without its form, and
is rendered anew for a reader it may not be the same for."""

from flask_wtf.csrf import generate_csrf

from consult.core.kept_forms import SLOT
from consult.kept_pages import kept_page


def _page_with_form() -> str:
    return f'<form><input name="csrf_token" value="{generate_csrf()}"></form>'


def test_a_kept_page_holds_a_slot_and_gives_each_reader_their_token(app):
    pages: dict = {}
    with app.test_request_context("/polls/1"):
        app.preprocess_request()
        first = str(kept_page(pages, ("ballot",), _page_with_form))
        token = generate_csrf()
    (kept,) = pages.values()
    assert SLOT in kept and token not in kept and token in first
    with app.test_request_context("/polls/1"):
        app.preprocess_request()
        other = str(kept_page(pages, ("ballot",), lambda: "rendered again"))
        assert generate_csrf() in other and token not in other


def test_a_page_that_came_without_its_form_is_shown_not_kept(app):
    pages: dict = {}
    with app.test_request_context("/polls/1"):
        app.preprocess_request()
        assert kept_page(pages, ("ballot",), lambda: "<p>No ballot today</p>") == (
            "<p>No ballot today</p>"
        )
    assert pages == {}


def test_a_page_for_an_address_with_arguments_is_rendered_each_time(app):
    pages: dict = {}
    with app.test_request_context("/polls/1?utm_source=x"):
        app.preprocess_request()
        kept_page(pages, ("ballot",), _page_with_form)
    assert pages == {}


def test_a_page_without_a_form_is_kept_as_it_is(app):
    pages: dict = {}
    with app.test_request_context("/surveys/1/thanks"):
        app.preprocess_request()
        assert kept_page(pages, ("thanks",), lambda: "<p>Thank you</p>", form=False)
    assert list(pages.values()) == ["<p>Thank you</p>"]
