"""gunicorn.conf.py: the master loads the app and the heavy libraries once, the workers fork
from it, answer pages and use their own database connections; it refuses to start production
with rate limits in each worker's memory and more than one worker."""

import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
SETTINGS = runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def _server(workers: int, **config) -> SimpleNamespace:
    """What gunicorn hands the hooks: the loaded app and the final settings."""
    app = SimpleNamespace(config=config)
    return SimpleNamespace(
        app=SimpleNamespace(wsgi=lambda: app), cfg=SimpleNamespace(workers=workers)
    )


PRODUCTION = {"REFUSE_WORKER_LOCAL_RATE_LIMITS": True}


@pytest.mark.parametrize("storage", ["memory://", None])
def test_production_with_memory_rate_limits_and_two_workers_refuses_to_start(storage):
    server = _server(2, RATELIMIT_STORAGE_URI=storage, **PRODUCTION)
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        SETTINGS["on_starting"](server)


@pytest.mark.parametrize(
    ("workers", "config"),
    [
        (1, {"RATELIMIT_STORAGE_URI": "memory://", **PRODUCTION}),
        (4, {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", **PRODUCTION}),
        (4, {"RATELIMIT_STORAGE_URI": "memory://"}),  # development
    ],
)
def test_one_worker_or_a_shared_storage_or_development_starts(workers, config):
    SETTINGS["on_starting"](_server(workers, **config))


@pytest.mark.slow
def test_gunicorn_itself_refuses_production_with_memory_rate_limits(tmp_path):
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed in this environment")
    env = {
        **os.environ,
        "CONSULT_CONFIG": "production",
        "SECRET_KEY": "p" * 64,
        "PUBLIC_URL": "https://konsultime.istog.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'consult.sqlite'}",
        "CONSULT_INSTANCE": str(tmp_path / "instance"),
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    env.pop("TEST_DATABASE_URL", None)
    settings = ["-c", "gunicorn.conf.py", "-w", "3", "-b", f"127.0.0.1:{_free_port()}"]
    done = subprocess.run(
        [str(GUNICORN), *settings, "app:app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "3 workers would each keep their own rate limits" in done.stderr
    assert "Booting worker" not in done.stderr


def _free_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def _get(url: str, deadline: float) -> int:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local server
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_workers_fork_from_a_master_that_preloaded_the_app_and_its_libraries(tmp_path):
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed in this environment")
    env = {
        **os.environ,
        "CONSULT_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'consult.sqlite'}",
        "CONSULT_INSTANCE": str(tmp_path / "instance"),
    }
    env.pop("TEST_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        settings = ["-c", "gunicorn.conf.py", "-w", "2", "-b", f"127.0.0.1:{port}"]
        server = subprocess.Popen(
            [str(GUNICORN), *settings, "--log-level", "info", "app:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        statuses = [_get(f"http://127.0.0.1:{port}/", deadline) for _ in range(6)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    text = log.read_text()
    assert statuses == [200] * 6, text
    assert "preloaded for the workers: " in text, text
    preloaded = text.split("preloaded for the workers: ", 1)[1].splitlines()[0]
    assert {"pandas", "numpy", "consult.polls.rules"} <= set(preloaded.split(", ")), preloaded
    assert text.count("Booting worker") == 2, text
    assert "Traceback" not in text, text
