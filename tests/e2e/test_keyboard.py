"""The vote and the staff survey completed with the keyboard alone (JOURNEYS.md 3 and 5).

No click and no fill: the person moves with Tab and Shift+Tab, chooses with the arrow keys and
Space, types into the focused field and sends with Enter. Every element that takes the focus
must show it (an outline or a box shadow from the :focus-visible style). At the end the vote or
the response must be stored.
"""

import re

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.polls.models import Ballot, Participation
from consult.surveys.models import Question, Response, SurveyAnswer
from tests.e2e.test_journeys_draft_act import expect_text, say
from tests.polls.conftest import project_ids

pytestmark = [pytest.mark.browser, pytest.mark.presentation]

#: the focused element, and whether it shows its focus (outline or box shadow, :focus-visible)
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
  return {
    id: el.id || "", name: el.getAttribute("name") || "", value: el.value ?? "",
    type: el.type || "", checked: !!el.checked, text: (el.textContent || "").trim(),
    shown: (outline || shadow) && el.matches(":focus-visible"),
    html: el.outerHTML.slice(0, 160),
  };
}"""


def active(tab) -> dict:
    return tab.evaluate(FOCUSED)


def move_to(tab, reached, key: str = "Tab", most: int = 80) -> dict:
    """Press `key` until `reached(focused element)`; every stop on the way shows its focus."""
    for _step in range(most):
        tab.keyboard.press(key)
        element = active(tab)
        assert element["shown"], f"no visible focus on {element['html']}"
        if reached(element):
            return element
    raise AssertionError(f"{most} presses of {key} never reached the element")


def named(name: str):
    return lambda element: element["name"] == name


def with_id(identifier: str):
    return lambda element: element["id"] == identifier


def labelled(text: str):
    return lambda element: element["text"] == text


def choose_radio(tab, value: str, most: int = 12) -> None:
    """In the focused radio group, the arrow keys (or Space) check the option `value`."""
    for _step in range(most):
        element = active(tab)
        assert element["type"] == "radio", element["html"]
        assert element["shown"], f"no visible focus on {element['html']}"
        if element["value"] == value:
            if not element["checked"]:
                tab.keyboard.press("Space")
            assert active(tab)["checked"]
            return
        tab.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached the option {value!r}")


def choose_option(tab, value: str, most: int = 20) -> None:
    """On the focused select, the down arrow chooses `value`."""
    for _step in range(most):
        if active(tab)["value"] == value:
            return
        tab.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {value!r}")


def press_enter_and_wait(tab) -> None:
    with tab.expect_navigation():
        tab.keyboard.press("Enter")


# ---------------------------------------------------------------- the vote

MILAN = ("1234567890", 1985)


def test_citizen_votes_with_the_keyboard_alone(page, app, live_server, make_poll):
    poll_id = make_poll(voters=[MILAN])
    playground, lighting = project_ids(app, poll_id)[1:3]
    say_sr = lambda msgid, **values: say(app, "sr", msgid, **values)  # noqa: E731
    page.goto(f"{live_server}/polls/{poll_id}?lang=sr")

    # Two projects with Space; the second is unticked again.
    move_to(page, with_id(f"project-{playground}"))
    page.keyboard.press("Space")
    move_to(page, with_id(f"project-{lighting}"))
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    assert not active(page)["checked"]

    # Tab to the button, then Shift+Tab back to the optional statistics: gender with the arrows.
    move_to(page, lambda element: element["value"] == "continue")
    move_to(page, with_id("gender"), key="Shift+Tab")
    choose_option(page, "female")

    # Personal number and year of birth on the ballot, typed into the fields reached with Tab.
    move_to(page, with_id("personal_number"))
    page.keyboard.type(MILAN[0])
    move_to(page, with_id("birth_year"))
    page.keyboard.type(str(MILAN[1]))
    move_to(page, labelled(say_sr("Continue")))
    press_enter_and_wait(page)
    # the same POST answers with the confirmation, which opens at its heading
    assert page.url.endswith(f"/polls/{poll_id}#ballot-check")
    assert page.locator("#ballot-check h1").count() == 1

    # He checks his choice and casts the vote with Enter.
    expect_text(page, "Playground in Vrellë")
    move_to(page, labelled(say_sr("Cast my vote")))
    press_enter_and_wait(page)
    expect_text(page, say_sr("Thank you for voting"))
    assert re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", page.locator("main").inner_text())
    # the receipt can be kept: "Print" (shown where JavaScript can print) and "Save as a PDF"
    assert page.get_by_role("button", name=say_sr("Print the receipt")).is_visible()
    assert page.get_by_role("link", name=say_sr("Save the receipt as a PDF")).is_visible()

    with app.app_context():
        ballot = db.session.scalars(select(Ballot)).one()
        assert ballot.choices == [playground]
        assert ballot.gender == "female"
        assert db.session.scalar(select(func.count()).select_from(Participation)) == 1


# ---------------------------------------------------------------- the staff survey


def question_names(app, survey_id: int) -> dict[str, str]:
    """The form field name of each question, by key."""
    with app.app_context():
        rows = db.session.execute(
            select(Question.key, Question.id).where(Question.survey_id == survey_id)
        )
        return {key: f"q{question_id}" for key, question_id in rows}


def test_staff_member_answers_the_survey_with_the_keyboard_alone(
    page, app, live_server, staff_survey, access_codes
):
    survey_id, consultation_id, directorate_id = staff_survey
    code = access_codes(survey_id, directorate_id)[0]
    q = question_names(app, survey_id)
    say_sq = lambda msgid, **values: say(app, "sq", msgid, **values)  # noqa: E731
    page.goto(f"{live_server}/consultations/{consultation_id}?lang=sq")

    # From the survey's page to the code form; the code typed, the survey opened with Enter.
    move_to(page, labelled(say_sq("Enter your access code")))
    press_enter_and_wait(page)
    move_to(page, with_id("code"))
    page.keyboard.type(code)
    move_to(page, labelled(say_sq("Open the survey")))
    press_enter_and_wait(page)
    assert page.url.endswith(f"/surveys/{survey_id}/take")

    # Section 1: radios with the arrows, checkboxes with Space, selects with the arrows, text.
    move_to(page, named(q["channel"]))
    choose_radio(page, "meetings")
    move_to(page, lambda element: element["name"] == q["tools"] and element["value"] == "email")
    page.keyboard.press("Space")
    move_to(page, lambda element: element["name"] == q["tools"] and element["value"] == "phone")
    page.keyboard.press("Space")
    move_to(page, named(q["informed"]))
    choose_radio(page, "4")
    move_to(page, named(f"{q['climate']}_s1"))
    choose_radio(page, "2")
    move_to(page, named(f"{q['climate']}_s2"))
    choose_radio(page, "5")
    for place, option in enumerate(["notice", "web", "bulletin"], 1):
        move_to(page, named(f"{q['priorities']}_r{place}"))
        choose_option(page, option)
    move_to(page, named(q["meetings"]))
    page.keyboard.type("12")
    move_to(page, named(q["recommend"]))
    choose_radio(page, "7")
    move_to(page, named(q["word"]))
    page.keyboard.type("Qartësi")
    move_to(page, named(q["ideas"]))
    page.keyboard.type("Takime më të shkurtra.")
    move_to(page, labelled(say_sq("Continue")))
    press_enter_and_wait(page)

    # The meetings section, asked because of her first answer; then Enter on "Send my answers".
    # the Teams section is hidden by her answer: it is not counted either
    expect_text(page, say_sq("Section %(step)s of %(steps)s", step=2, steps=2))
    move_to(page, named(q["meeting_useful"]))
    choose_radio(page, "1")
    move_to(page, labelled(say_sq("Send my answers")))
    press_enter_and_wait(page)
    assert page.url.endswith(f"/surveys/{survey_id}/thanks")

    with app.app_context():
        response = db.session.scalars(select(Response)).one()
        assert response.directorate_id == directorate_id
        rows = db.session.execute(
            select(Question.key, SurveyAnswer.item, SurveyAnswer.choice, SurveyAnswer.number)
            .join(Question, Question.id == SurveyAnswer.question_id)
            .where(SurveyAnswer.response_id == response.id)
        ).all()
    answers = {(key, item): (choice, number) for key, item, choice, number in rows}
    assert answers[("channel", "")][0] == "meetings"
    assert {item for key, item in answers if key == "tools"} == {"email", "phone"}
    assert answers[("informed", "")][1] == 4
    assert answers[("climate", "across")][1] == 2
    assert answers[("climate", "within")][1] == 5
    assert answers[("priorities", "notice")][1] == 1
    assert answers[("priorities", "web")][1] == 2
    assert answers[("priorities", "bulletin")][1] == 3
    assert answers[("meetings", "")][1] == 12
    assert answers[("recommend", "")][1] == 7
    assert answers[("meeting_useful", "")][1] == 1


def test_the_focus_check_catches_a_hidden_focus(page):
    """A page whose style removes the focus outline fails the keyboard walk."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title>'
        "<style>:focus { outline: none; box-shadow: none; }</style></head>"
        '<body><main><a href="#a">A</a> <button type="button">B</button></main></body></html>'
    )
    with pytest.raises(AssertionError, match="no visible focus"):
        move_to(page, labelled("B"))
