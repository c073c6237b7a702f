"""`flask municipalities list|create|set|logo`: the municipalities of this install and their
settings.

A setting given to `set` is written into the municipality's row and is read from there from
then on; `--unset NAME` empties it again, so that the configuration (environment) applies.
Every value is checked before anything is written: an unknown language or profile, a colour
white text cannot be read on, a host name or an address that is not one changes nothing.

`create` adds a municipality served under its own host name, with its first administrator
(who receives a link to choose a password); other commands act for it when
`CONSULT_MUNICIPALITY` names its slug (`consult.core.tenancy`).
"""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from consult.core.municipalities import (
    Municipality,
    interface_locales,
    languages_in_use,
    municipality_names,
    official_languages,
    standards_profile_key,
)
from consult.core.profiles import PROFILES
from consult.extensions import db
from consult.i18n import TYPABLE_LOCALES
from consult.identity import IdentityRefused, remove_logo, store_logo
from consult.platform.services import (
    FirstAdministrator,
    SettingRefused,
    create_municipality,
    municipality_by_slug,
    update_municipality,
)

municipalities_group = AppGroup("municipalities", help="The municipalities of this install.")

#: settings `--unset` may empty, by their option names
UNSETTABLE = {
    "name": "name",
    "official": "official_languages",
    "in-use": "languages_in_use",
    "profile": "standards_profile",
    "colour": "brand_colour",
    "address": "contact_address",
    "email": "contact_email",
    "phone": "contact_phone",
    "host": "host",
}
#: the option that gives each setting (for the message of a refused value)
OPTION_OF = {column: f"--{option}" for option, column in UNSETTABLE.items()} | {
    "slug": "SLUG",
    "admin_email": "--admin-email",
    "admin_name": "--admin-name",
}


def _refused(refused: SettingRefused) -> click.BadParameter:
    """The service's reason, in English like the rest of the command line."""
    with current_app.test_request_context("/?lang=en"):
        message = str(refused.message)
    return click.BadParameter(message, param_hint=OPTION_OF.get(refused.setting))


@municipalities_group.command("list")
def list_command() -> None:
    """Each municipality: id, slug, name, languages, interface and standards profile."""
    for found in db.session.scalars(select(Municipality).order_by(Municipality.id)):
        names = municipality_names(found)
        click.echo(f"{found.id} {found.slug}: {names.get('en') or names.get('sq')}")
        click.echo(f"  host: {found.host or '(every host no other municipality names)'}")
        click.echo(f"  official languages: {', '.join(official_languages(found))}")
        click.echo(f"  in official use: {', '.join(languages_in_use(found)) or '-'}")
        click.echo(f"  interface: {', '.join(interface_locales(found))}")
        click.echo(f"  standards profile: {standards_profile_key(found)}")


def _languages(value: str | None) -> list[str] | None:
    """A comma-separated list of codes (checked by the service), or None when not given."""
    return None if value is None else value.split(",")


def _names(pairs: tuple[str, ...]) -> dict[str, str]:
    names = {}
    for pair in pairs:
        locale, _, text = pair.partition("=")
        if locale not in TYPABLE_LOCALES or not text.strip():
            raise click.BadParameter(
                f"{pair!r}: write LOCALE=NAME with a locale among {', '.join(TYPABLE_LOCALES)}.",
                param_hint="--name",
            )
        names[locale] = text.strip()
    return names


def _given(
    names: tuple[str, ...],
    official: str | None,
    in_use: str | None,
    profile: str | None,
    colour: str | None,
    address: str | None,
    email: str | None,
    phone: str | None,
    host: str | None = None,
) -> dict[str, object]:
    """The settings the options give, by column (checked by the service)."""
    given = {
        "name": _names(names) if names else None,
        "host": host,
        "official_languages": _languages(official),
        "languages_in_use": _languages(in_use),
        "standards_profile": profile,
        "brand_colour": colour,
        "contact_address": address,
        "contact_email": email,
        "contact_phone": phone,
    }
    return {column: value for column, value in given.items() if value is not None}


