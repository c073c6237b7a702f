"""Money in the reader's locale, the same way on every page, PDF and sentence, and exact
amounts in the database.

Every amount goes through `money`: Babel's currency pattern of the reader's locale (so Albanian
reads "7 280 000 €", Serbian "7.280.000 €", English "€7,280,000"), whole units, no cents; an
amount that is not whole (a budget of 1,681,173.70 PLN in a Pabulib file) keeps its decimals.

`Amount` is the column type of amounts that may have decimals (a poll's budget, a project's
cost): NUMERIC(15, 4) on both databases. PostgreSQL keeps it exactly; SQLite keeps a number with
at most 15 significant digits, which a double holds exactly, and `Amount` gives it back as the
exact decimal that was written. Either way Python sees an `int` when the amount is whole and a
`Decimal` otherwise, so whole budgets behave as they always did.
"""

import functools
import re
from decimal import Decimal

from babel import Locale, numbers
from flask_babel import format_decimal, get_locale
from sqlalchemy import Numeric
from sqlalchemy.types import TypeDecorator

#: decimal places an amount keeps
AMOUNT_DECIMALS = 4

ExactAmount = int | Decimal


def exact_amount(value: int | float | Decimal | str) -> ExactAmount:
    """`value` as an int when whole, else as a Decimal with at most AMOUNT_DECIMALS places."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    number = number.quantize(Decimal(1).scaleb(-AMOUNT_DECIMALS))
    return int(number) if number == number.to_integral_value() else number.normalize()


def json_amount(amount: ExactAmount | None) -> int | float | None:
    """An amount for JSON: a whole amount as an integer, one with decimals as a number with
    them (at most 15 significant digits, so the JSON text is the exact decimal)."""
    return amount if amount is None or isinstance(amount, int) else float(amount)


class Amount(TypeDecorator):
    """NUMERIC(15, 4) read back as an int when whole, else as an exact Decimal."""

    impl = Numeric(15, AMOUNT_DECIMALS)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        """Native decimals on PostgreSQL; floats (then made exact again) on SQLite."""
        exact = dialect.name != "sqlite"
        return dialect.type_descriptor(Numeric(15, AMOUNT_DECIMALS, asdecimal=exact))

    def process_bind_param(self, value, dialect):
        """Store the exact amount (a float for SQLite, which has no decimal type)."""
        if value is None:
            return None
        amount = exact_amount(value)
        return float(amount) if dialect.name == "sqlite" else Decimal(amount)

    def process_result_value(self, value, dialect):
        """The amount as it was written."""
        return None if value is None else exact_amount(value)


def money(amount: int | float | Decimal | None, currency: str = "EUR", signed: bool = False) -> str:
    """`amount` whole units of `currency` in the reader's locale; "" for None.

    `signed` puts a plus sign before a positive amount (a change).
    """
    if amount is None:
        return ""
    whole = amount == round(amount)
    text = _formatted(
        round(amount) if whole else Decimal(str(amount)),
        currency or "EUR",
        get_locale() or Locale.parse("en"),
    )
    return f"+{text}" if signed and amount > 0 else text


@functools.lru_cache(maxsize=4096, typed=True)
def _formatted(amount: int | Decimal, currency: str, locale: Locale) -> str:
    """Babel's text of an amount, kept per worker: a page of a poll shows the same few amounts
    (the budget, each project's cost) to every reader of a language, and Babel's formatting
    was a tenth of the ballot's confirmation page. An int is a whole amount, a Decimal one
    with decimals (typed: 5 and Decimal(5) are two keys)."""
    pattern = locale.currency_formats["standard"].pattern
    if isinstance(amount, int):
        pattern = re.sub(r"\.0+", "", pattern)
    else:
        pattern = re.sub(r"0\.0+", "0.00##", pattern)
    return numbers.format_currency(
        amount, currency, format=pattern, locale=locale, currency_digits=False
    )


def cents_to_money(cents: int | None, signed: bool = False) -> str:
    """An amount kept in euro cents, in whole euros."""
    return "" if cents is None else money(round(cents / 100), "EUR", signed)


def percent_change(value: float | None) -> str:
    """A signed percentage with one decimal in the reader's locale (the change of an amount),
    or a dash when there is nothing to compare."""
    if value is None:
        return "–"
    return format_decimal(value, format="+#,##0.0;-#,##0.0") + "\u00a0%"
