"""Fast bulk data for the benchmarks: raw driver, one transaction, executemany or COPY.

The app's ORM is far too slow to write 100,000 rows in a benchmark's set-up, so this module
talks to the database with the driver alone: `sqlite3.executemany` in one transaction for
SQLite, `COPY ... FROM STDIN` (psycopg 3) for PostgreSQL.

    python bench/datagen.py --url sqlite:////tmp/b.sqlite --consultations 500
    python bench/datagen.py --url postgresql://postgres@127.0.0.1:5432/bench --check

Two things are ready now:

- `seed_consultations(db, n)`: directorates, `n` consultations spread over ten years (so the
  home page shows only the current ones, as in production) and two documents each;
- `bulk_insert(db, table, columns, n)`: `n` rows into any table, one generator per column
  (`columns = {"consultation_id": const(7), "content": json_of(lambda i: {...}), ...}`).
  The ballots and responses scenarios of bench/run.py will point it at their tables.

URLs are the app's (`sqlite:///path`, `postgresql+psycopg://...`) or plain libpq ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

#: a column generator: row number (0-based) -> value
Column = Callable[[int], Any]

KINDS = ("draft_act", "budget_hearing", "capital_poll", "survey")
BATCH = 10_000


@dataclass
class Database:
    """A raw DB-API connection and which database it is ("sqlite" or "postgresql")."""

    dialect: str
    conn: Any

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one statement (with `?` placeholders) and return its rows, if any."""
        if self.dialect == "postgresql":
            sql = sql.replace("?", "%s")
        cur = self.conn.cursor()
        cur.execute(sql, params)
        rows = cur.fetchall() if cur.description else []
        cur.close()
        return rows

    def commit(self) -> None:
        """Commit the open transaction."""
        self.conn.commit()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def libpq_url(url: str) -> str:
    """`postgresql+psycopg://...` (SQLAlchemy) -> `postgresql://...` (libpq)."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgres") else url


def sqlite_path(url: str) -> str:
    """`sqlite:////abs/path` -> `/abs/path` (and `sqlite:///rel` -> `rel`)."""
    return url.split("sqlite:///", 1)[1]


def connect(url: str) -> Database:
    """Open a raw connection for a SQLAlchemy- or libpq-style URL."""
    if url.startswith("sqlite"):
        return Database("sqlite", sqlite3.connect(sqlite_path(url)))
    import psycopg

    return Database("postgresql", psycopg.connect(libpq_url(url)))


# --- column generators -----------------------------------------------------------------------


def const(value: Any) -> Column:
    """The same value in every row."""
    return lambda _i: value


def seq(start: int = 1) -> Column:
    """start, start+1, ... (for explicit primary keys)."""
    return lambda i: start + i


def choice(values: list | tuple, weights: list[float] | None = None, seed: int = 1) -> Column:
    """A random pick from `values` (weighted, reproducible)."""
    rng = random.Random(seed)
    if weights is None:
        return lambda _i: values[rng.randrange(len(values))]
    return lambda _i: rng.choices(values, weights)[0]


def uuid_hex() -> Column:
    """A random UUID as 32 hex digits, as the app's random-id columns store it."""
    return lambda _i: uuid.uuid4().hex


def day_between(first: dt.date, last: dt.date, seed: int = 2) -> Column:
    """A random day in [first, last]."""
    rng = random.Random(seed)
    span = (last - first).days
    return lambda _i: first + dt.timedelta(days=rng.randint(0, span))


def json_of(make: Column) -> Column:
    """A JSON column: `make(i)` returns a dict or list, stored as JSON text."""
    return lambda i: json.dumps(make(i), ensure_ascii=False)


