"""Compliance the Assembly can trust: every change of a published consultation is checked
again, a broken rule needs a reason and stays on the consultation as a breach, and the chair's
dashboard, the reports and the annual report count it. Attacked the way an officer in a hurry
would: dates moved after publication, a step taken ahead of the dates, an early close."""

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from consult.core.models import AuditLog, Consultation, RecordedBreach
from consult.extensions import db
from tests.conftest import PASSWORD, submit

TODAY = dt.date.today()
REASON = "The mayor asked for the hearing before the Assembly session of the 20th."


def _get(app, consultation_id: int) -> Consultation:
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        db.session.expunge(consultation)
        return consultation


def _edit_data(consultation: Consultation, **changes) -> dict:
    """The edit form as an officer's browser posts it, with `changes`."""
    data = {
        "kind": consultation.kind,
        "directorate_id": str(consultation.directorate_id),
        "planned_year": str(consultation.planned_year or ""),
        "contact_name": consultation.contact_name,
        "contact_email": consultation.contact_email,
        "contact_phone": consultation.contact_phone or "",
    }
    for field in ("title", "summary", "body"):
        for locale, value in (getattr(consultation, field) or {}).items():
            data[f"{field}_{locale}"] = value
    for field in ("notice_at", "opens_at", "closes_at", "report_due_at"):
        value = getattr(consultation, field)
        data[field] = value.isoformat() if value else ""
    data.update(
        {
            key: value.isoformat() if isinstance(value, dt.date) else value
            for key, value in changes.items()
        }
    )
    return data


@pytest.fixture
def announced(app, make_directorate, make_consultation):
    """A published draft act: notice 10 days ago... opening in a week, closing in five weeks."""
    directorate = make_directorate()
    return make_consultation(
        status="announced",
        directorate_id=directorate,
        notice_at=TODAY - dt.timedelta(days=2),
        opens_at=TODAY + dt.timedelta(days=7),
        closes_at=TODAY + dt.timedelta(days=37),
    )


def _date_moves_table(page: str) -> str:
    """The table of dates changed after publication on `page` (the signed-in officer's name
    is also in the page header, so look only here)."""
    start = page.index("Dates changed after publication")
    return page[start : page.index("</table>", start)]


def _edit(client, consultation_id: int, data: dict):
    url = f"/manage/consultations/{consultation_id}/edit?lang=en"
    return submit(client, url, data)


def test_moving_the_opening_back_to_the_notice_needs_a_reason(app, client, login, announced):
    login("officer")
    before = _get(app, announced)
    response = _edit(client, announced, _edit_data(before, opens_at=before.notice_at))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A minimum standard is not met. Record a reason to go on anyway." in page
    assert "MS-NOTICE" in page
    assert _get(app, announced).opens_at == before.opens_at  # nothing changed
    with app.app_context():
        assert not db.session.scalars(select(RecordedBreach)).all()

    response = _edit(
        client, announced, _edit_data(before, opens_at=before.notice_at, change_reason=REASON)
    )
    assert response.status_code == 302
    assert _get(app, announced).opens_at == before.notice_at
    with app.app_context():
        breach = db.session.scalars(select(RecordedBreach)).one()
        assert (breach.rule_id, breach.step, breach.reason) == ("MS-NOTICE", "dates", REASON)
        assert "0 days before the opening; the minimum is 1" in breach.finding["en"]
        assert breach.finding["sq"] and breach.finding["sr"]
        entry = db.session.get(AuditLog, breach.audit_id)
        assert entry.action == "consultation.dates"
        assert entry.details["changes"] == {
            "opens_at": [before.opens_at.isoformat(), before.notice_at.isoformat()]
        }
        assert entry.reason == REASON
    page = client.get(f"/manage/consultations/{announced}?lang=en").get_data(as_text=True)
    assert "Every minimum standard is met." not in page
    assert "Breach, overridden with a reason" in page
    assert REASON in page
    assert "Dates changed after publication" in page


