"""Languages: locale selection, translated user content and Serbian transliteration.

UI strings go through Flask-Babel. Content written by people (titles, articles, questions) is a
`{locale: text}` dict per field; `localize()` picks the reader's language and says when it had to
fall back to another one, so the page can show "shown in Albanian".

Lazy UI messages come from `lazy_text` here, imported as `_l` (so that extraction finds them),
never from flask-babel's `lazy_gettext`, whose strings call themselves safe HTML with the values
put in unescaped (tests/test_architecture.py checks that no other module imports it).
"""

import re
from dataclasses import dataclass

import cyrtranslit
from flask import Flask, has_request_context, request, session
from flask.ctx import _AppCtxGlobals
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

#: every language content (an announcement, a comment, a notice) may be written or stored in
LOCALES = ("sq", "sr_Latn", "sr", "bs", "en")
#: every locale the interface speaks, in the order of the language switcher: the content
#: languages and Turkish (in official use in Prizren and Mamusha). A municipality offers those
#: of its languages (consult.core.municipalities.interface_locales)
UI_LOCALES = ("sq", "sr_Latn", "sr", "bs", "tr", "en")
DEFAULT_LOCALE = "sq"
#: each language's name in itself, for the switcher and the "shown in ..." marker
ENDONYMS = {
    "sq": "Shqip",
    "sr_Latn": "Srpski (latinica)",
    "sr": "Српски (ћирилица)",
    "bs": "Bosanski",
    "tr": "Türkçe",
    "en": "English",
}
#: BCP 47 tags for `<html lang>` and `lang` attributes
HTML_LANG = {"sq": "sq", "sr_Latn": "sr-Latn", "sr": "sr-Cyrl", "bs": "bs", "tr": "tr", "en": "en"}
#: the locales typed by hand everywhere (form fields, the builder, the catalogues): Cyrillic
#: Serbian is transliterated from Latin wherever it is needed
TYPED_LOCALES = ("sq", "sr_Latn", "bs", "en")
#: every locale content may be typed in somewhere, in the order of the forms: TYPED_LOCALES and
#: Turkish, typed where the municipality has it as an official language or in official use
#: (consult.core.municipalities.typed_locales)
TYPABLE_LOCALES = ("sq", "sr_Latn", "bs", "tr", "en")
SERBIAN = ("sr_Latn", "sr")


def select_locale() -> str:
    """Locale of this request: `?lang=`, then the session, then Accept-Language, then default.

    Outside a request (a command, the mail worker without `force_locale`) it is English: the
    command line speaks English, and a lazy message shown there must not fail."""
    if not has_request_context():
        return "en"
    offered = _offered_locales()
    asked = request.args.get("lang")
    if asked in offered:
        session["lang"] = asked
        return asked
    if session.get("lang") in offered:
        return session["lang"]
    tags = [tag for tag, locale in _ACCEPT_TO_LOCALE.items() if locale in offered]
    best = request.accept_languages.best_match(tags)
    return _ACCEPT_TO_LOCALE.get(best, DEFAULT_LOCALE) if best else DEFAULT_LOCALE


def _offered_locales() -> tuple[str, ...]:
    """The interface locales the municipality offers (a late import: the municipality is a
    model, and the models import this module)."""
    from consult.core.municipalities import offered_locales

    return offered_locales()


_ACCEPT_TO_LOCALE = {
    "sq": "sq",
    "sr-Latn": "sr_Latn",
    "sr": "sr",
    "sr-Cyrl": "sr",
    "bs": "bs",
    "hr": "bs",
    "tr": "tr",
    "en": "en",
}


def translated(message: str) -> str:
    """`message` in the locale in force (`flask_babel.gettext` without values), looked up in
    the catalogue once per request and locale: a page shows "Comment" or "Closes on" dozens of
    times. The cache is keyed by the locale actually in force, so an e-mail or a notice page
    written under `force_locale` in the middle of a request is in its own language, and the
    page stays in the reader's."""
    app_globals = _app_globals()
    if app_globals is None:
        return get_translations().ugettext(message)
    texts = _texts_of(app_globals, _locale_in_force(app_globals))
    text = texts.get(message)
    if text is None:
        text = texts[message] = _catalogue(texts).ugettext(message)
    return text


def translated_plural(singular: str, plural: str, number: int) -> str:
    """The catalogue's form of a message for `number`, looked up once per request, locale and
    number (`translated`)."""
    app_globals = _app_globals()
    if app_globals is None:
        return get_translations().ungettext(singular, plural, number)
    texts = _texts_of(app_globals, _locale_in_force(app_globals))
    key = (singular, plural, number)
    text = texts.get(key)
    if text is None:
        text = texts[key] = _catalogue(texts).ungettext(singular, plural, number)
    return text


