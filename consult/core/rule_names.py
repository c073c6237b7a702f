"""Translated names of the minimum-standard rules, so people never read a bare rule id."""

from consult.i18n import lazy_text as _l

#: rule id -> its name in the reader's language (the id stays a small reference beside it)
RULE_NAMES = {
    "MS-PLAN": _l("Annual plan"),
    "MS-NOTICE": _l("Preliminary notice"),
    "MS-ANNOUNCE": _l("Complete announcement"),
    "MS-DURATION": _l("Length of the consultation"),
    "MS-MEETING-NOTICE": _l("Notice of public meetings"),
    "MS-ANSWER": _l("An answer to every comment"),
    "MS-REPORT": _l("Final report on time"),
    "MS-MEETING-REVIEW": _l("Review of meeting proposals"),
    "MS-ANNUAL": _l("Annual consultation report"),
    "MS-TEXT": _l("Text of the draft act"),
    "MS-NOTE": _l("Explanatory note"),
    "BH-DRAFT": _l("Draft budget published"),
    "BH-CALENDAR": _l("Budget calendar"),
    "BH-MEETINGS": _l("Public budget meetings"),
    "BH-GENDER": _l("Women and men in budget meetings"),
    "BH-PUBLISH": _l("Budget hearing published"),
    "CP-PROJECTS": _l("Projects on the ballot"),
    "SV-QUESTIONS": _l("Questions of the survey"),
    "LANG-ANSWER": _l("Answers in every official language"),
}


def rule_name(rule_id: str) -> str:
    """The translated name of a rule; an unknown id is shown as it is."""
    name = RULE_NAMES.get(rule_id)
    return str(name) if name is not None else rule_id
