"""What renews a survey's page revision (`Consultation.page_revision`, shared with every kind's
announcement: consult/core/page_revisions.py) for the survey's part of its consultation's page,
which each worker keeps (consult/public/announcement.py): the questionnaire's audience and
whether it has questions. The consultation's own dates and status are the announcement's watch.
"""

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from consult.core.page_revisions import CONSULTATIONS, Through, pages_concerned
from consult.core.revisions import Watch
from consult.surveys.models import Question, Survey


def _concerned(_session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """Which surveys' consultation pages the objects `changed` concern (None: none)."""
    return pages_concerned(
        changed,
        direct=(Survey,),
        through=(Through(Question, "survey_id", Survey.id, Survey.consultation_id),),
    )


#: the models whose rows the survey's part of its consultation page shows:
#: `SURVEY.page_watch`
SURVEY_PAGES = Watch(
    table=CONSULTATIONS,
    column="page_revision",
    models=(Survey, Question),
    concerned=_concerned,
)
