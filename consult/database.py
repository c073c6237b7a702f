"""Time limits on PostgreSQL for the statements of web requests.

One stuck lock (an operator's open transaction in psql, a long migration, a hung worker) would
otherwise hold every request that needs the same rows until all workers wait and the site is
down. A web request's connection therefore runs with `statement_timeout` and `lock_timeout`
(`DATABASE_STATEMENT_TIMEOUT`, `DATABASE_LOCK_TIMEOUT`, in seconds; 30 and 5 by default): a
request that would wait longer fails at once with a "busy, try again" page
(`consult.errors`) and its worker is free for the next one.

Commands (`flask db upgrade`, `flask backup`, `flask purge-personal-data`, `flask surveys
reseal`, imports) run outside any request and keep the database's own defaults: they
legitimately take longer than a page, an operator watches them, and cancelling a migration
or a purge halfway helps nobody. The limits are set when a connection is checked out of the
pool inside a request and reset when one is checked out outside a request, so a connection
pays the extra round trip only when it changes sides.
"""

import contextlib
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, has_request_context
from sqlalchemy import Connection, event
from sqlalchemy.engine import Engine, Result
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.pool import Pool

T = TypeVar("T")

#: where a pooled connection remembers the limits it was given
_LIMITS = "consult_request_limits"
#: PostgreSQL's answers to a statement cancelled by these limits
TIMEOUT_SQLSTATES = frozenset({"55P03", "57014"})  # lock_not_available, query_canceled


def _request_limits() -> tuple[int, int] | None:
    """(statement, lock) timeouts in milliseconds for this context; None outside requests."""
    if not has_request_context():
        return None
    config = current_app.config
    return (
        int(config.get("DATABASE_STATEMENT_TIMEOUT", 0)) * 1000,
        int(config.get("DATABASE_LOCK_TIMEOUT", 0)) * 1000,
    )


def _is_postgresql(dbapi_connection: object) -> bool:
    return type(dbapi_connection).__module__.startswith("psycopg")


@event.listens_for(Pool, "checkout")
def _limit_web_requests(dbapi_connection, connection_record, _proxy) -> None:
    """Give a PostgreSQL connection the request limits inside a request, and the database's
    defaults outside one, when it does not already have them."""
    if not _is_postgresql(dbapi_connection):
        return
    wanted = _request_limits()
    if connection_record.info.get(_LIMITS) == wanted:
        return
    if wanted is None:
        statements = "RESET statement_timeout; RESET lock_timeout"
    else:
        statements = f"SET statement_timeout = {wanted[0]:d}; SET lock_timeout = {wanted[1]:d}"
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(statements)
        dbapi_connection.commit()  # a SET inside a transaction that is rolled back is undone
    except Exception as error:
        if getattr(dbapi_connection, "broken", False) or getattr(dbapi_connection, "closed", False):
            # dropped while it waited in the pool: the pool discards it and checks out another
            raise DisconnectionError(str(error)) from error
        raise
    connection_record.info[_LIMITS] = wanted


def is_timeout(error: BaseException) -> bool:
    """Whether a database error is a statement cancelled by these limits."""
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) in TIMEOUT_SQLSTATES


# A connection dropped while it waited in the pool (PostgreSQL restarted, a failover, an
# operator's pg_terminate_backend, a firewall closing idle connections) is found out at its
# first statement, not by a ping before every checkout: `pool_pre_ping` cost one more round
# trip per request, every request. SQLAlchemy then invalidates that connection and every other
# one pooled before it (all dropped the same way, most likely), and the statement is run once
# more on a new connection, where that is safe: before anything else ran in the transaction
# (SQLAlchemy's "optimistic" disconnect handling).


def dropped(error: BaseException) -> bool:
    """Whether a database error means the connection had been dropped (SQLAlchemy has then
    invalidated it and the pool's older connections)."""
    return isinstance(error, DBAPIError) and error.connection_invalidated


def once_more_if_dropped(work: Callable[[], T]) -> T:
    """`work()` (which opens its own connection), run a second time if the connection it
    got turned out dropped: the first statement of every request reads the municipality this
    way (`consult.core.municipalities`)."""
    try:
        return work()
    except DBAPIError as error:
        if not dropped(error):
            raise
    return work()


def _retry_first_statement(state: ORMExecuteState) -> Result | None:
    """A session's statement that opens its transaction's connection is run once more when
    that connection turns out dropped, if the session has nothing unsaved that the rollback
    would throw away. Any later statement runs as it is (None: the session carries on)."""
    session = state.session
    transaction = session.get_transaction()
    if transaction is not None and transaction.connections:
        return None
    if session.new or session.deleted or session.dirty:
        return None
    try:
        return state.invoke_statement()
    except DBAPIError as error:
        if not dropped(error):
            raise
    session.rollback()
    return state.invoke_statement()


def register_reconnect(session_class: type[Session] | object) -> None:
    """Listen on the app's session class once (several apps in one process share it), after
    every other statement hook (the municipality's scoping is then part of the statement)."""
    if not event.contains(session_class, "do_orm_execute", _retry_first_statement):
        event.listen(session_class, "do_orm_execute", _retry_first_statement)


# A transaction that only read ends with COMMIT on PostgreSQL, not ROLLBACK: the two are the
# same for it, but psycopg forgets every prepared statement of the connection at a ROLLBACK and
# tells the server so (DEALLOCATE ALL, one more round trip). Every page that only reads (most
# GETs) ended that way, so the statements every vote and submission runs, the sealing
# rewrites among them (about 1.3 ms to plan the answers' one), were planned again at almost
# every execution and the connection then paid for forgetting them. A transaction that ran
# anything but a SELECT (or failed) is rolled back as before.

#: where a pooled connection notes that its transaction ran a statement other than a SELECT
_WROTE = "consult_transaction_wrote"


@event.listens_for(Engine, "begin")
def _transaction_begins(connection: Connection) -> None:
    connection.info.pop(_WROTE, None)


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, cursor, statement: str, parameters, context, executemany) -> None:
    if not statement.startswith("SELECT"):
        connection.info[_WROTE] = True


@event.listens_for(Engine, "rollback")
def _commit_what_only_read(connection: Connection) -> None:
    """Commit first a PostgreSQL transaction that only read: the rollback that follows finds
    nothing to roll back and sends nothing."""
    if connection.closed or connection.invalidated:
        return  # found dropped: nothing to end (`info` would try to reconnect)
    pooled = connection.connection
    if pooled.info.get(_WROTE):
        return
    dbapi_connection = pooled.dbapi_connection
    if not _is_postgresql(dbapi_connection):
        return
    status = dbapi_connection.info.transaction_status
    if status == status.INTRANS:  # not idle, not failed, not in a statement
        with contextlib.suppress(Exception):  # the rollback that follows deals with it
            dbapi_connection.commit()
