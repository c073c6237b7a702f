"""The translated names of a project's statuses, and the tag each shows with."""

from consult.i18n import lazy_text as _l
from consult.investments.models import INVESTMENT_STATUSES

INVESTMENT_STATUS_LABELS = {
    "planned": _l("Planned"),
    "procurement": _l("In procurement"),
    "construction": _l("Under construction"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}
assert tuple(INVESTMENT_STATUS_LABELS) == INVESTMENT_STATUSES

#: the design system's status tag of each (templates/macros/design.html)
STATUS_TONES = {
    "planned": "announced",
    "procurement": "announced",
    "construction": "open",
    "completed": "reported",
    "cancelled": "cancelled",
}
