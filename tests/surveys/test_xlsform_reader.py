"""Reading XLSForm workbooks: what KoboToolbox and ODK users really upload, and every way a file
can be wrong. A file with any problem gives no plan (so nothing can be created) and each problem
says where it is."""

import pytest
from sqlalchemy import func, select

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.interchange import build_from_plan
from consult.surveys.models import Question, Survey
from consult.surveys.question_types import QUESTION_TYPES
from consult.surveys.xlsform import read_xlsform
from tests.bombs import MB, with_many_entries, with_zeros
from tests.surveys.xlsform_workbooks import EN, SQ, kobo_citizen_form, workbook

YES_NO = [
    {"list_name": "yn", "name": "yes", SQ: "Po", EN: "Yes"},
    {"list_name": "yn", "name": "no", SQ: "Jo", EN: "No"},
]


def q(type_: str, name: str, text: str = "Pyetja", **cells) -> dict:
    return {"type": type_, "name": name, SQ: text, EN: text, **cells}


def problems(result) -> list[tuple[str, str]]:
    return [(str(p.where), str(p.message)) for p in result.problems]


def notes(plan) -> list[tuple[str, str]]:
    return [(str(n.where), str(n.message)) for n in plan.left_out]


def refused(data: bytes) -> list[tuple[str, str]]:
    """The problems of a file that must give no plan."""
    result = read_xlsform(data)
    assert result.plan is None
    assert result.problems
    return problems(result)


# --- a real-looking form ---------------------------------------------------------------------


def test_a_kobo_citizen_form_in_three_languages_becomes_a_plan(ctx):
    result = read_xlsform(kobo_citizen_form())
    assert result.problems == []
    plan = result.plan
    assert plan.title == {"sq": "Kënaqësia e qytetarëve 2026"}
    assert plan.locales == ["sq", "sr_Latn", "en"]
    assert [s.title["sr_Latn"] for s in plan.sections] == [
        "Opštinske usluge",
        "Zadovoljstvo",
        "Više",
    ]
    visited, used = plan.sections[0].questions
    assert (visited.key, visited.type, visited.required) == ("visited", "single_choice", True)
    assert visited.text["sr_Latn"] == "Koliko često posećujete opštinu?"
    assert visited.hint == {
        "sq": "Në vitin e fundit",
        "sr_Latn": "U poslednjoj godini",
        "en": "In the last year",
    }
    assert [code for code, _label in visited.options] == ["never", "yearly", "monthly"]
    assert (used.type, used.min_value, used.max_value) == ("multiple_choice", 1, 2)
    waiting, staff_kind = plan.sections[1].questions
    assert (waiting.type, waiting.min_value, waiting.max_value) == ("number", 0, 240)
    # the group's condition is each of its questions' condition
    never = {"question": "visited", "operator": "not_in", "values": ["never"]}
    assert waiting.show_if == never and staff_kind.show_if == never
    # a 5-point list of the form's own stays a single choice, with its own codes
    assert staff_kind.type == "single_choice" and len(staff_kind.options) == 5
    why, wish = plan.sections[2].questions
    assert why.type == "long_text"
    assert why.show_if == {
        "question": "staff_kind",
        "operator": "in",
        "values": ["disagree", "strongly_disagree"],
    }
    assert wish.show_if == {"question": "used", "operator": "in", "values": ["permits"]}
    said = notes(plan)
    assert (
        "survey, row 2",
        "The field “start” is left out: the survey records no time, device or person of an answer.",
    ) in said
    assert ("survey, row 5", "The name “Visited” is kept in lower case.") in said
    assert ("survey, row 6", "The column “constraint_message” is left out.") in said
    assert ("survey, row 9", "Whole numbers are not enforced: any number is accepted.") in said


def test_the_plan_is_built_into_a_survey_the_wizard_can_run(app, ctx, make_consultation):
    consultation_id = make_consultation(kind="survey", status="draft")
    plan = read_xlsform(kobo_citizen_form()).plan
    survey = build_from_plan(db.session.get(Consultation, consultation_id), plan, "citizen", 2026)
    db.session.commit()
    assert survey.audience == "citizen" and survey.year == 2026
    assert [q.key for q in survey.questions] == [
        "visited",
        "used",
        "waiting",
        "staff_kind",
        "why_unhappy",
        "online_wish",
    ]
    assert [q.position for q in survey.questions] == [1, 2, 3, 4, 5, 6]
    assert survey.questions[0].options[2].label["sr_Latn"] == "Svakog meseca"


