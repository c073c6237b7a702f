"""The SQLite half of CI notes the tests that touch no database; the PostgreSQL half leaves
them out (tests/database_free.py). A test that does touch one must never be left out."""

import subprocess  # nosec B404: runs pytest on a made-up module, as CI runs the suite
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]

PURE = """
import subprocess
import sys

import pytest


def test_pure():
    assert sorted([3, 1, 2]) == [1, 2, 3]


def test_another_pure():
    assert "istog".title() == "Istog"


def test_a_process():
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_a_failure():
    assert False


def test_skipped():
    pytest.skip("not here")


@pytest.fixture
def broken():
    yield
    raise RuntimeError("tear-down fails")


def test_a_failing_tear_down(broken):
    pass
"""

# Helpers in a module of their own, so that the tests' module does not name the database.
STORAGE = """
import sqlite3

from sqlalchemy import create_engine, text


def select_one():
    with create_engine("sqlite://").connect() as connection:
        return connection.execute(text("SELECT 1")).scalar()


def connect_only():
    create_engine("sqlite://").raw_connection().close()


def connect_directly():
    sqlite3.connect(":memory:").close()
"""

INDIRECT = """
import storage


def test_a_statement():
    assert storage.select_one() == 1


def test_a_connection_without_a_statement():
    storage.connect_only()


def test_a_driver_connection():
    storage.connect_directly()
"""

NAMING = """
def test_looks_at_the_kind():
    assert "postgresql" != "sqlite"
"""


def _pytest(folder: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # nosec B603: this interpreter, fixed arguments
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.database_free", *options],
        cwd=folder,
        env={"PYTHONPATH": f"{REPOSITORY}:{folder}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_pure.py").write_text(PURE, encoding="utf-8")
    (tmp_path / "storage.py").write_text(STORAGE, encoding="utf-8")
    (tmp_path / "test_indirect.py").write_text(INDIRECT, encoding="utf-8")
    (tmp_path / "test_naming.py").write_text(NAMING, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "two workers"])
def test_only_the_tests_that_touched_nothing_and_passed_are_noted(suite, workers):
    notes = suite / "free.txt"
    _pytest(suite, *workers, f"--note-database-free={notes}")
    assert notes.read_text(encoding="utf-8").splitlines() == [
        "test_pure.py::test_another_pure",
        "test_pure.py::test_pure",
    ]


def test_the_noted_tests_are_left_out_and_every_other_runs(suite):
    notes = suite / "free.txt"
    notes.write_text("test_pure.py::test_pure\ntest_pure.py::test_another_pure\n", "utf-8")
    run = _pytest(suite, f"--leave-out-database-free={notes}", "-rA")
    assert "2 deselected" in run.stdout
    assert "PASSED test_indirect.py::test_a_statement" in run.stdout
    assert "PASSED test_naming.py::test_looks_at_the_kind" in run.stdout
    assert "test_pure.py::test_pure" not in run.stdout


def test_without_notes_nothing_is_left_out(suite):
    run = _pytest(suite, f"--leave-out-database-free={suite / 'missing.txt'}", "-rA")
    assert "deselected" not in run.stdout
    assert "PASSED test_pure.py::test_pure" in run.stdout
