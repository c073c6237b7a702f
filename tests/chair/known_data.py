"""A year of consultations whose figures are known, for the annual report, the participation
trends and the open data.

Year 2024, planned for and held in that year (no other test data uses it: their dates lie
around today):

* a published draft act whose report came out late (MS-REPORT): comments from citizen a
  (twice), citizen b, an organisation, an anonymous author and a public meeting (6 visible:
  2 accepted, 1 partly accepted, 1 rejected, 2 unanswered), plus one hidden and one
  unconfirmed; a meeting held with 4 women and 3 men in the first local community; genders
  given: a female (latest), b male;
* a budget hearing with its report published: 3 visible confirmed comments from 3 citizens
  (1 accepted, 1 rejected, 1 unanswered), one unconfirmed; a proposal from a fourth person;
* a capital-projects poll that has closed: 7 online and 2 paper ballots;
* a citizen survey with its report published: 12 responses; gender: 7 women, 3 men, 2 not
  given; "park": 7 yes, 5 no; a free-text question;
* a draft (unpublished) draft act with a comment, which counts nowhere.
"""

import datetime as dt

from consult.comments.models import Answer, Comment
from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings.models import (
    CapitalProposal,
    HearingCycle,
    HearingReport,
)
from consult.meetings.models import Meeting
from consult.organisations.models import Organisation
from consult.polls.models import Ballot, Poll, Project
from consult.surveys.models import (
    Option,
    Question,
    Response,
    Section,
    Survey,
    SurveyAnswer,
)

YEAR = 2024
TEXT = {"sq": "Tekst", "sr_Latn": "Tekst", "bs": "Tekst", "en": "Text"}


