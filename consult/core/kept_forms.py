"""Blank forms of a consultation's public page, rendered once and kept by each worker (issue
#23: building and rendering a draft act's comment form with WTForms was a third of its page).

A blank form (nothing sent, no error) is the same HTML for every reader with the same key but
for its CSRF token, which is signed for the reader's session: the copy is kept with the token
taken out (`SLOT`) and each request puts its reader's own token back. A form sent back
with errors, or refilled with what the reader wrote, is rendered at each request and never
kept. A copy lives under the consultation's page revision (the comment form lists the act's
articles: consult/core/page_revisions.py) for PAGE_CACHE_SECONDS; its key names everything
else it depends on (the form, the language, the reader's ways of commenting, the article
chosen).

`kept_page` keeps a whole page the same way, in a dict that lives as long as the data it
shows (the blank ballot, with a worker's copy of its poll: consult/polls/views.py).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Hashable

from flask import Flask, current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from consult.core.models import Consultation
from consult.core.municipalities import offered_locales
from consult.core.page_revisions import ANNOUNCEMENTS, page_revision_now
from consult.core.tenancy import current_municipality_id
from consult.core.worker_cache import WorkerCache, cache_of, page_part
from consult.i18n import current_locale
from consult.layout import what_the_layout_shows

#: where a kept form's CSRF token was (NUL: no template writes it, no browser is sent it)
SLOT = "\x00csrf\x00"

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic

#: the name of the worker's cache of blank forms
CACHE = "blank_form_cache"


class TokenNotFound(RuntimeError):
    """A form to be kept did not carry the request's CSRF token (a form without one, or one
    rendered with another token): keeping it would send every reader a token not theirs."""


def worker_cache(app: Flask | None = None) -> WorkerCache[str]:
    """The copies of this worker (one per app: created with it, gone with it)."""
    return cache_of(CACHE, app)


def kept_blank_form(
    consultation: Consultation, key: tuple[Hashable, ...], render: Callable[[], str]
) -> Markup:
    """The blank form `render()` writes on `consultation`'s page, with this reader's CSRF
    token: this worker's copy under `key` (the form's name first) and the consultation's
    page revision, else rendered and kept."""
    token = generate_csrf()
    kept = page_part(
        CACHE,
        (current_municipality_id(), consultation.id, current_locale(), *key),
        consultation.page_revision,
        ANNOUNCEMENTS,
        lambda: without_token(render(), token, key[0] if key else "form"),
        lambda: page_revision_now(consultation.id),
        _clock(),
    )
    return with_token(kept, token)


def without_token(html: str, token: str, name: str) -> str:
    """`html` rendered for this request with its CSRF `token` taken out (`SLOT`), to keep;
    TokenNotFound if the token is not in it (a form named `name` without one)."""
    html = str(html)
    if current_app.config.get("WTF_CSRF_ENABLED", True) and token not in html:
        raise TokenNotFound(name)
    return html.replace(token, SLOT)


def with_token(kept: str, token: str) -> Markup:
    """A kept copy with this reader's CSRF `token` put back."""
    # the template escaped what it wrote; the token is URL-safe base64 with dots
    return Markup(kept.replace(SLOT, token))  # noqa: S704  # nosec B704


def kept_page(
    pages: dict, key: tuple, render: Callable[[], str], form: bool = True, most: int = 32
) -> Markup | str:
    """A whole page kept in `pages` (a dict that lives as long as the data it shows, e.g. a
    worker's copy of a poll), the same for every reader (`same_for_every_reader`), with this
    reader's CSRF token when it has a `form`: the copy under `key` with what `reader_page_key`
    names, else `render()`ed and kept while `pages` holds fewer than `most` copies. A page
    expected with a form that comes without this reader's token is shown and not kept."""
    if not same_for_every_reader():
        return render()
    key = (*key, *reader_page_key())
    token = generate_csrf() if form else ""
    kept = pages.get(key)
    if kept is None:
        html = str(render())
        if form and token not in html:
            return html  # no form this time after all: shown as it is, never kept
        kept = html.replace(token, SLOT) if form else html
        if len(pages) < most:
            pages[key] = kept
    return with_token(kept, token) if form else kept


def same_for_every_reader() -> bool:
    """Whether this request's page may be one kept for every reader: nobody is signed in (no
    one's menu), no message waits to be shown, and the address has no query argument but the
    language (a kept copy per address: any other argument would make one per request)."""
    return not (
        current_user.is_authenticated or session.get("_flashes") or set(request.args) - {"lang"}
    )


def reader_page_key() -> tuple:
    """What a page kept for every reader depends on besides its own data: the language, the
    day, the address and host (the language links, absolute links), the languages offered and
    the layout (consult/layout.py)."""
    return (
        current_locale(),
        dt.date.today(),
        request.full_path,
        request.host_url,
        tuple(offered_locales()),
        *what_the_layout_shows(),
    )