#: where `_texts_of`'s dict keeps the catalogue its texts come from (no message is an object)
_CATALOGUE = object()


def _catalogue(texts: dict):
    """The catalogue of the locale of `texts` (`_texts_of`), asked of flask-babel once per
    request and locale: a page looks up some eighty messages for the first time."""
    catalogue = texts.get(_CATALOGUE)
    if catalogue is None:
        catalogue = texts[_CATALOGUE] = get_translations()
    return catalogue


def _app_globals() -> _AppCtxGlobals | None:
    """The current app context's `g`, or None outside one. Read from Flask's context variable
    directly: each attribute read through the `flask.g` proxy resolves it again, and a page
    asks for the locale and its messages some two hundred times."""
    context = _cv_app.get(None)
    return None if context is None else context.g


def _texts_of(app_globals: _AppCtxGlobals, locale: object) -> dict:
    """This request's (app context's) translations looked up so far in `locale`."""
    cache = app_globals.__dict__.get("_translated")
    if cache is None:
        cache = app_globals._translated = {}
    texts = cache.get(locale)
    if texts is None:
        texts = cache[locale] = {}
    return texts


def install_cached_gettext(app: Flask) -> None:
    """Jinja's `_()`, `gettext()` and `ngettext()` (and `{% trans %}`) through `translated`
    and `translated_plural`, in place of flask-babel's, which ask the catalogue every time.

    They are Jinja's "new style" functions (the values put in, escaped, by the function), and
    do what Jinja's own wrappers do, calling `translated` directly: Jinja's `_` looks up
    `gettext` in the template's context and both go through `Context.call`, some hundred
    times a page."""
    app.jinja_env.install_gettext_callables(
        gettext=translated,
        ngettext=translated_plural,
        newstyle=True,
        pgettext=lambda context, message: get_translations().upgettext(context, message),
        npgettext=lambda context, singular, plural, number: get_translations().unpgettext(
            context, singular, plural, number
        ),
    )
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)
    app.jinja_env.globals["ngettext"] = _template_ngettext


@pass_context
def _template_gettext(context: Context, message: str, /, **values: object) -> str:
    text = translated(message)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704  # nosec B704  the catalogue
    # always a format string, as Jinja's: "%%" is "%" with or without values
    return text % values


@pass_context
def _template_ngettext(
    context: Context, singular: str, plural: str, number: int, /, **values: object
) -> str:
    values.setdefault("num", number)
    text = translated_plural(singular, plural, number)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704  # nosec B704  the catalogue
    return text % values


class LazyText(LazyString):
    """A UI message translated when it is used, with `values` put into its placeholders.

    The translation is trusted, the values are not. As text (`str()`: e-mails, CSV, XLSX, JSON
    built with `str`) the values go in as they are. As HTML (Jinja, `Markup`, `escape()`) every
    value is escaped first, unless it is markup already (`Markup`, another `LazyText`).
    flask-babel's lazy strings fill in the values unescaped and call the result safe HTML, so
    a place name such as `<img src=x onerror=...>` became a tag on the page.
    """

    def __init__(self, message: str, /, **values: object) -> None:
        super().__init__(translated, message)
        self._message = message
        self._values = values

    def __str__(self) -> str:
        text = translated(self._message)
        return text % self._values if self._values else text

    def __html__(self) -> Markup:
        text = Markup(translated(self._message))  # noqa: S704  # nosec B704  the catalogue
        return text % self._values if self._values else text


def lazy_text(message: str, /, **values: object) -> LazyText:
    """`message` translated when used; its `%(name)s` placeholders filled with `values`, escaped
    when shown as HTML. Import it as `_l`: `from consult.i18n import lazy_text as _l`."""
    return LazyText(message, **values)


class LazyPlural(LazyText):
    """A lazy UI message with a number in it: the catalogue's plural form for `number` (Albanian
    has two, Serbian and Bosnian three), its placeholders filled and escaped like `LazyText`."""

    def __init__(self, singular: str, plural: str, number: int, /, **values: object) -> None:
        super().__init__(singular, **values)
        self._plural = plural
        self._number = number

    def _translated(self) -> str:
        return translated_plural(self._message, self._plural, self._number)

    def __str__(self) -> str:
        translated = self._translated()
        return translated % self._values if self._values else translated

    def __html__(self) -> Markup:
        translated = Markup(self._translated())  # noqa: S704  # nosec B704  the catalogue
        return translated % self._values if self._values else translated


def lazy_plural(singular: str, plural: str, number: int, /, **values: object) -> LazyPlural:
    """`lazy_text` for a message with a number: import it as `_ln`
    (`from consult.i18n import lazy_plural as _ln`) and give the number as `number` and among
    the values, e.g. `_ln("%(count)s line", "%(count)s lines", n, count=n)`."""
    return LazyPlural(singular, plural, number, **values)


