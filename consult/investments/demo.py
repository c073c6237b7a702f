"""The demo's register of capital investments (`flask seed-demo`), loaded after every kind's
demo: the records of what the demo's closed consultations funded (last year's poll and budget
hearing), made the way an officer makes them, through the kind registry; then the projects of
`demo_data.investments`, made by hand, each taken through its course to where it stands, dated
within its years and never after the load day.
"""

import datetime as dt

from sqlalchemy import select

from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.extensions import db
from consult.investments import services
from consult.investments.demo_data.investments import INVESTMENTS, NOTES
from consult.investments.models import Investment

#: the steps of a project's course, and the day of its years each falls on (month, day):
#: the first step in its first year, the last one in its last year
COURSE = {
    "procurement": (3, 10),
    "construction": (5, 20),
    "completed": (10, 15),
    "cancelled": (9, 1),
}


def load_investments(today: dt.date) -> list[Investment]:
    """The demo's register; returns every record made."""
    made = record_decided(today)
    made.extend(_by_hand(item, today) for item in INVESTMENTS)
    db.session.flush()
    return made


def record_decided(today: dt.date) -> list[Investment]:
    """The records of what every decided consultation of a kind that funds projects funded."""
    query = (
        select(Consultation)
        .where(
            Consultation.kind.in_(services.kinds_that_fund()),
            Consultation.status.in_(("closed", "reported")),
        )
        .order_by(Consultation.closes_at, Consultation.id)
    )
    made = []
    for consultation in db.session.scalars(query):
        try:
            made.extend(services.record_funded(consultation, today))
        except services.InvestmentRefused:
            continue  # not decided, or in another currency: nothing to record
    return made


def _by_hand(item: dict, today: dt.date) -> Investment:
    first, last = (today.year + offset for offset in item["years"])
    record = services.create_investment(
        services.Details(
            title=item["title"],
            description=item["description"],
            local_community_id=_community(item["community"]),
            directorate_id=_directorate(item["directorate"]),
            year_start=first,
            year_end=last,
            planned_start=dt.date(first, 4, 1),
            planned_end=dt.date(last, 11, 30),
            budget=item["budget"],
        )
    )
    record.created_at = dt.datetime.combine(min(dt.date(first, 1, 20), today), dt.time(9))
    _take_through_course(record, item, first, last, today)
    services.update_progress(
        record,
        100 if item["status"] == "completed" else item.get("progress", record.progress),
        item["spent"],
        record.actual_start,
        record.actual_end,
    )
    return record


def _steps(status: str) -> list[str]:
    if status == "cancelled":
        return ["procurement", "cancelled"]
    if status == "planned":
        return []
    order = ["procurement", "construction", "completed"]
    return order[: order.index(status) + 1]


def _take_through_course(
    record: Investment, item: dict, first: int, last: int, today: dt.date
) -> None:
    steps = _steps(item["status"])
    day = None
    for status in steps:
        ends = status in ("completed", "cancelled")
        year = last if ends else first
        wanted = dt.date(year, *COURSE[status])
        day = min(max(wanted, day or wanted), today)
        services.change_status(
            record,
            status,
            day,
            today,
            note=NOTES.get(status, {}),
            cancel_reason=item.get("reason"),
        )


def _community(name: str | None) -> int | None:
    if name is None:
        return None
    found = db.session.scalars(select(LocalCommunity)).all()
    return next((c.id for c in found if (c.name or {}).get("sq") == name), None)


def _directorate(code: str) -> int | None:
    return db.session.scalar(select(Directorate.id).where(Directorate.code == code))
