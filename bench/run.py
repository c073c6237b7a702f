"""`make bench`: the app under gunicorn against the bare baseline, on SQLite and PostgreSQL.

For each database it creates a bench database (a file under a temp dir; the PostgreSQL
database named `bench` — never `test`), migrates it with `flask db upgrade heads`, loads data
with bench/datagen.py, starts two gunicorn servers with 2 sync workers each — the app
(CONSULT_CONFIG=production; bench/wsgi.py is app.py plus APP_OVERRIDES, the per-address rate
limits lifted) and bench/baseline_app.py — and runs every scenario of SCENARIOS
with bench/load.py at 16 concurrent connections. The table gives each scenario's rate, p50
and p99, errors, the server CPU per operation, and its ratio to the baseline scenario measured
in the same run. Memory per worker (RSS from /proc) is read after the run.

    .venv/bin/python bench/run.py                      # both databases, ~2-3 minutes
    .venv/bin/python bench/run.py --db sqlite -d 5     # quicker
    .venv/bin/python bench/run.py --only home,consultation_page --profile home

Adding a scenario = writing one function under `@scenario(...)`. Scenarios whose routes are
not in the app's url_map yet, or whose set-up hooks still raise `Pending` (the vote path of
issue 5, the survey answers of issue 4, the 100k results pages), are skipped with a printed
note: no numbers are made up for them. --root measures another tree (e.g. an export of a
commit, for figures before and after a fix); --wrk loads the plain GETs with wrk.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
#: the app tree under test: this repository, or another checkout given with --root
APP_ROOT = ROOT
sys.path.insert(0, str(BENCH))

import datagen  # noqa: E402
from load import (  # noqa: E402
    Client,
    Operation,
    Result,
    csrf_token,
    local_path,
    run_load,
    wrk_available,
    wrk_result,
)

BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
GUNICORN = str(BIN / "gunicorn") if (BIN / "gunicorn").exists() else "gunicorn"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "bench"  # never "test": that one belongs to the test suite
REDIS = ("127.0.0.1", 6379)
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

#: config overrides for the app under test (bench/wsgi.py): per-address limits off, since
#: every bench client is 127.0.0.1; everything else is CONSULT_CONFIG=production
APP_OVERRIDES = {
    "POLL_VOTE_RATE_LIMIT": "1000000 per minute",
    "POLL_VERIFY_RATE_LIMIT": "1000000 per minute",
}

TARGETS = {
    "vote_p99_ms": 100.0,
    "vote_ratio": 0.30,
    "results_ratio": 2.0,
    "results_s": 1.0,
    "rss_mb": 150.0,
}


# --- servers ---------------------------------------------------------------------------------


def run_step(what: str, cmd: list[str], **kwargs) -> str:
    """Run a set-up command; on failure stop the bench with its output, not a traceback."""
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise SystemExit(f"bench: {what} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(entry.name))
    return sorted(kids)


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MiB."""
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * PAGE_SIZE / 2**20


def pss_mb(pid: int) -> float:
    """Proportional set size in MiB: RSS with pages shared after fork() split between sharers."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """A gunicorn master with 2 sync workers, started and stopped by the bench."""

    def __init__(self, name: str, module: str, cwd: Path, env: dict, log: Path) -> None:
        self.name, self.port = name, free_port()
        self.log = log
        self.proc = subprocess.Popen(
            [GUNICORN, "-w", "2", "-b", f"127.0.0.1:{self.port}", "--log-level", "warning", module],
            cwd=cwd,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited: see {self.log}\n{self.log.read_text()[-3000:]}"
                )
            if len(self.workers()) == 2:
                try:
                    Client(self.port, timeout=5).request("GET", "/")
                    return
                except OSError:
                    pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s (see {self.log})")

    def workers(self) -> list[int]:
        """The worker processes' ids."""
        return _children(self.proc.pid)

    def cpu(self) -> float:
        """CPU seconds used so far by the workers."""
        return sum(cpu_seconds(pid) for pid in self.workers())

    def memory(self) -> list[tuple[float, float]]:
        """Each worker's (RSS, PSS) in MiB."""
        return [(rss_mb(pid), pss_mb(pid)) for pid in self.workers()]

    def stop(self) -> None:
        """Stop gunicorn gracefully (SIGTERM to the master it started)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- the run context and the scenario registry -----------------------------------------------


@dataclass
class Context:
    """What a scenario needs: the database, the two servers, the app's routes, the data."""

    backend: str
    db_url: str
    app: Server
    baseline: Server
    routes: dict[str, str]
    data: dict = field(default_factory=dict)
    connections: int = 16
    duration: float = 8.0
    warmup: float = 1.0
    use_wrk: bool = False

    def path(self, endpoint: str, **values) -> str:
        """The URL path of an app endpoint, built from its rule (like url_for, offline)."""
        rule = self.routes[endpoint]
        for name, value in values.items():
            for converter in ("", "int:", "string:", "uuid:", "path:"):
                rule = rule.replace(f"<{converter}{name}>", str(value))
        return rule

    def db(self) -> datagen.Database:
        """A raw connection to the bench database (close it after use)."""
        return datagen.connect(self.db_url)

    def count(self, table: str) -> int:
        """Rows in `table` now."""
        db = self.db()
        try:
            return db.execute(f"SELECT COUNT(*) FROM {table}")[0][0]
        finally:
            db.close()


