"""Stand-alone public meetings in the back office: created, announced, changed, cancelled and
minuted by the Public Information Office, admins or the organising directorate's officers;
their links are checked; every field is escaped wherever it shows; the format is matched to
the audience as the municipality's communication strategy asks."""

import datetime as dt

import pytest
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.core.models import AuditLog
from consult.extensions import db
from consult.meetings.models import Meeting
from consult.meetings.services import MeetingRefused, web_link
from tests.conftest import submit
from tests.meetings.conftest import (
    announce,
    last_meeting_id,
    meeting_form,
    messages,
    plan_meeting,
)

TODAY = dt.date.today()
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _meeting(app, meeting_id: int) -> Meeting:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


def test_a_stand_alone_meeting_from_plan_to_calendar_in_every_language(app, client, login, places):
    login("officer")  # the Public Information Office: no directorate
    response = plan_meeting(
        client,
        format="hybrid",
        online_url="https://meet.example.org/istog-mayor",
        stream_url="https://www.youtube.com/@KuvendiIstog",
        local_community_id=str(places["vrelle"]),
        audience="general",
    )
    assert response.status_code == 302
    meeting_id = last_meeting_id(app)
    manage = client.get(f"/manage/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "Not announced" in manage
    citizen = app.test_client()
    assert citizen.get(f"/meetings/{meeting_id}").status_code == 404

    assert announce(client, meeting_id).status_code == 302
    assert _meeting(app, meeting_id).announced_on == TODAY

    albanian = citizen.get(f"/meetings/{meeting_id}?lang=sq").get_data(as_text=True)
    assert "Takimi i Kryetarit me bashkësinë lokale" in albanian
    assert "Rrugët e fshatit dhe uji i pijshëm" in albanian
    assert "Hyrje pa shkallë" in albanian
    assert "Vrellë" in albanian and "17:30" in albanian and "19:00" in albanian
    cyrillic = citizen.get(f"/meetings/{meeting_id}?lang=sr").get_data(as_text=True)
    assert "Састанак председника општине са месном заједницом" in cyrillic
    assert "Сеоски путеви и пијаћа вода" in cyrillic
    assert "Улаз без степеница" in cyrillic
    latin = citizen.get(f"/meetings/{meeting_id}?lang=sr_Latn").get_data(as_text=True)
    assert "Sastanak predsednika opštine sa mesnom zajednicom" in latin
    # the links open without handing the page over to the other site
    for link in ("https://meet.example.org/istog-mayor", "https://www.youtube.com/@KuvendiIstog"):
        assert f'href="{link}" rel="noopener noreferrer external"' in albanian
    assert "Takimi i Kryetarit" in citizen.get("/meetings?lang=sq").get_data(as_text=True)

    for url in ("/meetings.ics?lang=sq", f"/meetings/{meeting_id}.ics?lang=sq"):
        (event,) = Calendar.from_ical(citizen.get(url).data).walk("VEVENT")
        assert str(event["summary"]) == "Takimi i Kryetarit me bashkësinë lokale"
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert (start.hour, start.minute, end.hour, end.minute) == (17, 30, 19, 0)
        assert str(start.tzinfo) == "Europe/Belgrade"
        assert str(event["location"]) == "Salla e Kuvendit, Istog, Vrellë"
        description = str(event["description"])
        assert "Rrugët e fshatit" in description and "Hyrje pa shkallë" in description
        assert "https://meet.example.org/istog-mayor" in description
        assert "https://www.youtube.com/@KuvendiIstog" in description
        assert f"/meetings/{meeting_id}" in str(event["url"])


def test_an_online_meeting_gives_its_link_as_the_feed_location(app, client, login, places):
    login("admin")
    plan_meeting(
        client,
        format="online",
        place="",
        audience="diaspora",
        online_url="https://meet.example.org/diaspora",
    )
    announce(client, last_meeting_id(app))
    (event,) = Calendar.from_ical(client.get("/meetings.ics").data).walk("VEVENT")
    assert str(event["location"]) == "https://meet.example.org/diaspora"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example.org/",
        "/relative/path",
        "https://user:secret@evil.example.org/",
        "https://",
        "https://evil.example.org/" + "a" * 600,
    ],
)
def test_a_link_other_than_http_or_https_is_refused_and_nothing_is_saved(
    app, client, login, places, link
):
    login("officer")
    for field in ("online_url", "stream_url"):
        values = {"online_url": "https://ok.example.org", field: link}
        response = plan_meeting(client, format="hybrid", **values)
        assert response.status_code == 400
        assert "Enter a web address that starts with https:// or http://." in response.get_data(
            as_text=True
        )
    with app.app_context():
        assert db.session.scalars(select(Meeting)).all() == []


