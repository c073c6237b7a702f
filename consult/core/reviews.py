"""The chair's review of published consultation reports, the same for every kind.

A report's review is the history of its `ReviewEvent`s; the latest says where it stands:

- "submitted" (the officers published the report) or "resubmitted" (they answered the chair's
  note): it waits for the chair, who has `REVIEW_DAYS` (configuration) from that day;
- "sent_back" (the chair returned it with a note): it waits for the officers' answer;
- "received" (the chair marked it received for the Assembly): the review is over.

A kind of consultation takes part by calling `submit` when it publishes a report (draft acts
and budget hearings do; a poll or a survey would do the same) and by saying where its report is
read in its `reports` (`consult.core.kinds`). Who may see the history and answer the chair
stays with the feature (the officers who may edit the consultation); the chair's own page
lists every kind alike.

The notes are between the chair and the officers: a public page, a public report or a
download shows only `receipt_of` (the day the report was received). Services flush; the view
commits, and rolls back when a `ReviewRefused` is raised.
"""

import datetime as dt
from dataclasses import dataclass

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from consult.core import providers
from consult.core.kinds import hooks
from consult.core.models import Consultation
from consult.core.review_models import ReviewEvent
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l

#: days the chair has to review a report, unless REVIEW_DAYS is configured
DEFAULT_REVIEW_DAYS = 30
#: where a report stands, from its latest event
WAITING_FOR_CHAIR, WAITING_FOR_OFFICERS, RECEIVED = "waiting", "sent_back", "received"
STATE_AFTER = {
    "submitted": WAITING_FOR_CHAIR,
    "resubmitted": WAITING_FOR_CHAIR,
    "sent_back": WAITING_FOR_OFFICERS,
    "received": RECEIVED,
}
#: what each event is called in the history
EVENT_LABELS = {
    "submitted": _l("Published and sent to the chair"),
    "received": _l("Received for the Assembly"),
    "sent_back": _l("Sent back to the officers"),
    "resubmitted": _l("Answered and sent again"),
}
#: the longest note the forms take
NOTE_MAX_LENGTH = 4000


class ReviewRefused(Exception):
    """A review step that is not possible now; `message` says why. Nothing was saved."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Receipt:
    """All the public may know of the chair's review: the day the report was received."""

    received_on: dt.date


@dataclass(frozen=True)
class ReviewItem:
    """A report on one of the chair's lists."""

    consultation: Consultation
    #: its latest event: the (re)submission for the chair, the sending back for the officers
    latest: ReviewEvent
    #: the day the report was first published and sent to the chair
    submitted_on: dt.date
    #: the day the chair's review is due (reports waiting for the chair only)
    due: dt.date | None
    overdue: bool
    #: where the report is read, from the feature (None if no feature says)
    report: providers.ReportLink | None
    #: every event so far, oldest first
    history: list[ReviewEvent]


def history(consultation: Consultation) -> list[ReviewEvent]:
    """Every event of the consultation's review, oldest first, with who acted."""
    query = (
        select(ReviewEvent)
        .where(ReviewEvent.consultation_id == consultation.id)
        .options(joinedload(ReviewEvent.actor))
        .order_by(ReviewEvent.step)
    )
    return list(db.session.scalars(query))


