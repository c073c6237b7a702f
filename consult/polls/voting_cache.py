"""What the voting pages read of a poll, kept by each worker for a short time (issue #23).

The ballot, the verification, the confirmation and the receipt pages read the poll's settings,
its consultation (title, summary, kind, status, dates), its projects (translated titles and
descriptions, costs, photos, local communities) and the list of local communities. A worker
keeps them as plain frozen data (`VotingPoll`), never ORM objects, keyed by the municipality
served and the poll, with the poll's `revision` (consult/polls/revisions.py):

* each request reads the revision, one small statement, and uses its copy only when the
  database holds the same one: a change committed by any worker (or command) renews it in the
  change's own transaction, so the next request anywhere reads the poll again;
* whether voting is open is not kept: the pages compute it from the status and the dates at
  each request (`services.is_open`), so a poll closes on time with a warm copy;
* nothing about voters is kept (no identity, choice, ballot or receipt): only what every
  visitor of the poll's page may read;
* POLL_CACHE_SECONDS bounds how long a copy lives (0: none is kept) and POLL_CACHE_SIZE how
  many one worker keeps.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import select

from consult.core.models import Consultation, LocalCommunity
from consult.core.money import ExactAmount
from consult.core.worker_cache import (
    CONSULTATION_COLUMNS,
    KeptConsultation,
    Lifetime,
    Texts,
    WorkerCache,
    cache_of,
    kept_consultation,
    kept_row_copy,
    kept_texts,
)
from consult.extensions import db
from consult.polls.models import Poll, Project
from consult.polls.revisions import current_revision

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic


@dataclass(frozen=True)
class VotingCommunity:
    """A local community as the ballot names it."""

    id: int
    name: Texts


@dataclass(frozen=True)
class VotingProject:
    """A candidate project on the ballot."""

    id: int
    code: str
    title: Texts
    description: Texts
    cost: ExactAmount
    photo: str | None
    local_community: VotingCommunity | None


@dataclass(frozen=True)
class VotingPoll:
    """A poll as its voting pages read it: the settings, the consultation, the projects in
    ballot order and the local communities a voter may name."""

    id: int
    consultation_id: int
    budget: ExactAmount
    currency: str
    ballot_type: str
    min_projects: int
    max_projects: int | None
    points: int | None
    top_k: int | None
    minimum_age: int
    verify_voter_list: bool
    verify_email: bool
    verify_sms: bool
    consultation: KeptConsultation
    projects: tuple[VotingProject, ...]
    communities: tuple[VotingCommunity, ...]
    #: the blank ballot pages rendered from this copy, with the CSRF token taken out, by what
    #: else they show (consult/polls/views.py `_blank_ballot`): gone with the copy
    pages: dict = field(default_factory=dict, compare=False, repr=False)


_POLL_COLUMNS = (
    Poll.id,
    Poll.consultation_id,
    Poll.budget,
    Poll.currency,
    Poll.ballot_type,
    Poll.min_projects,
    Poll.max_projects,
    Poll.points,
    Poll.top_k,
    Poll.minimum_age,
    Poll.verify_voter_list,
    Poll.verify_email,
    Poll.verify_sms,
)
_PROJECT_COLUMNS = (
    Project.id,
    Project.code,
    Project.title,
    Project.description,
    Project.cost,
    Project.photo,
    Project.local_community_id,
)


def read_voting_poll(poll_id: int) -> tuple[str, VotingPoll] | None:
    """The poll from the database with the revision read with it (None: no such poll in the
    municipality served). Columns only, so the session's identity map plays no part.

    The projects and the communities are read first and the poll with its revision last: a
    change committed in between renews the revision, so the copy is never kept under a
    revision older than anything in it."""
    projects = db.session.execute(
        select(*_PROJECT_COLUMNS).where(Project.poll_id == poll_id).order_by(Project.id)
    ).all()
    communities = tuple(
        VotingCommunity(id=row.id, name=kept_texts(row.name))
        for row in db.session.execute(
            select(LocalCommunity.id, LocalCommunity.name).order_by(LocalCommunity.id)
        )
    )
    row = db.session.execute(
        select(Poll.revision, *_POLL_COLUMNS, *CONSULTATION_COLUMNS)
        .join(Consultation, Consultation.id == Poll.consultation_id)
        .where(Poll.id == poll_id)
    ).one_or_none()
    if row is None:
        return None
    return row[0], _voting_poll(row[1:], projects, communities)


def _voting_poll(row, projects, communities: tuple[VotingCommunity, ...]) -> VotingPoll:
    settings = dict(zip((c.key for c in _POLL_COLUMNS), row[: len(_POLL_COLUMNS)], strict=True))
    consultation = kept_consultation(tuple(row[len(_POLL_COLUMNS) :]))
    by_id = {community.id: community for community in communities}
    return VotingPoll(
        **settings,
        consultation=consultation,
        projects=tuple(_voting_project(p, by_id) for p in projects),
        communities=communities,
    )


def _voting_project(row, communities: Mapping[int, VotingCommunity]) -> VotingProject:
    return VotingProject(
        id=row.id,
        code=row.code,
        title=kept_texts(row.title),
        description=kept_texts(row.description),
        cost=row.cost,
        photo=row.photo,
        local_community=communities.get(row.local_community_id),
    )


def worker_cache(app: Flask | None = None) -> WorkerCache[VotingPoll]:
    """The cache of this worker (one per app: created with it, gone with it)."""
    return cache_of("poll_voting_cache", app)


def voting_poll(poll_id: int) -> VotingPoll | None:
    """The poll as its voting pages read it: this worker's copy when the database holds the
    same revision, else read and kept. None when the municipality served has no such poll."""
    config = current_app.config
    lifetime = Lifetime(
        config.get("POLL_CACHE_SECONDS", 0), config.get("POLL_CACHE_SIZE", 256), _clock()
    )
    return kept_row_copy(worker_cache(), poll_id, lifetime, read_voting_poll, current_revision)
