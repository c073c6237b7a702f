"""The reminder list never outlives its survey (issue #21, part 4): it is deleted at the
officer's "closed" step and, for a survey whose closing day passed without one, before the mail
worker's next round; a reminder queued and not yet sent then never goes out, and the outbox
keeps no copy of the list."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from consult.core.mail import SENT
from consult.core.mail_outbox import OutboxMessage, queue_mail, send_everything
from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.models import ReminderAddress, ReminderMessage, Survey, SurveyReminder
from tests.conftest import submit
from tests.surveys.test_reminders_list import UPLOAD, list_rows, mail_invitations, queue
from tests.surveys.test_reminders_send import confirm

REASON = "The staff survey ends early: every directorate has answered."


@pytest.fixture
def reminded(app, client, login, make_directorate, survey_id):
    """Twelve invited by e-mail, codes mailed, a reminder queued and not yet sent."""
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    queue(client, survey_id, directorate, UPLOAD)
    mail_invitations(app)
    assert confirm(client, survey_id).status_code == 302
    return survey_id


def consultation_id_of(app, survey_id: int) -> int:
    with app.app_context():
        return db.session.get(Survey, survey_id).consultation_id


def close_by_officer(client, consultation_id: int, to_status: str = "closed"):
    location = f"/manage/consultations/{consultation_id}"
    response = submit(
        client,
        f"{location}/advance",
        {"to_status": to_status, "override_reason": REASON},
        form_url=location,
    )
    assert response.status_code == 302


def counts(app, survey_id: int) -> dict[str, int]:
    with app.app_context():
        carried = select(ReminderMessage.outbox_message_id)
        return {
            "list": db.session.scalar(
                select(func.count()).where(ReminderAddress.survey_id == survey_id)
            ),
            "carried": db.session.scalar(select(func.count()).select_from(ReminderMessage)),
            "outbox": db.session.scalar(select(func.count()).where(OutboxMessage.id.in_(carried))),
            "addressed": db.session.scalar(
                select(func.count()).where(
                    OutboxMessage.to.in_(UPLOAD), OutboxMessage.sent_at.is_(None)
                )
            ),
            "reminders": db.session.scalar(select(func.count()).select_from(SurveyReminder)),
        }


def reminder_mails() -> list:
    return [mail for mail in SENT if mail.subject.startswith("Reminder")]


def test_the_officer_s_close_deletes_the_list_and_stops_the_queued_reminder(app, client, reminded):
    assert counts(app, reminded)["list"] == len(UPLOAD)
    close_by_officer(client, consultation_id_of(app, reminded))
    with app.app_context():
        assert db.session.get(Survey, reminded).consultation.status == "closed"
    after = counts(app, reminded)
    assert after["list"] == 0
    assert after["addressed"] == 0  # the waiting messages lost their address at once
    assert after["reminders"] == 1  # the count of reminders sent stays
    SENT.clear()
    with app.app_context():
        send_everything()
    assert reminder_mails() == []
    assert not [mail for mail in SENT if mail.to in UPLOAD]
    after_round = counts(app, reminded)
    assert after_round["outbox"] == 0 and after_round["carried"] == 0
    SENT.clear()


def test_reminders_sent_before_the_close_leave_no_copy_of_the_list(app, client, reminded):
    SENT.clear()
    with app.app_context():
        send_everything()
    assert sorted(mail.to for mail in reminder_mails()) == sorted(UPLOAD)
    SENT.clear()
    close_by_officer(client, consultation_id_of(app, reminded))
    after = counts(app, reminded)
    assert after["list"] == 0 and after["outbox"] == 0 and after["carried"] == 0
    with app.app_context():
        addresses = db.session.scalars(select(OutboxMessage.to)).all()
    assert not set(addresses) & set(UPLOAD)


def test_the_closing_day_passing_deletes_the_list_before_the_next_round(app, client, reminded):
    """No officer closes it: the dates do. The mail worker's round deletes the list and the
    queued reminders before it sends the outbox; other mail about the survey still goes."""
    consultation_id = consultation_id_of(app, reminded)
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        consultation.closes_at = dt.date.today() - dt.timedelta(days=1)
        queue_mail("someone@istog.example", "Other news", "Not a reminder", consultation_id)
        db.session.commit()
        assert consultation.status == "open"
    SENT.clear()
    with app.app_context():
        send_everything()
    assert reminder_mails() == []
    assert [mail.to for mail in SENT if mail.subject == "Other news"] == ["someone@istog.example"]
    after = counts(app, reminded)
    assert after["list"] == 0 and after["outbox"] == 0 and after["carried"] == 0
    SENT.clear()


def test_an_open_survey_keeps_its_list_through_the_rounds(app, client, reminded):
    SENT.clear()
    with app.app_context():
        send_everything()
        send_everything()
    assert len(reminder_mails()) == len(UPLOAD)  # each sent once
    assert counts(app, reminded)["list"] == len(UPLOAD)
    SENT.clear()


def test_the_list_of_a_survey_closed_while_the_worker_was_down_goes_at_its_first_round(
    app, client, login, make_directorate, survey_id
):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    queue(client, survey_id, directorate, UPLOAD[:6])
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        survey.consultation.closes_at = dt.date.today() - dt.timedelta(days=3)
        db.session.commit()
    with app.app_context():
        send_everything()
    assert list_rows(app, survey_id) == []
    SENT.clear()


def test_the_report_step_of_a_closed_survey_leaves_nothing_either(app, client, reminded):
    """A list that somehow survived the close (restored from a backup, say) goes at the
    report."""
    consultation_id = consultation_id_of(app, reminded)
    close_by_officer(client, consultation_id)
    with app.app_context():
        db.session.add(ReminderAddress(survey_id=reminded, address="back@istog.example"))
        db.session.commit()
    close_by_officer(client, consultation_id, "reported")
    with app.app_context():
        assert db.session.get(Consultation, consultation_id).status == "reported"
    assert list_rows(app, reminded) == []


def test_another_survey_s_list_is_left_alone(
    app, client, login, make_consultation, make_directorate, survey_id
):
    from tests.surveys.conftest import build_survey

    other_consultation = make_consultation(kind="survey")
    with app.app_context():
        other = build_survey(db.session.get(Consultation, other_consultation)).id
        db.session.commit()
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    queue(client, survey_id, directorate, UPLOAD[:6])
    queue(client, other, directorate, UPLOAD[6:])
    close_by_officer(client, consultation_id_of(app, survey_id))
    with app.app_context():
        send_everything()
    assert list_rows(app, survey_id) == []
    assert [address for address, _lang in list_rows(app, other)] == sorted(UPLOAD[6:])
    SENT.clear()
