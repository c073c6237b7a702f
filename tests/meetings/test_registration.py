"""Registration for a seat: a name and an e-mail address, confirmed by a link sent in the
person's language; an unconfirmed registration holds a seat only for a while; the seat limit
holds; the links work once and cannot be guessed; the officer's list for the door; the purge."""

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select

from consult.core.models import AuditLog
from consult.extensions import db
from consult.meetings import services
from consult.meetings.models import Meeting, MeetingRegistration
from consult.retention import purge_personal_data
from tests.conftest import csrf_token, submit
from tests.meetings.conftest import link_in, messages

TODAY = dt.date.today()


def _register(client, meeting_id: int, name: str, email: str, lang: str = "en"):
    return submit(
        client,
        f"/meetings/{meeting_id}/register",
        {"name": name, "email": email},
        form_url=f"/meetings/{meeting_id}?lang={lang}",
    )


def _registrations(app) -> list[MeetingRegistration]:
    with app.app_context():
        rows = db.session.scalars(select(MeetingRegistration).order_by(MeetingRegistration.id))
        return [(r.name, r.email, r.confirmed_at is not None) for r in rows]


def _age(app, email: str, minutes: int) -> None:
    """Make a registration `minutes` older, as if it was asked for earlier."""
    with app.app_context():
        for row in db.session.scalars(
            select(MeetingRegistration).where(MeetingRegistration.email == email)
        ):
            row.created_at -= dt.timedelta(minutes=minutes)
        db.session.commit()


def test_a_citizen_registers_confirms_by_the_link_in_her_language_and_cancels(app, announced):
    meeting_id = announced(seats=2)
    citizen = app.test_client()
    page = citizen.get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "2 seats left of 2" in page

    response = _register(citizen, meeting_id, "Arta Krasniqi", "Arta@Example.org", lang="sq")
    assert response.status_code == 302
    (mail,) = messages(app, "arta@example.org")
    assert "Takimi i Kryetarit me bashkësinë lokale" in mail.subject
    assert "Takimi i Kryetarit" in mail.body and "17:30" in mail.body
    assert _registrations(app) == [("Arta Krasniqi", "arta@example.org", False)]
    # held for her while she has not confirmed
    assert "1 seat left of 2" in citizen.get(f"/meetings/{meeting_id}?lang=en").get_data(
        as_text=True
    )

    confirm = link_in(mail.body, "confirm")
    assert citizen.get(confirm).status_code == 302
    assert _registrations(app) == [("Arta Krasniqi", "arta@example.org", True)]
    # the link works once
    replay = citizen.get(confirm + "?lang=en")
    assert replay.status_code == 404
    assert "This link is not valid or was used already." in replay.get_data(as_text=True)

    cancel = link_in(mail.body, "cancel")
    form = citizen.get(cancel + "?lang=en")
    assert form.status_code == 200 and "Cancel my registration" in form.get_data(as_text=True)
    assert _registrations(app) != []  # a visit alone (a mail scanner) cancels nothing
    assert submit(citizen, cancel, {}).status_code == 302
    assert _registrations(app) == []
    assert citizen.get(cancel).status_code == 404
    assert "2 seats left of 2" in citizen.get(f"/meetings/{meeting_id}?lang=en").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [("sr", "Потврдите"), ("sr_Latn", "Potvrdite"), ("bs", "Potvrdite"), ("en", "Confirm")],
)
def test_the_mail_is_written_in_the_language_the_person_registered_in(app, announced, lang, words):
    meeting_id = announced(seats=None)
    _register(app.test_client(), meeting_id, "Milan", "milan@example.org", lang=lang)
    (mail,) = messages(app, "milan@example.org")
    assert mail.subject.startswith(words)


def test_guessed_forged_or_crossed_tokens_do_nothing(app, announced):
    meeting_id = announced(seats=3)
    citizen = app.test_client()
    _register(citizen, meeting_id, "Arta", "arta@example.org")
    _register(citizen, meeting_id, "Besa", "besa@example.org")
    arta = messages(app, "arta@example.org")[0].body
    besa = messages(app, "besa@example.org")[0].body
    forged = [
        "/meetings/registrations/confirm/" + "A" * 43,
        "/meetings/registrations/confirm/" + link_in(arta, "confirm").rsplit("/", 1)[1][:-1],
        "/meetings/registrations/confirm/" + "x" * 5000,
        # a cancellation token is no confirmation, and the other way round
        link_in(arta, "cancel").replace("/cancel/", "/confirm/"),
        link_in(besa, "confirm").replace("/confirm/", "/cancel/"),
    ]
    for url in forged:
        assert citizen.get(url).status_code == 404, url
    assert (
        submit(
            citizen,
            link_in(besa, "confirm").replace("/confirm/", "/cancel/"),
            {},
            form_url=link_in(besa, "cancel"),
        ).status_code
        == 404
    )
    assert [r[2] for r in _registrations(app)] == [False, False]
    assert len(_registrations(app)) == 2
    with app.app_context():
        stored = db.session.scalars(select(MeetingRegistration.confirm_hash)).all()
    token = link_in(arta, "confirm").rsplit("/", 1)[1]
    assert token not in stored  # only a hash of each token is kept


