"""Journey 5 in a real browser: a staff member answers the annual survey with an access code.

The officer's codes are issued through the survey services (the slip PDF is tested in
tests/surveys); from then on the test does only what Besa does in the browser, in Albanian:
she opens the survey page, types the code from her slip, answers every section (the meetings
section appears because she chose meetings; the Teams section does not), sends her answers and
sees the thanks page. The same code typed again is refused with a clear message.
"""

import datetime as dt

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.surveys.models import Question, Response, StaffToken, SurveyAnswer
from consult.surveys.services import code_hash
from tests.e2e.conftest import ARTEFACTS
from tests.e2e.test_journeys_draft_act import expect_text, field, say

pytestmark = pytest.mark.browser

CODE_REFUSED = "This access code is not valid or has been used already."


def snapshot(tab, name: str) -> None:
    """A screenshot of this step, kept as a test artefact."""
    ARTEFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTEFACTS / f"survey-{name}.png"), full_page=True)


def group(tab, legend: str):
    """The fieldset of a question or statement, found by its legend."""
    return tab.get_by_role("group", name=legend, exact=False).last


def stored_answers(app) -> dict[tuple[str, str], tuple]:
    """{(question key, item): (choice, number, text)} of every stored answer."""
    with app.app_context():
        rows = db.session.execute(
            select(
                Question.key,
                SurveyAnswer.item,
                SurveyAnswer.choice,
                SurveyAnswer.number,
                SurveyAnswer.text,
            ).join(Question, Question.id == SurveyAnswer.question_id)
        )
        return {(key, item): (choice, number, text) for key, item, choice, number, text in rows}


def responses(app) -> list[Response]:
    with app.app_context():
        found = db.session.scalars(select(Response)).all()
        db.session.expunge_all()
        return found


def open_survey_with_code(
    tab, app, live_server: str, consultation_id: int, code: str, step: str
) -> None:
    """From the survey's page, follow the link to the code form and type the code."""
    say_sq = lambda msgid, **values: say(app, "sq", msgid, **values)  # noqa: E731
    tab.goto(f"{live_server}/consultations/{consultation_id}?lang=sq")
    tab.get_by_role("link", name=say_sq("Enter your access code")).click()
    field(tab, say_sq("Access code")).fill(code)
    snapshot(tab, step)
    tab.get_by_role("button", name=say_sq("Open the survey")).click()


def test_staff_member_answers_every_section_with_her_code_and_cannot_use_it_again(
    page, app, live_server, staff_survey, access_codes
):
    survey_id, consultation_id, directorate_id = staff_survey
    code = access_codes(survey_id, directorate_id, 3)[0]
    say_sq = lambda msgid, **values: say(app, "sq", msgid, **values)  # noqa: E731

    # Besa opens the survey page and types the code from her slip, with a space for the dash.
    open_survey_with_code(
        page, app, live_server, consultation_id, code.replace("-", " ").lower(), "code"
    )
    assert page.url.endswith(f"/surveys/{survey_id}/take")
    expect_text(page, say_sq("Section %(step)s of %(steps)s", step=1, steps=3))

    # Section 1: one question of every type.
    group(page, "Kanali kryesor i informimit").get_by_label("Takimet e stafit").check()
    tools = group(page, "Mjetet që përdorni")
    tools.get_by_label("E-mail").check()
    tools.get_by_label("Microsoft Teams").check()
    group(page, "Jam i informuar mirë").get_by_label(say_sq("Agree"), exact=True).check()
    group(page, "Ndërmjet drejtorive").get_by_label(
        say_sq("Neither agree nor disagree"), exact=True
    ).check()
    group(page, "Brenda drejtorisë sime").get_by_label(say_sq("Strongly agree"), exact=True).check()
    ranking = group(page, "Renditni kanalet")
    for place, option in enumerate(["Buletini", "Uebfaqja", "Tabela e njoftimeve"], 1):
        ranking.get_by_label(say_sq("Place %(n)s", n=place)).select_option(label=option)
    field(page, "Takime në muaj").fill("6")
    group(page, "Rekomandimi").get_by_label("8", exact=True).check()
    field(page, "Një fjalë").fill("Transparencë")
    field(page, "Idetë tuaja").fill("Një buletin i brendshëm çdo javë.")
    snapshot(page, "section-1")
    page.get_by_role("button", name=say_sq("Continue")).click()

    # The meetings section (the last) is asked because she chose meetings; the Teams one is not.
    # the Teams section is hidden by her answer: it is not counted either
    expect_text(page, say_sq("Section %(step)s of %(steps)s", step=2, steps=2))
    expect_text(page, "Takimet janë të dobishme")
    assert "Teams është i dobishëm" not in page.locator("main").inner_text()
    assert not responses(app), "nothing is stored before the final submit"
    group(page, "Takimet janë të dobishme").get_by_label(say_sq("Agree"), exact=True).check()
    snapshot(page, "section-3")
    page.get_by_role("button", name=say_sq("Send my answers")).click()

    # The thanks page; one response is stored, with her directorate and today's date only.
    assert page.url.endswith(f"/surveys/{survey_id}/thanks")
    expect_text(page, say_sq("Your answers are saved. They cannot be traced back to you."))
    snapshot(page, "thanks")
    (response,) = responses(app)
    assert response.directorate_id == directorate_id
    assert response.day == dt.date.today()
    answers = stored_answers(app)
    assert answers[("channel", "")][0] == "meetings"
    assert {item for key, item in answers if key == "tools"} == {"email", "teams"}
    assert answers[("informed", "")][1] == 4
    assert answers[("climate", "across")][1] == 3
    assert answers[("climate", "within")][1] == 5
    ranks = {item: values[1] for (key, item), values in answers.items() if key == "priorities"}
    assert ranks == {"bulletin": 1, "web": 2, "notice": 3}
    assert answers[("meetings", "")][1] == 6
    assert answers[("recommend", "")][1] == 8
    assert answers[("word", "")][2] == "Transparencë"
    assert answers[("ideas", "")][2] == "Një buletin i brendshëm çdo javë."
    assert answers[("meeting_useful", "")][1] == 4
    assert not any(key == "teams_useful" for key, _item in answers)
    with app.app_context():
        assert db.session.get(StaffToken, code_hash(code)).used is True
        unused = select(func.count()).where(StaffToken.used.is_(False))
        assert db.session.scalar(unused) == 2

    # The same code typed again (as a colleague might try) is refused; nothing more is stored.
    open_survey_with_code(page, app, live_server, consultation_id, code, "code-again")
    assert page.url.endswith(f"/surveys/{survey_id}/code")
    message = say_sq(CODE_REFUSED)
    expect_text(page, message)
    assert message in page.locator(".error-summary").inner_text()
    assert (
        page.get_by_label(say_sq("Access code"), exact=False).get_attribute("aria-invalid")
        == "true"
    )
    snapshot(page, "code-refused")
    page.goto(f"{live_server}/surveys/{survey_id}/take?lang=sq")
    assert f"/surveys/{survey_id}/code" in page.url, "the refused code opened nothing"
    assert len(responses(app)) == 1
