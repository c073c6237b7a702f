"""Registries through which features tell the chair's dashboard what only they know.

The chair package sits on top of the features and knows only the core models. What only the
features know (the findings of the minimum standards, how many people took part, where each
report is read) reaches it through these registries, which a feature fills when its
`views.py` is imported (as `create_app` does when it registers the blueprints):

`FINDING_PROVIDERS`: `provider(consultations, today, standards) -> {consultation_id: [finding]}`
    where a finding has `rule_id`, `severity` ("block", "warn" or "info"), `message` and `due`
    (as `consult.core.standards.Finding` does). A provider returns findings for the
    consultations it knows about and may leave the others out. For example, the draft-act
    feature, which can count unanswered comments::

        from consult.core.providers import FINDING_PROVIDERS
        from consult.core.standards import findings_for

        def _standards_findings(consultations, today, standards):
            unanswered = unanswered_counts([c.id for c in consultations])
            return {
                c.id: findings_for(c, today, standards, unanswered=unanswered.get(c.id))
                for c in consultations
            }

        FINDING_PROVIDERS.append(_standards_findings)

`PARTICIPATION_PROVIDERS`: `ParticipationSource(labels, count)`, where `labels` maps each
    measure to its translated column heading (`{"comments": _l("Comments")}`) and
    `count(consultation_ids) -> {consultation_id: {measure: number}}` counts in SQL. A measure
    whose number could identify people (a survey breakdown) must already have gone through
    `consult.core.anonymity`; totals per consultation are fine.

`REPORT_PROVIDERS`: `provider(consultation_ids) -> {consultation_id: ReportLink}`: where each
    consultation's published report is read (a "Report" column links to it).

    The chair's review (`consult.core.reviews`) links each report it lists from here too: a
    kind whose reports the chair reviews calls `consult.core.reviews.submit` when it publishes
    one, and needs no registry of its own.

`TOOK_PART_PROVIDERS`: `provider() -> [TookPart]`: the people who took part in the feature's
    published consultations, per year and kind, with the gender, age band and local community
    they gave (the feature's own codes; the chair maps them onto its groups), for the chair's
    participation tables and the annual report. Before any suppression: the chair shows them
    through `consult.core.anonymity`.

`OUTCOME_PROVIDERS`: `provider(year) -> Counter[(kind, outcome or None)]`: the confirmed,
    visible comments on the year's published consultations and what the answer to each
    decided (None: not answered yet).

`RESULT_PROVIDERS`: `provider(consultation_ids, today) -> {consultation_id: ReportLink}`: where
    the public reads what a consultation without a written report produced (a poll's results
    once voting closed, a survey's once they are published), for the public archive.

Providers are plain functions over the database: no `request`, no commit.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from consult.core.models import Consultation


class FindingLike(Protocol):
    """What the dashboard reads of a finding (see `consult.core.standards.Finding`)."""

    rule_id: str
    severity: str
    message: str
    due: dt.date | None


FindingProvider = Callable[[list[Consultation], dt.date, dict], dict[int, list[FindingLike]]]


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


FINDING_PROVIDERS: list[FindingProvider] = []
PARTICIPATION_PROVIDERS: list[ParticipationSource] = []
REPORT_PROVIDERS: list[Callable[[list[int]], dict[int, ReportLink]]] = []
TOOK_PART_PROVIDERS: list[Callable[[], Iterable[TookPart]]] = []
OUTCOME_PROVIDERS: list[Callable[[int], Counter]] = []
RESULT_PROVIDERS: list[Callable[[list[int], dt.date], dict[int, ReportLink]]] = []
