"""Each standards profile counts its deadlines its own way, on real dates: Albania in working
days without its public holidays, Kosovo's profiles in calendar days as before, and Kosovo's
public holidays skipped where a profile counts working days."""

import datetime as dt
from dataclasses import replace

from consult.core.models import Consultation
from consult.core.profiles import (
    ALBANIA_146_2014,
    KOSOVO_CENTRAL,
    KOSOVO_MUNICIPAL,
    add_days,
    days_between,
)
from consult.core.standards import (
    bh_hearing_plan,
    ms_duration,
    ms_meeting_notice,
    ms_meeting_review,
    ms_notice,
    report_due,
)

ALBANIA = ALBANIA_146_2014.standards()
MUNICIPAL = KOSOVO_MUNICIPAL.standards()
CENTRAL = KOSOVO_CENTRAL.standards()
#: Kosovo's public holidays, working days: what a municipality's own profile may set
KOSOVO_WORKING = {**MUNICIPAL, "DAY_COUNT": "working", "HOLIDAY_COUNTRY": "XK"}

#: Monday 16 November 2026, the week before Albania's Alphabet Day (observed Monday 23rd)
ALBANIA_OPENS = dt.date(2026, 11, 16)
#: 20 working days counted by hand: 17-20 Nov (4); 23 Nov holiday; 24-27 Nov (8); 30 Nov and
#: 1 Dec are the observed Flag and Independence Day and Liberation Day; 2-4 Dec (11); 7 Dec
#: (12); 8 Dec National Youth Day; 9-11 Dec (15); 14-18 Dec (20)
ALBANIA_CLOSES = dt.date(2026, 12, 18)


def _consultation(opens: dt.date, closes: dt.date, **fields) -> Consultation:
    return Consultation(
        kind="draft_act", status="draft", opens_at=opens, closes_at=closes, **fields
    )


def test_albania_counts_twenty_working_days_past_its_public_holidays():
    assert add_days(ALBANIA_OPENS, 20, ALBANIA_146_2014) == ALBANIA_CLOSES
    assert days_between(ALBANIA_OPENS, ALBANIA_CLOSES, ALBANIA_146_2014) == 20
    assert days_between(ALBANIA_CLOSES, ALBANIA_OPENS, ALBANIA_146_2014) == -20


def test_albania_consultation_closing_a_working_day_early_is_blocked(ctx):
    early = _consultation(ALBANIA_OPENS, dt.date(2026, 12, 17))
    findings = ms_duration(early, ALBANIA)
    assert [(f.rule_id, f.severity, f.due) for f in findings] == [
        ("MS-DURATION", "block", ALBANIA_CLOSES)
    ]
    assert str(findings[0].message) == (
        "The written consultation lasts 19 working days; the minimum is 20."
    )
    assert ms_duration(_consultation(ALBANIA_OPENS, ALBANIA_CLOSES), ALBANIA) == []


def test_albania_report_and_meeting_deadlines_are_working_days():
    closed = _consultation(ALBANIA_OPENS, ALBANIA_CLOSES)
    # 15 working days after Friday 18 Dec: 21-24 Dec (4), 25 Dec Christmas, 28-31 Dec (8),
    # 1 and 2 Jan New Year, 5-8 Jan (12), 11-13 Jan (15)
    assert report_due(closed, ALBANIA) == dt.date(2027, 1, 13)
    # a meeting on Wednesday 2 Dec announced 7 working days ahead: back past 1 Dec and 30 Nov
    # (observed holidays), the weekend and 23 Nov: 27, 26, 25, 24, 20, 19, 18 Nov
    held = dt.date(2026, 12, 2)
    assert ms_meeting_notice(dt.date(2026, 11, 18), held, ALBANIA) == []
    late = ms_meeting_notice(dt.date(2026, 11, 19), held, ALBANIA)
    assert [(f.rule_id, f.due) for f in late] == [("MS-MEETING-NOTICE", dt.date(2026, 11, 18))]
    review = ms_meeting_review(held, dt.date(2026, 12, 3), 1, ALBANIA)
    # 15 working days after 2 Dec: 3-4 (2), 7 (3), 8 holiday, 9-11 (6), 14-18 (11), 21-24 (15)
    assert [f.due for f in review] == [dt.date(2026, 12, 24)]