def latest_event(consultation: Consultation) -> ReviewEvent | None:
    """The consultation's latest review event, if its report was ever submitted."""
    query = (
        select(ReviewEvent)
        .where(ReviewEvent.consultation_id == consultation.id)
        .order_by(ReviewEvent.step.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def state_of(consultation: Consultation) -> str | None:
    """WAITING_FOR_CHAIR, WAITING_FOR_OFFICERS or RECEIVED; None if never submitted."""
    latest = latest_event(consultation)
    return STATE_AFTER[latest.kind] if latest is not None else None


def receipt_of(consultation: Consultation) -> Receipt | None:
    """The day the chair received the report for the Assembly (for the public report)."""
    query = select(ReviewEvent.at).where(
        ReviewEvent.consultation_id == consultation.id, ReviewEvent.kind == "received"
    )
    received_at = db.session.scalar(query)
    return Receipt(received_at.date()) if received_at is not None else None


def _acting_user_id() -> int | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None


def _add(
    consultation: Consultation,
    latest: ReviewEvent | None,
    kind: str,
    actor_id: int | None,
    note: str = "",
    at: dt.datetime | None = None,
) -> ReviewEvent:
    """The next event of the consultation's review, flushed and audit-logged. Someone who
    acted on the same report at the same moment wrote the same step first: refused then."""
    event = ReviewEvent(
        consultation_id=consultation.id,
        step=(latest.step if latest is not None else 0) + 1,
        kind=kind,
        actor_id=actor_id,
        note=note,
    )
    if at is not None:
        event.at = at
    db.session.add(event)
    try:
        db.session.flush()
    except IntegrityError as clash:
        raise ReviewRefused(
            _l("Someone else acted on this report at the same moment. Look at it again.")
        ) from clash
    record_audit(f"report.{kind}", f"consultation:{consultation.id}", actor_id, step=event.step)
    return event


def submit(
    consultation: Consultation, actor_id: int | None = None, at: dt.datetime | None = None
) -> ReviewEvent | None:
    """The officers published the consultation's report: it waits for the chair. The actor
    is the signed-in user unless given. A report submitted before is left as it is (None)."""
    if latest_event(consultation) is not None:
        return None
    return _add(consultation, None, "submitted", actor_id or _acting_user_id(), at=at)


def _waiting_for_chair(latest: ReviewEvent | None) -> ReviewEvent:
    if latest is None:
        raise ReviewRefused(_l("This report is not waiting for your review."))
    if latest.kind == "received":
        raise ReviewRefused(_l("This report is marked received for the Assembly already."))
    if latest.kind == "sent_back":
        raise ReviewRefused(
            _l("This report was sent back to the officers; it waits for their answer.")
        )
    return latest


def _note(note: str, missing=None) -> str:
    """The note without the spaces around it; refused when too long, or empty if a `missing`
    message is given."""
    text = (note or "").strip()
    if missing is not None and not text:
        raise ReviewRefused(missing)
    if len(text) > NOTE_MAX_LENGTH:
        raise ReviewRefused(
            _ln(
                "The note is too long: at most %(count)s character.",
                "The note is too long: at most %(count)s characters.",
                NOTE_MAX_LENGTH,
                count=NOTE_MAX_LENGTH,
            )
        )
    return text


def receive(consultation: Consultation, chair_id: int, note: str = "") -> ReviewEvent:
    """The chair marks the report "received for the Assembly", with an optional note to the
    officers. Only a report waiting for the chair, and only once."""
    latest = _waiting_for_chair(latest_event(consultation))
    return _add(consultation, latest, "received", chair_id, _note(note))


def send_back(consultation: Consultation, chair_id: int, note: str) -> ReviewEvent:
    """The chair returns the report to the officers with a note saying why: it leaves the
    chair's list until they answer."""
    latest = _waiting_for_chair(latest_event(consultation))
    text = _note(note, _l("Write a note to the officers: why is the report sent back?"))
    return _add(consultation, latest, "sent_back", chair_id, text)


def resubmit(consultation: Consultation, officer_id: int, note: str) -> ReviewEvent:
    """The officers answer the chair's note and send the report again: it is back on the
    chair's list, with a new due date."""
    latest = latest_event(consultation)
    if latest is None or latest.kind != "sent_back":
        raise ReviewRefused(_l("This report was not sent back: there is no note to answer."))
    text = _note(note, _l("Write your answer to the chair's note."))
    return _add(consultation, latest, "resubmitted", officer_id, text)


def _items(kinds: tuple[str, ...], today: dt.date, review_days: int | None) -> list[ReviewItem]:
    """The reports whose latest event is one of `kinds`, with their history and links."""
    last_steps = (
        select(ReviewEvent.consultation_id, func.max(ReviewEvent.step).label("step"))
        .group_by(ReviewEvent.consultation_id)
        .subquery()
    )
    query = (
        select(ReviewEvent)
        .join(
            last_steps,
            (last_steps.c.consultation_id == ReviewEvent.consultation_id)
            & (last_steps.c.step == ReviewEvent.step),
        )
        .where(ReviewEvent.kind.in_(kinds))
        .options(joinedload(ReviewEvent.consultation).joinedload(Consultation.directorate))
    )
    latest = list(db.session.scalars(query))
    ids = [event.consultation_id for event in latest]
    events: dict[int, list[ReviewEvent]] = {cid: [] for cid in ids}
    if ids:
        every = (
            select(ReviewEvent)
            .where(ReviewEvent.consultation_id.in_(ids))
            .options(selectinload(ReviewEvent.actor))
            .order_by(ReviewEvent.consultation_id, ReviewEvent.step)
        )
        for event in db.session.scalars(every):
            events[event.consultation_id].append(event)
    links: dict[int, providers.ReportLink] = {}
    for _kind, provider in hooks("reports"):
        links.update(provider(ids))
    items = []
    for event in latest:
        first = events[event.consultation_id][0]
        due = event.at.date() + dt.timedelta(days=review_days) if review_days is not None else None
        items.append(
            ReviewItem(
                consultation=event.consultation,
                latest=event,
                submitted_on=first.at.date(),
                due=due,
                overdue=due is not None and due < today,
                report=links.get(event.consultation_id),
                history=events[event.consultation_id],
            )
        )
    return sorted(items, key=lambda item: (item.latest.at, item.consultation.id))


def waiting_for_chair(today: dt.date, review_days: int = DEFAULT_REVIEW_DAYS) -> list[ReviewItem]:
    """The reports the chair has to review, the longest waiting first, each with the day its
    review is due: `review_days` after it was (re)submitted."""
    return _items(("submitted", "resubmitted"), today, review_days)


def waiting_for_officers(today: dt.date) -> list[ReviewItem]:
    """The reports the chair sent back and the officers have not answered yet."""
    return _items(("sent_back",), today, None)
