"""The Public Information Office keeps e-mail lists of the strategy's audiences: nobody
receives anything without consent on record, sign-ups on the public page count only once
their link is followed, a person on two lists receives a message once and in their language,
whoever unsubscribes is erased, and each send is counted per list from the outbox."""

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consult.audiences import services
from consult.audiences.models import (
    AudienceDelivery,
    AudienceList,
    AudienceMember,
    AudiencePendingImport,
    AudienceRecipient,
    AudienceSend,
)
from consult.auth.models import User
from consult.core import mail, mail_outbox
from consult.core.mail import MailFailed
from consult.core.mail_outbox import OutboxMessage, send_outbox
from consult.core.models import AuditLog, utcnow
from consult.extensions import db
from consult.retention import purge_personal_data
from tests.audiences.conftest import link_in, outbox
from tests.conftest import csrf_token, submit

MESSAGE = {
    "subject_sq": "Ftesë në dëgjimin buxhetor",
    "subject_sr_Latn": "Poziv na javnu raspravu o budžetu",
    "subject_bs": "Poziv na javnu raspravu o budžetu",
    "subject_en": "",
    "body_sq": "Ju ftojmë në dëgjimin buxhetor në Istog.",
    "body_sr_Latn": "Pozivamo vas na javnu raspravu o budžetu u Istoku.",
    "body_bs": "Pozivamo vas na javnu raspravu o budžetu u Istoku.",
    "body_en": "",
    "consultation_id": "0",
    "meeting_id": "0",
}


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _draft(client, list_ids: list[int], **values) -> int:
    """Write a message through the back office; the draft's id."""
    data = {**MESSAGE, **values, "list_ids": [str(i) for i in list_ids]}
    response = submit(client, "/manage/lists/messages/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _send(client, send_id: int, expected: int):
    page = f"/manage/lists/messages/{send_id}"
    return submit(client, f"{page}/send", {"expected": str(expected)}, form_url=page)


# ---------------------------------------------------------------- consent


def test_an_officer_records_the_consent_with_its_day_and_the_member_counts_at_once(
    app, client, login, make_list
):
    list_id = make_list()
    login("officer")  # the Public Information Office: no directorate
    page = f"/manage/lists/{list_id}"
    response = submit(
        client,
        f"{page}/members",
        {
            "email": " Drita@Example.org ",
            "name": "Drita Berisha",
            "locale": "bs",
            "consent_how": "paper",
            "consent_on": "2026-02-14",
        },
        form_url=page,
    )
    assert response.status_code == 302
    with app.app_context():
        member = db.session.scalar(select(AudienceMember))
        officer = db.session.scalar(select(User).where(User.email == "officer@istog.example"))
        assert (member.email, member.locale, member.consent_how) == (
            "drita@example.org",
            "bs",
            "paper",
        )
        assert member.consent_on == dt.date(2026, 2, 14)
        assert member.recorded_by_id == officer.id and member.confirmed_at is not None
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "audience.member_add"))
        assert entry.target == f"audience_list:{list_id}"
        assert "drita" not in str(entry.details).lower()
    shown = client.get(page).get_data(as_text=True)
    assert "drita@example.org" in shown and "Paper form signed at a meeting" in shown


@pytest.mark.parametrize(
    "change, error",
    [
        ({"consent_how": ""}, "Choose how the person agreed."),
        ({"consent_how": "web"}, "Not a valid choice"),
        ({"consent_on": ""}, "Enter the day of the consent."),
        ({"consent_on": "2999-01-01"}, "The consent date is in the future."),
        ({"email": "not an address"}, "Enter a valid e-mail address."),
    ],
)
def test_no_member_without_consent_on_record(app, client, login, make_list, change, error):
    list_id = make_list()
    login("officer")
    page = f"/manage/lists/{list_id}"
    data = {
        "email": "a@example.org",
        "name": "",
        "locale": "sq",
        "consent_how": "email_request",
        "consent_on": "2026-01-10",
        **change,
    }
    response = submit(client, f"{page}/members", data, form_url=page)
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    assert _count(app, AudienceMember) == 0


