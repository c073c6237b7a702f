"""After the poll closes: who won, why each other project lost, breakdowns and downloads."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from consult.core.models import AuditLog
from consult.extensions import db
from consult.i18n import LOCALES
from consult.polls import report, rules, services
from consult.polls.models import Poll
from tests.conftest import sqlite_plan
from tests.polls.conftest import project_ids, today


def _vote_and_close(app, poll_id: int, ballots: list[list[int]], **demographics) -> None:
    with app.test_request_context("/?lang=en"):
        poll = db.session.get(Poll, poll_id)
        for n, choices in enumerate(ballots):
            facts = (
                services.Demographics(**demographics) if demographics else services.Demographics()
            )
            services.cast_vote(poll, f"person-{n}", choices, today(), facts)
        poll.consultation.status = "closed"
        db.session.commit()


@pytest.fixture
def closed_poll(app, make_poll):
    """Budget 200 000: road 120 000 (12 votes), playground 25 000 (10), lighting 45 000 (8),
    water 90 000 (6). Greedy funds road, playground, lighting and skips water."""
    poll_id = make_poll(ballot_type="approval")
    road, playground, lighting, water = project_ids(app, poll_id)
    ballots = (
        [[road, playground, lighting]] * 6
        + [[road, playground, water]] * 2
        + [[road, lighting, water]] * 2
        + [[road, playground]] * 2
        + [[water, lighting]] * 0
        + [[water]] * 2
    )
    _vote_and_close(app, poll_id, ballots, age_band="25-34", gender="female")
    return poll_id


def test_results_name_the_winners_and_why_the_others_lost(app, client, closed_poll):
    page = client.get(f"/polls/{closed_poll}/results?lang=en").get_data(as_text=True)
    assert "Funded projects" in page
    assert "only €10,000 was left, and it costs €90,000" in page
    with app.test_request_context("/?lang=en"):
        outcome = report.results(db.session.get(Poll, closed_poll), 5)
    assert outcome.selected_codes == ["P1", "P2", "P3"]
    assert [r.selected for r in outcome.rows] == [True, True, True, False]
    assert all(r.sentence for r in outcome.rows)
    assert "equalshares/add1" in outcome.other_rules


@pytest.mark.parametrize("locale", LOCALES)
def test_results_and_poster_work_in_every_locale(client, closed_poll, locale):
    assert client.get(f"/polls/{closed_poll}/results?lang={locale}").status_code == 200
    poster = client.get(f"/polls/{closed_poll}/poster.pdf?lang={locale}")
    assert poster.status_code == 200 and poster.data.startswith(b"%PDF")


def test_results_download_as_csv_xlsx_and_pdf(app, client, closed_poll):
    text = client.get(f"/polls/{closed_poll}/results.csv?lang=en").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Code", "Project", "Cost", "Votes"]
    assert [r[0] for r in rows[1:]] == ["P1", "P2", "P3", "P4"]
    workbook = load_workbook(io.BytesIO(client.get(f"/polls/{closed_poll}/results.xlsx").data))
    assert workbook.active.max_row == 5
    assert client.get(f"/polls/{closed_poll}/results.pdf").data.startswith(b"%PDF")
    with app.app_context():
        logged = db.session.scalars(
            select(AuditLog.action).where(AuditLog.target == f"poll:{closed_poll}")
        ).all()
    assert sorted(logged) == [
        "export.poll_results_csv",
        "export.poll_results_pdf",
        "export.poll_results_xlsx",
    ]


def test_small_groups_are_hidden_in_breakdowns(app, make_poll):
    poll_id = make_poll(ballot_type="approval")
    road, playground, *_ = project_ids(app, poll_id)
    _vote_and_close(app, poll_id, [[road]] * 6)
    with app.test_request_context("/?lang=en"):
        poll = db.session.get(Poll, poll_id)
        services.cast_vote(
            poll, "lonely", [playground], today(), services.Demographics(gender="male")
        )
        db.session.commit()
        outcome = report.results(poll, 5)
    gender = next(b for b in outcome.breakdowns if b.dimension == "gender")
    sizes = dict(gender.groups)
    assert sizes["Men"] is None  # one man: hidden, and so is the group that would reveal him
    assert gender.cells["Men"][playground] is None


def test_results_wait_until_the_poll_closes(app, client, make_poll):
    poll_id = make_poll()
    page = client.get(f"/polls/{poll_id}/results?lang=en")
    assert "when voting has ended" in page.get_data(as_text=True)
    assert client.get(f"/polls/{poll_id}/results.csv").status_code == 404


def test_poll_page_carries_open_graph_tags(client, make_poll):
    poll_id = make_poll()
    page = client.get(f"/polls/{poll_id}?lang=sq").get_data(as_text=True)
    assert 'property="og:title" content="Rregullore për transparencë"' in page
    assert f'property="og:url" content="http://localhost/polls/{poll_id}"' in page


def test_consultation_page_links_to_the_poll(client, make_poll):
    poll_id = make_poll()
    with client.application.app_context():
        consultation_id = db.session.get(Poll, poll_id).consultation_id
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert f"/polls/{poll_id}" in page


@pytest.mark.parametrize("reason", rules.REASONS)
def test_every_reason_of_the_rules_has_its_own_sentence(app, make_poll, reason):
    poll_id = make_poll()
    outcome = rules.ProjectOutcome("P1", reason == "selected", 7, reason, {"cost": 5, "rank": 2})
    with app.test_request_context("/?lang=en"):
        sentence = report.reason_sentence(db.session.get(Poll, poll_id), outcome)
    assert sentence not in ("Funded.", "Not funded.")


def test_a_closed_poll_without_ballots_shows_empty_results(app, client, make_poll):
    poll_id = make_poll()
    _vote_and_close(app, poll_id, [])
    assert client.get(f"/polls/{poll_id}/results?lang=en").status_code == 200
    assert client.get(f"/polls/{poll_id}/results.xlsx").status_code == 200


def test_on_sqlite_the_ballots_are_counted_from_the_index_alone(app, make_poll, sql_log):
    """The results page's grouping, as the app sends it (scoped to the municipality), reads
    ix_poll_ballots_counting, not the table (issue 9), in the index's order: no temporary
    B-tree sorts the ballots again (#23)."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the index is SQLite's; PostgreSQL has no B-tree for json")
        poll_id = make_poll()
        sql_log.clear()
        db.session.execute(report.ballot_groups_statement(poll_id, "sqlite")).all()
        (statement,) = sql_log
        assert "municipality_id" in statement
        plan = sqlite_plan(statement)
    assert any("COVERING INDEX ix_poll_ballots_counting" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