# --- languages -------------------------------------------------------------------------------


def test_plain_label_is_the_default_language_and_unknown_languages_are_left_out(ctx):
    data = workbook(
        [
            {
                "type": "text",
                "name": "a",
                "label": "Your name?",
                "label::Français (fr)": "Nom ?",
                "label::Serbian (sr-Latn)": "Vaše ime?",
                "label::Bosanski": "Vaše ime?",
            },
        ],
        settings={"default_language": "English (en)"},
    )
    plan = read_xlsform(data).plan
    assert plan.sections[0].questions[0].text == {
        "sr_Latn": "Vaše ime?",
        "bs": "Vaše ime?",
        "en": "Your name?",
    }
    said = notes(plan)
    assert any("Français (fr)" in message for _where, message in said)
    assert (
        "the file",
        "The form has no texts in Albanian: add them in the builder before the survey is "
        "announced.",
    ) in said


def test_without_settings_a_plain_label_is_albanian(ctx):
    plan = read_xlsform(workbook([{"type": "text", "name": "a", "label": "Emri?"}])).plan
    assert plan.sections[0].questions[0].text == {"sq": "Emri?"}
    assert plan.sections[0].title["en"] == "Questions"


# --- what the engine has no word for, and how it is mapped -----------------------------------


def test_a_condition_on_the_same_page_starts_a_new_page(ctx):
    data = workbook(
        [
            {"type": "begin group", "name": "g", SQ: "Faqja", EN: "Page"},
            q("select_one yn", "member"),
            q("text", "which", relevant="${member} = 'yes'"),
            q("text", "other"),
            {"type": "end group"},
        ],
        YES_NO,
    )
    plan = read_xlsform(data).plan
    assert [[q.key for q in s.questions] for s in plan.sections] == [["member"], ["which", "other"]]
    assert plan.sections[1].title == plan.sections[0].title == {"sq": "Faqja", "en": "Page"}
    assert any(where == "survey, row 4" and "new page" in m for where, m in notes(plan))


def test_questions_outside_groups_and_nested_groups(ctx):
    data = workbook(
        [
            q("text", "before"),
            {"type": "begin group", "name": "outer", SQ: "Jashtë", EN: "Outer"},
            q("text", "first"),
            {
                "type": "begin group",
                "name": "inner",
                SQ: "Brenda",
                EN: "Inner",
                "relevant": "${before} != ''",
            },
            q("text", "inside"),
            {"type": "end group"},
            {"type": "end group"},
            q("text", "after"),
        ]
    )
    plan = read_xlsform(data).plan
    assert [[q.key for q in s.questions] for s in plan.sections] == [
        ["before"],
        ["first", "inside"],
        ["after"],
    ]
    inside = plan.sections[1].questions[1]
    assert inside.show_if == {"question": "before", "operator": "answered", "values": []}
    assert any(where == "survey, row 5" and "flattened" in m for where, m in notes(plan))


@pytest.mark.parametrize(
    ("relevant", "expected"),
    [
        ("${n} >= 3", {"operator": "gte", "values": [3]}),
        ("${n} <= 2.5", {"operator": "lte", "values": [2.5]}),
        ("${c} != 'a'", {"operator": "not_in", "values": ["a"]}),
        ("${c} = 'a' or ${c} = \"b\"", {"operator": "in", "values": ["a", "b"]}),
        ("(${c} = 'a') or (${c} = 'b')", {"operator": "in", "values": ["a", "b"]}),
        ("${c} != 'a' and ${c} != 'b'", {"operator": "not_in", "values": ["a", "b"]}),
        ("selected(${m}, 'a') or selected(${m},'b')", {"operator": "in", "values": ["a", "b"]}),
        ("not(selected(${m}, 'a'))", {"operator": "not_in", "values": ["a"]}),
        ("${m} != ''", {"operator": "answered", "values": []}),
        ("${l} > 3", {"operator": "gte", "values": [4]}),
        ("${l} = 5", {"operator": "in", "values": ["5"]}),
        ("${c} = 'A'", {"operator": "in", "values": ["a"]}),
    ],
)
def test_the_conditions_the_engine_evaluates(ctx, relevant, expected):
    result = read_xlsform(_conditioned(relevant))
    assert result.problems == [], problems(result)
    question = result.plan.sections[1].questions[0]
    assert question.show_if == {"question": relevant.split("{")[1].split("}")[0], **expected}


