"""`make bench`: the app under gunicorn against the bare baseline, on SQLite and PostgreSQL.

For each database it creates a bench database (a file under a temp dir; the PostgreSQL
database `consult_bench` — never `test`), migrates it with `flask db upgrade heads`, loads
data with bench/datagen.py, starts two gunicorn servers with 2 sync workers each — the app
(CONSULT_CONFIG=production, the tree's gunicorn.conf.py; bench/wsgi.py is app.py plus
APP_OVERRIDES, the per-address rate limits lifted) and bench/baseline_app.py — and runs
every scenario of SCENARIOS with bench/load.py at 16 concurrent connections. The table gives
each scenario's rate, p50 and p99, errors, the server CPU per operation, and its ratio to the
baseline scenario measured in the same run; the results pages are timed one request at a
time against the raw SQL GROUP BY over the same 100,000 rows. Memory per worker (RSS, PSS
and USS from /proc) is read before the results pages and at the end.

    .venv/bin/python bench/run.py                      # both databases, ~5-6 minutes
    .venv/bin/python bench/run.py --db sqlite -d 3     # quicker
    .venv/bin/python bench/run.py --only home,consultation_page --profile home

Adding a scenario = writing one function under `@scenario(...)`. Scenarios whose routes are
not in the app's url_map, or whose set-up raises `Pending`, are skipped with a printed note:
no numbers are made up for them. --root measures another tree (e.g. an export of a commit,
for figures before and after a fix); --wrk loads the plain GETs with wrk.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
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
import threading
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
    LoadError,
    Operation,
    Response,
    Result,
    csrf_token,
    local_path,
    run_load,
    signed_state,
    wrk_available,
    wrk_result,
)

BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
GUNICORN = str(BIN / "gunicorn") if (BIN / "gunicorn").exists() else "gunicorn"
REDIS = ("127.0.0.1", 6379)
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

#: config overrides for the app under test (bench/wsgi.py): per-address limits off, since
#: every bench client is 127.0.0.1; everything else is CONSULT_CONFIG=production
APP_OVERRIDES = {
    "POLL_VOTE_RATE_LIMIT": "1000000 per minute",
    "POLL_VERIFY_RATE_LIMIT": "1000000 per minute",
    "SURVEY_CODE_RATE_LIMIT": "1000000 per minute",
}
#: the SQLite settings the app's connections use (consult/extensions.py), given to the
#: baseline's connections too so both write the same way; BASELINE_SQLITE_PRAGMAS in the
#: environment (even empty, for a tree without them) overrides it
BASELINE_PRAGMAS = "journal_mode=WAL;synchronous=NORMAL;busy_timeout=5000"

TARGETS = {
    "vote_p99_ms": 100.0,
    "vote_ratio": 0.30,
    "results_ratio": 2.0,
    "results_s": 1.0,
    "worker_mb": 150.0,
}
#: issue #23: the targets read per HTTP request of a flow, and the pages' share of the bare GET
TARGETS_23 = {
    "request_ratio": 0.20,
    "request_p99_ms": 100.0,
    "vote_requests": 4,
    "page_ratio": 0.10,
}
#: the scenarios each of issue #23's targets reads
FLOWS_23 = ("vote", "survey_answer")
PAGES_23 = ("home", "consultation_page")
#: issue #22: with every municipality in, the first's pages and vote cost at most this much
#: more than with it alone (the same, within the noise of a shared machine)
NATIONAL_TARGET = 1.2


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


def shared_split_mb(pid: int) -> tuple[float, float]:
    """(PSS, USS) in MiB. PSS: the process's own pages plus its share of the pages it shares
    (after fork(), with the master and the other workers); the PSS of all processes adds up
    to the memory they use together. USS: its own pages only, what stopping it frees."""
    sizes = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("Pss", "Private_Clean", "Private_Dirty"):
            sizes[name] = int(value.split()[0]) / 1024
    if "Pss" not in sizes:
        return float("nan"), float("nan")
    return sizes["Pss"], sizes.get("Private_Clean", 0) + sizes.get("Private_Dirty", 0)


class Server:
    """A gunicorn master with 2 sync workers, started and stopped by the bench."""

    def __init__(
        self, name: str, module: str, cwd: Path, env: dict, log: Path, config: Path | None = None
    ) -> None:
        self.name, self.port = name, free_port()
        self.log = log
        settings = ["-c", str(config)] if config is not None and config.exists() else []
        listen = ["-w", "2", "-b", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.proc = subprocess.Popen(
            [GUNICORN, *settings, *listen, module],
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

    def memory(self) -> list[tuple[float, float, float]]:
        """Each worker's (RSS, PSS, USS) in MiB."""
        return [(rss_mb(pid), *shared_split_mb(pid)) for pid in self.workers()]

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
    kind "timed": `build(ctx)` returns {"page": op, "sql": (statement, params)}, timed alone.
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


