"""Sending a reminder of a staff survey (issue #21, part 4): after a confirmation step showing
how many will get it, one mail to everyone on the list (never only to those who have not
answered: nobody can know), each in the language of its invitation, through the outbox, with
the survey's link and no code; at most one in SURVEY_REMINDER_HOURS; refused for a survey that
is not open or has no list; audit-logged; CSRF-protected."""

import datetime as dt
import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from consult.core.mail import SENT
from consult.core.mail_outbox import OutboxMessage, send_everything
from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.surveys import reminders
from consult.surveys.models import ReminderMessage, Survey, SurveyReminder
from tests.conftest import submit
from tests.surveys.test_reminders_list import UPLOAD, answer, mail_invitations, queue

SUBJECT_START = {"en": "Reminder: staff survey", "sq": "Kujtesë: anketa", "sr": "Подсетник"}


def page(client, survey_id: int, lang: str = "en") -> tuple[int, str]:
    response = client.get(f"/manage/surveys/{survey_id}/reminder?lang={lang}")
    return response.status_code, response.get_data(as_text=True)


def confirm(client, survey_id: int, recipients: int | None = None):
    """Press "Send the reminder" on the confirmation page (the number it showed, unless
    `recipients` is given)."""
    url = f"/manage/surveys/{survey_id}/reminder?lang=en"
    shown = re.search(r'name="recipients" type="hidden" value="(\d+)"', client.get(url).text)
    data = {"recipients": recipients if recipients is not None else shown.group(1)}
    return submit(client, url, data)


def outbox_reminders(app) -> list[OutboxMessage]:
    with app.app_context():
        carried = select(ReminderMessage.outbox_message_id)
        return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(carried))))


def earlier(app, by: dt.timedelta) -> None:
    """Move every reminder sent so far back by `by`, as if that much time had passed."""
    with app.app_context():
        for reminder in db.session.scalars(select(SurveyReminder)):
            reminder.queued_at -= by
        db.session.commit()


@pytest.fixture
def invited(app, client, login, make_directorate, survey_id):
    """The twelve of UPLOAD invited by e-mail (codes mailed); returns {address: code}."""
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    queue(client, survey_id, directorate, UPLOAD)
    return mail_invitations(app)


