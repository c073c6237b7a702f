"""LimeSurvey survey structure files (.lss) read into a questionnaire plan.

A `.lss` file is LimeSurvey's export of a survey's structure: an XML `document` whose sections
(`groups`, `questions`, `subquestions`, `answers`, `conditions`, `question_attributes`,
`surveys_languagesettings`, ...) are tables of `rows`. LimeSurvey 4 and later (DBVersion 400
and up) keep the texts in tables of their own (`group_l10ns`, `question_l10ns`,
`answer_l10ns`); 3.x and earlier repeat each group, question and answer row once per language
with the text inline. Both are read here.

`read_lss` only reads: it returns a `QuestionnairePlan` (consult.surveys.interchange) or the
problems that stop it, and never writes anything. What it maps:

* groups → sections (a group's description becomes a note at its start, the survey's welcome
  text a note at the start of the first);
* question types: L ! O → single choice; M P → multiple choice; A (and F H with exactly five
  answers) → several statements on the agreement scale; 5 → the agreement scale; N → number
  (min_num_value_n, max_num_value_n); S → short text; T U → long text; Q → one short text per
  subquestion; D → date; X → note; R → ranking; Y → yes/no; G → gender; I (language switch)
  and * (equation) ask nothing and are left out; every other type is refused;
* mandatory Y → required; help → hint; min_answers / max_answers of a multiple choice;
* conditions (the `conditions` table, or a relevance equation of the same simple shape): the
  answer to one earlier choice question is one of some options (several scenarios, or `or`,
  on the same question), is not one option, or a number is at least / at most a value. A
  condition on a question of the same group splits the group into two pages (our conditions
  are evaluated between pages);
* the languages LimeSurvey calls sq, sr-Latn, sr (Cyrillic, transliterated when there is no
  Latin Serbian), bs, tr (where the municipality types Turkish: `typed_locales`) and en; the
  others are left out, with a note.

What is knowingly dropped (an "other" option, a comment box, settings we do not have) is listed
in `plan.left_out`. Anything that would change what a question asks (an unsupported type or
condition) is a problem naming the question's code and group, and nothing is built.

Safety: the XML is parsed by defusedxml with every DTD refused (a LimeSurvey export has none),
so entity expansion (a "billion laughs") and external entities never happen; the file's size is
checked first (`interchange.check_form_file`), rows are read one at a time and counted, and the
import's deadline is checked while reading.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as safe_xml

from consult.core.municipalities import typed_locales
from consult.core.upload_limits import Deadline, UploadRefused
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l
from consult.i18n import to_latin
from consult.surveys.interchange import (
    THE_FILE,
    FormProblem,
    ImportResult,
    PlannedQuestion,
    PlannedSection,
    QuestionnairePlan,
    check_form_file,
    form_deadline,
    plan_problems,
    refusal,
)

#: LimeSurvey's language codes → our locales ("sr" is Serbian in Cyrillic: see `_texts`)
LANGUAGES = {"sq": "sq", "sr-latn": "sr_Latn", "sr": "sr", "bs": "bs", "tr": "tr", "en": "en"}
#: the most rows (of all tables together) and columns of a row a file may have
MAX_ROWS = 100_000
MAX_COLUMNS = 200
#: the deepest element of a LimeSurvey export: document / table / rows / row / column
MAX_DEPTH = 5

#: attributes that only change how a question looks: left out without a note
QUIET_ATTRIBUTES = frozenset(
    {
        "alphasort",
        "answer_width",
        "answer_width_bycolumn",
        "button_size",
        "category_separator",
        "choice_input_columns",
        "cssclass",
        "display_columns",
        "display_rows",
        "dropdown_prefix",
        "dropdown_size",
        "hide_tip",
        "image",
        "input_size",
        "label_input_columns",
        "page_break",
        "printable_help",
        "public_statistics",
        "question_template",
        "repeat_headings",
        "save_as_default",
        "scale_export",
        "statistics_graphtype",
        "statistics_showgraph",
        "statistics_showmap",
        "text_input_columns",
        "text_input_width",
        "use_dropdown",
    }
)
#: attribute values that mean "not set"
UNSET = frozenset({"", "0", "n", "default", "core", "inherit", "no"})

YES_NO = [
    ("y", {"sq": "Po", "sr_Latn": "Da", "bs": "Da", "en": "Yes"}),
    ("n", {"sq": "Jo", "sr_Latn": "Ne", "bs": "Ne", "en": "No"}),
]
GENDERS = [
    ("female", {"sq": "Grua", "sr_Latn": "Žena", "bs": "Žena", "en": "Woman"}),
    ("male", {"sq": "Burrë", "sr_Latn": "Muškarac", "bs": "Muškarac", "en": "Man"}),
]
#: LimeSurvey's stored answer codes of the fixed types → ours
FIXED_CODES = {"Y": {"Y": "y", "N": "n"}, "G": {"F": "female", "M": "male"}}

CHOICE_TYPES = {"L": "single_choice", "!": "single_choice", "O": "single_choice"}
TEXT_TYPES = {"S": "short_text", "T": "long_text", "U": "long_text"}
#: types that ask nothing and are left out with a note
SILENT_TYPES = {
    "I": _l("a language switch (the site has its own)"),
    "*": _l("an equation (a calculation respondents do not see)"),
}


class _Refused(Exception):
    """A question (or condition) that cannot be imported; `message` says why."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


