"""The parts of a consultation's public page that every reader sees alike, rendered once and
kept by each worker (issue #23):

* the announcement: its kind, stage, title, summary, body, key facts, contact and documents;
* the kind's part, when the kind says it holds nothing of the reader's (`public_kept`: a budget
  hearing's calendar, plan, draft budget and proposals; a poll's or a survey's invitation);
* what the consultation's decision funded, followed in the register of capital investments.

A copy is keyed by the municipality served, the consultation, the part, the language, the day
(the stage, the days left and whether proposals are taken change with it) and the standards
profile in force (the facts cite it), and valid only for the consultation's `page_revision`,
which the request reads with the consultation: a change to the consultation, its directorate,
its documents (consult/core/page_revisions.py), to the rows its kind's part shows (the kind's
`page_watch`) or to its investments (consult/investments/revisions.py), by any worker or
command, renews it in its own transaction. The follow form, a draft act's comment form and the
reader's header are rendered at each request; nothing about the reader is in a copy.
PAGE_CACHE_SECONDS and PAGE_CACHE_SIZE bound the copies.
"""

from __future__ import annotations

import datetime as dt
import time

from flask import Flask, render_template
from markupsafe import Markup

from consult.core.kinds import kind_of
from consult.core.models import Consultation
from consult.core.municipalities import standards_profile_key
from consult.core.page_revisions import ANNOUNCEMENTS, page_revision_now
from consult.core.tenancy import current_municipality_id
from consult.core.worker_cache import WorkerCache, cache_of, page_part
from consult.i18n import current_locale
from consult.public import bp

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic

#: the name of the worker's cache of these parts
CACHE = "announcement_cache"

#: the templates of the parts every kind's page keeps
ANNOUNCEMENT = "public/_announcement.html"
INVESTMENTS = "public/_funded_investments.html"


def worker_cache(app: Flask | None = None) -> WorkerCache[Markup]:
    """The copies of this worker (one per app: created with it, gone with it)."""
    return cache_of(CACHE, app)


@bp.app_template_global()
def consultation_announcement(consultation: Consultation, stage: str) -> Markup:
    """The announcement for this request (`stage`: the consultation's stage today)."""
    return kept_part(consultation, ANNOUNCEMENT, stage)


@bp.app_template_global()
def consultation_kind_part(consultation: Consultation, stage: str) -> Markup | None:
    """The kind's part of the page when the kind lets the worker keep it (None: the page
    includes the kind's template itself, with the request's forms)."""
    kind = kind_of(consultation)
    if kind is None or not kind.public_kept or not kind.public_template:
        return None
    return kept_part(consultation, kind.public_template, stage)


@bp.app_template_global()
def consultation_investments(consultation: Consultation, stage: str) -> Markup:
    """What the consultation's decision funded, as the register follows it (empty: nothing)."""
    return kept_part(consultation, INVESTMENTS, stage)


def kept_part(consultation: Consultation, template: str, stage: str) -> Markup:
    """The part `template` of the page for this request: this worker's copy under the revision
    the request read with the consultation, else rendered (and kept)."""
    key = (
        current_municipality_id(),
        consultation.id,
        template,
        current_locale(),
        dt.date.today(),
        standards_profile_key(),
    )
    return page_part(
        CACHE,
        key,
        consultation.page_revision,
        ANNOUNCEMENTS,
        lambda: _render(template, consultation, stage),
        lambda: page_revision_now(consultation.id),
        _clock(),
    )


def _render(template: str, consultation: Consultation, stage: str) -> Markup:
    """A part rendered from the database."""
    html = render_template(template, consultation=consultation, stage=stage)
    return Markup(html)  # noqa: S704  # nosec B704  rendered by an autoescaping template
