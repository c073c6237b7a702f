"""Migration 0036 with data: every row of before is in the first municipality after, the tables
keep their CHECK constraints and WITHOUT ROWID, and a downgrade gives the schema of before."""

import datetime as dt
import os

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from consult import create_app
from consult.extensions import db
from tests.test_migrations import on_empty_postgresql

NOON = dt.datetime(2026, 3, 2, 12, 0)
ROWS = (
    "INSERT INTO directorates (id, code, name) VALUES (1, 'EDU', '{}')",
    "INSERT INTO organisations (id, name, registration_number, sector, contact_email, "
    "representative, verified, created_at) VALUES (1, 'OJQ', '123', '', 'o@x.example', '', "
    "false, :now)",
    "INSERT INTO users (id, email, name, password_hash, role, active, session_token, "
    "created_at) VALUES (1, 'officer@x.example', 'O', 'x', 'officer', true, 't', :now)",
    "INSERT INTO consultations (id, kind, title, summary, body, contact_name, contact_email, "
    "contact_phone, status, created_at, updated_at) VALUES (1, 'capital_poll', '{}', '{}', "
    "'{}', '', '', '', 'open', :now, :now)",
    "INSERT INTO polls",  # _poll_row
    "INSERT INTO poll_participations (poll_id, identity_hash, channel, day, sealed) "
    "VALUES (1, 'h', 'online', :day, false)",
    "INSERT INTO poll_ballots (id, poll_id, day, channel, choices, sealed) "
    "VALUES ('00000000-0000-4000-8000-000000000001', 1, :day, 'online', '[]', false)",
)


def _schema(connection) -> dict:
    """What must survive: each table's columns, CHECK constraints and, on SQLite, its text."""
    inspector = inspect(connection)
    found = {}
    for table in sorted(inspector.get_table_names()):
        checks = sorted(c["name"] or c["sqltext"] for c in inspector.get_check_constraints(table))
        columns = [c["name"] for c in inspector.get_columns(table)]
        found[table] = (columns, checks)
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
        ).fetchall()
        found["without rowid"] = sorted(name for name, sql in rows if "WITHOUT ROWID" in sql)
    return found


def check_0036_data(url: str) -> None:
    class Database(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Database)
    with app.app_context():
        upgrade(revision="0035")
        with db.engine.begin() as connection:
            _columns_of_polls = {c["name"] for c in inspect(connection).get_columns("polls")}
            for statement in ROWS:
                if statement.startswith("INSERT INTO polls"):
                    statement = _poll_row(_columns_of_polls)
                connection.execute(text(statement), {"now": NOON, "day": NOON.date()})
        with db.engine.connect() as connection:
            before = _schema(connection)
        upgrade(revision="0036")
        with db.engine.connect() as connection:
            after = _schema(connection)
            owners = {
                table: connection.execute(
                    text(f"SELECT DISTINCT municipality_id FROM {table}")  # noqa: S608
                ).all()
                for table in (
                    "directorates",
                    "organisations",
                    "users",
                    "consultations",
                    "polls",
                    "poll_participations",
                    "poll_ballots",
                )
            }
            nulls = [
                (table, column["name"])
                for table in inspect(connection).get_table_names()
                for column in inspect(connection).get_columns(table)
                if column["name"] == "municipality_id" and column["nullable"]
            ]
            owned = [
                table
                for table in inspect(connection).get_table_names()
                if "municipality_id" in {c["name"] for c in inspect(connection).get_columns(table)}
            ]
        downgrade(revision="0035")
        with db.engine.connect() as connection:
            back = _schema(connection)
            kept = connection.execute(text("SELECT count(*) FROM poll_ballots")).scalar_one()
        db.engine.dispose()
    assert owners == {table: [(1,)] for table in owners}
    assert nulls == []
    assert len(owned) == 68
    checks_after = {t: v[1] for t, v in after.items() if t != "without rowid"}
    assert checks_after == {t: v[1] for t, v in before.items() if t != "without rowid"}
    assert after.get("without rowid") == before.get("without rowid")
    assert back == before
    assert kept == 1


def _poll_row(columns: set[str]) -> str:
    """The poll's INSERT with every NOT NULL column of 0035 (the table grew over time)."""
    values = {
        "id": "1",
        "consultation_id": "1",
        "budget": "1000",
        "currency": "'EUR'",
        "ballot_type": "'approval'",
        "min_projects": "0",
        "rule": "'greedy'",
        "threshold": "0",
        "minimum_age": "0",
        "verify_voter_list": "true",
        "verify_email": "false",
        "verify_sms": "false",
        "pb_meta": "'{}'",
        "created_at": ":now",
    }
    names = [name for name in values if name in columns]
    return (
        f"INSERT INTO polls ({', '.join(names)}) "  # noqa: S608
        f"VALUES ({', '.join(values[n] for n in names)})"
    )


def test_0036_puts_every_row_in_the_first_municipality_and_back(tmp_path):
    check_0036_data(f"sqlite:///{tmp_path / 'tenancy.sqlite'}")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_0036_on_postgresql(app):
    on_empty_postgresql(app, check_0036_data)
