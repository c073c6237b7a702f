"""The Istog demo loaded once per test process and day, then copied back (issue #23: `.ci/run`
within 30 minutes).

About ninety tests load the whole demo (`flask seed-demo` or `seed_demo()`), 4–9 seconds each.
The first load in a process runs for real; its rows (every table, as they stand before the
command commits) and the files it wrote to the upload folder are kept, and a later load into the
same bare database on the same day, with the same settings, puts those rows back in one INSERT
per table instead. Anything else loads for real: another day, another configuration, another
database, a database that is not bare (a second municipality, a row a test made first), or a
test that imported `seed_demo` itself before this took its place.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, text

from consult.core.revisions import new_revision
from consult.extensions import db

MUNICIPALITIES = "municipalities"


@dataclass
class Snapshot:
    guide: object
    rows: dict[str, list[dict]]
    first_municipality: dict
    files: dict[str, bytes] = field(default_factory=dict)


class DemoSnapshots:
    """Stands in for `consult.demo.seed.seed_demo`."""

    def __init__(self, real: Callable) -> None:
        self.real = real
        self.kept: dict[tuple, Snapshot] = {}
        self.restored = 0

    def __call__(self, today: dt.date | None = None):
        day = today or dt.date.today()
        if not _database_is_bare():
            return self.real(today)
        key = _key(day)
        if key in self.kept:
            self.restored += 1
            return _restore(self.kept[key])
        folder = Path(current_app.config["UPLOAD_FOLDER"])
        before = set(_files(folder))
        guide = self.real(today)
        self.kept[key] = _take(guide, folder, before)
        return guide


#: the first municipality's column that is no setting: the token its pages are kept under
PAGES_REVISION = "pages_revision"


def _key(day: dt.date) -> tuple:
    """What the demo depends on besides its own data: the day, the database, the settings
    (the configuration and the first municipality's row but its pages revision)."""
    settings = repr(sorted((name, repr(value)) for name, value in current_app.config.items()))
    municipality = db.session.execute(
        select(db.metadata.tables[MUNICIPALITIES]).where(text("id = 1"))
    ).one()
    values = {k: v for k, v in municipality._mapping.items() if k != PAGES_REVISION}
    return day, str(db.engine.url), settings, repr(values)


def _database_is_bare() -> bool:
    """Every table empty but the first municipality's row (as every test starts)."""
    connection = db.session.connection()
    for table in db.metadata.sorted_tables:
        count = connection.scalar(select(func.count()).select_from(table))
        if count != (1 if table.name == MUNICIPALITIES else 0):
            return False
    return True


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.is_file()] if folder.is_dir() else []


def _take(guide: object, folder: Path, before: set[Path]) -> Snapshot:
    db.session.flush()
    connection = db.session.connection()
    rows = {
        table.name: [dict(row._mapping) for row in connection.execute(select(table))]
        for table in db.metadata.sorted_tables
    }
    first, *others = rows.pop(MUNICIPALITIES)
    assert not others, "the demo made a municipality: load it for real every time"
    files = {path.name: path.read_bytes() for path in set(_files(folder)) - before}
    return Snapshot(copy.deepcopy(guide), rows, first, files)


def _restore(snapshot: Snapshot) -> object:
    connection = db.session.connection()
    municipalities = db.metadata.tables[MUNICIPALITIES]
    # the rows go back behind the revision hooks' back: the home page's copies are dropped
    first = {**snapshot.first_municipality, PAGES_REVISION: new_revision()}
    connection.execute(municipalities.update().where(municipalities.c.id == 1).values(first))
    for table in db.metadata.sorted_tables:
        if snapshot.rows.get(table.name):
            connection.execute(table.insert(), _parents_first(table, snapshot.rows[table.name]))
    if connection.dialect.name == "postgresql":
        _move_sequences_past(connection, snapshot)
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    for name, data in snapshot.files.items():
        if not (folder / name).exists():
            (folder / name).write_bytes(data)
    return copy.deepcopy(snapshot.guide)


def _parents_first(table, rows: list[dict]) -> list[dict]:
    """The rows in the order read (the heap's on PostgreSQL, which an UPDATE changes), but a
    row that points at another of the same table (a survey copied from last year's) after it."""
    own = [key.parent.name for key in table.foreign_keys if key.column.table is table]
    if not own:
        return rows
    (primary,) = table.primary_key.columns
    ordered: list[dict] = []
    waiting = rows
    while waiting:
        unplaced = {row[primary.name] for row in waiting}
        ready = [row for row in waiting if not any(row[c] in unplaced for c in own)]
        assert ready, f"{table.name}: rows that point at each other in a ring"
        ordered += ready
        waiting = [row for row in waiting if row not in ready]
    return ordered


def _move_sequences_past(connection, snapshot: Snapshot) -> None:
    """PostgreSQL's sequences never go back: each is set past the ids put back."""
    for table in db.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None or not snapshot.rows.get(table.name):
            continue
        highest = max(row[column.name] for row in snapshot.rows[table.name])
        sequence = "pg_get_serial_sequence(:table, :column)"
        connection.execute(
            text(f"SELECT setval({sequence}, GREATEST(:highest, nextval({sequence})))"),
            {"table": table.name, "column": column.name, "highest": highest},
        )
