"""On PostgreSQL a web request waits at most DATABASE_LOCK_TIMEOUT for a lock and runs a
statement at most DATABASE_STATEMENT_TIMEOUT; it then gets a "busy" answer, and its worker is
free. Commands outside requests keep the database's defaults."""

import threading
import time

import pytest
from sqlalchemy import text

from consult.extensions import db
from tests.variants import variant_app


@pytest.fixture
def postgresql(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("time limits are set on PostgreSQL only")


def _show(setting: str) -> str:
    return db.session.execute(text(f"SHOW {setting}")).scalar_one()


def test_requests_run_with_time_limits_and_commands_without(app, postgresql):
    with app.test_request_context("/"):
        assert _show("statement_timeout") == "30s"
        assert _show("lock_timeout") == "5s"
        db.session.remove()
    with app.app_context():  # as `flask db upgrade`, `flask backup` or a purge would
        assert _show("statement_timeout") == "0"
        assert _show("lock_timeout") == "0"
        db.session.remove()
    with app.test_request_context("/"):
        assert _show("statement_timeout") == "30s"
        db.session.remove()


@pytest.fixture
def stuck_lock(app, postgresql):
    """An operator's transaction holding every lock on the directorates table, released after
    ten seconds at the latest (a request without a lock limit would wait that long)."""
    import psycopg

    url = app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
    holder = psycopg.connect(url)
    holder.execute("LOCK TABLE directorates IN ACCESS EXCLUSIVE MODE")
    release = threading.Timer(10, holder.rollback)
    release.start()
    yield
    release.cancel()
    holder.rollback()
    holder.close()


@pytest.mark.parametrize("url", ["/api/v1/directorates", "/?lang=en"])
def test_a_request_behind_a_stuck_lock_gets_a_busy_answer_at_once(app, stuck_lock, url):
    with variant_app(app, DATABASE_LOCK_TIMEOUT=1) as site:
        started = time.monotonic()
        response = site.test_client().get(url)
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    if url.startswith("/api/"):
        assert response.get_json()["error"] == "busy"
    else:
        assert "The site is busy" in response.get_data(as_text=True)
    assert waited < 5
