"""Participation trends for the chair: tables with small groups hidden, charts of the same
numbers, and the local communities under-represented relative to their population.

Every breakdown passes through `consult.core.anonymity` with k = ANONYMITY_MIN_GROUP; the
participants per year and kind are totals (the dashboard shows them per consultation) and are
the shown margins of the gender and age tables. The representation figures are read from the
same suppressed table of local communities by year, so no hidden cell can be recovered from
the difference between two pages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from consult.analytics.charts import OKABE_ITO, Chart, bar_trace, figure_of
from consult.analytics.frames import Table
from consult.chair.participation import (
    AGE_GROUPS,
    GENDER_GROUPS,
    NOT_STATED,
    Participation,
    participation,
)
from consult.core.anonymity import SUPPRESSED, suppress_table
from consult.core.kinds import kind_labels
from consult.core.labels import GENDER_GROUP_LABELS
from consult.core.lazy import lazy_module
from consult.core.models import LocalCommunity
from consult.extensions import db
from consult.i18n import lazy_text as _l
from consult.i18n import localize
from consult.templating import render_content

pd = lazy_module("pandas")

GROUP_LABELS = {
    **GENDER_GROUP_LABELS,
    "under 25": _l("Under 25"),
    NOT_STATED: _l("Not stated"),
}


def min_group() -> int:
    """k for every breakdown (config ANONYMITY_MIN_GROUP)."""
    return int(current_app.config["ANONYMITY_MIN_GROUP"])


def group_label(group: str) -> str:
    """A group of a breakdown in the reader's language (age bands are shown as they are)."""
    return str(GROUP_LABELS.get(group, group))


def line_label(year: int, kind: str) -> str:
    """ "2025 · Draft act"."""
    return f"{year} · {kind_labels()[kind]}"


# --- charts --------------------------------------------------------------------------------

_MODEBAR_BUTTONS = (
    "toimage",
    "zoom",
    "pan",
    "select",
    "lasso",
    "zoomin",
    "zoomout",
    "autoscale",
    "resetscale",
)


def bars(
    categories: list[str],
    series: dict[str, list],
    title: str,
    axis: str,
    *,
    stacked: bool = False,
) -> Chart:
    """Grouped (or stacked) horizontal bars, one colour per series; hidden values left out."""
    traces = [
        bar_trace(
            OKABE_ITO[index % len(OKABE_ITO)],
            y=categories[::-1],
            x=list(values)[::-1],
            name=name,
            orientation="h",
        )
        for index, (name, values) in enumerate(series.items())
    ]
    figure = figure_of(
        traces,
        title,
        160 + (22 if stacked else 14 * max(len(series), 1)) * len(categories),
        axis,
        barmode="stack" if stacked else "group",
        legend={"orientation": "h", "y": -0.1},
        # a table of the same numbers sits beside the chart: no zooming, and no tool buttons
        # in the reader's way (or in the keyboard's tab order)
        dragmode=False,
        modebar={"remove": list(_MODEBAR_BUTTONS)},
    )
    return Chart(figure, title)


# --- tables --------------------------------------------------------------------------------


@dataclass
class Section:
    """A table and the chart of its numbers."""

    table: Table
    chart: Chart | None


@dataclass
class Representation:
    """One local community's share of participants against its share of the population."""

    community: LocalCommunity
    participants: int | None
    population: int
    participant_share: float | None
    population_share: float | None

    @property
    def ratio(self) -> float | None:
        """Share of participants ÷ share of population (None where hidden or unknown)."""
        if self.participant_share is None or not self.population_share:
            return None
        return self.participant_share / self.population_share

    @property
    def under_represented(self) -> bool:
        ratio = self.ratio
        return ratio is not None and ratio < current_app.config["UNDER_REPRESENTATION_SHARE"]


@dataclass
class Trends:
    """What the participation page shows."""

    k: int
    years: list[int]
    overview: Section
    gender: Section
    age_band: Section
    community: Section
    #: the year of the representation figures (the latest unless the chair chose one)
    year: int | None
    representation: list[Representation]
    representation_chart: Chart | None
    #: the year's participants with a known local community (None: hidden, a small group)
    known_total: int | None

    @property
    def under_represented(self) -> list[Representation]:
        return [row for row in self.representation if row.under_represented]


def _lines(found: Participation) -> list[tuple[int, str]]:
    order = {kind: n for n, kind in enumerate(kind_labels())}
    return sorted(found.participants, key=lambda line: (-line[0], order.get(line[1], 9)))


def overview(found: Participation) -> Section:
    """Participants per year (rows) and kind (columns), with the year's total."""
    years, labels = found.years(), kind_labels()
    kinds = [k for k in labels if any(found.participants[(y, k)] for y in years)]
    rows = [
        [year, *(counts := [found.participants[(year, kind)] for kind in kinds]), sum(counts)]
        for year in years
    ]
    caption = _("Participants per year and kind of consultation")
    table = Table(caption, [_("Year"), *(str(labels[k]) for k in kinds), _("Total")], rows)
    chart = None
    if rows:
        chart = bars(
            [str(y) for y in years],
            {str(labels[k]): [found.participants[(y, k)] for y in years] for k in kinds},
            caption,
            _("Participants"),
        )
    return Section(table, chart)


