"""Small-group suppression: what a reader of published results can and cannot learn."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from consult.core.anonymity import (
    SUPPRESSED,
    hidden_groups,
    suppress_counts,
    suppress_groups_by_size,
    suppress_table,
    visible_text_answers,
)

# --- a reader's attack: solve hidden cells from the shown row and column totals -------------


def _lines(table: pd.DataFrame) -> list[list[tuple[int, int]]]:
    rows, cols = table.shape
    return [[(i, j) for j in range(cols)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(cols)
    ]


def recover_by_subtraction(
    original: pd.DataFrame, published: pd.DataFrame, lines: list | None = None
) -> dict:
    """Cells a reader solves from the margins: a line with one unknown, or whose unknowns sum to 0.

    Repeats until nothing new is solved, so solved cells help solve others. `lines` are the
    rows and columns whose totals the reader knows (all of them unless given).
    """
    truth, shown = original.to_numpy(), published.to_numpy()
    known = {
        (i, j): int(shown[i, j]) for i, j in np.ndindex(shown.shape) if not pd.isna(shown[i, j])
    }
    solved: dict = {}
    progress = True
    while progress:
        progress = False
        for line in _lines(original) if lines is None else lines:
            unknown = [c for c in line if c not in known]
            rest = sum(int(truth[c]) for c in line) - sum(known[c] for c in line if c in known)
            if unknown and (len(unknown) == 1 or rest == 0):
                for cell in unknown:
                    known[cell] = solved[cell] = rest if len(unknown) == 1 else 0
                progress = True
    return solved


def recover_by_linear_algebra(published: pd.DataFrame, lines: list | None = None) -> set:
    """Hidden cells fixed by the row and column equations (unit vector in their row space);
    `lines` as for `recover_by_subtraction`."""
    hidden = [(i, j) for i, j in np.ndindex(published.shape) if pd.isna(published.iat[i, j])]
    if not hidden:
        return set()
    equations = np.array(
        [
            [1.0 if cell in line else 0.0 for cell in hidden]
            for line in (_lines(published) if lines is None else lines)
        ]
    )
    rank = np.linalg.matrix_rank(equations)
    return {
        cell
        for n, cell in enumerate(hidden)
        if np.linalg.matrix_rank(np.vstack([equations, np.eye(len(hidden))[n]])) == rank
    }


def exposed(original: pd.DataFrame, published: pd.DataFrame) -> set:
    """Hidden non-zero cells a reader can compute exactly."""
    cells = set(recover_by_subtraction(original, published)) | recover_by_linear_algebra(published)
    return {c for c in cells if original.iat[c] > 0}


def solved(original: pd.DataFrame, published: pd.DataFrame, lines: list | None = None) -> set:
    """Hidden cells, zero or not, that a reader can compute exactly from the totals of `lines`
    (every row and column unless given)."""
    hidden = {c for c in np.ndindex(published.shape) if pd.isna(published.iat[c])}
    found = set(recover_by_subtraction(original, published, lines))
    found |= recover_by_linear_algebra(published, lines)
    return found & hidden


VOTES = pd.DataFrame(
    [[20, 3, 15], [25, 12, 9], [18, 10, 11], [30, 14, 8]],
    index=["Education", "Health", "Finance", "Urbanism"],
    columns=["Yes", "No", "Abstain"],
)


# --- one-dimensional breakdowns -----------------------------------------------------------


def test_a_directorate_with_four_responses_is_hidden():
    shown = suppress_counts({"Education": 4, "Health": 30, "Finance": 25}, total_shown=False)
    assert shown == {"Education": SUPPRESSED, "Health": 30, "Finance": 25}


def test_a_directorate_with_five_responses_is_shown():
    shown = suppress_counts({"Education": 5, "Health": 30, "Finance": 25})
    assert shown == {"Education": 5, "Health": 30, "Finance": 25}


def test_hidden_groups_show_as_none():
    assert SUPPRESSED is None


def test_with_one_group_hidden_and_the_total_shown_the_next_smallest_is_hidden_too():
    counts = {"Education": 3, "Health": 12, "Finance": 7, "Urbanism": 40}
    assert hidden_groups(counts) == {"Education", "Finance"}


def test_without_a_total_only_the_small_group_is_hidden():
    counts = {"Education": 3, "Health": 12, "Finance": 7, "Urbanism": 40}
    assert hidden_groups(counts, total_shown=False) == {"Education"}


def test_when_two_groups_are_already_hidden_no_extra_suppression_is_needed():
    counts = {"Education": 2, "Health": 4, "Finance": 30, "Urbanism": 50}
    assert hidden_groups(counts) == {"Education", "Health"}


def test_two_tiny_hidden_groups_that_together_stay_under_k_pull_in_a_third():
    # total minus shown = 3: "these 3 people" would be a small group of its own
    counts = {"Education": 1, "Health": 2, "Finance": 30, "Urbanism": 50}
    assert hidden_groups(counts) == {"Education", "Health", "Finance"}


def test_ties_for_the_next_smallest_are_broken_by_name_not_by_input_order():
    first = hidden_groups({"Education": 3, "Finance": 9, "Health": 9})
    second = hidden_groups({"Health": 9, "Finance": 9, "Education": 3})
    assert first == second == {"Education", "Finance"}


def test_a_directorate_with_no_responses_is_shown_as_zero_and_is_no_companion():
    shown = suppress_counts({"Education": 3, "Health": 0, "Finance": 20})
    assert shown == {"Education": SUPPRESSED, "Health": 0, "Finance": SUPPRESSED}


def test_zeros_declared_sensitive_are_hidden_and_need_a_non_zero_companion():
    shown = suppress_counts({"Education": 3, "Health": 0, "Finance": 20}, zeros_safe=False)
    assert shown == {"Education": SUPPRESSED, "Health": SUPPRESSED, "Finance": SUPPRESSED}


def test_a_total_of_zero_already_shows_every_group_is_zero():
    assert suppress_counts({"Education": 0, "Health": 0}, zeros_safe=False) == {
        "Education": 0,
        "Health": 0,
    }


def test_the_result_keeps_the_callers_order():
    assert list(suppress_counts({"b": 9, "a": 40, "c": 6})) == ["b", "a", "c"]


@pytest.mark.parametrize("counts", [{"a": -1}, {"a": 2.5}])
def test_counts_must_be_non_negative_integers(counts):
    with pytest.raises(ValueError, match="non-negative"):
        hidden_groups(counts)


@pytest.mark.parametrize("k", [0, -3, 2.5])
def test_k_must_be_a_positive_integer(k):
    with pytest.raises(ValueError, match="k must be"):
        hidden_groups({"a": 9}, k=k)


def test_the_text_threshold_is_a_parameter():
    assert hidden_groups({"a": 7, "b": 40}, k=8, total_shown=False) == {"a"}


# --- statistics other than counts -----------------------------------------------------------


def test_a_likert_mean_of_a_small_directorate_is_hidden_with_a_complement_under_an_overall_mean():
    sizes = {"Education": 4, "Health": 10, "Finance": 30}
    assert suppress_groups_by_size(sizes, 5) == {"Education", "Health"}
    assert suppress_groups_by_size(sizes, 5, overall_shown=False) == {"Education"}


def test_free_text_from_a_group_of_seven_is_hidden():
    answers = {"Education": [f"idea {n}" for n in range(7)], "Health": ["x"] * 30}
    assert visible_text_answers(answers, overall_shown=False)["Education"] is SUPPRESSED


def test_free_text_from_a_group_of_eight_is_shown_sorted_so_order_leaks_nothing():
    answers = {"Education": [f"idea {n}" for n in reversed(range(8))]}
    assert visible_text_answers(answers, overall_shown=False) == {
        "Education": [f"idea {n}" for n in range(8)]
    }


def test_blank_answers_do_not_count_towards_the_eight_authors():
    answers = {"Education": [f"idea {n}" for n in range(7)] + ["  "]}
    assert visible_text_answers(answers, overall_shown=False) == {"Education": SUPPRESSED}


def test_free_text_next_to_a_full_list_of_answers_hides_a_second_group():
    answers = {"Education": ["a"] * 7, "Health": ["b"] * 20, "Finance": ["c"] * 30}
    shown = visible_text_answers(answers)
    assert shown["Education"] is SUPPRESSED and shown["Health"] is SUPPRESSED
    assert shown["Finance"] == ["c"] * 30


# --- crosstabs ------------------------------------------------------------------------------


def test_a_small_cell_forces_another_hidden_cell_in_its_row_and_in_its_column():
    published = suppress_table(VOTES)
    hidden = published.isna()
    assert hidden.at["Education", "No"]
    assert hidden.loc["Education"].sum() >= 2
    assert hidden["No"].sum() >= 2
    assert hidden.to_numpy().sum() == 4  # a rectangle: the least that protects one cell
    assert exposed(VOTES, published) == set()


def test_a_reader_with_only_the_primary_suppression_would_solve_the_cell():
    naive = VOTES.astype("Int64").mask(VOTES < 5)
    assert exposed(VOTES, naive) == {(0, 1)}


def test_without_margins_only_small_cells_are_hidden():
    published = suppress_table(VOTES, margins=False)
    assert published.isna().to_numpy().sum() == 1


def test_the_table_keeps_shape_labels_and_a_nullable_integer_type():
    published = suppress_table(VOTES)
    assert published.shape == VOTES.shape
    assert list(published.index) == list(VOTES.index)
    assert list(published.columns) == list(VOTES.columns)
    assert (published.dtypes == "Int64").all()
    assert published.at["Education", "No"] is pd.NA


def test_a_unanimous_directorate_does_not_reveal_its_vote_when_zeros_are_sensitive():
    votes = pd.DataFrame(
        [[12, 0, 0], [20, 9, 7], [15, 8, 6]],
        index=["Finance", "Health", "Urbanism"],
        columns=["Yes", "No", "Abstain"],
    )
    assert suppress_table(votes).loc["Finance"].tolist() == [12, 0, 0]
    published = suppress_table(votes, zeros_safe=False)
    assert published.loc["Finance"].isna().all()
    assert exposed(votes, published) == set()


def test_a_small_group_is_hidden_whole_and_its_zeros_look_like_its_answers():
    # Finance: 4 people, 3 Yes and 1 Abstain; today's tables showed its "No" as an exact 0
    votes = pd.DataFrame(
        [[3, 0, 1], [20, 9, 7], [15, 8, 6]],
        index=["Finance", "Health", "Urbanism"],
        columns=["Yes", "No", "Abstain"],
    )
    published = suppress_table(votes)
    assert published.loc["Finance"].isna().all()
    assert not solved(votes, published) & {(0, 0), (0, 1), (0, 2)}


def test_a_group_the_caller_hides_is_hidden_whole_with_companions_for_its_zeros():
    # the caller hides Finance as the complement of a small group of another table
    chosen = pd.DataFrame(
        [[5, 0, 6], [20, 9, 7], [15, 8, 6]],
        index=["Finance", "Health", "Urbanism"],
        columns=["E-mail", "Teams", "Phone"],
    )
    assert not suppress_table(chosen).loc["Finance"].isna().any()
    published = suppress_table(chosen, hidden_rows={"Finance"})
    assert published.loc["Finance"].isna().all()
    assert published["Teams"].isna().sum() >= 2  # else Teams' total gives Finance's 0 away
    assert not solved(chosen, published) & {(0, 0), (0, 1), (0, 2)}


def test_a_column_nobody_chose_stays_visible_in_a_hidden_group():
    votes = pd.DataFrame(
        [[3, 0, 1], [20, 0, 7], [15, 0, 6]],
        index=["Finance", "Health", "Urbanism"],
        columns=["Yes", "No", "Abstain"],
    )
    published = suppress_table(votes)
    assert published["No"].tolist() == [0, 0, 0]  # the total of No is 0: no secret
    assert published.loc["Finance", ["Yes", "Abstain"]].isna().all()


def test_suppressing_a_suppressed_table_changes_nothing():
    published = suppress_table(VOTES)
    pd.testing.assert_frame_equal(suppress_table(published), published)


# --- properties -----------------------------------------------------------------------------

SMALL_OR_LARGE = st.one_of(st.integers(0, 4), st.integers(5, 40))


@st.composite
def tables(draw, max_rows: int = 6, max_cols: int = 5) -> pd.DataFrame:
    rows, cols = draw(st.integers(1, max_rows)), draw(st.integers(1, max_cols))
    cells = draw(st.lists(SMALL_OR_LARGE, min_size=rows * cols, max_size=rows * cols))
    return pd.DataFrame(
        np.array(cells, dtype=np.int64).reshape(rows, cols),
        index=[f"directorate {i}" for i in range(rows)],
        columns=[f"option {j}" for j in range(cols)],
    )


def _margins_are_zero_or_at_least(table: pd.DataFrame, k: int) -> bool:
    totals = [*table.sum(axis=0), *table.sum(axis=1)]
    return all(t == 0 or t >= k for t in totals)


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(tables(), st.booleans())
def test_no_shown_cell_is_a_small_group(table, zeros_safe):
    published = suppress_table(table, zeros_safe=zeros_safe)
    shown = published.to_numpy(dtype=float, na_value=np.nan)
    shown = shown[~np.isnan(shown)]
    assert not ((shown > 0) & (shown < 5)).any()


@PROPERTY
@given(tables(), st.booleans())
def test_no_margin_line_has_a_single_hidden_non_zero_cell(table, zeros_safe):
    hidden = suppress_table(table, zeros_safe=zeros_safe).isna().to_numpy()
    values = table.to_numpy()
    for line in _lines(table):
        nonzero = [c for c in line if values[c] > 0]
        if len(nonzero) >= 2:  # a line with one non-zero cell shows it in its own total
            assert sum(hidden[c] for c in nonzero) != 1


@PROPERTY
@given(tables(), st.booleans())
def test_no_hidden_cell_can_be_solved_from_margins_of_groups_of_at_least_k(table, zeros_safe):
    assume(_margins_are_zero_or_at_least(table, 5))
    assert exposed(table, suppress_table(table, zeros_safe=zeros_safe)) == set()


@PROPERTY
@given(tables(), st.booleans())
def test_every_cell_of_a_small_group_is_hidden_and_none_can_be_solved(table, zeros_safe):
    assume(table.shape[1] >= 2)
    assume(all(t == 0 or t >= 5 for t in table.sum(axis=0)))
    # when everyone gave the same answer, each group's count of it is the group's size, which
    # the reader gets from the totals of the other groups: the reports hide a small group's
    # size with a complementary group (`hidden_rows`), not through the cells of this table
    assume((table.sum(axis=0) > 0).sum() >= 2)
    published = suppress_table(table, zeros_safe=zeros_safe)
    columns_of_zeros = table.sum(axis=0) == 0
    small = [i for i, total in enumerate(table.sum(axis=1)) if 0 < total < 5]
    for i in small:
        row = published.iloc[i]
        assert row[~columns_of_zeros.to_numpy()].isna().all()
    # a small group's own total is hidden with it: the reader knows every other line's total
    rows = table.shape[0]  # _lines lists the rows first, then the columns
    known_lines = [line for n, line in enumerate(_lines(table)) if not (n < rows and n in small)]
    found = solved(table, published, known_lines)
    assert not {c for c in found if c[0] in small}


@PROPERTY
@given(tables(), st.booleans(), st.booleans())
def test_suppression_is_idempotent(table, margins, zeros_safe):
    once = suppress_table(table, margins=margins, zeros_safe=zeros_safe)
    twice = suppress_table(once, margins=margins, zeros_safe=zeros_safe)
    pd.testing.assert_frame_equal(twice, once)


@PROPERTY
@given(tables(), st.randoms(use_true_random=False))
def test_the_pattern_does_not_depend_on_row_or_column_order(table, random):
    rows, cols = list(table.index), list(table.columns)
    random.shuffle(rows)
    random.shuffle(cols)
    shuffled = suppress_table(table.loc[rows, cols])
    pd.testing.assert_frame_equal(shuffled.loc[table.index, table.columns], suppress_table(table))


@PROPERTY
@given(st.dictionaries(st.sampled_from("ABCDEFGH"), SMALL_OR_LARGE), st.booleans())
def test_one_dimensional_breakdowns_leave_no_lone_or_small_pool_of_hidden_groups(counts, total):
    hidden = hidden_groups(counts, total_shown=total)
    assert all(counts[g] >= 5 or counts[g] == 0 for g in counts.keys() - hidden)
    pool = [counts[g] for g in hidden]
    if total and hidden and sum(v > 0 for v in counts.values()) >= 2:
        assert sum(v > 0 for v in pool) >= 2
        assert sum(pool) >= 5 or sum(pool) == sum(counts.values())
