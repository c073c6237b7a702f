"""Money in the reader's locale, the same way on every page, PDF and sentence.

Every amount goes through `money`: Babel's currency pattern of the reader's locale (so Albanian
reads "7 280 000 €", Serbian "7.280.000 €", English "€7,280,000"), whole units, no cents.
"""

import re
from decimal import Decimal

from babel import Locale
from flask_babel import format_currency, get_locale


def money(amount: int | float | Decimal | None, currency: str = "EUR", signed: bool = False) -> str:
    """`amount` whole units of `currency` in the reader's locale; "" for None.

    `signed` puts a plus sign before a positive amount (a change).
    """
    if amount is None:
        return ""
    text = format_currency(
        round(amount), currency or "EUR", format=_whole_pattern(), currency_digits=False
    )
    return f"+{text}" if signed and amount > 0 else text


def cents_to_money(cents: int | None, signed: bool = False) -> str:
    """An amount kept in euro cents, in whole euros."""
    return "" if cents is None else money(round(cents / 100), "EUR", signed)


def _whole_pattern() -> str:
    """The locale's standard currency pattern without decimals (e.g. "#,##0 ¤")."""
    locale = get_locale() or Locale.parse("en")
    pattern = locale.currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", pattern)
