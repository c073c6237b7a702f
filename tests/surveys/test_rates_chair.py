"""The chair's participation page: the staff survey's response rate by year, all
directorates together, as a chart with a table of the same numbers beside it."""

import datetime as dt
import html as html_lib
import re

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.chair_hooks import staff_response_rates
from tests.surveys.conftest import build_survey
from tests.surveys.test_rates_report import respond, staff


def staff_survey(app, make_consultation, year: int, status: str) -> int:
    consultation_id = make_consultation(kind="survey", status=status, planned_year=year)
    with app.app_context():
        survey = build_survey(db.session.get(Consultation, consultation_id), year=year)
        db.session.commit()
        return survey.id


def rate_rows(page: str) -> list[list[str]]:
    table = page.split("Response rate by year</caption>")[1].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        rows.append(
            [
                html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
        )
    return rows


def test_the_chair_reads_the_staff_survey_rate_by_year(app, client, login, make_consultation):
    earlier = staff_survey(app, make_consultation, 2023, "reported")
    later = staff_survey(app, make_consultation, 2024, "closed")
    still_open = staff_survey(app, make_consultation, 2025, "open")
    respond(app, earlier, "EDU", 9)
    respond(app, earlier, "FIN", 2)  # a small directorate: only the year's total is shown
    respond(app, later, "EDU", 6)
    respond(app, still_open, "EDU", 7)
    staff(app, year=2023, EDU=12, FIN=8)
    staff(app, year=2025, EDU=12)
    login("chair")
    page = client.get("/chair/participation?lang=en").get_data(as_text=True)
    assert "Response rate of the staff survey" in page
    assert rate_rows(page) == [
        ["2024", "Staff survey", "1", "6", "not entered", "not entered"],
        ["2023", "Staff survey", "1", "11", "20", "55.0"],
    ]  # the open survey of 2025 is not there: its figure would move with each answer
    assert "Where no staff count was entered for a year" in page
    chart = page.split('aria-labelledby="rates-heading"')[1].split("</section>")[0]
    assert "chart-with-table" in chart and "chart-figure" in chart


def test_two_staff_surveys_in_a_year_give_the_rate_per_survey(app, make_consultation):
    first = staff_survey(app, make_consultation, 2024, "closed")
    second = staff_survey(app, make_consultation, 2024, "closed")
    respond(app, first, "EDU", 8)
    respond(app, second, "EDU", 4)
    staff(app, year=2024, EDU=10)
    with app.test_request_context("/?lang=en"):
        (rate,) = staff_response_rates()
    assert (rate.year, rate.people, rate.population, rate.consultations) == (2024, 12, 10, 2)
    assert rate.rate == 60.0


def test_without_a_closed_staff_survey_the_page_says_so(app, client, login, make_consultation):
    staff_survey(app, make_consultation, dt.date.today().year, "open")
    login("admin")
    page = client.get("/chair/participation?lang=en").get_data(as_text=True)
    assert "No staff survey has closed yet." in page
    for locale in ("sq", "sr_Latn", "sr", "bs"):
        translated = client.get(f"/chair/participation?lang={locale}")
        assert translated.status_code == 200
        assert "Response rate of the staff survey" not in translated.get_data(as_text=True)
