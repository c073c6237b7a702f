"""Polls: settings, the voter list, ballot validation, verification codes and the secret vote.

Services change the session and `flush()`; the view commits once. The one exception is
`cast_vote`, which rolls the request's transaction back when the database refuses a second vote
by the same person, so that nothing of that request is stored.
"""

import csv
import datetime as dt
import hashlib
import hmac
import io
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, Protocol

from flask import current_app
from sqlalchemy import Row, Select, bindparam, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError

from consult.core.models import Consultation, LocalCommunity
from consult.core.services import stage_on
from consult.core.standards import Finding, cp_projects
from consult.core.tenancy import current_municipality_id
from consult.extensions import db
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l
from consult.polls import ballot_box
from consult.polls.models import (
    AGE_BANDS,
    Ballot,
    Participation,
    PendingCode,
    Poll,
    Project,
    VoterListEntry,
    new_ballot_id,
)
from consult.polls.voting_cache import VotingPoll

#: the settings that may not change once somebody has voted
LOCKED_SETTINGS = (
    "budget",
    "currency",
    "ballot_type",
    "min_projects",
    "max_projects",
    "points",
    "top_k",
    "rule",
    "threshold",
    "ordinal_scoring",
    "minimum_age",
    "verify_voter_list",
    "verify_email",
    "verify_sms",
)

Choices = list[int] | dict[int, int]
#: a poll as the back office edits it, or as the voting pages read it (polls/voting_cache.py)
AnyPoll = Poll | VotingPoll


class HasId(Protocol):
    """Anything with an id (a local community, as a row or as the ballot names it)."""

    id: int


class PollRefused(Exception):
    """A change or a vote the poll does not allow; `message` is translated for the reader."""

    def __init__(self, message) -> None:
        super().__init__(message)  # lazy: translated when shown, in the reader's request
        self.message = message


class SettingsLocked(PollRefused):
    """Voting has started: settings, projects and the voter list are fixed."""

    def __init__(self) -> None:
        super().__init__(_l("Voting has started, so the poll's settings can no longer change."))


class AlreadyVoted(PollRefused):
    """The database already holds a participation of this person in this poll."""

    def __init__(self) -> None:
        super().__init__(_l("You have already voted in this poll. Your first vote counts."))


# --- identity ------------------------------------------------------------------------------


def identity_key() -> bytes:
    """The secret of the identity hashes: POLL_IDENTITY_KEY, else derived from SECRET_KEY."""
    configured = current_app.config.get("POLL_IDENTITY_KEY")
    if configured:
        return configured.encode() if isinstance(configured, str) else configured
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"consult.polls identity", hashlib.sha256).digest()


def normalise_personal_number(value: str) -> str:
    """The digits of a personal number, without spaces or dashes."""
    return re.sub(r"\D", "", value or "")


def identity_hash(kind: str, value: str) -> str:
    """A keyed hash of a personal number, e-mail address or phone number (kind pn/email/tel)."""
    if kind == "pn":
        value = normalise_personal_number(value)
    elif kind == "tel":
        value = re.sub(r"[^\d+]", "", value or "")
    else:
        value = (value or "").strip().lower()
    message = f"{kind}:{value}".encode()
    return hmac.new(identity_key(), message, hashlib.sha256).hexdigest()


def age_band(birth_year: int | None, today: dt.date) -> str | None:
    """The age band of someone born in `birth_year` (counted by year), or None."""
    if birth_year is None:
        return None
    age = today.year - birth_year
    if age < 18:
        return AGE_BANDS[0]
    if age >= 65:
        return AGE_BANDS[-1]
    for band in AGE_BANDS[1:-1]:
        low, high = (int(part) for part in band.split("-"))
        if low <= age <= high:
            return band
    return None  # pragma: no cover - the bands cover every age


# --- poll and settings ---------------------------------------------------------------------


def poll_for(consultation: Consultation) -> Poll | None:
    """The poll of a capital-poll consultation, if it has one yet."""
    return db.session.scalar(select(Poll).where(Poll.consultation_id == consultation.id))


def project_count(consultation: Consultation) -> int:
    """How many candidate projects the consultation's poll has (0 without a poll)."""
    query = (
        select(func.count(Project.id))
        .join(Poll, Poll.id == Project.poll_id)
        .where(Poll.consultation_id == consultation.id)
    )
    return db.session.scalar(query) or 0


