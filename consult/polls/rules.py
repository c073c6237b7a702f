"""Counting rules for participatory-budgeting polls, with the reason each project won or lost.

One entry point, :func:`count` ``(election, rule) -> RuleResult``. The rules carry the names
Pabulib uses in the META ``rule`` field (:data:`RULES`). Their definitions follow the Pabulib
format (https://pabulib.org/format; Faliszewski et al., "Participatory Budgeting: Data, Tools
and Analysis", IJCAI 2023) and, where the format is silent, Pabulib's own checker
(github.com/pabulib/checker, ``pabulib/checker.py``: ``verify_greedy_selected``,
``verify_greedy_no_skip_selected``, ``_compute_equalshares_winners``,
``_apply_equalshares_comparison_step``), which is how the archive verifies what cities funded.

``greedy``
    Projects in decreasing order of support; each is funded if it still fits in the money left,
    otherwise skipped and the count goes on. ``min_support`` is ignored (Pabulib calls a greedy
    count with a minimum ``greedy-threshold``).
``greedy-no-skip``
    The same order, but the count stops at the first project that does not fit. Projects costing
    more than the whole budget never stop it: they can never be funded (Pabulib gives projects
    withdrawn after the vote the cost 999999999 so that they fall out this way, e.g. Wrocław
    2017). When the election has a ``min_support``, projects below it are left out first, as
    Pabulib's checker does (Gdynia 2020 sets both).
``greedy-threshold``
    ``greedy`` over the projects whose support is at least ``min_support``. In ``.pb`` files the
    minimum is META ``min_project_score_threshold`` (:data:`THRESHOLD_META_KEY`), compared with
    the same support as the order: votes for approval ballots, points for cumulative ones
    (Częstochowa 2025: 300 points). A project exactly at the minimum is eligible.
``greedy-exclusive``
    ``greedy`` where some projects exclude each other: a city funds at most one project of a
    group, e.g. two projects for the same site (Ruda Śląska 2026 in Pabulib: "projects 12 and 26
    concern the same area; 12 was funded and 26 excluded because 12 had the higher score").
    Files name the exclusions only in META ``comment``, so the groups come from the election
    (``Election.exclusive_groups``, set by the officer). In greedy order, once a project of a
    group is funded the others of its group are passed over. The minimum support applies when
    the election has one (the Ruda Śląska files carry a threshold).
``equalshares``
    The Method of Equal Shares (Peters & Skowron, "Proportionality and the limits of
    welfarism", EC 2020; pabutools' ``method_of_equal_shares``) with cost utilities: every
    voter gets an equal share of the budget and a project is funded when its supporters can
    pay for it, the project costing them least per unit of utility going first. No completion.
``equalshares/add1``
    ``equalshares`` completed by "add1" as Pabulib's checker completes it: after the count with
    the real budget B, each voter's share is set to floor(B / n) + k for k = 1, 2, ... (n
    voters); every such round whose funded projects still cost at most B replaces the outcome,
    and the first round that costs more ends the completion. Unlike pabutools'
    ``voter_budget_increment``, it does not stop at the first exhaustive outcome: on Wieliczka
    2023 that reading funds projects 66 and 67, the checker's (and the city's) funds 46. As in
    Pabulib there is no utilitarian greedy completion afterwards: Assen 2024 leaves 23,300 EUR
    unspent that would fund project 7, which greedy completion would add.
``equalshares-comparison``, ``equalshares/add1-comparison``
    ``equalshares`` (or ``equalshares/add1``), then compared with greedy by votes (projects in
    decreasing order of the number of ballots naming them, each funded if it still fits in B):
    each voter is more satisfied with the outcome that funds more of the projects on their
    ballot, and the greedy outcome is taken only when strictly more voters are more satisfied
    with it (the checker's "satisfaction" comparison; Wieliczka 2023 keeps equal shares).
    :attr:`RuleResult.comparison` gives the two numbers and the choice.

Pabulib also names rules no count can follow (:data:`ARCHIVE_ONLY_RULES`): ``greedy-custom``
(the city's own variant, described in META ``comment``, e.g. Poznań's "a project costing up to
80% of what is left is still funded") and ``unknown``. :func:`count` refuses them; the app lets
the officer choose a rule for such a file and says so on its results page.

Support ("score"): for approval, choose-1 and knapsack ballots the number of ballots naming the
project; for cumulative ballots the sum of the points. Ordinal ballots are scored by
``Election.ordinal_scoring`` (:data:`ORDINAL_SCORINGS`):

- ``positions`` (the default): in a ballot naming k projects the first gets k points, the
  second k-1, ..., the last 1. This is how Pabulib scores them (the files carry no scoring key
  in META): it reproduces the ``score`` column of Kraków 2019 and 2023, and with it the
  projects those cities funded. So an imported file counts as the city counted.
- ``borda``: the textbook Borda count, the first of k gets k-1 points and the last 0.

The two can fund different projects: a project's ``positions`` score is its Borda score plus
the number of ballots naming it, so a project many voters put last gains on one few voters
put first. Both are offered; the poll says which it uses.

Under the equal-shares rules a voter's utility for a project is its cost times the points given
to it (1 for approval ballots, which is pabutools' ``Cost_Sat``).

Amounts are exact: the budget and the costs are ``int``, ``Decimal`` or ``Fraction`` (a
Pabulib budget of 1,681,173.70), compared exactly; the equal-shares pre-scan uses floats and
is always confirmed by pabutools with exact fractions.

Ties are broken, never hidden: equal support keeps the order of ``Election.projects`` (the
listing order, as in Pabulib); equal affordability under MES goes to the cheaper project, then
to the one on more ballots, then to the earlier listed one (as in Pabulib's checker). When the
way a tie is broken changes which projects are funded, :attr:`RuleResult.tie_notes` says so in
English and the tied projects get ``details["tied"] = 1``. Greedy ties are found exactly; for
MES every recorded tie is re-counted with each other tied project preferred.

Reason codes (:attr:`ProjectOutcome.reason`; stable, for the app to translate):

``selected``
    Funded. ``rank`` is its place in the count's order (greedy) or in the selection (MES).
``not_enough_budget_left``
    Greedy: at its turn it cost more than the money left (``budget_left_at_its_turn``). Under
    greedy-no-skip this is the project where the count stopped.
``stopped_at_first_unaffordable``
    greedy-no-skip: it came after the project where the count stopped (``stopped_at_rank``).
``below_threshold``
    Its support is below the minimum (``threshold``).
``no_supporters``
    Nobody voted for it (no ballot names it, or all its points are 0).
``cost_exceeds_budget``
    It costs more than the whole budget, so no rule can fund it.
``supporters_could_not_afford_share``
    MES: at the end its supporters had less money left (``supporters_money_left``) than its cost.
``excluded_by_exclusive_project``
    greedy-exclusive: a project of its group was funded before it (``excluded_by_rank``).

Detail keys (numbers): ``cost``, ``support``, ``voters`` (ballots naming it), ``rank``,
``budget_left_at_its_turn`` (greedy), ``threshold``, ``stopped_at_rank``, ``excluded_by_rank``,
``budget_per_voter`` (MES: each voter's share in the final round), ``supporters_money_left``
(MES), ``tied``.

Speed: the add1 completion re-runs MES from scratch once per unit of budget per voter (hundreds
of times for Warszawa-Bemowo 2023; minutes with pabutools). Here a vectorised pre-scan runs that
loop on numpy arrays to find the final round, then pabutools counts that round once, exactly; if
the two disagree, the same loop is run again with pabutools alone. An election may list each
distinct ballot once with its number (``Election.weights``): it is checked once, tallied with
its weight and handed to pabutools as one multiprofile entry of that multiplicity, so 100,000
ballots of a few hundred kinds cost a few hundred steps, with the same outcome as the ballots
listed one by one.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from pabutools.election import (
    AbstractBallot,
    AbstractProfile,
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalMultiProfile,
    CumulativeBallot,
    CumulativeMultiProfile,
    Instance,
    Project,
)
from pabutools.rules import method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

from consult.polls.rule_names import (
    ARCHIVE_ONLY_RULES,
    ORDINAL_SCORINGS,
    RULES,
    THRESHOLD_META_KEY,
)

if TYPE_CHECKING:
    from consult.polls.pabulib import PBFile

BALLOT_TYPES: tuple[str, ...] = ("approval", "choose-1", "knapsack", "cumulative", "ordinal")
#: names other parts of the app use for the same ballot types
BALLOT_TYPE_ALIASES: dict[str, str] = {"choose_one": "choose-1", "ranking": "ordinal"}
#: every reason code a ProjectOutcome can carry (documented in the module docstring)
REASONS: tuple[str, ...] = (
    "selected",
    "not_enough_budget_left",
    "stopped_at_first_unaffordable",
    "below_threshold",
    "no_supporters",
    "cost_exceeds_budget",
    "supporters_could_not_afford_share",
    "excluded_by_exclusive_project",
)

_MES = "equalshares/add1"
#: the equal-shares rules: (with the add1 completion, compared with greedy)
_EQUAL_SHARES = {
    "equalshares": (False, False),
    "equalshares/add1": (True, False),
    "equalshares-comparison": (False, True),
    "equalshares/add1-comparison": (True, True),
}
_APPROVAL_LIKE = ("approval", "choose-1", "knapsack")
_NOT_CONTENDING = ("cost_exceeds_budget", "no_supporters", "below_threshold")
#: relative tolerance when the MES pre-scan compares floating-point amounts
_TOLERANCE = 1e-9
#: at most this many MES re-counts to find out whether a tie changed the outcome
_MAX_TIE_RECOUNTS = 12

Ballot = Sequence[str] | Mapping[str, int]
Number = int | float | Decimal | Fraction
Amount = int | Decimal | Fraction


@dataclass(frozen=True)
class Election:
    """The input of a count, independent of any file format or database.

    ``projects`` maps project id to cost (positive exact amounts: int, Decimal or Fraction) in
    listing order; ``budget`` is an exact amount too. ``ballots``
    are lists of project ids (approval, choose-1, knapsack; ordinal in order of preference) or
    ``{project id: points}`` (cumulative). ``min_support`` is the threshold of greedy-threshold.
    ``weights``, when given, says how many voters cast each entry of ``ballots`` (whole numbers
    of at least 1, one per entry): 100,000 ballots over a few projects are a few hundred
    distinct ones, each checked and tallied once. Every count is the same as with each ballot
    listed ``weight`` times. ``ballot_type`` also accepts the aliases in
    :data:`BALLOT_TYPE_ALIASES`. ``ordinal_scoring`` is one of :data:`ORDINAL_SCORINGS`;
    ``exclusive_groups`` maps project ids to a group label (greedy-exclusive). Raises ValueError
    when something does not fit together.
    """

    budget: Amount
    projects: Mapping[str, Amount]
    ballot_type: str
    ballots: Sequence[Ballot]
    min_support: int | None = None
    weights: Sequence[int] | None = None
    ordinal_scoring: str = "positions"
    exclusive_groups: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        """Normalise the ballot type and check the election."""
        ballot_type = BALLOT_TYPE_ALIASES.get(self.ballot_type, self.ballot_type)
        object.__setattr__(self, "ballot_type", ballot_type)
        _check_election(self)

    @property
    def voters(self) -> int:
        """The number of ballots cast: the sum of the weights, or one per listed ballot."""
        return sum(self.weights) if self.weights is not None else len(self.ballots)

    def ballot_weights(self) -> Sequence[int]:
        """How many voters cast each entry of ``ballots`` (1 each without ``weights``)."""
        return self.weights if self.weights is not None else [1] * len(self.ballots)


@dataclass(frozen=True)
class ProjectOutcome:
    """Whether one project was funded and why, as a reason code plus numbers."""

    project_id: str
    selected: bool
    support: Number
    reason: str
    details: dict[str, Number] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """Equal shares compared with greedy: how many voters are more satisfied with each, and
    which outcome the count took ("equalshares" or "greedy")."""

    prefer_equal_shares: int
    prefer_greedy: int
    chose: str


@dataclass(frozen=True)
class RuleResult:
    """The outcome of a count: funded projects in selection order and every project's outcome."""

    rule: str
    selected: list[str]
    outcomes: dict[str, ProjectOutcome]
    tie_notes: list[str] = field(default_factory=list)
    #: the -comparison rules: equal shares against greedy
    comparison: Comparison | None = None


