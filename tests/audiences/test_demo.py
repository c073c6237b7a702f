"""The Istog demo has the Public Information Office's audience lists to try: members with the
record of their consent, lists open to the public on the "Join a list" page in every language,
and a draft invitation to the budget hearing waiting to be sent."""

import datetime as dt

from sqlalchemy import func, select

from consult.audiences.models import AudienceList, AudienceMember, AudienceSend
from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from consult.i18n import missing_languages


def test_the_demo_has_audience_lists_with_consent_and_a_draft_invitation(
    app, runner, client, login
):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    today = dt.date.today()
    with app.app_context():
        lists = db.session.scalars(select(AudienceList).order_by(AudienceList.id)).all()
        assert {item.audience for item in lists} == {"cso", "youth", "village_council", "diaspora"}
        for item in lists:
            assert missing_languages(item.name) == []
        members = db.session.scalars(select(AudienceMember)).all()
        assert len(members) == 12
        for member in members:
            assert member.email.endswith("example.org")
            assert member.confirmed_at is not None and member.recorded_by_id is not None
            assert member.consent_how != "web" and member.consent_on <= today
        (draft,) = db.session.scalars(select(AudienceSend)).all()
        assert draft.queued_at is None and len(draft.lists) == 4
        assert draft.consultation.kind == "budget_hearing"
        # nothing was mailed by loading the demo
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    join = client.get("/lists?lang=sr").get_data(as_text=True)
    assert "Млади Истока" in join and "Сеоски савети" not in join  # closed list not offered
    login("admin")
    page = client.get("/manage/lists/?lang=en").get_data(as_text=True)
    assert "Environmental organisations" in page and "Village councils" in page
