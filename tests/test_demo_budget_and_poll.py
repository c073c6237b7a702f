"""The demo's budget hearings and capital-projects polls, loaded on days across the year: this
year's cycle and poll open inside the budget calendar, last year's finished with a published
report and results (online and paper)."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from consult.chair import annual
from consult.comments.models import Comment
from consult.core.labels import HEARING_AUDIENCES as AUDIENCES
from consult.core.models import Consultation, Document
from consult.demo.seed import seed_demo
from consult.extensions import db
from consult.hearings import participation, services
from consult.hearings import report as hearing_report
from consult.hearings.demo import open_budget_year
from consult.hearings.models import BudgetChange, CapitalProposal
from consult.meetings.models import Meeting
from consult.polls import report as poll_report
from consult.polls import services as poll_services
from consult.polls.demo import printed_voters
from consult.polls.models import Ballot
from tests.conftest import submit

DAYS = ["2026-12-04", "2027-03-10", "2027-07-01", "2027-09-29", "2027-10-02"]
OFFICIAL = {"sq", "sr_Latn", "bs"}


def _load(app, day: dt.date) -> dict[str, str]:
    """Load the demo on `day`; returns each demo account's password by e-mail."""
    with app.test_request_context("/?lang=en"):
        guide = seed_demo(day)
        db.session.commit()
    return {account.email: account.password for account in guide.accounts}


def _of_kind(kind: str) -> list[Consultation]:
    query = select(Consultation).where(Consultation.kind == kind).order_by(Consultation.opens_at)
    return list(db.session.scalars(query))


def _title_years(consultation: Consultation) -> set[int]:
    return {
        int(year)
        for text in consultation.title.values()
        for year in re.findall(r"\b(20\d\d)\b", text)
    }


@pytest.mark.parametrize("day", DAYS)
def test_this_years_hearing_cycle_is_open_inside_its_calendar(app, day):
    today = dt.date.fromisoformat(day)
    _load(app, today)
    with app.test_request_context("/?lang=en"):
        _past, current = _of_kind("budget_hearing")
        cycle = services.cycle_of(current)
        assert current.status == "open" and current.opens_at <= today <= current.closes_at
        assert cycle.budget_year == open_budget_year(today)
        assert today <= cycle.approval_due and current.closes_at <= cycle.approval_due
        assert cycle.approval_due.year == cycle.budget_year - 1
        assert all(h.planned_on <= cycle.approval_due for h in cycle.hearings)
        assert current.planned_year == current.opens_at.year
        assert _title_years(current) == {cycle.budget_year}
        found = services.findings(cycle, today)
        assert not [f for f in found if f.severity == "block"], found
        held = participation.held_meetings(cycle)
        assert held and all(h.planned_on < today for h in cycle.hearings if h.id in held)
        assert not any(h.planned_on > today for h in cycle.hearings if h.id in held)
        documents = db.session.scalars(
            select(Document).where(Document.consultation_id == current.id)
        ).all()
        assert [d.role for d in documents] == ["draft"] and services.lines_of(cycle)
        assert cycle.draft_stored_name and str(cycle.budget_year) in documents[0].title["en"]


