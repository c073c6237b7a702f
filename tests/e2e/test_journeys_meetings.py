"""A stand-alone public meeting in a real browser: the Public Information Office plans an online
meeting with the diaspora (picking the audience suggests the fitting formats: the script updates
the hint and the "Suggested" marks), announces it; a citizen on a phone finds it on the
calendar, registers for the one seat and confirms from the e-mail; the next one is told the
meeting is full. axe finds no serious or critical violation on the pages of the journey."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from consult.i18n import ENDONYMS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TITLE = {
    "sq": "Takim në internet me diasporën",
    "sr_Latn": "Onlajn sastanak sa dijasporom",
    "bs": "Online sastanak s dijasporom",
}
AGENDA = {
    "sq": "Investimet me diasporën",
    "sr_Latn": "Ulaganja sa dijasporom",
    "bs": "Ulaganja s dijasporom",
}


def _language(scope, label: str, locale: str):
    return scope.get_by_label(
        re.compile(rf"^{re.escape(label)}\s*·\s*{re.escape(ENDONYMS[locale])}(\s|$)")
    )


def _field(scope, label: str):
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s|$)"))


def test_an_officer_plans_a_meeting_for_the_diaspora_and_a_citizen_takes_the_last_seat(
    app, live_server, page, phone, browser, check, make_user
):
    email = make_user("officer", email="pio.browser@istog.example")
    page.goto(f"{live_server}/login?lang=en")
    _field(page, "E-mail address").fill(email)
    _field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server}/manage/meetings/new?lang=en")
    for locale, text in TITLE.items():
        _language(page, "Title", locale).fill(text)
    hint = page.locator("#format-advice")
    _field(page, "Audience").select_option("village_council")
    assert "Suggested format: In person." in hint.inner_text()
    _field(page, "Audience").select_option("diaspora")
    assert "Suggested format: Online, Hybrid" in hint.inner_text()
    assert page.locator('.format-suggested[data-format="online"]').is_visible()
    assert not page.locator('.format-suggested[data-format="in_person"]').is_visible()
    page.get_by_role("radio", name=re.compile(r"^Online")).check()
    day = dt.date.today() + dt.timedelta(days=14)
    _field(page, "Date of the meeting").fill(day.isoformat())
    _field(page, "Starts at").fill("19:00")
    _field(page, "Ends at").fill("20:30")
    _field(page, "Link to join online").fill("https://meet.example.org/diaspora")
    for locale, text in AGENDA.items():
        _language(page, "Agenda", locale).fill(text)
    page.get_by_label("People register for a seat").check()
    _field(page, "Seats").fill("1")
    check(page, "the new meeting form")
    page.get_by_role("button", name="Save the meeting").click()
    page.get_by_role("button", name="Announce the meeting").click()
    assert "The meeting is announced on the calendar." in page.locator("main").inner_text()
    assert "does not fit" not in page.locator("main").inner_text()
    check(page, "the officer's meeting page")

    phone.goto(f"{live_server}/meetings?lang=sr")
    check(phone, "the calendar on a phone")
    phone.get_by_role("link", name="Онлајн састанак са дијаспором").click()
    check(phone, "the meeting's page on a phone")
    link = phone.get_by_role("link", name="https://meet.example.org/diaspora")
    assert link.get_attribute("rel") == "noopener noreferrer external"
    _field(phone, "Ваше име").fill("Milan Jovanović")
    _field(phone, "Ваша имејл адреса").fill("milan@example.org")
    phone.get_by_role("button", name="Региструјте се").click()
    with app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.body).where(OutboxMessage.to == "milan@example.org")
        ).one()
    confirm = re.search(r"http://[^/\s]+(/meetings/registrations/confirm/\S+)", body)[1]
    phone.goto(f"{live_server}{confirm}")
    assert "Ваше место је потврђено." in phone.locator("main").inner_text()

    other = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    late = other.new_page()
    late.goto(phone.url.split("?")[0] + "?lang=en")
    assert "This meeting is full: every seat is taken." in late.locator("main").inner_text()
    assert late.get_by_role("button", name="Register").count() == 0
    other.close()
