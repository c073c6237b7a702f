"""The demo's annual consultation plans (MS-PLAN): one per year that has consultations, each
listing every consultation of that year, linked to it, adopted in the December before."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import Consultation
from consult.extensions import db
from consult.plan.models import PlanEntry


def quarter_of(day: dt.date) -> int:
    """The quarter (1–4) `day` falls in."""
    return (day.month - 1) // 3 + 1


def load_plans(today: dt.date) -> list[PlanEntry]:
    """A plan entry for every loaded consultation that has none: its planned year, the quarter
    it opens in, its kind, directorate and title, linked to it."""
    linked = set(db.session.scalars(select(PlanEntry.consultation_id)))
    entries = []
    query = select(Consultation).order_by(Consultation.opens_at, Consultation.id)
    for consultation in db.session.scalars(query):
        if consultation.id in linked:
            continue
        year = consultation.planned_year or (consultation.opens_at or today).year
        entry = PlanEntry(
            year=year,
            title=dict(consultation.title),
            directorate_id=consultation.directorate_id,
            quarter=quarter_of(consultation.opens_at or dt.date(year, 1, 1)),
            kind=consultation.kind,
            consultation_id=consultation.id,
            created_at=min(
                dt.datetime(year - 1, 12, 20, 10), dt.datetime.combine(today, dt.time(8))
            ),
        )
        db.session.add(entry)
        entries.append(entry)
    db.session.flush()
    return entries
