"""Open data of the register of capital investments (`consult.investments`): its filters as the
API reads them (a value it cannot use is a 400, `BadParameter`), and the answers."""

from flask import url_for
from werkzeug.datastructures import MultiDict

from consult.api.services import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    BadParameter,
    _choice,
    _integer,
    _single,
)
from consult.core.records import record_or_none
from consult.i18n import lazy_text as _l
from consult.investments import open_data, register
from consult.investments.models import FIRST_YEAR, INVESTMENT_STATUSES, LAST_YEAR, Investment

#: the local-community filter's value for the records of the whole municipality
MUNICIPALITY_WIDE = register.MUNICIPALITY_WIDE


def _link(endpoint: str, values: dict) -> str:
    return url_for(endpoint, **values, _external=True)


def parse_filters(args: MultiDict) -> register.RegisterFilter:
    """The register's filters in `args`; raises BadParameter for a value it cannot use."""
    community_raw = _single(args, "local_community")
    if community_raw == MUNICIPALITY_WIDE:
        community = MUNICIPALITY_WIDE
    elif community_raw is None:
        community = None
    else:
        try:
            community = _integer(args, "local_community", 1, 10**9 - 1)
        except BadParameter as error:
            raise BadParameter(
                "local_community",
                str(
                    _l(
                        "Give a local community's id, or %(all)s for the whole municipality.",
                        all=MUNICIPALITY_WIDE,
                    )
                ),
            ) from error
    return register.RegisterFilter(
        year=_integer(args, "year", FIRST_YEAR, LAST_YEAR),
        local_community=community,
        status=_choice(args, "status", INVESTMENT_STATUSES),
    )


def investments(args: MultiDict) -> dict:
    """A page of the records the filters select (`limit`, `offset`), with the totals of every
    record selected and the address of the next page."""
    filters = parse_filters(args)
    limit = _integer(args, "limit", 1, MAX_LIMIT) or DEFAULT_LIMIT
    offset = _integer(args, "offset", 0, MAX_OFFSET) or 0
    found = register.records(filters)
    following = offset + limit
    next_page = None
    if following < len(found):
        values = {**filters.args(), "limit": limit, "offset": following}
        next_page = _link("api.investments", values)
    return {
        "totals": open_data.totals_json(register.totals(found)),
        "total": len(found),
        "limit": limit,
        "offset": offset,
        "next": next_page,
        "items": [open_data.summary(record, _link) for record in found[offset:following]],
    }


def investment(investment_id: str) -> dict | None:
    """One record with its history and photos; None for any other text or id."""
    if not (investment_id.isascii() and investment_id.isdigit() and len(investment_id) < 10):
        return None
    record = record_or_none(Investment, int(investment_id))
    return open_data.detail(record, _link) if record is not None else None