def test_a_full_meeting_says_so_and_takes_nobody_more(app, announced):
    meeting_id = announced(seats=1)
    first, second = app.test_client(), app.test_client()
    _register(first, meeting_id, "Arta", "arta@example.org")
    page = second.get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "This meeting is full: every seat is taken." in page
    assert 'action="/meetings/' not in page  # no form
    response = second.post(
        f"/meetings/{meeting_id}/register",
        data={"name": "Besa", "email": "besa@example.org", "csrf_token": _csrf(second)},
    )
    assert response.status_code == 400
    assert "This meeting is full" in response.get_data(as_text=True)
    assert [r[0] for r in _registrations(app)] == ["Arta"]
    assert messages(app, "besa@example.org") == []


def _csrf(client) -> str:
    """The client's CSRF token, from a page with a form (the meeting's has none any more)."""
    return csrf_token(client, "/login")


def test_an_unconfirmed_registration_holds_its_seat_only_for_a_while(app, announced):
    meeting_id = announced(seats=1)
    arta, besa = app.test_client(), app.test_client()
    _register(arta, meeting_id, "Arta", "arta@example.org")
    _age(app, "arta@example.org", app.config["MEETING_SEAT_HOLD_MINUTES"] + 1)
    page = besa.get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "1 seat left of 1" in page
    assert _register(besa, meeting_id, "Besa", "besa@example.org").status_code == 302
    # Arta's link still works, but her seat went to Besa meanwhile
    response = arta.get(link_in(messages(app, "arta@example.org")[0].body, "confirm") + "?lang=en")
    assert response.status_code == 303
    assert "filled up" in arta.get(response.headers["Location"]).get_data(as_text=True)
    assert [r[0] for r in _registrations(app)] == ["Besa"]


def test_a_lapsed_hold_is_confirmed_while_a_seat_is_still_free(app, announced):
    meeting_id = announced(seats=1)
    citizen = app.test_client()
    _register(citizen, meeting_id, "Arta", "arta@example.org")
    _age(app, "arta@example.org", app.config["MEETING_SEAT_HOLD_MINUTES"] + 1)
    citizen.get(link_in(messages(app, "arta@example.org")[0].body, "confirm"))
    assert _registrations(app) == [("Arta", "arta@example.org", True)]


def test_the_confirmation_link_expires(app, announced):
    meeting_id = announced(seats=3)
    citizen = app.test_client()
    _register(citizen, meeting_id, "Arta", "arta@example.org")
    _age(app, "arta@example.org", app.config["MEETING_CONFIRM_LINK_HOURS"] * 60 + 1)
    response = citizen.get(link_in(messages(app, "arta@example.org")[0].body, "confirm"))
    assert response.status_code == 303
    assert _registrations(app) == [("Arta", "arta@example.org", False)]


def test_registering_the_same_address_again_renews_the_links_and_takes_one_seat(app, announced):
    meeting_id = announced(seats=2)
    citizen = app.test_client()
    _register(citizen, meeting_id, "Arta", "arta@example.org")
    _register(citizen, meeting_id, "Arta K.", "ARTA@example.org")
    first, second = messages(app, "arta@example.org")
    assert _registrations(app) == [("Arta K.", "arta@example.org", False)]
    assert citizen.get(link_in(first.body, "confirm")).status_code == 404  # replaced
    citizen.get(link_in(second.body, "confirm"))
    # confirmed already: a third request only sends a new cancellation link, and the page
    # says the same as for anyone (nothing tells a stranger the address is registered)
    response = _register(citizen, meeting_id, "Arta", "arta@example.org")
    assert response.status_code == 302
    third = messages(app, "arta@example.org")[-1]
    assert "/confirm/" not in third.body and "/cancel/" in third.body
    assert citizen.get(link_in(second.body, "cancel")).status_code == 404
    assert submit(citizen, link_in(third.body, "cancel"), {}).status_code == 302
    assert _registrations(app) == []


def test_bad_input_is_refused_with_a_message_and_changes_nothing(app, announced):
    meeting_id = announced(seats=2)
    citizen = app.test_client()
    for name, email, message in (
        ("", "arta@example.org", "Enter your name."),
        ("Arta", "not an address", "Enter a valid e-mail address."),
        ("Arta\x07", "arta@example.org", "The text contains characters that are not allowed."),
        ("A" * 201, "arta@example.org", "Field cannot be longer than 200 characters."),
    ):
        response = _register(citizen, meeting_id, name, email)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert _registrations(app) == []


def test_registration_is_closed_once_the_meeting_starts_or_is_cancelled(app, client, announced):
    meeting_id = announced(seats=5)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.held_on = TODAY - dt.timedelta(days=1)
        meeting.announced_on = TODAY - dt.timedelta(days=10)
        db.session.commit()
    citizen = app.test_client()
    page = citizen.get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "Registration for this meeting is closed." in page
    response = citizen.post(
        f"/meetings/{meeting_id}/register",
        data={"name": "Arta", "email": "arta@example.org", "csrf_token": _csrf(citizen)},
    )
    assert response.status_code == 400
    assert _registrations(app) == []


