"""The parts of every page's layout that every visitor of a municipality sees alike in a
language, rendered once and kept by each worker (issue #23: their links and labels were built
again at every request): the brand, the public menu, the guest's sign-in link and the footer.

A copy is keyed by everything it shows: the part, the municipality served, the language, the
path the app is served under, and the municipality's names, contact and whether it has a logo,
so a change to any of them is a new key, never a stale copy. The language switcher (links to
the page being read), the page's own menu items, a signed-in reader's menu and the messages are
rendered at each request. PAGE_CACHE_SECONDS and PAGE_CACHE_SIZE bound the copies.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, render_template, request
from markupsafe import Markup

from consult.core.municipalities import contact, municipality_names
from consult.core.tenancy import current_municipality_id
from consult.core.worker_cache import Lifetime, WorkerCache, cache_of, kept_or_read
from consult.i18n import current_locale
from consult.identity import municipality_logo

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic

#: the name of the worker's cache of layout parts
CACHE = "layout_cache"

#: the parts, by name: their templates
PARTS = {
    "brand": "layout/_brand.html",
    "public_menu": "layout/_public_menu.html",
    "guest_menu": "layout/_guest_menu.html",
    "footer": "layout/_footer.html",
}

#: the revision of every copy: the key names all a part depends on
_KEYED = "keyed"


def worker_cache(app: Flask | None = None) -> WorkerCache[Markup]:
    """The copies of this worker (one per app: created with it, gone with it)."""
    return cache_of(CACHE, app)


def layout_part(name: str) -> Markup:
    """The layout's part `name` for this request: this worker's copy, else rendered."""
    config = current_app.config
    lifetime = Lifetime(
        config.get("PAGE_CACHE_SECONDS", 0), config.get("PAGE_CACHE_SIZE", 512), _clock()
    )
    key = (name, *what_the_layout_shows())
    kept = kept_or_read(worker_cache(), key, _KEYED, lambda: (_KEYED, _render(name)), lifetime)
    assert kept is not None
    return kept


def what_the_layout_shows() -> tuple:
    """Everything the kept parts depend on, read once per request: the municipality served,
    the language, the path the app is served under, the names, the contact, the logo."""
    found = g.get("layout_key")
    if found is None:
        found = g.layout_key = (
            current_municipality_id(),
            current_locale(),
            request.script_root,
            tuple(sorted(municipality_names().items())),
            tuple(contact().values()),
            municipality_logo() is not None,
        )
    return found


def _render(name: str) -> Markup:
    html = render_template(PARTS[name])
    return Markup(html)  # noqa: S704  # nosec B704  rendered by an autoescaping template