@pytest.mark.parametrize("day", DAYS)
def test_last_years_cycle_has_seven_held_hearings_and_a_published_report(app, day):
    today = dt.date.fromisoformat(day)
    _load(app, today)
    with app.test_request_context("/?lang=en"):
        past, current = _of_kind("budget_hearing")
        cycle = services.cycle_of(past)
        assert cycle.budget_year == services.cycle_of(current).budget_year - 1
        assert past.status == "reported" and past.closes_at < today
        assert past.planned_year == past.opens_at.year == cycle.budget_year - 1
        assert _title_years(past) == {cycle.budget_year}
        assert cycle.approval_due < today
        held = participation.held_meetings(cycle)
        assert len(held) == 7 == len(cycle.hearings)
        assert {h.audience for h in cycle.hearings} == set(AUDIENCES)
        assert all(past.opens_at <= h.planned_on <= past.closes_at for h in cycle.hearings)
        meetings = db.session.scalars(select(Meeting).where(Meeting.consultation_id == past.id))
        for meeting in meetings:
            assert meeting.attendance_women > 0 and meeting.attendance_women + (
                meeting.attendance_men
            ) == sum(r.women + r.men for r in participation.attendance_of(meeting))
            assert set(meeting.minutes) >= OFFICIAL
        publication = hearing_report.publication_of(cycle)
        assert publication is not None
        assert past.closes_at < publication.published_on == past.report_published_at < today
        assert (publication.published_on - past.closes_at).days <= 15
        built = hearing_report.build_report(cycle, today, app.config["STANDARDS"])
        assert built.unanswered == 0 and built.by_gender["women"] > 0
        assert not [f for f in built.findings if f.severity == "block"], built.findings
        assert len(services.changes_of(cycle)) == 3


@pytest.mark.parametrize("day", DAYS[:2])
def test_every_demo_answer_is_in_every_official_language(app, day):
    _load(app, dt.date.fromisoformat(day))
    with app.test_request_context("/?lang=en"):
        comments = db.session.scalars(select(Comment)).all()
        proposals = db.session.scalars(select(CapitalProposal)).all()
        answered = [c for c in comments if c.outcome] + [p for p in proposals if p.outcome]
        assert len(answered) >= 12
        for item in answered:
            assert set(item.reason) >= OFFICIAL, item.reason
        for change in db.session.scalars(select(BudgetChange)):
            assert set(change.reason) >= OFFICIAL


@pytest.mark.parametrize("day", DAYS)
def test_this_years_poll_is_open_and_last_years_shows_results_with_paper_ballots(app, day):
    today = dt.date.fromisoformat(day)
    _load(app, today)
    with app.test_request_context("/?lang=en"):
        past, current = _of_kind("capital_poll")
        budget_year = open_budget_year(today)
        assert current.status == "open" and current.opens_at <= today <= current.closes_at
        assert (current.closes_at - current.opens_at).days >= 15
        assert current.closes_at <= services.default_milestones(budget_year)["approval"]
        assert _title_years(current) == {budget_year}
        assert _title_years(past) == {budget_year - 1}
        assert past.status == "reported" and past.report_published_at < today
        assert past.closes_at < past.report_published_at
        assert past.closes_at < services.default_milestones(budget_year - 1)["approval"]
        poll = poll_services.poll_for(current)
        assert poll_services.is_open(poll, today)
        for voter in printed_voters():
            identity = poll_services.identity_hash("pn", voter.personal_number)
            assert poll_services.find_voter(poll, voter.personal_number, voter.birth_year)
            assert not poll_services.has_voted(poll, identity)
        last = poll_services.poll_for(past)
        channels = dict(
            db.session.execute(
                select(Ballot.channel, func.count())
                .where(Ballot.poll_id == last.id)
                .group_by(Ballot.channel)
            ).all()
        )
        assert channels["online"] > 0 and channels["paper"] > 0
        outcome = poll_report.results(last, 5)
        assert outcome.ballots == sum(channels.values()) and outcome.selected_codes


def test_a_printed_demo_voter_votes_through_the_public_pages(app, client):
    today = dt.date.today()
    _load(app, today)
    with app.test_request_context("/?lang=en"):
        consultation = _of_kind("capital_poll")[-1]
        poll = poll_services.poll_for(consultation)
        poll_id, project = poll.id, poll.projects[0].id
        before = db.session.scalar(select(func.count()).where(Ballot.poll_id == poll_id))
        past_poll = poll_services.poll_for(_of_kind("capital_poll")[0]).id
    voter = printed_voters()[0]
    ballot = {
        "project": [project],
        "action": "continue",
        "personal_number": voter.personal_number,
        "birth_year": voter.birth_year,
    }
    verified = submit(client, f"/polls/{poll_id}", ballot)
    assert verified.status_code == 200, verified.get_data(as_text=True)  # the confirmation
    assert submit(client, f"/polls/{poll_id}/confirm", {}).status_code in (200, 302)
    with app.app_context():
        after = db.session.scalar(select(func.count()).where(Ballot.poll_id == poll_id))
        assert after == before + 1
    assert client.get(f"/polls/{past_poll}/results?lang=sr").status_code == 200


