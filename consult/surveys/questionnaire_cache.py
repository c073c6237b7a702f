"""A survey as its respondents' pages read it, kept by each worker (issue #23).

Every page of the questionnaire (the code form, each section, the submit, the thanks) reads the
survey's settings and consultation, and most its sections, questions and their options or
statements. A worker keeps them as plain frozen data (`Questionnaire`), never ORM objects,
keyed by the municipality served and the survey, with the survey's `revision`
(consult/surveys/revisions.py, `QUESTIONNAIRE`):

* each request reads the revision, one small statement, and uses its copy only when the
  database holds the same one: a change to the survey, its consultation or its questionnaire
  committed by any worker (or command) renews it in the change's own transaction, so the next
  request anywhere reads the survey again;
* whether answers are taken is not kept: the pages compute it from the consultation's status
  and dates at each request (`services.is_open`), so a survey closes on time with a warm copy;
* nothing of a respondent is kept: no answer, code, claim or browser, only what every
  respondent of the survey is shown;
* SURVEY_CACHE_SECONDS bounds how long a copy lives (0: none is kept) and SURVEY_CACHE_SIZE
  how many one worker keeps.

The frozen survey, consultation, section, question, option and statement carry the attributes
of the models the pages, the wizard, the forms, the question types and the services read
(`id`, `audience`, `key`, `type`, `text`, `show_if`, `options`...), so the same code serves a
kept copy and the officers' ORM objects. Each copy also keeps the form classes of its pages
(`page_form`), built once per language and set of visible questions, and the pages every
respondent sees alike (`pages`, consult/kept_pages.py `kept_page`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from flask import Flask, current_app
from sqlalchemy import select

from consult.core.models import Consultation
from consult.core.worker_cache import (
    CONSULTATION_COLUMNS,
    KeptConsultation,
    Lifetime,
    Texts,
    WorkerCache,
    cache_of,
    kept_consultation,
    kept_row_copy,
    kept_texts,
)
from consult.extensions import db
from consult.i18n import current_locale
from consult.surveys.models import Option, Question, Section, Statement, Survey
from consult.surveys.revisions import current_revision

T = TypeVar("T")

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic


def _frozen(value: object) -> object:
    """A JSON value that cannot be changed: mappings read-only, lists as tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


@dataclass(frozen=True)
class KeptOption:
    """A choice of a question."""

    id: int
    value: str
    label: Texts
    position: int


@dataclass(frozen=True)
class KeptStatement:
    """A row of a Likert matrix."""

    id: int
    key: str
    text: Texts
    position: int


@dataclass(frozen=True)
class KeptQuestion:
    """A question as the pages ask it and the submit stores its answer."""

    id: int
    survey_id: int
    section_id: int
    position: int
    key: str
    type: str
    text: Texts
    hint: Texts
    required: bool
    min_value: float | None
    max_value: float | None
    show_if: Mapping | None
    options: tuple[KeptOption, ...]
    statements: tuple[KeptStatement, ...]


@dataclass(frozen=True)
class KeptSection:
    """A page of the questionnaire, its questions in order."""

    id: int
    survey_id: int
    position: int
    title: Texts
    questions: tuple[KeptQuestion, ...]


@dataclass(frozen=True)
class Questionnaire:
    """A survey as its respondents' pages read it: its settings and consultation, its sections
    (in order, with their questions) and every question in the order of `Survey.questions`,
    as the wizard reads them (`id` is the survey's)."""

    id: int
    consultation_id: int
    audience: str
    one_response_per_browser: bool
    consultation: KeptConsultation
    sections: tuple[KeptSection, ...]
    questions: tuple[KeptQuestion, ...]
    #: the form classes of its pages, by (language, question ids): `page_form`
    forms: dict = field(default_factory=dict, compare=False, repr=False)
    #: the pages every respondent sees alike (the code form, the first page blank, the thanks),
    #: with the CSRF token taken out (consult/kept_pages.py `kept_page`): gone with the copy
    pages: dict = field(default_factory=dict, compare=False, repr=False)

    def page_form(self, questions: Sequence[KeptQuestion], build: Callable[[Sequence], T]) -> T:
        """The form class of a page showing `questions` in the reader's language: built once
        by `build(questions)` (`forms.page_form_class`), then reused; each form made from a
        class binds its fields anew, so forms never share their data."""
        key = (current_locale(), tuple(question.id for question in questions))
        found = self.forms.get(key)
        if found is None:
            found = self.forms[key] = build(questions)
        return found