# --- bulk insert -----------------------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    """The text SQLAlchemy stores in SQLite for dates and datetimes, ints for booleans."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _rows(columns: dict[str, Column], n: int) -> Iterator[tuple]:
    makers = list(columns.values())
    for i in range(n):
        yield tuple(make(i) for make in makers)


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk_insert(db: Database, table: str, columns: dict[str, Column], n: int) -> float:
    """Insert `n` rows into `table` in one transaction; returns the seconds it took.

    `columns` maps each column name to a generator called with the row number. Table and
    column names come from the bench's own code, never from input.
    """
    names = ", ".join(columns)
    started = time.perf_counter()
    if db.dialect == "postgresql":
        with db.conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in _rows(columns, n):
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        cur = db.conn.cursor()
        for batch in _batches(_rows(columns, n), BATCH):
            cur.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in batch])
        cur.close()
    db.commit()
    return time.perf_counter() - started


def reset_sequence(db: Database, table: str, column: str = "id") -> None:
    """After inserting explicit ids on PostgreSQL, move the serial past them."""
    if db.dialect == "postgresql":
        db.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"(SELECT COALESCE(MAX({column}), 1) FROM {table}))"
        )
        db.commit()


# --- the data that exists now: directorates, consultations, documents ------------------------

DIRECTORATES = (
    ("ADM", "Administrata", "Uprava"),
    ("FIN", "Financat", "Finansije"),
    ("EDU", "Arsimi", "Obrazovanje"),
    ("HEA", "Shëndetësia", "Zdravstvo"),
    ("URB", "Urbanizmi", "Urbanizam"),
    ("AGR", "Bujqësia", "Poljoprivreda"),
    ("CUL", "Kultura", "Kultura"),
    ("PUB", "Shërbimet publike", "Javne usluge"),
    ("SOC", "Mirëqenia sociale", "Socijalna zaštita"),
    ("ECO", "Zhvillimi ekonomik", "Ekonomski razvoj"),
    ("INS", "Inspekcioni", "Inspekcija"),
    ("CAD", "Kadastri", "Katastar"),
    ("EMR", "Emergjencat", "Hitne službe"),
)

_PARAGRAPH = (
    "Komuna fton qytetarët, organizatat e shoqërisë civile dhe bizneset të japin komente "
    "për projektaktin. Komentet pranohen me shkrim ose në takimet publike. "
)


def _translated(text_sq: str, text_sr: str) -> str:
    return json.dumps(
        {"sq": text_sq, "sr_Latn": text_sr, "bs": text_sr, "en": text_sr}, ensure_ascii=False
    )


def seed_consultations(db: Database, n: int, today: dt.date | None = None, seed: int = 7) -> dict:
    """13 directorates, `n` published consultations over ten years, two documents each.

    About one in twenty is current (open, upcoming or recently closed on `today`), the rest
    are older, as the archive of a municipality that consults 40-50 times a year would be.
    Returns {"consultations": ids, "seconds": time}.
    """
    today = today or dt.date.today()
    rng = random.Random(seed)
    started = time.perf_counter()
    d_ids = list(range(1, len(DIRECTORATES) + 1))
    bulk_insert(
        db,
        "directorates",
        {
            "id": seq(1),
            "code": lambda i: DIRECTORATES[i][0],
            "name": lambda i: _translated(DIRECTORATES[i][1], DIRECTORATES[i][2]),
        },
        len(DIRECTORATES),
    )
    starts = []
    for i in range(n):
        if i % 20 == 0:  # current: opened within the last 30 days or opening within 20
            opens = today + dt.timedelta(days=rng.randint(-30, 20))
        else:
            opens = today - dt.timedelta(days=rng.randint(60, 3650))
        starts.append(opens)
    now = dt.datetime(today.year, today.month, today.day, 8, 0)
    body = _translated(_PARAGRAPH * 8, "Opština poziva građane da daju komentare. " * 20)

    def closes(i: int) -> dt.date:
        return starts[i] + dt.timedelta(days=rng.randint(15, 30))

    closes_at = [closes(i) for i in range(n)]
    bulk_insert(
        db,
        "consultations",
        {
            "id": seq(1),
            "kind": lambda i: KINDS[i % len(KINDS)],
            "title": lambda i: _translated(
                f"Konsultimi publik nr. {i + 1}", f"Javna rasprava {i + 1}"
            ),
            "summary": const(_translated(_PARAGRAPH, "Opština poziva građane.")),
            "body": const(body),
            "directorate_id": lambda i: d_ids[i % len(d_ids)],
            "contact_name": const("Arta Berisha"),
            "contact_email": const("info@istog.example"),
            "contact_phone": const("+383 39 000 000"),
            "status": lambda i: "open" if closes_at[i] >= today else "closed",
            "planned_year": lambda i: starts[i].year,
            "notice_at": lambda i: starts[i] - dt.timedelta(days=7),
            "opens_at": lambda i: starts[i],
            "closes_at": lambda i: closes_at[i],
            "report_due_at": lambda i: closes_at[i] + dt.timedelta(days=15),
            "report_published_at": const(None),
            "created_by_id": const(None),
            "created_at": const(now),
            "updated_at": const(now),
        },
        n,
    )
    bulk_insert(
        db,
        "documents",
        {
            "id": seq(1),
            "consultation_id": lambda i: i // 2 + 1,
            "title": lambda i: _translated(
                "Projektakti" if i % 2 == 0 else "Arsyetimi",
                "Nacrt" if i % 2 == 0 else "Obrazloženje",
            ),
            "role": lambda i: "draft" if i % 2 == 0 else "explanatory_note",
            "stored_name": uuid_hex(),
            "original_name": lambda i: f"dokument-{i + 1}.pdf",
            "file_type": const("pdf"),
            "size_bytes": lambda i: 20_000 + i,
            "uploaded_at": const(now),
        },
        2 * n,
    )
    for table in ("directorates", "consultations", "documents"):
        reset_sequence(db, table)
    return {"consultations": list(range(1, n + 1)), "seconds": time.perf_counter() - started}


