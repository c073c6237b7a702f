"""A fifth kind of consultation takes one package and one registration line: a tiny "town hall"
kind, defined here, is served by the public page, the lifecycle, the chair and the open data
without any of them naming it."""

import datetime as dt
from dataclasses import replace

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import event

from config import TestingConfig
from consult import create_app
from consult.api import published
from consult.chair import services as chair
from consult.core import lifecycle, revisions
from consult.core.kinds import (
    ConsultationKind,
    DemoContext,
    KindDemo,
    OpenData,
    kind_of,
    register_kind,
    registered_kinds,
    registry,
)
from consult.core.models import Consultation, Document
from consult.core.municipalities import Municipality
from consult.core.providers import ReportLink
from consult.core.revisions import Watch
from consult.core.standards import Finding
from consult.extensions import db
from consult.manage.forms import ConsultationForm

TITLE = {"sq": "Takim", "sr_Latn": "Sastanak", "bs": "Sastanak", "en": "Town hall"}


def _no_chairs(consultation: Consultation, standards: dict) -> list[Finding]:
    """The town hall is announced only once it has chairs for the public."""
    return [Finding("TH-CHAIRS", "block", "No chairs for the public yet")]


def _findings(consultations, today, standards) -> dict:
    return {c.id: [Finding("TH-ROOM", "warn", "The room is small")] for c in consultations}


def _report(consultation: Consultation, today, standards) -> dict:
    return {"consultation_id": consultation.id, "kind": "town_hall", "comments": []}


#: the town hall's demo consultation, shaped like every kind's `demo_data/consultation.py`
TOWN_HALL_DEMO = {
    "kind": "town_hall",
    "directorate": "ADM",
    "title": TITLE,
    "summary": TITLE,
    "body": TITLE,
    "contact": {"name": "Valentina Gashi", "email": "valentina.gashi@istog.example", "phone": ""},
    "status": "announced",
    "offsets": {"notice": -5, "opens": 10, "closes": 40},
}


def _load_town_hall_demo(context: DemoContext) -> None:
    """Loaded after the hearing's demo: the town hall discusses the budget year it left."""
    town_hall = context.current["town_hall"]
    town_hall.summary = {"en": f"The {context.values['budget_year']} budget"}
    context.guide.town_hall_id = town_hall.id


TOWN_HALL = ConsultationKind(
    code="town_hall",
    label="Town hall",
    public_template="kinds/town_hall.html",
    public_panel=lambda consultation: {"seats": 120},
    unanswered=lambda consultation: 3,
    substance_checks=(_no_chairs,),
    findings=_findings,
    reports=lambda ids: {i: ReportLink(i, "Minutes", "public.home") for i in ids},
    open_data=OpenData(
        has_report=lambda consultation: True,
        report=_report,
        report_rows=lambda report: [["comment"]],
    ),
    demo=KindDemo(current=TOWN_HALL_DEMO, load=_load_town_hall_demo, order=50),
)


