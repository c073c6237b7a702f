"""Albania's Law 146/2014 art. 15: 20 working days for every act, up to 40 for a complex one.
Marking a draft act complex permits the longer period; it never shortens the minimum."""

import datetime as dt

import pytest

from consult.core.models import Consultation
from consult.core.profiles import ALBANIA_146_2014, KOSOVO_MUNICIPAL, add_days
from consult.core.standards import ms_duration, ms_early_close

ALBANIA = ALBANIA_146_2014.standards()
OPENS = dt.date(2026, 11, 16)


def _lasting(working_days: int, complex_act: bool) -> Consultation:
    closes = add_days(OPENS, working_days, ALBANIA_146_2014)
    return Consultation(kind="draft_act", opens_at=OPENS, closes_at=closes, complex_act=complex_act)


@pytest.mark.parametrize(
    ("working_days", "complex_act", "blocked"),
    [
        (19, True, True),  # the minimum stays 20 for a complex act
        (20, False, False),
        (21, False, True),  # longer than 20 only for a complex act
        (21, True, False),
        (40, True, False),
        (41, True, True),  # never longer than 40
    ],
)
def test_a_complex_act_may_run_up_to_forty_working_days(working_days, complex_act, blocked):
    findings = ms_duration(_lasting(working_days, complex_act), ALBANIA)
    assert bool(findings) is blocked
    assert all(f.rule_id == "MS-DURATION" and f.overridable for f in findings)


def test_the_findings_say_which_period_applies(ctx):
    (ordinary,) = ms_duration(_lasting(21, False), ALBANIA)
    assert str(ordinary.message) == (
        "The written consultation lasts 21 working days; longer than 20 only a complex act "
        "may be consulted (up to 40)."
    )
    assert ordinary.due == add_days(OPENS, 20, ALBANIA_146_2014)
    (too_long,) = ms_duration(_lasting(41, True), ALBANIA)
    assert str(too_long.message) == (
        "The written consultation lasts 41 working days; a complex act may be consulted for "
        "at most 40."
    )
    assert too_long.due == add_days(OPENS, 40, ALBANIA_146_2014)


def test_a_profile_without_a_complex_period_has_no_upper_bound():
    long = Consultation(
        kind="draft_act",
        opens_at=OPENS,
        closes_at=OPENS + dt.timedelta(days=120),
        complex_act=False,
    )
    assert ms_duration(long, KOSOVO_MUNICIPAL.standards()) == []


def test_closing_early_says_working_days(ctx):
    consultation = _lasting(20, False)
    today = add_days(OPENS, 15, ALBANIA_146_2014)
    (finding,) = ms_early_close(consultation, today, ALBANIA)
    assert str(finding.message) == (
        "Closed 5 working days before the announced closing date: the written consultation "
        "lasted 15 working days; the minimum is 20."
    )
