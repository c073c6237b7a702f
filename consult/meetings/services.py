"""Public meetings: the calendar, the .ics feed, the meeting rules of the minimum standards,
stand-alone meetings run by the back office, and registration for a seat.

Plain functions; they `flush()` and never commit (the view commits once).
"""

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import delete, func, select

from consult.auth.models import User
from consult.core.answers import filled_texts
from consult.core.kinds import hooks
from consult.core.mail_outbox import queue_mail
from consult.core.models import Consultation, Directorate, LocalCommunity, utcnow
from consult.core.providers import PlannedMeeting
from consult.core.services import record_audit
from consult.core.standards import Finding, ms_meeting_notice, ms_meeting_review
from consult.extensions import db
from consult.i18n import LOCALES, localize, missing_languages
from consult.i18n import lazy_text as _l
from consult.meetings.formats import audience_label
from consult.meetings.models import (
    LINK_MAX_LENGTH,
    MEETING_AUDIENCES,
    MEETING_FORMATS,
    Meeting,
    MeetingRegistration,
)

#: a meeting without an end time lasts this long in calendar applications
MEETING_HOURS = 2
#: the most seats a meeting may offer
MAX_SEATS = 100_000


class MeetingRefused(Exception):
    """A meeting or a registration cannot be saved as asked; `message` says why (translated),
    `field` names the form field it is about, if one."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


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


def _published():
    """SQL: an announced meeting, stand-alone or of a published consultation."""
    return Meeting.announced_on.is_not(None) & (
        Meeting.consultation_id.is_(None)
        | Meeting.consultation_id.in_(select(Consultation.id).where(Consultation.is_public))
    )


def public_meetings(since: dt.date, until: dt.date | None = None) -> list[Meeting]:
    """Announced meetings, stand-alone or of published consultations, from `since` (to
    `until`), by date; cancelled ones included (the calendar marks them)."""
    query = select(Meeting).where(_published(), Meeting.held_on >= since)
    if until is not None:
        query = query.where(Meeting.held_on <= until)
    return list(db.session.scalars(query.order_by(Meeting.held_on, Meeting.starts_at, Meeting.id)))


def meeting_findings(
    meeting: Meeting, today: dt.date, standards: dict, unanswered: int = 0
) -> list[Finding]:
    """MS-MEETING-NOTICE for the announcement and, once held, MS-MEETING-REVIEW."""
    findings = ms_meeting_notice(meeting.announced_on, meeting.held_on, standards)
    if meeting.held_on <= today:
        findings += ms_meeting_review(meeting.held_on, today, unanswered, standards)
    return findings


# ---------------------------------------------------------------- the calendar


def planned_by_kinds(first: dt.date, last: dt.date | None = None) -> list[PlannedMeeting]:
    """Every kind's planned public meetings from `first` to `last` (the registry's
    `planned_meetings` hooks: a budget hearing's plan)."""
    found: list[PlannedMeeting] = []
    for _kind, planned in hooks("planned_meetings"):
        found.extend(planned(first, last))
    return found


@dataclass(frozen=True)
class CalendarEntry:
    """One line of the calendar and one event of the feed: a core meeting, or a meeting a
    kind has planned and not held yet."""

    #: the feed's UID: a planned meeting keeps its kind's key once held, so that calendar
    #: applications replace the event instead of showing it twice
    uid: str
    held_on: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    #: {locale: title}: the meeting's own, else its consultation's
    title: dict
    consultation: Consultation | None
    format: str
    place: str
    local_community: LocalCommunity | None
    audience: str
    online_url: str | None = None
    stream_url: str | None = None
    agenda: dict | None = None
    accessibility: dict | None = None
    #: the core meeting (None: planned by a kind, not held yet)
    meeting: Meeting | None = None
    cancelled: bool = False
    #: when the entry was made, for the feed's DTSTAMP
    stamp: dt.datetime | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.held_on, self.starts_at or dt.time.min, self.uid)


def display_title(meeting: Meeting) -> dict:
    """{locale: title}: the meeting's own, else its consultation's."""
    return meeting.title or (meeting.consultation.title if meeting.consultation else {})


