"""Command-only libraries stay out of the web workers (#23): Flask-Migrate with Alembic and
Mako, Babel's catalogue tools, the demo loader and the backups are imported when a command
runs (consult.command_line), and the commands still run."""

import json
import os
import subprocess
import sys
from pathlib import Path

from consult.command_line import MigrationsNotSetUp

ROOT = Path(__file__).resolve().parents[1]
COMMAND_ONLY = (
    "alembic",
    "mako",
    "flask_migrate",
    "babel.messages.frontend",
    "consult.translate",
    "consult.demo.seed",
    "consult.backup",
)

_SERVE_ONE_REQUEST = """
import json, sys
from consult import create_app
app = create_app()
status = app.test_client().get("/?lang=en").status_code
print(json.dumps([status, sorted(m for m in {modules!r} if m in sys.modules)]))
"""


def test_a_worker_serves_a_page_without_importing_command_only_libraries(app):
    env = {
        **os.environ,
        "CONSULT_CONFIG": "production",
        "SECRET_KEY": "s" * 40,
        "PUBLIC_URL": "https://konsultime.istog.example",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],  # migrated by the suite
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    done = subprocess.run(
        [sys.executable, "-c", _SERVE_ONE_REQUEST.format(modules=COMMAND_ONLY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    status, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == 200
    assert loaded == []


def test_the_deferred_commands_are_listed_and_run(app, runner):
    listed = runner.invoke(args=["--help"])
    for name in ("db", "translate", "seed-demo", "demo-info", "backup", "restore"):
        assert name in app.cli.list_commands(None), name
    assert listed.exit_code == 0
    shown = runner.invoke(args=["translate", "--help"])
    assert shown.exit_code == 0 and "extract" in shown.output
    heads = runner.invoke(args=["db", "heads"])  # Alembic prints past the runner's capture
    assert heads.exit_code == 0 and heads.exception is None, heads.output


def test_migrations_are_set_up_when_first_read(app):
    from consult.command_line import set_up_migrations

    configuration = set_up_migrations(app)
    assert not isinstance(configuration, MigrationsNotSetUp)
    assert app.extensions["migrate"] is configuration
    assert Path(configuration.directory).name == "migrations"
    assert configuration.configure_args["render_as_batch"] is True