def test_the_database_refuses_a_member_without_a_consent_record(app, make_list, make_user):
    list_id = make_list()
    make_user("officer")
    with app.app_context():
        officer_id = db.session.scalar(select(User.id))
        bad = [
            # recorded by nobody, yet not a web sign-up
            {"consent_how": "paper", "consent_on": dt.date(2026, 1, 1), "confirmed_at": utcnow()},
            # a web consent recorded by an officer
            {
                "consent_how": "web",
                "recorded_by_id": officer_id,
                "consent_on": dt.date(2026, 1, 1),
                "confirmed_at": utcnow(),
            },
            # an officer's member that does not count
            {"consent_how": "paper", "recorded_by_id": officer_id},
            # counting without a day of consent
            {"consent_how": "paper", "recorded_by_id": officer_id, "confirmed_at": utcnow()},
            # a web sign-up that nobody can confirm
            {"consent_how": "web"},
        ]
        for values in bad:
            db.session.add(AudienceMember(list_id=list_id, email="x@example.org", **values))
            with pytest.raises(IntegrityError):
                db.session.flush()
            db.session.rollback()


# ---------------------------------------------------------------- double opt-in


def test_a_sign_up_counts_only_once_its_link_is_followed(app, client, make_list, login):
    youth = make_list("youth", "youth")
    village = make_list("village", "village_council")
    hidden = make_list("youth", "media", open_to_public=False)
    page = client.get("/lists?lang=en").get_data(as_text=True)
    assert "Youth organisations" in page and "Village councils" in page
    assert page.count('name="list_ids"') == 2  # the list closed to the public is not offered

    data = {"list_ids": [str(youth), str(village)], "email": "Arta@Example.org", "locale": "sr"}
    response = submit(client, "/lists", {**data, "name": "Arta"})
    assert response.status_code == 302
    assert _count(app, AudienceMember, AudienceMember.confirmed_at.is_(None)) == 2
    with app.app_context():
        assert services.recipient_count([youth, village]) == 0  # nothing before the link
    (confirmation,) = outbox(app, "arta@example.org")
    assert confirmation.list_unsubscribe is None
    assert "Омладинске организације" in confirmation.body  # in the language chosen
    link = link_in(confirmation.body, "/lists/confirm/")

    # a list closed to the public cannot be joined by posting its id
    response = submit(client, "/lists", {**data, "list_ids": [str(hidden)]})
    assert response.status_code == 400
    assert _count(app, AudienceMember, AudienceMember.list_id == hidden) == 0

    assert client.get(link).status_code == 302
    with app.app_context():
        members = db.session.scalars(select(AudienceMember)).all()
        assert {m.consent_how for m in members} == {"web"}
        assert {m.consent_on for m in members} == {dt.date.today()}
        assert all(m.recorded_by_id is None and m.confirm_hash is None for m in members)
        assert services.recipient_count([youth, village]) == 1
    assert client.get(link).status_code == 404  # a link works once

    # signing up again changes nothing and sends nothing more
    submit(client, "/lists", data)
    assert len(outbox(app, "arta@example.org")) == 1
    assert _count(app, AudienceMember) == 2


def test_an_expired_sign_up_link_confirms_nothing(app, client, make_list):
    youth = make_list()
    submit(client, "/lists", {"list_ids": [str(youth)], "email": "b@example.org", "locale": "sq"})
    link = link_in(outbox(app)[0].body, "/lists/confirm/")
    with app.app_context():
        member = db.session.scalar(select(AudienceMember))
        member.created_at = utcnow() - dt.timedelta(hours=73)
        db.session.commit()
    response = client.get(link)
    assert response.status_code == 303
    assert _count(app, AudienceMember, AudienceMember.confirmed_at.is_not(None)) == 0


def test_someone_elses_or_a_made_up_confirmation_link_is_refused(app, client, make_list):
    make_list()
    assert client.get("/lists/confirm/not-a-token").status_code == 404


# ---------------------------------------------------------------- one message per person


