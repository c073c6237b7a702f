"""Each minimum-standards rule flags or blocks exactly at its boundary (N-1, N, N+1 days)."""

import datetime as dt

import pytest

from config import Config
from consult.core.lifecycle import step_dates
from consult.core.models import Consultation
from consult.core.standards import (
    Finding,
    findings_for,
    ms_answer,
    ms_duration,
    ms_meeting_notice,
    ms_meeting_review,
    ms_notice,
    ms_plan,
    ms_report,
    transition_findings,
)

STANDARDS = Config.STANDARDS
OPENS = dt.date(2026, 3, 1)


def _consultation(**fields) -> Consultation:
    values = {
        "kind": "draft_act",
        "status": "draft",
        "planned_year": 2026,
        "notice_at": OPENS - dt.timedelta(days=10),
        "opens_at": OPENS,
        "closes_at": OPENS + dt.timedelta(days=20),
    }
    values.update(fields)
    return Consultation(**values)


def _rules(findings) -> list[tuple[str, str]]:
    return [(f.rule_id, f.severity) for f in findings]


@pytest.mark.parametrize(
    ("days", "blocked"), [(STANDARDS["MS_DURATION_DAYS"] - 1, True), (15, False), (16, False)]
)
def test_duration_blocks_a_consultation_shorter_than_n_days(ctx, days, blocked):
    consultation = _consultation(closes_at=OPENS + dt.timedelta(days=days))
    findings = ms_duration(consultation, STANDARDS)
    assert bool(findings) is blocked
    if blocked:
        assert _rules(findings) == [("MS-DURATION", "block")]
        assert findings[0].due == OPENS + dt.timedelta(days=15)
        assert "lasts 14 days; the minimum is 15" in str(findings[0].message)


def test_duration_follows_the_configured_number(ctx):
    consultation = _consultation(closes_at=OPENS + dt.timedelta(days=20))
    assert ms_duration(consultation, {**STANDARDS, "MS_DURATION_DAYS": 21})
    assert not ms_duration(consultation, {**STANDARDS, "MS_DURATION_DAYS": 20})


@pytest.mark.parametrize(("offset", "blocked"), [(-1, False), (0, True), (1, True)])
def test_notice_must_come_before_the_opening_day(ctx, offset, blocked):
    consultation = _consultation(notice_at=OPENS + dt.timedelta(days=offset))
    assert bool(ms_notice(consultation)) is blocked


def test_missing_notice_blocks(ctx):
    assert _rules(ms_notice(_consultation(notice_at=None))) == [("MS-NOTICE", "block")]


@pytest.mark.parametrize(("after_due", "severity"), [(-1, "info"), (0, "info"), (1, "warn")])
def test_report_is_flagged_late_the_day_after_it_is_due(ctx, after_due, severity):
    consultation = _consultation(status="closed")
    due = consultation.closes_at + dt.timedelta(days=STANDARDS["MS_REPORT_DAYS"])
    findings = ms_report(consultation, due + dt.timedelta(days=after_due), STANDARDS)
    assert _rules(findings) == [("MS-REPORT", severity)]
    assert findings[0].due == due


@pytest.mark.parametrize(("after_due", "late"), [(-1, False), (0, False), (1, True)])
def test_a_published_report_is_flagged_only_when_published_late(ctx, after_due, late):
    consultation = _consultation(status="reported")
    due = consultation.closes_at + dt.timedelta(days=15)
    consultation.report_published_at = due + dt.timedelta(days=after_due)
    findings = ms_report(consultation, due + dt.timedelta(days=100), STANDARDS)
    assert _rules(findings) == ([("MS-REPORT", "warn")] if late else [])


def test_unanswered_comments_block_the_report(ctx):
    assert _rules(ms_answer(2)) == [("MS-ANSWER", "block")]
    assert ms_answer(0) == []
    assert not ms_answer(1)[0].overridable


@pytest.mark.parametrize(("days_ahead", "flagged"), [(6, True), (7, False), (8, False)])
def test_meeting_announced_less_than_n_days_ahead_is_flagged(ctx, days_ahead, flagged):
    held = dt.date(2026, 5, 20)
    findings = ms_meeting_notice(held - dt.timedelta(days=days_ahead), held, STANDARDS)
    assert bool(findings) is flagged


