"""A transaction that only read ends with COMMIT on PostgreSQL (consult/database.py): the
prepared statements of the connection survive it, where a ROLLBACK made psycopg forget them
all (and send DEALLOCATE ALL). A transaction that wrote, or failed, is still rolled back."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from consult.core.municipalities import Municipality
from consult.extensions import db

#: psycopg prepares a statement at its fifth execution on a connection (prepare_threshold)
PREPARED_AT = 5


@pytest.fixture
def postgresql(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements and ROLLBACK's cost are psycopg's (PostgreSQL)")


def _prepared(connection) -> bool:
    """Whether the probe's statement is prepared on this connection (psycopg keeps at most
    100 per connection, so their number says little on a connection many tests used)."""
    found = connection.exec_driver_sql(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%AS read_only_probe%%'"
    )
    return found.scalar() > 0


def test_a_statement_read_in_transactions_that_end_is_prepared_once(app, postgresql):
    table = Municipality.__table__
    query = select(table.c.id.label("read_only_probe")).where(table.c.slug == "x")
    with app.app_context(), db.engine.connect() as connection:
        for _ in range(PREPARED_AT + 1):
            connection.execute(query).all()
            connection.rollback()  # as a page that only read ends
        assert _prepared(connection)


def test_a_transaction_that_wrote_is_rolled_back(app, postgresql):
    with app.app_context(), db.engine.connect() as connection:
        connection.execute(text("CREATE TABLE rollback_probe (x integer)"))
        connection.execute(text("INSERT INTO rollback_probe VALUES (1)"))
        connection.rollback()
        assert connection.execute(text("SELECT to_regclass('rollback_probe')")).scalar() is None


def test_a_select_that_failed_is_rolled_back_and_the_connection_goes_on(app, postgresql):
    with app.app_context(), db.engine.connect() as connection:
        with pytest.raises(DBAPIError):
            connection.execute(text("SELECT 1 / 0"))
        connection.rollback()
        assert connection.execute(text("SELECT 2")).scalar() == 2


def test_a_rolled_back_session_write_is_not_kept(app, postgresql):
    with app.app_context():
        db.session.add(Municipality(slug="probe", host="probe.example", name={"en": "Probe"}))
        db.session.flush()
        db.session.rollback()
        assert db.session.scalar(select(Municipality).where(Municipality.slug == "probe")) is None
