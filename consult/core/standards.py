"""The minimum consultation standards (STANDARDS.md) as pure functions returning findings.

Each rule takes plain values (a consultation, dates, counts) and the standards profile's numbers
(`consult.core.profiles.current_standards()`), and returns the findings it has about them;
nothing here touches the database. Days are counted the profile's way (`shift`, `days_from`):
calendar days, or working days without weekends and the country's public holidays; a dict
without DAY_COUNT (the bare `STANDARDS` setting) counts calendar days.
A finding of severity "block" refuses a lifecycle transition unless an officer records a reason
(rules in NOT_OVERRIDABLE cannot be overridden at all); "warn" flags a late or missing step;
"info" shows a due date. A "breach" is a block an officer went past with a reason: it is kept
on the consultation for ever (`consult.core.compliance`) and counts like any broken rule.
"""

import datetime as dt
from dataclasses import dataclass, replace

from consult.core.models import Consultation
from consult.core.profiles import count_days, shift_days
from consult.core.services import publication_gaps
from consult.i18n import LazyPlural
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l

SEVERITIES = ("breach", "block", "warn", "info")
#: the severities that say a minimum standard is broken (an "info" is only a due date)
BREACH_SEVERITIES = ("breach", "block", "warn")
#: rules whose block no reason can override: the announcement must be complete, with the
#: substance of its kind, and every comment must be answered before the report is published
NOT_OVERRIDABLE = frozenset(
    {
        "MS-ANNOUNCE",
        "MS-ANSWER",
        "LANG-ANSWER",
        "MS-TEXT",
        "MS-NOTE",
        "BH-DRAFT",
        "CP-PROJECTS",
        "SV-QUESTIONS",
    }
)


def _counting(standards: dict | None) -> tuple[str, str]:
    standards = standards or {}
    return standards.get("DAY_COUNT", "calendar"), standards.get("HOLIDAY_COUNTRY", "XK")


def counts_working_days(standards: dict | None) -> bool:
    """Whether the profile in `standards` counts working days."""
    return _counting(standards)[0] == "working"


def shift(day: dt.date, n: int, standards: dict | None) -> dt.date:
    """`n` of the profile's days after `day` (before it when negative): calendar days, or the
    n-th working day (`consult.core.profiles.shift_days`)."""
    return shift_days(day, n, *_counting(standards))


def days_from(a: dt.date, b: dt.date, standards: dict | None) -> int:
    """The profile's days from `a` to `b` (`consult.core.profiles.count_days`)."""
    return count_days(a, b, *_counting(standards))


def _in_days(standards: dict | None, calendar: LazyPlural, working: LazyPlural) -> LazyPlural:
    """The message in working days where the profile counts them, else in calendar days."""
    return working if counts_working_days(standards) else calendar


@dataclass(frozen=True)
class Finding:
    """What one rule says about a consultation: its id, how serious, why, and by when."""

    rule_id: str
    severity: str
    message: str
    due: dt.date | None = None
    #: for a recorded breach: the officer's reason and the audit-log entry of the override
    reason: str = ""
    audit_id: int | None = None
    #: the planned hearing of a budget hearing the finding is about (BH-CALENDAR and
    #: MS-MEETING-NOTICE on a hearing plan), so that the plan can flag it
    hearing_id: int | None = None

    @property
    def overridable(self) -> bool:
        """Whether an officer may go on despite this finding by recording a reason."""
        return self.rule_id not in NOT_OVERRIDABLE


def ms_plan(consultation: Consultation, in_plan: bool | None = None) -> list[Finding]:
    """MS-PLAN: a consultation should belong to a year's annual plan. `in_plan` says whether a
    plan entry is linked to it; when unknown, a planned year counts."""
    planned = consultation.planned_year is not None if in_plan is None else in_plan
    if not planned:
        return [Finding("MS-PLAN", "warn", _l("This consultation is not in an annual plan."))]
    return []


