"""A survey exported as XLSForm and imported again is the same survey; pyxform (the reference
converter of ODK and KoboToolbox) reads the export without an error."""

import io

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.interchange import build_from_plan
from consult.surveys.question_types import QUESTION_TYPES
from consult.surveys.services import add_question, add_section, create_survey
from consult.surveys.xlsform import read_xlsform, write_xlsform
from tests.surveys.conftest import build_survey, t
from tests.surveys.xlsform_workbooks import shape


def languages(sq: str, sr: str, bs: str, en: str) -> dict:
    return {"sq": sq, "sr_Latn": sr, "bs": bs, "en": en}


def staff_survey(consultation):
    """The demo-like staff survey: every question type, texts that differ per language, hints,
    conditions of every operator and a label that looks like a spreadsheet formula."""
    survey = build_survey(consultation)
    third = add_section(survey, languages("Më në fund", "Na kraju", "Na kraju", "Finally"))
    add_question(
        third,
        "tools_other",
        "short_text",
        languages("Cilat mjete?", "Koji alati?", "Koji alati?", "Which tools?"),
        hint=languages("Shkurt", "Kratko", "Kratko", "Briefly"),
        show_if={"question": "tools", "operator": "not_in", "values": ["email", "phone"]},
    )
    add_question(
        third,
        "many_meetings",
        "long_text",
        languages("=SUM(A1)", "Zašto toliko sastanaka?", "Zašto?", "Why so many?"),
        show_if={"question": "meetings", "operator": "gte", "values": [10]},
    )
    add_question(
        third,
        "low_rating",
        "single_choice",
        languages("Pse?", "Zašto?", "Zašto?", "Why?"),
        options=[("pay", t("Pay")), ("time", t("Time"))],
        show_if={"question": "recommend", "operator": "lte", "values": [4]},
    )
    add_question(
        third,
        "matrix_seen",
        "rating",
        t("Seen"),
        show_if={"question": "climate", "operator": "answered", "values": []},
    )
    add_question(
        third,
        "first_choice",
        "number",
        t("Half"),
        min_value=0.5,
        max_value=2.5,
        show_if={"question": "priorities", "operator": "in", "values": ["a", "c"]},
    )
    add_question(
        third,
        "agree_more",
        "likert",
        t("Agree more"),
        show_if={"question": "informed", "operator": "in", "values": ["4", "5"]},
    )
    for code in ("date", "note"):  # the types helper "lss" adds, once they exist
        if code in QUESTION_TYPES:
            add_question(third, f"a_{code}", code, t(code.title()))
    return survey


@pytest.fixture
def exported(app, make_consultation):
    consultation_id = make_consultation(kind="survey", status="draft")
    with app.test_request_context("/?lang=en"):
        survey = staff_survey(db.session.get(Consultation, consultation_id))
        db.session.commit()
        return shape(survey), write_xlsform(survey)


def test_export_then_import_gives_the_same_survey(app, make_consultation, exported):
    original, data = exported
    other = make_consultation(kind="survey", status="draft")
    with app.test_request_context("/?lang=en"):
        result = read_xlsform(data)
        assert result.problems == [], [(str(p.where), str(p.message)) for p in result.problems]
        assert result.plan.locales == ["sq", "sr_Latn", "bs", "en"]
        assert result.plan.left_out == []
        survey = build_from_plan(db.session.get(Consultation, other), result.plan, "staff", 2025)
        db.session.commit()
        again = shape(survey)
    assert again == original
    assert len(again) == 3 and sum(len(questions) for _t, questions in again) >= 15
    types = {q[1] for _title, questions in again for q in questions}
    assert types >= {
        "single_choice",
        "multiple_choice",
        "likert",
        "likert_matrix",
        "ranking",
        "number",
        "rating",
        "short_text",
        "long_text",
    }


def test_pyxform_converts_the_export_without_error_or_warning(exported):
    _original, data = exported
    warnings: list[str] = []
    result = convert(data, warnings=warnings, file_type=".xlsx")
    assert "<h:title>" in result.xform
    assert 'lang="Albanian (sq)"' in result.xform and 'lang="Serbian (sr)"' in result.xform
    assert warnings == []


def test_export_is_three_sheets_with_language_columns_and_settings(exported):
    _original, data = exported
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in next(book["survey"].iter_rows(max_row=1))]
    for language in ("Albanian (sq)", "Serbian (sr)", "Bosnian (bs)", "English (en)"):
        assert f"label::{language}" in header and f"hint::{language}" in header
    names, values = book["settings"].iter_rows(max_row=2)
    settings = {c.value: v.value for c, v in zip(names, values, strict=True)}
    assert settings["form_title"] == "Rregullore për transparencë"
    assert settings["default_language"] == "Albanian (sq)"
    assert settings["form_id"].startswith("consult_survey_") and settings["version"]


def test_a_label_that_looks_like_a_formula_is_written_as_text(exported):
    _original, data = exported
    book = load_workbook(io.BytesIO(data))
    cells = [c for row in book["survey"].iter_rows() for c in row if c.value == "=SUM(A1)"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_texts_kept_only_in_cyrillic_are_exported_in_latin(app, make_consultation):
    consultation_id = make_consultation(kind="survey", status="draft")
    with app.test_request_context("/?lang=en"):
        survey = create_survey(db.session.get(Consultation, consultation_id), "citizen", 2026)
        section = add_section(survey, {"sq": "Pjesa", "sr": "Део"})
        add_question(section, "age", "number", {"sq": "Mosha", "sr": "Старост"})
        db.session.commit()
        data = write_xlsform(survey)
        plan = read_xlsform(data).plan
    assert plan.sections[0].title == {"sq": "Pjesa", "sr_Latn": "Deo"}
    assert plan.sections[0].questions[0].text == {"sq": "Mosha", "sr_Latn": "Starost"}


def test_the_demo_staff_questionnaire_travels_unchanged(app, make_consultation):
    from consult.surveys.demo import build_survey as build_demo_survey

    first = make_consultation(kind="survey", status="draft")
    second = make_consultation(kind="survey", status="draft")
    with app.test_request_context("/?lang=sq"):
        demo = build_demo_survey(db.session.get(Consultation, first), 2024)
        db.session.commit()
        data = write_xlsform(demo)
        result = read_xlsform(data)
        assert result.problems == []
        copy = build_from_plan(db.session.get(Consultation, second), result.plan, "staff", 2024)
        db.session.commit()
        assert shape(copy) == shape(demo)
        assert any(q.show_if for q in copy.questions)
    assert convert(data, warnings=[], file_type=".xlsx").xform