class Pending(Exception):
    """A scenario cannot run yet: the feature it measures is not built."""


@dataclass
class Scenario:
    """One measured path.

    kind "load": `build(ctx)` returns an operation `op(client)` run at N connections;
    kind "timed": `build(ctx)` returns {"page": op, "sql": callable} timed one at a time.
    `requires` lists app endpoints; while one is missing the scenario is skipped as pending.
    `compare_to` names the baseline scenario its ratio is taken against. `check(ctx, result,
    before)` runs after the load and returns problems (lost or duplicate rows...).
    """

    name: str
    server: str  # "app" or "baseline"
    build: Callable[[Context], object]
    compare_to: str | None = None
    requires: tuple[str, ...] = ()
    pending: str = ""
    kind: str = "load"
    before: Callable[[Context], object] | None = None
    check: Callable[[Context, Result, object], list[str]] | None = None
    #: a plain GET path wrk may load instead of the Python generator (with --wrk)
    wrk_path: Callable[[Context], str] | None = None
    #: the issue's targets for this scenario: row -> [(what, met)]
    targets: Callable[[Row], list[tuple[str, bool]]] | None = None


SCENARIOS: list[Scenario] = []


def scenario(name: str, server: str = "app", **options) -> Callable:
    """Register the decorated builder as a scenario (see `Scenario` for the options)."""

    def register(build: Callable) -> Callable:
        SCENARIOS.append(Scenario(name, server, build, **options))
        return build

    return register


# --- scenarios that exist now ----------------------------------------------------------------


@scenario("baseline_get", server="baseline", wrk_path=lambda ctx: "/")
def baseline_get(ctx: Context) -> Operation:
    """GET the baseline's tiny page."""
    return lambda client: client.get("/")


def _baseline_count(ctx: Context) -> int:
    return int(Client(ctx.baseline.port).get("/count").text)


def _baseline_no_loss(ctx: Context, result: Result, before: int) -> list[str]:
    inserted = _baseline_count(ctx) - before
    if inserted != result.succeeded:
        return [f"{result.succeeded} POSTs answered 201 but {inserted} rows were inserted"]
    return []


@scenario("baseline_post", server="baseline", before=_baseline_count, check=_baseline_no_loss)
def baseline_post(ctx: Context) -> Operation:
    """POST a form; the baseline inserts one row and commits."""
    return lambda client: client.post("/", {"body": "a ballot-sized payload " * 4}, expect=(201,))


@scenario(
    "home",
    compare_to="baseline_get",
    requires=("public.home",),
    wrk_path=lambda ctx: ctx.path("public.home"),
)
def home(ctx: Context) -> Operation:
    """The public home page: open, upcoming and recently closed consultations, filters."""
    path = ctx.path("public.home")
    return lambda client: client.get(path)


@scenario(
    "consultation_page",
    compare_to="baseline_get",
    requires=("public.consultation",),
    wrk_path=lambda ctx: ctx.path(
        "public.consultation", consultation_id=ctx.data["open_consultations"][0]
    ),
)
def consultation_page(ctx: Context) -> Operation:
    """A consultation's public page (an open one, with two documents), cycling through them."""
    ids = ctx.data["open_consultations"]
    paths = [ctx.path("public.consultation", consultation_id=i) for i in ids]
    counter = iter(range(10**9))
    return lambda client: client.get(paths[next(counter) % len(paths)])


