"""The register of capital investments in the open-data API: filtered lists with totals and
each project with its history and photos, valid against the OpenAPI document the API serves."""

import io

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from consult.extensions import db
from consult.investments.models import InvestmentPhoto
from tests.conftest import submit
from tests.investments.conftest import png_bytes


def _validator(client, schema: str) -> Draft202012Validator:
    document = client.get("/api/openapi.json").get_json()
    return Draft202012Validator({**document, "$ref": f"#/components/schemas/{schema}"})


def test_the_list_matches_its_schema_and_carries_the_totals(client, register_data):
    response = client.get("/api/v1/investments")
    assert response.status_code == 200
    body = response.get_json()
    _validator(client, "InvestmentList").validate(body)
    assert body["totals"]["count"] == 4
    assert body["totals"]["budget"] == 700_000 and body["totals"]["spent"] == 218_500.5
    assert body["totals"]["by_status"]["cancelled"] == 1
    bridge = next(item for item in body["items"] if item["id"] == register_data["bridge"])
    assert bridge["title"]["en"] == "Vrellë bridge"
    assert (bridge["status"], bridge["progress"], bridge["spent"]) == ("construction", 50, 120500.5)
    assert bridge["dates"]["actual_start"] == "2023-06-01"
    assert bridge["page_url"].endswith(f"/investments/{register_data['bridge']}")


@pytest.mark.parametrize(
    ("query", "count"),
    [("year=2024", 2), ("status=completed", 1), ("local_community=all", 1), ("", 4)],
)
def test_the_list_filters(client, register_data, query, count):
    body = client.get(f"/api/v1/investments?{query}").get_json()
    assert body["totals"]["count"] == count == len(body["items"])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year=1999", "year"),
        ("year=abc", "year"),
        ("status=finished", "status"),
        ("local_community=banje", "local_community"),
        ("year=2024&year=2025", "year"),
    ],
)
def test_a_filter_the_api_cannot_use_is_a_400(client, query, parameter):
    response = client.get(f"/api/v1/investments?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == parameter
    _validator(client, "Error").validate(body)


def test_a_project_with_its_history_and_photos_matches_its_schema(
    app,
    client,
    login,
    register_data,
    places,
):
    login("officer", places["PUB"])
    submit(
        client,
        f"/manage/investments/{register_data['bridge']}/photos",
        {
            "alt_sq": "Ura",
            "alt_sr_Latn": "Most",
            "alt_bs": "Most",
            "photo": (io.BytesIO(png_bytes()), "ura.png"),
        },
        form_url=f"/manage/investments/{register_data['bridge']}?lang=en",
        content_type="multipart/form-data",
    )
    with app.app_context():
        name = db.session.scalar(select(InvestmentPhoto.stored_name))
    for key in register_data:
        body = client.get(f"/api/v1/investments/{register_data[key]}").get_json()
        _validator(client, "InvestmentDetail").validate(body)
    body = client.get(f"/api/v1/investments/{register_data['bridge']}").get_json()
    assert body["history"] == [
        {
            "changed_on": "2023-06-01",
            "from_status": "planned",
            "to_status": "construction",
            "progress": 0,
            "note": {},
        }
    ]
    assert body["photos"][0]["url"].endswith(f"/investments/photos/{name}")
    assert body["photos"][0]["alt"]["sr"] == "Мост"
    square = client.get(f"/api/v1/investments/{register_data['square']}").get_json()
    assert square["cancel_reason"]["bs"] == "Razlog"


@pytest.mark.parametrize("investment_id", ["999999", "abc", "-1", "1e3", "99999999999999"])
def test_an_unknown_project_is_a_json_404(client, investment_id):
    response = client.get(f"/api/v1/investments/{investment_id}")
    assert response.status_code == 404
    assert response.get_json()["error"]


def test_the_openapi_document_describes_the_register(client):
    document = client.get("/api/openapi.json").get_json()
    assert {"/api/v1/investments", "/api/v1/investments/{investment_id}"} <= set(document["paths"])
    statuses = document["components"]["schemas"]["InvestmentSummary"]["properties"]["status"]
    assert statuses["enum"] == ["planned", "procurement", "construction", "completed", "cancelled"]


def test_the_list_comes_a_page_at_a_time_with_the_totals_of_every_project(client, register_data):
    first = client.get("/api/v1/investments?limit=3").get_json()
    _validator(client, "InvestmentList").validate(first)
    assert (first["total"], first["limit"], first["offset"]) == (4, 3, 0)
    assert len(first["items"]) == 3 and first["totals"]["count"] == 4
    assert "limit=3" in first["next"] and "offset=3" in first["next"]
    second = client.get(first["next"].replace("http://localhost", "")).get_json()
    assert len(second["items"]) == 1 and second["next"] is None
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert sorted(ids) == sorted(
        register_data[key] for key in ("bridge", "square", "school", "road")
    )
    filtered = client.get("/api/v1/investments?year=2024&limit=1").get_json()
    assert filtered["total"] == 2 and "year=2024" in filtered["next"]
    for bad in ("limit=0", "limit=101", "offset=-1", "limit=x"):
        response = client.get(f"/api/v1/investments?{bad}")
        assert response.status_code == 400, bad
        assert response.get_json()["parameter"] == bad.split("=")[0]
