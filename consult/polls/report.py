"""The results of a poll: totals, the winners under every rule, a reason per project, breakdowns.

Counting is done by `consult.polls.rules` (pure); this module reads the ballots, turns the
rules' reason codes into sentences in the reader's language and passes every breakdown through
the small-group suppression of `consult.core.anonymity`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import Select, Text, cast, func, select, type_coerce

from consult.core.anonymity import SUPPRESSED, suppress_counts, suppress_table
from consult.core.labels import GENDER_GROUP_LABELS, POLL_GENDERS
from consult.core.lazy import lazy_module
from consult.core.models import LocalCommunity
from consult.core.money import money as format_money
from consult.extensions import db
from consult.i18n import lazy_text as _l
from consult.polls.models import AGE_BANDS, RULES, Ballot, Poll, Project
from consult.templating import render_content

# pandas and the counting rules (pabutools, numpy) are imported at first use: see
# consult.core.lazy
pd = lazy_module("pandas")
rules = lazy_module("consult.polls.rules")

CHANNEL_LABELS = {"online": _l("Online"), "paper": _l("On paper")}
DIMENSION_LABELS = {
    "local_community": _l("Local community"),
    "gender": _l("Gender"),
    "age_band": _l("Age"),
}
NOT_STATED = "not stated"
#: the rules the results page compares the official count with (each MES variant would cost a
#: count of its own; the comparison variants are the official rule's business only)
COMPARED_RULES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "greedy-exclusive",
    "equalshares/add1",
)


@dataclass
class ProjectRow:
    """One project's line in the results."""

    project: Project
    votes: int
    support: int
    by_channel: dict[str, int | None]
    selected: bool
    reason: str
    sentence: str
    selected_under: dict[str, bool] = field(default_factory=dict)


@dataclass
class Breakdown:
    """Votes per project in each group of one dimension, with small groups hidden."""

    dimension: str
    label: str
    groups: list[tuple[str, int | None]]
    #: group label → {project id: votes or None when hidden}
    cells: dict[str, dict[int, int | None]]


@dataclass(frozen=True)
class FileDetails:
    """An imported file's META: (key, label, value) of the keys a reader wants, then the rest."""

    known: list[tuple[str, str, str]]
    others: list[tuple[str, str]]


#: META keys of a Pabulib file worth showing, with their names in the reader's language
META_LABELS = {
    "country": _l("Country"),
    "unit": _l("Municipality or city"),
    "district": _l("District"),
    "subunit": _l("Part of the city"),
    "instance": _l("Year or edition"),
    "edition": _l("Edition"),
    "date_begin": _l("Voting began"),
    "date_end": _l("Voting ended"),
    "num_votes": _l("Ballots in the file"),
    "num_projects": _l("Projects in the file"),
    "vote_type": _l("Ballot type in the file"),
    "rule": _l("Counting rule in the file"),
    "min_length": _l("Fewest projects on a ballot"),
    "max_length": _l("Most projects on a ballot"),
    "max_sum_points": _l("Points per voter"),
    "min_project_score_threshold": _l("Minimum support"),
    "currency": _l("Currency"),
    "comment": _l("Remarks of the file"),
    "acknowledgments": _l("Acknowledgements"),
}


def file_details(poll: Poll) -> FileDetails | None:
    """What an imported poll's file says about the election; None for a poll of this platform."""
    meta = poll.pb_meta or {}
    if not meta:
        return None
    known = [(key, str(label), meta[key]) for key, label in META_LABELS.items() if meta.get(key)]
    others = sorted((k, v) for k, v in meta.items() if k not in META_LABELS and v)
    return FileDetails(known, others)


@dataclass
class Results:
    """Everything the results page, the downloads and the CLI show."""

    poll: Poll
    ballots: int
    ballots_by_channel: dict[str, int | None]
    rows: list[ProjectRow]
    rule: str
    other_rules: list[str]
    selected_codes: list[str]
    tie_notes: list[str]
    breakdowns: list[Breakdown]
    spent: int
    #: MES compared with greedy (the -comparison rules): which one the count took and why
    comparison: object | None = None
    #: an imported file whose own rule the app cannot count by ("unknown", "greedy-custom")
    file_rule: str | None = None
    #: projects the city funded outside its rule (`selected` 2 or 3 in an imported file)
    funded_outside_rule: list[Project] = field(default_factory=list)
    #: an imported file that says what the city funded: whether the count reproduces it
    reproduces_city: bool | None = None
    #: an imported poll: what its file's META says about the election
    file_details: FileDetails | None = None

    @property
    def unit_is_points(self) -> bool:
        return self.poll.ballot_type in ("cumulative", "ranking")


