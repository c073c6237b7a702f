"""Journeys 3 and 4 in a real browser: voting on a phone without JavaScript, paper keying.

Uses the live server and axe check of tests/e2e. Each test drives its own Chromium in a
thread of its own, so it never meets the Playwright session of tests/e2e (one per thread).
"""

import os
import re
import threading

import pytest

from consult.extensions import db
from consult.polls import services
from consult.polls.models import Poll
from tests.conftest import PASSWORD
from tests.e2e.conftest import CHROMIUM, FLAGS, _browser_missing, live_server  # noqa: F401
from tests.e2e.test_accessibility import axe, check  # noqa: F401  fixtures
from tests.polls.conftest import project_ids, today

pytestmark = pytest.mark.browser


@pytest.fixture
def chromium():
    """`chromium(steps)` runs `steps(browser)` in a Chromium launched in its own thread."""
    if _browser_missing():
        if os.environ.get("CONSULT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required here but {CHROMIUM} does not exist")
        pytest.skip("Chromium is not installed (apt-get install chromium)")

    def run(steps) -> None:
        outcome: dict = {}

        def work() -> None:
            from playwright.sync_api import sync_playwright

            try:
                with sync_playwright() as playwright:
                    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                    try:
                        steps(launched)
                    finally:
                        launched.close()
            except BaseException as error:  # handed to the test's thread below
                outcome["error"] = error

        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=180)
        if thread.is_alive():
            pytest.fail("the browser steps did not finish within three minutes")
        if "error" in outcome:
            raise outcome["error"]

    return run


MILAN = ("1234567890", 1985)
RECEIPT = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _submit(tab, selector: str) -> None:
    """Click a submit button and wait for the page it leads to: without JavaScript the click
    returns once the navigation has started, and a check made at once would read the old page."""
    with tab.expect_navigation():
        tab.click(selector)


def _phone_without_javascript(browser):
    return browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, java_script_enabled=False
    )


def _vote_on_phone(context, base: str, poll_id: int, projects: list[int]):
    tab = context.new_page()
    tab.goto(f"{base}/polls/{poll_id}?lang=sr")
    for project in projects:
        tab.check(f'input[name="project"][value="{project}"]')
    _submit(tab, 'button[value="check"]')
    assert "25.000\u00a0€" in tab.inner_text(".facts[role=status]")
    # who votes, asked on the ballot: the same POST answers with the confirmation
    tab.fill("#personal_number", MILAN[0])
    tab.fill("#birth_year", str(MILAN[1]))
    _submit(tab, 'button[value="continue"]')
    return tab


def test_milan_votes_on_his_phone_without_javascript(
    app,
    make_poll,
    live_server,  # noqa: F811
    chromium,
):
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]

    def steps(browser) -> None:
        phone = _phone_without_javascript(browser)
        tab = _vote_on_phone(phone, live_server, poll_id, [playground])
        assert "/verify" not in tab.url and "/confirm" not in tab.url  # no redirect on the way
        assert "Vrell" in tab.inner_text("table")  # what is cast, before it is cast
        _submit(tab, 'form[action$="/confirm"] button[type="submit"]')
        receipt = RECEIPT.search(tab.inner_text("main")).group(0)
        tab.goto(f"{live_server}/polls/{poll_id}/receipt?lang=sr")
        tab.fill("#code", receipt)
        _submit(tab, 'form[action$="/receipt"] button[type="submit"]')
        assert tab.locator(".flash-success").count() == 1
        phone.close()

        other = browser.new_context(java_script_enabled=False)
        again = _vote_on_phone(other, live_server, poll_id, [playground])
        assert again.locator("#personal_number").count() == 0
        assert again.locator('form[action$="/confirm"]').count() == 0
        assert again.locator('main a[href*="/receipt"]').count() == 1  # "already voted"
        other.close()

    chromium(steps)


