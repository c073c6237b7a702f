"""A journalist, a CSO or a script reads published reports and aggregate results as open data,
and nothing about a small group of people, no raw survey answer and no personal contact
leaves through the API."""

import csv
import io
import json

import pytest
from sqlalchemy import delete, select

from consult.core.models import AuditLog
from consult.extensions import db
from consult.surveys.models import Response, SurveyAnswer
from tests.chair.known_data import load_known_year


@pytest.fixture
def known(app):
    with app.app_context():
        return load_known_year()


def _numbers(value) -> list:
    """Every count-like number in a JSON value (ids and money left out)."""
    skip = {"consultation_id", "local_community_id", "cost", "budget", "spent", "year"}
    if isinstance(value, dict):
        return [n for key, item in value.items() if key not in skip for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [value] if isinstance(value, int | float) and not isinstance(value, bool) else []


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_published_lists_every_report_and_result(client, known):
    items = client.get("/api/v1/published").get_json()["items"]
    found = {(item["consultation_id"], item["type"]) for item in items}
    assert found == {
        (known["draft_act"], "report"),
        (known["budget_hearing"], "report"),
        (known["capital_poll"], "results"),
        (known["survey"], "results"),
    }
    for item in items:
        assert client.get(item["url"]).status_code == 200
        assert client.get(item["csv_url"]).status_code == 200


def test_draft_act_report_lists_comments_with_answers_and_no_contact(client, known):
    response = client.get(f"/api/v1/consultations/{known['draft_act']}/report")
    assert response.status_code == 200
    report = response.get_json()
    assert report["kind"] == "draft_act"
    assert len(report["comments"]) == 6
    assert report["outcomes"] == {
        "accepted": 2,
        "partly_accepted": 1,
        "rejected": 1,
        "unanswered": 2,
    }
    assert {c["author"] for c in report["comments"]} == {"OJQ Zëri", None}
    assert "@" not in response.get_data(as_text=True)
    assert "Fyerje" not in response.get_data(as_text=True)


def test_hearing_report_gives_attendance_comments_and_proposals_without_names(client, known):
    response = client.get(f"/api/v1/consultations/{known['budget_hearing']}/report")
    report = response.get_json()
    assert report["kind"] == "budget_hearing"
    assert len(report["comments"]) == 3
    assert report["outcomes"]["unanswered"] == 1
    assert report["proposals"][0]["title"] == "Ndriçimi i rrugës"
    text = response.get_data(as_text=True)
    assert "@" not in text and "Qytetar" not in text and "Propozuesi" not in text


def test_report_csv_has_a_row_per_comment_and_is_audit_logged(app, client, known):
    response = client.get(f"/api/v1/consultations/{known['draft_act']}/report.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = _csv(response)
    assert rows[0][:6] == ["article", "author_kind", "author", "language", "text", "outcome"]
    assert len(rows) == 7
    client.get(f"/api/v1/consultations/{known['survey']}/results.csv")
    with app.app_context():
        logged = {(e.action, e.target) for e in db.session.scalars(select(AuditLog))}
    assert ("export.report_csv", f"consultation:{known['draft_act']}") in logged
    assert ("export.results_csv", f"consultation:{known['survey']}") in logged


def test_poll_results_hide_small_channel_figures(app, client, known):
    k = app.config["ANONYMITY_MIN_GROUP"]
    results = client.get(f"/api/v1/consultations/{known['capital_poll']}/results").get_json()
    assert results["ballots"] == 9
    assert [p["votes"] for p in results["projects"]] == [6, 3]
    channels = [results["ballots_by_channel"]] + [
        p["votes_by_channel"] for p in results["projects"]
    ]
    shown = [n for by in channels for n in by.values()]
    assert all(n is None or n >= k for n in shown)  # 2 paper ballots: hidden, and online too
    assert None in shown


def test_survey_results_are_counts_with_small_groups_hidden_and_no_free_text(app, client, known):
    k = app.config["ANONYMITY_MIN_GROUP"]
    response = client.get(f"/api/v1/consultations/{known['survey']}/results")
    results = response.get_json()
    assert results["respondents"] == 12
    questions = {q["key"]: q for q in results["questions"]}
    assert "ideas" not in questions
    assert "Ide sekrete" not in response.get_data(as_text=True)
    park = {a["answer"]: a["value"] for a in questions["park"]["answers"]}
    assert park == {"yes": 7, "no": 5}
    gender = {a["answer"]: a["value"] for a in questions["gender"]["answers"]}
    assert gender["male"] is None  # 3 men: hidden, and women with them
    assert gender["female"] is None
    counts = [a["value"] for q in results["questions"] for a in q["answers"]]
    assert all(n is None or n == 0 or n >= k for n in counts)
    rows = _csv(client.get(f"/api/v1/consultations/{known['survey']}/results.csv"))
    assert ["gender", "", "male", ""] in rows
    assert all("Ide sekrete" not in cell for row in rows for cell in row)


def test_survey_with_fewer_responses_than_the_threshold_shows_nothing(app, client, known):
    with app.app_context():
        ids = list(db.session.scalars(select(Response.id)))[:9]  # 3 responses left
        db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(ids)))
        db.session.execute(delete(Response).where(Response.id.in_(ids)))
        db.session.commit()
    response = client.get(f"/api/v1/consultations/{known['survey']}/results")
    results = response.get_json()
    assert results["hidden"] is True
    assert results["respondents"] is None
    assert results["questions"] == []
    assert _numbers(results["questions"]) == []
    rows = _csv(client.get(f"/api/v1/consultations/{known['survey']}/results.csv"))
    assert rows == [["question", "item", "answer", "value"]]


def test_nothing_unpublished_is_served(client, known, make_consultation):
    still_open = make_consultation()
    poll_open = make_consultation(kind="capital_poll")
    for path in (
        f"/api/v1/consultations/{still_open}/report",
        f"/api/v1/consultations/{still_open}/report.csv",
        f"/api/v1/consultations/{poll_open}/results",
        f"/api/v1/consultations/{known['draft_act']}/results",
        f"/api/v1/consultations/{known['survey']}/report",
        "/api/v1/consultations/abc/report",
        "/api/v1/consultations/99999999/results.csv",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"] == "not_found"


def test_reports_and_results_are_json_without_raw_survey_data(client, known):
    for item in client.get("/api/v1/published").get_json()["items"]:
        body = json.dumps(client.get(item["url"]).get_json(), ensure_ascii=False)
        assert "Ide sekrete" not in body
        assert "@example.org" not in body
