"""Rows rewritten in primary-key order in one statement, and sealed in groups (PostgreSQL): what
the ballot box (consult/polls/ballot_box.py) and the staff survey's submissions
(consult/surveys/services.py, `seal`) do so that no transaction stamp (`xmin`) or heap order
ties a voter to a ballot, or an access code to a response.

The statement is `WITH moved AS (DELETE ... RETURNING *) INSERT ... SELECT FROM moved ORDER BY`
the primary key. The sort reads every deleted row before the first is inserted again, so a key
is never inserted while its old row still stands; a foreign key to a row deleted and inserted
again in one statement holds, as PostgreSQL checks it at the end of the statement. With
`sealing`, the table's `sealed` flag is set on all of the rows moved but the B highest keys
once 2B of them move (on every one with `close`).

Each caller builds its statements once (`rewrite_statement`, kept with `functools.cache`): their
values (the municipality, the poll or survey, B) are bound parameters given at each execution
(`rewrite`), so a vote or a submission neither builds a statement nor works out its cache key
again.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, Insert, Table, and_, bindparam, delete, func, insert, select
from sqlalchemy import true as sql_true

from consult.extensions import db

#: the bound parameter holding B (the smallest group of rows sharing a transaction stamp)
BATCH = "sealing_batch"


def rewrite_statement(
    table: Table, condition: ColumnElement[bool], sealing: bool = False, close: bool = False
) -> Insert:
    """The rewrite of `table`'s rows meeting `condition` (its values bound parameters); with
    `sealing`, B is the parameter `BATCH`."""
    moved = delete(table).where(condition).returning(*table.columns).cte("moved")
    key = [moved.c[column.name] for column in table.primary_key.columns]
    if not sealing:
        columns = [column.name for column in table.columns]
        rows = select(*(moved.c[name] for name in columns)).order_by(*key)
        return insert(table).from_select(columns, rows)
    if close:
        sealed: ColumnElement[bool] = sql_true()
    else:
        pool = func.count().over()
        batch = bindparam(BATCH, type_=db.Integer)
        sealed = and_(pool >= 2 * batch, func.row_number().over(order_by=key) <= pool - batch)
    columns = [column.name for column in table.columns if column.name != "sealed"]
    rows = select(*(moved.c[name] for name in columns), sealed).order_by(*key)
    return insert(table).from_select([*columns, "sealed"], rows)


def rewrite(statement: Insert, values: Mapping[str, object]) -> int:
    """Execute an INSERT ... SELECT (a `rewrite_statement`) with its bound `values`; how many
    rows it wrote."""
    options = {"preserve_rowcount": True}  # an INSERT's count is not kept otherwise
    return db.session.execute(statement, dict(values), execution_options=options).rowcount
