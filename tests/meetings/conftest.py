"""Fixtures for public meetings: local communities, directorates, and a stand-alone meeting
planned and announced through the officer's back office."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from consult.core.mail_outbox import OutboxMessage
from consult.core.models import Directorate, LocalCommunity
from consult.extensions import db
from consult.meetings.models import Meeting
from tests.conftest import submit

TITLE = {
    "title_sq": "Takimi i Kryetarit me bashkësinë lokale",
    "title_sr_Latn": "Sastanak predsednika opštine sa mesnom zajednicom",
    "title_bs": "Sastanak načelnika općine s mjesnom zajednicom",
    "title_en": "The Mayor's meeting with the local community",
}
AGENDA = {
    "agenda_sq": "Rrugët e fshatit dhe uji i pijshëm",
    "agenda_sr_Latn": "Seoski putevi i pijaća voda",
    "agenda_bs": "Seoski putevi i pitka voda",
}


@pytest.fixture
def places(app):
    """Two local communities and two directorates; their ids by name."""
    with app.app_context():
        rows = {
            "istog": LocalCommunity(name={"sq": "Istog", "sr_Latn": "Istok"}, population=5115),
            "vrelle": LocalCommunity(name={"sq": "Vrellë", "sr_Latn": "Vrelo"}, population=3126),
            "culture": Directorate(code="CUL", name={"sq": "Drejtoria për Kulturë", "en": "CUL"}),
            "health": Directorate(code="HEA", name={"sq": "Drejtoria për Shëndetësi", "en": "HEA"}),
        }
        db.session.add_all(rows.values())
        db.session.commit()
        return {name: row.id for name, row in rows.items()}


def meeting_form(**values) -> dict:
    """The back office's form for a meeting next week in Istog, in person, for everyone."""
    data = {
        **TITLE,
        **AGENDA,
        "directorate_id": "0",
        "audience": "general",
        "format": "in_person",
        "local_community_id": "0",
        "held_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
        "starts_at": "17:30",
        "ends_at": "19:00",
        "place": "Salla e Kuvendit, Istog",
        "online_url": "",
        "stream_url": "",
        "accessibility_sq": "Hyrje pa shkallë; përkthim në gjuhën e shenjave",
        "accessibility_sr_Latn": "Ulaz bez stepenica; tumačenje na znakovni jezik",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def plan_meeting(client, **values):
    """Post the new-meeting form; the response."""
    return submit(
        client,
        "/manage/meetings/new",
        meeting_form(**values),
        form_url="/manage/meetings/new?lang=en",
    )


def last_meeting_id(app) -> int:
    with app.app_context():
        return db.session.scalars(select(Meeting.id).order_by(Meeting.id.desc())).first()


def announce(client, meeting_id: int):
    return submit(
        client,
        f"/manage/meetings/{meeting_id}/announce",
        {},
        form_url=f"/manage/meetings/{meeting_id}",
    )


@pytest.fixture
def announced(app, client, login, places):
    """An announced stand-alone meeting with registration and `seats` seats, planned by the
    Public Information Office (an officer without a directorate), who stays signed in."""

    def make(seats: int | None = 2, **values) -> int:
        login("officer")
        response = plan_meeting(
            client,
            registration="y",
            seat_limit=str(seats) if seats is not None else "",
            **values,
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        meeting_id = last_meeting_id(app)
        assert announce(client, meeting_id).status_code == 302
        return meeting_id

    return make


def messages(app, to: str) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id)
        return list(db.session.scalars(query))


def link_in(body: str, kind: str) -> str:
    """The path of the confirm or cancel link in an e-mail's text."""
    return re.search(rf"http://localhost(/meetings/registrations/{kind}/\S+)", body)[1]
