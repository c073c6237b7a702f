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

from flask import current_app, has_request_context
from sqlalchemy import event
from sqlalchemy.pool import Pool

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
    with dbapi_connection.cursor() as cursor:
        cursor.execute(statements)
    dbapi_connection.commit()  # a SET inside a transaction that is rolled back is undone
    connection_record.info[_LIMITS] = wanted


def is_timeout(error: BaseException) -> bool:
    """Whether a database error is a statement cancelled by these limits."""
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) in TIMEOUT_SQLSTATES