def current_locale() -> str:
    """The locale of the current request as one of UI_LOCALES: a page asks it a hundred times
    (every `localize`), so its name is kept in `g` with the locale it was read from, and read
    again only when the locale in force changes (`force_locale`, for an e-mail in another
    language, and back)."""
    app_globals = _app_globals()
    if app_globals is None:
        return _locale_name(get_locale())
    locale = _locale_in_force(app_globals)
    kept = app_globals.__dict__.get("_locale_name")
    if kept is not None and kept[0] is locale:
        return kept[1]
    name = _locale_name(locale)
    app_globals._locale_name = (locale, name)
    return name


def _locale_name(locale: object) -> str:
    if locale is None:
        return DEFAULT_LOCALE
    name = str(locale)
    return name if name in UI_LOCALES else DEFAULT_LOCALE


def _locale_in_force(app_globals: _AppCtxGlobals) -> object:
    """flask-babel's locale in force in this app context (a `babel.Locale`, or None outside a
    request). `get_locale` keeps it in `g` once chosen and `force_locale` replaces it there
    for the length of its block; read there directly, it costs one lookup instead of
    flask-babel's three, and a forced locale wins as it does for `get_locale`. Before the
    first `get_locale` of a request (or if flask-babel keeps it elsewhere) it is asked."""
    state = app_globals.__dict__.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    return locale if locale is not None else get_locale()


# File extensions that mark `name.ext` (and `.ext` alone) as a file name, not Serbian text.
# None of them is a Serbian word ("po", "mo" are left out for that reason).
_FILE_EXTENSIONS = (
    "csv|docx?|geojson|gif|html?|ics|jpe?g|json|odt|ods|pb|pdf|png|pptx?|svg|txt|xlsx?|xml|zip"
)

# What stays in Latin letters when Serbian changes script, in both directions (to_cyrillic,
# to_latin), tried in this order. A plain word (letters only, capitalised or not) is never
# protected, unless it is an all-capital acronym; a word mixing Latin and Cyrillic letters is
# not protected either.
_PROTECTED_PATTERNS = {
    # %(name)s, %s, {count}: filled in by code, must match the message id exactly.
    "placeholder": r"%\([^)]*\)[sdfr]|%[sdf]|\{[^}]*\}",
    # <code>…</code>, <kbd>…</kbd>: something the reader types or reads as code, kept whole.
    "code_element": r"<(?P<code_tag>code|kbd)\b[^>]*>.*?</(?P=code_tag)\s*>",
    # `consultation.dates`: the same in text written with backticks.
    "backticks": r"`[^`\n]+`",
    # Tags and entities: HTML, not words.
    "markup": r"<[^>]+>|&[a-z]+;|&#\d+;",
    # Addresses are typed or clicked as they are.
    "url": r"https?://\S+",
    "email": r"\S+@\S+",
    # Law and act numbers: 06/L-082, 03/L-040, 02/L-37 (the L is Latin on Kosovo's acts) and
    # access codes: K7QF-2M9C-XD4P, COVID-19; capitals and digits joined by - or /, with both.
    "code_number": r"\b(?=[A-Z0-9/-]*[A-Z])(?=[A-Z/-]*[0-9])[A-Z0-9]+(?:[-/][A-Z0-9]+)+\b",
    # "No. 06/2018": the English abbreviation before an act number.
    "number_abbreviation": r"\bNo\.(?=\s?\d)",
    # File names: budget.xlsx, report-2026.pdf, izveštaj.pdf (a known extension after a dot),
    # and dotted names with "_" or digits in them (consultation.closes_at, v2.api). Plain dotted
    # words are Serbian and are converted: "(dan.mesec)" is a date format in the catalogue.
    "file_name": (
        r"(?<![\w.-])\w[\w-]*(?:\.[\w-]+)*"
        rf"\.(?:{_FILE_EXTENSIONS})\b(?![.-]?\w)"
    ),
    "dotted_name": (
        r"(?<![\w.-])(?=[A-Za-z0-9_.]*[0-9_])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+\b"
        r"(?!\.\w)"
    ),
    # A file type on its own: (.ics), .csv, .pb.
    "file_extension": rf"(?<![\w.])\.(?:{_FILE_EXTENSIONS})\b(?![.-]?\w)",
    # Identifiers and codes: personal_number, birth_year, P1, A4, 2FA; Latin letters and digits
    # with an underscore or a digit next to a letter.
    "identifier": r"\b(?=[A-Za-z0-9_]*[A-Za-z])(?=[A-Za-z_]*[0-9_])[A-Za-z0-9_]+\b",
    # Names of the tools and networks the strategy names, written in Latin letters in Cyrillic
    # Serbian as their makers write them.
    "product_name": (
        r"\b(?:Microsoft Teams|Microsoft|Teams|Viber|WhatsApp|Facebook|Instagram|YouTube|"
        r"TikTok|Google|Zoom|Outlook|Gmail)\b"
    ),
    # PDF, QR, MTBF, HTML-a: all-capital acronyms (the ending after them is converted).
    "acronym": r"\b[A-Z]{2,}[A-Za-z]*\b",
}
_PROTECTED = re.compile(
    "|".join(f"(?:{pattern})" for pattern in _PROTECTED_PATTERNS.values()), re.DOTALL
)


