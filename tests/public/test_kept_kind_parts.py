"""Each kind's part of a consultation's page, a draft act's public meetings and what a
consultation funded, kept by each worker (consult/public/announcement.py, issue #23): a budget
hearing's calendar, plan, draft budget and proposals, a poll's projects, a survey's
questionnaire, the register's records.

Every change an officer (or a command) makes in another worker is on the next page this worker
serves, and that page is the page rendered afresh; a warm page reads none of those rows; nothing
about the reader is kept; every language has its own copy, the same as a fresh one.

"Another worker" is a second app on the same database (`other_worker`, tests/conftest.py)."""

import datetime as dt
import types
from collections.abc import Callable

import lxml.html
import pytest
from sqlalchemy import select

from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings import services as hearings
from consult.hearings import views as hearing_views
from consult.hearings.models import BudgetLine, CapitalProposal, HearingCycle, HearingReport
from consult.i18n import LOCALES
from consult.investments.models import Investment
from consult.meetings.models import Meeting
from consult.polls import services as polls
from consult.polls.models import Poll
from consult.public import announcement
from consult.surveys import services as surveys
from consult.surveys.models import Survey
from tests.conftest import COMPLETE_TEXT, PASSWORD, consultation_article, consultation_page, submit

TODAY = dt.date.today


@pytest.fixture(autouse=True)
def _no_copies(app):
    """Each test starts with this worker holding no copy (the app lives for the whole run)."""
    announcement.worker_cache(app).clear()


def _kept(app) -> dict:
    return announcement.worker_cache(app).entries()


def _text(page: str) -> str:
    return " ".join(
        lxml.html.document_fromstring(consultation_article(page)).text_content().split()
    )


def _in_worker(worker, change: Callable[[Consultation], None], consultation_id: int) -> None:
    """Run an officer's `change(consultation)` in `worker` and commit it there."""
    with worker.test_request_context("/?lang=en"):
        change(db.session.get(Consultation, consultation_id))
        db.session.commit()
        db.session.remove()


def _seen_by_the_next_request(app, client, other_worker, consultation_id: int, change) -> str:
    """Serve the page (a copy is kept), make `change` in another worker, serve it again: the
    page served is the one rendered afresh, and not the one before. Returns its text."""
    before = consultation_article(consultation_page(client, consultation_id))
    assert _kept(app), "nothing was kept"
    _in_worker(other_worker, change, consultation_id)
    served = consultation_article(consultation_page(client, consultation_id))
    announcement.worker_cache(app).clear()
    fresh = consultation_article(consultation_page(client, consultation_id))
    assert served == fresh
    assert served != before
    return " ".join(lxml.html.document_fromstring(served).text_content().split())


# --- a budget hearing ------------------------------------------------------------------------


def _community(name: str) -> LocalCommunity:
    return next(c for c in db.session.scalars(select(LocalCommunity)) if c.name["sq"] == name)


def _cycle(consultation: Consultation) -> HearingCycle:
    return hearings.cycle_of(consultation)


def _proposal(consultation: Consultation, title: str) -> CapitalProposal:
    return db.session.scalar(
        select(CapitalProposal).where(
            CapitalProposal.cycle_id == _cycle(consultation).id, CapitalProposal.title == title
        )
    )


def _poll_consultation(consultation: Consultation) -> Consultation:
    return db.session.scalar(select(Consultation).where(Consultation.kind == "capital_poll"))


