"""`flask seed-demo`: load Istog's directorates, local communities, users and consultations."""

import datetime as dt
import secrets

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from consult.auth.services import create_user
from consult.consultations.demo import load_demo as load_draft_act_demo
from consult.consultations.demo import load_past_demo as load_past_act_demo
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.demo.data import CONSULTATIONS, DIRECTORATES, LOCAL_COMMUNITIES, USERS
from consult.demo.guide import (
    DemoAccount,
    DemoGuide,
    DemoVoter,
    describe,
    load_guide,
    save_guide,
)
from consult.demo.past_act import PAST_CONSULTATION
from consult.extensions import db
from consult.hearings.demo import load_demo as load_hearing_demo
from consult.polls.demo import DEMO_BIRTH_YEAR, DEMO_VOTERS
from consult.polls.demo import load_demo as load_poll_demo
from consult.surveys.demo import load_demo as load_survey_demo


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


def load_consultation(item: dict, directorates: dict[str, Directorate], today: dt.date):
    """One demo consultation, its dates counted in days from `today`."""
    offsets = item["offsets"]
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
        planned_year=item["planned_year"],
        notice_at=today + dt.timedelta(days=offsets["notice"]),
        opens_at=today + dt.timedelta(days=offsets["opens"]),
        closes_at=today + dt.timedelta(days=offsets["closes"]),
    )
    if "report_offset" in item:
        consultation.report_published_at = today + dt.timedelta(days=item["report_offset"])
    db.session.add(consultation)
    db.session.flush()
    return consultation


def load_feature_demos(
    current: dict[str, Consultation],
    past_act: Consultation,
    directorates: dict[str, Directorate],
    today: dt.date,
    guide: DemoGuide,
) -> None:
    """What each kind adds: articles and comments, the hearing cycle, the survey, the poll."""
    communities = list(db.session.scalars(select(LocalCommunity)))
    load_draft_act_demo(current["draft_act"], today)
    load_past_act_demo(past_act, today)
    load_hearing_demo(current["budget_hearing"], directorates, communities, today)
    load_survey_demo(current["survey"], directorates, today)
    poll = load_poll_demo(current["capital_poll"], today)
    guide.poll_id = poll.id
    guide.voters = [DemoVoter(number, DEMO_BIRTH_YEAR) for number in DEMO_VOTERS[-3:]]


def seed_demo(today: dt.date | None = None) -> DemoGuide:
    """Load the whole demo into an empty database; returns what a newcomer is shown."""
    today = today or dt.date.today()
    directorates = load_directorates()
    load_local_communities()
    guide = DemoGuide(accounts=load_users(directorates))
    current = {item["kind"]: load_consultation(item, directorates, today) for item in CONSULTATIONS}
    past_act = load_consultation(PAST_CONSULTATION, directorates, today)
    load_feature_demos(current, past_act, directorates, today, guide)
    return guide


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
