"""A consultation counts in the year it ran (issue #15): the year its written consultation
closed, else the year it opened, else the year of its annual plan. The annual report, its
downloads, the participation tables, the dashboard and the public list all use that year."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from consult.chair.annual import annual_report, report_years
from consult.chair.participation import meetings_held, participation
from consult.chair.trends import trends
from consult.comments.models import Answer, Comment
from consult.core.models import Consultation, consultation_year
from consult.core.services import consultation_years
from consult.extensions import db
from consult.i18n import LOCALES
from consult.meetings.models import Meeting
from consult.polls.models import Ballot, Poll, Project

TEXT = {"sq": "Tekst", "sr_Latn": "Tekst", "bs": "Tekst", "en": "Text"}
SPANNING = "Opened in 2024, counted in 2025, the year it closed."


def _consultation(kind: str, title: str, planned_year: int | None, **dates) -> Consultation:
    consultation = Consultation(
        kind=kind,
        status=dates.pop("status", "closed"),
        title={"sq": title, "en": title},
        summary=dict(TEXT),
        body=dict(TEXT),
        planned_year=planned_year,
        **dates,
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation


@pytest.fixture
def years(app) -> dict[str, int]:
    """Consultations whose year is known:

    * "spanning": planned for 2024, opened 10 December 2024, closed 20 January 2025 (2025),
      with a comment, a meeting held in December 2024;
    * "unplanned": in no plan, ran in May 2023 (2023);
    * "open_ended": planned for 2021, opened in March 2022, no closing date (2022);
    * "undated": planned for 2021, no dates (2021);
    * "poll": planned for 2024, voting from December 2024 to January 2025 (2025), 6 ballots;
    * "draft": an unpublished consultation of 2020, which counts nowhere."""
    with app.app_context():
        spanning = _consultation(
            "draft_act",
            "Rregullore e parkimit",
            2024,
            notice_at=dt.date(2024, 11, 20),
            opens_at=dt.date(2024, 12, 10),
            closes_at=dt.date(2025, 1, 20),
        )
        comment = Comment(
            consultation_id=spanning.id,
            author_kind="citizen",
            author_email="a@example.org",
            language="sq",
            text="Më shumë vende parkimi",
            confirmed_at=dt.datetime(2024, 12, 20),
        )
        db.session.add(comment)
        db.session.flush()
        db.session.add(Answer(comment_id=comment.id, outcome="accepted", reason={"sq": "Po"}))
        db.session.add(
            Meeting(
                consultation_id=spanning.id,
                held_on=dt.date(2024, 12, 18),
                place="Salla e Kuvendit",
                attendance_women=5,
                attendance_men=6,
            )
        )
        unplanned = _consultation(
            "draft_act",
            "Plan pa plan vjetor",
            None,
            opens_at=dt.date(2023, 5, 1),
            closes_at=dt.date(2023, 5, 31),
        )
        open_ended = _consultation("survey", "Anketë pa afat", 2021, opens_at=dt.date(2022, 3, 1))
        undated = _consultation("survey", "Anketë pa data", 2021, status="announced")
        poll = _consultation(
            "capital_poll",
            "Sondazh dimëror",
            2024,
            opens_at=dt.date(2024, 12, 15),
            closes_at=dt.date(2025, 1, 10),
        )
        ballots = Poll(consultation_id=poll.id, budget=100_000)
        db.session.add(ballots)
        db.session.flush()
        park = Project(poll_id=ballots.id, code="P1", title={"sq": "Parku"}, cost=50_000)
        db.session.add(park)
        db.session.flush()
        for _n in range(6):
            db.session.add(
                Ballot(
                    poll_id=ballots.id, day=dt.date(2025, 1, 5), channel="online", choices=[park.id]
                )
            )
        draft = _consultation(
            "draft_act",
            "Skicë",
            2020,
            status="draft",
            opens_at=dt.date(2020, 2, 1),
            closes_at=dt.date(2020, 3, 1),
        )
        db.session.commit()
        return {
            "spanning": spanning.id,
            "unplanned": unplanned.id,
            "open_ended": open_ended.id,
            "undated": undated.id,
            "poll": poll.id,
            "draft": draft.id,
        }


def _report(app, year: int):
    return annual_report(year, dt.date(2026, 6, 1), app.config["STANDARDS"])


def _line(report, consultation_id: int):
    return next(line for line in report.consultations if line.consultation.id == consultation_id)


def test_the_database_and_python_agree_on_the_year(app, ctx, years):
    found = dict(db.session.execute(select(Consultation.id, consultation_year())).all())
    assert found == {
        years["spanning"]: 2025,
        years["unplanned"]: 2023,
        years["open_ended"]: 2022,
        years["undated"]: 2021,
        years["poll"]: 2025,
        years["draft"]: 2020,
    }
    for consultation in db.session.scalars(select(Consultation)):
        assert consultation.counted_year == found[consultation.id]


def test_report_years_are_the_years_published_consultations_ran_in(app, ctx, years):
    assert report_years(dt.date(2026, 6, 1)) == [2025, 2023, 2022, 2021]
    assert consultation_years() == [2025, 2023, 2022, 2021]


def test_a_consultation_spanning_two_years_counts_in_the_year_it_closed(app, ctx, years):
    report = _report(app, 2025)
    assert {line.consultation.id for line in report.consultations} == {
        years["spanning"],
        years["poll"],
    }
    line = _line(report, years["spanning"])
    assert line.plan_year == "2024"
    assert line.year_note == SPANNING
    by_kind = {item.kind: item for item in report.kinds}
    draft = by_kind["draft_act"]
    assert (draft.consultations, draft.comments, draft.accepted) == (1, 1, 1)
    assert (draft.meetings, draft.attendance) == (1, 11)  # held in December 2024
    assert draft.participants == 1 + 11
    assert by_kind["capital_poll"].participants == 6
    nothing = _report(app, 2024)
    assert nothing.consultations == [] and nothing.total.participants == 0


def test_a_consultation_without_a_plan_counts_in_the_year_it_closed(app, ctx, years):
    line = _line(_report(app, 2023), years["unplanned"])
    assert line.plan_year == "Not in a plan"
    assert line.year_note == ""


def test_without_a_closing_date_the_opening_year_counts_then_the_plan(app, ctx, years):
    open_ended = _line(_report(app, 2022), years["open_ended"])
    assert open_ended.plan_year == "2021"
    assert open_ended.year_note == "No closing date: counted in the year it opened."
    undated = _line(_report(app, 2021), years["undated"])
    assert undated.year_note == "No dates: counted in the year of its annual plan."
    assert _report(app, 2020).consultations == []  # the draft counts nowhere


def test_participation_tables_agree_with_the_annual_report(app, ctx, years):
    today = dt.date(2026, 6, 1)
    found = participation(today)
    assert found.participants[(2025, "draft_act")] == 12
    assert found.participants[(2025, "capital_poll")] == 6
    assert not [line for line in found.participants if line[0] == 2024]
    assert meetings_held(today)[(2025, "draft_act")] == (1, 11)
    overview = trends(today).overview.table
    rows = {str(row[0]): row for row in overview.rows}
    assert set(rows) == {"2025"}
    assert rows["2025"][-1] == _report(app, 2025).total.participants == 18


def test_the_report_page_shows_the_plan_year_and_the_spanning(client, login, years):
    login("chair")
    page = client.get("/chair/annual?year=2025&lang=en").get_data(as_text=True)
    assert "counts in the year it ran" in page
    assert '<th scope="col">Plan year</th>' in page
    assert SPANNING in page
    assert "<td>2024</td>" in page
    unplanned = client.get("/chair/annual?year=2023&lang=en").get_data(as_text=True)
    assert '<span class="muted">Not in a plan</span>' in unplanned
    for locale in LOCALES:
        assert client.get(f"/chair/annual?year=2025&lang={locale}").status_code == 200


def test_the_workbook_gives_the_plan_year_and_the_note(client, login, years):
    login("chair")
    workbook = load_workbook(io.BytesIO(client.get("/chair/annual/2025.xlsx?lang=en").data))
    rows = list(workbook["Consultations"].iter_rows(values_only=True))
    header = rows[0]
    assert header[6:8] == ("Plan year", "Note on the year")
    spanning = next(row for row in rows if row[2] == "Rregullore e parkimit")
    assert spanning[6:8] == (2024, SPANNING)
    unplanned = load_workbook(io.BytesIO(client.get("/chair/annual/2023.xlsx?lang=en").data))
    row = list(unplanned["Consultations"].iter_rows(values_only=True))[1]
    assert row[6:8] == ("Not in a plan", None)


def test_a_year_only_planned_for_has_no_report(client, login, years):
    login("chair")
    assert client.get("/chair/annual/2024.pdf").status_code == 404
    assert client.get("/chair/annual/2025.pdf").status_code == 200
