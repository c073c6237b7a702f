"""Translated names of the kinds and statuses of consultations."""

from consult.i18n import lazy_text as _l

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

#: the municipality's answer to a comment or a proposal (draft acts and budget hearings)
OUTCOME_LABELS = {
    "accepted": _l("Accepted"),
    "partly_accepted": _l("Partly accepted"),
    "rejected": _l("Rejected"),
}

#: the genders a commenter may give, and "not_given" for those who did not say
GENDER_LABELS = {
    "female": _l("Woman"),
    "male": _l("Man"),
    "other": _l("Other"),
    "not_given": _l("Prefer not to say"),
}

#: the outcomes an answer can have, as stored
OUTCOMES = tuple(OUTCOME_LABELS)
#: the genders a commenter can give, as stored (NULL when not given)
GENDERS = ("female", "male", "other")
assert set(GENDER_LABELS) == {*GENDERS, "not_given"}