def test_a_person_on_two_lists_gets_one_message_in_their_language(
    app, client, login, make_list, add_member
):
    youth = make_list("youth", "youth")
    village = make_list("village", "village_council")
    add_member(youth, "both@example.org", "sr")  # Serbian, in Cyrillic
    add_member(village, "both@example.org", "sr")
    add_member(youth, "latin@example.org", "sr_Latn")
    add_member(village, "english@example.org", "en")  # no English text: Albanian
    add_member(village, "bosnian@example.org", "bs")
    login("officer")
    send_id = _draft(client, [youth, village])
    page = client.get(f"/manage/lists/messages/{send_id}?lang=en").get_data(as_text=True)
    assert "4 people receive this message." in page
    assert _count(app, OutboxMessage) == 0  # a draft sends nothing

    response = _send(client, send_id, 4)
    assert response.status_code == 302
    messages = {m.to: m for m in outbox(app)}
    assert sorted(messages) == [
        "bosnian@example.org",
        "both@example.org",
        "english@example.org",
        "latin@example.org",
    ]
    both = messages["both@example.org"]
    assert both.subject == "Позив на јавну расправу о буџету"
    assert "Позивамо вас" in both.body
    assert "Омладинске организације" in both.body and "Сеоски савети" in both.body
    assert messages["latin@example.org"].subject == "Poziv na javnu raspravu o budžetu"
    english = messages["english@example.org"]
    assert english.subject == "Ftesë në dëgjimin buxhetor"
    assert "Ju ftojmë" in english.body
    assert "To stop receiving these messages: http://localhost/lists/unsubscribe/" in english.body
    assert "Pozivamo vas" in messages["bosnian@example.org"].body
    for message in messages.values():
        assert message.list_unsubscribe.startswith("http://localhost/lists/unsubscribe/")
        assert message.list_unsubscribe.endswith("/one-click")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AudienceRecipient)) == 4
        assert db.session.scalar(select(func.count()).select_from(AudienceDelivery)) == 5

    # sent once: a second click, or a replayed form, queues nothing
    assert _send(client, send_id, 4).status_code == 303
    assert len(outbox(app)) == 4


def test_the_message_links_to_its_consultation_in_the_readers_language(
    app, client, login, make_list, add_member, make_consultation
):
    youth = make_list()
    add_member(youth, "bs@example.org", "bs")
    consultation_id = make_consultation()
    login("officer")
    send_id = _draft(client, [youth], consultation_id=str(consultation_id))
    _send(client, send_id, 1)
    (message,) = outbox(app)
    assert f"http://localhost/consultations/{consultation_id}?lang=bs" in message.body
    assert "Pravilnik o transparentnosti" in message.body


def test_a_message_is_not_sent_without_every_official_language_or_to_nobody(
    app, client, login, make_list, add_member
):
    youth = make_list()
    login("officer")
    send_id = _draft(client, [youth], subject_bs="", body_sr_Latn="")
    page = client.get(f"/manage/lists/messages/{send_id}?lang=en").get_data(as_text=True)
    assert "Subject: the text is missing in Bosnian." in page
    assert "Message: the text is missing in Serbian." in page
    assert "Nobody on the lists chosen receives messages yet." in page
    add_member(youth, "a@example.org")
    response = _send(client, send_id, 1)
    assert response.status_code == 303
    assert _count(app, OutboxMessage) == 0
    with app.app_context():
        assert db.session.get(AudienceSend, send_id).queued_at is None


def test_the_officer_sends_to_the_number_they_were_shown(app, client, login, make_list, add_member):
    youth = make_list()
    add_member(youth, "a@example.org")
    login("officer")
    send_id = _draft(client, [youth])
    add_member(youth, "b@example.org")  # joined while the officer was reading
    response = _send(client, send_id, 1)
    assert response.status_code == 303
    assert _count(app, OutboxMessage) == 0
    assert _send(client, send_id, 2).status_code == 302
    assert _count(app, OutboxMessage) == 2


# ---------------------------------------------------------------- unsubscribing