def election_of(poll: Poll, ballots: list[BallotGroup] | None = None) -> rules.Election:
    """The poll as the counting rules see it: project codes, costs and the ballots.

    `ballots` are groups of identical ballots (`_ballots`); identical choices are coded once and
    given to the rules once, weighted by how many ballots made them (the rules check and tally
    each distinct ballot once; the counts are those of the ballots listed one by one).
    """
    codes = {p.id: p.code for p in poll.projects}
    ballots = ballots if ballots is not None else _ballots(poll)
    threshold = poll.threshold if poll.threshold or poll.rule == "greedy-threshold" else None
    weights: dict[tuple, int] = {}
    coded: dict[tuple, object] = {}
    for group in ballots:
        choices = group.choices
        # in the stored order: pabutools tells cumulative ballots apart by their key order
        key = tuple(choices.items()) if isinstance(choices, dict) else tuple(choices)
        if key not in coded:
            coded[key] = _coded(group.choices, codes)
        weights[key] = weights.get(key, 0) + group.weight
    return rules.Election(
        budget=poll.budget,
        projects={p.code: p.cost for p in poll.projects},
        ballot_type=poll.ballot_type,
        ballots=list(coded.values()),
        min_support=threshold,
        weights=list(weights.values()),
        ordinal_scoring=poll.ordinal_scoring or "positions",
        exclusive_groups=exclusive_groups(poll) or None,
    )


def exclusive_groups(poll: Poll) -> dict[str, str]:
    """{project code: group label} of the projects that exclude others (greedy-exclusive)."""
    return {p.code: p.exclusive_group for p in poll.projects if p.exclusive_group}


def _coded(choices, codes: dict[int, str]):
    if isinstance(choices, dict):
        return {codes[int(pid)]: int(n) for pid, n in choices.items()}
    return [codes[int(pid)] for pid in choices]


@dataclass(frozen=True)
class BallotGroup:
    """Identical ballots counted once: what they chose, their breakdown facts, how many."""

    choices: list | dict
    channel: str
    age_band: str | None
    gender: str | None
    local_community_id: int | None
    weight: int


def ballot_groups_statement(poll_id: int, dialect: str) -> Select:
    """Identical ballots of the poll, counted: choices (as text), the breakdown facts, number.

    On SQLite the index ix_poll_ballots_counting holds every column it reads, in the order it
    groups by: the choices are read as the text SQLite keeps (a CAST would be an expression
    the index does not hold, and SQLite would sort the 100,000 rows again in a temporary
    B-tree: 52 → 16 ms on the bench's poll). PostgreSQL's `json` has no equality, so there
    the choices are cast to text.
    """
    if dialect == "sqlite":
        choices = type_coerce(Ballot.choices, Text)
    else:
        choices = cast(Ballot.choices, Text)
    facts = (choices, Ballot.channel, Ballot.age_band, Ballot.gender, Ballot.local_community_id)
    return (
        select(*facts, func.count())
        .where(Ballot.poll_id == poll_id)
        .group_by(*facts)
        .order_by(*facts)
    )


def _ballots(poll: Poll) -> list[BallotGroup]:
    """The poll's ballots, grouped by the database into identical ones with their number.

    Counting needs only the choices and the breakdown facts, and ballots repeat: 100,000
    approval ballots over 8 projects hold at most 255 different choices. Reading groups
    instead of 100,000 ORM objects made the results page of such a poll several times faster
    and keeps the worker's memory down (bench/README.md, issue 9).
    """
    parsed: dict[str, list | dict] = {}
    groups = []
    dialect = db.session.get_bind().dialect.name
    rows = db.session.execute(ballot_groups_statement(poll.id, dialect))
    for text, channel, age_band, gender, community, weight in rows:
        if text not in parsed:
            parsed[text] = json.loads(text)
        groups.append(BallotGroup(parsed[text], channel, age_band, gender, community, weight))
    return groups


def count_poll(poll: Poll, rule: str | None = None) -> rules.RuleResult:
    """The poll counted by its own rule (or by `rule`)."""
    return rules.count(election_of(poll), rule or poll.rule)


#: counts of closed polls, by (poll, ballots, rule, projects): a count of thousands of ballots
#: by equal shares takes seconds, and a closed poll's ballots only change when a paper batch is
#: added (the projects are in the key so that a poll id used again, as after a test's emptied
#: database, never gets another poll's count)
_COUNTS: dict[tuple, rules.RuleResult] = {}
_COUNTS_KEPT = 64


def _count(poll: Poll, election: rules.Election, rule: str) -> rules.RuleResult:
    projects = tuple(sorted(election.projects.items()))
    groups = tuple(sorted((election.exclusive_groups or {}).items()))
    key = (
        poll.id,
        election.voters,
        rule,
        poll.budget,
        election.min_support,
        projects,
        election.ordinal_scoring,
        groups,
    )
    if key not in _COUNTS:
        if len(_COUNTS) >= _COUNTS_KEPT:
            _COUNTS.pop(next(iter(_COUNTS)))
        _COUNTS[key] = rules.count(election, rule)
    return _COUNTS[key]