# --- reading the XML ---------------------------------------------------------------------------


@dataclass
class _Document:
    """The tables of a .lss file: {table name: [row {column: text}]}, and its header."""

    doc_type: str = ""
    db_version: int = 0
    languages: list[str] = field(default_factory=list)
    tables: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))


def _parse(data: bytes, deadline: Deadline) -> _Document:
    """The tables of the file, read row by row; UploadRefused when it is not a LimeSurvey
    export, is damaged, declares a DTD or entities, or holds too much."""
    document = _Document()
    depth, rows, events = 0, 0, 0
    path: list[str] = []
    row: dict[str, str] = {}
    try:
        for event, element in safe_xml.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True
        ):
            events += 1
            if events % 5000 == 0:
                deadline.check()
            if event == "start":
                depth += 1
                path.append(element.tag)
                if depth == 1 and element.tag != "document":
                    raise UploadRefused(_not_lss())
                if depth > MAX_DEPTH:
                    raise UploadRefused(_not_lss())
                if depth == 4 and path[2] == "rows":
                    row = {}
                continue
            text = (element.text or "").strip() if depth >= 2 else ""
            if depth == 2 and element.tag == "LimeSurveyDocType":
                document.doc_type = text
            elif depth == 2 and element.tag == "DBVersion":
                document.db_version = int(text) if text.isdigit() else 0
            elif depth == 3 and path[1] == "languages" and element.tag == "language":
                document.languages.append(text)
            elif depth == 5 and path[2] == "rows":
                if len(row) >= MAX_COLUMNS:
                    raise UploadRefused(_too_large())
                row[element.tag] = element.text or ""
            elif depth == 4 and path[2] == "rows":
                rows += 1
                if rows > MAX_ROWS:
                    raise UploadRefused(_too_large())
                document.tables[path[1]].append(row)
                row = {}
            if depth >= 3:
                element.clear()
            depth -= 1
            path.pop()
    except UploadRefused:
        raise
    except defusedxml.DefusedXmlException as error:
        raise UploadRefused(
            _l(
                "The file declares a document type or entities, which a %(limesurvey)s export "
                "never does: it is not read.",
                limesurvey="LimeSurvey",
            )
        ) from error
    except (ParseError, ValueError, UnicodeError) as error:
        raise UploadRefused(
            _l(
                "The file is not well-formed XML, so it is not a %(limesurvey)s survey "
                "structure file (.lss), or it is damaged.",
                limesurvey="LimeSurvey",
            )
        ) from error
    if document.doc_type != "Survey":
        if document.doc_type:
            raise UploadRefused(
                _l(
                    "The file is a %(limesurvey)s export of a part of a survey (a group, a "
                    "question or a label set). Export the whole survey structure (.lss).",
                    limesurvey="LimeSurvey",
                )
            )
        raise UploadRefused(_not_lss())
    return document


def _not_lss():
    return _l(
        "The file is not a %(limesurvey)s survey structure file (.lss).", limesurvey="LimeSurvey"
    )


def _too_large():
    return _l(
        "The file holds more than an import reads at once: split it, or copy only what is "
        "needed into a new file."
    )


# --- texts -------------------------------------------------------------------------------------


