"""Choices every comment form offers alike: the language a comment is written in, and the
commenter's gender (optional, for statistics only)."""

from wtforms.fields.choices import SelectChoice

from consult.core.labels import GENDER_LABELS, GENDERS
from consult.i18n import ENDONYMS, HTML_LANG, LOCALES, current_locale


def language_choices() -> list[SelectChoice]:
    """Each writing language by its own name, marked with its language for screen readers."""
    return [
        SelectChoice(code, ENDONYMS[code], render_kw={"lang": HTML_LANG[code]}) for code in LOCALES
    ]


def page_language() -> str:
    """The writing language of the page's locale, the default of every content-language
    select (a Serbian page preselects Serbian, an English page English); Albanian otherwise."""
    try:
        locale = current_locale()
    except RuntimeError:  # no request, e.g. a form built in a command
        return "sq"
    return locale if locale in LOCALES else "sq"


def gender_choices() -> list[SelectChoice]:
    """ "Prefer not to say" (stored as no gender) first, then the genders."""
    return [
        SelectChoice("" if key == "not_given" else key, GENDER_LABELS[key])
        for key in ("not_given", *GENDERS)
    ]