# --- PENDING scenarios: the vote path (issue 5) and survey answers (issue 4) ------------------
# Each is skipped with a printed note while a required route is missing from app.url_map, and
# after that while one of its `Pending` hooks below is not written. When a feature lands, its
# engineer replaces the hooks (how a bench voter is verified, the ballot's fields, the data to
# load with datagen.bulk_insert, the raw SQL) and deletes the `pending` text. The endpoint and
# table names are those of the work in progress on 26 Nov 2026 (polls.poll / verify / confirm,
# surveys.enter_code / take; poll_ballots, poll_participations, survey_responses).
#
# Rate limits: the vote and verify POSTs are limited per client address (POLL_VOTE_RATE_LIMIT,
# POLL_VERIFY_RATE_LIMIT, default 10 per minute); every bench client is 127.0.0.1, so the
# bench app must run with those limits raised (see bench/README.md).

POLL_BALLOT = "polls.poll"  # GET the ballot form (CSRF), POST it with action=continue
POLL_VERIFY = "polls.verify"  # one person, one vote: the verification steps
POLL_CONFIRM = "polls.confirm"  # POST casts the ballot, redirects to the receipt
POLL_RESULTS = "polls.results"  # not in the tree yet
SURVEY_CODE = "surveys.enter_code"  # the one-time staff token
SURVEY_TAKE = "surveys.take"  # the questionnaire
SURVEY_RESULTS = "surveys.results"  # not in the tree yet


def _prepare_poll(ctx: Context) -> None:
    """Pending (issue 5): create an open poll with its projects (datagen), set
    ctx.data["poll_id"], and pre-create one verification per bench voter."""
    raise Pending("issue 5: a bench poll and its voters in datagen")


def _verify_voter(client: Client, ctx: Context, n: int) -> None:
    """Pending (issue 5): take this client through POLL_VERIFY as bench voter `n`."""
    raise Pending("issue 5: how a bench voter gets a verified session")


def _ballot_form(page_html: str, ctx: Context) -> dict[str, str]:
    """Pending (issue 5): the fields of one valid ballot (projects chosen) read off the form."""
    raise Pending("issue 5: the ballot form's fields")


def _ballots_now(ctx: Context) -> tuple[int, int]:
    return ctx.count("poll_ballots"), ctx.count("poll_participations")


def _no_lost_or_duplicate_ballot(ctx: Context, result: Result, before: tuple) -> list[str]:
    """Every vote that reached its receipt is exactly one ballot and one participation."""
    ballots, participations = (
        after - b for after, b in zip(_ballots_now(ctx), before, strict=True)
    )
    problems = []
    if ballots != result.succeeded:
        problems.append(f"{result.succeeded} votes reached a receipt, {ballots} ballots stored")
    if participations != ballots:
        problems.append(f"{ballots} ballots but {participations} participations")
    return problems


def write_path_targets(row: Row) -> list[tuple[str, bool]]:
    """Issue 9: >= 30% of the bare POST, p99 < 100 ms, no error, no lost/duplicate row."""
    r = row.result
    problems = [note for note in row.notes if not note.startswith("error:")]
    return [
        (
            f"ratio {row.ratio or 0:.2f} >= {TARGETS['vote_ratio']}",
            (row.ratio or 0) >= TARGETS["vote_ratio"],
        ),
        (
            f"p99 {r.percentile(99):.0f} ms < {TARGETS['vote_p99_ms']:.0f}",
            r.percentile(99) < TARGETS["vote_p99_ms"],
        ),
        (f"{r.errors} errors", r.errors == 0),
        ("row counts match" if not problems else "; ".join(problems), not problems),
    ]


def results_targets(row: Row) -> list[tuple[str, bool]]:
    """Issue 9: the results page within 2x the raw GROUP BY and under 1 s."""
    t = row.timed
    return [
        (
            f"page/SQL {t['ratio']:.2f} <= {TARGETS['results_ratio']}",
            t["ratio"] <= TARGETS["results_ratio"],
        ),
        (f"page {t['page_s'] * 1000:.0f} ms < 1000", t["page_s"] < TARGETS["results_s"]),
    ]


