"""Consultations, their readiness for publication, and the audit log.

Services change the session and `flush()`; the view commits once per request.
"""

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import Date, Select, bindparam, func, select
from sqlalchemy.orm import defer

from consult.core import providers
from consult.core.events import log_event
from consult.core.kinds import hooks
from consult.core.models import AuditLog, Consultation, utcnow
from consult.extensions import db
from consult.i18n import lazy_text as _l
from consult.i18n import missing_languages


def record_audit(
    action: str, target: str = "", actor_id: int | None = None, reason: str = "", **details
) -> AuditLog:
    """Add an audit-log entry for `action` on `target` (flushed with the request's work), and
    write it as an event line (its action, target and actor; never its details or reason,
    which may hold what someone typed)."""
    entry = AuditLog(
        action=action, target=target, actor_id=actor_id, reason=reason, details=details
    )
    db.session.add(entry)
    db.session.flush()
    log_event(f"audit.{action}", target=target or None, actor=actor_id)
    return entry


def log_export(kind: str, target: str = "", actor_id: int | None = None, **details) -> AuditLog:
    """Audit-log a download of `kind` (e.g. "consultations_csv", "report_pdf") of `target`
    (e.g. "consultation:12"); the actor is the signed-in user unless `actor_id` is given,
    and nobody for the public. `details` (filters, locale, format) are stored as given.

    One row per download per day is enough: the same download (kind, target and details) by
    the same user, or by the public, later on the same day (UTC) adds no row and returns the
    first one. Two downloads at the same instant may still both be written."""
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    action = f"export.{kind}"
    earlier = _download_today(action, target, actor_id, details)
    if earlier is not None:
        return earlier
    return record_audit(action, target, actor_id, **details)


def _download_today(
    action: str, target: str, actor_id: int | None, details: dict
) -> AuditLog | None:
    """The audit row of the same download by the same actor since midnight (UTC), if any."""
    midnight = dt.datetime.combine(utcnow().date(), dt.time())
    query = select(AuditLog).where(
        AuditLog.action == action,
        AuditLog.target == target,
        AuditLog.actor_id.is_(None) if actor_id is None else AuditLog.actor_id == actor_id,
        AuditLog.at >= midnight,
    )
    wanted = _as_stored(details)
    return next((row for row in db.session.scalars(query) if row.details == wanted), None)


def _as_stored(details: dict) -> object:
    """`details` as the JSON column gives them back (tuples become lists, keys strings)."""
    return json.loads(json.dumps(details, default=str))


@dataclass(frozen=True)
class Gap:
    """Something a consultation still lacks before it can be published."""

    field: str
    message: str
    languages: tuple[str, ...] = ()


_FIELD_LABELS = {"title": _l("Title"), "summary": _l("Summary"), "body": _l("Announcement text")}


def publication_gaps(consultation: Consultation, official: list[str]) -> list[Gap]:
    """Everything missing before `consultation` may be published: languages, contact, dates."""
    gaps = [
        Gap(
            field,
            _l("%(field)s is missing in some official languages.", field=label),
            tuple(missing),
        )
        for field, label in _FIELD_LABELS.items()
        if (missing := missing_languages(getattr(consultation, field), official))
    ]
    if not consultation.contact_name or not consultation.contact_email:
        gaps.append(Gap("contact", _l("The contact official's name and e-mail are missing.")))
    if consultation.directorate_id is None:
        gaps.append(Gap("directorate", _l("No responsible directorate is chosen.")))
    gaps.extend(_date_gaps(consultation))
    return gaps


def _date_gaps(consultation: Consultation) -> list[Gap]:
    gaps = []
    if consultation.opens_at is None or consultation.closes_at is None:
        gaps.append(Gap("dates", _l("The opening and closing dates are missing.")))
    if consultation.notice_at is None:
        gaps.append(Gap("notice_at", _l("The date of the preliminary notice is missing.")))
    return gaps


@dataclass(frozen=True)
class ConsultationFilter:
    """What a reader narrowed the public list to."""

    kind: str | None = None
    directorate_id: int | None = None
    #: the year a consultation counts in (`Consultation.counted_year`)
    year: int | None = None


