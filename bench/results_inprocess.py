"""The two 100k results pages timed in one process (Flask's test client), with cProfile.

No gunicorn, no HTTP: what the page itself costs, steadier than the served figures on a busy
machine. The data are made as bench/run.py makes them (datagen: a closed poll with 100,000
ballots, a reported citizen survey with 100,000 responses and 300,000 answers) in a fresh
SQLite file or the bench's PostgreSQL database (BENCH_DATABASE, default `consult_bench`;
dropped and re-created; never `test`).

    .venv/bin/python bench/results_inprocess.py --db sqlite
    .venv/bin/python bench/results_inprocess.py --db postgresql --profile survey -n 5
    .venv/bin/python bench/results_inprocess.py --db sqlite --reuse /tmp/x  # keep/reuse data
    .venv/bin/python bench/results_inprocess.py --root /tmp/tree            # another tree

Prints, per page: the first (cold) request, the median of `-n` warm ones, the raw SQL GROUP BY
of run.py on the same rows (median, one driver connection) and page ÷ SQL.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import datagen  # noqa: E402
from run import rate_limit_storage  # noqa: E402

ROWS = 100_000
POLL_SQL = {
    "sqlite": "SELECT j.value, COUNT(*) FROM poll_ballots b, json_each(b.choices) j "
    "WHERE b.poll_id = ? GROUP BY j.value",
    "postgresql": "SELECT j.value, COUNT(*) FROM poll_ballots b, "
    "json_array_elements_text(b.choices::json) j WHERE b.poll_id = ? GROUP BY j.value",
}
SURVEY_SQL = (
    "SELECT a.question_id, a.choice, a.number, COUNT(*) FROM survey_answers a "
    "JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = ? "
    "GROUP BY a.question_id, a.choice, a.number"
)


def prepare(backend: str, workdir: Path, root: Path, env: dict) -> dict:
    """Create, migrate and fill the database once; the ids are kept in workdir/ids.json."""
    ids_file = workdir / f"ids-{backend}.json"
    if ids_file.exists():
        return json.loads(ids_file.read_text())
    if backend == "sqlite":
        url = f"sqlite:///{workdir / 'bench.sqlite'}"
    else:
        url = datagen.fresh_postgres_database()
    keys = datagen.migrated_database(url, workdir, root, env)
    db = datagen.connect(url)
    try:
        datagen.seed_consultations(db, 20)
        poll = datagen.seed_poll(db, "closed")
        datagen.seed_ballots(
            db,
            poll["poll_id"],
            poll["project_ids"],
            ROWS,
            dt.date.today() - dt.timedelta(days=40),
        )
        survey = datagen.seed_survey(db, "citizen", "reported")
        datagen.seed_responses(db, survey, ROWS, dt.date.today() - dt.timedelta(days=70))
    finally:
        db.close()
    ids = {"url": url, "poll": poll["poll_id"], "survey": survey["survey_id"], **keys}
    ids_file.write_text(json.dumps(ids))
    return ids


def timed(fn, repeat: int) -> tuple[float, float]:
    """(first, median of `repeat` more) seconds of fn()."""
    started = time.perf_counter()
    fn()
    first = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def main() -> None:
    """Parse the options, prepare the data, time (and profile) the two pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("-n", type=int, default=5, help="warm requests per page")
    parser.add_argument("--only", default="poll,survey", help="poll,survey")
    parser.add_argument("--profile", default="", help="poll,survey: cProfile of warm requests")
    parser.add_argument("--reuse", type=Path, help="a directory to keep the data in / reuse")
    parser.add_argument("--root", type=Path, default=BENCH.parent, help="the app tree")
    args = parser.parse_args()
    root = args.root.resolve()
    workdir = args.reuse or Path(tempfile.mkdtemp(prefix="consult-results-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CONSULT_CONFIG": "production", "PYTHONPATH": str(root)}
    env.update(
        MAIL_BACKEND="memory",
        RATELIMIT_STORAGE_URI=rate_limit_storage(),
        PUBLIC_URL="https://bench.example",
    )
    started = time.perf_counter()
    ids = prepare(args.db, workdir, root, env)
    print(f"data ready in {time.perf_counter() - started:.1f} s ({workdir})", flush=True)

    os.environ.update(env)
    os.environ.update(
        DATABASE_URL=ids["url"],
        SECRET_KEY=ids["SECRET_KEY"],
        POLL_IDENTITY_KEY=ids["POLL_IDENTITY_KEY"],
        SURVEY_TOKEN_KEY=ids["SURVEY_TOKEN_KEY"],
        CONSULT_INSTANCE=str(workdir / "inst"),
    )
    sys.path.insert(0, str(root))
    from consult import create_app

    app = create_app()
    client = app.test_client()
    with app.test_request_context():
        from flask import url_for

        paths = {
            "poll": url_for("polls.results", poll_id=ids["poll"]),
            "survey": url_for("surveys.results", survey_id=ids["survey"]),
        }
    sqls = {"poll": (POLL_SQL[args.db], ids["poll"]), "survey": (SURVEY_SQL, ids["survey"])}
    db = datagen.connect(ids["url"])
    try:
        for name in args.only.split(","):

            def page(path: str = paths[name]) -> None:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)

            first, warm = timed(page, args.n)
            sql_text, param = sqls[name]
            _, sql = timed(lambda s=sql_text, p=param: db.execute(s, (p,)), args.n)
            print(
                f"{args.db:<10} {name:<6} page {warm * 1000:7.1f} ms (first {first * 1000:7.1f}"
                f" ms)  SQL {sql * 1000:6.1f} ms  ratio {warm / sql:5.2f}",
                flush=True,
            )
            if name in args.profile.split(","):
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.n):
                    page()
                profiler.disable()
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
                stats.print_stats(40)
                print(out.getvalue())
                profile_file = workdir / f"profile-{args.db}-{name}.prof"
                stats.dump_stats(profile_file)
                print(f"profile written to {profile_file}")
    finally:
        db.close()


if __name__ == "__main__":
    main()
