"""Fast bulk data for the benchmarks: raw driver, one transaction, executemany or COPY.

The app's ORM is far too slow to write 100,000 rows in a benchmark's set-up, so this module
talks to the database with the driver alone: `sqlite3.executemany` in one transaction for
SQLite, `COPY ... FROM STDIN` (psycopg 3) for PostgreSQL.

    python bench/datagen.py --url sqlite:////tmp/b.sqlite --consultations 500
    python bench/datagen.py --url postgresql://postgres@127.0.0.1:5432/consult_bench --check

What it makes:

- `seed_consultations(db, n)`: directorates, `n` consultations spread over ten years (so the
  home page shows only the current ones, as in production) and two documents each;
- `seed_poll(db, ...)`: a capital-projects poll (its consultation, projects), open or closed;
  `seed_voter_list(db, poll, n, key)`: `n` voters whose personal numbers the bench knows
  (`personal_number(i)`, `birth_year(i)`), stored as the app stores them (HMAC with the
  POLL_IDENTITY_KEY); `seed_ballots(db, poll, n)`: `n` secret ballots (random ids, random
  projects and breakdown facts);
- `seed_survey(db, ...)`: a survey of one section and three questions (single choice,
  agreement scale, rating), staff or citizen, open or reported; `seed_staff_tokens(db,
  survey, n, key)`: `n` unused access codes (`access_code(i)`), stored as HMACs with the
  SURVEY_TOKEN_KEY (`first=`, `used=True`: codes already redeemed); `seed_responses(db,
  survey, n)`: `n` responses, three answers each;
- `bulk_insert(db, table, columns, n)`: `n` rows into any table, one generator per column
  (`columns = {"consultation_id": const(7), "content": json_of(lambda i: {...}), ...}`).

URLs are the app's (`sqlite:///path`, `postgresql+psycopg://...`) or plain libpq ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import json
import os
import random
import secrets
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: a column generator: row number (0-based) -> value
Column = Callable[[int], Any]

KINDS = ("draft_act", "budget_hearing", "capital_poll", "survey")
BATCH = 10_000

#: the PostgreSQL server and the database the bench drops and re-creates; two people
#: benchmarking on one machine give two names (BENCH_DATABASE). Never `test`, the suite's.
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_DATABASE", "consult_bench")


def fresh_postgres_database() -> str:
    """Drop and re-create the bench's PostgreSQL database; its SQLAlchemy URL."""
    if PG_DATABASE == "test":
        raise SystemExit("BENCH_DATABASE must not be `test`: that database is the test suite's.")
    server = urlsplit(PG_SERVER)
    admin = ["-h", server.hostname or "127.0.0.1", "-p", str(server.port or 5432)]
    admin += ["-U", server.username or "postgres"]
    subprocess.run(["dropdb", *admin, "--if-exists", PG_DATABASE], check=True)
    subprocess.run(["createdb", *admin, PG_DATABASE], check=True)
    return f"{PG_SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{PG_DATABASE}"


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


#: the municipality every bench row belongs to: the one migration 0035 creates
FIRST_MUNICIPALITY = 1


def has_column(db: Database, table: str, column: str) -> bool:
    """Whether `table` has `column` (the schema of the tree being measured decides)."""
    if db.dialect == "postgresql":
        found = db.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? AND column_name = ?",
            (table, column),
        )
        return bool(found)
    return any(row[1] == column for row in db.execute(f"PRAGMA table_info({table})"))


def bulk_insert(db: Database, table: str, columns: dict[str, Column], n: int) -> float:
    """Insert `n` rows into `table` in one transaction; returns the seconds it took.

    `columns` maps each column name to a generator called with the row number. Table and
    column names come from the bench's own code, never from input. A table of the app's
    municipalities gets `municipality_id` 1, the first municipality (migration 0035), unless
    `columns` names it.
    """
    if "municipality_id" not in columns and has_column(db, table, "municipality_id"):
        columns = {**columns, "municipality_id": const(FIRST_MUNICIPALITY)}
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


