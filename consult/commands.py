"""Command-line tools: `flask translate`, `flask users`, `flask seed-demo`."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from consult.auth.models import ROLES, User
from consult.auth.passwords import MIN_LENGTH, WeakPassword
from consult.auth.services import change_password, create_user, deactivate_user, find_user
from consult.command_line import attribute
from consult.core.models import Directorate
from consult.core.services import record_audit
from consult.extensions import db
from consult.municipality_commands import municipalities_group

users_group = AppGroup("users", help="Manage staff accounts.")

PASSWORD_HELP = (
    f"Prompted for when not given. At least {MIN_LENGTH} characters and not a common "
    "password; a few unrelated words make a good one."
)


def _refused(weak: WeakPassword) -> click.ClickException:
    """The policy's reason, in English like the rest of the command line (the locale is
    chosen per request, so the message is rendered in one made up for it)."""
    with current_app.test_request_context("/?lang=en"):
        return click.ClickException(f"password refused: {weak.message}")


def _account(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account with e-mail {email}")
    return user


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r for r in ROLES if r != "cso"]), required=True)
@click.option("--directorate", "directorate_code", default=None, help="Directorate code.")
@click.password_option(help=PASSWORD_HELP)
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
    except WeakPassword as weak:
        db.session.rollback()
        raise _refused(weak) from weak
    except IntegrityError as error:
        db.session.rollback()
        raise click.ClickException(f"an account with e-mail {email} exists already") from error
    click.echo(f"Created {role} {email}.")


@users_group.command("set-password")
@click.argument("email", required=False)
@click.option("--email", "email_option", default=None, help="The account (or give it as EMAIL).")
@click.password_option(help=PASSWORD_HELP)
def set_password_command(email: str | None, email_option: str | None, password: str) -> None:
    """Give the account EMAIL a new password; every session of the account ends."""
    if not (email or email_option):
        raise click.UsageError("Name the account: flask users set-password EMAIL")
    user = _account(email or email_option)
    try:
        change_password(user, password)
    except WeakPassword as weak:
        db.session.rollback()
        raise _refused(weak) from weak
    db.session.commit()
    click.echo(f"New password for {user.email}; every session of the account has ended.")


@users_group.command("deactivate")
@click.option("--email", required=True)
def deactivate_command(email: str) -> None:
    """Stop an account from signing in; every session of it ends now."""
    user = _account(email)
    deactivate_user(user)
    db.session.commit()
    click.echo(f"Deactivated {user.email}; every session of the account has ended.")


@users_group.command("two-step-off")
@click.argument("email")
def two_step_off_command(email: str) -> None:
    """Turn off the two-step sign-in of the account EMAIL (a lost phone, a changed key)."""
    user = _account(email)
    if not user.totp_secret:
        raise click.ClickException(f"{user.email} signs in without a code already")
    user.totp_secret, user.totp_last_step = None, 0
    record_audit("user.second_factor_off", f"user:{user.id}")
    db.session.commit()
    click.echo(f"{user.email} signs in with the password alone until they turn it on again.")


@users_group.command("platform-admin")
@click.argument("email")
@click.option("--off", is_flag=True, help="Take the platform pages away again.")
def platform_admin_command(email: str, off: bool) -> None:
    """Let the account EMAIL (of any municipality) open the platform pages: every municipality
    of the install and the national view; --off takes them away."""
    from consult.platform.services import account_anywhere, set_platform_admin

    user = account_anywhere(email)
    if user is None:
        raise click.ClickException(f"no account with e-mail {email}")
    changed = set_platform_admin(user, not off)
    db.session.commit()
    state = "no longer opens" if off else "opens"
    click.echo(f"{user.email} {state} the platform pages{'' if changed else ' (unchanged)'}.")


def register_commands(app: Flask) -> None:
    """Attach the command groups to `flask`; those whose modules no request needs (the
    catalogue tools, the demo, backups) are imported when they run (`consult.command_line`)."""
    from consult.core.profiles import standards_group
    from consult.polls.commands import polls_group
    from consult.retention import purge_personal_data_command
    from consult.surveys.commands import surveys_group

    app.cli.defer("translate", attribute("consult.translate", "translate_group"))
    app.cli.defer("seed-demo", attribute("consult.demo.seed", "seed_demo_command"))
    app.cli.defer("demo-info", attribute("consult.demo.seed", "demo_info_command"))
    app.cli.defer("backup", attribute("consult.backup", "backup_command"))
    app.cli.defer("restore", attribute("consult.backup", "restore_command"))
    app.cli.add_command(users_group)
    app.cli.add_command(municipalities_group)
    app.cli.add_command(polls_group)
    app.cli.add_command(surveys_group)
    app.cli.add_command(purge_personal_data_command)
    app.cli.add_command(standards_group)