def ms_notice(consultation: Consultation, standards: dict | None = None) -> list[Finding]:
    """MS-NOTICE: the preliminary notice comes at least MS_NOTICE_DAYS days (default 1: any
    day before) before the written consultation opens."""
    if consultation.notice_at is None:
        return [Finding("MS-NOTICE", "block", _l("No preliminary notice date is set."))]
    minimum = (standards or {}).get("MS_NOTICE_DAYS", 1)
    if consultation.opens_at is None:
        return []
    actual = days_from(consultation.notice_at, consultation.opens_at, standards)
    if actual < max(minimum, 1):
        return [
            Finding(
                "MS-NOTICE",
                "block",
                _in_days(
                    standards,
                    _ln(
                        "The preliminary notice came %(actual)s day before the opening; the "
                        "minimum is %(minimum)s.",
                        "The preliminary notice came %(actual)s days before the opening; the "
                        "minimum is %(minimum)s.",
                        actual,
                        actual=actual,
                        minimum=max(minimum, 1),
                    ),
                    _ln(
                        "The preliminary notice came %(actual)s working day before the "
                        "opening; the minimum is %(minimum)s.",
                        "The preliminary notice came %(actual)s working days before the "
                        "opening; the minimum is %(minimum)s.",
                        actual,
                        actual=actual,
                        minimum=max(minimum, 1),
                    ),
                ),
                shift(consultation.opens_at, -max(minimum, 1), standards),
            )
        ]
    return []


def ms_announce(consultation: Consultation, official: list[str]) -> list[Finding]:
    """MS-ANNOUNCE: the announcement carries its texts in every language, contact and dates."""
    return [
        Finding("MS-ANNOUNCE", "block", gap.message)
        for gap in publication_gaps(consultation, official)
        if gap.field != "notice_at"  # MS-NOTICE says this one
    ]


def ms_duration(consultation: Consultation, standards: dict) -> list[Finding]:
    """MS-DURATION: the written consultation lasts at least MS_DURATION_DAYS days, and, in a
    profile with a longer period for complex acts (MS_COMPLEX_DAYS), no longer than that
    period for a draft act marked complex and no longer than MS_DURATION_DAYS otherwise.

    That is Albania's Law 146/2014 art. 15: comments are given within 20 working days of the
    notice of the consultation, and the public body may extend the period up to 40 working days
    by the complexity of the draft act. The minimum stays 20 for every act; marking the act
    complex permits the longer period, it does not require it. A longer period for another
    reason (the law's extension when comments raise new issues) needs an officer's reason."""
    days = standards["MS_DURATION_DAYS"]
    if consultation.opens_at is None or consultation.closes_at is None:
        return []
    earliest_close = shift(consultation.opens_at, days, standards)
    lasted = days_from(consultation.opens_at, consultation.closes_at, standards)
    if consultation.closes_at < earliest_close:
        message = _in_days(
            standards,
            _ln(
                "The written consultation lasts %(actual)s day; the minimum is %(days)s.",
                "The written consultation lasts %(actual)s days; the minimum is %(days)s.",
                lasted,
                actual=lasted,
                days=days,
            ),
            _ln(
                "The written consultation lasts %(actual)s working day; the minimum is %(days)s.",
                "The written consultation lasts %(actual)s working days; the minimum is %(days)s.",
                lasted,
                actual=lasted,
                days=days,
            ),
        )
        return [Finding("MS-DURATION", "block", message, earliest_close)]
    return _longest_period(consultation, lasted, standards)


def _longest_period(consultation: Consultation, lasted: int, standards: dict) -> list[Finding]:
    """MS-DURATION's upper bound where the profile has a period for complex acts."""
    longest = standards.get("MS_COMPLEX_DAYS") or 0
    if not longest:
        return []
    complex_act = bool(getattr(consultation, "complex_act", False))
    allowed = longest if complex_act else standards["MS_DURATION_DAYS"]
    if lasted <= allowed:
        return []
    if complex_act:
        message = _in_days(
            standards,
            _ln(
                "The written consultation lasts %(actual)s day; a complex act may be "
                "consulted for at most %(longest)s.",
                "The written consultation lasts %(actual)s days; a complex act may be "
                "consulted for at most %(longest)s.",
                lasted,
                actual=lasted,
                longest=longest,
            ),
            _ln(
                "The written consultation lasts %(actual)s working day; a complex act may be "
                "consulted for at most %(longest)s.",
                "The written consultation lasts %(actual)s working days; a complex act may be "
                "consulted for at most %(longest)s.",
                lasted,
                actual=lasted,
                longest=longest,
            ),
        )
    else:
        message = _in_days(
            standards,
            _ln(
                "The written consultation lasts %(actual)s day; longer than %(days)s only a "
                "complex act may be consulted (up to %(longest)s).",
                "The written consultation lasts %(actual)s days; longer than %(days)s only a "
                "complex act may be consulted (up to %(longest)s).",
                lasted,
                actual=lasted,
                days=standards["MS_DURATION_DAYS"],
                longest=longest,
            ),
            _ln(
                "The written consultation lasts %(actual)s working day; longer than %(days)s "
                "only a complex act may be consulted (up to %(longest)s).",
                "The written consultation lasts %(actual)s working days; longer than %(days)s "
                "only a complex act may be consulted (up to %(longest)s).",
                lasted,
                actual=lasted,
                days=standards["MS_DURATION_DAYS"],
                longest=longest,
            ),
        )
    latest_close = shift(consultation.opens_at, allowed, standards)
    return [Finding("MS-DURATION", "block", message, latest_close)]


