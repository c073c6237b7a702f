"""Open data: a poll to and from the `.pb` format of Pabulib.

An import creates a closed capital-poll consultation with its poll, projects and ballots
(with the voter's age band and sex where the file gives them). An export holds no identity
data: voters are renumbered and the ballots shuffled (see `pabulib.write_pb`).
"""

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select

from consult.core.models import Consultation
from consult.extensions import db
from consult.i18n import DEFAULT_LOCALE, localize
from consult.polls import ballot_box, pabulib, services
from consult.polls.models import RULES, Ballot, Poll, Project, new_ballot_id
from consult.polls.report import count_poll

#: `.pb` vote_type → `Poll.ballot_type`, and back
BALLOT_TYPE_FROM_PB = {
    "approval": "approval",
    "choose-1": "choose_one",
    "cumulative": "cumulative",
    "ordinal": "ranking",
    "knapsack": "knapsack",
}
BALLOT_TYPE_TO_PB = {ours: theirs for theirs, ours in BALLOT_TYPE_FROM_PB.items()}


class ImportRefused(ValueError):
    """The file cannot become a poll (its message says why, in English: a command-line tool)."""


#: the longest project id a poll keeps (`Project.code`)
LONGEST_CODE = 40


def _day(meta: dict) -> dt.date:
    for key in ("date_end", "date_begin"):
        try:
            return dt.datetime.strptime(meta.get(key, ""), "%d.%m.%Y").date()
        except ValueError:
            continue
    return dt.date.today()


def _age_band_of_age(age: int | None) -> str | None:
    if age is None or age < 0 or age > 120:
        return None
    year = dt.date.today().year
    return services.age_band(year - age, dt.date.today())


def _gender(sex: str | None) -> str | None:
    value = (sex or "").strip().lower()[:1]
    return {"f": "f", "k": "f", "m": "m"}.get(value)


def _poll_settings(pbfile: pabulib.PBFile) -> dict:
    """The poll's settings from META; raises PBFormatError naming the line of a bad number."""
    meta = pbfile.meta
    ballot_type = BALLOT_TYPE_FROM_PB.get(pbfile.vote_type)
    if ballot_type is None:
        raise ImportRefused(f"vote_type {pbfile.vote_type!r} is not supported")
    rule = pbfile.rule or "greedy"
    if rule not in RULES:
        raise ImportRefused(f"rule {rule!r} is not supported")
    least = pbfile.meta_number("min_length") or 0
    most = pbfile.meta_number("max_length")
    longest = max((len(v.vote) for v in pbfile.votes), default=1)
    points = pbfile.meta_number("max_sum_points", minimum=1)
    return {
        "budget": pbfile.budget,
        "currency": (meta.get("currency") or "EUR")[:3].upper(),
        "ballot_type": ballot_type,
        "min_projects": least,
        "max_projects": most if most is None or most >= least else least,
        "points": points if ballot_type == "cumulative" else None,
        "top_k": max(most or longest, 1) if ballot_type == "ranking" else None,
        "rule": rule,
        "threshold": pbfile.meta_number("min_project_score_threshold") or 0,
        "minimum_age": 0,
        "verify_voter_list": False,
        "verify_email": False,
        "verify_sms": False,
    }


def import_pb(source: str, on_progress: Callable[[int, int], None] | None = None) -> Poll:
    """A closed poll holding the `.pb` file's projects and ballots.

    Raises ImportRefused, naming the line, for anything the poll cannot hold: a malformed
    file, a cost below 1, a number beyond what the database stores, a project id too long.
    """
    try:
        pbfile = pabulib.read_pb(source, on_progress=on_progress, least_cost=1)
        settings = _poll_settings(pbfile)
    except pabulib.PBFormatError as error:
        raise ImportRefused(str(error)) from error
    for project in pbfile.projects:
        if len(project.project_id) > LONGEST_CODE:
            raise ImportRefused(
                f"line {project.line}: a project_id may have at most {LONGEST_CODE} characters"
            )
    meta = pbfile.meta
    language = meta.get("language") or "en"
    title = meta.get("description") or f"{meta.get('unit', '')} {meta.get('instance', '')}"
    day = _day(meta)
    consultation = Consultation(
        kind="capital_poll",
        status="closed",
        title={language: title.strip()},
        planned_year=day.year,
        opens_at=None,
        closes_at=day,
    )
    db.session.add(consultation)
    db.session.flush()
    poll = Poll(consultation=consultation, budget=settings.pop("budget"), pb_meta=dict(meta))
    for name, value in settings.items():
        setattr(poll, name, value)
    db.session.add(poll)
    db.session.flush()
    ids = _add_projects(poll, pbfile, language)
    _add_ballots(poll, pbfile, ids, day)
    return poll


