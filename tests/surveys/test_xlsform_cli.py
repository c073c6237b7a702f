"""`flask surveys import-xlsform` and `export-xlsform`: problems one per line and nothing
created, or the new survey's id alone on the last line."""

from sqlalchemy import func, select

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.models import Question, Survey
from tests.surveys.conftest import build_survey
from tests.surveys.xlsform_workbooks import SQ, kobo_citizen_form, shape, workbook


def counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Consultation, Survey, Question)
        )


def test_import_creates_a_draft_consultation_and_prints_the_id_last(app, runner, tmp_path):
    path = tmp_path / "kenaqesia.xlsx"
    path.write_bytes(kobo_citizen_form())
    result = runner.invoke(args=["surveys", "import-xlsform", str(path), "--year", "2026"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1].isdigit()
    assert any(line.startswith("left out: survey, row 2: ") for line in lines)
    with app.app_context():
        survey = db.session.get(Survey, int(lines[-1]))
        assert (survey.audience, survey.year) == ("citizen", 2026)
        consultation = survey.consultation
        assert (consultation.kind, consultation.status) == ("survey", "draft")
        assert consultation.title == {"sq": "Kënaqësia e qytetarëve 2026"}
        assert len(survey.questions) == 6


def test_import_into_a_consultation_given(app, runner, tmp_path, make_consultation):
    consultation_id = make_consultation(kind="survey", status="draft", planned_year=2027)
    path = tmp_path / "form.xlsx"
    path.write_bytes(kobo_citizen_form())
    args = ["surveys", "import-xlsform", str(path), "--consultation", str(consultation_id)]
    result = runner.invoke(args=[*args, "--audience", "staff"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        survey = db.session.get(Survey, int(result.stdout.split()[-1]))
        assert (survey.consultation_id, survey.audience, survey.year) == (
            consultation_id,
            "staff",
            2027,
        )
    before = counts(app)
    again = runner.invoke(args=args)
    assert again.exit_code == 1
    assert "already has a questionnaire" in again.stderr
    assert counts(app) == before


def test_a_form_with_problems_prints_each_and_creates_nothing(app, runner, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        workbook(
            [
                {"type": "text", "name": "a", SQ: "A"},
                {"type": "geopoint", "name": "b", SQ: "B"},
                {"type": "text", "name": "c"},
            ]
        )
    )
    before = counts(app)
    result = runner.invoke(args=["surveys", "import-xlsform", str(path)])
    assert result.exit_code == 1
    problems = result.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in problems] == ["survey, row 3", "survey, row 4"]
    assert result.stdout.strip() == ""
    assert counts(app) == before


def test_a_file_that_is_no_workbook(app, runner, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"<html>not a workbook</html>")
    result = runner.invoke(args=["surveys", "import-xlsform", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "the file: The file is not an Excel workbook (.xlsx)."
    consultation = runner.invoke(
        args=["surveys", "import-xlsform", str(path), "--consultation", "99"]
    )
    assert consultation.exit_code == 1 and "no survey consultation" in consultation.stderr


def test_export_then_import_on_the_command_line(app, runner, tmp_path, make_consultation):
    consultation_id = make_consultation(kind="survey", status="draft")
    with app.app_context():
        survey = build_survey(db.session.get(Consultation, consultation_id))
        db.session.commit()
        survey_id, original = survey.id, shape(survey)
    out = tmp_path / "out.xlsx"
    result = runner.invoke(args=["surveys", "export-xlsform", str(survey_id), str(out)])
    assert result.exit_code == 0, result.output
    imported = runner.invoke(args=["surveys", "import-xlsform", str(out), "--audience", "staff"])
    assert imported.exit_code == 0, imported.output
    with app.app_context():
        copy = db.session.get(Survey, int(imported.stdout.split()[-1]))
        assert shape(copy) == original
        assert copy.consultation.title["sq"] == "Rregullore për transparencë"
    missing = runner.invoke(args=["surveys", "export-xlsform", "999", str(out)])
    assert missing.exit_code != 0 and "no survey" in missing.output
