"""The revision of a poll (`Poll.revision`), renewed in the transaction of every change to what
its voting pages show, so that each worker's copy of it (consult/polls/voting_cache.py) is
dropped at the next request after the commit, whichever worker made the change.

A flush that adds, changes or deletes a poll, one of its projects, its consultation, or a local
community (the ballot lists them and names a project's) renews the polls concerned; an ORM bulk
write of those models renews every poll of the municipality served (consult/core/revisions.py,
which also says what to do after a write in SQL that is not the ORM's: `renew_every_poll()`).

The poll's part of its consultation's page is kept under the consultation's page revision
instead (consult/public/announcement.py), renewed by a change to the poll or its projects
(`POLL_CONSULTATION_PAGES`).
"""

from sqlalchemy import ColumnElement, or_
from sqlalchemy.orm import Session

from consult.core.models import Consultation, LocalCommunity
from consult.core.page_revisions import Through, page_watch
from consult.core.revisions import Watch, ids_of, renew_every, token_in_database, watch
from consult.polls.models import Poll, Project

_polls = Poll.__table__


def _polls_concerned(session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """Which polls' rows to renew for the objects `changed` (None: none of them)."""
    conditions = [
        column.in_(ids)
        for column, ids in (
            (_polls.c.id, ids_of(changed, Poll, "id", skip_new=session)),
            (_polls.c.id, ids_of(changed, Project, "poll_id")),
            (_polls.c.consultation_id, ids_of(changed, Consultation, "id", skip_new=session)),
            (_polls.c.municipality_id, ids_of(changed, LocalCommunity, "municipality_id")),
        )
        if ids
    ]
    return or_(*conditions) if conditions else None


#: the models whose rows the voting pages of a poll show
POLL_PAGES = Watch(
    table=_polls,
    column="revision",
    models=(Poll, Project, Consultation, LocalCommunity),
    concerned=_polls_concerned,
)


def renew_every_poll(session: Session | None = None, everywhere: bool = False) -> None:
    """Renew the revision of every poll of the municipality served (of every municipality with
    `everywhere`), in the session's transaction: for a write the hooks cannot see."""
    renew_every(POLL_PAGES, session, everywhere)


def current_revision(poll_id: int) -> str | None:
    """The poll's revision in the database (one small statement), or None when the municipality
    served has no such poll."""
    return token_in_database(_polls, "revision", poll_id)


def register_revisions() -> None:
    """Renew the polls' revisions from now on."""
    watch(POLL_PAGES)


#: the models whose rows the poll's part of its consultation page shows (how many projects
#: compete, where to vote): `CAPITAL_POLL.page_watch`
POLL_CONSULTATION_PAGES = page_watch(
    Poll, through=(Through(Project, "poll_id", Poll.id, Poll.consultation_id),)
)