def test_the_officer_sees_the_names_and_downloads_the_list_for_the_door(app, client, announced):
    meeting_id = announced(seats=5)
    citizen = app.test_client()
    _register(citizen, meeting_id, '=HYPERLINK("http://evil")', "a@example.org")
    _register(citizen, meeting_id, "Besa Gashi", "b@example.org")
    citizen.get(link_in(messages(app, "b@example.org")[0].body, "confirm"))
    page = client.get(f"/manage/meetings/{meeting_id}/registrations?lang=en").get_data(as_text=True)
    assert "Besa Gashi" in page and "Confirmed" in page and "Not confirmed" in page
    assert "b@example.org" not in page  # names for the door, not addresses
    csv = client.get(f"/manage/meetings/{meeting_id}/registrations.csv?lang=en")
    assert csv.mimetype == "text/csv"
    text = csv.data.decode("utf-8-sig")
    assert "Besa Gashi,Confirmed," in text
    assert "'=HYPERLINK" in text  # a spreadsheet will not run it
    assert "@example.org" not in text
    with app.app_context():
        assert db.session.scalar(
            select(AuditLog).where(AuditLog.action == "export.meeting_registrations_csv")
        )
    # the public sees how many seats are left, never who took them
    public = citizen.get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "Besa Gashi" not in public and "3 seats left of 5" in public


def test_the_purge_deletes_registrations_some_days_after_the_meeting(app, announced):
    meeting_id = announced(seats=None)
    citizen = app.test_client()
    _register(citizen, meeting_id, "Arta", "arta@example.org")
    _register(citizen, meeting_id, "Besa", "besa@example.org")
    citizen.get(link_in(messages(app, "besa@example.org")[0].body, "confirm"))
    days = app.config["MEETING_REGISTRATION_RETENTION_DAYS"]
    with app.app_context():
        # Arta never confirmed: gone once her link expired, whatever the meeting's day
        _age(app, "arta@example.org", app.config["MEETING_CONFIRM_LINK_HOURS"] * 60 + 1)
        result = purge_personal_data(TODAY, 24)
        db.session.commit()
        assert result.counts["meeting_registrations"] == 1
        assert [r[0] for r in _registrations(app)] == ["Besa"]
        meeting = db.session.get(Meeting, meeting_id)
        meeting.announced_on = TODAY - dt.timedelta(days=days + 10)
        meeting.held_on = TODAY - dt.timedelta(days=days - 1)
        db.session.commit()
        assert purge_personal_data(TODAY, 24).counts["meeting_registrations"] == 0
        meeting = db.session.get(Meeting, meeting_id)
        meeting.held_on = TODAY - dt.timedelta(days=days)
        db.session.commit()
        assert purge_personal_data(TODAY, 24).counts["meeting_registrations"] == 1
        db.session.commit()
    assert _registrations(app) == []


def test_two_last_second_registrations_cannot_both_take_the_last_seat(app, announced):
    """PostgreSQL, two sessions: the first registration holds the meeting's row lock until it
    commits; the second waits, then counts the first one's seat and is refused."""
    meeting_id = announced(seats=1)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the row lock is PostgreSQL's; SQLite lets one writer in at a time")
    now = services.utcnow()
    first_done = threading.Event()
    outcome: dict[str, object] = {}

    def second() -> None:
        with app.test_request_context("/"):
            meeting = db.session.get(Meeting, meeting_id)
            try:
                services.register(meeting, "Besa", "besa@example.org", "sq", now)
                db.session.commit()
                outcome["second"] = "registered"
            except services.MeetingFull:
                db.session.rollback()
                outcome["second"] = "full"
            outcome["waited"] = first_done.is_set()
            db.session.remove()

    with app.test_request_context("/"):
        meeting = db.session.get(Meeting, meeting_id)
        services.register(meeting, "Arta", "arta@example.org", "sq", now)  # takes the lock
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(1.0)
        assert thread.is_alive()  # waiting for the lock, not counting yet
        first_done.set()
        db.session.commit()
        db.session.remove()
    thread.join(20)
    assert outcome == {"second": "full", "waited": True}
    assert [r[0] for r in _registrations(app)] == ["Arta"]


def test_without_the_lock_both_sessions_would_count_a_free_seat(app, announced):
    """What the lock prevents: two sessions that count before either inserts both see the
    seat free (so the test above would fail without `_lock`)."""
    meeting_id = announced(seats=1)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs two concurrent PostgreSQL sessions")
        now = services.utcnow()
        meeting = db.session.get(Meeting, meeting_id)
        assert services.seats_taken(meeting, now) == 0
        with db.engine.connect() as other:
            other.execute(
                MeetingRegistration.__table__.insert().values(
                    meeting_id=meeting_id,
                    name="Arta",
                    email="arta@example.org",
                    locale="sq",
                    confirm_hash="c" * 64,
                    cancel_hash="d" * 64,
                    created_at=now,
                )
            )  # not committed yet
            assert services.seats_taken(meeting, now) == 0
            other.rollback()