def test_a_change_that_keeps_the_standards_is_recorded_without_a_reason(
    app, client, login, announced
):
    login("officer")
    before = _get(app, announced)
    later = before.closes_at + dt.timedelta(days=5)
    assert _edit(client, announced, _edit_data(before, closes_at=later)).status_code == 302
    with app.app_context():
        assert not db.session.scalars(select(RecordedBreach)).all()
        entry = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "consultation.dates")
        ).one()
        assert entry.details["changes"]["closes_at"][1] == later.isoformat()
    report_page = client.get(f"/manage/consultations/{announced}?lang=en").get_data(as_text=True)
    moves = _date_moves_table(report_page)
    assert "<td>Officer</td>" in moves  # who moved it


def test_the_same_breach_is_not_asked_about_twice(app, client, login, announced):
    login("officer")
    before = _get(app, announced)
    short = before.opens_at + dt.timedelta(days=10)
    data = _edit_data(before, closes_at=short, change_reason=REASON)
    assert _edit(client, announced, data).status_code == 302
    # a later change of the contact keeps the dates: no new reason is needed
    after = _get(app, announced)
    assert (
        _edit(client, announced, _edit_data(after, contact_phone="038 000 000")).status_code == 302
    )
    # shortening it further is a new, worse breach: a reason again
    shorter = _edit_data(after, closes_at=before.opens_at + dt.timedelta(days=8))
    assert _edit(client, announced, shorter).status_code == 400
    with app.app_context():
        assert len(db.session.scalars(select(RecordedBreach)).all()) == 1


def test_dates_of_a_closed_consultation_cannot_change(
    app, client, login, make_consultation, make_directorate
):
    consultation_id = make_consultation(
        status="closed",
        directorate_id=make_directorate(),
        notice_at=TODAY - dt.timedelta(days=60),
        opens_at=TODAY - dt.timedelta(days=40),
        closes_at=TODAY - dt.timedelta(days=5),
    )
    login("officer")
    before = _get(app, consultation_id)
    data = _edit_data(before, closes_at=TODAY + dt.timedelta(days=3), change_reason=REASON)
    response = _edit(client, consultation_id, data)
    assert response.status_code == 400
    assert "The dates of a closed consultation cannot be changed." in response.get_data(
        as_text=True
    )
    assert _get(app, consultation_id).closes_at == before.closes_at


def _advance(client, consultation_id: int, to_status: str, reason: str = ""):
    location = f"/manage/consultations/{consultation_id}"
    return submit(
        client,
        f"{location}/advance",
        {"to_status": to_status, "override_reason": reason},
        form_url=location,
    )


def test_opening_ahead_of_the_dates_moves_the_opening_so_everyone_sees_it_open(
    app, client, login, announced
):
    login("officer")
    _advance(client, announced, "open")
    consultation = _get(app, announced)
    assert consultation.status == "open"
    assert consultation.opens_at == TODAY  # the step moved the date: no "open" before its day
    public = client.get(f"/consultations/{announced}?lang=en").get_data(as_text=True)
    assert "Comments are taken only while the consultation is open." not in public
    manage = client.get(f"/manage/consultations/{announced}?lang=en").get_data(as_text=True)
    assert "The public sees: Open for comments" in manage
    with app.app_context():
        entry = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "consultation.dates")
        ).one()
        assert entry.details["step"] == "open"
        assert entry.details["changes"]["opens_at"][1] == TODAY.isoformat()


def test_opening_on_the_notice_day_needs_a_reason(
    app, client, login, make_consultation, make_directorate
):
    consultation_id = make_consultation(
        status="announced",
        directorate_id=make_directorate(),
        notice_at=TODAY,
        opens_at=TODAY + dt.timedelta(days=7),
        closes_at=TODAY + dt.timedelta(days=37),
    )
    login("officer")
    _advance(client, consultation_id, "open")
    assert _get(app, consultation_id).status == "announced"
    assert _get(app, consultation_id).opens_at == TODAY + dt.timedelta(days=7)
    _advance(client, consultation_id, "open", REASON)
    assert _get(app, consultation_id).status == "open"
    with app.app_context():
        breach = db.session.scalars(select(RecordedBreach)).one()
        assert (breach.rule_id, breach.step) == ("MS-NOTICE", "open")


