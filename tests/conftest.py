"""Fixtures: one migrated database per run, emptied after every test; app, client, users."""

import datetime as dt
import functools
import os
import re
from pathlib import Path

import lxml.html
import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, make_url, select, text

from config import TestingConfig
from consult import create_app
from consult.auth.services import create_user
from consult.consultations.models import Article
from consult.core.models import Consultation, Directorate, Document
from consult.core.revisions import new_revision
from consult.demo import seed
from consult.extensions import db, limiter
from consult.hearings import services as hearings
from consult.hearings.models import BudgetLine
from consult.polls import services as polls
from consult.surveys import services as surveys
from tests.database_free import Watch
from tests.demo_snapshot import DemoSnapshots

PASSWORD = "correct horse battery staple"

# Before any test module imports it: the demo loads for real once per process and day, then its
# rows are put back (tests/demo_snapshot.py says when it loads for real regardless).
seed.seed_demo = DemoSnapshots(seed.seed_demo)

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def pytest_configure(config) -> None:
    """Under pytest-xdist each worker gets its own PostgreSQL database, `<name>_<worker>`, made
    on the fly beside the one TEST_DATABASE_URL names; everything that reads the variable (the
    app, the migration tests, the subprocesses) then reads the worker's own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("TEST_DATABASE_URL")
    if worker and url and not url.startswith("sqlite"):
        os.environ["TEST_DATABASE_URL"] = _worker_database(url, worker)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests first (marked `slow`, then those driving Chromium), each group in the
    order collected: two workers (`-n 2 --dist worksteal`, as CI runs) then share them from
    the start, and the run ends on short tests. In the order collected, the fuzzed forms,
    the markup attack and the walks came last, and one worker ran the last of them while
    the other had finished."""
    items.sort(key=_long_first)


def _long_first(item: pytest.Item) -> int:
    if item.get_closest_marker("slow"):
        return 0
    return 1 if item.get_closest_marker("browser") else 2


def _worker_database(url: str, worker: str) -> str:
    """The URL of the worker's database, created if it does not exist yet."""
    main = make_url(url)
    name = f"{main.database}_{worker}"
    engine = create_engine(main, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return main.set(database=name).render_as_string(hide_password=False)


def _database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    )


def _empty_postgres_schema() -> None:
    with db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application on a database migrated from empty with `flask db upgrade`."""
    uploads = tmp_path_factory.mktemp("uploads")

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = _database_url(tmp_path_factory)
        UPLOAD_FOLDER = str(uploads)
        DEMO_GUIDE_FILE = str(uploads.parent / "demo-guide.json")

    application = create_app(Config)
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            _empty_postgres_schema()
        upgrade(revision="heads")
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Every test starts with empty tables and fresh rate limits. A test that touched no
    database (tests/database_free.py watches) left the tables as they were: nothing to empty."""
    yield
    with app.app_context():
        db.session.remove()
        if Watch.touched:
            with Watch.paused_while(), db.engine.begin() as connection:
                _empty_tables(connection)
        limiter.reset()


def _empty_tables(connection) -> None:
    """Every table emptied straight through the driver, in one round trip on PostgreSQL: as 70
    statements through SQLAlchemy this took 40 ms a test on PostgreSQL, 16 ms on SQLite (now
    about 6 and 2)."""
    deletes = _deletes(connection.dialect)
    cursor = connection.connection.cursor()
    if connection.dialect.name == "postgresql":
        cursor.execute("; ".join(deletes))
    else:
        for delete in deletes:
            cursor.execute(delete)
    _first_municipality_only(connection, db.metadata.tables["municipalities"])


@functools.cache
def _deletes(dialect) -> tuple[str, ...]:
    """A DELETE for each table but the municipalities, children first."""
    return tuple(
        str(table.delete().compile(dialect=dialect))
        for table in reversed(db.metadata.sorted_tables)
        if table.name != "municipalities"
    )