def seed_consultations(
    db: Database,
    n: int,
    today: dt.date | None = None,
    seed: int = 7,
    municipality: int = FIRST_MUNICIPALITY,
) -> dict:
    """13 directorates, `n` published consultations over ten years, two documents each, all
    of `municipality` (ids follow those already in the tables).

    About one in twenty is current (open, upcoming or recently closed on `today`), the rest
    are older, as the archive of a municipality that consults 40-50 times a year would be.
    Returns {"consultations": ids, "seconds": time}.
    """
    today = today or dt.date.today()
    rng = random.Random(seed)
    started = time.perf_counter()
    first_directorate = _next_id(db, "directorates")
    first_consultation = _next_id(db, "consultations")
    first_document = _next_id(db, "documents")
    owned = (
        {"municipality_id": const(municipality)}
        if has_column(db, "consultations", "municipality_id")
        else {}  # a tree from before municipalities
    )
    d_ids = list(range(first_directorate, first_directorate + len(DIRECTORATES)))
    bulk_insert(
        db,
        "directorates",
        {
            "id": seq(first_directorate),
            "code": lambda i: DIRECTORATES[i][0],
            "name": lambda i: _translated(DIRECTORATES[i][1], DIRECTORATES[i][2]),
            **owned,
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
            "id": seq(first_consultation),
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
            # a token as the app writes one (0042): the column's default "0" is never cached
            **(
                {"page_revision": lambda _i: secrets.token_hex(8)}
                if has_column(db, "consultations", "page_revision")
                else {}
            ),
            **owned,
        },
        n,
    )
    bulk_insert(
        db,
        "documents",
        {
            "id": seq(first_document),
            "consultation_id": lambda i: first_consultation + i // 2,
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
            **owned,
        },
        2 * n,
    )
    for table in ("directorates", "consultations", "documents"):
        reset_sequence(db, table)
    _renew_home_pages(db, municipality)
    ids = list(range(first_consultation, first_consultation + n))
    return {"consultations": ids, "seconds": time.perf_counter() - started}


def _renew_home_pages(db: Database, municipality: int) -> None:
    """The consultations and directorates went in behind the app's revision hooks: renew the
    municipality's pages revision (0043) as the app would, so no worker keeps a home page from
    before them."""
    if has_column(db, "municipalities", "pages_revision"):
        db.execute(
            "UPDATE municipalities SET pages_revision = ? WHERE id = ?",
            (secrets.token_hex(8), municipality),
        )
        db.commit()


def seed_municipality(db: Database, number: int, n: int, today: dt.date | None = None) -> dict:
    """Municipality `number` (slug m<number>, host m<number>.bench.example) with its own 13
    directorates and `n` consultations, as `seed_consultations` makes them for the first.
    Returns {"consultations": ids, "seconds": time}."""
    started = time.perf_counter()
    bulk_insert(
        db,
        "municipalities",
        {
            "id": const(number),
            "slug": const(f"m{number:02d}"),
            "host": const(f"m{number:02d}.bench.example"),
            "name": const(json.dumps({"sq": f"Komuna {number}", "en": f"Municipality {number}"})),
            "created_at": const(dt.datetime.combine(today or dt.date.today(), dt.time(8, 0))),
        },
        1,
    )
    reset_sequence(db, "municipalities")
    seeded = seed_consultations(db, n, today, seed=7 + number, municipality=number)
    return {**seeded, "seconds": time.perf_counter() - started}


# --- polls and surveys -----------------------------------------------------------------------

#: the poll's projects: (code, cost); a ballot approves two or three of them
POLL_PROJECTS = (
    ("P01", 120_000),
    ("P02", 80_000),
    ("P03", 250_000),
    ("P04", 60_000),
    ("P05", 150_000),
    ("P06", 95_000),
    ("P07", 210_000),
    ("P08", 40_000),
)
POLL_BUDGET = 500_000
AGE_BANDS = ("under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
#: the three questions of a bench survey: (key, type); options a-e for the single choice
SURVEY_QUESTIONS = (("service", "single_choice"), ("agree", "likert"), ("rating", "rating"))
SURVEY_OPTIONS = ("a", "b", "c", "d", "e")


def _next_id(db: Database, table: str) -> int:
    return (db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0] or 0) + 1


