"""The question bank: every template builds, in every official language, with unique keys; the
staff template asks what the strategy's annual staff survey asks and keeps the demo's keys;
a broken template file is refused on loading; an unknown code creates nothing."""

import copy
import json
import re

import pytest
from sqlalchemy import func, select

from consult.core.models import Consultation
from consult.extensions import db
from consult.i18n import localize
from consult.surveys import question_bank
from consult.surveys.demo import SECTIONS as DEMO_SECTIONS
from consult.surveys.models import Option, Question, Section, Statement, Survey
from consult.surveys.question_bank import (
    AUTHORED_LOCALES,
    BrokenTemplate,
    UnknownTemplate,
    problems,
    read_template,
    start_from_template,
    template,
)
from consult.surveys.services import DEMOGRAPHIC_KEYS, check_conditions
from consult.surveys.wizard import next_section

CODES = [t.code for t in question_bank.templates()]
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN_LETTER = re.compile(r"[A-Za-zčćđšžČĆĐŠŽ]")

#: the topics of the annual staff survey in the strategy (objective 3, internal communication,
#: and the staff audience's messages), each with keys that must ask about it
STAFF_TOPICS = {
    "management": {"information", "main_source", "decisions_explained"},
    "horizontal": {"cooperation", "obstacles", "other_directorates_known"},
    "upward": {"heard", "free_to_speak", "proposal_made", "proposal_answered"},
    "general_meetings": {"staff_meetings_useful", "staff_meetings_topics"},
    "meetings": {"staff_meetings_attended", "team_meetings"},
    "intranet_teams": {"intranet_use", "teams_helps", "tools_confident", "improvements"},
    "environment": {"environment", "environment_rating"},
    "merit": {"recognition", "merit"},
    "development": {"development", "trainings_attended", "training_needs"},
    "appraisal": {"appraisal_done", "appraisal_understood", "appraisal"},
    "proposals": {"suggestion", "proposal_workplace"},
}


