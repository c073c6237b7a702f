"""The audit log as the chair and administrators read it: filtered by who, what, consultation
and day, a page at a time, and as CSV.

What it shows of an entry: when, who (a staff member by name and role; an organisation's
account by its organisation, not its representative; "the public" or "the system" when no one
signed in), the kind of action, what it was about (a consultation by its title, an account by
its holder's name) and the reason given. It never shows an entry's details: they may hold what
a citizen typed. Nothing in the log links a voter or a staff member to a ballot or an answer:
votes and survey answers are never audit-logged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from consult.auth.models import User
from consult.core.labels import ROLE_LABELS
from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.i18n import Localized, localize
from consult.i18n import lazy_text as _l

PAGE_SIZE = 50
#: what an action is about, by the word before its dot
ACTION_GROUPS = {
    "consultation": _l("Consultation"),
    "document": _l("Document"),
    "comment": _l("Comments"),
    "draft_act": _l("Draft act"),
    "hearing": _l("Budget hearing"),
    "poll": _l("Poll"),
    "survey": _l("Survey"),
    "meeting": _l("Meeting"),
    "audience": _l("Audience lists"),
    "plan": _l("Annual plan"),
    "report": _l("Report"),
    "export": _l("Download"),
    "user": _l("Accounts"),
    "personal_data": _l("Personal data"),
}
_TARGET = re.compile(r"(consultation|user):(\d+)$")


@dataclass(frozen=True)
class AuditFilter:
    """What the reader chose: an actor, a group of actions, a consultation, a span of days."""

    actor_id: int | None = None
    group: str = ""
    consultation_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args) -> AuditFilter:
        """The filter from a query string; a value that makes no sense is ignored."""
        return cls(
            actor_id=_number(args.get("actor")),
            group=args.get("what", "") if args.get("what", "") in ACTION_GROUPS else "",
            consultation_id=_number(args.get("consultation")),
            since=_day(args.get("since")),
            until=_day(args.get("until")),
            page=max(1, _number(args.get("page")) or 1),
        )


def _number(value: str | None) -> int | None:
    if value and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


@dataclass(frozen=True)
class AuditRow:
    """One entry as it is shown."""

    at: dt.datetime
    who: str
    group: str
    action: str
    about: str
    consultation_id: int | None
    reason: str
    #: the language a consultation's title is shown in (it may not be the reader's)
    about_locale: str | None = None

    @property
    def what_and_why(self) -> tuple[str, str, str]:
        """The action's code, what it was about and the reason given."""
        return self.action, self.about, self.reason


def _query(chosen: AuditFilter) -> Select:
    query = select(AuditLog)
    if chosen.actor_id is not None:
        query = query.where(AuditLog.actor_id == chosen.actor_id)
    if chosen.group:
        query = query.where(AuditLog.action.like(f"{chosen.group}.%"))
    if chosen.consultation_id is not None:
        query = query.where(AuditLog.target == f"consultation:{chosen.consultation_id}")
    if chosen.since is not None:
        query = query.where(AuditLog.at >= dt.datetime.combine(chosen.since, dt.time()))
    if chosen.until is not None:
        end = dt.datetime.combine(chosen.until + dt.timedelta(days=1), dt.time())
        query = query.where(AuditLog.at < end)
    return query


def count(chosen: AuditFilter) -> int:
    """How many entries match."""
    return db.session.scalar(select(func.count()).select_from(_query(chosen).subquery()))


def _who(actor: User | None) -> str:
    if actor is None:
        return str(_l("The public or the system"))
    if actor.role == "cso":
        organisation = actor.organisation.name if actor.organisation else ""
        return f"{organisation} ({_l('Organisation')})"
    return f"{actor.name} ({ROLE_LABELS[actor.role]})"


def rows(chosen: AuditFilter, everything: bool = False) -> list[AuditRow]:
    """The matching entries, newest first: one page, or `everything` (the CSV)."""
    query = _query(chosen).order_by(AuditLog.at.desc(), AuditLog.id.desc())
    if not everything:
        query = query.limit(PAGE_SIZE).offset((chosen.page - 1) * PAGE_SIZE)
    entries = db.session.scalars(query).all()
    targets = {_TARGET.match(e.target or "") for e in entries} - {None}
    titles = _titles({int(m[2]) for m in targets if m[1] == "consultation"})
    people = _people(
        {int(m[2]) for m in targets if m[1] == "user"} | {e.actor_id for e in entries if e.actor_id}
    )
    shown = []
    for entry in entries:
        match = _TARGET.match(entry.target or "")
        about, consultation_id, about_locale = entry.target or "", None, None
        if match and match[1] == "consultation":
            consultation_id = int(match[2])
            if consultation_id in titles:
                about, about_locale = titles[consultation_id].text, titles[consultation_id].locale
        elif match and match[1] == "user" and int(match[2]) in people:
            about = _who(people[int(match[2])])
        group = entry.action.partition(".")[0]
        shown.append(
            AuditRow(
                at=entry.at,
                who=_who(people.get(entry.actor_id)) if entry.actor_id else _who(None),
                group=str(ACTION_GROUPS.get(group, group)),
                action=entry.action,
                about=about,
                consultation_id=consultation_id,
                reason=entry.reason or "",
                about_locale=about_locale,
            )
        )
    return shown


def _titles(ids: set[int]) -> dict[int, Localized]:
    if not ids:
        return {}
    found = db.session.execute(
        select(Consultation.id, Consultation.title).where(Consultation.id.in_(ids))
    ).all()
    return {number: localize(title) for number, title in found}


def _people(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def actors() -> list[User]:
    """Everyone who appears in the log as its actor, for the "who" filter."""
    ids = select(AuditLog.actor_id).where(AuditLog.actor_id.is_not(None)).distinct()
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def consultations() -> list[tuple[int, Localized]]:
    """Every consultation, for the "consultation" filter, newest first: its title in the
    language it is shown in (an option carries that language)."""
    found = db.session.execute(
        select(Consultation.id, Consultation.title).order_by(Consultation.id.desc())
    ).all()
    return [(number, localize(title)) for number, title in found]