#: the options of the settings `set` and `create` share, in the order `--help` lists them
_SETTING_OPTIONS = (
    click.option(
        "--official", help="Official languages, e.g. sq,sr (unless given: the configuration's)."
    ),
    click.option("--in-use", "in_use", help="Languages in official use, e.g. tr or bs,tr."),
    click.option("--profile", help=f"Standards profile: {', '.join(PROFILES)}."),
    click.option("--colour", help="#rrggbb with 4.5:1 contrast against white."),
    click.option("--address", help="The municipality's postal address."),
    click.option("--email", help="The municipality's contact address."),
    click.option("--phone", help="The municipality's contact telephone."),
)


def _setting_options(command):
    """Give `command` the settings' options."""
    for option in reversed(_SETTING_OPTIONS):
        command = option(command)
    return command


def _municipality_named(slug: str) -> Municipality:
    """The municipality SLUG, or the command stops saying there is none."""
    found = municipality_by_slug(slug)
    if found is None:
        raise click.ClickException(f"There is no municipality {slug!r} (see `list`).")
    return found


@municipalities_group.command("set")
@click.argument("slug")
@click.option("--name", "names", multiple=True, help="LOCALE=NAME, once per language.")
@_setting_options
@click.option("--host", help="The host name its pages are served under, e.g. prizren.example.")
@click.option("--unset", multiple=True, type=click.Choice(sorted(UNSETTABLE)))
def set_command(slug: str, unset: tuple[str, ...], **options: object) -> None:
    """Write settings of the municipality SLUG (checked first; nothing written on an error)."""
    found = _municipality_named(slug)
    given = _given(**options) | {UNSETTABLE[option]: None for option in unset}
    if not given:
        raise click.UsageError("Nothing to set: give at least one option.")
    try:
        update_municipality(found, given)
    except SettingRefused as refused:
        db.session.rollback()
        raise _refused(refused) from None
    db.session.commit()
    click.echo(f"{found.slug}: {', '.join(sorted(given))} written.")


@municipalities_group.command("create")
@click.argument("slug")
@click.option(
    "--name", "names", multiple=True, required=True, help="LOCALE=NAME, once per language."
)
@click.option("--host", required=True, help="The host name its pages are served under.")
@_setting_options
@click.option("--admin-email", required=True, help="Its first administrator's address.")
@click.option("--admin-name", required=True, help="Its first administrator's name.")
def create_command(slug: str, admin_email: str, admin_name: str, **options: object) -> None:
    """Add the municipality SLUG with its first administrator, who receives a link to choose a
    password (checked first; nothing written on an error). Prints the new id last."""
    try:
        municipality = create_municipality(
            slug, _given(**options), FirstAdministrator(admin_email, admin_name)
        )
    except SettingRefused as refused:
        db.session.rollback()
        raise _refused(refused) from None
    db.session.commit()
    click.echo(f"{slug}: created, served at https://{municipality.host}/; a link to choose a")
    click.echo(f"password is in the outbox for {admin_email.strip().lower()}.")
    click.echo(municipality.id)


@municipalities_group.command("logo")
@click.argument("slug")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--remove", is_flag=True, help="Take the municipality's own logo away.")
def logo_command(slug: str, file: Path | None, remove: bool) -> None:
    """Give the municipality SLUG its logo: FILE, a PNG or an SVG without scripts, event
    attributes or embedded documents, at most 512 KB (checked first; nothing stored on an
    error). The first municipality without one of its own shows LOGO_FILE."""
    found = _municipality_named(slug)
    if remove == (file is not None):
        raise click.UsageError("Give either FILE or --remove.")
    if remove:
        gone = remove_logo(found.slug)
        click.echo(
            f"{found.slug}: logo removed." if gone else f"{found.slug} had no logo of its own."
        )
        return
    try:
        stored = store_logo(found.slug, file)
    except IdentityRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"{found.slug}: logo stored as {stored.path}.")
