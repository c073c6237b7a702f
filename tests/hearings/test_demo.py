"""Istog's budget cycles in the demo (this year's open, last year's finished), and their pages
in every locale."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import Consultation
from consult.extensions import db
from consult.hearings import services
from consult.hearings.demo import open_budget_year
from consult.i18n import LOCALES


def _demo_cycle(app, runner, status: str = "open") -> int:
    """Seed the demo; the budget-hearing consultation of `status` (open: this year's cycle,
    reported: last year's)."""
    runner.invoke(args=["seed-demo"])
    with app.test_request_context("/?lang=en"):
        consultation = db.session.scalar(
            select(Consultation).where(
                Consultation.kind == "budget_hearing", Consultation.status == status
            )
        )
        return consultation.id


def test_the_demo_cycle_has_a_realistic_budget_seven_hearings_and_answered_proposals(app, runner):
    consultation_id = _demo_cycle(app, runner)
    today = dt.date.today()
    with app.test_request_context("/?lang=en"):
        cycle = services.cycle_of(db.session.get(Consultation, consultation_id))
        assert cycle.budget_year == open_budget_year(today)
        assert cycle.approval_due == dt.date(cycle.budget_year - 1, 9, 30) >= today
        total = services.grand_total(cycle)
        assert 17_000_000_00 <= total.proposed_cents <= 19_000_000_00
        by_directorate = services.totals_by_directorate(cycle)
        assert len(by_directorate) == 13
        assert [d.code for d, _ in by_directorate[:2]] == ["EDU", "HEA"]
        assert {h.audience for h in cycle.hearings} == {
            "general",
            "village_council",
            "business",
            "professional",
            "youth",
            "disability",
            "women",
        }
        found = services.findings(cycle, today)
        assert not [f for f in found if f.severity == "block"]
        assert sum(1 for p in cycle.proposals if p.outcome) == 2
        assert all(p.reason.get("sq") for p in cycle.proposals if p.outcome)
        past = services.cycle_of(
            db.session.scalar(
                select(Consultation).where(
                    Consultation.kind == "budget_hearing", Consultation.status == "reported"
                )
            )
        )
        assert past.budget_year == cycle.budget_year - 1
        assert len(services.changes_of(past)) == 3
        assert all(p.outcome for p in past.proposals)


def test_the_demo_hearing_pages_render_in_every_locale(app, client, runner, login):
    consultation_id = _demo_cycle(app, runner)
    for locale in LOCALES:
        for url in (
            f"/consultations/{consultation_id}",
            f"/hearings/{consultation_id}/budget",
            f"/hearings/{consultation_id}/budget.csv",
            f"/hearings/{consultation_id}/budget.xlsx",
        ):
            assert client.get(f"{url}?lang={locale}").status_code == 200, (url, locale)
    login("officer")
    for url in (
        f"/manage/consultations/{consultation_id}",
        f"/manage/hearings/{consultation_id}/",
        f"/manage/hearings/{consultation_id}/proposals",
        f"/manage/hearings/{consultation_id}/changes",
    ):
        assert client.get(f"{url}?lang=sr").status_code == 200, url


def test_the_demo_hearings_are_held_with_attendance_invitations_and_answered_floor_comments(
    app, client, runner, login
):
    from consult.hearings import participation
    from consult.hearings import report as hearing_report
    from consult.meetings.models import Meeting

    consultation_id = _demo_cycle(app, runner, "reported")
    with app.test_request_context("/?lang=en"):
        cycle = services.cycle_of(db.session.get(Consultation, consultation_id))
        held = participation.held_meetings(cycle)
        held = {hearing_id: meeting.id for hearing_id, meeting in held.items()}
        assert len(held) == 7
        report = hearing_report.build_report(cycle, dt.date.today(), app.config["STANDARDS"])
        meetings = db.session.scalars(
            select(Meeting).where(Meeting.consultation_id == consultation_id)
        ).all()
        assert report.by_gender["women"] == sum(m.attendance_women for m in meetings) > 0
        women = next(item for item in report.held if item.hearing.audience == "women")
        assert {i.invitee_kind for i in women.invitations} == {
            "gender_officer",
            "womens_organisation",
        }
        floor = [c for c in report.comments if c.meeting_id]
        assert len(floor) == 10 and all(c.outcome for c in floor)
        assert services.coverage(cycle).audiences_held == 7
    login("officer")
    for locale in LOCALES:
        url = f"/hearings/{consultation_id}/report?lang={locale}"
        assert client.get(url).status_code == 200, locale
    assert client.get(f"/hearings/{consultation_id}/report.pdf?lang=sr").data.startswith(b"%PDF")
    assert client.get(f"/manage/hearings/{consultation_id}/comments?lang=bs").status_code == 200
    first = min(held)
    page = client.get(f"/manage/hearings/{consultation_id}/held/{first}?lang=sq")
    assert page.status_code == 200
