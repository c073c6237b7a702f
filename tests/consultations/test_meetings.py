"""Officers plan public meetings; the calendar and its .ics feed list them; proposals raised
at a meeting are answered like every comment."""

import datetime as dt

from icalendar import Calendar
from sqlalchemy import select

from consult.comments.models import Comment
from consult.extensions import db
from consult.meetings.models import Meeting
from tests.conftest import submit


def _plan(client, consultation_id, held_on, announced_on, **extra):
    url = f"/manage/draft-acts/{consultation_id}/meetings/new"
    data = {
        "held_on": held_on.isoformat(),
        "starts_at": "17:30",
        "place": "Salla e Kuvendit, Istog",
        "audience": "general",
        "local_community_id": "0",
        "announced_on": announced_on.isoformat(),
        "agenda_sq": "Prezantimi i projektrregullores",
        **extra,
    }
    return submit(client, url, data, form_url=f"{url}?lang=en")


def test_meeting_announced_late_is_flagged_and_listed_in_the_calendar(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    today = dt.date.today()
    login("officer")
    response = _plan(client, consultation_id, today + dt.timedelta(days=6), today)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "MS-MEETING-NOTICE" in page
    calendar = client.get("/meetings?lang=sq").get_data(as_text=True)
    assert "Salla e Kuvendit, Istog" in calendar
    feed = client.get("/meetings.ics")
    assert feed.mimetype == "text/calendar"
    (event,) = Calendar.from_ical(feed.data).walk("VEVENT")
    assert str(event["location"]) == "Salla e Kuvendit, Istog"
    assert event.decoded("dtstart").hour == 17


def test_meeting_announced_in_time_is_not_flagged(app, client, login, make_consultation):
    consultation_id = make_consultation()
    today = dt.date.today()
    login("officer")
    response = _plan(client, consultation_id, today + dt.timedelta(days=7), today)
    assert "MS-MEETING-NOTICE" not in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_announcement_after_the_meeting_is_refused(app, client, login, make_consultation):
    consultation_id = make_consultation()
    today = dt.date.today()
    login("officer")
    response = _plan(client, consultation_id, today, today + dt.timedelta(days=1))
    assert response.status_code == 400
    assert "The announcement cannot be after the meeting." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Meeting)).all() == []


def test_proposal_raised_at_a_meeting_is_answered_and_reported(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    today = dt.date.today()
    login("officer")
    location = _plan(
        client,
        consultation_id,
        today - dt.timedelta(days=1),
        today - dt.timedelta(days=10),
        attendance_women="12",
        attendance_men="9",
    ).headers["Location"]
    with app.app_context():
        meeting_id = db.session.scalars(select(Meeting.id)).one()
    submit(
        client,
        f"/manage/draft-acts/meetings/{meeting_id}/comments",
        {"article_id": "0", "text": "Takimet pas orës 17:00.", "language": "sq", "gender": ""},
        form_url=location,
    )
    with app.app_context():
        comment = db.session.scalars(select(Comment)).one()
        assert comment.author_kind == "meeting" and comment.meeting_id == meeting_id
    page = client.get(f"/manage/draft-acts/{consultation_id}/comments").get_data(as_text=True)
    assert "Takimet pas orës 17:00." in page
    report = client.get(f"/consultations/{consultation_id}/report?lang=en").get_data(as_text=True)
    assert "Salla e Kuvendit, Istog" in report and "<td>12</td>" in report


def test_moving_a_meeting_before_its_stored_announcement_is_refused(
    app, client, login, make_consultation
):
    """The edit form keeps the stored announcement date when it is left out; the rule holds."""
    consultation_id = make_consultation()
    today = dt.date.today()
    login("officer")
    created = _plan(client, consultation_id, today + dt.timedelta(days=20), today)
    assert created.status_code == 302
    with app.app_context():
        meeting = db.session.scalars(select(Meeting)).one()
        meeting_id, held_on = meeting.id, meeting.held_on
    url = f"/manage/draft-acts/{consultation_id}/meetings/{meeting_id}"
    response = submit(
        client,
        url,
        {"held_on": (today - dt.timedelta(days=1)).isoformat(), "place": "Istog"},
        form_url=f"{url}?lang=en",
    )
    assert response.status_code in (200, 400)
    assert "The announcement cannot be after the meeting." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).held_on == held_on


def test_a_draft_acts_meeting_has_the_format_links_end_and_accessibility_of_every_meeting(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    today = dt.date.today()
    login("officer")
    day = today + dt.timedelta(days=10)
    # the rules every meeting keeps: a link for an online one, a place for one in person,
    # an end after the start, web links only
    for extra, message in (
        ({"format": "online", "place": ""}, "Enter the link to join a meeting held online."),
        ({"format": "in_person", "place": ""}, "Enter the place of a meeting held in person."),
        ({"ends_at": "17:00"}, "The meeting must end after it starts."),
        ({"format": "hybrid", "online_url": "javascript:alert(1)"}, "http"),
    ):
        refused = _plan(client, consultation_id, day, today, **extra)
        assert refused.status_code == 400, extra
        assert message in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Meeting)).all() == []
    saved = _plan(
        client,
        consultation_id,
        day,
        today,
        format="hybrid",
        ends_at="19:00",
        online_url="https://meet.example.org/istog",
        stream_url="https://video.example.org/kuvendi",
        accessibility_sq="Salla ka hyrje pa shkallë.",
        accessibility_en="<b>Step-free</b> entrance.",
    )
    assert saved.status_code == 302
    with app.app_context():
        (meeting,) = db.session.scalars(select(Meeting)).all()
        assert (meeting.format, meeting.ends_at) == ("hybrid", dt.time(19, 0))
        assert meeting.online_url == "https://meet.example.org/istog"
        assert meeting.accessibility["en"] == "<b>Step-free</b> entrance."
        meeting_id = meeting.id
    page = client.get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "https://meet.example.org/istog" in page
    assert "&lt;b&gt;Step-free&lt;/b&gt;" in page and "<b>Step-free" not in page
