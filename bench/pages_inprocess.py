"""The home page and each kind's consultation page timed in one process (Flask's test client) on the
Istog demo: the app's CPU per request, steadier than the served figures on a shared machine.

    .venv/bin/python bench/pages_inprocess.py                      # 200 requests of each, x3
    .venv/bin/python bench/pages_inprocess.py --profile home       # and the top of a cProfile
    .venv/bin/python bench/pages_inprocess.py --profile home --sort tottime  # by own time
    .venv/bin/python bench/pages_inprocess.py --root /tmp/tree     # another tree (before/after)

The demo is loaded with `flask db upgrade heads` and `flask seed-demo` into a temporary SQLite
file (with the tree's own code); the app runs with the production configuration. Prints the
best of three rounds, in CPU ms per request, and the statements each request sends.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import rate_limit_storage

ROOT = Path(__file__).resolve().parent.parent
HOST = "https://konsultime.istog.example"


def demo_database(root: Path, workdir: Path) -> dict[str, str]:
    """The environment of a production app on a fresh demo database in `workdir`."""
    env = {
        **os.environ,
        "CONSULT_CONFIG": "production",
        "CONSULT_INSTANCE": str(workdir),
        "SECRET_KEY": "s" * 40,
        "PUBLIC_URL": HOST,
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite'}",
        "RATELIMIT_STORAGE_URI": rate_limit_storage(),
        "FLASK_APP": "app",
    }
    flask = [sys.executable, "-m", "flask"]
    for command in (["db", "upgrade", "heads"], ["seed-demo"]):
        subprocess.run(flask + command, cwd=root, env=env, check=True, capture_output=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the tree to measure")
    parser.add_argument("-n", type=int, default=200, help="requests per round")
    parser.add_argument(
        "--profile", help="home, consultation (the draft act) or consultation:<kind>"
    )
    parser.add_argument("--sort", default="cumulative", help="the profile's order (pstats)")
    args = parser.parse_args()
    root = args.root.resolve()
    with tempfile.TemporaryDirectory() as workdir:
        os.environ.update(demo_database(root, Path(workdir)))
        sys.path.insert(0, str(root))
        os.chdir(root)
        measure(args.n, args.profile, args.sort)


def measure(n: int, profile: str | None, sort: str = "cumulative") -> None:
    from sqlalchemy import event, func, select

    from consult import create_app
    from consult.core.models import Consultation
    from consult.extensions import db

    app = create_app()
    with app.app_context():
        # each kind's first open consultation (the served bench cycles through all kinds)
        open_ones = dict(
            db.session.execute(
                select(Consultation.kind, func.min(Consultation.id))
                .where(Consultation.status == "open")
                .group_by(Consultation.kind)
            ).all()
        )
        statements = [0]

        def count(*_args) -> None:
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
    client = app.test_client()
    pages = {
        "home": "/?lang=sq",
        "consultation": f"/consultations/{open_ones['draft_act']}?lang=sq",
    }
    pages.update(
        (f"consultation:{kind}", f"/consultations/{id_}?lang=sq")
        for kind, id_ in sorted(open_ones.items())
        if kind != "draft_act"
    )
    for name, url in pages.items():
        for _ in range(20):  # warm: templates compiled, statements cached
            assert client.get(url, base_url=HOST).status_code == 200, url
        statements[0] = 0
        profiler = cProfile.Profile() if profile == name else None
        rounds = []
        for _ in range(3):
            if profiler:
                profiler.enable()
            started = time.process_time()
            for _ in range(n):
                client.get(url, base_url=HOST)
            rounds.append((time.process_time() - started) * 1000 / n)
            if profiler:
                profiler.disable()
        print(f"{name}: {min(rounds):.2f} ms CPU/request, {statements[0] / (3 * n):.1f} statements")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(40)
            print(out.getvalue())


if __name__ == "__main__":
    main()
