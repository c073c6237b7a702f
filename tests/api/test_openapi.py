"""The OpenAPI document a developer reads is valid, complete, and true to what the API answers.

The schemathesis run tries `CONSULT_API_EXAMPLES` generated requests per operation (default 15;
set it higher for a deeper search, e.g. CONSULT_API_EXAMPLES=500). With
CONSULT_FUZZ_DERANDOMIZE=1 (CI) the requests are the same on every run of a commit, as in
tests/test_robustness.py: a failure there can be replayed; a developer's run draws new ones.
"""

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from consult.api.openapi import openapi_document
from consult.core.models import Document
from consult.extensions import db
from tests.chair.known_data import load_known_year

EXAMPLES = int(os.environ.get("CONSULT_API_EXAMPLES", "15"))


def _openapi_path(rule: str) -> str:
    """`/api/v1/consultations/<consultation_id>` → `/api/v1/consultations/{consultation_id}`."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_openapi_document_is_valid_openapi_3_1(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_openapi_document_describes_exactly_the_api_routes(app, client):
    described = set(client.get("/api/openapi.json").get_json()["paths"])
    routes = {
        _openapi_path(rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    assert described == routes


def test_every_described_operation_is_a_get_the_app_answers(app, client):
    document = client.get("/api/openapi.json").get_json()
    adapter = app.url_map.bind("localhost")
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, path
        endpoint, _ = adapter.match(path.replace("{consultation_id}", "1"), method="GET")
        assert endpoint.startswith("api."), path


@pytest.fixture
def open_data(app, make_consultation, make_directorate):
    """Something to find: consultations of every public status, a draft, a document, and
    published reports and results of every kind."""
    education = make_directorate("EDU", "Drejtoria e Arsimit")
    ids = [
        make_consultation(status=status, directorate_id=education)
        for status in ("announced", "open", "closed", "reported", "draft")
    ]
    make_consultation(kind="survey", directorate_id=None, planned_year=None)
    with app.app_context():
        db.session.add(
            Document(
                consultation_id=ids[0],
                title={"sq": "Projekti"},
                role="draft",
                original_name="projekti.pdf",
                file_type="pdf",
                size_bytes=100,
            )
        )
        db.session.commit()
        load_known_year()  # a published report and results of every kind


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


#: every operation with valid data, and those that take parameters with invalid data too
OPERATIONS = [
    (path, mode)
    for path, operations in openapi_document()["paths"].items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode == GenerationMode.POSITIVE or operations["get"]["parameters"]
]


@pytest.mark.parametrize(("path", "mode"), OPERATIONS)
def test_api_answers_generated_requests_without_server_error(app, open_data, path, mode):
    operation = schemathesis.openapi.from_wsgi("/api/openapi.json", app)[path]["GET"]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=os.environ.get("CONSULT_FUZZ_DERANDOMIZE") == "1",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def answers(case):
        case.call_and_validate(checks=CHECKS)

    answers()


def test_every_published_report_and_result_matches_its_schema(app, client, open_data):
    from jsonschema import Draft202012Validator

    document = client.get("/api/openapi.json").get_json()
    items = client.get("/api/v1/published").get_json()["items"]
    assert {item["type"] for item in items} == {"report", "results"}
    for item in items:
        schema = {**document, "$ref": "#/components/schemas/" + item["type"].title()}
        Draft202012Validator(schema).validate(client.get(item["url"]).get_json())
    listing = {**document, "$ref": "#/components/schemas/PublishedList"}
    Draft202012Validator(listing).validate({"items": items})
