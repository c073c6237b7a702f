"""The annual consultation report (MS-ANNUAL): for one year, the consultations held by kind,
comments received and how they were answered, meetings held, participants and how many
consultations met every minimum standard. HTML, PDF (WeasyPrint) and XLSX (openpyxl) carry the
same figures in the reader's language.

A consultation counts in the year it ran (`consult.core.models.Consultation.counted_year`): the
year its written consultation closed (one that spans two years counts in the year it closed),
else the year it opened, else the year of its annual plan. The report shows the plan year beside
each consultation and says when one spanned two years. Only published consultations count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.analytics.charts import Chart, bar_chart, svg_bars
from consult.analytics.frames import Table
from consult.chair.participation import meetings_held, participation
from consult.chair.services import PROBLEM_SEVERITIES, collect_findings
from consult.core.kinds import hooks, kind_labels
from consult.core.labels import OUTCOMES, OUTREACH_CHANNEL_LABELS, STATUS_LABELS
from consult.core.models import Consultation, consultation_year
from consult.core.outreach import ChannelUse, channels_used, consultations_per_channel
from consult.core.reports import Sheet, pdf_from_template, workbook_bytes
from consult.core.rule_names import rule_name
from consult.core.standards import Finding
from consult.extensions import db
from consult.i18n import localize


@dataclass
class KindFigures:
    """The year's figures for one kind of consultation (or, with kind "", all kinds)."""

    kind: str
    consultations: int = 0
    comments: int = 0
    accepted: int = 0
    partly_accepted: int = 0
    rejected: int = 0
    meetings: int = 0
    attendance: int = 0
    participants: int = 0
    #: consultations some provider checked against the minimum standards
    checked: int = 0
    #: of those, the ones with no finding that breaks a standard
    compliant: int = 0

    @property
    def unanswered(self) -> int:
        """Comments received and not answered yet."""
        return self.comments - self.accepted - self.partly_accepted - self.rejected

    @property
    def label(self) -> str:
        return str(kind_labels()[self.kind]) if self.kind else _("All kinds")


@dataclass
class ConsultationLine:
    """One consultation of the year with the findings that break a standard."""

    consultation: Consultation
    #: None when no provider checked it
    problems: list[Finding] | None
    #: the channels its outreach log records
    channels: list[ChannelUse] = field(default_factory=list)

    @property
    def channel_names(self) -> str:
        """The channels used, by name ("" for none)."""
        return ", ".join(use.label for use in self.channels)

    @property
    def plan_year(self) -> str:
        """The year of the annual plan the consultation is in, or "Not in a plan"."""
        planned = self.consultation.planned_year
        return str(planned) if planned is not None else _("Not in a plan")

    @property
    def year_note(self) -> str:
        """Why the consultation counts in its year, when that is not plain: it spanned two
        years, it has no closing date, or it has no dates at all ("" otherwise)."""
        c = self.consultation
        if c.spans_years:
            return _(
                "Opened in %(opened)s, counted in %(closed)s, the year it closed.",
                opened=c.opens_at.year,
                closed=c.closes_at.year,
            )
        if c.closes_at is None and c.opens_at is not None:
            return _("No closing date: counted in the year it opened.")
        if c.closes_at is None:
            return _("No dates: counted in the year of its annual plan.")
        return ""


@dataclass
class AnnualReport:
    """Everything the annual consultation report shows."""

    year: int
    today: dt.date
    kinds: list[KindFigures]
    total: KindFigures
    consultations: list[ConsultationLine] = field(default_factory=list)
    #: rule id -> consultations breaking it
    breaches: Counter = field(default_factory=Counter)
    #: channel -> consultations whose outreach log records it (every channel, 0 included)
    outreach: dict[str, int] = field(default_factory=dict)

    @property
    def compliance_rate(self) -> float | None:
        """Share (0..100) of checked consultations without a breach; None if none was checked."""
        if not self.total.checked:
            return None
        return round(100 * self.total.compliant / self.total.checked, 1)


def report_years(today: dt.date) -> list[int]:
    """Every year a published consultation counts in, newest first (this year if there is
    none)."""
    query = (
        select(consultation_year())
        .where(Consultation.is_public, consultation_year().is_not(None))
        .distinct()
    )
    years = sorted({int(y) for y in db.session.scalars(query)}, reverse=True)
    return years or [today.year]


def consultations_of(year: int) -> list[Consultation]:
    """The published consultations of `year`, by kind and id."""
    query = (
        select(Consultation)
        .where(Consultation.is_public, consultation_year() == year)
        .options(selectinload(Consultation.directorate))
        .order_by(Consultation.kind, Consultation.id)
    )
    return list(db.session.scalars(query))


def comment_outcomes(year: int) -> Counter:
    """(kind, outcome or None) -> comments received: confirmed, visible comments on draft acts
    and on draft budgets of the year's published consultations (counted by those features)."""
    found: Counter = Counter()
    for _kind, provider in hooks("outcomes"):
        found.update(provider(year))
    return found


