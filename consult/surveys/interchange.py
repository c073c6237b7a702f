"""Questionnaires that travel: the plan every importer fills (XLSForm, LimeSurvey) and the
problems it found.

An importer reads a file into a `QuestionnairePlan` and a list of `FormProblem`s. A plan with
any problem is never built: the officer sees every problem with its place in the file and
nothing is created (all or nothing).

Shared by the importers: the checks of an uploaded file before any library parses it
(`check_form_file`: at most MAX_FORM_BYTES; `check_xlsx`: a ZIP container judged on its central
directory, entries, unpacked size and packing, then its XML counted, so a ZIP bomb never reaches
openpyxl), the dispatch by content (`read_questionnaire`: XLSForm or LimeSurvey), the rules every
plan keeps whatever file it came from (`plan_problems`) and the one way a plan becomes a survey
(`build_from_plan`, through the services: flush, no commit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import current_app, has_app_context

from consult.core.upload_limits import (
    IMPORT_SECONDS,
    Deadline,
    UploadRefused,
    XmlLimits,
    ZipLimits,
    check_size,
    check_xml,
    open_zip,
)
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l

if TYPE_CHECKING:
    from consult.core.models import Consultation
    from consult.surveys.models import Survey


@dataclass(frozen=True)
class FormProblem:
    """Something in an uploaded form that cannot be imported: where it is and what is wrong.

    `where` names the place in the file people can find (an XLSForm sheet and row, a LimeSurvey
    question code); `message` is a translated sentence (a lazy message)."""

    where: str
    message: object


@dataclass
class PlannedQuestion:
    """One question to create: the arguments of `services.add_question`."""

    key: str
    type: str
    #: {locale: text}
    text: dict
    hint: dict = field(default_factory=dict)
    required: bool = False
    min_value: float | None = None
    max_value: float | None = None
    #: {"question": key, "operator": "in" | "not_in" | "gte" | "lte" | "answered", "values": [..]}
    show_if: dict | None = None
    #: (code, {locale: label})
    options: list[tuple[str, dict]] = field(default_factory=list)
    #: Likert matrix rows: (key, {locale: statement})
    statements: list[tuple[str, dict]] = field(default_factory=list)
    #: where the question is in the file ("survey, row 7"), for `plan_problems`
    where: object = ""


@dataclass
class PlannedSection:
    """A page of the questionnaire with its questions, in order."""

    title: dict
    questions: list[PlannedQuestion] = field(default_factory=list)


@dataclass
class QuestionnairePlan:
    """What an imported file describes, before anything is written."""

    #: {locale: title} of the form, when the file names one
    title: dict = field(default_factory=dict)
    #: the locales the file has texts in
    locales: list[str] = field(default_factory=list)
    sections: list[PlannedSection] = field(default_factory=list)
    #: what the file had that our engine does not do and was knowingly left out (not errors):
    #: shown to the officer after the import, e.g. a LimeSurvey question's help image
    left_out: list[FormProblem] = field(default_factory=list)


@dataclass
class ImportResult:
    """A reader's answer: the plan, or the problems that stop it (then `plan` is None)."""

    plan: QuestionnairePlan | None
    problems: list[FormProblem] = field(default_factory=list)


# --- the uploaded file -----------------------------------------------------------------------

#: the largest questionnaire file read (an XLSForm of a few hundred questions takes ~100 KB)
MAX_FORM_BYTES = 5 * 1024 * 1024
#: what an XLSForm workbook may declare when unpacked (entries, bytes, packing), checked on the
#: ZIP's central directory before openpyxl reads anything
XLSX_LIMITS = ZipLimits(unpacked_bytes=25 * 1024 * 1024, entries=300)
#: openpyxl builds the workbook's parts whole and streams sheets row by row, shared strings
#: one by one (see consult.core.upload_limits)
XLSX_XML = XmlLimits(
    nodes=150_000,
    streamed_roots=frozenset({"worksheet", "sst"}),
    items=frozenset({"row", "si"}),
    item_nodes=20_000,
)
#: where a problem of the whole file is (not of a sheet or a row)
THE_FILE = _l("the file")