@pytest.mark.parametrize(("after_due", "severity"), [(-1, "info"), (0, "info"), (1, "warn")])
def test_meeting_proposals_are_overdue_after_n_days(ctx, after_due, severity):
    held = dt.date(2026, 5, 20)
    today = held + dt.timedelta(days=15 + after_due)
    assert _rules(ms_meeting_review(held, today, 1, STANDARDS)) == [("MS-MEETING-REVIEW", severity)]
    assert ms_meeting_review(held, today, 0, STANDARDS) == []


def test_unplanned_consultation_is_flagged(ctx):
    assert _rules(ms_plan(_consultation(planned_year=None))) == [("MS-PLAN", "warn")]


def test_a_consultation_without_a_plan_entry_is_flagged_even_with_a_year(ctx):
    assert _rules(ms_plan(_consultation(), in_plan=False)) == [("MS-PLAN", "warn")]
    assert ms_plan(_consultation(planned_year=None), in_plan=True) == []


def test_findings_for_lists_blocks_first(ctx):
    consultation = _consultation(planned_year=None, closes_at=OPENS + dt.timedelta(days=3))
    findings = findings_for(consultation, OPENS, STANDARDS)
    assert _rules(findings) == [("MS-DURATION", "block"), ("MS-PLAN", "warn")]


def test_closing_early_is_a_block_until_the_closing_day(ctx):
    """Closing before the announced date needs a reason; the step moves the closing date to
    the day it closes."""
    consultation = _consultation(status="open")
    closes = consultation.closes_at
    for offset, blocked in ((-1, True), (0, False), (1, False)):
        day = closes + dt.timedelta(days=offset)
        moved = step_dates(consultation, "closed", day)
        assert moved == ({"closes_at": day} if offset < 0 else {})
        findings = transition_findings(consultation, "closed", day, STANDARDS, ["sq"])
        assert bool(findings) is blocked


def test_unanswered_comments_break_ms_answer_only_after_the_answer_deadline(ctx):
    """An open consultation, or one closed less than MS_REPORT_DAYS ago, may still answer its
    comments: only a closed one past its report's due date breaks MS-ANSWER."""
    running = _consultation(status="open")
    assert _rules(findings_for(running, OPENS + dt.timedelta(days=3), STANDARDS, unanswered=4)) == [
        ("MS-ANSWER", "info")
    ]
    closed = _consultation(status="closed", report_published_at=None)
    due = closed.closes_at + dt.timedelta(days=STANDARDS["MS_REPORT_DAYS"])
    on_time = findings_for(closed, due, STANDARDS, unanswered=4)
    assert ("MS-ANSWER", "info") in _rules(on_time)
    late = findings_for(closed, due + dt.timedelta(days=1), STANDARDS, unanswered=4)
    assert ("MS-ANSWER", "warn") in _rules(late)
    answered = findings_for(closed, due, STANDARDS, unanswered=0)
    assert "MS-ANSWER" not in {f.rule_id for f in answered}


def test_notice_days_are_configurable(ctx):
    consultation = _consultation(notice_at=OPENS - dt.timedelta(days=10))
    assert ms_notice(consultation, {**STANDARDS, "MS_NOTICE_DAYS": 10}) == []
    found = ms_notice(consultation, {**STANDARDS, "MS_NOTICE_DAYS": 11})
    assert _rules(found) == [("MS-NOTICE", "block")]
    assert "10 days before the opening; the minimum is 11" in str(found[0].message)


def test_a_recorded_breach_replaces_the_live_finding_of_its_rule(ctx):
    consultation = _consultation(status="open", closes_at=OPENS + dt.timedelta(days=5))
    live = findings_for(consultation, OPENS, STANDARDS)
    assert ("MS-DURATION", "warn") in _rules(live)  # published: no longer blocks, still a breach
    recorded = Finding("MS-DURATION", "breach", "Overridden", reason="why", audit_id=7)
    both = findings_for(consultation, OPENS, STANDARDS, recorded=[recorded])
    assert _rules(both)[0] == ("MS-DURATION", "breach")
    assert [f.rule_id for f in both].count("MS-DURATION") == 1
