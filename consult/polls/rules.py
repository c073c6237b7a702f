"""Counting rules for participatory-budgeting polls, with the reason each project won or lost.

One entry point, :func:`count` ``(election, rule) -> RuleResult``. The rules carry the names
Pabulib uses in the META ``rule`` field (:data:`RULES`):

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
``equalshares/add1``
    The Method of Equal Shares (pabutools' ``method_of_equal_shares``) with cost utilities:
    every voter gets an equal share of the budget and a project is funded when its supporters
    can pay for it, the project costing them least per unit of utility going first. Completed
    by "add1": each voter's share grows by 1 while the outcome stays within the real budget and
    is not yet exhaustive. As in Pabulib there is no utilitarian greedy completion afterwards:
    Pabulib's checker has none and Assen 2024 leaves 23,300 EUR unspent that would fund project
    7, which greedy completion would add.

Support ("score"): for approval, choose-1 and knapsack ballots the number of ballots naming the
project; for cumulative ballots the sum of the points. Ordinal ballots are scored as Pabulib
scores them (the files carry no scoring key in META): in a ballot naming k projects the first
gets k points, the second k-1, ..., the last 1; this reproduces the ``score`` column of Kraków
2019. Under equalshares/add1 a voter's utility for a project is its cost times the points given
to it (1 for approval ballots, which is pabutools' ``Cost_Sat``).

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

Detail keys (numbers): ``cost``, ``support``, ``voters`` (ballots naming it), ``rank``,
``budget_left_at_its_turn`` (greedy), ``threshold``, ``stopped_at_rank``, ``budget_per_voter``
(MES: each voter's share in the final add1 round), ``supporters_money_left`` (MES), ``tied``.

Speed: pabutools' own add1 loop re-runs MES from scratch once per unit of budget per voter
(332 times for Warszawa-Bemowo 2023, about five minutes). Here a vectorised pre-scan runs that
loop on numpy arrays to find the final round, then pabutools counts that round once; if the two
disagree, pabutools' own loop decides. An election may list each distinct ballot once with its
number (``Election.weights``): it is checked once, tallied with its weight and handed to
pabutools as one multiprofile entry of that multiplicity, so 100,000 ballots of a few hundred
kinds cost a few hundred steps, with the same outcome as the ballots listed one by one.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
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

if TYPE_CHECKING:
    from consult.polls.pabulib import PBFile

RULES: tuple[str, ...] = ("greedy", "greedy-no-skip", "greedy-threshold", "equalshares/add1")
BALLOT_TYPES: tuple[str, ...] = ("approval", "choose-1", "knapsack", "cumulative", "ordinal")
#: names other parts of the app use for the same ballot types
BALLOT_TYPE_ALIASES: dict[str, str] = {"choose_one": "choose-1", "ranking": "ordinal"}
#: the META key of a .pb file holding the minimum support of greedy-threshold
THRESHOLD_META_KEY = "min_project_score_threshold"
#: every reason code a ProjectOutcome can carry (documented in the module docstring)
REASONS: tuple[str, ...] = (
    "selected",
    "not_enough_budget_left",
    "stopped_at_first_unaffordable",
    "below_threshold",
    "no_supporters",
    "cost_exceeds_budget",
    "supporters_could_not_afford_share",
)

_MES = "equalshares/add1"
_APPROVAL_LIKE = ("approval", "choose-1", "knapsack")
_NOT_CONTENDING = ("cost_exceeds_budget", "no_supporters", "below_threshold")
#: relative tolerance when the MES pre-scan compares floating-point amounts
_TOLERANCE = 1e-9
#: at most this many MES re-counts to find out whether a tie changed the outcome
_MAX_TIE_RECOUNTS = 12

Ballot = Sequence[str] | Mapping[str, int]
Number = int | float


@dataclass(frozen=True)
class Election:
    """The input of a count, independent of any file format or database.

    ``projects`` maps project id to cost (positive whole numbers) in listing order. ``ballots``
    are lists of project ids (approval, choose-1, knapsack; ordinal in order of preference) or
    ``{project id: points}`` (cumulative). ``min_support`` is the threshold of greedy-threshold.
    ``weights``, when given, says how many voters cast each entry of ``ballots`` (whole numbers
    of at least 1, one per entry): 100,000 ballots over a few projects are a few hundred
    distinct ones, each checked and tallied once. Every count is the same as with each ballot
    listed ``weight`` times. ``ballot_type`` also accepts the aliases in
    :data:`BALLOT_TYPE_ALIASES`. Raises ValueError when something does not fit together.
    """

    budget: int
    projects: Mapping[str, int]
    ballot_type: str
    ballots: Sequence[Ballot]
    min_support: int | None = None
    weights: Sequence[int] | None = None

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
class RuleResult:
    """The outcome of a count: funded projects in selection order and every project's outcome."""

    rule: str
    selected: list[str]
    outcomes: dict[str, ProjectOutcome]
    tie_notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# public helpers