def breakdown(found: Participation, dimension: str, groups: tuple[str, ...], k: int) -> Section:
    """Participants of each year and kind by the groups of `dimension`, small cells hidden."""
    lines = _lines(found)
    caption = {
        "gender": _("Participants by gender, per year and kind"),
        "age_band": _("Participants by age, per year and kind"),
    }[dimension]
    columns = [group_label(g) for g in groups]
    if not lines:
        return Section(Table(caption, [_("Year and kind"), *columns, _("Total")], []), None)
    counts = pd.DataFrame(
        [[found.groups(line, dimension)[g] for g in groups] for line in lines],
        index=pd.MultiIndex.from_tuples(lines),
        columns=list(groups),
    )
    hidden = suppress_table(counts, k, margins=True)
    rows = []
    for line in lines:
        cells = [_cell(hidden.at[line, g]) for g in groups]
        rows.append([line_label(*line), *cells, found.participants[line]])
    table = Table(caption, [_("Year and kind"), *columns, _("Total")], rows)
    labels = [row[0] for row in rows]
    series = {group_label(g): [row[1 + i] for row in rows] for i, g in enumerate(groups)}
    return Section(table, bars(labels, series, caption, _("Participants"), stacked=True))


def _cell(value: object) -> int | None:
    return SUPPRESSED if value is None or value is pd.NA or pd.isna(value) else int(value)


def _communities() -> list[LocalCommunity]:
    return list(db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id)))


@dataclass
class CommunityTable:
    """Participants per local community (rows) and year (columns), small cells hidden."""

    communities: list[LocalCommunity]
    years: list[int]
    cells: dict[tuple[int, int], int | None]
    #: year -> participants with a known local community (the exact column total)
    year_totals: dict[int, int]


def community_table(found: Participation, k: int) -> CommunityTable:
    """The suppressed table every local-community figure of the page is read from."""
    communities, years = _communities(), found.years()
    stated = {
        (int(group), year): n
        for (year, _kind, dimension, group), n in _by_year(found).items()
        if dimension == "local_community"
    }
    if not communities or not years:
        return CommunityTable(communities, years, {}, {})
    counts = pd.DataFrame(
        [[stated.get((c.id, y), 0) for y in years] for c in communities],
        index=[c.id for c in communities],
        columns=years,
    )
    hidden = suppress_table(counts, k, margins=True)
    cells = {(c.id, y): _cell(hidden.at[c.id, y]) for c in communities for y in years}
    return CommunityTable(communities, years, cells, {y: int(counts[y].sum()) for y in years})


def _by_year(found: Participation) -> Counter:
    """`found.stated` summed over the kinds of consultation."""
    summed: Counter = Counter()
    for (year, _kind, dimension, group), n in found.stated.items():
        summed[(year, "", dimension, group)] += n
    return summed


def community_section(table: CommunityTable) -> Section:
    """The community table as rows with names in their language, and its chart."""
    caption = _("Participants by local community and year")
    rows = [
        [render_content(c.name), *(table.cells.get((c.id, y)) for y in table.years)]
        for c in table.communities
    ]
    result = Table(caption, [_("Local community"), *(str(y) for y in table.years)], rows)
    if not rows or not table.years:
        return Section(result, None)
    chart = bars(
        [localize(c.name).text for c in table.communities],
        {str(y): [table.cells.get((c.id, y)) for c in table.communities] for y in table.years},
        caption,
        _("Participants"),
        stacked=True,
    )
    return Section(result, chart)


def representation(
    table: CommunityTable, year: int | None, k: int
) -> tuple[list[Representation], int | None]:
    """Each community's share of the year's participants with a known local community against
    its share of the population. The year's total is a margin of the suppressed table, shown
    unless it is itself a small group; a hidden count has no share."""
    known = table.year_totals.get(year, 0) if year is not None else 0
    shown_total = SUPPRESSED if 0 < known < k else known
    population = sum(c.population for c in table.communities)
    rows = []
    for c in table.communities:
        count = table.cells.get((c.id, year), 0) if year is not None else 0
        if shown_total is SUPPRESSED:
            count = SUPPRESSED
        rows.append(
            Representation(
                community=c,
                participants=count,
                population=c.population,
                participant_share=count / known if count is not None and known else None,
                population_share=c.population / population if population else None,
            )
        )
    return rows, shown_total


def representation_chart(rows: list[Representation]) -> Chart | None:
    """Share of participants next to share of population, per local community."""
    if not rows:
        return None
    title = _("Share of participants and of the population")
    return bars(
        [localize(r.community.name).text for r in rows],
        {
            _("Share of participants"): [_percent(r.participant_share) for r in rows],
            _("Share of the population"): [_percent(r.population_share) for r in rows],
        },
        title,
        "%",
    )


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def trends(today: dt.date, year: int | None = None) -> Trends:
    """Everything the participation page shows, as of `today`."""
    k = min_group()
    found = participation(today)
    table = community_table(found, k)
    year = year if year in found.years() else next(iter(found.years()), None)
    rows, known = representation(table, year, k)
    return Trends(
        k=k,
        years=found.years(),
        overview=overview(found),
        gender=breakdown(found, "gender", GENDER_GROUPS, k),
        age_band=breakdown(found, "age_band", AGE_GROUPS, k),
        community=community_section(table),
        year=year,
        representation=rows,
        representation_chart=representation_chart(rows),
        known_total=known,
    )
