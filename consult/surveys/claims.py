"""An access code is claimed by the browser that enters it.

Without a claim, a second holder of the same code (or a second tab in another browser) could
answer every section and learn only at the final submit that nothing was saved. So entering a
valid, unused code claims it for this browser for `SURVEY_CLAIM_MINUTES` (default 120),
renewed on every page the holder opens or sends; another browser entering the code while the
claim is live is refused at once, told how long until the code is free. A lapsed claim can be
taken over. The final submit still marks the code used with its conditional UPDATE
(`services.redeem_and_save`), so two tabs of one browser save once, and deletes the claim in
that same transaction.

What is stored (`CodeClaim`): the code's HMAC, the HMAC of a random id kept in the holder's
claim cookie, and when the claim lapses. Nothing about the answers, no address, no user agent;
no response refers to a claim, and no claim survives the submission it led to.

Functions here flush and never commit: the views commit.
"""

import datetime as dt
import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass
from functools import cache

from flask import current_app, url_for
from flask_babel import ngettext
from sqlalchemy import Delete, Update, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.wrappers import Response as HttpResponse

from consult.core.models import utcnow
from consult.core.tenancy import current_municipality_id
from consult.extensions import db
from consult.surveys.models import CodeClaim, StaffToken, Survey

#: the cookie holding the random id a browser claims codes with (per survey, by its path)
CLAIM_COOKIE = "survey_claim"
#: what a claimant id looks like (`new_claimant`); anything else in the cookie is replaced
_CLAIMANT = re.compile(r"[A-Za-z0-9_-]{20,64}")


class CodeClaimed(Exception):
    """Another browser holds a live claim on this code (raised at the final submit)."""

    def __init__(self, minutes: int) -> None:
        super().__init__(minutes)
        self.minutes = minutes


@dataclass(frozen=True)
class ClaimOutcome:
    """What claiming (or renewing a claim on) a code came to."""

    #: this browser holds the code now
    held: bool
    #: the code is unknown or used: nobody may hold it
    used: bool = False
    #: minutes until another browser's live claim lapses (when not `held`)
    minutes: int = 0


def claim_minutes() -> int:
    """How long a claim lasts after the holder's last page (config SURVEY_CLAIM_MINUTES)."""
    return max(1, int(current_app.config.get("SURVEY_CLAIM_MINUTES", 120)))


def new_claimant() -> str:
    """A fresh random id for a browser's claim cookie."""
    return secrets.token_urlsafe(24)


def claimant_of(cookie: str | None) -> str | None:
    """The claimant id in a claim cookie, or None if there is none (or it is malformed)."""
    return cookie if cookie and _CLAIMANT.fullmatch(cookie) else None


def claimant_hash(claimant: str) -> str:
    """HMAC of a claimant id: the database cannot be matched to a cookie jar. Keyed and
    prefixed apart from the one-response-per-browser hash, so the two never match."""
    config = current_app.config
    key = (config.get("SURVEY_TOKEN_KEY") or config["SECRET_KEY"]).encode()
    return hmac.new(key, f"claim:{claimant}".encode(), hashlib.sha256).hexdigest()


def _minutes_left(expires_at: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((expires_at - now).total_seconds() / 60))


def purge_lapsed(now: dt.datetime | None = None) -> int:
    """Delete every claim that has lapsed; returns how many."""
    result = db.session.execute(
        delete(CodeClaim)
        .where(CodeClaim.expires_at <= (now or utcnow()))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _insert_if_free(token_hash: str, mine: str, until: dt.datetime) -> bool:
    """Insert a claim unless the code already has one (INSERT ... ON CONFLICT DO NOTHING: of
    two browsers claiming at once, one inserts and the other finds the row). True if ours."""
    dialect = db.session.get_bind().dialect.name
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        build(CodeClaim)
        .values(token_hash=token_hash, browser_hash=mine, expires_at=until)
        .on_conflict_do_nothing(index_elements=["token_hash"])
    )
    return db.session.execute(statement).rowcount == 1


def _renew_own_claim(
    survey: Survey, token_hash: str, mine: str, now: dt.datetime, until: dt.datetime
) -> bool:
    """Renew this browser's live claim on an unused code of `survey` in one statement (every
    page of the questionnaire does so). False when there is no such claim: the code is used
    or unknown, the claim lapsed or is another browser's (`claim_code` then looks closer).

    The claimant's hash is compared by the database here, not in constant time: a timing
    difference could at most tell someone how much of an HMAC they cannot compute (keyed with
    SURVEY_TOKEN_KEY) matches the one stored, which gets them nothing; the refusal path
    (another browser's claim) still compares with `hmac.compare_digest`."""
    values = {
        "token": token_hash,
        "mine": mine,
        "now": now,
        "until": until,
        "survey": survey.id,
        "municipality": current_municipality_id(),
    }
    renewed = db.session.execute(_renewal(), values)
    return renewed.rowcount == 1