@pytest.fixture
def town_hall_app(tmp_path):
    """An app of its own that serves the town hall beside the four kinds, with one town hall
    on its database (the test database knows only the four kinds' codes: a real new kind adds
    its code to `CONSULTATION_KINDS` with a migration)."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'town-hall.sqlite'}"
        UPLOAD_FOLDER = str(tmp_path)

    app = create_app(Config)
    register_kind(app, TOWN_HALL)  # the one registration line
    app.jinja_loader = ChoiceLoader(
        [
            DictLoader(
                {"kinds/town_hall.html": "<p>Seats: {{ kind_panel(consultation).seats }}</p>"}
            ),
            app.jinja_loader,
        ]
    )
    with app.app_context():
        event.listen(
            db.engine, "connect", lambda conn, _: conn.execute("PRAGMA ignore_check_constraints=1")
        )
        db.create_all()
        db.session.add(Municipality(id=1, slug="istog"))  # migration 0035's first municipality
        db.session.flush()
        today = dt.date.today()
        db.session.add(
            Consultation(
                kind="town_hall",
                status="open",
                title=TITLE,
                summary=TITLE,
                body=TITLE,
                opens_at=today - dt.timedelta(days=2),
                closes_at=today + dt.timedelta(days=20),
                notice_at=today - dt.timedelta(days=30),
                contact_name="Valentina Gashi",
                contact_email="valentina.gashi@istog.example",
            )
        )
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def _town_hall() -> Consultation:
    return db.session.scalars(db.select(Consultation)).one()


def test_the_kind_is_registered_on_its_app_only(app, town_hall_app):
    with town_hall_app.app_context():
        codes = [kind.code for kind in registered_kinds()]
        assert codes == ["draft_act", "budget_hearing", "capital_poll", "survey", "town_hall"]
        assert kind_of(_town_hall()) is TOWN_HALL
    with app.app_context():
        assert "town_hall" not in [kind.code for kind in registered_kinds()]


def test_a_code_registered_twice_is_refused(town_hall_app):
    with pytest.raises(ValueError, match="town_hall"):
        register_kind(town_hall_app, TOWN_HALL)


def test_the_public_page_shows_the_kinds_panel(town_hall_app):
    with town_hall_app.app_context():
        consultation_id = _town_hall().id
    page = town_hall_app.test_client().get(f"/consultations/{consultation_id}?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<p>Seats: 120</p>" in html
    assert '<p class="card-kind">Town hall' in html  # its name, from the registry


def test_the_filters_and_forms_offer_the_kind(town_hall_app):
    """The home page's filter and the officer's form list the kinds registered on the app."""
    home = town_hall_app.test_client().get("/?lang=en").get_data(as_text=True)
    assert '<option value="town_hall"' in home
    with town_hall_app.test_request_context("/manage/consultations/new"):
        assert "town_hall" in [choice.value for choice in ConsultationForm().kind.choices]


def test_the_lifecycle_asks_the_kind(town_hall_app):
    with town_hall_app.app_context():
        consultation = _town_hall()
        assert lifecycle.unanswered_count(consultation) == 3
        standards = town_hall_app.config["STANDARDS"]
        rules = [f.rule_id for f in lifecycle.substance_findings(consultation, standards)]
        assert rules == ["TH-CHAIRS"]


def test_the_chair_and_the_open_data_go_through_the_kind(town_hall_app):
    with town_hall_app.app_context():
        consultation, today = _town_hall(), dt.date.today()
        standards = town_hall_app.config["STANDARDS"]
        found = chair.collect_findings([consultation], today, standards)
        assert [f.rule_id for f in found[consultation.id]] == ["TH-ROOM"]
        assert chair.collect_reports([consultation.id])[consultation.id].label == "Minutes"
        assert published.has_report(consultation)
        report = published.published_report(consultation, today, standards)
        assert report["kind"] == "town_hall"
        assert published.report_rows(report) == [["comment"]]
        assert not published.has_results(consultation, today)
        assert published.published_results(consultation, today, 5) is None


def test_the_demo_loads_the_kinds_demo_after_the_kinds_it_reads(town_hall_app):
    """`flask seed-demo` creates the town hall's consultation with every kind's and calls
    its hook last (its order), when the hearing has left the budget year."""
    from consult.demo.seed import seed_demo
    from consult.hearings.demo import open_budget_year

    with town_hall_app.test_request_context("/?lang=en"):
        today = dt.date.today()
        guide = seed_demo(today)
        town_hall = db.session.get(Consultation, guide.town_hall_id)
        assert town_hall.kind == "town_hall" and town_hall.directorate.code == "ADM"
        assert town_hall.opens_at == today + dt.timedelta(days=10)
        assert town_hall.summary == {"en": f"The {open_budget_year(today)} budget"}
        kinds = db.session.scalars(db.select(Consultation.kind).order_by(Consultation.id)).all()
        # the one made by the fixture, then this year's consultation of each kind in turn
        assert kinds[1:6] == ["draft_act", "budget_hearing", "capital_poll", "survey", "town_hall"]


#: what a kept town hall's part shows besides the consultation (nothing here: a watch that
#: concerns no row, to see it registered with the kind)
TOWN_HALL_PAGES = Watch(
    table=Consultation.__table__,
    column="page_revision",
    models=(Document,),
    concerned=lambda session, changed: None,
)


def test_a_kind_that_keeps_its_part_is_rendered_once_and_watched(town_hall_app):
    """A kind whose part holds nothing of the reader's (`public_kept`) is rendered once per
    worker, language and day; registering it registers its `page_watch`."""
    panels = []

    def panel(consultation: Consultation) -> dict:
        panels.append(consultation.id)
        return {"seats": 120}

    kept = replace(TOWN_HALL, public_panel=panel, public_kept=True, page_watch=TOWN_HALL_PAGES)
    del registry(town_hall_app).kinds["town_hall"]
    register_kind(town_hall_app, kept)
    assert TOWN_HALL_PAGES in revisions._WATCHES
    with town_hall_app.app_context():
        consultation_id = _town_hall().id
    client = town_hall_app.test_client()
    for lang in ("en", "en", "sq", "en"):
        page = client.get(f"/consultations/{consultation_id}?lang={lang}")
        assert "<p>Seats: 120</p>" in page.get_data(as_text=True)
    assert panels == [consultation_id, consultation_id]  # once in English, once in Albanian
    with town_hall_app.app_context():
        _town_hall().summary = {"en": "Chairs for everyone"}
        db.session.commit()
    client.get(f"/consultations/{consultation_id}?lang=en")
    assert len(panels) == 3  # the consultation changed: rendered again