def test_unsubscribing_erases_the_address_and_the_lists_keep_a_count(
    app, client, login, make_list, add_member
):
    youth = make_list("youth", "youth")
    village = make_list("village", "village_council")
    add_member(youth, "leaver@example.org", "sq", name="Leka")
    add_member(village, "leaver@example.org", "sq", name="Leka")
    add_member(village, "stays@example.org")
    login("officer")
    send_id = _draft(client, [youth, village])
    _send(client, send_id, 2)
    with app.app_context():
        send_outbox()
    message = outbox(app, "leaver@example.org")[0]
    link = link_in(message.body, "/lists/unsubscribe/")

    # the link shows a page with one button (mail scanners follow links): nothing changes yet
    page = client.get(link + "?lang=en")
    assert page.status_code == 200 and "Youth organisations" in page.get_data(as_text=True)
    assert _count(app, AudienceMember, AudienceMember.email == "leaver@example.org") == 2
    # without the form's token nothing happens
    assert client.post(link, data={}).status_code == 400
    response = submit(client, link, {})
    assert response.status_code == 200
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).where(AudienceMember.email == "leaver@example.org")
            )
            == 0
        )
        assert (
            db.session.scalar(select(func.count()).where(OutboxMessage.to == "leaver@example.org"))
            == 0
        )
        assert [
            item.unsubscribed
            for item in db.session.scalars(select(AudienceList).order_by(AudienceList.id))
        ] == [1, 1]
        send = db.session.get(AudienceSend, send_id)
        per_list = services.send_counts_per_list(send)
        assert per_list[youth].unsubscribed == 1 and per_list[village].unsubscribed == 1
        assert services.send_counts([send_id])[send_id].unsubscribed == 1
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "audience.unsubscribe"))
        assert "leaver" not in str(entry.details) and "Leka" not in str(entry.details)
    assert "Leka" not in str(_audit_details(app))
    # the link again: nothing left to do, said plainly
    again = client.get(link + "?lang=en").get_data(as_text=True)
    assert "You are no longer on the lists of this message" in again


def _audit_details(app) -> list:
    with app.app_context():
        return [(e.target, e.details, e.reason) for e in db.session.scalars(select(AuditLog))]