def to_cyrillic(text: str) -> str:
    """Serbian Latin → Cyrillic, leaving what `_PROTECTED_PATTERNS` names in Latin letters."""
    return _convert_outside_protected(text, lambda part: cyrtranslit.to_cyrillic(part, "sr"))


def to_latin(text: str) -> str:
    """Serbian Cyrillic → Latin, leaving what `_PROTECTED_PATTERNS` names as it is."""
    return _convert_outside_protected(text, lambda part: cyrtranslit.to_latin(part, "sr"))


def _convert_outside_protected(text: str, convert) -> str:
    pieces, last = [], 0
    for match in _PROTECTED.finditer(text):
        pieces.append(convert(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(convert(text[last:]))
    return "".join(pieces)


@dataclass(frozen=True)
class Localized:
    """A piece of user content in the language it is shown in."""

    text: str
    locale: str
    wanted: str

    @property
    def is_fallback(self) -> bool:
        """True when the text is not in the reader's language."""
        return self.locale != self.wanted and not (
            self.locale in SERBIAN and self.wanted in SERBIAN
        )

    @property
    def html_lang(self) -> str:
        return HTML_LANG.get(self.locale, self.locale)

    def __str__(self) -> str:
        return self.text


def localize(value: dict | str | None, locale: str | None = None) -> Localized:
    """Pick the text of `value` for `locale`, falling back to the default, then to any language."""
    wanted = locale or current_locale()
    if not value:
        return Localized("", wanted, wanted)
    if isinstance(value, str):
        return Localized(value, DEFAULT_LOCALE, wanted)
    if value.get(wanted, "").strip():
        return Localized(value[wanted], wanted, wanted)
    serbian = _serbian_from_other_script(value, wanted)
    if serbian is not None:
        return serbian
    for fallback in (DEFAULT_LOCALE, *LOCALES):
        if value.get(fallback, "").strip():
            return Localized(value[fallback], fallback, wanted)
    for other in sorted(value):  # a language of no locale here (an imported Pabulib file's)
        if str(value[other] or "").strip():
            return Localized(str(value[other]), other, wanted)
    return Localized("", wanted, wanted)


def written(text: str | None, language: str) -> dict:
    """Content written in a single `language` (a comment, a proposal) as `{locale: text}`,
    the shape `localize` reads; an unknown language code counts as the default."""
    code = language if language in LOCALES else DEFAULT_LOCALE
    return {code: text or ""}


def _serbian_from_other_script(value: dict, wanted: str) -> Localized | None:
    if wanted == "sr" and value.get("sr_Latn", "").strip():
        return Localized(to_cyrillic(value["sr_Latn"]), "sr", wanted)
    if wanted == "sr_Latn" and value.get("sr", "").strip():
        return Localized(to_latin(value["sr"]), "sr_Latn", wanted)
    return None


def _official_languages() -> list[str]:
    from consult.core.municipalities import official_languages

    return official_languages()


def has_language(value: dict | None, language: str) -> bool:
    """Whether `value` carries `language`; Serbian counts in either script (LANG-SCRIPT)."""
    if not value:
        return False
    codes = SERBIAN if language in SERBIAN else (language,)
    return any(str(value.get(code, "")).strip() for code in codes)


def missing_languages(value: dict | None, languages: list[str] | None = None) -> list[str]:
    """Official languages (the municipality's) that `value` still lacks."""
    required = languages or _official_languages()
    return [code for code in required if not has_language(value, code)]


def official_locales(languages: list[str] | None = None) -> list[str]:
    """The locales of the official languages (the municipality's), in their order, with
    Serbian in both of its scripts (LANG-SCRIPT: Latin, then Cyrillic): in Istog sq, sr_Latn,
    sr, bs; Turkish too where it is official. What a notice for the notice boards is printed
    in, one page each."""
    found: list[str] = []
    for code in languages or _official_languages():
        for locale in SERBIAN if code in SERBIAN else (code,):
            if locale in UI_LOCALES and locale not in found:
                found.append(locale)
    return found