# --- the write paths: a vote (issue 5) and a staff survey answer (issue 4) --------------------
# Rate limits: the vote POSTs and the identity checks (the ballot's and the verification
# page's) are limited per client address (POLL_VOTE_RATE_LIMIT, POLL_VERIFY_RATE_LIMIT,
# default 10 per minute); every bench client is 127.0.0.1, so the bench app runs with those
# limits raised (APP_OVERRIDES). Everything else is production.

#: GET the ballot form (CSRF), POST it with action=continue and the personal number and year
#: of birth (one person, one vote: checked against the voter list), answered with the
#: confirmation
POLL_BALLOT = "polls.poll"
POLL_CONFIRM = "polls.confirm"  # POST casts the ballot and shows the receipt code
POLL_RESULTS = "polls.results"  # totals, winners under every rule, breakdowns
SURVEY_CODE = "surveys.enter_code"  # the one-time staff access code
SURVEY_TAKE = "surveys.take"  # the questionnaire
SURVEY_RESULTS = "surveys.results"  # the published report

#: voters on the bench poll's list and access codes of the bench survey: more than any run uses
#: (one voter per vote, of 3 requests; even 1,000 votes/s for 10 s stays under this)
VOTERS = 20_000
TOKENS = 20_000
RESULT_ROWS = 100_000


def _key(ctx: Context, name: str) -> bytes:
    """A secret of the bench app's environment (the identity and access-code keys)."""
    return ctx.data["app_env"][name].encode()


class Counter:
    """0, 1, 2, ... handed out once each across the load threads."""

    def __init__(self, limit: int) -> None:
        self._lock, self._next, self.limit = threading.Lock(), 0, limit

    def take(self) -> int:
        """The next number; LoadError once `limit` are used."""
        with self._lock:
            n, self._next = self._next, self._next + 1
        if n >= self.limit:
            raise LoadError(f"the bench ran out of its {self.limit} prepared identities")
        return n


def _prepare_poll(ctx: Context) -> dict:
    """An open approval poll verified by its voter list, and VOTERS people on that list."""
    db = ctx.db()
    try:
        poll = datagen.seed_poll(db, "open")
        seconds = datagen.seed_voter_list(
            db, poll["poll_id"], VOTERS, _key(ctx, "POLL_IDENTITY_KEY")
        )
    finally:
        db.close()
    print(
        f"  (vote: poll {poll['poll_id']}, {VOTERS} voters listed in {seconds:.2f} s)", flush=True
    )
    return poll


def _location(response: Response) -> str:
    return local_path(response.header("location") or "/")


def _vote_once(client: Client, ctx: Context, poll: dict, n: int, last: tuple = (200,)) -> Response:
    """Bench voter `n`'s whole flow, as a browser without JavaScript does it.

    GET the ballot (CSRF), POST the choices with the personal number and birth year (checked
    against the voter list; answered with the confirmation itself), POST the confirmation: the
    answer is the receipt page itself (200; the receipt code is shown once, never redirected
    to, so it is in no URL or history). `last` is the status the ballot's POST must get.
    """
    client.cookies.clear()
    ballot = ctx.path(POLL_BALLOT, poll_id=poll["poll_id"])
    page = client.get(ballot)
    form = [
        ("csrf_token", csrf_token(page.text)),
        ("action", "continue"),
        ("personal_number", datagen.personal_number(n)),
        ("birth_year", str(datagen.birth_year(n))),
    ]
    form += [("project", str(p)) for p in datagen.ballot_choices(poll["project_ids"], n)]
    confirm = client.post(ballot, form, expect=last)
    if last != (200,):
        return confirm
    confirm_path = ctx.path(POLL_CONFIRM, poll_id=poll["poll_id"])
    if f'action="{confirm_path}"' not in confirm.text:
        raise LoadError("the ballot was not answered with the confirmation")
    cast = client.post(confirm_path, {"csrf_token": csrf_token(confirm.text)}, expect=(200,))
    if 'class="receipt"' not in cast.text:
        raise LoadError("the vote was answered without a receipt code")
    return cast