def entry_of(meeting: Meeting, uid: str | None = None) -> CalendarEntry:
    """The calendar's entry of a core meeting."""
    return CalendarEntry(
        uid=uid or f"meeting-{meeting.id}",
        held_on=meeting.held_on,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        title=display_title(meeting),
        consultation=meeting.consultation,
        format=meeting.format,
        place=meeting.place,
        local_community=meeting.local_community,
        audience=meeting.audience,
        online_url=meeting.online_url,
        stream_url=meeting.stream_url,
        agenda=meeting.agenda,
        accessibility=meeting.accessibility,
        meeting=meeting,
        cancelled=meeting.is_cancelled,
        stamp=meeting.created_at,
    )


def _entry_of_plan(planned: PlannedMeeting) -> CalendarEntry:
    return CalendarEntry(
        uid=planned.key,
        held_on=planned.held_on,
        starts_at=None,
        ends_at=None,
        title=planned.consultation.title,
        consultation=planned.consultation,
        format="in_person",
        place=planned.place,
        local_community=planned.local_community,
        audience=planned.audience,
        stamp=planned.consultation.created_at,
    )


#: the local-community filter's value for meetings of the whole municipality
WHOLE_MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class CalendarFilter:
    """What the reader narrowed the calendar to: a local community (an id, or
    WHOLE_MUNICIPALITY) and an audience; empty values show everything."""

    community: str = ""
    audience: str = ""

    @classmethod
    def from_args(cls, args) -> "CalendarFilter":
        """The filter from the query string; a value that is not one of the choices is
        ignored (the calendar shows everything rather than failing)."""
        community = (args.get("community") or "").strip()
        if community != WHOLE_MUNICIPALITY and not (community.isdigit() and len(community) < 10):
            community = ""
        audience = (args.get("audience") or "").strip()
        if audience not in MEETING_AUDIENCES:
            audience = ""
        return cls(community, audience)

    @property
    def active(self) -> bool:
        return bool(self.community or self.audience)

    def keeps(self, entry: CalendarEntry) -> bool:
        if self.audience and entry.audience != self.audience:
            return False
        if self.community == WHOLE_MUNICIPALITY:
            return entry.local_community is None
        if self.community:
            return entry.local_community is not None and str(entry.local_community.id) == (
                self.community
            )
        return True

    def query_args(self) -> dict[str, str]:
        """The filter as query-string values (for the feed's link), empty ones left out."""
        return {k: v for k, v in (("community", self.community), ("audience", self.audience)) if v}


def calendar_entries(
    since: dt.date, until: dt.date | None = None, chosen: CalendarFilter | None = None
) -> list[CalendarEntry]:
    """The public meetings from `since` (to `until`) by date: announced core meetings and the
    kinds' planned ones; a planned meeting that was held shows as its core meeting, once."""
    meetings = {m.id: m for m in public_meetings(since, until)}
    uids: dict[int, str] = {}
    entries: list[CalendarEntry] = []
    for planned in planned_by_kinds(since, until):
        if planned.meeting_id is None:
            entries.append(_entry_of_plan(planned))
            continue
        uids[planned.meeting_id] = planned.key
        if planned.meeting_id not in meetings:  # held, though the plan never announced it
            meeting = db.session.get(Meeting, planned.meeting_id)
            if meeting is not None:
                meetings[meeting.id] = meeting
    entries.extend(entry_of(m, uids.get(m.id)) for m in meetings.values())
    chosen = chosen or CalendarFilter()
    return sorted((e for e in entries if chosen.keeps(e)), key=lambda e: e.sort_key)


def is_public(meeting: Meeting) -> bool:
    """Whether the public may see `meeting`: announced (or held as a kind's planned meeting,
    which is public once planned) and stand-alone or of a published consultation."""
    if meeting.consultation is not None and not meeting.consultation.is_public:
        return False
    if meeting.announced_on is not None:
        return True
    if meeting.consultation is None:
        return False
    planned = planned_by_kinds(meeting.held_on, meeting.held_on)
    return any(p.meeting_id == meeting.id for p in planned)


