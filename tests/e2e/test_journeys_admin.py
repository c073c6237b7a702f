"""The administrator's and the officer's journeys through People, passwords and the audit log
(issue #19), in a real browser, in Albanian and in Serbian Cyrillic: the administrator adds an
officer, the officer chooses a password through the link in the outbox and signs in, and the
administrator finds the new account in the audit log. axe finds nothing serious on the pages."""

import re

import pytest
from sqlalchemy import select

from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from tests.conftest import PASSWORD
from tests.e2e.test_journeys_draft_act import say

pytestmark = pytest.mark.browser

NEW = "a sentence only the officer knows"


def _sign_in(tab, app, server: str, locale: str, email: str, password: str) -> None:
    tab.goto(f"{server}/login?lang={locale}")
    tab.locator("#email").fill(email)
    tab.locator("#password").fill(password)
    tab.get_by_role("button", name=say(app, locale, "Sign in")).click()
    tab.wait_for_load_state("load")


@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_admin_adds_an_officer_who_sets_a_password_and_the_log_shows_it(
    browser, page, app, live_server, make_user, make_directorate, check, locale
):
    admin = make_user("admin", email="admin@istog.example")
    make_directorate("EDU", "Drejtoria e Arsimit")
    _sign_in(page, app, live_server, locale, admin, PASSWORD)

    page.get_by_role("link", name=say(app, locale, "People"), exact=True).click()
    check(page, f"people ({locale})")
    page.get_by_role("link", name=say(app, locale, "Add a person")).click()
    check(page, f"new person ({locale})")
    page.locator("#name").fill("Besa Gashi")
    page.locator("#email").fill("besa@istog.example")
    page.get_by_label(say(app, locale, "Officer"), exact=True).check()
    page.locator("#directorate").select_option(label="Drejtoria e Arsimit")
    page.get_by_role("button", name=say(app, locale, "Add the person and send the link")).click()
    page.wait_for_load_state("load")
    assert "Besa Gashi" in page.locator("main table").inner_text()

    with app.app_context():
        mail = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.to == "besa@istog.example")
        )
    link = re.search(r"https?://\S+/password/reset/\S+", mail.body).group(0)
    officer = browser.new_context(viewport={"width": 375, "height": 740})
    tab = officer.new_page()
    tab.goto(f"{live_server}/?lang={locale}")
    tab.goto(link.replace("http://localhost", live_server))
    check(tab, f"choose a password ({locale})")
    tab.locator("#new_password").fill(NEW)
    tab.locator("#repeat_password").fill(NEW)
    tab.get_by_role("button", name=say(app, locale, "Save the password")).click()
    tab.wait_for_load_state("load")
    _sign_in(tab, app, live_server, locale, "besa@istog.example", NEW)
    assert tab.url.endswith("/manage/")
    officer.close()

    page.get_by_role("link", name=say(app, locale, "Audit log")).click()
    page.locator("#audit-what").select_option("user")
    page.get_by_role("button", name=say(app, locale, "Show"), exact=True).click()
    page.wait_for_load_state("load")
    log = page.locator("main table").inner_text()
    assert "user.created" in log and "user.password_reset" in log
    check(page, f"audit log ({locale})")


@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_officer_imports_a_pabulib_file_and_reads_its_results(
    page, app, live_server, make_user, check, locale
):
    """From the back office: the file's preview, then the import, then the results page with
    the projects' Polish names marked as Polish; a bad file first lists its bad rows."""
    from tests.polls.test_pb_back_office import BAD, POLISH

    officer = make_user("officer", email="zyrtari@istog.example")
    _sign_in(page, app, live_server, locale, officer, PASSWORD)
    page.get_by_role("link", name=say(app, locale, "Import a Pabulib file")).click()
    check(page, f"import ({locale})")
    page.locator("#pb_file").set_input_files(
        files=[{"name": "bad.pb", "mimeType": "text/plain", "buffer": BAD.encode()}]
    )
    page.get_by_role("button", name=say(app, locale, "Show what the file holds")).click()
    page.wait_for_load_state("load")
    assert page.locator(".error-summary li").count() >= 3
    page.locator("#pb_file").set_input_files(
        files=[{"name": "swiecie.pb", "mimeType": "text/plain", "buffer": POLISH.encode()}]
    )
    page.get_by_role("button", name=say(app, locale, "Show what the file holds")).click()
    page.wait_for_load_state("load")
    check(page, f"import preview ({locale})")
    assert "Budżet obywatelski Świecie 2023" in page.locator("main").inner_text()
    page.get_by_role("button", name=say(app, locale, "Import this poll")).click()
    page.wait_for_load_state("load")
    assert "/manage/polls/" in page.url
    page.get_by_role("link", name=say(app, locale, "Results"), exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.locator('[lang="pl"]', has_text="Plac zabaw przy szkole").count() >= 1
