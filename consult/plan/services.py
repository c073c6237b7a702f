"""The annual consultation plan (MS-PLAN): a year's entries by quarter, their link to the
consultation that carries each out, the CSV, and the lookup the minimum standards ask.

Plain functions over the models; they `flush()` and never commit (the view commits once).
"""

import csv
import io

from sqlalchemy import select

from consult.auth.models import User
from consult.core.models import Consultation
from consult.core.reports import safe_cell
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import localize
from consult.plan.models import PlanEntry


def plan_entries(year: int) -> list[PlanEntry]:
    """A year's plan by quarter, then directorate."""
    query = (
        select(PlanEntry)
        .where(PlanEntry.year == year)
        .order_by(PlanEntry.quarter, PlanEntry.directorate_id, PlanEntry.id)
    )
    return list(db.session.scalars(query))


def plan_years() -> list[int]:
    """Years that have a plan, newest first."""
    query = select(PlanEntry.year).distinct().order_by(PlanEntry.year.desc())
    return list(db.session.scalars(query))


def add_plan_entry(
    year: int, title: dict, directorate_id: int | None, quarter: int, kind: str, actor: User
) -> PlanEntry:
    """Add a line to a year's plan."""
    entry = PlanEntry(
        year=year, title=title, directorate_id=directorate_id, quarter=quarter, kind=kind
    )
    db.session.add(entry)
    db.session.flush()
    record_audit("plan.add", f"plan_entry:{entry.id}", actor.id)
    return entry


def link_plan_entry(entry: PlanEntry, consultation: Consultation | None, actor: User) -> None:
    """Link the consultation that carries out `entry` (None unlinks); one entry each."""
    if consultation is not None:
        previous = plan_entry_for(consultation)
        if previous is not None and previous.id != entry.id:
            previous.consultation_id = None
            db.session.flush()
    entry.consultation_id = consultation.id if consultation else None
    db.session.flush()
    record_audit("plan.link", f"plan_entry:{entry.id}", actor.id)


def plan_entry_for(consultation: Consultation) -> PlanEntry | None:
    """The plan entry the consultation carries out, if any."""
    return db.session.scalar(select(PlanEntry).where(PlanEntry.consultation_id == consultation.id))


def planned_ids(consultation_ids: list[int]) -> set[int]:
    """Which of these consultations carry out a plan entry."""
    query = select(PlanEntry.consultation_id).where(PlanEntry.consultation_id.in_(consultation_ids))
    return set(db.session.scalars(query))


def plan_csv(year: int, locale: str) -> str:
    """The year's plan as CSV (UTF-8 with a header row), titles in `locale`; a cell that a
    spreadsheet would run as a formula is made plain text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["year", "quarter", "kind", "directorate", "title", "consultation_id"])
    for entry in plan_entries(year):
        row = [
            entry.year,
            entry.quarter,
            entry.kind,
            entry.directorate.code if entry.directorate else "",
            localize(entry.title, locale).text,
            entry.consultation_id or "",
        ]
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def in_plan(consultation: Consultation) -> bool | None:
    """True when a plan entry is linked; False when its year has a plan that leaves it out;
    None when that year has no plan on the platform (MS-PLAN then looks at the year alone)."""
    if plan_entry_for(consultation) is not None:
        return True
    if consultation.planned_year is None:
        return None
    query = select(PlanEntry.id).where(PlanEntry.year == consultation.planned_year).limit(1)
    return False if db.session.scalar(query) is not None else None
