"""Migration 0039 adds `users.platform_admin` (false for every existing account) in place and
takes it away again, on SQLite and PostgreSQL."""

import os

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from consult import create_app
from consult.extensions import db
from tests.test_migrations import on_empty_postgresql


def check_0039(url: str) -> None:
    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(OldDatabase)
    with app.app_context():
        upgrade(revision="0038")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, role, active, "
                    "session_token, created_at, totp_last_step, municipality_id) VALUES "
                    "(1, 'a@istog.example', 'A', 'x', 'admin', true, 't', "
                    "CURRENT_TIMESTAMP, 0, 1)"
                )
            )
        upgrade(revision="0039")
        with db.engine.connect() as connection:
            flag = connection.scalar(text("SELECT platform_admin FROM users WHERE id = 1"))
            assert flag in (False, 0)
            checks = {c["name"] for c in inspect(connection).get_check_constraints("users")}
            assert "role_known" in checks or "ck_users_role_known" in checks
        with db.engine.begin() as connection:  # a new row without it: the default
            connection.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, role, active, "
                    "session_token, created_at, totp_last_step, municipality_id) VALUES "
                    "(2, 'b@istog.example', 'B', 'x', 'officer', true, 't', "
                    "CURRENT_TIMESTAMP, 0, 1)"
                )
            )
            assert connection.scalar(text("SELECT platform_admin FROM users WHERE id = 2")) in (
                False,
                0,
            )
        downgrade(revision="0038")
        columns = {c["name"] for c in inspect(db.engine).get_columns("users")}
        assert "platform_admin" not in columns
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM users")) == 2
        db.engine.dispose()


def test_0039_on_sqlite(tmp_path):
    check_0039(f"sqlite:///{tmp_path / 'platform.sqlite'}")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_0039_on_postgresql(app):
    on_empty_postgresql(app, check_0039)