def _conditioned(relevant: str) -> bytes:
    abc = [{"list_name": "abc", "name": x, SQ: x, EN: x} for x in ("a", "b", "c")]
    agree = [{"list_name": "consult_agreement", "name": str(p), SQ: str(p)} for p in range(1, 6)]
    return workbook(
        [
            {"type": "begin group", "name": "one", SQ: "Një"},
            q("decimal", "n"),
            q("select_one abc", "c"),
            q("select_multiple abc", "m"),
            q("select_one consult_agreement", "l", consult_type="likert"),
            {"type": "end group"},
            {"type": "begin group", "name": "two", SQ: "Dy"},
            q("text", "shown", relevant=relevant),
            {"type": "end group"},
        ],
        abc + agree,
    )


@pytest.mark.parametrize(
    "relevant",
    [
        "${n} > 3",  # a number may be 3.5: "more than" is not "at least"
        "${c} = 'a' and ${n} >= 2",
        "${c} = 'a' or ${c} != 'b'",
        "${n} >= 2 and ${n} <= 4",
        "string-length(${c}) > 0",
        "${c} = 'z'",  # not an option of c
        "${later} = 'x'",
        "${c} = ''",
        "${l} = 9",
        "${c} >= 3",
        "today() > date('2026-01-01')",
    ],
)
def test_conditions_the_engine_cannot_evaluate_are_problems(ctx, relevant):
    assert [where for where, _m in refused(_conditioned(relevant))] == ["survey, row 9"]


def test_a_matrix_written_by_hand_and_a_rating_range(ctx):
    agree = [{"list_name": "consult_agreement", "name": str(p), SQ: str(p)} for p in range(1, 6)]
    data = workbook(
        [
            {
                "type": "begin group",
                "name": "climate",
                SQ: "Bashkëpunimi",
                EN: "Cooperation",
                "consult_type": "likert_matrix",
                "appearance": "field-list",
            },
            q("select_one consult_agreement", "climate__across", "Ndërmjet", required="yes"),
            q("select_one consult_agreement", "climate_within", "Brenda"),
            {"type": "end group"},
            q("range", "score", parameters="start=0 end=10 step=1"),
        ],
        agree,
    )
    result = read_xlsform(data)
    assert result.problems == [], problems(result)
    matrix, score = result.plan.sections[0].questions
    assert (matrix.type, matrix.required) == ("likert_matrix", True)
    assert [key for key, _text in matrix.statements] == ["across", "within"]
    assert score.type == "rating"


@pytest.mark.skipif("date" not in QUESTION_TYPES, reason="the date type is not there yet")
@pytest.mark.skipif("note" not in QUESTION_TYPES, reason="the note type is not there yet")
def test_date_and_note(ctx):
    plan = read_xlsform(workbook([q("note", "intro", "Mirë se vini"), q("date", "when")])).plan
    assert [(x.key, x.type) for x in plan.sections[0].questions] == [
        ("intro", "note"),
        ("when", "date"),
    ]


# --- problems in the form --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "where", "words"),
    [
        ([q("text", "a"), q("geopoint", "where_")], "survey, row 3", "cannot be imported"),
        ([q("select_one missing", "a")], "survey, row 2", "“missing” is not in the “choices”"),
        (
            [q("text", "a"), q("calculate", "sum_", calculation="1+1")],
            "survey, row 3",
            "Calculations",
        ),
        (
            [
                {"type": "begin repeat", "name": "kids", SQ: "Fëmijët"},
                q("text", "a"),
                {"type": "end repeat"},
            ],
            "survey, row 2",
            "Repeated groups",
        ),
        ([q("text", "a"), {"type": "text", "name": "b"}], "survey, row 3", "no label"),
        ([q("text", "a"), q("text", "A")], "survey, row 3", "already used on row 2"),
        ([q("text", "my-question")], "survey, row 2", "cannot be a question key"),
        ([q("text", "a", required="${b} = 'x'")], "survey, row 2", "“required”"),
        ([q("text", "a", constraint="regex(., '^[0-9]+$')")], "survey, row 2", "constraint"),
        ([q("decimal", "a", constraint=". > 0")], "survey, row 2", "“>=” and “<=”"),
        ([q("decimal", "a", constraint=". >= 10 and . <= 1")], "survey, row 2", "maximum"),
        ([q("select_one yn or_other", "a")], "survey, row 2", "or_other"),
        (
            [{"type": "begin group", "name": "g", SQ: "G"}, q("text", "a")],
            "survey, row 2",
            "not closed",
        ),
        ([q("text", "a"), {"type": "end group"}], "survey, row 3", "no matching beginning"),
        ([q("text", "a"), {"name": "b", SQ: "B"}], "survey, row 3", "no type"),
        ([q("text", "a", consult_type="slider")], "survey, row 2", "consult_type"),
        ([q("select_one yn", "a", consult_type="likert")], "survey, row 2", "points 1 to 5"),
    ],
)
def test_each_problem_says_where_it_is(ctx, rows, where, words):
    found = refused(workbook(rows, YES_NO))
    assert any(w == where and words in m for w, m in found), found


