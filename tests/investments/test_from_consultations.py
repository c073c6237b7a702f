"""Officers record what a consultation funded in one action, through the kind registry: a
closed poll's funded projects (and only those) and a budget hearing's accepted proposals, each
project once, whoever asks again."""

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consult.core.funded import FundedProject
from consult.core.kinds import kind_named, registry
from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.investments import services
from consult.investments.models import Investment
from tests.conftest import submit
from tests.investments.conftest import TODAY

MANAGE = "/manage/investments?lang=en"


def _records(app) -> list[Investment]:
    with app.app_context():
        found = db.session.scalars(select(Investment).order_by(Investment.id)).all()
        for record in found:
            db.session.expunge(record)
        return found


def _record_from(client, consultation_id: int, **data):
    return submit(client, f"/manage/investments/from/{consultation_id}", data, form_url=MANAGE)


def test_a_closed_poll_gives_its_funded_projects_and_only_those(
    app, client, login, closed_poll, places
):
    login("officer", places["PUB"])
    page = client.get(MANAGE).get_data(as_text=True)
    assert "Record the funded projects" in page and "The capital_poll" in page
    response = _record_from(client, closed_poll["consultation"])
    assert response.status_code == 302
    assert "2 projects recorded." in client.get(MANAGE).get_data(as_text=True)
    records = _records(app)
    assert [r.source for r in records] == [
        f"poll_project:{closed_poll['A']}",
        f"poll_project:{closed_poll['C']}",
    ]
    first, second = records
    assert first.title == {"sq": "Projekti A", "en": "Project A"}
    assert (first.budget, first.spent, first.progress, first.status) == (60_000, 0, 0, "planned")
    assert first.local_community_id == places["banje"] and second.local_community_id is None
    assert first.consultation_id == closed_poll["consultation"]
    assert first.directorate_id == places["PUB"]
    # a poll prepares next year's budget
    assert (first.year_start, first.year_end) == (TODAY.year + 1, TODAY.year + 1)
    with app.app_context():
        audit = db.session.scalar(
            select(AuditLog).where(AuditLog.action == "investment.create_from_consultation")
        )
        assert audit.target == f"consultation:{closed_poll['consultation']}"
        assert len(audit.details["investments"]) == 2


def test_asking_again_records_nothing_twice(app, client, login, closed_poll, places):
    login("officer", places["PUB"])
    _record_from(client, closed_poll["consultation"])
    _record_from(client, closed_poll["consultation"], year="2030")
    page = client.get(MANAGE).get_data(as_text=True)
    assert "Every project this consultation funded is recorded already." in page
    assert len(_records(app)) == 2


def test_the_database_refuses_a_second_record_of_one_source(app, closed_poll):
    with app.app_context():
        consultation = db.session.get(Consultation, closed_poll["consultation"])
        services.record_funded(consultation, TODAY)
        db.session.commit()
        twin = Investment(
            title={"sq": "Binjaku"},
            source=f"poll_project:{closed_poll['A']}",
            year_start=2030,
            year_end=2030,
            budget=1,
        )
        db.session.add(twin)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_the_officer_may_give_the_budget_year(app, client, login, closed_poll, places):
    login("officer", places["PUB"])
    _record_from(client, closed_poll["consultation"], year="2031")
    assert {(r.year_start, r.year_end) for r in _records(app)} == {(2031, 2031)}


@pytest.mark.parametrize("year", ["1999", "abc", "20300"])
def test_a_year_out_of_range_is_refused_and_nothing_recorded(
    app, client, login, closed_poll, places, year
):
    login("officer", places["PUB"])
    response = _record_from(client, closed_poll["consultation"], year=year)
    assert response.status_code == 302
    page = client.get(MANAGE).get_data(as_text=True)
    assert "year" in page.lower() and "recorded." not in page
    assert _records(app) == []


def test_a_poll_still_open_has_decided_nothing(app, client, login, closed_poll, places):
    with app.app_context():
        consultation = db.session.get(Consultation, closed_poll["consultation"])
        consultation.status = "open"
        consultation.closes_at = TODAY + dt.timedelta(days=3)
        db.session.commit()
        assert kind_named("capital_poll").funded_projects(consultation, TODAY) is None
    login("officer", places["PUB"])
    assert "The capital_poll" not in client.get(MANAGE).get_data(as_text=True)
    _record_from(client, closed_poll["consultation"])
    page = client.get(MANAGE).get_data(as_text=True)
    assert "This consultation has not decided yet" in page
    assert _records(app) == []