def _consultation(kind: str, status: str) -> Consultation:
    consultation = Consultation(
        kind=kind,
        status=status,
        title={"sq": f"Konsultim {kind}", "en": f"Consultation {kind}"},
        summary=dict(TEXT),
        body=dict(TEXT),
        planned_year=YEAR,
        notice_at=dt.date(YEAR, 1, 1),
        opens_at=dt.date(YEAR, 1, 20),
        closes_at=dt.date(YEAR, 3, 1),
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation


def _comment(consultation: Consultation, kind: str, **fields) -> Comment:
    values = {
        "consultation_id": consultation.id,
        "author_kind": kind,
        "language": "sq",
        "text": "Propozim",
        "confirmed_at": dt.datetime(YEAR, 2, 1),
    } | fields
    comment = Comment(**values)
    db.session.add(comment)
    db.session.flush()
    return comment


def _answer(comment: Comment, outcome: str) -> None:
    db.session.add(Answer(comment_id=comment.id, outcome=outcome, reason={"sq": "Arsye"}))


def _draft_act(communities: list[LocalCommunity]) -> Consultation:
    act = _consultation("draft_act", "reported")
    act.report_published_at = dt.date(YEAR, 4, 30)  # late: MS-REPORT
    organisation = Organisation(
        name="OJQ Zëri", registration_number="5110", contact_email="ojq@example.org"
    )
    db.session.add(organisation)
    db.session.flush()
    first = _comment(act, "citizen", author_email="a@example.org", gender="male")
    _comment(act, "citizen", author_email="a@example.org", gender="female")
    b = _comment(act, "citizen", author_email="b@example.org", gender="male")
    cso = _comment(act, "cso", organisation_id=organisation.id, author_email="ojq@example.org")
    anonymous = _comment(act, "anonymous")
    meeting = Meeting(
        consultation_id=act.id,
        held_on=dt.date(YEAR, 2, 10),
        place="Salla e Kuvendit",
        local_community_id=communities[0].id,
        attendance_women=4,
        attendance_men=3,
    )
    db.session.add(meeting)
    db.session.flush()
    _comment(act, "meeting", author_name="Nga takimi", meeting_id=meeting.id)
    _comment(act, "citizen", author_email="c@example.org", hidden=True, hidden_reason="Fyerje")
    _comment(act, "citizen", author_email="d@example.org", confirmed_at=None)
    _answer(first, "accepted")
    _answer(b, "accepted")
    _answer(cso, "partly_accepted")
    _answer(anonymous, "rejected")
    return act


def _hearing(communities: list[LocalCommunity]) -> Consultation:
    hearing = _consultation("budget_hearing", "reported")
    cycle = HearingCycle(
        consultation_id=hearing.id,
        budget_year=YEAR + 1,
        mtbf_due=dt.date(YEAR, 6, 30),
        circular2_due=dt.date(YEAR, 8, 15),
        approval_due=dt.date(YEAR, 9, 30),
    )
    db.session.add(cycle)
    db.session.flush()
    for n, outcome in enumerate(("accepted", "rejected", None, None)):
        db.session.add(
            Comment(
                consultation_id=cycle.consultation_id,
                cycle_id=cycle.id,
                author_kind="citizen",
                author_name=f"Qytetar {n}",
                author_email=f"h{n}@example.org",
                language="sq",
                text="Më shumë për rrugët",
                answer=Answer(outcome=outcome, reason={"sq": "Arsye"}) if outcome else None,
                confirmed_at=dt.datetime(YEAR, 2, 1) if n < 3 else None,
            )
        )
    db.session.add(
        CapitalProposal(
            cycle_id=cycle.id,
            title="Ndriçimi i rrugës",
            local_community_id=communities[1].id,
            estimated_cents=1_000_000,
            description="Drita",
            proposer_name="Propozuesi",
            proposer_email="p@example.org",
        )
    )
    db.session.add(HearingReport(cycle_id=cycle.id, published_on=dt.date(YEAR, 3, 15)))
    return hearing


def _poll(communities: list[LocalCommunity]) -> Consultation:
    consultation = _consultation("capital_poll", "closed")
    poll = Poll(consultation_id=consultation.id, budget=100_000)
    db.session.add(poll)
    db.session.flush()
    park = Project(poll_id=poll.id, code="P1", title={"sq": "Parku"}, cost=60_000)
    road = Project(poll_id=poll.id, code="P2", title={"sq": "Rruga"}, cost=50_000)
    db.session.add_all([park, road])
    db.session.flush()
    for n in range(9):
        db.session.add(
            Ballot(
                poll_id=poll.id,
                day=dt.date(YEAR, 2, 1),
                channel="online" if n < 7 else "paper",
                choices=[park.id] if n < 6 else [road.id],
                gender="female" if n < 5 else "male",
                age_band="25-34",
                local_community_id=communities[0].id,
            )
        )
    return consultation


def _survey() -> Consultation:
    consultation = _consultation("survey", "reported")
    survey = Survey(consultation_id=consultation.id, audience="citizen", year=YEAR)
    db.session.add(survey)
    db.session.flush()
    section = Section(survey_id=survey.id, position=1, title={"sq": "Pyetje"})
    db.session.add(section)
    db.session.flush()
    questions = {}
    for position, (key, type_) in enumerate(
        (("park", "single_choice"), ("gender", "single_choice"), ("ideas", "long_text")), 1
    ):
        questions[key] = Question(
            survey_id=survey.id,
            section_id=section.id,
            position=position,
            key=key,
            type=type_,
            text={"sq": key, "en": key},
        )
        db.session.add(questions[key])
    db.session.flush()
    for key, values in (("park", ("yes", "no")), ("gender", ("female", "male", "not_said"))):
        for position, value in enumerate(values, 1):
            label = {"sq": value, "en": value}
            db.session.add(
                Option(question_id=questions[key].id, value=value, label=label, position=position)
            )
    db.session.flush()
    genders = ["female"] * 7 + ["male"] * 3 + [None] * 2
    for n in range(12):
        response = Response(survey_id=survey.id, day=dt.date(YEAR, 2, 1))
        db.session.add(response)
        db.session.flush()
        answers = [("park", "yes" if n < 7 else "no", None)]
        if genders[n]:
            answers.append(("gender", genders[n], None))
        answers.append(("ideas", None, f"Ide sekrete {n}"))
        for key, choice, text in answers:
            db.session.add(
                SurveyAnswer(
                    response_id=response.id,
                    question_id=questions[key].id,
                    choice=choice,
                    text=text,
                )
            )
    return consultation


def load_known_year() -> dict[str, int]:
    """Add the year's consultations; their ids by kind."""
    communities = [
        LocalCommunity(name={"sq": "Istog"}, population=6000),
        LocalCommunity(name={"sq": "Vrellë"}, population=4000),
    ]
    db.session.add_all(communities)
    db.session.flush()
    ids = {
        "draft_act": _draft_act(communities).id,
        "budget_hearing": _hearing(communities).id,
        "capital_poll": _poll(communities).id,
        "survey": _survey().id,
    }
    unpublished = _consultation("draft_act", "draft")
    _comment(unpublished, "citizen", author_email="z@example.org")
    db.session.commit()
    return ids
