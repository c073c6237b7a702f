"""Unexpected errors show a translated page and leave the database unchanged."""

from config import TestingConfig
from consult import create_app
from consult.extensions import db


def test_unexpected_error_shows_a_translated_500_page(app):
    class Served(TestingConfig):
        TESTING = False
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]

    served = create_app(Served)

    @served.route("/explode")
    def explode():
        raise RuntimeError("boom")

    client = served.test_client()
    english = client.get("/explode?lang=en")
    assert english.status_code == 500
    assert "Something went wrong" in english.get_data(as_text=True)
    albanian = client.get("/explode?lang=sq").get_data(as_text=True)
    assert "Something went wrong" not in albanian and "<h1>" in albanian
    with served.app_context():
        db.engine.dispose()


def test_forbidden_page_is_translated(client, login, make_directorate, make_consultation):
    consultation_id = make_consultation(directorate_id=make_directorate("HEA"))
    login("officer", directorate_id=make_directorate("EDU"))
    response = client.get(f"/manage/consultations/{consultation_id}?lang=en")
    assert response.status_code == 403
    assert "Access refused" in response.get_data(as_text=True)
