"""Translated names of the kinds and statuses of consultations."""

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "draft_act": _l("Draft act"),
    "budget_hearing": _l("Budget hearing"),
    "capital_poll": _l("Capital projects poll"),
    "survey": _l("Survey"),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "announced": _l("Announced"),
    "open": _l("Open"),
    "closed": _l("Closed"),
    "reported": _l("Report published"),
}

ROLE_LABELS = {
    "officer": _l("Officer"),
    "chair": _l("Chair of the Assembly"),
    "admin": _l("Administrator"),
    "cso": _l("Civil-society organisation"),
}
