"""Tests that need no database run once per CI run (issue #23: `.ci/run` within 30 minutes).

`.ci/run` runs the suite on SQLite, then on PostgreSQL. A test whose outcome cannot depend on
the database (a pure function, a template filter, a file in the repository) would only run a
second time for nothing. The SQLite half is run with `--note-database-free FILE`: it writes the
ids of the tests that passed while nothing touched a database and no process was started. The
PostgreSQL half, run with `--leave-out-database-free FILE`, deselects them.

What counts as touching a database, for the whole test (set-up, call and tear-down, apart from
the emptying of the tables every test ends with): a statement or a connection on any SQLAlchemy
engine of this process (the live server of the browser tests runs in a thread of it), a
`sqlite3` connection, any process started (a `flask` command, `psql`, `pg_dump`). A test module
that names the database's kind (`dialect`, `postgres`, `sqlite`, `TEST_DATABASE_URL`, `engine`)
may check it without a statement, so its tests always run on both.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

PROCESS_EVENTS = frozenset(
    {"subprocess.Popen", "os.system", "os.posix_spawn", "os.exec", "os.fork", "os.spawn"}
)
DATABASE_WORDS = re.compile(r"dialect|postgres|sqlite|TEST_DATABASE_URL|engine", re.IGNORECASE)
PROPERTY = "database_free"


class Watch:
    """Whether the running test has touched a database or started a process."""

    touched = False
    paused = False

    @classmethod
    def touch(cls, *_args, **_kwargs) -> None:
        if not cls.paused:
            cls.touched = True

    @classmethod
    @contextmanager
    def paused_while(cls) -> Iterator[None]:
        """What happens meanwhile (the emptying of the tables) is not the test's doing."""
        cls.paused = True
        try:
            yield
        finally:
            cls.paused = False


def _audit(name: str, _args: tuple) -> None:
    if name in PROCESS_EVENTS or name == "sqlite3.connect":
        Watch.touch()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("consult")
    group.addoption(
        "--note-database-free",
        metavar="FILE",
        help="write to FILE the ids of the tests that passed without touching a database",
    )
    group.addoption(
        "--leave-out-database-free",
        metavar="FILE",
        help="deselect the tests FILE lists (written by a run with --note-database-free)",
    )


def pytest_configure(config: pytest.Config) -> None:
    event.listen(Engine, "before_cursor_execute", Watch.touch)
    event.listen(Pool, "checkout", Watch.touch)
    sys.addaudithook(_audit)
    target = config.getoption("note_database_free")
    if target and not hasattr(config, "workerinput"):
        config.pluginmanager.register(Notes(Path(target)), "consult-database-free-notes")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    Watch.touched = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    if call.when == "teardown" and item.config.getoption("note_database_free"):
        report = outcome.get_result()
        free = not Watch.touched and not _names_the_database(Path(str(item.fspath)))
        report.user_properties = [*report.user_properties, (PROPERTY, free)]


_sources: dict[Path, bool] = {}


def _names_the_database(module: Path) -> bool:
    if module not in _sources:
        _sources[module] = bool(DATABASE_WORDS.search(module.read_text(encoding="utf-8")))
    return _sources[module]


class Notes:
    """The tally, where the reports arrive (the xdist controller, or the only process): which
    tests passed throughout and touched nothing; written to the file when the run ends."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.passed: set[str] = set()
        self.spoiled: set[str] = set()
        self.free: set[str] = set()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed or report.skipped:
            self.spoiled.add(report.nodeid)
        elif report.when == "call":
            self.passed.add(report.nodeid)
        if report.when == "teardown" and dict(report.user_properties).get(PROPERTY):
            self.free.add(report.nodeid)

    def pytest_sessionfinish(self) -> None:
        ids = sorted((self.free & self.passed) - self.spoiled)
        self.target.write_text("".join(f"{node}\n" for node in ids), encoding="utf-8")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    source = config.getoption("leave_out_database_free")
    if not source or not Path(source).exists():
        return
    listed = set(Path(source).read_text(encoding="utf-8").splitlines())
    left_out = [item for item in items if item.nodeid in listed]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item.nodeid not in listed]
