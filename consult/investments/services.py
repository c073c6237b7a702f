"""The work on the register of capital investments: records made from a consultation's decision
(through the kind registry) or by hand, their details, progress and spending, status changes
with their dated history, and photos.

Plain functions over the models; they `flush()` and never commit (the view commits once).
Whatever an officer may not do, or a value the record cannot hold, is refused with
`InvestmentRefused` (a translated message, and the form field it belongs to) and nothing is
changed. Every change is audit-logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from consult.auth.services import can_edit
from consult.core.answers import filled_texts, language_list
from consult.core.funded import FundedProject
from consult.core.kinds import hooks, kind_hook
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.core.money import ExactAmount, exact_amount
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import has_language, missing_languages
from consult.i18n import lazy_text as _l
from consult.investments import notices
from consult.investments.models import (
    FIRST_YEAR,
    INVESTMENT_STATUSES,
    LAST_YEAR,
    Investment,
    InvestmentEvent,
    InvestmentPhoto,
)
from consult.investments.photos import write_photo

#: the register's currency: the municipality's
CURRENCY = "EUR"
#: the largest amount a record holds (NUMERIC(15, 4): eleven digits before the point)
MAX_AMOUNT = 10**11 - 1


class InvestmentRefused(ValueError):
    """What an officer asked cannot be done: `message` (translated when shown) says why;
    `field` names the form field it belongs to, if one does."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


# ---------------------------------------------------------------- who may


