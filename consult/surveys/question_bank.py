"""The question bank: questionnaires a new survey starts from, in every official language.

Each template is one JSON file in `question_bank/` beside this module (a data folder, not a
package): a stable `code`, its `audience` (staff or citizen), a `name` and a `description`
({locale: text} in sq, sr_Latn, bs and en; Serbian Cyrillic is derived when shown), the survey
`flags` it sets (one response per browser, the standard demographic questions) and its
`sections`, each with a `topic` (what part of the strategy it asks about), a `title` and its
`questions` in the arguments of `services.add_question`.

The question keys are the survey's memory: the report compares the same key across years, so a
key, once used, is never given to another question. The staff template reuses every key of the
demo's staff survey (`consult/surveys/demo.py`) with the same type, options and statements.

`start_from_template` builds a survey from a template through the ordinary services (flush,
never commit).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from consult.core.models import Consultation
from consult.surveys.models import AUDIENCES, QUESTION_TYPES, Survey
from consult.surveys.services import (
    DEMOGRAPHIC_KEYS,
    add_demographics,
    add_question,
    add_section,
    check_conditions,
    create_survey,
    local_communities,
)

#: where the templates are, one JSON file each, read in the order of their file names
BANK_FOLDER = Path(__file__).with_name("question_bank")
#: the languages every text of a template is written in (Serbian Cyrillic is derived)
AUTHORED_LOCALES = ("sq", "sr_Latn", "bs", "en")
#: the survey flags a template (or the officer) may set
FLAGS = ("one_response_per_browser", "ask_gender", "ask_age_band", "ask_local_community")
#: question types with options, and the one with statements
CHOICE_TYPES = ("single_choice", "multiple_choice", "ranking")
OPERATORS = ("in", "not_in", "answered", "gte", "lte")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class UnknownTemplate(ValueError):
    """No template has this code."""


class BrokenTemplate(ValueError):
    """A template file breaks the rules of the bank (a mistake in the JSON, found on loading)."""


@dataclass(frozen=True)
class Template:
    """One questionnaire of the bank, as written in its JSON file."""

    code: str
    audience: str
    name: dict
    description: dict
    flags: dict
    sections: tuple[dict, ...]

    @property
    def questions(self) -> list[dict]:
        """Every question, in order."""
        return [q for section in self.sections for q in section["questions"]]

    @property
    def keys(self) -> list[str]:
        """The question keys, in order."""
        return [q["key"] for q in self.questions]


def templates() -> list[Template]:
    """Every template of the bank, in the order of their files."""
    return list(_load())


def template(code: str) -> Template:
    """The template with `code`; UnknownTemplate if there is none."""
    for found in _load():
        if found.code == code:
            return found
    raise UnknownTemplate(code)


def template_codes() -> list[str]:
    return [t.code for t in _load()]


def start_from_template(consultation: Consultation, code: str, year: int, **flags: bool) -> Survey:
    """The questionnaire of `consultation` for `year`, built from the template `code`.

    The template's audience and flags apply; `flags` the officer ticked add to them (a flag
    the template sets stays set). The standard demographic questions the flags ask for come in
    a last section. Raises UnknownTemplate (nothing created) for a code the bank does not
    have, ValueError for a flag it does not know.
    """
    chosen = template(code)
    unknown = sorted(set(flags) - set(FLAGS))
    if unknown:
        raise ValueError(f"unknown survey flags: {', '.join(unknown)}")
    wanted = {name: bool(chosen.flags.get(name)) or bool(flags.get(name)) for name in FLAGS}
    survey = create_survey(consultation, chosen.audience, year, **wanted)
    for spec in chosen.sections:
        section = add_section(survey, dict(spec["title"]))
        for question in spec["questions"]:
            _add(section, question)
    add_demographics(survey, local_communities())
    check_conditions(survey)
    return survey


def _add(section, question: dict) -> None:
    spec = copy.deepcopy(question)  # the stored JSON values never share the bank's dicts
    add_question(
        section,
        spec["key"],
        spec["type"],
        spec["text"],
        options=[(o["value"], o["label"]) for o in spec.get("options", [])],
        statements=[(s["key"], s["text"]) for s in spec.get("statements", [])],
        hint=spec.get("hint", {}),
        required=bool(spec.get("required", False)),
        min_value=spec.get("min_value"),
        max_value=spec.get("max_value"),
        show_if=spec.get("show_if"),
    )


# --- loading and checking the bank ------------------------------------------------------------


@cache
def _load() -> tuple[Template, ...]:
    return tuple(read_template(path) for path in sorted(BANK_FOLDER.glob("*.json")))


def read_template(path: Path) -> Template:
    """A template file, checked; BrokenTemplate listing every problem it has."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found = problems(data)
    if found:
        raise BrokenTemplate(f"{path.name}: " + "; ".join(found))
    return Template(
        code=data["code"],
        audience=data["audience"],
        name=data["name"],
        description=data["description"],
        flags=dict(data.get("flags") or {}),
        sections=tuple(data["sections"]),
    )


