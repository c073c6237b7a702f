"""Who took part, per year and kind of consultation: counted in SQL by each kind (its
`chair_hooks.py`, the kind's `took_part` in `consult.core.kinds`) and, for meetings, here.

Participants of a published consultation are counted once per way of taking part:

* draft acts: each author of confirmed, visible comments (a citizen by e-mail address, an
  organisation once, an anonymous or floor comment each), as the final report counts them;
* budget hearings: each citizen who commented or proposed a project on the public form (by
  e-mail address); people at meetings are counted under meetings;
* public meetings held (of any consultation): everyone present, by gender;
* capital-projects polls: every ballot counted;
* surveys: every response.

A person who comments and also attends a meeting counts twice. The gender, age band and local
community are what people gave (comments, ballots, survey answers) or where the meeting was held;
the rest is "not stated". Every breakdown is shown through `consult.core.anonymity`.

A consultation counts in the year it ran (`consult.core.models.Consultation.counted_year`):
the year its written consultation closed, else the year it opened, else its plan's year.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from consult.core.kinds import hooks
from consult.core.labels import GENDERS
from consult.core.models import Consultation, consultation_year
from consult.core.providers import TookPart
from consult.extensions import db
from consult.meetings.models import Meeting

NOT_STATED = "not_stated"
GENDER_GROUPS = (*GENDERS, NOT_STATED)
AGE_GROUPS = ("under 25", "25-34", "35-44", "45-54", "55-64", "65+", NOT_STATED)

#: what each feature records, mapped onto the groups above (genders are one coding already)
_AGES = {"under 18": "under 25", "18-24": "under 25", "15-24": "under 25"}

#: (year, kind) of one line of a table
Line = tuple[int, str]


@dataclass
class Participation:
    """Participants per (year, kind) and what they stated, before any suppression."""

    #: (year, kind) -> participants
    participants: Counter
    #: (year, kind, dimension, group) -> participants who stated `group`
    stated: Counter

    def add(self, line: Line, people: int, **groups: str | None) -> None:
        """Count `people` on `line` with their stated group per dimension (None: not stated)."""
        self.participants[line] += people
        for dimension, group in groups.items():
            if group is not None:
                self.stated[(*line, dimension, group)] += people

    def years(self) -> list[int]:
        """Every year with participants, newest first."""
        return sorted({year for year, _kind in self.participants}, reverse=True)

    def groups(self, line: Line, dimension: str) -> Counter:
        """Participants of `line` per group of `dimension`, "not stated" filling the rest."""
        found = Counter(
            {key[3]: n for key, n in self.stated.items() if key[:3] == (*line, dimension)}
        )
        found[NOT_STATED] += max(self.participants[line] - sum(found.values()), 0)
        return found


def _gender(value: str | None) -> str | None:
    """A stated gender (consult.core.labels.GENDERS); anything else, e.g. a survey's "prefer
    not to say", is not stated."""
    return value if value in GENDERS else None


def _age(value: str | None) -> str | None:
    return _AGES.get(value, value) if value else None


def _community(value: object) -> str | None:
    if value is None or not str(value).isdigit():
        return None
    return str(int(value))


def _meeting_attendance(found: Participation, today: dt.date) -> None:
    query = (
        select(
            consultation_year(),
            Consultation.kind,
            Meeting.local_community_id,
            func.sum(Meeting.attendance_women),
            func.sum(Meeting.attendance_men),
            func.sum(Meeting.attendance_other),
        )
        .join(Consultation, Consultation.id == Meeting.consultation_id)
        .where(Consultation.is_public, Meeting.held_on <= today)
        .group_by(consultation_year(), Consultation.kind, Meeting.local_community_id)
    )
    for year, kind, community, women, men, other in db.session.execute(query):
        if year is None:
            continue
        for gender, people in (("female", women), ("male", men), ("other", other)):
            if people:
                found.add(
                    (year, kind),
                    int(people),
                    gender=gender,
                    local_community=_community(community),
                )


def _add_took_part(found: Participation, part: TookPart) -> None:
    """One feature's count, its codes mapped onto the groups above."""
    groups = {
        "gender": _gender(part.gender),
        "age_band": _age(part.age_band),
        "local_community": _community(part.local_community),
    }
    if part.counted:
        found.add((part.year, part.kind), part.people, **groups)
        return
    for dimension, group in groups.items():  # what respondents counted already said
        if group is not None and group != NOT_STATED:
            found.stated[(part.year, part.kind, dimension, group)] += part.people


def participation(today: dt.date) -> Participation:
    """Participants of every published consultation per (year, kind), with what they stated."""
    found = Participation(Counter(), Counter())
    _meeting_attendance(found, today)
    for _kind, provider in hooks("took_part"):
        for part in provider():
            _add_took_part(found, part)
    return found


def meetings_held(today: dt.date) -> dict[Line, tuple[int, int]]:
    """(year, kind) -> (meetings held by `today`, people present) of published consultations."""
    query = (
        select(
            consultation_year(),
            Consultation.kind,
            func.count(Meeting.id),
            func.sum(Meeting.attendance_women + Meeting.attendance_men + Meeting.attendance_other),
        )
        .join(Consultation, Consultation.id == Meeting.consultation_id)
        .where(Consultation.is_public, Meeting.held_on <= today)
        .group_by(consultation_year(), Consultation.kind)
    )
    held: dict[Line, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for year, kind, meetings, people in db.session.execute(query):
        if year is not None:
            held[(year, kind)] = (int(meetings), int(people or 0))
    return held
