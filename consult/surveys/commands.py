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
