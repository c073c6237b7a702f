"""The chair's review of published consultation reports: one history of events per consultation,
whatever its kind (`consult.core.reviews` holds the rules)."""

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import Consultation, utcnow
from consult.core.records import one_of
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db

if TYPE_CHECKING:
    from consult.auth.models import User

#: what can happen to a report under review, in the order it usually happens:
#: "submitted" when the officers publish it, "received" when the chair marks it received for
#: the Assembly, "sent_back" when the chair returns it with a note, "resubmitted" when the
#: officers answer the note and send it again
REVIEW_EVENTS = ("submitted", "received", "sent_back", "resubmitted")
#: events that need a note: the chair's reason for sending back, the officers' answer
EVENTS_WITH_NOTE = ("sent_back", "resubmitted")
#: events a consultation has at most once
ONCE_EVENTS = ("submitted", "received")


class ReviewEvent(MunicipalityOwned, db.Model):
    """One step of a report's review: who did what, when, with which note.

    The notes are between the chair and the officers: no public page, report or download
    shows them. `step` numbers the events of a consultation 1, 2, 3…; two people acting on
    the same report at the same moment write the same step, and the database keeps only one.
    """

    __tablename__ = "report_review_events"
    __table_args__ = (
        CheckConstraint(one_of("kind", REVIEW_EVENTS), name="kind_known"),
        CheckConstraint(
            f"kind NOT IN ({', '.join(repr(k) for k in EVENTS_WITH_NOTE)}) OR length(note) > 0",
            name="note_given",
        ),
        CheckConstraint("step > 0", name="step_positive"),
        UniqueConstraint("consultation_id", "step", name="uq_report_review_events_step"),
        Index(
            "uq_report_review_events_once",
            "consultation_id",
            "kind",
            unique=True,
            sqlite_where=sql(f"kind IN ({', '.join(repr(k) for k in ONCE_EVENTS)})"),
            postgresql_where=sql(f"kind IN ({', '.join(repr(k) for k in ONCE_EVENTS)})"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    #: 1 for the first event of the consultation, then one more for each
    step: Mapped[int]
    #: one of REVIEW_EVENTS
    kind: Mapped[str] = mapped_column(String(20))
    #: the officer or the chair; None when not known (reports published before this history)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: the chair's note to the officers or the officers' answer; never published
    note: Mapped[str] = mapped_column(Text, default="")

    consultation: Mapped[Consultation] = relationship()
    actor: Mapped["User | None"] = relationship()
