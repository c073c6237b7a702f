"""The council chair reads the annual consultation report (MS-ANNUAL) of a year."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from consult.chair.annual import annual_report
from consult.comments.models import Answer, Comment
from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.hearings.models import HearingCycle
from consult.i18n import LOCALES
from consult.meetings.models import Meeting
from consult.polls.models import Ballot, Poll
from consult.surveys.models import Response, Survey
from tests.chair.known_data import YEAR, load_known_year


@pytest.fixture
def known(app):
    with app.app_context():
        return load_known_year()


def _report(app):
    return annual_report(YEAR, dt.date.today(), app.config["STANDARDS"])


def test_report_counts_consultations_comments_and_answers_of_the_year(app, ctx, known):
    report = _report(app)
    by_kind = {item.kind: item for item in report.kinds}
    assert report.total.consultations == 4
    assert [by_kind[k].consultations for k in by_kind] == [1, 1, 1, 1]
    draft = by_kind["draft_act"]
    assert (draft.comments, draft.accepted, draft.partly_accepted, draft.rejected) == (6, 2, 1, 1)
    assert draft.unanswered == 2
    hearing = by_kind["budget_hearing"]
    assert (hearing.comments, hearing.accepted, hearing.rejected, hearing.unanswered) == (
        3,
        1,
        1,
        1,
    )
    assert report.total.comments == 9


def test_report_counts_meetings_and_participants(app, ctx, known):
    report = _report(app)
    by_kind = {item.kind: item for item in report.kinds}
    assert (by_kind["draft_act"].meetings, by_kind["draft_act"].attendance) == (1, 7)
    # 5 commenters (citizen a once, b, the organisation, the anonymous author, the meeting)
    # and 7 people at the meeting
    assert by_kind["draft_act"].participants == 12
    assert by_kind["budget_hearing"].participants == 4
    assert by_kind["capital_poll"].participants == 9
    assert by_kind["survey"].participants == 12
    assert report.total.participants == 37


def _year_ids() -> list[int]:
    query = select(Consultation.id).where(
        Consultation.planned_year == YEAR, Consultation.status != "draft"
    )
    return list(db.session.scalars(query))


def test_report_figures_match_direct_counts(app, ctx, known):
    report = _report(app)
    ids = _year_ids()
    visible = (  # comments on draft acts
        Comment.consultation_id.in_(ids),
        Comment.cycle_id.is_(None),
        Comment.confirmed_at.is_not(None),
        Comment.hidden.is_(False),
    )
    comments = db.session.scalar(select(func.count(Comment.id)).where(*visible))
    budget_comments = db.session.scalar(
        select(func.count(Comment.id))
        .join(HearingCycle, HearingCycle.id == Comment.cycle_id)
        .where(
            HearingCycle.consultation_id.in_(ids),
            Comment.confirmed_at.is_not(None),
            Comment.hidden.is_(False),
        )
    )
    assert report.total.comments == comments + budget_comments
    for outcome in ("accepted", "partly_accepted", "rejected"):
        answered = db.session.scalar(
            select(func.count(Answer.id)).join(Comment).where(*visible, Answer.outcome == outcome)
        )
        budget = db.session.scalar(
            select(func.count(Comment.id))
            .join(HearingCycle, HearingCycle.id == Comment.cycle_id)
            .join(Answer, Answer.comment_id == Comment.id)
            .where(
                HearingCycle.consultation_id.in_(ids),
                Comment.confirmed_at.is_not(None),
                Answer.outcome == outcome,
            )
        )
        assert getattr(report.total, outcome) == answered + budget
    meetings = db.session.scalars(select(Meeting).where(Meeting.consultation_id.in_(ids))).all()
    assert report.total.meetings == len(meetings)
    assert report.total.attendance == sum(m.attendance for m in meetings)
    ballots = db.session.scalar(
        select(func.count()).select_from(Ballot).join(Poll).where(Poll.consultation_id.in_(ids))
    )
    responses = db.session.scalar(
        select(func.count())
        .select_from(Response)
        .join(Survey)
        .where(Survey.consultation_id.in_(ids))
    )
    by_kind = {item.kind: item for item in report.kinds}
    assert by_kind["capital_poll"].participants == ballots
    assert by_kind["survey"].participants == responses


def test_unpublished_consultation_counts_nowhere(app, ctx, known):
    report = _report(app)
    assert all(line.consultation.status != "draft" for line in report.consultations)
    assert len(report.consultations) == 4


def test_compliance_rate_is_the_share_of_checked_consultations_without_a_breach(app, ctx, known):
    report = _report(app)
    assert report.total.checked == 4  # every kind is checked against the standards
    assert report.compliance_rate == round(100 * report.total.compliant / 4, 1)
    draft = next(line for line in report.consultations if line.consultation.kind == "draft_act")
    assert "MS-REPORT" in {f.rule_id for f in draft.problems}  # the report came out late
    assert report.breaches["MS-REPORT"] >= 1
    assert report.total.compliant < 4
    assert all(line.problems is not None for line in report.consultations)


def test_chair_reads_the_report_in_every_locale(client, login, known):
    login("chair")
    for locale in LOCALES:
        response = client.get(f"/chair/annual?year={YEAR}&lang={locale}")
        assert response.status_code == 200, locale
        page = response.get_data(as_text=True)
        assert f"{YEAR}" in page
        assert '<td class="number">37</td>' in page


def test_report_downloads_are_pdf_and_xlsx_and_are_audit_logged(app, client, login, known):
    email = login("chair")
    for locale in LOCALES:
        response = client.get(f"/chair/annual/{YEAR}.pdf?lang={locale}")
        assert response.status_code == 200, locale
        assert response.data.startswith(b"%PDF")
    response = client.get(f"/chair/annual/{YEAR}.xlsx?lang=en")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    figures = workbook[f"Figures {YEAR}"]
    rows = list(figures.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kind", "Consultations held", "Comments received")
    assert rows[-1][0] == "All kinds"
    assert rows[-1][1:3] == (4, 9)
    assert rows[-1][9] == 37
    with app.app_context():
        entries = db.session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        logged = [(e.action, e.target, e.actor_id is not None) for e in entries]
    assert logged.count(("export.annual_report_pdf", f"annual:{YEAR}", True)) == len(LOCALES)
    assert ("export.annual_report_xlsx", f"annual:{YEAR}", True) in logged
    assert email


def test_a_year_without_consultations_is_not_found_for_download(client, login, known):
    login("chair")
    assert client.get("/chair/annual/1999.pdf").status_code == 404
    assert client.get("/chair/annual/1999.xlsx").status_code == 404
    # an unknown year on the page shows the latest year instead of failing
    assert client.get("/chair/annual?year=abc").status_code == 200


def test_only_the_chair_and_admins_read_the_report(client, login, known):
    assert client.get("/chair/annual").status_code in (302, 401)
    login("officer")
    assert client.get("/chair/annual").status_code == 403
    assert client.get(f"/chair/annual/{YEAR}.pdf").status_code == 403
