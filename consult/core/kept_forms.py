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

consult/kept_pages.py keeps whole pages the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

from flask import Flask, current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from consult.core.models import Consultation
from consult.core.page_revisions import ANNOUNCEMENTS, page_revision_now
from consult.core.tenancy import current_municipality_id
from consult.core.worker_cache import WorkerCache, cache_of, page_part
from consult.i18n import current_locale

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
