"""The hearing report of a budget cycle: data, HTML, PDF and XLSX, and its publication, which
sends it to the chair's review (`consult.core.reviews`).

The HTML page and the PDF render the same body template (hearings/_report_body.html); the XLSX
carries the same data. Attendance totals are summed from the meeting records, never typed in.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _

from consult.comments.models import Comment
from consult.core import reviews
from consult.core.compliance import DateMove, date_moves, recorded_findings
from consult.core.kinds import registry
from consult.core.labels import (
    BUDGET_CATEGORY_LABELS,
    HEARING_AUDIENCE_LABELS,
    HEARING_AUDIENCES,
    OUTCOME_LABELS,
)
from consult.core.models import Consultation
from consult.core.outreach import ChannelUse, channels_used
from consult.core.reports import Sheet, pdf_from_template, workbook_bytes
from consult.core.rule_names import rule_name
from consult.core.services import record_audit, stage_on
from consult.core.standards import bh_gender_held, findings_for
from consult.extensions import db
from consult.hearings import participation, services
from consult.hearings.models import (
    BudgetChange,
    BudgetLine,
    CapitalProposal,
    HearingAttendance,
    HearingCycle,
    HearingReport,
    InvitationLog,
    PlannedHearing,
)
from consult.i18n import lazy_text as _l
from consult.i18n import localize
from consult.meetings.models import Meeting
from consult.meetings.services import meeting_findings

GENDERS = ("women", "men", "other")


@dataclass
class HeldMeeting:
    """One held hearing: the plan entry, the core meeting and what was recorded at it."""

    hearing: PlannedHearing
    meeting: Meeting
    attendance: list[HearingAttendance]
    invitations: list[InvitationLog]
    comments: list[Comment]


@dataclass
class LineSection:
    """The comments on one budget line, or on the whole budget (line None)."""

    line: BudgetLine | None
    comments: list[Comment] = field(default_factory=list)


@dataclass
class HearingReportData:
    """Everything the hearing report shows."""

    consultation: Consultation
    cycle: HearingCycle
    today: dt.date
    held: list[HeldMeeting]
    not_held: list[PlannedHearing]
    by_gender: dict[str, int]
    by_audience: dict[str, dict[str, int]]
    sections: list[LineSection]
    comments: list[Comment]
    hidden: int
    proposals: list[CapitalProposal]
    changes: list[BudgetChange]
    findings: list
    publication: HearingReport | None
    outcomes: Counter
    #: confirmed comments (hidden ones too) by the commenter's gender, "not_given" without one,
    #: "not_recorded" for a comment from the floor of a meeting without one
    comments_by_gender: dict[str, int] = field(default_factory=dict)
    #: the dates moved after publication, by whom and why
    date_moves: list[DateMove] = field(default_factory=list)
    #: the channels the consultation's outreach log records, in the list's order
    outreach: list[ChannelUse] = field(default_factory=list)

    @property
    def website(self) -> ChannelUse | None:
        """The municipality's website in the outreach log, if used: the evidence the log gives
        of BH-PUBLISH (the proposed budget published on the municipal website)."""
        return next((use for use in self.outreach if use.channel == "website"), None)

    @property
    def attendance_total(self) -> int:
        return sum(self.by_gender.values())

    @property
    def unanswered(self) -> int:
        """Comments and proposals without an answer: the report cannot be published then."""
        return sum(1 for c in self.comments if c.outcome is None) + sum(
            1 for p in self.proposals if p.outcome is None
        )

    @property
    def published(self) -> bool:
        return self.publication is not None

    @property
    def received_on(self) -> dt.date | None:
        """The day the chair received the published report for the Assembly (all the public
        report says of the chair's review)."""
        receipt = reviews.receipt_of(self.consultation) if self.published else None
        return receipt.received_on if receipt else None


def publication_of(cycle: HearingCycle) -> HearingReport | None:
    """The cycle's published report record, if published."""
    return db.session.get(HearingReport, cycle.id)


def _findings(cycle: HearingCycle, held: list[HeldMeeting], today: dt.date, standards: dict):
    """The minimum-standards findings (consult.core.standards and core meeting rules) and the
    hearing flags (calendar, plan, BH-GENDER), most serious first."""
    unanswered = participation.unanswered(cycle)
    consultation = cycle.consultation
    recorded = recorded_findings([consultation.id]).get(consultation.id)
    found = findings_for(
        consultation, today, standards, unanswered=unanswered or None, recorded=recorded
    )
    for item in held:
        open_floor = sum(1 for c in item.comments if c.outcome is None)
        found += meeting_findings(item.meeting, today, standards, unanswered=open_floor)
    found += services.findings(
        cycle,
        today,
        notice_days=standards.get("MS_MEETING_NOTICE_DAYS", 7),
        meetings_per_year=standards.get("BH_MEETINGS_PER_YEAR", 2),
        standards=standards,
    )
    if any(h.planned_on <= today for h in cycle.hearings):
        women_held = any(item.hearing.audience == "women" for item in held)
        found += bh_gender_held(women_held, cycle.approval_due)
    order = ("block", "warn", "info")
    return sorted(found, key=lambda f: order.index(f.severity) if f.severity in order else 3)


def build_report(cycle: HearingCycle, today: dt.date, standards: dict) -> HearingReportData:
    """Collect the hearing report of `cycle` as it stands on `today`."""
    meetings = participation.held_meetings(cycle)
    comments = participation.comments_of(cycle)
    held = []
    for hearing in cycle.hearings:
        meeting = meetings.get(hearing.id)
        if meeting is None:
            continue
        held.append(
            HeldMeeting(
                hearing,
                meeting,
                participation.attendance_of(meeting),
                participation.invitations_of(meeting),
                [c for c in comments if c.meeting_id == meeting.id],
            )
        )
    by_gender = {
        "women": sum(h.meeting.attendance_women for h in held),
        "men": sum(h.meeting.attendance_men for h in held),
        "other": sum(h.meeting.attendance_other for h in held),
    }
    by_audience = {a: dict.fromkeys(GENDERS, 0) for a in HEARING_AUDIENCES}
    for item in held:
        for row in item.attendance:
            for gender in GENDERS:
                by_audience[row.audience][gender] += getattr(row, gender)
    sections: dict[int | None, LineSection] = {None: LineSection(None)}
    for line in services.lines_of(cycle):
        sections[line.id] = LineSection(line)
    for comment in comments:
        sections.setdefault(comment.line_id, LineSection(comment.line)).comments.append(comment)
    confirmed = participation.comments_of(cycle, visible_only=False)
    hidden = len(confirmed) - len(comments)
    return HearingReportData(
        consultation=cycle.consultation,
        cycle=cycle,
        today=today,
        held=held,
        not_held=[h for h in cycle.hearings if h.id not in meetings],
        by_gender=by_gender,
        by_audience={a: counts for a, counts in by_audience.items() if sum(counts.values())},
        sections=[s for s in sections.values() if s.comments],
        comments=comments,
        hidden=hidden,
        proposals=list(cycle.proposals),
        changes=services.changes_of(cycle),
        findings=_findings(cycle, held, today, standards),
        publication=publication_of(cycle),
        outcomes=Counter(
            [c.outcome for c in comments if c.outcome]
            + [p.outcome for p in cycle.proposals if p.outcome]
        ),
        comments_by_gender=participation.comments_by_gender(confirmed),
        date_moves=date_moves(cycle.consultation),
        outreach=channels_used([cycle.consultation.id]).get(cycle.consultation.id, []),
    )


def publish_report(
    cycle: HearingCycle, today: dt.date, standards: dict, actor_id: int | None = None
) -> HearingReport:
    """Publish the hearing report; refused while a comment or proposal is unanswered (MS-ANSWER)
    or before any hearing was held. It then waits for the chair's review."""
    if publication_of(cycle) is not None:
        raise services.HearingRefused(_l("The hearing report is published already."))
    report = build_report(cycle, today, standards)
    if report.unanswered:
        raise services.HearingRefused(
            _l(
                "Comments and proposals without an answer: %(count)s. Answer them all before "
                "publishing the report.",
                count=report.unanswered,
            )
        )
    gaps = participation.answer_gaps(cycle)
    if gaps:
        raise services.HearingRefused(
            _l(
                "%(rule)s (LANG-ANSWER): answers missing a language: %(count)s (%(answers)s). "
                "Complete them before publishing the report.",
                rule=rule_name("LANG-ANSWER"),
                count=len(gaps),
                answers="; ".join(str(gap) for gap in gaps),
            )
        )
    if not report.held:
        raise services.HearingRefused(_l("No hearing has been recorded as held yet."))
    if stage_on(cycle.consultation, today) != "closed":
        raise services.HearingRefused(
            _l("The hearing report is published once the consultation has closed.")
        )
    publication = HearingReport(cycle_id=cycle.id, published_on=today, published_by_id=actor_id)
    db.session.add(publication)
    consultation = cycle.consultation
    consultation.report_published_at = today
    if consultation.status == "closed":
        consultation.status = "reported"
    db.session.flush()
    record_audit("hearing.report_published", f"hearing_cycle:{cycle.id}", actor_id)
    reviews.submit(consultation, actor_id)
    # published from the report page, not by a lifecycle step: the people who asked to be
    # told and the subscribers hear of it all the same (each listener tells once)
    participation.notify_of_step(consultation, "reported")
    for listener in registry().step_listeners:
        listener(consultation, "reported")
    return publication


# ---------------------------------------------------------------- PDF and XLSX


def report_pdf(report: HearingReportData) -> bytes:
    """The report as a PDF: the HTML report's body template rendered by WeasyPrint."""
    return pdf_from_template("hearings/report_pdf.html", cache=True, report=report)


def _line_label(line: BudgetLine | None) -> str:
    if line is None:
        return _("The budget as a whole")
    category = str(BUDGET_CATEGORY_LABELS[line.category])
    programme = localize(line.programme_name).text
    return f"{localize(line.directorate.name).text} · {programme} · {category}"


def _poll_title(proposal: CapitalProposal) -> str:
    """The poll a proposal is a candidate in (its title once published), or nothing."""
    if proposal.forwarded_project is None:
        return ""
    poll_consultation = proposal.forwarded_project.poll.consultation
    if not poll_consultation.is_public:  # a poll in preparation is not named publicly yet
        return _("Candidate for the capital-projects poll")
    return localize(poll_consultation.title).text


def _outcome(value: str | None) -> str:
    return str(OUTCOME_LABELS[value]) if value else _("Not answered yet")


def report_xlsx(report: HearingReportData) -> bytes:
    """Meetings, attendance, comments, proposals, budget changes and findings as sheets."""
    audience = HEARING_AUDIENCE_LABELS
    meetings = Sheet(
        _("Meetings"),
        [
            _("Date"),
            _("Audience"),
            _("Local community"),
            _("Place"),
            _("Women"),
            _("Men"),
            _("Other"),
            _("Total"),
            _("Comments from the floor"),
            _("Invitations"),
        ],
        [
            [
                item.meeting.held_on,
                str(audience[item.hearing.audience]),
                localize(item.meeting.local_community.name).text
                if item.meeting.local_community
                else _("Whole municipality"),
                item.meeting.place,
                item.meeting.attendance_women,
                item.meeting.attendance_men,
                item.meeting.attendance_other,
                item.meeting.attendance,
                len(item.comments),
                len(item.invitations),
            ]
            for item in report.held
        ],
    )
    attendance = Sheet(
        _("Attendance"),
        [_("Audience"), _("Women"), _("Men"), _("Other"), _("Total")],
        [
            [str(audience[a]), c["women"], c["men"], c["other"], sum(c.values())]
            for a, c in report.by_audience.items()
        ]
        + [[_("Total"), *report.by_gender.values(), report.attendance_total]],
    )
    comments = Sheet(
        _("Comments"),
        [_("Budget line"), _("Raised"), _("Language"), _("Comment"), _("Answer"), _("Reason")],
        [
            [
                _line_label(section.line),
                _("At a hearing") if c.meeting_id else _("Online"),
                c.language,
                c.text,
                _outcome(c.outcome),
                localize(c.reason).text,
            ]
            for section in report.sections
            for c in section.comments
        ],
    )
    proposals = Sheet(
        _("Proposals"),
        [
            _("Title"),
            _("Local community"),
            _("Estimated cost (€)"),
            _("Answer"),
            _("Reason"),
            _("Capital-projects poll"),
        ],
        [
            [
                p.title,
                localize(p.local_community.name).text,
                p.estimated_cents / 100,
                _outcome(p.outcome),
                localize(p.reason).text,
                _poll_title(p),
            ]
            for p in report.proposals
        ],
    )
    genders = Sheet(
        _("Comments by gender"),
        [_("Gender"), _("Number")],
        [
            [str(participation.COMMENT_GENDER_LABELS[key]), count]
            for key, count in report.comments_by_gender.items()
        ],
    )
    changes = Sheet(
        _("Budget changes"),
        [_("Budget line"), _("Before (€)"), _("After (€)"), _("Change (€)"), _("Reason")],
        [
            [
                _line_label(ch.line),
                ch.before_cents / 100,
                ch.after_cents / 100,
                (ch.after_cents - ch.before_cents) / 100,
                localize(ch.reason).text,
            ]
            for ch in report.changes
        ],
    )
    outreach = Sheet(
        _("Outreach"),
        [
            _("Channel"),
            _("Times used"),
            _("First day"),
            _("Last day"),
            _("How many"),
            _("Local communities"),
        ],
        [
            [
                use.label,
                use.times,
                use.first,
                use.last,
                use.quantity,
                ", ".join(localize(c.name).text for c in use.communities),
            ]
            for use in report.outreach
        ],
    )
    findings = Sheet(
        _("Findings"),
        [_("Rule"), _("Severity"), _("Finding"), _("Due date")],
        [[f.rule_id, f.severity, str(f.message), f.due] for f in report.findings],
    )
    return workbook_bytes(
        [meetings, attendance, comments, proposals, genders, changes, findings, outreach]
    )


# ---------------------------------------------------------------- the report in the lifecycle
# (`consult.core.lifecycle`): the comments and proposals still without an answer block the
# "reported" step (MS-ANSWER); that step publishes the hearing report and sends it to the chair


def unanswered_in_hearing(consultation: Consultation) -> int:
    """Visible comments and proposals of the hearing cycle without an answer."""
    cycle = services.cycle_of(consultation)
    return participation.unanswered(cycle) if cycle else 0


def answer_gaps_in_hearing(consultation: Consultation) -> list:
    """Answers and change reasons of the hearing cycle lacking a language (LANG-ANSWER)."""
    cycle = services.cycle_of(consultation)
    return participation.answer_gaps(cycle) if cycle else []


def after_step(consultation: Consultation, to_status: str) -> None:
    """The kind's step hook: the commenters and proposers who asked to be told hear that the
    hearing closed, and that its report is published (once: publishing it from the report
    page told them already)."""
    if to_status == "closed":
        participation.notify_of_step(consultation, "closed")
    elif to_status == "reported" and publish_on_reported(consultation, to_status):
        participation.notify_of_step(consultation, "reported")


def publish_on_reported(consultation: Consultation, to_status: str) -> bool:
    """The lifecycle's "reported" step publishes the hearing report if it is not yet, and
    sends it to the chair's review; whether it published it now."""
    if to_status != "reported":
        return False
    cycle = services.cycle_of(consultation)
    if cycle is None or db.session.get(HearingReport, cycle.id) is not None:
        return False
    published = consultation.report_published_at or dt.date.today()
    db.session.add(HearingReport(cycle_id=cycle.id, published_on=published))
    db.session.flush()
    reviews.submit(consultation)
    return True