def results(poll: Poll, k: int) -> Results:
    """The full results of `poll`; breakdowns hide groups under `k` ballots."""
    ballots = _ballots(poll)
    election = election_of(poll, ballots)
    official = _count(poll, election, poll.rule)
    others = [r for r in rules.available_rules(election) if r in COMPARED_RULES and r != poll.rule]
    compared = {r: set(_count(poll, election, r).selected) for r in others}
    votes, channel_votes = _votes(poll, ballots)
    support = rules.project_support(election)
    channel_cells = _suppressed_cells(channel_votes, poll, k)
    rows = []
    for project in poll.projects:
        outcome = official.outcomes[project.code]
        rows.append(
            ProjectRow(
                project=project,
                votes=votes[project.id],
                support=support[project.code],
                by_channel=channel_cells[project.id],
                selected=outcome.selected,
                reason=outcome.reason,
                sentence=reason_sentence(poll, outcome),
                selected_under={r: project.code in chosen for r, chosen in compared.items()},
            )
        )
    channels: Counter = Counter()
    for group in ballots:
        channels[group.channel] += group.weight
    return Results(
        poll=poll,
        ballots=sum(group.weight for group in ballots),
        ballots_by_channel=suppress_counts(
            {c: channels.get(c, 0) for c in CHANNEL_LABELS}, k, zeros_safe=True
        ),
        rows=rows,
        rule=poll.rule,
        other_rules=others,
        selected_codes=list(official.selected),
        tie_notes=list(official.tie_notes),
        breakdowns=[_breakdown(poll, ballots, d, k) for d in DIMENSION_LABELS],
        spent=sum(p.cost for p in poll.projects if p.code in official.selected),
        comparison=official.comparison,
        file_rule=file_rule(poll),
        funded_outside_rule=[p for p in poll.projects if (p.city_selection or 0) > 1],
        reproduces_city=_reproduces_city(poll, official),
        file_details=file_details(poll),
    )


def file_rule(poll: Poll) -> str | None:
    """The rule an imported file names when the app cannot count by it (the officer chose)."""
    named = (poll.pb_meta or {}).get("rule")
    return named if named and named not in RULES else None


def _reproduces_city(poll: Poll, official: rules.RuleResult) -> bool | None:
    """Whether the count funds what the city funded by its rule (`selected` 1), if known."""
    if any(p.city_selection is None for p in poll.projects):
        return None
    city = {p.code for p in poll.projects if p.city_selection == 1}
    return city == set(official.selected)


def _votes(poll: Poll, ballots: list[BallotGroup]):
    votes: Counter = Counter()
    channel_votes: dict[str, Counter] = defaultdict(Counter)
    for group in ballots:
        for pid in group.choices:
            votes[int(pid)] += group.weight
            channel_votes[group.channel][int(pid)] += group.weight
    for project in poll.projects:
        votes.setdefault(project.id, 0)
    return votes, channel_votes


def _suppressed_cells(by_group: dict[str, Counter], poll: Poll, k: int) -> dict[int, dict]:
    """{project id: {group: votes or None}} with small cells hidden (secret ballot: zeros too)."""
    groups = sorted(by_group) or ["online"]
    table = pd.DataFrame(
        {g: [by_group.get(g, Counter()).get(p.id, 0) for p in poll.projects] for g in groups},
        index=[p.id for p in poll.projects],
    )
    if table.empty:
        return {p.id: {} for p in poll.projects}
    hidden = suppress_table(table, k, margins=True, zeros_safe=False)
    return {
        pid: {g: (None if pd.isna(hidden.at[pid, g]) else int(hidden.at[pid, g])) for g in groups}
        for pid in table.index
    }


def _group_of(ballot: BallotGroup, dimension: str) -> str:
    value = getattr(ballot, f"{dimension}_id" if dimension == "local_community" else dimension)
    return NOT_STATED if value is None else str(value)


def _breakdown(poll: Poll, ballots: list[BallotGroup], dimension: str, k: int) -> Breakdown:
    per_group: dict[str, Counter] = defaultdict(Counter)
    sizes: Counter = Counter()
    for ballot in ballots:
        group = _group_of(ballot, dimension)
        sizes[group] += ballot.weight
        for pid in ballot.choices:
            per_group[group][int(pid)] += ballot.weight
    shown_sizes = suppress_counts(dict(sorted(sizes.items())), k, zeros_safe=True)
    cells = _suppressed_cells(per_group, poll, k) if per_group else {}
    labels = _group_labels(dimension)
    return Breakdown(
        dimension=dimension,
        label=str(DIMENSION_LABELS[dimension]),
        groups=[(labels(g), shown_sizes[g]) for g in _ordered(dimension, sizes)],
        cells={
            labels(g): {
                pid: cells[pid][g] if shown_sizes[g] is not SUPPRESSED else None for pid in cells
            }
            for g in _ordered(dimension, sizes)
        },
    )