def audiences_and_communities() -> tuple[list[str], list[LocalCommunity]]:
    """What the calendar's filters offer: every audience, and the local communities."""
    communities = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id)).all()
    return list(MEETING_AUDIENCES), list(communities)


# ---------------------------------------------------------------- the .ics feed


def local_start(held_on: dt.date, starts_at: dt.time | None, timezone: str) -> dt.datetime:
    """When a meeting starts, in the municipality's time zone (the day's start without a
    time)."""
    return dt.datetime.combine(held_on, starts_at or dt.time.min, tzinfo=ZoneInfo(timezone))


def _description(entry: CalendarEntry, page_url: str) -> str:
    parts = [
        localize(entry.agenda).text if entry.agenda else "",
        _("Audience: %(audience)s", audience=audience_label(entry.audience)),
    ]
    if entry.accessibility:
        accessibility = localize(entry.accessibility).text
        if accessibility:
            parts.append(_("Accessibility: %(notes)s", notes=accessibility))
    if entry.online_url and entry.format != "in_person":
        parts.append(_("Join online: %(link)s", link=entry.online_url))
    if entry.stream_url:
        parts.append(_("Stream or recording: %(link)s", link=entry.stream_url))
    if entry.cancelled and entry.meeting is not None:
        parts.insert(0, _("This meeting is cancelled."))
    parts.append(page_url)
    return "\n\n".join(part for part in parts if part)


def _location(entry: CalendarEntry) -> str:
    if entry.format == "online":
        return entry.online_url or ""
    where = [entry.place]
    if entry.local_community is not None:
        where.append(localize(entry.local_community.name).text)
    return ", ".join(part for part in where if part)