def missing_projects(consultation: Consultation, standards: dict) -> list[Finding]:
    """CP-PROJECTS, the lifecycle's substance check: a capital-projects poll is announced only
    with at least CP_MIN_PROJECTS candidate projects on its ballot (0 switches it off)."""
    return cp_projects(project_count(consultation), standards)


def voting_started(poll: Poll) -> bool:
    """Whether anybody has voted, online or on paper."""
    return bool(
        db.session.scalar(
            select(
                exists().where(Participation.poll_id == poll.id)
                | exists().where(Ballot.poll_id == poll.id)
            )
        )
    )


def is_open(poll: AnyPoll, today: dt.date) -> bool:
    """Voting is possible: the consultation is published and today is within its dates."""
    return stage_on(poll.consultation, today) == "open"


def is_closed(poll: AnyPoll, today: dt.date) -> bool:
    """Voting has ended, so results may be shown."""
    return stage_on(poll.consultation, today) == "closed"


def save_settings(poll: Poll, values: Mapping[str, object]) -> Poll:
    """Apply `values` (names of LOCKED_SETTINGS) to `poll`; refused once voting has started."""
    changed = {name: value for name, value in values.items() if getattr(poll, name) != value}
    if poll.id is not None and changed and voting_started(poll):
        raise SettingsLocked()
    for name, value in changed.items():
        if name not in LOCKED_SETTINGS:
            raise ValueError(f"unknown setting {name!r}")
        setattr(poll, name, value)
    if poll.ballot_type == "cumulative" and not poll.points:
        raise PollRefused(_l("A cumulative ballot needs the number of points per voter."))
    if not (poll.verify_voter_list or poll.verify_email or poll.verify_sms):
        raise PollRefused(_l("Choose at least one way for voters to confirm who they are."))
    if poll.ballot_type == "ranking" and not poll.top_k:
        raise PollRefused(_l("A ranking ballot needs the number of projects to rank."))
    _refuse_console_delivery(poll)
    db.session.add(poll)
    db.session.flush()
    return poll


def _refuse_console_delivery(poll: Poll) -> None:
    """No verification by codes that this server would only print (console_delivery)."""
    if poll.verify_email and console_delivery("email"):
        raise PollRefused(
            _l(
                "Voters cannot get codes by e-mail: this server prints e-mail instead of "
                "sending it. Ask the administrator to set up the mail server first."
            )
        )
    if poll.verify_sms and console_delivery("sms"):
        raise PollRefused(
            _l(
                "Voters cannot get codes by SMS: this server has no SMS provider and would "
                "only print the codes. Ask the administrator to set one up first."
            )
        )


def create_poll(consultation: Consultation, values: Mapping[str, object]) -> Poll:
    """The poll of `consultation` with the given settings."""
    poll = Poll(
        consultation=consultation,
        budget=values["budget"],
        verify_voter_list=True,
        verify_email=False,
        verify_sms=False,
    )
    return save_settings(poll, {k: v for k, v in values.items() if k != "budget"})


def counting_may_change(poll: Poll) -> bool:
    """The rule and the exclusive projects may change before voting, and on an imported poll
    (its ballots come from a file and are fixed; the officer chooses how to count them)."""
    return bool(poll.pb_meta) or not voting_started(poll)


def save_counting(poll: Poll, rule: str, ordinal_scoring: str, groups: list[list[str]]) -> Poll:
    """Set how `poll` is counted; `groups` are lists of project codes that exclude each other.

    Refused (nothing changed) when voting has started on a poll of this platform, or when a
    group names an unknown project, a project twice or fewer than two projects.
    """
    if not counting_may_change(poll):
        raise SettingsLocked()
    labels = _exclusive_labels(poll, groups)
    poll.rule, poll.ordinal_scoring = rule, ordinal_scoring
    for project in poll.projects:
        project.exclusive_group = labels.get(project.code)
    db.session.flush()
    return poll


def parse_exclusive_groups(text: str) -> list[list[str]]:
    """One group a line, project codes separated by commas (or semicolons); blank lines skipped."""
    groups = []
    for line in (text or "").splitlines():
        codes = [code.strip() for code in line.replace(";", ",").split(",") if code.strip()]
        if codes:
            groups.append(codes)
    return groups


