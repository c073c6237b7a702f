"""Access-code slips with their text in every official language.

A slip printed for one language serves the staff member who reads it; in a municipality with
several official languages the Public Information Office often does not know who gets which
slip. So a slip can carry its text in each official language (`official_locales`: Serbian in
both scripts), each block written wholly in its language and tagged with it, around the one
code and QR code of the slip.
"""

from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from consult.core.models import Directorate
from consult.i18n import HTML_LANG, official_locales
from consult.surveys.models import Survey


@dataclass(frozen=True)
class SlipLanguage:
    """The text of a slip in one language."""

    locale: str
    #: BCP 47 tag for the block's `lang`
    lang: str
    #: "Your access code" in this language, beside the code
    label: str
    #: the block: the survey's title, the directorate, how to answer, the promise
    block: Markup


def slip_languages(survey: Survey, directorate: Directorate, code_page: str) -> list[SlipLanguage]:
    """The slip's text in every official language, in their order."""
    found = []
    for locale in official_locales():
        with force_locale(locale):
            block = render_template(
                "surveys/_slip_text.html",
                survey=survey,
                directorate=directorate,
                code_page=code_page,
            )
            found.append(
                SlipLanguage(
                    locale=locale,
                    lang=HTML_LANG[locale],
                    label=_("Your access code"),
                    block=Markup(block),  # noqa: S704  # nosec B704  our template, autoescaped
                )
            )
    return found
