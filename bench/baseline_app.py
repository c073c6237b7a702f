"""The bare limit: the least a Python web request can cost on this machine.

A minimal Flask app with no extensions, templates or ORM. GET / returns a tiny page; POST /
inserts one row with the standard-library driver (sqlite3) or psycopg for PostgreSQL and
commits, as the app commits once per request. bench/run.py serves it under gunicorn exactly
as it serves the app, and divides the app's figures by these.

    DATABASE_URL=sqlite:////tmp/b.sqlite gunicorn -w 2 -b 127.0.0.1:8001 \
        --chdir bench baseline_app:app

GET /count returns the number of rows, for the lost/duplicate check after a run.
"""

import os
import sqlite3
import threading

from flask import Flask, request

app = Flask(__name__)

URL = os.environ.get("DATABASE_URL", "sqlite:////tmp/consult-baseline.sqlite")
_local = threading.local()

PAGE = "<!doctype html><html lang=en><title>ok</title><p>ok</p></html>"


#: SQLite settings, e.g. "journal_mode=WAL;synchronous=NORMAL;busy_timeout=5000": run.py
#: passes the app's own (consult/extensions.py) so both write the same way; empty = defaults
PRAGMAS = [p for p in os.environ.get("BASELINE_SQLITE_PRAGMAS", "").split(";") if p]


def _connect():
    if URL.startswith("sqlite"):
        conn = sqlite3.connect(URL.split("sqlite:///", 1)[1], timeout=30)
        for pragma in PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
        return conn, "?"
    import psycopg

    return psycopg.connect("postgresql://" + URL.split("://", 1)[1]), "%s"


def _db():
    """One connection per worker thread, opened after gunicorn forks."""
    if not hasattr(_local, "conn"):
        _local.conn, _local.mark = _connect()
    return _local.conn, _local.mark


def create_table() -> None:
    """The one table the baseline writes to (run.py calls this before starting gunicorn)."""
    conn, _ = _connect()
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS bench_rows")
    cur.execute(
        "CREATE TABLE bench_rows (id INTEGER PRIMARY KEY"
        + (" GENERATED ALWAYS AS IDENTITY" if not URL.startswith("sqlite") else "")
        + ", body VARCHAR(200) NOT NULL)"
    )
    conn.commit()
    conn.close()


@app.get("/")
def page():
    """A tiny HTML page."""
    return PAGE


@app.post("/")
def insert():
    """Insert one row from the form field `body` and commit."""
    conn, mark = _db()
    cur = conn.cursor()
    cur.execute(f"INSERT INTO bench_rows (body) VALUES ({mark})", (request.form.get("body", ""),))
    conn.commit()
    cur.close()
    return PAGE, 201


@app.get("/count")
def count():
    """How many rows the POSTs inserted."""
    conn, _ = _db()
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM bench_rows")
    (n,) = cur.fetchone()
    conn.commit()
    cur.close()
    return str(n)


if __name__ == "__main__":
    create_table()