def calendar_ics(
    entries: Iterable[CalendarEntry],
    url_for_entry: Callable[[CalendarEntry], str],
    timezone: str,
    name: str,
) -> bytes:
    """An iCalendar feed of `entries`; `url_for_entry(entry)` gives each one's page."""
    calendar = Calendar()
    calendar.add("prodid", "-//consult//public meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    for entry in entries:
        page = url_for_entry(entry)
        event = Event()
        event.add("uid", f"{entry.uid}@consult")
        event.add("summary", localize(entry.title).text)
        location = _location(entry)
        if location:
            event.add("location", location)
        event.add("description", _description(entry, page))
        event.add("url", page)
        event.add("dtstamp", (entry.stamp or utcnow()).replace(tzinfo=dt.UTC))
        if entry.cancelled:
            event.add("status", "CANCELLED")
        if entry.starts_at is None:
            event.add("dtstart", entry.held_on)
            event.add("dtend", entry.held_on + dt.timedelta(days=1))
        else:
            start = local_start(entry.held_on, entry.starts_at, timezone)
            end = (
                dt.datetime.combine(entry.held_on, entry.ends_at, tzinfo=start.tzinfo)
                if entry.ends_at is not None
                else start + dt.timedelta(hours=MEETING_HOURS)
            )
            event.add("dtstart", start)
            event.add("dtend", end)
        calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for Europe/Belgrade, as RFC 5545 asks
    return calendar.to_ical()


# ---------------------------------------------------------------- links


_SCHEMES = ("http", "https")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def web_link(value: str | None, field: str | None = None) -> str | None:
    """A link people may follow from a public page: http or https to a host name, nothing
    else (no javascript:, data:, file: or relative addresses); None when left empty."""
    value = (value or "").strip()
    if not value:
        return None
    refused = MeetingRefused(
        _l(
            "Enter a web address that starts with %(https)s or %(http)s.",
            https="https://",
            http="http://",
        ),
        field,
    )
    if len(value) > LINK_MAX_LENGTH or _SPACE_OR_CONTROL.search(value):
        raise refused
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
    except ValueError as error:
        raise refused from error
    if parts.scheme.lower() not in _SCHEMES or not hostname or parts.username or "\\" in value:
        raise refused
    # the scheme as the database's rule reads it (lower case)
    return parts.scheme.lower() + value[len(parts.scheme) :]


# ---------------------------------------------------------------- the back office


def may_manage(user: User, meeting: Meeting) -> bool:
    """Admins and the Public Information Office (an officer without a directorate) manage
    every meeting; an officer with a directorate, their directorate's."""
    if user.role == "admin":
        return True
    if user.role != "officer":
        return False
    return user.directorate_id is None or user.directorate_id == meeting.owner_directorate_id


def organisers_for(user: User) -> list[Directorate | None]:
    """The organisers a user may give a new meeting: every directorate and none (the Public
    Information Office, the Mayor's office, the Assembly), or only their own directorate."""
    if user.role == "officer" and user.directorate_id is not None:
        return [db.session.get(Directorate, user.directorate_id)]
    return [None, *db.session.scalars(select(Directorate).order_by(Directorate.code))]


def standalone_meetings(user: User) -> list[Meeting]:
    """The stand-alone meetings `user` manages, the latest first."""
    query = select(Meeting).where(Meeting.consultation_id.is_(None))
    if user.role == "officer" and user.directorate_id is not None:
        query = query.where(Meeting.directorate_id == user.directorate_id)
    return list(db.session.scalars(query.order_by(Meeting.held_on.desc(), Meeting.id.desc())))


@dataclass(frozen=True)
class MeetingPlan:
    """What an officer types for a stand-alone meeting."""

    title: dict
    directorate_id: int | None
    format: str
    audience: str
    local_community_id: int | None
    held_on: dt.date
    starts_at: dt.time
    ends_at: dt.time | None
    place: str
    online_url: str | None
    stream_url: str | None
    agenda: dict
    accessibility: dict
    registration: bool
    seat_limit: int | None


#: what a change of which registrants hear
_NOTICED_FIELDS = ("held_on", "starts_at", "ends_at", "place", "format", "online_url")


def checked_how_and_when(
    format_: str,
    place: str,
    online_url: str | None,
    stream_url: str | None,
    starts_at: dt.time | None,
    ends_at: dt.time | None,
) -> tuple[str, str | None, str | None]:
    """The rules every meeting's format, place, links and times keep, a stand-alone one or a
    consultation's: (the place with its spaces tidied, the online link, the stream link), or
    MeetingRefused naming the field."""
    if format_ not in MEETING_FORMATS:
        raise MeetingRefused(_l("Choose a format from the list."), "format")
    if ends_at is not None and starts_at is None:
        raise MeetingRefused(_l("Enter the time it starts."), "starts_at")
    if ends_at is not None and ends_at <= starts_at:
        raise MeetingRefused(_l("The meeting must end after it starts."), "ends_at")
    place = " ".join((place or "").split())
    online_url = web_link(online_url, "online_url")
    stream_url = web_link(stream_url, "stream_url")
    if format_ in ("in_person", "hybrid") and not place:
        raise MeetingRefused(_l("Enter the place of a meeting held in person."), "place")
    if format_ in ("online", "hybrid") and not online_url:
        raise MeetingRefused(_l("Enter the link to join a meeting held online."), "online_url")
    return place, online_url, stream_url


def save_standalone(
    meeting: Meeting | None, plan: MeetingPlan, user: User, today: dt.date
) -> tuple[Meeting, bool]:
    """Create or update a stand-alone meeting from `plan`; (meeting, whether what its
    registrants were told changed: day, time, place, format or link)."""
    if meeting is not None and meeting.is_cancelled:
        raise MeetingRefused(_l("A cancelled meeting cannot be changed."))
    title = filled_texts(plan.title)
    if not title.get("sq"):
        raise MeetingRefused(_l("Enter the title in Albanian."), "title_sq")
    if plan.audience not in MEETING_AUDIENCES:
        raise MeetingRefused(_l("Choose an audience from the list."), "audience")
    if plan.directorate_id not in {d.id if d else None for d in organisers_for(user)}:
        raise MeetingRefused(_l("Choose an organiser from the list."), "directorate_id")
    if (
        plan.local_community_id is not None
        and db.session.get(LocalCommunity, plan.local_community_id) is None
    ):
        raise MeetingRefused(_l("Choose a local community from the list."), "local_community_id")
    place, online_url, stream_url = checked_how_and_when(
        plan.format, plan.place, plan.online_url, plan.stream_url, plan.starts_at, plan.ends_at
    )
    seat_limit = plan.seat_limit if plan.registration else None
    if seat_limit is not None and not 0 < seat_limit <= MAX_SEATS:
        raise MeetingRefused(_l("Enter a number of seats from 1 up."), "seat_limit")
    announced = meeting is not None and meeting.announced_on is not None
    if announced and plan.held_on < meeting.announced_on:
        raise MeetingRefused(_l("The announcement cannot be after the meeting."), "held_on")
    if announced and plan.held_on != meeting.held_on and plan.held_on < today:
        raise MeetingRefused(
            _l("An announced meeting cannot be moved to a day that has passed."), "held_on"
        )
    if meeting is not None and seat_limit is not None:
        taken = seats_taken(meeting, utcnow())
        if taken > seat_limit:
            raise MeetingRefused(
                _l(
                    "More people have registered (%(taken)s) than this number of seats.",
                    taken=taken,
                ),
                "seat_limit",
            )
    if meeting is not None and not plan.registration and registrations_of(meeting):
        raise MeetingRefused(
            _l("People have registered: registration cannot be switched off any more."),
            "registration",
        )
    before = {name: getattr(meeting, name) for name in _NOTICED_FIELDS} if meeting else {}
    saved = save_meeting(
        meeting or Meeting(consultation_id=None),
        title=title,
        directorate_id=plan.directorate_id,
        format=plan.format,
        audience=plan.audience,
        local_community_id=plan.local_community_id,
        held_on=plan.held_on,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        place=place,
        online_url=online_url,
        stream_url=stream_url,
        agenda=filled_texts(plan.agenda),
        accessibility=filled_texts(plan.accessibility),
        registration=plan.registration,
        seat_limit=seat_limit,
    )
    record_audit("meeting.save", f"meeting:{saved.id}", user.id)
    changed = announced and any(getattr(saved, k) != v for k, v in before.items())
    return saved, changed


def announcement_gaps(meeting: Meeting, today: dt.date) -> list[object]:
    """What keeps `meeting` from being announced (translated messages; empty when ready):
    the title and agenda in every official language (OFFICIAL_LANGUAGES), a day not past."""
    gaps = []
    if missing_languages(meeting.title):
        gaps.append(_l("The title is missing in some official languages."))
    if missing_languages(meeting.agenda):
        gaps.append(_l("The agenda is missing in some official languages."))
    if meeting.held_on < today:
        gaps.append(_l("The day of the meeting has passed."))
    return gaps


def announce(meeting: Meeting, today: dt.date, actor_id: int | None) -> None:
    """Publish the meeting on the calendar, today (MS-MEETING-NOTICE counts from it)."""
    if meeting.announced_on is not None:
        raise MeetingRefused(_l("The meeting is announced already."))
    gaps = announcement_gaps(meeting, today)
    if gaps:
        raise MeetingRefused(gaps[0])
    meeting.announced_on = today
    db.session.flush()
    record_audit("meeting.announce", f"meeting:{meeting.id}", actor_id)


def delete_meeting(meeting: Meeting, actor_id: int | None) -> None:
    """Delete a stand-alone meeting that was never announced (nobody knows of it yet)."""
    if meeting.announced_on is not None:
        raise MeetingRefused(_l("An announced meeting is cancelled, not deleted."))
    record_audit("meeting.delete", f"meeting:{meeting.id}", actor_id)
    db.session.delete(meeting)
    db.session.flush()


def cancel(
    meeting: Meeting,
    reason: dict,
    today: dt.date,
    actor_id: int | None,
    page_url: str,
) -> int:
    """Call off an announced meeting that has not taken place: it stays on the calendar,
    marked, with the reason; everyone registered is told in their language and their
    registration deleted. Returns how many were told."""
    if meeting.is_cancelled:
        raise MeetingRefused(_l("The meeting is cancelled already."))
    if meeting.announced_on is None:
        raise MeetingRefused(_l("A meeting not announced yet is deleted, not cancelled."))
    if meeting.held_on < today:
        raise MeetingRefused(_l("A meeting that has taken place cannot be cancelled."))
    meeting.cancelled_at = utcnow()
    meeting.cancel_reason = filled_texts(reason)
    told = 0
    for registration in registrations_of(meeting):
        with force_locale(registration.locale):
            title = localize(display_title(meeting), registration.locale).text
            why = localize(meeting.cancel_reason, registration.locale).text
            body = _(
                "“%(title)s” on %(when)s is cancelled.\n\n%(reason)s\n\nYour registration is "
                "deleted. The meeting's page: %(link)s",
                title=title,
                when=when_text(meeting),
                reason=why,
                link=page_url,
            )
            queue_mail(registration.email, _("Cancelled: %(title)s", title=title), body)
        told += 1
    db.session.execute(
        delete(MeetingRegistration).where(MeetingRegistration.meeting_id == meeting.id)
    )
    db.session.flush()
    record_audit("meeting.cancel", f"meeting:{meeting.id}", actor_id, told=told)
    return told


def notify_change(meeting: Meeting, page_url: str) -> int:
    """Tell everyone registered that the day, time, place, format or link changed."""
    told = 0
    for registration in registrations_of(meeting):
        with force_locale(registration.locale):
            title = localize(display_title(meeting), registration.locale).text
            body = _(
                "“%(title)s” has changed. It is now on %(when)s.\n\nWhere: %(where)s\n\n"
                "Everything about the meeting: %(link)s\n\nTo cancel your registration, follow "
                "the cancellation link in the e-mail you received when you registered.",
                title=title,
                when=when_text(meeting),
                where=where_text(meeting),
                link=page_url,
            )
            queue_mail(registration.email, _("Changed: %(title)s", title=title), body)
        told += 1
    return told


def record_minutes(
    meeting: Meeting,
    minutes: dict,
    attendance: tuple[int | None, int | None, int | None],
    today: dt.date,
    actor_id: int | None,
) -> None:
    """After the meeting: its minutes and the people present by gender (women, men, other)."""
    if meeting.is_cancelled:
        raise MeetingRefused(_l("A cancelled meeting has no minutes."))
    if meeting.held_on > today:
        raise MeetingRefused(_l("Minutes are recorded on or after the day of the meeting."))
    counts = tuple(int(n or 0) for n in attendance)
    if any(n < 0 for n in counts):
        raise MeetingRefused(_l("The number of people present cannot be negative."))
    if not sum(counts):
        raise MeetingRefused(_l("Enter how many people were present."))
    minutes = filled_texts(minutes)
    if not minutes:
        raise MeetingRefused(_l("Write the minutes of the meeting."))
    meeting.minutes = minutes
    meeting.attendance_women, meeting.attendance_men, meeting.attendance_other = counts
    db.session.flush()
    record_audit(
        "meeting.minutes", f"meeting:{meeting.id}", actor_id, attendance=meeting.attendance
    )


def when_text(meeting: Meeting) -> str:
    """The day and time of a meeting as a sentence's part, in the current language."""
    day = format_date(meeting.held_on, "full")
    if meeting.starts_at is None:
        return day
    if meeting.ends_at is None:
        return f"{day}, {meeting.starts_at:%H:%M}"
    return f"{day}, {meeting.starts_at:%H:%M}–{meeting.ends_at:%H:%M}"


def where_text(meeting: Meeting) -> str:
    """Where to go or what to follow, as a sentence's part, in the current language."""
    parts = []
    if meeting.format != "online" and meeting.place:
        parts.append(meeting.place)
    if meeting.format != "in_person" and meeting.online_url:
        parts.append(_("online: %(link)s", link=meeting.online_url))
    return "; ".join(parts)


# ---------------------------------------------------------------- registration


class MeetingFull(MeetingRefused):
    """Every seat is taken (or held for someone who has not confirmed yet)."""

    def __init__(self) -> None:
        super().__init__(_l("This meeting is full: every seat is taken."))


def _hold() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["MEETING_SEAT_HOLD_MINUTES"])