# ---------------------------------------------------------------------------------------------
# public helpers


def count(election: Election, rule: str) -> RuleResult:
    """Count ``election`` by ``rule`` (one of :data:`RULES`)."""
    if rule in ARCHIVE_ONLY_RULES:
        raise ValueError(f"'{rule}' names no rule a count can follow; choose one of RULES")
    if rule not in RULES:
        raise ValueError(f"unknown rule '{rule}'; known rules: {', '.join(RULES)}")
    if rule in _EQUAL_SHARES:
        return _count_equal_shares(election, rule)
    return _count_greedy(election, rule)


def available_rules(election: Election) -> tuple[str, ...]:
    """The rules ``election`` can be counted by (greedy-threshold needs a ``min_support``,
    greedy-exclusive some ``exclusive_groups``)."""
    return tuple(
        r
        for r in RULES
        if (r != "greedy-threshold" or election.min_support is not None)
        and (r != "greedy-exclusive" or election.exclusive_groups)
    )


def ballot_points(election: Election) -> list[dict[str, int]]:
    """The points each entry of ``election.ballots`` gives each project it supports.

    One dict per listed ballot, whatever its weight (see the module docstring for the points).
    """
    return [
        _points_of(ballot, election.ballot_type, election.ordinal_scoring)
        for ballot in election.ballots
    ]