@pytest.fixture
def hearing(app, make_consultation) -> int:
    """An open budget hearing with its cycle, a planned hearing in Vrellë, a draft budget line,
    a proposal answered and forwarded to a poll not yet published, and one not answered."""
    today = TODAY()
    consultation_id = make_consultation(kind="budget_hearing")
    poll_consultation_id = make_consultation(
        kind="capital_poll",
        status="draft",
        title={"sq": "Votimi 2027", "en": "Poll on the projects of 2027"},
        opens_at=today + dt.timedelta(days=40),
        closes_at=today + dt.timedelta(days=60),
    )
    with app.test_request_context("/?lang=en"):
        consultation = db.session.get(Consultation, consultation_id)
        vrelle = LocalCommunity(name={"sq": "Vrellë", "sr_Latn": "Vrelo"}, population=3126)
        banje = LocalCommunity(name={"sq": "Banjë", "sr_Latn": "Banja"}, population=2874)
        db.session.add_all([vrelle, banje])
        cycle = hearings.create_cycle(
            consultation,
            today.year + 1,
            mtbf_due=today + dt.timedelta(days=20),
            circular2_due=today + dt.timedelta(days=45),
            approval_due=today + dt.timedelta(days=90),
        )
        db.session.flush()
        hearings.plan_hearing(
            cycle, "village_council", today + dt.timedelta(days=3), "Shkolla Vrellë", vrelle.id
        )
        directorate = consultation.directorate
        line = BudgetLine(
            cycle=cycle,
            directorate_id=directorate.id if directorate else _directorate().id,
            programme="Rrugët",
            category="capital",
            current_cents=100_000_00,
            proposed_cents=110_000_00,
        )
        db.session.add(line)
        for title, community in (("Ujësjellës në Vrellë", vrelle), ("Kanal në Banjë", banje)):
            db.session.add(
                CapitalProposal(
                    cycle=cycle,
                    title=title,
                    local_community_id=community.id,
                    estimated_cents=20_000_00,
                    description="Përshkrimi i projektit.",
                    proposer_name="Arbër Krasniqi",
                    proposer_email="arber@example.org",
                )
            )
        db.session.flush()
        first = _proposal(consultation, "Ujësjellës në Vrellë")
        hearings.answer_proposal(first, "accepted", dict(COMPLETE_TEXT))
        poll = polls.create_poll(db.session.get(Consultation, poll_consultation_id), {"budget": 1})
        hearings.forward_to_poll(first, poll, "", today)
        db.session.commit()
        db.session.remove()
    return consultation_id


def _directorate():
    from consult.core.models import Directorate

    found = db.session.scalars(select(Directorate)).first()
    if found is None:
        found = Directorate(code="FIN", name={"sq": "Financat", "en": "Finance"})
        db.session.add(found)
        db.session.flush()
    return found


def _plan_a_hearing(consultation: Consultation) -> None:
    hearings.plan_hearing(
        _cycle(consultation), "youth", TODAY() + dt.timedelta(days=9), "Shtëpia e Kulturës"
    )


def _remove_the_planned_hearing(consultation: Consultation) -> None:
    hearings.remove_hearing(_cycle(consultation).hearings[0])


def _move_a_milestone(consultation: Consultation) -> None:
    _cycle(consultation).approval_due = dt.date(TODAY().year + 1, 1, 31)


def _change_the_draft_budget(consultation: Consultation) -> None:
    _cycle(consultation).lines[0].proposed_cents = 987_654_00


def _answer_a_proposal(consultation: Consultation) -> None:
    hearings.answer_proposal(
        _proposal(consultation, "Kanal në Banjë"), "rejected", dict(COMPLETE_TEXT)
    )


def _rename_a_community(consultation: Consultation) -> None:
    _community("Vrellë").name = {"sq": "Vrellë e Epërme", "sr_Latn": "Gornje Vrelo"}


def _publish_the_poll(consultation: Consultation) -> None:
    _poll_consultation(consultation).status = "announced"


def _remove_the_project(consultation: Consultation) -> None:
    db.session.delete(_proposal(consultation, "Ujësjellës në Vrellë").forwarded_project)


def _publish_the_report(consultation: Consultation) -> None:
    db.session.add(HearingReport(cycle_id=_cycle(consultation).id, published_on=TODAY()))