@pytest.fixture
def closed_early(app, client, login, make_consultation, make_directorate):
    """A draft act opened 5 days ago, planned to close in 20 days, closed today with a reason."""
    consultation_id = make_consultation(
        directorate_id=make_directorate(),
        planned_year=TODAY.year,
        notice_at=TODAY - dt.timedelta(days=30),
        opens_at=TODAY - dt.timedelta(days=5),
        closes_at=TODAY + dt.timedelta(days=15),
    )
    login("officer")
    _advance(client, consultation_id, "closed")
    assert _get(app, consultation_id).status == "open"  # refused without a reason
    _advance(client, consultation_id, "closed", REASON)
    assert _get(app, consultation_id).status == "closed"
    return consultation_id


def test_closing_early_moves_the_closing_date_and_keeps_the_breach(app, client, closed_early):
    consultation = _get(app, closed_early)
    assert consultation.closes_at == TODAY  # the real closing date
    with app.app_context():
        breach = db.session.scalars(select(RecordedBreach)).one()
        assert (breach.rule_id, breach.step, breach.reason) == ("MS-DURATION", "closed", REASON)
        assert "Closed 15 days before the announced closing date" in breach.finding["en"]
        assert "lasted 5 days; the minimum is 15" in breach.finding["en"]
    public = client.get(f"/consultations/{closed_early}?lang=en").get_data(as_text=True)
    assert "Comments are taken only while the consultation is open." in public


def test_the_chair_sees_the_breach_with_its_reason_and_audit_entry(app, make_user, closed_early):
    client = app.test_client()
    email = make_user("chair")
    submit(client, "/login", {"email": email, "password": PASSWORD})
    page = client.get("/chair/?lang=en").get_data(as_text=True)
    assert "No finding" not in page
    assert "Breach, overridden with a reason" in page
    assert REASON in page
    with app.app_context():
        entry_id = db.session.scalars(select(RecordedBreach.audit_id)).one()
    assert f"/manage/audit/{entry_id}" in page
    entry_page = client.get(f"/manage/audit/{entry_id}?lang=en")
    assert entry_page.status_code == 200
    assert REASON in entry_page.get_data(as_text=True)
    assert "MS-DURATION" in entry_page.get_data(as_text=True)
    only_problems = client.get("/chair/?problems=1&lang=en").get_data(as_text=True)
    assert _get(app, closed_early).title["en"] in only_problems

    annual = client.get(f"/chair/annual?year={TODAY.year}&lang=en").get_data(as_text=True)
    assert "100.0" not in annual
    assert "No consultation of the year breaks a minimum standard." not in annual
    assert REASON in annual


def test_the_audit_entry_is_not_for_everyone(app, make_user, closed_early, make_directorate):
    with app.app_context():
        entry_id = db.session.scalars(select(RecordedBreach.audit_id)).one()
    client = app.test_client()
    assert client.get(f"/manage/audit/{entry_id}").status_code in (302, 401, 403)
    email = make_user("officer", "health@istog.example", make_directorate("HEA"))
    submit(client, "/login", {"email": email, "password": PASSWORD})
    assert client.get(f"/manage/audit/{entry_id}").status_code == 403
    assert client.get("/manage/audit/999999").status_code == 404