def test_the_database_refuses_a_link_that_is_not_http(app, places):
    with app.app_context():
        db.session.add(Meeting(held_on=TODAY, place="Istog", online_url="javascript:alert(1)"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_web_link_keeps_http_addresses_and_lowers_the_scheme():
    assert (
        web_link("  HTTPS://Meet.Example.org/Room?id=1  ") == "https://Meet.Example.org/Room?id=1"
    )
    assert web_link("") is None
    with pytest.raises(MeetingRefused):
        web_link("data:,x")


def test_a_meeting_needs_its_place_or_its_link_for_its_format(app, client, login, places):
    login("officer")
    response = plan_meeting(client, format="in_person", place="")
    assert "Enter the place of a meeting held in person." in response.get_data(as_text=True)
    response = plan_meeting(client, format="online", place="", online_url="")
    assert "Enter the link to join a meeting held online." in response.get_data(as_text=True)
    response = plan_meeting(client, starts_at="19:00", ends_at="18:00")
    assert "The meeting must end after it starts." in response.get_data(as_text=True)
    response = plan_meeting(client, title_sq="")
    assert "Enter the title in Albanian." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Meeting)).all() == []


def test_a_meeting_is_announced_only_in_every_official_language(app, client, login, places):
    login("officer")
    plan_meeting(client, title_bs="", agenda_sr_Latn="")
    meeting_id = last_meeting_id(app)
    page = client.get(f"/manage/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "The title is missing in some official languages." in page
    response = announce(client, meeting_id)
    assert response.status_code == 302
    assert "The title is missing" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _meeting(app, meeting_id).announced_on is None


def test_markup_in_every_field_is_shown_as_text(app, client, login, places):
    login("officer")
    fields = {
        f"{name}_{locale}": MARKUP
        for name in ("title", "agenda", "accessibility")
        for locale in ("sq", "sr_Latn", "bs", "en")
    }
    fields |= {
        "place": MARKUP[:190],
        "online_url": 'https://example.org/"><script>alert(1)</script>',
        "stream_url": "https://example.org/?q=<b>x</b>&a='1'",
        "format": "hybrid",
        "registration": "y",
    }
    assert plan_meeting(client, **fields).status_code == 302
    meeting_id = last_meeting_id(app)
    announce(client, meeting_id)
    citizen = app.test_client()
    citizen.get("/meetings")
    submit(
        citizen,
        f"/meetings/{meeting_id}/register",
        {"name": MARKUP[:190], "email": "arta@example.org"},
        form_url=f"/meetings/{meeting_id}",
    )
    pages = [
        citizen.get(f"/meetings/{meeting_id}?lang=sq"),
        citizen.get(f"/meetings/{meeting_id}?lang=sr"),
        citizen.get("/meetings?lang=en"),
        client.get("/manage/meetings/"),
        client.get(f"/manage/meetings/{meeting_id}"),
        client.get(f"/manage/meetings/{meeting_id}/registrations"),
    ]
    for page in pages:
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
    # no registrant's name or address on a public page
    for page in pages[:3]:
        html = page.get_data(as_text=True)
        assert "arta@example.org" not in html
    cancelled = submit(
        client,
        f"/manage/meetings/{meeting_id}/cancel",
        {"cancel_reason_sq": MARKUP},
        form_url=f"/manage/meetings/{meeting_id}",
    )
    assert cancelled.status_code == 302
    html = citizen.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_an_officer_of_another_directorate_can_neither_see_nor_change_the_meeting(
    app, client, login, make_user, places
):
    login("officer", directorate_id=places["culture"])
    assert plan_meeting(client, directorate_id=str(places["culture"])).status_code == 302
    meeting_id = last_meeting_id(app)
    # an officer of a directorate plans only their own directorate's meetings
    response = plan_meeting(client, directorate_id=str(places["health"]))
    assert response.status_code == 400
    response = plan_meeting(client, directorate_id="0")
    assert response.status_code == 400

    other = app.test_client()
    email = make_user("officer", email="hea@istog.example", directorate_id=places["health"])
    submit(other, "/login", {"email": email, "password": "correct horse battery staple"})
    assert other.get(f"/manage/meetings/{meeting_id}").status_code == 403
    assert "Takimi i Kryetarit" not in other.get("/manage/meetings/").get_data(as_text=True)
    own_form = "/manage/meetings/new"
    for url, data in (
        (f"/manage/meetings/{meeting_id}", meeting_form(title_sq="Ndryshuar")),
        (f"/manage/meetings/{meeting_id}/announce", {}),
        (f"/manage/meetings/{meeting_id}/delete", {}),
        (f"/manage/meetings/{meeting_id}/cancel", {}),
        (f"/manage/meetings/{meeting_id}/minutes", {"minutes_sq": "x"}),
        (f"/manage/meetings/{meeting_id}/registrations", None),
        (f"/manage/meetings/{meeting_id}/registrations.csv", None),
    ):
        get = data is None
        response = other.get(url) if get else submit(other, url, data, form_url=own_form)
        assert response.status_code == 403, url
    meeting = _meeting(app, meeting_id)
    assert meeting.title["sq"] == "Takimi i Kryetarit me bashkësinë lokale"
    assert meeting.announced_on is None

    # the Public Information Office and admins manage every meeting; the chair and a CSO none
    pio = app.test_client()
    submit(
        pio,
        "/login",
        {
            "email": make_user("officer", email="pio@istog.example"),
            "password": "correct horse battery staple",
        },
    )
    assert pio.get(f"/manage/meetings/{meeting_id}").status_code == 200
    chair = app.test_client()
    submit(
        chair, "/login", {"email": make_user("chair"), "password": "correct horse battery staple"}
    )
    assert chair.get(f"/manage/meetings/{meeting_id}").status_code == 403
    assert app.test_client().get(f"/manage/meetings/{meeting_id}").status_code in (302, 401)


def test_a_meeting_of_a_consultation_is_not_managed_here(app, client, login, make_consultation):
    consultation_id = make_consultation()
    with app.app_context():
        meeting = Meeting(consultation_id=consultation_id, held_on=TODAY, place="Istog")
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    login("admin")
    assert client.get(f"/manage/meetings/{meeting_id}").status_code == 404


def test_changing_an_announced_meeting_tells_everyone_registered(app, client, announced):
    meeting_id = announced(seats=5)
    citizen = app.test_client()
    submit(
        citizen,
        f"/meetings/{meeting_id}/register?lang=bs",
        {"name": "Emina", "email": "emina@example.org"},
        form_url=f"/meetings/{meeting_id}?lang=bs",
    )
    later = (TODAY + dt.timedelta(days=12)).isoformat()
    response = submit(
        client,
        f"/manage/meetings/{meeting_id}",
        meeting_form(held_on=later, registration="y", seat_limit="5"),
    )
    assert response.status_code == 302
    notice = messages(app, "emina@example.org")[-1]
    assert notice.subject.startswith("Promijenjeno:")  # in the language they registered in
    assert f"/meetings/{meeting_id}" in notice.body
    # a change that tells nothing new (the agenda) sends nothing
    submit(
        client,
        f"/manage/meetings/{meeting_id}",
        meeting_form(held_on=later, registration="y", seat_limit="5", agenda_sq="Tjetër"),
    )
    assert len(messages(app, "emina@example.org")) == 2


def test_cancelling_marks_the_meeting_tells_registrants_and_deletes_their_data(
    app, client, announced
):
    meeting_id = announced(seats=5)
    citizen = app.test_client()
    submit(
        citizen,
        f"/meetings/{meeting_id}/register?lang=sr_Latn",
        {"name": "Milan", "email": "milan@example.org"},
        form_url=f"/meetings/{meeting_id}?lang=sr_Latn",
    )
    response = submit(
        client,
        f"/manage/meetings/{meeting_id}/cancel",
        {"cancel_reason_sq": "Salla është e zënë.", "cancel_reason_sr_Latn": "Sala je zauzeta."},
        form_url=f"/manage/meetings/{meeting_id}",
    )
    assert response.status_code == 302
    meeting = _meeting(app, meeting_id)
    assert meeting.is_cancelled
    notice = messages(app, "milan@example.org")[-1]
    assert "Sala je zauzeta." in notice.body  # in the language the person registered in
    with app.app_context():
        from consult.meetings.models import MeetingRegistration

        assert db.session.scalars(select(MeetingRegistration)).all() == []
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "meeting.cancel"))
    page = citizen.get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "This meeting is cancelled." in page and "Register" not in page
    (event,) = Calendar.from_ical(citizen.get("/meetings.ics").data).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    # a cancelled meeting is not changed or cancelled again
    again = submit(client, f"/manage/meetings/{meeting_id}", meeting_form())
    assert again.status_code == 400
    assert "A cancelled meeting cannot be changed." in again.get_data(as_text=True)


