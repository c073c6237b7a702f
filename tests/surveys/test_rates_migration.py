"""Migration 0031 on a database that already holds survey responses: up, the rules the
database keeps, down and up again, on SQLite and on PostgreSQL."""

import os

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from config import TestingConfig
from consult import create_app
from consult.extensions import db
from tests.test_migrations import _consultation, on_empty_postgresql

RESPONSES = [
    ("00000000-0000-4000-8000-000000000001", 1, 1),  # staff, directorate 1
    ("00000000-0000-4000-8000-000000000002", 1, 1),
    ("00000000-0000-4000-8000-000000000003", 2, None),  # citizen
]


def _fill(connection) -> None:
    connection.execute(text("INSERT INTO directorates (id, code, name) VALUES (1, 'EDU', '{}')"))
    for number, audience in ((1, "staff"), (2, "citizen")):
        _consultation(connection, number, "survey", "closed", None)
        connection.execute(
            text(
                "INSERT INTO surveys (id, consultation_id, audience, year, "
                "one_response_per_browser, ask_gender, ask_age_band, ask_local_community) "
                "VALUES (:id, :id, :audience, 2024, :no, :no, :no, :no)"
            ),
            {"id": number, "audience": audience, "no": False},
        )
    for response_id, survey_id, directorate_id in RESPONSES:
        connection.execute(
            text(
                "INSERT INTO survey_responses (id, survey_id, directorate_id, day) "
                "VALUES (:id, :survey, :directorate, '2024-10-08')"
            ),
            {"id": response_id, "survey": survey_id, "directorate": directorate_id},
        )


def _responses(connection) -> list[tuple]:
    rows = connection.execute(
        text("SELECT id, survey_id, directorate_id FROM survey_responses ORDER BY id")
    )
    return [tuple(row) for row in rows]


def _refused(statement: str, values: dict | None = None) -> None:
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(text(statement), values or {})


def _sqlite_schema(connection) -> str:
    return connection.execute(
        text("SELECT sql FROM sqlite_master WHERE name = 'survey_responses'")
    ).scalar_one()


def check_0031(url: str) -> None:
    """The migration's round trip on the empty database at `url`."""

    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(OldDatabase)
    with app.app_context():
        upgrade(revision="0030")
        with db.engine.begin() as connection:
            _fill(connection)
        upgrade(revision="0031")
        sqlite = db.engine.dialect.name == "sqlite"
        with db.engine.begin() as connection:
            assert _responses(connection) == sorted(RESPONSES)
            assert (
                connection.execute(
                    text("SELECT COUNT(language) FROM survey_responses")
                ).scalar_one()
                == 0
            )
            if sqlite:
                assert "WITHOUT ROWID" in _sqlite_schema(connection)
            connection.execute(
                text("INSERT INTO staff_counts (directorate_id, year, count) VALUES (1, 2024, 30)")
            )
            connection.execute(
                text("UPDATE survey_responses SET language = 'sr_Latn' WHERE id = :id"),
                {"id": RESPONSES[2][0]},
            )
        _refused("INSERT INTO staff_counts (directorate_id, year, count) VALUES (1, 2025, -1)")
        _refused("INSERT INTO staff_counts (directorate_id, year, count) VALUES (1, 2024, 31)")
        _refused("INSERT INTO staff_counts (directorate_id, year, count) VALUES (1, 1999, 3)")
        _refused("INSERT INTO staff_counts (directorate_id, year, count) VALUES (99, 2024, 3)")
        _refused("UPDATE survey_responses SET language = 'sq' WHERE directorate_id IS NOT NULL")
        _refused("UPDATE survey_responses SET language = 'xx' WHERE directorate_id IS NULL")

        downgrade(revision="0030")
        with db.engine.begin() as connection:
            assert _responses(connection) == sorted(RESPONSES)
            columns = {c["name"] for c in inspect(connection).get_columns("survey_responses")}
            assert columns == {"id", "survey_id", "directorate_id", "day"}
            assert "staff_counts" not in inspect(connection).get_table_names()
            if sqlite:
                assert "WITHOUT ROWID" in _sqlite_schema(connection)
                assert "language" not in _sqlite_schema(connection)

        upgrade(revision="0031")  # and up again, over the same rows
        with db.engine.begin() as connection:
            assert _responses(connection) == sorted(RESPONSES)
        db.engine.dispose()


def test_0031_on_sqlite_with_responses(tmp_path):
    check_0031(f"sqlite:///{tmp_path / 'rates.sqlite'}")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_0031_on_postgresql_with_responses(app):
    on_empty_postgresql(app, check_0031)