_QUESTION_COLUMNS = (
    Question.id,
    Question.survey_id,
    Question.section_id,
    Question.position,
    Question.key,
    Question.type,
    Question.text,
    Question.hint,
    Question.required,
    Question.min_value,
    Question.max_value,
    Question.show_if,
)


def read_questionnaire(survey_id: int) -> tuple[str, Questionnaire] | None:
    """The questionnaire from the database with the survey's revision read after it (None: no
    such survey in the municipality served). Columns only, so the session's identity map plays
    no part, and the revision last: a change committed in between renews it, so a copy is
    never kept under a revision older than anything in it."""
    questions = _read_questions(survey_id)
    sections = tuple(
        KeptSection(
            id=row.id,
            survey_id=survey_id,
            position=row.position,
            title=kept_texts(row.title),
            questions=tuple(q for q in questions if q.section_id == row.id),
        )
        for row in db.session.execute(
            select(Section.id, Section.position, Section.title)
            .where(Section.survey_id == survey_id)
            .order_by(Section.position, Section.id)
        )
    )
    row = db.session.execute(
        select(Survey.revision, Survey.audience, Survey.one_response_per_browser)
        .add_columns(*CONSULTATION_COLUMNS)
        .join(Consultation, Consultation.id == Survey.consultation_id)
        .where(Survey.id == survey_id)
    ).one_or_none()
    if row is None:
        return None
    consultation = kept_consultation(tuple(row[3:]))
    found = Questionnaire(
        id=survey_id,
        consultation_id=consultation.id,
        audience=row.audience,
        one_response_per_browser=row.one_response_per_browser,
        consultation=consultation,
        sections=sections,
        questions=questions,
    )
    return row.revision, found


def _read_questions(survey_id: int) -> tuple[KeptQuestion, ...]:
    options = _of_questions(survey_id, Option, Option.value, Option.label, make=_kept_option)
    statements = _of_questions(
        survey_id, Statement, Statement.key, Statement.text, make=_kept_statement
    )
    rows = db.session.execute(
        select(*_QUESTION_COLUMNS)
        .where(Question.survey_id == survey_id)
        .order_by(Question.position, Question.id)
    )
    return tuple(
        KeptQuestion(
            id=row.id,
            survey_id=row.survey_id,
            section_id=row.section_id,
            position=row.position,
            key=row.key,
            type=row.type,
            text=kept_texts(row.text),
            hint=kept_texts(row.hint),
            required=row.required,
            min_value=row.min_value,
            max_value=row.max_value,
            show_if=_frozen(row.show_if) if row.show_if else None,  # type: ignore[arg-type]
            options=tuple(options.get(row.id, ())),
            statements=tuple(statements.get(row.id, ())),
        )
        for row in rows
    )


def _of_questions(survey_id: int, model: type, *columns, make: Callable) -> dict[int, list]:
    """The survey's options or statements (`model`), made by `make(row)`, by question, in
    order."""
    found: dict[int, list] = {}
    for row in db.session.execute(
        select(model.question_id, model.id, model.position, *columns)
        .join(Question, Question.id == model.question_id)
        .where(Question.survey_id == survey_id)
        .order_by(model.position, model.id)
    ):
        found.setdefault(row.question_id, []).append(make(row))
    return found


def _kept_option(row) -> KeptOption:
    return KeptOption(
        id=row.id, value=row.value, label=kept_texts(row.label), position=row.position
    )


def _kept_statement(row) -> KeptStatement:
    return KeptStatement(id=row.id, key=row.key, text=kept_texts(row.text), position=row.position)


def worker_cache(app: Flask | None = None) -> WorkerCache[Questionnaire]:
    """The cache of this worker (one per app: created with it, gone with it)."""
    return cache_of("survey_questionnaire_cache", app)


def questionnaire(survey_id: int) -> Questionnaire | None:
    """The survey `survey_id` as its respondents' pages read it: this worker's copy when it
    carries the revision the database holds (one small statement), else read and kept. None
    when the municipality served has no such survey."""
    config = current_app.config
    lifetime = Lifetime(
        config.get("SURVEY_CACHE_SECONDS", 0), config.get("SURVEY_CACHE_SIZE", 256), _clock()
    )
    return kept_row_copy(worker_cache(), survey_id, lifetime, read_questionnaire, current_revision)
