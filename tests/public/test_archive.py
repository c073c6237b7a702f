"""The public archive: closed consultations of every year with what each produced."""

import datetime as dt

import pytest
from sqlalchemy import select

from consult.core.services import ARCHIVE_PAGE_SIZE
from consult.extensions import db
from consult.polls.models import Poll
from consult.surveys.models import Survey

LONG_AGO = dt.date.today().year - 3


def _closed(make_consultation, title: str, year: int = LONG_AGO, **fields) -> int:
    values = {
        "status": "closed",
        "planned_year": year,
        "notice_at": dt.date(year, 3, 1),
        "opens_at": dt.date(year, 3, 10),
        "closes_at": dt.date(year, 4, 10),
        "title": {"sq": title, "en": title},
    }
    values.update(fields)
    return make_consultation(**values)


def _year_section(page: str, year) -> str:
    return page.split(f'id="archive-{year}"')[1].split("</section>")[0]


def _substance_id(app, model, consultation_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(model.id).where(model.consultation_id == consultation_id))


def test_closed_consultations_of_past_years_appear_under_their_year_with_links(
    app, client, make_consultation, give_substance
):
    act = _closed(make_consultation, "Akti i vjetër", status="reported")
    poll = _closed(make_consultation, "Votimi i vjetër", kind="capital_poll")
    give_substance(poll)
    released = _closed(make_consultation, "Anketa e raportuar", kind="survey", status="reported")
    give_substance(released)
    unreleased = _closed(
        make_consultation, "Anketa e pa raportuar", LONG_AGO - 1, kind="survey", status="open"
    )
    give_substance(unreleased)
    make_consultation(title={"sq": "Draft i fshehtë"}, status="draft", planned_year=LONG_AGO)
    make_consultation(title={"sq": "E hapur sot"})

    page = client.get("/archive?lang=sq").get_data(as_text=True)
    assert "Draft i fshehtë" not in page and "E hapur sot" not in page
    assert page.index(f'id="archive-{LONG_AGO}"') < page.index(f'id="archive-{LONG_AGO - 1}"')
    recent = _year_section(page, LONG_AGO)
    assert "Akti i vjetër" in recent and "Votimi i vjetër" in recent
    assert f'href="/consultations/{act}/report"' in recent
    assert f'href="/polls/{_substance_id(app, Poll, poll)}/results"' in recent
    assert f'href="/surveys/{_substance_id(app, Survey, released)}/results"' in recent
    # the survey's dates passed but no officer closed or reported it: no results link yet
    older = _year_section(page, LONG_AGO - 1)
    assert "Anketa e pa raportuar" in older
    assert f"/surveys/{_substance_id(app, Survey, unreleased)}/results" not in older
    # every link leads somewhere readable
    for url in (
        f"/polls/{_substance_id(app, Poll, poll)}/results",
        f"/surveys/{_substance_id(app, Survey, released)}/results",
    ):
        assert client.get(url).status_code == 200


def test_filters_narrow_the_archive(client, make_consultation, make_directorate):
    education = make_directorate("EDU", "Drejtoria e Arsimit")
    health = make_directorate("HEA", "Drejtoria për Shëndetësi")
    _closed(make_consultation, "Akt arsimi", directorate_id=education)
    _closed(
        make_consultation, "Anketë shëndeti", LONG_AGO - 1, kind="survey", directorate_id=health
    )
    by_kind = client.get("/archive?kind=survey").get_data(as_text=True)
    assert "Anketë shëndeti" in by_kind and "Akt arsimi" not in by_kind
    by_directorate = client.get(f"/archive?directorate={education}").get_data(as_text=True)
    assert "Akt arsimi" in by_directorate and "Anketë shëndeti" not in by_directorate
    by_year = client.get(f"/archive?year={LONG_AGO - 1}").get_data(as_text=True)
    assert "Anketë shëndeti" in by_year and "Akt arsimi" not in by_year
    assert 'for="archive-year"' in by_year and f'<option value="{LONG_AGO - 1}" selected' in by_year


@pytest.mark.parametrize(
    "query", ["kind=<script>&directorate=abc&year=x&page=y", "year=99999999999&page=-4", "page=0"]
)
def test_bad_filter_values_are_ignored(client, make_consultation, query):
    _closed(make_consultation, "Akt i mbyllur")
    response = client.get(f"/archive?{query}")
    assert response.status_code == 200
    assert "Akt i mbyllur" in response.get_data(as_text=True)


def test_a_year_with_many_consultations_is_paginated(app, client, make_consultation):
    for n in range(ARCHIVE_PAGE_SIZE + 1):
        _closed(make_consultation, f"Akti nr. {n:03d}", closes_at=dt.date(LONG_AGO, 4, 10))
    everything = client.get("/archive").get_data(as_text=True)
    assert everything.count('<th scope="row">') == ARCHIVE_PAGE_SIZE
    assert f'href="/archive?year={LONG_AGO}"' in everything
    first = client.get(f"/archive?year={LONG_AGO}").get_data(as_text=True)
    assert first.count('<th scope="row">') == ARCHIVE_PAGE_SIZE and 'rel="next"' in first
    second = client.get(f"/archive?year={LONG_AGO}&page=2").get_data(as_text=True)
    assert second.count('<th scope="row">') == 1 and 'rel="prev"' in second


@pytest.mark.parametrize("lang", ["sq", "sr_Latn", "sr_Cyrl", "bs", "en"])
def test_every_locale_renders_the_archive(client, make_consultation, lang):
    _closed(make_consultation, "Akt i mbyllur", status="reported")
    response = client.get(f"/archive?lang={lang}")
    assert response.status_code == 200
    assert "<h1>" in response.get_data(as_text=True)


def test_the_home_page_links_to_the_archive(client, make_consultation):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert 'href="/archive"' in page and "Archive: consultations of past years" in page
    _closed(make_consultation, "Akt i vjetër")
    by_year = client.get(f"/?year={LONG_AGO}&lang=en").get_data(as_text=True)
    assert f'href="/archive?year={LONG_AGO}"' in by_year


def test_a_published_hearing_report_is_linked(app, client, make_consultation, give_substance):
    from consult.hearings.models import HearingCycle, HearingReport

    hearing = _closed(make_consultation, "Dëgjimi buxhetor", kind="budget_hearing")
    give_substance(hearing)
    unpublished = _closed(make_consultation, "Dëgjim pa raport", kind="budget_hearing")
    give_substance(unpublished)
    with app.app_context():
        cycle = db.session.scalar(
            select(HearingCycle).where(HearingCycle.consultation_id == hearing)
        )
        db.session.add(HearingReport(cycle=cycle, published_on=dt.date(LONG_AGO, 5, 1)))
        db.session.commit()
    page = client.get("/archive?lang=sq").get_data(as_text=True)
    assert f'href="/hearings/{hearing}/report"' in page
    assert f'href="/hearings/{unpublished}/report"' not in page
    assert client.get(f"/hearings/{hearing}/report").status_code == 200