def _ordered(dimension: str, sizes: Counter) -> list[str]:
    if dimension == "age_band":
        order = {band: n for n, band in enumerate(AGE_BANDS)}
        return sorted(sizes, key=lambda g: order.get(g, len(order)))
    return sorted(sizes, key=lambda g: (g == NOT_STATED, g))


def _group_labels(dimension: str):
    names: dict = {}
    if dimension == "local_community":
        names = {
            str(c.id): render_content(c.name) for c in db.session.scalars(select(LocalCommunity))
        }
    elif dimension == "gender":
        names = {k: str(GENDER_GROUP_LABELS[k]) for k in POLL_GENDERS}
    elif dimension == "age_band":
        names = {AGE_BANDS[0]: _("Under 18")}

    def label(group: str) -> str:
        if group == NOT_STATED:
            return _("Not stated")
        return names.get(group, group)

    return label


# --- reason sentences ----------------------------------------------------------------------


def _number(value) -> str:
    return format_decimal(round(value)) if value is not None else ""


def _support_text(poll: Poll, support) -> str:
    if poll.ballot_type in ("cumulative", "ranking"):
        return ngettext(
            "%(number)s point", "%(number)s points", _whole(support), number=_number(support)
        )
    return ngettext("%(number)s vote", "%(number)s votes", _whole(support), number=_number(support))


def _whole(value) -> int:
    return round(value) if value is not None else 0


def reason_sentence(poll: Poll, outcome: rules.ProjectOutcome) -> str:
    """Why a project was or was not funded, in the reader's language."""
    details = outcome.details
    money = {
        "cost": format_money(details.get("cost"), poll.currency),
        "budget": format_money(poll.budget, poll.currency),
        "left": format_money(details.get("budget_left_at_its_turn"), poll.currency),
        "money": format_money(details.get("supporters_money_left"), poll.currency),
    }
    support = _support_text(poll, outcome.support)
    sentences = {
        "selected": lambda: _(
            "Funded: with %(support)s it was number %(rank)s in the count and fitted the budget.",
            support=support,
            rank=details.get("rank", ""),
        ),
        "not_enough_budget_left": lambda: _(
            "Not funded: when its turn came only %(left)s was left, and it costs %(cost)s.",
            left=money["left"],
            cost=money["cost"],
        ),
        "stopped_at_first_unaffordable": lambda: _(
            "Not funded: this rule stops at the first project that does not fit "
            "(number %(rank)s in the count), and this project came after it.",
            rank=details.get("stopped_at_rank", ""),
        ),
        "below_threshold": lambda: _(
            "Not funded: its support (%(support)s) is below the minimum of %(threshold)s.",
            support=support,
            threshold=_number(details.get("threshold")),
        ),
        "no_supporters": lambda: _("Not funded: nobody voted for it."),
        "cost_exceeds_budget": lambda: _(
            "Not funded: it costs %(cost)s, more than the whole budget of %(budget)s.",
            cost=money["cost"],
            budget=money["budget"],
        ),
        "excluded_by_exclusive_project": lambda: _(
            "Not funded: it excludes another project of the same group (the same site), and "
            "that project, number %(rank)s in the count, was funded first.",
            rank=details.get("excluded_by_rank", ""),
        ),
        "supporters_could_not_afford_share": lambda: _(
            "Not funded: under equal shares its supporters had only %(money)s of their shares "
            "left, less than its cost of %(cost)s.",
            money=money["money"],
            cost=money["cost"],
        ),
    }
    sentence = sentences.get(outcome.reason)
    if sentence is None:
        text = _("Funded.") if outcome.selected else _("Not funded.")
    else:
        text = sentence()
    if details.get("tied"):
        text += " " + _("It was tied with another project; the tie was broken by the list order.")
    return text


def rule_name(rule: str) -> str:
    """The short translated name of a counting rule."""
    return str(RULE_NAMES.get(rule, rule))


RULE_NAMES = {
    "greedy": _l("Greedy"),
    "greedy-no-skip": _l("Greedy without skipping"),
    "greedy-threshold": _l("Greedy with a threshold"),
    "greedy-exclusive": _l("Greedy with mutually exclusive projects"),
    "equalshares": _l("Equal shares without completion"),
    "equalshares/add1": _l("Equal shares"),
    "equalshares-comparison": _l("Equal shares without completion, compared with greedy"),
    "equalshares/add1-comparison": _l("Equal shares, compared with greedy"),
}
