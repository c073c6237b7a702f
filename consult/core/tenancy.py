"""Municipalities as tenants (issue #22): every row that belongs to a municipality says so,
and every ORM query is scoped to the current municipality in one place, here.

* `MunicipalityOwned` gives a model `municipality_id` (NOT NULL, a foreign key to
  `municipalities`, indexed) whose default is the current municipality's id.
* `current_municipality_id()` is the municipality the request serves (its `Host` header matched
  against `municipalities.host`, else the first municipality), or in a command the one whose
  slug `CONSULT_MUNICIPALITY` names, or the one chosen with `serving(...)` (default: the first).
* A `do_orm_execute` listener adds
  `with_loader_criteria(MunicipalityOwned, municipality_id == :current)` to every ORM SELECT,
  UPDATE and DELETE, relationship loads included, unless the statement carries the execution
  option `all_municipalities=True` (the national view, later). The current id travels as a
  bound parameter of the cached lambda, never baked into the cached SQL.
* A `before_flush` guard stamps new owned rows with the current municipality and refuses to
  insert, change or delete an owned row of another municipality (`OtherMunicipalityError`).

What the listener cannot see is SQL that is not an ORM statement: `text()` and Core statements
on `Table` objects. Those name `municipality_id` themselves (docs/municipalities.md lists them).

On PostgreSQL the database keeps a second wall (migration 0037): every owned table has a
row-level security policy that shows and accepts only the rows of the municipality named by the
transaction's `consult.municipality` setting, which `_row_scope` sets as each transaction of the
session begins. Policies bind a role that neither owns the tables nor bypasses row security (the
role the app serves with in production, README "Security"); for a superuser or the owner (the
migrations, the tests) the setting is not sent at all.
"""

import functools
import os
from contextlib import contextmanager

import click
from flask import g, has_app_context, has_request_context, request
from sqlalchemy import Connection, ForeignKey, event, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, with_loader_criteria

from consult.extensions import db

#: the execution option that lifts the scoping of one statement (the national view)
ALL_MUNICIPALITIES = "all_municipalities"
#: the first municipality: made by migration 0035, the one a single-municipality install serves
FIRST_MUNICIPALITY_ID = 1
#: the environment variable naming (by slug) the municipality a command serves
COMMAND_MUNICIPALITY = "CONSULT_MUNICIPALITY"
#: the PostgreSQL setting the row-level security policies read (migration 0037)
ROW_SETTING = "consult.municipality"
#: where a pooled connection remembers whether its role is bound by row-level security
_BOUND = "consult_row_security"


class OtherMunicipalityError(RuntimeError):
    """A flush would write a row of a municipality other than the one being served."""


def current_municipality_id() -> int:
    """The id of the municipality being served, resolved once per request (or app context)."""
    cache = _cache()
    if "municipality_id" not in cache:
        cache["municipality_id"] = _resolve()
    return cache["municipality_id"]


def _cache() -> dict:
    """Where the resolved id lives: the request when there is one (a test's outer app context
    is shared by the requests made inside it, the request is not), else the app context."""
    if has_request_context():
        return request.environ.setdefault("consult.tenancy", {})
    if has_app_context():
        return g.setdefault("_tenancy", {})
    return {}


def _resolve() -> int:
    """The municipality whose `host` is the request's host name, else the first one; outside
    a request (a command), the one whose slug `CONSULT_MUNICIPALITY` names, else the first."""
    from consult.core.municipalities import Municipality  # the model imports this module

    table = Municipality.__table__
    if has_request_context():
        host = request.host.split(":", 1)[0].lower()
        # its own connection: a database not migrated yet (or down) leaves the session alone
        try:
            with db.engine.connect() as connection:
                found = connection.scalar(select(table.c.id).where(table.c.host == host))
        except SQLAlchemyError:
            found = None
        return found if found is not None else FIRST_MUNICIPALITY_ID
    slug = os.environ.get(COMMAND_MUNICIPALITY, "").strip()
    if not slug or not has_app_context():
        return FIRST_MUNICIPALITY_ID
    with db.engine.connect() as connection:
        found = connection.scalar(select(table.c.id).where(table.c.slug == slug))
    if found is None:
        raise click.ClickException(
            f"{COMMAND_MUNICIPALITY}={slug}: there is no such municipality "
            "(flask municipalities list)."
        )
    return found