@cache
def _renewal() -> Update:
    """The renewal of a browser's live claim on an unused code: Core on the tables, the
    municipality named (the ORM's scoping does not see Core), built once (every page of the
    questionnaire runs it)."""
    claims, tokens = CodeClaim.__table__, StaffToken.__table__
    municipality = bindparam("municipality")
    unused = (
        select(tokens.c.token_hash)
        .where(
            tokens.c.token_hash == bindparam("token"),
            tokens.c.survey_id == bindparam("survey"),
            tokens.c.used.is_(False),
            tokens.c.municipality_id == municipality,
        )
        .exists()
    )
    return (
        update(claims)
        .where(
            claims.c.token_hash == bindparam("token"),
            claims.c.browser_hash == bindparam("mine"),
            claims.c.expires_at > bindparam("now"),
            claims.c.municipality_id == municipality,
            unused,
        )
        .values(expires_at=bindparam("until"))
    )


def claim_code(
    survey: Survey,
    token_hash: str,
    claimant: str,
    now: dt.datetime | None = None,
    entered: bool = False,
) -> ClaimOutcome:
    """Claim the code `token_hash` of `survey` for the browser `claimant`, or renew its claim.

    Held when nobody holds the code, this browser does, or another browser's claim has lapsed
    (taken over); refused with the minutes left while another browser's claim is live; `used`
    when the code is unknown or used. `entered`: the code was just typed in and found unused
    (`services.usable_token`, same transaction), so neither is looked up again.
    """
    now = now or utcnow()
    mine = claimant_hash(claimant)
    until = now + dt.timedelta(minutes=claim_minutes())
    if not entered:
        if _renew_own_claim(survey, token_hash, mine, now, until):
            return ClaimOutcome(held=True)
        token = db.session.execute(
            select(StaffToken.survey_id, StaffToken.used).where(StaffToken.token_hash == token_hash)
        ).first()
        if token is None or token.survey_id != survey.id or token.used:
            return ClaimOutcome(held=False, used=True)
    purge_lapsed(now)
    if _insert_if_free(token_hash, mine, until):
        return ClaimOutcome(held=True)
    claim = db.session.execute(
        select(CodeClaim)
        .where(CodeClaim.token_hash == token_hash)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if claim is None:  # released between the two statements: try once more
        return ClaimOutcome(held=_insert_if_free(token_hash, mine, until))
    if hmac.compare_digest(claim.browser_hash, mine):
        claim.expires_at = until
        db.session.flush()
        return ClaimOutcome(held=True)
    return ClaimOutcome(held=False, minutes=_minutes_left(claim.expires_at, now))


def release_claim(token_hash: str, claimant: str | None, now: dt.datetime | None = None) -> None:
    """At the final submit, in the transaction that marks the code used: delete the code's
    claim, or raise CodeClaimed (the caller rolls back, the claim stays) if it was a live
    claim of a browser other than `claimant` (this browser's claim lapsed and was taken over).

    One statement (DELETE ... RETURNING): it waits for a browser taking the claim over at the
    same moment and then sees that browser's claim."""
    now = now or utcnow()
    values = {"token": token_hash, "municipality": current_municipality_id()}
    claim = db.session.execute(_release(), values).first()
    if claim is not None and claim.expires_at > now:
        mine = claimant_hash(claimant) if claimant else ""
        if not hmac.compare_digest(claim.browser_hash, mine):
            raise CodeClaimed(_minutes_left(claim.expires_at, now))


@cache
def _release() -> Delete:
    """A code's claim deleted, returning whose it was and until when: Core on the table, the
    municipality named (the ORM's scoping does not see Core), built once."""
    claims = CodeClaim.__table__
    return (
        delete(claims)
        .where(
            claims.c.token_hash == bindparam("token"),
            claims.c.municipality_id == bindparam("municipality"),
        )
        .returning(claims.c.browser_hash, claims.c.expires_at)
    )


def claimed_message(minutes: int) -> str:
    """What a browser refused for another browser's live claim is told."""
    return ngettext(
        "Someone is answering the survey with this access code in another browser. The code "
        "will be free again in %(num)d minute if they stop. If it is your code and you have "
        "not started the survey, tell the Public Information Office.",
        "Someone is answering the survey with this access code in another browser. The code "
        "will be free again in %(num)d minutes if they stop. If it is your code and you have "
        "not started the survey, tell the Public Information Office.",
        minutes,
    )


# --- the claim cookie -------------------------------------------------------------------------


def survey_cookie_path(survey: Survey) -> str:
    """The path of a survey's pages (`/surveys/<id>/`): its cookies go to those pages only."""
    return url_for("surveys.take", survey_id=survey.id).rsplit("/", 1)[0] + "/"


def set_survey_cookie(
    response: HttpResponse, survey: Survey, name: str, value: str, max_age: int | None
) -> HttpResponse:
    """A cookie only the survey's own pages receive, out of scripts' reach, sent over HTTPS
    only where the session cookie is; `max_age` None: until the browser closes."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=survey_cookie_path(survey),
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def keep_claim_cookie(response: HttpResponse, survey: Survey, claimant: str) -> HttpResponse:
    """Set (or renew) the claim cookie on `response` for as long as the claim lasts."""
    return set_survey_cookie(response, survey, CLAIM_COOKIE, claimant, claim_minutes() * 60)


def drop_claim_cookie(response: HttpResponse, survey: Survey) -> HttpResponse:
    """Remove the claim cookie (the code was used)."""
    response.delete_cookie(CLAIM_COOKIE, path=survey_cookie_path(survey))
    return response