def add_consultation(
    db: Database, kind: str, status: str, opens: dt.date, closes: dt.date, title: str
) -> int:
    """One published consultation of `kind` (capital_poll, survey...); returns its id."""
    cid = _next_id(db, "consultations")
    now = dt.datetime.combine(opens, dt.time(8, 0))
    bulk_insert(
        db,
        "consultations",
        {
            "id": const(cid),
            "kind": const(kind),
            "title": const(_translated(title, title)),
            "summary": const(_translated(_PARAGRAPH, "Opština poziva građane.")),
            "body": const(_translated(_PARAGRAPH * 3, "Opština poziva građane. " * 5)),
            "directorate_id": const(1),
            "contact_name": const("Arta Berisha"),
            "contact_email": const("info@istog.example"),
            "contact_phone": const("+383 39 000 000"),
            "status": const(status),
            "planned_year": const(opens.year),
            "notice_at": const(opens - dt.timedelta(days=7)),
            "opens_at": const(opens),
            "closes_at": const(closes),
            "report_due_at": const(closes + dt.timedelta(days=15)),
            "report_published_at": const(
                closes + dt.timedelta(days=10) if status == "reported" else None
            ),
            "created_by_id": const(None),
            "created_at": const(now),
            "updated_at": const(now),
        },
        1,
    )
    reset_sequence(db, "consultations")
    return cid


def seed_poll(db: Database, status: str = "open", today: dt.date | None = None) -> dict:
    """An approval poll over POLL_PROJECTS, verified by the voter list alone.

    status "open": voting today; "closed": voting ended (its results page is public).
    Returns {"consultation_id", "poll_id", "project_ids"}.
    """
    today = today or dt.date.today()
    if status == "open":
        opens, closes = today - dt.timedelta(days=3), today + dt.timedelta(days=27)
    else:
        opens, closes = today - dt.timedelta(days=60), today - dt.timedelta(days=30)
    cid = add_consultation(db, "capital_poll", status, opens, closes, f"Bench poll ({status})")
    poll_id = _next_id(db, "polls")
    bulk_insert(
        db,
        "polls",
        {
            "id": const(poll_id),
            "consultation_id": const(cid),
            "budget": const(POLL_BUDGET),
            "currency": const("EUR"),
            "ballot_type": const("approval"),
            "min_projects": const(1),
            "max_projects": const(3),
            "points": const(None),
            "top_k": const(None),
            "rule": const("greedy"),
            "threshold": const(0),
            "minimum_age": const(16),
            "verify_voter_list": const(True),
            "verify_email": const(False),
            "verify_sms": const(False),
            "pb_meta": const("{}"),
            "created_at": const(dt.datetime.combine(opens, dt.time(8, 0))),
            # a token as the app writes one (0040): the column's default "0" is never cached
            **(
                {"revision": const(secrets.token_hex(8))}
                if has_column(db, "polls", "revision")
                else {}
            ),
        },
        1,
    )
    first = _next_id(db, "poll_projects")
    bulk_insert(
        db,
        "poll_projects",
        {
            "id": seq(first),
            "poll_id": const(poll_id),
            "code": lambda i: POLL_PROJECTS[i][0],
            "title": lambda i: _translated(f"Projekti {i + 1}", f"Projekat {i + 1}"),
            "description": const(_translated("Rruga dhe ndriçimi.", "Put i rasvjeta.")),
            "cost": lambda i: POLL_PROJECTS[i][1],
            "local_community_id": const(None),
            "directorate_id": const(None),
            "photo": const(None),
        },
        len(POLL_PROJECTS),
    )
    for table in ("polls", "poll_projects"):
        reset_sequence(db, table)
    return {
        "consultation_id": cid,
        "poll_id": poll_id,
        "project_ids": list(range(first, first + len(POLL_PROJECTS))),
    }


def personal_number(i: int) -> str:
    """The personal number of bench voter `i` (ten digits, as on a Kosovo ID card)."""
    return str(1_100_000_000 + i)


def birth_year(i: int) -> int:
    """The birth year of bench voter `i` (every one old enough to vote)."""
    return 1950 + i % 50


def voter_hash(key: bytes, number: str) -> str:
    """The app's keyed hash of a personal number (consult.polls.services.identity_hash)."""
    return hmac.new(key, f"pn:{number}".encode(), hashlib.sha256).hexdigest()


def seed_voter_list(db: Database, poll_id: int, n: int, key: bytes) -> float:
    """`n` voters on the poll's list: personal_number(i) born in birth_year(i)."""
    first = _next_id(db, "poll_voter_list")
    seconds = bulk_insert(
        db,
        "poll_voter_list",
        {
            "id": seq(first),
            "poll_id": const(poll_id),
            "identity_hash": lambda i: voter_hash(key, personal_number(i)),
            "birth_year": birth_year,
            "gender": lambda i: ("female", "male")[i % 2],
            "local_community_id": const(None),
        },
        n,
    )
    reset_sequence(db, "poll_voter_list")
    return seconds


