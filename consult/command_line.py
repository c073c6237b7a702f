"""`flask`'s commands of this app, imported when one runs, never by the web workers.

A command's module may bring libraries no request needs: Flask-Migrate brings Alembic and
Mako (about 0.3 s of imports and their memory in every worker), the catalogue tools Babel's
command-line front end, the demo its data. `CommandLine` (the app's `app.cli`) knows such
commands by name and imports each when it is called, or listed by `flask --help`; the
migrations themselves are set up the first time anything reads `app.extensions["migrate"]`
(`flask db ...`, or `flask_migrate.upgrade()` in the tests and the bench).
"""

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

#: where the Alembic migrations live
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class CommandLine(AppGroup):
    """The app's command group, with commands imported when first looked up."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.deferred: dict[str, Callable[[], click.Command]] = {}

    def defer(self, name: str, load: Callable[[], click.Command]) -> None:
        """`flask NAME` runs the command `load()` returns, called when it is first needed."""
        self.deferred[name] = load

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.deferred})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        load = self.deferred.pop(name, None)
        if load is not None:
            self.add_command(load(), name)
        return super().get_command(ctx, name)


def attribute(module: str, name: str) -> Callable[[], click.Command]:
    """A loader for `CommandLine.defer`: `module.name`, imported when called."""
    return lambda: getattr(import_module(module), name)


class MigrationsNotSetUp:
    """`app.extensions["migrate"]` until something reads it: then Flask-Migrate is imported
    and set up (`set_up_migrations`), takes its place, and answers."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def __getattr__(self, name: str) -> object:
        return getattr(set_up_migrations(self._app), name)


def set_up_migrations(app: Flask) -> object:
    """Flask-Migrate on `app` (once), batch mode for SQLite's ALTER TABLE; its configuration."""
    current = app.extensions.get("migrate")
    if current is None or isinstance(current, MigrationsNotSetUp):
        from flask_migrate import Migrate

        from consult.extensions import db

        Migrate(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    return app.extensions["migrate"]


def defer_migrations(app: Flask) -> None:
    """`flask db ...` and `app.extensions["migrate"]`, with Flask-Migrate not imported yet."""
    app.extensions["migrate"] = MigrationsNotSetUp(app)

    def db_group() -> click.Command:
        set_up_migrations(app)
        from flask_migrate.cli import db

        return db

    app.cli.defer("db", db_group)
