"""The builder's pages carry no interface text outside the translation catalogue."""

import pytest

from tests.conftest import PASSWORD, submit
from tests.surveys.conftest import builder_urls
from tests.test_translations import _untranslated, marked_app  # noqa: F401 - a fixture


@pytest.fixture(scope="module")
def _app_context(app):
    """Flask-Babel's catalogue cache, which `marked_app` clears, lives in an app context."""
    with app.app_context():
        yield


def test_builder_pages_show_no_ui_text_outside_the_catalogue(
    _app_context,
    marked_app,  # noqa: F811 - the imported fixture
    make_user,
    survey_id,
):
    client = marked_app.test_client()
    email = make_user("officer")
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    client.get("/")  # shows (and so clears) the sign-in message
    for url in builder_urls(marked_app, survey_id):
        page = client.get(f"{url}?lang=en")
        assert page.status_code == 200, url
        assert _untranslated(page.get_data(as_text=True)) == [], url