class _PlainText(HTMLParser):
    """The text of LimeSurvey's HTML: paragraphs and line breaks kept, tags and scripts gone."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"}
    )
    MEDIA = frozenset({"img", "iframe", "video", "audio", "object", "embed", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.media = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag in self.MEDIA:
            self.media = True
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def plain_text(html: str) -> tuple[str, bool]:
    """(the text of `html` without markup, whether it had a picture or other media)."""
    parser = _PlainText()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, parser.media


#: LimeSurvey's placeholders and expressions in a text ({TOKEN:FIRSTNAME}, {Q1.shown})
_EXPRESSION = re.compile(r"\{[A-Za-z][^{}\n]*\}")


# --- the survey as LimeSurvey describes it ------------------------------------------------------


@dataclass
class _Item:
    """A group, question, subquestion or answer: its fields and its texts by LimeSurvey
    language, {column: {language: text}}."""

    fields: dict[str, str]
    texts: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def get(self, name: str, default: str = "") -> str:
        return (self.fields.get(name) or default).strip()

    def number(self, name: str) -> int:
        value = self.get(name)
        return int(value) if re.fullmatch(r"-?\d+", value) else 0


def _collect(
    rows: list[dict[str, str]], key: str, text_columns: tuple[str, ...]
) -> dict[str, _Item]:
    """Rows by `key`; rows repeated once per language (LimeSurvey 3.x) merged, their texts
    kept by language."""
    items: dict[str, _Item] = {}
    for row in rows:
        ident = (row.get(key) or "").strip()
        if not ident:
            continue
        item = items.setdefault(ident, _Item(dict(row)))
        language = (row.get("language") or "").strip()
        for column in text_columns:
            if column in row and language:
                item.texts[column][language] = row[column] or ""
    return items


def _add_l10ns(
    items: dict[str, _Item], rows: list[dict[str, str]], key: str, columns: tuple[str, ...]
) -> None:
    """Texts of LimeSurvey 4+ (`*_l10ns` tables) added to `items` by language."""
    for row in rows:
        item = items.get((row.get(key) or "").strip())
        language = (row.get("language") or "").strip()
        if item is None or not language:
            continue
        for column in columns:
            if column in row:
                item.texts[column][language] = row[column] or ""


@dataclass
class _Survey:
    groups: list[_Item]
    questions: dict[str, list[_Item]]
    subquestions: dict[str, list[_Item]]
    answers: dict[str, list[_Item]]
    attributes: dict[str, dict[str, str]]
    conditions: dict[str, list[dict[str, str]]]
    settings: list[dict[str, str]]
    languages: list[str]


def _survey(document: _Document) -> _Survey:
    tables = document.tables
    groups = _collect(tables["groups"], "gid", ("group_name", "description"))
    _add_l10ns(groups, tables["group_l10ns"], "gid", ("group_name", "description"))
    questions = _collect(tables["questions"], "qid", ("question", "help"))
    subquestions = _collect(tables["subquestions"], "qid", ("question", "help"))
    # LimeSurvey 4+ keeps the texts of questions and subquestions in one table
    both = {**questions, **subquestions}
    _add_l10ns(both, tables["question_l10ns"], "qid", ("question", "help"))
    answers: dict[str, _Item] = {}
    for row in tables["answers"]:
        # 4+: one row per answer (aid); 3.x: one per answer and language (qid, scale, code)
        ident = row.get("aid") or "|".join(
            (row.get("qid") or "", row.get("scale_id") or "0", row.get("code") or "")
        )
        item = answers.setdefault(ident.strip(), _Item(dict(row)))
        language = (row.get("language") or "").strip()
        if "answer" in row and language:
            item.texts["answer"][language] = row["answer"] or ""
    _add_l10ns(answers, tables["answer_l10ns"], "aid", ("answer",))

    by_group: dict[str, list[_Item]] = defaultdict(list)
    for question in questions.values():
        if question.get("parent_qid", "0") in ("", "0"):
            by_group[question.get("gid")].append(question)
    children: dict[str, list[_Item]] = defaultdict(list)
    for sub in [*subquestions.values(), *questions.values()]:
        parent = sub.get("parent_qid", "0")
        if parent not in ("", "0"):
            children[parent].append(sub)
    options: dict[str, list[_Item]] = defaultdict(list)
    for answer in answers.values():
        options[answer.get("qid")].append(answer)
    attributes: dict[str, dict[str, str]] = defaultdict(dict)
    for row in tables["question_attributes"]:
        name = (row.get("attribute") or "").strip()
        if name:
            attributes[(row.get("qid") or "").strip()].setdefault(name, (row.get("value") or ""))
    conditions: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in tables["conditions"]:
        conditions[(row.get("qid") or "").strip()].append(row)

    def order(item: _Item, column: str) -> tuple[int, int]:
        return item.number(column), item.number("qid") or item.number("gid")

    languages = list(document.languages)
    if not languages:
        for row in tables["surveys"]:
            languages = [
                row.get("language") or "",
                *(row.get("additional_languages") or "").split(),
            ]
            break
    return _Survey(
        groups=sorted(groups.values(), key=lambda g: order(g, "group_order")),
        questions={
            gid: sorted(qs, key=lambda q: order(q, "question_order"))
            for gid, qs in by_group.items()
        },
        subquestions={
            qid: sorted(subs, key=lambda s: (s.number("scale_id"), *order(s, "question_order")))
            for qid, subs in children.items()
        },
        answers={
            qid: sorted(items, key=lambda a: (a.number("scale_id"), a.number("sortorder")))
            for qid, items in options.items()
        },
        attributes=attributes,
        conditions=conditions,
        settings=tables["surveys_languagesettings"],
        languages=[lang.strip() for lang in languages if lang and lang.strip()],
    )


# --- building the plan -------------------------------------------------------------------------


@dataclass
class _Placed:
    """A question already in the plan, as later conditions see it."""

    planned: PlannedQuestion
    lime_type: str
    section: PlannedSection
    #: LimeSurvey's subquestion codes → our option codes (multiple choice)
    subcodes: dict[str, str] = field(default_factory=dict)


class _Reader:
    """One file's plan being built: languages, notes on what was left out, problems."""

    def __init__(self, survey: _Survey) -> None:
        self.survey = survey
        self.problems: list[FormProblem] = []
        self.left_out: list[FormProblem] = []
        #: the languages the municipality types content in (Turkish only where it has it)
        self.typed = typed_locales()
        #: LimeSurvey language → our locale, for the languages we serve
        self.locales: dict[str, str] = {}
        self.placed: dict[str, _Placed] = {}
        self.by_title: dict[str, str] = {}
        self.expressions: set[str] = set()
        self.media: set[str] = set()

    # --- languages and texts

    def choose_languages(self) -> None:
        served = {
            lang: LANGUAGES[lang.lower()]
            for lang in self.survey.languages
            if lang.lower() in LANGUAGES and _latin(LANGUAGES[lang.lower()]) in self.typed
        }
        latin = "sr_Latn" in served.values()
        for lang, locale in served.items():
            if locale == "sr" and latin:
                self.left_out.append(
                    FormProblem(
                        THE_FILE,
                        _l(
                            "The Serbian texts in Cyrillic were left out: the site writes "
                            "them from the Serbian texts in Latin letters."
                        ),
                    )
                )
                continue
            self.locales[lang] = "sr_Latn" if locale == "sr" else locale
        for lang in self.survey.languages:
            if lang not in served:
                self.left_out.append(FormProblem(THE_FILE, _not_typed(lang, self.typed)))
        if not self.locales:
            self.problems.append(
                FormProblem(
                    THE_FILE,
                    _l(
                        "The survey has no texts in Albanian, Serbian, Bosnian or English, "
                        "so it cannot be imported."
                    ),
                )
            )

    def texts(self, by_language: dict[str, str], where: object = "") -> dict[str, str]:
        """{locale: plain text} of the served languages (Cyrillic Serbian in Latin letters)."""
        result: dict[str, str] = {}
        for lang, locale in self.locales.items():
            text, media = plain_text(by_language.get(lang, ""))
            if not text:
                continue
            if lang.lower() == "sr":
                text = to_latin(text)
            result[locale] = text
            if media and where:
                self.media.add(str(where))
            if where and _EXPRESSION.search(text):
                self.expressions.add(str(where))
        return result

    def note(self, where: object, message: object) -> None:
        self.left_out.append(FormProblem(where, message))

    # --- the plan

    def plan(self, settings: list[dict[str, str]]) -> QuestionnairePlan:
        plan = QuestionnairePlan(
            title=self.texts(
                {
                    (row.get("surveyls_language") or "").strip(): row.get("surveyls_title") or ""
                    for row in settings
                }
            ),
            locales=[loc for loc in self.typed if loc in self.locales.values()],
        )
        welcome = self.texts(
            {
                (row.get("surveyls_language") or "").strip(): row.get("surveyls_welcometext") or ""
                for row in settings
            },
            _l("the welcome text"),
        )
        ending = any(plain_text(row.get("surveyls_endtext") or "")[0] for row in settings)
        if ending:
            self.note(THE_FILE, _l("The survey's end message was left out."))
        for number, group in enumerate(self.survey.groups, 1):
            self.read_group(plan, group, number, welcome if number == 1 else {})
        for where in sorted(self.media):
            self.note(where, _l("A picture or other media in the text was left out."))
        for where in sorted(self.expressions):
            self.note(
                where,
                _l(
                    "The text has %(limesurvey)s placeholders in braces; they are kept as "
                    "written and not filled in.",
                    limesurvey="LimeSurvey",
                ),
            )
        return plan

    def read_group(self, plan: QuestionnairePlan, group: _Item, number: int, welcome: dict) -> None:
        title = self.texts(group.texts["group_name"])
        name = next(iter(title.values()), "") or next(
            (plain_text(t)[0] for t in group.texts["group_name"].values() if t), group.get("gid")
        )
        section = PlannedSection(title=title)
        plan.sections.append(section)
        where_group = _l("group “%(group)s”", group=name)
        if welcome:
            section.questions.append(
                PlannedQuestion(
                    key="welcome", type="note", text=welcome, where=_l("the welcome text")
                )
            )
        description = self.texts(group.texts["description"], where_group)
        if description:
            section.questions.append(
                PlannedQuestion(
                    key=f"group{number}_intro", type="note", text=description, where=where_group
                )
            )
        group_condition = None
        relevance = group.get("grelevance")
        if relevance and relevance != "1":
            try:
                group_condition = self.condition(_atoms_of_relevance(relevance, self), None)
            except _Refused as refused:
                self.problems.append(FormProblem(where_group, refused.message))
        if group.get("randomization_group"):
            self.note(where_group, _l("The random order of the group's questions was left out."))
        split = False
        for question in self.survey.questions.get(group.get("gid"), []):
            code = question.get("title")
            where = _l("question %(code)s in the group “%(group)s”", code=code, group=name)
            try:
                planned = self.read_question(question, where)
                condition = self.question_condition(question, where)
            except _Refused as refused:
                self.problems.append(FormProblem(where, refused.message))
                continue
            if planned is None:
                continue
            if condition is not None and group_condition is not None:
                self.problems.append(
                    FormProblem(
                        where,
                        _l(
                            "The question has a condition of its own and its group has one "
                            "too; only one condition per question can be imported."
                        ),
                    )
                )
                continue
            condition = dict(condition or group_condition or {})
            if condition:
                source = self.placed[condition.pop("_qid")]
                if source.section is section:
                    # our conditions are evaluated between pages: the group goes on on a new one
                    section = PlannedSection(title=dict(title))
                    plan.sections.append(section)
                    split = True
                for q in planned:
                    q.show_if = dict(condition)
            section.questions.extend(planned)
            self.placed[question.get("qid")] = _Placed(
                planned[0], question.get("type"), section, self.subcodes(question)
            )
            self.by_title[code.lower()] = question.get("qid")
        if split:
            self.note(
                where_group,
                _l(
                    "The group was split into more pages: a question asked depending on an "
                    "answer on the same page starts a new one."
                ),
            )

    def subcodes(self, question: _Item) -> dict[str, str]:
        return {
            s.get("title"): s.get("title").lower()
            for s in self.survey.subquestions.get(question.get("qid"), [])
        }

    # --- one question

    def read_question(self, question: _Item, where: object) -> list[PlannedQuestion] | None:
        """The planned question(s) of a LimeSurvey question; None when it asks nothing and is
        left out (with a note); _Refused when it cannot be imported."""
        kind = question.get("type")
        qid = question.get("qid")
        attributes = {k: v.strip() for k, v in self.survey.attributes.get(qid, {}).items()}
        if kind in SILENT_TYPES:
            self.note(where, _l("Left out: %(what)s.", what=SILENT_TYPES[kind]))
            return None
        if attributes.get("hidden", "").lower() in ("1", "y", "yes"):
            self.note(where, _l("Left out: the question is always hidden in the file."))
            return None
        used: set[str] = set()
        text = self.texts(question.texts["question"], where)
        hint = self.texts(question.texts["help"], where)
        mandatory = question.get("mandatory").upper()
        planned = PlannedQuestion(
            key=question.get("title").lower(),
            type="",
            text=text,
            hint=hint,
            required=mandatory == "Y",
            where=where,
        )
        if mandatory == "S":
            self.note(
                where,
                _l("The soft requirement (an answer asked for but not required) was left out."),
            )
        subs = [s for s in self.survey.subquestions.get(qid, []) if s.number("scale_id") == 0]
        answers = [a for a in self.survey.answers.get(qid, []) if a.number("scale_id") == 0]
        if question.get("other").upper() == "Y":
            self.note(where, _l("The “Other” option with its text box was left out."))
        result = [planned]
        if kind in CHOICE_TYPES:
            planned.type = CHOICE_TYPES[kind]
            planned.options = self.items(answers, "answer")
            if kind == "O":
                self.note(where, _l("The comment box beside the list was left out."))
        elif kind in ("M", "P"):
            planned.type = "multiple_choice"
            planned.options = self.items(subs, "question")
            planned.min_value = _number(attributes.get("min_answers"))
            planned.max_value = _number(attributes.get("max_answers"))
            used |= {"min_answers", "max_answers"}
            if kind == "P":
                self.note(where, _l("The comment boxes beside the choices were left out."))
        elif kind == "A":
            planned.type = "likert_matrix"
            planned.statements = self.items(subs, "question")
        elif kind in ("F", "H"):
            if len(answers) != 5:
                raise _Refused(
                    _ln(
                        "An array with %(count)s answer cannot be imported: only arrays on "
                        "a 5-point scale can (they become the agreement scale).",
                        "An array with %(count)s answers cannot be imported: only arrays on "
                        "a 5-point scale can (they become the agreement scale).",
                        len(answers),
                        count=len(answers),
                    )
                )
            planned.type = "likert_matrix"
            planned.statements = self.items(subs, "question")
            self.note(where, _agreement_note())
        elif kind == "5":
            planned.type = "likert"
            self.note(where, _agreement_note())
        elif kind == "N":
            planned.type = "number"
            planned.min_value = _number(attributes.get("min_num_value_n"))
            planned.max_value = _number(attributes.get("max_num_value_n"))
            used |= {"min_num_value_n", "max_num_value_n", "num_value_int_only"}
        elif kind in TEXT_TYPES:
            planned.type = TEXT_TYPES[kind]
        elif kind == "Q":
            result = [
                PlannedQuestion(
                    key=f"{planned.key}_{sub.get('title').lower()}",
                    type="short_text",
                    text=_joined(text, self.texts(sub.texts["question"], where)),
                    hint=hint,
                    required=planned.required,
                    where=where,
                )
                for sub in subs
            ]
            if not result:
                raise _Refused(_l("The question has no subquestions."))
            self.note(where, _l("Each of its text boxes became a short text question."))
        elif kind == "D":
            planned.type = "date"
            used |= {"date_format"}
        elif kind == "X":
            planned.type, planned.required = "note", False
        elif kind == "R":
            planned.type = "ranking"
            planned.options = self.items(answers, "answer")
            if _number(attributes.get("max_answers")) or _number(
                attributes.get("max_subquestions")
            ):
                self.note(
                    where,
                    _l("All the options are ranked: the limit to the first few was left out."),
                )
            used |= {"max_answers", "max_subquestions", "min_answers"}
        elif kind in FIXED_CODES:
            planned.type = "single_choice"
            planned.options = [
                (code, dict(labels)) for code, labels in (YES_NO if kind == "Y" else GENDERS)
            ]
        elif kind == "K":
            raise _Refused(
                _l(
                    "A question with several number boxes cannot be imported: ask each number "
                    "as a question of its own."
                )
            )
        elif kind in ("B", "C", "E", ";", ":", "1"):
            raise _Refused(
                _l(
                    "This kind of array cannot be imported: only arrays on a 5-point scale "
                    "can (they become the agreement scale)."
                )
            )
        else:
            raise _Refused(
                _l(
                    "The %(limesurvey)s question type “%(type)s” cannot be imported.",
                    limesurvey="LimeSurvey",
                    type=kind,
                )
            )
        ignored = sorted(
            name
            for name, value in attributes.items()
            if name not in used and name not in QUIET_ATTRIBUTES and value.lower() not in UNSET
        )
        if ignored:
            self.note(where, _l("Settings left out: %(names)s.", names=", ".join(ignored)))
        return result

    def items(self, rows: list[_Item], column: str) -> list[tuple[str, dict]]:
        """(code, {locale: label}) of answers or subquestions, LimeSurvey's codes lower-cased."""
        return [
            ((row.get("code") or row.get("title")).lower(), self.texts(row.texts[column]))
            for row in rows
        ]

    # --- conditions

    def question_condition(self, question: _Item, where: object) -> dict | None:
        rows = self.survey.conditions.get(question.get("qid"), [])
        if rows:
            return self.condition(_atoms_of_conditions(rows), question)
        relevance = question.get("relevance")
        if relevance and relevance not in ("1", "true"):
            return self.condition(_atoms_of_relevance(relevance, self), question)
        return None

    def condition(self, atoms: list[tuple[str, str, str, str]], question: _Item | None) -> dict:
        """A show-if from atoms (source qid, subquestion code, method, value) that are ORed;
        `_qid` names the source for the caller. _Refused for anything else."""
        sources = {qid for qid, _sub, _method, _value in atoms}
        if len(sources) != 1:
            raise _Refused(
                _l(
                    "The condition looks at more than one question; only a condition on one "
                    "earlier question can be imported."
                )
            )
        qid = sources.pop()
        source = self.placed.get(qid)
        if source is None:
            raise _Refused(_l("The condition names a question that is not asked before this one."))
        qtype = source.planned.type
        methods = {method for _qid, _sub, method, _value in atoms}
        codes = {code for code, _label in source.planned.options}
        if methods == {"=="} and qtype in ("single_choice", "multiple_choice"):
            values = []
            for _qid, sub, _method, value in atoms:
                code = self.value_code(source, sub, value)
                if code not in codes:
                    raise _Refused(
                        _l("The condition names an answer the earlier question does not have.")
                    )
                if code not in values:
                    values.append(code)
            return {"_qid": qid, "question": source.planned.key, "operator": "in", "values": values}
        if len(atoms) == 1 and methods == {"!="} and qtype == "single_choice":
            code = self.value_code(source, atoms[0][1], atoms[0][3])
            if code in codes:
                return {
                    "_qid": qid,
                    "question": source.planned.key,
                    "operator": "not_in",
                    "values": [code],
                }
        if len(atoms) == 1 and methods <= {">=", "<="} and qtype == "number":
            limit = _number(atoms[0][3])
            if limit is not None:
                operator = "gte" if atoms[0][2] == ">=" else "lte"
                return {
                    "_qid": qid,
                    "question": source.planned.key,
                    "operator": operator,
                    "values": [limit],
                }
        raise _Refused(
            _l(
                "The condition cannot be imported: only “the answer is one of these options”, "
                "“is not this option” and “the number is at least / at most” on one earlier "
                "question can."
            )
        )

    def value_code(self, source: _Placed, sub: str, value: str) -> str | None:
        """Our option code of a value a condition compares with."""
        value = value.strip().strip("\"'")
        if source.planned.type == "multiple_choice":
            return source.subcodes.get(sub) if value.upper() == "Y" and sub else None
        if sub:
            return None
        if source.lime_type in FIXED_CODES:
            return FIXED_CODES[source.lime_type].get(value.upper())
        return value.lower()


