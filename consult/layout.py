"""The parts of every page's layout that every visitor of a municipality sees alike in a
language, rendered once and kept by each worker (issue #23: their links and labels were built
again at every request): the brand, the public menu, the guest's sign-in link and the footer;
and each page's whole frame around its content (`page_frame`: the head, the header with the
language switcher and the page's own menu items, the footer) for a reader it is the same for.

A copy is keyed by everything it shows: the part, the municipality served, the language, the
path the app is served under, and the municipality's names, contact and whether it has a logo,
so a change to any of them is a new key, never a stale copy. A frame is keyed besides by the
page's title, head and menu items and by what its language switcher links to (the host, the
route and its arguments). A signed-in reader's menu and a waiting message are never kept: such
a page's frame is rendered at each request. PAGE_CACHE_SECONDS and PAGE_CACHE_SIZE bound the
copies.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

from flask import Flask, current_app, g, render_template, request, session
from flask_login import current_user
from markupsafe import Markup

from consult.core.municipalities import contact, municipality_names, offered_locales
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

#: the name of the worker's cache of page frames (`page_frame`)
FRAMES = "frame_cache"

#: the revision of every copy: the key names all a part depends on
_KEYED = "keyed"


class Frame(NamedTuple):
    """The layout before a page's content and after it."""

    top: Markup
    bottom: Markup


def worker_cache(app: Flask | None = None) -> WorkerCache[Markup]:
    """The copies of this worker (one per app: created with it, gone with it)."""
    return cache_of(CACHE, app)


def frame_cache(app: Flask | None = None) -> WorkerCache[Frame]:
    """The page frames this worker keeps (one cache per app)."""
    return cache_of(FRAMES, app)


def _lifetime() -> Lifetime:
    config = current_app.config
    return Lifetime(
        config.get("PAGE_CACHE_SECONDS", 0), config.get("PAGE_CACHE_SIZE", 512), _clock()
    )


def layout_part(name: str) -> Markup:
    """The layout's part `name` for this request: this worker's copy, else rendered."""
    key = (name, *what_the_layout_shows())
    found = kept_or_read(worker_cache(), key, _KEYED, lambda: (_KEYED, _render(name)), _lifetime())
    assert found is not None
    return found


def page_frame(
    top: Callable[[], Markup],
    bottom: Callable[[], Markup],
    title: Markup,
    head: Markup,
    nav_items: Markup,
) -> Frame:
    """The frame around this page's content: base.html's blocks `top` and `bottom` (which show
    the page's title, head and menu items), this worker's copy for a reader it is the same for
    (`same_for_every_reader`), keyed by the page's own parts, what the language switcher links
    to (the host and the route with its arguments: every address no route knows shares one
    copy), the languages offered and what the layout shows; else rendered."""

    def rendered() -> Frame:
        return Frame(top(), bottom())

    if not same_for_every_reader():
        return rendered()
    key = (
        str(title),
        str(head),
        str(nav_items),
        request.host_url,
        request.endpoint,
        tuple(sorted((request.view_args or {}).items())),
        offered_locales(),
        *what_the_layout_shows(),
    )
    found = kept_or_read(frame_cache(), key, _KEYED, lambda: (_KEYED, rendered()), _lifetime())
    assert found is not None
    return found


def same_for_every_reader() -> bool:
    """Whether this request's page may be one kept for every reader: nobody is signed in (no
    one's menu), no message waits to be shown, and the address has no query argument but the
    language (a kept copy per address: any other argument would make one per request)."""
    return not (
        current_user.is_authenticated or session.get("_flashes") or set(request.args) - {"lang"}
    )


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