def test_the_final_report_states_what_happened(app, client, closed_early):
    consultation = _get(app, closed_early)
    planned = TODAY + dt.timedelta(days=15)
    location = f"/manage/consultations/{closed_early}"
    submit(client, f"{location}/advance", {"to_status": "reported"}, form_url=location)
    page = client.get(f"/consultations/{closed_early}/report?lang=en").get_data(as_text=True)
    assert "Every minimum standard is met." not in page
    assert "Dates changed after publication" in page
    assert REASON in page
    assert "<td>Officer</td>" in _date_moves_table(page)  # who moved the closing date
    assert "MS-DURATION" in page
    assert consultation.closes_at == TODAY
    assert planned.isoformat() in page  # the announced closing date, as it was before
    assert _get(app, closed_early).report_published_at >= consultation.closes_at


def test_a_recorded_breach_cannot_be_rewritten_in_the_database(app, closed_early):
    with app.app_context(), pytest.raises(DatabaseError), db.engine.begin() as connection:
        connection.execute(text("UPDATE recorded_breaches SET reason = 'nothing happened'"))
    with app.app_context():
        assert db.session.scalars(select(RecordedBreach.reason)).one() == REASON


def test_removing_a_document_of_a_published_consultation_needs_a_reason(
    app, client, login, announced
):
    import io

    login("officer")
    location = f"/manage/consultations/{announced}"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    submit(
        client,
        f"{location}/documents",
        {"file": (io.BytesIO(pdf), "annex.pdf"), "role": "other", "title_sq": "Shtojca"},
        form_url=location,
        content_type="multipart/form-data",
    )
    with app.app_context():
        document_id = (
            db.session.scalars(select(Consultation).where(Consultation.id == announced))
            .one()
            .documents[0]
            .id
        )
    remove = f"{location}/documents/{document_id}/remove"
    submit(client, remove, {"reason": ""}, form_url=location)
    with app.app_context():
        assert len(db.session.get(Consultation, announced).documents) == 1
    submit(client, remove, {"reason": "Uploaded to the wrong consultation."}, form_url=location)
    with app.app_context():
        assert db.session.get(Consultation, announced).documents == []
        entry = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "document.remove")
        ).one()
        assert entry.reason == "Uploaded to the wrong consultation."
        assert entry.details["name"] == "annex.pdf"


def test_an_empty_draft_act_cannot_be_announced_even_with_a_reason(
    app, client, login, make_consultation, make_directorate
):
    consultation_id = make_consultation(status="draft", directorate_id=make_directorate())
    login("officer")
    response = _advance(client, consultation_id, "announced", REASON)
    assert _get(app, consultation_id).status == "draft"
    page = client.get(f"/manage/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "MS-TEXT" in page and "MS-NOTE" in page
    assert "Every minimum standard is met." not in page
    assert response.status_code == 302
    with app.app_context():
        assert not db.session.scalars(select(RecordedBreach)).all()


def test_the_explanatory_note_of_a_published_act_stays_until_replaced(
    app, client, login, make_consultation, make_directorate, give_substance
):
    consultation_id = make_consultation(status="open", directorate_id=make_directorate())
    give_substance(consultation_id)
    login("officer")
    with app.app_context():
        note = db.session.get(Consultation, consultation_id).documents[0]
        assert note.role == "explanatory_note"
        note_id = note.id
    location = f"/manage/consultations/{consultation_id}"
    removed = submit(
        client,
        f"{location}/documents/{note_id}/remove?lang=en",
        {"reason": "A newer version is coming."},
        form_url=location,
        follow_redirects=True,
    )
    assert "The published consultation cannot be left without this document." in (
        removed.get_data(as_text=True)
    )
    assert "MS-NOTE" in removed.get_data(as_text=True)
    with app.app_context():
        assert [d.id for d in db.session.get(Consultation, consultation_id).documents] == [note_id]


def test_the_annual_report_links_each_breach_to_its_audit_entry(app, make_user, closed_early):
    client = app.test_client()
    submit(client, "/login", {"email": make_user("chair"), "password": PASSWORD})
    with app.app_context():
        entry_id = db.session.scalars(select(RecordedBreach.audit_id)).one()
    page = client.get(f"/chair/annual?year={TODAY.year}&lang=en").get_data(as_text=True)
    assert f"/manage/audit/{entry_id}" in page
