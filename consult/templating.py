"""What every template can use: user content in the reader's language, the language switcher."""

import datetime as dt
import functools

from flask import Flask, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from consult.core.answers import (
    answer_languages,
    language_list,
    language_name,
    missing_answer_languages,
    unofficial_language,
)
from consult.core.kinds import kind_labels, kind_manage_panel, kind_of, kind_panel
from consult.core.labels import STATUS_LABELS, sector_label
from consult.core.money import money
from consult.core.municipalities import contact, municipality_names, offered_locales
from consult.core.rule_names import rule_name
from consult.core.services import stage_on
from consult.i18n import (
    DEFAULT_LOCALE,
    ENDONYMS,
    HTML_LANG,
    current_locale,
    install_cached_gettext,
    localize,
    written,
)
from consult.identity import municipality_colours, municipality_logo
from consult.layout import layout_part, page_frame


def register_template_helpers(app: Flask) -> None:
    """Expose the helpers below to Jinja, and its gettext functions cached per request."""
    install_cached_gettext(app)
    app.jinja_env.globals.update(
        localize=localize,
        layout_part=layout_part,
        page_frame=page_frame,
        language_links=language_links,
        municipality_name=municipality_name,
        municipality_names=municipality_names,
        municipality_contact=contact,
        municipality_colours=municipality_colours,
        municipality_logo=municipality_logo,
        html_lang=lambda: HTML_LANG[current_locale()],
        current_locale=current_locale,
        endonyms=ENDONYMS,
        # what the consultation pages show of each kind (`consult.core.kinds`)
        kind_of=kind_of,
        kind_panel=kind_panel,
        kind_manage_panel=kind_manage_panel,
        status_labels=STATUS_LABELS,
        consultation_stage=consultation_stage,
        days_left=days_left,
        rule_name=rule_name,
        rule_ref=rule_ref,
        sector_label=sector_label,
        format_money=money,
        # answers in every official language (LANG-ANSWER)
        answer_languages=answer_languages,
        answer_language_name=language_name,
        answer_language_list=language_list,
        missing_answer_languages=missing_answer_languages,
        unofficial_language=unofficial_language,
        fallback_marker=fallback_marker,
    )
    app.context_processor(lambda: {"kind_labels": kind_labels()})
    app.jinja_env.filters["date"] = show_date
    app.jinja_env.filters["date_text"] = date_text
    app.jinja_env.filters["content"] = render_content
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["written_in"] = written_in
    app.jinja_env.filters["programme_name"] = programme_name


def consultation_stage(consultation, today: dt.date | None = None) -> str:
    """Where the consultation stands today (upcoming, open, closed), for its status tag."""
    return stage_on(consultation, today or dt.date.today())


def days_left(consultation, today: dt.date | None = None) -> int | None:
    """Whole days after `today` until an open consultation closes (0 on its last day); None
    when it is not open or has no closing date."""
    today = today or dt.date.today()
    if consultation.closes_at is None or stage_on(consultation, today) != "open":
        return None
    return (consultation.closes_at - today).days


def language_links() -> tuple[dict, ...]:
    """One link per locale to the current page, for the language switcher."""
    args = dict(request.view_args or {})
    args.update({k: v for k, v in request.args.items() if k != "lang"})
    page = (request.host, request.script_root, request.endpoint or "public.home")
    return _language_links(page, tuple(args.items()), current_locale(), offered_locales())


@functools.lru_cache(maxsize=1024)
def _language_links(
    page: tuple[str, str, str], args: tuple, active: str, offered: tuple[str, ...]
) -> tuple[dict, ...]:
    """The switcher of a page, kept per worker: the same address gives the same links
    (`url_for` five times was a twentieth of the vote's receipt page)."""
    return tuple(
        {
            "code": code,
            "name": ENDONYMS[code],
            "lang": HTML_LANG[code],
            "url": url_for(page[2], **dict(args), lang=code),
            "active": code == active,
        }
        for code in offered
    )


def municipality_name() -> str:
    """The municipality's name in the reader's language."""
    return localize(municipality_names()).text


def rule_ref(rule_id: str) -> Markup:
    """A rule's translated name with its id as a small reference beside it."""
    return Markup('{} <span translate="no" class="muted">{}</span>').format(
        rule_name(rule_id), rule_id
    )


def date_text(value: dt.date | None, style: str = "medium") -> str:
    """The date in the reader's locale as plain text, for places that take no markup (`<title>`)."""
    return "" if value is None else format_date(value, style)


def show_date(value: dt.date | None, style: str = "medium") -> Markup:
    """A `<time>` element with the date in the reader's locale."""
    if value is None:
        return Markup("")
    return _markup(
        '<time datetime="', value.isoformat(), '">', format_date(value, style), "</time>"
    )


def render_content(value: dict | None, block: bool = False) -> Markup:
    """User content in the reader's language, tagged with its language, marked if a fallback."""
    shown = localize(value)
    if block:
        html = _markup('<div lang="', shown.html_lang, '">', paragraphs(shown.text), "</div>")
    else:
        html = _markup('<span lang="', shown.html_lang, '">', shown.text, "</span>")
    if shown.is_fallback:
        html += fallback_marker(shown.locale)
    return html


def written_in(text: str | None, language: str | None = None, block: bool = False) -> Markup:
    """Content written in one language only (a comment, a proposal, a venue): tagged with its
    language and marked when that is not the reader's. Serbian Latin is shown in Cyrillic on
    Cyrillic pages (and the other way round) rather than marked. Without a language the text
    is taken as Albanian, the municipality's default."""
    return render_content(written(text, language or DEFAULT_LOCALE), block=block)


def programme_name(line) -> Markup:
    """A budget line's programme in the reader's language, marked when shown in another."""
    return render_content(line.programme_name)


def fallback_marker(locale: str) -> Markup:
    """The visible note that content is shown in another language than the reader's."""
    return _markup(
        ' <small class="fallback">',
        _("(shown in %(language)s)", language=language_name(locale)),
        "</small>",
    )


def paragraphs(text: str) -> Markup:
    """Plain text with blank lines between paragraphs, as escaped `<p>` elements."""
    parts = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n")]
    return Markup("".join(f"<p>{escape(part)}</p>" for part in parts if part))  # noqa: S704  # nosec B704  escaped


def _markup(*pieces: object) -> Markup:
    """Markup of the pieces in turn: the odd ones (the first, third, ...) are this module's
    own tags, the even ones are values, escaped unless they are markup already. What
    `Markup("...{}...").format(value)` makes, without `string.Formatter`'s cost (the filters
    run a hundred times a page)."""
    return Markup(  # noqa: S704  # nosec B704  the values are escaped
        "".join(piece if i % 2 == 0 else escape(piece) for i, piece in enumerate(pieces))
    )
