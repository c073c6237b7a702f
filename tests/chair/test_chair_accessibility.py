"""The chair's trends and annual report meet WCAG 2.1 AA in a real browser, on a desktop and
on a phone (axe-core; skipped where Chromium is not installed)."""

import pytest

from consult.core.models import Consultation
from consult.extensions import db
from tests.chair.known_data import YEAR, load_known_year
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser, live_server, page, phone  # noqa: F401  (fixtures)
from tests.e2e.test_accessibility import axe, check  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.presentation]

PATHS = ("/chair/", f"/chair/participation?year={YEAR}", f"/chair/annual?year={YEAR}")


@pytest.fixture
def known(app):
    with app.app_context():
        return load_known_year()


def _sign_in(tab, server: str, email: str, locale: str) -> None:
    tab.goto(f"{server}/login?lang={locale}")
    tab.locator("#email").fill(email)
    tab.locator("#password").fill(PASSWORD)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state("load")


@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_chair_pages_have_no_serious_accessibility_violation(
    page,  # noqa: F811
    live_server,  # noqa: F811
    check,  # noqa: F811
    make_user,
    known,
    locale,
):
    _sign_in(page, live_server, make_user("chair"), locale)
    for path in PATHS:
        page.goto(
            f"{live_server}{path}&lang={locale}"
            if "?" in path
            else f"{live_server}{path}?lang={locale}"
        )
        check(page, f"{path} ({locale})")


def test_chair_pages_on_a_phone_have_no_serious_accessibility_violation(
    phone,  # noqa: F811
    live_server,  # noqa: F811
    check,  # noqa: F811
    make_user,
    known,
):
    _sign_in(phone, live_server, make_user("chair"), "sq")
    for path in PATHS:
        phone.goto(f"{live_server}{path}")
        check(phone, f"{path} (phone)")


def test_titles_in_the_chair_s_table_take_three_lines_at_most_on_a_laptop(
    page,  # noqa: F811
    live_server,  # noqa: F811
    make_user,
    known,
    app,
):
    """At 1280 px a long title is cut after three lines, and shown whole when its link has the
    keyboard's focus (issue #18)."""
    with app.app_context():
        consultation = db.session.scalars(
            db.select(Consultation).where(Consultation.status != "draft")
        ).first()
        consultation.title = {"sq": " ".join(["Rregullore për shërbimet komunale"] * 8)}
        db.session.commit()
    _sign_in(page, live_server, make_user("chair"), "sq")
    page.goto(f"{live_server}/chair/?lang=sq")
    lines = page.evaluate(
        """() => [...document.querySelectorAll('.title-column .clamp')].map((title) =>
             Math.round(title.getBoundingClientRect().height
                        / parseFloat(getComputedStyle(title).lineHeight)))"""
    )
    assert lines and max(lines) <= 3, lines
    longest = page.locator(".title-column .clamp a").filter(has_text="komunale Rregullore")
    longest.first.focus()
    whole = longest.first.evaluate(
        "(link) => link.closest('.clamp').getBoundingClientRect().height"
    )
    line = longest.first.evaluate("(link) => parseFloat(getComputedStyle(link).lineHeight)")
    assert whole / line > 3.5