def problems(data: dict) -> list[str]:
    """What is wrong with a template's data: codes, languages, types, options, conditions."""
    found: list[str] = []
    if not _CODE.match(str(data.get("code", ""))):
        found.append(f"code {data.get('code')!r} is not a lower-case identifier")
    if data.get("audience") not in AUDIENCES:
        found.append(f"audience {data.get('audience')!r} is not one of {AUDIENCES}")
    for name in sorted(set(data.get("flags") or {}) - set(FLAGS)):
        found.append(f"unknown flag {name!r}")
    found += _missing_texts("name", data.get("name"))
    found += _missing_texts("description", data.get("description"))
    sections = data.get("sections") or []
    if not sections:
        found.append("no sections")
    seen: dict[str, int] = {}  # key -> index of its section
    for index, section in enumerate(sections):
        found += _missing_texts(f"section {index + 1} title", section.get("title"))
        if not section.get("topic"):
            found.append(f"section {index + 1} has no topic")
        if not section.get("questions"):
            found.append(f"section {index + 1} has no questions")
        for question in section.get("questions") or []:
            found += _question_problems(question, index, seen)
            seen.setdefault(str(question.get("key")), index)
    return found


def _question_problems(question: dict, section: int, seen: dict[str, int]) -> list[str]:
    key = str(question.get("key", ""))
    found: list[str] = []
    if not _CODE.match(key):
        found.append(f"key {key!r} is not a lower-case identifier")
    if key in seen:
        found.append(f"key {key!r} is used twice")
    if key in DEMOGRAPHIC_KEYS:
        found.append(f"key {key!r} belongs to the standard demographic questions")
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        found.append(f"{key}: unknown type {kind!r}")
    found += _missing_texts(f"{key} text", question.get("text"))
    if "hint" in question:
        found += _missing_texts(f"{key} hint", question["hint"])
    options = question.get("options") or []
    statements = question.get("statements") or []
    if kind in CHOICE_TYPES and len(options) < 2:
        found.append(f"{key}: a {kind} question needs two options or more")
    if kind not in CHOICE_TYPES and options:
        found.append(f"{key}: a {kind} question has no options")
    if (kind == "likert_matrix") != bool(statements):
        found.append(f"{key}: statements belong to a likert_matrix question, and it needs them")
    parts = (("option", options, "value", "label"), ("statement", statements, "key", "text"))
    for part, items, code, text in parts:
        codes = [str(item.get(code, "")) for item in items]
        if len(set(codes)) != len(codes):
            found.append(f"{key}: two {part}s share a code")
        for item in items:
            if not _CODE.match(str(item.get(code, ""))):
                found.append(f"{key}: {part} code {item.get(code)!r} is not an identifier")
            found += _missing_texts(f"{key} {part} {item.get(code)}", item.get(text))
    low, high = question.get("min_value"), question.get("max_value")
    if low is not None and high is not None and low > high:
        found.append(f"{key}: min_value above max_value")
    condition = question.get("show_if")
    if condition:
        if condition.get("operator") not in OPERATORS:
            found.append(f"{key}: unknown condition operator {condition.get('operator')!r}")
        source = condition.get("question")
        if source not in seen or seen[source] >= section:
            found.append(f"{key}: the condition must look at a question of an earlier section")
    return found


def _missing_texts(where: str, value: object) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: no texts"]
    return [
        f"{where}: no {locale} text"
        for locale in AUTHORED_LOCALES
        if not isinstance(value.get(locale), str) or not value[locale].strip()
    ]