def ms_early_close(consultation: Consultation, today: dt.date, standards: dict) -> list[Finding]:
    """MS-DURATION when closing on `today` before the announced closing date: people were told
    they had until then, so it needs a reason even when the minimum duration is still met."""
    announced = consultation.closes_at
    if announced is None or today >= announced:
        return []
    lasted = days_from(consultation.opens_at, today, standards) if consultation.opens_at else 0
    values = {
        "early": days_from(today, announced, standards),
        "actual": lasted,
        "days": standards["MS_DURATION_DAYS"],
    }
    if counts_working_days(standards):
        message = _l(
            "Closed %(early)s working days before the announced closing date: the written "
            "consultation lasted %(actual)s working days; the minimum is %(days)s.",
            **values,
        )
    else:
        message = _l(
            "Closed %(early)s days before the announced closing date: the written "
            "consultation lasted %(actual)s days; the minimum is %(days)s.",
            **values,
        )
    return [Finding("MS-DURATION", "block", message, announced)]


def report_due(consultation: Consultation, standards: dict) -> dt.date | None:
    """The day the final report is due: MS_REPORT_DAYS of the profile's days after closing."""
    if consultation.closes_at is None:
        return None
    return shift(consultation.closes_at, standards["MS_REPORT_DAYS"], standards)


def ms_report(consultation: Consultation, today: dt.date, standards: dict) -> list[Finding]:
    """MS-REPORT: the report is published within MS_REPORT_DAYS days of closing."""
    due = report_due(consultation, standards)
    if due is None:
        return []
    published = consultation.report_published_at
    if published is not None:
        if published > due:
            return [Finding("MS-REPORT", "warn", _l("The report was published late."), due)]
        return []
    if today > due:
        return [Finding("MS-REPORT", "warn", _l("The final report is overdue."), due)]
    return [Finding("MS-REPORT", "info", _l("The final report is due."), due)]


def ms_answer(unanswered: int) -> list[Finding]:
    """MS-ANSWER: every comment is answered, with a reason, before the report."""
    if unanswered > 0:
        return [
            Finding(
                "MS-ANSWER",
                "block",
                _l("Comments without an answer: %(count)s.", count=unanswered),
            )
        ]
    return []


def lang_answer(gaps: list) -> list[Finding]:
    """LANG-ANSWER: every answer (and budget change reason) is written in each official
    language and in the commenter's own before the report is published. `gaps` are the
    answers still lacking a language (`consult.core.answers.AnswerGap`, shown as
    "what: languages")."""
    if not gaps:
        return []
    return [
        Finding(
            "LANG-ANSWER",
            "block",
            _l(
                "Answers missing a language: %(count)s (%(answers)s). Complete them before "
                "publishing the report.",
                count=len(gaps),
                answers="; ".join(str(gap) for gap in gaps),
            ),
        )
    ]


def ms_answer_due(
    consultation: Consultation, unanswered: int, today: dt.date, standards: dict
) -> list[Finding]:
    """MS-ANSWER on a running consultation: comments may wait for their answer until the
    report is due (MS_REPORT_DAYS after closing); only after that do they break the rule."""
    if unanswered <= 0:
        return []
    due = report_due(consultation, standards)
    if due is not None and today > due:
        return [
            Finding(
                "MS-ANSWER",
                "warn",
                _l(
                    "Comments still without an answer after the deadline: %(count)s.",
                    count=unanswered,
                ),
                due,
            )
        ]
    return [
        Finding(
            "MS-ANSWER",
            "info",
            _l("Comments waiting for an answer: %(count)s.", count=unanswered),
            due,
        )
    ]


def ms_meeting_notice(
    announced_on: dt.date | None, held_on: dt.date, standards: dict
) -> list[Finding]:
    """MS-MEETING-NOTICE: a public meeting is announced MS_MEETING_NOTICE_DAYS days ahead."""
    days = standards["MS_MEETING_NOTICE_DAYS"]
    latest = shift(held_on, -days, standards)
    if announced_on is None or announced_on > latest:
        message = _in_days(
            standards,
            _ln(
                "The public meeting was announced less than %(days)s day ahead.",
                "The public meeting was announced less than %(days)s days ahead.",
                days,
                days=days,
            ),
            _ln(
                "The public meeting was announced less than %(days)s working day ahead.",
                "The public meeting was announced less than %(days)s working days ahead.",
                days,
                days=days,
            ),
        )
        return [Finding("MS-MEETING-NOTICE", "warn", message, latest)]
    return []