def exclusive_groups_text(poll: Poll) -> str:
    """The poll's exclusive groups as the counting form shows them."""
    groups: dict[str, list[str]] = {}
    for project in poll.projects:
        if project.exclusive_group:
            groups.setdefault(project.exclusive_group, []).append(project.code)
    return "\n".join(", ".join(codes) for codes in groups.values())


def _exclusive_labels(poll: Poll, groups: list[list[str]]) -> dict[str, str]:
    known = {project.code for project in poll.projects}
    labels: dict[str, str] = {}
    for number, codes in enumerate(groups, start=1):
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise PollRefused(
                _l(
                    "Line %(line)s names projects the poll does not have: %(codes)s.",
                    line=number,
                    codes=", ".join(unknown),
                )
            )
        if len(set(codes)) < 2:
            raise PollRefused(
                _l("Line %(line)s: a group needs at least two different projects.", line=number)
            )
        for code in codes:
            if labels.get(code, str(number)) != str(number):
                raise PollRefused(_l("Project %(code)s is in more than one group.", code=code))
            labels[code] = str(number)
    return labels


def save_project(poll: Poll, project: Project | None, values: Mapping[str, object]) -> Project:
    """Add or change a project; refused once voting has started."""
    if voting_started(poll):
        raise SettingsLocked()
    if project is None:
        project = Project(poll=poll, code=values.get("code") or _next_code(poll))
    for name in ("title", "description", "cost", "local_community_id", "directorate_id"):
        if name in values:
            setattr(project, name, values[name])
    if values.get("code"):
        project.code = str(values["code"])
    db.session.add(project)
    db.session.flush()
    return project


#: the image types a project photo may have, by the bytes they start with
PHOTO_TYPES = {b"\xff\xd8\xff": ("jpg", "image/jpeg"), b"\x89PNG\r\n\x1a\n": ("png", "image/png")}


def photo_type(data: bytes) -> tuple[str, str] | None:
    """(extension, MIME type) of a JPEG or PNG image found in the content, else None."""
    return next((kind for magic, kind in PHOTO_TYPES.items() if data.startswith(magic)), None)


def store_photo(project: Project, data: bytes, folder: str) -> None:
    """Save a checked photo under a random name and point the project at it."""
    kind = photo_type(data)
    if kind is None:
        raise PollRefused(_l("The photo must be a JPEG or PNG image."))
    name = f"{uuid.uuid4().hex}.{kind[0]}"
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / name).write_bytes(data)
    project.photo = name
    db.session.flush()


def _next_code(poll: Poll) -> str:
    taken = {p.code for p in poll.projects}
    number = len(taken) + 1
    while f"P{number}" in taken:
        number += 1
    return f"P{number}"


# --- voter list ----------------------------------------------------------------------------


@dataclass
class VoterListImport:
    """The outcome of reading a voter list: how many people, and the lines refused."""

    added: int = 0
    errors: list[tuple[int, object]] = field(default_factory=list)


_PN_HEADERS = ("personal_number", "numri_personal", "personal number", "jmbg", "lični broj")


#: the gender column of a voter list, f or m, as stored
LISTED_GENDERS = {"f": "female", "m": "male"}


def import_voter_list(poll: Poll, text: str, communities: Mapping[str, int]) -> VoterListImport:
    """Replace the poll's voter list with the CSV `text`; only keyed hashes are stored.

    Columns: personal_number, birth_year, and optionally gender (f/m) and local_community (a
    name). Nothing is stored when any line is wrong.
    """
    if voting_started(poll):
        raise SettingsLocked()
    result, rows = VoterListImport(), {}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text))
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        entry = _voter_row(row, line, communities, result)
        if entry is not None and entry.identity_hash in rows:
            result.errors.append((line, _l("This personal number is listed twice.")))
        elif entry is not None:
            rows[entry.identity_hash] = entry
    if result.errors:
        return result
    db.session.execute(delete(VoterListEntry).where(VoterListEntry.poll_id == poll.id))
    for entry in rows.values():
        entry.poll_id = poll.id
        db.session.add(entry)
    db.session.flush()
    result.added = len(rows)
    return result


def _delimiter(text: str) -> str:
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") > first.count(",") else ","


