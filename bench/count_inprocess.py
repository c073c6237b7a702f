"""The count of an archive-sized participatory-budgeting poll, ours against pabutools alone.

The largest approval elections of Pabulib have about 130,000 voters and 200 projects. This
script makes one such election (seeded, so every run counts the same ballots), counts it with
``consult.polls.rules`` by greedy and by equalshares/add1, and counts the same profile with
pabutools directly as the baseline measured in the same run:

- greedy: pabutools' ``greedy_utilitarian_welfare`` with ``Cost_Sat``. With cost utilities a
  project's satisfaction per unit of cost is its number of votes, so this is greedy by votes,
  the rule ours implements (``Cardinality_Sat`` would order by votes per EUR, another rule).
  Both break ties by listing order here (project ids are zero-padded, listing = name order).
- MES: pabutools' ``method_of_equal_shares`` with ``Cost_Sat``, ONE round at the budget of the
  final round of our add1 count (each voter's share in our result times the voters). pabutools'
  own add1 loop (``voter_budget_increment=1``) re-runs MES from scratch once per EUR added to
  each share (34 rounds at the default size, 143 at 30,000 voters, thousands with a few
  thousand voters); ``--pabutools-add1`` times it once as well (4 minutes at the default
  size here), otherwise it is not run.

    .venv/bin/python bench/count_inprocess.py                      # 130,000 x 200
    .venv/bin/python bench/count_inprocess.py --voters 30000 --repeat 3 --only greedy
    .venv/bin/python bench/count_inprocess.py --root /tmp/tree     # another tree's rules
    .venv/bin/python bench/count_inprocess.py --json /tmp/count.json

Wall time (time.perf_counter), the median of ``--repeat`` runs. Nothing here is a test: the
figures are ratios against the baseline of the same run.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MES_RULE = "equalshares/add1"
STEPS = ("greedy", "mes")

#: neighbourhoods of the city; each voter lives in one, most projects belong to one
NEIGHBOURHOODS = 12
#: share of projects for the whole city rather than one neighbourhood
CITY_WIDE_SHARE = 0.2
#: how much likelier a voter is to pick a project of their own neighbourhood
LOCAL_PREFERENCE = 6.0
#: cheapest and dearest project, EUR
COST_RANGE = (20_000, 1_500_000)
#: about this many average projects fit in the budget
FUNDABLE_PROJECTS = 19
#: most projects a ballot names
MAX_BALLOT_LENGTH = 15


@dataclass
class Profile:
    """A generated approval election: costs by project id (listing order) and the ballots."""

    budget: int
    costs: dict[str, int]
    ballots: list[list[str]]

    @property
    def distinct_ballots(self) -> int:
        """How many different sets of projects were cast."""
        return len({frozenset(ballot) for ballot in self.ballots})


@dataclass
class Step:
    """One timed step: our median, pabutools' median, and whether the outcomes agree."""

    name: str
    ours: float | None = None
    pabutools: float | None = None
    same_outcome: bool | None = None
    note: str = ""
    ours_runs: list[float] = field(default_factory=list)
    pabutools_runs: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        """pabutools' time over ours (above 1: ours is faster)."""
        if not self.ours or self.pabutools is None:
            return None
        return self.pabutools / self.ours


# ---------------------------------------------------------------------------------------------
# the election


def project_costs(rng: np.random.Generator, projects: int) -> dict[str, int]:
    """Costs spread like a city's: lognormal around 150,000 EUR, in whole thousands."""
    low, high = COST_RANGE
    raw = rng.lognormal(mean=np.log(150_000), sigma=1.0, size=projects)
    costs = np.clip(np.round(raw, -3), low, high).astype(int)
    width = len(str(projects))
    return {f"p{i + 1:0{width}d}": int(cost) for i, cost in enumerate(costs)}


