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
from consult.demo.past_act import PAST_CONSULTATION
from consult.extensions import db
from consult.hearings.demo import load_demo as load_hearing_demo
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


def load_users(directorates: dict[str, Directorate]) -> dict[str, str]:
    """One account per demo user; returns the e-mail → password pairs to print."""
    passwords = {}
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
        passwords[person["email"]] = f"{person['role']:8} {password}"
    return passwords


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
) -> None:
    """What each kind adds: articles and comments, the hearing cycle, the survey, the poll."""
    communities = list(db.session.scalars(select(LocalCommunity)))
    load_draft_act_demo(current["draft_act"], today)
    load_past_act_demo(past_act, today)
    load_hearing_demo(current["budget_hearing"], directorates, communities, today)
    load_survey_demo(current["survey"], directorates, today)
    load_poll_demo(current["capital_poll"], today)


def seed_demo(today: dt.date | None = None) -> dict[str, str]:
    """Load the whole demo into an empty database; returns the demo passwords."""
    today = today or dt.date.today()
    directorates = load_directorates()
    load_local_communities()
    passwords = load_users(directorates)
    current = {item["kind"]: load_consultation(item, directorates, today) for item in CONSULTATIONS}
    past_act = load_consultation(PAST_CONSULTATION, directorates, today)
    load_feature_demos(current, past_act, directorates, today)
    return passwords


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has data.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the Istog demo and print the demo accounts' passwords."""
    if not database_is_empty():
        if if_empty:
            click.echo("The database has data already; the demo was not loaded.")
            return
        raise click.ClickException(
            "The database is not empty; the demo loads only into an empty one."
        )
    passwords = seed_demo()
    db.session.commit()
    click.echo("Istog demo loaded. Demo accounts (shown once):")
    for email, role_and_password in passwords.items():
        click.echo(f"  {email:32} {role_and_password}")
