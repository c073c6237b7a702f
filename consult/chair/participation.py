"""Who took part, per year and kind of consultation: counted in SQL from every feature's tables.

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

The year of a consultation is the year of its annual plan, or else the year it opened.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import Integer, cast, extract, func, select

from consult.consultations.models import Comment
from consult.core.meeting_models import Meeting
from consult.core.models import Consultation
from consult.extensions import db
from consult.hearings.models import CapitalProposal, HearingComment, HearingCycle
from consult.polls.models import Ballot, Poll
from consult.surveys.models import Question, Response, Survey, SurveyAnswer

NOT_STATED = "not_stated"
DIMENSIONS = ("gender", "age_band", "local_community")
GENDER_GROUPS = ("women", "men", "other", NOT_STATED)
AGE_GROUPS = ("under 25", "25-34", "35-44", "45-54", "55-64", "65+", NOT_STATED)

#: what each feature records, mapped onto the groups above
_GENDERS = {
    "female": "women",
    "male": "men",
    "other": "other",
    "f": "women",
    "m": "men",
    "woman": "women",
    "man": "men",
    "women": "women",
    "men": "men",
    "not_said": NOT_STATED,
}
_AGES = {"under 18": "under 25", "18-24": "under 25", "15-24": "under 25"}

#: (year, kind) of one line of a table
Line = tuple[int, str]


def consultation_year():
    """SQL: the year of the annual plan, or else the year the written consultation opened."""
    return func.coalesce(
        Consultation.planned_year, cast(extract("year", Consultation.opens_at), Integer)
    )


def _published():
    return Consultation.status != "draft"


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
    return _GENDERS.get(value) if value else None


def _age(value: str | None) -> str | None:
    return _AGES.get(value, value) if value else None


def _community(value: object) -> str | None:
    if value is None or not str(value).isdigit():
        return None
    return str(int(value))


def _draft_act_commenters(found: Participation) -> None:
    query = (
        select(
            consultation_year(),
            Consultation.kind,
            Comment.consultation_id,
            Comment.author_kind,
            Comment.author_email,
            Comment.organisation_id,
            Comment.id,
            Comment.gender,
        )
        .join(Consultation, Consultation.id == Comment.consultation_id)
        .where(_published(), Comment.confirmed_at.is_not(None), Comment.hidden.is_(False))
        .order_by(Comment.id)
    )
    people: dict[tuple, tuple[Line, str | None]] = {}
    for year, kind, cid, author_kind, email, organisation, comment_id, gender in db.session.execute(
        query
    ):
        if year is None:
            continue
        if author_kind == "cso":
            key = (cid, "cso", organisation)
        elif author_kind == "citizen":
            key = (cid, "citizen", email.lower())
        else:
            key = (cid, author_kind, comment_id)
        people[key] = ((year, kind), gender)  # the latest comment's gender, as the report
    for line, gender in people.values():
        found.add(line, 1, gender=_gender(gender))


def _hearing_contributors(found: Participation) -> None:
    comments = (
        select(
            consultation_year(),
            Consultation.kind,
            HearingCycle.consultation_id,
            HearingComment.author_email,
            HearingComment.gender,
        )
        .join(HearingCycle, HearingCycle.id == HearingComment.cycle_id)
        .join(Consultation, Consultation.id == HearingCycle.consultation_id)
        .where(
            _published(),
            HearingComment.author_kind == "citizen",
            HearingComment.confirmed_at.is_not(None),
            HearingComment.hidden.is_(False),
        )
        .order_by(HearingComment.id)
    )
    proposals = (
        select(
            consultation_year(),
            Consultation.kind,
            HearingCycle.consultation_id,
            CapitalProposal.proposer_email,
        )
        .join(HearingCycle, HearingCycle.id == CapitalProposal.cycle_id)
        .join(Consultation, Consultation.id == HearingCycle.consultation_id)
        .where(_published())
    )
    people: dict[tuple, tuple[Line, str | None]] = {}
    for year, kind, cid, email, gender in db.session.execute(comments):
        if year is not None:
            people[(cid, email.lower())] = ((year, kind), gender)
    for year, kind, cid, email in db.session.execute(proposals):
        if year is not None:
            people.setdefault((cid, email.lower()), ((year, kind), None))
    for line, gender in people.values():
        found.add(line, 1, gender=_gender(gender))


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
        .where(_published(), Meeting.held_on <= today)
        .group_by(consultation_year(), Consultation.kind, Meeting.local_community_id)
    )
    for year, kind, community, women, men, other in db.session.execute(query):
        if year is None:
            continue
        for gender, people in (("women", women), ("men", men), ("other", other)):
            if people:
                found.add(
                    (year, kind),
                    int(people),
                    gender=gender,
                    local_community=_community(community),
                )


def _ballots(found: Participation) -> None:
    query = (
        select(
            consultation_year(),
            Consultation.kind,
            Ballot.gender,
            Ballot.age_band,
            Ballot.local_community_id,
            func.count(),
        )
        .join(Poll, Poll.id == Ballot.poll_id)
        .join(Consultation, Consultation.id == Poll.consultation_id)
        .where(_published())
        .group_by(
            consultation_year(),
            Consultation.kind,
            Ballot.gender,
            Ballot.age_band,
            Ballot.local_community_id,
        )
    )
    for year, kind, gender, age, community, ballots in db.session.execute(query):
        if year is not None:
            found.add(
                (year, kind),
                int(ballots),
                gender=_gender(gender),
                age_band=_age(age),
                local_community=_community(community),
            )


def _survey_responses(found: Participation) -> None:
    responses = (
        select(consultation_year(), Consultation.kind, func.count())
        .select_from(Response)
        .join(Survey, Survey.id == Response.survey_id)
        .join(Consultation, Consultation.id == Survey.consultation_id)
        .where(_published())
        .group_by(consultation_year(), Consultation.kind)
    )
    for year, kind, number in db.session.execute(responses):
        if year is not None:
            found.add((year, kind), int(number))
    answers = (
        select(
            consultation_year(), Consultation.kind, Question.key, SurveyAnswer.choice, func.count()
        )
        .select_from(SurveyAnswer)
        .join(Question, Question.id == SurveyAnswer.question_id)
        .join(Survey, Survey.id == Question.survey_id)
        .join(Consultation, Consultation.id == Survey.consultation_id)
        .where(_published(), Question.key.in_(DIMENSIONS), SurveyAnswer.choice.is_not(None))
        .group_by(consultation_year(), Consultation.kind, Question.key, SurveyAnswer.choice)
    )
    readers = {"gender": _gender, "age_band": _age, "local_community": _community}
    for year, kind, key, choice, number in db.session.execute(answers):
        group = readers[key](choice)
        if year is not None and group is not None and group != NOT_STATED:
            found.stated[(year, kind, key, group)] += int(number)


def participation(today: dt.date) -> Participation:
    """Participants of every published consultation per (year, kind), with what they stated."""
    found = Participation(Counter(), Counter())
    _draft_act_commenters(found)
    _hearing_contributors(found)
    _meeting_attendance(found, today)
    _ballots(found)
    _survey_responses(found)
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
        .where(_published(), Meeting.held_on <= today)
        .group_by(consultation_year(), Consultation.kind)
    )
    held: dict[Line, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for year, kind, meetings, people in db.session.execute(query):
        if year is not None:
            held[(year, kind)] = (int(meetings), int(people or 0))
    return held
