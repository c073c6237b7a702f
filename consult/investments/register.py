"""The public register of capital investments: the records by year, local community and status,
their totals, the figures of its chart and table, and its downloads (CSV and XLSX).

A record counts in every year it runs over (a project of 2024–2026 is in the register of 2025);
the totals by year count it in the year it starts, so that no amount is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from consult.core.models import LocalCommunity
from consult.core.money import ExactAmount
from consult.core.reports import Sheet, csv_bytes, workbook_bytes
from consult.extensions import db
from consult.i18n import localize
from consult.investments.labels import INVESTMENT_STATUS_LABELS
from consult.investments.models import FIRST_YEAR, INVESTMENT_STATUSES, LAST_YEAR, Investment

#: the key of the records that are for the whole municipality, in the local-community filter
MUNICIPALITY_WIDE = "all"


@dataclass(frozen=True)
class RegisterFilter:
    """What the reader narrowed the register to (None: everything)."""

    year: int | None = None
    #: a local community's id, or MUNICIPALITY_WIDE
    local_community: int | str | None = None
    status: str | None = None

    def args(self) -> dict:
        """The filters as query arguments (for the download links)."""
        values = {
            "year": self.year,
            "local_community": self.local_community,
            "status": self.status,
        }
        return {name: value for name, value in values.items() if value is not None}


def _whole(raw: str | None, low: int, high: int) -> int | None:
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def filters_from(args: MultiDict) -> RegisterFilter:
    """The filters of a request to the public register; a value that is not one of the
    register's is ignored (the page shows everything rather than an error)."""
    community_raw = (args.get("local_community") or "").strip()
    community = (
        MUNICIPALITY_WIDE
        if community_raw == MUNICIPALITY_WIDE
        else _whole(community_raw, 1, 2**31 - 1)
    )
    status = args.get("status")
    return RegisterFilter(
        year=_whole((args.get("year") or "").strip(), FIRST_YEAR, LAST_YEAR),
        local_community=community,
        status=status if status in INVESTMENT_STATUSES else None,
    )


def records(filters: RegisterFilter) -> list[Investment]:
    """The records the filters select, the latest years first, then by title."""
    query = select(Investment).options(
        selectinload(Investment.local_community), selectinload(Investment.consultation)
    )
    if filters.year is not None:
        query = query.where(
            Investment.year_start <= filters.year, Investment.year_end >= filters.year
        )
    if filters.local_community == MUNICIPALITY_WIDE:
        query = query.where(Investment.local_community_id.is_(None))
    elif filters.local_community is not None:
        query = query.where(Investment.local_community_id == filters.local_community)
    if filters.status is not None:
        query = query.where(Investment.status == filters.status)
    found = db.session.scalars(
        query.order_by(Investment.year_start.desc(), Investment.id.desc())
    ).all()
    return list(found)


def from_consultation(consultation_id: int) -> list[Investment]:
    """The records made from one consultation's decision, in the order they were made."""
    query = select(Investment).where(Investment.consultation_id == consultation_id)
    return list(db.session.scalars(query.order_by(Investment.id)))


def years() -> list[int]:
    """Every year a record runs in, latest first (for the filter)."""
    spans = db.session.execute(select(Investment.year_start, Investment.year_end)).all()
    return sorted({year for start, end in spans for year in range(start, end + 1)}, reverse=True)


def communities() -> list[LocalCommunity]:
    """The local communities, by name in the reader's language (for the filter)."""
    found = db.session.scalars(select(LocalCommunity)).all()
    return sorted(found, key=lambda c: localize(c.name).text.casefold())


# ---------------------------------------------------------------- totals


@dataclass
class Group:
    """Records counted together: how many, their budget and what was spent."""

    label: object
    #: the filter value that selects the group (a year, a community's id or MUNICIPALITY_WIDE)
    key: object = None
    count: int = 0
    budget: ExactAmount = 0
    spent: ExactAmount = 0
    href: str | None = None

    def add(self, record: Investment) -> None:
        self.count += 1
        self.budget += record.budget or 0
        self.spent += record.spent or 0


@dataclass
class Totals:
    """The register's totals: all the records, by status, by starting year, by community."""

    all: Group
    by_status: dict[str, int] = field(default_factory=dict)
    by_year: list[Group] = field(default_factory=list)
    by_community: list[Group] = field(default_factory=list)

    @property
    def spent_share(self) -> int | None:
        """What was spent, in whole per cent of the budget (None without a budget)."""
        if not self.all.budget:
            return None
        return round(100 * self.all.spent / self.all.budget)


