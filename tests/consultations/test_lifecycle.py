"""Officers move a consultation through its lifecycle; a broken rule needs a recorded reason."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from tests.conftest import submit


def _status(app, consultation_id: int) -> str:
    with app.app_context():
        return db.session.get(Consultation, consultation_id).status


def _short_consultation(make_consultation, make_directorate) -> int:
    today = dt.date.today()
    return make_consultation(
        status="announced",
        directorate_id=make_directorate(),
        notice_at=today - dt.timedelta(days=10),
        opens_at=today,
        closes_at=today + dt.timedelta(days=10),  # 10 days: under the 15-day minimum
    )


def test_management_page_shows_the_minimum_standards_findings(
    client, login, make_consultation, make_directorate
):
    consultation_id = _short_consultation(make_consultation, make_directorate)
    login("officer")
    page = client.get(f"/manage/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "MS-DURATION" in page
    assert "lasts 10 days; the minimum is 15" in page


def test_a_short_consultation_cannot_open_without_a_reason(
    app, client, login, make_consultation, make_directorate
):
    consultation_id = _short_consultation(make_consultation, make_directorate)
    login("officer")
    manage = f"/manage/consultations/{consultation_id}"
    url = f"/manage/consultations/{consultation_id}/advance"
    submit(client, url, {"to_status": "open", "override_reason": ""}, form_url=manage)
    assert _status(app, consultation_id) == "announced"
    with app.app_context():
        assert not db.session.scalars(
            select(AuditLog).where(AuditLog.action == "consultation.override")
        ).all()


def test_an_override_with_a_reason_is_audit_logged(
    app, client, login, make_consultation, make_directorate
):
    consultation_id = _short_consultation(make_consultation, make_directorate)
    login("officer")
    manage = f"/manage/consultations/{consultation_id}"
    reason = "Afati ligjor i Kuvendit kërkon miratim para fundit të vitit."
    submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "open", "override_reason": reason},
        form_url=manage,
    )
    assert _status(app, consultation_id) == "open"
    with app.app_context():
        entry = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "consultation.override")
        ).one()
        assert entry.reason == reason
        assert entry.details["rules"] == ["MS-DURATION"]
        assert entry.target == f"consultation:{consultation_id}"


def test_a_step_cannot_skip_a_status(app, client, login, make_consultation, make_directorate):
    consultation_id = _short_consultation(make_consultation, make_directorate)
    login("officer")
    submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "reported", "override_reason": "x"},
        form_url=f"/manage/consultations/{consultation_id}",
    )
    assert _status(app, consultation_id) == "announced"


def test_a_draft_with_everything_is_announced_without_override(
    app, client, login, make_consultation, make_directorate, give_substance
):
    consultation_id = make_consultation(status="draft", directorate_id=make_directorate())
    give_substance(consultation_id)  # an article and an explanatory note (MS-TEXT, MS-NOTE)
    login("officer")
    submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "announced"},
        form_url=f"/manage/consultations/{consultation_id}",
    )
    assert _status(app, consultation_id) == "announced"