def _public_query(filters: ConsultationFilter, query: Select | None = None) -> Select:
    """`query` (all public consultations by default) narrowed by `filters`."""
    if query is None:
        query = select(Consultation).where(Consultation.is_public)
    if filters.kind:
        query = query.where(Consultation.kind == filters.kind)
    if filters.directorate_id:
        query = query.where(Consultation.directorate_id == filters.directorate_id)
    if filters.year:
        query = query.where(Consultation.counted_year == filters.year)
    return query


@cache
def _home_statement() -> Select:
    """Every published consultation that is open, upcoming or recently closed on `:today`
    (closed on `:cutoff` or later), by id. Built once: the page's statements are the same at
    every request but for the two dates, and building one (and its cache key) was a tenth of
    the home page's time (#23)."""
    today = bindparam("today", type_=Date)
    cutoff = bindparam("cutoff", type_=Date)
    running = Consultation.status.in_(RUNNING)
    is_open = (
        running
        & (Consultation.opens_at <= today)
        & ((Consultation.closes_at.is_(None)) | (Consultation.closes_at >= today))
    )
    upcoming = running & ((Consultation.opens_at.is_(None)) | (Consultation.opens_at > today))
    closed = ((Consultation.closes_at < today) | Consultation.status.in_(ENDED)) & (
        Consultation.closes_at >= cutoff
    )
    return (
        select(Consultation)
        .options(defer(Consultation.body))  # the cards show no body: ~4 KB of JSON each
        .where(Consultation.is_public, is_open | upcoming | closed)
    )


def public_consultations(
    filters: ConsultationFilter, today: dt.date, recent_days: int
) -> dict[str, list[Consultation]]:
    """Published consultations grouped as open, upcoming and recently closed on `today`: read
    in one statement (what is in any of the groups), then put in their groups and ordered
    here, each group as its own statement ordered it (`_HOME_GROUPS`)."""
    cutoff = today - dt.timedelta(days=recent_days)
    query = _public_query(filters, _home_statement()).order_by(Consultation.id)
    found = list(db.session.scalars(query, {"today": today, "cutoff": cutoff}))
    nulls_first = db.session.get_bind().dialect.name == "sqlite"
    return {
        name: _ordered(
            [c for c in found if belongs(c, today, cutoff)], date_of, descending, nulls_first
        )
        for name, (belongs, date_of, descending) in _HOME_GROUPS.items()
    }


#: the statuses of a consultation under way, and of one that has ended
RUNNING = ("announced", "open")
ENDED = ("closed", "reported")


def _open_on(c: Consultation, today: dt.date, _cutoff: dt.date) -> bool:
    """SQL's `is_open` of `public_consultations` (a comparison with NULL is not true)."""
    return (
        c.status in RUNNING
        and c.opens_at is not None
        and c.opens_at <= today
        and (c.closes_at is None or c.closes_at >= today)
    )


def _upcoming_on(c: Consultation, today: dt.date, _cutoff: dt.date) -> bool:
    return c.status in RUNNING and (c.opens_at is None or c.opens_at > today)


def _recently_closed_on(c: Consultation, today: dt.date, cutoff: dt.date) -> bool:
    return (
        c.closes_at is not None
        and (c.closes_at < today or c.status in ENDED)
        and c.closes_at >= cutoff
    )


#: each group of the home page: who belongs in it, the date it is ordered by, newest first?
_HOME_GROUPS = {
    "open": (_open_on, lambda c: c.closes_at, False),
    "upcoming": (_upcoming_on, lambda c: c.opens_at, False),
    "closed": (_recently_closed_on, lambda c: c.closes_at, True),
}


def _ordered(
    consultations: list[Consultation], date_of, descending: bool, nulls_first: bool
) -> list[Consultation]:
    """`consultations` (in the order of their ids) ordered by `date_of` as the database
    orders a date column: SQLite puts NULL before any date going up (`nulls_first`),
    PostgreSQL after; going down the other way round. A stable sort, so that equal dates
    keep the order of their ids, as SQLite's sorter keeps its scan's."""
    dated = [c for c in consultations if date_of(c) is not None]
    undated = [c for c in consultations if date_of(c) is None]
    dated.sort(key=date_of, reverse=descending)
    if descending:
        # reverse=True keeps equal dates in their order, as going down in the database
        return dated + undated if nulls_first else undated + dated
    return undated + dated if nulls_first else dated + undated


