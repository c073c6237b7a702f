"""An officer builds a questionnaire: sections, questions of every type, conditions."""

from sqlalchemy import select

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.models import Survey
from consult.surveys.services import create_survey, save_response
from tests.conftest import submit


def empty_survey(app, make_consultation) -> int:
    consultation_id = make_consultation(kind="survey", status="draft")
    with app.app_context():
        survey = create_survey(db.session.get(Consultation, consultation_id), "staff", 2025)
        db.session.commit()
        return survey.id


def texts(prefix: str, text: str) -> dict:
    return {
        f"{prefix}_sq": text,
        f"{prefix}_sr_Latn": text,
        f"{prefix}_bs": text,
        f"{prefix}_en": text,
    }


def add_section(client, survey_id, title):
    url = f"/manage/surveys/{survey_id}/build/section"
    return submit(client, url, texts("title", title), form_url=f"/manage/surveys/{survey_id}/build")


def add_question(client, survey_id, **fields):
    url = f"/manage/surveys/{survey_id}/build/question"
    data = {"type": "likert", "condition_question": "", "condition_operator": "in", **fields}
    return submit(client, url, data, form_url=f"/manage/surveys/{survey_id}/build")


def sections(app, survey_id):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        return [s.id for s in survey.sections]


def test_officer_builds_sections_and_questions_with_options_and_a_condition(
    app, client, login, make_consultation
):
    survey_id = empty_survey(app, make_consultation)
    login("officer")
    assert add_section(client, survey_id, "Informimi").status_code == 302
    assert add_section(client, survey_id, "Takimet").status_code == 302
    first, second = sections(app, survey_id)
    response = add_question(
        client,
        survey_id,
        section_id=first,
        key="channel",
        type="single_choice",
        required="y",
        options="email = E-mail | E-mail | E-mail | E-mail\nteams = Teams",
        **texts("text", "Kanali kryesor"),
    )
    assert response.status_code == 302
    response = add_question(
        client,
        survey_id,
        section_id=second,
        key="teams_helps",
        condition_question="channel",
        condition_values="teams",
        **texts("text", "Teams ndihmon"),
    )
    assert response.status_code == 302
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        channel, teams = survey.questions
        assert [o.value for o in channel.options] == ["email", "teams"]
        assert channel.options[1].label == {"sq": "Teams"}
        assert teams.show_if == {"question": "channel", "operator": "in", "values": ["teams"]}
    page = client.get(f"/manage/surveys/{survey_id}/build?lang=en").get_data(as_text=True)
    assert "teams_helps" in page and "is one of" in page


def test_builder_refuses_bad_questions_with_messages(app, client, login, make_consultation):
    survey_id = empty_survey(app, make_consultation)
    login("officer")
    add_section(client, survey_id, "Informimi")
    (first,) = sections(app, survey_id)
    bad = [
        ({"key": "Bad Key"}, "Use lower-case letters, digits and underscores"),
        (
            {"key": "k", "type": "single_choice", "options": "only = One"},
            "Give at least two options.",
        ),
        ({"key": "k", "type": "ranking", "options": "no equals sign"}, "Write each line as"),
        ({"key": "k", "type": "likert_matrix"}, "Give at least one statement."),
        ({"key": "k", "type": "number", "min_value": "5", "max_value": "1"}, "must not be below"),
        ({"key": "k", "condition_question": "k"}, "Not a valid choice"),
    ]
    for fields, message in bad:
        response = add_question(
            client, survey_id, section_id=first, **texts("text", "Pyetja"), **fields
        )
        assert response.status_code == 400, fields
        assert message in response.get_data(as_text=True), fields
    add_question(client, survey_id, section_id=first, key="informed", **texts("text", "A"))
    same_section = add_question(
        client,
        survey_id,
        section_id=first,
        key="other",
        condition_question="informed",
        condition_operator="gte",
        condition_values="4",
        **texts("text", "B"),
    )
    assert "earlier section" in same_section.get_data(as_text=True)
    duplicate = add_question(
        client, survey_id, section_id=first, key="informed", **texts("text", "C")
    )
    assert "Another question of this survey has this key." in duplicate.get_data(as_text=True)
    with app.app_context():
        assert [q.key for q in db.session.get(Survey, survey_id).questions] == ["informed"]


def test_questions_are_frozen_once_people_have_answered(app, client, login, make_consultation):
    import datetime as dt

    survey_id = empty_survey(app, make_consultation)
    login("officer")
    add_section(client, survey_id, "Informimi")
    (first,) = sections(app, survey_id)
    add_question(client, survey_id, section_id=first, key="informed", **texts("text", "A"))
    with app.app_context():
        save_response(db.session.get(Survey, survey_id), {"informed": 4}, dt.date.today())
        db.session.commit()
        question_id = db.session.scalars(select(Survey)).one().questions[0].id
    url = f"/manage/surveys/{survey_id}/questions/{question_id}/delete"
    response = submit(client, url, {}, form_url=f"/manage/surveys/{survey_id}/build")
    assert response.status_code == 302
    with app.app_context():
        assert len(db.session.get(Survey, survey_id).questions) == 1


def test_officer_removes_a_question_before_anyone_answered(app, client, login, make_consultation):
    survey_id = empty_survey(app, make_consultation)
    login("officer")
    add_section(client, survey_id, "Informimi")
    (first,) = sections(app, survey_id)
    add_question(client, survey_id, section_id=first, key="informed", **texts("text", "A"))
    with app.app_context():
        question_id = db.session.get(Survey, survey_id).questions[0].id
    url = f"/manage/surveys/{survey_id}/questions/{question_id}/delete"
    assert submit(client, url, {}, form_url=f"/manage/surveys/{survey_id}/build").status_code == 302
    with app.app_context():
        assert db.session.get(Survey, survey_id).questions == []


def test_a_question_added_at_the_same_moment_by_someone_else_is_explained(
    app, client, login, make_consultation, monkeypatch
):
    """Two officers add a question to the same place: the second is told what happened, not
    that its key is taken, and nothing of it is saved."""
    from consult.surveys import views
    from consult.surveys.models import Question

    survey_id = empty_survey(app, make_consultation)
    login("officer")
    add_section(client, survey_id, "Informimi")
    first = sections(app, survey_id)[0]
    real_add = views.add_question

    def after_someone_else(section, key, *args, **kwargs):
        survey = section.survey
        taken = max((q.position for q in survey.questions), default=0) + 1
        db.session.execute(  # the other officer's question, unseen by this request's survey
            Question.__table__.insert().values(
                survey_id=survey.id,
                section_id=section.id,
                position=taken,
                key="theirs",
                type="likert",
                text={"sq": "Pyetja e tyre"},
                hint={},
                required=False,
            )
        )
        return real_add(section, key, *args, **kwargs)

    monkeypatch.setattr(views, "add_question", after_someone_else)
    response = add_question(
        client, survey_id, section_id=first, key="mine", **texts("text", "Pyetja ime")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Someone else changed this questionnaire at the same moment." in page
    assert "Another question of this survey has this key." not in page
    with app.app_context():
        assert [q.key for q in db.session.get(Survey, survey_id).questions] == []
