"""Progress that survives a reload: the answer wizard's signed state, kept in a cookie.

The answers of the sections behind a respondent travel in the page's signed hidden field
(`wizard.sign_progress`); a reload (a GET of the questionnaire) or coming back from the code
link would lose them. So every page also leaves the same state in a cookie of the survey's
pages only (`/surveys/<id>/`), signed with a time so it lapses after `SURVEY_CLAIM_MINUTES`
without a page, and the questionnaire opens on the page the person was on. Nothing is
stored on the server before the final submit: the cookie is the browser's.

A staff member's progress is tied to the code they entered (a keyed tag of its hash), so a
colleague entering another code in the same browser never sees it; a citizen's cookie lives
only as long as the browser's session (the next person at a shared computer after the browser
was closed starts afresh), and "Start again" empties it at once.

A cookie holds about 4 KB. When the answers do not fit, the longest written answers are left
out of the cookie (never out of the page's own hidden field) and the person is told, on the
page they come back to, to look over their written answers.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response as HttpResponse

from consult.surveys.claims import claim_minutes, set_survey_cookie, survey_cookie_path
from consult.surveys.models import Survey
from consult.surveys.question_types import Answers

PROGRESS_COOKIE = "survey_progress"
#: the most a progress cookie's value may take (browsers keep 4,096 bytes per cookie, name
#: and attributes included)
MAX_COOKIE_VALUE = 3600


@dataclass
class Resumed:
    """Where a person was: the section's position, the answers given so far, and whether
    written answers were left out of the cookie for lack of room."""

    position: int
    answers: Answers
    trimmed: bool = False


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="survey-resume")


def holder_tag(token_hash: str | None) -> str:
    """A keyed tag of the code a staff member entered ("" for citizens): progress is resumed
    only with the same code."""
    if not token_hash:
        return ""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"resume:{token_hash}".encode(), hashlib.sha256).hexdigest()[:24]


def _dumps(survey: Survey, position: int, answers: Answers, tag: str, trimmed: bool) -> str:
    state = {"s": survey.id, "p": position, "a": answers, "b": tag, "x": trimmed}
    return _serializer().dumps(state)


def progress_value(survey: Survey, position: int, answers: Answers, tag: str) -> str | None:
    """The cookie value for a person on the section at `position`, leaving out the longest
    written answers if all do not fit; None if even that does not fit."""
    value = _dumps(survey, position, answers, tag, False)
    if len(value) <= MAX_COOKIE_VALUE:
        return value
    kept = dict(answers)
    texts = sorted(
        (k for k, v in kept.items() if isinstance(v, str)),
        key=lambda k: len(json.dumps(kept[k])),
        reverse=True,
    )
    for key in texts:
        del kept[key]
        value = _dumps(survey, position, kept, tag, True)
        if len(value) <= MAX_COOKIE_VALUE:
            return value
    return None


def read_progress_cookie(survey: Survey, value: str | None, tag: str) -> Resumed | None:
    """Where the person was, from the cookie: None without one, after it lapsed, if it is
    another survey's or another code's, or if it was tampered with."""
    if not value:
        return None
    try:
        state = _serializer().loads(value, max_age=claim_minutes() * 60)
    except BadSignature:  # also a lapsed one (SignatureExpired)
        return None
    if not isinstance(state, dict) or state.get("s") != survey.id or state.get("b") != tag:
        return None
    answers = state.get("a")
    position = state.get("p")
    if not isinstance(answers, dict) or not isinstance(position, int):
        return None
    return Resumed(position, answers, bool(state.get("x")))


def keep_progress(
    response: HttpResponse,
    survey: Survey,
    position: int,
    answers: Answers,
    tag: str,
) -> HttpResponse:
    """Leave the person's progress in the cookie of `response` (or remove a stale one)."""
    value = progress_value(survey, position, answers, tag)
    if value is None:
        return forget_progress(response, survey)
    # staff: as long as the claim, so closing the browser loses nothing; citizens: the
    # browser's session (shared computers)
    max_age = claim_minutes() * 60 if tag else None
    return set_survey_cookie(response, survey, PROGRESS_COOKIE, value, max_age)


def forget_progress(response: HttpResponse, survey: Survey) -> HttpResponse:
    """Remove the progress cookie (answers sent, refused, or "Start again")."""
    response.delete_cookie(PROGRESS_COOKIE, path=survey_cookie_path(survey))
    return response