def generate(voters: int, projects: int, seed: int) -> Profile:
    """An approval election like Pabulib's largest: local clusters, skewed popularity.

    Each project has a popularity (lognormal, so a few draw most votes) and a neighbourhood,
    or none when it serves the whole city. A voter picks 1-15 projects (short ballots most
    often) without replacement, with probability proportional to popularity, times
    LOCAL_PREFERENCE for projects of their own neighbourhood or the whole city (Gumbel top-k).
    """
    rng = np.random.default_rng(seed)
    costs = project_costs(rng, projects)
    ids = list(costs)
    budget = int(round(sum(costs.values()) * FUNDABLE_PROJECTS / projects, -4))
    popularity = rng.lognormal(mean=0.0, sigma=1.2, size=projects)
    area = rng.integers(0, NEIGHBOURHOODS, size=projects)
    city_wide = rng.random(projects) < CITY_WIDE_SHARE
    home = rng.integers(0, NEIGHBOURHOODS, size=voters)
    lengths = np.minimum(rng.geometric(0.2, size=voters), MAX_BALLOT_LENGTH)
    ballots: list[list[str]] = [[] for _ in range(voters)]
    for neighbourhood in range(NEIGHBOURHOODS):
        local = city_wide | (area == neighbourhood)
        weight = np.log(popularity * np.where(local, LOCAL_PREFERENCE, 1.0))
        for chunk in np.array_split(np.flatnonzero(home == neighbourhood), 8):
            keys = weight + rng.gumbel(size=(chunk.size, projects))
            order = np.argsort(-keys, axis=1)
            for voter, ranked in zip(chunk, order, strict=True):
                chosen = np.sort(ranked[: lengths[voter]])
                ballots[voter] = [ids[i] for i in chosen]
    return Profile(budget, costs, ballots)


# ---------------------------------------------------------------------------------------------
# the two counts


