"""The public calendar and its .ics feed: planned budget hearings appear as soon as they are
planned (through the kind registry), a held one shows once, as its meeting; filters by local
community and audience work without JavaScript; nothing unannounced or unpublished shows."""

import datetime as dt

from icalendar import Calendar
from sqlalchemy import select

from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings import participation
from consult.hearings import services as hearings
from consult.hearings.models import PlannedHearing
from consult.meetings.models import Meeting
from consult.meetings.services import calendar_entries, planned_by_kinds
from tests.meetings.conftest import announce, last_meeting_id, plan_meeting

TODAY = dt.date.today()


def _events(client, url: str = "/meetings.ics") -> list:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data).walk("VEVENT")


def _plan_hearing(app, consultation_id: int, days: int, audience: str, place: str, where=None):
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        cycle = hearings.cycle_of(consultation) or hearings.create_cycle(
            consultation,
            TODAY.year + 1,
            mtbf_due=TODAY + dt.timedelta(days=60),
            circular2_due=TODAY + dt.timedelta(days=80),
            approval_due=TODAY + dt.timedelta(days=90),
        )
        community = where and db.session.scalar(
            select(LocalCommunity.id).where(LocalCommunity.id == where)
        )
        hearing = hearings.plan_hearing(
            cycle, audience, TODAY + dt.timedelta(days=days), place, community
        )
        db.session.commit()
        return hearing.id


def test_a_planned_hearing_appears_on_the_calendar_and_in_the_feed_before_it_is_held(
    app, client, make_consultation, places
):
    hearing_id = make_consultation(kind="budget_hearing", status="open")
    draft_id = make_consultation(kind="budget_hearing", status="draft")
    _plan_hearing(
        app, hearing_id, 12, "village_council", "Shtëpia e kulturës, Vrellë", places["vrelle"]
    )
    _plan_hearing(app, draft_id, 12, "youth", "Salla e fshehtë")

    page = client.get("/meetings?lang=en").get_data(as_text=True)
    assert "Shtëpia e kulturës, Vrellë" in page
    assert "Vrellë" in page and "Village council" in page and "Planned" in page
    assert "Budget hearing" in page
    assert f'href="/consultations/{hearing_id}"' in page
    assert "Salla e fshehtë" not in page  # the consultation is still a draft

    (event,) = _events(client, "/meetings.ics?lang=en")
    assert event.decoded("dtstart") == TODAY + dt.timedelta(days=12)
    assert str(event["location"]) == "Shtëpia e kulturës, Vrellë, Vrellë"
    assert str(event["uid"]).startswith("planned-hearing-")
    assert "Village council" in str(event["description"])
    assert f"/consultations/{hearing_id}" in str(event["url"])


