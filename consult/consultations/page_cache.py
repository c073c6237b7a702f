"""The articles and comments of a draft act's public page, rendered once and kept by each
worker (issue #23: half of the page's time was Jinja writing them).

A copy is the rendered section of the articles (with the act's comments, their answers, the
count of hidden comments, the versions and the announced public meetings), the articles the
comment form offers, and whether the act takes anonymous comments. It is keyed by the
municipality served, the consultation, the reader's language and whether comments are taken
today, and valid only for the consultation's `page_revision`
(consult/consultations/revisions.py), which the request reads with the consultation itself:

* any change to what the section shows, by any worker or command, renews the revision in its
  own transaction, so the next request anywhere renders the section again;
* a request whose own transaction changed or renewed such rows renders it afresh and keeps
  nothing (its consultation may still carry the old revision);
* nothing about the reader is in it: it is what every visitor of the page reads in that
  language (the comment form, its token and the reader's choices are rendered at each request);
* PAGE_CACHE_SECONDS bounds how long a copy lives (0: none is kept), PAGE_CACHE_SIZE how many.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from flask import Flask, render_template
from markupsafe import Markup

from consult.comments.models import Comment
from consult.consultations import services, versions
from consult.consultations.revisions import DRAFT_ACT_PAGES
from consult.core.models import Consultation
from consult.core.page_revisions import page_revision_now
from consult.core.tenancy import current_municipality_id
from consult.core.worker_cache import WorkerCache, cache_of, page_part
from consult.i18n import current_locale
from consult.meetings.services import meetings_of

#: the clock of the copies' lifetimes (seconds; a test moves it)
_clock = time.monotonic


@dataclass(frozen=True)
class ArticleChoice:
    """An article as the comment form offers it."""

    id: int
    number: int
    heading: Mapping[str, str]


@dataclass(frozen=True)
class ArticlesSection:
    """What the page keeps: the rendered section and what the comment form needs of the act."""

    html: Markup
    articles: tuple[ArticleChoice, ...]
    allow_anonymous: bool


#: the name of the worker's cache of these sections
CACHE = "draft_act_page_cache"


def worker_cache(app: Flask | None = None) -> WorkerCache[ArticlesSection]:
    """The copies of this worker (one per app: created with it, gone with it)."""
    return cache_of(CACHE, app)


def articles_section(consultation: Consultation, comments_open: bool) -> ArticlesSection:
    """The act's section for this request: this worker's copy under the revision the request
    read with the consultation, else rendered (and kept)."""
    key = (current_municipality_id(), consultation.id, current_locale(), comments_open)
    return page_part(
        CACHE,
        key,
        consultation.page_revision,
        DRAFT_ACT_PAGES,
        lambda: _render(consultation, comments_open),
        lambda: page_revision_now(consultation.id),
        _clock(),
    )


def _render(consultation: Consultation, comments_open: bool) -> ArticlesSection:
    """The section rendered from the database."""
    by_article: dict[int | None, list[Comment]] = {}
    for comment in services.comments_of(consultation):
        by_article.setdefault(comment.article_id, []).append(comment)
    articles = services.articles_of(consultation)
    facts = services.public_facts(consultation)
    panel = {
        "articles": articles,
        "drafts": [d for d in consultation.documents if d.role == "draft"],
        "comments": by_article,
        "hidden": facts.hidden,
        "open": comments_open,
        "reported": consultation.status == "reported",
        "revision": versions.revision_of(consultation),
        "meetings": [m for m in meetings_of(consultation) if m.announced_on is not None],
    }
    html = render_template("kinds/_draft_act_articles.html", consultation=consultation, panel=panel)
    return ArticlesSection(
        html=Markup(html),  # noqa: S704  # nosec B704  rendered by an autoescaping template
        articles=tuple(
            ArticleChoice(a.id, a.number, MappingProxyType(dict(a.heading or {}))) for a in articles
        ),
        allow_anonymous=facts.allow_anonymous,
    )
