"""The versions of last year's demo act in a real browser: on a 375-px phone and a 1280-px
laptop, in Albanian and Serbian Cyrillic, without JavaScript. Nothing runs off the side, no
control is under 24x24 px, axe finds nothing serious, and a change is told in words as well as
in looks: removed words are struck through and say "[removed: …]", added words are underlined
and say "[added: …]", and a screen reader reads those words (WCAG 1.4.1)."""

import datetime as dt

import pytest
from sqlalchemy import select

from consult.consultations.models import ActVersion
from consult.demo.seed import seed_demo
from consult.extensions import db, limiter
from tests.e2e.screens import WIDTHS, layout_problems
from tests.e2e.test_journeys_draft_act import say, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def last_year_act(app) -> int:
    """The demo loaded; the id of last year's act, revised and adopted."""
    with app.app_context():
        seed_demo(dt.date.today())
        db.session.commit()
        consultation_id = db.session.scalar(
            select(ActVersion.consultation_id).where(ActVersion.kind == "adopted")
        )
    limiter.reset()
    return consultation_id


@pytest.mark.presentation
@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_the_versions_fit_a_phone_and_a_laptop_and_say_what_changed_in_words(
    app, browser, live_server, last_year_act, check, locale
):
    pages = [
        f"/consultations/{last_year_act}",
        f"/consultations/{last_year_act}/versions",
        f"/consultations/{last_year_act}/versions/2",
        f"/consultations/{last_year_act}/versions/compare?from=1&to=2",
        f"/consultations/{last_year_act}/report",
    ]
    problems: list[str] = []
    for width, height in WIDTHS.values():
        # no JavaScript: every version page is plain HTML and a GET form
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=False
        )
        page = context.new_page()
        for url in pages:
            page.goto(f"{live_server}{url}{'&' if '?' in url else '?'}lang={locale}")
            where = f"{url} at {width} px in {locale}"
            problems.extend(layout_problems(page, where))
        context.close()
        # axe needs its script: the same pages with JavaScript on
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for url in pages:
            page.goto(f"{live_server}{url}{'&' if '?' in url else '?'}lang={locale}")
            try:
                check(page, f"{url} at {width} px in {locale}")
            except AssertionError as failure:
                problems.append(str(failure))
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.presentation
def test_a_change_is_told_in_words_and_looks_not_by_colour_alone(
    browser, live_server, last_year_act
):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server}/consultations/{last_year_act}/versions/compare?from=1&to=2&lang=en")
    change = page.locator("#change-3")
    inserted = change.locator(".diff ins").last
    removed = change.locator(".diff del").first
    assert inserted.inner_text().startswith("[added:") and inserted.is_visible()
    assert removed.inner_text().startswith("[removed:") and removed.is_visible()
    style = "(e) => getComputedStyle(e).textDecorationLine"
    assert "underline" in inserted.evaluate(style)
    assert "line-through" in removed.evaluate(style)
    # the cue itself is plain words, not struck through: an inline block takes no decoration
    cue = removed.locator(".diff-cue").first
    assert cue.evaluate("(e) => getComputedStyle(e).display") == "inline-block"
    # what a screen reader is given: the words of the cues are in the accessibility tree
    spoken = change.aria_snapshot()
    assert "[added:" in spoken and "[removed:" in spoken
    # the comment that led to the change links to itself and its answer on the act's page
    change.get_by_role("link", name="Comment").first.click()
    assert "#comment-" in page.url
    context.close()


def test_an_officer_prepares_a_version_on_a_phone(
    app, browser, live_server, last_year_act, make_user, check
):
    """The officer's pages of a version being prepared fit a phone and pass axe; the article's
    comments are check boxes with their outcome, reached and ticked with the keyboard."""
    officer = make_user("officer", email="officer.versions@istog.example")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    sign_in(page, app, live_server, "sq", officer)
    page.goto(f"{live_server}/manage/consultations/{last_year_act}?lang=sq")
    page.get_by_role("button", name=say(app, "sq", "Correct the adopted text")).click()
    assert "/versions/4" in page.url
    problems = []
    for url in (page.url, page.url.split("?")[0] + "/articles/2"):
        page.goto(url)
        problems.extend(layout_problems(page, url, check))
    assert not problems, "\n".join(problems)
    boxes = page.get_by_role("checkbox")
    assert boxes.count() >= 1
    boxes.first.focus()
    page.keyboard.press("Space")
    assert boxes.first.is_checked()
    context.close()
