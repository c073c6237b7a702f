"""The work of `flask surveys import-xlsform` and `export-xlsform` (consult.surveys.commands)."""

import datetime as dt
from pathlib import Path

import click

from consult.core.models import Consultation
from consult.core.services import record_audit
from consult.extensions import db
from consult.surveys.interchange import MAX_FORM_BYTES, build_from_plan
from consult.surveys.models import Survey
from consult.surveys.services import survey_of
from consult.surveys.xlsform import read_xlsform, write_xlsform


def import_xlsform(path: str, consultation_id: int | None, audience: str, year: int | None):
    """Read, check, build and commit; exit 1 with the problems on standard error."""
    consultation = None
    if consultation_id is not None:
        consultation = db.session.get(Consultation, consultation_id)
        if consultation is None or consultation.kind != "survey":
            _fail([f"no survey consultation with id {consultation_id}"])
        if survey_of(consultation) is not None:
            _fail([f"consultation {consultation_id} already has a questionnaire"])
    with open(path, "rb") as stream:
        data = stream.read(MAX_FORM_BYTES + 1)
    result = read_xlsform(data)
    if result.problems or result.plan is None:
        _fail([f"{problem.where}: {problem.message}" for problem in result.problems])
    plan = result.plan
    year = year or (consultation.planned_year if consultation else None) or dt.date.today().year
    if consultation is None:
        consultation = Consultation(
            kind="survey",
            status="draft",
            title=dict(plan.title) or {"sq": Path(path).stem},
            planned_year=year,
        )
        db.session.add(consultation)
        db.session.flush()
    survey = build_from_plan(consultation, plan, audience, year)
    record_audit("survey.import", f"consultation:{consultation.id}", None, format="xlsform")
    db.session.commit()
    for note in plan.left_out:
        click.echo(f"left out: {note.where}: {note.message}")
    click.echo(survey.id)


def _fail(lines: list[str]) -> None:
    db.session.rollback()
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(1)


def export_xlsform(survey_id: int, out: str) -> None:
    survey = db.session.get(Survey, survey_id) if 0 < survey_id < 2**31 else None
    if survey is None:
        raise click.ClickException(f"no survey with id {survey_id}")
    Path(out).write_bytes(write_xlsform(survey))
    click.echo(f"Wrote {out}")