def test_only_a_meeting_never_announced_is_deleted(app, client, login, places):
    login("officer")
    plan_meeting(client)
    draft = last_meeting_id(app)
    plan_meeting(client)
    public = last_meeting_id(app)
    announce(client, public)
    for meeting_id in (draft, public):
        submit(
            client,
            f"/manage/meetings/{meeting_id}/delete",
            {},
            form_url=f"/manage/meetings/{meeting_id}",
        )
    with app.app_context():
        assert db.session.scalars(select(Meeting.id)).all() == [public]


def test_minutes_and_attendance_by_gender_are_recorded_on_or_after_the_day(
    app, client, login, places
):
    login("officer")
    plan_meeting(client, held_on=TODAY.isoformat(), starts_at="08:00", ends_at="09:00")
    meeting_id = last_meeting_id(app)
    announce(client, meeting_id)
    url = f"/manage/meetings/{meeting_id}/minutes"
    response = submit(
        client,
        url,
        {"minutes_sq": "U diskutua për rrugët.", "attendance_women": "0", "attendance_men": "0"},
        form_url=f"/manage/meetings/{meeting_id}",
    )
    assert response.status_code == 400
    assert "Enter how many people were present." in response.get_data(as_text=True)
    response = submit(
        client,
        url,
        {
            "minutes_sq": "U diskutua për rrugët.",
            "attendance_women": "11",
            "attendance_men": "9",
            "attendance_other": "1",
        },
        form_url=f"/manage/meetings/{meeting_id}",
    )
    assert response.status_code == 302
    meeting = _meeting(app, meeting_id)
    assert (meeting.attendance_women, meeting.attendance_men, meeting.attendance_other) == (
        11,
        9,
        1,
    )
    page = app.test_client().get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "U diskutua për rrugët." in page and '<td class="number">21</td>' in page

    plan_meeting(client)
    future = last_meeting_id(app)
    response = submit(
        client,
        f"/manage/meetings/{future}/minutes",
        {"minutes_sq": "Herët", "attendance_women": "3"},
        form_url=f"/manage/meetings/{future}",
    )
    assert response.status_code == 400
    assert "Minutes are recorded on or after the day of the meeting." in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("audience", "format_code", "warned"),
    [
        ("village_council", "online", True),
        ("village_council", "in_person", False),
        ("diaspora", "in_person", True),
        ("diaspora", "online", False),
        ("youth", "hybrid", False),
        ("youth", "online", True),
        ("general", "online", True),
        ("cso", "online", False),
    ],
)
def test_a_format_that_does_not_fit_the_audience_is_warned_citing_the_strategy(
    app, client, login, places, audience, format_code, warned
):
    login("officer")
    response = plan_meeting(
        client,
        audience=audience,
        format=format_code,
        online_url="https://meet.example.org/room" if format_code != "in_person" else "",
    )
    assert response.status_code == 302  # a warning, never a refusal
    page = client.get(f"/manage/meetings/{last_meeting_id(app)}?lang=en").get_data(as_text=True)
    assert ("does not fit this meeting" in page) is warned
    if warned:
        assert "Communication and Information Strategy 2023–2026" in page


