"""With the Istog demo loaded, the chair's dashboard and the open data work in every locale."""

import pytest

from consult.i18n import LOCALES
from tests.conftest import PASSWORD, submit


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def test_dashboard_renders_the_demo_in_every_locale(client, make_user, demo):
    email = make_user("chair", email="kryesuesi.test@istog.example")
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    for locale in LOCALES:
        response = client.get(f"/chair/?lang={locale}")
        assert response.status_code == 200, locale
        assert response.get_data(as_text=True).count('<th scope="row" class="title-column">') >= 4


def test_open_data_serves_every_demo_consultation(client, demo):
    page = client.get("/api/v1/consultations?limit=100").get_json()
    assert page["total"] >= 1
    for item in page["items"]:
        detail = client.get(item["url"])
        assert detail.status_code == 200
        assert detail.get_json()["title"]["sq"]
    assert len(client.get("/api/v1/directorates").get_json()["items"]) == 13
    assert client.get("/api/v1/local-communities").get_json()["items"]
    assert client.get("/api/v1/consultations.csv").status_code == 200
