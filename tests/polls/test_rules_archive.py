"""Every rule the Pabulib archive names, each on a small election where it makes a difference.

The add1 completion is checked against a reference written here from the checker's definition
(plain fractions, no pabutools, no code of rules.py), on an election where pabutools' own add1
loop stops earlier and funds something else.
"""

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from consult.polls.pabulib import read_pb
from consult.polls.rules import (
    ARCHIVE_ONLY_RULES,
    REASONS,
    RULES,
    Election,
    count,
    election_from_pb,
)
from tests.polls.test_rules import pabutools_add1

DATA = Path(__file__).resolve().parent.parent / "data" / "pabulib"
MES = "equalshares/add1"


def approval(budget, projects: dict, ballots: list[list[str]], **kw) -> Election:
    """An election with approval ballots."""
    return Election(budget, projects, "approval", ballots, **kw)


# --- a reference of Pabulib's checker: approval ballots, cost utilities, exact fractions -----


def reference_mes(costs: dict[str, int], ballots: list[list[str]], total: Fraction) -> list[str]:
    """Equal shares with ``total`` shared equally: the project whose approvers each pay least
    for it (relative to its cost) goes first; ties to the cheaper, then the more approved."""
    money = [Fraction(total) / len(ballots)] * len(ballots)
    approvers = {p: [i for i, b in enumerate(ballots) if p in b] for p in costs}
    left = [p for p in costs if approvers[p]]
    funded: list[str] = []
    while True:
        offers = []
        for project in left:
            cap = _least_cap(costs[project], sorted(money[i] for i in approvers[project]))
            if cap is not None:
                offers.append((cap / costs[project], costs[project], -len(approvers[project])))
                offers[-1] += (list(costs).index(project), project)
        if not offers:
            return funded
        *_, chosen = min(offers)
        cap = _least_cap(costs[chosen], sorted(money[i] for i in approvers[chosen]))
        for voter in approvers[chosen]:
            money[voter] -= min(money[voter], cap)
        funded.append(chosen)
        left.remove(chosen)


def _least_cap(cost: int, budgets: list[Fraction]) -> Fraction | None:
    """The least payment cap c with sum(min(budget, c)) = cost, or None if they cannot pay."""
    if sum(budgets) < cost:
        return None
    paid, remaining = Fraction(0), len(budgets)
    for budget in budgets:
        cap = (cost - paid) / remaining
        if cap <= budget:
            return cap
        paid, remaining = paid + budget, remaining - 1
    return None


def reference_add1(costs: dict[str, int], ballots: list[list[str]], budget: int) -> set[str]:
    """The checker's add1: the real budget, then shares floor(B/n) + k while it fits in B."""
    voters = len(ballots)
    funded = reference_mes(costs, ballots, Fraction(budget))
    share = budget // voters
    supported = {p for ballot in ballots for p in ballot}
    while not supported <= set(funded):
        share += 1
        following = reference_mes(costs, ballots, Fraction(share * voters))
        if sum(costs[p] for p in following) > budget:
            break
        funded = following
    return set(funded)


# written by hand: three voters, 49 EUR. With 16.33 each nothing is affordable; shares of 17
# buy the 17-EUR project p3 (its one supporter), and there pabutools stops, for p3 makes the
# outcome exhaustive (32 EUR left, nothing else costs that little). The checker goes on raising
# the shares: from 35, p4's two supporters pay 17.50 each for it and p3 drops out (its
# supporter has spent on p4), and until 52 the outcome stays within 49 EUR.
COSTS = {"p0": 55, "p1": 50, "p2": 53, "p3": 17, "p4": 35}
BALLOTS = [["p2", "p0", "p4", "p1"], ["p3", "p0", "p2", "p4"], ["p1", "p0"]]


def test_add1_follows_pabulibs_checker_where_pabutools_stops_at_the_first_exhaustive_round():
    election = approval(49, COSTS, BALLOTS)

    ours = set(count(election, MES).selected)

    assert ours == reference_add1(COSTS, BALLOTS, 49) == {"p4"}
    assert pabutools_add1(election)[0] == {"p3"}  # the other reading of "add1"


def test_equal_shares_without_completion_is_the_first_round_only():
    election = approval(49, COSTS, BALLOTS)

    assert count(election, "equalshares").selected == []
    assert reference_mes(COSTS, BALLOTS, Fraction(49)) == []


def test_add1_agrees_with_the_reference_on_many_small_elections():
    import random

    rng = random.Random(24)
    for _ in range(60):
        costs = {f"p{i}": rng.randint(5, 60) for i in range(rng.randint(2, 6))}
        ballots = [
            rng.sample(sorted(costs), rng.randint(1, len(costs))) for _ in range(rng.randint(1, 7))
        ]
        budget = rng.randint(20, 150)

        ours = set(count(approval(budget, costs, ballots), MES).selected)

        assert ours == reference_add1(costs, ballots, budget), (budget, costs, ballots)


def test_wieliczka_2023_is_counted_as_the_city_counted():
    pbfile = read_pb(DATA / "Poland_Wieliczka_2023_Green_Budget.pb")
    assert pbfile.rule == "equalshares/add1-comparison"

    result = count(election_from_pb(pbfile), pbfile.rule)

    city = {project.project_id for project in pbfile.projects if project.selected}
    assert set(result.selected) == city
    assert "46" in city and not {"66", "67"} <= city
    assert result.comparison is not None and result.comparison.chose == "equalshares"
    assert result.comparison.prefer_equal_shares > result.comparison.prefer_greedy