def _link_life() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["MEETING_CONFIRM_LINK_HOURS"])


def _active(now: dt.datetime):
    """SQL: a registration that holds a seat: confirmed, or asked for within the hold."""
    return MeetingRegistration.confirmed_at.is_not(None) | (
        MeetingRegistration.created_at > now - _hold()
    )


def seats_taken(meeting: Meeting, now: dt.datetime, leaving_out: int | None = None) -> int:
    """Seats confirmed or held for an unconfirmed registration that has not lapsed."""
    query = select(func.count()).where(MeetingRegistration.meeting_id == meeting.id, _active(now))
    if leaving_out is not None:
        query = query.where(MeetingRegistration.id != leaving_out)
    return db.session.scalar(query) or 0


def seats_left(meeting: Meeting, now: dt.datetime) -> int | None:
    """Seats still free (None without a limit)."""
    if meeting.seat_limit is None:
        return None
    return max(meeting.seat_limit - seats_taken(meeting, now), 0)


def registration_closes(meeting: Meeting) -> dt.datetime:
    """When registration ends: when the meeting starts (naive UTC, as stored times are)."""
    start = local_start(
        meeting.held_on, meeting.starts_at, current_app.config["BABEL_DEFAULT_TIMEZONE"]
    )
    return start.astimezone(dt.UTC).replace(tzinfo=None)


