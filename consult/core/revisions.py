"""Revision tokens: a random token on a row (a poll's `revision`, a consultation's
`page_revision`), renewed in the transaction of every change to what a page shows of that row,
so that each worker's copy of the page's data (consult/core/worker_cache.py) is dropped at the
next request after the commit, whichever worker made the change.

A `Watch` names the token's table and column, the models whose rows the page shows, and which
of the table's rows a change to such a row concerns. What renews the tokens, in one place, for
every writer (views, services, commands, the demo):

* a flush (the ORM's unit of work) that adds, changes or deletes a watched row:
  `_renew_after_flush`, one UPDATE on the flush's connection per watch concerned;
* an ORM bulk INSERT, UPDATE or DELETE of a watched model (`update(Comment)...` through the
  session): `_renew_on_bulk_write` renews every token of the municipality served, since it
  cannot know which rows the statement reaches.

SQL that is not the ORM's (`text()`, Core statements on the tables) is not seen: whoever writes
a watched table that way calls `renew_every(watch)` in the same transaction (the tests of each
cache check that no module writes these tables so without it).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import ColumnElement, Select, Table, bindparam, event, inspect, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from consult.core.tenancy import ALL_MUNICIPALITIES, current_municipality_id
from consult.extensions import db

#: the token of a row written by SQL that is not the app's (the migration that added the
#: column, a hand-written INSERT): never trusted by a cache, which reads such a row afresh on
#: every request
UNKNOWN_REVISION = "0"

#: `session.info` key: the tables whose tokens this session renewed (a page read in the same
#: transaction after such a change bypasses its cache: its own row may still hold the old token)
RENEWED = "renewed_revisions"


def new_revision() -> str:
    """A random revision token (64 bits, hex): each change gets one never used before, so a
    worker whose cached copy carries the same token holds what the database holds."""
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Watch:
    """Which tokens to renew for which changes."""

    #: the table holding the tokens, and the token's column
    table: Table
    column: str
    #: the models whose rows the page shows
    models: tuple[type, ...]
    #: the rows of `table` concerned by the watched objects a flush wrote (None: none of them)
    concerned: Callable[[Session, list[object]], ColumnElement[bool] | None]
    #: the column of `table` naming the row's municipality (`renew_every`)
    owner: str = "municipality_id"


_WATCHES: list[Watch] = []


def value_of(obj: object, name: str):
    """An attribute as loaded or set, without loading it (a deleted row cannot be read)."""
    state = inspect(obj)
    if name in state.dict:
        return state.dict[name]
    history = state.attrs[name].history
    return next(iter((*history.added, *history.unchanged, *history.deleted)), None)


def ids_of(objects: list[object], model: type, name: str, skip_new: Session | None = None) -> set:
    """The values of `name` of the `model` objects among `objects` (without the new ones when
    `skip_new` is their session: a new row has a new token already, and nothing points at it)."""
    found = {
        value_of(obj, name)
        for obj in objects
        if isinstance(obj, model) and (skip_new is None or obj not in skip_new.new)
    }
    return found - {None}


def _written(session: Session) -> list[object]:
    """The objects this flush wrote: added, deleted, or changed in a column."""
    dirty = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    return [*session.new, *dirty, *session.deleted]


def _renew(session: Session, watch: Watch, where: ColumnElement[bool] | None) -> None:
    # the columns the table renews on an update (`updated_at`) keep their value: the row's
    # page changed, not the row
    kept = {column: column for column in watch.table.c if column.onupdate is not None}
    statement = update(watch.table).values({**kept, watch.table.c[watch.column]: new_revision()})
    if where is not None:
        statement = statement.where(where)
    session.connection().execute(statement)
    session.info.setdefault(RENEWED, set()).add(watch.table.name)


def _renew_after_flush(session: Session, _context: object) -> None:
    """After a flush, in its transaction: renew the tokens of the rows whose pages it changed,
    one UPDATE per token column however many watches of it the flush concerns."""
    written = _written(session)
    concerned: dict[tuple[str, str], tuple[Watch, list[ColumnElement[bool]]]] = {}
    for watch in _WATCHES:
        changed = [obj for obj in written if isinstance(obj, watch.models)]
        rows = watch.concerned(session, changed) if changed else None
        if rows is not None:
            concerned.setdefault((watch.table.name, watch.column), (watch, []))[1].append(rows)
    for watch, conditions in concerned.values():
        _renew(session, watch, or_(*conditions))


def _renew_on_bulk_write(state: ORMExecuteState) -> None:
    """An ORM bulk write of a watched model: renew every token it may concern."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is None:
        return
    everywhere = bool(state.execution_options.get(ALL_MUNICIPALITIES))
    renewed: set[tuple[str, str]] = set()  # a token column once, however many watches name it
    for watch in _WATCHES:
        tokens = (watch.table.name, watch.column)
        if issubclass(mapper.class_, watch.models) and tokens not in renewed:
            renewed.add(tokens)
            renew_every(watch, state.session, everywhere=everywhere)


def renew_every(watch: Watch, session: Session | None = None, everywhere: bool = False) -> None:
    """Renew the token of every row of the municipality served (of every municipality with
    `everywhere`), in the session's transaction: for a write the hooks cannot see."""
    # Core: not scoped by the ORM, hence the municipality's condition
    mine = None if everywhere else watch.table.c[watch.owner] == current_municipality_id()
    _renew(session or db.session(), watch, mine)


def renewed_here(session: Session, watch: Watch) -> bool:
    """Whether this session's transaction renewed tokens of `watch`'s table, or holds changes
    not yet flushed that would: a row it read may then carry a token older than what the
    transaction sees."""
    if watch.table.name in session.info.get(RENEWED, ()):
        return True
    # every watch of the same tokens (a kind's page adds its own to the announcement's)
    models = watched_models(watch.table) or watch.models
    pending = (*session.new, *session.dirty, *session.deleted)
    return any(isinstance(obj, models) for obj in pending)


def watched_models(table: Table) -> tuple[type, ...]:
    """Every model whose changes renew tokens of `table`, by any watch registered."""
    return tuple(dict.fromkeys(m for w in _WATCHES if w.table is table for m in w.models))


def _forget_renewals(session: Session, *_args: object) -> None:
    """A commit or a rollback ends the transaction: the objects are expired (their tokens read
    again) or the renewals undone."""
    session.info.pop(RENEWED, None)


def watch(new: Watch) -> Watch:
    """Renew `new`'s tokens from now on (once: several apps in one process share the session
    class and the hooks)."""
    if new not in _WATCHES:
        _WATCHES.append(new)
    if not event.contains(db.session, "after_flush", _renew_after_flush):
        event.listen(db.session, "after_flush", _renew_after_flush)
        event.listen(db.session, "do_orm_execute", _renew_on_bulk_write)
        event.listen(db.session, "after_commit", _forget_renewals)
        event.listen(db.session, "after_rollback", _forget_renewals)
    return new


def token_in_database(table: Table, column: str, row_id: int) -> str | None:
    """The token in `column` of the row `row_id` of `table` in the municipality served (None:
    no such row): the one small statement each page of a worker's copy runs."""
    values = {"row": row_id, "municipality": current_municipality_id()}
    return db.session.scalar(_token_query(table, column), values)


@cache
def _token_query(table: Table, column: str) -> Select:
    """Core on the table, the municipality named (the ORM's scoping does not see Core), built
    once per table and column."""
    return select(table.c[column]).where(
        table.c.id == bindparam("row"), table.c.municipality_id == bindparam("municipality")
    )