@scenario(
    "vote",
    compare_to="baseline_post",
    requires=(POLL_BALLOT, POLL_VERIFY, POLL_CONFIRM),
    pending="issue 5 (polls): ballot form with CSRF, verified session, POST, redirect",
    before=_ballots_now,
    check=_no_lost_or_duplicate_ballot,
    targets=write_path_targets,
)
def vote(ctx: Context) -> Operation:
    """One voter's whole flow; every operation is a new voter, so each success is one ballot."""
    _prepare_poll(ctx)
    poll_id = ctx.data["poll_id"]
    ballot_path = ctx.path(POLL_BALLOT, poll_id=poll_id)
    confirm_path = ctx.path(POLL_CONFIRM, poll_id=poll_id)
    voters = iter(range(10**9))

    def op(client: Client) -> None:
        client.cookies.clear()
        page = client.get(ballot_path)
        fields = {"csrf_token": csrf_token(page.text), "action": "continue"}
        client.post(ballot_path, {**fields, **_ballot_form(page.text, ctx)}, expect=(302, 303))
        _verify_voter(client, ctx, next(voters))
        confirm = client.get(confirm_path)
        cast = client.post(
            confirm_path, {"csrf_token": csrf_token(confirm.text)}, expect=(302, 303)
        )
        client.get(local_path(cast.header("location") or "/"))

    return op


@scenario(
    "survey_answer",
    compare_to="baseline_post",
    requires=(SURVEY_CODE, SURVEY_TAKE),
    pending="issue 4 (surveys): questionnaire reached with a one-time token, POST, redirect",
    targets=write_path_targets,
)
def survey_answer(ctx: Context) -> Operation:
    """One staff member redeems one pre-generated token and answers the questionnaire."""
    raise Pending("issue 4: a bench survey, its token hashes (datagen) and the answer fields")


def _results_scenario(endpoint: str, table: str, issue: str) -> Callable[[Context], dict]:
    def build(ctx: Context) -> dict:
        raise Pending(
            f"{issue}: fill {table} with datagen.bulk_insert(db, table, columns, 100_000) and"
            " give the raw SQL GROUP BY the page's numbers come from"
        )

    build.__doc__ = f"The results page at {endpoint} over 100,000 rows vs the raw GROUP BY."
    return build


scenario(
    "poll_results_100k",
    kind="timed",
    requires=(POLL_RESULTS,),
    pending="issue 5: results page of a poll with 100,000 ballots vs raw SQL GROUP BY",
    targets=results_targets,
)(_results_scenario(POLL_RESULTS, "poll_ballots", "issue 5"))
scenario(
    "survey_results_100k",
    kind="timed",
    requires=(SURVEY_RESULTS,),
    pending="issue 4: results page of a survey with 100,000 responses vs raw SQL GROUP BY",
    targets=results_targets,
)(_results_scenario(SURVEY_RESULTS, "survey_responses", "issue 4"))


# --- running ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the report."""

    backend: str
    name: str
    result: Result | None = None
    cpu_ms: float = float("nan")
    ratio: float | None = None
    cpu_ratio: float | None = None
    timed: dict | None = None
    notes: list[str] = field(default_factory=list)
    targets: list[tuple[str, bool]] = field(default_factory=list)


def app_routes(env: dict) -> dict[str, str]:
    """{endpoint: rule} of the app as configured for the bench."""
    code = (
        "import json; from consult import create_app; "
        "print(json.dumps({r.endpoint: r.rule for r in create_app().url_map.iter_rules()}))"
    )
    out = run_step("reading the app's url_map", [PYTHON, "-c", code], cwd=APP_ROOT, env=env)
    return json.loads(out.strip().splitlines()[-1])


def run_timed(ctx: Context, parts: dict, repeat: int = 5) -> dict:
    """Median time of the page (one request at a time, after one warm-up) and of the SQL."""
    client = Client(ctx.app.port)
    parts["page"](client)
    page = []
    for _ in range(repeat):
        started = time.perf_counter()
        parts["page"](client)
        page.append(time.perf_counter() - started)
    sql = []
    for _ in range(repeat):
        started = time.perf_counter()
        parts["sql"]()
        sql.append(time.perf_counter() - started)
    page_s, sql_s = statistics.median(page), statistics.median(sql)
    return {"page_s": page_s, "sql_s": sql_s, "ratio": page_s / sql_s if sql_s else None}