def _voter_row(row: dict, line: int, communities: Mapping[str, int], result: VoterListImport):
    number = normalise_personal_number(next((row[h] for h in _PN_HEADERS if row.get(h)), ""))
    year = row.get("birth_year", "")
    if not number:
        result.errors.append((line, _l("The personal number is missing.")))
        return None
    if not year.isdigit() or not 1900 <= int(year) <= dt.date.today().year:
        result.errors.append((line, _l("The birth year is not a year.")))
        return None
    letter = row.get("gender", "").lower()[:1] or None
    if letter not in (None, *LISTED_GENDERS):
        result.errors.append((line, _l("Gender must be f or m.")))
        return None
    community = row.get("local_community", "")
    if community and community.lower() not in communities:
        result.errors.append((line, _l("Unknown local community.")))
        return None
    return VoterListEntry(
        identity_hash=identity_hash("pn", number),
        birth_year=int(year),
        gender=LISTED_GENDERS.get(letter),
        local_community_id=communities.get(community.lower()) if community else None,
    )


def community_names() -> dict[str, int]:
    """Every local community's name in every language (lower case) → its id."""
    names = {}
    for community in db.session.scalars(select(LocalCommunity)):
        for text in (community.name or {}).values():
            names[text.strip().lower()] = community.id
    return names


def voter_count(poll: Poll) -> int:
    """How many people are on the poll's voter list."""
    query = select(func.count()).where(VoterListEntry.poll_id == poll.id)
    return db.session.scalar(query) or 0


def find_voter(poll: AnyPoll, personal_number: str, birth_year: int) -> Row | None:
    """The voter-list entry matching both the personal number and the birth year: a row of
    `VoterListEntry`'s columns (its attributes as the model names them)."""
    values = {
        "poll": poll.id,
        "identity": identity_hash("pn", personal_number),
        "municipality": current_municipality_id(),
    }
    entry = db.session.execute(_voter_query(), values).first()
    return entry if entry is not None and entry.birth_year == birth_year else None


@cache
def _voter_query() -> Select:
    """A poll's voter-list entry by its coded identity: Core on the table, the municipality
    named (the ORM's scoping does not see Core), built once (every vote runs it)."""
    entries = VoterListEntry.__table__
    return select(entries).where(
        entries.c.poll_id == bindparam("poll"),
        entries.c.identity_hash == bindparam("identity"),
        entries.c.municipality_id == bindparam("municipality"),
    )


def old_enough(poll: AnyPoll, birth_year: int, today: dt.date) -> bool:
    """Whether someone born in `birth_year` reaches the poll's minimum age this year."""
    return today.year - birth_year >= poll.minimum_age


# --- one-time codes ------------------------------------------------------------------------

#: a one-time code is valid this long, for this many tries
CODE_LIFETIME = dt.timedelta(minutes=15)
CODE_TRIES = 5

#: what a code check found: the right code, a wrong one (tries left), or none to check
#: (expired, tries used up, or never sent)
CodeCheck = Literal["right", "wrong", "gone"]


def new_one_time_code() -> str:
    """Six random digits."""
    return f"{secrets.randbelow(10**6):06d}"


def code_digest(code: str, target: str) -> str:
    """A keyed digest of a code sent to `target` (a keyed hash); stored, never the code.

    Keyed so that nobody who reads the database can try codes offline.
    """
    message = f"otp:{target}:{code.strip()}".encode()
    return hmac.new(identity_key(), message, hashlib.sha256).hexdigest()


def console_delivery(step: str) -> bool:
    """Whether codes of `step` ("email" or "sms") would only be printed on the server, and
    that is refused here (POLL_REFUSE_CONSOLE_DELIVERY, set in production)."""
    config = current_app.config
    if not config.get("POLL_REFUSE_CONSOLE_DELIVERY"):
        return False
    backend = config.get("MAIL_BACKEND") if step == "email" else config.get("POLL_SMS_BACKEND")
    return backend == "console"


def await_code(poll: AnyPoll, step: str, target: str, code: str, now: dt.datetime) -> str:
    """Keep the digest of a code just sent to `target`, with its expiry and no tries yet;
    returns the random id the visitor's session holds. Expired codes of every poll go."""
    db.session.execute(delete(PendingCode).where(PendingCode.expires_at < now))
    pending = PendingCode(
        id=secrets.token_urlsafe(32),
        poll_id=poll.id,
        step=step,
        digest=code_digest(code, target),
        expires_at=now + CODE_LIFETIME,
        tries=0,
    )
    db.session.add(pending)
    db.session.flush()
    return pending.id


