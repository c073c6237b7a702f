"""Extension objects, bound to the app in `create_app()`, and the SQLite connection settings."""

import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from consult.core.rate_limits import client_key


class Base(DeclarativeBase):
    """Declarative base with constraint names Alembic can track on every database."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
#: limits count per client address as the trusted proxies report it (consult.security)
limiter = Limiter(key_func=client_key, default_limits=[])


#: how long a SQLite connection waits for another one's write lock before "database is locked"
SQLITE_BUSY_TIMEOUT_MS = 5000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Foreign keys enforced on every SQLite connection; write-ahead log, synchronous=NORMAL and
    a busy timeout for every SQLite file database.

    SQLite leaves foreign keys unchecked unless each connection asks for them: without this a
    row could point at one that does not exist, which PostgreSQL refuses.

    The default rollback journal with synchronous=FULL syncs the disk several times per commit
    and lets no one read while a commit is written: a burst of votes then queues behind fsync
    (bench/README.md: about 50 bare commits per second on the bench machine, over 1,000 in
    WAL). In WAL mode readers never wait for the writer; synchronous=NORMAL syncs at
    checkpoints, so a power cut (not a crash of the app) can lose the last commits but never
    corrupts the file. The busy timeout lets a writer wait for another instead of failing.
    In-memory databases (the tests' `sqlite://`) have no journal to change. PostgreSQL and
    other databases are left alone.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        main = next(row for row in cursor.execute("PRAGMA database_list") if row[1] == "main")
        if main[2]:  # a file name; "" for :memory: and temporary databases
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def schema_filter(dialect_name: str):
    """Alembic's `include_object` for one database: it leaves out what a model creates only
    on another one (`Index(...).ddl_if(dialect=...)`), which autogenerate would otherwise
    report as missing there."""

    def include(obj, name, type_, reflected, compare_to) -> bool:
        # SQLAlchemy keeps the condition of .ddl_if() on the object as `_ddl_if`
        condition = getattr(obj, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect_name)

    return include
