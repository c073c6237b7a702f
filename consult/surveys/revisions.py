"""What renews a survey's page revision (`Consultation.page_revision`, shared with every kind's
announcement: consult/core/page_revisions.py) for the survey's part of its consultation's page,
which each worker keeps (consult/public/announcement.py): the questionnaire's audience and
whether it has questions. The consultation's own dates and status are the announcement's watch.
"""

from consult.core.page_revisions import Through, page_watch
from consult.surveys.models import Question, Survey

#: the models whose rows the survey's part of its consultation page shows:
#: `SURVEY.page_watch`
SURVEY_PAGES = page_watch(
    Survey, through=(Through(Question, "survey_id", Survey.id, Survey.consultation_id),)
)