def test_a_held_hearing_shows_once_as_its_meeting_with_the_same_feed_uid(
    app, client, make_consultation, places
):
    consultation_id = make_consultation(kind="budget_hearing", status="open")
    hearing_id = _plan_hearing(app, consultation_id, 0, "women", "Salla e Kuvendit")
    (planned,) = _events(client)
    with app.app_context():
        hearing = db.session.get(PlannedHearing, hearing_id)
        meeting = participation.hold_hearing(
            hearing, {"sq": "Procesverbali"}, {"women": (14, 0, 0)}, TODAY
        )
        db.session.commit()
        meeting_id = meeting.id
        assert meeting.announced_on is None  # the plan never gave an announcement day

    (held,) = _events(client)
    assert held["uid"] == planned["uid"]
    assert f"/meetings/{meeting_id}" in str(held["url"])
    page = client.get("/meetings?lang=en").get_data(as_text=True)
    assert page.count("Salla e Kuvendit") == 1
    assert f'href="/meetings/{meeting_id}"' in page
    # the held hearing has its own public page, with its minutes and attendance
    meeting_page = client.get(f"/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert "Procesverbali" in meeting_page and '<td class="number">14</td>' in meeting_page


def test_the_calendar_asks_the_kind_registry_and_names_no_kind(app, make_consultation):
    """The hearings' plan reaches the calendar through the kind's `planned_meetings` hook;
    an app without the hook's kind shows no planned hearing."""
    consultation_id = make_consultation(kind="budget_hearing", status="open")
    _plan_hearing(app, consultation_id, 3, "business", "Oda ekonomike")
    with app.test_request_context("/"):
        assert [p.place for p in planned_by_kinds(TODAY)] == ["Oda ekonomike"]
        from consult.core.kinds import registry

        kinds = registry().kinds
        saved = dict(kinds)
        try:
            del kinds["budget_hearing"]
            assert planned_by_kinds(TODAY) == []
            assert calendar_entries(TODAY) == []
        finally:
            kinds.clear()
            kinds.update(saved)


def test_the_calendar_filters_by_local_community_and_audience_without_javascript(
    app, client, login, make_consultation, places
):
    consultation_id = make_consultation(kind="budget_hearing", status="open")
    _plan_hearing(app, consultation_id, 5, "youth", "Qendra rinore", places["istog"])
    _plan_hearing(app, consultation_id, 6, "village_council", "Shkolla e Vrellës", places["vrelle"])
    login("officer")
    plan_meeting(
        client,
        audience="diaspora",
        format="online",
        place="",
        online_url="https://meet.example.org/diaspora",
    )
    announce(client, last_meeting_id(app))
    citizen = app.test_client()

    page = citizen.get(f"/meetings?community={places['vrelle']}&lang=en").get_data(as_text=True)
    assert "Shkolla e Vrellës" in page and "Qendra rinore" not in page
    assert "The Mayor&#39;s meeting" not in page
    page = citizen.get("/meetings?audience=youth&lang=en").get_data(as_text=True)
    assert "Qendra rinore" in page and "Shkolla e Vrellës" not in page
    page = citizen.get("/meetings?community=municipality&lang=en").get_data(as_text=True)
    assert "The Mayor&#39;s meeting" in page and "Qendra rinore" not in page
    # the feed takes the same filters; an unknown value shows everything rather than failing
    assert len(_events(citizen, "/meetings.ics?audience=diaspora")) == 1
    assert len(_events(citizen, "/meetings.ics?audience=<script>&community=x")) == 3
    page = citizen.get("/meetings?audience=<script>&community=99999999999999999999")
    assert page.status_code == 200 and "<script>" not in page.get_data(as_text=True)


def test_unannounced_meetings_and_those_of_draft_consultations_stay_off_the_calendar(
    app, client, login, make_consultation, places
):
    login("officer")
    plan_meeting(client, place="Salla e padukshme")
    unannounced = last_meeting_id(app)
    draft = make_consultation(status="draft")
    with app.app_context():
        db.session.add(
            Meeting(
                consultation_id=draft,
                held_on=TODAY + dt.timedelta(days=9),
                place="Salla e draftit",
                announced_on=TODAY,
            )
        )
        db.session.commit()
        hidden = db.session.scalars(
            select(Meeting.id).where(Meeting.consultation_id == draft)
        ).one()
    citizen = app.test_client()
    page = citizen.get("/meetings").get_data(as_text=True)
    assert "Salla e padukshme" not in page and "Salla e draftit" not in page
    assert _events(citizen) == []
    assert citizen.get(f"/meetings/{unannounced}").status_code == 404
    assert citizen.get(f"/meetings/{hidden}").status_code == 404
    assert citizen.get(f"/meetings/{unannounced}.ics").status_code == 404
    assert citizen.get("/meetings/99999999999999999999999").status_code == 404


def test_past_meetings_are_listed_apart_from_upcoming_ones(app, client, make_consultation):
    consultation_id = make_consultation()
    with app.app_context():
        for days, place in ((-20, "Takimi i kaluar"), (4, "Takimi i ardhshëm")):
            db.session.add(
                Meeting(
                    consultation_id=consultation_id,
                    held_on=TODAY + dt.timedelta(days=days),
                    place=place,
                    announced_on=TODAY - dt.timedelta(days=30),
                )
            )
        db.session.commit()
    page = client.get("/meetings?lang=en").get_data(as_text=True)
    upcoming, past = page.split('id="past-heading"')
    assert "Takimi i ardhshëm" in upcoming and "Takimi i kaluar" not in upcoming
    assert "Takimi i kaluar" in past and "Held" in past