def run_scenario(ctx: Context, item: Scenario, rates: dict[str, tuple[float, float]]) -> Row:
    """Build and run one scenario; Pending while its feature is missing."""
    row = Row(ctx.backend, item.name)
    built = item.build(ctx)
    if item.kind == "timed":
        row.timed = run_timed(ctx, built)
        row.targets = item.targets(row) if item.targets else []
        return row
    server = ctx.app if item.server == "app" else ctx.baseline
    before = item.before(ctx) if item.before else None
    cpu_before = server.cpu()
    if ctx.use_wrk and item.wrk_path:
        url = f"http://127.0.0.1:{server.port}{item.wrk_path(ctx)}"
        row.result = wrk_result(url, ctx.connections, ctx.duration, ctx.warmup)
    else:
        row.result = run_load(built, server.port, ctx.connections, ctx.duration, ctx.warmup)
    used = server.cpu() - cpu_before
    row.cpu_ms = 1000 * used / max(1, row.result.total)
    if item.check:
        row.notes += item.check(ctx, row.result, before)
    row.notes += [f"error: {e}" for e in row.result.error_samples]
    rates[item.name] = (row.result.rate, row.cpu_ms)
    if item.compare_to in rates:
        base_rate, base_cpu = rates[item.compare_to]
        row.ratio = row.result.rate / base_rate if base_rate else None
        row.cpu_ratio = row.cpu_ms / base_cpu if base_cpu else None
    row.targets = item.targets(row) if item.targets else []
    return row


_PROFILE = """
import cProfile, io, pstats, sys, time
from consult import create_app
paths, seconds, out = {paths!r}, {seconds!r}, {out!r}
client = create_app().test_client()
for p in paths:
    assert client.get(p).status_code == 200, p
started, plain = time.perf_counter(), 0
while time.perf_counter() - started < 2:
    client.get(paths[plain % len(paths)])
    plain += 1
print(round(1000 * (time.perf_counter() - started) / plain, 2), "ms per request without profiler;")
prof, n, end = cProfile.Profile(), 0, time.perf_counter() + seconds
prof.enable()
while time.perf_counter() < end:
    client.get(paths[n % len(paths)])
    n += 1
prof.disable()
prof.dump_stats(out)
text = io.StringIO()
pstats.Stats(prof, stream=text).sort_stats("tottime").print_stats(15)
print(n, "requests in", seconds, "s;", round(1000 * seconds / n, 2), "ms each under cProfile")
print(text.getvalue().split("ncalls", 1)[-1])
"""


def profile_scenario(ctx: Context, item: Scenario, out: Path, seconds: float = 5.0) -> None:
    """Profile the app's handling of one GET scenario in-process with cProfile.

    The requests go through Flask's test client in a fresh process with the bench's
    configuration and database, so the profile shows the app's own code (views, templates,
    ORM), not gunicorn or the load generator. The .prof file opens with `python -m pstats`.
    """
    paths = ctx.data["profile_paths"].get(item.name)
    if not paths:
        print(f"  (no profile paths for {item.name})")
        return
    code = _PROFILE.format(paths=paths, seconds=seconds, out=str(out))
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=APP_ROOT, env=ctx.data["app_env"], capture_output=True, text=True
    )
    print(f"  profile of {item.name} ({out}):")
    print("    " + (done.stdout or done.stderr).strip().replace("\n", "\n    "))


