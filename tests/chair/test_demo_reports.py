"""With the Istog demo loaded, the participation trends and the annual report render in every
locale, and the annual report's figures are the database's own counts."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from consult.chair.annual import annual_report, report_years
from consult.comments.models import Comment
from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.i18n import LOCALES
from consult.meetings.models import Meeting
from tests.conftest import PASSWORD, submit


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def chair(client, make_user):
    email = make_user("chair", email="kryesuesi.test@istog.example")
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    return email


def test_participation_page_renders_the_demo_in_every_locale(client, demo, chair):
    for locale in LOCALES:
        response = client.get(f"/chair/participation?lang={locale}")
        assert response.status_code == 200, locale
        page = response.get_data(as_text=True)
        assert 'class="chart-data"' in page
        assert page.count("<caption") >= 5


def test_annual_report_renders_the_demo_in_every_locale(client, demo, chair):
    for locale in LOCALES:
        response = client.get(f"/chair/annual?lang={locale}")
        assert response.status_code == 200, locale
        assert "MS-ANNUAL" in response.get_data(as_text=True)


def test_annual_report_downloads_are_a_pdf_and_a_workbook_and_are_logged(client, app, demo, chair):
    with app.test_request_context():
        year = report_years(dt.date.today())[0]
    for locale in LOCALES:
        pdf = client.get(f"/chair/annual/{year}.pdf?lang={locale}")
        assert pdf.status_code == 200, locale
        assert pdf.data.startswith(b"%PDF")
    xlsx = client.get(f"/chair/annual/{year}.xlsx?lang=en")
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames[0] == f"Figures {year}"
    with app.app_context():
        actions = [a.action for a in db.session.scalars(select(AuditLog))]
    assert actions.count("export.annual_report_pdf") == len(LOCALES)
    assert actions.count("export.annual_report_xlsx") == 1


def _counted_year(c: Consultation) -> int | None:
    """The year a consultation counts in, worked out here: closed, else opened, else planned."""
    for day in (c.closes_at, c.opens_at):
        if day is not None:
            return day.year
    return c.planned_year


def test_annual_report_of_the_demo_counts_what_the_database_holds(app, demo):
    today = dt.date.today()
    with app.test_request_context("/?lang=en"):
        for year in report_years(today):
            report = annual_report(year, today, app.config["STANDARDS"])
            published = [
                c
                for c in db.session.scalars(
                    select(Consultation).where(Consultation.status != "draft")
                )
                if _counted_year(c) == year
            ]
            ids = [c.id for c in published]
            assert report.total.consultations == len(published)
            drafts = db.session.scalar(
                select(func.count(Comment.id)).where(
                    Comment.consultation_id.in_(ids),
                    Comment.cycle_id.is_(None),
                    Comment.confirmed_at.is_not(None),
                    Comment.hidden.is_(False),
                )
            )
            assert report.kinds[0].kind == "draft_act"
            assert report.kinds[0].comments == drafts
            meetings = db.session.scalars(
                select(Meeting).where(Meeting.consultation_id.in_(ids), Meeting.held_on <= today)
            ).all()
            assert report.total.meetings == len(meetings)
            assert report.total.attendance == sum(m.attendance for m in meetings)