def test_the_reminder_goes_to_everyone_even_those_who_answered(app, client, invited, survey_id):
    for address in UPLOAD[:4]:
        answer(app, survey_id, invited[address])
    status, html = page(client, survey_id)
    assert status == 200
    assert "Send the reminder to 12 people" in html
    assert "including the people who have already answered" in html
    response = confirm(client, survey_id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/surveys/{survey_id}/tokens")
    assert len(outbox_reminders(app)) == len(UPLOAD)
    SENT.clear()
    with app.app_context():
        send_everything()
    assert sorted(m.to for m in SENT) == sorted(UPLOAD)
    for mail in SENT:
        assert mail.subject.startswith(SUBJECT_START["en"])
        assert f"http://localhost/surveys/{survey_id}/code?lang=en" in mail.body
        assert "Public Information Office" in mail.body
        assert "#c=" not in mail.body
        assert not any(code in mail.body for code in invited.values())
        assert not re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", mail.body)
    SENT.clear()
    tokens = client.get(f"/manage/surveys/{survey_id}/tokens?lang=en").text
    assert "Reminders sent" in tokens
    assert re.search(r'tile-value">1<', tokens)


def test_each_address_gets_the_reminder_in_the_language_of_its_invitation(
    app, client, login, make_directorate, survey_id
):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    queue(client, survey_id, directorate, UPLOAD[:6], lang="sq")
    queue(client, survey_id, directorate, UPLOAD[6:], lang="sr")
    mail_invitations(app)
    assert confirm(client, survey_id).status_code == 302
    SENT.clear()
    with app.app_context():
        send_everything()
    by_address = {mail.to: mail for mail in SENT}
    assert sorted(by_address) == sorted(UPLOAD)
    assert not [mail for mail in SENT if ".." in mail.body]  # "25. decembar 2026.."
    with app.test_request_context():
        texts = {}
        for locale in ("sq", "sr"):
            with force_locale(locale):
                subject = gettext("Reminder: staff survey “%(title)s”", title="TITLE")
                texts[locale] = subject.split("TITLE")[0][:-1]  # up to the opening quote
    assert texts["sq"] != texts["sr"] and "Reminder" not in texts["sq"] + texts["sr"], texts
    for address in UPLOAD[:6]:
        assert by_address[address].subject.startswith(texts["sq"])
        assert f"/surveys/{survey_id}/code?lang=sq" in by_address[address].body
        assert "Public Information Office" not in by_address[address].body
    for address in UPLOAD[6:]:
        mail = by_address[address]
        assert mail.subject.startswith(texts["sr"])
        assert f"/surveys/{survey_id}/code?lang=sr" in mail.body
        prose = mail.body.replace(f"http://localhost/surveys/{survey_id}/code?lang=sr", "")
        # Cyrillic throughout (the title is the consultation's own, transliterated)
        assert not re.search(r"[A-Za-z]{3,}", prose), prose
    SENT.clear()


def test_a_second_reminder_within_the_hours_is_refused_then_allowed(
    app, client, invited, survey_id
):
    assert confirm(client, survey_id).status_code == 302
    status, html = page(client, survey_id)
    assert status == 200
    assert "A reminder was sent less than 24 hours ago" in html
    assert "Send the reminder to" not in html  # no button while refused
    refused = confirm(client, survey_id, recipients=len(UPLOAD))
    assert refused.status_code == 409
    assert "A reminder was sent less than 24 hours ago" in refused.text
    assert len(outbox_reminders(app)) == len(UPLOAD)
    earlier(app, dt.timedelta(hours=24, minutes=1))  # a day later
    assert confirm(client, survey_id).status_code == 302
    assert len(outbox_reminders(app)) == 2 * len(UPLOAD)
    with app.app_context():
        numbers = db.session.scalars(select(SurveyReminder.number)).all()
    assert sorted(numbers) == [1, 2]
    assert re.search(r'tile-value">2<', page(client, survey_id)[1])


def test_the_hours_between_reminders_are_configurable(app, client, invited, survey_id):
    app.config["SURVEY_REMINDER_HOURS"] = 2
    try:
        assert confirm(client, survey_id).status_code == 302
        assert "less than 2 hours ago" in page(client, survey_id)[1]
        earlier(app, dt.timedelta(hours=2, seconds=1))
        assert confirm(client, survey_id).status_code == 302
    finally:
        app.config["SURVEY_REMINDER_HOURS"] = 24


def test_two_officers_at_once_send_one_reminder(app, invited, survey_id, ctx):
    """The second of two simultaneous clicks counted the same reminders as the first: the
    UNIQUE number refuses it (simulated with a reminder stored under that number meanwhile)."""
    survey = db.session.get(Survey, survey_id)
    db.session.add(
        SurveyReminder(
            survey_id=survey_id,
            number=2,
            queued_at=dt.datetime(2000, 1, 1),
            recipients=1,
        )
    )
    db.session.flush()
    with pytest.raises(reminders.ReminderRefused, match="a moment ago"):
        reminders.send_reminder(survey, lambda locale: "http://localhost/x")
    db.session.rollback()


@pytest.mark.parametrize(
    "change",
    [
        {"status": "closed"},
        {"status": "reported"},
        {"closes_at": dt.date.today() - dt.timedelta(days=1)},  # closed by its date
        {"status": "announced", "opens_at": dt.date.today() + dt.timedelta(days=2)},
    ],
)
def test_refused_when_the_survey_is_not_open(app, client, invited, survey_id, change):
    with app.app_context():
        consultation = db.session.get(Survey, survey_id).consultation
        for name, value in change.items():
            setattr(consultation, name, value)
        db.session.commit()
    status, html = page(client, survey_id)
    assert status == 200
    assert "No reminder can be sent now" in html and "Send the reminder to" not in html
    response = confirm(client, survey_id, recipients=len(UPLOAD))
    assert response.status_code == 409
    assert outbox_reminders(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyReminder)) == 0