def project_support(election: Election) -> dict[str, int]:
    """The support of every project: votes for approval-like ballots, points otherwise."""
    return _Tally.of(election).support


def election_from_pb(pbfile: PBFile) -> Election:
    """Build an :class:`Election` from a parsed ``.pb`` file (its vote_type, budget, threshold)."""
    ballot_type = pbfile.vote_type
    if ballot_type not in BALLOT_TYPES:
        raise ValueError(f"vote_type '{ballot_type}' is not supported")
    threshold = pbfile.meta.get(THRESHOLD_META_KEY)
    return Election(
        budget=pbfile.budget,
        projects={project.project_id: project.cost for project in pbfile.projects},
        ballot_type=ballot_type,
        ballots=[_ballot_from_pb(vote.vote, vote.points, ballot_type) for vote in pbfile.votes],
        min_support=_meta_whole_number(threshold) if threshold else None,
    )


# ---------------------------------------------------------------------------------------------
# checking and scoring


def _check_election(election: Election) -> None:
    if election.ballot_type not in BALLOT_TYPES:
        raise ValueError(f"unknown ballot type '{election.ballot_type}'")
    _check_amount(election.budget, "the budget", positive=False)
    for project_id, cost in election.projects.items():
        _check_amount(cost, f"the cost of project '{project_id}'", positive=True)
    if election.ordinal_scoring not in ORDINAL_SCORINGS:
        raise ValueError(f"unknown ordinal scoring '{election.ordinal_scoring}'")
    for project_id in election.exclusive_groups or {}:
        if project_id not in election.projects:
            raise ValueError(f"exclusive group of unknown project '{project_id}'")
    if election.min_support is not None:
        _check_whole(election.min_support, "the minimum support", minimum=0)
    if election.weights is not None:
        if len(election.weights) != len(election.ballots):
            raise ValueError(
                f"{len(election.weights)} weights for {len(election.ballots)} ballots; "
                "there must be one weight per ballot"
            )
        for number, weight in enumerate(election.weights, start=1):
            _check_whole(weight, f"the weight of ballot {number}", minimum=1)
    for number, ballot in enumerate(election.ballots, start=1):
        _check_ballot(ballot, election, number)


