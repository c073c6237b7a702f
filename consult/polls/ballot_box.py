"""The ballot box: storing who voted and what they chose so that nothing in the database pairs
them, online, on paper and from imported files alike.

Why: on PostgreSQL a row carries the id of the transaction that wrote it (`xmin`) and sits in
the table's heap in the order it was written (`ctid`, the order of a plain SELECT and of
pg_dump). A vote writes its participation and its ballot in one transaction; left alone,
`... join poll_ballots b on p.xmin = b.xmin` pairs every ballot with its voter, and the heap
lists both in the order people voted.

So every vote, under a row lock on its poll (the poll's votes wait for each other; the UNIQUE
key of `Participation` still refuses a second vote), inserts its rows and then rewrites every
participation and every ballot of the poll that is not yet `sealed`, in primary-key order, in
one statement per table (DELETE ... RETURNING feeding INSERT ... ORDER BY the key): they all
carry this vote's `xmin`, and lie in the heap in the order of their random keys. When a
table's unsealed rows reach 2B (B = POLL_SEAL_BATCH), the same statement seals all of them
but B: the lowest keys, chosen in each table on its own, so the flag says nothing of who or
when. Sealed rows are never written again. So every transaction stamp that stays on a row is
shared by at least B participations and B ballots of the poll (by all of them while fewer
than B have voted), the last group included, with no command after the poll closes; and a
vote rewrites at most 2B rows of each table however many have voted.

What is left for a database administrator: which group of at least B a row is in, and the
order of the groups in time (a voter's ballot is in a group sealed at or after their vote);
see the README's security section for the rest (write-ahead log, backups, dead row versions
until VACUUM, watching the tables while people vote).

SQLite has neither transaction stamps nor a heap: both tables are WITHOUT ROWID, stored in the
order of their keys whatever the order of insertion, so there the box only inserts.
"""

from collections.abc import Sequence
from functools import cache

from flask import current_app
from sqlalchemy import Insert, Table, and_, bindparam, insert, not_, select

from consult.core.sealing import BATCH, rewrite, rewrite_statement
from consult.core.tenancy import current_municipality_id
from consult.extensions import db
from consult.polls.models import Ballot, Participation, Poll


def batch_size() -> int:
    """B: the fewest rows of a table that share a transaction stamp (POLL_SEAL_BATCH)."""
    return max(1, int(current_app.config.get("POLL_SEAL_BATCH", 20)))


def put(poll_id: int, participations: Sequence[dict], ballots: Sequence[dict]) -> None:
    """Store participations and ballots of one poll (column → value rows), then seal.

    Rows go in in key order. Raises IntegrityError when a participation is already stored:
    the caller rolls the transaction back.
    """
    db.session.flush()
    _lock(poll_id)
    key = _key_of(Participation.__table__)
    if participations:
        rows = sorted(participations, key=key)
        db.session.execute(insert(Participation.__table__), rows)
    if ballots:
        rows = sorted(ballots, key=_key_of(Ballot.__table__))
        db.session.execute(insert(Ballot.__table__), rows)
    seal(poll_id)


def seal(poll_id: int) -> tuple[int, int]:
    """Rewrite the poll's unsealed participations and ballots in key order (PostgreSQL).

    Returns how many rows of each table were written: at most 2B when every vote is sealed.
    """
    if not _postgresql():
        return 0, 0
    counts = (
        _rewrite_unsealed(Participation.__table__, poll_id),
        _rewrite_unsealed(Ballot.__table__, poll_id),
    )
    for item in list(db.session.identity_map.values()):
        if isinstance(item, Participation | Ballot):
            db.session.expire(item)  # written again, `sealed` may have changed
    return counts


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _lock(poll_id: int) -> None:
    """Serialise the votes of one poll (PostgreSQL; SQLite has one writer at a time).

    FOR NO KEY UPDATE: the foreign-key checks of the inserts need only a key-share lock.
    """
    if _postgresql():
        query = select(Poll.id).where(Poll.id == poll_id).with_for_update(key_share=True)
        db.session.execute(query)


def _key_of(table: Table):
    names = [column.name for column in table.primary_key.columns]
    return lambda row: tuple(row[name] for name in names)


def _rewrite_unsealed(table: Table, poll_id: int) -> int:
    """One statement: the unsealed rows out and back in key order, all but B of them sealed
    once there are 2B (consult/core/sealing.py)."""
    values = {"sealing_municipality": current_municipality_id(), "sealing_poll": poll_id}
    return rewrite(_unsealed_rewrite(table), {**values, BATCH: batch_size()})


@cache
def _unsealed_rewrite(table: Table) -> Insert:
    """The rewrite of a poll's unsealed rows of `table`, built once."""
    unsealed = and_(
        # Core: not scoped by the ORM
        table.c.municipality_id == bindparam("sealing_municipality"),
        table.c.poll_id == bindparam("sealing_poll"),
        not_(table.c.sealed),
    )
    return rewrite_statement(table, unsealed, sealing=True)
