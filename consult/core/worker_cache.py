"""What one worker keeps of a page's data between requests, each copy valid for one revision
token of its row (consult/core/revisions.py) and for a bounded time.

Each request reads the row's token (with the row, or in one small statement) and uses a copy
only when it carries the same token: a change committed by any worker (or command) renews the
token in the change's own transaction, so the next request anywhere reads the data again. A
copy is kept only under a token read before the data and still the database's after it, so a
copy is never older than its token.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import Flask, current_app

from consult.core.revisions import UNKNOWN_REVISION, Watch, renewed_here
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
