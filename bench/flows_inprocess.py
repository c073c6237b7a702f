"""The vote and the staff answer timed step by step in one process (Flask's test client).

No gunicorn, no HTTP, no load generator: the CPU each request of the flow costs the app,
steadier than the served figures on a shared machine, next to the bare baseline's POST
(bench/baseline_app.py, in the same process, on the same database file) and the app's
cheapest page (robots.txt: the cost every request pays before any view runs).

    .venv/bin/python bench/flows_inprocess.py                  # 300 votes, SQLite
    .venv/bin/python bench/flows_inprocess.py --flow survey    # 300 staff answers
    .venv/bin/python bench/flows_inprocess.py -n 200 --profile # and the top of a cProfile
    .venv/bin/python bench/flows_inprocess.py --root /tmp/tree # another tree (before/after)
    .venv/bin/python bench/flows_inprocess.py -n 1 --sql       # the SQL of each step
    .venv/bin/python bench/flows_inprocess.py --flow survey --db postgresql --sql-times
                                                    # each statement's mean wall ms, by step
    .venv/bin/python bench/flows_inprocess.py --flow survey --profile-step questionnaire

Prints, per step of the flow: CPU ms per request (process time: what a worker spends),
then per vote, and the ratios requests/s ÷ the bare POST's requests/s that CPU alone allows.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import datagen  # noqa: E402
from load import csrf_token, local_path, signed_state  # noqa: E402
from run import BASELINE_PRAGMAS, rate_limit_storage  # noqa: E402

PEOPLE = 20_000  # on the voter list, and access codes of the staff survey
#: the app's cheapest route: no template, no database; what every request pays before a view
CHEAPEST = "/assets/css/plotly.css"
STEPS = {
    # the voter list is asked on the ballot, whose POST answers with the confirmation
    "vote": ("ballot page", "ballot POST", "cast"),
    "survey": ("code page", "code POST", "questionnaire", "answers POST", "thanks page"),
}


def bench_database(backend: str, workdir: Path) -> str:
    """A fresh SQLite file, or the bench's PostgreSQL database dropped and re-created
    (`datagen.fresh_postgres_database`)."""
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite'}"
    return datagen.fresh_postgres_database()


def prepare(url: str, workdir: Path, root: Path, env: dict, earlier: int) -> dict:
    """A migrated database with an open poll and its voter list, and an open staff survey
    with its access codes (as bench/run.py's vote and survey_answer scenarios have them) and
    `earlier` responses already given today, with as many more codes already used."""
    keys = datagen.migrated_database(url, workdir, root, env)
    db = datagen.connect(url)
    try:
        datagen.seed_consultations(db, 20)
        poll = datagen.seed_poll(db, "open")
        datagen.seed_voter_list(db, poll["poll_id"], PEOPLE, keys["POLL_IDENTITY_KEY"].encode())
        survey = datagen.seed_survey(db, "staff", "open")
        datagen.seed_staff_tokens(
            db, survey["survey_id"], PEOPLE, keys["SURVEY_TOKEN_KEY"].encode()
        )
        if earlier:  # as many codes used as responses given, none of them the flows' own
            key = keys["SURVEY_TOKEN_KEY"].encode()
            datagen.seed_staff_tokens(db, survey["survey_id"], earlier, key, PEOPLE, used=True)
            datagen.seed_responses(db, survey, earlier, dt.date.today(), staff=True)
        if db.dialect == "postgresql":
            db.execute("ANALYZE")  # the statistics autovacuum would have gathered by then
            db.commit()
    finally:
        db.close()
    return {"url": url, "keys": keys, "poll": poll, "survey": survey}


class Timer:
    """Process CPU time and wall-clock time per named step."""

    def __init__(self, show: bool = False, profiled: str | None = None) -> None:
        self.show = show
        #: the step whose requests are profiled (`--profile-step`), and its profiler
        self.profiled = profiled
        self.profiler = cProfile.Profile()
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.wall: dict[str, list[float]] = defaultdict(list)

    #: the step running now (`--sql-times` files each statement under it)
    current = ""

    def step(self, name: str, call):
        Timer.current = name
        if self.show:
            print("--", name)
        if name == self.profiled:
            self.profiler.enable()
        started, clock = time.process_time(), time.perf_counter()
        response = call()
        if name == self.profiled:
            self.profiler.disable()
        self.cpu[name].append(time.process_time() - started)
        self.wall[name].append(time.perf_counter() - clock)
        return response

    def ms(self, name: str) -> float:
        values = self.cpu[name]
        return 1000 * sum(values) / len(values)

    def wall_ms(self, name: str) -> float:
        values = self.wall[name]
        return 1000 * sum(values) / len(values)


def vote(client, timer: Timer, ids: dict, n: int) -> None:
    """Voter `n`'s whole flow, as bench/run.py's vote scenario does it over HTTP (`client`:
    a new browser, no cookie)."""
    poll = ids["poll"]
    ballot = f"/polls/{poll['poll_id']}"
    page = timer.step("ballot page", lambda: client.get(ballot))
    form = {
        "csrf_token": csrf_token(page.text),
        "action": "continue",
        "personal_number": datagen.personal_number(n),
        "birth_year": str(datagen.birth_year(n)),
        "project": [str(p) for p in datagen.ballot_choices(poll["project_ids"], n)],
    }
    # the ballot with the identity: checked against the voter list, answered with the
    # confirmation itself (its form posts to /confirm)
    confirm_page = timer.step("ballot POST", lambda: client.post(ballot, data=form))
    assert confirm_page.status_code == 200, (confirm_page.status_code, confirm_page.text[-1500:])
    confirm = f"{ballot}/confirm"
    assert f'action="{confirm}"' in confirm_page.text, confirm_page.text[-1500:]
    cast = timer.step(
        "cast", lambda: client.post(confirm, data={"csrf_token": csrf_token(confirm_page.text)})
    )
    assert 'class="receipt"' in cast.text, cast.status_code


def answer(client, timer: Timer, ids: dict, n: int) -> None:
    """Staff member `n`'s answer, as bench/run.py's survey_answer scenario does it (`client`:
    a new browser, no cookie)."""
    survey = ids["survey"]
    code_path = f"/surveys/{survey['survey_id']}/code"
    page = timer.step("code page", lambda: client.get(code_path))
    code = {"csrf_token": csrf_token(page.text), "code": datagen.access_code(n)}
    opened = timer.step("code POST", lambda: client.post(code_path, data=code))
    assert opened.status_code in (302, 303), (opened.status_code, opened.text[-800:])
    take_path = local_path(opened.headers["Location"])
    take = timer.step("questionnaire", lambda: client.get(take_path))
    answers = {
        "csrf_token": csrf_token(take.text),
        "state": signed_state(take.text),
        **datagen.staff_answers(survey, n),
    }
    done = timer.step("answers POST", lambda: client.post(take_path, data=answers))
    assert done.status_code in (302, 303), (done.status_code, done.text[-800:])
    thanks = local_path(done.headers["Location"])
    timer.step("thanks page", lambda: client.get(thanks))


FLOWS = {"vote": vote, "survey": answer}


def bare_post_ms(url: str, repeat: int) -> tuple[float, float]:
    """CPU ms of the bare baseline's GET and POST, in this process, on the same file."""
    os.environ["DATABASE_URL"] = url
    os.environ["BASELINE_SQLITE_PRAGMAS"] = BASELINE_PRAGMAS
    import baseline_app

    baseline_app.create_table()

    client = baseline_app.app.test_client()
    times = {}
    for method in ("get", "post"):
        call = getattr(client, method)
        call("/")
        started = time.process_time()
        for _ in range(repeat):
            call("/")
        times[method] = 1000 * (time.process_time() - started) / repeat
    return times["get"], times["post"]


def print_profile(profiler: cProfile.Profile, order: str, lines: int) -> None:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(lines)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="flows to time")
    parser.add_argument("--flow", default="vote", choices=sorted(FLOWS))
    parser.add_argument("--profile", action="store_true", help="cProfile the flows too")
    parser.add_argument(
        "--profile-step", metavar="STEP", help="cProfile one step of the flow (its timing too)"
    )
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument(
        "--earlier", type=int, default=0, help="survey responses given today (and codes used)"
    )
    parser.add_argument("--sql", action="store_true", help="print every statement, by step")
    parser.add_argument(
        "--sql-times",
        action="store_true",
        help="each statement's mean wall-clock ms (driver and database), by step",
    )
    parser.add_argument("--root", type=Path, default=BENCH.parent, help="the app tree")
    args = parser.parse_args()
    root = args.root.resolve()
    workdir = Path(tempfile.mkdtemp(prefix="consult-flows-"))
    env = {**os.environ, "CONSULT_CONFIG": "production", "PYTHONPATH": str(root)}
    env.update(
        MAIL_BACKEND="memory",
        RATELIMIT_STORAGE_URI=rate_limit_storage(),
        PUBLIC_URL="https://bench.example",
    )
    ids = prepare(bench_database(args.db, workdir), workdir, root, env, args.earlier)
    os.environ.update(env)
    os.environ.update(DATABASE_URL=ids["url"], CONSULT_INSTANCE=str(workdir / "inst"))
    os.environ.update(ids["keys"])
    sys.path.insert(0, str(root))
    from consult import create_app

    app = create_app()
    app.config.update(
        POLL_VOTE_RATE_LIMIT="1000000 per minute",
        POLL_VERIFY_RATE_LIMIT="1000000 per minute",
        SURVEY_CODE_RATE_LIMIT="1000000 per minute",
    )
    if args.sql:
        from sqlalchemy import event

        from consult.extensions import db

        with app.app_context():

            @event.listens_for(db.engine, "before_cursor_execute")
            def show(conn, cursor, statement, parameters, context, executemany):
                print("   SQL", statement[:150].replace("\n", " "))

    statement_times: dict[tuple[str, str], list[float]] = defaultdict(list)
    if args.sql_times:
        from sqlalchemy import event

        from consult.extensions import db

        with app.app_context():

            @event.listens_for(db.engine, "before_cursor_execute")
            def started(conn, cursor, statement, parameters, context, executemany):
                conn.info["bench_started"] = time.perf_counter()

            @event.listens_for(db.engine, "after_cursor_execute")
            def ended(conn, cursor, statement, parameters, context, executemany):
                took = time.perf_counter() - conn.info.pop("bench_started")
                head = " ".join(statement.split())[:90]
                statement_times[(Timer.current, head)].append(took)

    def browser():
        """A new browser with no cookie, as each operation of the served bench is."""
        client = app.test_client()
        # Flask's test client speaks https to PUBLIC_URL's host here (PREFERRED_URL_SCHEME,
        # SERVER_NAME), where Flask-WTF wants a same-site Referer, as a browser sends it
        client.environ_base["HTTP_REFERER"] = f"{env['PUBLIC_URL']}/"
        return client

    client = browser()
    flow, steps = FLOWS[args.flow], STEPS[args.flow]
    warm = Timer()
    for n in range(20):
        flow(browser(), warm, ids, n)
    timer = Timer(show=args.sql, profiled=args.profile_step)
    for n in range(20, 20 + args.n):
        flow(browser(), timer, ids, n)
    robots = Timer()
    for _ in range(args.n):
        robots.step("robots", lambda: client.get(CHEAPEST))
    bare_get, bare_post = bare_post_ms(ids["url"], args.n)

    print(
        f"{args.n} × {args.flow} on {args.db} ({args.earlier} earlier responses today), "
        "CPU ms per request (process time of this process; the database server's is not in it "
        "on PostgreSQL), and wall-clock ms:"
    )
    for name in steps:
        print(f"  {name:<14} {timer.ms(name):6.2f}  {timer.wall_ms(name):7.2f}")
    per_flow = sum(timer.ms(name) for name in steps)
    wall = sum(timer.wall_ms(name) for name in steps)
    per_request = per_flow / len(steps)
    print(f"  {'whole flow':<14} {per_flow:6.2f}  {wall:7.2f}  ({per_request:.2f} CPU per request)")
    print(f"  cheapest route {robots.ms('robots'):6.2f}  ({CHEAPEST}: what any request pays)")
    print(f"  bare GET       {bare_get:6.2f}")
    print(f"  bare POST      {bare_post:6.2f}")
    print(
        f"requests/s that CPU allows, {args.flow} ÷ bare POST: {bare_post / per_request:.2f}; "
        f"flows/s ÷ bare POSTs/s: {bare_post / per_flow:.3f}"
    )
    if args.sql_times:
        print("statements, mean wall-clock ms per request of the step (after the warm-up):")
        for step in steps:
            runs = len(timer.wall[step])
            print(f"-- {step}")
            for (name, head), took in statement_times.items():
                if name == step:
                    print(f"  {1000 * sum(took[-runs:]) / runs:6.2f}  {head}")
    if args.profile_step:
        print(f"cProfile of the step {args.profile_step!r}, cumulative:")
        print_profile(timer.profiler, "cumulative", 45)
        step_file = workdir / "profile-step.prof"
        timer.profiler.dump_stats(step_file)
        print(f"profile written to {step_file}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(20 + args.n, 20 + 2 * args.n):
            flow(browser(), Timer(), ids, n)
        profiler.disable()
        print_profile(profiler, "tottime", 30)
        profile_file = workdir / f"profile-{args.flow}.prof"
        profiler.dump_stats(profile_file)
        print(f"profile written to {profile_file}")


if __name__ == "__main__":
    main()