@pytest.mark.parametrize(
    ("change", "shown", "gone"),
    [
        (_plan_a_hearing, "Shtëpia e Kulturës", None),
        (_remove_the_planned_hearing, "The hearings are not announced yet.", "Shkolla Vrellë"),
        (_move_a_milestone, None, None),
        (_change_the_draft_budget, "987", None),
        (_answer_a_proposal, "Kanal në Banjë", None),
        (_rename_a_community, "Vrellë e Epërme", None),
        (_publish_the_poll, "Poll on the projects of 2027", "Candidate for the capital-projects"),
        (_remove_the_project, None, "Candidate for the capital-projects poll"),
        (_publish_the_report, "Read the hearing report", None),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_a_hearing_s_change_in_another_worker_is_seen_by_the_next_request(
    app, client, other_worker, hearing, change, shown, gone
):
    before = _text(consultation_page(client, hearing))
    assert "Shkolla Vrellë" in before and "Ujësjellës në Vrellë" in before
    assert "Candidate for the capital-projects poll" in before
    assert "Kanal në Banjë" not in before  # not answered yet
    assert any(key[2] == "kinds/budget_hearing.html" for key in _kept(app))
    after = _seen_by_the_next_request(app, client, other_worker, hearing, change)
    if shown:
        assert shown in after
    if gone:
        assert gone not in after


def test_a_hearing_stops_taking_proposals_on_time_with_a_warm_copy(
    app, client, hearing, monkeypatch
):
    """The day is part of the key: the day after the hearing closes, the copy of its last day
    is not served."""
    assert "Make a proposal" in consultation_page(client, hearing)
    with app.app_context():
        closed = db.session.get(Consultation, hearing).closes_at + dt.timedelta(days=1)

    class Later(dt.date):
        @classmethod
        def today(cls):
            return closed

    monkeypatch.setattr(announcement, "dt", types.SimpleNamespace(date=Later))
    monkeypatch.setattr(hearing_views, "_today", lambda: closed)
    after = consultation_page(client, hearing)
    assert "Make a proposal" not in after
    assert "Proposals are taken only while the hearing is open." in after
    assert {key[4] for key in _kept(app)} == {TODAY(), closed}


def test_a_warm_hearing_page_reads_nothing_of_the_hearing(app, client, hearing, sql_log):
    consultation_page(client, hearing)
    cold = list(sql_log)
    sql_log.clear()
    consultation_page(client, hearing)
    tables = (
        "hearing_cycles",
        "planned_hearings",
        "budget_lines",
        "capital_proposals",
        "hearing_reports",
        "local_communities",
        "capital_investments",
    )
    for table in tables:
        assert any(f" FROM {table} " in s for s in cold), table
        assert not any(f" FROM {table} " in s for s in sql_log), table
    assert len(sql_log) <= 2, sql_log  # the municipality and the consultation


# --- a poll and a survey ---------------------------------------------------------------------


@pytest.fixture
def poll(app, make_consultation, give_substance) -> int:
    """An announced poll with two projects."""
    consultation_id = make_consultation(kind="capital_poll")
    give_substance(consultation_id)
    return consultation_id


def _poll_of(consultation: Consultation) -> Poll:
    return polls.poll_for(consultation)


def _add_a_project(consultation: Consultation) -> None:
    polls.save_project(_poll_of(consultation), None, {"title": dict(COMPLETE_TEXT), "cost": 5})


def _remove_a_project(consultation: Consultation) -> None:
    db.session.delete(_poll_of(consultation).projects[0])


def _remove_the_poll(consultation: Consultation) -> None:
    db.session.delete(_poll_of(consultation))  # its projects with it


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (_add_a_project, "3 projects compete for the budget."),
        (_remove_a_project, "1 project competes for the budget."),
        (_remove_the_poll, None),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_a_poll_s_change_in_another_worker_is_seen_by_the_next_request(
    app, client, other_worker, poll, change, shown
):
    assert "2 projects compete for the budget." in consultation_page(client, poll)
    after = _seen_by_the_next_request(app, client, other_worker, poll, change)
    assert "2 projects compete" not in after
    if shown:
        assert shown in after
    else:
        assert "Vote on the capital projects" not in after


@pytest.fixture
def survey(app, make_consultation) -> int:
    """An open citizens' survey without questions yet."""
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        surveys.create_survey(db.session.get(Consultation, consultation_id), "citizen", 2026)
        db.session.commit()
    return consultation_id


def _survey_of(consultation: Consultation) -> Survey:
    return surveys.survey_of(consultation)


def _add_a_question(consultation: Consultation) -> None:
    survey_ = _survey_of(consultation)
    section = survey_.sections[0] if survey_.sections else surveys.add_section(survey_, {})
    surveys.add_question(section, "lighting", "short_text", dict(COMPLETE_TEXT))


def _for_staff(consultation: Consultation) -> None:
    _add_a_question(consultation)
    db.session.flush()
    _survey_of(consultation).audience = "staff"


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (_add_a_question, "Answer the survey"),
        (_for_staff, "Enter your access code"),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_a_survey_s_change_in_another_worker_is_seen_by_the_next_request(
    app, client, other_worker, survey, change, shown
):
    assert "This survey has no questions." in consultation_page(client, survey)
    after = _seen_by_the_next_request(app, client, other_worker, survey, change)
    assert shown in after


def test_a_survey_s_question_changed_in_the_same_transaction_is_shown(
    app, client, survey, make_consultation
):
    """A request whose own transaction changed the questionnaire renders the part afresh (its
    consultation may still carry the old revision) and keeps nothing."""
    assert "This survey has no questions." in consultation_page(client, survey)
    with app.test_request_context("/?lang=en"):
        consultation = db.session.get(Consultation, survey)
        _add_a_question(consultation)
        part = announcement.consultation_kind_part(consultation, "open")
        assert "Answer the survey" in part
        db.session.rollback()
        db.session.remove()
    assert "This survey has no questions." in consultation_page(client, survey)


# --- what a consultation funded, and a draft act's meetings -----------------------------------


def _record(consultation_id: int, title: str = "Ujësjellësi i Vrellës") -> Investment:
    return Investment(
        title={"sq": title, "en": title},
        consultation_id=consultation_id,
        year_start=TODAY().year,
        year_end=TODAY().year,
        budget=20_000,
    )


def _record_an_investment(consultation: Consultation) -> None:
    db.session.add(_record(consultation.id))


def _investment_of(consultation: Consultation) -> Investment:
    return db.session.scalar(
        select(Investment).where(Investment.consultation_id == consultation.id)
    )


def _report_progress(consultation: Consultation) -> None:
    record = _investment_of(consultation)
    record.status = "construction"
    record.progress = 40


def _move_the_investment(consultation: Consultation) -> None:
    other = db.session.scalar(select(Consultation.id).where(Consultation.id != consultation.id))
    _investment_of(consultation).consultation_id = other


def _remove_the_investment(consultation: Consultation) -> None:
    db.session.delete(_investment_of(consultation))


@pytest.mark.parametrize(
    ("change", "shown", "gone"),
    [
        (_record_an_investment, "Ujësjellësi i Vrellës", None),
        (_report_progress, "40%", None),
        (_move_the_investment, None, "Ujësjellësi i Vrellës"),
        (_remove_the_investment, None, "Ujësjellësi i Vrellës"),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_an_investment_s_change_in_another_worker_is_seen_by_the_next_request(
    app, client, other_worker, poll, make_consultation, change, shown, gone
):
    make_consultation(kind="capital_poll", status="closed")
    if change is not _record_an_investment:
        with app.app_context():
            db.session.add(_record(poll))
            db.session.commit()
    after = _seen_by_the_next_request(app, client, other_worker, poll, change)
    if shown:
        assert shown in after
    if gone:
        assert gone not in after
        assert "Followed in the register of capital investments" not in after


@pytest.fixture
def act_with_a_meeting(app, make_consultation) -> int:
    """An open draft act with a public meeting not yet announced."""
    consultation_id = make_consultation()
    with app.app_context():
        db.session.add(
            Meeting(
                consultation_id=consultation_id,
                title={"sq": "Dëgjim publik"},
                held_on=TODAY() + dt.timedelta(days=6),
                place="Salla e Kuvendit",
                agenda={"sq": "Rendi i ditës", "en": "The agenda"},
            )
        )
        db.session.commit()
    return consultation_id


def _meeting_of(consultation: Consultation) -> Meeting:
    return db.session.scalar(select(Meeting).where(Meeting.consultation_id == consultation.id))


def _announce_the_meeting(consultation: Consultation) -> None:
    _meeting_of(consultation).announced_on = TODAY()


def _announce_and_move(consultation: Consultation) -> None:
    _announce_the_meeting(consultation)
    db.session.flush()
    _meeting_of(consultation).place = "Shtëpia e Kulturës"


def test_a_meeting_announced_in_another_worker_is_seen_by_the_next_request(
    app, client, other_worker, act_with_a_meeting
):
    assert "Salla e Kuvendit" not in consultation_page(client, act_with_a_meeting)
    after = _seen_by_the_next_request(
        app, client, other_worker, act_with_a_meeting, _announce_the_meeting
    )
    assert "Salla e Kuvendit" in after and "Public meetings" in after
    after = _seen_by_the_next_request(
        app, client, other_worker, act_with_a_meeting, _announce_and_move
    )
    assert "Shtëpia e Kulturës" in after and "Salla e Kuvendit" not in after


def test_a_meeting_moved_to_another_consultation_leaves_the_first_page(
    app, client, other_worker, act_with_a_meeting, make_consultation
):
    _in_worker(other_worker, _announce_the_meeting, act_with_a_meeting)
    other_id = make_consultation()

    def move(consultation: Consultation) -> None:
        _meeting_of(consultation).consultation_id = other_id

    after = _seen_by_the_next_request(app, client, other_worker, act_with_a_meeting, move)
    assert "Salla e Kuvendit" not in after
    assert "Salla e Kuvendit" in _text(consultation_page(client, other_id))


# --- every kind, every language, every reader ----------------------------------------------


@pytest.fixture
def every_kind(hearing, poll, survey) -> dict[str, int]:
    return {"budget_hearing": hearing, "capital_poll": poll, "survey": survey}


@pytest.mark.parametrize("locale", LOCALES)
def test_each_kind_s_page_from_a_copy_is_the_page_rendered_afresh(app, client, every_kind, locale):
    for kind, consultation_id in every_kind.items():
        fresh = consultation_article(consultation_page(client, consultation_id, locale))
        assert any(key[2] == f"kinds/{kind}.html" and key[3] == locale for key in _kept(app))
        assert consultation_article(consultation_page(client, consultation_id, locale)) == fresh, (
            kind
        )


def test_nothing_about_the_reader_is_kept(app, client, every_kind, make_user):
    """An officer's page and a visitor's come from the same copies, which hold no e-mail and
    no form token."""
    email = make_user("officer")
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    assert "Sign out" in consultation_page(client, every_kind["survey"])  # signed in
    for consultation_id in every_kind.values():
        consultation_page(client, consultation_id)
    for html in _kept(app).values():
        assert "officer@istog.example" not in html and "Sign out" not in html
        assert "csrf_token" not in html


def test_each_kind_s_part_is_kept_once_per_consultation_language_and_day(app, client, every_kind):
    for consultation_id in every_kind.values():
        consultation_page(client, consultation_id)
        consultation_page(client, consultation_id)
        consultation_page(client, consultation_id, "sr")
    parts = [key for key in _kept(app) if key[2].startswith("kinds/")]
    assert len(parts) == 6