def _check_amount(value: object, what: str, positive: bool) -> None:
    exact = isinstance(value, int | Decimal | Fraction) and not isinstance(value, bool)
    if not exact or (value <= 0 if positive else value < 0) or not _finite(value):
        least = "above 0" if positive else "at least 0"
        raise ValueError(f"{what} must be an exact amount {least}, not {value!r}")


def _finite(value: int | Decimal | Fraction) -> bool:
    return not isinstance(value, Decimal) or value.is_finite()


def _check_whole(value: object, what: str, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{what} must be a whole number of at least {minimum}, not {value!r}")


def _check_ballot(ballot: Ballot, election: Election, number: int) -> None:
    cumulative = election.ballot_type == "cumulative"
    if cumulative != isinstance(ballot, Mapping) or isinstance(ballot, str):
        kind = "{project id: points}" if cumulative else "a list of project ids"
        raise ValueError(f"ballot {number} must be {kind} for {election.ballot_type} ballots")
    project_ids = list(ballot)
    unknown = [project_id for project_id in project_ids if project_id not in election.projects]
    if unknown:
        raise ValueError(f"ballot {number} names unknown projects {unknown}")
    if len(set(project_ids)) != len(project_ids):
        raise ValueError(f"ballot {number} names a project more than once")
    if isinstance(ballot, Mapping):
        for points in ballot.values():
            _check_whole(points, f"the points on ballot {number}", minimum=0)


def _points_of(ballot: Ballot, ballot_type: str, scoring: str = "positions") -> dict[str, int]:
    if isinstance(ballot, Mapping):
        return {project_id: points for project_id, points in ballot.items() if points > 0}
    if ballot_type == "ordinal":
        last = 1 if scoring == "positions" else 0
        points = {p: len(ballot) - 1 - place + last for place, p in enumerate(ballot)}
        return {project_id: value for project_id, value in points.items() if value > 0}
    return dict.fromkeys(ballot, 1)


def _ballot_from_pb(vote: list[str], points: list[int] | None, ballot_type: str) -> Ballot:
    if ballot_type != "cumulative":
        return list(vote)
    if points is None:
        raise ValueError("a cumulative .pb ballot has no points")
    return dict(zip(vote, points, strict=True))


def _meta_whole_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{THRESHOLD_META_KEY} must be a whole number, not '{value}'") from None


@dataclass(frozen=True)
class _Tally:
    """Points per listed ballot and its weight, support and supporting ballots per project."""

    points: list[dict[str, int]]
    weights: Sequence[int]
    support: dict[str, int]
    voters: dict[str, int]

    @classmethod
    def of(cls, election: Election) -> _Tally:
        points = ballot_points(election)
        weights = election.ballot_weights()
        support = dict.fromkeys(election.projects, 0)
        voters = dict.fromkeys(election.projects, 0)
        for ballot, weight in zip(points, weights, strict=True):
            for project_id, value in ballot.items():
                support[project_id] += value * weight
                voters[project_id] += weight
        return cls(points, weights, support, voters)

    def details(self, election: Election, project_id: str) -> dict[str, Number]:
        return {
            "cost": election.projects[project_id],
            "support": self.support[project_id],
            "voters": self.voters[project_id],
        }


def _unfundable_reason(election: Election, tally: _Tally, project_id: str) -> str | None:
    if election.projects[project_id] > election.budget:
        return "cost_exceeds_budget"
    if tally.support[project_id] == 0:
        return "no_supporters"
    return None


def _mark_tied(outcomes: dict[str, ProjectOutcome], project_ids: Iterable[str]) -> None:
    for project_id in project_ids:
        outcome = outcomes[project_id]
        outcomes[project_id] = dataclasses.replace(outcome, details={**outcome.details, "tied": 1})


def _names(project_ids: Iterable[str]) -> str:
    return ", ".join(project_ids) or "none"


# ---------------------------------------------------------------------------------------------
# greedy rules


@dataclass
class _GreedyWalk:
    left: Amount
    no_skip: bool
    threshold: int | None
    #: greedy-exclusive: project id → group, and the rank of the funded project of each group
    groups: Mapping[str, str] = field(default_factory=dict)
    taken: dict[str, int] = field(default_factory=dict)
    selected: list[str] = field(default_factory=list)
    stopped_at: int | None = None


def _count_greedy(election: Election, rule: str) -> RuleResult:
    tally = _Tally.of(election)
    walk = _GreedyWalk(election.budget, rule == "greedy-no-skip", _threshold(election, rule))
    if rule == "greedy-exclusive":
        walk.groups = election.exclusive_groups or {}
    order = _greedy_order(election, tally)
    outcomes = {
        project_id: _greedy_step(election, tally, walk, project_id, rank)
        for rank, project_id in enumerate(order, start=1)
    }
    notes = _greedy_tie_notes(election, tally, walk.no_skip, order, outcomes)
    return RuleResult(rule, walk.selected, outcomes, notes)


def _threshold(election: Election, rule: str) -> int | None:
    if rule == "greedy-threshold" and election.min_support is None:
        raise ValueError("greedy-threshold needs the election's min_support")
    return None if rule == "greedy" else election.min_support


def _greedy_order(election: Election, tally: _Tally) -> list[str]:
    listing = {project_id: index for index, project_id in enumerate(election.projects)}
    return sorted(election.projects, key=lambda p: (-tally.support[p], listing[p]))


def _greedy_step(
    election: Election, tally: _Tally, walk: _GreedyWalk, project_id: str, rank: int
) -> ProjectOutcome:
    reason = _greedy_reason(election, tally, walk, project_id)
    details = tally.details(election, project_id)
    details.update(rank=rank, budget_left_at_its_turn=walk.left)
    if walk.threshold is not None:
        details["threshold"] = walk.threshold
    if reason == "stopped_at_first_unaffordable" and walk.stopped_at is not None:
        details["stopped_at_rank"] = walk.stopped_at
    if reason == "excluded_by_exclusive_project":
        details["excluded_by_rank"] = walk.taken[walk.groups[project_id]]
    _advance(walk, reason, project_id, election.projects[project_id], rank)
    selected = reason == "selected"
    return ProjectOutcome(project_id, selected, tally.support[project_id], reason, details)


def _greedy_reason(election: Election, tally: _Tally, walk: _GreedyWalk, project_id: str) -> str:
    unfundable = _unfundable_reason(election, tally, project_id)
    if unfundable is not None:
        return unfundable
    if walk.threshold is not None and tally.support[project_id] < walk.threshold:
        return "below_threshold"
    if walk.stopped_at is not None:
        return "stopped_at_first_unaffordable"
    if walk.groups.get(project_id) in walk.taken:
        return "excluded_by_exclusive_project"
    if election.projects[project_id] > walk.left:
        return "not_enough_budget_left"
    return "selected"


def _advance(walk: _GreedyWalk, reason: str, project_id: str, cost: Amount, rank: int) -> None:
    if reason == "selected":
        walk.selected.append(project_id)
        walk.left -= cost
        if project_id in walk.groups:
            walk.taken[walk.groups[project_id]] = rank
    elif reason == "not_enough_budget_left" and walk.no_skip:
        walk.stopped_at = rank


def _greedy_tie_notes(
    election: Election,
    tally: _Tally,
    no_skip: bool,
    order: list[str],
    outcomes: dict[str, ProjectOutcome],
) -> list[str]:
    notes = []
    for group in _equal_support_groups(tally, order, outcomes):
        if _tie_decides(election, group, outcomes, no_skip):
            notes.append(_greedy_tie_note(tally, group, outcomes))
            _mark_tied(outcomes, group)
    return notes


def _equal_support_groups(
    tally: _Tally, order: list[str], outcomes: dict[str, ProjectOutcome]
) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for project_id in order:
        if outcomes[project_id].reason not in _NOT_CONTENDING:
            groups.setdefault(tally.support[project_id], []).append(project_id)
    return [group for group in groups.values() if len(group) > 1]


def _tie_decides(
    election: Election, group: list[str], outcomes: dict[str, ProjectOutcome], no_skip: bool
) -> bool:
    """Whether another order of the equally supported ``group`` would fund other projects.

    With L left at the group's turn: when skipping, another order differs exactly when an
    unfunded member costs at most L (put it first); without skipping, exactly when the group
    does not fit in L as a whole but some member does.
    """
    first = outcomes[group[0]]
    if first.reason == "stopped_at_first_unaffordable":
        return False
    left = first.details["budget_left_at_its_turn"]
    costs = [election.projects[p] for p in group]
    if no_skip:
        return sum(costs) > left and min(costs) <= left
    return any(not outcomes[p].selected and election.projects[p] <= left for p in group)


def _greedy_tie_note(tally: _Tally, group: list[str], outcomes: dict[str, ProjectOutcome]) -> str:
    funded = [p for p in group if outcomes[p].selected]
    unfunded = [p for p in group if not outcomes[p].selected]
    left = outcomes[group[0]].details["budget_left_at_its_turn"]
    return (
        f"Tie: projects {_names(group)} have the same support ({tally.support[group[0]]}); with "
        f"{left} left at their turn, their order in the project list decided that "
        f"{_names(funded)} was funded and {_names(unfunded)} was not."
    )


# ---------------------------------------------------------------------------------------------
# Method of Equal Shares: orchestration and explanations


def _count_equal_shares(election: Election, rule: str) -> RuleResult:
    add1, compare = _EQUAL_SHARES[rule]
    tally = _Tally.of(election)
    if not election.ballots:
        outcomes = {p: _mes_outcome(election, tally, [], p, {}) for p in election.projects}
        return RuleResult(rule, [], outcomes, [])
    data = _MesData.of(election, tally)
    final = _add1_prescan(data) if add1 else _mes_round(data, data.budget)
    selected, ties = _pabutools_round(election, tally, final.total)
    if add1 and not _confirms(data, final, selected):
        total, selected, ties = _exact_add1(election, tally, data)
        final = _mes_round(data, total)
    outcomes = {
        p: _mes_outcome(election, tally, selected, p, _mes_numbers(data, final, p))
        for p in election.projects
    }
    notes = _mes_tie_notes(election, tally, final.total, selected, ties, outcomes)
    result = RuleResult(rule, selected, outcomes, notes)
    return _compared_with_greedy(election, tally, result) if compare else result


def _confirms(data: _MesData, final: _MesRound, selected: list[str]) -> bool:
    prescan = [data.project_ids[i] for i in final.selected]
    spent = sum(data.exact_costs[data.project_ids.index(p)] for p in selected)
    return set(prescan) == set(selected) and spent <= data.budget


def _compared_with_greedy(election: Election, tally: _Tally, mes: RuleResult) -> RuleResult:
    """The -comparison rules: greedy by votes replaces equal shares when strictly more voters
    have more of their projects funded by it (Pabulib's checker, "satisfaction" mode)."""
    greedy = _count_greedy(_approval_view(election, tally), "greedy")
    funded_mes, funded_greedy = set(mes.selected), set(greedy.selected)
    prefer_mes = prefer_greedy = 0
    for points, weight in zip(tally.points, tally.weights, strict=True):
        under_mes = sum(1 for project_id in points if project_id in funded_mes)
        under_greedy = sum(1 for project_id in points if project_id in funded_greedy)
        if under_mes > under_greedy:
            prefer_mes += weight
        elif under_greedy > under_mes:
            prefer_greedy += weight
    chose = "greedy" if prefer_greedy > prefer_mes else "equalshares"
    taken = greedy if chose == "greedy" else mes
    comparison = Comparison(prefer_mes, prefer_greedy, chose)
    return RuleResult(mes.rule, taken.selected, taken.outcomes, taken.tie_notes, comparison)


def _approval_view(election: Election, tally: _Tally) -> Election:
    """The election as approval ballots: each ballot approves the projects it gives points."""
    return Election(
        budget=election.budget,
        projects=election.projects,
        ballot_type="approval",
        ballots=[list(points) for points in tally.points],
        weights=list(tally.weights),
    )


def _mes_outcome(
    election: Election,
    tally: _Tally,
    selected: list[str],
    project_id: str,
    numbers: dict[str, Number],
) -> ProjectOutcome:
    details = {**tally.details(election, project_id), **numbers}
    reason = _unfundable_reason(election, tally, project_id)
    if project_id in selected:
        reason = "selected"
        details["rank"] = selected.index(project_id) + 1
    elif reason is None:
        reason = "supporters_could_not_afford_share"
    return ProjectOutcome(
        project_id, reason == "selected", tally.support[project_id], reason, details
    )


def _mes_numbers(data: _MesData, final: _MesRound, project_id: str) -> dict[str, Number]:
    rows = data.supporters[data.project_ids.index(project_id)]
    money_left = float(np.dot(data.weights[rows], final.money_left[rows]))
    return {
        "budget_per_voter": round(float(final.total) / data.voters, 2),
        "supporters_money_left": round(money_left, 2),
    }


def _mes_tie_notes(
    election: Election,
    tally: _Tally,
    total: Fraction,
    selected: list[str],
    tie_groups: list[list[str]],
    outcomes: dict[str, ProjectOutcome],
) -> list[str]:
    """Re-count each recorded tie with another tied project preferred; note what changes."""
    trials = [
        (group, favoured)
        for group in dict.fromkeys(tuple(group) for group in tie_groups)
        for favoured in group[1:]
    ]
    notes = []
    for group, favoured in trials[:_MAX_TIE_RECOUNTS]:
        alternative, _ = _pabutools_round(election, tally, total, favoured)
        if set(alternative) != set(selected):
            notes.append(_mes_tie_note(group, favoured, selected, alternative))
            _mark_tied(outcomes, group)
    if len(trials) > _MAX_TIE_RECOUNTS:
        notes.append(f"{len(trials) - _MAX_TIE_RECOUNTS} more ways to break MES ties not tried.")
    return notes


def _mes_tie_note(
    group: Sequence[str], favoured: str, selected: list[str], alternative: list[str]
) -> str:
    gained = [p for p in alternative if p not in selected]
    lost = [p for p in selected if p not in alternative]
    return (
        f"Tie: projects {_names(group)} were equally affordable for their supporters; the "
        f"tie-breaking (cheaper first, then more voters, then list order) chose {group[0]}. "
        f"Preferring {favoured} would have funded {_names(gained)} instead of {_names(lost)}."
    )


# ---------------------------------------------------------------------------------------------
# Method of Equal Shares: pabutools


class _RecordingTieBreaking(TieBreakingRule):
    """A tie-breaking rule that also remembers every group of tied projects, in its order."""

    def __init__(self, key: Callable[[str], tuple[int, ...]]) -> None:
        """Order tied projects by ``key(project id)``."""
        super().__init__(lambda _instance, _profile, project: key(project.name))
        self.groups: list[list[str]] = []

    def order(
        self,
        instance: Any,
        profile: Any,
        projects: Any,
        key: Callable[..., Project] | None = None,
    ) -> list[Project]:
        """Order ``projects`` as pabutools expects and record the group."""
        ordered = super().order(instance, profile, projects, key)
        self.groups.append([(key(p) if key else p).name for p in ordered])
        return ordered


def _points_times_cost(
    _instance: Instance,
    _profile: AbstractProfile,
    ballot: AbstractBallot,
    project: Project,
    _: dict,
) -> Number:
    return dict(_ballot_items(ballot)).get(project, 0) * project.cost


def _ballot_items(ballot: AbstractBallot) -> Iterator[tuple[Project, Number]]:
    if isinstance(ballot, Mapping):
        return iter(ballot.items())
    return ((project, 1) for project in ballot)  # type: ignore[attr-defined]


class _PointsCostSat(AdditiveSatisfaction):
    """pabutools' ``Cost_Sat`` scaled by points: utility = points given to a project x its cost.

    Approval ballots give 1 point, so there the values are exactly ``Cost_Sat``'s. Projects are
    looked up by name in a dict; ``Cost_Sat`` searches the frozen ballot tuples of a
    multiprofile, which made setting up MES on Warszawa-Bemowo take seconds.
    """

    def __init__(
        self, instance: Instance, profile: AbstractProfile, ballot: AbstractBallot
    ) -> None:
        """Index the ballot's points by project name."""
        super().__init__(instance, profile, ballot, _points_times_cost)
        self.points = {project.name: value for project, value in _ballot_items(ballot)}

    def sat_project(self, project: Project) -> Number:
        """The utility of one project for this ballot."""
        return self.points.get(project.name, 0) * project.cost

    def sat(self, projects: Iterable[Project]) -> Number:
        """The utility of a set of projects (additive)."""
        return sum(self.sat_project(project) for project in projects)


def _pabutools_election(
    election: Election, tally: _Tally, budget_limit: Fraction
) -> tuple[Instance, AbstractProfile]:
    """pabutools' instance and multiprofile: each distinct ballot once, with its multiplicity.

    The keys, their order and the multiplicities are those ``Profile.as_multiprofile()`` gives
    for the ballots listed one by one, so pabutools computes exactly as it did on them.
    """
    projects = {p: Project(p, _exact(cost)) for p, cost in election.projects.items()}
    instance = Instance(projects.values(), budget_limit=budget_limit)
    profile: ApprovalMultiProfile | CumulativeMultiProfile
    if election.ballot_type in _APPROVAL_LIKE:
        profile = ApprovalMultiProfile(instance=instance)
        frozen = [ApprovalBallot(projects[p] for p in b).frozen() for b in tally.points]
    else:
        profile = CumulativeMultiProfile(instance=instance)
        frozen = [
            CumulativeBallot({projects[p]: v for p, v in b.items()}).frozen() for b in tally.points
        ]
    for ballot, weight in zip(frozen, tally.weights, strict=True):
        profile[ballot] = profile.get(ballot, 0) + weight
    return instance, profile


def _mes_tie_key(
    election: Election, tally: _Tally, favoured: str | None = None
) -> Callable[[str], tuple[int, ...]]:
    """Sort key of tied projects: ``favoured`` first, then cheaper, more voters, listed first."""
    listing = {project_id: index for index, project_id in enumerate(election.projects)}

    def key(project_id: str) -> tuple[int, ...]:
        preferred = 0 if project_id == favoured else 1
        cost, voters = election.projects[project_id], tally.voters[project_id]
        return (preferred, cost, -voters, listing[project_id])

    return key


def _mes_tie_rule(
    election: Election, tally: _Tally, favoured: str | None = None
) -> _RecordingTieBreaking:
    return _RecordingTieBreaking(_mes_tie_key(election, tally, favoured))


def _exact(amount: Amount) -> int | Fraction:
    """An amount as pabutools computes exactly with it (it mixes badly with Decimal)."""
    return amount if isinstance(amount, int) else Fraction(amount)


def _pabutools_round(
    election: Election, tally: _Tally, total: Fraction, favoured: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """pabutools' MES with ``total`` shared equally among the voters; selection and ties."""
    instance, profile = _pabutools_election(election, tally, total)
    tie_rule = _mes_tie_rule(election, tally, favoured)
    outcome = method_of_equal_shares(
        instance, profile, sat_class=_PointsCostSat, tie_breaking=tie_rule
    )
    return [project.name for project in outcome], tie_rule.groups


def _add1_totals(budget: Fraction, voters: int) -> Iterator[Fraction]:
    """The money shared in each add1 round after the first: n x (floor(B / n) + k), k >= 1."""
    share = budget // voters
    while True:
        share += 1
        yield Fraction(share * voters)


def _exact_add1(
    election: Election, tally: _Tally, data: _MesData
) -> tuple[Fraction, list[str], list[list[str]]]:
    """The add1 completion with pabutools alone (exact but slow): used if the pre-scan and
    pabutools disagree. The same rounds as :func:`_add1_prescan`."""
    total = data.budget
    selected, ties = _pabutools_round(election, tally, total)
    candidates = {data.project_ids[i] for i in data.candidates()}
    for following in _add1_totals(data.budget, data.voters):
        if candidates <= set(selected):
            break
        more, more_ties = _pabutools_round(election, tally, following)
        if sum(election.projects[p] for p in more) > election.budget:
            break
        total, selected, ties = following, more, more_ties
    return total, selected, ties


# ---------------------------------------------------------------------------------------------
# Method of Equal Shares: the vectorised pre-scan of the add1 loop


@dataclass(frozen=True)
class _MesData:
    """The election as arrays: one row per distinct ballot, weighted by how many cast it."""

    budget: Fraction
    voters: int
    project_ids: list[str]
    exact_costs: list[Amount]
    costs: np.ndarray
    weights: np.ndarray
    supporters: list[np.ndarray]
    supporter_weights: list[np.ndarray]
    utilities: list[np.ndarray]
    weighted_utilities: list[np.ndarray]
    tie_order: list[tuple[int, ...]]

    @classmethod
    def of(cls, election: Election, tally: _Tally) -> _MesData:
        distinct: Counter[frozenset[tuple[str, int]]] = Counter()
        for points, weight in zip(tally.points, tally.weights, strict=True):
            distinct[frozenset(points.items())] += weight
        project_ids = list(election.projects)
        column = {project_id: index for index, project_id in enumerate(project_ids)}
        rows: list[list[int]] = [[] for _ in project_ids]
        utilities: list[list[int]] = [[] for _ in project_ids]
        for row, ballot in enumerate(distinct):
            for project_id, points in ballot:
                rows[column[project_id]].append(row)
                utilities[column[project_id]].append(points * election.projects[project_id])
        weights = np.array(list(distinct.values()), dtype=float)
        supporters = [np.array(r, dtype=np.int64) for r in rows]
        utility = [np.array(u, dtype=float) for u in utilities]
        tie_key = _mes_tie_key(election, tally)
        return cls(
            budget=Fraction(election.budget),
            voters=election.voters,
            project_ids=project_ids,
            exact_costs=[election.projects[p] for p in project_ids],
            costs=np.array([float(election.projects[p]) for p in project_ids], dtype=float),
            weights=weights,
            supporters=supporters,
            supporter_weights=[weights[r] for r in supporters],
            utilities=utility,
            weighted_utilities=[weights[r] * u for r, u in zip(supporters, utility, strict=True)],
            tie_order=[tie_key(p) for p in project_ids],
        )

    def candidates(self) -> list[int]:
        """The projects somebody supports."""
        return [index for index, rows in enumerate(self.supporters) if rows.size]


@dataclass(frozen=True)
class _MesRound:
    """One MES run with ``total`` shared equally: selection order and the money left per row."""

    total: Fraction
    selected: list[int]
    money_left: np.ndarray


def _add1_prescan(data: _MesData) -> _MesRound:
    """The add1 completion of Pabulib's checker: the last round within budget (module
    docstring); stops early once every project somebody supports is funded."""
    current = _mes_round(data, data.budget)
    candidates = set(data.candidates())
    for total in _add1_totals(data.budget, data.voters):
        if candidates <= set(current.selected):
            break
        following = _mes_round(data, total)
        if sum(data.exact_costs[i] for i in following.selected) > data.budget:
            break
        current = following
    return current


def _mes_round(data: _MesData, total: Fraction) -> _MesRound:
    """MES with ``total`` shared equally among the voters, as pabutools computes it."""
    money = np.full(data.weights.shape, float(total) / data.voters)
    bounds = {i: float(data.costs[i] / data.weighted_utilities[i].sum()) for i in data.candidates()}
    selected: list[int] = []
    while bounds:
        best, tied = _cheapest_projects(data, money, bounds)
        if not tied:
            break
        chosen = min(tied, key=data.tie_order.__getitem__)
        selected.append(chosen)
        del bounds[chosen]
        rows = data.supporters[chosen]
        money[rows] -= np.minimum(money[rows], best * data.utilities[chosen])
    return _MesRound(total, selected, money)


def _cheapest_projects(
    data: _MesData, money: np.ndarray, bounds: dict[int, float]
) -> tuple[float, list[int]]:
    """The lowest affordability and the projects reaching it; drops unaffordable projects.

    ``bounds`` holds each project's last affordability, a lower bound of the current one, so
    the scan stops at the first project whose bound is already worse than the best found.
    """
    best, tied = float("inf"), []
    for index in sorted(bounds, key=bounds.__getitem__):
        if bounds[index] > best * (1 + _TOLERANCE):
            break
        rho = _affordability(data, money, index)
        if rho is None:
            del bounds[index]
            continue
        bounds[index] = rho
        if rho < best * (1 - _TOLERANCE):
            best, tied = rho, [index]
        elif rho <= best * (1 + _TOLERANCE):
            tied.append(index)
    return best, tied


def _affordability(data: _MesData, money: np.ndarray, index: int) -> float | None:
    """The least rho such that supporters paying min(money, rho * utility) cover the cost.

    The "poor/rich" fixed point: supporters who cannot pay rho * utility give all they have,
    the others share the rest in proportion to their utility, until nobody else turns poor.
    """
    rows, cost = data.supporters[index], data.costs[index]
    budgets = money[rows]
    held = data.supporter_weights[index] * budgets
    total = held.sum()
    if total < cost * (1 - _TOLERANCE):
        return None
    ratio, weighted_utility = budgets / data.utilities[index], data.weighted_utilities[index]
    rho = cost / weighted_utility.sum()
    poor_count = 0
    while True:
        rich = ratio >= rho * (1 - _TOLERANCE)
        now_poor = rich.size - np.count_nonzero(rich)
        if now_poor == poor_count:
            return float(rho)
        poor_count = now_poor
        rich_utility = weighted_utility @ rich
        if rich_utility <= 0:
            return float(ratio.max())
        rho = (cost - total + held @ rich) / rich_utility