def _ballots_now(ctx: Context) -> tuple[int, int]:
    poll_id = ctx.data.get("vote_poll", {}).get("poll_id", 0)
    db = ctx.db()
    try:
        ballots = db.execute("SELECT COUNT(*) FROM poll_ballots WHERE poll_id = ?", (poll_id,))
        people = db.execute(
            "SELECT COUNT(*) FROM poll_participations WHERE poll_id = ?", (poll_id,)
        )
        return ballots[0][0], people[0][0]
    finally:
        db.close()


def _no_lost_or_duplicate_ballot(ctx: Context, result: Result, before: tuple) -> list[str]:
    """Every vote that reached its receipt is exactly one ballot and one participation, and a
    voter who has voted is refused a second time."""
    ballots, participations = (
        after - b for after, b in zip(_ballots_now(ctx), before, strict=True)
    )
    problems = []
    if ballots != result.succeeded:
        problems.append(f"{result.succeeded} votes reached a receipt, {ballots} ballots stored")
    if participations != ballots:
        problems.append(f"{ballots} ballots but {participations} participations")
    try:  # voter 0 voted in the warm-up: the verification must now answer "already voted"
        _vote_once(Client(ctx.app.port), ctx, ctx.data["vote_poll"], 0, last=(409,))
    except Exception as exc:
        problems.append(f"a second vote by the same person was not refused: {exc}")
    if _ballots_now(ctx)[0] - before[0] != ballots:
        problems.append("the refused second vote stored a ballot")
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
        *per_request_targets(row),
    ]


def per_request_targets(row: Row) -> list[tuple[str, bool]]:
    """The same two targets read per HTTP request of the flow: its requests per second against
    the bare POST's, and one request's p99 (the issue says "requests per second")."""
    if row.request_ratio is None:
        return []
    p99 = row.result.request_percentile(99)
    return [
        (
            f"per request: ratio {row.request_ratio:.2f} >= {TARGETS['vote_ratio']}",
            row.request_ratio >= TARGETS["vote_ratio"],
        ),
        (
            f"per request: p99 {p99:.0f} ms < {TARGETS['vote_p99_ms']:.0f}",
            p99 < TARGETS["vote_p99_ms"],
        ),
    ]


def issue_23_targets(row: Row) -> list[tuple[str, bool]]:
    """Issue #23: a flow's requests at >= 0.20 of the bare POST's rate, a request's p99 under
    100 ms, the vote in at most 4 requests; the home and consultation pages at >= 0.10 of the
    bare GET's rate. Nothing for the other scenarios."""
    if row.result is None or row.ratio is None:
        return []
    if row.name in PAGES_23:
        wanted = TARGETS_23["page_ratio"]
        return [(f"ratio {row.ratio:.2f} >= {wanted}", row.ratio >= wanted)]
    if row.name not in FLOWS_23 or row.request_ratio is None:
        return []
    wanted, p99 = TARGETS_23["request_ratio"], row.result.request_percentile(99)
    found = [
        (f"per request: ratio {row.request_ratio:.2f} >= {wanted}", row.request_ratio >= wanted),
        (
            f"per request: p99 {p99:.0f} ms < {TARGETS_23['request_p99_ms']:.0f}",
            p99 < TARGETS_23["request_p99_ms"],
        ),
    ]
    if row.name == "vote":
        per_op = row.requests_per_operation or 0
        most = TARGETS_23["vote_requests"]
        found.append((f"{per_op:.0f} requests per vote <= {most}", 0 < per_op <= most))
    return found


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
    requires=(POLL_BALLOT, POLL_CONFIRM),
    before=_ballots_now,
    check=_no_lost_or_duplicate_ballot,
    targets=write_path_targets,
)
def vote(ctx: Context) -> Operation:
    """One voter's whole flow (3 requests); every operation is a new voter on the list, so
    each success is one ballot."""
    poll = ctx.data["vote_poll"] = _prepare_poll(ctx)
    voters = Counter(VOTERS)
    return lambda client: _vote_once(client, ctx, poll, voters.take())


