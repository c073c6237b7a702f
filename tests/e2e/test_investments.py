"""The register of capital investments in a real Chromium, with the Istog demo loaded: the
register, a project's page and the back office fit a 375-px phone and a 1280-px laptop in
Albanian and Serbian Cyrillic (nothing sideways, no target under 24x24 px, no serious axe
finding, nothing the Content-Security-Policy refuses), the filters work without JavaScript,
and an officer changes a project's status with the keyboard alone."""

import datetime as dt

import pytest
from sqlalchemy import select

from consult.auth.services import create_user
from consult.demo.seed import seed_demo
from consult.extensions import db, limiter
from consult.investments.models import Investment
from tests.conftest import PASSWORD
from tests.e2e.screens import CSP_WATCH, WIDTHS, layout_problems

pytestmark = pytest.mark.browser

PIO = "pio.investments@istog.example"


@pytest.fixture
def demo(app):
    """The demo, and an officer of the Public Information Office; the ids of a project under
    construction and a cancelled one."""
    with app.app_context():
        seed_demo(dt.date.today())
        create_user(PIO, "Zyra për Informim", PASSWORD, "officer", None)
        db.session.commit()
        records = db.session.scalars(select(Investment)).all()
        building = next(r.id for r in records if r.status == "construction")
        cancelled = next(r.id for r in records if r.status == "cancelled")
    limiter.reset()
    return {"building": building, "cancelled": cancelled}


def _sign_in(page, live_server) -> None:
    page.goto(f"{live_server}/login?lang=en")
    page.fill("#email", PIO)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url, page.url


@pytest.mark.presentation
@pytest.mark.slow
@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_the_register_and_its_pages_fit_every_screen(browser, live_server, demo, check, locale):
    urls = [
        "/investments",
        "/investments?status=construction",
        f"/investments/{demo['building']}",
        f"/investments/{demo['cancelled']}",
        "/manage/investments",
        f"/manage/investments/{demo['building']}",
        "/manage/investments/new",
    ]
    problems: list[str] = []
    for name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_init_script(CSP_WATCH)
        page = context.new_page()
        _sign_in(page, live_server)
        for url in urls:
            page.goto(f"{live_server}{url}{'&' if '?' in url else '?'}lang={locale}")
            page.wait_for_load_state("load")
            where = f"{url} at {width} px ({name}) in {locale}"
            problems.extend(layout_problems(page, where, check))
        context.close()
    assert not problems, "\n".join(problems)


def test_the_filters_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/investments?lang=en")
    page.select_option("#investments-status", "completed")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("load")
    assert "status=completed" in page.url
    statuses = page.locator("table tbody .tag").all_inner_texts()
    assert statuses and set(statuses) == {"Completed"}
    context.close()


def test_an_officer_changes_the_status_with_the_keyboard(app, browser, live_server, demo):
    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, live_server)
    page.goto(f"{live_server}/manage/investments/{demo['building']}?lang=en")
    page.focus("#status")  # "completed", the next status, is chosen; the day is today
    page.focus("#note_sq")
    page.keyboard.type("The acceptance committee took the works over.")
    page.locator("form[action$='/status'] button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "The status is changed and the history updated." in page.content()
    with app.app_context():
        record = db.session.get(Investment, demo["building"])
        assert (record.status, record.progress) == ("completed", 100)
        assert record.events[-1].note == {"sq": "The acceptance committee took the works over."}
    context.close()
