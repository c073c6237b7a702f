"""The staff survey report's response rates against the staff counts of its year: a small
directorate shows neither its responses nor its rate, the totals cannot be used to work a
hidden one out, and the report says plainly when no staff count was entered."""

import datetime as dt
import html as html_lib
import io
import random
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from consult.core.anonymity import SUPPRESSED
from consult.core.models import Directorate
from consult.extensions import db
from consult.surveys import report
from consult.surveys.chair_hooks import staff_response_rates
from consult.surveys.models import StaffCount, StaffToken, Survey
from consult.surveys.rates import directorate_rates
from consult.surveys.services import code_hash, new_code, save_response

ANSWER = {"channel": "email", "informed": 4, "climate": {"across": 3, "within": 4}}


def directorate(code: str) -> int:
    found = db.session.scalar(select(Directorate).where(Directorate.code == code))
    if found is None:
        found = Directorate(code=code, name={"sq": code, "en": code})
        db.session.add(found)
        db.session.flush()
    return found.id


def respond(app, survey_id: int, code: str, times: int, issued: int | None = None) -> None:
    """`times` staff of `code` answered with their codes; `issued` codes were handed out."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        directorate_id = directorate(code)
        for index in range(issued if issued is not None else times):
            db.session.add(
                StaffToken(
                    token_hash=code_hash(new_code()),
                    survey_id=survey.id,
                    directorate_id=directorate_id,
                    used=index < times,
                )
            )
        for _ in range(times):
            save_response(survey, dict(ANSWER), dt.date(2024, 10, 8), directorate_id)
        db.session.commit()


def staff(app, year: int = 2024, **counts: int) -> None:
    with app.app_context():
        for code, count in counts.items():
            db.session.add(StaffCount(directorate_id=directorate(code), year=year, count=count))
        db.session.commit()


def set_status(app, survey_id: int, status: str) -> None:
    with app.app_context():
        db.session.get(Survey, survey_id).consultation.status = status
        db.session.commit()


def rate_rows(page: str) -> dict[str, list[str]]:
    """The rows of the response-rate table: row heading → cell texts ("–" when hidden)."""
    table = page.split("Response rate by directorate</caption>")[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = [
            html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def columns(page: str) -> list[str]:
    table = page.split("Response rate by directorate</caption>")[1].split("</thead>")[0]
    return [html_lib.unescape(c) for c in re.findall(r'<th scope="col">(.*?)</th>', table)]


@pytest.fixture
def answered(app, survey_id):
    respond(app, survey_id, "EDU", 9, issued=11)
    respond(app, survey_id, "HEA", 6, issued=8)
    respond(app, survey_id, "FIN", 2, issued=3)
    set_status(app, survey_id, "closed")
    return survey_id


def test_rates_against_staff_with_a_small_directorate_hidden_and_its_complement(
    app, client, login, answered
):
    staff(app, EDU=12, HEA=10, FIN=3)
    login("officer")
    page = client.get(f"/manage/surveys/{answered}/report?lang=en").get_data(as_text=True)
    assert columns(page) == [
        "Directorate",
        "Staff",
        "Codes issued",
        "Responses",
        "Response rate against staff (%)",
        "Codes used (%)",
    ]
    rows = rate_rows(page)
    assert rows["EDU"] == ["12", "11", "9", "75.0", "81.8"]
    # FIN (2 responses) shows neither count nor rate; HEA (6) is hidden with it, or the
    # total 17 minus EDU's 9 and HEA's 6 would give FIN's 2
    assert rows["FIN"] == ["3", "3", "–", "–", "–"]
    assert rows["HEA"] == ["10", "8", "–", "–", "–"]
    assert rows["All directorates"] == ["25", "22", "17", "68.0", "77.3"]
    assert "Responses received: 17" in page
    assert "No staff count" not in page
    assert "/manage/surveys/staff-counts/2024" in page


def test_the_hidden_rows_follow_from_no_shown_figure(app, answered):
    """An outsider's arithmetic: every shown total minus every shown row leaves the hidden
    rows together, and that pool is at least k and split over at least two directorates."""
    staff(app, EDU=12, HEA=10, FIN=3)
    with app.test_request_context("/?lang=en"):
        table = directorate_rates(db.session.get(Survey, answered))
        k = report.min_group()
    responses = table.columns.index("Responses")
    *rows, total = table.rows
    hidden = [r for r in rows if r[responses] is SUPPRESSED]
    shown = sum(r[responses] for r in rows if r[responses] is not SUPPRESSED)
    assert len(hidden) >= 2
    assert total[responses] - shown >= k
    for row in hidden:  # a hidden count has no rate that would give it back
        assert all(cell is SUPPRESSED for cell in row[responses:])


@pytest.mark.parametrize("seed", range(12))
def test_random_directorates_hide_what_the_breakdown_hides_and_nothing_is_derivable(
    app, survey_id, seed
):
    """For made-up response counts: every directorate under k is hidden, the hidden pool
    cannot be split by subtraction, and the rate table hides exactly the directorates the
    breakdown by directorate of a question everyone answered hides (or combining the two
    tables would give a hidden count away)."""
    rng = random.Random(seed)
    counts = {code: rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 11]) for code in ("A", "B", "C", "D", "E")}
    for code, times in counts.items():
        respond(app, survey_id, code, times, issued=times + 2)
    staff(app, **{code: times + 4 for code, times in counts.items()})
    set_status(app, survey_id, "closed")
    with app.test_request_context("/?lang=en"):
        survey = db.session.get(Survey, survey_id)
        k = report.min_group()
        table = directorate_rates(survey)
        channel = next(q for q in survey.questions if q.key == "channel")
        breakdown = report.question_report(survey, channel, "directorate").breakdown
    responses = table.columns.index("Responses")
    *rows, total = table.rows
    hidden = {r[0] for r in rows if r[responses] is SUPPRESSED}
    for name, times in counts.items():
        if 0 < times < k:
            assert name in hidden
    if hidden:
        assert sum(counts[name] > 0 for name in hidden) >= 2
        assert sum(counts[name] for name in hidden) >= k
    assert total[responses] == sum(counts.values())
    if breakdown is not None and breakdown.rows:
        # every answer is "email": a directorate's row is hidden where its count is
        hidden_there = {r[0] for r in breakdown.rows if any(c is SUPPRESSED for c in r[1:])}
        assert hidden_there == hidden


def test_no_staff_count_for_the_year_says_so(app, client, login, answered):
    staff(app, year=2023, EDU=12, HEA=10, FIN=3)  # last year's do not count for 2024
    login("officer")
    page = client.get(f"/manage/surveys/{answered}/report?lang=en").get_data(as_text=True)
    assert "No staff count was entered for 2024." in page
    assert columns(page) == ["Directorate", "Codes issued", "Responses", "Codes used (%)"]
    rows = rate_rows(page)
    assert rows["FIN"] == ["3", "–", "–"]
    assert rows["EDU"] == ["11", "9", "81.8"]


def test_a_directorate_without_a_count_makes_the_total_incomplete(app, client, login, answered):
    staff(app, EDU=12, HEA=10)
    login("officer")
    page = client.get(f"/manage/surveys/{answered}/report?lang=en").get_data(as_text=True)
    rows = rate_rows(page)
    assert rows["FIN"] == ["not entered", "3", "–", "not entered", "–"]  # still hidden
    assert rows["All directorates"][3] == "incomplete"
    assert "No staff count for 2024 was entered for: FIN." in page


def test_the_published_results_and_the_xlsx_hide_the_same(app, client, login, answered):
    staff(app, EDU=12, HEA=10, FIN=3)
    set_status(app, answered, "reported")
    public = client.get(f"/surveys/{answered}/results?lang=en").get_data(as_text=True)
    assert rate_rows(public)["FIN"] == ["3", "3", "–", "–", "–"]
    assert "/manage/surveys/staff-counts" not in public
    login("officer")
    download = client.get(f"/manage/surveys/{answered}/report.xlsx?lang=en")
    sheet = openpyxl.load_workbook(io.BytesIO(download.data))["Response rate"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["FIN"][2:] == (None, None, None)
    assert values["HEA"][2:] == (None, None, None)
    assert values["EDU"][2] == 9


def test_a_directorate_officer_sees_no_link_to_the_counts(app, client, login, answered):
    with app.app_context():
        edu = db.session.scalar(select(Directorate.id).where(Directorate.code == "EDU"))
        db.session.get(Survey, answered).consultation.directorate_id = edu
        db.session.commit()
    login("officer", directorate_id=edu)
    page = client.get(f"/manage/surveys/{answered}/report?lang=en").get_data(as_text=True)
    assert "Response rate by directorate" in page
    assert "/manage/surveys/staff-counts" not in page


def test_the_demo_survey_shows_rates_against_staff(app, client, login):
    """The demo's staff counts make its report and the chair's page show real rates."""
    from tests.surveys.test_demo import load

    current_id, earlier_id = load(app)
    with app.app_context():
        counted = db.session.scalar(select(func.count()).select_from(StaffCount))
        db.session.get(Survey, earlier_id).consultation.status = "reported"
        db.session.commit()
    assert counted == 26  # 13 directorates, two years
    login("officer")
    page = client.get(f"/manage/surveys/{current_id}/report?lang=en").get_data(as_text=True)
    assert "Response rate against staff (%)" in columns(page)
    assert "No staff count" not in page
    total = rate_rows(page)["All directorates"]
    assert re.fullmatch(r"\d+\.\d", total[3])
    assert "–" in page  # its small directorates hidden
    with app.test_request_context("/?lang=en"):
        by_year = {rate.year: rate for rate in staff_response_rates()}
    assert sorted(by_year) == [2023, 2024]
    assert all(rate.population and 30 < rate.rate < 100 for rate in by_year.values())
