"""What renews a survey's page revision (`Consultation.page_revision`, shared with every kind's
announcement: consult/core/page_revisions.py) for the survey's part of its consultation's page,
which each worker keeps (consult/public/announcement.py): the questionnaire's audience and
whether it has questions. The consultation's own dates and status are the announcement's watch.
"""

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from consult.core.models import Consultation
from consult.core.page_revisions import Through, page_watch
from consult.core.revisions import Watch, ids_of, renew_every, token_in_database, watch
from consult.surveys.models import Option, Question, Section, Statement, Survey

#: the models whose rows the survey's part of its consultation page shows:
#: `SURVEY.page_watch`
SURVEY_PAGES = page_watch(
    Survey, through=(Through(Question, "survey_id", Survey.id, Survey.consultation_id),)
)


# --- the questionnaire its pages read (consult/surveys/questionnaire_cache.py) ----------------

_surveys = Survey.__table__


def _surveys_concerned(session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """Which surveys' revisions to renew for the objects `changed` (None: none of them): an
    option or a statement names its question, whose survey is looked up; a consultation its
    survey."""
    surveys = (
        ids_of(changed, Survey, "id", skip_new=session)
        | ids_of(changed, Section, "survey_id")
        | ids_of(changed, Question, "survey_id")
    )
    questions = ids_of(changed, Option, "question_id") | ids_of(changed, Statement, "question_id")
    consultations = ids_of(changed, Consultation, "id", skip_new=session)
    conditions = []
    if surveys:
        conditions.append(_surveys.c.id.in_(surveys))
    if consultations:
        conditions.append(_surveys.c.consultation_id.in_(consultations))
    if questions:
        of_questions = select(Question.survey_id).where(Question.id.in_(questions))
        conditions.append(_surveys.c.id.in_(of_questions))
    return or_(*conditions) if conditions else None


#: the models whose rows the questionnaire's pages read: a survey's settings, consultation,
#: sections, questions, options and statements
QUESTIONNAIRE = Watch(
    table=_surveys,
    column="revision",
    models=(Survey, Consultation, Section, Question, Option, Statement),
    concerned=_surveys_concerned,
)


def register_questionnaire_revisions() -> None:
    """Renew the surveys' revisions from now on."""
    watch(QUESTIONNAIRE)


def renew_every_survey(session: Session | None = None, everywhere: bool = False) -> None:
    """Renew the revision of every survey of the municipality served (of every municipality
    with `everywhere`), in the session's transaction: for a write the hooks cannot see."""
    renew_every(QUESTIONNAIRE, session, everywhere)


def current_revision(survey_id: int) -> str | None:
    """The survey's revision in the database (one small statement), or None when the
    municipality served has no such survey."""
    return token_in_database(_surveys, "revision", survey_id)
