"""`flask seed-demo`: load Istog's directorates, local communities, users and consultations."""

import datetime as dt
import secrets

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from consult.audiences.demo import load_audience_lists
from consult.auth.models import User
from consult.auth.services import create_user
from consult.core.kinds import DemoContext, demo_kinds, registered_kinds
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.demo.data import DIRECTORATES, LOCAL_COMMUNITIES, USERS
from consult.demo.guide import (
    DemoAccount,
    DemoGuide,
    describe,
    load_guide,
    save_guide,
)
from consult.demo.outreach import load_outreach
from consult.demo.plan import load_plans
from consult.extensions import db
from consult.investments.demo import load_investments
from consult.meetings.demo import load_for_seed as load_meetings


def database_is_empty() -> bool:
    """True while no directorate exists: the demo has not been loaded."""
    return not db.session.scalar(select(func.count()).select_from(Directorate))


def load_directorates() -> dict[str, Directorate]:
    """The 13 directorates, by code."""
    directorates = {d["code"]: Directorate(code=d["code"], name=d["name"]) for d in DIRECTORATES}
    db.session.add_all(directorates.values())
    db.session.flush()
    return directorates


def load_local_communities() -> None:
    """The town and the villages, with their population."""
    db.session.add_all(
        LocalCommunity(name=c["name"], population=c["population"]) for c in LOCAL_COMMUNITIES
    )
    db.session.flush()


#: the first thing to try as each role, printed with the demo accounts
TRY_FIRST = {
    "officer": "Back office (/manage): answer a comment, see what the standards still ask",
    "chair": "Chair's dashboard (/chair): compliance by year, reports to review",
    "admin": "Everything an officer sees, for every directorate, and the audit log",
}


def load_users(directorates: dict[str, Directorate]) -> list[DemoAccount]:
    """One account per demo user; returns them with their generated passwords."""
    accounts = []
    for person in USERS:
        password = secrets.token_urlsafe(9)
        directorate = directorates.get(person["directorate"] or "")
        create_user(
            person["email"],
            person["name"],
            password,
            person["role"],
            directorate.id if directorate else None,
        )
        role = person["role"]
        accounts.append(DemoAccount(person["email"], role, password, TRY_FIRST.get(role, "")))
    return accounts


def consultation_dates(item: dict, today: dt.date) -> dict[str, dt.date]:
    """The notice, opening and closing days of a demo consultation.

    `offsets` count days from `today`. With `within_year`, the written consultation is moved
    (keeping its length) so that it opens and closes in `today`'s year while still open on
    `today`: this year's consultation is never counted in next year's annual report. With
    `on` ((month, day) of last year), the dates are last year's.
    """
    if "on" in item:
        year = today.year - 1
        return {name: dt.date(year, *day) for name, day in item["on"].items()}
    offsets = item["offsets"]
    opens = today + dt.timedelta(days=offsets["opens"])
    closes = today + dt.timedelta(days=offsets["closes"])
    if item.get("within_year"):
        last, first = dt.date(today.year, 12, 31), dt.date(today.year, 1, 1)
        shift = max(closes - last, dt.timedelta(0)) - max(first - opens, dt.timedelta(0))
        opens, closes = opens - shift, closes - shift
    dates = {
        "notice": opens - dt.timedelta(days=offsets["opens"] - offsets["notice"]),
        "opens": opens,
        "closes": closes,
    }
    if "report_offset" in item:
        dates["report"] = today + dt.timedelta(days=item["report_offset"])
    return dates


def load_consultation(item: dict, directorates: dict[str, Directorate], today: dt.date):
    """One demo consultation, dated by `consultation_dates`; its planned year is the year it
    opens."""
    dates = consultation_dates(item, today)
    consultation = Consultation(
        kind=item["kind"],
        title=item["title"],
        summary=item["summary"],
        body=item["body"],
        directorate_id=directorates[item["directorate"]].id,
        contact_name=item["contact"]["name"],
        contact_email=item["contact"]["email"],
        contact_phone=item["contact"]["phone"],
        status=item["status"],
        planned_year=dates["opens"].year,
        notice_at=dates["notice"],
        opens_at=dates["opens"],
        closes_at=dates["closes"],
    )
    if "report" in dates:
        consultation.report_published_at = dates["report"]
    db.session.add(consultation)
    db.session.flush()
    return consultation


