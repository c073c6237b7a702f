"""What one worker keeps of a page's data between requests, each copy valid for one revision
token of its row (consult/core/revisions.py) and for a bounded time.

Each request reads the row's token (with the row, or in one small statement) and uses a copy
only when it carries the same token: a change committed by any worker (or command) renews the
token in the change's own transaction, so the next request anywhere reads the data again. A
copy is kept only under a token read before the data and still the database's after it, so a
copy is never older than its token.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Generic, TypeVar

from flask import Flask, current_app

from consult.core.models import Consultation
from consult.core.revisions import UNKNOWN_REVISION, Watch, renewed_here
from consult.core.tenancy import current_municipality_id
from consult.extensions import db

Value = TypeVar("Value")


@dataclass(frozen=True)
class _Entry(Generic[Value]):
    revision: str
    kept_until: float
    value: Value


class WorkerCache(Generic[Value]):
    """One worker's copies, by key (the municipality served first): each valid for its
    revision only, until it expires; the oldest go first beyond `size`."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, _Entry[Value]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, revision: str, at: float) -> Value | None:
        """The copy of `key` if it has `revision` and has not expired at `at`."""
        entry = self._entries.get(key)
        if entry is None or entry.revision != revision or entry.kept_until <= at:
            return None
        return entry.value

    def put(
        self, key: Hashable, revision: str, value: Value, kept_until: float, size: int, at: float
    ) -> None:
        """Keep `value` for `key`, dropping the expired copies and then the oldest over `size`."""
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = _Entry(revision, kept_until, value)
            for stale in [k for k, e in self._entries.items() if e.kept_until <= at]:
                del self._entries[stale]
            while len(self._entries) > size:
                del self._entries[next(iter(self._entries))]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def entries(self) -> dict[Hashable, Value]:
        """What is kept, by key (for the tests and for inspection)."""
        return {key: entry.value for key, entry in list(self._entries.items())}


def cache_of(name: str, app: Flask | None = None) -> WorkerCache:
    """The worker's cache called `name` (one per app: created with it, gone with it)."""
    extensions = (app or current_app).extensions
    cache = extensions.get(name)
    if cache is None:  # not setdefault: that would build a cache and its lock at every request
        cache = extensions[name] = WorkerCache()
    return cache


@dataclass(frozen=True)
class Lifetime:
    """How long a copy lives (`seconds`, 0: none is kept), how many one worker keeps, and the
    time now (of the caller's clock, which a test moves)."""

    seconds: float
    size: int
    at: float


def kept_or_read(
    cache: WorkerCache[Value],
    key: Hashable,
    revision: str,
    read: Callable[[], tuple[str, Value] | None],
    lifetime: Lifetime,
) -> Value | None:
    """The copy of `key` under `revision` (the token read before anything else), else what
    `read()` returns (the token read again after the data, and the data; None: no such row),
    kept when the token did not change in between and is one the app wrote."""
    kept = cache.get(key, revision, lifetime.at) if lifetime.seconds > 0 else None
    if kept is not None:
        return kept
    found = read()
    if found is None:
        return None
    read_revision, value = found
    if lifetime.seconds > 0 and read_revision == revision != UNKNOWN_REVISION:
        kept_until = lifetime.at + lifetime.seconds
        cache.put(key, revision, value, kept_until, lifetime.size, lifetime.at)
    return value


def page_part(
    name: str,
    key: Hashable,
    revision: str | None,
    watch: Watch,
    read: Callable[[], Value],
    revision_now: Callable[[], str | None],
    at: float,
) -> Value:
    """A part of a public page for this request, from this worker's cache `name`: the copy of
    `key` under `revision` (read with the page's row before anything else), else `read()`,
    kept when `revision_now()` (the token read again after the part) is still `revision`, for
    PAGE_CACHE_SECONDS (0: none is kept) among at most PAGE_CACHE_SIZE. A request whose own
    transaction changed rows `watch` sees reads afresh and keeps nothing."""
    config = current_app.config
    seconds = config.get("PAGE_CACHE_SECONDS", 0)
    if renewed_here(db.session(), watch):
        seconds = 0
    lifetime = Lifetime(seconds, config.get("PAGE_CACHE_SIZE", 512), at)

    def read_then_token() -> tuple[str, Value]:
        value = read()  # the part first, then its token: never kept under an older one
        return (revision_now() if seconds > 0 else None) or UNKNOWN_REVISION, value

    found = kept_or_read(
        cache_of(name), key, revision or UNKNOWN_REVISION, read_then_token, lifetime
    )
    assert found is not None
    return found


def kept_row_copy(
    cache: WorkerCache[Value],
    row_id: int,
    lifetime: Lifetime,
    read: Callable[[int], tuple[str, Value] | None],
    revision_of: Callable[[int], str | None],
) -> Value | None:
    """The copy of the row `row_id` of the municipality served (a poll, a survey, as its pages
    read it): this worker's when it carries the revision the database holds (`revision_of`,
    one small statement), else `read(row_id)` (the data and the revision read after it) and
    kept. None when the municipality served has no such row."""
    if lifetime.seconds <= 0:
        found = read(row_id)
        return None if found is None else found[1]
    revision = revision_of(row_id)
    if revision is None:
        return None
    key = (current_municipality_id(), row_id)
    return kept_or_read(cache, key, revision, lambda: read(row_id), lifetime)


# --- what the copies keep of a consultation ------------------------------------------------

#: {locale: text}, read-only
Texts = Mapping[str, str]


def kept_texts(value: Mapping | None) -> Texts:
    """Translated texts as a copy keeps them: read-only."""
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class KeptConsultation:
    """The consultation of a poll or a survey as its voters' or respondents' pages show it; its
    stage is computed from `status` and the dates at each request
    (`consult.core.services.stage_on`)."""

    id: int
    kind: str
    status: str
    title: Texts
    summary: Texts
    opens_at: dt.date | None
    closes_at: dt.date | None

    @property
    def is_public(self) -> bool:
        """Drafts are seen by officers only (as `Consultation.is_public`)."""
        return self.status != "draft"


#: the columns a `KeptConsultation` is made of (`kept_consultation`), in its fields' order
CONSULTATION_COLUMNS = (
    Consultation.id,
    Consultation.kind,
    Consultation.status,
    Consultation.title,
    Consultation.summary,
    Consultation.opens_at,
    Consultation.closes_at,
)


def kept_consultation(values: tuple) -> KeptConsultation:
    """A `KeptConsultation` from the values of `CONSULTATION_COLUMNS`, in order."""
    id_, kind, status, title, summary, opens_at, closes_at = values
    return KeptConsultation(
        id=id_,
        kind=kind,
        status=status,
        title=kept_texts(title),
        summary=kept_texts(summary),
        opens_at=opens_at,
        closes_at=closes_at,
    )