def _all(query: Select) -> list[Consultation]:
    return list(db.session.scalars(query))


#: consultations of one year the archive shows on a page
ARCHIVE_PAGE_SIZE = 50


def _closed_on(today: dt.date):
    """SQL: the consultation's stage on `today` is "closed" (as `stage_on` says)."""
    by_dates = (
        Consultation.status.in_(("announced", "open"))
        & Consultation.opens_at.is_not(None)
        & (Consultation.opens_at <= today)
        & Consultation.closes_at.is_not(None)
        & (Consultation.closes_at < today)
    )
    return Consultation.status.in_(("closed", "reported")) | by_dates


@dataclass(frozen=True)
class ArchiveYear:
    """One year of the archive: a page of its closed consultations and how many it has."""

    year: int | None
    consultations: list[Consultation]
    total: int
    page: int
    pages: int


def archived_consultations(
    filters: ConsultationFilter, today: dt.date, page: int = 1
) -> list[ArchiveYear]:
    """Every published consultation closed by `today`, grouped by the year it counts in
    (newest first; consultations of no known year last), the newest closed first within a
    year. With a year filter that year's `page` of `ARCHIVE_PAGE_SIZE`; else the first page of
    each year."""
    year = Consultation.counted_year
    query = _public_query(filters).where(_closed_on(today))
    totals = dict(
        db.session.execute(
            query.with_only_columns(year, func.count(Consultation.id)).group_by(year)
        ).all()
    )
    found = []
    for value in sorted(totals, key=lambda y: (y is None, -(y or 0))):
        pages = max(1, -(-totals[value] // ARCHIVE_PAGE_SIZE))
        shown = min(max(page, 1), pages) if filters.year else 1
        in_year = query.where(year.is_(None) if value is None else year == value)
        rows = _all(
            in_year.options(defer(Consultation.body))  # the archive's rows show no body
            .order_by(Consultation.closes_at.desc().nulls_last(), Consultation.id.desc())
            .offset((shown - 1) * ARCHIVE_PAGE_SIZE)
            .limit(ARCHIVE_PAGE_SIZE)
        )
        found.append(ArchiveYear(value, rows, totals[value], shown, pages))
    return found


def published_outcomes(
    consultation_ids: list[int], today: dt.date
) -> dict[int, list[providers.ReportLink]]:
    """{consultation id: [`ReportLink`]}: each consultation's published report and results, as
    the registered kinds give them (`consult.core.kinds`)."""
    links: dict[int, list[providers.ReportLink]] = {}
    if not consultation_ids:
        return links
    for _kind, provider in hooks("reports"):
        for cid, link in provider(consultation_ids).items():
            links.setdefault(cid, []).append(link)
    for _kind, provider in hooks("results"):
        for cid, link in provider(consultation_ids, today).items():
            links.setdefault(cid, []).append(link)
    return links


@cache
def _years_statement() -> Select:
    year = Consultation.counted_year
    return (
        select(year)
        .where(Consultation.is_public, year.is_not(None))
        .distinct()
        .order_by(year.desc())
    )


def consultation_years() -> list[int]:
    """Years that published consultations count in (`Consultation.counted_year`: the year
    a consultation closed, else opened, else its plan's), newest first."""
    return list(db.session.scalars(_years_statement()))


def stage_on(consultation: Consultation, today: dt.date) -> str:
    """Where the written consultation stands on `today`: upcoming, open or closed. The one
    truth every page and every form asks (officers and the public alike): a draft is not open,
    a consultation an officer closed is closed, and otherwise its dates decide (it is open
    from its opening day to its closing day, both included). A step ahead of the dates moves
    the dates (`consult.core.lifecycle.step_dates`), so the status and the dates agree."""
    if consultation.status in ("closed", "reported"):
        return "closed"
    if consultation.status == "draft":
        return "upcoming"
    if consultation.opens_at is None or consultation.opens_at > today:
        return "upcoming"
    if consultation.closes_at is not None and consultation.closes_at < today:
        return "closed"
    return "open"


def is_open_on(consultation: Consultation, today: dt.date) -> bool:
    """Whether the consultation takes comments, proposals, votes or answers on `today`."""
    return stage_on(consultation, today) == "open"