def serve_request(municipality_id: int) -> None:
    """Settle the municipality the current request serves (read once, before its view; the
    open-data API may settle another one its query names, `consult.api.views`)."""
    _cache()["municipality_id"] = municipality_id
    _row_scope_again()


@contextmanager
def serving(municipality_id: int):
    """Serve `municipality_id` inside the block (a command, a test): queries are scoped to it
    and new rows belong to it. The session's identity map is not cleared: objects already
    loaded stay as they were."""
    cache = _cache()
    before = cache.get("municipality_id")
    cache["municipality_id"] = municipality_id
    _row_scope_again()
    try:
        yield
    finally:
        if before is None:
            cache.pop("municipality_id", None)
        else:
            cache["municipality_id"] = before
        _row_scope_again()


class MunicipalityOwned:
    """A row that belongs to one municipality."""

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id"), index=True, default=lambda: current_municipality_id()
    )


def _scope(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if not state.is_orm_statement:
        return  # Core on a `Table`: the criteria would not apply (it names its municipality)
    if state.is_column_load or state.execution_options.get(ALL_MUNICIPALITIES):
        return  # refreshing a row already loaded; or a statement across municipalities
    state.statement = state.statement.options(_criteria(current_municipality_id()))


@functools.lru_cache(maxsize=256)
def _criteria(current: int) -> object:
    """The scoping option of the municipality `current`, made once per municipality (the
    statement's cache key still carries `current` as a bound value of the lambda)."""
    return with_loader_criteria(
        MunicipalityOwned,
        lambda cls: cls.municipality_id == current,
        include_aliases=True,
        track_closure_variables=True,
    )


def _guard(session: Session, _context: object, _instances: object) -> None:
    """New owned rows belong to the current municipality; no row of another is written."""
    if not has_app_context():
        return
    current = None
    for obj in session.new:
        if isinstance(obj, MunicipalityOwned):
            current = current if current is not None else current_municipality_id()
            if obj.municipality_id is None:
                obj.municipality_id = current
            elif obj.municipality_id != current:
                raise OtherMunicipalityError(f"new {type(obj).__name__} of another municipality")
    for obj in (*session.dirty, *session.deleted):
        if not isinstance(obj, MunicipalityOwned):
            continue
        current = current if current is not None else current_municipality_id()
        history = inspect(obj).attrs.municipality_id.history
        owners = {*history.added, *history.unchanged, *history.deleted}
        if owners - {current}:
            raise OtherMunicipalityError(f"{type(obj).__name__} of another municipality")


def _bound_by_row_security(connection: Connection) -> bool:
    """Whether the connection's role is held by the policies: PostgreSQL, neither a superuser
    nor allowed to bypass row security. Asked once per pooled connection."""
    info = connection.info
    if _BOUND not in info:
        info[_BOUND] = connection.dialect.name == "postgresql" and not connection.scalar(
            text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        )
    return info[_BOUND]


def _set_row_setting(connection: Connection) -> None:
    connection.execute(
        text("SELECT set_config(:name, :value, true)"),
        {"name": ROW_SETTING, "value": str(current_municipality_id())},
    )


def _row_scope(_session: Session, _transaction: object, connection: Connection) -> None:
    """As a transaction begins: name the municipality to the policies (for the transaction
    only, so a pooled connection never carries it into another request)."""
    if has_app_context() and _bound_by_row_security(connection):
        _set_row_setting(connection)


def _row_scope_again() -> None:
    """`serving` changed the municipality inside an open transaction: tell the policies."""
    if not has_app_context():
        return
    session = db.session()
    if session.in_transaction():
        connection = session.connection()
        if _bound_by_row_security(connection):
            _set_row_setting(connection)


def register_tenancy() -> None:
    """Listen on the app's session class once (several apps in one process share it)."""
    if not event.contains(db.session, "do_orm_execute", _scope):
        event.listen(db.session, "do_orm_execute", _scope)
        event.listen(db.session, "before_flush", _guard)
        event.listen(db.session, "after_begin", _row_scope)
