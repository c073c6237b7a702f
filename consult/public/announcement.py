"""The announcement of a consultation's public page, rendered once and kept by each worker
(issue #23): its kind, stage, title, summary, body, key facts, contact and documents, the part
of the page every kind shows the same way.

A copy is keyed by the municipality served, the consultation, the language, the day (the stage
and the days left change with it) and the standards profile in force (the facts cite it), and
valid only for the consultation's `page_revision` (consult/consultations/revisions.py), which
the request reads with the consultation: a change to the consultation, its directorate or its
documents, by any worker or command, renews it in its own transaction. The kind's own part,
the follow form and the reader's header are rendered at each request; nothing about the reader
is in a copy. PAGE_CACHE_SECONDS and PAGE_CACHE_SIZE bound the copies.
"""

from __future__ import annotations

import datetime as dt
import time

from flask import Flask, render_template
from markupsafe import Markup

from consult.core.models import Consultation
from consult.core.municipalities import standards_profile_key
from consult.core.page_revisions import ANNOUNCEMENTS, page_revision_now
from consult.core.tenancy import current_municipality_id
from consult.core.worker_cache import WorkerCache, cache_of, page_part
from consult.i18n import current_locale
from consult.public import bp

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic

#: the name of the worker's cache of announcements
CACHE = "announcement_cache"


def worker_cache(app: Flask | None = None) -> WorkerCache[Markup]:
    """The copies of this worker (one per app: created with it, gone with it)."""
    return cache_of(CACHE, app)


@bp.app_template_global()
def consultation_announcement(consultation: Consultation, stage: str) -> Markup:
    """The announcement for this request (`stage`: the consultation's stage today): this
    worker's copy under the revision the request read with the consultation, else rendered."""
    today = dt.date.today()
    key = (
        current_municipality_id(),
        consultation.id,
        current_locale(),
        today,
        standards_profile_key(),
    )
    return page_part(
        CACHE,
        key,
        consultation.page_revision,
        ANNOUNCEMENTS,
        lambda: _render(consultation, stage),
        lambda: page_revision_now(consultation.id),
        _clock(),
    )


def _render(consultation: Consultation, stage: str) -> Markup:
    """The announcement rendered."""
    html = render_template("public/_announcement.html", consultation=consultation, stage=stage)
    return Markup(html)  # noqa: S704  # nosec B704  rendered by an autoescaping template
