"""XLSForm, the spreadsheet form format of ODK, KoboToolbox and SurveyCTO: reading a workbook
into a `QuestionnairePlan` (`read_xlsform`) and writing a survey as one (`write_xlsform`).

What is read (sheets `survey`, `choices`, `settings`):

* types `text` (`appearance` multiline: long text), `integer` and `decimal` (number; whole
  numbers are not enforced, said in the left-out list), `select_one`/`select_multiple`/`rank`
  with a list of the `choices` sheet, `date`, `note`, `range` 0 to 10 by 1 (rating);
  `begin group`/`end group` are the pages (a group inside a group is flattened into the outer
  one, said in the left-out list; questions outside any group get a page of their own);
* `required` (yes/no), `hint`, a `constraint` that is a simple range (`. >= 1 and . <= 10`;
  `count-selected(.)` for multiple choice: fewest/most choices);
* `relevant` in the forms the engine evaluates: `${q} = 'x'`, `${q} != 'x'`,
  `selected(${q}, 'x')`, `not(selected(${q}, 'x'))`, `${q} >= 3`, `${q} <= 3`, `${q} != ''`,
  equalities joined by `or` (one of), inequalities joined by `and` (none of), all about one
  question asked earlier. Conditions are evaluated between pages: a question whose condition
  looks at a question of its own page starts a new page with the same title (said);
* texts per language: `label::Albanian (sq)`, `label::Serbian (sr)` (Cyrillic is converted to
  Latin), `label::Bosnian (bs)`, `label::Turkish (tr)` (where the municipality types Turkish:
  `typed_locales`; elsewhere left out, said), `label::English (en)`, plain `label` in the
  settings' `default_language` (else Albanian); the language is read from the code in
  brackets, else from the name.

Metadata fields (`start`, `end`, `today`, `deviceid`, `username`, ...) are left out: the
survey stores no time or device of an answer. Anything else the engine does not do (repeats,
calculations, other types, other expressions) is a problem with its sheet and row, and then
nothing is created.

The export writes the same format, with the texts of every language stored (Turkish too) as
`label::Albanian (sq)` columns and one group (`field-list`) per page. The question types that
XLSForm has no word for travel in an extra column, `consult_type`, which other tools ignore:
`likert` and `rating` (a `select_one` of the reserved lists `consult_agreement`, points 1 to 5,
and `consult_rating`, 0 to 10) and `likert_matrix` (a group whose `select_one consult_agreement`
rows, named `<question key>__<statement key>`, are the statements). Exported and imported
again, a survey comes back the same.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass, field

from flask_babel import force_locale

from consult.core.municipalities import typed_locales
from consult.core.upload_limits import BROKEN_ARCHIVE, Deadline, UploadRefused
from consult.i18n import TYPABLE_LOCALES, to_latin
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l
from consult.surveys.interchange import (
    THE_FILE,
    FormProblem,
    ImportResult,
    PlannedQuestion,
    PlannedSection,
    QuestionnairePlan,
    check_xlsx,
    form_deadline,
    plan_problems,
    refusal,
)
from consult.surveys.models import Question, Survey
from consult.surveys.question_types import LIKERT_LABELS, LIKERT_POINTS, RATING_POINTS

#: most rows read of the survey sheet and of the choices sheet, and cells of a row
MAX_SURVEY_ROWS = 3000
MAX_CHOICE_ROWS = 20000
MAX_COLUMNS = 200

#: the extra column naming the engine's own question types, and its reserved choice lists
TYPE_COLUMN = "consult_type"
AGREEMENT_LIST = "consult_agreement"
RATING_LIST = "consult_rating"
#: separates a matrix's key from a statement's key in the name of a statement's row
STATEMENT_SEPARATOR = "__"

#: language codes (in brackets after the name) and names of the languages the survey speaks;
#: "sr" is Serbian in either script, converted to Latin
LANGUAGE_CODES = {
    "sq": "sq",
    "sqi": "sq",
    "alb": "sq",
    "sq-al": "sq",
    "sq-xk": "sq",
    "en": "en",
    "eng": "en",
    "en-gb": "en",
    "en-us": "en",
    "sr": "sr",
    "srp": "sr",
    "sr-cyrl": "sr",
    "sr-latn": "sr_Latn",
    "sr_latn": "sr_Latn",
    "bs": "bs",
    "bos": "bs",
    "bs-latn": "bs",
    "tr": "tr",
    "tur": "tr",
    "tr-tr": "tr",
}
LANGUAGE_NAMES = {
    "albanian": "sq",
    "shqip": "sq",
    "english": "en",
    "serbian": "sr",
    "srpski": "sr",
    "српски": "sr",
    "bosnian": "bs",
    "bosanski": "bs",
    "turkish": "tr",
    "türkçe": "tr",
}
#: how the export names each language (XLSForm's "Name (code)"; the Latin Serbian texts are
#: written as "sr", the code pyxform and ODK know)
EXPORT_LANGUAGES = {
    "sq": "Albanian (sq)",
    "sr_Latn": "Serbian (sr)",
    "bs": "Bosnian (bs)",
    "tr": "Turkish (tr)",
    "en": "English (en)",
}
#: the title of a page made for questions outside any group (content, in every language)
LOOSE_TITLE = {"sq": "Pyetjet", "sr_Latn": "Pitanja", "bs": "Pitanja", "en": "Questions"}

#: fields that record who or when or on what device: never read (the survey is anonymous)
METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "imei",
        "uri:deviceid",
        "uri:email",
        "uri:username",
        "uri:phonenumber",
        "uri:subscriberid",
        "uri:simserial",
    }
)
#: columns the engine has no place for: left out, said once per row that fills them
IGNORED_COLUMNS = (
    "guidance_hint",
    "constraint_message",
    "required_message",
    "default",
    "read_only",
    "choice_filter",
    "calculation",
    "trigger",
    "media",
    "image",
    "audio",
    "video",
    "big-image",
)
#: the sheets' names, literal words of the format (never translated)
SHEET_NAMES = {"survey": "survey", "choices": "choices", "settings": "settings"}
_TRUE = frozenset({"yes", "true", "true()", "1", "y"})
_FALSE = frozenset({"", "no", "false", "false()", "0", "n"})


def at(sheet: str, row: int) -> object:
    """A place in the workbook, e.g. "survey, row 7" (the sheet's name is XLSForm's word)."""
    return _l("%(sheet)s, row %(row)s", sheet=sheet, row=row)


# --- reading the workbook --------------------------------------------------------------------


@dataclass
class _Sheet:
    """A sheet as rows of {column header: text}, with their numbers in the workbook."""

    name: str
    headers: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_sheet(worksheet, name: str, limit: int, deadline: Deadline) -> _Sheet | object:
    """The sheet's rows, or a message when it has more than `limit` rows."""
    sheet = _Sheet(name)
    worksheet.reset_dimensions()  # the rows it holds, not the range <dimension> claims
    for number, values in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
        if number % 200 == 0:
            deadline.check()
        texts = [_cell_text(v) for v in values]
        if number == 1:
            sheet.headers = [_header(h) for h in texts]
            continue
        if number > limit:
            return _ln(
                "The sheet “%(sheet)s” has more than %(count)s row.",
                "The sheet “%(sheet)s” has more than %(count)s rows.",
                limit,
                sheet=name,
                count=limit,
            )
        if not any(texts):
            continue
        row = {h: t for h, t in zip(sheet.headers, texts, strict=False) if h and t}
        if row:
            sheet.rows.append((number, row))
    return sheet


