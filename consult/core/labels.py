"""The value lists every feature shares, each once: its codes as stored and its translated
names (kinds, statuses, roles, answer outcomes, genders, meeting audiences, sectors)."""

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

#: who an account is (`User.role`): staff roles an administrator gives, and an organisation's
#: representative, whose account comes from its registration
ROLE_LABELS = {
    "officer": _l("Officer"),
    "chair": _l("Chair of the Assembly"),
    "admin": _l("Administrator"),
    "cso": _l("Organisation"),
}

#: the municipality's answer to a comment or a proposal: one list for the comments on a draft
#: act and the comments and proposals of a budget hearing alike
OUTCOME_LABELS = {
    "accepted": _l("Accepted"),
    "partly_accepted": _l("Partly accepted"),
    "rejected": _l("Rejected"),
}

#: the genders a person may give (comments, ballots, survey answers), one coding everywhere:
#: "female", "male", "other"; "not_given" is the choice of those who did not say (stored as
#: no gender)
GENDER_LABELS = {
    "female": _l("Woman"),
    "male": _l("Man"),
    "other": _l("Other"),
    "not_given": _l("Prefer not to say"),
}

#: the outcomes an answer can have, as stored
OUTCOMES = tuple(OUTCOME_LABELS)
#: the genders a person can give, as stored (NULL when not given)
GENDERS = ("female", "male", "other")
#: the genders a poll's voter list gives (the civil register knows two) and its ballot asks
POLL_GENDERS = ("female", "male")
#: the genders as the rows of a breakdown of participants
GENDER_GROUP_LABELS = {
    "female": _l("Women"),
    "male": _l("Men"),
    "other": _l("Other"),
}
assert set(GENDER_LABELS) == {*GENDERS, "not_given"}
assert set(GENDER_GROUP_LABELS) == set(GENDERS) and set(POLL_GENDERS) <= set(GENDERS)

#: who a public meeting of a consultation is for (`Meeting.audience`, chosen on the meeting form)
MEETING_AUDIENCE_LABELS = {
    "general": _l("Everyone"),
    "village_council": _l("Village council"),
    "business": _l("Businesses"),
    "youth": _l("Young people"),
    "women": _l("Women"),
    "disability": _l("Persons with disabilities"),
    "cso": _l("Civil-society organisations"),
}
#: the audiences of the strategy's plan for budget hearings (BH-MEETINGS, BH-GENDER), as
#: stored (with a CHECK constraint), in the plan's order. A list of its own, not the one above:
#: the plan names its own groups (professional groups, the business association, all citizens)
#: and no meeting of organisations
HEARING_AUDIENCE_LABELS = {
    "village_council": _l("Village council"),
    "business": _l("Business association"),
    "professional": _l("Professional groups"),
    "youth": _l("Youth"),
    "disability": _l("Persons with disabilities"),
    "women": _l("Women"),
    "general": _l("All citizens"),
}
HEARING_AUDIENCES = tuple(HEARING_AUDIENCE_LABELS)

#: the field a civil-society organisation works in, as chosen when it registers
SECTOR_LABELS = {
    "youth": _l("Youth"),
    "women": _l("Women and gender equality"),
    "business": _l("Business and economy"),
    "education": _l("Education"),
    "health": _l("Health"),
    "social": _l("Social welfare"),
    "disability": _l("People with disabilities"),
    "communities": _l("Communities and minorities"),
    "culture": _l("Culture and sport"),
    "environment": _l("Environment"),
    "agriculture": _l("Agriculture and rural development"),
    "human_rights": _l("Human rights and good governance"),
    "other": _l("Other"),
}


#: the economic category of a budget line (`BudgetLine.category`), in the budget's order
BUDGET_CATEGORY_LABELS = {
    "wages": _l("Wages and salaries"),
    "goods_services": _l("Goods and services"),
    "utilities": _l("Utilities"),
    "subsidies": _l("Subsidies and transfers"),
    "capital": _l("Capital investment"),
}
BUDGET_CATEGORIES = tuple(BUDGET_CATEGORY_LABELS)

#: how a ballot reached the poll (`Ballot.channel`): cast on the web or counted from paper
BALLOT_CHANNELS = ("online", "paper")

#: who wrote a comment on a hearing's budget line: a resident on the web, or the minutes of a
#: public meeting (a subset of `consult.comments.models.AUTHOR_KINDS`)
HEARING_COMMENT_AUTHORS = ("citizen", "meeting")


def sector_label(value: str | None) -> str:
    """An organisation's sector in the reader's language; an unknown stored value as it is."""
    label = SECTOR_LABELS.get(value or "")
    return str(label) if label is not None else (value or "")
