"""Every refusal under /api is JSON with the translated message the HTML page would show:
unknown addresses and methods, bad requests, CSRF refusals, rate limits and server errors."""

import pytest
from flask import abort

from consult import errors
from tests.variants import variant_app


def _message(app, code: int, lang: str) -> str:
    with app.test_request_context(f"/?lang={lang}"):
        return str(errors._API_MESSAGES.get(code, errors._MESSAGES[code][1]))


@pytest.mark.parametrize(
    ("method", "url", "code", "error"),
    [
        ("GET", "/api", 404, "not_found"),
        ("GET", "/api/v2/consultations", 404, "not_found"),
        ("POST", "/api/v1/consultations", 405, "method_not_allowed"),
        ("DELETE", "/api/openapi.json", 405, "method_not_allowed"),
        ("PUT", "/api/v1/consultations/1/report.csv", 405, "method_not_allowed"),
    ],
)
@pytest.mark.parametrize("lang", ["sq", "en", "sr"])
def test_unknown_addresses_and_methods_under_api_are_json(
    app, client, method, url, code, error, lang
):
    response = client.open(f"{url}?lang={lang}", method=method)
    assert response.status_code == code
    assert response.is_json, response.get_data(as_text=True)[:200]
    assert response.get_json() == {"error": error, "message": _message(app, code, lang)}
    if code == 405:
        assert "GET" in response.headers["Allow"]


def test_the_json_message_is_the_one_of_the_html_page(app, client):
    html = client.post("/?lang=sq").get_data(as_text=True)
    message = client.post("/api/v1/consultations?lang=sq").get_json()["message"]
    assert message in html and message == _message(app, 405, "sq")


def test_the_rest_of_the_site_keeps_its_html_pages(client):
    for response in (client.get("/apiary"), client.post("/")):
        assert response.mimetype == "text/html"


@pytest.fixture
def api_with_test_routes(app):
    """An app that handles unexpected errors as production does, with three routes under
    /api that refuse in three ways."""
    with variant_app(app, TESTING=False) as site:

        @site.route("/api/v1/test/crash")
        def crash():
            raise RuntimeError("a bug")

        @site.route("/api/v1/test/bad")
        def bad():
            abort(400)

        @site.route("/api/v1/test/post", methods=["POST"])
        def post():
            return {"made": True}

        yield site


def test_a_server_error_under_api_is_json(app, api_with_test_routes):
    response = api_with_test_routes.test_client().get("/api/v1/test/crash?lang=en")
    assert response.status_code == 500
    assert response.get_json() == {"error": "server_error", "message": _message(app, 500, "en")}


def test_a_bad_request_under_api_is_json(app, api_with_test_routes):
    response = api_with_test_routes.test_client().get("/api/v1/test/bad?lang=bs")
    assert response.status_code == 400
    assert response.get_json() == {"error": "bad_request", "message": _message(app, 400, "bs")}


def test_a_csrf_refusal_under_api_is_json(app, api_with_test_routes):
    response = api_with_test_routes.test_client().post("/api/v1/test/post?lang=en")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "csrf_refused"
    with app.test_request_context("/?lang=en"):
        assert body["message"] == str(errors._CSRF_MESSAGE[1])


def test_a_server_error_elsewhere_is_still_an_html_page(app):
    with variant_app(app, TESTING=False) as site:

        @site.route("/test/crash")
        def crash():
            raise RuntimeError("a bug")

        response = site.test_client().get("/test/crash?lang=en")
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert "Something went wrong" in response.get_data(as_text=True)
