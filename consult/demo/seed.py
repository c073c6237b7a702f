"""`flask seed-demo`: load Istog's directorates, local communities, users and consultations."""

import datetime as dt
import secrets

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from consult.auth.models import User
from consult.auth.services import create_user
from consult.consultations.demo import CONSULTATION as DRAFT_ACT_CONSULTATION
from consult.consultations.demo import LAST_YEAR_CONSULTATION, PAST_CONSULTATION
from consult.consultations.demo import load_demo as load_draft_act_demo
from consult.consultations.demo import load_last_year_demo as load_last_year_act_demo
from consult.consultations.demo import load_past_demo as load_past_act_demo
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.demo.data import DIRECTORATES, LOCAL_COMMUNITIES, USERS
from consult.demo.guide import (
    DemoAccount,
    DemoGuide,
    describe,
    load_guide,
    save_guide,
)
from consult.demo.plan import load_plans
from consult.extensions import db
from consult.hearings.demo import CONSULTATION as HEARING_CONSULTATION
from consult.hearings.demo import load_demo as load_hearing_demo
from consult.hearings.demo import open_budget_year
from consult.hearings.services import default_milestones
from consult.polls.demo import CONSULTATION as POLL_CONSULTATION
from consult.polls.demo import load_demo as load_poll_demo
from consult.surveys.demo import CITIZEN_SURVEY_CONSULTATION
from consult.surveys.demo import CONSULTATION as SURVEY_CONSULTATION
from consult.surveys.demo import load_citizen_demo as load_citizen_survey_demo
from consult.surveys.demo import load_demo as load_survey_demo
from consult.surveys.models import Survey

#: this year's consultation of each kind, each from its kind's demo, in the order they are loaded
CONSULTATIONS: list[dict] = [
    DRAFT_ACT_CONSULTATION,
    HEARING_CONSULTATION,
    POLL_CONSULTATION,
    SURVEY_CONSULTATION,
]


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


def load_feature_demos(
    current: dict[str, Consultation],
    past_act: Consultation,
    directorates: dict[str, Directorate],
    today: dt.date,
    guide: DemoGuide,
) -> None:
    """What each kind adds: articles and comments, the hearing cycle, the surveys, the poll;
    what the newcomer is shown goes into `guide`."""
    communities = list(db.session.scalars(select(LocalCommunity)))
    load_draft_act_demo(current["draft_act"], today)
    load_past_act_demo(past_act, today)
    last_year = load_consultation(LAST_YEAR_CONSULTATION, directorates, today)
    received = consultation_dates(LAST_YEAR_CONSULTATION, today)["received"]
    load_last_year_act_demo(
        last_year, today, dt.datetime.combine(received, dt.time(11)), _chair_id()
    )
    load_hearing_demo(current["budget_hearing"], directorates, communities, today)
    guide.access_codes = load_survey_demo(current["survey"], directorates, today)
    guide.survey_id = db.session.scalar(
        select(Survey.id).where(Survey.consultation_id == current["survey"].id)
    )
    citizen_survey = load_consultation(CITIZEN_SURVEY_CONSULTATION, directorates, today)
    guide.citizen_survey_id = load_citizen_survey_demo(citizen_survey, communities, today).id
    budget_year = open_budget_year(today)
    approval = default_milestones(budget_year)["approval"]
    polls = load_poll_demo(current["capital_poll"], today, budget_year, approval)
    guide.poll_id = polls.poll.id
    guide.voters = polls.voters


def seed_demo(today: dt.date | None = None) -> DemoGuide:
    """Load the whole demo into an empty database; returns what a newcomer is shown."""
    today = today or dt.date.today()
    directorates = load_directorates()
    load_local_communities()
    guide = DemoGuide(accounts=load_users(directorates))
    current = {item["kind"]: load_consultation(item, directorates, today) for item in CONSULTATIONS}
    past_act = load_consultation(PAST_CONSULTATION, directorates, today)
    load_feature_demos(current, past_act, directorates, today, guide)
    load_plans(today)  # last: the plans list every consultation loaded above
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