def totals(found: list[Investment]) -> Totals:
    """The totals of `found`: counts by status, and count, budget and spent in all, by the
    year each record starts and by local community (the municipality-wide ones apart)."""
    every = Group(_("All"))
    by_status = dict.fromkeys(INVESTMENT_STATUSES, 0)
    by_year: dict[int, Group] = {}
    by_community: dict[int | None, Group] = {}
    for record in found:
        every.add(record)
        by_status[record.status] += 1
        year = record.year_start
        by_year.setdefault(year, Group(str(year), year)).add(record)
        key = record.local_community_id
        if key not in by_community:
            label = (
                record.local_community.name
                if record.local_community is not None
                else _("The whole municipality")
            )
            by_community[key] = Group(label, MUNICIPALITY_WIDE if key is None else key)
        by_community[key].add(record)
    community_groups = sorted(
        by_community.values(),
        key=lambda g: (-g.budget, localize(g.label).text if isinstance(g.label, dict) else ""),
    )
    return Totals(
        all=every,
        by_status=by_status,
        by_year=[by_year[year] for year in sorted(by_year)],
        by_community=community_groups,
    )


def chart_rows(groups: list[Group]) -> list[tuple[dict | str, ExactAmount, ExactAmount]]:
    """(label, budget, spent) of each group, for `consult.analytics.svg.compared_bars`."""
    return [(group.label, group.budget, group.spent) for group in groups]


# ---------------------------------------------------------------- downloads


def _headings() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Local community"),
        _("First year"),
        _("Last year"),
        _("Status"),
        _("Progress (%)"),
        _("Planned start"),
        _("Planned end"),
        _("Actual start"),
        _("Actual end"),
        _("Budget (EUR)"),
        _("Spent (EUR)"),
        _("Reason for the cancellation"),
        _("Consultation"),
        _("Page"),
    ]


def _number(amount: ExactAmount) -> int | float:
    return amount if isinstance(amount, int) else float(amount)


def _row(record: Investment) -> list:
    consultation = record.consultation
    return [
        record.id,
        localize(record.title).text,
        localize(record.local_community.name).text
        if record.local_community
        else _("The whole municipality"),
        record.year_start,
        record.year_end,
        str(INVESTMENT_STATUS_LABELS[record.status]),
        record.progress,
        record.planned_start,
        record.planned_end,
        record.actual_start,
        record.actual_end,
        _number(record.budget),
        _number(record.spent),
        localize(record.cancel_reason).text if record.status == "cancelled" else "",
        url_for("public.consultation", consultation_id=consultation.id, _external=True)
        if consultation is not None and consultation.is_public
        else "",
        url_for("investments.investment", investment_id=record.id, _external=True),
    ]


def _dated(value: object) -> object:
    """A date as ISO text in CSV (the XLSX keeps real dates)."""
    return value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else value)


def register_csv(found: list[Investment]) -> bytes:
    """The records as CSV, texts in the reader's language."""
    return csv_bytes([_headings(), *([_dated(cell) for cell in _row(r)] for r in found)])


def register_xlsx(found: list[Investment]) -> bytes:
    """The records as an XLSX workbook, texts in the reader's language."""
    sheet = Sheet(
        title=_("Capital investments"),
        headers=_headings(),
        rows=[_row(record) for record in found],
        widths=(8, 48, 22, 10, 10, 20, 10, 12, 12, 12, 12, 14, 14, 40, 40, 40),
    )
    return workbook_bytes([sheet])


def community_options() -> list[tuple[str, str]]:
    """(value, label) of the local-community filter: the municipality-wide records, then
    each community."""
    return [(MUNICIPALITY_WIDE, _("The whole municipality"))] + [
        (str(c.id), localize(c.name).text) for c in communities()
    ]


def link_groups(groups: list[Group], filters: RegisterFilter, by: str) -> list[str]:
    """The register narrowed to each group, `by` naming the filter ("year" or
    "local_community"): the drill-down of the chart's labels. Sets each group's `href`."""
    for group in groups:
        group.href = url_for("investments.register", **(filters.args() | {by: group.key}))
    return [group.href for group in groups]
