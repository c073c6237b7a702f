"""The value lists every feature shares, each once: its codes as stored and its translated
names (kinds, statuses, roles, answer outcomes, genders, meeting audiences, sectors, the
audiences of the e-mail lists and the ways their members consented)."""

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
    "diaspora": _l("Diaspora"),
}
#: how a public meeting is held (`Meeting.format`)
MEETING_FORMAT_LABELS = {
    "in_person": _l("In person"),
    "online": _l("Online"),
    "hybrid": _l("Hybrid (in person and online)"),
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
SECTORS = tuple(SECTOR_LABELS)

#: the audiences of the Communication and Information Strategy that the Public Information
#: Office keeps e-mail lists for (`AudienceList.audience`), as stored (with a CHECK
#: constraint); a list of organisations may name its sector (SECTOR_LABELS)
AUDIENCE_LIST_LABELS = {
    "cso": _l("Civil-society organisations"),
    "village_council": _l("Village councils"),
    "business": _l("Business associations"),
    "professional": _l("Professional groups"),
    "youth": _l("Young people"),
    "disability": _l("Persons with disabilities"),
    "women": _l("Women's groups"),
    "media": _l("Media"),
    "diaspora": _l("Diaspora"),
    "citizens": _l("Citizens"),
}
AUDIENCE_LIST_TYPES = tuple(AUDIENCE_LIST_LABELS)
#: how a member of an audience list agreed to receive its messages (`AudienceMember.
#: consent_how`): "web" only through the public page's link (double opt-in); the others are
#: recorded by an officer, with the day
CONSENT_LABELS = {
    "web": _l("Web form, confirmed by the e-mailed link"),
    "paper": _l("Paper form signed at a meeting"),
    "email_request": _l("Asked by e-mail"),
    "public_contact": _l("The organisation's public contact address"),
}
CONSENT_WAYS = tuple(CONSENT_LABELS)
#: the ways an officer may record (on the form or in an imported file)
RECORDED_CONSENT_WAYS = ("paper", "email_request", "public_contact")


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


#: the versions of a draft act (`ActVersion.kind`): the text put to consultation, a revised
#: draft published after the consultation closed, the text the Municipal Assembly adopted
ACT_VERSION_KIND_LABELS = {
    "consulted": _l("Draft put to consultation"),
    "revised": _l("Revised draft"),
    "adopted": _l("Adopted text"),
}
ACT_VERSION_KINDS = tuple(ACT_VERSION_KIND_LABELS)
#: what happened to an article from one version of an act to another
ARTICLE_CHANGE_LABELS = {
    "unchanged": _l("Not changed"),
    "changed": _l("Changed"),
    "added": _l("Added"),
    "removed": _l("Removed"),
}
ARTICLE_CHANGES = tuple(ARTICLE_CHANGE_LABELS)


#: the ways an officer reached people about a consultation (`OutreachEntry.channel`, the
#: outreach log of every consultation), as stored (with a CHECK constraint), in the order of
#: the form; "notice_board" names its local community, "other" says what it was in its note
OUTREACH_CHANNEL_LABELS = {
    "notice_board": _l("Notice board of a local community"),
    "email_list": _l("E-mail list"),
    "website": _l("The municipality's website"),
    "facebook": _l("Facebook"),
    "radio": _l("Radio"),
    "tv": _l("Television"),
    "village_council": _l("Village council"),
    "sms": _l("SMS"),
    "press_release": _l("Press release"),
    "meeting": _l("Meeting"),
    "other": _l("Other"),
}
OUTREACH_CHANNELS = tuple(OUTREACH_CHANNEL_LABELS)


def sector_label(value: str | None) -> str:
    """An organisation's sector in the reader's language; an unknown stored value as it is."""
    label = SECTOR_LABELS.get(value or "")
    return str(label) if label is not None else (value or "")
