"""Every page of public meetings speaks the reader's language (no text outside the catalogue)
and renders in every locale, for the public and for officers."""

import datetime as dt

import pytest
from sqlalchemy import select

from consult.extensions import db
from consult.i18n import LOCALES
from consult.meetings.models import Meeting
from tests.conftest import PASSWORD, submit
from tests.meetings.conftest import announce, last_meeting_id, plan_meeting
from tests.test_translations import _untranslated, marked_app  # noqa: F401  fixture


def _meetings(app, client, login) -> tuple[int, int]:
    """An announced meeting with registration and one held yesterday with its minutes."""
    login("officer")
    plan_meeting(
        client,
        registration="y",
        seat_limit="30",
        format="hybrid",
        online_url="https://meet.example.org/a",
        stream_url="https://video.example.org/b",
    )
    upcoming = last_meeting_id(app)
    announce(client, upcoming)
    plan_meeting(
        client,
        audience="village_council",
        format="online",
        place="",
        online_url="https://meet.example.org/c",
    )
    held = last_meeting_id(app)
    announce(client, held)
    with app.app_context():
        meeting = db.session.get(Meeting, held)
        meeting.held_on = dt.date.today() - dt.timedelta(days=1)
        meeting.announced_on = dt.date.today() - dt.timedelta(days=9)
        meeting.minutes = {"sq": "Procesverbali"}
        meeting.attendance_women = 4
        db.session.commit()
    return upcoming, held


def _urls(upcoming: int, held: int) -> tuple[list[str], list[str]]:
    public = ["/meetings", f"/meetings/{upcoming}", f"/meetings/{held}", "/meetings?audience=youth"]
    staff = [
        "/manage/meetings/",
        "/manage/meetings/new",
        f"/manage/meetings/{upcoming}",
        f"/manage/meetings/{held}",
        f"/manage/meetings/{upcoming}/registrations",
    ]
    return public, staff


@pytest.mark.parametrize("locale", LOCALES)
def test_every_meeting_page_renders_in_every_locale(app, client, login, places, locale):
    upcoming, held = _meetings(app, client, login)
    public, staff = _urls(upcoming, held)
    citizen = app.test_client()
    for url in public:
        assert citizen.get(f"{url}{'&' if '?' in url else '?'}lang={locale}").status_code == 200
    for url in staff:
        assert client.get(f"{url}?lang={locale}").status_code == 200, url


def test_the_meeting_pages_show_no_text_outside_the_catalogue(app, marked_app, make_user, places):  # noqa: F811
    officer = marked_app.test_client()
    email = make_user("officer", email="pio.marked@istog.example")
    submit(officer, "/login", {"email": email, "password": PASSWORD})

    def login(role: str = "officer") -> None:
        pass

    upcoming, held = _meetings(marked_app, officer, login)
    public, staff = _urls(upcoming, held)
    citizen = marked_app.test_client()
    for url in public:
        html = citizen.get(f"{url}{'&' if '?' in url else '?'}lang=en").get_data(as_text=True)
        assert _untranslated(html) == [], url
    for url in staff:
        html = officer.get(f"{url}?lang=en").get_data(as_text=True)
        assert _untranslated(html) == [], url
    with marked_app.app_context():
        assert db.session.scalars(select(Meeting)).all()
