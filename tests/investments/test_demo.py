"""The Istog demo fills the register: what last year's poll and budget hearing funded, and the
older projects of the years before, each where its course left it."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import Consultation
from consult.extensions import db
from consult.i18n import missing_languages
from consult.investments.models import Investment


def test_the_demo_records_what_its_closed_consultations_funded(app, runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    today = dt.date.today()
    with app.test_request_context("/?lang=en"):
        records = db.session.scalars(select(Investment).order_by(Investment.id)).all()
        sources = [r.source for r in records if r.source]
        assert any(s.startswith("poll_project:") for s in sources)
        assert any(s.startswith("capital_proposal:") for s in sources)
        for record in records:
            if record.consultation_id:
                consultation = db.session.get(Consultation, record.consultation_id)
                assert consultation.status in ("closed", "reported")
        statuses = {r.status for r in records}
        assert statuses == {"planned", "procurement", "construction", "completed", "cancelled"}
        years = {year for r in records for year in range(r.year_start, r.year_end + 1)}
        assert set(range(today.year - 5, today.year + 1)) <= years
        for record in records:
            assert all(event.changed_on <= today for event in record.events)
            if record.status == "cancelled":
                assert missing_languages(record.cancel_reason) == []
            if record.source is None:
                assert missing_languages(record.title) == []
    for lang in ("sq", "sr", "en"):
        page = client.get(f"/investments?lang={lang}")
        assert page.status_code == 200
    assert "Sports hall in Istog" in client.get("/investments?lang=en").get_data(as_text=True)
