"""The demo loaded once per test process and day, then put back (tests/demo_snapshot.py): what
is put back is what the load made, and anything that could change the demo loads it anew."""

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select, text

from consult.core.models import Directorate
from consult.demo import seed
from consult.extensions import db
from tests.conftest import _empty_tables
from tests.demo_snapshot import PAGES_REVISION, DemoSnapshots, _parents_first

DAY = dt.date(2026, 3, 2)


@dataclass
class Guide:
    note: str


class CountedLoad:
    """A stand-in for the demo's load: one directorate, counted."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, today=None):
        self.calls += 1
        db.session.add(Directorate(code=f"D{self.calls}", name="Drejtoria"))
        db.session.flush()
        return Guide(note=f"load {self.calls}")


def _start_over() -> None:
    db.session.rollback()
    with db.engine.begin() as connection:
        _empty_tables(connection)


def _codes() -> list[str]:
    return list(db.session.scalars(select(Directorate.code)))


def test_a_second_load_on_a_bare_database_puts_the_first_loads_rows_back(app):
    load = CountedLoad()
    snapshots = DemoSnapshots(load)
    with app.app_context():
        assert snapshots(DAY) == Guide("load 1")
        db.session.commit()
        _start_over()
        guide = snapshots(DAY)
        db.session.commit()
        assert (load.calls, guide, _codes()) == (1, Guide("load 1"), ["D1"])
        db.session.add(Directorate(code="NEW", name="Drejtoria e re"))
        db.session.commit()  # the ids put back do not stand in a new row's way
        assert sorted(_codes()) == ["D1", "NEW"]


def test_another_day_a_database_with_rows_or_other_settings_load_for_real(app, monkeypatch):
    load = CountedLoad()
    snapshots = DemoSnapshots(load)
    with app.app_context():
        snapshots(DAY)
        _start_over()
        snapshots(DAY + dt.timedelta(days=1))
        assert load.calls == 2
        _start_over()
        db.session.add(Directorate(code="MINE", name="Drejtoria ime"))
        db.session.flush()
        snapshots(DAY)
        assert load.calls == 3
        _start_over()
        monkeypatch.setitem(app.config, "SURVEY_SEAL_BATCH", 3)
        snapshots(DAY)
        assert load.calls == 4
        _start_over()


def _everything() -> dict[str, list[str]]:
    """Every row of every table; but the first municipality's pages revision, which a load
    and a put-back both renew (the home page's copies must not outlive either)."""
    connection = db.session.connection()
    return {
        table.name: sorted(
            repr(tuple(value for key, value in row._mapping.items() if key != PAGES_REVISION))
            for row in connection.execute(select(table))
        )
        for table in db.metadata.sorted_tables
    }


@pytest.mark.slow
def test_the_whole_demo_put_back_is_the_demo_loaded(app):
    snapshots = DemoSnapshots(seed.seed_demo.real)
    with app.test_request_context("/"):
        loaded_guide = snapshots(DAY)
        db.session.commit()
        loaded = _everything()
        token = select(text(PAGES_REVISION)).select_from(text("municipalities"))
        loaded_token = db.session.scalar(token)
        _start_over()
        put_back_guide = snapshots(DAY)
        db.session.commit()
        assert snapshots.restored == 1
        assert db.session.scalar(token) != loaded_token
        assert put_back_guide == loaded_guide
        assert _everything() == loaded
        assert db.session.scalar(select(func.count()).select_from(Directorate)) == 13


def test_a_row_pointing_at_another_of_its_table_is_put_back_after_it():
    """PostgreSQL reads a table in heap order, which an UPDATE changes: last year's survey may
    come after this year's copy of it."""
    surveys = db.metadata.tables["surveys"]
    read = [{"id": 7, "copied_from_id": 6}, {"id": 8, "copied_from_id": None}]
    read.append({"id": 6, "copied_from_id": None})
    assert [row["id"] for row in _parents_first(surveys, read)] == [8, 6, 7]
    directorates = db.metadata.tables["directorates"]
    assert _parents_first(directorates, read) is read