def form_deadline() -> Deadline:
    """The time an import may take: the setting IMPORT_SECONDS inside the app, else the default
    (a reader used on its own, in a script)."""
    seconds = IMPORT_SECONDS
    if has_app_context():
        seconds = current_app.config.get("IMPORT_SECONDS", IMPORT_SECONDS)
    return Deadline(seconds)


def check_form_file(data: bytes) -> None:
    """Refuse (UploadRefused) an empty file or one larger than MAX_FORM_BYTES."""
    if not data:
        raise UploadRefused(_l("The file is empty."))
    check_size(data, MAX_FORM_BYTES)


def check_xlsx(data: bytes, deadline: Deadline) -> None:
    """Refuse (UploadRefused) a workbook that is too large, not a ZIP container, a ZIP bomb
    (too many parts, too large or too tightly packed when unpacked: judged on the directory
    before anything is unpacked) or holds more XML than a questionnaire needs. Run it before
    openpyxl sees the bytes."""
    check_form_file(data)
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRefused(_l("The file is not an %(excel)s workbook (.xlsx).", excel="Excel"))
    try:
        with open_zip(data, XLSX_LIMITS) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise UploadRefused(
                    _l("The file is not an %(excel)s workbook (.xlsx).", excel="Excel")
                )
            check_xml(archive, XLSX_XML, deadline)
    except UploadRefused:
        raise
    except Exception as error:  # zipfile and zlib raise many kinds on a damaged archive
        raise UploadRefused(_l("The file is damaged: a part of it cannot be read.")) from error


def read_questionnaire(data: bytes, filename: str) -> ImportResult:
    """The plan of an uploaded questionnaire: an XLSForm workbook (by its content: a ZIP
    container) or a LimeSurvey structure file (.lss). Nothing is written."""
    try:
        check_form_file(data)
    except UploadRefused as refused:
        return refusal(refused)
    name = filename.lower()
    if data.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        from consult.surveys.xlsform import read_xlsform

        return read_xlsform(data)
    if name.endswith(".lss"):
        try:
            from consult.surveys.lss import read_lss
        except ImportError:
            return refusal(
                UploadRefused(
                    _l("%(limesurvey)s files cannot be imported yet.", limesurvey="LimeSurvey")
                )
            )
        try:
            result = read_lss(data)
        except UploadRefused as refused:
            return refusal(refused)
        if result.plan is not None and not result.problems:
            # the rules every plan keeps, whoever read it (build_from_plan refuses the others)
            problems = plan_problems(result.plan)
            if problems:
                return ImportResult(plan=None, problems=problems)
        return result
    return refusal(
        UploadRefused(
            _l(
                "Choose an %(xlsform)s workbook (.xlsx) or a %(limesurvey)s survey structure "
                "file (.lss).",
                xlsform="XLSForm",
                limesurvey="LimeSurvey",
            )
        )
    )


def refusal(refused: UploadRefused) -> ImportResult:
    """The answer of a reader that cannot read the file at all."""
    return ImportResult(plan=None, problems=[FormProblem(THE_FILE, refused.message)])


# --- checking and building a plan ------------------------------------------------------------

#: the builder's rules (consult.surveys.forms): question keys, option and statement codes
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
OPERATORS = ("in", "not_in", "gte", "lte", "answered")
#: the longest question, hint, option or statement text, and section title (the builder's)
MAX_TEXT = 1000
MAX_TITLE = 200


def plan_problems(plan: QuestionnairePlan) -> list[FormProblem]:
    """What stops `plan` from being built: the rules every questionnaire keeps whatever file it
    came from (a reader checks its own format first and calls this last)."""
    from consult.surveys.question_types import QUESTION_TYPES

    problems: list[FormProblem] = []
    seen: dict[str, tuple[int, PlannedQuestion]] = {}
    total = 0
    for number, section in enumerate(plan.sections, 1):
        if len(_longest(section.title)) > MAX_TITLE:
            where = section.questions[0].where if section.questions else THE_FILE
            problems.append(FormProblem(where, _l("The section title is too long.")))
        for question in section.questions:
            total += 1
            where = question.where or question.key
            qtype = QUESTION_TYPES.get(question.type)
            problems += [FormProblem(where, m) for m in _question_faults(question, qtype, seen)]
            if question.show_if:
                problems += [
                    FormProblem(where, m) for m in _condition_faults(question.show_if, seen, number)
                ]
            seen.setdefault(question.key, (number, question))
    if not total:
        problems.append(FormProblem(THE_FILE, _l("The questionnaire has no questions.")))
    return problems


