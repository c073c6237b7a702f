"""Start-up memory: the heavy libraries load in the request that needs them, not in every worker.

pandas, numpy and pabutools added about 70 MB to each gunicorn worker when imported at start-up
(bench/README.md, issue 9). These tests start the app in a fresh interpreter and check which
libraries it loaded, and check the SQLite settings of file databases.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

import consult.extensions  # noqa: F401  registers the SQLite connect hook
from consult.core.lazy import lazy_module

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "pabutools", "plotly.graph_objects", "openpyxl", "weasyprint", "docx")

_STARTUP = """
import json, sys
from consult import create_app
app = create_app()
app.test_client().get("/")
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _loaded_at_startup(tmp_path: Path) -> list[str]:
    env = {
        **os.environ,
        "CONSULT_CONFIG": "production",
        "SECRET_KEY": "s" * 40,
        "PUBLIC_URL": "https://konsultime.istog.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite'}",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    done = subprocess.run(
        [sys.executable, "-c", _STARTUP.format(heavy=HEAVY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_app_starts_without_pandas_numpy_pabutools_or_the_export_libraries(tmp_path):
    assert _loaded_at_startup(tmp_path) == []


def test_a_lazy_module_imports_on_first_use_and_then_is_the_module():
    module = lazy_module("colorsys")  # a small stdlib module nothing in the tests imports
    sys.modules.pop("colorsys", None)
    assert "not loaded yet" in repr(module)
    assert "colorsys" not in sys.modules
    assert module.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    assert "colorsys" in sys.modules
    assert module.rgb_to_hsv is sys.modules["colorsys"].rgb_to_hsv
    assert "loaded" in repr(module) and "not loaded" not in repr(module)


def test_a_lazy_module_of_a_missing_package_fails_at_first_use_with_import_error():
    module = lazy_module("consult_no_such_package")
    with pytest.raises(ImportError):
        module.anything  # noqa: B018


def _pragmas(url: str) -> list:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [
                connection.execute(sa.text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "busy_timeout")
            ]
    finally:
        engine.dispose()


def test_a_sqlite_file_database_runs_in_wal_mode_with_normal_sync_and_a_busy_timeout(tmp_path):
    # synchronous: 1 = NORMAL (the default is 2 = FULL)
    assert _pragmas(f"sqlite:///{tmp_path / 'wal.sqlite'}") == ["wal", 1, 5000]


def test_an_in_memory_sqlite_database_keeps_its_journal():
    journal, synchronous, busy = _pragmas("sqlite://")
    assert journal == "memory" and synchronous == 2 and busy == 5000