def test_the_demo_officers_open_their_back_office(app, client):
    today = dt.date.today()
    passwords = _load(app, today)
    with app.test_request_context("/?lang=en"):
        hearing_ids = [c.id for c in _of_kind("budget_hearing")]
        poll_ids = [poll_services.poll_for(c).id for c in _of_kind("capital_poll")]
        poll_consultations = [c.id for c in _of_kind("capital_poll")]
    pages = {
        "fatmir.shala@istog.example": [
            url
            for consultation_id in hearing_ids
            for url in (
                f"/manage/consultations/{consultation_id}",
                f"/manage/hearings/{consultation_id}/",
                f"/manage/hearings/{consultation_id}/proposals",
                f"/manage/hearings/{consultation_id}/comments",
            )
        ],
        "besarta.hoti@istog.example": [f"/manage/polls/{poll_id}" for poll_id in poll_ids]
        + [f"/manage/consultations/{consultation_id}" for consultation_id in poll_consultations],
    }
    for email, urls in pages.items():
        browser = app.test_client()
        password = passwords[email]
        signed_in = submit(browser, "/login", {"email": email, "password": password})
        assert signed_in.status_code == 302
        for url in urls:
            assert browser.get(f"{url}?lang=sq").status_code == 200, (email, url)


@pytest.mark.parametrize(
    "day", ["2026-12-04", "2027-03-10", "2027-09-29", "2027-10-02", "2027-12-28"]
)
def test_the_annual_reports_of_the_demo_are_plausible(app, day):
    """Every year the reports show is this year or before, and the hearings and polls break
    no standard in it."""
    today = dt.date.fromisoformat(day)
    _load(app, today)
    with app.test_request_context("/?lang=en"):
        mine = {c.id for kind in ("budget_hearing", "capital_poll") for c in _of_kind(kind)}
        for consultation in db.session.scalars(select(Consultation)):
            if consultation.id in mine:
                assert consultation.planned_year == consultation.opens_at.year <= today.year
                assert consultation.counted_year <= today.year
        years = annual.report_years(today)
        assert today.year in years
        for year in years:
            report = annual.annual_report(year, today, app.config["STANDARDS"])
            assert report.total.consultations
            for line in report.consultations:
                if line.consultation.id in mine:
                    assert not line.problems, (year, line.consultation.title["en"], line.problems)


def test_the_chair_dashboard_shows_the_demo(app, client):
    passwords = _load(app, dt.date.today())
    email = "agron.kastrati@istog.example"
    password = passwords[email]
    assert submit(client, "/login", {"email": email, "password": password}).status_code == 302
    assert client.get("/chair/?lang=en").status_code == 200
    assert client.get("/chair/annual?lang=sr").status_code == 200


def test_the_demo_hearing_and_poll_pages_render_in_every_locale(app, client):
    _load(app, dt.date.today())
    with app.test_request_context("/?lang=en"):
        hearings = [c.id for c in _of_kind("budget_hearing")]
        polls = [poll_services.poll_for(c).id for c in _of_kind("capital_poll")]
        consultations = hearings + [c.id for c in _of_kind("capital_poll")]
    urls = [f"/consultations/{c}" for c in consultations]
    urls += [f"/hearings/{c}/budget" for c in hearings] + [f"/polls/{p}" for p in polls]
    urls += [f"/hearings/{hearings[0]}/report", f"/polls/{polls[0]}/results"]
    for locale in ("sq", "sr_Latn", "sr", "bs", "en"):
        for url in urls:
            assert client.get(f"{url}?lang={locale}").status_code == 200, (url, locale)
