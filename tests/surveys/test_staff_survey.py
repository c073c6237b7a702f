"""A staff member answers the survey once with the access code from a slip."""

import datetime as dt
import threading

from sqlalchemy import func, select, update

from consult.core.mail import SENT
from consult.core.mail_outbox import send_everything
from consult.extensions import db
from consult.surveys.models import (
    CodeClaim,
    Response,
    StaffToken,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
)
from consult.surveys.services import (
    TokenRefused,
    add_question,
    add_section,
    code_hash,
    redeem_and_save,
)
from tests.conftest import submit
from tests.surveys.conftest import (
    CSRF_INPUT,
    VALID_FIRST,
    english_client,
    form_data,
    issue,
    post_section,
    state_of,
    t,
)


def open_with_code(client, survey_id, code):
    return submit(client, f"/surveys/{survey_id}/code", {"code": code})


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def answer_survey(client, app, survey_id, code, first=VALID_FIRST):
    response = open_with_code(client, survey_id, code)
    assert response.status_code == 302
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    return post_section(client, app, survey_id, page, first)


def test_staff_member_answers_once_with_the_code_from_the_slip(app, client, survey_id):
    code = issue(app, survey_id)[0]
    response = answer_survey(client, app, survey_id, code.lower().replace("-", " "))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/surveys/{survey_id}/thanks")
    assert count(app, Response) == 1
    with app.app_context():
        stored = db.session.scalars(select(Response)).one()
        assert stored.day == dt.date.today()
        assert stored.directorate_id is not None
        assert len(stored.id) == 36
        token = db.session.get(StaffToken, code_hash(code))
        assert token.used is True
    page = open_with_code(client, survey_id, code).get_data(as_text=True)
    assert "This access code is not valid or has been used already." in page


def test_each_page_reads_only_the_survey_s_revision_once_its_copy_is_kept(
    app, client, survey_id, sql_log
):
    """The survey, its consultation and questionnaire are kept by the worker
    (consult/surveys/questionnaire_cache.py): each page reads the survey's revision, one small
    statement, and nothing reads the survey, its consultation or its questions again."""
    code = issue(app, survey_id)[0]
    answers = form_data(app, survey_id, VALID_FIRST)
    client.get(f"/surveys/{survey_id}/code")  # the copy is made
    sql_log.clear()
    assert open_with_code(client, survey_id, code).status_code == 302
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    answers.update(state=state_of(page), csrf_token=CSRF_INPUT.search(page).group(1))
    assert client.post(f"/surveys/{survey_id}/take", data=answers).status_code == 302
    assert client.get(f"/surveys/{survey_id}/thanks").status_code == 200
    revisions = [s for s in sql_log if s.startswith("SELECT surveys.revision FROM surveys")]
    assert len(revisions) == 5  # code page and POST, questionnaire and POST, thank-you page
    read_again = ("SELECT consultations.", "SELECT surveys.id, surveys.consultation_id")
    assert not [s for s in sql_log if s.startswith(read_again)]
    assert not [s for s in sql_log if "FROM survey_questions" in s]


def test_a_code_used_in_another_browser_meanwhile_is_refused_at_the_final_submit(
    app, client, survey_id
):
    code = issue(app, survey_id)[0]
    open_with_code(client, survey_id, code)
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    other = english_client(app)
    # while this browser's claim lives, the other is refused at the code (tests/surveys/
    # test_claim_*.py); once it has lapsed, the other takes the code over and uses it
    assert open_with_code(other, survey_id, code).status_code == 409
    with app.app_context():
        db.session.execute(update(CodeClaim).values(expires_at=dt.datetime(2000, 1, 1)))
        db.session.commit()
    assert answer_survey(other, app, survey_id, code).status_code == 302
    response = post_section(client, app, survey_id, page, VALID_FIRST)
    assert response.status_code == 409
    assert "this access code has already been used" in response.get_data(as_text=True)
    assert count(app, Response) == 1


def test_unknown_code_is_refused(app, client, survey_id):
    issue(app, survey_id)
    page = open_with_code(client, survey_id, "AAAA-BBBB-CCCC").get_data(as_text=True)
    assert "This access code is not valid or has been used already." in page
    assert client.get(f"/surveys/{survey_id}/take").status_code == 302


def test_the_questionnaire_needs_a_code(client, survey_id):
    response = client.get(f"/surveys/{survey_id}/take")
    assert response.headers["Location"].endswith(f"/surveys/{survey_id}/code")


