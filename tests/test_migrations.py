"""The migration history builds the schema the models describe."""

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from consult import create_app
from consult.extensions import db, schema_filter


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": schema_filter(connection.dialect.name)}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrade_creates_the_schema_on_an_empty_database_and_downgrade_removes_it(tmp_path):
    class EmptyDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'empty.sqlite'}"

    app = create_app(EmptyDatabase)
    with app.app_context():
        upgrade(revision="heads")
        tables = set(inspect(db.engine).get_table_names())
        downgrade(revision="base")
        left = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert set(db.metadata.tables) <= tables
    assert left <= {"alembic_version"}


def _consultation(connection, number: int, kind: str, status: str, published) -> None:
    connection.execute(
        text(
            "INSERT INTO consultations (id, kind, title, summary, body, contact_name, "
            "contact_email, contact_phone, status, created_at, updated_at, report_published_at) "
            "VALUES (:id, :kind, '{}', '{}', '{}', '', '', '', :status, :now, :now, :published)"
        ),
        {"id": number, "kind": kind, "status": status, "now": NOON, "published": published},
    )


def _hearing_report(connection, number: int, received_at, note: str) -> None:
    _consultation(connection, number, "budget_hearing", "reported", PUBLISHED)
    connection.execute(
        text(
            "INSERT INTO hearing_cycles (id, consultation_id, budget_year, mtbf_due, "
            "circular2_due, approval_due, created_at) VALUES (:id, :id, 2027, :day, :day, :day, "
            ":now)"
        ),
        {"id": number, "day": PUBLISHED, "now": NOON},
    )
    connection.execute(
        text(
            "INSERT INTO hearing_reports (cycle_id, published_on, published_by_id, received_at, "
            "received_by_id, received_note) VALUES (:id, :day, 1, :received, 2, :note)"
        ),
        {"id": number, "day": PUBLISHED, "received": received_at, "note": note},
    )


NOON = dt.datetime(2026, 3, 2, 12, 0)
PUBLISHED = dt.date(2026, 3, 1)


def test_0012_turns_the_chairs_marks_into_review_events_and_back(tmp_path):
    """Every published report gets a "submitted" event on its publication day; the draft
    acts' report_reviews rows and the hearing reports' received_* columns become "received"
    events with the chair's note; a downgrade puts them back."""
    check_0012_data(f"sqlite:///{tmp_path / 'old.sqlite'}")


def check_0012_data(url: str) -> None:
    """The test above on the empty database at `url`."""

    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(OldDatabase)
    with app.app_context():
        upgrade(revision="0011")
        with db.engine.begin() as connection:
            for number, role in ((1, "officer"), (2, "chair")):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, name, password_hash, role, active, "
                        "created_at, session_token) VALUES (:id, :email, 'X', 'x', :role, "
                        ":active, :now, :token)"
                    ),
                    {
                        "id": number,
                        "email": f"{role}@x.example",
                        "role": role,
                        "active": True,
                        "now": NOON,
                        "token": f"t{number}",
                    },
                )
            _consultation(connection, 10, "draft_act", "reported", PUBLISHED)  # received
            _consultation(connection, 11, "draft_act", "reported", PUBLISHED)  # waiting
            _consultation(connection, 12, "draft_act", "closed", None)  # not published
            _consultation(connection, 13, "survey", "reported", PUBLISHED)  # not reviewed
            connection.execute(
                text(
                    "INSERT INTO report_reviews (consultation_id, chair_id, note, received_at) "
                    "VALUES (10, 2, 'Pranuar', :now)"
                ),
                {"now": NOON},
            )
            _hearing_report(connection, 20, NOON, "Mirë")  # received
            _hearing_report(connection, 21, None, "")  # waiting

        upgrade(revision="0012")
        with db.engine.connect() as connection:
            events = connection.execute(
                text(
                    "SELECT consultation_id, step, kind, actor_id, at, note "
                    "FROM report_review_events ORDER BY consultation_id, step"
                )
            ).all()
            tables = set(inspect(connection).get_table_names())
            columns = {c["name"] for c in inspect(connection).get_columns("hearing_reports")}
        published = dt.datetime.combine(PUBLISHED, dt.time()).isoformat(" ")
        noon = NOON.isoformat(" ")
        assert [(c, s, k, a, str(at)[:19], n) for c, s, k, a, at, n in events] == [
            (10, 1, "submitted", None, published, ""),
            (10, 2, "received", 2, noon, "Pranuar"),
            (11, 1, "submitted", None, published, ""),
            (20, 1, "submitted", 1, published, ""),
            (20, 2, "received", 2, noon, "Mirë"),
            (21, 1, "submitted", 1, published, ""),
        ]
        assert "report_reviews" not in tables
        assert columns == {"cycle_id", "published_on", "published_by_id"}

        downgrade(revision="0011")
        with db.engine.connect() as connection:
            reviews = connection.execute(
                text("SELECT consultation_id, chair_id, note FROM report_reviews")
            ).all()
            hearings = connection.execute(
                text(
                    "SELECT cycle_id, received_by_id, received_note, received_at IS NOT NULL "
                    "FROM hearing_reports ORDER BY cycle_id"
                )
            ).all()
            tables = set(inspect(connection).get_table_names())
        db.engine.dispose()
    assert [tuple(r) for r in reviews] == [(10, 2, "Pranuar")]
    assert [tuple(h) for h in hearings] == [(20, 2, "Mirë", 1), (21, None, "", 0)]
    assert "report_review_events" not in tables
