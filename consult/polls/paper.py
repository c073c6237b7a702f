"""Paper ballots: a batch is keyed twice by two officers, compared, and accepted only if equal.

A keying has two independent parts: the personal numbers on the batch's sign-in sheet (stored
as keyed hashes, sorted, so their order says nothing) and the ballots in the order of the
(shuffled) pile. Accepting a batch marks the voters as having voted on paper and adds the
ballots in the order of their random ids, sealed like online votes (`ballot_box`), so nothing
links a sign-in line to a ballot.
"""

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.core.models import utcnow
from consult.extensions import db
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l
from consult.polls import ballot_box, services
from consult.polls.models import (
    PaperBatch,
    PaperBatchEntry,
    Participation,
    Poll,
    VoterListEntry,
    new_ballot_id,
)

#: the line keyed for a spoilt or blank ballot
SPOILT = "-"


@dataclass
class Keying:
    """One officer's keying, read from the form: voters, ballots and the lines refused."""

    voters: list[str] = field(default_factory=list)
    ballots: list = field(default_factory=list)
    errors: list[tuple[int, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Mismatch:
    """A ballot line that the two keyings read differently."""

    line: int
    first: str
    second: str


def create_batch(poll: Poll, label: str, day: dt.date, officer_id: int) -> PaperBatch:
    """A new, empty batch of paper ballots."""
    batch = PaperBatch(poll_id=poll.id, label=label, day=day, created_by_id=officer_id)
    db.session.add(batch)
    db.session.flush()
    return batch


def read_keying(poll: Poll, voters_text: str, ballots_text: str) -> Keying:
    """Check a keying: every personal number on the voter list, every ballot valid."""
    keying = Keying()
    listed = set(
        db.session.scalars(
            select(VoterListEntry.identity_hash).where(VoterListEntry.poll_id == poll.id)
        )
    )
    for number, line in _lines(voters_text):
        digest = services.identity_hash("pn", line)
        if digest not in listed:
            keying.errors.append((number, _l("This personal number is not on the voter list.")))
        elif digest in keying.voters:
            keying.errors.append((number, _l("This personal number is listed twice.")))
        else:
            keying.voters.append(digest)
    codes = {p.code.upper(): p.id for p in poll.projects}
    for number, line in _lines(ballots_text):
        ballot, problem = _read_ballot(poll, line, codes)
        if problem is not None:
            keying.errors.append((number, problem))
        keying.ballots.append(ballot)
    keying.voters.sort()
    return keying


def _lines(text: str):
    for number, line in enumerate((text or "").splitlines(), start=1):
        if line.strip():
            yield number, line.strip()


def _read_ballot(poll: Poll, line: str, codes: dict[str, int]):
    """A keyed line as stored choices, or the reason it cannot be read."""
    if line == SPOILT:
        return None, None
    parts = [part.strip().upper() for part in line.replace(";", ",").split(",") if part.strip()]
    if poll.ballot_type == "cumulative":
        choices = {}
        for part in parts:
            code, _sep, points = part.partition(":")
            if code not in codes or not points.strip().isdigit():
                return line, _l("Write each project as CODE:POINTS, e.g. P1:5.")
            choices[codes[code]] = int(points)
    else:
        if any(part not in codes for part in parts):
            return line, _l("Unknown project code.")
        choices = [codes[part] for part in parts]
        if len(set(choices)) != len(choices):
            return line, _l("A project is written twice.")
        if poll.ballot_type != "ranking":
            choices = sorted(choices)
    if services.ballot_errors(poll, choices):
        return line, _l("This ballot breaks the poll's rules; key it as - if it is spoilt.")
    return services.choices_to_json(choices), None


def save_keying(batch: PaperBatch, officer_id: int, keying: Keying) -> PaperBatchEntry:
    """Store (or replace) this officer's keying; a batch has at most two officers' keyings.

    An empty sign-in sheet keeps the officer's earlier one, so a correction of the ballots
    does not mean typing every personal number again.
    """
    if batch.status != "open":
        raise services.PollRefused(_l("This batch is already accepted."))
    mine = next((e for e in batch.entries if e.officer_id == officer_id), None)
    if mine is None and len(batch.entries) >= 2:
        raise services.PollRefused(_l("Two officers have already keyed this batch."))
    if mine is None:
        mine = PaperBatchEntry(batch=batch, officer_id=officer_id)
    if keying.voters or not mine.voters:
        mine.voters = keying.voters
    mine.ballots = keying.ballots
    mine.keyed_at = utcnow()
    db.session.add(mine)
    db.session.flush()
    return mine


def mismatches(batch: PaperBatch) -> tuple[list[Mismatch], int]:
    """Ballot lines keyed differently, and how many personal numbers differ."""
    if len(batch.entries) < 2:
        return [], 0
    first, second = batch.entries[0], batch.entries[1]
    lines = max(len(first.ballots), len(second.ballots))
    found = []
    for index in range(lines):
        a = first.ballots[index] if index < len(first.ballots) else "∅"
        b = second.ballots[index] if index < len(second.ballots) else "∅"
        if a != b:
            found.append(Mismatch(index + 1, _shown(batch, a), _shown(batch, b)))
    voters = len(set(first.voters) ^ set(second.voters))
    return found, voters


def _shown(batch: PaperBatch, choices) -> str:
    if choices == "∅":
        return "∅"
    if choices is None:
        return SPOILT
    codes = {p.id: p.code for p in db.session.get(Poll, batch.poll_id).projects}
    if isinstance(choices, dict):
        return ", ".join(f"{codes.get(int(pid), pid)}:{n}" for pid, n in choices.items())
    return ", ".join(codes.get(int(pid), str(pid)) for pid in choices)


def acceptance_problems(batch: PaperBatch) -> list:
    """Why the batch cannot be accepted yet (translated), or an empty list."""
    if batch.status != "open":
        return [_l("This batch is already accepted.")]
    if len(batch.entries) < 2:
        return [_l("Two different officers must key the batch before it is accepted.")]
    lines, voters = mismatches(batch)
    problems = []
    if lines or voters:
        problems.append(_l("The two keyings differ. Correct them until they match."))
    entry = batch.entries[0]
    if len(entry.voters) != len(entry.ballots):
        problems.append(
            _l(
                "The sign-in sheet has %(voters)s people but there are %(ballots)s ballots.",
                voters=len(entry.voters),
                ballots=len(entry.ballots),
            )
        )
    voted = already_voted(batch.poll_id, entry.voters)
    if voted:
        problems.append(
            _ln(
                "%(number)s person on the sign-in sheet has already voted.",
                "%(number)s people on the sign-in sheet have already voted.",
                voted,
                number=voted,
            )
        )
    return problems


def already_voted(poll_id: int, voters: list[str]) -> int:
    """How many of these identities already took part (online or in another batch)."""
    if not voters:
        return 0
    query = select(Participation.identity_hash).where(
        Participation.poll_id == poll_id, Participation.identity_hash.in_(voters)
    )
    return len(db.session.scalars(query).all())


def accept_batch(batch: PaperBatch, today: dt.date) -> int:
    """Mark the batch's voters as having voted on paper and add its ballots.

    Both go into the ballot box in the order of their keys (the sorted identity hashes, the
    ballots' random ids), never in the order of the sign-in sheet or the pile, and are
    sealed with the poll's other votes (`ballot_box`). Returns the number of ballots added
    (spoilt ones are not ballots).
    """
    problems = acceptance_problems(batch)
    if problems:
        raise services.PollRefused(problems[0])
    entry = batch.entries[0]
    voters = [
        {"poll_id": batch.poll_id, "identity_hash": digest, "channel": "paper", "day": batch.day}
        for digest in entry.voters
    ]
    ballots = [
        {
            "id": new_ballot_id(),
            "poll_id": batch.poll_id,
            "day": batch.day,
            "channel": "paper",
            "choices": choices,
        }
        for choices in entry.ballots
        if choices is not None
    ]
    batch.status = "accepted"
    batch.accepted_at = today
    try:
        ballot_box.put(batch.poll_id, voters, ballots)
    except IntegrityError as error:
        db.session.rollback()
        raise services.AlreadyVoted() from error
    return len(ballots)
