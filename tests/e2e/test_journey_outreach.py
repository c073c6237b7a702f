"""The outreach log and the notice in a real browser (issue #20, item 6): an officer on a phone
opens the consultation's back office, downloads the notice for the notice boards in every
official language, goes to the outreach log, records the notices posted in Vrellë with the
keyboard alone (a refused entry first: a notice board needs its local community), and removes
an entry; the chair reads the year's counts beside their chart. axe finds no serious or
critical violation on the pages of the journey."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from consult.core.models import LocalCommunity
from consult.core.outreach import OutreachEntry
from consult.extensions import db
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _field(scope, label: str):
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s|$)"))


def _fits(tab, where: str) -> None:
    """The page never scrolls sideways (a wide table scrolls in its own region)."""
    wider = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    culprits = tab.evaluate(
        """[...document.querySelectorAll('body *')]
        .filter(e => !e.children.length)
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 10).map(e => e.outerHTML.slice(0, 100))"""
    )
    assert wider <= 0, (where, culprits)


def _sign_in(tab, live_server: str, email: str) -> None:
    tab.goto(f"{live_server}/login?lang=en")
    _field(tab, "E-mail address").fill(email)
    _field(tab, "Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()


def test_an_officer_logs_the_notices_posted_and_the_chair_counts_them(
    app, live_server, phone, page, check, make_user, make_directorate, make_consultation
):
    directorate = make_directorate()
    consultation_id = make_consultation(directorate_id=directorate)
    with app.app_context():
        db.session.add(LocalCommunity(name={"sq": "Vrellë", "sr_Latn": "Vrelo"}, population=3126))
        db.session.commit()
    email = make_user("officer", email="outreach.browser@istog.example", directorate_id=directorate)
    _sign_in(phone, live_server, email)

    phone.goto(f"{live_server}/manage/consultations/{consultation_id}?lang=en")
    notice = phone.get_by_role("link", name="every official language, one page each")
    assert notice.get_attribute("href") == (
        f"/consultations/{consultation_id}/poster-official-languages.pdf"
    )
    pdf = phone.request.get(f"{live_server}{notice.get_attribute('href')}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    check(phone, "the consultation's back office")
    _fits(phone, "the consultation's back office")
    phone.get_by_role("link", name="Outreach log").click()
    phone.wait_for_url(re.compile(r"/outreach"))
    check(phone, "the outreach log")

    # the keyboard alone: a notice board without its place is refused, then corrected
    _field(phone, "Channel").focus()
    phone.keyboard.press("Home")  # the first channel: a notice board
    assert _field(phone, "Channel").input_value() == "notice_board"
    _field(phone, "How many").fill("3")
    _field(phone, "Note").fill("Te shkolla")
    _field(phone, "Note").focus()
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Record the channel"
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "Choose the local community whose notice board it was." in phone.content()
    check(phone, "the refused entry")
    _field(phone, "Local community").select_option(label="Vrellë")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Record the channel").press("Enter")
    assert "The channel is recorded in the outreach log." in phone.content()
    _field(phone, "Channel").select_option("radio")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Record the channel").click()
    with app.app_context():
        rows = db.session.execute(
            select(OutreachEntry.channel, OutreachEntry.quantity).order_by(OutreachEntry.id)
        ).all()
    assert [tuple(row) for row in rows] == [("notice_board", 3), ("radio", None)]
    check(phone, "the log with two entries")
    _fits(phone, "the log with two entries")

    with phone.expect_navigation():
        phone.get_by_role("button", name=re.compile(r"^Remove Radio")).click()
    assert "The entry is removed from the outreach log." in phone.content()
    with app.app_context():
        assert db.session.scalars(select(OutreachEntry.channel)).all() == ["notice_board"]

    chair = make_user("chair", email="chair.browser@istog.example")
    _sign_in(page, live_server, chair)
    year = dt.date.today().year
    page.goto(f"{live_server}/chair/annual?year={year}&lang=en")
    page.wait_for_selector(".chart-figure .js-plotly-plot, .chart-figure svg", timeout=15000)
    table = page.get_by_role("table", name="Consultations of the year that used each channel")
    assert table.get_by_role("row", name=re.compile(r"Notice board of a local community 1")).count()
    check(page, "the annual report")
    page.set_viewport_size({"width": 375, "height": 740})
    page.reload()
    page.wait_for_selector(".chart-figure .js-plotly-plot, .chart-figure svg", timeout=15000)
    _fits(page, "the annual report on a phone")
