"""The content of the home page, rendered once and kept by each worker (issue #23).

The home page without a filter is the same for every visitor in a language on a day: the
consultations open, coming and recently closed, and the filters' choices (directorates, years,
kinds). A worker keeps that content rendered, keyed by the municipality served, the language
and the day, and valid only for the municipality's `pages_revision`
(consult/public/revisions.py), which the request reads with the municipality before its view:

* a consultation or a directorate added, changed or deleted, by any worker or command, renews
  the revision in its own transaction, so the next request anywhere renders the content again;
* the day is part of the key: a consultation opens, closes and counts its days left on time;
* a page with a filter is rendered at each request (its choices are the reader's);
* nothing about the reader is in it (the page's header, with the reader's account and the
  language links, is rendered at each request);
* PAGE_CACHE_SECONDS bounds how long a copy lives (0: none is kept), PAGE_CACHE_SIZE how many
  (the draft acts' pages and this one share the bound, each in its own cache).
"""

from __future__ import annotations

import datetime as dt
import time

from flask import Flask, current_app, render_template
from markupsafe import Markup
from sqlalchemy import select

from consult.core.kinds import kind_labels
from consult.core.models import Directorate
from consult.core.municipalities import Municipality, current_municipality
from consult.core.services import ConsultationFilter, consultation_years, public_consultations
from consult.core.tenancy import current_municipality_id
from consult.core.worker_cache import WorkerCache, cache_of, page_part
from consult.extensions import db
from consult.i18n import current_locale
from consult.public.revisions import HOME_PAGES

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic


#: the name of the worker's cache of home pages
CACHE = "home_page_cache"


def worker_cache(app: Flask | None = None) -> WorkerCache[Markup]:
    """The copies of this worker (one per app: created with it, gone with it)."""
    return cache_of(CACHE, app)


def home_content(filters: ConsultationFilter, today: dt.date) -> Markup:
    """The home page's content for this request: without a filter, this worker's copy under
    the revision the request read with the municipality, else rendered (and kept)."""
    if filters != ConsultationFilter():
        return _render(filters, today)
    return page_part(
        CACHE,
        (current_municipality_id(), current_locale(), today),
        current_municipality().pages_revision,
        HOME_PAGES,
        lambda: _render(filters, today),
        _pages_revision_now,
        _clock(),
    )


def _render(filters: ConsultationFilter, today: dt.date) -> Markup:
    """The content rendered from the database."""
    groups = public_consultations(filters, today, current_app.config["RECENTLY_CLOSED_DAYS"])
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code)).all()
    html = render_template(
        "public/_home_content.html",
        groups=groups,
        filters=filters,
        directorates=directorates,
        years=consultation_years(),
        kinds=list(kind_labels()),
    )
    return Markup(html)  # noqa: S704  # nosec B704  rendered by an autoescaping template


def _pages_revision_now() -> str | None:
    """The municipality's pages revision as the database holds it now."""
    return db.session.scalar(
        select(Municipality.pages_revision).where(Municipality.id == current_municipality_id())
    )