def check_code(
    poll: AnyPoll, step: str, pending_id: str, target: str, code: str, now: dt.datetime
) -> CodeCheck:
    """Use one try of the pending code and compare; the code is forgotten once right or gone.

    Taking the try and reading the digest is one UPDATE, so requests sent at the same time
    with the same session cannot share a try.
    """
    tried = update(PendingCode).where(
        PendingCode.id == pending_id,
        PendingCode.poll_id == poll.id,
        PendingCode.step == step,
        PendingCode.tries < CODE_TRIES,
        PendingCode.expires_at >= now,
    )
    digest = db.session.execute(
        tried.values(tries=PendingCode.tries + 1)
        .returning(PendingCode.digest)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if digest is not None and not hmac.compare_digest(digest, code_digest(code, target)):
        return "wrong"
    forget_code(pending_id)
    return "gone" if digest is None else "right"


def forget_code(pending_id: str) -> None:
    """Delete a pending code (used, expired, or the visitor asks for a new one)."""
    db.session.execute(delete(PendingCode).where(PendingCode.id == pending_id))


# --- ballots -------------------------------------------------------------------------------


def whole_number(raw: object, digits: int = 9) -> int | None:
    """`raw` as a whole number if it is one of at most `digits` ASCII digits, else None
    (`str.isdigit` also takes "²", which `int` refuses, and any length)."""
    text = str(raw).strip()
    if 0 < len(text) <= digits and text.isascii() and text.isdecimal():
        return int(text)
    return None


def local_community_of(raw: object, communities: Iterable[HasId]) -> int | None:
    """The id of the local community a voter named, if it is one of `communities` (those the
    ballot offered)."""
    community_id = whole_number(raw)
    return community_id if community_id in {c.id for c in communities} else None


def parse_ballot(poll: AnyPoll, form: Mapping[str, object]) -> Choices:
    """The choices in a submitted ballot form (`getlist` for "project", points-/rank- fields)."""
    ids = {p.id for p in poll.projects}
    if poll.ballot_type == "cumulative":
        points = {}
        for project_id in ids:
            raw = str(form.get(f"points-{project_id}", "") or "").strip()
            if raw:
                number = whole_number(raw.removeprefix("-"))
                points[project_id] = -1 if number is None or raw.startswith("-") else number
        return {pid: n for pid, n in points.items() if n != 0}
    if poll.ballot_type == "ranking":
        ranks = {}
        for project_id in ids:
            raw = str(form.get(f"rank-{project_id}", "") or "").strip()
            if raw:
                ranks[project_id] = whole_number(raw) or 0
        return _ranking_order(ranks)
    chosen = form.getlist("project") if hasattr(form, "getlist") else form.get("project", [])
    picked = {n for n in map(whole_number, chosen) if n in ids}
    return sorted(picked)


def _ranking_order(ranks: Mapping[int, int]) -> list[int] | dict[int, int]:
    """Projects in rank order; a dict is kept when ranks repeat or skip, to show the error."""
    order = sorted(ranks, key=lambda pid: (ranks[pid], pid))
    if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
        return dict(ranks)
    return order


def ballot_errors(poll: AnyPoll, choices: Choices) -> list:
    """What is wrong with `choices` under the poll's ballot type (translated messages)."""
    costs = {p.id: p.cost for p in poll.projects}
    kind = poll.ballot_type
    if kind == "cumulative":
        return _points_errors(poll, choices)
    if kind == "ranking":
        if isinstance(choices, dict):
            return [_l("Give each ranked project a different rank: 1, 2, 3 and so on.")]
        return _count_errors(poll, len(choices), poll.top_k)
    if kind == "choose_one":
        return [] if len(choices) == 1 else [_l("Choose exactly one project.")]
    errors = _count_errors(poll, len(choices), poll.max_projects)
    if kind == "knapsack" and sum(costs[pid] for pid in choices) > poll.budget:
        errors.append(_l("The projects you chose cost more than the budget."))
    return errors


def _count_errors(poll: AnyPoll, count: int, most: int | None) -> list:
    least = max(poll.min_projects, 1)
    if count < least:
        return [
            _ln(
                "Choose at least %(number)s project.",
                "Choose at least %(number)s projects.",
                least,
                number=least,
            )
        ]
    if most is not None and count > most:
        return [
            _ln(
                "Choose at most %(number)s project.",
                "Choose at most %(number)s projects.",
                most,
                number=most,
            )
        ]
    return []


def _points_errors(poll: AnyPoll, choices: Choices) -> list:
    points = dict(choices) if isinstance(choices, dict) else {}
    if any(n < 0 for n in points.values()):
        return [_l("Points must be whole numbers, zero or more.")]
    if not points:
        return [_l("Give your points to at least one project.")]
    if sum(points.values()) > (poll.points or 0):
        return [
            _ln(
                "You gave more than %(number)s point.",
                "You gave more than %(number)s points.",
                poll.points,
                number=poll.points,
            )
        ]
    return []


def spent(poll: AnyPoll, choices: Choices) -> int:
    """The cost of the chosen projects (for the "budget left" line of a ballot)."""
    costs = {p.id: p.cost for p in poll.projects}
    return sum(costs.get(pid, 0) for pid in choices)


def points_used(choices: Choices) -> int:
    """The points given on a cumulative ballot."""
    return sum(choices.values()) if isinstance(choices, dict) else 0


def choices_to_json(choices: Choices) -> list | dict:
    """Choices as stored in `Ballot.choices` (JSON object keys are strings)."""
    if isinstance(choices, dict):
        return {str(pid): n for pid, n in sorted(choices.items())}
    return list(choices)


def choices_from_json(value: list | dict) -> Choices:
    """`Ballot.choices` back to project ids."""
    if isinstance(value, dict):
        return {int(pid): int(n) for pid, n in value.items()}
    return [int(pid) for pid in value]


# --- the vote ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Demographics:
    """The coarse facts a ballot carries for the breakdowns."""

    age_band: str | None = None
    gender: str | None = None
    local_community_id: int | None = None


def new_receipt_code() -> str:
    """A random receipt code, e.g. K7QF-2M9C-XD4P (60 bits)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def receipt_hash(code: str) -> str:
    """SHA-256 of a receipt code, ignoring case, spaces and dashes."""
    cleaned = re.sub(r"[^A-Z0-9]", "", (code or "").upper())
    return hashlib.sha256(cleaned.encode()).hexdigest()


def cast_vote(
    poll: AnyPoll,
    identity: str,
    choices: Choices,
    today: dt.date,
    demographics: Demographics = Demographics(),
    channel: str = "online",
) -> str:
    """Store who voted and what, in one transaction (`ballot_box.put`); the receipt code.

    The UNIQUE key of `Participation` is the guard against a second vote: when it refuses the
    insert, the whole transaction is rolled back and AlreadyVoted raised.
    """
    if ballot_errors(poll, choices):
        raise PollRefused(_l("The ballot is not valid."))
    code = new_receipt_code()
    participation = {
        "poll_id": poll.id,
        "identity_hash": identity,
        "channel": channel,
        "day": today,
    }
    ballot = {
        "id": new_ballot_id(),
        "poll_id": poll.id,
        "day": today,
        "channel": channel,
        "choices": choices_to_json(choices),
        "receipt_hash": receipt_hash(code),
        "age_band": demographics.age_band,
        "gender": demographics.gender,
        "local_community_id": demographics.local_community_id,
    }
    try:
        ballot_box.put(poll.id, [participation], [ballot])
    except IntegrityError as error:
        db.session.rollback()
        raise AlreadyVoted() from error
    return code


def has_voted(poll: AnyPoll, identity: str) -> bool:
    """Whether this identity already took part (to say so before the ballot is filled in)."""
    values = {"poll": poll.id, "identity": identity, "municipality": current_municipality_id()}
    return db.session.execute(_participation_query(), values).first() is not None


@cache
def _participation_query() -> Select:
    """Whether an identity took part in a poll: Core on the table, the municipality named,
    built once (every vote runs it)."""
    participations = Participation.__table__
    return select(participations.c.poll_id).where(
        participations.c.poll_id == bindparam("poll"),
        participations.c.identity_hash == bindparam("identity"),
        participations.c.municipality_id == bindparam("municipality"),
    )


def receipt_counted(poll: AnyPoll, code: str) -> bool:
    """Whether a ballot with this receipt code is in the poll's count."""
    query = select(
        exists().where(Ballot.poll_id == poll.id, Ballot.receipt_hash == receipt_hash(code))
    )
    return bool(db.session.scalar(query))