def _header(text: str) -> str:
    """A column header as compared: the base in lower case ("list name" is "list_name"), a
    language after "::" kept as written."""
    base, sep, language = text.partition("::")
    base = re.sub(r"\s+", "_", base.strip().lower())
    return f"{base}::{language.strip()}" if sep else base


def _workbook_sheets(data: bytes, deadline: Deadline) -> dict[str, _Sheet] | ImportResult:
    from openpyxl import load_workbook

    try:
        check_xlsx(data, deadline)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UploadRefused as refused:
        return refusal(refused)
    except (*BROKEN_ARCHIVE, KeyError, ValueError, TypeError, IndexError):
        return refusal(UploadRefused(_l("The file is damaged: a part of it cannot be read.")))
    sheets: dict[str, _Sheet] = {}
    limits = {"survey": MAX_SURVEY_ROWS, "choices": MAX_CHOICE_ROWS, "settings": 10}
    try:
        for worksheet in workbook.worksheets:
            name = worksheet.title.strip().lower()
            if name not in limits or name in sheets:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                read = _read_sheet(worksheet, name, limits[name], deadline)
            if not isinstance(read, _Sheet):
                return ImportResult(None, [FormProblem(name, read)])
            sheets[name] = read
        found = [ws.title for ws in workbook.worksheets]
    except UploadRefused as refused:
        return refusal(refused)
    except (*BROKEN_ARCHIVE, KeyError, ValueError, TypeError, IndexError, AttributeError):
        return refusal(UploadRefused(_l("The file is damaged: a part of it cannot be read.")))
    finally:
        workbook.close()
    if "survey" not in sheets:
        return ImportResult(
            None,
            [
                FormProblem(
                    THE_FILE,
                    _l(
                        "The workbook has no sheet named “%(survey)s” (its sheets: %(sheets)s). "
                        "An %(xlsform)s file has the sheets “%(survey)s”, “%(choices)s” and "
                        "“%(settings)s”.",
                        sheets=", ".join(found) or "-",
                        xlsform="XLSForm",
                        **SHEET_NAMES,
                    ),
                )
            ],
        )
    return sheets


def _language_locale(language: str, default: str) -> str | None:
    """The locale a column's language is ("sr" for Serbian in either script), or None."""
    match = re.search(r"\(([^()]*)\)\s*$", language)
    if match:
        return LANGUAGE_CODES.get(match.group(1).strip().lower())
    name = language.strip().lower()
    if name in ("", "default"):
        return default
    return LANGUAGE_NAMES.get(name)


# --- the reader ------------------------------------------------------------------------------


@dataclass
class _Group:
    """An open `begin group` (or repeat): what it is and its condition."""

    kind: str  # "section", "nested", "matrix", "repeat"
    row: int
    relevant: str = ""
    matrix: PlannedQuestion | None = None


