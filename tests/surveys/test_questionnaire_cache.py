"""The questionnaire each worker keeps for a survey's pages (consult/surveys/questionnaire_cache.py,
issue #23): never stale after an officer's change made in another worker, whatever was changed
(a question, an option, a statement, a section, a condition, a question added or removed);
never shared between languages; nothing of a respondent in it; and the submission stores what
the kept copy asks. Also the claim on a code, renewed on every page in one statement.

"Another worker" is a second app on the same database (tests/conftest.py `other_worker`)."""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, text, update

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys import questionnaire_cache, views
from consult.surveys.models import Option, Question, Response, Section, Statement, Survey
from consult.surveys.questionnaire_cache import (
    KeptConsultation,
    KeptOption,
    KeptQuestion,
    KeptSection,
    KeptStatement,
    Questionnaire,
    worker_cache,
)
from consult.surveys.revisions import renew_every_survey
from consult.surveys.services import add_question, delete_question, move_question
from tests.conftest import CSRF_INPUT, submit
from tests.surveys.conftest import VALID_FIRST, english_client, issue, post_section, t


@pytest.fixture(autouse=True)
def _no_copies(app):
    """Each test starts with this worker holding no copy (the app lives for the whole run)."""
    worker_cache(app).clear()


def _kept(app, survey_id: int) -> Questionnaire | None:
    return worker_cache(app).entries().get((1, survey_id))


def _in_worker(worker, change, survey_id: int) -> None:
    """Run an officer's `change(survey)` in `worker` and commit it there."""
    with worker.test_request_context("/?lang=en"):
        change(db.session.get(Survey, survey_id))
        db.session.commit()
        db.session.remove()


def _opened(app, survey_id: int):
    """A browser that entered a fresh code of the survey: it sees the questionnaire."""
    client = english_client(app)
    code = issue(app, survey_id)[0]
    assert submit(client, f"/surveys/{survey_id}/code", {"code": code}).status_code == 302
    return client


def _page(client, survey_id: int) -> str:
    response = client.get(f"/surveys/{survey_id}/take")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _question(survey: Survey, key: str) -> Question:
    return next(q for q in survey.questions if q.key == key)


def _reword_question(survey: Survey) -> None:
    _question(survey, "channel").text = t("Where do you hear news first")


def _relabel_option(survey: Survey) -> None:
    _question(survey, "channel").options[1].label = t("Microsoft Teams chat")


def _reword_statement(survey: Survey) -> None:
    _question(survey, "climate").statements[0].text = t("Between the directorates")


def _retitle_section(survey: Survey) -> None:
    survey.sections[0].title = t("Internal information")


def _add_question(survey: Survey) -> None:
    add_question(survey.sections[0], "newsletter", "short_text", t("Newsletter you read"))


def _remove_question(survey: Survey) -> None:
    delete_question(_question(survey, "ideas"))


def _move_question(survey: Survey) -> None:
    move_question(_question(survey, "recommend"), -1)  # above "Meetings a month"


def _bulk_relabel(survey: Survey) -> None:
    """An ORM bulk UPDATE (no unit of work): renews every survey of the municipality."""
    db.session.execute(
        update(Option)
        .where(Option.question_id == _question(survey, "tools").id, Option.value == "phone")
        .values(label=t("Telephone calls"))
        .execution_options(synchronize_session=False)
    )


def _order_of(page: str, *texts: str) -> list[int]:
    return [page.index(text) for text in texts]