def _prepare_staff_survey(ctx: Context) -> dict:
    db = ctx.db()
    try:
        survey = datagen.seed_survey(db, "staff", "open")
        seconds = datagen.seed_staff_tokens(
            db, survey["survey_id"], TOKENS, _key(ctx, "SURVEY_TOKEN_KEY")
        )
    finally:
        db.close()
    print(
        f"  (survey_answer: survey {survey['survey_id']}, {TOKENS} access codes in "
        f"{seconds:.2f} s)",
        flush=True,
    )
    return survey


def _survey_counts(ctx: Context) -> tuple[int, int]:
    survey_id = ctx.data.get("staff_survey", {}).get("survey_id", 0)
    db = ctx.db()
    try:
        responses = db.execute(
            "SELECT COUNT(*) FROM survey_responses WHERE survey_id = ?", (survey_id,)
        )
        used = db.execute(
            "SELECT COUNT(*) FROM staff_tokens WHERE survey_id = ? AND used = ?",
            (survey_id, True),
        )
        return responses[0][0], used[0][0]
    finally:
        db.close()


def _no_lost_or_duplicate_response(ctx: Context, result: Result, before: tuple) -> list[str]:
    """Every answer that reached the thank-you page is one response and one used code."""
    responses, used = (after - b for after, b in zip(_survey_counts(ctx), before, strict=True))
    problems = []
    if responses != result.succeeded:
        problems.append(f"{result.succeeded} answers thanked, {responses} responses stored")
    if used != responses:
        problems.append(f"{responses} responses but {used} access codes used")
    return problems


def _answer_once(client: Client, ctx: Context, survey: dict, n: int) -> None:
    """Staff member `n`: GET the code form, POST code n (-> take), GET the questionnaire,
    POST the three answers (-> thanks), GET the thank-you page."""
    client.cookies.clear()
    code_path = ctx.path(SURVEY_CODE, survey_id=survey["survey_id"])
    page = client.get(code_path)
    opened = client.post(
        code_path,
        {"csrf_token": csrf_token(page.text), "code": datagen.access_code(n)},
        expect=(302, 303),
    )
    take_path = _location(opened)
    take = client.get(take_path)
    done = client.post(
        take_path,
        {
            "csrf_token": csrf_token(take.text),
            "state": signed_state(take.text),
            **datagen.staff_answers(survey, n),
        },
        expect=(302, 303),
    )
    client.get(_location(done))


@scenario(
    "survey_answer",
    compare_to="baseline_post",
    requires=(SURVEY_CODE, SURVEY_TAKE),
    before=_survey_counts,
    check=_no_lost_or_duplicate_response,
    targets=write_path_targets,
)
def survey_answer(ctx: Context) -> Operation:
    """One staff member redeems one pre-generated access code and answers the questionnaire
    (5 requests); each success is one response."""
    survey = ctx.data["staff_survey"] = _prepare_staff_survey(ctx)
    codes = Counter(TOKENS)
    return lambda client: _answer_once(client, ctx, survey, codes.take())


@scenario(
    "poll_results_100k",
    kind="timed",
    requires=(POLL_RESULTS,),
    targets=results_targets,
)
def poll_results_100k(ctx: Context) -> dict:
    """The results page of a closed poll with 100,000 ballots vs the raw GROUP BY of votes per
    project over the same ballots (the count every figure on the page starts from)."""
    db = ctx.db()
    try:
        poll = datagen.seed_poll(db, "closed")
        seconds = datagen.seed_ballots(
            db,
            poll["poll_id"],
            poll["project_ids"],
            RESULT_ROWS,
            dt.date.today() - dt.timedelta(days=40),
        )
    finally:
        db.close()
    print(f"  (poll_results_100k: {RESULT_ROWS} ballots written in {seconds:.2f} s)", flush=True)
    if ctx.backend == "postgresql":
        sql = (
            "SELECT j.value, COUNT(*) FROM poll_ballots b, "
            "json_array_elements_text(b.choices::json) j WHERE b.poll_id = ? GROUP BY j.value"
        )
    else:
        sql = (
            "SELECT j.value, COUNT(*) FROM poll_ballots b, json_each(b.choices) j "
            "WHERE b.poll_id = ? GROUP BY j.value"
        )
    path = ctx.path(POLL_RESULTS, poll_id=poll["poll_id"])
    return {"page": lambda client: client.get(path), "sql": (sql, (poll["poll_id"],))}


