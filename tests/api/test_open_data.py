"""A journalist, a CSO or a script reads the published consultations as open data."""

import csv
import io

import pytest
from sqlalchemy import select

from consult.core.models import AuditLog, Document, LocalCommunity
from consult.extensions import db


@pytest.fixture
def published(make_consultation, make_directorate):
    """Two published consultations of two directorates in two years, and one draft."""
    education = make_directorate("EDU", "Drejtoria e Arsimit")
    finance = make_directorate("FIN", "Drejtoria e Financave")
    return {
        "regulation": make_consultation(directorate_id=education, planned_year=2025),
        "hearing": make_consultation(
            kind="budget_hearing", directorate_id=finance, status="closed", planned_year=2026
        ),
        "draft": make_consultation(directorate_id=education, status="draft", planned_year=2026),
        "education": education,
        "finance": finance,
    }


def _ids(response) -> list[int]:
    return [item["id"] for item in response.get_json()["items"]]


def test_reader_sees_only_published_consultations(client, published):
    response = client.get("/api/v1/consultations")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert _ids(response) == [published["regulation"], published["hearing"]]
    assert response.get_json()["total"] == 2


def test_draft_consultation_is_not_found(client, published):
    response = client.get(f"/api/v1/consultations/{published['draft']}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=budget_hearing", ["hearing"]),
        ("year=2025", ["regulation"]),
        ("status=closed", ["hearing"]),
        ("directorate={education}", ["regulation"]),
        ("directorate={finance}&year=2025", []),
        ("kind=draft_act&year=2026", []),
    ],
)
def test_reader_filters_consultations(client, published, query, expected):
    query = query.format(**published)
    response = client.get(f"/api/v1/consultations?{query}")
    assert response.status_code == 200
    assert _ids(response) == [published[name] for name in expected]


def test_reader_pages_through_consultations(client, make_consultation):
    ids = [make_consultation() for _ in range(5)]
    first = client.get("/api/v1/consultations?limit=2").get_json()
    assert [item["id"] for item in first["items"]] == ids[:2]
    assert first["total"] == 5
    assert (
        "kind=draft_act" in client.get("/api/v1/consultations?limit=2&kind=draft_act").json["next"]
    )
    following = client.get(first["next"]).get_json()
    assert [item["id"] for item in following["items"]] == ids[2:4]
    last = client.get("/api/v1/consultations?limit=2&offset=4").get_json()
    assert [item["id"] for item in last["items"]] == ids[4:]
    assert last["next"] is None


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999", "offset"),
        ("year=20x5", "year"),
        ("year=99999999999999999999", "year"),
        ("directorate=%00", "directorate"),
        ("kind=%00", "kind"),
        ("year=%D9%A3", "year"),  # an Arabic-Indic digit is not a year
        ("kind=referendum", "kind"),
        ("status=draft", "status"),
        ("directorate=0", "directorate"),
        ("kind=survey&kind=draft_act", "kind"),
    ],
)
def test_bad_query_parameter_is_a_json_400(client, published, query, parameter):
    for path in ("/api/v1/consultations", "/api/v1/consultations.csv"):
        if parameter in ("limit", "offset") and path.endswith(".csv"):
            continue
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        body = response.get_json()
        assert body["error"] == "bad_parameter"
        assert body["parameter"] == parameter
        assert body["message"]


def test_consultation_shows_every_language_dates_contact_and_documents(
    app, client, make_consultation, make_directorate
):
    directorate = make_directorate("EDU", "Drejtoria e Arsimit")
    consultation_id = make_consultation(directorate_id=directorate, contact_phone="+383 39 000")
    with app.app_context():
        document = Document(
            consultation_id=consultation_id,
            title={"sq": "Projektrregullorja", "sr_Latn": "Nacrt pravilnika"},
            role="draft",
            original_name="rregullore.pdf",
            file_type="pdf",
            size_bytes=2048,
        )
        db.session.add(document)
        db.session.commit()
        document_id = document.id

    body = client.get(f"/api/v1/consultations/{consultation_id}").get_json()

    assert body["title"]["sq"] == "Rregullore për transparencë"
    assert body["title"]["sr_Latn"] == "Pravilnik o transparentnosti"
    assert body["title"]["sr"] == "Правилник о транспарентности"
    assert body["directorate"]["code"] == "EDU"
    assert body["dates"]["opens_at"] and body["dates"]["report_published_at"] is None
    assert body["contact"] == {
        "name": "Valentina Gashi",
        "email": "valentina.gashi@istog.example",
        "phone": "+383 39 000",
    }
    [attached] = body["documents"]
    assert attached["url"].endswith(f"/documents/{document_id}")
    assert attached["title"]["sr"] == "Нацрт правилника"
    assert client.get(body["page_url"]).status_code == 200


def test_api_shows_nothing_about_who_created_a_consultation(client, make_consultation):
    consultation_id = make_consultation()
    body = client.get(f"/api/v1/consultations/{consultation_id}").get_json()
    assert not {"created_by_id", "created_at", "updated_at"} & set(body)


def test_parameters_the_api_does_not_know_are_ignored(client, make_consultation):
    make_consultation()
    make_consultation()
    response = client.get("/api/v1/consultations?limit=1&_external=0&_anchor=x&colour=red")
    assert response.status_code == 200
    assert "colour" not in response.get_json()["next"]


def test_unknown_api_address_is_a_json_404(client):
    for path in ("/api/v1/nothing", "/api/v1/consultations/abc", "/api/v1/consultations/-1"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"] == "not_found"


def test_reader_lists_directorates_and_local_communities(app, client, published):
    with app.app_context():
        db.session.add(LocalCommunity(name={"sq": "Vrellë", "sr_Latn": "Vrelo"}, population=2100))
        db.session.commit()
    directorates = client.get("/api/v1/directorates").get_json()["items"]
    assert [d["code"] for d in directorates] == ["EDU", "FIN"]
    [village] = client.get("/api/v1/local-communities").get_json()["items"]
    assert village["name"] == {"sq": "Vrellë", "sr_Latn": "Vrelo", "sr": "Врело"}
    assert village["population"] == 2100


def test_csv_download_lists_published_consultations_and_is_audit_logged(app, client, published):
    response = client.get("/api/v1/consultations.csv?year=2026")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [int(row["id"]) for row in rows] == [published["hearing"]]
    assert rows[0]["directorate_code"] == "FIN"
    assert rows[0]["title_sq"] == "Rregullore për transparencë"
    with app.app_context():
        [entry] = db.session.scalars(select(AuditLog)).all()
        assert entry.action == "export.consultations_csv"
        assert entry.actor_id is None
        assert entry.details == {"filters": {"year": 2026}, "rows": 1}


def test_csv_download_by_a_signed_in_officer_names_the_officer(app, client, login, published):
    login("officer")
    client.get("/api/v1/consultations.csv")
    with app.app_context():
        query = select(AuditLog).where(AuditLog.action == "export.consultations_csv")
        [entry] = db.session.scalars(query).all()
        assert entry.actor_id is not None


def test_csv_cell_cannot_become_a_spreadsheet_formula(client, make_consultation):
    make_consultation(title={"sq": '=HYPERLINK("http://evil.example")'})
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/consultations.csv").text)))
    assert rows[0]["title_sq"].startswith("'=")


def test_api_data_may_be_read_from_any_site(client):
    response = client.get("/api/v1/directorates")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_csv_downloads_are_limited_per_minute(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "API_EXPORT_RATE_LIMIT", "2 per minute")
    statuses = [client.get("/api/v1/consultations.csv").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/consultations.csv").get_json()["error"] == "too_many_requests"
