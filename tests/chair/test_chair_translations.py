"""The chair's new pages show no UI text that bypassed the translation catalogue."""

import pytest

from tests.chair.known_data import YEAR, load_known_year
from tests.conftest import PASSWORD, submit
from tests.test_translations import _untranslated, marked_app  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def app_context(app):
    """Flask-Babel's catalogue cache is reached through an application context."""
    with app.app_context():
        yield


@pytest.fixture
def known(app):
    with app.app_context():
        return load_known_year()


def test_trends_and_annual_report_show_only_catalogued_text(
    app_context,
    marked_app,  # noqa: F811
    make_user,
    known,
):
    email = make_user("chair", email="kryesuesi.marked@istog.example")
    client = marked_app.test_client()
    login = submit(client, "/login?lang=en", {"email": email, "password": PASSWORD})
    assert login.status_code == 302
    for url in (
        "/chair/",
        f"/chair/participation?year={YEAR}",
        f"/chair/annual?year={YEAR}",
    ):
        response = client.get(f"{url}&lang=en" if "?" in url else f"{url}?lang=en")
        assert response.status_code == 200, url
        assert _untranslated(response.get_data(as_text=True)) == [], url