# --- self-check: 100,000 rows into a scratch table, and the raw GROUP BY over them ------------


def check_bulk(db: Database, n: int = 100_000) -> dict:
    """Write `n` rows into a scratch table `bench_scratch`, time the raw GROUP BY, drop it.

    Shows the generator's speed at the size of the results scenarios; the figures are about
    the generator and the database, not about any app page.
    """
    db.execute("DROP TABLE IF EXISTS bench_scratch")
    db.execute(
        "CREATE TABLE bench_scratch (uid VARCHAR(32) NOT NULL, consultation_id INTEGER NOT NULL,"
        " day DATE NOT NULL, choice INTEGER NOT NULL, content TEXT NOT NULL)"
    )
    db.commit()
    seconds = bulk_insert(
        db,
        "bench_scratch",
        {
            "uid": uuid_hex(),
            "consultation_id": const(1),
            "day": day_between(dt.date(2026, 5, 1), dt.date(2026, 5, 15)),
            "choice": choice(list(range(1, 13))),
            "content": json_of(lambda i: {"projects": [i % 12 + 1, (i * 7) % 12 + 1]}),
        },
        n,
    )
    started = time.perf_counter()
    groups = db.execute(
        "SELECT choice, COUNT(*) FROM bench_scratch WHERE consultation_id = ? GROUP BY choice",
        (1,),
    )
    group_by = time.perf_counter() - started
    total = sum(count for _c, count in groups)
    db.execute("DROP TABLE bench_scratch")
    db.commit()
    return {
        "rows": n,
        "insert_s": seconds,
        "rows_per_s": n / seconds,
        "group_by_s": group_by,
        "counted": total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="database URL (migrated already)")
    parser.add_argument("--consultations", type=int, default=0, help="seed N consultations")
    parser.add_argument("--check", action="store_true", help="time 100k rows + GROUP BY")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    db = connect(args.url)
    try:
        if args.consultations:
            result = seed_consultations(db, args.consultations)
            print(f"seeded {args.consultations} consultations in {result['seconds']:.2f} s")
        if args.check:
            r = check_bulk(db, args.rows)
            print(
                f"{r['rows']} rows in {r['insert_s']:.2f} s ({r['rows_per_s']:,.0f} rows/s); "
                f"GROUP BY {r['group_by_s'] * 1000:.1f} ms over {r['counted']} rows"
            )
    finally:
        db.close()


if __name__ == "__main__":
    main()