class _Reader:
    """One pass over the sheets, collecting the plan, the problems and what was left out."""

    def __init__(self, sheets: dict[str, _Sheet], deadline: Deadline) -> None:
        self.sheets = sheets
        self.deadline = deadline
        self.problems: list[FormProblem] = []
        self.left_out: list[FormProblem] = []
        self.plan = QuestionnairePlan()
        self.settings = self._settings()
        #: the languages the municipality types content in (Turkish only where it has it)
        self.locales = typed_locales()
        self.default_locale = "sq"
        language = self.settings.get("default_language", "")
        if language:
            locale = _language_locale(language, "sq")
            if not self._typed(locale):
                self.note(
                    "settings",
                    _l(
                        "The default language “%(language)s” is not one the survey speaks: "
                        "texts without a language are read as Albanian.",
                        language=language,
                    ),
                )
            else:
                self.default_locale = locale
        self.columns = self._columns("survey")
        self.choice_columns = self._columns("choices")
        self.lists = self._lists()
        self.checked_lists: dict[str, list[tuple[str, dict]] | None] = {}
        self.questions: dict[str, tuple[PlannedQuestion, PlannedSection]] = {}
        self.names: dict[str, int] = {}
        self.stack: list[_Group] = []
        self.section: PlannedSection | None = None

    # --- helpers

    def problem(self, where: object, message: object) -> None:
        self.problems.append(FormProblem(where, message))

    def note(self, where: object, message: object) -> None:
        self.left_out.append(FormProblem(where, message))

    def _settings(self) -> dict[str, str]:
        sheet = self.sheets.get("settings")
        return dict(sheet.rows[0][1]) if sheet is not None and sheet.rows else {}

    def _columns(self, sheet_name: str) -> dict[str, str]:
        """{header: locale} of the label and hint columns of a sheet; unknown languages noted."""
        sheet = self.sheets.get(sheet_name)
        columns: dict[str, str] = {}
        for header in sheet.headers if sheet else []:
            base, _sep, language = header.partition("::")
            if base not in ("label", "hint"):
                continue
            locale = _language_locale(language, self.default_locale)
            if not self._typed(locale):
                self.note(sheet_name, self._not_spoken(language))
                continue
            columns[header] = locale
        return columns

    def _typed(self, locale: str | None) -> bool:
        """Whether texts in `locale` are kept: a language the municipality types ("sr" is
        Serbian in either script)."""
        return locale is not None and ("sr_Latn" if locale == "sr" else locale) in self.locales

    def _not_spoken(self, language: str) -> object:
        if "tr" in self.locales:
            return _l(
                "The texts in “%(language)s” are left out: the survey speaks "
                "Albanian, Serbian, Bosnian, Turkish and English.",
                language=language,
            )
        return _l(
            "The texts in “%(language)s” are left out: the survey speaks "
            "Albanian, Serbian, Bosnian and English.",
            language=language,
        )

    def texts(self, row: dict[str, str], base: str, columns: dict[str, str]) -> dict:
        """{locale: text} of a row's `base` columns ("label", "hint"); Serbian in Latin."""
        texts: dict[str, str] = {}
        serbian = ""
        for header, locale in columns.items():
            if header.partition("::")[0] != base or not row.get(header):
                continue
            if locale == "sr":
                serbian = serbian or to_latin(row[header])
            else:
                texts.setdefault(locale, row[header])
        if serbian and "sr_Latn" not in texts:
            texts["sr_Latn"] = serbian
        return {locale: texts[locale] for locale in self.locales if locale in texts}

    # --- the choices sheet

    def _lists(self) -> dict[str, list[tuple[int, dict[str, str]]]]:
        lists: dict[str, list[tuple[int, dict[str, str]]]] = {}
        sheet = self.sheets.get("choices")
        for number, row in sheet.rows if sheet else []:
            name = row.get("list_name", "")
            if not name:
                if row.get("name") or any(h.startswith("label") for h in row):
                    self.problem(at("choices", number), _l("The choice has no list name."))
                continue
            lists.setdefault(name, []).append((number, row))
        return lists

    def options(self, list_name: str, where: object) -> list[tuple[str, dict]] | None:
        """The options of a list, checked once; None (and problems) when it cannot be used."""
        if list_name in self.checked_lists:
            return self.checked_lists[list_name]
        rows = self.lists.get(list_name)
        if rows is None:
            self.problem(
                where,
                _l(
                    "The list “%(list)s” is not in the “%(choices)s” sheet.",
                    list=list_name,
                    **SHEET_NAMES,
                ),
            )
            self.checked_lists[list_name] = None
            return None
        options: list[tuple[str, dict]] = []
        codes: set[str] = set()
        fine = True
        for number, row in rows:
            name = row.get("name", "")
            code = name.lower()
            label = self.texts(row, "label", self.choice_columns)
            message = None
            if not name:
                message = _l("The choice has no name.")
            elif not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,59}", code):
                message = _l(
                    "The choice name “%(name)s” cannot be used: use lower-case letters, "
                    "digits, hyphens and underscores.",
                    name=name,
                )
            elif code in codes:
                message = _l("The choice name “%(name)s” is used twice in one list.", name=name)
            elif not label:
                message = _l("The choice has no label in Albanian, Serbian, Bosnian or English.")
            if message is not None:
                self.problem(at("choices", number), message)
                fine = False
                continue
            codes.add(code)
            options.append((code, label))
        self.checked_lists[list_name] = options if fine else None
        return self.checked_lists[list_name]

    # --- the survey sheet

    def read(self) -> None:
        sheet = self.sheets["survey"]
        if "type" not in sheet.headers or "name" not in sheet.headers:
            self.problem(
                "survey",
                _l(
                    "The “%(survey)s” sheet needs the columns “%(type)s” and “%(name)s” in its "
                    "first row.",
                    type="type",
                    name="name",
                    **SHEET_NAMES,
                ),
            )
            return
        for count, (number, row) in enumerate(sheet.rows):
            if count % 100 == 0:
                self.deadline.check()
            self._row(number, row)
        for group in self.stack:
            self.problem(
                at("survey", group.row),
                _l("The group is not closed: “%(end)s” is missing.", end="end group"),
            )
        kept = []
        for section in self.plan.sections:
            if section.questions:
                kept.append(section)
        self.plan.sections = kept

    def _row(self, number: int, row: dict[str, str]) -> None:
        where = at("survey", number)
        kind = re.sub(r"\s+", " ", row.get("type", "").strip())
        lowered = kind.lower()
        for column in IGNORED_COLUMNS:
            if any(h.partition("::")[0] == column for h in row):
                self.note(where, _l("The column “%(column)s” is left out.", column=column))
        if not kind:
            self.problem(where, _l("The row has no type."))
            return
        if lowered in ("begin group", "begin_group"):
            self._begin_group(number, row)
        elif lowered in ("end group", "end_group"):
            self._end("group", number)
        elif lowered in ("begin repeat", "begin_repeat"):
            self.problem(where, _l("Repeated groups cannot be imported."))
            self.stack.append(_Group("repeat", number))
        elif lowered in ("end repeat", "end_repeat"):
            self._end("repeat", number)
        elif lowered in METADATA_TYPES:
            self.note(
                where,
                _l(
                    "The field “%(type)s” is left out: the survey records no time, device or "
                    "person of an answer.",
                    type=kind,
                ),
            )
        else:
            self._question(number, row, kind)

    def _end(self, kind: str, number: int) -> None:
        if not self.stack or (self.stack[-1].kind == "repeat") != (kind == "repeat"):
            self.problem(at("survey", number), _l("This end of a group has no matching beginning."))
            return
        group = self.stack.pop()
        if group.kind == "section":
            self.section = None

    def _name(self, number: int, row: dict[str, str]) -> str | None:
        """The key of a row's name, or None (with a problem)."""
        where = at("survey", number)
        name = row.get("name", "")
        if not name:
            self.problem(where, _l("The row has no name."))
            return None
        key = name.lower()
        if key in self.names:
            self.problem(
                where,
                _l(
                    "The name “%(name)s” is already used on row %(row)s.",
                    name=name,
                    row=self.names[key],
                ),
            )
            return None
        self.names[key] = number
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,59}", key):
            self.problem(
                where,
                _l(
                    "The name “%(name)s” cannot be a question key: use lower-case letters, "
                    "digits and underscores, starting with a letter (at most 60).",
                    name=name,
                ),
            )
            return None
        if key != name:
            self.note(where, _l("The name “%(name)s” is kept in lower case.", name=name))
        return key

    def _begin_group(self, number: int, row: dict[str, str]) -> None:
        where = at("survey", number)
        marker = row.get(TYPE_COLUMN, "").lower()
        relevant = row.get("relevant", "")
        if marker == "likert_matrix":
            if any(g.kind == "matrix" for g in self.stack):
                self.problem(where, _l("A matrix cannot hold another matrix."))
            key = self._name(number, row)
            question = PlannedQuestion(
                key=key or "",
                type="likert_matrix",
                text=self.texts(row, "label", self.columns),
                hint=self.texts(row, "hint", self.columns),
                where=where,
            )
            if not question.text:
                self.problem(where, _l("The question has no label."))
            group = _Group("matrix", number, relevant, question)
            question.show_if = self._conditions(where, [*self.stack, group])
            self.stack.append(group)
            self._place(question, where)
            return
        if marker:
            self.problem(
                where,
                _l("The %(column)s “%(value)s” is unknown.", column=TYPE_COLUMN, value=marker),
            )
        if row.get("name"):
            self.names.setdefault(row["name"].lower(), number)
        if any(g.kind in ("section", "matrix") for g in self.stack):
            if any(g.kind == "matrix" for g in self.stack):
                self.problem(where, _l("A matrix cannot hold a group."))
            self.note(
                where,
                _l(
                    "The group inside another group is flattened: its questions are on the "
                    "page of the outer group."
                ),
            )
            self.stack.append(_Group("nested", number, relevant))
            return
        title = self.texts(row, "label", self.columns)
        if not title:
            title = {self._storage_locale(): row.get("name", "") or str(number)}
            self.note(where, _l("The group has no label: its name is the page's title."))
        if any(self.texts(row, "hint", self.columns).values()):
            self.note(where, _l("The hint of a group is left out: pages have titles only."))
        self.section = PlannedSection(title=title)
        self.plan.sections.append(self.section)
        self.stack.append(_Group("section", number, relevant))

    def _storage_locale(self) -> str:
        return "sr_Latn" if self.default_locale == "sr" else self.default_locale

    def _place(self, question: PlannedQuestion, where: object) -> None:
        """Put `question` on the current page; a new page when its condition looks at a
        question of the current one."""
        if self.section is None:
            self.section = PlannedSection(title=dict(LOOSE_TITLE))
            self.plan.sections.append(self.section)
        source = (question.show_if or {}).get("question")
        if source in self.questions and self.questions[source][1] is self.section:
            self.section = PlannedSection(title=dict(self.section.title))
            self.plan.sections.append(self.section)
            self.note(
                where,
                _l(
                    "A new page starts here, with the same title: a condition can only look "
                    "at an answer given on an earlier page."
                ),
            )
        self.section.questions.append(question)
        if question.key:
            self.questions[question.key] = (question, self.section)

    def _question(self, number: int, row: dict[str, str], kind: str) -> None:
        from consult.surveys.question_types import QUESTION_TYPES

        where = at("survey", number)
        matrix = next((g.matrix for g in reversed(self.stack) if g.kind == "matrix"), None)
        if matrix is not None:
            self._statement(number, row, kind, matrix)
            return
        word, _sep, rest = kind.partition(" ")
        word = word.lower()
        rest = rest.strip()
        for spelled, meant in (
            ("select one ", "select_one"),
            ("select all that apply ", "select_multiple"),
        ):
            if kind.lower().startswith(spelled):
                word, rest = meant, kind[len(spelled) :].strip()
        marker = row.get(TYPE_COLUMN, "").lower()
        code = self._type_code(word, rest, marker, row, where)
        key = self._name(number, row)
        if code is None:
            return
        if code not in QUESTION_TYPES:
            self.problem(
                where, _l("This kind of question (“%(type)s”) cannot be imported.", type=kind)
            )
            return
        question = PlannedQuestion(
            key=key or "",
            type=code,
            text=self.texts(row, "label", self.columns),
            hint=self.texts(row, "hint", self.columns),
            required=self._required(row, where),
            where=where,
        )
        if not question.text:
            self.problem(
                where,
                _l("The question has no label in Albanian, Serbian, Bosnian or English."),
            )
        if any("${" in text for text in question.text.values()):
            self.note(
                where,
                _l("A reference to another answer in the label is shown as it is written."),
            )
        if word in ("select_one", "select_multiple", "rank"):
            options = self.options(rest, where)
            if options is not None:
                self._check_scale(code, options, rest, where)
                if code in ("single_choice", "multiple_choice", "ranking"):
                    question.options = options
        self._constraint(question, row.get("constraint", ""), where)
        question.show_if = self._conditions(
            where, [*self.stack, _Group("own", number, row.get("relevant", ""))]
        )
        self._place(question, where)

    def _type_code(
        self, word: str, rest: str, marker: str, row: dict[str, str], where: object
    ) -> str | None:
        """The engine's type of an XLSForm type, or None (with a problem)."""
        if " or_other" in f" {rest}" or rest.endswith("or_other"):
            self.problem(where, _l("The “or_other” choice cannot be imported."))
            return None
        select = word in ("select_one", "select_multiple", "rank")
        if select and not rest:
            self.problem(where, _l("The type names no list of choices."))
            return None
        markers = {
            "": None,
            "likert": ("select_one", "likert"),
            "rating": ("select_one", "rating"),
        }
        if marker not in markers:
            self.problem(
                where,
                _l("The %(column)s “%(value)s” is unknown.", column=TYPE_COLUMN, value=marker),
            )
            return None
        if markers[marker] is not None:
            needed, code = markers[marker]
            if word != needed:
                self.problem(
                    where,
                    _l("A question marked “%(value)s” must be a “select_one”.", value=marker),
                )
                return None
            return code
        appearance = row.get("appearance", "").lower()
        simple = {
            "select_one": "single_choice",
            "select_multiple": "multiple_choice",
            "rank": "ranking",
            "decimal": "number",
            "date": "date",
            "note": "note",
        }
        if word in simple and (select or not rest):
            return simple[word]
        if word == "text" and not rest:
            return "long_text" if "multiline" in appearance else "short_text"
        if word == "integer" and not rest:
            self.note(where, _l("Whole numbers are not enforced: any number is accepted."))
            return "number"
        if word == "range" and not rest:
            parameters = re.sub(r"\s+", " ", row.get("parameters", "").lower().strip())
            if set(parameters.split()) == {"start=0", "end=10", "step=1"}:
                return "rating"
            self.problem(where, _l("Only a range from 0 to 10 by 1 can be imported (as a rating)."))
            return None
        if word == "calculate":
            self.problem(where, _l("Calculations cannot be imported."))
            return None
        written = " ".join(part for part in (word, rest) if part)
        self.problem(
            where, _l("This kind of question (“%(type)s”) cannot be imported.", type=written)
        )
        return None

    def _check_scale(self, code: str, options: list, list_name: str, where: object) -> None:
        """A Likert or rating question's list must be its scale's points."""
        points = {"likert": LIKERT_POINTS, "rating": RATING_POINTS}.get(code)
        if points is not None and [c for c, _t in options] != [str(p) for p in points]:
            self.problem(
                where,
                _l(
                    "The list “%(list)s” must hold the points %(first)s to %(last)s, in order.",
                    list=list_name,
                    first=points[0],
                    last=points[-1],
                ),
            )

    def _statement(
        self, number: int, row: dict[str, str], kind: str, matrix: PlannedQuestion
    ) -> None:
        where = at("survey", number)
        word, _sep, rest = kind.partition(" ")
        if word.lower() != "select_one" or rest.strip() != AGREEMENT_LIST:
            self.problem(
                where,
                _l(
                    "A matrix holds only “select_one %(list)s” rows, one per statement.",
                    list=AGREEMENT_LIST,
                ),
            )
            return
        key = self._name(number, row)
        if key is None:
            return
        options = self.options(AGREEMENT_LIST, where)
        if options is not None:
            self._check_scale("likert", options, AGREEMENT_LIST, where)
        for prefix in (f"{matrix.key}{STATEMENT_SEPARATOR}", f"{matrix.key}_"):
            if matrix.key and key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
                break
        text = self.texts(row, "label", self.columns)
        if not text:
            self.problem(where, _l("The statement has no label."))
        for column in ("relevant", "constraint"):
            if row.get(column):
                self.problem(
                    where,
                    _l("A statement of a matrix cannot have its own “%(column)s”.", column=column),
                )
        matrix.required = matrix.required or self._required(row, where)
        matrix.statements.append((key, text))

    def _required(self, row: dict[str, str], where: object) -> bool:
        value = row.get("required", "").strip().lower()
        if value in _TRUE:
            return True
        if value not in _FALSE:
            self.problem(
                where,
                _l(
                    "Only “%(yes)s” or “%(no)s” can be imported as “%(required)s”.",
                    yes="yes",
                    no="no",
                    required="required",
                ),
            )
        return False

    def _constraint(self, question: PlannedQuestion, expression: str, where: object) -> None:
        """A simple range as the question's minimum and maximum."""
        if not expression:
            return
        counted = question.type == "multiple_choice"
        if question.type not in ("number", "multiple_choice"):
            self.problem(where, _l("The constraint cannot be imported."))
            return
        subject = r"count-selected\(\s*\.\s*\)" if counted else r"\."
        term = re.compile(rf"\s*{subject}\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*")
        low = high = None
        for part in re.split(r"\s+and\s+", expression.strip()):
            match = term.fullmatch(part)
            if match is None:
                self.problem(where, _l("The constraint cannot be imported."))
                return
            operator, number = match.group(1), float(match.group(2))
            if operator in (">", "<"):
                if not (counted and number.is_integer()):
                    self.problem(
                        where,
                        _l(
                            "Write the constraint with “>=” and “<=”: only such a range is "
                            "imported."
                        ),
                    )
                    return
                number += 1 if operator == ">" else -1
            if operator.startswith(">"):
                low = number if low is None else max(low, number)
            else:
                high = number if high is None else min(high, number)
        question.min_value, question.max_value = low, high

    # --- conditions

    def _conditions(self, where: object, groups: list[_Group]) -> dict | None:
        expressions = [g.relevant for g in groups if g.relevant and g.kind != "repeat"]
        if not expressions:
            return None
        if len(expressions) > 1:
            self.problem(
                where,
                _l(
                    "Only one condition can be imported: the question and a group around it "
                    "both have one."
                ),
            )
            return None
        condition = self._condition(expressions[0])
        if isinstance(condition, dict):
            return condition
        self.problem(where, condition)
        return None

    def _condition(self, expression: str) -> dict | object:
        """The engine's condition of a `relevant` expression, or a message why it is not."""
        unsupported = _l(
            "The condition “%(expression)s” cannot be imported: the survey evaluates "
            "“=”, “!=”, “>=”, “<=” and “%(selected)s” about one earlier question.",
            expression=expression,
            selected="selected()",
        )
        atoms = _atoms(expression)
        if atoms is None:
            return unsupported
        joins = {join for join, _atom in atoms[1:]}
        names = {atom[0].lower() for _join, atom in atoms}
        if len(names) != 1 or len(joins) > 1:
            return unsupported
        name = names.pop()
        source = self.questions.get(name)
        if source is None:
            return _l(
                "The condition names “%(name)s”, which is not a question asked before this one.",
                name=name,
            )
        question = source[0]
        operators = [atom[1] for _join, atom in atoms]
        values = [atom[2] for _join, atom in atoms]
        if len(atoms) == 1:
            operator, value = operators[0], values[0]
            if operator == "!=" and value == "":
                return {"question": name, "operator": "answered", "values": []}
            if operator in (">=", "<=", ">", "<"):
                return self._comparison(question, operator, value) or unsupported
        if "" in values:
            return unsupported
        if all(op in ("=", "selected") for op in operators) and joins <= {"or"}:
            operator = "in"
        elif all(op in ("!=", "not_selected") for op in operators) and joins <= {"and"}:
            operator = "not_in"
        else:
            return unsupported
        codes = [self._value(question, value) for value in values]
        if None in codes:
            return _l(
                "The condition names a value “%(value)s” that “%(name)s” does not have.",
                value=values[codes.index(None)],
                name=name,
            )
        return {"question": name, "operator": operator, "values": codes}

    @staticmethod
    def _comparison(question: PlannedQuestion, operator: str, value: str) -> dict | None:
        if question.type not in ("number", "likert", "rating"):
            return None
        try:
            number = float(value)
        except ValueError:
            return None
        if operator in (">", "<"):
            if question.type == "number" or not number.is_integer():
                return None
            number += 1 if operator == ">" else -1
        limit = int(number) if number.is_integer() else number
        name = "gte" if operator.startswith(">") else "lte"
        return {"question": question.key, "operator": name, "values": [limit]}

    @staticmethod
    def _value(question: PlannedQuestion, value: str) -> str | None:
        """A condition's value as stored: an option's code, a scale point, or the text."""
        if question.options:
            code = value.lower()
            return code if code in {c for c, _t in question.options} else None
        points = {"likert": LIKERT_POINTS, "rating": RATING_POINTS}.get(question.type)
        if points is not None or question.type == "number":
            try:
                number = float(value)
            except ValueError:
                return None
            if points is not None and number not in points:
                return None
            return str(int(number)) if number.is_integer() else str(number)
        return value

    # --- the result

    def result(self) -> ImportResult:
        title = self.settings.get("form_title", "")
        if title:
            self.plan.title = {self._storage_locale(): title}
        found = set()
        for section in self.plan.sections:
            if section.title != LOOSE_TITLE:
                found.update(section.title)
            for q in section.questions:
                found.update(q.text)
                found.update(q.hint)
                for _code, texts in (*q.options, *q.statements):
                    found.update(texts)
        self.plan.locales = [loc for loc in self.locales if loc in found]
        if self.plan.sections and "sq" not in found:
            self.note(
                THE_FILE,
                _l(
                    "The form has no texts in Albanian: add them in the builder before the "
                    "survey is announced."
                ),
            )
        self.plan.left_out = self.left_out
        if not self.problems:
            self.problems = plan_problems(self.plan)
        if self.problems:
            return ImportResult(plan=None, problems=self.problems)
        return ImportResult(plan=self.plan, problems=[])