def _latin(locale: str) -> str:
    """The locale typed for `locale`: Serbian in Latin letters for Serbian in either script."""
    return "sr_Latn" if locale == "sr" else locale


def _not_typed(language: str, typed: tuple[str, ...]) -> object:
    """The note for a language of the file that the municipality does not type."""
    if "tr" in typed:
        return _l(
            "The texts in the language “%(language)s” were left out: the site is in Albanian, "
            "Serbian, Bosnian, Turkish and English.",
            language=language,
        )
    return _l(
        "The texts in the language “%(language)s” were left out: the site "
        "is in Albanian, Serbian, Bosnian and English.",
        language=language,
    )


def _agreement_note():
    return _l(
        "The answer points are shown as the agreement scale (strongly disagree to strongly "
        "agree): check that the question's wording fits it."
    )


def _joined(first: dict[str, str], second: dict[str, str]) -> dict[str, str]:
    return {
        loc: f"{first.get(loc, '')} — {text}".strip(" —") for loc, text in second.items()
    } or first


def _number(value: str | None) -> float | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


#: a condition's field name in LimeSurvey's SGQA form: survey X group X question, and the
#: subquestion's code for a multiple choice
_SGQA = re.compile(r"^(\d+)X(\d+)X(\d+)(\w*)$")