def ms_meeting_review(
    held_on: dt.date, today: dt.date, unanswered: int, standards: dict
) -> list[Finding]:
    """MS-MEETING-REVIEW: proposals raised at a meeting are reviewed within N days."""
    due = shift(held_on, standards["MS_MEETING_REVIEW_DAYS"], standards)
    if unanswered <= 0:
        return []
    if today > due:
        return [Finding("MS-MEETING-REVIEW", "warn", _l("Meeting proposals are overdue."), due)]
    return [Finding("MS-MEETING-REVIEW", "info", _l("Meeting proposals are due."), due)]


# ---------------------------------------------------------------- what each kind must carry


def ms_text(articles: int, drafts: int, notes: int, standards: dict) -> list[Finding]:
    """MS-TEXT and MS-NOTE: a draft act is announced only with its text, as articles or an
    attached draft document (MS_TEXT_REQUIRED), and an attached explanatory note
    (MS_NOTE_REQUIRED); 0 switches a rule off."""
    findings = []
    if standards.get("MS_TEXT_REQUIRED", 1) and not (articles or drafts):
        message = _l("The draft act has neither articles nor an attached draft document.")
        findings.append(Finding("MS-TEXT", "block", message))
    if standards.get("MS_NOTE_REQUIRED", 1) and not notes:
        findings.append(Finding("MS-NOTE", "block", _l("No explanatory note is attached.")))
    return findings


def cp_projects(count: int, standards: dict) -> list[Finding]:
    """CP-PROJECTS: a capital-projects poll is announced only with at least CP_MIN_PROJECTS
    candidate projects on its ballot (0 switches it off)."""
    minimum = standards.get("CP_MIN_PROJECTS", 2)
    if count >= minimum:
        return []
    message = _l(
        "Projects on the poll: %(count)s; at least %(minimum)s are needed.",
        count=count,
        minimum=minimum,
    )
    return [Finding("CP-PROJECTS", "block", message)]


def sv_questions(count: int, standards: dict) -> list[Finding]:
    """SV-QUESTIONS: a survey is announced only with at least SV_MIN_QUESTIONS questions
    besides the standard ones on the respondent (0 switches it off)."""
    minimum = standards.get("SV_MIN_QUESTIONS", 1)
    if count >= minimum:
        return []
    message = _l(
        "Questions in the survey, not counting gender, age band and local "
        "community: %(count)s; at least %(minimum)s are needed.",
        count=count,
        minimum=minimum,
    )
    return [Finding("SV-QUESTIONS", "block", message)]


# ---------------------------------------------------------------- budget hearings (BH-*)


def bh_draft(budget_year: int | None, lines: int, standards: dict) -> list[Finding]:
    """BH-DRAFT: a budget hearing is announced only with its draft budget imported (`lines` in
    the cycle of `budget_year`; None: no cycle yet). BH_DRAFT_REQUIRED 0 switches it off."""
    if not standards.get("BH_DRAFT_REQUIRED", 1) or lines:
        return []
    if budget_year is None:
        message = _l("The hearing has no budget year yet, so no draft budget is imported.")
    else:
        message = _l("The draft budget for %(year)s is not imported yet.", year=budget_year)
    return [Finding("BH-DRAFT", "block", message)]


def bh_calendar_due(
    milestones: list[tuple[object, dt.date]], today: dt.date, warning_days: int
) -> list[Finding]:
    """BH-CALENDAR: each milestone of the budget calendar (label, due date) that falls within
    `warning_days` from today."""
    return [
        Finding(
            "BH-CALENDAR", "warn", _l("Milestone due soon: %(milestone)s.", milestone=name), due
        )
        for name, due in milestones
        if 0 <= (due - today).days <= warning_days
    ]