def _survey_consultation() -> Consultation:
    consultation = Consultation(
        kind="survey", status="draft", title={"sq": "Anketa", "en": "Survey"}, summary={}
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation


def _texts(survey: Survey):
    """(where, {locale: text}) of every text the built survey carries."""
    for section in survey.sections:
        yield f"section {section.position}", section.title
    for question in survey.questions:
        yield question.key, question.text
        if question.hint:
            yield f"{question.key} hint", question.hint
        for option in question.options:
            yield f"{question.key}.{option.value}", option.label
        for statement in question.statements:
            yield f"{question.key}.{statement.key}", statement.text


def test_the_bank_has_the_staff_survey_and_the_citizen_templates():
    assert CODES == [
        "staff_communication",
        "citizen_information",
        "citizen_channels",
        "public_hearing_feedback",
    ]
    assert template("staff_communication").audience == "staff"
    for code in CODES[1:]:
        chosen = template(code)
        assert chosen.audience == "citizen"
        assert chosen.flags == {
            "one_response_per_browser": True,
            "ask_gender": True,
            "ask_age_band": True,
            "ask_local_community": True,
        }
    for chosen in question_bank.templates():
        for text in (chosen.name, chosen.description):
            assert all(text[locale].strip() for locale in AUTHORED_LOCALES)
        assert problems(json.loads(json.dumps(_as_data(chosen)))) == []


def _as_data(chosen) -> dict:
    return {
        "code": chosen.code,
        "audience": chosen.audience,
        "flags": chosen.flags,
        "name": chosen.name,
        "description": chosen.description,
        "sections": list(chosen.sections),
    }


@pytest.mark.parametrize("code", CODES)
def test_every_template_builds_with_every_text_in_every_language(ctx, code):
    survey = start_from_template(_survey_consultation(), code, 2026)
    db.session.flush()
    check_conditions(survey)
    chosen = template(code)
    assert survey.audience == chosen.audience and survey.year == 2026
    demographics = [k for k in DEMOGRAPHIC_KEYS if chosen.flags.get(f"ask_{k}")]
    assert [q.key for q in survey.questions] == chosen.keys + demographics
    keys = [q.key for q in survey.questions]
    assert len(keys) == len(set(keys))
    for question in survey.questions:
        assert len({o.value for o in question.options}) == len(question.options)
        assert len({s.key for s in question.statements}) == len(question.statements)
    count = 0
    for where, text in _texts(survey):
        if where.startswith("local_community."):
            continue  # the local communities' names (none in this test's database)
        count += 1
        for locale in AUTHORED_LOCALES:
            assert (text.get(locale) or "").strip(), (where, locale)
        cyrillic = localize(text, "sr")
        assert cyrillic.locale == "sr" and not cyrillic.is_fallback
        assert cyrillic.text.strip(), where
        spare = re.sub(r"Microsoft Teams|Microsoft|Teams|Facebook|SMS|\d|[\W_]", "", cyrillic.text)
        assert not LATIN_LETTER.search(spare), (where, cyrillic.text)
        assert CYRILLIC.search(cyrillic.text) or not spare, (where, cyrillic.text)
    assert count > 10


@pytest.mark.parametrize("code", CODES)
def test_a_built_survey_shares_no_dict_with_the_bank(ctx, code):
    survey = start_from_template(_survey_consultation(), code, 2026)
    survey.questions[0].text["sq"] = "ndryshuar"
    survey.sections[0].title["en"] = "changed"
    chosen = template(code)
    assert chosen.questions[0]["text"]["sq"] != "ndryshuar"
    assert chosen.sections[0]["title"]["en"] != "changed"


def test_the_staff_template_asks_every_topic_of_the_strategy():
    chosen = template("staff_communication")
    by_topic: dict[str, set[str]] = {}
    for section in chosen.sections:
        by_topic.setdefault(section["topic"], set()).update(q["key"] for q in section["questions"])
    assert set(by_topic) == set(STAFF_TOPICS)
    for topic, keys in STAFF_TOPICS.items():
        assert keys <= by_topic[topic], topic
    types = {q["key"]: q["type"] for q in chosen.questions}
    assert types["suggestion"] == types["proposal_workplace"] == "long_text"
    assert {
        "likert",
        "likert_matrix",
        "single_choice",
        "multiple_choice",
        "rating",
        "number",
    } <= set(types.values())
    titles = [s["title"]["en"] for s in chosen.sections]
    for words in (
        "management",
        "directorates",
        "General staff meetings",
        "intranet",
        "Microsoft Teams",
        "working environment",
        "Merit and recognition",
        "Professional development",
        "Performance appraisal",
        "Proposals for improvement",
    ):
        assert any(words in title for title in titles), words


def test_the_staff_template_keeps_every_key_of_the_demo_survey():
    chosen = {q["key"]: q for q in template("staff_communication").questions}
    demo = [q for _title, questions in DEMO_SECTIONS for q in questions]
    assert len(demo) == 13
    for question in demo:
        mine = chosen[question["key"]]
        assert mine["type"] == question["type_"], question["key"]
        assert [o["value"] for o in mine.get("options", [])] == [
            v for v, _label in question.get("options", [])
        ]
        assert [s["key"] for s in mine.get("statements", [])] == [
            k for k, _text in question.get("statements", [])
        ]
        for name in ("min_value", "max_value", "show_if"):
            assert mine.get(name) == question.get(name), (question["key"], name)
        # the same question: the English text says the same (a brand name may be spelt anew)
        assert mine["text"]["en"] == question["text"]["en"]


def test_conditions_show_a_follow_up_only_to_those_it_concerns(ctx):
    survey = start_from_template(_survey_consultation(), "staff_communication", 2026)
    upward = next(s for s in survey.sections if any(q.key == "proposal_made" for q in s.questions))
    follow_up = next(s for s in survey.sections if s.position == upward.position + 1)
    assert [q.key for q in follow_up.questions] == ["proposal_answered"]
    assert next_section(survey, upward.position, {"proposal_made": "yes"}) is follow_up
    assert next_section(survey, upward.position, {"proposal_made": "no"}) is not follow_up
    channels = start_from_template(_survey_consultation(), "citizen_channels", 2026)
    details = next(s for s in channels.sections if s.questions[0].key == "boards_up_to_date")
    before = details.position - 1
    assert next_section(channels, before, {"info_channels": ["radio"]}) is not details
    assert next_section(channels, before, {"info_channels": ["radio", "council"]}) is details


def test_an_unknown_template_creates_nothing(ctx):
    consultation = _survey_consultation()
    before = db.session.scalar(select(func.count()).select_from(Survey))
    for code in ("no_such_template", "", "STAFF_COMMUNICATION", "../staff_communication"):
        with pytest.raises(UnknownTemplate):
            start_from_template(consultation, code, 2026)
    with pytest.raises(ValueError, match="unknown survey flags"):
        start_from_template(consultation, "citizen_channels", 2026, ask_shoe_size=True)
    db.session.flush()
    for model in (Survey, Section, Question, Option, Statement):
        assert db.session.scalar(select(func.count()).select_from(model)) == (
            before if model is Survey else 0
        )


def test_the_officers_flags_add_to_the_templates(ctx):
    staff = start_from_template(_survey_consultation(), "staff_communication", 2026)
    assert not (staff.ask_gender or staff.ask_age_band or staff.one_response_per_browser)
    asked = start_from_template(
        _survey_consultation(), "staff_communication", 2027, ask_age_band=True
    )
    assert asked.ask_age_band and asked.questions[-1].key == "age_band"
    citizen = start_from_template(
        _survey_consultation(), "citizen_information", 2026, ask_gender=False
    )
    assert citizen.ask_gender  # the template's flag stays set


@pytest.mark.parametrize(
    "spoil, expected",
    [
        (lambda d: d["name"].pop("bs"), "name: no bs text"),
        (lambda d: d["description"].update(sr_Latn="  "), "description: no sr_Latn text"),
        (
            lambda d: d["sections"][0]["questions"][0]["statements"][0]["text"].pop("en"),
            "no en text",
        ),
        (
            lambda d: d["sections"][0]["questions"][1]["options"][0]["label"].pop("sq"),
            "no sq text",
        ),
        (lambda d: d["sections"][1]["questions"][0].update(key="information"), "used twice"),
        (lambda d: d["sections"][1]["questions"][0].update(key="gender"), "demographic"),
        (lambda d: d["sections"][1]["questions"][0].update(key="Bad Key"), "identifier"),
        (lambda d: d["sections"][1]["questions"][0].update(type="essay"), "unknown type"),
        (lambda d: d["sections"][0]["questions"][1].update(options=[]), "two options"),
        (
            lambda d: d["sections"][0]["questions"][1]["options"][1].update(value="superior"),
            "share a code",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(
                show_if={"question": "main_source", "operator": "in", "values": ["email"]}
            ),
            "earlier section",
        ),
        (
            lambda d: d["sections"][1]["questions"][0].update(
                show_if={"question": "information", "operator": "like", "values": []}
            ),
            "unknown condition operator",
        ),
        (lambda d: d.update(audience="everyone"), "audience"),
        (lambda d: d.update(flags={"ask_shoe_size": True}), "unknown flag"),
        (lambda d: d["sections"][0].update(questions=[]), "no questions"),
    ],
)
def test_a_broken_template_file_is_refused_with_its_problem(tmp_path, spoil, expected):
    data = copy.deepcopy(_as_data(template("staff_communication")))
    spoil(data)
    assert any(expected in problem for problem in problems(data)), problems(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BrokenTemplate, match=r"broken\.json"):
        read_template(path)
