"""The chair's trends and annual report meet WCAG 2.1 AA in a real browser, on a desktop and
on a phone (axe-core; skipped where Chromium is not installed)."""

import pytest

from tests.chair.known_data import YEAR, load_known_year
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser, live_server, page, phone  # noqa: F401  (fixtures)
from tests.e2e.test_accessibility import axe, check  # noqa: F401  (fixtures)

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
