"""What every kind's open data (`consult.api`) is built from: texts in every language, ISO
dates, answer outcomes counted, the smallest group shown."""

import datetime as dt

from flask import current_app

from consult.core.labels import OUTCOMES
from consult.i18n import LOCALES, localize


def translations(value: dict | str | None) -> dict[str, str]:
    """`{locale: text}` for every locale that has the text (Serbian in both scripts)."""
    shown = (localize(value, locale) for locale in LOCALES)
    return {item.wanted: item.text for item in shown if item.text and not item.is_fallback}


def day(value: dt.date | dt.datetime | None) -> str | None:
    """The ISO date of `value` (a moment counts as its day), or None."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if value is not None else None


def outcome_counts(outcomes: list[str | None]) -> dict[str, int]:
    """How many answers decided each outcome, and how many comments are unanswered (None)."""
    counts = {outcome: outcomes.count(outcome) for outcome in OUTCOMES}
    return counts | {"unanswered": outcomes.count(None)}


def blank(value: object) -> object:
    """A hidden figure (None) as an empty CSV cell."""
    return "" if value is None else value


def reason_cells(reason: dict[str, str]) -> list[str]:
    """An answer's reason in every locale, one CSV cell each."""
    return [reason.get(locale, "") for locale in LOCALES]


def reason_headings() -> list[str]:
    """The headings of `reason_cells`."""
    return [f"reason_{locale}" for locale in LOCALES]


def min_group() -> int:
    """k of the small-group suppression (config ANONYMITY_MIN_GROUP)."""
    return int(current_app.config["ANONYMITY_MIN_GROUP"])