def _first_municipality_only(connection, table) -> None:
    """The first municipality stays as migration 0035 made it (every setting from the
    configuration); any other goes."""
    connection.execute(table.delete().where(table.c.id != 1))
    kept = ("id", "slug", "created_at", "pages_revision")
    settings = [c.name for c in table.columns if c.name not in kept]
    connection.execute(
        table.update()
        .where(table.c.id == 1)
        # a new pages revision: the tables were emptied behind the hooks' back
        .values(slug="istog", pages_revision=new_revision(), **dict.fromkeys(settings))
    )


@pytest.fixture(scope="module")
def other_worker(app):
    """A second worker: another app on the same database, with the copies of its own that each
    gunicorn worker keeps (the poll's voting pages, the public pages' kept parts), sharing
    nothing with the first but the database, as another process would."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        UPLOAD_FOLDER = app.config["UPLOAD_FOLDER"]

    other = create_app(Config)
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def writes_past_the_hooks(core_write: re.Pattern, renewal: str) -> dict[str, list[str]]:
    """The functions of the app that write a watched table in SQL the revision hooks cannot
    see (`core_write` finds it) without calling `renewal(` themselves, by module; the
    *revisions.py modules, which renew the tokens, are not read."""
    found: dict[str, list[str]] = {}
    package = Path(__file__).resolve().parents[1] / "consult"
    for path in package.rglob("*.py"):
        if path.name.endswith("revisions.py"):
            continue
        for function in re.split(r"\n(?=def |    def )", path.read_text(encoding="utf-8")):
            if core_write.search(function) and f"{renewal}(" not in function:
                found.setdefault(str(path.relative_to(package)), []).append(function[:60])
    return found


@pytest.fixture
def ctx(app):
    """An application context for tests that use the database directly."""
    with app.test_request_context("/?lang=en"):
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on `url`, as a browser would have it."""
    page = client.get(url)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def submit(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """POST `data` to `url` with the CSRF token of the page `form_url` (default: `url`)."""
    data = {**data, "csrf_token": csrf_token(client, form_url or url)}
    return client.post(url, data=data, **kwargs)


#: a form's CSRF token input (any prefix), to leave out where pages are compared
ANY_CSRF_INPUT = re.compile(r'name="[^"]*csrf_token"[^>]*value="[^"]*"')


def consultation_page(client, consultation_id: int, lang: str = "en", query: str = "") -> str:
    """The public page of a consultation, as served (200)."""
    response = client.get(f"/consultations/{consultation_id}?lang={lang}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def consultation_article(page: str) -> str:
    """A consultation page's article (without the head and header, where the directorate's
    feed is named at every request), as HTML, with its forms' tokens (signed with the second
    they were made in) left out."""
    (article,) = lxml.html.document_fromstring(page).xpath("//article[@class='consultation']")
    return ANY_CSRF_INPUT.sub("", lxml.html.tostring(article, encoding="unicode"))


@pytest.fixture
def sql_log(app):
    """Every statement the app sends to the database while the test runs, in order."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)


def sqlite_plan(statement: str) -> list[str]:
    """SQLite's plan for `statement` (as `sql_log` wrote it, every `?` bound to 1: the plan
    does not depend on the values), one detail per step. Inside an app context."""
    rows = (
        db.session.connection()
        .exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", (1,) * statement.count("?"))
        .all()
    )
    return [row[-1] for row in rows]


@pytest.fixture
def make_directorate(app):
    def make(code: str = "EDU", name: str = "Drejtoria e Arsimit") -> int:
        with app.app_context():
            directorate = Directorate(code=code, name={"sq": name, "en": code})
            db.session.add(directorate)
            db.session.commit()
            return directorate.id

    return make


@pytest.fixture
def make_user(app):
    def make(role: str = "officer", email: str | None = None, directorate_id: int | None = None):
        with app.app_context():
            user = create_user(
                email or f"{role}@istog.example", role.title(), PASSWORD, role, directorate_id
            )
            db.session.commit()
            return user.email

    return make


@pytest.fixture
def login(client, make_user):
    """Sign in a new user of `role` through the form; returns the e-mail."""

    def sign_in(role: str = "officer", directorate_id: int | None = None) -> str:
        email = make_user(role, directorate_id=directorate_id)
        response = submit(client, "/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    return sign_in


COMPLETE_TEXT = {"sq": "Tekst", "sr_Latn": "Tekst", "bs": "Tekst", "en": "Text"}


@pytest.fixture
def make_consultation(app):
    """A consultation with every official language, dated around today."""

    def make(**fields) -> int:
        today = dt.date.today()
        values = {
            "kind": "draft_act",
            "status": "open",
            "title": {
                "sq": "Rregullore për transparencë",
                "sr_Latn": "Pravilnik o transparentnosti",
                "bs": "Pravilnik o transparentnosti",
                "en": "Regulation on transparency",
            },
            "summary": dict(COMPLETE_TEXT),
            "body": dict(COMPLETE_TEXT),
            "contact_name": "Valentina Gashi",
            "contact_email": "valentina.gashi@istog.example",
            "planned_year": today.year,
            "notice_at": today - dt.timedelta(days=20),
            "opens_at": today - dt.timedelta(days=5),
            "closes_at": today + dt.timedelta(days=20),
        }
        values.update(fields)
        with app.app_context():
            consultation = Consultation(**values)
            db.session.add(consultation)
            db.session.commit()
            return consultation.id

    return make


@pytest.fixture
def give_substance(app):
    """Give a consultation what its kind must carry before it is announced (the lifecycle's
    substance checks, config STANDARDS): a draft act an article and an explanatory note, a
    budget hearing a draft budget line, a capital poll two projects, a survey one question."""

    def give(consultation_id: int) -> None:
        with app.app_context():
            consultation = db.session.get(Consultation, consultation_id)
            GIVERS[consultation.kind](consultation)
            db.session.commit()

    return give


def _draft_act_substance(consultation: Consultation) -> None:
    db.session.add(
        Article(consultation=consultation, number=1, heading={}, text=dict(COMPLETE_TEXT))
    )
    db.session.add(
        Document(
            consultation=consultation,
            role="explanatory_note",
            title={"sq": "Arsyetimi", "en": "Explanatory note"},
            original_name="arsyetimi.pdf",
            file_type="pdf",
            size_bytes=14,
        )
    )


def _hearing_substance(consultation: Consultation) -> None:
    cycle = hearings.cycle_of(consultation) or hearings.create_cycle(
        consultation, dt.date.today().year + 1
    )
    directorate = consultation.directorate or db.session.scalars(select(Directorate)).first()
    if directorate is None:
        directorate = Directorate(code="FIN", name={"sq": "Financat", "en": "FIN"})
    db.session.add(
        BudgetLine(
            cycle=cycle,
            directorate=directorate,
            programme="Administrata",
            category="wages",
            current_cents=100_000_00,
            proposed_cents=110_000_00,
        )
    )


def _poll_substance(consultation: Consultation) -> None:
    poll = polls.poll_for(consultation) or polls.create_poll(consultation, {"budget": 100_000})
    for cost in (40_000, 60_000):
        polls.save_project(poll, None, {"title": dict(COMPLETE_TEXT), "cost": cost})


def _survey_substance(consultation: Consultation) -> None:
    survey = surveys.survey_of(consultation) or surveys.create_survey(
        consultation, "citizen", dt.date.today().year
    )
    section = survey.sections[0] if survey.sections else surveys.add_section(survey, {})
    surveys.add_question(section, "substance", "short_text", dict(COMPLETE_TEXT))


GIVERS = {
    "draft_act": _draft_act_substance,
    "budget_hearing": _hearing_substance,
    "capital_poll": _poll_substance,
    "survey": _survey_substance,
}
