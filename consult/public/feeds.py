"""Atom feeds for newsrooms and feed readers: every published consultation
(`/feeds/consultations.atom`) and those of one directorate (`/feeds/directorates/<id>.atom`).

Titles and summaries are in the language asked for (`?lang=`, Albanian by default, whatever
the reader's browser says), newest change first; each entry links to the consultation's page
and says its kind, status and dates. A draft is never in a feed, and nothing personal is: no
contact official, no comment, no name. The XML is written by feedgen (lxml), which escapes
every text; characters XML cannot carry at all are dropped first.
"""

import datetime as dt
import re

from feedgen.feed import FeedGenerator
from flask import Response, abort, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from consult.core.kinds import kind_labels
from consult.core.labels import STATUS_LABELS
from consult.core.models import Consultation, Directorate
from consult.core.records import record_or_none
from consult.extensions import db
from consult.i18n import DEFAULT_LOCALE, HTML_LANG, LOCALES, localize
from consult.public import bp
from consult.templating import date_text, municipality_name

#: the newest entries a feed carries
FEED_ENTRIES = 50
#: what XML 1.0 cannot carry at all, not even escaped (control characters, lone surrogates)
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def _utc(value: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def feed_locale() -> str:
    """The language asked for with `?lang=`; Albanian otherwise."""
    wanted = request.args.get("lang", "")
    return wanted if wanted in LOCALES else DEFAULT_LOCALE


def published_consultations(directorate_id: int | None = None) -> list[Consultation]:
    """The newest published consultations (of one directorate), newest change first."""
    query = select(Consultation).where(Consultation.is_public)
    if directorate_id is not None:
        query = query.where(Consultation.directorate_id == directorate_id)
    query = query.order_by(Consultation.updated_at.desc(), Consultation.id.desc())
    return list(db.session.scalars(query.limit(FEED_ENTRIES)))


def _summary(consultation: Consultation, locale: str) -> str:
    """The consultation's summary, then its kind, status and dates, as plain text."""
    facts = [
        _("Kind: %(kind)s", kind=kind_labels().get(consultation.kind, consultation.kind)),
        _("Status: %(status)s", status=STATUS_LABELS.get(consultation.status, "")),
    ]
    dates = (
        (_("Opens on"), consultation.opens_at),
        (_("Closes on"), consultation.closes_at),
        (_("Report published on"), consultation.report_published_at),
    )
    facts += [f"{label}: {date_text(day)}" for label, day in dates if day is not None]
    summary = localize(consultation.summary, locale).text.strip()
    return "\n\n".join(part for part in (summary, " · ".join(facts)) if part)


def _feed(title: str, self_url: str, page_url: str, consultations: list[Consultation]):
    locale = feed_locale()
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(_xml(title))
    feed.author({"name": _xml(municipality_name())})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.language(HTML_LANG[locale])
    feed.generator("consult")
    newest = max((c.updated_at for c in consultations), default=None)
    feed.updated(_utc(newest or dt.datetime.now(dt.UTC)))
    for consultation in consultations:
        entry = feed.add_entry(order="append")
        entry.id(url_for("public.consultation", consultation_id=consultation.id, _external=True))
        entry.title(_xml(localize(consultation.title, locale).text))
        entry.link(
            href=url_for(
                "public.consultation", consultation_id=consultation.id, lang=locale, _external=True
            ),
            rel="alternate",
            type="text/html",
        )
        entry.summary(_xml(_summary(consultation, locale)), type="text")
        entry.category(
            term=consultation.kind,
            label=_xml(str(kind_labels().get(consultation.kind, consultation.kind))),
        )
        entry.category(
            term=consultation.status,
            label=_xml(str(STATUS_LABELS.get(consultation.status, ""))),
        )
        first_day = consultation.notice_at or consultation.opens_at
        entry.published(_utc(first_day or consultation.created_at))
        entry.updated(_utc(consultation.updated_at))
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


@bp.route("/feeds/consultations.atom")
def consultations_feed():
    """Every published consultation, newest change first."""
    locale = feed_locale()
    with force_locale(locale):
        return _feed(
            _("Public consultations: %(municipality)s", municipality=municipality_name()),
            url_for("public.consultations_feed", lang=locale, _external=True),
            url_for("public.home", lang=locale, _external=True),
            published_consultations(),
        )


@bp.route("/feeds/directorates/<int:directorate_id>.atom")
def directorate_feed(directorate_id: int):
    """The published consultations of one directorate, newest change first."""
    directorate = record_or_none(Directorate, directorate_id)
    if directorate is None:
        abort(404)
    locale = feed_locale()
    with force_locale(locale):
        return _feed(
            _(
                "Public consultations: %(directorate)s",
                directorate=localize(directorate.name, locale).text,
            ),
            url_for(
                "public.directorate_feed",
                directorate_id=directorate.id,
                lang=locale,
                _external=True,
            ),
            url_for("public.home", directorate=directorate.id, lang=locale, _external=True),
            published_consultations(directorate.id),
        )
