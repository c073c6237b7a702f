"""The language a citizen answered a survey in: the report's "language of answer" breakdown.

A citizen response keeps the interface locale it was submitted in (`Response.language`: sq,
sr_Latn, sr, bs, en); the report groups Serbian in either script as one language, so its
groups are Albanian, Serbian, Bosnian and English, and the responses stored without a language
(before it was recorded, or imported) are a group of their own. A staff response keeps none:
in a small directorate the one person who answered in Serbian would be known to colleagues.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import case, func

from consult.core.answers import language_name
from consult.i18n import SERBIAN
from consult.surveys.models import Response

#: the breakdown's code (`report.breakdowns`)
BY_LANGUAGE = "answer_language"
#: the group of the responses stored without a language
NOT_RECORDED = ""
#: the groups, in the order the report lists them (Serbian in both scripts is "sr")
LANGUAGE_GROUPS = ("sq", "sr", "bs", "en")


def language_group(locale: str | None) -> str:
    """A stored locale's group: Serbian in either script is "sr"; none is `NOT_RECORDED`."""
    if locale is None:
        return NOT_RECORDED
    return "sr" if locale in SERBIAN else locale


def language_column():
    """The SQL of the breakdown: the response's language, Serbian scripts together."""
    return case(
        (Response.language.in_(SERBIAN), "sr"),
        else_=func.coalesce(Response.language, NOT_RECORDED),
    )


def language_labels() -> dict[str, str]:
    """Group code → the language's name in the reader's language."""
    labels = {code: language_name(code) for code in LANGUAGE_GROUPS}
    labels[NOT_RECORDED] = _("Not recorded")
    return labels