_NAME = r"\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}"
_VALUE = r"(?:'([^']*)'|\"([^\"]*)\"|(-?\d+(?:\.\d+)?))"
_ATOM_PATTERNS = (
    ("compare", re.compile(rf"{_NAME}\s*(!=|>=|<=|=|>|<)\s*{_VALUE}")),
    ("selected", re.compile(rf"selected\(\s*{_NAME}\s*,\s*{_VALUE}\s*\)")),
    ("not_selected", re.compile(rf"not\(\s*selected\(\s*{_NAME}\s*,\s*{_VALUE}\s*\)\s*\)")),
)
_JOIN = re.compile(r"\s+(and|or)\s+")


def _atoms(expression: str) -> list[tuple[str, tuple[str, str, str]]] | None:
    """[(join, (name, operator, value))] of an expression of simple comparisons joined by
    "and"/"or" (the first join is ""); None for anything else."""
    text = expression.strip()
    if len(text) > 2000:
        return None
    found: list[tuple[str, tuple[str, str, str]]] = []
    position, join = 0, ""
    while True:
        atom = _atom_at(text, position)
        if atom is None:
            return None
        position, parts = atom
        found.append((join, parts))
        if position == len(text):
            return found
        match = _JOIN.match(text, position)
        if match is None:
            return None
        join, position = match.group(1), match.end()


