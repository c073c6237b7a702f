"""No ping before every request (#23): a pooled connection that was dropped is found at its
first statement, and that statement runs once more on a new connection; a request never
answers 500 for it, and is still served as its own municipality."""

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from consult.core.models import Directorate
from consult.core.municipalities import Municipality
from consult.extensions import db

SECOND_HOST = "prizren.example"
SECOND_NAME = "Komuna e Prizrenit"


@pytest.fixture
def second_municipality(app):
    with app.app_context():
        db.session.add(Municipality(slug="prizren", host=SECOND_HOST, name={"en": SECOND_NAME}))
        db.session.commit()


def _home(client):
    return client.get("/?lang=en", base_url=f"http://{SECOND_HOST}")


def _terminate_the_apps_connections(app) -> int:
    """pg_terminate_backend on every connection waiting in the app's pool, as a restart or a
    failover would drop them (the connections of other apps of the test run are left alone);
    how many there were."""
    with app.app_context():
        pool = db.engine.pool
    # a record whose connection was already closed (invalidated by an earlier test) holds none
    pids = [
        record.dbapi_connection.info.backend_pid
        for record in list(pool._pool.queue)
        if record.dbapi_connection is not None
    ]
    outsider = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    with outsider.connect() as connection:
        for pid in pids:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    outsider.dispose()
    return len(pids)


@pytest.fixture
def postgresql(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("pg_terminate_backend is PostgreSQL's")


@pytest.fixture
def drop_next_connection(app):
    """The next statement finds its connection closed underneath it, as a dropped one is
    found (SQLite: "Cannot operate on a closed database", a disconnect to SQLAlchemy)."""
    with app.app_context():
        engine = db.engine
    armed = []

    def close_it(connection, _cursor, _statement, _parameters, _context, _executemany):
        if armed:
            armed.clear()
            connection.connection.dbapi_connection.close()

    event.listen(engine, "before_cursor_execute", close_it)
    yield lambda: armed.append(True)
    event.remove(engine, "before_cursor_execute", close_it)


def test_the_engine_does_not_ping_before_each_checkout(app):
    with app.app_context():
        assert not db.engine.pool._pre_ping


def test_a_request_after_its_pooled_connections_were_terminated_answers(
    app, postgresql, second_municipality
):
    client = app.test_client()
    assert _home(client).status_code == 200
    assert _terminate_the_apps_connections(app) >= 1

    again = _home(client)
    assert again.status_code == 200
    assert SECOND_NAME in again.get_data(as_text=True)  # not the configured municipality's
    assert _home(client).status_code == 200


def test_a_request_whose_first_statement_finds_its_connection_dropped_answers(
    app, second_municipality, drop_next_connection
):
    client = app.test_client()
    assert _home(client).status_code == 200
    drop_next_connection()
    again = _home(client)
    assert again.status_code == 200
    assert SECOND_NAME in again.get_data(as_text=True)


def test_a_sessions_first_statement_runs_again_on_a_new_connection(app, drop_next_connection):
    with app.app_context():
        db.session.add(Directorate(code="EDU", name={"en": "Education"}))
        db.session.commit()
        drop_next_connection()
        assert db.session.scalars(select(Directorate.code)).all() == ["EDU"]
        db.session.remove()


def test_a_terminated_sessions_connection_is_replaced_at_the_next_transaction(app, postgresql):
    with app.app_context():
        db.session.add(Directorate(code="EDU", name={"en": "Education"}))
        db.session.commit()
        assert _terminate_the_apps_connections(app) >= 1
        assert db.session.scalars(select(Directorate.code)).all() == ["EDU"]
        db.session.remove()


def test_a_statement_after_the_first_is_not_run_again(app, drop_next_connection):
    with app.app_context():
        db.session.scalar(select(Directorate.id))  # the transaction has its connection
        drop_next_connection()
        with pytest.raises(DBAPIError):
            db.session.scalar(select(Directorate.code))
        db.session.remove()


def test_unsaved_changes_are_never_thrown_away_by_a_retry(app, drop_next_connection):
    with app.app_context():
        db.session.add(Directorate(code="EDU", name={"en": "Education"}))
        drop_next_connection()
        with pytest.raises(DBAPIError):  # its autoflush would be lost with a rollback
            db.session.scalars(select(Directorate.code)).all()
        db.session.remove()
