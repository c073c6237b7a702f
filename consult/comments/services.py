"""What every kind that takes comments does the same way: record an answer, and count the
answers for the chair's annual report. Plain functions: they `flush()`, the view commits."""

from collections import Counter

from sqlalchemy import func, select

from consult.comments.models import Answer, Comment
from consult.core.models import Consultation, consultation_year, utcnow
from consult.extensions import db


def record_answer(
    comment: Comment, outcome: str, reason: dict[str, str], actor_id: int | None
) -> Answer:
    """Record (or change) the answer to `comment`; the outcome and reason were checked by
    `consult.core.answers.answer_reason`."""
    answer = comment.answer
    if answer is None:
        answer = Answer(comment=comment)
        db.session.add(answer)
    answer.outcome = outcome
    answer.reason = reason
    answer.answered_by_id = actor_id
    answer.answered_at = utcnow()
    db.session.flush()
    return answer


def comment_outcomes(kind: str, year: int) -> Counter:
    """(kind, outcome or None) -> confirmed, visible comments on the published consultations
    of `kind` in `year`."""
    query = (
        select(Consultation.kind, Answer.outcome, func.count(Comment.id))
        .select_from(Comment)
        .join(Consultation, Consultation.id == Comment.consultation_id)
        .outerjoin(Answer, Answer.comment_id == Comment.id)
        .where(
            Consultation.is_public,
            Consultation.kind == kind,
            consultation_year() == year,
            Comment.confirmed_at.is_not(None),
            Comment.hidden.is_(False),
        )
        .group_by(Consultation.kind, Answer.outcome)
    )
    return Counter({(kind, outcome): int(n) for kind, outcome, n in db.session.execute(query)})
