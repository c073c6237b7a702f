"""The migration history builds the schema the models describe."""

import datetime as dt
import json
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.orm import load_only

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
    _hearing_cycle(connection, number, "reported")
    connection.execute(
        text(
            "INSERT INTO hearing_reports (cycle_id, published_on, published_by_id, received_at, "
            "received_by_id, received_note) VALUES (:id, :day, 1, :received, 2, :note)"
        ),
        {"id": number, "day": PUBLISHED, "received": received_at, "note": note},
    )


def _hearing_cycle(connection, number: int, status: str) -> None:
    """A budget-hearing consultation and its cycle, both numbered `number`."""
    _consultation(connection, number, "budget_hearing", status, PUBLISHED)
    connection.execute(
        text(
            "INSERT INTO hearing_cycles (id, consultation_id, budget_year, mtbf_due, "
            "circular2_due, approval_due, created_at) VALUES (:id, :id, 2027, :day, :day, :day, "
            ":now)"
        ),
        {"id": number, "day": PUBLISHED, "now": NOON},
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
    on_empty_postgresql(app, check_0016_data)


def on_empty_postgresql(app, check) -> None:
    """`check(url)` on the test PostgreSQL database with its schema emptied first; the schema
    is migrated back to the head after, pass or fail."""
    url = os.environ["TEST_DATABASE_URL"]
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()
    try:
        check(url)
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


def _lend_municipality_columns() -> list[str]:
    """The models write `municipality_id` (0036) into every table they own: a schema of an
    older revision gets a plain column of that name in each of its tables for as long as the
    models fill it. Returns the tables given one."""
    present = set(inspect(db.engine).get_table_names())
    owned = sorted(
        name
        for name, table in db.metadata.tables.items()
        if name in present and "municipality_id" in table.c
    )
    with db.engine.begin() as connection:
        for name in owned:
            connection.execute(text(f"ALTER TABLE {name} ADD COLUMN municipality_id INTEGER"))
    return owned


def _return_municipality_columns(owned: list[str]) -> None:
    """Drop the columns `_lend_municipality_columns` added: the schema is the old one again."""
    with db.engine.begin() as connection:
        for name in owned:
            connection.execute(text(f"ALTER TABLE {name} DROP COLUMN municipality_id"))


#: the revision tokens the models write, by table (0040, 0042 and 0044)
REVISION_COLUMNS = {"polls": "revision", "consultations": "page_revision", "surveys": "revision"}


def _lend_revisions() -> None:
    """The models write `polls.revision` (0040), `consultations.page_revision` (0042) and
    `surveys.revision` (0044): an older schema gets the columns for as long as the models fill
    them."""
    with db.engine.begin() as connection:
        for table, column in REVISION_COLUMNS.items():
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(16)"))


def _return_revisions() -> None:
    with db.engine.begin() as connection:
        for table, column in REVISION_COLUMNS.items():
            connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))


def check_0016_data(url: str) -> None:
    """The 0016 test on the empty database at `url`."""
    from consult.core.models import Consultation
    from consult.polls.models import Ballot, Poll, VoterListEntry
    from consult.surveys import services as surveys
    from consult.surveys.models import SurveyAnswer

    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(OldDatabase)
    with app.test_request_context("/?lang=en"):
        upgrade(revision="0015")
        owned = _lend_municipality_columns()
        _lend_revisions()
        texts = {"sq": "X", "en": "X"}
        # the consultations by SQL: the model has columns later migrations add
        connection = db.session.connection()
        _consultation(connection, 1, "capital_poll", "draft", None)
        _consultation(connection, 2, "survey", "draft", None)
        # the lent column, as migration 0036 fills it: the ORM reads the first municipality's
        connection.execute(text("UPDATE consultations SET municipality_id = 1"))
        older = [load_only(Consultation.id, Consultation.kind, Consultation.status)]
        poll_of, survey_of = (db.session.get(Consultation, n, options=older) for n in (1, 2))
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
        for number, code in enumerate(("woman", "man", "man", "not_said")):
            # the columns of 0015 only: the model has later ones (0031: language)
            response_id = f"00000000-0000-4000-8000-00000000001{number}"
            db.session.execute(
                text("INSERT INTO survey_responses (id, survey_id, day) VALUES (:id, :s, :d)"),
                {"id": response_id, "s": survey.id, "d": NOON.date()},
            )
            db.session.add(
                SurveyAnswer(response_id=response_id, question_id=gender.id, choice=code)
            )
        db.session.commit()
        db.session.remove()
        _return_municipality_columns(owned)
        _return_revisions()
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


