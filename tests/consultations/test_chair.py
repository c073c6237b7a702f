"""The chair sees reports awaiting review and marks one received for the Assembly."""

from consult.consultations.models import ReportReview
from consult.extensions import db
from tests.conftest import submit
from tests.consultations.helpers import closed_dates


def test_chair_marks_a_report_received_and_officers_see_the_note(
    app, client, login, make_consultation
):
    consultation_id = make_consultation(**{**closed_dates(), "status": "reported"})
    login("chair")
    page = client.get("/chair/reviews").get_data(as_text=True)
    assert "Rregullore për transparencë" in page
    submit(
        client,
        f"/chair/reviews/{consultation_id}",
        {"note": "Në rendin e ditës së seancës së dhjetorit."},
        form_url="/chair/reviews",
    )
    with app.app_context():
        assert db.session.query(ReportReview).one().note.startswith("Në rendin")
    assert "Rregullore për transparencë" not in client.get("/chair/reviews").get_data(as_text=True)
    client.post("/logout", data={})
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None


def test_officer_sees_the_chairs_note(app, client, login, make_consultation):
    consultation_id = make_consultation(**{**closed_dates(), "status": "reported"})
    with app.app_context():
        db.session.add(ReportReview(consultation_id=consultation_id, note="Pranuar për seancën."))
        db.session.commit()
    login("officer")
    page = client.get(f"/manage/consultations/{consultation_id}").get_data(as_text=True)
    assert "Pranuar për seancën." in page


def test_only_the_chair_marks_reports_received(app, client, login, make_consultation):
    consultation_id = make_consultation(**{**closed_dates(), "status": "reported"})
    login("officer")
    response = submit(client, f"/chair/reviews/{consultation_id}", {}, form_url="/chair/reviews")
    assert response.status_code == 403
