"""DataFrames from SQL: the database counts (GROUP BY), pandas only shapes the result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select

from consult.core.anonymity import SUPPRESSED
from consult.core.lazy import lazy_module
from consult.extensions import db
from consult.i18n import Localized

pd = lazy_module("pandas")


def frame(statement: Select, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows of `statement` as a DataFrame (column names from the query unless given)."""
    result = db.session.execute(statement)
    names = list(columns) if columns is not None else list(result.keys())
    return pd.DataFrame([tuple(row) for row in result], columns=names)


def counts(statement: Select) -> dict:
    """A two-column query (group, count) as an ordered {group: count} dict."""
    return {group: int(n) for group, n in db.session.execute(statement)}


def crosstab(long: pd.DataFrame, rows: str, columns: str, values: str = "n") -> pd.DataFrame:
    """A table of counts from long rows (group, answer, n); missing combinations are 0."""
    if long.empty:
        return pd.DataFrame(dtype="Int64")
    table = long.pivot_table(index=rows, columns=columns, values=values, aggfunc="sum")
    return table.fillna(0).astype("Int64")


@dataclass
class Table:
    """A table ready to render: a caption, column headings, rows whose first cell heads the row.

    `None` cells are hidden groups (small-group suppression) and show as a dash. `named` holds
    the texts written by people among the caption and the row headings (a question, a
    statement), each with the language it is shown in: the page tags them with it and marks
    those shown in another language than the reader's. The texts stay plain for the exports.
    """

    caption: str
    columns: list[str]
    rows: list[list]
    hidden: bool = False
    named: dict[str, Localized] = field(default_factory=dict)

    def name(self, *shown: Localized) -> Table:
        """Record `shown` texts as written by people (see `named`); the table, for chaining."""
        self.named.update((text.text, text) for text in shown if text.text)
        return self

    def quoted(self, caption: object) -> tuple[str, Localized, str] | None:
        """The text written by people that `caption` quotes ("Question, by gender"), with what
        comes before and after it; the longest one (a question's text rather than one of its
        options' labels), or None when it quotes none."""
        caption = str(caption)
        for text in sorted(self.named, key=len, reverse=True):
            if text in caption:
                before, _, after = caption.partition(text)
                return before, self.named[text], after
        return None

    @property
    def has_hidden_cells(self) -> bool:
        return any(cell is SUPPRESSED for row in self.rows for cell in row[1:])


def table_from(df: pd.DataFrame, caption: str, index_heading: str) -> Table:
    """A `Table` from a DataFrame whose index heads the rows; `pd.NA` becomes hidden."""
    rows = []
    for label, values in zip(df.index, df.itertuples(index=False), strict=True):
        rows.append([label, *(_cell(v) for v in values)])
    return Table(caption, [index_heading, *(str(c) for c in df.columns)], rows)


def _cell(value: object) -> object:
    if value is None or value is pd.NA:
        return SUPPRESSED
    if isinstance(value, float) and value != value:
        return SUPPRESSED
    if hasattr(value, "item"):
        return value.item()  # numpy scalar → plain Python
    return value