@scenario(
    "survey_results_100k",
    kind="timed",
    requires=(SURVEY_RESULTS,),
    targets=results_targets,
)
def survey_results_100k(ctx: Context) -> dict:
    """The published results of a survey with 100,000 responses (300,000 answers) vs the raw
    GROUP BY of answers per question and value over the same rows."""
    db = ctx.db()
    try:
        survey = datagen.seed_survey(db, "citizen", "reported")
        seconds = datagen.seed_responses(
            db, survey, RESULT_ROWS, dt.date.today() - dt.timedelta(days=70)
        )
    finally:
        db.close()
    print(
        f"  (survey_results_100k: {RESULT_ROWS} responses, {3 * RESULT_ROWS} answers written in "
        f"{seconds:.2f} s)",
        flush=True,
    )
    sql = (
        "SELECT a.question_id, a.choice, a.number, COUNT(*) FROM survey_answers a "
        "JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = ? "
        "GROUP BY a.question_id, a.choice, a.number"
    )
    path = ctx.path(SURVEY_RESULTS, survey_id=survey["survey_id"])
    return {"page": lambda client: client.get(path), "sql": (sql, (survey["survey_id"],))}


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
    #: for a flow of several requests: its HTTP requests per second and their ratio
    per_request: str = ""
    request_ratio: float | None = None
    requests_per_operation: float | None = None
    #: in the national pass: its cost ÷ the same scenario's with one municipality
    national: float | None = None


def app_routes(env: dict) -> dict[str, str]:
    """{endpoint: rule} of the app as configured for the bench."""
    code = (
        "import json; from consult import create_app; "
        "print(json.dumps({r.endpoint: r.rule for r in create_app().url_map.iter_rules()}))"
    )
    out = run_step("reading the app's url_map", [PYTHON, "-c", code], cwd=APP_ROOT, env=env)
    return json.loads(out.strip().splitlines()[-1])


def run_timed(ctx: Context, parts: dict, repeat: int = 5) -> dict:
    """Median time of the page (one request at a time) and of the raw SQL, and the first
    (cold) request of the page on its own.

    The first request lands on one of the two workers; the median is over `repeat` more,
    which gunicorn spreads over both. The SQL runs on one driver connection opened outside
    the timing (as the page gets one from its pool), fetching every row. Page and SQL take
    turns, so on a busy machine both see the same load.
    """
    client = Client(ctx.app.port, timeout=300)
    sql_text, params = parts["sql"]
    db = ctx.db()
    try:
        started = time.perf_counter()
        parts["page"](client)
        first = time.perf_counter() - started
        db.execute(sql_text, params)
        page, sql = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            parts["page"](client)
            page.append(time.perf_counter() - started)
            started = time.perf_counter()
            rows = db.execute(sql_text, params)
            sql.append(time.perf_counter() - started)
    finally:
        db.close()
    page_s, sql_s = statistics.median(page), statistics.median(sql)
    return {
        "page_s": page_s,
        "first_s": first,
        "sql_s": sql_s,
        "groups": len(rows),
        "ratio": page_s / sql_s if sql_s else None,
    }


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
        per_op = row.result.http_requests / row.result.ops if row.result.ops else 0
        row.requests_per_operation = per_op
        if per_op > 1.5 and base_rate:
            requests = row.result.rate * per_op
            row.request_ratio = requests / base_rate
            row.per_request = (
                f"{per_op:.0f} requests per operation: {requests:.0f} requests/s, "
                f"{row.request_ratio:.2f} of the baseline's rate; "
                f"{row.cpu_ms / per_op:.2f} ms CPU per request; a request's p50 "
                f"{row.result.request_percentile(50):.1f} ms, p99 "
                f"{row.result.request_percentile(99):.1f} ms"
            )
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
    print(f"  database {datagen.PG_DATABASE}: dropped and created", flush=True)
    return datagen.fresh_postgres_database()


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


