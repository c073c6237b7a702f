"""What a kind tells the register of capital investments (`consult.investments`): the projects
one of its consultations decided to fund.

A kind answers through its `ConsultationKind.funded_projects` hook, `(consultation, today) ->
list[FundedProject] | None`: None while the consultation has not decided yet (a poll still
open, a hearing still taking proposals), else every project it funded, which may be none. The
register makes one public record of each, once: `source` is the record's key, so asking again
later adds only what is new. The hook is a plain function over the database: no `request`, no
commit.
"""

from dataclasses import dataclass

from consult.core.money import ExactAmount


@dataclass(frozen=True)
class FundedProject:
    """A capital project a consultation funded, as the register of investments records it."""

    #: stable and unique across kinds, e.g. "poll_project:12" (the register's UNIQUE key)
    source: str
    #: {locale: title}, in the languages the kind has it
    title: dict
    #: the budget year it is funded in
    year: int
    #: what the consultation gave it, in `currency`
    budget: ExactAmount
    currency: str = "EUR"
    #: None: the whole municipality
    local_community_id: int | None = None
    #: the directorate that carries it out (None: the consultation's)
    directorate_id: int | None = None
    #: {locale: description}, if the kind has one
    description: dict | None = None