def prepare_database(backend: str, tmp: Path) -> str:
    """Create an empty bench database and return its SQLAlchemy URL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'bench.sqlite'}"
    admin = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
    run_step("dropdb bench", ["dropdb", *admin, "--if-exists", PG_DATABASE])
    run_step("createdb bench", ["createdb", *admin, PG_DATABASE])
    return f"{PG_SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{PG_DATABASE}"


def loadavg() -> str:
    """The 1-minute load average and the CPU count, to judge how quiet the machine was."""
    return f"{Path('/proc/loadavg').read_text().split()[0]} on {os.cpu_count()} CPUs"


def redis_up() -> bool:
    """True when Redis answers on 127.0.0.1:6379."""
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def run_backend(backend: str, args: argparse.Namespace, tmp: Path) -> tuple[list[Row], dict]:
    """Everything for one database: migrate, load data, serve, run the scenarios."""
    print(f"\n== {backend} ==", flush=True)
    db_url = prepare_database(backend, tmp)
    env = {
        **os.environ,
        "CONSULT_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": db_url,
        "CONSULT_INSTANCE": str(tmp / "instance"),
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15" if redis_up() else "memory://",
        "MAIL_BACKEND": "memory",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(APP_ROOT),
        "BENCH_APP_ROOT": str(APP_ROOT),
        "BENCH_APP_CONFIG": json.dumps(APP_OVERRIDES),
    }
    started = time.perf_counter()
    run_step(
        "flask db upgrade heads",
        [PYTHON, "-m", "flask", "--app", "app", "db", "upgrade", "heads"],
        cwd=APP_ROOT,
        env=env,
    )
    db = datagen.connect(db_url)
    try:
        seeded = datagen.seed_consultations(db, args.consultations)
        open_ids = [
            r[0]
            for r in db.execute("SELECT id FROM consultations WHERE status = 'open' ORDER BY id")
        ]
    finally:
        db.close()
    run_step("creating the baseline table", [PYTHON, str(BENCH / "baseline_app.py")], env=env)
    print(
        f"migrated and loaded {args.consultations} consultations in "
        f"{time.perf_counter() - started:.1f} s (data {seeded['seconds']:.2f} s)",
        flush=True,
    )

    routes = app_routes(env)
    app = Server("app", "wsgi:app", BENCH, env, tmp / f"gunicorn-app-{backend}.log")
    try:
        baseline = Server(
            "baseline", "baseline_app:app", BENCH, env, tmp / f"gunicorn-baseline-{backend}.log"
        )
    except Exception:
        app.stop()
        raise
    ctx = Context(
        backend,
        db_url,
        app,
        baseline,
        routes,
        connections=args.connections,
        duration=args.duration,
        warmup=args.warmup,
        use_wrk=args.wrk,
    )
    ctx.data.update(
        open_consultations=open_ids,
        app_env=env,
        profile_paths={
            "home": ["/"],
            "consultation_page": [f"/consultations/{i}" for i in open_ids],
        },
    )
    rows, rates, memory = [], {}, {}
    try:
        for item in SCENARIOS:
            if args.only and item.name not in args.only:
                continue
            missing = [e for e in item.requires if e not in routes]
            if missing:
                print(
                    f"  PENDING {item.name}: {item.pending or 'not built'} — route "
                    f"{', '.join(missing)} not in app.url_map; skipped",
                    flush=True,
                )
                continue
            try:
                row = run_scenario(ctx, item, rates)
            except Pending as why:
                print(f"  PENDING {item.name}: {why}; skipped", flush=True)
                continue
            except Exception as exc:  # one broken scenario must not lose the others' figures
                print(f"  FAILED {item.name}: {type(exc).__name__}: {exc}", flush=True)
                rows.append(Row(backend, item.name, notes=[f"failed: {exc}"]))
                continue
            rows.append(row)
            if row.result:
                print(f"  {item.name:<20} {row.result.line()}", flush=True)
            else:
                print(f"  {item.name:<20} {row.timed}", flush=True)
            if args.profile and item.name in args.profile:
                profile_scenario(ctx, item, tmp / f"profile-{backend}-{item.name}.prof")
        memory = {"app": app.memory(), "baseline": baseline.memory()}
    finally:
        app.stop()
        baseline.stop()
    return rows, memory


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None or value != value else format(value, spec)


def report(rows: list[Row], memory: dict, args: argparse.Namespace) -> None:
    """The table of every figure and ratio, the memory, and the targets of issue 9."""
    print(
        f"\nAt {args.connections} concurrent connections, {args.duration:g} s each "
        f"after {args.warmup:g} s warm-up; gunicorn -w 2 (sync).\n"
        "ratio = ops/s ÷ the baseline's ops/s in this run (higher is better, 1 = the bare "
        "limit);\nCPU× = server CPU per operation ÷ the baseline's (lower is better)."
    )
    header = (
        f"{'db':<10} {'scenario':<20} {'ops/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'srv CPU ms/op':>13} {'ratio':>6} {'CPU×':>6}  tool"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if row.result:
            r = row.result
            print(
                f"{row.backend:<10} {row.name:<20} {r.rate:8.1f} {r.percentile(50):8.2f} "
                f"{r.percentile(99):8.2f} {r.errors:6d} {row.cpu_ms:13.2f} "
                f"{_fmt(row.ratio, '6.2f'):>6} {_fmt(row.cpu_ratio, '6.1f'):>6}  {r.tool}"
            )
        elif row.timed:
            t = row.timed
            print(
                f"{row.backend:<10} {row.name:<20} page {t['page_s'] * 1000:.1f} ms, "
                f"SQL {t['sql_s'] * 1000:.1f} ms, ratio {_fmt(t['ratio'], '.2f')}"
            )
        else:
            print(f"{row.backend:<10} {row.name:<20} (no figures)")
        for note in row.notes:
            print(f"{'':<11}! {note}")
    print(
        f"\nMemory per worker after the run, MiB (target RSS < {TARGETS['rss_mb']:.0f}); "
        "PSS splits the pages shared with the gunicorn master:"
    )
    for backend, servers in memory.items():
        for name, sizes in servers.items():
            each = "   ".join(f"RSS {rss:6.1f} PSS {pss:6.1f}" for rss, pss in sizes)
            print(f"  {backend:<10} {name:<9} {each}")
    print("\nTargets of issue 9:")
    for row in rows:
        for what, met in row.targets:
            print(f"  {'met   ' if met else 'MISSED'} {row.backend:<10} {row.name:<20} {what}")
    for backend, servers in memory.items():
        app_rss = max((rss for rss, _ in servers.get("app", [])), default=0)
        met = app_rss < TARGETS["rss_mb"]
        print(
            f"  {'met   ' if met else 'MISSED'} {backend:<10} {'memory':<20} app worker RSS "
            f"{app_rss:.0f} MB < {TARGETS['rss_mb']:.0f}"
        )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"\nLoad generator CPU: {usage.ru_utime + usage.ru_stime:.1f} s on the same "
        f"{os.cpu_count()} CPUs as the servers; load average {loadavg()} at the end."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the app against the bare baseline.")
    parser.add_argument("--db", default="sqlite,postgresql", help="sqlite,postgresql")
    parser.add_argument("-c", "--connections", type=int, default=16)
    parser.add_argument("-d", "--duration", type=float, default=8.0, help="seconds per scenario")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--consultations", type=int, default=500)
    parser.add_argument("--only", type=lambda s: set(s.split(",")), default=None)
    parser.add_argument(
        "--profile",
        type=lambda s: set(s.split(",")),
        default=None,
        help="cProfile these scenarios in-process after their run",
    )
    parser.add_argument(
        "--wrk",
        action="store_true",
        help="load the plain GET scenarios with wrk (when installed) instead of Python",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="the app tree to measure (default: this repository), e.g. an export of a commit",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, profiles)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.wrk and not wrk_available():
        print("bench: wrk is not installed (apt-get install wrk); using the Python generator")
        args.wrk = False
    global APP_ROOT
    APP_ROOT = args.root.resolve()
    print(f"app tree: {APP_ROOT}; load average {loadavg()} at the start")
    if float(Path("/proc/loadavg").read_text().split()[0]) > 0.5 * (os.cpu_count() or 1):
        print("bench: WARNING the machine is busy; figures will be low and noisy")

    begun = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="consult-bench-"))
    all_rows, memory = [], {}
    try:
        failed = []
        for backend in args.db.split(","):
            try:
                rows, memory[backend] = run_backend(backend, args, tmp)
            except (SystemExit, Exception) as exc:  # keep the other database's figures
                print(f"bench: {backend} failed: {exc}")
                failed.append(backend)
                continue
            all_rows += rows
        report(all_rows, memory, args)
        if args.json:
            args.json.write_text(
                json.dumps(
                    [
                        {
                            "db": r.backend,
                            "scenario": r.name,
                            "ops_s": r.result and r.result.rate,
                            "p50_ms": r.result and r.result.percentile(50),
                            "p99_ms": r.result and r.result.percentile(99),
                            "errors": r.result and r.result.errors,
                            "cpu_ms": r.cpu_ms,
                            "tool": r.result and r.result.tool,
                            "ratio": r.ratio,
                            "cpu_ratio": r.cpu_ratio,
                            "timed": r.timed,
                            "notes": r.notes,
                        }
                        for r in all_rows
                    ]
                    + [{"memory": memory}],
                    indent=1,
                )
            )
    finally:
        if args.keep or args.profile:
            print(f"logs{' and profiles' if args.profile else ''} kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"bench took {time.perf_counter() - begun:.0f} s")
    if failed:
        raise SystemExit(f"bench: failed on {', '.join(failed)}")


if __name__ == "__main__":
    main()
