"""What the chair learns from surveys: how many responses each closed survey received, the
staff survey's response rate by year against the staff counts (`staff_response_rates`), and
what respondents said of their gender, age band and local community where the survey asked
(questions keyed `gender`, `age_band`, `local_community`), through the registries of
`consult.core.providers`.

Only surveys whose consultation is closed or reported count: an open survey's figures would
change with each submission, and the participation page read before and after a colleague
answers would show that colleague's gender, age band and local community."""

import datetime as dt

from sqlalchemy import distinct, func, select

from consult.core.compliance import kind_findings
from consult.core.lifecycle import in_plan
from consult.core.models import Consultation, consultation_year
from consult.core.providers import ParticipationRate, ReportLink, TookPart
from consult.core.standards import Finding
from consult.extensions import db
from consult.i18n import lazy_text as _l
from consult.surveys.models import Question, Response, StaffCount, Survey, SurveyAnswer
from consult.surveys.services import RELEASED_STATUSES, results_released

#: the questions whose answers describe the respondent, by key
ABOUT_THE_RESPONDENT = ("gender", "age_band", "local_community")


def respondents() -> list[TookPart]:
    """Responses of closed surveys per year and kind, then the answers on the respondent,
    counted apart."""
    year = consultation_year()
    published = (Consultation.status.in_(RELEASED_STATUSES), year.is_not(None))
    responses = (
        select(year, Consultation.kind, func.count())
        .select_from(Response)
        .join(Survey, Survey.id == Response.survey_id)
        .join(Consultation, Consultation.id == Survey.consultation_id)
        .where(*published)
        .group_by(year, Consultation.kind)
    )
    found = [TookPart(y, kind, int(n)) for y, kind, n in db.session.execute(responses)]
    answers = (
        select(year, Consultation.kind, Question.key, SurveyAnswer.choice, func.count())
        .select_from(SurveyAnswer)
        .join(Question, Question.id == SurveyAnswer.question_id)
        .join(Survey, Survey.id == Question.survey_id)
        .join(Consultation, Consultation.id == Survey.consultation_id)
        .where(
            *published,
            Question.key.in_(ABOUT_THE_RESPONDENT),
            SurveyAnswer.choice.is_not(None),
        )
        .group_by(year, Consultation.kind, Question.key, SurveyAnswer.choice)
    )
    for y, kind, key, choice, n in db.session.execute(answers):
        found.append(TookPart(y, kind, int(n), counted=False, **{key: choice}))
    return found


def standards_findings(
    consultations: list[Consultation], today: dt.date, standards: dict
) -> dict[int, list[Finding]]:
    """The minimum-standards findings of every survey, with its recorded breaches."""
    return kind_findings(consultations, today, standards, in_plan)


def published_results(consultation_ids: list[int], today: dt.date) -> dict[int, ReportLink]:
    """Where the public reads each survey's results: only once they are released and its
    report is out (the consultation is reported), as `surveys.results` requires."""
    query = (
        select(Survey)
        .join(Consultation, Consultation.id == Survey.consultation_id)
        .where(Survey.consultation_id.in_(consultation_ids), Consultation.status == "reported")
    )
    return {
        survey.consultation_id: ReportLink(
            survey.consultation_id,
            _l("Survey results"),
            "surveys.results",
            {"survey_id": survey.id},
        )
        for survey in db.session.scalars(query)
        if results_released(survey)
    }


def staff_response_rates() -> list[ParticipationRate]:
    """Per year of closed staff surveys: their responses against the staff counted that year
    (all directorates together; None where no count was entered). With several staff surveys
    in a year, each member of staff could answer each: the rate is per survey."""
    released = Consultation.status.in_(RELEASED_STATUSES)
    surveys = (
        select(Survey.year, func.count(distinct(Survey.id)), func.count(Response.id))
        .select_from(Survey)
        .join(Consultation, Consultation.id == Survey.consultation_id)
        .outerjoin(Response, Response.survey_id == Survey.id)
        .where(Survey.audience == "staff", released)
        .group_by(Survey.year)
    )
    staff = dict(
        db.session.execute(
            select(StaffCount.year, func.sum(StaffCount.count)).group_by(StaffCount.year)
        ).all()
    )
    return [
        ParticipationRate(
            year=int(year),
            label=_l("Staff survey"),
            people=int(responses),
            population=int(staff[year]) if staff.get(year) is not None else None,
            consultations=int(count),
        )
        for year, count, responses in db.session.execute(surveys)
    ]