def ballot_choices(project_ids: list[int], i: int) -> list[int]:
    """Two or three distinct projects, sorted (as the app stores an approval ballot)."""
    rng = random.Random(i)
    return sorted(rng.sample(project_ids, 2 + i % 2))


def staff_answers(survey: dict, i: int) -> dict[str, str]:
    """Staff member i's answers to a seed_survey() questionnaire, as the form posts them."""
    q = survey["questions"]
    return {
        f"q{q['service']}": survey["options"][i % len(survey["options"])],
        f"q{q['agree']}": str(i % 5 + 1),
        f"q{q['rating']}": str(i % 11),
    }


def seed_ballots(db: Database, poll_id: int, project_ids: list[int], n: int, day: dt.date) -> float:
    """`n` online ballots with random choices and breakdown facts (no participations: the
    results page reads ballots only)."""
    rng = random.Random(11)
    return bulk_insert(
        db,
        "poll_ballots",
        {
            "id": lambda _i: str(uuid.uuid4()),
            "poll_id": const(poll_id),
            "day": const(day),
            "channel": const("online"),
            "choices": json_of(lambda i: ballot_choices(project_ids, i)),
            "receipt_hash": const(None),
            "age_band": lambda _i: rng.choice(AGE_BANDS[1:]),
            "gender": lambda _i: rng.choice(("female", "male", None)),
            "local_community_id": const(None),
        },
        n,
    )


def seed_survey(
    db: Database, audience: str = "staff", status: str = "open", today: dt.date | None = None
) -> dict:
    """A survey with one section of three required questions (SURVEY_QUESTIONS).

    status "open": answering today; "reported": closed with its report out (public results).
    Returns {"consultation_id", "survey_id", "questions": {key: id}, "options": values}.
    """
    today = today or dt.date.today()
    if status == "open":
        opens, closes = today - dt.timedelta(days=3), today + dt.timedelta(days=27)
    else:
        opens, closes = today - dt.timedelta(days=90), today - dt.timedelta(days=60)
    cid = add_consultation(db, "survey", status, opens, closes, f"Bench survey ({status})")
    survey_id = _next_id(db, "surveys")
    bulk_insert(
        db,
        "surveys",
        {
            "id": const(survey_id),
            "consultation_id": const(cid),
            "audience": const(audience),
            "year": const(opens.year),
            "one_response_per_browser": const(False),
            "ask_gender": const(False),
            "ask_age_band": const(False),
            "ask_local_community": const(False),
            "copied_from_id": const(None),
            # a token as the app writes one (0044): the column's default "0" is never cached
            **(
                {"revision": const(secrets.token_hex(8))}
                if has_column(db, "surveys", "revision")
                else {}
            ),
        },
        1,
    )
    section_id = _next_id(db, "survey_sections")
    bulk_insert(
        db,
        "survey_sections",
        {
            "id": const(section_id),
            "survey_id": const(survey_id),
            "position": const(1),
            "title": const(_translated("Shërbimet", "Usluge")),
        },
        1,
    )
    first_q = _next_id(db, "survey_questions")
    bulk_insert(
        db,
        "survey_questions",
        {
            "id": seq(first_q),
            "survey_id": const(survey_id),
            "section_id": const(section_id),
            "position": lambda i: i + 1,
            "key": lambda i: SURVEY_QUESTIONS[i][0],
            "type": lambda i: SURVEY_QUESTIONS[i][1],
            "text": lambda i: _translated(f"Pyetja {i + 1}", f"Pitanje {i + 1}"),
            "hint": const("{}"),
            "required": const(True),
            "min_value": const(None),
            "max_value": const(None),
            "show_if": const(None),
        },
        len(SURVEY_QUESTIONS),
    )
    first_o = _next_id(db, "survey_options")
    bulk_insert(
        db,
        "survey_options",
        {
            "id": seq(first_o),
            "question_id": const(first_q),
            "value": lambda i: SURVEY_OPTIONS[i],
            "label": lambda i: _translated(f"Përgjigja {i + 1}", f"Odgovor {i + 1}"),
            "position": lambda i: i + 1,
        },
        len(SURVEY_OPTIONS),
    )
    for table in ("surveys", "survey_sections", "survey_questions", "survey_options"):
        reset_sequence(db, table)
    return {
        "consultation_id": cid,
        "survey_id": survey_id,
        "questions": {key: first_q + i for i, (key, _kind) in enumerate(SURVEY_QUESTIONS)},
        "options": list(SURVEY_OPTIONS),
    }


