"""The answer wizard: one section per page, which page comes next, what travels between pages
(the signed state of the answers given so far) and what a page's submit leads to.

Nothing here stores anything: the answers of the sections behind the respondent travel in a
signed hidden field until the final submit (`consult.surveys.services` stores them then).
"""

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.datastructures import MultiDict

from consult.surveys.forms import read_section, section_form
from consult.surveys.models import Question, Section, Survey
from consult.surveys.question_types import Answers
from consult.surveys.questionnaire_cache import KeptQuestion, KeptSection, Questionnaire

#: the questionnaire as the respondents' pages read it (a kept copy) or as the officers' pages
#: and the commands hold it (the ORM objects): the functions below read the same attributes
AnySurvey = Survey | Questionnaire
AnySection = Section | KeptSection
AnyQuestion = Question | KeptQuestion

# --- conditions ------------------------------------------------------------------------------


def condition_met(condition: dict | None, answers: Answers) -> bool:
    """Whether a show-if condition holds for the answers given so far (no condition: True)."""
    if not condition:
        return True
    answer = answers.get(condition.get("question", ""))
    operator, values = condition.get("operator", "in"), condition.get("values") or []
    if operator == "answered":
        return answer not in (None, "", [], {})
    if answer in (None, "", [], {}):
        return False
    if operator in ("gte", "lte"):
        return _compare(answer, operator, values)
    given = {str(v) for v in answer} if isinstance(answer, list) else {str(answer)}
    matches = bool(given & {str(v) for v in values})
    return matches if operator == "in" else not matches


def _compare(answer: object, operator: str, values: list) -> bool:
    try:
        number, limit = float(answer), float(values[0])  # type: ignore[arg-type]
    except (TypeError, ValueError, IndexError):
        return False
    return number >= limit if operator == "gte" else number <= limit


def visible_questions(section: AnySection, answers: Answers) -> list[AnyQuestion]:
    """The questions of `section` whose conditions hold for the earlier answers."""
    return [q for q in section.questions if condition_met(q.show_if, answers)]


def next_section(survey: AnySurvey, after: int, answers: Answers) -> AnySection | None:
    """The first section after position `after` with a visible question, or None at the end."""
    for section in survey.sections:
        if section.position > after and visible_questions(section, answers):
            return section
    return None


def previous_section(survey: AnySurvey, before: int, answers: Answers) -> AnySection | None:
    """The last section before position `before` with a visible question."""
    earlier = [s for s in survey.sections if s.position < before]
    for section in reversed(earlier):
        if visible_questions(section, answers):
            return section
    return None


def _may_show(question: AnyQuestion, answers: Answers, decided: set[str]) -> bool:
    """Whether `question` can still be shown: its condition holds, or rests on an answer not given
    yet (`decided` are the keys of the questions already behind the respondent)."""
    condition = question.show_if
    if not condition or condition.get("question") not in decided:
        return True
    return condition_met(condition, answers)


def progress(survey: AnySurvey, section: AnySection, answers: Answers) -> tuple[int, int]:
    """(this section's number, how many sections this respondent may see in all).

    Sections hidden by the answers already given are not counted; a later section whose
    condition rests on an answer still to come is.
    """
    behind = [s for s in survey.sections if s.position < section.position]
    decided = {q.key for s in behind for q in s.questions}
    step = 1 + sum(1 for s in behind if visible_questions(s, answers))
    ahead = sum(
        1
        for s in survey.sections
        if s.position > section.position
        and any(_may_show(q, answers, decided) for q in s.questions)
    )
    return step, step + ahead


def effective_answers(survey: AnySurvey, answers: Answers) -> Answers:
    """`answers` without those of questions hidden by conditions, walking the sections in order.

    A respondent who went back and changed an answer may have made later questions disappear;
    their earlier answers to those questions are not stored.
    """
    kept: Answers = {}
    for section in survey.sections:
        for question in section.questions:
            if question.key in answers and condition_met(question.show_if, kept):
                kept[question.key] = answers[question.key]
    return kept


# --- the answer wizard ------------------------------------------------------------------------
#
# One section per page. The answers of the sections behind the respondent travel in a signed
# hidden field (`sign_progress`), so nothing is stored before the final submit.


def _progress_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="survey-progress")


def sign_progress(survey: AnySurvey, position: int, answers: Answers) -> str:
    """The signed state of a respondent on the section at `position` with earlier `answers`."""
    return _progress_serializer().dumps({"s": survey.id, "p": position, "a": answers})


def read_progress(survey: AnySurvey, signed: str | None) -> tuple[int, Answers] | None:
    """(section position, earlier answers) of a signed state, or None if it is not this
    survey's or was tampered with."""
    try:
        state = _progress_serializer().loads(signed or "")
    except BadSignature:
        return None
    if not isinstance(state, dict) or state.get("s") != survey.id:
        return None
    return int(state.get("p", 0)), dict(state.get("a") or {})


def section_at(survey: AnySurvey, position: int) -> AnySection | None:
    """The section at `position`, if there is one."""
    return next((s for s in survey.sections if s.position == position), None)


def with_section_answers(answers: Answers, questions: list[AnyQuestion], given: Answers) -> Answers:
    """The earlier `answers` with those of a section's visible `questions` replaced by `given`
    (a question left unanswered this time loses its earlier answer)."""
    shown = {q.key for q in questions}
    merged = {k: v for k, v in answers.items() if k not in shown}
    merged.update(given)
    return merged


def first_section(survey: AnySurvey) -> AnySection | None:
    """The page the questionnaire opens on (the first section with a question), or None."""
    return next_section(survey, 0, {})


@dataclass
class PageState:
    """Where a respondent stands on the page of `section`: the signed state its form carries,
    the section's number among those this respondent may see, and whether a page lies behind."""

    signed: str
    step: int
    steps: int
    has_previous: bool


def page_state(survey: AnySurvey, section: AnySection, answers: Answers) -> PageState:
    """The state the page of `section` shows and carries, after the earlier `answers`."""
    first = next_section(survey, 0, answers)
    step, steps = progress(survey, section, answers)
    return PageState(
        signed=sign_progress(survey, section.position, answers),
        step=step,
        steps=steps,
        has_previous=first is not None and section.position > first.position,
    )


@dataclass
class NextPage:
    """What a submitted page leads to: the page of `section` (with the answers so far and,
    after refused answers, the submitted `form` and its `items` with their errors), or, with
    `section` None, the end of the questionnaire with every answer in `answers`."""

    section: AnySection | None
    answers: Answers
    form: object = None
    items: list | None = None

    @property
    def finished(self) -> bool:
        """Whether the respondent has answered the last page."""
        return self.section is None


def next_page(survey: Questionnaire, formdata: MultiDict) -> NextPage | None:
    """Where the submit of a page leads: back a page ("previous"), the same page again (its
    answers refused), the next page with a visible question, or the end. None if the signed
    state the page carried cannot be read (not this survey's, or tampered with)."""
    state = read_progress(survey, formdata.get("state"))
    section = section_at(survey, state[0]) if state else None
    if state is None or section is None:
        return None
    answers = state[1]
    questions = visible_questions(section, answers)
    form, items = section_form(questions, answers, formdata, kept=survey)
    if "previous" in formdata:
        earlier = previous_section(survey, section.position, answers)
        return NextPage(earlier or section, answers)
    given = read_section(form, items) if form.validate() else None
    if given is None:
        return NextPage(section, answers, form, items)
    merged = with_section_answers(answers, questions, given)
    return NextPage(next_section(survey, section.position, merged), merged)
