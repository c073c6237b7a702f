"""An officer edits and reorders a questionnaire; once people answered, only wording changes."""

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from consult.extensions import db
from consult.surveys.models import Question, Survey
from consult.surveys.services import save_response
from tests.conftest import submit
from tests.surveys.conftest import builder_urls
from tests.surveys.test_builder import texts


def build_url(survey_id: int) -> str:
    return f"/manage/surveys/{survey_id}/build"


def question(app, survey_id: int, key: str) -> dict:
    """A question's stored state, as plain values."""
    with app.app_context():
        q = db.session.scalar(
            select(Question).where(Question.survey_id == survey_id, Question.key == key)
        )
        if q is None:
            return {}
        return {
            "id": q.id,
            "section": q.section.position,
            "position": q.position,
            "type": q.type,
            "text": dict(q.text),
            "hint": dict(q.hint or {}),
            "required": q.required,
            "min": q.min_value,
            "max": q.max_value,
            "show_if": q.show_if,
            "options": [(o.value, dict(o.label)) for o in q.options],
            "statements": [(s.key, dict(s.text)) for s in q.statements],
        }


def order(app, survey_id: int) -> list[list[str]]:
    """The keys of each section, in the order respondents see them."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        return [[q.key for q in s.questions] for s in survey.sections]


def global_order(app, survey_id: int) -> list[str]:
    with app.app_context():
        return [q.key for q in db.session.get(Survey, survey_id).questions]


def edit_url(app, survey_id: int, key: str) -> str:
    return f"/manage/surveys/{survey_id}/questions/{question(app, survey_id, key)['id']}/edit"


def edit(client, app, survey_id: int, question_key: str, /, **changes):
    """Post the edit form of a question as the page prefilled it, with `changes`."""
    url = edit_url(app, survey_id, question_key)
    data = {**prefilled(client, url), **changes}
    return submit(client, url, data)


def prefilled(client, url: str) -> dict:
    """The values the edit page shows, read back from its HTML like a browser would send them."""
    page = client.get(url).get_data(as_text=True)
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        if name != "csrf_token":
            data[name] = html.unescape(value)
    for name in re.findall(r'<input[^>]*checked[^>]*name="([^"]+)"', page) + re.findall(
        r'<input[^>]*name="([^"]+)"[^>]*checked', page
    ):
        data[name] = "y"
    for name, body in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.S
    ):
        data[name] = html.unescape(body)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option\b(?=[^>]*\bselected\b)[^>]*\bvalue="([^"]*)"', body)
        data[name] = html.unescape(chosen.group(1)) if chosen else ""
    return data


def move(client, survey_id: int, what: str, record_id: int, direction: str):
    url = f"/manage/surveys/{survey_id}/{what}/{record_id}/move"
    return submit(client, url, {"direction": direction}, form_url=build_url(survey_id))


def answer_once(app, survey_id: int) -> None:
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        save_response(survey, {"channel": "email", "informed": 4}, dt.date.today())
        db.session.commit()


@pytest.fixture
def officer(login):
    login("officer")


def test_the_edit_page_shows_the_question_as_stored(app, client, officer, survey_id):
    page = client.get(edit_url(app, survey_id, "channel")).get_data(as_text=True)
    assert 'value="channel"' in page
    assert "email = E-mail | E-mail | E-mail | E-mail" in page
    assert "meetings = Meetings | Meetings | Meetings | Meetings" in page
    data = prefilled(client, edit_url(app, survey_id, "meeting_useful"))
    assert data["condition_question"] == "channel"
    assert data["condition_values"] == "meetings"
    assert data["required"] == "y" and data["type"] == "likert"


def test_officer_edits_every_part_of_a_question_before_anyone_answered(
    app, client, officer, survey_id
):
    with app.app_context():
        q = db.session.scalar(select(Question).where(Question.key == "channel"))
        q.text = {**q.text, "sr": "Главни канал"}  # Cyrillic written by hand is kept
        db.session.commit()
    response = edit(
        client,
        app,
        survey_id,
        "channel",
        key="main_channel",
        type="multiple_choice",
        required="",
        min_value="1",
        max_value="2",
        options="teams = Teams SQ | Teams SR\n"
        "email = Posta | Pošta | Pošta | Mail\nphone = Telefoni",
        **texts("text", "Kanalet"),
        hint_sq="Zgjidhni",
        hint_en="Choose",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert question(app, survey_id, "channel") == {}
    edited = question(app, survey_id, "main_channel")
    assert edited["type"] == "multiple_choice" and edited["required"] is False
    assert (edited["min"], edited["max"]) == (1, 2)
    assert edited["text"] == {
        "sq": "Kanalet",
        "sr_Latn": "Kanalet",
        "bs": "Kanalet",
        "en": "Kanalet",
        "sr": "Главни канал",
    }
    assert edited["hint"] == {"sq": "Zgjidhni", "en": "Choose"}
    assert edited["options"] == [
        ("teams", {"sq": "Teams SQ", "sr_Latn": "Teams SR"}),
        ("email", {"sq": "Posta", "sr_Latn": "Pošta", "bs": "Pošta", "en": "Mail"}),
        ("phone", {"sq": "Telefoni"}),
    ]
    # the condition of the later question follows the new key
    assert question(app, survey_id, "meeting_useful")["show_if"]["question"] == "main_channel"


def test_edit_refuses_bad_input_and_changes_nothing(app, client, officer, survey_id):
    before = question(app, survey_id, "informed")
    bad = [
        ({"key": "channel"}, "Another question of this survey has this key."),
        ({"key": "Bad Key"}, "Use lower-case letters"),
        ({"text_sq": ""}, "Enter the text in Albanian."),
        ({"type": "ranking", "options": "a = A"}, "Give at least two options."),
        ({"type": "number", "min_value": "9", "max_value": "2"}, "must not be below"),
        ({"condition_question": "tools", "condition_operator": "answered"}, "earlier section"),
        ({"condition_question": "informed"}, "Not a valid choice"),
    ]
    for changes, message in bad:
        response = edit(client, app, survey_id, "informed", **changes)
        assert response.status_code == 400, changes
        assert message in response.get_data(as_text=True), changes
        assert question(app, survey_id, "informed") == before


def test_a_question_cannot_move_to_or_after_a_question_that_depends_on_it(
    app, client, officer, survey_id
):
    with app.app_context():
        second = db.session.get(Survey, survey_id).sections[1].id
    response = edit(client, app, survey_id, "channel", section_id=str(second))
    assert response.status_code == 400
    assert "Question meeting_useful is asked only after" in response.get_data(as_text=True)
    assert question(app, survey_id, "channel")["section"] == 1
    # a question nothing depends on moves, and becomes the last of its new section
    assert edit(client, app, survey_id, "ideas", section_id=str(second)).status_code == 302
    assert order(app, survey_id)[1] == ["meeting_useful", "ideas"]
    assert global_order(app, survey_id)[-2:] == ["meeting_useful", "ideas"]


def test_once_people_answered_only_the_wording_changes(app, client, officer, survey_id):
    answer_once(app, survey_id)
    before = question(app, survey_id, "channel")
    page = client.get(build_url(survey_id)).get_data(as_text=True)
    assert "Their wording can still be corrected." in page and "Move up" not in page
    for changes in (
        {"type": "multiple_choice"},
        {"options": "email = E-mail\nteams = Teams"},
        {"key": "main_channel"},
        {"required": ""},
    ):
        response = edit(client, app, survey_id, "channel", **changes)
        assert response.status_code == 409, changes
        text = response.get_data(as_text=True)
        assert "only the wording can change. Nothing was saved" in text, changes
        assert question(app, survey_id, "channel") == before
    refused = edit(client, app, survey_id, "channel", type="ranking", key="other")
    assert "change back Key, Type." in refused.get_data(as_text=True)
    reworded = edit(
        client,
        app,
        survey_id,
        "channel",
        text_en="Your main channel",
        hint_en="One only",
        options="email = E-mail | E-mail | E-mail | Electronic mail\n"
        "teams = Teams\nmeetings = Meetings | Sastanci | Sastanci | Meetings",
    )
    assert reworded.status_code == 302
    after = question(app, survey_id, "channel")
    assert after["text"]["en"] == "Your main channel" and after["hint"] == {"en": "One only"}
    assert [value for value, _label in after["options"]] == ["email", "teams", "meetings"]
    assert after["options"][0][1]["en"] == "Electronic mail"
    assert after["options"][2][1] == {
        "sq": "Meetings",
        "sr_Latn": "Sastanci",
        "bs": "Sastanci",
        "en": "Meetings",
    }


def test_officer_moves_questions_within_a_section(app, client, officer, survey_id):
    first = order(app, survey_id)[0]
    informed = question(app, survey_id, "informed")["id"]
    assert move(client, survey_id, "questions", informed, "up").status_code == 302
    assert order(app, survey_id)[0] == ["channel", "informed", "tools", *first[3:]]
    assert move(client, survey_id, "questions", informed, "up").status_code == 302
    assert move(client, survey_id, "questions", informed, "down").status_code == 302
    assert order(app, survey_id)[0] == ["channel", "informed", "tools", *first[3:]]
    assert global_order(app, survey_id)[:3] == ["channel", "informed", "tools"]
    with app.app_context():
        positions = [q.position for q in db.session.get(Survey, survey_id).questions]
    assert len(set(positions)) == len(positions)


def test_a_move_past_either_end_or_with_a_bad_direction_changes_nothing(
    app, client, officer, survey_id
):
    before = order(app, survey_id)
    channel = question(app, survey_id, "channel")["id"]
    refused = move(client, survey_id, "questions", channel, "up")
    assert refused.status_code == 302
    page = client.get(build_url(survey_id)).get_data(as_text=True)
    assert "It is already the first or the last: it cannot move further." in page
    move(client, survey_id, "questions", channel, "sideways")
    page = client.get(build_url(survey_id)).get_data(as_text=True)
    assert "The order could not be changed." in page
    assert order(app, survey_id) == before
    assert move(client, survey_id, "questions", 999999, "down").status_code == 404


def test_officer_moves_sections_and_the_survey_order_follows(app, client, officer, survey_id):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        first, second = (s.id for s in survey.sections)
        from consult.surveys.services import add_section

        third = add_section(survey, {"sq": "Tjetër", "en": "Other"}).id
        db.session.commit()
    # the meetings section depends on the first one: it cannot move above it
    refused = move(client, survey_id, "sections", second, "up")
    assert refused.status_code == 302
    page = client.get(build_url(survey_id)).get_data(as_text=True)
    assert "Question meeting_useful is asked only after" in page
    before = order(app, survey_id)
    assert before[2] == []
    assert move(client, survey_id, "sections", third, "up").status_code == 302
    assert move(client, survey_id, "sections", third, "up").status_code == 302
    assert order(app, survey_id) == [[], before[0], before[1]]
    assert global_order(app, survey_id) == before[0] + before[1]
    with app.app_context():
        assert [s.id for s in db.session.get(Survey, survey_id).sections] == [third, first, second]


def test_moves_are_refused_once_people_answered(app, client, officer, survey_id):
    answer_once(app, survey_id)
    before = order(app, survey_id)
    informed = question(app, survey_id, "informed")["id"]
    move(client, survey_id, "questions", informed, "up")
    with app.app_context():
        second = db.session.get(Survey, survey_id).sections[1].id
    move(client, survey_id, "sections", second, "up")
    assert order(app, survey_id) == before
    page = client.get(build_url(survey_id)).get_data(as_text=True)
    assert "The questions cannot change once people have answered." in page


def test_officer_renames_a_section_in_every_language(app, client, officer, survey_id):
    with app.app_context():
        section = db.session.get(Survey, survey_id).sections[0]
        section.title = {**section.title, "sr": "Информисање"}
        db.session.commit()
        section_id = section.id
    url = f"/manage/surveys/{survey_id}/sections/{section_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Information"' in page
    assert submit(client, url, {"title_sq": ""}).status_code == 400
    answer_once(app, survey_id)  # wording may change after answers
    assert submit(client, url, texts("title", "Informimi")).status_code == 302
    with app.app_context():
        title = db.session.get(Survey, survey_id).sections[0].title
    assert title == {
        "sq": "Informimi",
        "sr_Latn": "Informimi",
        "bs": "Informimi",
        "en": "Informimi",
        "sr": "Информисање",
    }


def test_only_editors_edit(app, client, login, survey_id):
    url = edit_url(app, survey_id, "channel")
    assert client.get(url).status_code in (302, 401, 403)
    login("chair")
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_builder_pages_render_in_every_locale(app, client, login, survey_id, locale):
    login("officer")
    for url in builder_urls(app, survey_id):
        page = client.get(f"{url}?lang={locale}")
        assert page.status_code == 200, (url, locale)
        assert 'name="csrf_token"' in page.get_data(as_text=True)
