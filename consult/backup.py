"""`flask backup PATH` and `flask restore PATH`: a consistent copy of the database and back.

SQLite is copied with the online backup API, so the copy is consistent even while the app
is writing. PostgreSQL is copied with `pg_dump --format=custom` and brought back with
`pg_restore --clean --if-exists`; both binaries must be installed (package postgresql-client)
and of a version at least that of the server. The password never appears on a command line:
it is handed to the PostgreSQL tools in the `PGPASSWORD` environment variable.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from consult.extensions import db

SQLITE_HEADER = b"SQLite format 3\x00"
#: pages copied per step of the SQLite online backup; other writers may run between steps
SQLITE_PAGES_PER_STEP = 1024


class BackupFailed(click.ClickException):
    """A backup or restore could not be done; the message says why."""


def database_url() -> URL:
    """The URL of the database the app is configured with."""
    return make_url(db.engine.url)


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database."""
    name = url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        return None
    return Path(name).resolve()


def _sqlite_connection(url: URL) -> sqlite3.Connection:
    """A new connection to the app's SQLite file (the in-memory database is refused)."""
    path = _sqlite_file(url)
    if path is None:
        raise BackupFailed("The database is in memory; there is nothing on disk to back up.")
    if not path.is_file():
        raise BackupFailed(f"The database file {path} does not exist.")
    return sqlite3.connect(path)


def backup_sqlite(url: URL, target: Path) -> None:
    """Copy the SQLite database at `url` to `target` with the online backup API.

    The copy is written next to `target` and renamed into place only when complete, so an
    interrupted backup never leaves a half-written file under the final name.
    """
    if _sqlite_file(url) == target.resolve():
        raise BackupFailed("The backup cannot overwrite the database itself.")
    source = _sqlite_connection(url)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        copy = sqlite3.connect(partial)
        try:
            with copy:
                source.backup(copy, pages=SQLITE_PAGES_PER_STEP)
            problem = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
        if problem != "ok":
            raise BackupFailed(f"The copy failed its integrity check: {problem}")
        os.replace(partial, target)
    finally:
        source.close()
        if os.path.exists(partial):
            os.unlink(partial)


def restore_sqlite(url: URL, source_path: Path) -> None:
    """Replace the content of the SQLite database at `url` with the backup `source_path`."""
    with source_path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupFailed(f"{source_path} is not a SQLite backup.")
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problem = source.execute("PRAGMA integrity_check").fetchone()[0]
        if problem != "ok":
            raise BackupFailed(f"The backup is damaged: {problem}")
        db.session.remove()
        db.engine.dispose()  # no pooled connection keeps an old view of the schema
        target = _sqlite_connection(url)
        try:
            with target:
                source.backup(target, pages=SQLITE_PAGES_PER_STEP)
        finally:
            target.close()
    finally:
        source.close()


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """The full path of pg_dump or pg_restore; a clear failure when it is not installed."""
    found = shutil.which(name)
    if found is None:
        raise BackupFailed(
            f"{name} is not installed or not on PATH; install the PostgreSQL client tools "
            "(apt-get install postgresql-client) in the version of the server or newer."
        )
    return found


def _pg_connection(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment that carries it."""
    libpq = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return libpq.render_as_string(hide_password=False), environment


def _run_pg_tool(arguments: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        arguments, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupFailed(f"{what} failed (exit {result.returncode}): {result.stderr.strip()}")


def backup_postgresql(url: URL, target: Path) -> None:
    """Dump the PostgreSQL database at `url` to `target` in pg_dump's custom format."""
    program = _pg_tool("pg_dump")
    dbname, environment = _pg_connection(url)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        _run_pg_tool(
            [program, "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={dbname}"],
            environment,
            "pg_dump",
        )
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def restore_postgresql(url: URL, source_path: Path) -> None:
    """Replace the PostgreSQL database at `url` with the dump `source_path`, in one transaction."""
    program = _pg_tool("pg_restore")
    dbname, environment = _pg_connection(url)
    db.session.remove()
    db.engine.dispose()  # idle pooled connections would hold locks that block DROP TABLE
    _run_pg_tool(
        [
            program,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={dbname}",
            str(source_path),
        ],
        environment,
        "pg_restore",
    )


# --- commands ---------------------------------------------------------------------------------


def backup_database(target: Path) -> str:
    """Write a consistent copy of the app's database to `target`; returns the backend name."""
    url = database_url()
    if not target.parent.is_dir():
        raise BackupFailed(f"The folder {target.parent} does not exist.")
    backend = url.get_backend_name()
    if backend == "sqlite":
        backup_sqlite(url, target)
    elif backend == "postgresql":
        backup_postgresql(url, target)
    else:
        raise BackupFailed(f"Backups of {backend} databases are not supported.")
    return backend


def restore_database(source_path: Path) -> str:
    """Replace the app's database with the backup at `source_path`; returns the backend name."""
    url = database_url()
    if not source_path.is_file():
        raise BackupFailed(f"The backup {source_path} does not exist.")
    backend = url.get_backend_name()
    if backend == "sqlite":
        restore_sqlite(url, source_path)
    elif backend == "postgresql":
        restore_postgresql(url, source_path)
    else:
        raise BackupFailed(f"Restoring {backend} databases is not supported.")
    return backend


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the database to PATH (SQLite file or pg_dump archive)."""
    backend = backup_database(path)
    click.echo(f"Backup of the {backend} database written to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup at PATH."""
    if not yes:
        click.confirm(
            f"This replaces ALL data in {database_url().render_as_string()} with {path}. Go on?",
            abort=True,
        )
    backend = restore_database(path)
    click.echo(f"The {backend} database was restored from {path}.")