def registration_state(meeting: Meeting, now: dt.datetime) -> str | None:
    """None (no registration), "closed" (cancelled, not announced or started), "full" or
    "open"."""
    if not meeting.registration:
        return None
    if meeting.is_cancelled or meeting.announced_on is None or now >= registration_closes(meeting):
        return "closed"
    left = seats_left(meeting, now)
    return "full" if left == 0 else "open"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lock(meeting: Meeting) -> None:
    """Take the meeting's row lock (PostgreSQL: SELECT … FOR UPDATE) for the rest of the
    transaction: two registrations for its last seat then count one after the other. SQLite
    lets only one transaction write at a time, which serialises them the same way."""
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())


@dataclass(frozen=True)
class Registered:
    """What a registration produced: the links' tokens to send (shown to nobody else).
    `confirm_token` is None when the address was confirmed for the meeting already."""

    registration: MeetingRegistration
    confirm_token: str | None
    cancel_token: str


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise MeetingRefused(_l("Enter your name."), "name")
    if len(name) > 200:
        raise MeetingRefused(_l("The name is too long."), "name")
    return name


def register(meeting: Meeting, name: str, email: str, locale: str, now: dt.datetime) -> Registered:
    """Ask for a seat: under the meeting's lock, refused when every seat is taken (confirmed
    or held); a new or renewed registration holds a seat until MEETING_SEAT_HOLD_MINUTES have
    passed. Registering an address again renews its links (the old ones stop working); one
    confirmed already keeps its seat and only gets a new cancellation link."""
    name, email = _name(name), (email or "").strip().lower()
    if not email or len(email) > 254:
        raise MeetingRefused(_l("Enter a valid e-mail address."), "email")
    if locale not in LOCALES:
        locale = "sq"
    state = registration_state(meeting, now)
    if state is None or state == "closed":
        raise MeetingRefused(_l("Registration for this meeting is closed."))
    _lock(meeting)
    if meeting.seat_limit is not None and seats_taken(meeting, now) >= meeting.seat_limit:
        raise MeetingFull()
    registration = db.session.scalar(
        select(MeetingRegistration).where(
            MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.email == email
        )
    )
    cancel_token = secrets.token_urlsafe(32)
    if registration is not None and registration.confirmed_at is not None:
        registration.cancel_hash = _token_hash(cancel_token)
        registration.locale = locale
        db.session.flush()
        return Registered(registration, None, cancel_token)
    confirm_token = secrets.token_urlsafe(32)
    if registration is None:
        registration = MeetingRegistration(meeting_id=meeting.id, email=email)
        db.session.add(registration)
    registration.name, registration.locale, registration.created_at = name, locale, now
    registration.confirm_hash = _token_hash(confirm_token)
    registration.cancel_hash = _token_hash(cancel_token)
    db.session.flush()
    return Registered(registration, confirm_token, cancel_token)