def test_refused_without_a_list(app, client, login, survey_id):
    login("officer")
    status, html = page(client, survey_id)
    assert status == 200
    assert "No address is on the reminder list" in html
    assert confirm(client, survey_id, recipients=0).status_code == 409
    assert outbox_reminders(app) == []


def test_a_list_that_grew_since_the_page_was_shown_needs_a_new_confirmation(
    app, client, invited, survey_id
):
    response = confirm(client, survey_id, recipients=len(UPLOAD) - 1)
    assert response.status_code == 409
    assert "The list has changed" in response.text
    assert f"Send the reminder to {len(UPLOAD)} people" in response.text
    assert outbox_reminders(app) == []


@pytest.mark.parametrize("recipients", ["", "<script>alert(1)</script>", "12; DROP TABLE x"])
def test_a_forged_confirmation_changes_nothing(app, client, invited, survey_id, recipients):
    response = confirm(client, survey_id, recipients=recipients)
    assert response.status_code in (400, 409)
    assert "<script>alert(1)</script>" not in response.text
    assert outbox_reminders(app) == []


def test_a_post_without_the_csrf_token_is_refused(app, client, invited, survey_id):
    response = client.post(
        f"/manage/surveys/{survey_id}/reminder?lang=en", data={"recipients": len(UPLOAD)}
    )
    assert response.status_code == 400
    assert outbox_reminders(app) == []


def test_the_reminder_is_audit_logged(app, client, invited, survey_id):
    confirm(client, survey_id)
    with app.app_context():
        entry = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "survey.reminder_sent")
        ).one()
        assert entry.target == f"survey:{survey_id}"
        assert entry.details == {"number": 1, "recipients": len(UPLOAD)}
        assert entry.actor_id is not None


def test_only_officers_who_manage_the_survey_may_remind(
    app, client, login, make_consultation, make_directorate, survey_id
):
    url = f"/manage/surveys/{survey_id}/reminder"
    assert client.get(url).status_code in (302, 401, 403)  # signed out
    login("chair")
    assert client.get(url).status_code == 403


def test_a_citizen_survey_has_no_reminders(app, client, login, citizen_survey_id):
    login("officer")
    assert page(client, citizen_survey_id)[0] == 404


@pytest.mark.parametrize("lang", ["sq", "sr_Latn", "sr", "bs"])
def test_the_confirmation_page_speaks_every_official_language(
    app, client, invited, survey_id, lang
):
    status, html = page(client, survey_id, lang)
    assert status == 200
    for english in (
        "Send a reminder<",
        "Addresses on the reminder list",
        "including the people who have already answered",
        "Each person receives it in the language of their invitation.",
        "Public Information Office",
    ):
        assert english not in html, (lang, english)
    with app.test_request_context(), force_locale(lang):
        heading = gettext("Send a reminder")
    assert heading in html


def test_no_address_is_shown_on_the_pages(app, client, invited, survey_id):
    """The list is for the mail, not for reading: neither page shows an address."""
    for url in (
        f"/manage/surveys/{survey_id}/reminder?lang=en",
        f"/manage/surveys/{survey_id}/tokens?lang=en",
    ):
        html = client.get(url).text
        assert not any(address in html for address in UPLOAD), url


def test_a_survey_closed_by_an_officer_in_the_same_moment_sends_nothing(
    app, invited, survey_id, ctx
):
    survey = db.session.get(Survey, survey_id)
    db.session.get(Consultation, survey.consultation_id).status = "closed"
    with pytest.raises(reminders.ReminderRefused):
        reminders.send_reminder(survey, lambda locale: "http://localhost/x")
    db.session.rollback()