# --- the comparison with greedy --------------------------------------------------------------


def test_the_comparison_takes_greedy_when_more_voters_prefer_it():
    # shares of 20: A's three supporters hold 60 < 100, so equal shares funds only B; greedy
    # by votes funds A. Three voters have more of their projects funded by greedy, two by MES.
    election = approval(100, {"A": 100, "B": 40}, [["A"], ["A"], ["A"], ["B"], ["B"]])

    plain = count(election, "equalshares-comparison")

    assert count(election, "equalshares").selected == ["B"]
    assert plain.selected == ["A"] and plain.rule == "equalshares-comparison"
    assert (plain.comparison.prefer_equal_shares, plain.comparison.prefer_greedy) == (2, 3)
    assert plain.comparison.chose == "greedy"


def test_the_comparison_keeps_equal_shares_on_a_tie_of_preferences():
    election = approval(100, {"A": 100, "B": 40}, [["A"], ["A"], ["B"], ["B"]])

    result = count(election, "equalshares/add1-comparison")

    assert result.comparison.chose == "equalshares"
    assert result.selected == count(election, MES).selected


# --- greedy-exclusive --------------------------------------------------------------------


def test_greedy_exclusive_funds_one_project_of_a_group_and_passes_over_the_rest():
    projects = {"square-a": 40, "square-b": 30, "school": 50, "park": 20}
    ballots = [["square-a", "square-b"], ["square-a", "school"], ["square-b", "park"]]
    ballots += [["square-a"], ["school"]]
    groups = {"square-a": "main square", "square-b": "main square"}
    election = approval(100, projects, ballots, exclusive_groups=groups)

    greedy = count(election, "greedy")
    exclusive = count(election, "greedy-exclusive")

    assert greedy.selected == ["square-a", "square-b", "park"]
    assert exclusive.selected == ["square-a", "school"]
    passed_over = exclusive.outcomes["square-b"]
    assert passed_over.reason == "excluded_by_exclusive_project"
    assert passed_over.details["excluded_by_rank"] == 1
    assert "excluded_by_exclusive_project" in REASONS


def test_greedy_exclusive_applies_the_minimum_support_when_there_is_one():
    projects = {"a": 10, "b": 10, "c": 10}
    ballots = [["a", "b"], ["a", "b"], ["c"]]
    election = approval(30, projects, ballots, min_support=2, exclusive_groups={"a": "x", "b": "x"})

    result = count(election, "greedy-exclusive")

    assert result.selected == ["a"]
    assert result.outcomes["c"].reason == "below_threshold"


# --- ranked ballots: by place (Pabulib) or Borda -------------------------------------------


def test_borda_and_by_place_can_fund_different_projects():
    # A is named last by three voters, C first by one: by place A has 3 points and C 2, with
    # Borda A has 0 and C 1. Only one of them fits.
    ballots = [["B", "A"]] * 3 + [["C", "D"]]
    projects = {"A": 50, "B": 100, "C": 50, "D": 100}

    by_place = Election(60, projects, "ordinal", ballots)
    borda = Election(60, projects, "ordinal", ballots, ordinal_scoring="borda")

    assert count(by_place, "greedy").selected == ["A"]
    assert count(borda, "greedy").selected == ["C"]
    assert count(borda, "greedy").outcomes["A"].reason == "no_supporters"


def test_an_unknown_scoring_is_refused():
    with pytest.raises(ValueError, match="ordinal scoring"):
        Election(60, {"A": 1}, "ordinal", [["A"]], ordinal_scoring="dowdall")


# --- exact amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["greedy", MES, "equalshares"])
def test_fractional_amounts_are_compared_exactly(rule):
    ballots = [["a", "b"], ["a", "b"]]
    fits = approval(Decimal("100.5"), {"a": Decimal("50.25"), "b": Decimal("50.25")}, ballots)
    one_cent_more = approval(
        Decimal("100.5"), {"a": Decimal("50.25"), "b": Decimal("50.26")}, ballots
    )

    assert set(count(fits, rule).selected) == {"a", "b"}
    assert len(count(one_cent_more, rule).selected) == 1


def test_a_float_amount_is_refused_for_it_would_not_be_exact():
    with pytest.raises(ValueError, match="exact amount"):
        approval(100.5, {"a": 1}, [["a"]])


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ARCHIVE_ONLY_RULES)
def test_a_rule_no_count_can_follow_is_refused_by_name(rule):
    with pytest.raises(ValueError, match="no rule a count can follow"):
        count(approval(10, {"a": 1}, [["a"]]), rule)


def test_every_rule_counts_every_ballot_type_without_error():
    for ballot_type, ballots in (
        ("approval", [["a", "b"], ["b"]]),
        ("cumulative", [{"a": 2, "b": 1}, {"b": 3}]),
        ("ordinal", [["b", "a"], ["a"]]),
        ("choose-1", [["a"], ["b"]]),
    ):
        election = Election(
            30,
            {"a": 10, "b": 25},
            ballot_type,
            ballots,
            min_support=1,
            exclusive_groups={"a": "g", "b": "g"},
        )
        for rule in RULES:
            result = count(election, rule)
            assert result.rule == rule and set(result.outcomes) == {"a", "b"}
