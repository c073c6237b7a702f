"""Which meeting format fits which audience, as the municipality's Communication and
Information Strategy 2023–2026 asks (section 8: "budget hearings organised to suit the
features of each audience"; annex 1, the plan of hearings: public hearings, a meeting with the
village councils, a debate with the business association, a round table with professional
groups, a salon-style discussion with youth organisations, a panel with persons with
disabilities, a public hearing with women's representatives; the regular contact with the
diaspora "also through tools for communicating at a distance"; the Assembly's sessions
streamed on the website and YouTube).

The officer's form suggests the fitting formats when an audience is picked, and the back
office warns, never blocks, when a meeting's format does not fit its audience. Another
municipality with another strategy changes `ADVICE` and `SOURCE` here.
"""

from dataclasses import dataclass

from consult.core.labels import (
    HEARING_AUDIENCE_LABELS,
    MEETING_AUDIENCE_LABELS,
    MEETING_FORMAT_LABELS,
)
from consult.i18n import lazy_text as _l

#: where the advice comes from, cited with every suggestion and warning
SOURCE = _l("Communication and Information Strategy 2023–2026, section 8 and annex 1")


@dataclass(frozen=True)
class FormatAdvice:
    """The formats that fit an audience (the best first) and what the strategy says of it."""

    formats: tuple[str, ...]
    reason: object


ADVICE: dict[str, FormatAdvice] = {
    "general": FormatAdvice(
        ("in_person", "hybrid"),
        _l(
            "The strategy plans public hearings for all citizens and the Mayor's monthly "
            "meetings with the community, and streams the Assembly's sessions on the website "
            "and YouTube: meet in person, and add a stream or an online link for those who "
            "cannot come."
        ),
    ),
    "village_council": FormatAdvice(
        ("in_person",),
        _l(
            "The strategy plans meetings with the village councils: meet in person, in the village."
        ),
    ),
    "business": FormatAdvice(
        ("in_person", "hybrid"),
        _l(
            "The strategy plans a debate with the business association and meetings with "
            "business people and investors: meet in person, or hybrid."
        ),
    ),
    "professional": FormatAdvice(
        ("in_person", "hybrid"),
        _l("The strategy plans a round table with professional groups and associations."),
    ),
    "youth": FormatAdvice(
        ("hybrid", "in_person"),
        _l(
            "The strategy plans a salon-style discussion with youth organisations and more use "
            "of new media and social networks: meet in person and open the meeting online."
        ),
    ),
    "disability": FormatAdvice(
        ("in_person", "hybrid"),
        _l(
            "The strategy plans a panel discussion with persons with disabilities: an "
            "accessible venue, with an online link for those who cannot travel."
        ),
    ),
    "women": FormatAdvice(
        ("in_person", "hybrid"),
        _l(
            "The strategy plans a public hearing with women's representatives: meet in person, "
            "with an online link for those who cannot come."
        ),
    ),
    "cso": FormatAdvice(
        ("in_person", "hybrid", "online"),
        _l(
            "The strategy plans meetings with civil-society organisations in contemporary "
            "formats: in person, online or both."
        ),
    ),
    "diaspora": FormatAdvice(
        ("online", "hybrid"),
        _l(
            "The strategy keeps regular contact with the diaspora's representatives, also "
            "through tools for communicating at a distance: meet online, or hybrid."
        ),
    ),
}
assert set(ADVICE) == set(MEETING_AUDIENCE_LABELS) | set(HEARING_AUDIENCE_LABELS)
assert all(set(a.formats) <= set(MEETING_FORMAT_LABELS) for a in ADVICE.values())


def advice_for(audience: str) -> FormatAdvice | None:
    """What the strategy advises for `audience` (None for an audience it does not name)."""
    return ADVICE.get(audience)


def fits(audience: str, format_code: str) -> bool:
    """Whether a meeting of `format_code` fits `audience` (an audience without advice fits
    every format)."""
    advice = advice_for(audience)
    return advice is None or format_code in advice.formats


def format_names(formats: tuple[str, ...]) -> str:
    """The formats' names in the reader's language, e.g. "Hybrid (…), In person"."""
    return ", ".join(str(MEETING_FORMAT_LABELS[code]) for code in formats)


def suggestion(audience: str) -> object | None:
    """The form's suggestion for `audience`: the fitting formats and why, with the source."""
    advice = advice_for(audience)
    if advice is None:
        return None
    return _l(
        "Suggested format: %(formats)s. %(reason)s (%(source)s)",
        formats=format_names(advice.formats),
        reason=advice.reason,
        source=SOURCE,
    )


def mismatch(audience: str, format_code: str) -> object | None:
    """The back office's warning when `format_code` does not fit `audience` (None if it
    fits); a warning only: the officer may have good reasons."""
    if fits(audience, format_code):
        return None
    advice = ADVICE[audience]
    return _l(
        "The format “%(format)s” does not fit this meeting's audience (%(audience)s). "
        "Suggested format: %(formats)s. %(reason)s (%(source)s)",
        format=MEETING_FORMAT_LABELS[format_code],
        audience=audience_label(audience),
        formats=format_names(advice.formats),
        reason=advice.reason,
        source=SOURCE,
    )


def audience_label(audience: str) -> object:
    """An audience's name: the meeting form's, else the hearing plan's, else its code."""
    return MEETING_AUDIENCE_LABELS.get(audience) or HEARING_AUDIENCE_LABELS.get(audience, audience)