def test_the_form_suggests_the_formats_that_fit_the_audience(app, client, login, places):
    login("officer")
    plan_meeting(
        client, audience="diaspora", format="online", place="", online_url="https://m.example.org"
    )
    page = client.get(f"/manage/meetings/{last_meeting_id(app)}?lang=en").get_data(as_text=True)
    # the suggestion for the saved audience, and every audience's for the script and readers
    assert "Suggested format: Online, Hybrid (in person and online)." in page
    assert 'data-audience="village_council" data-formats="in_person"' in page
    assert 'src="/static/js/meeting-format.js"' in page
    new = client.get("/manage/meetings/new?lang=sq").get_data(as_text=True)
    assert 'id="format-advice"' in new and 'aria-live="polite"' in new


def test_an_announced_meeting_is_not_moved_into_the_past(app, client, announced):
    meeting_id = announced(seats=None)
    with app.app_context():
        db.session.get(Meeting, meeting_id).announced_on = TODAY - dt.timedelta(days=10)
        db.session.commit()
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    response = submit(client, f"/manage/meetings/{meeting_id}", meeting_form(held_on=yesterday))
    assert response.status_code == 400
    assert "An announced meeting cannot be moved to a day that has passed." in response.get_data(
        as_text=True
    )
    assert _meeting(app, meeting_id).held_on > TODAY
