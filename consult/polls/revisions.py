"""The revision of a poll (`Poll.revision`), renewed in the transaction of every change to what
its voting pages show, so that each worker's copy of it (consult/polls/voting_cache.py) is
dropped at the next request after the commit, whichever worker made the change.

What renews it, in one place, for every writer (views, services, commands, the demo):

* a flush (the ORM's unit of work) that adds, changes or deletes a poll, one of its projects,
  its consultation, or a local community (the ballot lists them and names a project's):
  `_renew_after_flush`, one UPDATE on the flush's connection, for the polls concerned;
* an ORM bulk INSERT, UPDATE or DELETE of those models (`update(Consultation)...` through the
  session): `_renew_on_bulk_write` renews every poll of the municipality served, since it
  cannot know which rows the statement reaches.

SQL that is not the ORM's (`text()`, Core statements on the tables) is not seen: whoever writes
one of these tables that way calls `renew_every_poll()` in the same transaction
(tests/polls/test_voting_cache.py checks that no module writes them so without it).
"""

from sqlalchemy import ColumnElement, event, inspect, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from consult.core.models import Consultation, LocalCommunity
from consult.core.tenancy import ALL_MUNICIPALITIES, current_municipality_id
from consult.extensions import db
from consult.polls.models import Poll, Project, new_revision

#: the models whose rows the voting pages of a poll show
WATCHED = (Poll, Project, Consultation, LocalCommunity)

_polls = Poll.__table__


def _value(obj: object, name: str):
    """An attribute as loaded or set, without loading it (a deleted row cannot be read)."""
    state = inspect(obj)
    if name in state.dict:
        return state.dict[name]
    history = state.attrs[name].history
    return next(iter((*history.added, *history.unchanged, *history.deleted)), None)


def _changed(session: Session) -> list[object]:
    """The watched objects this flush wrote: added, deleted, or changed in a column."""
    dirty = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    return [obj for obj in (*session.new, *dirty, *session.deleted) if isinstance(obj, WATCHED)]


def _polls_concerned(session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """Which polls' rows to renew for the objects `changed` (None: none of them)."""
    polls, consultations, municipalities = set(), set(), set()
    for obj in changed:
        new = obj in session.new
        if isinstance(obj, Poll) and not new:  # a new poll has a new token already
            polls.add(_value(obj, "id"))
        elif isinstance(obj, Project):
            polls.add(_value(obj, "poll_id"))
        elif isinstance(obj, Consultation) and not new:  # no poll points at it yet
            consultations.add(_value(obj, "id"))
        elif isinstance(obj, LocalCommunity):
            municipalities.add(_value(obj, "municipality_id"))
    conditions = [
        column.in_(ids - {None})
        for column, ids in (
            (_polls.c.id, polls),
            (_polls.c.consultation_id, consultations),
            (_polls.c.municipality_id, municipalities),
        )
        if ids - {None}
    ]
    return or_(*conditions) if conditions else None


def _renew_after_flush(session: Session, _context: object) -> None:
    """After a flush, in its transaction: renew the polls whose voting pages it changed."""
    changed = _changed(session)
    if not changed:
        return
    concerned = _polls_concerned(session, changed)
    if concerned is not None:
        session.connection().execute(
            update(_polls).where(concerned).values(revision=new_revision())
        )


def _renew_on_bulk_write(state: ORMExecuteState) -> None:
    """An ORM bulk write of a watched model: renew every poll it may concern."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is None or not issubclass(mapper.class_, WATCHED):
        return
    everywhere = bool(state.execution_options.get(ALL_MUNICIPALITIES))
    renew_every_poll(state.session, everywhere=everywhere)


def renew_every_poll(session: Session | None = None, everywhere: bool = False) -> None:
    """Renew the revision of every poll of the municipality served (of every municipality with
    `everywhere`), in the session's transaction: for a write this module cannot see."""
    statement = update(_polls).values(revision=new_revision())
    if not everywhere:  # Core: not scoped by the ORM
        statement = statement.where(_polls.c.municipality_id == current_municipality_id())
    (session or db.session()).connection().execute(statement)


def current_revision(poll_id: int) -> str | None:
    """The poll's revision in the database (one small statement), or None when the municipality
    served has no such poll."""
    return db.session.scalar(select(Poll.revision).where(Poll.id == poll_id))


def register_revisions() -> None:
    """Listen on the app's session class once (several apps in one process share it)."""
    if not event.contains(db.session, "after_flush", _renew_after_flush):
        event.listen(db.session, "after_flush", _renew_after_flush)
        event.listen(db.session, "do_orm_execute", _renew_on_bulk_write)