@pytest.mark.parametrize(
    ("change", "shown", "gone"),
    [
        (_reword_question, "Where do you hear news first", "Main channel"),
        (_relabel_option, "Microsoft Teams chat", None),
        (_reword_statement, "Between the directorates", "Across directorates"),
        (_retitle_section, "Internal information", None),
        (_add_question, "Newsletter you read", None),
        (_remove_question, None, "Ideas"),
        (_bulk_relabel, "Telephone calls", None),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_an_officer_s_change_in_another_worker_is_seen_by_the_next_page(
    app, survey_id, other_worker, change, shown, gone
):
    client = _opened(app, survey_id)
    before = _page(client, survey_id)
    assert _kept(app, survey_id) is not None, "this worker keeps a copy"
    assert shown is None or shown not in before
    assert gone is None or gone in before
    _in_worker(other_worker, change, survey_id)
    after = _page(client, survey_id)
    assert shown is None or shown in after
    assert gone is None or gone not in after


def test_a_question_moved_in_another_worker_moves_on_the_page(app, survey_id, other_worker):
    client = _opened(app, survey_id)
    before = _page(client, survey_id)
    assert _order_of(before, "Meetings a month", "Recommend") == sorted(
        _order_of(before, "Meetings a month", "Recommend")
    )
    _in_worker(other_worker, _move_question, survey_id)
    after = _page(client, survey_id)
    first, second = _order_of(after, "Meetings a month", "Recommend")
    assert second < first


def test_a_condition_changed_in_another_worker_decides_the_next_page(app, survey_id, other_worker):
    """The second section is shown to meeting-goers only; once the officer drops the
    condition, an e-mail reader is shown it too, by the copy the submission reads."""
    client = _opened(app, survey_id)
    first = _page(client, survey_id)

    def no_condition(survey: Survey) -> None:
        _question(survey, "meeting_useful").show_if = None

    _in_worker(other_worker, no_condition, survey_id)
    response = post_section(client, app, survey_id, first, VALID_FIRST)
    assert response.status_code == 200
    assert "Meetings are useful" in response.get_data(as_text=True)


def test_the_submission_stores_what_the_kept_copy_asks(app, survey_id):
    client = _opened(app, survey_id)
    first = _page(client, survey_id)
    assert _kept(app, survey_id) is not None
    sent = post_section(client, app, survey_id, first, VALID_FIRST)
    assert sent.status_code == 302, sent.get_data(as_text=True)[-600:]
    with app.app_context():
        (response,) = db.session.scalars(select(Response)).all()
        stored = {(a.question_id, a.item, a.choice, a.number) for a in response.answers}
        survey = db.session.get(Survey, survey_id)
        channel, informed = _question(survey, "channel"), _question(survey, "informed")
    assert (channel.id, "", "email", None) in stored
    assert (informed.id, "", None, 4.0) in stored
    # channel, one tool, informed, two statements, meetings, recommend
    assert len(stored) == 7


def test_each_language_has_its_own_form_and_the_copy_is_shared(app, survey_id):
    with app.app_context():
        question = _question(db.session.get(Survey, survey_id), "channel")
        question.text = {**question.text, "sq": "Kanali kryesor", "en": "Main channel"}
        db.session.commit()
    english = _opened(app, survey_id)
    albanian = _opened(app, survey_id)
    with albanian.session_transaction() as session:
        session["lang"] = "sq"
    assert "Main channel" in _page(english, survey_id)
    assert "Kanali kryesor" in _page(albanian, survey_id)
    assert "Main channel" in _page(english, survey_id)
    kept = _kept(app, survey_id)
    assert {locale for locale, _questions in kept.forms} == {"en", "sq"}


def test_a_raw_write_is_seen_once_renewed_or_expired(app, survey_id, monkeypatch):
    """SQL that is not the ORM's is not seen by the hooks: whoever writes so renews the
    revisions (`renew_every_survey`), and SURVEY_CACHE_SECONDS bounds a copy's life anyway."""
    now = [1000.0]
    monkeypatch.setattr(questionnaire_cache, "_clock", lambda: now[0])
    client = _opened(app, survey_id)
    _page(client, survey_id)  # kept at 1000

    def raw_reword(words: str) -> None:
        with app.app_context():
            db.session.execute(
                text("UPDATE survey_sections SET title = :title WHERE survey_id = :id"),
                {"title": f'{{"en": "{words}", "sq": "{words}"}}', "id": survey_id},
            )
            db.session.commit()

    raw_reword("Written behind the hooks")
    assert "Written behind the hooks" not in _page(client, survey_id)
    now[0] += app.config["SURVEY_CACHE_SECONDS"] - 1
    assert "Written behind the hooks" not in _page(client, survey_id)
    now[0] += 1
    assert "Written behind the hooks" in _page(client, survey_id)
    raw_reword("Renewed by its writer")
    with app.test_request_context():
        renew_every_survey()
        db.session.commit()
    assert "Renewed by its writer" in _page(client, survey_id)


def test_a_survey_the_app_did_not_write_is_read_afresh(app, survey_id):
    with app.app_context():
        db.session.execute(
            text("UPDATE surveys SET revision = '0' WHERE id = :id"), {"id": survey_id}
        )
        db.session.commit()
    client = _opened(app, survey_id)
    assert "Main channel" in _page(client, survey_id)
    assert _kept(app, survey_id) is None


def test_no_copy_is_kept_with_the_cache_off(app, survey_id, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_CACHE_SECONDS", 0)
    client = _opened(app, survey_id)
    assert "Main channel" in _page(client, survey_id)
    assert _kept(app, survey_id) is None


def test_the_copy_holds_the_questionnaire_and_nothing_of_a_respondent(app, survey_id):
    client = _opened(app, survey_id)
    page = _page(client, survey_id)
    post_section(client, app, survey_id, page, {**VALID_FIRST, "channel": "meetings"})
    kept = _kept(app, survey_id)
    fields = {
        kind.__name__: {f.name for f in dataclasses.fields(kind)}
        for kind in (
            Questionnaire,
            KeptConsultation,
            KeptSection,
            KeptQuestion,
            KeptOption,
            KeptStatement,
        )
    }
    assert fields == {
        "Questionnaire": {
            "id", "consultation_id", "audience", "one_response_per_browser", "consultation",
            "sections", "questions", "forms", "pages",
        },
        "KeptConsultation": {
            "id", "kind", "status", "title", "summary", "opens_at", "closes_at",
        },
        "KeptSection": {"id", "survey_id", "position", "title", "questions"},
        "KeptQuestion": {
            "id", "survey_id", "section_id", "position", "key", "type", "text", "hint",
            "required", "min_value", "max_value", "show_if", "options", "statements",
        },
        "KeptOption": {"id", "value", "label", "position"},
        "KeptStatement": {"id", "key", "text", "position"},
    }  # fmt: skip
    assert [s.position for s in kept.sections] == [1, 2]
    with pytest.raises(dataclasses.FrozenInstanceError):
        kept.sections[0].questions[0].key = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kept.questions[-1].show_if["operator"] = "answered"  # type: ignore[index]
    for locale, _questions in kept.forms:  # the page forms' classes, no form with data
        assert isinstance(locale, str)
        assert all(isinstance(form, type) for form, _names in kept.forms.values())


def test_a_warm_questionnaire_page_sends_three_statements(app, survey_id, sql_log):
    """The municipality, the survey (with its revision and consultation), and the claim on the
    code renewed in one statement."""
    client = _opened(app, survey_id)
    _page(client, survey_id)
    sql_log.clear()
    _page(client, survey_id)
    assert len(sql_log) == 3, sql_log
    assert sql_log[-1].startswith("UPDATE survey_code_claims SET expires_at")


def test_a_claim_is_not_renewed_on_a_code_used_behind_its_back(app, survey_id):
    """The renewal asks that the code be unused in the same statement: a code marked used
    (here by hand) refuses the page even though this browser's claim still stands."""
    client = _opened(app, survey_id)
    _page(client, survey_id)
    with app.app_context():
        from consult.surveys.models import StaffToken

        db.session.execute(update(StaffToken).values(used=True))
        db.session.commit()
    response = client.get(f"/surveys/{survey_id}/take")
    assert response.status_code == 409


def test_sections_and_statements_are_watched(app):
    """Every model the copy is read from renews the survey's revision."""
    from consult.surveys.revisions import QUESTIONNAIRE

    assert set(QUESTIONNAIRE.models) == {Survey, Consultation, Section, Question, Option, Statement}


# --- the pages every respondent sees alike, kept with the copy ------------------------------


def _pages(app, survey_id: int) -> dict:
    kept = _kept(app, survey_id)
    return {} if kept is None else kept.pages


def test_each_respondent_gets_the_kept_first_page_with_a_token_of_their_own(app, survey_id):
    one, other = _opened(app, survey_id), _opened(app, survey_id)
    first, second = _page(one, survey_id), _page(other, survey_id)
    kinds = sorted(key[0] for key in _pages(app, survey_id))
    assert kinds == ["code", "take"], "the code form and the first page, each kept once"
    tokens = [CSRF_INPUT.search(page).group(1) for page in (first, second)]
    assert tokens[0] != tokens[1]
    assert first.replace(tokens[0], "T") == second.replace(tokens[1], "T")
    assert not [t for t in tokens if any(t in page for page in _pages(app, survey_id).values())]
    # each answers with their own token
    assert post_section(one, app, survey_id, first, VALID_FIRST).status_code == 302
    crossed = {**VALID_FIRST}
    data_page = second.replace(tokens[1], tokens[0])  # another's token: refused
    assert post_section(other, app, survey_id, data_page, crossed).status_code == 400


def test_a_respondent_coming_back_sees_their_own_page(app, survey_id):
    client = _opened(app, survey_id)
    first = _page(client, survey_id)
    assert "You are continuing where you left off" not in first
    again = _page(client, survey_id)
    assert "You are continuing where you left off" in again
    second = post_section(client, app, survey_id, first, {**VALID_FIRST, "channel": "meetings"})
    assert "Meetings are useful" in second.get_data(as_text=True)


def test_a_new_respondent_sees_the_questionnaire_and_title_as_they_are_now(
    app, survey_id, other_worker
):
    _page(_opened(app, survey_id), survey_id)
    _in_worker(other_worker, _reword_question, survey_id)
    assert "Where do you hear news first" in _page(_opened(app, survey_id), survey_id)

    def retitle(survey: Survey) -> None:
        survey.consultation.title = t("Staff survey of this year")

    _in_worker(other_worker, retitle, survey_id)
    client = english_client(app)
    assert "Staff survey of this year" in client.get(f"/surveys/{survey_id}/code").get_data(
        as_text=True
    )
    assert "Staff survey of this year" in _page(_opened(app, survey_id), survey_id)


def test_the_thanks_page_is_kept_without_a_token(app, survey_id):
    for _ in range(2):
        client = _opened(app, survey_id)
        sent = post_section(client, app, survey_id, _page(client, survey_id), VALID_FIRST)
        thanks = client.get(sent.headers["Location"])
        assert "Your answers are saved" in thanks.get_data(as_text=True)
    (page,) = [page for key, page in _pages(app, survey_id).items() if key[0] == "thanks"]
    assert "csrf_token" not in page


def test_a_refused_code_is_rendered_with_its_error(app, survey_id):
    client = english_client(app)
    client.get(f"/surveys/{survey_id}/code")
    refused = submit(client, f"/surveys/{survey_id}/code", {"code": "AAAA-BBBB-CCCC"})
    assert "This access code is not valid" in refused.get_data(as_text=True)
    fresh = english_client(app).get(f"/surveys/{survey_id}/code").get_data(as_text=True)
    assert "This access code is not valid" not in fresh


def test_a_survey_closed_in_another_worker_takes_no_more_answers_here(app, survey_id, other_worker):
    client = _opened(app, survey_id)
    first = _page(client, survey_id)
    assert _kept(app, survey_id) is not None

    def close(survey: Survey) -> None:
        survey.consultation.status = "closed"

    _in_worker(other_worker, close, survey_id)
    assert post_section(client, app, survey_id, first, VALID_FIRST).status_code == 410
    with app.app_context():
        assert db.session.scalars(select(Response)).all() == []


def test_a_survey_closes_on_time_with_a_warm_copy(app, survey_id, monkeypatch):
    """Whether answers are taken is worked out from the dates at each request, never kept."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        closes = survey.consultation.closes_at
    client = _opened(app, survey_id)
    first = _page(client, survey_id)
    kept = _kept(app, survey_id)
    monkeypatch.setattr(views, "_today", lambda: closes + dt.timedelta(days=1))
    assert post_section(client, app, survey_id, first, VALID_FIRST).status_code == 410
    assert _kept(app, survey_id) is kept