def test_albania_hearing_plan_counts_notice_in_working_days(ctx):
    # planned Monday 7 Dec 2026, announced Friday 27 Nov: 30 Nov and 1 Dec are holidays, so
    # only 2, 3, 4 and 7 Dec count: 4 working days although 10 calendar days. Seven working
    # days ahead is 24 Nov: 4, 3, 2 Dec, then (past the holidays and the weekend) 27-24 Nov
    found = bh_hearing_plan(
        1, "Shkodër", dt.date(2026, 12, 7), dt.date(2026, 11, 27), dt.date(2027, 1, 1), 7, ALBANIA
    )
    assert [(f.rule_id, f.due) for f in found] == [("MS-MEETING-NOTICE", dt.date(2026, 11, 24))]
    assert "7 working days ahead" in str(found[0].message)
    calendar = bh_hearing_plan(
        1, "Istog", dt.date(2026, 12, 7), dt.date(2026, 11, 27), dt.date(2027, 1, 1), 7
    )
    assert calendar == []


def test_kosovo_working_days_skip_independence_day():
    profile = replace(KOSOVO_MUNICIPAL, day_count="working")
    # Monday 16 Feb 2026; Tuesday 17th is Independence Day
    assert add_days(dt.date(2026, 2, 16), 3, profile) == dt.date(2026, 2, 20)
    assert days_between(dt.date(2026, 2, 16), dt.date(2026, 2, 20), profile) == 3
    # a meeting on Thursday 19 Feb announced 7 working days ahead: 18, 16, 13, 12, 11, 10, 9
    assert add_days(dt.date(2026, 2, 19), -7, profile) == dt.date(2026, 2, 9)
    held = dt.date(2026, 2, 19)
    assert ms_meeting_notice(dt.date(2026, 2, 9), held, KOSOVO_WORKING) == []
    assert ms_meeting_notice(dt.date(2026, 2, 10), held, KOSOVO_WORKING)


def test_kosovo_municipal_counts_calendar_days_as_before(ctx):
    opens = dt.date(2026, 2, 16)
    assert ms_duration(_consultation(opens, dt.date(2026, 3, 3)), MUNICIPAL) == []
    short = ms_duration(_consultation(opens, dt.date(2026, 3, 2)), MUNICIPAL)
    assert [(f.severity, f.due) for f in short] == [("block", dt.date(2026, 3, 3))]
    assert str(short[0].message) == "The written consultation lasts 14 days; the minimum is 15."
    closed = _consultation(opens, dt.date(2026, 3, 3))
    assert report_due(closed, MUNICIPAL) == dt.date(2026, 3, 18)
    # a notice on the day before the opening is enough, holiday or not
    notice = _consultation(opens, dt.date(2026, 3, 3), notice_at=dt.date(2026, 2, 15))
    assert ms_notice(notice, MUNICIPAL) == []
    # the bare STANDARDS setting (no DAY_COUNT) counts calendar days too
    assert report_due(closed, {"MS_REPORT_DAYS": 15}) == dt.date(2026, 3, 18)


def test_kosovo_central_asks_fifteen_calendar_days():
    opens = dt.date(2026, 2, 16)
    assert CENTRAL["MS_DURATION_DAYS"] == 15 and CENTRAL["DAY_COUNT"] == "calendar"
    assert ms_duration(_consultation(opens, dt.date(2026, 3, 3)), CENTRAL) == []
    assert ms_duration(_consultation(opens, dt.date(2026, 3, 2)), CENTRAL)