def bh_hearing_plan(
    hearing_id: int,
    place: str,
    planned_on: dt.date,
    announced_on: dt.date | None,
    approval_due: dt.date,
    notice_days: int,
    standards: dict | None = None,
) -> list[Finding]:
    """BH-CALENDAR and MS-MEETING-NOTICE on one planned hearing: it is held before the Assembly
    approves the budget, and announced `notice_days` of the profile's days ahead (`standards`
    say how days are counted; calendar days without them)."""
    found = []
    if planned_on > approval_due:
        message = _l(
            "The hearing at %(place)s on %(day)s is planned after the Assembly approves "
            "the budget.",
            place=place,
            day=planned_on.isoformat(),
        )
        found.append(Finding("BH-CALENDAR", "block", message, approval_due, hearing_id=hearing_id))
    if announced_on and days_from(announced_on, planned_on, standards) < notice_days:
        message = _in_days(
            standards,
            _ln(
                "The hearing at %(place)s was announced fewer than %(days)s day ahead.",
                "The hearing at %(place)s was announced fewer than %(days)s days ahead.",
                notice_days,
                place=place,
                days=notice_days,
            ),
            _ln(
                "The hearing at %(place)s was announced fewer than %(days)s working day ahead.",
                "The hearing at %(place)s was announced fewer than %(days)s working days ahead.",
                notice_days,
                place=place,
                days=notice_days,
            ),
        )
        due = shift(planned_on, -notice_days, standards)
        found.append(Finding("MS-MEETING-NOTICE", "block", message, due, hearing_id=hearing_id))
    return found


def bh_meetings(planned: int, approval_due: dt.date, minimum: int) -> list[Finding]:
    """BH-MEETINGS: at least `minimum` hearings are planned before the approval date."""
    if planned >= minimum:
        return []
    message = _l(
        "Hearings planned before the approval date: %(count)s; at least %(minimum)s are required.",
        count=planned,
        minimum=minimum,
    )
    return [Finding("BH-MEETINGS", "warn", message, approval_due)]


def bh_gender_planned(women_planned: bool, approval_due: dt.date) -> list[Finding]:
    """BH-GENDER: a hearing for women is planned before the approval date."""
    if women_planned:
        return []
    message = _l("No women's hearing is planned before the approval date.")
    return [Finding("BH-GENDER", "warn", message, approval_due)]


def bh_gender_held(women_held: bool, approval_due: dt.date) -> list[Finding]:
    """BH-GENDER, once hearings have taken place: a hearing for women has been held."""
    if women_held:
        return []
    return [Finding("BH-GENDER", "warn", _l("No women's hearing has been held."), approval_due)]


def dates_findings(consultation: Consultation, standards: dict) -> list[Finding]:
    """The rules on a consultation's dates: the notice before the opening, the duration."""
    return [*ms_notice(consultation, standards), *ms_duration(consultation, standards)]


def transition_findings(
    consultation: Consultation,
    to_status: str,
    today: dt.date,
    standards: dict,
    official: list[str],
    unanswered: int = 0,
) -> list[Finding]:
    """The findings that decide whether `consultation` may move to `to_status` on `today`:
    opening is checked with the dates the step gives it, closing with the dates it had (see
    `consult.core.lifecycle.advance`)."""
    if to_status == "announced":
        return [*ms_announce(consultation, official), *dates_findings(consultation, standards)]
    if to_status == "open":
        return dates_findings(consultation, standards)
    if to_status == "closed":
        return ms_early_close(consultation, today, standards)
    if to_status == "reported":
        return ms_answer(unanswered)
    return []


def findings_for(
    consultation: Consultation,
    today: dt.date,
    standards: dict,
    official: list[str] | None = None,
    unanswered: int | None = None,
    in_plan: bool | None = None,
    recorded: list[Finding] | None = None,
) -> list[Finding]:
    """Every finding about `consultation` as it stands on `today`, most serious first.

    `recorded` are the breaches kept on the consultation (overrides with their reasons): a rule
    that has one is not checked again, the recorded breach says it. Once published, a date rule
    that is broken without a recorded reason is a warning (it can no longer block a step).
    """
    recorded = list(recorded or [])
    overridden = {finding.rule_id for finding in recorded}
    findings = [*recorded, *ms_plan(consultation, in_plan)]
    if consultation.status == "draft" and official is not None:
        findings += ms_announce(consultation, official)
    dates = dates_findings(consultation, standards)
    if consultation.status not in ("draft", "announced"):
        dates = [replace(f, severity="warn") for f in dates]
    findings += dates
    if consultation.status in ("closed", "reported") or (
        consultation.closes_at is not None and consultation.closes_at < today
    ):
        findings += ms_report(consultation, today, standards)
    if unanswered is not None and consultation.status != "draft":
        findings += ms_answer_due(consultation, unanswered, today, standards)
    findings = [f for f in findings if f.severity == "breach" or f.rule_id not in overridden]
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))
