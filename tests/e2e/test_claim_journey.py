"""An access code is claimed when it is entered, in real browsers.

Besa enters the code from her slip and answers the first section; a second browser with the
same code (a colleague who found a copy of the slip, or her own phone) is refused at the code
page at once instead of answering every section first. Besa reloads the page and is still on
the second section, finishes and her answers are saved; no claim is left in the database. A
claim left behind lapses and can be taken over. The error summary names each unanswered
question and leads to it. All of it works without JavaScript too.
"""

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from consult.extensions import db
from consult.surveys.models import CodeClaim, Response, Survey
from consult.surveys.services import add_question, add_section
from tests.e2e.conftest import ARTEFACTS, text

pytestmark = pytest.mark.browser

FREQUENCY = "How often do you read the bulletin?"
TRUST = "I trust the internal news"


@pytest.fixture
def two_section_survey(app, staff_survey):
    """The journeys' staff survey with a second required question on its first page and a
    second page; returns (survey id, directorate id)."""
    survey_id, _consultation_id, directorate_id = staff_survey
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        add_question(
            survey.sections[0],
            "frequency",
            "single_choice",
            text("Sa shpesh e lexoni buletinin?", "Koliko često čitate bilten?", FREQUENCY),
            required=True,
            options=[
                ("weekly", text("Çdo javë", "Svake nedelje", "Every week")),
                ("never", text("Asnjëherë", "Nikad", "Never")),
            ],
        )
        later = add_section(survey, text("Besimi", "Poverenje", "Trust"))
        add_question(
            later,
            "trust",
            "likert",
            text("U besoj lajmeve të brendshme", "Verujem internim vestima", TRUST),
            required=True,
        )
        db.session.commit()
    return survey_id, directorate_id


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def shot(tab, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTEFACTS / f"claim-{name}.png"), full_page=True)


def enter_code(tab, live_server: str, survey_id: int, code: str) -> None:
    tab.goto(f"{live_server}/surveys/{survey_id}/code?lang=en")
    tab.fill("#code", code)
    tab.locator("main form button[type=submit]").click()


def answer_the_scales(tab) -> None:
    """The first page's required scales (the journeys' survey asks them)."""
    tab.get_by_role("group", name="I am well informed").get_by_label("Agree", exact=True).check()
    for statement in ("Across directorates", "Within mine"):
        tab.get_by_role("group", name=statement).get_by_label("Agree", exact=True).check()


def answer_first_page(tab) -> None:
    answer_the_scales(tab)
    tab.get_by_role("group", name="Main channel").get_by_label("E-mail").check()
    tab.get_by_role("group", name=FREQUENCY).get_by_label("Every week").check()
    tab.get_by_role("button", name="Continue").click()


def test_a_second_browser_is_refused_at_once_and_the_first_saves_after_a_reload(
    browser, app, live_server, two_section_survey, access_codes
):
    survey_id, directorate_id = two_section_survey
    code = access_codes(survey_id, directorate_id)[0]
    besa = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    other = browser.new_context()
    try:
        tab = besa.new_page()
        enter_code(tab, live_server, survey_id, code)
        tab.wait_for_url(f"**/surveys/{survey_id}/take")

        # she leaves two questions unanswered: the summary names both and leads to them
        answer_the_scales(tab)
        tab.get_by_role("button", name="Continue").click()
        summary = tab.locator(".error-summary")
        links = summary.get_by_role("link")
        assert links.count() == 2
        names = summary.inner_text()
        assert "Main channel" in names and FREQUENCY in names
        for i in range(2):
            target = links.nth(i).get_attribute("href")
            assert tab.locator(target).count() == 1, target
        shot(tab, "error-summary")
        links.nth(1).click()
        focused = tab.evaluate("document.activeElement && document.activeElement.id")
        assert focused == links.nth(1).get_attribute("href")[1:]

        answer_first_page(tab)
        tab.get_by_role("group", name=TRUST).wait_for()

        # a second browser with the same code is refused at the code page, at once
        intruder = other.new_page()
        enter_code(intruder, live_server, survey_id, code)
        assert f"/surveys/{survey_id}/code" in intruder.url
        refusal = intruder.locator(".error-summary").inner_text()
        assert "in another browser" in refusal
        assert "Public Information Office" in refusal
        shot(intruder, "refused")
        intruder.goto(f"{live_server}/surveys/{survey_id}/take")
        assert intruder.url.endswith(f"/surveys/{survey_id}/code")

        # Besa's phone reloads the page: she is still on the second page
        tab.reload()  # after a POST the browser sends the page's form again: still page 2
        tab.get_by_role("group", name=TRUST).wait_for()
        # the phone reopens the tab (a GET of the address): still on the second page
        tab.goto(f"{live_server}/surveys/{survey_id}/take")
        tab.get_by_role("group", name=TRUST).wait_for()
        assert "continuing where you left off" in tab.locator("main").inner_text()
        tab.get_by_role("group", name=TRUST).get_by_label("Agree", exact=True).check()
        tab.get_by_role("button", name="Send my answers").click()
        tab.wait_for_url(f"**/surveys/{survey_id}/thanks")
        assert count(app, Response) == 1
        assert count(app, CodeClaim) == 0

        # now the code is used: the other browser is told so
        enter_code(intruder, live_server, survey_id, code)
        assert "has been used already" in intruder.locator("main").inner_text()
    finally:
        besa.close()
        other.close()


def test_without_javascript_a_lapsed_claim_is_taken_over_and_progress_survives_a_reload(
    browser, app, live_server, two_section_survey, access_codes
):
    survey_id, directorate_id = two_section_survey
    code = access_codes(survey_id, directorate_id)[0]
    first = browser.new_context(java_script_enabled=False)
    second = browser.new_context(java_script_enabled=False)
    try:
        gone = first.new_page()
        enter_code(gone, live_server, survey_id, code)
        answer_first_page(gone)
        gone.get_by_role("group", name=TRUST).wait_for()
        with app.app_context():  # the first holder walked away long ago
            db.session.execute(update(CodeClaim).values(expires_at=dt.datetime(2000, 1, 1)))
            db.session.commit()

        tab = second.new_page()
        enter_code(tab, live_server, survey_id, code)
        tab.wait_for_url(f"**/surveys/{survey_id}/take")
        answer_first_page(tab)
        tab.goto(f"{live_server}/surveys/{survey_id}/take")  # a reload, without JavaScript
        tab.get_by_role("group", name=TRUST).wait_for()

        # the first browser comes back: told at once, before answering anything more
        gone.goto(f"{live_server}/surveys/{survey_id}/take")
        assert "in another browser" in gone.locator("main").inner_text()
        shot(gone, "taken-over")

        tab.get_by_role("group", name=TRUST).get_by_label("Disagree", exact=True).check()
        tab.get_by_role("button", name="Send my answers").click()
        tab.wait_for_url(f"**/surveys/{survey_id}/thanks")
        assert count(app, Response) == 1
        assert count(app, CodeClaim) == 0
    finally:
        first.close()
        second.close()