def test_0017_moves_every_budget_comment_and_its_answer_into_the_one_comment_model(tmp_path):
    """Every hearing comment becomes a comment of its cycle's consultation with the same
    fields, an answered one also an answer; the draft-act comments and answers stay as they
    were; the audit log follows the comments to their new ids; a downgrade puts every row
    back as it was."""
    check_0017_data(f"sqlite:///{tmp_path / 'comments.sqlite'}")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_0017_on_postgresql(app):
    """The test above on PostgreSQL."""
    on_empty_postgresql(app, check_0017_data)


HEARING_COMMENT_COLUMNS = (
    "id, cycle_id, line_id, author_kind, meeting_id, author_name, author_email, language, "
    "text, recorded_by_id, created_at, outcome, reason, answered_at, answered_by_id, hidden, "
    "hidden_reason, gender, confirmed_at"
)
#: the hearing comments 0017 moves: (line, kind, meeting, name, e-mail, language, text,
#: recorded by, outcome, reason, answered by, hidden, hidden reason, gender, confirmed)
OLD_BUDGET_COMMENTS = (
    (
        1,
        "citizen",
        None,
        "Ana",
        "ana@x.example",
        "sq",
        "Më shumë për shkolla",
        None,
        "accepted",
        '{"sq": "Po", "en": "Yes"}',
        1,
        False,
        "",
        "female",
        True,
    ),
    (
        None,
        "citizen",
        None,
        "Bojan",
        "b@x.example",
        "sr",
        "Пут",
        None,
        None,
        "{}",
        None,
        False,
        "",
        None,
        False,
    ),
    (
        1,
        "meeting",
        30,
        "",
        "",
        "sq",
        "Nga salla",
        1,
        "rejected",
        '{"sq": "Jo"}',
        1,
        True,
        "Fyerje",
        "male",
        True,
    ),
)


def _rows(connection, query: str) -> list[tuple]:
    """The rows of `query` with datetimes as text to the second and JSON as dicts."""

    def plain(value):
        if isinstance(value, dt.datetime):
            return value.isoformat(" ")[:19]
        if isinstance(value, str) and value[:4] == "2026":  # SQLite's datetimes are text
            return value[:19]
        if isinstance(value, str) and value[:1] == "{":
            return json.loads(value)
        return value

    return [tuple(plain(v) for v in row) for row in connection.execute(text(query))]


def _old_comment_data(connection) -> None:
    """At 0016: a draft act with an answered comment, a hearing with three comments (answered,
    unconfirmed, hidden from the floor), an audit log naming two of them."""
    connection.execute(
        text(
            "INSERT INTO users (id, email, name, password_hash, role, active, created_at, "
            "session_token) VALUES (1, 'o@x.example', 'O', 'x', 'officer', :yes, :now, 't')"
        ),
        {"yes": True, "now": NOON},
    )
    _consultation(connection, 10, "draft_act", "open", None)
    _hearing_cycle(connection, 20, "open")
    connection.execute(text("INSERT INTO directorates (id, code, name) VALUES (1, 'ARS', '{}')"))
    connection.execute(
        text(
            "INSERT INTO budget_lines (id, cycle_id, directorate_id, programme, category, "
            "current_cents, proposed_cents, position) VALUES (1, 20, 1, 'Arsimi', 'capital', "
            "100, 200, 0)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO meetings (id, consultation_id, held_on, place, audience, agenda, "
            "attendance_women, attendance_men, attendance_other, minutes, created_at) VALUES (30, "
            "20, :day, 'Istog', 'general', '{}', 3, 4, 0, '{}', :now)"
        ),
        {"day": PUBLISHED, "now": NOON},
    )
    connection.execute(
        text(
            "INSERT INTO comments (consultation_id, article_id, author_kind, author_name, "
            "author_email, show_name, language, text, created_at, confirmed_at, hidden, "
            "hidden_reason) VALUES (10, NULL, 'citizen', 'Dea', 'd@x.example', :yes, 'sq', "
            "'Neni 2', :now, :now, :no, '')"
        ),
        {"yes": True, "no": False, "now": NOON},
    )
    connection.execute(
        text(
            "INSERT INTO answers (comment_id, outcome, reason, answered_by_id, answered_at) "
            "VALUES (1, 'rejected', '{\"sq\": \"Jo\"}', 1, :now)"
        ),
        {"now": NOON},
    )
    for number, values in enumerate(OLD_BUDGET_COMMENTS, start=1):
        (
            line,
            kind,
            meeting,
            name,
            email,
            language,
            body,
            recorder,
            outcome,
            reason,
            answerer,
            hidden,
            why,
            gender,
            confirmed,
        ) = values
        connection.execute(
            text(
                f"INSERT INTO hearing_comments ({HEARING_COMMENT_COLUMNS}) VALUES (:id, 20, "  # noqa: S608
                ":line, :kind, :meeting, :name, :email, :language, :text, :recorder, :now, "
                ":outcome, :reason, :answered, :answerer, :hidden, :why, :gender, :confirmed)"
            ),
            {
                "id": number,
                "line": line,
                "kind": kind,
                "meeting": meeting,
                "name": name,
                "email": email,
                "language": language,
                "text": body,
                "recorder": recorder,
                "now": NOON,
                "outcome": outcome,
                "reason": reason,
                "answered": NOON + dt.timedelta(days=1) if outcome else None,
                "answerer": answerer,
                "hidden": hidden,
                "why": why,
                "gender": gender,
                "confirmed": NOON if confirmed else None,
            },
        )
    for number, target in enumerate(("hearing_comment:1", "hearing_comment:3", "comment:1")):
        connection.execute(
            text(
                "INSERT INTO audit_log (id, at, actor_id, action, target, details, reason) "
                "VALUES (:id, :now, 1, 'x', :target, '{}', '')"
            ),
            {"id": number + 1, "now": NOON, "target": target},
        )