def _longest(texts: dict) -> str:
    return max((str(t) for t in (texts or {}).values()), key=len, default="")


def _question_faults(question: PlannedQuestion, qtype, seen: dict) -> list:
    faults = []
    if qtype is None:
        faults.append(_l("This kind of question cannot be imported."))
    if not KEY_PATTERN.match(question.key):
        faults.append(
            _l(
                "The name “%(name)s” cannot be a question key: use lower-case letters, "
                "digits and underscores, starting with a letter (at most 60).",
                name=question.key,
            )
        )
    elif question.key in seen:
        faults.append(_l("The name “%(name)s” is used twice.", name=question.key))
    if not any(str(t).strip() for t in question.text.values()):
        faults.append(_l("The question has no text."))
    texts = [question.text, question.hint]
    texts += [label for _code, label in question.options]
    texts += [text for _key, text in question.statements]
    if any(len(_longest(t)) > MAX_TEXT for t in texts):
        faults.append(
            _ln(
                "A text is longer than %(count)s character.",
                "A text is longer than %(count)s characters.",
                MAX_TEXT,
                count=MAX_TEXT,
            )
        )
    for items in (question.options, question.statements):
        codes = [code for code, _texts in items]
        bad = [code for code in codes if not CODE_PATTERN.match(code)]
        if bad:
            faults.append(
                _l(
                    "The choice name “%(name)s” cannot be used: use lower-case letters, digits, "
                    "hyphens and underscores.",
                    name=bad[0],
                )
            )
        if len(set(codes)) != len(codes):
            faults.append(_l("A choice name is used twice in one list."))
        if any(not any(str(t).strip() for t in texts.values()) for _code, texts in items):
            faults.append(_l("A choice has no label."))
    if qtype is not None and qtype.needs_options and len(question.options) < 2:
        faults.append(_l("The question needs at least two choices."))
    if qtype is not None and qtype.needs_statements and not question.statements:
        faults.append(_l("The question needs at least one statement."))
    low, high = question.min_value, question.max_value
    if low is not None and high is not None and low > high:
        faults.append(_l("The maximum must not be below the minimum."))
    return faults


def _condition_faults(show_if: dict, seen: dict, section_number: int) -> list:
    source = seen.get(str(show_if.get("question", "")))
    operator, values = show_if.get("operator"), show_if.get("values") or []
    if source is None:
        return [_l("The condition names a question that is not asked before this one.")]
    if source[0] >= section_number:
        return [_l("The condition must look at a question on an earlier page.")]
    if operator not in OPERATORS or (operator != "answered" and not values):
        return [_l("The condition cannot be imported.")]
    if operator in ("gte", "lte") and not all(isinstance(v, int | float) for v in values):
        return [_l("The condition cannot be imported.")]
    return []


def build_from_plan(
    consultation: Consultation, plan: QuestionnairePlan, audience: str, year: int
) -> Survey:
    """The questionnaire of `consultation` as `plan` describes it, through the services (flush,
    no commit). Raises ValueError for a plan with problems (`plan_problems`): readers never
    hand one over."""
    from consult.surveys.services import add_question, add_section, create_survey

    if plan_problems(plan):
        raise ValueError("the plan has problems: it cannot be built")
    survey = create_survey(consultation, audience, year)
    for planned_section in plan.sections:
        if not planned_section.questions:
            continue
        section = add_section(survey, dict(planned_section.title))
        for q in planned_section.questions:
            add_question(
                section,
                q.key,
                q.type,
                dict(q.text),
                options=[(code, dict(label)) for code, label in q.options],
                statements=[(key, dict(text)) for key, text in q.statements],
                hint=dict(q.hint),
                required=q.required,
                min_value=q.min_value,
                max_value=q.max_value,
                show_if=dict(q.show_if) if q.show_if else None,
            )
    return survey