def _add_projects(poll: Poll, pbfile: pabulib.PBFile, language: str) -> dict[str, int]:
    ids = {}
    for item in pbfile.projects:
        description = item.extra.get("description")
        project = Project(
            poll=poll,
            code=item.project_id,
            title={language: item.name or item.project_id},
            description={language: description} if description else {},
            cost=item.cost,
        )
        db.session.add(project)
        db.session.flush()
        ids[item.project_id] = project.id
    return ids


def _add_ballots(poll: Poll, pbfile: pabulib.PBFile, ids: dict[str, int], day: dt.date) -> None:
    """The file's ballots into the ballot box, which stores them in the order of their random
    ids (the file's order may be the order of voting) and seals them like votes."""
    rows = [_ballot_row(poll, vote, ids, day) for vote in pbfile.votes]
    ballot_box.put(poll.id, [], rows)


def _ballot_row(poll: Poll, vote: pabulib.PBVote, ids: dict[str, int], day: dt.date) -> dict:
    if vote.points is not None and poll.ballot_type == "cumulative":
        choices = {str(ids[p]): n for p, n in zip(vote.vote, vote.points, strict=True)}
    else:
        choices = [ids[p] for p in vote.vote]
    method = (vote.voting_method or "").lower()
    return {
        "id": new_ballot_id(),
        "poll_id": poll.id,
        "day": day,
        "channel": "paper" if "paper" in method else "online",
        "choices": choices,
        "receipt_hash": None,
        "age_band": _age_band_of_age(vote.age),
        "gender": _gender(vote.sex),
        "local_community_id": None,
    }


def export_pb(poll: Poll) -> str:
    """The poll as `.pb` text: no identity data, ballots shuffled, voters renumbered."""
    ballots = db.session.scalars(select(Ballot).where(Ballot.poll_id == poll.id)).all()
    codes = {p.id: p.code for p in poll.projects}
    selected = set(count_poll(poll).selected) if ballots else set()
    meta = {k: v for k, v in (poll.pb_meta or {}).items() if k not in ("num_projects", "num_votes")}
    language = meta.get("language") or DEFAULT_LOCALE
    title = localize(poll.consultation.title, language).text
    meta.update(
        {
            "description": meta.get("description") or title,
            "budget": str(poll.budget),
            "vote_type": BALLOT_TYPE_TO_PB[poll.ballot_type],
            "rule": poll.rule,
            "currency": poll.currency,
        }
    )
    projects = [
        pabulib.PBProject(
            project_id=p.code,
            cost=p.cost,
            name=localize(p.title, language).text,
            selected=p.code in selected,
        )
        for p in poll.projects
    ]
    votes = [_pb_vote(n, b, codes) for n, b in enumerate(ballots, start=1)]
    return pabulib.write_pb(pabulib.PBFile(meta=meta, projects=projects, votes=votes))


def _pb_vote(number: int, ballot: Ballot, codes: dict[int, str]) -> pabulib.PBVote:
    method = "paper" if ballot.channel == "paper" else "internet"
    if isinstance(ballot.choices, dict):
        pairs = list(ballot.choices.items())
        return pabulib.PBVote(
            voter_id=str(number),
            vote=[codes[int(p)] for p, _n in pairs],
            points=[int(n) for _p, n in pairs],
            voting_method=method,
        )
    return pabulib.PBVote(
        voter_id=str(number), vote=[codes[int(p)] for p in ballot.choices], voting_method=method
    )
