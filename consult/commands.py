"""Command-line tools: `flask translate`, `flask users`, `flask seed-demo`."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from consult.auth.models import ROLES
from consult.auth.services import create_user
from consult.core.models import Directorate
from consult.extensions import db
from consult.translate import translate_group

users_group = AppGroup("users", help="Manage staff accounts.")


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r for r in ROLES if r != "cso"]), required=True)
@click.option("--directorate", "directorate_code", default=None, help="Directorate code.")
@click.password_option(help="Prompted for when not given.")
def create_user_command(
    email: str, name: str, role: str, directorate_code: str | None, password: str
) -> None:
    """Create an officer, chair or admin account."""
    directorate_id = None
    if directorate_code:
        directorate = db.session.query(Directorate).filter_by(code=directorate_code).one_or_none()
        if directorate is None:
            raise click.BadParameter(f"no directorate with code {directorate_code}")
        directorate_id = directorate.id
    try:
        create_user(email, name, password, role, directorate_id)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise click.ClickException(f"an account with e-mail {email} exists already") from error
    click.echo(f"Created {role} {email}.")


def register_commands(app: Flask) -> None:
    """Attach the command groups to `flask`."""
    from consult.backup import backup_command, restore_command
    from consult.demo.seed import seed_demo_command
    from consult.polls.commands import polls_group
    from consult.retention import purge_personal_data_command

    app.cli.add_command(translate_group)
    app.cli.add_command(users_group)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(polls_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(purge_personal_data_command)