def count(election: Election, rule: str) -> RuleResult:
    """Count ``election`` by ``rule`` (one of :data:`RULES`)."""
    if rule not in RULES:
        raise ValueError(f"unknown rule '{rule}'; known rules: {', '.join(RULES)}")
    if rule == _MES:
        return _count_equal_shares(election)
    return _count_greedy(election, rule)


def available_rules(election: Election) -> tuple[str, ...]:
    """The rules ``election`` can be counted by (greedy-threshold needs a ``min_support``)."""
    return tuple(r for r in RULES if r != "greedy-threshold" or election.min_support is not None)


def ballot_points(election: Election) -> list[dict[str, int]]:
    """The points each entry of ``election.ballots`` gives each project it supports.

    One dict per listed ballot, whatever its weight (see the module docstring for the points).
    """
    return [_points_of(ballot, election.ballot_type) for ballot in election.ballots]


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
    _check_whole(election.budget, "the budget", minimum=0)
    for project_id, cost in election.projects.items():
        _check_whole(cost, f"the cost of project '{project_id}'", minimum=1)
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


def _points_of(ballot: Ballot, ballot_type: str) -> dict[str, int]:
    if isinstance(ballot, Mapping):
        return {project_id: points for project_id, points in ballot.items() if points > 0}
    if ballot_type == "ordinal":
        return {project_id: len(ballot) - place for place, project_id in enumerate(ballot)}
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
    left: int
    no_skip: bool
    threshold: int | None
    selected: list[str] = field(default_factory=list)
    stopped_at: int | None = None


def _count_greedy(election: Election, rule: str) -> RuleResult:
    tally = _Tally.of(election)
    walk = _GreedyWalk(election.budget, rule == "greedy-no-skip", _threshold(election, rule))
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
    if election.projects[project_id] > walk.left:
        return "not_enough_budget_left"
    return "selected"


def _advance(walk: _GreedyWalk, reason: str, project_id: str, cost: int, rank: int) -> None:
    if reason == "selected":
        walk.selected.append(project_id)
        walk.left -= cost
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


def _count_equal_shares(election: Election) -> RuleResult:
    tally = _Tally.of(election)
    if not election.ballots:
        outcomes = {p: _mes_outcome(election, tally, [], p, {}) for p in election.projects}
        return RuleResult(_MES, [], outcomes, [])
    data = _MesData.of(election, tally)
    final = _add1_prescan(data)
    selected, ties = _pabutools_round(election, tally, final.increment)
    if not _confirms(data, final, selected):
        final = _mes_round(data, _pabutools_add1_increment(election, tally))
        selected, ties = _pabutools_round(election, tally, final.increment)
    outcomes = {
        p: _mes_outcome(election, tally, selected, p, _mes_numbers(data, final, p))
        for p in election.projects
    }
    notes = _mes_tie_notes(election, tally, final.increment, selected, ties, outcomes)
    return RuleResult(_MES, selected, outcomes, notes)