def queue_registration_mail(
    registered: Registered, confirm_url: Callable[[str], str], cancel_url: Callable[[str], str]
) -> None:
    """The e-mail with the links, in the language the person registered in."""
    registration = registered.registration
    meeting = registration.meeting
    with force_locale(registration.locale):
        title = localize(display_title(meeting), registration.locale).text
        if registered.confirm_token is None:
            subject = _("You are registered: %(title)s", title=title)
            body = _(
                "You are registered for “%(title)s” on %(when)s.\n\nWhere: %(where)s\n\n"
                "To cancel your registration: %(cancel)s\n\nIf you did not ask for this, "
                "ignore this message.",
                title=title,
                when=when_text(meeting),
                where=where_text(meeting),
                cancel=cancel_url(registered.cancel_token),
            )
        else:
            held_until = registration.created_at + _hold()
            subject = _("Confirm your seat: %(title)s", title=title)
            body = _(
                "You asked for a seat at “%(title)s” on %(when)s.\n\nWhere: %(where)s\n\n"
                "Your seat is held until %(held_until)s. Follow this link to confirm it:\n"
                "%(confirm)s\n\nTo cancel your registration: %(cancel)s\n\n"
                "If you did not ask for this, ignore this message: the seat is released.",
                title=title,
                when=when_text(meeting),
                where=where_text(meeting),
                held_until=format_datetime(held_until, "short"),
                confirm=confirm_url(registered.confirm_token),
                cancel=cancel_url(registered.cancel_token),
            )
        queue_mail(registration.email, subject, body)


