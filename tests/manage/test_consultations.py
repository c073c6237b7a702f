"""Officers create consultations with every language side by side and publish them."""

import datetime as dt
import io

from sqlalchemy import select

from consult.core.models import AuditLog, Consultation, Document
from consult.extensions import db
from tests.conftest import submit

FORM = {
    "kind": "draft_act",
    "planned_year": "2026",
    "title_sq": "Rregullore për parqet",
    "summary_sq": "Përmbledhje",
    "body_sq": "Teksti",
    "contact_name": "Valentina Gashi",
    "contact_email": "Valentina.Gashi@istog.example",
    "notice_at": "2026-11-01",
    "opens_at": "2026-11-20",
    "closes_at": "2026-12-10",
}


def _consultation(app, consultation_id):
    with app.app_context():
        return db.session.get(Consultation, consultation_id)


def test_officer_creates_a_draft_and_sees_what_is_missing(app, client, login, make_directorate):
    directorate = make_directorate()
    login("officer")
    response = submit(
        client, "/manage/consultations/new", {**FORM, "directorate_id": str(directorate)}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Title is missing in some official languages." in page
    assert "Bosanski" in page
    with app.app_context():
        consultation = db.session.scalars(select(Consultation)).one()
        assert consultation.status == "draft"
        assert consultation.title == {"sq": "Rregullore për parqet"}
        assert consultation.contact_email == "valentina.gashi@istog.example"
        assert db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all() == [
            "user.login",
            "consultation.save",
        ]


def test_publishing_is_refused_while_a_language_is_missing(app, client, login, make_directorate):
    directorate = make_directorate()
    login("officer")
    location = submit(
        client, "/manage/consultations/new", {**FORM, "directorate_id": str(directorate)}
    ).headers["Location"]
    consultation_id = int(location.rstrip("/").split("/")[-1])
    submit(client, f"{location}/advance", {"to_status": "announced"}, form_url=location)
    assert _consultation(app, consultation_id).status == "draft"


def test_complete_consultation_is_published(app, client, login, make_directorate):
    directorate = make_directorate()
    login("officer")
    languages = {
        f"{field}_{locale}": f"{field} {locale}"
        for field in ("title", "summary", "body")
        for locale in ("sr_Latn", "bs")
    }
    location = submit(
        client,
        "/manage/consultations/new",
        {**FORM, **languages, "directorate_id": str(directorate)},
    ).headers["Location"]
    consultation_id = int(location.rstrip("/").split("/")[-1])
    for role, name in (("draft", "projektakti.pdf"), ("explanatory_note", "arsyetimi.pdf")):
        attached = submit(  # the act's text and its explanatory note (MS-TEXT, MS-NOTE)
            client,
            f"{location}/documents",
            {"file": (io.BytesIO(b"%PDF-1.7\n%%EOF"), name), "role": role, "title_sq": name},
            form_url=location,
            content_type="multipart/form-data",
        )
        assert attached.status_code == 302
    assert "Everything the announcement needs" in client.get(f"{location}?lang=en").get_data(
        as_text=True
    )
    submit(client, f"{location}/advance", {"to_status": "announced"}, form_url=location)
    assert _consultation(app, consultation_id).status == "announced"
    assert client.get(f"/consultations/{consultation_id}").status_code == 200


def test_closing_before_opening_is_refused_with_a_message(client, login):
    login("officer")
    response = submit(
        client, "/manage/consultations/new?lang=en", {**FORM, "closes_at": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "The closing date must not be before the opening date." in response.get_data(
        as_text=True
    )


def test_officer_cannot_edit_another_directorates_consultation(
    client, login, make_directorate, make_consultation
):
    mine, theirs = make_directorate("EDU"), make_directorate("HEA")
    consultation_id = make_consultation(directorate_id=theirs)
    login("officer", directorate_id=mine)
    assert client.get(f"/manage/consultations/{consultation_id}/edit").status_code == 403


def test_admin_edits_any_consultation(client, login, make_directorate, make_consultation):
    consultation_id = make_consultation(directorate_id=make_directorate("HEA"))
    login("admin")
    assert client.get(f"/manage/consultations/{consultation_id}/edit").status_code == 200


def test_document_upload_checks_the_content(app, client, login, make_consultation):
    consultation_id = make_consultation()
    login("officer")
    url = f"/manage/consultations/{consultation_id}/documents"
    page = f"/manage/consultations/{consultation_id}"
    fake = {
        "file": (io.BytesIO(b"MZ not a pdf"), "draft.pdf"),
        "role": "draft",
        "title_sq": "Projektakti",
    }
    response = submit(client, url, fake, form_url=page, content_type="multipart/form-data")
    assert response.status_code == 400
    real = {
        "file": (io.BytesIO(b"%PDF-1.7\n%%EOF"), "draft.pdf"),
        "role": "draft",
        "title_sq": "Projektakti",
    }
    response = submit(client, url, real, form_url=page, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
        assert document.stored_name != "draft.pdf" and document.file_type == "pdf"
        document_id = document.id
    download = client.get(f"/documents/{document_id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    download.close()


def test_moving_the_opening_past_the_stored_closing_date_is_refused(
    app, client, login, make_directorate, make_consultation
):
    """A form that leaves the closing date out keeps the stored one, and the rule still holds."""
    directorate = make_directorate()
    consultation_id = make_consultation(directorate_id=directorate, status="draft")
    before = _consultation(app, consultation_id)
    login("officer")
    late_opening = (before.closes_at + dt.timedelta(days=1)).isoformat()
    url = f"/manage/consultations/{consultation_id}/edit?lang=en"
    response = submit(client, url, {"opens_at": late_opening})
    assert response.status_code in (200, 400)
    assert "The closing date must not be before the opening date." in response.get_data(
        as_text=True
    )
    after = _consultation(app, consultation_id)
    assert (after.opens_at, after.closes_at) == (before.opens_at, before.closes_at)