def _confirms(data: _MesData, final: _MesRound, selected: list[str]) -> bool:
    prescan = [data.project_ids[i] for i in final.selected]
    spent = sum(int(data.costs[data.project_ids.index(p)]) for p in selected)
    return set(prescan) == set(selected) and spent <= data.budget


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
        "budget_per_voter": round(data.budget / data.voters + final.increment, 2),
        "supporters_money_left": round(money_left, 2),
    }


def _mes_tie_notes(
    election: Election,
    tally: _Tally,
    increment: int,
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
        alternative, _ = _pabutools_round(election, tally, increment, favoured)
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
    election: Election, tally: _Tally, budget_limit: int
) -> tuple[Instance, AbstractProfile]:
    """pabutools' instance and multiprofile: each distinct ballot once, with its multiplicity.

    The keys, their order and the multiplicities are those ``Profile.as_multiprofile()`` gives
    for the ballots listed one by one, so pabutools computes exactly as it did on them.
    """
    projects = {p: Project(p, cost) for p, cost in election.projects.items()}
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


def _pabutools_round(
    election: Election, tally: _Tally, increment: int, favoured: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """pabutools' MES with each voter's share raised by ``increment``; selection and ties."""
    budget_limit = election.budget + increment * election.voters
    instance, profile = _pabutools_election(election, tally, budget_limit)
    tie_rule = _mes_tie_rule(election, tally, favoured)
    outcome = method_of_equal_shares(
        instance, profile, sat_class=_PointsCostSat, tie_breaking=tie_rule
    )
    return [project.name for project in outcome], tie_rule.groups


def _pabutools_add1_increment(election: Election, tally: _Tally) -> int:
    """The add1 round found by pabutools alone: exact but slow, used if the pre-scan disagrees."""
    instance, profile = _pabutools_election(election, tally, election.budget)
    outcome = method_of_equal_shares(
        instance,
        profile,
        sat_class=_PointsCostSat,
        tie_breaking=_mes_tie_rule(election, tally),
        voter_budget_increment=1,
        analytics=True,
    )
    share = Fraction(outcome.details.iterations[0].voters_budget[0])
    return int(share - Fraction(election.budget, election.voters))


# ---------------------------------------------------------------------------------------------
# Method of Equal Shares: the vectorised pre-scan of the add1 loop


@dataclass(frozen=True)
class _MesData:
    """The election as arrays: one row per distinct ballot, weighted by how many cast it."""

    budget: int
    voters: int
    project_ids: list[str]
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
            budget=election.budget,
            voters=election.voters,
            project_ids=project_ids,
            costs=np.array([election.projects[p] for p in project_ids], dtype=float),
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
    """One MES run at a fixed share per voter: selection order and the money left per row."""

    increment: int
    selected: list[int]
    money_left: np.ndarray


def _add1_prescan(data: _MesData) -> _MesRound:
    """pabutools' add1 loop: the last round within budget, or the first exhaustive one."""
    previous: _MesRound | None = None
    increment = 0
    while True:
        current = _mes_round(data, increment)
        spent = int(sum(data.costs[current.selected]))
        if spent > data.budget:
            return previous or current
        if _is_exhaustive(data, current.selected, spent):
            return current
        previous, increment = current, increment + 1


def _is_exhaustive(data: _MesData, selected: list[int], spent: int) -> bool:
    chosen = set(selected)
    left = data.budget - spent
    return all(i in chosen or data.costs[i] > left for i in data.candidates())


def _mes_round(data: _MesData, increment: int) -> _MesRound:
    """MES with a share of budget / voters + increment per voter, as pabutools computes it."""
    money = np.full(data.weights.shape, data.budget / data.voters + increment)
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
    return _MesRound(increment, selected, money)


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