def _atom_at(text: str, position: int) -> tuple[int, tuple[str, str, str]] | None:
    """One comparison at `position`, in brackets or not: (its end, (name, operator, value))."""
    opened = re.compile(r"\(\s*").match(text, position)
    for start, closing in (
        (opened.end(), True) if opened else (position, False),
        (position, False),
    ):
        for kind, pattern in _ATOM_PATTERNS:
            match = pattern.match(text, start)
            if match is None:
                continue
            end = match.end()
            if closing:
                close = re.compile(r"\s*\)").match(text, end)
                if close is None:
                    continue
                end = close.end()
            groups = match.groups()
            if kind == "compare":
                name, operator, *value = groups
            else:
                name, operator, value = groups[0], kind, list(groups[1:])
            text_value = next((v for v in value if v is not None), "")
            return end, (name, operator, text_value)
    return None


def read_xlsform(data: bytes) -> ImportResult:
    """The plan of an XLSForm workbook, or its problems (each with its sheet and row); nothing
    is written. A file that is not a workbook, too large or a ZIP bomb is one problem about
    the whole file."""
    deadline = form_deadline()
    sheets = _workbook_sheets(data, deadline)
    if isinstance(sheets, ImportResult):
        return sheets
    try:
        reader = _Reader(sheets, deadline)
        reader.read()
        return reader.result()
    except UploadRefused as refused:
        return refusal(refused)