def test_errors_keep_the_respondent_on_the_section(app, client, survey_id):
    code = issue(app, survey_id)[0]
    open_with_code(client, survey_id, code)
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    bad = {**VALID_FIRST, "channel": "", "recommend": "12"}
    response = post_section(client, app, survey_id, page, bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Please answer this question." in html
    assert "Choose a number from 0 to 10." in html
    assert count(app, Response) == 0


def test_a_section_whose_condition_holds_is_asked_then_answers_are_stored_together(
    app, client, survey_id
):
    code = issue(app, survey_id)[0]
    response = answer_survey(client, app, survey_id, code, {**VALID_FIRST, "channel": "meetings"})
    page = response.get_data(as_text=True)
    assert "Meetings are useful" in page
    assert "Section 2 of 2" in page
    assert count(app, Response) == 0
    done = post_section(client, app, survey_id, page, {"meeting_useful": "5"})
    assert done.status_code == 302
    with app.app_context():
        rows = db.session.execute(select(SurveyAnswer.item, SurveyAnswer.number)).all()
    assert ("across", 3.0) in rows and ("", 5.0) in rows


def test_going_back_keeps_the_answers_and_a_changed_condition_drops_hidden_answers(
    app, client, survey_id
):
    code = issue(app, survey_id)[0]
    page = answer_survey(
        client, app, survey_id, code, {**VALID_FIRST, "channel": "meetings"}
    ).get_data(as_text=True)
    back = post_section(client, app, survey_id, page, {}, previous="1").get_data(as_text=True)
    assert "Section 1 of 2" in back
    assert 'value="meetings" checked' in back or "checked" in back
    done = post_section(client, app, survey_id, back, VALID_FIRST)
    assert done.status_code == 302
    assert count(app, SurveyAnswer) >= 1


def test_a_tampered_state_starts_again(app, client, survey_id):
    code = issue(app, survey_id)[0]
    open_with_code(client, survey_id, code)
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    page = page.replace('name="state" type="hidden" value="', 'name="state" type="hidden" value="x')
    response = post_section(client, app, survey_id, page, VALID_FIRST)
    assert response.status_code == 302
    assert count(app, Response) == 0


def test_closed_survey_takes_no_answers(app, client, make_consultation):
    from consult.core.models import Consultation
    from tests.surveys.conftest import build_survey

    consultation_id = make_consultation(kind="survey", status="closed")
    with app.app_context():
        survey = build_survey(db.session.get(Consultation, consultation_id))
        db.session.commit()
        survey_id = survey.id
    assert client.get(f"/surveys/{survey_id}/code").status_code == 410


def test_two_simultaneous_uses_of_one_code_store_one_response(app, survey_id):
    code = issue(app, survey_id)[0]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def use_code() -> None:
        with app.app_context():
            survey = db.session.get(Survey, survey_id)
            barrier.wait()
            try:
                redeem_and_save(survey, code_hash(code), {"channel": "email"}, dt.date.today())
                db.session.commit()
                outcomes.append("stored")
            except TokenRefused:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=use_code) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert count(app, Response) == 1


def test_officer_prints_slips_with_codes_that_are_stored_only_as_hashes(
    app, client, login, make_directorate, survey_id
):
    directorate_id = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    response = submit(
        client,
        f"/manage/surveys/{survey_id}/tokens",
        {"directorate_id": directorate_id, "count": 3},
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        tokens = db.session.scalars(select(StaffToken)).all()
    assert len(tokens) == 3
    assert {t.directorate_id for t in tokens} == {directorate_id}
    assert all(len(t.token_hash) == 64 and not t.used for t in tokens)


def test_officer_mails_codes_to_an_address_list_that_is_not_kept(
    app, client, login, make_directorate, survey_id
):
    import io

    directorate_id = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    SENT.clear()
    csv = b"name,email\nBesa,besa@istog.example\nArben,arben@istog.example\n" + b"".join(
        b"Staff %d,staff%d@istog.example\n" % (n, n) for n in range(3)
    )
    response = submit(
        client,
        f"/manage/surveys/{survey_id}/tokens",
        {"directorate_id": directorate_id, "count": 1, "addresses": (io.BytesIO(csv), "a.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert SENT == []  # nothing is mailed in the request; the five codes are registered
    assert count(app, StaffToken) == 5
    with app.app_context():
        assert send_everything() == (5, 0)
        left = db.session.scalars(select(SurveyInvitation.address)).all()
    assert left == [""] * 5  # the addresses are erased once the mails have left
    assert sorted(m.to for m in SENT)[:2] == ["arben@istog.example", "besa@istog.example"]
    assert count(app, StaffToken) == 5
    code = SENT[0].body.split("Your access code: ")[1].split()[0]
    with app.app_context():
        assert db.session.get(StaffToken, code_hash(code)) is not None
        dump = " ".join(str(row) for row in db.session.execute(select(StaffToken)).all())
    assert "istog.example" not in dump
    SENT.clear()


def test_only_officers_generate_codes(client, login, survey_id):
    login("cso")
    assert client.get(f"/manage/surveys/{survey_id}/tokens").status_code == 403


def test_addresses_that_cannot_exist_are_not_found(client, login):
    for url in ("/surveys/99999999999999999999/code", "/surveys/0/take"):
        assert client.get(url).status_code == 404
    login("officer")
    assert client.get("/manage/surveys/99999999999999999999/report").status_code == 404


def test_the_progress_leaves_out_a_later_section_the_answers_have_hidden(app, client, survey_id):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        third = add_section(survey, t("Teams"))
        add_question(
            third,
            "teams_useful",
            "likert",
            t("Teams is useful"),
            show_if={"question": "channel", "operator": "in", "values": ["teams"]},
        )
        db.session.commit()
    code = issue(app, survey_id)[0]
    open_with_code(client, survey_id, code)
    first = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    assert "Section 1 of 3" in first  # the later sections rest on answers still to come
    page = post_section(
        client, app, survey_id, first, {**VALID_FIRST, "channel": "meetings"}
    ).get_data(as_text=True)
    assert "Meetings are useful" in page
    assert "Section 2 of 2" in page  # the Teams section cannot show any more
    assert "Send my answers" in page and "Continue" not in page
