"""`flask seed-demo`: load Istog's directorates, local communities, users and consultations."""

import datetime as dt
import secrets
from dataclasses import dataclass, field

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from consult.auth.models import User
from consult.auth.services import create_user
from consult.consultations.demo import load_demo as load_draft_act_demo
from consult.consultations.demo import load_last_year_demo as load_last_year_act_demo
from consult.consultations.demo import load_past_demo as load_past_act_demo
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.demo.citizen_survey import CITIZEN_SURVEY_CONSULTATION
from consult.demo.data import CONSULTATIONS, DIRECTORATES, LOCAL_COMMUNITIES, USERS
from consult.demo.last_year_act import LAST_YEAR_CONSULTATION
from consult.demo.past_act import PAST_CONSULTATION
from consult.demo.plan import load_plans
from consult.extensions import db
from consult.hearings.demo import load_demo as load_hearing_demo
from consult.polls.demo import load_demo as load_poll_demo
from consult.surveys.demo import load_citizen_demo as load_citizen_survey_demo
from consult.surveys.demo import load_demo as load_survey_demo


@dataclass
class DemoLoaded:
    """What the newcomer must be shown once after loading: the demo accounts' passwords and
    a few unused access codes of the open staff survey (only their hashes are stored)."""

    passwords: dict[str, str]
    access_codes: list[str] = field(default_factory=list)


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


def load_feature_demos(
    current: dict[str, Consultation],
    past_act: Consultation,
    directorates: dict[str, Directorate],
    today: dt.date,
) -> list[str]:
    """What each kind adds: articles and comments, the hearing cycle, the surveys, the poll.
    Returns a few unused access codes of the open staff survey."""
    communities = list(db.session.scalars(select(LocalCommunity)))
    load_draft_act_demo(current["draft_act"], today)
    load_past_act_demo(past_act, today)
    last_year = load_consultation(LAST_YEAR_CONSULTATION, directorates, today)
    received = consultation_dates(LAST_YEAR_CONSULTATION, today)["received"]
    load_last_year_act_demo(
        last_year, today, dt.datetime.combine(received, dt.time(11)), _chair_id()
    )
    load_hearing_demo(current["budget_hearing"], directorates, communities, today)
    codes = load_survey_demo(current["survey"], directorates, today)
    citizen_survey = load_consultation(CITIZEN_SURVEY_CONSULTATION, directorates, today)
    load_citizen_survey_demo(citizen_survey, communities, today)
    load_poll_demo(current["capital_poll"], today)
    return codes


def seed_demo(today: dt.date | None = None) -> DemoLoaded:
    """Load the whole demo into an empty database; returns what to show the newcomer once."""
    today = today or dt.date.today()
    directorates = load_directorates()
    load_local_communities()
    passwords = load_users(directorates)
    current = {item["kind"]: load_consultation(item, directorates, today) for item in CONSULTATIONS}
    past_act = load_consultation(PAST_CONSULTATION, directorates, today)
    codes = load_feature_demos(current, past_act, directorates, today)
    load_plans(today)  # last: the plans list every consultation loaded above
    return DemoLoaded(passwords, codes)


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
    loaded = seed_demo()
    db.session.commit()
    click.echo("Istog demo loaded. Demo accounts (shown once):")
    for email, role_and_password in loaded.passwords.items():
        click.echo(f"  {email:32} {role_and_password}")
    click.echo("Unused access codes of the open staff survey (shown once):")
    for code in loaded.access_codes:
        click.echo(f"  {code}")