def works_for_every_directorate(user) -> bool:
    """Administrators and the Public Information Office (an officer without a directorate)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role == "admin" or (user.role == "officer" and user.directorate_id is None)


def may_manage(user, directorate_id: int | None) -> bool:
    """Whether `user` keeps records of `directorate_id`: administrators and the Public
    Information Office every record, an officer those of their own directorate."""
    if works_for_every_directorate(user):
        return True
    return (
        getattr(user, "is_authenticated", False)
        and user.role == "officer"
        and directorate_id is not None
        and user.directorate_id == directorate_id
    )


def managed_records(user) -> list[Investment]:
    """The records `user` keeps, newest years first."""
    query = select(Investment).order_by(Investment.year_start.desc(), Investment.id.desc())
    if not works_for_every_directorate(user):
        query = query.where(Investment.directorate_id == user.directorate_id)
    return list(db.session.scalars(query))


# ---------------------------------------------------------------- from a consultation


def kinds_that_fund() -> list[str]:
    """The codes of the registered kinds whose consultations fund projects."""
    return [kind.code for kind, _hook in hooks("funded_projects")]


def deciding_consultations(user, today: dt.date) -> list[tuple[Consultation, int]]:
    """The consultations of kinds that fund projects whose written consultation has ended
    (they may have decided) and that `user` may edit, newest first, with how many records
    each has made already. Nothing is counted here: the hook runs when the officer asks."""
    codes = kinds_that_fund()
    if not codes:
        return []
    query = (
        select(Consultation)
        .where(
            Consultation.kind.in_(codes),
            Consultation.status != "draft",
            (Consultation.status.in_(("closed", "reported"))) | (Consultation.closes_at < today),
        )
        .order_by(Consultation.closes_at.desc(), Consultation.id.desc())
    )
    made = dict(
        db.session.execute(
            select(Investment.consultation_id, func.count(Investment.id))
            .where(Investment.consultation_id.is_not(None))
            .group_by(Investment.consultation_id)
        ).all()
    )
    return [
        (consultation, made.get(consultation.id, 0))
        for consultation in db.session.scalars(query)
        if can_edit(user, consultation)
    ]


def funded_by(consultation: Consultation, today: dt.date) -> list[FundedProject]:
    """What the consultation funded, asked of its kind; refused while it has not decided or
    when its kind funds nothing."""
    hook = kind_hook(consultation, "funded_projects")
    if hook is None:
        raise InvestmentRefused(_l("This kind of consultation funds no projects."))
    projects = hook(consultation, today)
    if projects is None:
        raise InvestmentRefused(
            _l("This consultation has not decided yet: records are made once it has closed.")
        )
    return projects


def record_funded(
    consultation: Consultation,
    today: dt.date,
    actor_id: int | None = None,
    year: int | None = None,
) -> list[Investment]:
    """One record for each project the consultation funded that has none yet (a project is
    never recorded twice: `Investment.source` is UNIQUE), planned, in `year` when given, else
    in the year its kind says. Returns the records made (none when every project has one)."""
    if year is not None:
        _check_year(year, "year")
    projects = funded_by(consultation, today)
    foreign = sorted({p.currency for p in projects if p.currency != CURRENCY})
    if foreign:
        raise InvestmentRefused(
            _l(
                "The consultation's amounts are in %(currency)s; the register keeps euros.",
                currency=", ".join(foreign),
            )
        )
    sources = [p.source for p in projects]
    known = (
        set(db.session.scalars(select(Investment.source).where(Investment.source.in_(sources))))
        if sources
        else set()
    )
    made = []
    for project in projects:
        if project.source in known:
            continue
        budget = exact_amount(project.budget)
        record = Investment(
            title=filled_texts(project.title) or {"sq": project.source},
            description=filled_texts(project.description),
            local_community_id=project.local_community_id,
            directorate_id=project.directorate_id or consultation.directorate_id,
            consultation_id=consultation.id,
            source=project.source,
            year_start=year or project.year,
            year_end=year or project.year,
            status="planned",
            progress=0,
            budget=budget,
            spent=0,
        )
        db.session.add(record)
        made.append(record)
        known.add(project.source)
    db.session.flush()
    if made:
        record_audit(
            "investment.create_from_consultation",
            f"consultation:{consultation.id}",
            actor_id,
            investments=[record.id for record in made],
        )
    return made


# ---------------------------------------------------------------- the record's details


@dataclass
class Details:
    """What an officer writes of a record (the status, progress and spending have their own
    forms)."""

    title: dict[str, str]
    year_start: int
    year_end: int
    budget: ExactAmount
    description: dict[str, str] = field(default_factory=dict)
    local_community_id: int | None = None
    directorate_id: int | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None


def _check_year(year: int | None, name: str) -> None:
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvestmentRefused(
            _l("Enter a year between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR),
            name,
        )


def _check_amount(amount: ExactAmount | None, name: str, negative_message) -> ExactAmount:
    if amount is None:
        raise InvestmentRefused(_l("Enter an amount in euros, e.g. 25000 or 25.000,50."), name)
    if amount < 0:
        raise InvestmentRefused(negative_message, name)
    if amount > MAX_AMOUNT:
        raise InvestmentRefused(_l("The amount is too large."), name)
    return exact_amount(amount)


def _check_order(earlier: dt.date | None, later: dt.date | None, name: str) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise InvestmentRefused(_l("The end cannot be before the start."), name)


def _check_details(details: Details) -> Details:
    title = filled_texts(details.title)
    if not has_language(title, "sq"):
        raise InvestmentRefused(_l("Enter the title in Albanian."), "title_sq")
    community = details.local_community_id
    if community is not None and db.session.get(LocalCommunity, community) is None:
        raise InvestmentRefused(_l("Choose a local community from the list."), "local_community_id")
    directorate = details.directorate_id
    if directorate is not None and db.session.get(Directorate, directorate) is None:
        raise InvestmentRefused(_l("Choose a directorate from the list."), "directorate_id")
    _check_year(details.year_start, "year_start")
    _check_year(details.year_end, "year_end")
    if details.year_end < details.year_start:
        raise InvestmentRefused(_l("The last year cannot be before the first."), "year_end")
    _check_order(details.planned_start, details.planned_end, "planned_end")
    budget = _check_amount(details.budget, "budget", _l("The budget cannot be negative."))
    return Details(
        title=title,
        description=filled_texts(details.description),
        local_community_id=community,
        directorate_id=directorate,
        year_start=details.year_start,
        year_end=details.year_end,
        planned_start=details.planned_start,
        planned_end=details.planned_end,
        budget=budget,
    )


def _may_keep(user, directorate_id: int | None) -> None:
    """Refuse a record the officer would no longer keep (their directorate's, or none)."""
    if user is not None and not may_manage(user, directorate_id):
        raise InvestmentRefused(
            _l("Choose your own directorate: you keep only its records."), "directorate_id"
        )


def create_investment(details: Details, user=None) -> Investment:
    """A record made by hand, planned; `user` must keep its directorate's records."""
    checked = _check_details(details)
    _may_keep(user, checked.directorate_id)
    record = Investment(
        title=checked.title,
        description=checked.description,
        local_community_id=checked.local_community_id,
        directorate_id=checked.directorate_id,
        year_start=checked.year_start,
        year_end=checked.year_end,
        planned_start=checked.planned_start,
        planned_end=checked.planned_end,
        budget=checked.budget,
        spent=0,
        progress=0,
        status="planned",
    )
    db.session.add(record)
    db.session.flush()
    record_audit("investment.create", f"capital_investment:{record.id}", _actor(user))
    return record


def update_details(record: Investment, details: Details, user=None) -> list[str]:
    """Write the officer's details; returns the names of what changed. An officer of a
    directorate cannot hand the record to another directorate."""
    checked = _check_details(details)
    _may_keep(user, checked.directorate_id)
    changed = _apply(
        record,
        {
            "title": checked.title,
            "description": checked.description,
            "local_community_id": checked.local_community_id,
            "directorate_id": checked.directorate_id,
            "year_start": checked.year_start,
            "year_end": checked.year_end,
            "planned_start": checked.planned_start,
            "planned_end": checked.planned_end,
            "budget": checked.budget,
        },
    )
    if changed:
        db.session.flush()
        record_audit(
            "investment.update", f"capital_investment:{record.id}", _actor(user), fields=changed
        )
    return changed


def update_progress(
    record: Investment,
    progress: int | None,
    spent: ExactAmount | None,
    actual_start: dt.date | None,
    actual_end: dt.date | None,
    user=None,
) -> list[str]:
    """The works' progress (0-100 %), what was spent so far and the actual dates."""
    if progress is None or not 0 <= progress <= 100:
        raise InvestmentRefused(_l("Progress is a whole number from 0 to 100."), "progress")
    if record.status == "completed" and progress != 100:
        raise InvestmentRefused(_l("A completed project is at 100 %."), "progress")
    amount = _check_amount(spent, "spent", _l("The amount spent cannot be negative."))
    _check_order(actual_start, actual_end, "actual_end")
    changed = _apply(
        record,
        {
            "progress": progress,
            "spent": amount,
            "actual_start": actual_start,
            "actual_end": actual_end,
        },
    )
    if changed:
        db.session.flush()
        record_audit(
            "investment.progress",
            f"capital_investment:{record.id}",
            _actor(user),
            fields=changed,
            progress=record.progress,
        )
    return changed


def _apply(record: Investment, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


def _actor(user) -> int | None:
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


# ---------------------------------------------------------------- status and history


def change_status(
    record: Investment,
    to_status: str,
    changed_on: dt.date,
    today: dt.date,
    note: dict[str, str] | None = None,
    cancel_reason: dict[str, str] | None = None,
    user=None,
) -> InvestmentEvent:
    """Move the project to `to_status` on `changed_on`, with the officer's note: a dated line
    of the public history. Cancelling needs the reason in every official language; completing
    puts the progress at 100 % (and the actual end on that day, if none); the works starting
    put the actual start on it. The day is not in the future, nor before the last change."""
    if to_status not in INVESTMENT_STATUSES:
        raise InvestmentRefused(_l("Choose a status from the list."), "status")
    if to_status == record.status:
        raise InvestmentRefused(_l("The project has this status already."), "status")
    if changed_on is None or changed_on > today:
        raise InvestmentRefused(_l("The day of the change cannot be in the future."), "changed_on")
    last = record.events[-1].changed_on if record.events else None
    if last is not None and changed_on < last:
        raise InvestmentRefused(
            _l("The day cannot be before the last change in the history."), "changed_on"
        )
    reason = filled_texts(cancel_reason)
    if to_status == "cancelled":
        missing = missing_languages(reason)
        if missing:
            raise InvestmentRefused(
                _l(
                    "Give the reason for the cancellation in %(languages)s.",
                    languages=language_list(missing),
                ),
                "reason_sq",
            )
    event = InvestmentEvent(
        investment=record,
        from_status=record.status,
        to_status=to_status,
        changed_on=changed_on,
        note=filled_texts(note) or (reason if to_status == "cancelled" else {}),
    )
    record.status = to_status
    record.cancel_reason = reason if to_status == "cancelled" else {}
    if to_status == "completed":
        record.progress = 100
        record.actual_end = record.actual_end or changed_on
        if record.actual_start and record.actual_end < record.actual_start:
            record.actual_end = record.actual_start
    if to_status == "construction" and record.actual_start is None:
        record.actual_start = changed_on
    event.progress = record.progress
    db.session.add(event)
    db.session.flush()
    record_audit(
        "investment.status",
        f"capital_investment:{record.id}",
        _actor(user),
        from_status=event.from_status,
        to_status=to_status,
        changed_on=changed_on.isoformat(),
    )
    notices.notify_followers(record, event)
    return event


# ---------------------------------------------------------------- photos


def add_photo(
    record: Investment,
    data: bytes,
    photo_type: str,
    alt: dict[str, str],
    upload_folder: str,
    user=None,
) -> InvestmentPhoto:
    """Keep a checked photo (`photos.check_photo`) with its text alternative, which every
    official language must have."""
    described = filled_texts(alt)
    missing = missing_languages(described)
    if missing:
        raise InvestmentRefused(
            _l(
                "Describe the photo in %(languages)s for readers who cannot see it.",
                languages=language_list(missing),
            ),
            "alt_sq",
        )
    photo = InvestmentPhoto(
        investment=record, photo_type=photo_type, size_bytes=len(data), alt=described
    )
    db.session.add(photo)
    db.session.flush()
    write_photo(upload_folder, photo.stored_name, data)
    record_audit(
        "investment.photo_add",
        f"capital_investment:{record.id}",
        _actor(user),
        photo=photo.id,
    )
    return photo


def remove_photo(photo: InvestmentPhoto, user=None) -> str:
    """Delete a photo's row; returns its file's name, which the view deletes once the request
    is committed (`photos.delete_photo`), so that a request rolled back keeps both."""
    record_id, name, photo_id = photo.investment_id, photo.stored_name, photo.id
    db.session.delete(photo)
    db.session.flush()
    record_audit(
        "investment.photo_remove", f"capital_investment:{record_id}", _actor(user), photo=photo_id
    )
    return name