def test_a_hearing_gives_its_accepted_proposals_not_forwarded_to_a_poll(
    app, client, login, closed_hearing, places
):
    login("officer", places["PUB"])
    assert _record_from(client, closed_hearing["consultation"]).status_code == 302
    records = _records(app)
    first, second = closed_hearing["proposals"][:2]
    assert [r.source for r in records] == [
        f"capital_proposal:{first}",
        f"capital_proposal:{second}",
    ]
    accepted, partly = records
    assert accepted.title == {"sq": "Ndriçimi publik në Banjë"}
    assert partly.title == {"sr_Latn": "Obnova škole u Vrelu"}
    # the estimate, or what the change of the draft budget gave it (and that line's directorate)
    assert (accepted.budget, accepted.directorate_id) == (35_000, places["PUB"])
    assert (partly.budget, partly.directorate_id) == (20_000, places["EDU"])
    assert {r.year_start for r in records} == {closed_hearing["year"]}
    _record_from(client, closed_hearing["consultation"])
    assert len(_records(app)) == 2


def test_a_hearing_still_open_has_decided_nothing(app, closed_hearing):
    with app.app_context():
        consultation = db.session.get(Consultation, closed_hearing["consultation"])
        consultation.status = "open"
        consultation.closes_at = TODAY + dt.timedelta(days=3)
        db.session.commit()
        with pytest.raises(services.InvestmentRefused):
            services.record_funded(consultation, TODAY)


def test_an_officer_of_another_directorate_cannot_record_a_consultation(
    app, client, login, closed_poll, places
):
    login("officer", places["EDU"])
    assert "The capital_poll" not in client.get(MANAGE).get_data(as_text=True)
    response = submit(
        client,
        f"/manage/investments/from/{closed_poll['consultation']}",
        {},
        form_url="/manage/investments/new?lang=en",
    )
    assert response.status_code == 403
    assert _records(app) == []


def test_the_public_information_office_records_every_directorates(
    app, client, login, closed_poll, closed_hearing
):
    login("officer")  # no directorate: the Public Information Office
    page = client.get(MANAGE).get_data(as_text=True)
    assert "The capital_poll" in page and "The budget_hearing" in page
    _record_from(client, closed_poll["consultation"])
    _record_from(client, closed_hearing["consultation"])
    assert len(_records(app)) == 4


def test_a_citizen_or_the_chair_cannot_record(app, client, login, closed_poll):
    response = client.post(f"/manage/investments/from/{closed_poll['consultation']}")
    assert response.status_code in (302, 400, 401)
    login("chair")
    assert client.get(MANAGE).status_code == 403
    assert _records(app) == []


def test_amounts_in_another_currency_are_refused(app, closed_poll, monkeypatch):
    def in_zloty(consultation, today):
        return [FundedProject(source="x:1", title={"sq": "X"}, year=2030, budget=5, currency="PLN")]

    with app.app_context():
        consultation = db.session.get(Consultation, closed_poll["consultation"])
        kind = kind_named("capital_poll")
        monkeypatch.setitem(
            registry(app).kinds, "capital_poll", replace(kind, funded_projects=in_zloty)
        )
        with pytest.raises(services.InvestmentRefused, match="PLN"):
            services.record_funded(consultation, TODAY)
        assert db.session.scalar(select(func.count(Investment.id))) == 0


def test_the_consultation_page_links_to_the_records_its_decision_funded(
    app, client, login, closed_poll, places
):
    page_url = f"/consultations/{closed_poll['consultation']}?lang=en"
    before = client.get(page_url).get_data(as_text=True)
    assert "Followed in the register of capital investments" not in before
    login("officer", places["PUB"])
    assert _record_from(client, closed_poll["consultation"]).status_code == 302
    page = client.get(page_url).get_data(as_text=True)
    assert "Followed in the register of capital investments" in page
    assert "The decision of this consultation funded 2 projects" in page
    for record in _records(app):
        assert f'href="/investments/{record.id}"' in page
    assert page.count("Planned, 0%") == 2
