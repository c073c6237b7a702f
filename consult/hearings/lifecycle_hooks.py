"""Budget hearings in the core lifecycle (`consult.core.lifecycle`): the comments and proposals
still without an answer block the "reported" step (MS-ANSWER), a hearing is announced only
with its draft budget imported (BH-DRAFT), and a hearing consultation moved to "reported"
there gets its hearing report published (and sent to the chair).
"""

import datetime as dt

from consult.core import reviews
from consult.core.models import Consultation
from consult.extensions import db
from consult.hearings import participation, services
from consult.hearings.models import HearingReport


def unanswered_in_hearing(consultation: Consultation) -> int:
    """Visible comments and proposals of the hearing cycle without an answer."""
    cycle = services.cycle_of(consultation)
    return participation.unanswered(cycle) if cycle else 0


def answer_gaps_in_hearing(consultation: Consultation) -> list:
    """Answers and change reasons of the hearing cycle lacking a language (LANG-ANSWER)."""
    cycle = services.cycle_of(consultation)
    return participation.answer_gaps(cycle) if cycle else []


def publish_on_reported(consultation: Consultation, to_status: str) -> None:
    """The lifecycle's "reported" step publishes the hearing report if it is not yet, and
    sends it to the chair's review."""
    if to_status != "reported":
        return
    cycle = services.cycle_of(consultation)
    if cycle is None or db.session.get(HearingReport, cycle.id) is not None:
        return
    published = consultation.report_published_at or dt.date.today()
    db.session.add(HearingReport(cycle_id=cycle.id, published_on=published))
    db.session.flush()
    reviews.submit(consultation)
