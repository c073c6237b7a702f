"""Public meetings: the calendar, the .ics feed and the meeting rules of the minimum standards.

Plain functions; they `flush()` and never commit.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import select

from consult.core.models import Consultation
from consult.core.standards import Finding, ms_meeting_notice, ms_meeting_review
from consult.extensions import db
from consult.i18n import localize
from consult.meetings.models import Meeting

#: a meeting without a start time lasts the whole day; one with a time, this long
MEETING_HOURS = 2


def save_meeting(meeting: Meeting, **fields) -> Meeting:
    """Create or update a meeting from plain values."""
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.id is None:
        db.session.add(meeting)
    db.session.flush()
    return meeting


def meetings_of(consultation: Consultation) -> list[Meeting]:
    """A consultation's meetings by date."""
    query = select(Meeting).where(Meeting.consultation_id == consultation.id)
    return list(db.session.scalars(query.order_by(Meeting.held_on, Meeting.starts_at)))


def public_meetings(since: dt.date) -> list[Meeting]:
    """Announced meetings of published consultations on or after `since`, by date."""
    query = (
        select(Meeting)
        .join(Consultation, Consultation.id == Meeting.consultation_id)
        .where(
            Consultation.is_public,
            Meeting.announced_on.is_not(None),
            Meeting.held_on >= since,
        )
        .order_by(Meeting.held_on, Meeting.starts_at, Meeting.id)
    )
    return list(db.session.scalars(query))


def meeting_findings(
    meeting: Meeting, today: dt.date, standards: dict, unanswered: int = 0
) -> list[Finding]:
    """MS-MEETING-NOTICE for the announcement and, once held, MS-MEETING-REVIEW."""
    findings = ms_meeting_notice(meeting.announced_on, meeting.held_on, standards)
    if meeting.held_on <= today:
        findings += ms_meeting_review(meeting.held_on, today, unanswered, standards)
    return findings


def calendar_ics(meetings: list[Meeting], url_for_meeting, timezone: str, name: str) -> bytes:
    """An iCalendar feed of `meetings`; `url_for_meeting(meeting)` gives each one's page."""
    calendar = Calendar()
    calendar.add("prodid", "-//consult//public meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    zone = ZoneInfo(timezone)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.id}@consult")
        event.add("summary", localize(meeting.consultation.title).text)
        event.add("location", meeting.place)
        event.add("description", localize(meeting.agenda).text)
        event.add("url", url_for_meeting(meeting))
        event.add("dtstamp", meeting.created_at.replace(tzinfo=dt.UTC))
        if meeting.starts_at is None:
            event.add("dtstart", meeting.held_on)
            event.add("dtend", meeting.held_on + dt.timedelta(days=1))
        else:
            start = dt.datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(hours=MEETING_HOURS))
        calendar.add_component(event)
    return calendar.to_ical()
