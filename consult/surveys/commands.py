"""`flask surveys`: housekeeping of the anonymous survey storage."""

import click
from flask.cli import AppGroup

from consult.extensions import db
from consult.surveys.models import Survey
from consult.surveys.services import reseal_storage

surveys_group = AppGroup("surveys", help="Surveys: reseal the anonymous storage of a survey.")


@surveys_group.command("reseal")
@click.argument("survey_id", type=int)
def reseal_command(survey_id: int) -> None:
    """Rewrite a survey's codes, responses and answers so storage shows no order of answering."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise click.ClickException(f"no survey with id {survey_id}")
    codes, responses, answers = reseal_storage(survey)
    db.session.commit()
    click.echo(f"Rewrote {codes} access codes, {responses} responses, {answers} answers.")
    if db.engine.dialect.name == "postgresql":
        click.echo("Now run VACUUM on staff_tokens, survey_responses and survey_answers.")


@surveys_group.command("import-xlsform")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--consultation", "consultation_id", type=int, help="A survey consultation.")
@click.option("--audience", type=click.Choice(["staff", "citizen"]), default="citizen")
@click.option("--year", type=click.IntRange(2000, 2100), help="Default: the plan's or this year.")
def import_xlsform_command(path, consultation_id, audience, year) -> None:
    """Create a questionnaire from an XLSForm workbook (a new draft survey consultation unless
    --consultation names one without a questionnaire). Prints every problem and creates
    nothing if there is one; else prints what was left out and the new survey's id last."""
    from consult.surveys.xlsform_cli import import_xlsform

    import_xlsform(path, consultation_id, audience, year)


@surveys_group.command("export-xlsform")
@click.argument("survey_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def export_xlsform_command(survey_id: int, out: str) -> None:
    """Write a survey's questionnaire as an XLSForm workbook to OUT."""
    from consult.surveys.xlsform_cli import export_xlsform

    export_xlsform(survey_id, out)


@surveys_group.command("templates")
def templates_command() -> None:
    """List the question bank's templates: code, audience, number of questions, English name."""
    from consult.surveys.question_bank import templates

    for item in templates():
        click.echo(f"{item.code}\t{item.audience}\t{len(item.keys)}\t{item.name['en']}")