def check_0017_data(url: str) -> None:
    """The 0017 test on the empty database at `url`."""

    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    comments = (
        "SELECT id, consultation_id, article_id, cycle_id, line_id, author_kind, meeting_id, "
        "author_name, author_email, show_name, user_id, language, text, gender, created_at, "
        "confirmed_at, hidden, hidden_reason FROM comments ORDER BY id"
    )
    answers = "SELECT comment_id, outcome, reason, answered_by_id, answered_at FROM answers"
    hearing = f"SELECT {HEARING_COMMENT_COLUMNS} FROM hearing_comments ORDER BY id"  # noqa: S608
    audit = "SELECT target FROM audit_log ORDER BY id"
    app = create_app(OldDatabase)
    with app.app_context():
        upgrade(revision="0016")
        with db.engine.begin() as connection:
            _old_comment_data(connection)
        with db.engine.connect() as connection:
            old = {
                "hearing": _rows(connection, hearing),
                "answers": _rows(connection, answers),
                "audit": _rows(connection, audit),
            }
        upgrade(revision="0017")
        with db.engine.connect() as connection:
            new = {
                "comments": _rows(connection, comments),
                "answers": _rows(connection, answers + " ORDER BY comment_id"),
                "audit": _rows(connection, audit),
                "tables": set(inspect(connection).get_table_names()),
            }
        downgrade(revision="0016")
        with db.engine.connect() as connection:
            back = {
                "hearing": _rows(connection, hearing),
                "answers": _rows(connection, answers),
                "audit": _rows(connection, audit),
            }
            left = _rows(connection, "SELECT id FROM comments")
        db.engine.dispose()
    noon, next_day = NOON.isoformat(" "), (NOON + dt.timedelta(days=1)).isoformat(" ")
    assert "hearing_comments" not in new["tables"]
    assert [row[:4] for row in new["comments"]] == [
        (1, 10, None, None),
        (2, 20, None, 20),
        (3, 20, None, 20),
        (4, 20, None, 20),
    ]
    assert [row[4:] for row in new["comments"][1:]] == [
        (
            1,
            "citizen",
            None,
            "Ana",
            "ana@x.example",
            False,
            None,
            "sq",
            "Më shumë për shkolla",
            "female",
            noon,
            noon,
            False,
            "",
        ),
        (
            None,
            "citizen",
            None,
            "Bojan",
            "b@x.example",
            False,
            None,
            "sr",
            "Пут",
            None,
            noon,
            None,
            False,
            "",
        ),
        (1, "meeting", 30, "", "", False, 1, "sq", "Nga salla", "male", noon, noon, True, "Fyerje"),
    ]
    assert new["answers"] == [
        (1, "rejected", {"sq": "Jo"}, 1, noon),
        (2, "accepted", {"sq": "Po", "en": "Yes"}, 1, next_day),
        (4, "rejected", {"sq": "Jo"}, 1, next_day),
    ]
    assert new["audit"] == [("comment:2",), ("comment:4",), ("comment:1",)]
    assert back == old
    assert left == [(1,)]


def test_0023_seals_the_second_factor_secrets_and_0022_opens_them(tmp_path):
    """A secret stored plain by 0021 is sealed on the upgrade (what the app reads since) and
    opened again on a downgrade."""

    class Database(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'totp.sqlite'}"

    from consult.auth.services import open_totp_secret

    app = create_app(Database)
    plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    with app.app_context():
        upgrade(revision="0022")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, role, active, "
                    "session_token, created_at, totp_secret, totp_last_step) VALUES (1, "
                    "'chair@istog.example', 'Chair', 'x', 'chair', 1, 't', :now, :secret, 0)"
                ),
                {"now": NOON, "secret": plain},
            )
        upgrade(revision="0023")
        with db.engine.connect() as connection:
            sealed = connection.execute(text("SELECT totp_secret FROM users")).scalar_one()
        assert plain not in sealed and open_totp_secret(sealed) == plain
        downgrade(revision="0022")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT totp_secret FROM users")).scalar_one() == plain
        db.engine.dispose()