def rate_limit_storage() -> str:
    """Where the app under bench keeps its rate-limit counters: Redis (database 15) when it
    answers, as in production, else memory. The served bench and the in-process scripts
    use the same, so their figures compare."""
    return "redis://127.0.0.1:6379/15" if redis_up() else "memory://"


def run_backend(backend: str, args: argparse.Namespace, tmp: Path) -> tuple[list[Row], dict]:
    """Everything for one database: migrate, load data, serve, run the scenarios."""
    print(f"\n== {backend} ==", flush=True)
    db_url = prepare_database(backend, tmp)
    env = {
        **os.environ,
        "CONSULT_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "PUBLIC_URL": "https://bench.example",
        # the keys of the voter-list and access-code hashes, known to datagen too
        "POLL_IDENTITY_KEY": secrets.token_hex(32),
        "SURVEY_TOKEN_KEY": secrets.token_hex(32),
        "DATABASE_URL": db_url,
        "CONSULT_INSTANCE": str(tmp / "instance"),
        "RATELIMIT_STORAGE_URI": rate_limit_storage(),
        "MAIL_BACKEND": "memory",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(APP_ROOT),
        "BENCH_APP_ROOT": str(APP_ROOT),
        "BENCH_APP_CONFIG": json.dumps(APP_OVERRIDES),
        "BASELINE_SQLITE_PRAGMAS": os.environ.get("BASELINE_SQLITE_PRAGMAS", BASELINE_PRAGMAS),
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
    # the app runs with its production settings (preloading, gunicorn.conf.py) when the tree
    # under test has them; -w 2 and -b from the command line override the file's
    app = Server(
        "app",
        "wsgi:app",
        BENCH,
        env,
        tmp / f"gunicorn-app-{backend}.log",
        config=None if os.environ.get("BENCH_NO_APP_CONFIG") else APP_ROOT / "gunicorn.conf.py",
    )
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
            if item.kind == "timed" and "app_before_results" not in memory:
                # a results page of 100,000 rows loads pandas, plotly and the counting rules
                # into the worker that serves it: memory is read before that, and at the end
                memory["app_before_results"] = app.memory()
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
                print(f"  {item.name:<20} {_timed_line(row.timed)}", flush=True)
            if args.profile and item.name in args.profile:
                profile_scenario(ctx, item, tmp / f"profile-{backend}-{item.name}.prof")
        if args.national > 1:
            memory["app_one_municipality"] = app.memory()
            rows += run_national(ctx, args, rows, rates)
        memory.update(app=app.memory(), baseline=baseline.memory())
    finally:
        app.stop()
        baseline.stop()
    return rows, memory


#: what the national pass measures again once the other municipalities are in (issue #22)
NATIONAL = ("home", "consultation_page", "vote", "poll_results_100k")


def run_national(
    ctx: Context, args: argparse.Namespace, single: list[Row], rates: dict
) -> list[Row]:
    """Add municipalities 2..N, each with its own directorates and `--consultations`, to the
    same database the scenarios just ran on, then run the NATIONAL scenarios again for the
    first municipality: each row's `national` is what it cost then ÷ what it cost alone
    (1.0: the other municipalities cost it nothing)."""
    started = time.perf_counter()
    db = ctx.db()
    try:
        for number in range(2, args.national + 1):
            datagen.seed_municipality(db, number, args.consultations)
        if ctx.backend == "postgresql":
            db.conn.autocommit = True
            db.execute("ANALYZE")
    finally:
        db.close()
    print(
        f"  (national: municipalities 2-{args.national}, {args.consultations} consultations "
        f"each, loaded in {time.perf_counter() - started:.1f} s; "
        f"{ctx.count('consultations')} consultations in all)",
        flush=True,
    )
    alone = {row.name: row for row in single}
    rows = []
    for item in SCENARIOS:
        if (
            item.name not in NATIONAL
            or item.name not in alone
            or not _has_figures(alone[item.name])
        ):
            continue
        try:
            row = run_scenario(ctx, item, rates)
        except Exception as exc:  # keep the other figures
            print(f"  FAILED {item.name} (national): {type(exc).__name__}: {exc}", flush=True)
            continue
        row.name = f"{item.name}@{args.national}"
        row.national = _cost_ratio(alone[item.name], row)
        rows.append(row)
        line = row.result.line() if row.result else _timed_line(row.timed)
        print(f"  {row.name:<20} {line}; cost ×{_fmt(row.national, '.2f')} of one", flush=True)
    return rows


def _has_figures(row: Row) -> bool:
    return bool(row.result and row.result.rate) or bool(row.timed)


def _cost_ratio(alone: Row, national: Row) -> float | None:
    """What an operation cost with every municipality ÷ what it cost with one: CPU per
    operation for the load scenarios (steadier than throughput on a shared machine), the
    page's median time for the results pages."""
    if alone.timed and national.timed:
        return national.timed["page_s"] / alone.timed["page_s"]
    if alone.result and national.result and alone.cpu_ms:
        return national.cpu_ms / alone.cpu_ms
    return None


def _timed_line(t: dict) -> str:
    return (
        f"page {t['page_s'] * 1000:.1f} ms (first {t['first_s'] * 1000:.0f} ms), "
        f"SQL {t['sql_s'] * 1000:.1f} ms ({t['groups']} groups), ratio {_fmt(t['ratio'], '.2f')}"
    )


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
            print(f"{row.backend:<10} {row.name:<20} {_timed_line(row.timed)}")
        else:
            print(f"{row.backend:<10} {row.name:<20} (no figures)")
        if row.per_request:
            print(f"{'':<11}  {row.per_request}")
        for note in row.notes:
            print(f"{'':<11}! {note}")
    print(
        f"\nMemory per worker, MiB (target PSS < {TARGETS['worker_mb']:.0f}). RSS counts every "
        "page a worker shares with the gunicorn master (and the other worker) in full, in each "
        "of them; PSS splits those pages between the sharers; USS = the worker's own pages:"
    )
    for backend, servers in memory.items():
        for name, sizes in servers.items():
            each = "   ".join(
                f"RSS {rss:6.1f} PSS {pss:6.1f} USS {uss:6.1f}" for rss, pss, uss in sizes
            )
            print(f"  {backend:<10} {name:<9} {each}")
    national = [row for row in rows if row.national is not None]
    if national:
        print(
            f"\nNational pass ({args.national} municipalities of {args.consultations} "
            "consultations, the first one measured): cost ÷ the same with one municipality "
            "(server CPU per operation; page time for results pages; target ≤ 1.2):"
        )
        for row in national:
            met = row.national <= NATIONAL_TARGET
            print(
                f"  {'met   ' if met else 'MISSED'} {row.backend:<10} {row.name:<24} "
                f"×{row.national:.2f}"
            )
    print("\nTargets of issue 9:")
    for row in rows:
        for what, met in row.targets:
            print(f"  {'met   ' if met else 'MISSED'} {row.backend:<10} {row.name:<20} {what}")
    for backend, servers in memory.items():
        for name, when in (
            ("app_before_results", "before results"),
            ("app_one_municipality", "one municipality, at the end"),
            ("app", "at the end"),
        ):
            if name not in servers:
                continue
            rss, pss, uss = max(servers[name], key=lambda sizes: sizes[1])
            met = pss < TARGETS["worker_mb"]
            print(
                f"  {'met   ' if met else 'MISSED'} {backend:<10} {'memory':<20} app worker PSS "
                f"{pss:.0f} MB < {TARGETS['worker_mb']:.0f} ({when}; RSS {rss:.0f}, USS "
                f"{uss:.0f})"
            )
    print("\nTargets of issue #23 (the results pages and memory: as above):")
    for row in rows:
        for what, met in issue_23_targets(row):
            print(f"  {'met   ' if met else 'MISSED'} {row.backend:<10} {row.name:<20} {what}")
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
        "--national",
        type=int,
        default=0,
        help="then add municipalities 2..N (e.g. 38) and run home, consultation page, vote and "
        "results again for the first (issue #22)",
    )
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
                            "per_request": r.per_request,
                            "request_ratio": r.request_ratio,
                            "request_p50_ms": r.result and r.result.request_percentile(50),
                            "request_p99_ms": r.result and r.result.request_percentile(99),
                            "cpu_ratio": r.cpu_ratio,
                            "national": r.national,
                            "timed": r.timed,
                            "notes": r.notes,
                            "targets_9": [{"what": w, "met": m} for w, m in r.targets],
                            "targets_23": [{"what": w, "met": m} for w, m in issue_23_targets(r)],
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