def test_the_mail_programs_one_click_unsubscribe_needs_no_page(
    app, client, login, make_list, add_member
):
    youth = make_list()
    add_member(youth, "one@example.org")
    login("officer")
    _send(client, _draft(client, [youth]), 1)
    (message,) = outbox(app)
    address = message.list_unsubscribe.removeprefix("http://localhost")
    # a scanner's GET only leads to the page
    assert client.get(address).status_code == 302
    assert _count(app, AudienceMember) == 1
    response = client.post(address, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _count(app, AudienceMember) == 0
    assert client.post("/lists/unsubscribe/made-up/one-click").status_code == 404


def test_a_message_waiting_when_its_person_left_loses_its_address_in_the_purge(
    app, client, login, make_list, add_member
):
    youth = make_list()
    add_member(youth, "late@example.org")
    login("officer")
    _send(client, _draft(client, [youth]), 1)
    _send(client, _draft(client, [youth]), 1)
    first, _second = outbox(app)
    submit(client, link_in(first.body, "/lists/unsubscribe/"), {})
    # both messages were still waiting: they keep the address until they have gone
    assert {m.to for m in outbox(app)} == {"late@example.org"}
    with app.app_context():
        send_outbox()
        result = purge_personal_data(dt.date.today(), 24)
        db.session.commit()
        assert result.counts["audience_addresses"] == 2
    assert {m.to for m in outbox(app)} == {""}


# ---------------------------------------------------------------- counts per list


def test_the_back_office_counts_each_send_per_list_from_the_outbox(
    app, client, login, make_list, add_member, monkeypatch
):
    youth = make_list("youth", "youth")
    village = make_list("village", "village_council")
    add_member(youth, "both@example.org")
    add_member(village, "both@example.org")
    add_member(youth, "refused@example.org")
    add_member(village, "v1@example.org")
    add_member(village, "v2@example.org")
    login("officer")
    send_id = _draft(client, [youth, village])
    _send(client, send_id, 4)

    real_send = mail_outbox.send_now

    def refuse_one(message):
        if message.to == "refused@example.org":
            raise MailFailed("550 mailbox unavailable")
        real_send(message)

    monkeypatch.setattr(mail_outbox, "send_now", refuse_one)
    with app.app_context():
        assert send_outbox(limit=3) == (2, 1)  # one message still waits
        send = db.session.get(AudienceSend, send_id)
        totals = services.send_counts([send_id])[send_id]
        assert (totals.queued, totals.sent, totals.failed, totals.waiting) == (4, 2, 1, 1)
        per_list = services.send_counts_per_list(send)
        assert per_list[youth].queued == 2 and per_list[village].queued == 3
        assert per_list[youth].failed == 1
        assert per_list[youth].sent + per_list[youth].failed + per_list[youth].waiting == 2
        assert per_list[village].sent + per_list[village].waiting == 3
    page = client.get(f"/manage/lists/messages/{send_id}?lang=en").get_data(as_text=True)
    assert "Messages per list" in page and "Unsubscribed since" in page
    index = client.get("/manage/lists/?lang=en").get_data(as_text=True)
    assert "Ftesë në dëgjimin buxhetor" in index
    mail.SENT.clear()


# ---------------------------------------------------------------- importing


def _upload(client, list_id: int, content: bytes, name: str = "members.csv"):
    page = f"/manage/lists/{list_id}/import"
    return client.post(
        page,
        data={"csrf_token": csrf_token(client, page), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


GOOD_CSV = (
    "name;email;language;consent_how;consent_date\n"
    "Shoqata e Grave Istog;gratë@example.org;sq;paper;2026-02-01\n"
    ";info@rinia.example.org;sr_Latn;public_contact;1.3.2026\n"
    "Already there;old@example.org;bs;email_request;2026-01-05\n"
).encode()


def test_an_import_is_previewed_then_imported(app, client, login, make_list, add_member):
    list_id = make_list()
    add_member(list_id, "old@example.org")
    login("officer")
    response = _upload(client, list_id, GOOD_CSV)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "2 members are added." in page and "1 address is on the list already" in page
    assert "info@rinia.example.org" in page
    assert _count(app, AudienceMember) == 1  # nothing before the officer confirms
    assert _count(app, AudiencePendingImport) == 1

    confirm = f"/manage/lists/{list_id}/import/confirm"
    response = submit(client, confirm, {}, form_url=f"/manage/lists/{list_id}")
    assert response.status_code == 302
    with app.app_context():
        members = {m.email: m for m in db.session.scalars(select(AudienceMember))}
        assert set(members) == {"old@example.org", "gratë@example.org", "info@rinia.example.org"}
        rinia = members["info@rinia.example.org"]
        assert (rinia.locale, rinia.consent_how, rinia.consent_on) == (
            "sr_Latn",
            "public_contact",
            dt.date(2026, 3, 1),
        )
        assert rinia.confirmed_at is not None and rinia.recorded_by_id is not None
    assert _count(app, AudiencePendingImport) == 0
    # the preview is used once
    response = submit(client, confirm, {}, form_url=f"/manage/lists/{list_id}")
    assert response.status_code == 303
    assert _count(app, AudienceMember) == 3


def test_a_file_with_bad_rows_imports_nothing_and_names_every_line(app, client, login, make_list):
    list_id = make_list()
    login("officer")
    bad = (
        b"name,email,language,consent_how,consent_date\n"
        b"Mira,mira@example.org,sq,paper,2026-02-01\n"
        b"Besa,not-an-address,sq,paper,2026-02-01\n"
        b"Ilir,ilir@example.org,de,paper,2026-02-01\n"
        b"Vesa,vesa@example.org,sq,web,2026-02-01\n"
        b"Agon,agon@example.org,sq,paper,2999-01-01\n"
        b"Mira again,MIRA@example.org,sq,paper,2026-02-01\n"
        b"Dren,dren@example.org,sq,told-me,31.02.2026\n"
    )
    response = _upload(client, list_id, bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported" in page
    for line in (3, 4, 5, 6, 7, 8):
        assert f"Line {line}:" in page
    assert "Line 2:" not in page
    assert "The address appears twice: first on line 2." in page
    assert "Consent by the web form is recorded only" in page
    assert page.count("Line 8:") == 2  # both of its problems
    assert _count(app, AudienceMember) == 0
    assert _count(app, AudiencePendingImport) == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty."),
        (b"\x00\x01PK\x03\x04binary", "This is not a CSV file"),
        ("name,email\nÇajupi,ç@example.org\n".encode("cp1250"), "The file is not in UTF-8"),
        (b"email,language\na@example.org,sq\n", "The header row lacks the columns"),
        (b"name,email,language,consent_how,consent_date\n", "The file has no members"),
    ],
)
def test_a_file_that_is_not_a_members_csv_is_refused(
    app, client, login, make_list, content, message
):
    list_id = make_list()
    login("officer")
    response = _upload(client, list_id, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(app, AudienceMember) == 0


def test_an_import_too_large_or_too_long_is_refused(app, client, login, make_list):
    list_id = make_list()
    login("officer")
    app.config["AUDIENCE_IMPORT_MAX_BYTES"] = 200
    try:
        response = _upload(client, list_id, GOOD_CSV * 3)
        assert response.status_code == 400
        assert "The file is larger than" in response.get_data(as_text=True)
    finally:
        app.config["AUDIENCE_IMPORT_MAX_BYTES"] = 1024 * 1024
    app.config["AUDIENCE_IMPORT_MAX_ROWS"] = 2
    try:
        response = _upload(client, list_id, GOOD_CSV)
        assert response.status_code == 400
        assert "Line 4: The file has more than 2 rows of members." in response.get_data(
            as_text=True
        )
    finally:
        app.config["AUDIENCE_IMPORT_MAX_ROWS"] = 5000
    assert _count(app, AudienceMember) == 0


def test_another_officers_preview_cannot_be_imported(app, client, login, make_list, make_user):
    list_id = make_list()
    make_user("admin", email="admin@istog.example")
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        services.keep_pending_import(
            db.session.get(AudienceList, list_id), admin, GOOD_CSV.decode()
        )
        db.session.commit()
        pending_id = db.session.scalar(select(AudiencePendingImport.id))
    login("officer")
    with client.session_transaction() as session:
        session["audience_import"] = pending_id
    confirm = f"/manage/lists/{list_id}/import/confirm"
    response = submit(client, confirm, {}, form_url=f"/manage/lists/{list_id}")
    assert response.status_code == 303
    assert _count(app, AudienceMember) == 0


# ---------------------------------------------------------------- markup, CSRF, access


MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_every_field_is_shown_as_text(app, client, login, make_list):
    login("officer")
    response = submit(
        client,
        "/manage/lists/new",
        {
            "name_sq": "Lista " + MARKUP,
            "name_sr_Latn": "Spisak " + MARKUP,
            "name_bs": "Spisak " + MARKUP,
            "name_en": "List " + MARKUP,
            "audience": "cso",
            "sector": "youth",
            "open_to_public": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        list_id = db.session.scalar(select(AudienceList.id))
    page = f"/manage/lists/{list_id}"
    submit(
        client,
        f"{page}/members",
        {
            "email": "m@example.org",
            "name": "Name " + MARKUP,
            "locale": "sq",
            "consent_how": "paper",
            "consent_on": "2026-01-02",
        },
        form_url=page,
    )
    send_id = _draft(
        client,
        [list_id],
        subject_sq="Tema " + MARKUP,
        subject_sr_Latn="Tema " + MARKUP,
        subject_bs="Tema " + MARKUP,
        body_sq="Teksti " + MARKUP,
        body_sr_Latn="Tekst " + MARKUP,
        body_bs="Tekst " + MARKUP,
    )
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["name", "email", "language", "consent_how", "consent_date"])
    writer.writerow([MARKUP, "c@example.org", "sq", "paper", "2026-01-01"])
    preview = _upload(client, list_id, rows.getvalue().encode()).get_data(as_text=True)
    bad_file = (
        b"name,email,language,consent_how,consent_date\n"
        b"x,y@example.org,<b>sq</b>,paper,2026-01-01\n"
    )
    bad = _upload(client, list_id, bad_file).get_data(as_text=True)
    pages = [
        client.get("/manage/lists/").get_data(as_text=True),
        client.get(page).get_data(as_text=True),
        client.get(f"{page}/edit").get_data(as_text=True),
        client.get(f"/manage/lists/messages/{send_id}").get_data(as_text=True),
        client.get(f"/manage/lists/messages/{send_id}/edit").get_data(as_text=True),
        client.get("/lists").get_data(as_text=True),
        preview,
        bad,
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>sq" not in html
    assert "&lt;script&gt;" in pages[1] and "&lt;b&gt;sq" in bad
    _send(client, send_id, 1)
    (message,) = outbox(app)
    assert message.subject.startswith("Tema <script>")  # plain text: as written, not escaped
    assert "Teksti <script>" in message.body and "&lt;" not in message.body


def test_every_form_needs_its_csrf_token(app, client, login, make_list, add_member):
    list_id = make_list()
    member_id = add_member(list_id, "a@example.org")
    response = client.post(
        "/lists", data={"list_ids": [str(list_id)], "email": "x@example.org", "locale": "sq"}
    )
    assert response.status_code == 400
    login("officer")
    posts = {
        "/manage/lists/new": {"name_sq": "Lista", "audience": "media"},
        f"/manage/lists/{list_id}/members": {
            "email": "b@example.org",
            "locale": "sq",
            "consent_how": "paper",
            "consent_on": "2026-01-01",
        },
        f"/manage/lists/{list_id}/members/{member_id}/remove": {},
        f"/manage/lists/{list_id}/delete": {},
        "/manage/lists/messages/new": {**MESSAGE, "list_ids": [str(list_id)]},
    }
    for url, data in posts.items():
        assert client.post(url, data=data).status_code == 400, url
    assert _count(app, AudienceMember) == 1 and _count(app, AudienceList) == 1
    assert _count(app, AudienceSend) == 0


@pytest.mark.parametrize("role", ["officer_of_a_directorate", "chair", "cso"])
def test_only_the_public_information_office_and_admins_keep_the_lists(
    app, client, login, make_list, add_member, make_directorate, role
):
    list_id = make_list()
    member_id = add_member(list_id, "secret@example.org")
    if role == "officer_of_a_directorate":
        login("officer", directorate_id=make_directorate())
    else:
        login(role)
    pages = [
        "/manage/lists/",
        "/manage/lists/new",
        f"/manage/lists/{list_id}",
        f"/manage/lists/{list_id}/edit",
        f"/manage/lists/{list_id}/import",
        "/manage/lists/messages/new",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "secret@example.org" not in response.get_data(as_text=True)
    token = csrf_token(client, "/lists")
    posts = [
        f"/manage/lists/{list_id}/members/{member_id}/remove",
        f"/manage/lists/{list_id}/delete",
    ]
    for url in posts:
        assert client.post(url, data={"csrf_token": token}).status_code == 403, url
    assert _count(app, AudienceMember) == 1
    assert "Audience lists" not in client.get("/manage/?lang=en").get_data(as_text=True)


def test_an_administrator_keeps_the_lists_and_the_public_is_sent_to_sign_in(
    app, client, login, make_list
):
    assert client.get("/manage/lists/").status_code == 302
    login("admin")
    assert client.get("/manage/lists/").status_code == 200


def test_no_personal_data_on_the_public_pages(app, client, make_list, add_member):
    list_id = make_list()
    add_member(list_id, "private@example.org", name="Private Person")
    for url in ("/lists", "/lists?lang=sr", "/privacy?lang=en"):
        html = client.get(url).get_data(as_text=True)
        assert "private@example.org" not in html and "Private Person" not in html
    assert "join an e-mail list of the municipality" in client.get("/privacy?lang=en").get_data(
        as_text=True
    )


def test_a_list_open_to_the_public_carries_its_name_in_every_official_language(app, client, login):
    login("officer")
    response = submit(
        client,
        "/manage/lists/new?lang=en",
        {"name_sq": "Mediat", "audience": "media", "sector": "", "open_to_public": "y"},
    )
    assert response.status_code == 400
    assert "write its name in every official language" in response.get_data(as_text=True)
    response = submit(
        client,
        "/manage/lists/new?lang=en",
        {"name_sq": "Mediat", "audience": "media", "sector": "health"},
    )
    assert response.status_code == 400
    assert "Only a list of civil-society organisations has a sector." in response.get_data(
        as_text=True
    )
    assert _count(app, AudienceList) == 0


def test_a_list_sent_to_is_not_deleted_and_removing_a_member_erases_it(
    app, client, login, make_list, add_member
):
    list_id = make_list()
    member_id = add_member(list_id, "gone@example.org")
    add_member(list_id, "kept@example.org")
    login("officer")
    page = f"/manage/lists/{list_id}"
    response = submit(client, f"{page}/members/{member_id}/remove", {}, form_url=page)
    assert response.status_code == 302
    assert _count(app, AudienceMember, AudienceMember.email == "gone@example.org") == 0
    with app.app_context():
        assert db.session.get(AudienceList, list_id).unsubscribed == 0  # not an unsubscription
    _send(client, _draft(client, [list_id]), 1)
    response = submit(client, f"{page}/delete", {}, form_url=page)
    assert response.status_code == 303
    assert _count(app, AudienceList) == 1


# ---------------------------------------------------------------- retention


def test_the_purge_erases_unconfirmed_sign_ups_and_stale_previews_and_keeps_members(
    app, client, make_list, add_member, make_user
):
    list_id = make_list()
    add_member(list_id, "member@example.org")
    submit(
        client, "/lists", {"list_ids": [str(list_id)], "email": "new@example.org", "locale": "sq"}
    )
    submit(
        client, "/lists", {"list_ids": [str(list_id)], "email": "old@example.org", "locale": "sq"}
    )
    make_user("admin", email="admin@istog.example")
    with app.app_context():
        old = db.session.scalar(
            select(AudienceMember).where(AudienceMember.email == "old@example.org")
        )
        old.created_at = utcnow() - dt.timedelta(hours=73)
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        services.keep_pending_import(db.session.get(AudienceList, list_id), admin, "a,b")
        db.session.flush()
        pending = db.session.scalar(select(AudiencePendingImport))
        pending.created_at = utcnow() - dt.timedelta(hours=25)
        db.session.commit()

        result = purge_personal_data(dt.date.today(), 24)
        db.session.commit()
        assert result.counts["audience_sign_ups"] == 1
        assert result.counts["audience_imports"] == 1
        emails = set(db.session.scalars(select(AudienceMember.email)))
        assert emails == {"member@example.org", "new@example.org"}
        assert db.session.scalar(select(func.count()).select_from(AudiencePendingImport)) == 0


def test_an_invitation_to_a_meeting_links_to_its_page_with_its_day(
    app, client, login, make_list, add_member
):
    from consult.meetings.models import Meeting

    youth = make_list()
    add_member(youth, "sr@example.org", "sr_Latn")
    held_on = dt.date.today() + dt.timedelta(days=10)
    with app.app_context():
        meeting = Meeting(
            title={"sq": "Takimi me të rinjtë", "sr_Latn": "Sastanak sa mladima"},
            held_on=held_on,
            starts_at=dt.time(17, 30),
            place="Istog",
            audience="youth",
            announced_on=dt.date.today(),
        )
        cancelled = Meeting(
            title={"sq": "Takim i anuluar"},
            held_on=held_on,
            place="Istog",
            announced_on=dt.date.today(),
            cancelled_at=utcnow(),
        )
        db.session.add_all([meeting, cancelled])
        db.session.commit()
        meeting_id, cancelled_id = meeting.id, cancelled.id
    login("officer")
    form = client.get("/manage/lists/messages/new").get_data(as_text=True)
    assert "Takimi me të rinjtë" in form and "Takim i anuluar" not in form
    response = submit(
        client,
        "/manage/lists/messages/new",
        {**MESSAGE, "list_ids": [str(youth)], "meeting_id": str(cancelled_id)},
    )
    assert response.status_code == 400  # a cancelled meeting is not offered
    send_id = _draft(client, [youth], meeting_id=str(meeting_id))
    _send(client, send_id, 1)
    (message,) = outbox(app)
    assert f"http://localhost/meetings/{meeting_id}?lang=sr_Latn" in message.body
    assert "Sastanak sa mladima" in message.body and str(held_on.year) in message.body


def test_the_counts_say_when_the_outbox_has_deleted_old_messages(
    app, client, login, make_list, add_member
):
    youth = make_list()
    add_member(youth, "a@example.org")
    login("officer")
    send_id = _draft(client, [youth])
    _send(client, send_id, 1)
    with app.app_context():
        send_outbox()
        message = db.session.scalar(select(OutboxMessage))
        message.created_at = utcnow() - dt.timedelta(days=800)
        db.session.commit()
        assert purge_personal_data(dt.date.today(), 24).counts["outbox_messages"] == 1
        db.session.commit()
        totals = services.send_counts([send_id])[send_id]
        assert (totals.queued, totals.sent, totals.deleted) == (1, 0, 1)
    page = client.get(f"/manage/lists/messages/{send_id}").get_data(as_text=True)
    assert "1 message is no longer in the outbox" in page
    # the member stays: consent stands until they leave
    assert _count(app, AudienceMember) == 1