def annual_report(year: int, today: dt.date, standards: dict) -> AnnualReport:
    """The annual consultation report of `year` as it stands on `today`."""
    consultations = consultations_of(year)
    findings = collect_findings(consultations, today, standards)
    figures = {kind: KindFigures(kind) for kind in kind_labels()}
    lines, breaches = [], Counter()
    ids = [consultation.id for consultation in consultations]
    channels = channels_used(ids)
    for consultation in consultations:
        item = figures[consultation.kind]
        item.consultations += 1
        checked = findings.get(consultation.id)
        problems = None
        if checked is not None:
            problems = [f for f in checked if f.severity in PROBLEM_SEVERITIES]
            item.checked += 1
            item.compliant += not problems
            breaches.update({f.rule_id for f in problems})
        lines.append(ConsultationLine(consultation, problems, channels.get(consultation.id, [])))
    for (kind, outcome), number in comment_outcomes(year).items():
        figures[kind].comments += number
        if outcome in OUTCOMES:
            setattr(figures[kind], outcome, getattr(figures[kind], outcome) + number)
    for (line_year, kind), (meetings, people) in meetings_held(today).items():
        if line_year == year:
            figures[kind].meetings, figures[kind].attendance = meetings, people
    for (line_year, kind), people in participation(today).participants.items():
        if line_year == year:
            figures[kind].participants = people
    kinds = list(figures.values())
    return AnnualReport(
        year=year,
        today=today,
        kinds=kinds,
        total=_sum(kinds),
        consultations=lines,
        breaches=Counter(dict(sorted(breaches.items()))),
        outreach=consultations_per_channel(ids),
    )


def outreach_table(report: AnnualReport) -> Table:
    """The consultations of the year that used each channel, by the outreach log."""
    return Table(
        # no year in the caption: the table's id is made from it, and the report names its year
        _("Consultations of the year that used each channel"),
        [_("Channel"), _("Consultations")],
        [[str(OUTREACH_CHANNEL_LABELS[c]), n] for c, n in report.outreach.items()],
    )


def outreach_chart(report: AnnualReport) -> Chart | None:
    """Bars of `outreach_table` for the page (none when no channel was used)."""
    if not any(report.outreach.values()):
        return None
    table = outreach_table(report)
    return bar_chart(
        [row[0] for row in table.rows],
        [row[1] for row in table.rows],
        table.caption,
        _("Consultations"),
    )


def outreach_svg(report: AnnualReport):
    """The same bars drawn as SVG, for the PDF."""
    if not any(report.outreach.values()):
        return ""
    table = outreach_table(report)
    return svg_bars([row[0] for row in table.rows], [row[1] for row in table.rows])


def _sum(kinds: list[KindFigures]) -> KindFigures:
    total = KindFigures("")
    for item in fields(KindFigures):
        if item.name != "kind":
            setattr(total, item.name, sum(getattr(k, item.name) for k in kinds))
    return total


# --- PDF and XLSX ----------------------------------------------------------------------------


def report_pdf(report: AnnualReport) -> bytes:
    """The report as a PDF: the HTML page's body template printed by WeasyPrint."""
    return pdf_from_template(
        "chair/annual_pdf.html",
        cache=True,
        report=report,
        figure_headers=figure_headers,
        figure_row=figure_row,
        outreach_table=outreach_table(report),
        outreach_svg=outreach_svg(report),
    )


def figure_headers() -> list[str]:
    """The column headings of the table of figures by kind."""
    return [
        _("Kind"),
        _("Consultations held"),
        _("Comments received"),
        _("Accepted"),
        _("Partly accepted"),
        _("Rejected"),
        _("Not answered yet"),
        _("Meetings held"),
        _("People at meetings"),
        _("Participants"),
        _("Checked against the standards"),
        _("Meeting every standard"),
    ]


def figure_row(item: KindFigures) -> list:
    """One row of the table of figures."""
    return [
        item.label,
        item.consultations,
        item.comments,
        item.accepted,
        item.partly_accepted,
        item.rejected,
        item.unanswered,
        item.meetings,
        item.attendance,
        item.participants,
        item.checked,
        item.compliant,
    ]


def report_xlsx(report: AnnualReport) -> bytes:
    """The figures by kind, every consultation with its breaches, and the breaches by rule."""
    figures = Sheet(
        _("Figures %(year)s", year=report.year),
        figure_headers(),
        [figure_row(item) for item in [*report.kinds, report.total]],
        widths=(28, *([14] * 11)),
    )
    consultations = Sheet(
        _("Consultations"),
        [
            _("Kind"),
            _("Directorate"),
            _("Title"),
            _("Status"),
            _("Opens on"),
            _("Closes on"),
            _("Plan year"),
            _("Note on the year"),
            _("Minimum standards"),
            _("Channels used"),
        ],
        [_consultation_row(line) for line in report.consultations],
        widths=(20, 12, 60, 18, 12, 12, 14, 40, 40, 40),
    )
    channels = outreach_table(report)
    outreach = Sheet(_("Outreach channels"), channels.columns, channels.rows, widths=(40, 16))
    breaches = Sheet(
        _("Minimum standards"),
        [_("Rule"), _("Reference"), _("Consultations breaking it")],
        [[rule_name(rule), rule, number] for rule, number in report.breaches.items()],
        widths=(36, 22, 26),
    )
    return workbook_bytes([figures, consultations, breaches, outreach])


def _consultation_row(line: ConsultationLine) -> list:
    c = line.consultation
    if line.problems is None:
        standards = _("Not checked")
    else:
        standards = ", ".join(f"{rule_name(f.rule_id)} ({f.rule_id})" for f in line.problems) or _(
            "No finding"
        )
    return [
        str(kind_labels()[c.kind]),
        localize(c.directorate.name).text if c.directorate else "",
        localize(c.title).text,
        str(STATUS_LABELS[c.status]),
        c.opens_at,
        c.closes_at,
        c.planned_year if c.planned_year is not None else line.plan_year,
        line.year_note or None,
        standards,
        line.channel_names or None,
    ]
