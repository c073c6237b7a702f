"""The questionnaire a survey's pages read, kept by each worker (issue #23).

Every page of the questionnaire and its final submit read the survey's sections, questions and
their options or statements (three statements and as many objects built each time). A worker
keeps them as plain frozen data (`Questionnaire`), never ORM objects, keyed by the
municipality served and the survey, with the survey's `revision`
(consult/surveys/revisions.py, `QUESTIONNAIRE`):

* the pages read the survey row anyway (its consultation's title, whether it is open), and
  its revision with it: a copy is used only when it carries the revision the database holds.
  A change committed by any worker (or command) renews it in the change's own transaction, so
  the next request anywhere reads the questionnaire again;
* nothing of a respondent is kept: no answer, code, claim or browser, only what every
  respondent of the survey is shown;
* SURVEY_CACHE_SECONDS bounds how long a copy lives (0: none is kept) and SURVEY_CACHE_SIZE
  how many one worker keeps.

The frozen section, question, option and statement carry the attributes of the models the
wizard, the forms and the question types read (`id`, `key`, `type`, `text`, `show_if`,
`options`...), so the same code serves a kept copy and the officers' ORM objects. Each kept
questionnaire also keeps the form classes of its pages (`page_form`), built once per language
and set of visible questions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from flask import Flask, abort, current_app
from sqlalchemy import select

from consult.core.tenancy import current_municipality_id
from consult.core.worker_cache import Lifetime, WorkerCache, cache_of, kept_or_read
from consult.extensions import db
from consult.i18n import current_locale
from consult.surveys.models import Option, Question, Section, Statement, Survey

#: {locale: text}, read-only
Texts = Mapping[str, str]
T = TypeVar("T")

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic


def _texts(value: Mapping | None) -> Texts:
    return MappingProxyType(dict(value or {}))


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
    """A survey's sections (in order, with their questions) and every question in the order
    of `Survey.questions`, as the wizard reads them (`id` is the survey's)."""

    id: int
    sections: tuple[KeptSection, ...]
    questions: tuple[KeptQuestion, ...]
    #: the form classes of its pages, by (language, question ids): `page_form`
    forms: dict = field(default_factory=dict, compare=False, repr=False)
    #: the pages every respondent sees alike (the code form, the first page blank, the thanks),
    #: with the CSRF token taken out (consult/core/kept_forms.py `kept_page`): gone with the copy
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
            title=_texts(row.title),
            questions=tuple(q for q in questions if q.section_id == row.id),
        )
        for row in db.session.execute(
            select(Section.id, Section.position, Section.title)
            .where(Section.survey_id == survey_id)
            .order_by(Section.position, Section.id)
        )
    )
    revision = db.session.scalar(select(Survey.revision).where(Survey.id == survey_id))
    if revision is None:
        return None
    return revision, Questionnaire(id=survey_id, sections=sections, questions=questions)


def _read_questions(survey_id: int) -> tuple[KeptQuestion, ...]:
    options: dict[int, list[KeptOption]] = {}
    for row in db.session.execute(
        select(Option.question_id, Option.id, Option.value, Option.label, Option.position)
        .join(Question, Question.id == Option.question_id)
        .where(Question.survey_id == survey_id)
        .order_by(Option.position, Option.id)
    ):
        kept = KeptOption(
            id=row.id, value=row.value, label=_texts(row.label), position=row.position
        )
        options.setdefault(row.question_id, []).append(kept)
    statements: dict[int, list[KeptStatement]] = {}
    for row in db.session.execute(
        select(
            Statement.question_id, Statement.id, Statement.key, Statement.text, Statement.position
        )
        .join(Question, Question.id == Statement.question_id)
        .where(Question.survey_id == survey_id)
        .order_by(Statement.position, Statement.id)
    ):
        kept = KeptStatement(id=row.id, key=row.key, text=_texts(row.text), position=row.position)
        statements.setdefault(row.question_id, []).append(kept)
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
            text=_texts(row.text),
            hint=_texts(row.hint),
            required=row.required,
            min_value=row.min_value,
            max_value=row.max_value,
            show_if=_frozen(row.show_if) if row.show_if else None,  # type: ignore[arg-type]
            options=tuple(options.get(row.id, ())),
            statements=tuple(statements.get(row.id, ())),
        )
        for row in rows
    )


def worker_cache(app: Flask | None = None) -> WorkerCache[Questionnaire]:
    """The cache of this worker (one per app: created with it, gone with it)."""
    return cache_of("survey_questionnaire_cache", app)


def questionnaire(survey: Survey) -> Questionnaire:
    """The questionnaire of `survey` (read with its revision by the page): this worker's copy
    when it carries the same revision, else read and kept."""
    config = current_app.config
    lifetime = Lifetime(
        config.get("SURVEY_CACHE_SECONDS", 0), config.get("SURVEY_CACHE_SIZE", 256), _clock()
    )
    survey_id = survey.id
    key = (current_municipality_id(), survey_id)
    found = kept_or_read(
        worker_cache(), key, survey.revision, lambda: read_questionnaire(survey_id), lifetime
    )
    if found is None:  # deleted since the page read it
        abort(404)
    return found
