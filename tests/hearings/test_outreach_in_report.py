"""The hearing report counts the channels the consultation's outreach log records (issue #20,
item 6): how often each was used, from when to when, the counts given and the local
communities, on the page, in the PDF and in the spreadsheet; the municipality's website in the
log is shown as the evidence of BH-PUBLISH."""

import datetime as dt
import io
import subprocess

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook
from sqlalchemy import select

from consult.core import outreach
from consult.core.labels import OUTREACH_CHANNEL_LABELS
from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings import report as hearing_report

TODAY = dt.date.today()
DAY = dt.timedelta(days=1)


@pytest.fixture
def logged(app, hearing, cycle):
    """The hearing's outreach log: notices in two villages (3 and 4 posted), the radio twice
    (no count), Facebook once; another consultation's entry that must not count."""
    with app.app_context():
        consultation = db.session.get(Consultation, hearing)
        places = {localize_name(c): c.id for c in db.session.scalars(select(LocalCommunity)).all()}
        add = outreach.add_entry
        add(consultation, "notice_board", TODAY - 9 * DAY, TODAY, places["Vrellë"], 3)
        add(consultation, "notice_board", TODAY - 8 * DAY, TODAY, places["Banjë"], 4)
        add(consultation, "radio", TODAY - 7 * DAY, TODAY, note="Radio Fontana")
        add(consultation, "radio", TODAY - 2 * DAY, TODAY)
        add(consultation, "facebook", TODAY - 5 * DAY, TODAY, quantity=1)
        other = Consultation(kind="draft_act", status="open", title={"sq": "Tjetër"})
        db.session.add(other)
        db.session.flush()
        add(other, "tv", TODAY, TODAY)
        db.session.commit()
    return hearing


def localize_name(community: LocalCommunity) -> str:
    return community.name["sq"]


def test_the_report_counts_each_channel_of_the_log(app, ctx, logged, cycle):
    from consult.hearings.models import HearingCycle

    report = hearing_report.build_report(
        db.session.get(HearingCycle, cycle), TODAY, app.config["STANDARDS"]
    )
    uses = {use.channel: use for use in report.outreach}
    assert list(uses) == ["notice_board", "facebook", "radio"]  # the list's order
    board = uses["notice_board"]
    assert (board.times, board.first, board.last, board.quantity) == (
        2,
        TODAY - 9 * DAY,
        TODAY - 8 * DAY,
        7,
    )
    assert [c.name["sq"] for c in board.communities] == ["Vrellë", "Banjë"]
    assert (uses["radio"].times, uses["radio"].quantity) == (2, None)
    assert report.website is None


def test_the_report_page_shows_the_channels(app, client, login, logged):
    login("admin")
    html = client.get(f"/hearings/{logged}/report?lang=en").get_data(as_text=True)
    section = html[html.index('id="report-outreach"') : html.index('id="report-comments"')]
    assert "How people were reached" in section
    for text in ("Notice board of a local community", "Vrellë", "Banjë", "Radio", "Facebook"):
        assert text in section, text
    assert '<td class="number">7</td>' in section  # 3 + 4 notices
    assert "Television" not in section  # another consultation's
    assert "Radio Fontana" not in section  # notes stay in the back office
    assert "the outreach log records no use of the municipality's website." in section


def test_the_website_in_the_log_is_the_evidence_of_bh_publish(app, client, login, logged):
    with app.app_context():
        consultation = db.session.get(Consultation, logged)
        outreach.add_entry(consultation, "website", TODAY - 10 * DAY, TODAY)
        db.session.commit()
    login("admin")
    html = client.get(f"/hearings/{logged}/report?lang=en").get_data(as_text=True)
    evidence = html[html.index('id="outreach-website"') :][:600]
    assert "BH-PUBLISH" in evidence
    assert "records the consultation on the municipality's website, first on" in evidence
    assert (TODAY - 10 * DAY).isoformat() in evidence


def test_an_empty_log_is_said_so(app, client, login, hearing, cycle):
    login("admin")
    html = client.get(f"/hearings/{hearing}/report?lang=en").get_data(as_text=True)
    assert "No channel is recorded in the outreach log." in html


@pytest.mark.parametrize("lang", ["sq", "sr"])
def test_the_channels_are_named_in_the_reader_s_language(app, client, login, logged, lang):
    login("admin")
    html = client.get(f"/hearings/{logged}/report?lang={lang}").get_data(as_text=True)
    with app.test_request_context(), force_locale(lang):
        expected = [
            gettext("How people were reached"),
            str(OUTREACH_CHANNEL_LABELS["notice_board"]),
            str(OUTREACH_CHANNEL_LABELS["radio"]),
            gettext("Times used"),
        ]
    for text in expected:
        assert text in html, (lang, text)
    assert "How people were reached" not in html
    assert "Notice board of a local community" not in html


def test_the_pdf_and_the_spreadsheet_carry_the_channels(app, client, login, logged):
    login("admin")
    pdf = client.get(f"/hearings/{logged}/report.pdf?lang=sq").get_data()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    text = " ".join(text.split())
    with app.test_request_context(), force_locale("sq"):
        heading = gettext("How people were reached")
        board = str(OUTREACH_CHANNEL_LABELS["notice_board"])
    assert heading in text and board in text and "Vrellë" in text
    data = client.get(f"/hearings/{logged}/report.xlsx?lang=en").get_data()
    rows = list(load_workbook(io.BytesIO(data))["Outreach"].values)
    assert rows[0] == (
        "Channel",
        "Times used",
        "First day",
        "Last day",
        "How many",
        "Local communities",
    )
    by_channel = {row[0]: row for row in rows[1:]}
    assert set(by_channel) == {"Notice board of a local community", "Facebook", "Radio"}
    assert by_channel["Notice board of a local community"][1] == 2
    assert by_channel["Notice board of a local community"][4] == 7
    assert by_channel["Notice board of a local community"][5] == "Vrellë, Banjë"
    assert by_channel["Radio"][4] is None