def timed(action: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """Wall time of one call and its result."""
    start = time.perf_counter()
    result = action(*args)
    return time.perf_counter() - start, result


def load_rules(root: Path) -> Any:
    """``consult.polls.rules`` of the tree at ``root``."""
    sys.path.insert(0, str(root))
    from consult.polls import rules

    return rules


def our_election(rules: Any, profile: Profile) -> Any:
    """The Election the app counts: one ballot per voter, as ``election_from_pb`` builds it."""
    return rules.Election(
        budget=profile.budget,
        projects=profile.costs,
        ballot_type="approval",
        ballots=profile.ballots,
    )


def pabutools_election(profile: Profile, budget: int) -> tuple[Any, Any]:
    """pabutools' Instance (same costs, ``budget``) and ApprovalProfile of the same ballots."""
    from pabutools.election import ApprovalBallot, ApprovalProfile, Instance, Project

    projects = {p: Project(p, cost) for p, cost in profile.costs.items()}
    instance = Instance(projects.values(), budget_limit=budget)
    ballots = [ApprovalBallot(projects[p] for p in ballot) for ballot in profile.ballots]
    return instance, ApprovalProfile(ballots, instance=instance)


def pabutools_greedy(instance: Any, ballots: Any) -> list[str]:
    """Greedy by votes in pabutools: utilitarian greedy with cost satisfaction."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare

    return [p.name for p in greedy_utilitarian_welfare(instance, ballots, sat_class=Cost_Sat)]


def pabutools_mes_round(instance: Any, ballots: Any) -> list[str]:
    """One MES round in pabutools at the instance's budget, cost satisfaction, no add1 loop."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import method_of_equal_shares

    return [p.name for p in method_of_equal_shares(instance, ballots, sat_class=Cost_Sat)]


def pabutools_add1(instance: Any, ballots: Any) -> list[str]:
    """pabutools' own add1 completion: MES re-run with each share raised by 1 EUR at a time."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import method_of_equal_shares

    outcome = method_of_equal_shares(
        instance, ballots, sat_class=Cost_Sat, voter_budget_increment=1
    )
    return [p.name for p in outcome]


def round_budget(result: Any, profile: Profile) -> int:
    """The total of our final add1 round: each voter's share times the voters.

    ``budget_per_voter`` is rounded to cents. Under pabutools' reading the share is B/n + k,
    under Pabulib's checker floor(B/n) + k (or B/n in round 0); the candidate whose share is
    nearest the reported one is taken.
    """
    voters, budget = len(profile.ballots), profile.budget
    shares = [o.details.get("budget_per_voter") for o in result.outcomes.values()]
    shares = [share for share in shares if share]
    if not shares:
        return budget
    share = shares[0]
    k_plus = round(share - budget / voters)
    candidates = [budget, budget + k_plus * voters, round(share) * voters]
    return min(candidates, key=lambda total: abs(total / voters - share))


def funded(selected: list[str], profile: Profile) -> str:
    """How many projects a count funds and what they cost together."""
    spent = sum(profile.costs[p] for p in selected)
    return f"{len(selected)} projects for {spent:,} EUR"


def mes_note(profile: Profile, total: int, ours: list[str], theirs: list[str]) -> str:
    """What the MES baseline is, and what pabutools' own add1 loop would cost."""
    voters = len(profile.ballots)
    rounds = round((total - profile.budget) / voters) + 1
    return (
        f"pabutools: one MES round at {total:,} EUR (budget {profile.budget:,}, "
        f"{total / voters:.2f} EUR a voter); ours funds {funded(ours, profile)}, pabutools "
        f"{funded(theirs, profile)}. pabutools' add1 loop would run about {rounds} MES "
        "rounds, this one and all before it at smaller budgets (--pabutools-add1 times it)."
    )


@dataclass
class Run:
    """One repeat's inputs: the rules module, the election as ours and as pabutools' objects."""

    rules: Any
    profile: Profile
    election: Any
    instance: Any
    ballots: Any


def time_build(rules: Any, profile: Profile, build: Step) -> Run:
    """Build both elections from the ballots, timed."""
    seconds, election = timed(our_election, rules, profile)
    build.ours_runs.append(seconds)
    seconds, (instance, ballots) = timed(pabutools_election, profile, profile.budget)
    build.pabutools_runs.append(seconds)
    return Run(rules, profile, election, instance, ballots)


def time_greedy(run: Run, step: Step) -> None:
    """Greedy by votes, ours and pabutools', and whether they fund the same projects."""
    seconds, ours = timed(run.rules.count, run.election, "greedy")
    step.ours_runs.append(seconds)
    seconds, theirs = timed(pabutools_greedy, run.instance, run.ballots)
    step.pabutools_runs.append(seconds)
    step.same_outcome = ours.selected == theirs
    step.note = f"ours funds {funded(ours.selected, run.profile)}, pabutools " + funded(
        theirs, run.profile
    )


def time_mes(run: Run, step: Step) -> None:
    """Our add1 count, then pabutools' single MES round at the budget of our final round."""
    seconds, result = timed(run.rules.count, run.election, MES_RULE)
    step.ours_runs.append(seconds)
    total = round_budget(result, run.profile)
    run.instance.budget_limit = total
    try:
        seconds, theirs = timed(pabutools_mes_round, run.instance, run.ballots)
    finally:
        run.instance.budget_limit = run.profile.budget
    step.pabutools_runs.append(seconds)
    step.same_outcome = set(result.selected) == set(theirs)
    step.note = mes_note(run.profile, total, result.selected, theirs)


def time_add1_loop(run: Run, mes: Step, step: Step) -> None:
    """pabutools' whole add1 loop once, against our add1 count (the median of ``mes``)."""
    seconds, theirs = timed(pabutools_add1, run.instance, run.ballots)
    step.ours_runs = list(mes.ours_runs)
    step.pabutools_runs.append(seconds)
    step.same_outcome = set(run.rules.count(run.election, MES_RULE).selected) == set(theirs)
    step.note = (
        f"pabutools funds {funded(theirs, run.profile)}; both are add1 completions but need "
        "not agree when ours follows Pabulib's checker"
    )


def measure(
    profile: Profile, rules: Any, only: tuple[str, ...], repeat: int, add1_loop: bool = False
) -> list[Step]:
    """Time every step ``repeat`` times and keep the medians (pabutools' add1 loop once)."""
    build, greedy = Step("build the profile"), Step("greedy")
    mes, loop = Step(MES_RULE), Step("pabutools add1 loop")
    for _ in range(repeat):
        run = time_build(rules, profile, build)
        if "greedy" in only:
            time_greedy(run, greedy)
        if "mes" in only:
            time_mes(run, mes)
    if add1_loop and "mes" in only:
        time_add1_loop(run, mes, loop)
    steps = [build] + [step for step in (greedy, mes, loop) if step.ours_runs]
    for step in steps:
        step.ours = statistics.median(step.ours_runs)
        step.pabutools = statistics.median(step.pabutools_runs)
    return steps


# ---------------------------------------------------------------------------------------------
# output


def table(steps: list[Step]) -> str:
    """The figures as a fixed-width table."""

    def cell(value: float | bool | None, digits: int = 2) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "NO"
        return f"{value:.{digits}f}"

    lines = [f"{'step':<20} {'ours (s)':>10} {'pabutools (s)':>14} {'ratio p/o':>10}  same outcome"]
    lines.append("-" * len(lines[0]))
    for step in steps:
        lines.append(
            f"{step.name:<20} {cell(step.ours):>10} {cell(step.pabutools):>14} "
            f"{cell(step.ratio, 1):>10}  {cell(step.same_outcome)}"
        )
    lines.extend(f"  {step.name}: {step.note}" for step in steps if step.note)
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=130_000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=1, help="median of N runs (1)")
    parser.add_argument("--only", default="greedy,mes", help="greedy,mes (both)")
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    parser.add_argument(
        "--pabutools-add1",
        action="store_true",
        help="also time pabutools' own add1 loop once (many MES rounds; minutes to hours)",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the tree whose rules to count")
    args = parser.parse_args(argv)
    args.only = tuple(name.strip() for name in args.only.split(",") if name.strip())
    unknown = set(args.only) - set(STEPS)
    if unknown or args.repeat < 1:
        parser.error(f"--only takes {', '.join(STEPS)}; --repeat at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    """Generate the election, count it both ways, print (and optionally save) the figures."""
    args = parse_args(argv)
    began = time.perf_counter()
    rules = load_rules(args.root.resolve())
    generated, profile = timed(generate, args.voters, args.projects, args.seed)
    print(
        f"election: {args.voters:,} voters, {args.projects} projects, budget "
        f"{profile.budget:,} EUR, {profile.distinct_ballots:,} distinct ballots, "
        f"{sum(map(len, profile.ballots)) / args.voters:.1f} projects per ballot "
        f"(seed {args.seed}, generated in {generated:.1f} s); counted by {rules.__file__}",
        flush=True,
    )
    print(
        "pabutools' own add1 loop (voter_budget_increment=1) re-runs MES from scratch once per "
        "EUR added to each share; the MES baseline is its last round alone"
        + (", and the loop is timed once at the end." if args.pabutools_add1 else "."),
        flush=True,
    )
    steps = measure(profile, rules, args.only, args.repeat, args.pabutools_add1)
    print(table(steps))
    total = time.perf_counter() - began
    print(f"whole run {total:.0f} s, median of {args.repeat}, Python {platform.python_version()}")
    if args.json:
        figures = {
            "voters": args.voters,
            "projects": args.projects,
            "seed": args.seed,
            "budget": profile.budget,
            "distinct_ballots": profile.distinct_ballots,
            "repeat": args.repeat,
            "seconds": total,
            "steps": [{**asdict(step), "ratio": step.ratio} for step in steps],
        }
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
