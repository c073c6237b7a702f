"""An administrator backs the database up and restores it: the demo comes back row for row."""

import os
import shutil
import sqlite3

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, select, text

from config import TestingConfig
from consult import create_app
from consult.backup import backup_command, restore_command
from consult.extensions import db


def _with_backup_commands(application):
    """The commands, until consult/commands.py registers them for every app."""
    for command in (backup_command, restore_command):
        if command.name not in application.cli.commands:
            application.cli.add_command(command)
    return application


def _snapshot(application) -> dict[str, list]:
    """Every row of every table (Alembic's included), in a stable order."""
    with application.app_context(), db.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        return {
            table: sorted(
                tuple(map(repr, row))
                for row in connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608
            )
            for table in tables
        }


def _empty_every_table(application) -> None:
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def demo_app(tmp_path):
    """A separate app on its own SQLite file, migrated and loaded with the Istog demo."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'consult.sqlite'}"
        UPLOAD_FOLDER = str(tmp_path / "uploads")

    application = _with_backup_commands(create_app(Config))
    with application.app_context():
        upgrade(revision="heads")
    result = application.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_backup_and_restore_bring_the_demo_back_row_for_row(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    before = _snapshot(demo_app)
    assert before["consultations"] and before["directorates"] and before["users"]
    backup = tmp_path / "backup.sqlite"

    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")
    assert oct(backup.stat().st_mode & 0o777) == oct(0o600), "a backup holds personal data"

    _empty_every_table(demo_app)
    assert not _snapshot(demo_app)["consultations"]

    result = runner.invoke(args=["restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output
    after = _snapshot(demo_app)
    assert {table: len(rows) for table, rows in after.items()} == {
        table: len(rows) for table, rows in before.items()
    }
    assert after == before


def test_the_restored_demo_serves_pages_again(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    backup = tmp_path / "backup.sqlite"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    _empty_every_table(demo_app)
    assert runner.invoke(args=["restore", "--yes", str(backup)]).exit_code == 0
    with demo_app.app_context():
        from consult.core.models import Consultation

        public = [c.id for c in db.session.scalars(select(Consultation)) if c.status != "draft"]
    assert public
    client = demo_app.test_client()
    assert client.get(f"/consultations/{public[0]}").status_code == 200


def test_restore_asks_before_replacing_everything(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    backup = tmp_path / "backup.sqlite"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    _empty_every_table(demo_app)
    result = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert result.exit_code != 0
    assert not _snapshot(demo_app)["consultations"], "nothing is restored without a yes"


def test_restore_refuses_a_file_that_is_not_a_backup(demo_app, tmp_path):
    before = _snapshot(demo_app)
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = demo_app.test_cli_runner().invoke(args=["restore", "--yes", str(bogus)])
    assert result.exit_code == 1
    assert "is not a SQLite backup" in result.output
    missing = demo_app.test_cli_runner().invoke(
        args=["restore", "--yes", str(tmp_path / "nowhere.sqlite")]
    )
    assert missing.exit_code == 1 and "does not exist" in missing.output
    assert _snapshot(demo_app) == before


def test_backup_refuses_a_missing_folder_and_the_database_itself(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "no" / "such" / "backup.sqlite")])
    assert result.exit_code == 1 and "does not exist" in result.output
    result = runner.invoke(args=["backup", str(tmp_path / "consult.sqlite")])
    assert result.exit_code == 1 and "cannot overwrite the database" in result.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no partial file left"


def test_a_backup_is_consistent_while_the_app_writes(demo_app, tmp_path):
    """The online backup copies a snapshot even with a write transaction open."""
    path = tmp_path / "consult.sqlite"
    writer = sqlite3.connect(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM audit_log")
    try:
        result = demo_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.sqlite")])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "b.sqlite") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM consultations").fetchone()[0] > 0


# --- PostgreSQL -------------------------------------------------------------------------------


def _postgres_app(url: str):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    return _with_backup_commands(create_app(Config))


def test_backup_fails_clearly_without_pg_dump(monkeypatch, tmp_path):
    application = _postgres_app("postgresql+psycopg://consult:secret@127.0.0.1:1/consult")
    monkeypatch.setenv("PATH", str(tmp_path))
    runner = application.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "consult.dump")])
    assert result.exit_code == 1
    assert "pg_dump is not installed" in result.output
    result = runner.invoke(args=["restore", "--yes", __file__])
    assert result.exit_code == 1
    assert "pg_restore is not installed" in result.output


def test_pg_tools_get_the_password_from_the_environment_not_the_command_line(monkeypatch, tmp_path):
    import consult.backup as backup_module

    calls = []

    def fake_run(arguments, env, **kwargs):
        calls.append((arguments, env))
        if arguments[0].endswith("pg_dump"):
            file_argument = next(a for a in arguments if a.startswith("--file="))
            with open(file_argument.removeprefix("--file="), "wb") as dump:
                dump.write(b"PGDMP")
        return backup_module.subprocess.CompletedProcess(arguments, 0, "", "")

    monkeypatch.setattr(backup_module.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup_module.subprocess, "run", fake_run)
    application = _postgres_app("postgresql+psycopg://consult:s3cr%40t@db.example:5433/consult")
    runner = application.test_cli_runner()
    target = tmp_path / "consult.dump"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    assert target.read_bytes() == b"PGDMP"
    assert runner.invoke(args=["restore", "--yes", str(target)]).exit_code == 0

    (dump_args, _), (restore_args, _) = calls
    assert "--format=custom" in dump_args
    assert {"--clean", "--if-exists"} <= set(restore_args)
    for arguments, environment in calls:
        assert "--dbname=postgresql://consult@db.example:5433/consult" in arguments
        assert not any("s3cr" in argument for argument in arguments)
        assert environment["PGPASSWORD"] == "s3cr@t"


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_postgresql_backup_and_restore_round_trip(app, tmp_path):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    application = _with_backup_commands(app)
    runner = application.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    before = _snapshot(application)
    target = tmp_path / "consult.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    _empty_every_table(application)
    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    assert _snapshot(application) == before