def test_two_officers_key_a_paper_batch_in_the_browser(
    app,
    make_poll,
    make_user,
    live_server,  # noqa: F811
    chromium,
):
    voters = [("3000000001", 1960), ("3000000002", 1975)]
    poll_id = make_poll(voters=voters, ballot_type="approval")
    sheet = "\n".join(number for number, _ in voters)
    for email in ("arta@istog.example", "driton@istog.example"):
        make_user("officer", email=email)

    def officer(browser, email: str):
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(f"{live_server}/login?lang=en")
        tab.fill("#email", email)
        tab.fill("#password", PASSWORD)
        _submit(tab, 'form button[type="submit"]')
        return tab

    def key(tab, batch_path: str, ballots: str, voters: str = sheet) -> None:
        tab.fill("#voters", voters)
        tab.fill("#ballots", ballots)
        _submit(tab, f'form[action$="{batch_path}"] button[type="submit"]')

    def steps(browser) -> None:
        arta = officer(browser, "arta@istog.example")
        arta.goto(f"{live_server}/manage/polls/{poll_id}?lang=en")
        arta.fill("#label", "Banjë village council")
        arta.fill("#day", "2026-05-12")
        _submit(arta, 'form[action$="/paper"] button[type="submit"]')
        batch_url = arta.url
        batch_path = batch_url.split(live_server)[1]
        key(arta, batch_path, "P1, P2\nP3")
        driton = officer(browser, "driton@istog.example")
        driton.goto(batch_url)
        key(driton, batch_path, "P1, P2\nP4")
        assert "P4" in driton.inner_text("table")  # the mistyped ballot is shown
        key(driton, batch_path, "P1, P2\nP3", voters="")
        _submit(driton, 'form[action$="/accept"] button[type="submit"]')
        assert "2" in driton.inner_text(".flash-success")

    chromium(steps)


@pytest.mark.presentation
@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_poll_pages_have_no_serious_accessibility_violation(
    app,
    make_poll,
    live_server,  # noqa: F811
    chromium,
    check,  # noqa: F811
    locale,
):
    poll_id = make_poll(voters=[MILAN])
    project = project_ids(app, poll_id)[1]
    with_sms = make_poll(voters=[MILAN], verify_sms=True)
    sms_project = project_ids(app, with_sms)[1]

    def steps(browser) -> None:
        context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
        tab = context.new_page()
        tab.goto(f"{live_server}/polls/{poll_id}?lang={locale}")
        check(tab, f"the poll page ({locale})")
        tab.check(f'input[name="project"][value="{project}"]')
        _submit(tab, 'button[value="continue"]')  # nobody named: the ballot with its errors
        assert tab.locator('.error-summary a[href="#birth_year"]').count() == 1
        check(tab, f"the ballot without the personal number ({locale})")
        tab.fill("#personal_number", MILAN[0])
        tab.fill("#birth_year", str(MILAN[1]))
        _submit(tab, 'button[value="continue"]')
        check(tab, f"the confirmation ({locale})")
        # with an SMS code as well, the code is asked on the verification page
        tab.goto(f"{live_server}/polls/{with_sms}?lang={locale}")
        tab.check(f'input[name="project"][value="{sms_project}"]')
        tab.fill("#personal_number", MILAN[0])
        tab.fill("#birth_year", str(MILAN[1]))
        _submit(tab, 'button[value="continue"]')
        assert "/verify" in tab.url and tab.locator("#phone").count() == 1
        check(tab, f"the verification page ({locale})")
        tab.goto(f"{live_server}/polls/{poll_id}/receipt?lang={locale}")
        check(tab, f"the receipt page ({locale})")
        context.close()

    chromium(steps)


@pytest.mark.presentation
def test_results_and_back_office_have_no_serious_accessibility_violation(
    app,
    make_poll,
    make_user,
    live_server,  # noqa: F811
    chromium,
    check,  # noqa: F811
):
    poll_id = make_poll()
    with app.test_request_context("/?lang=en"):
        poll = db.session.get(Poll, poll_id)
        for n in range(8):
            services.cast_vote(poll, f"p{n}", project_ids(app, poll_id)[1:3], today())
        poll.consultation.status = "closed"
        db.session.commit()
    make_user("officer", email="arta@istog.example")

    def steps(browser) -> None:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(f"{live_server}/polls/{poll_id}/results?lang=sr")
        check(tab, "the results page")
        tab.goto(f"{live_server}/login?lang=sq")
        tab.fill("#email", "arta@istog.example")
        tab.fill("#password", PASSWORD)
        _submit(tab, 'form button[type="submit"]')
        tab.goto(f"{live_server}/manage/polls/{poll_id}?lang=sq")
        check(tab, "the poll's back office")
        tab.goto(f"{live_server}/manage/polls/{poll_id}/settings?lang=sq")
        check(tab, "the poll's settings")
        context.close()

    chromium(steps)
