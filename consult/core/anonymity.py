"""Small-group suppression: the one gate every breakdown of survey or poll results passes through.

Who is protected, and how
-------------------------
A published figure about a small group is a figure about identifiable people: "the 3 people of
the Finance directorate answered No" names a handful of colleagues. So:

* Primary suppression. A group (a cell of a breakdown) with 1..k-1 responses is hidden. The app
  passes k from config: ``ANONYMITY_MIN_GROUP`` (5) for counts and numbers,
  ``ANONYMITY_MIN_GROUP_TEXT`` (8) for free text, which identifies its author more easily.
* Complementary suppression. Where a total (1-D) or row and column totals (2-D) are shown, a
  reader recovers one hidden cell by subtraction, so more cells are hidden until, in every line
  (the groups under one shown total):
    - a line that has hidden cells has at least two hidden non-zero cells, and
    - the hidden cells of the line together hold at least k responses. Their sum is public
      (total minus shown cells) and is itself a group: two hidden groups of 1 and 2 would tell
      that "these 3 people" did something.
  In a table, lines cross: hidden cells are the edges of a graph between rows and columns, and
  the row and column equations determine a hidden cell exactly when it lies on no cycle (a
  bridge). Cells are added until no hidden cell is a bridge, so no hidden cell can be solved
  from the margins by any linear combination, not only by single-unknown subtraction.
  Complements are the smallest non-zero shown cells, preferring cells that also protect the
  crossing line; hiding a zero only adds a "companion" that protects nobody (the reader still
  learns the small figure), so a zero is used only where no non-zero cell is left in the line.

Zeros
-----
A zero in a large group describes nobody, so by default (``zeros_safe=True``) such zeros are
shown as 0 and never count as a companion. A zero in a small group does describe someone: "of
the 3 people of Finance, none answered No" narrows down what each of the 3 said. So in a table
(rows = groups) a group under k is hidden whole, zeros included, and a hidden cell shows the
same mark whether it holds 0 or 4: every row whose total is 1..k-1, and every row the caller
names in ``hidden_rows`` (groups whose size is not the row's total, such as the respondents of
a multiple-choice question). Their zeros keep their true value in the complementary
suppression, so they get non-zero companions: a hidden zero that the margins give away would
be no secret. In a secret ballot even a large group's zero can reveal a unanimous vote ("nobody
in Finance voted No" plus "12 voted Yes"); pass ``zeros_safe=False`` there: zeros are hidden
like small cells and then need non-zero companions, so the unanimous row is hidden whole.
Either way a cell in a line whose shown total is 0 is shown: the total already says it is 0.

Determinism and ties
--------------------
Ties between equally small complements are broken by the group labels (sorted, or by ``repr``
when they are not comparable), never by input order: the same responses give the same pattern
on every request. Two different patterns for the same data could be combined to uncover both.

Representation
--------------
Dict outputs use ``SUPPRESSED`` (``None``); DataFrames use ``pd.NA`` in a nullable ``Int64``
column. ``pd.NA`` in an input table means "already hidden, value unknown", so every function is
idempotent: suppressing a suppressed table changes nothing.

What this module cannot do (the caller's duty)
----------------------------------------------
* A shown total is itself a count: pass totals (and the margins of a table) through
  ``suppress_counts``; a total under k cannot be protected by hiding cells.
* Give the tables without margin rows/columns (``pd.crosstab(..., margins=False)``).
* Publish overlapping breakdowns of the same responses, or results while responses still come
  in, only with care: differences between tables or over time re-identify people.
* Shown totals still bound hidden cells (non-negativity); the "pool >= k" rule keeps those bounds
  wide in each line but does not compute the exact interval.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from consult.core.lazy import lazy_module

if TYPE_CHECKING:
    from numpy.typing import NDArray

np = lazy_module("numpy")  # imported at first use: see consult.core.lazy
pd = lazy_module("pandas")

SUPPRESSED: Final = None
"""What a hidden group shows as in dict results (``pd.NA`` in DataFrames)."""

_Cell = tuple[int, int]
_FREE: Final = "margin not shown"  # a single graph vertex for every line without a shown total


class _Grid:
    """A table of counts under suppression: rows x columns, positions in canonical order."""

    def __init__(self, values: NDArray, known: NDArray, k: int, margins: tuple[bool, bool]):
        self.values, self.known, self.k = values, known, k
        self.row_margin, self.col_margin = margins
        rows, cols = values.shape
        self.lines = [[(i, j) for j in range(cols)] for i in range(rows)] if margins[0] else []
        self.lines += [[(i, j) for i in range(rows)] for j in range(cols)] if margins[1] else []
        self.lines_of: dict[_Cell, list[int]] = defaultdict(list)
        for index, line in enumerate(self.lines):
            for cell in line:
                self.lines_of[cell].append(index)
        self.frozen = self._frozen()
        self.hidden = ~known

    def _frozen(self) -> NDArray:
        """Cells of a line whose shown total is 0: the reader already knows they are 0."""
        frozen = np.zeros(self.values.shape, dtype=bool)
        for line in self.lines:
            if line and all(self.known[c] and self.values[c] == 0 for c in line):
                frozen[tuple(zip(*line, strict=True))] = True
        return frozen

    def unsafe(self, line: list[_Cell]) -> bool:
        """Whether the hidden cells of `line` could be told apart from its shown total."""
        hidden = [c for c in line if self.hidden[c]]
        if not hidden:
            return False
        if sum(not self.known[c] or self.values[c] > 0 for c in hidden) < 2:
            return True
        return all(self.known[c] for c in hidden) and sum(self.values[c] for c in hidden) < self.k

    def line_fix(self) -> _Cell | None:
        """The next complement for the first unsafe line that can still be protected."""
        for index, line in enumerate(self.lines):
            if self.unsafe(line) and (candidates := self._line_candidates(line)):
                return min(candidates, key=lambda c: (self._cost(c, index), self.values[c], c))
        return None

    def bridge_fix(self) -> _Cell | None:
        """A complement putting a margin-determined hidden cell (a bridge) on a cycle."""
        edges = list(zip(*np.nonzero(self.hidden), strict=True))
        adjacency: dict[Hashable, list[tuple[_Cell, Hashable]]] = defaultdict(list)
        for edge in edges:
            u, v = self._ends(edge)
            adjacency[u].append((edge, v))
            adjacency[v].append((edge, u))
        for edge in edges:
            u, v = self._ends(edge)
            side_u = _reachable(adjacency, u, edge)
            if v not in side_u and (candidates := self._crossing(side_u, adjacency, v, edge)):
                return min(candidates, key=lambda c: (self.values[c] == 0, self.values[c], c))
        return None

    def _line_candidates(self, line: list[_Cell]) -> list[_Cell]:
        shown = [c for c in line if not self.hidden[c] and not self.frozen[c]]
        nonzero = [c for c in shown if self.values[c] > 0]
        return nonzero or (shown if sum(self.hidden[c] for c in line) < 2 else [])

    def _cost(self, cell: _Cell, line_index: int) -> int:
        """0 if hiding `cell` also helps its crossing line, 2 if it exposes it, else 1."""
        crossing = [self.lines[m] for m in self.lines_of[cell] if m != line_index]
        if any(self.unsafe(line) for line in crossing):
            return 0
        return 2 if any(not any(self.hidden[c] for c in line) for line in crossing) else 1

    def _ends(self, cell: _Cell) -> tuple[Hashable, Hashable]:
        row = ("row", cell[0]) if self.row_margin else _FREE
        return row, (("col", cell[1]) if self.col_margin else _FREE)

    def _crossing(self, side_u: set, adjacency: dict, v: Hashable, edge: _Cell) -> list[_Cell]:
        """Shown cells joining the two sides that removing `edge` would separate."""
        side_v = _reachable(adjacency, v, edge)
        shown = zip(*np.nonzero(~self.hidden & ~self.frozen), strict=True)
        return [c for c in shown if _joins(self._ends(c), side_u, side_v)]


def _joins(ends: tuple[Hashable, Hashable], side_u: set, side_v: set) -> bool:
    a, b = ends
    return (a in side_u and b in side_v) or (b in side_u and a in side_v)


def _reachable(adjacency: Mapping[Hashable, list], start: Hashable, skip: _Cell) -> set:
    """Vertices reachable from `start` over hidden cells other than `skip`."""
    seen, todo = {start}, [start]
    while todo:
        for edge, other in adjacency.get(todo.pop(), []):
            if edge != skip and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _hidden_mask(
    values: NDArray,
    known: NDArray,
    k: int,
    margins: tuple[bool, bool],
    zeros_safe: bool,
    whole_rows: NDArray | None = None,
) -> NDArray:
    """Cells to hide: primary suppression (small cells, and every cell of `whole_rows`), then
    complements until every line is protected."""
    _check_k(k)
    if (values < 0).any():
        raise ValueError("counts must be non-negative")
    grid = _Grid(values, known, k, margins)
    small = (values < k) & ((values > 0) | (not zeros_safe))
    if whole_rows is not None:
        small |= whole_rows[:, np.newaxis]
    grid.hidden |= small & ~grid.frozen
    while (cell := grid.line_fix() or grid.bridge_fix()) is not None:
        grid.hidden[cell] = True
    return grid.hidden


def _check_k(k: object) -> None:
    if int(k) != k or k < 1:  # type: ignore[call-overload]
        raise ValueError(f"k must be a positive integer, got {k!r}")


def _canonical_order(labels: Sequence[Hashable]) -> list[int]:
    """Positions of `labels` in sorted order (by repr if they do not compare), ties stable."""
    positions = range(len(labels))
    try:
        return sorted(positions, key=lambda i: labels[i])  # type: ignore[arg-type,return-value]
    except TypeError:
        return sorted(positions, key=lambda i: (type(labels[i]).__name__, repr(labels[i])))


def _count(value: object) -> int:
    number = int(value)  # type: ignore[call-overload]
    if number != value or number < 0:
        raise ValueError(f"counts must be non-negative integers, got {value!r}")
    return number


def hidden_groups(
    counts: Mapping[Hashable, int], k: int = 5, total_shown: bool = True, *, zeros_safe: bool = True
) -> set[Hashable]:
    """Groups of a one-dimensional breakdown that must be hidden.

    Groups with 1..k-1 responses (and 0 unless `zeros_safe`), plus, when the total is shown,
    the smallest further groups needed so that the hidden ones cannot be told apart from it.
    """
    keys = list(counts)
    order = _canonical_order(keys)
    values = np.array([[_count(counts[keys[i]]) for i in order]], dtype=np.int64)
    values = values.reshape(1, len(keys))
    known = np.ones(values.shape, dtype=bool)
    mask = _hidden_mask(values, known, k, (total_shown, False), zeros_safe)
    return {keys[i] for i, hide in zip(order, mask[0], strict=True) if hide}


def suppress_counts(
    counts: Mapping[Hashable, int], k: int = 5, total_shown: bool = True, *, zeros_safe: bool = True
) -> dict[Hashable, int | None]:
    """`counts` with every group of `hidden_groups` replaced by `SUPPRESSED`, in input order."""
    hidden = hidden_groups(counts, k, total_shown, zeros_safe=zeros_safe)
    return {group: SUPPRESSED if group in hidden else int(n) for group, n in counts.items()}


def suppress_table(
    table: pd.DataFrame,
    k: int = 5,
    margins: bool = True,
    *,
    zeros_safe: bool = True,
    hidden_rows: Collection[Hashable] = (),
) -> pd.DataFrame:
    """A crosstab of counts (rows = groups, columns = answers) with small cells as `pd.NA`.

    Same shape, labels and order, dtype ``Int64``. A group under k is hidden whole, zeros
    included: every row whose total is 1..k-1, and the rows named in `hidden_rows` (groups the
    caller knows to be small, or hides as their complements). With `margins`, complementary
    cells are hidden so that no hidden cell can be solved from the row and column totals.
    `pd.NA` in `table` counts as already hidden.
    """
    _check_k(k)
    rows, cols = _canonical_order(list(table.index)), _canonical_order(list(table.columns))
    counts = table.astype("Int64")
    ordered = counts.iloc[rows, cols]
    known = ordered.notna().to_numpy(dtype=bool)
    values = ordered.fillna(0).to_numpy(dtype=np.int64)
    totals = values.sum(axis=1)
    named_rows = set(hidden_rows)
    named = np.array([label in named_rows for label in ordered.index], dtype=bool)
    small_groups = known.all(axis=1) & (totals > 0) & (totals < k)
    hidden = _hidden_mask(
        values, known, k, (margins, margins), zeros_safe, whole_rows=small_groups | named
    )
    mask = np.zeros(table.shape, dtype=bool)
    mask[np.ix_(rows, cols)] = hidden
    return counts.mask(mask)


def suppress_groups_by_size(
    group_sizes: Mapping[Hashable, int], k: int, *, overall_shown: bool = True
) -> set[Hashable]:
    """Groups whose statistic (a mean, a list of answers) must be hidden, given their sizes.

    A group of 1..k-1 respondents is hidden; when an overall figure over all groups is shown, a
    hidden group's statistic follows from it and the others, so complements are hidden as for
    counts. A group of 0 respondents has no statistic to hide.
    """
    return hidden_groups(group_sizes, k, total_shown=overall_shown)


def visible_text_answers(
    answers_by_group: Mapping[Hashable, Sequence[str]], k: int = 8, *, overall_shown: bool = True
) -> dict[Hashable, list[str] | None]:
    """Free-text answers per group, or `SUPPRESSED` for groups with fewer than k authors.

    Only non-blank answers count (their authors are who a text could point to). Shown answers
    are sorted, so their order does not leak when each was submitted. With `overall_shown` (an
    unfiltered list of all answers on the same page), complements are hidden as for counts.
    """
    written = {
        group: sorted(a for a in texts if a.strip()) for group, texts in answers_by_group.items()
    }
    sizes = {group: len(texts) for group, texts in written.items()}
    hidden = suppress_groups_by_size(sizes, k, overall_shown=overall_shown)
    return {group: SUPPRESSED if group in hidden else texts for group, texts in written.items()}