# --- writing ---------------------------------------------------------------------------------


def _texts(value: dict | None) -> dict[str, str]:
    """{locale: text} of the typable locales (Turkish too, where it is stored); Latin Serbian
    from Cyrillic when only that is kept."""
    value = value or {}
    texts = {loc: str(value[loc]) for loc in TYPABLE_LOCALES if str(value.get(loc) or "").strip()}
    if "sr_Latn" not in texts and str(value.get("sr") or "").strip():
        texts["sr_Latn"] = to_latin(str(value["sr"]))
    return texts


def _survey_locales(survey: Survey) -> list[str]:
    found: set[str] = set()
    for section in survey.sections:
        found.update(_texts(section.title))
    for q in survey.questions:
        found.update(_texts(q.text))
        found.update(_texts(q.hint))
        for option in q.options:
            found.update(_texts(option.label))
        for statement in q.statements:
            found.update(_texts(statement.text))
    return [loc for loc in TYPABLE_LOCALES if loc in found] or ["sq"]


_EXPORT_TYPES = {
    "single_choice": "select_one",
    "multiple_choice": "select_multiple",
    "ranking": "rank",
    "number": "decimal",
    "short_text": "text",
    "long_text": "text",
    "date": "date",
    "note": "note",
}
_NUMERIC = ("number", "likert", "rating")