def access_code(i: int) -> str:
    """The access code on bench staff member `i`'s slip (12 letters and digits, grouped)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    digits, n = [], 1_000_000 + i
    for _ in range(12):
        n, d = divmod(n, len(alphabet))
        digits.append(alphabet[d])
    raw = "".join(reversed(digits))
    return "-".join(raw[j : j + 4] for j in range(0, 12, 4))


def token_hash(key: bytes, code: str) -> str:
    """The app's HMAC of an access code (consult.surveys.services.code_hash)."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def seed_staff_tokens(
    db: Database, survey_id: int, n: int, key: bytes, first: int = 0, used: bool = False
) -> float:
    """`n` access codes, access_code(first + i), for staff of directorates 1..13; `used`:
    codes already redeemed (the earlier answers of a day), which the flows never enter, sealed
    as the submissions left them (`sealed_as_submitted`)."""
    columns = {
        "token_hash": lambda i: token_hash(key, access_code(first + i)),
        "survey_id": const(survey_id),
        "directorate_id": lambda i: i % len(DIRECTORATES) + 1,
        "used": const(used),
    }
    if used:
        columns.update(sealed_as_submitted(db, "staff_tokens", n))
    return bulk_insert(db, "staff_tokens", columns, n)


#: the rows a survey's submissions leave unsealed, as SURVEY_SEAL_BATCH's default does
UNSEALED_LEFT = 20


def sealed_as_submitted(db: Database, table: str, n: int) -> dict[str, Column]:
    """`sealed` for `n` rows that earlier submissions stored, where the schema has it: all but
    the last UNSEALED_LEFT (consult/surveys/services.py, `seal`). Empty on a schema without
    the column (a tree from before migration 0038)."""
    if not has_column(db, table, "sealed"):
        return {}
    return {"sealed": lambda i: i < n - UNSEALED_LEFT}


def seed_responses(db: Database, survey: dict, n: int, day: dt.date, staff: bool = False) -> float:
    """`n` responses to a seed_survey() survey, each with its three answers; `staff`: with
    the directorates 1..13 of staff responses (citizen responses have none)."""
    ids = [str(uuid.uuid4()) for _ in range(n)]
    rng = random.Random(5)
    started = time.perf_counter()
    bulk_insert(
        db,
        "survey_responses",
        {
            "id": lambda i: ids[i],
            "survey_id": const(survey["survey_id"]),
            "directorate_id": (lambda i: i % len(DIRECTORATES) + 1) if staff else const(None),
            **sealed_as_submitted(db, "survey_responses", n),
            "day": const(day),
        },
        n,
    )
    q = survey["questions"]
    question_ids = (q["service"], q["agree"], q["rating"])

    def choice_of(i: int) -> str | None:
        return survey["options"][rng.randrange(5)] if i % 3 == 0 else None

    def number_of(i: int) -> float | None:
        kind = i % 3
        return None if kind == 0 else float(rng.randint(1, 5) if kind == 1 else rng.randint(0, 10))

    bulk_insert(
        db,
        "survey_answers",
        {
            "response_id": lambda i: ids[i // 3],
            "question_id": lambda i: question_ids[i % 3],
            "item": const(""),
            "choice": choice_of,
            "number": number_of,
            "text": const(None),
        },
        3 * n,
    )
    return time.perf_counter() - started


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


def migrated_database(url: str, workdir: Path, root: Path, env: dict) -> dict[str, str]:
    """Bring the database at `url` to the app's schema (`flask db upgrade heads` of the tree
    `root`) and return fresh secrets for the app under test; the voter list and the access
    codes are hashed with the same keys as the app hashes them."""
    keys = {
        name: secrets.token_hex(32)
        for name in ("SECRET_KEY", "POLL_IDENTITY_KEY", "SURVEY_TOKEN_KEY")
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade", "heads"],
        cwd=root,
        env={**env, **keys, "DATABASE_URL": url, "CONSULT_INSTANCE": str(workdir / "inst")},
        check=True,
        capture_output=True,
    )
    return keys


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
