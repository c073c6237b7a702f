"""Fixtures of the register of capital investments: a closed poll whose rule funded two of its
three projects, a budget hearing whose plan accepted two proposals, and records to follow."""

import datetime as dt
import io

import pytest
from PIL import Image

from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.extensions import db
from consult.hearings import services as hearings
from consult.hearings.models import BudgetLine
from consult.investments import services
from consult.investments.models import Investment
from consult.polls import services as polls
from consult.polls.models import Project

TODAY = dt.date.today()
TITLE = {"sq": "Rruga e re", "sr_Latn": "Novi put", "bs": "Novi put", "en": "The new road"}


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 120, 40))
    exif = Image.Exif()
    exif[0x8825] = {2: (42.0, 46.0, 0.0)}  # GPS info
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def places(app):
    """Two directorates (public works, education) and two local communities: ids."""
    with app.app_context():
        works = Directorate(code="PUB", name={"sq": "Shërbimet publike", "en": "Public works"})
        schools = Directorate(code="EDU", name={"sq": "Arsimi", "en": "Education"})
        banje = LocalCommunity(name={"sq": "Banjë", "sr_Latn": "Banja"}, population=2000)
        vrelle = LocalCommunity(name={"sq": "Vrellë", "sr_Latn": "Vrelo"}, population=1500)
        db.session.add_all([works, schools, banje, vrelle])
        db.session.commit()
        return {"PUB": works.id, "EDU": schools.id, "banje": banje.id, "vrelle": vrelle.id}