def _chair_id() -> int:
    email = next(person["email"] for person in USERS if person["role"] == "chair")
    return db.session.scalar(select(User.id).where(User.email == email))


def load_kind_demos(directorates: dict[str, Directorate], today: dt.date, guide: DemoGuide) -> None:
    """Each registered kind's demo (`consult.core.kinds.KindDemo`): first every kind's
    consultation of this year and the other up-front ones, in the order the kinds are
    registered, then what each kind loads, in its demo's order; what the newcomer is shown
    goes into `guide`."""
    kinds = [kind for kind in registered_kinds() if kind.demo is not None]
    current = {
        kind.code: load_consultation(kind.demo.current, directorates, today) for kind in kinds
    }
    up_front = {
        kind.code: [load_consultation(item, directorates, today) for item in kind.demo.up_front]
        for kind in kinds
    }
    context = DemoContext(
        today=today,
        directorates=directorates,
        communities=list(db.session.scalars(select(LocalCommunity))),
        current=current,
        up_front=up_front,
        add_consultation=lambda item: load_consultation(item, directorates, today),
        dates=lambda item: consultation_dates(item, today),
        chair_id=_chair_id(),
        guide=guide,
    )
    for kind in demo_kinds():
        kind.demo.load(context)


def seed_demo(today: dt.date | None = None) -> DemoGuide:
    """Load the whole demo into an empty database; returns what a newcomer is shown."""
    today = today or dt.date.today()
    directorates = load_directorates()
    load_local_communities()
    guide = DemoGuide(accounts=load_users(directorates))
    load_kind_demos(directorates, today, guide)
    load_meetings(today)  # the meetings that belong to no consultation
    load_outreach(today)  # how each published consultation was made known
    load_plans(today)  # last: the plans list every consultation loaded above
    load_investments(today)  # what the closed consultations above funded, and older projects
    load_audience_lists(today)  # the Public Information Office's e-mail lists, a draft invitation
    point_officers_to_their_work(guide)
    return guide


#: what an officer does first on each kind they own, in the back office
OFFICER_TASKS = {
    "draft_act": "answer the draft act's comments",
    "budget_hearing": "record a hearing, answer proposals",
    "capital_poll": "follow the open poll, key paper ballots",
    "survey": "issue access codes, read last year's results",
}


def point_officers_to_their_work(guide: DemoGuide) -> None:
    """Each demo officer's first thing to try: what their directorate's consultations ask."""
    for account in guide.accounts:
        if account.role != "officer":
            continue
        directorate_id = db.session.scalar(
            select(User.directorate_id).where(User.email == account.email)
        )
        kinds = db.session.scalars(
            select(Consultation.kind)
            .where(Consultation.directorate_id == directorate_id)
            .distinct()
            .order_by(Consultation.kind)
        ).all()
        tasks = "; ".join(OFFICER_TASKS[kind] for kind in kinds if kind in OFFICER_TASKS)
        if tasks:
            account.what_to_try = f"Back office (/manage): {tasks}"


NEWCOMER_URL = "http://127.0.0.1:5000"


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has data.")
@click.option("--url", default=NEWCOMER_URL, show_default=True, help="Where the demo is served.")
def seed_demo_command(if_empty: bool, url: str) -> None:
    """Load the Istog demo and print where to go, the demo accounts, voters and codes."""
    if not database_is_empty():
        if if_empty:
            click.echo(
                "The database has data already; the demo was not loaded.\n"
                "  `.venv/bin/flask demo-info` shows the demo accounts, voters and access codes "
                "again;\n  `make demo-reset` starts over with a fresh demo."
            )
            return
        raise click.ClickException(
            "The database is not empty; the demo loads only into an empty one "
            "(`make demo-reset` starts over)."
        )
    guide = seed_demo()
    db.session.commit()
    save_guide(guide)
    click.echo("Istog demo loaded.")
    click.echo("\n".join(describe(guide, url.rstrip("/"))))


@click.command("demo-info")
@with_appcontext
@click.option("--url", default=NEWCOMER_URL, show_default=True, help="Where the demo is served.")
def demo_info_command(url: str) -> None:
    """Show again where to go, the demo accounts, voters and access codes."""
    guide = load_guide()
    if guide is None:
        raise click.ClickException(
            "No demo guide here: the demo was not loaded by `flask seed-demo` on this machine "
            "(`make demo-reset` loads a fresh one)."
        )
    click.echo("\n".join(describe(guide, url.rstrip("/"))))
