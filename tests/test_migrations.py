"""The migration history builds the schema the models describe."""

import datetime as dt
import json
import os

import pytest
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


OLD_GENDER_OPTIONS = (("woman", "Woman"), ("man", "Man"), ("not_said", "Prefer not to say"))


def test_0016_gives_polls_and_surveys_the_one_gender_coding(tmp_path):
    """Polls' "f"/"m" and the standard survey question's "woman"/"man" (options, answers, a
    condition on them) become "female"/"male", and back on a downgrade; "not_said" stays."""
    check_0016_data(f"sqlite:///{tmp_path / 'genders.sqlite'}")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_0016_on_postgresql(app):
    """The test above on PostgreSQL (its schema emptied first and migrated back after)."""
    url = os.environ["TEST_DATABASE_URL"]
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()
    try:
        check_0016_data(url)
    finally:
        with app.app_context():
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            upgrade(revision="heads")
            db.engine.dispose()


def _genders(connection) -> dict[str, list]:
    """The gender codes 0016 rewrites, table by table."""

    def column(query: str) -> list:
        values = [value for (value,) in connection.execute(text(query))]
        return sorted(values, key=lambda value: (value is None, value or ""))

    show_if = connection.execute(
        text("SELECT show_if FROM survey_questions WHERE key = 'park'")
    ).scalar_one()
    return {
        "voters": column("SELECT gender FROM poll_voter_list"),
        "ballots": column("SELECT gender FROM poll_ballots"),
        "options": column(
            "SELECT o.value FROM survey_options o JOIN survey_questions q ON q.id = o.question_id"
        ),
        "answers": column("SELECT choice FROM survey_answers"),
        "condition": (json.loads(show_if) if isinstance(show_if, str) else show_if)["values"],
    }


def check_0016_data(url: str) -> None:
    """The 0016 test on the empty database at `url`."""
    from consult.core.models import Consultation
    from consult.polls.models import Ballot, Poll, VoterListEntry
    from consult.surveys import services as surveys
    from consult.surveys.models import Response, SurveyAnswer

    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(OldDatabase)
    with app.test_request_context("/?lang=en"):
        upgrade(revision="0015")
        texts = {"sq": "X", "en": "X"}
        poll_of, survey_of = (
            Consultation(
                kind=kind,
                title=texts,
                summary=texts,
                body=texts,
                contact_name="",
                contact_email="",
                contact_phone="",
            )
            for kind in ("capital_poll", "survey")
        )
        db.session.add_all([poll_of, survey_of])
        db.session.flush()
        poll = Poll(consultation_id=poll_of.id, budget=1000)
        db.session.add(poll)
        db.session.flush()
        for number, gender in enumerate(("f", "m", None)):
            db.session.add(
                VoterListEntry(
                    poll_id=poll.id, identity_hash=f"h{number}", birth_year=1980, gender=gender
                )
            )
            db.session.add(
                Ballot(
                    poll_id=poll.id, day=NOON.date(), channel="online", choices=[], gender=gender
                )
            )
        survey = surveys.create_survey(survey_of, "citizen", 2026)
        section = surveys.add_section(survey, texts)
        options = [(code, {"en": label}) for code, label in OLD_GENDER_OPTIONS]
        gender = surveys.add_question(section, "gender", "single_choice", texts, options=options)
        park = surveys.add_question(section, "park", "short_text", texts)
        park.show_if = {"question": "gender", "operator": "in", "values": ["woman", "not_said"]}
        db.session.flush()
        for code in ("woman", "man", "man", "not_said"):
            response = Response(survey_id=survey.id, day=NOON.date())
            db.session.add(response)
            db.session.flush()
            db.session.add(
                SurveyAnswer(response_id=response.id, question_id=gender.id, choice=code)
            )
        db.session.commit()
        db.session.remove()
        with db.engine.connect() as connection:
            old = _genders(connection)

        upgrade(revision="0016")
        with db.engine.connect() as connection:
            new = _genders(connection)
        downgrade(revision="0015")
        with db.engine.connect() as connection:
            back = _genders(connection)
        db.engine.dispose()
    assert new == {
        "voters": ["female", "male", None],
        "ballots": ["female", "male", None],
        "options": ["female", "male", "not_said"],
        "answers": ["female", "male", "male", "not_said"],
        "condition": ["female", "not_said"],
    }
    assert back == old
    assert old["voters"] == ["f", "m", None] and old["condition"] == ["woman", "not_said"]
