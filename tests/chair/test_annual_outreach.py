"""The annual consultation report counts the outreach logs (issue #20, item 6): per consultation
the channels it used, and across the year how many consultations used each channel, as a chart
with a table beside it (page), SVG bars beside the table (PDF) and a sheet (XLSX)."""

import datetime as dt
import io
import json
import re
import subprocess

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook
from sqlalchemy import select

from consult.chair.annual import annual_report, outreach_table
from consult.core import outreach
from consult.core.labels import OUTREACH_CHANNEL_LABELS, OUTREACH_CHANNELS
from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from tests.chair.known_data import YEAR, load_known_year

EXPECTED = {
    "notice_board": 2,
    "website": 1,
    "radio": 1,
    "sms": 1,
}


@pytest.fixture
def logged(app):
    """The known year's consultations with their outreach logs: the draft act on two notice
    boards and the website, the hearing on a notice board (twice) and the radio, the poll by SMS,
    the survey nowhere; the unpublished draft on TV and next year's consultation on the radio
    (neither counts)."""
    with app.app_context():
        ids = load_known_year()
        places = [c.id for c in db.session.scalars(select(LocalCommunity).order_by("id"))]
        day = dt.date(YEAR, 1, 15)
        today = dt.date.today()

        def add(consultation_id: int, channel: str, **fields) -> None:
            consultation = db.session.get(Consultation, consultation_id)
            outreach.add_entry(consultation, channel, day, today, **fields)

        add(ids["draft_act"], "notice_board", local_community_id=places[0], quantity=2)
        add(ids["draft_act"], "notice_board", local_community_id=places[1], quantity=1)
        add(ids["draft_act"], "website")
        add(ids["budget_hearing"], "notice_board", local_community_id=places[0])
        add(ids["budget_hearing"], "notice_board", local_community_id=places[0])
        add(ids["budget_hearing"], "radio")
        add(ids["capital_poll"], "sms", quantity=800)
        unpublished = db.session.scalars(
            select(Consultation.id).where(Consultation.status == "draft")
        ).one()
        add(unpublished, "tv")
        later = Consultation(
            kind="draft_act",
            status="open",
            title={"sq": "Vitin tjetër"},
            opens_at=dt.date(YEAR + 1, 2, 1),
            closes_at=dt.date(YEAR + 1, 3, 1),
        )
        db.session.add(later)
        db.session.flush()
        add(later.id, "radio")
        db.session.commit()
        return ids


def test_the_year_counts_the_consultations_that_used_each_channel(app, ctx, logged):
    report = annual_report(YEAR, dt.date.today(), app.config["STANDARDS"])
    assert list(report.outreach) == list(OUTREACH_CHANNELS)
    assert {c: n for c, n in report.outreach.items() if n} == EXPECTED
    lines = {line.consultation.id: line for line in report.consultations}
    assert [use.channel for use in lines[logged["draft_act"]].channels] == [
        "notice_board",
        "website",
    ]
    hearing = lines[logged["budget_hearing"]].channels
    assert [(use.channel, use.times) for use in hearing] == [("notice_board", 2), ("radio", 1)]
    assert lines[logged["survey"]].channels == []
    table = outreach_table(report)
    assert table.columns == ["Channel", "Consultations"]
    assert dict((row[0], row[1]) for row in table.rows) == {
        str(OUTREACH_CHANNEL_LABELS[c]): EXPECTED.get(c, 0) for c in OUTREACH_CHANNELS
    }


def test_the_page_has_the_chart_with_the_table_beside_it(app, client, login, logged):
    login("chair")
    html = client.get(f"/chair/annual?year={YEAR}&lang=en").get_data(as_text=True)
    section = html[html.index('id="outreach-heading"') :]
    section = section[: section.index("<h2>Consultations of the year</h2>")]
    block = re.search(r'<script type="application/json" class="chart-data">(.*?)</script>', section)
    assert block, "the chart's data block"
    figure = json.loads(block.group(1))
    bars = figure["data"][0]
    shown = dict(zip(bars["y"], bars["x"], strict=True))
    assert shown["Notice board of a local community"] == 2 and shown["Television"] == 0
    assert 'class="table-wrap"' in section
    assert "<caption" in section and "Consultations of the year that used each channel" in section
    assert '<th scope="row">Notice board of a local community</th>' in section
    assert '<td class="number">2</td>' in section
    assert "plotly" in html  # the chart's script is loaded in the head
    consultations = html[html.index("<h2>Consultations of the year</h2>") :]
    assert "Notice board of a local community, The municipality&#39;s website" in consultations
    assert "none recorded" in consultations  # the survey


def test_a_year_without_any_log_says_so(app, client, login):
    with app.app_context():
        load_known_year()
    login("chair")
    html = client.get(f"/chair/annual?year={YEAR}&lang=en").get_data(as_text=True)
    assert "No consultation of the year has a channel in its outreach log." in html
    assert 'class="chart-data"' not in html


@pytest.mark.parametrize("lang", ["sq", "sr"])
def test_the_counts_are_in_the_reader_s_language(app, client, login, logged, lang):
    login("chair")
    html = client.get(f"/chair/annual?year={YEAR}&lang={lang}").get_data(as_text=True)
    with app.test_request_context(), force_locale(lang):
        expected = [
            gettext("How people were reached"),
            gettext("Consultations of the year that used each channel"),
            str(OUTREACH_CHANNEL_LABELS["notice_board"]),
            gettext("Channels used"),
        ]
    for text in expected:
        assert text in html, (lang, text)
    assert "How people were reached" not in html
    assert "Notice board of a local community" not in html


def test_the_pdf_and_the_spreadsheet_carry_the_counts(app, client, login, logged):
    login("chair")
    pdf = client.get(f"/chair/annual/{YEAR}.pdf?lang=en").get_data()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    text = " ".join(text.split())
    assert "How people were reached" in text
    assert "Consultations of the year that used each channel" in text
    assert "Notice board of a local community" in text
    workbook = load_workbook(io.BytesIO(client.get(f"/chair/annual/{YEAR}.xlsx?lang=en").data))
    rows = list(workbook["Outreach channels"].values)
    assert rows[0] == ("Channel", "Consultations")
    assert dict(rows[1:]) == {
        str(OUTREACH_CHANNEL_LABELS[c]): EXPECTED.get(c, 0) for c in OUTREACH_CHANNELS
    }
    consultations = list(workbook["Consultations"].values)
    assert consultations[0][-1] == "Channels used"
    column = {row[2]: row[-1] for row in consultations[1:]}
    assert column["Consultation capital_poll"] == "SMS"
    assert column["Consultation survey"] is None