#: what following a confirmation link did
CONFIRMED, EXPIRED, FILLED, CLOSED = "confirmed", "expired", "filled", "closed"


def _by_token(column, token: str) -> MeetingRegistration | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(MeetingRegistration).where(column == _token_hash(token)))


def confirm(token: str, now: dt.datetime) -> tuple[str, Meeting] | None:
    """Follow a confirmation link: (what happened, the meeting), or None for a link that is
    not (or no longer) valid. A link works once, within MEETING_CONFIRM_LINK_HOURS; once the
    seat's hold has lapsed, it confirms only if a seat is still free."""
    registration = _by_token(MeetingRegistration.confirm_hash, token)
    if registration is None:
        return None
    meeting = registration.meeting
    if registration.created_at <= now - _link_life():
        return EXPIRED, meeting
    if registration_state(meeting, now) in (None, "closed"):
        return CLOSED, meeting
    _lock(meeting)
    lapsed = registration.created_at <= now - _hold()
    if (
        lapsed
        and meeting.seat_limit is not None
        and seats_taken(meeting, now, leaving_out=registration.id) >= meeting.seat_limit
    ):
        db.session.delete(registration)
        db.session.flush()
        return FILLED, meeting
    registration.confirmed_at = now
    registration.confirm_hash = None
    db.session.flush()
    return CONFIRMED, meeting


def registration_to_cancel(token: str) -> MeetingRegistration | None:
    """The registration a cancellation link is for (None: not, or no longer, valid)."""
    return _by_token(MeetingRegistration.cancel_hash, token)


def cancel_registration(registration: MeetingRegistration) -> Meeting:
    """Give the seat back: the registration and its address are deleted."""
    meeting = registration.meeting
    db.session.delete(registration)
    db.session.flush()
    return meeting


def registrations_of(meeting: Meeting) -> list[MeetingRegistration]:
    """Everyone registered for `meeting` (confirmed or not), by name."""
    query = select(MeetingRegistration).where(MeetingRegistration.meeting_id == meeting.id)
    return list(
        db.session.scalars(query.order_by(MeetingRegistration.name, MeetingRegistration.id))
    )


def is_holding(registration: MeetingRegistration, now: dt.datetime) -> bool:
    """Whether a registration holds a seat now (confirmed, or within its hold)."""
    return registration.confirmed_at is not None or registration.created_at > now - _hold()