def _atoms_of_conditions(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    """The ORed atoms of a question's `conditions` rows. Within a scenario LimeSurvey ORs the
    conditions on the same question and ANDs those on different ones; scenarios are ORed."""
    by_scenario: dict[str, set[str]] = defaultdict(set)
    atoms = []
    for row in rows:
        cqid = (row.get("cqid") or "").strip()
        field_name = (row.get("cfieldname") or "").strip()
        value = row.get("value") or ""
        method = (row.get("method") or "==").strip()
        if value.startswith("@") or field_name.startswith(("+", "{")):
            raise _Refused(
                _l("The condition compares with another answer or a token; it cannot be imported.")
            )
        match = _SGQA.match(field_name.lstrip("+"))
        sub = match.group(4) if match else ""
        by_scenario[(row.get("scenario") or "1").strip()].add(cqid)
        atoms.append((cqid, sub, method, value))
    if any(len(cqids) > 1 for cqids in by_scenario.values()):
        raise _Refused(
            _l(
                "The condition looks at more than one question; only a condition on one "
                "earlier question can be imported."
            )
        )
    return atoms


#: the tokens of a relevance equation this reader understands
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"[^"]*"|'[^']*')
      | (?P<number>-?\d+(?:\.\d+)?(?![\w]))
      | (?P<op>==|!=|>=|<=|\|\||&&|\(|\))
      | (?P<name>[A-Za-z_][\w]*(?:\.[A-Za-z]+)?|\d+X\d+X\d+\w*(?:\.[A-Za-z]+)?)
    )""",
    re.VERBOSE,
)
_WORD_OPERATORS = {"eq": "==", "ne": "!=", "ge": ">=", "le": "<=", "or": "||", "and": "&&"}


def _atoms_of_relevance(equation: str, reader: _Reader) -> list[tuple[str, str, str, str]]:
    """The ORed comparisons of a relevance equation such as `Q1 == "A1" or Q1.NAOK == "A2"`
    or `((123X4X5.NAOK == "A1"))`; _Refused for anything else (`and`, functions, ...)."""
    tokens: list[tuple[str, str]] = []
    position, text = 0, equation.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise _unreadable_relevance()
        position = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "name" and value.lower() in _WORD_OPERATORS:
            kind, value = "op", _WORD_OPERATORS[value.lower()]
        tokens.append((kind, value))
    tokens = [t for t in tokens if t != ("op", "(") and t != ("op", ")")]
    atoms = []
    for start in range(0, len(tokens), 4):
        part = tokens[start : start + 4]
        comparison, joiner = part[:3], part[3:]
        if len(comparison) != 3 or (joiner and joiner[0] != ("op", "||")):
            raise _unreadable_relevance()
        (left_kind, left), (op_kind, method), (right_kind, right) = comparison
        if left_kind in ("string", "number") and right_kind == "name":
            (left_kind, left), (right_kind, right) = (right_kind, right), (left_kind, left)
            method = {">=": "<=", "<=": ">="}.get(method, method)
        if left_kind != "name" or op_kind != "op" or right_kind not in ("string", "number"):
            raise _unreadable_relevance()
        if method not in ("==", "!=", ">=", "<="):
            raise _unreadable_relevance()
        qid, sub = _relevance_name(left, reader)
        atoms.append((qid, sub, method, right.strip("\"'")))
    if len(tokens) % 4 != 3:
        raise _unreadable_relevance()
    return atoms


def _relevance_name(name: str, reader: _Reader) -> tuple[str, str]:
    """(source qid, subquestion code) of a variable of a relevance equation."""
    base, _dot, suffix = name.partition(".")
    if suffix and suffix.upper() not in ("NAOK", "CODE", "VALUE"):
        raise _unreadable_relevance()
    match = _SGQA.match(base)
    if match:
        return match.group(3), match.group(4)
    qid = reader.by_title.get(base.lower())
    if qid is not None:
        return qid, ""
    head, _underscore, sub = base.rpartition("_")
    qid = reader.by_title.get(head.lower())
    if qid is not None and sub:
        return qid, next(
            (code for code in reader.placed[qid].subcodes if code.lower() == sub.lower()), sub
        )
    raise _Refused(_l("The condition names a question that is not asked before this one."))


def _unreadable_relevance() -> _Refused:
    return _Refused(
        _l(
            "The relevance equation cannot be imported: only comparisons of one earlier "
            "question's answer joined by “or” can."
        )
    )


# --- the reader --------------------------------------------------------------------------------


def read_lss(data: bytes) -> ImportResult:
    """The plan of a LimeSurvey survey structure file, or the problems that stop it (every one
    with its place: the file, or a question's code and group). Nothing is written."""
    try:
        check_form_file(data)
        document = _parse(data, form_deadline())
    except UploadRefused as refused:
        return refusal(refused)
    reader = _Reader(_survey(document))
    reader.choose_languages()
    if reader.problems:
        return ImportResult(plan=None, problems=reader.problems)
    plan = reader.plan(reader.survey.settings)
    plan.left_out = reader.left_out
    problems = reader.problems + plan_problems(plan)
    if problems:
        return ImportResult(plan=None, problems=problems)
    return ImportResult(plan=plan)
