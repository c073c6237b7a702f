"""The Council chair's dashboard: every consultation with its compliance and participation.

The dashboard knows only the core models. What the features know — the findings of the minimum
standards, how many people took part, where each report is read — reaches it from the
kinds registered on the app (`consult.core.kinds`): each kind answers for its own consultations.
The reports waiting for the chair come from the core's review (`consult.core.reviews`).


"""

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from consult.core import kinds, providers, reviews
from consult.core.models import CONSULTATION_STATUSES, Consultation, Directorate
from consult.core.services import stage_on
from consult.core.standards import BREACH_SEVERITIES, SEVERITIES, Finding
from consult.extensions import db

#: findings that count as a breach of a minimum standard (an "info" is only a due date; a
#: "breach" is a rule an officer went past with a reason)
PROBLEM_SEVERITIES = BREACH_SEVERITIES


@dataclass(frozen=True)
class DashboardFilter:
    """What the chair narrowed the dashboard to; None means every value."""

    year: int | None = None
    kind: str | None = None
    directorate_id: int | None = None
    status: str | None = None
    only_problems: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "DashboardFilter":
        """The filters in a query string; a value that is not one of the choices is ignored."""
        kind, status = args.get("kind"), args.get("status")
        return cls(
            year=number_from(args.get("year")),
            kind=kind if kind in kinds.kind_labels() else None,
            directorate_id=number_from(args.get("directorate")),
            status=status if status in CONSULTATION_STATUSES else None,
            only_problems=args.get("problems") == "1",
        )


def number_from(value: str | None) -> int | None:
    """A whole number of up to nine digits in a query string, or None."""
    if value and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None


@dataclass
class DashboardRow:
    """One consultation on the dashboard."""

    consultation: Consultation
    stage: str
    #: None when no registered provider checks this consultation
    findings: list[Finding] | None
    participation: dict[str, int]
    report: providers.ReportLink | None = None

    @property
    def is_open(self) -> bool:
        """Published, not closed by an officer, and inside its written-consultation dates."""
        return self.stage == "open"

    @property
    def problems(self) -> list[Finding]:
        """The findings that say a minimum standard was broken or is overdue."""
        return [f for f in self.findings or () if f.severity in PROBLEM_SEVERITIES]


@dataclass
class Dashboard:
    """Everything the chair's dashboard shows."""

    rows: list[DashboardRow]
    #: measure -> heading, in the order of the registered sources
    measures: dict[str, str]
    checks_standards: bool
    #: whether any feature links reports (the "Report" column is shown then)
    links_reports: bool
    #: the reports waiting for the chair's review, each with its due date
    awaiting_review: list[reviews.ReviewItem]
    #: (year counted in, kind) -> number of consultations, for every row before the problems
    #: filter (`Consultation.counted_year`)
    per_year_and_kind: Counter

    @property
    def years(self) -> list[int | None]:
        """The years in `per_year_and_kind`, newest first, a consultation without dates or
        plan last."""
        years = {year for year, _ in self.per_year_and_kind}
        return sorted(years, key=lambda year: (year is None, -(year or 0)))

    @property
    def open_now(self) -> int:
        """How many of the shown consultations are published and open today."""
        return sum(1 for row in self.rows if row.is_open)

    @property
    def with_problems(self) -> int:
        """How many of the shown consultations have a finding that breaks a standard."""
        return sum(1 for row in self.rows if row.problems)


def _query(filters: DashboardFilter) -> Select:
    statement = (
        select(Consultation)
        .outerjoin(Consultation.directorate)
        .options(contains_eager(Consultation.directorate))
    )
    if filters.year is not None:
        statement = statement.where(Consultation.counted_year == filters.year)
    if filters.kind:
        statement = statement.where(Consultation.kind == filters.kind)
    if filters.directorate_id is not None:
        statement = statement.where(Consultation.directorate_id == filters.directorate_id)
    if filters.status:
        statement = statement.where(Consultation.status == filters.status)
    return statement.order_by(
        Consultation.counted_year.desc().nulls_last(),
        Consultation.kind,
        Directorate.code,
        Consultation.opens_at,
        Consultation.id,
    )


def collect_findings(
    consultations: list[Consultation], today: dt.date, standards: dict
) -> dict[int, list[Finding]]:
    """Every registered kind's findings, most serious first, for the consultations their kind
    checked (one it left out is missing from the result: "not checked")."""
    found: dict[int, list[Finding]] = {}
    for kind, provider in kinds.hooks("findings"):
        mine = kinds.of_kind(consultations, kind)
        for consultation_id, findings in provider(mine, today, standards).items():
            found.setdefault(consultation_id, []).extend(findings)
    order = {severity: rank for rank, severity in enumerate(SEVERITIES)}
    for findings in found.values():
        findings.sort(key=lambda finding: order.get(finding.severity, len(order)))
    return found


def collect_participation(consultation_ids: list[int]) -> dict[int, dict[str, int]]:
    """Every registered kind's counts for these consultations, merged per consultation."""
    counts: dict[int, dict[str, int]] = {key: {} for key in consultation_ids}
    for _kind, source in kinds.hooks("participation"):
        for consultation_id, measures in source.count(consultation_ids).items():
            counts.setdefault(consultation_id, {}).update(measures)
    return counts


def participation_measures() -> dict[str, str]:
    """Measure -> column heading of every registered kind's participation measures."""
    measures: dict[str, str] = {}
    for _kind, source in kinds.hooks("participation"):
        measures.update(source.labels)
    return measures


def collect_reports(consultation_ids: list[int]) -> dict[int, providers.ReportLink]:
    """Each consultation's report link from the registered kinds."""
    links: dict[int, providers.ReportLink] = {}
    for _kind, provider in kinds.hooks("reports"):
        links.update(provider(consultation_ids))
    return links


def dashboard(
    filters: DashboardFilter,
    today: dt.date,
    standards: dict,
    review_days: int = reviews.DEFAULT_REVIEW_DAYS,
) -> Dashboard:
    """Every consultation matching `filters` with its stage, findings and participation, and
    the reports waiting for the chair's review (due `review_days` after they were sent)."""
    consultations = list(db.session.scalars(_query(filters)))
    findings = collect_findings(consultations, today, standards)
    ids = [c.id for c in consultations]
    participation, reports = collect_participation(ids), collect_reports(ids)
    rows = [
        DashboardRow(
            c,
            stage_on(c, today),
            findings.get(c.id),
            participation.get(c.id, {}),
            reports.get(c.id),
        )
        for c in consultations
    ]
    per_year_and_kind = Counter((c.counted_year, c.kind) for c in consultations)
    checks_standards = bool(kinds.hooks("findings"))
    if filters.only_problems and checks_standards:
        rows = [row for row in rows if row.problems]
    rows.sort(key=lambda row: not row.problems)  # breaches first, each group in its order
    return Dashboard(
        rows=rows,
        measures=participation_measures(),
        checks_standards=checks_standards,
        links_reports=bool(kinds.hooks("reports")),
        awaiting_review=reviews.waiting_for_chair(today, review_days),
        per_year_and_kind=per_year_and_kind,
    )


def dashboard_years() -> list[int]:
    """Every year a consultation counts in (`Consultation.counted_year`), newest first."""
    year = Consultation.counted_year
    query = select(year).where(year.is_not(None)).distinct().order_by(year.desc())
    return list(db.session.scalars(query))