def _consultation(kind: str, status: str, directorate_id: int, closes_at: dt.date) -> Consultation:
    consultation = Consultation(
        kind=kind,
        status=status,
        title={"sq": f"Konsultimi {kind}", "en": f"The {kind}"},
        summary={"sq": "Përmbledhje"},
        body={"sq": "Tekst"},
        directorate_id=directorate_id,
        opens_at=closes_at - dt.timedelta(days=20),
        closes_at=closes_at,
        planned_year=closes_at.year,
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation


@pytest.fixture
def closed_poll(app, places):
    """A closed poll (budget 100,000): A 60,000 with five votes and C 30,000 with two are
    funded by the greedy rule; B 50,000 with three votes no longer fits. Returns ids."""
    with app.app_context():
        consultation = _consultation(
            "capital_poll", "closed", places["PUB"], TODAY - dt.timedelta(days=3)
        )
        poll = polls.create_poll(consultation, {"budget": 100_000})
        projects = {}
        for code, cost, community in (
            ("A", 60_000, places["banje"]),
            ("B", 50_000, places["vrelle"]),
            ("C", 30_000, None),
        ):
            projects[code] = polls.save_project(
                poll,
                None,
                {
                    "code": code,
                    "title": {"sq": f"Projekti {code}", "en": f"Project {code}"},
                    "cost": cost,
                    "local_community_id": community,
                },
            )
        ballots = [["A"]] * 5 + [["B"]] * 3 + [["C"]] * 2
        for number, codes in enumerate(ballots):
            choices = sorted(projects[code].id for code in codes)
            polls.cast_vote(poll, f"voter-{number}", choices, TODAY - dt.timedelta(days=5))
        db.session.commit()
        return {
            "consultation": consultation.id,
            **{code: project.id for code, project in projects.items()},
        }


@pytest.fixture
def closed_hearing(app, places):
    """A closed budget hearing for next year: proposal 1 accepted (estimate 35,000), proposal
    2 partly accepted with a change adding 20,000 to an education line, proposal 3 rejected,
    proposal 4 accepted but forwarded to a poll. Returns ids."""
    with app.app_context():
        consultation = _consultation(
            "budget_hearing", "reported", places["PUB"], TODAY - dt.timedelta(days=30)
        )
        cycle = hearings.create_cycle(consultation, TODAY.year + 1)
        line = BudgetLine(
            cycle=cycle,
            directorate_id=places["EDU"],
            programme="Arsimi fillor",
            category="capital",
            current_cents=100_000_00,
            proposed_cents=120_000_00,
        )
        db.session.add(line)
        made = []
        for title, cost, language in (
            ("Ndriçimi publik në Banjë", 35_000, "sq"),
            ("Obnova škole u Vrelu", 80_000, "sr_Latn"),
            ("Pishina olimpike", 2_000_000, "sq"),
            ("Kënd lojërash", 25_000, "sq"),
        ):
            made.append(
                hearings.submit_proposal(
                    cycle,
                    title,
                    places["banje"],
                    cost * 100,
                    "Përshkrim",
                    "Arta",
                    "arta@example.org",
                    language=language,
                )
            )
        hearings.answer_proposal(made[0], "accepted", {"sq": "Po", "en": "Yes"})
        hearings.answer_proposal(made[1], "partly_accepted", {"sq": "Pjesërisht"})
        hearings.answer_proposal(made[2], "rejected", {"sq": "Jo"})
        hearings.answer_proposal(made[3], "accepted", {"sq": "Po"})
        hearings.record_change(line, 140_000_00, {"sq": "Shkolla"}, proposal=made[1])
        other_poll = polls.create_poll(
            _consultation("capital_poll", "open", places["PUB"], TODAY + dt.timedelta(days=9)),
            {"budget": 50_000},
        )
        forwarded = Project(poll=other_poll, code="P1", title={"sq": "Kënd lojërash"}, cost=25_000)
        db.session.add(forwarded)
        db.session.flush()
        made[3].forwarded_project_id = forwarded.id
        db.session.commit()
        return {
            "consultation": consultation.id,
            "year": cycle.budget_year,
            "proposals": [p.id for p in made],
        }


@pytest.fixture
def make_record(app, places):
    """A record made by hand (as the Public Information Office would): its id."""

    def make(**fields) -> int:
        values = {
            "title": dict(TITLE),
            "year_start": TODAY.year,
            "year_end": TODAY.year,
            "budget": 100_000,
            "directorate_id": places["PUB"],
            "local_community_id": places["banje"],
        }
        values.update(fields)
        with app.app_context():
            record = services.create_investment(services.Details(**values))
            db.session.commit()
            return record.id

    return make


@pytest.fixture
def register_data(app, make_record, places):
    """Four records: a completed road in Banjë (2022), a bridge under way in Vrellë
    (2023–2025), a cancelled square for the whole municipality (2024), a planned school in
    Banjë (2025). Returns their ids by name."""
    road = make_record(
        title={"sq": "Rruga Banjë", "en": "Banjë road"},
        year_start=2022,
        year_end=2022,
        budget=100_000,
    )
    bridge = make_record(
        title={"sq": "Ura Vrellë", "en": "Vrellë bridge"},
        year_start=2023,
        year_end=2025,
        budget=300_000,
        local_community_id=places["vrelle"],
    )
    square = make_record(
        title={"sq": "Sheshi", "en": "The square"},
        year_start=2024,
        year_end=2024,
        budget=50_000,
        local_community_id=None,
    )
    school = make_record(
        title={"sq": "Shkolla Banjë", "en": "Banjë school"},
        year_start=2025,
        year_end=2025,
        budget=250_000,
    )
    with app.app_context():
        for record_id, status, day in (
            (road, "completed", dt.date(2022, 10, 1)),
            (bridge, "construction", dt.date(2023, 6, 1)),
            (square, "cancelled", dt.date(2024, 3, 1)),
        ):
            record = db.session.get(Investment, record_id)
            services.change_status(
                record,
                status,
                day,
                TODAY,
                cancel_reason={"sq": "Arsye", "sr_Latn": "Razlog", "bs": "Razlog"},
            )
        services.update_progress(db.session.get(Investment, road), 100, 98_000, None, None)
        services.update_progress(
            db.session.get(Investment, bridge), 50, 120_500.5, dt.date(2023, 6, 1), None
        )
        db.session.commit()
    return {"road": road, "bridge": bridge, "square": square, "school": school}


def record_of(record_id: int) -> Investment:
    return db.session.get(Investment, record_id)
