"""Small pieces every feature's models and views use alike: a CHECK constraint listing the
allowed values of a column, and a record looked up by an id taken from an address."""

from consult.extensions import db

#: the largest id a database integer column holds; a larger number in an address is not found
MAX_ID = 2**63 - 1


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK constraint: `column` holds one of `values`."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def record_or_none(model: type, record_id: int | None):
    """The record of `model` with `record_id`, or None (also for ids no database column can
    hold: PostgreSQL would refuse to look them up)."""
    if record_id is None or not 0 < record_id <= MAX_ID:
        return None
    return db.session.get(model, record_id)