def _quoted(value: object) -> str:
    text = str(value)
    return f'"{text}"' if "'" in text else f"'{text}'"


def relevant_of(question: Question, by_key: dict[str, Question]) -> str:
    """The XLSForm `relevant` of a question's condition ("" without one)."""
    condition = question.show_if
    if not condition:
        return ""
    key = condition.get("question", "")
    source = by_key.get(key)
    operator = condition.get("operator", "in")
    values = condition.get("values") or []
    ref = f"${{{key}}}"
    if operator == "answered":
        return f"{ref} != ''"
    if operator in ("gte", "lte"):
        sign = ">=" if operator == "gte" else "<="
        return f"{ref} {sign} {values[0] if values else 0}"
    numeric = source is not None and source.type in _NUMERIC
    listed = source is not None and source.type in ("multiple_choice", "ranking")

    def one(value: object) -> str:
        shown = str(value) if numeric else _quoted(value)
        if listed:
            test = f"selected({ref}, {shown})"
            return test if operator == "in" else f"not({test})"
        return f"{ref} {'=' if operator == 'in' else '!='} {shown}"

    return f" {'or' if operator == 'in' else 'and'} ".join(one(v) for v in values)


def _constraint_of(question: Question) -> str:
    subject = {"number": ".", "multiple_choice": "count-selected(.)"}.get(question.type)
    if subject is None:
        return ""
    parts = []
    if question.min_value is not None:
        parts.append(f"{subject} >= {_number(question.min_value)}")
    if question.max_value is not None:
        parts.append(f"{subject} <= {_number(question.max_value)}")
    return " and ".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class _Writer:
    """Rows of the three sheets of one survey."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.locales = _survey_locales(survey)
        self.by_key = {q.key: q for q in survey.questions}
        self.label_columns = [f"label::{EXPORT_LANGUAGES[loc]}" for loc in self.locales]
        self.hint_columns = [f"hint::{EXPORT_LANGUAGES[loc]}" for loc in self.locales]
        self.survey_header = [
            "type",
            "name",
            *self.label_columns,
            *self.hint_columns,
            "required",
            "relevant",
            "constraint",
            "appearance",
            TYPE_COLUMN,
        ]
        self.survey_rows: list[list[str]] = []
        self.choice_rows: list[list[str]] = []
        self.lists: set[str] = set()

    def _row(self, type_: str, name: str, text=None, hint=None, **cells: str) -> None:
        texts, hints = _texts(text), _texts(hint)
        self.survey_rows.append(
            [
                type_,
                name,
                *(texts.get(loc, "") for loc in self.locales),
                *(hints.get(loc, "") for loc in self.locales),
                cells.get("required", ""),
                cells.get("relevant", ""),
                cells.get("constraint", ""),
                cells.get("appearance", ""),
                cells.get("consult_type", ""),
            ]
        )

    def _list(self, name: str, items: list[tuple[str, dict]]) -> None:
        if name in self.lists:
            return
        self.lists.add(name)
        for code, label in items:
            texts = _texts(label)
            self.choice_rows.append([name, code, *(texts.get(loc, "") for loc in self.locales)])

    def _scale(self, name: str) -> None:
        if name == AGREEMENT_LIST:
            items = []
            for point in LIKERT_POINTS:
                label = {}
                for locale in self.locales:
                    with force_locale(locale):
                        label[locale] = str(LIKERT_LABELS[point])
                items.append((str(point), label))
        else:
            items = [(str(p), dict.fromkeys(self.locales, str(p))) for p in RATING_POINTS]
        self._list(name, items)

    def write(self) -> None:
        names = set(self.by_key)
        for section in self.survey.sections:
            group = f"page_{section.position}"
            while group in names:
                group = f"{group}_"
            names.add(group)
            self._row("begin group", group, section.title, appearance="field-list")
            for question in section.questions:
                self._question(question)
            self._row("end group", "")

    def _question(self, q: Question) -> None:
        required = "yes" if q.required else ""
        relevant = relevant_of(q, self.by_key)
        if q.type == "likert_matrix":
            self._scale(AGREEMENT_LIST)
            self._row(
                "begin group",
                q.key,
                q.text,
                q.hint,
                relevant=relevant,
                appearance="field-list",
                consult_type="likert_matrix",
            )
            for statement in q.statements:
                self._row(
                    f"select_one {AGREEMENT_LIST}",
                    f"{q.key}{STATEMENT_SEPARATOR}{statement.key}",
                    statement.text,
                    required=required,
                    appearance="likert",
                )
            self._row("end group", "")
            return
        cells = {"required": required, "relevant": relevant, "constraint": _constraint_of(q)}
        if q.type in ("likert", "rating"):
            name = AGREEMENT_LIST if q.type == "likert" else RATING_LIST
            self._scale(name)
            kind = f"select_one {name}"
            cells.update(appearance="likert", consult_type=q.type)
        elif q.type in ("single_choice", "multiple_choice", "ranking"):
            self._list(q.key, [(o.value, o.label) for o in q.options])
            kind = f"{_EXPORT_TYPES[q.type]} {q.key}"
        else:
            kind = _EXPORT_TYPES.get(q.type, "text")
            if q.type == "long_text":
                cells["appearance"] = "multiline"
            if q.type not in _EXPORT_TYPES:
                cells["consult_type"] = q.type
        self._row(kind, q.key, q.text, q.hint, **cells)


def write_xlsform(survey: Survey) -> bytes:
    """The survey as an XLSForm workbook (sheets survey, choices, settings)."""
    from openpyxl import Workbook

    writer = _Writer(survey)
    writer.write()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    _fill(sheet, writer.survey_header, writer.survey_rows)
    choices = workbook.create_sheet("choices")
    _fill(choices, ["list_name", "name", *writer.label_columns], writer.choice_rows)
    settings = workbook.create_sheet("settings")
    title = _texts(survey.consultation.title)
    default = writer.locales[0]
    _fill(
        settings,
        ["form_title", "form_id", "version", "default_language", "style"],
        [
            [
                title.get(default) or next(iter(title.values()), ""),
                f"consult_survey_{survey.id}",
                dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M"),
                EXPORT_LANGUAGES[default],
                "pages",
            ]
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, header: list[str], rows: list[list[str]]) -> None:
    """Write `rows` under `header`; every cell is text, never a formula (a label starting
    with "=" stays a label in a spreadsheet and in the round trip)."""
    for row_number, values in enumerate([header, *rows], 1):
        for column, value in enumerate(values, 1):
            if value == "":
                continue
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            cell.data_type = "s"
