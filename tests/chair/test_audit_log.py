"""The audit log in the browser (issue #19): the chair and administrators filter it by who,
what, consultation and day and download it as CSV; it shows no citizen's data and nothing
that links a voter to a ballot."""

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from consult.auth.models import User
from consult.core.models import AuditLog
from consult.core.services import record_audit
from consult.extensions import db


@pytest.fixture
def logged(app, make_user, make_consultation):
    """Entries by an officer about a consultation, an administrator's about an account, and
    one of the public (a citizen's comment: its details hold the citizen's address)."""
    officer_email = make_user("officer", email="zyrtari@istog.example")
    consultation = make_consultation(title={"sq": "Rregullore për parkimin"})
    with app.app_context():
        officer = db.session.scalar(select(User).where(User.email == officer_email))
        record_audit("consultation.save", f"consultation:{consultation}", actor_id=officer.id)
        old = record_audit("document.upload", f"consultation:{consultation}", actor_id=officer.id)
        old.at = dt.datetime(2025, 1, 15, 9, 0)
        record_audit("user.created", f"user:{officer.id}", actor_id=None, role="officer")
        record_audit(
            "comment.hide",
            f"consultation:{consultation}",
            reason="Fyerje",
            email="qytetari@example.org",
        )
        db.session.commit()
        return {"consultation": consultation, "officer": officer.id}


@pytest.mark.parametrize("role", ["officer", "cso"])
def test_only_the_chair_and_administrators_read_the_audit_log(client, login, role):
    login(role)
    assert client.get("/chair/audit").status_code == 403
    assert client.get("/chair/audit.csv").status_code == 403


def test_the_log_is_filtered_by_who_what_consultation_and_day(client, login, logged):
    login("chair")
    everything = client.get("/chair/audit?lang=en").get_data(as_text=True)
    assert "Rregullore për parkimin" in everything and "consultation.save" in everything
    by_officer = client.get(f"/chair/audit?lang=en&actor={logged['officer']}").get_data(
        as_text=True
    )
    assert "consultation.save" in by_officer and "comment.hide" not in by_officer
    accounts = client.get("/chair/audit?lang=en&what=user").get_data(as_text=True)
    assert "user.created" in accounts and "consultation.save" not in accounts
    about = client.get(f"/chair/audit?lang=en&consultation={logged['consultation']}")
    assert "user.created" not in about.get_data(as_text=True)
    in_2025 = client.get("/chair/audit?lang=en&since=2025-01-01&until=2025-01-31").get_data(
        as_text=True
    )
    assert "document.upload" in in_2025 and "consultation.save" not in in_2025
    nonsense = client.get("/chair/audit?actor=x&what=<b>&since=2025-13-45&page=-1")
    assert nonsense.status_code == 200


def test_no_citizen_data_is_shown_or_exported(client, login, logged):
    login("admin")
    page = client.get("/chair/audit?lang=en").get_data(as_text=True)
    assert "qytetari@example.org" not in page
    assert "Fyerje" in page  # the reason given is shown
    exported = client.get("/chair/audit.csv?lang=en")
    assert exported.headers["Cache-Control"] == "no-store"
    text = exported.data.decode("utf-8-sig")
    assert "qytetari@example.org" not in text
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["When (UTC)", "Who", "What", "Action", "About", "Reason"]
    assert len(table) == 1 + 4 + 1  # the header, the four entries, the admin's sign-in


def test_the_csv_follows_the_filter_and_the_download_is_logged(app, client, login, logged):
    login("chair")
    text = client.get("/chair/audit.csv?what=user").data.decode("utf-8-sig")
    actions = [row[3] for row in csv.reader(io.StringIO(text))][1:]
    assert sorted(actions) == ["user.created", "user.login"]
    with app.app_context():
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "export.audit_csv"))


def test_long_logs_come_a_page_at_a_time(app, client, login):
    login("admin")
    with app.app_context():
        for number in range(120):
            record_audit("plan.add", f"plan:{number}")
        db.session.commit()
    first = client.get("/chair/audit?lang=en").get_data(as_text=True)
    assert "Page 1 of 3" in first and first.count("plan.add") == 50
    last = client.get("/chair/audit?lang=en&page=3").get_data(as_text=True)
    assert "Page 3 of 3" in last


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_the_audit_log_is_in_every_locale(client, login, logged, locale):
    login("chair")
    assert client.get(f"/chair/audit?lang={locale}").status_code == 200
