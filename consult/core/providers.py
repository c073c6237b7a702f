"""What a kind tells the chair's dashboard and the public archive: the shapes of its answers.

Each registered kind (`consult.core.kinds.ConsultationKind`) answers for its own consultations:

`findings(consultations, today, standards) -> {consultation_id: [Finding]}` (the one finding type,
    `consult.core.standards.Finding`). A consultation left out is "not checked".
`participation`: a `ParticipationSource(labels, count)`, where `labels` maps each measure to its
    translated column heading (`{"comments": _l("Comments")}`) and
    `count(consultation_ids) -> {consultation_id: {measure: number}}` counts in SQL. A measure
    whose number could identify people (a survey breakdown) must already have gone through
    `consult.core.anonymity`; totals per consultation are fine.
`reports(consultation_ids) -> {consultation_id: ReportLink}`: where each published report is
    read (the dashboard's "Report" column and the chair's review link it). A kind whose reports
    the chair reviews calls `consult.core.reviews.submit` when it publishes one.
`took_part() -> [TookPart]`: the people who took part in the kind's published consultations,
    per year, with the gender, age band and local community they gave (the kind's own codes;
    the chair maps them onto its groups), before any suppression.
`participation_rates() -> [ParticipationRate]`: per year, how many of a known population took
    part in the kind's published consultations (the staff survey's responses against the
    staff counts), all groups together: a total per year, never a breakdown.
`outcomes(year) -> Counter[(kind, outcome or None)]`: the confirmed, visible comments on the
    year's published consultations and what the answer to each decided (None: not answered).
`results(consultation_ids, today) -> {consultation_id: ReportLink}`: where the public reads
    what a consultation without a written report produced (a poll's results once voting
    closed, a survey's once they are published).
`planned_meetings(first, last) -> [PlannedMeeting]`: the public meetings the kind has
    planned from `first` to `last` (None: no end) that the calendar of public meetings
    (`consult.meetings`) shows before they are held, e.g. a budget hearing's planned hearings;
    one that was held names the core meeting that holds its minutes, which the calendar shows
    in its place.

They are plain functions over the database: no `request`, no commit.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from consult.core.models import Consultation, LocalCommunity

if TYPE_CHECKING:  # the standards read the core services, which read this module
    from consult.core.standards import Finding


FindingProvider = Callable[[list[Consultation], dt.date, dict], dict[int, list["Finding"]]]


@dataclass(frozen=True)
class ParticipationSource:
    """A feature's participation measures: their column headings and the counting function."""

    #: measure -> translated column heading (a lazy string)
    labels: Mapping[str, str]
    #: consultation ids -> {consultation id: {measure: number}}
    count: Callable[[list[int]], dict[int, dict[str, int]]]


@dataclass(frozen=True)
class ReportLink:
    """A consultation's report and where to read it: `url_for(endpoint, **values)`."""

    consultation_id: int
    #: what the report is, translated (e.g. "Hearing report")
    label: str
    endpoint: str
    values: dict = field(default_factory=dict)
    submitted_on: dt.date | None = None


@dataclass(frozen=True)
class TookPart:
    """`people` of one year and kind of consultation who took part one way, and what they
    gave of themselves (None: not given)."""

    year: int
    kind: str
    people: int
    gender: str | None = None
    age_band: str | None = None
    local_community: object = None
    #: False for what people counted elsewhere said of themselves (a survey's questions on
    #: gender, age or community, whose respondents the survey counted already)
    counted: bool = True


@dataclass(frozen=True)
class ParticipationRate:
    """Of a known population, how many took part in one year's consultations of a kind: the
    responses to the year's staff surveys against the staff the directorates counted."""

    year: int
    #: what the rate is of, translated (a lazy string, e.g. "Staff survey")
    label: str
    #: responses (or people) counted over the year's `consultations`
    people: int
    #: the population they came from; None when nobody entered it for the year
    population: int | None
    #: how many consultations of the year the figures add up (each could be answered once)
    consultations: int = 1

    @property
    def rate(self) -> float | None:
        """People per member of the population and consultation, in percent (None: unknown)."""
        if not self.population or not self.consultations:
            return None
        return round(100 * self.people / (self.population * self.consultations), 1)


def report_link(
    consultation_id: int, label: str, endpoint: str, submitted_on: dt.date | None
) -> ReportLink:
    """Where a consultation's report is read: `url_for(endpoint, consultation_id=…)`."""
    return ReportLink(
        consultation_id=consultation_id,
        label=label,
        endpoint=endpoint,
        values={"consultation_id": consultation_id},
        submitted_on=submitted_on,
    )


@dataclass(frozen=True)
class PlannedMeeting:
    """A public meeting a kind has planned (a budget hearing in the hearing plan), as the
    calendar of public meetings shows it: its day, place, local community and audience."""

    #: stable and unique across kinds, e.g. "planned-hearing-12" (the calendar feed's UID)
    key: str
    consultation: Consultation
    held_on: dt.date
    #: where, as the plan says it
    place: str
    #: None: the whole municipality
    local_community: LocalCommunity | None
    #: one of `consult.meetings.models.MEETING_AUDIENCES`
    audience: str
    #: the day it was announced, if the plan says
    announced_on: dt.date | None = None
    #: the core meeting (`consult.meetings.models.Meeting`) it was held as, once held
    meeting_id: int | None = None