def test_bad_choices_are_problems_on_the_choices_sheet(ctx):
    choices = [
        {"list_name": "yn", "name": "yes", SQ: "Po"},
        {"list_name": "yn", "name": "Yes", SQ: "Po"},
        {"list_name": "yn", "name": "maybe"},
        {"list_name": "yn", "name": "për që", SQ: "X"},
    ]
    found = refused(workbook([q("select_one yn", "a")], choices))
    assert [w for w, _m in found] == ["choices, row 3", "choices, row 4", "choices, row 5"]


def test_every_problem_is_listed_at_once(ctx):
    found = refused(
        workbook([q("geopoint", "a"), q("text", "b", relevant="${zzz} = 'x'"), q("calculate", "c")])
    )
    assert [w for w, _m in found] == ["survey, row 2", "survey, row 3", "survey, row 4"]


@pytest.mark.parametrize(
    "data",
    [
        workbook([q("text", "a")], names=("Sheet1", "choices", "settings")),
        workbook([q("start", "start")]),
        workbook([]),
        workbook([{"label": "x"}]),
    ],
    ids=["no survey sheet", "only metadata", "empty", "no type column"],
)
def test_wrong_sheets_and_empty_forms(ctx, data):
    assert refused(data)


def test_a_sheet_named_otherwise_is_named_in_the_problem(ctx):
    [(where, message)] = refused(workbook([q("text", "a")], names=("Anketa", "c", "s")))
    assert where == "the file" and "Anketa" in message and "survey" in message


# --- files that are not a questionnaire ------------------------------------------------------


def _one_problem(data: bytes) -> str:
    [(where, message)] = refused(data)
    assert where == "the file"
    return message


def test_files_that_are_not_workbooks(ctx):
    assert "not an Excel workbook" in _one_problem(b"%PDF-1.7 not a form")
    assert "not an Excel workbook" in _one_problem(b"type,name,label\ntext,a,A\n")
    assert "empty" in _one_problem(b"")
    broken = kobo_citizen_form()[:3000]
    assert "damaged" in _one_problem(broken)


def test_a_file_over_5_mb_and_one_of_50_mb(ctx):
    assert "5 MB" in _one_problem(kobo_citizen_form() + b"\0" * (5 * MB))
    assert "5 MB" in _one_problem(b"PK\x03\x04" + b"\0" * (50 * MB))


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(ctx, monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was given the file")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    bomb = with_zeros(kobo_citizen_form(), "xl/worksheets/sheet1.xml", 200 * MB)
    assert len(bomb) < 5 * MB
    assert "unpacked" in _one_problem(bomb) or "packed" in _one_problem(bomb)
    assert "parts" in _one_problem(with_many_entries(kobo_citizen_form(), 5000))


def test_a_survey_sheet_of_too_many_rows(ctx):
    rows = [q("text", f"q{n}") for n in range(3001)]
    [(where, message)] = refused(workbook(rows))
    assert where == "survey" and "more than 3000 rows" in message


def test_reading_writes_nothing(app, ctx):
    before = db.session.scalar(select(func.count()).select_from(Survey))
    read_xlsform(kobo_citizen_form())
    read_xlsform(workbook([q("geopoint", "a")]))
    assert db.session.scalar(select(func.count()).select_from(Survey)) == before
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0
