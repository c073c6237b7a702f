"""The questionnaire engine: conditions, building surveys, access codes and storing responses.

Answers travel as a `{question key: value}` dict (JSON-able) until the final submit:
single choice a str, multiple choice and ranking a list of option values (ranking in order,
first = rank 1), Likert and rating an int, number a float or int, Likert matrix a
`{statement key: int}` dict, text a str. An unanswered question has no key.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from consult.core.models import Consultation
from consult.core.services import stage_on
from consult.extensions import db
from consult.surveys.models import (
    BrowserParticipation,
    Option,
    Question,
    Response,
    Section,
    StaffToken,
    Statement,
    Survey,
    SurveyAnswer,
)

LIKERT_POINTS = (1, 2, 3, 4, 5)
RATING_POINTS = tuple(range(11))
#: letters and digits that cannot be mistaken for each other on a printed slip
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 60 bits
MAX_TOKENS_PER_REQUEST = 1000

#: the standard demographic questions of citizen surveys, keyed like any question
DEMOGRAPHIC_KEYS = ("gender", "age_band", "local_community")

Answers = dict[str, object]

DEMOGRAPHIC_TEXTS = {
    "section": {"sq": "Për ju", "sr_Latn": "O vama", "bs": "O vama", "en": "About you"},
    "gender": {"sq": "Gjinia", "sr_Latn": "Pol", "bs": "Spol", "en": "Gender"},
    "age_band": {"sq": "Mosha", "sr_Latn": "Starost", "bs": "Starost", "en": "Age"},
    "local_community": {
        "sq": "Bashkësia lokale ku jetoni",
        "sr_Latn": "Mesna zajednica u kojoj živite",
        "bs": "Mjesna zajednica u kojoj živite",
        "en": "The local community you live in",
    },
}
DEMOGRAPHIC_OPTIONS = {
    "gender": [
        ("woman", {"sq": "Grua", "sr_Latn": "Žena", "bs": "Žena", "en": "Woman"}),
        ("man", {"sq": "Burrë", "sr_Latn": "Muškarac", "bs": "Muškarac", "en": "Man"}),
        (
            "not_said",
            {
                "sq": "Nuk dëshiroj ta them",
                "sr_Latn": "Ne želim da kažem",
                "bs": "Ne želim reći",
                "en": "Prefer not to say",
            },
        ),
    ],
    "age_band": [
        (band, {"sq": band, "sr_Latn": band, "bs": band, "en": band})
        for band in ("15-24", "25-34", "35-44", "45-54", "55-64", "65+")
    ],
}


# --- finding and opening ---------------------------------------------------------------------


def survey_of(consultation: Consultation) -> Survey | None:
    """The questionnaire of a survey consultation, if one has been set up."""
    return db.session.scalar(select(Survey).where(Survey.consultation_id == consultation.id))


def is_open(survey: Survey, today: dt.date) -> bool:
    """Whether responses are accepted today: the consultation is open and within its dates."""
    consultation = survey.consultation
    return consultation.status == "open" and stage_on(consultation, today) == "open"


# --- conditions ------------------------------------------------------------------------------


def condition_met(condition: dict | None, answers: Answers) -> bool:
    """Whether a show-if condition holds for the answers given so far (no condition: True)."""
    if not condition:
        return True
    answer = answers.get(condition.get("question", ""))
    operator, values = condition.get("operator", "in"), condition.get("values") or []
    if operator == "answered":
        return answer not in (None, "", [], {})
    if answer in (None, "", [], {}):
        return False
    if operator in ("gte", "lte"):
        return _compare(answer, operator, values)
    given = {str(v) for v in answer} if isinstance(answer, list) else {str(answer)}
    matches = bool(given & {str(v) for v in values})
    return matches if operator == "in" else not matches


def _compare(answer: object, operator: str, values: list) -> bool:
    try:
        number, limit = float(answer), float(values[0])  # type: ignore[arg-type]
    except (TypeError, ValueError, IndexError):
        return False
    return number >= limit if operator == "gte" else number <= limit


def visible_questions(section: Section, answers: Answers) -> list[Question]:
    """The questions of `section` whose conditions hold for the earlier answers."""
    return [q for q in section.questions if condition_met(q.show_if, answers)]


def next_section(survey: Survey, after: int, answers: Answers) -> Section | None:
    """The first section after position `after` with a visible question, or None at the end."""
    for section in survey.sections:
        if section.position > after and visible_questions(section, answers):
            return section
    return None


def previous_section(survey: Survey, before: int, answers: Answers) -> Section | None:
    """The last section before position `before` with a visible question."""
    earlier = [s for s in survey.sections if s.position < before]
    for section in reversed(earlier):
        if visible_questions(section, answers):
            return section
    return None


def effective_answers(survey: Survey, answers: Answers) -> Answers:
    """`answers` without those of questions hidden by conditions, walking the sections in order.

    A respondent who went back and changed an answer may have made later questions disappear;
    their earlier answers to those questions are not stored.
    """
    kept: Answers = {}
    for section in survey.sections:
        for question in section.questions:
            if question.key in answers and condition_met(question.show_if, kept):
                kept[question.key] = answers[question.key]
    return kept


# --- building surveys ------------------------------------------------------------------------


def create_survey(consultation: Consultation, audience: str, year: int, **flags: bool) -> Survey:
    """An empty questionnaire for `consultation` (kind "survey")."""
    if consultation.kind != "survey":
        raise ValueError("only a consultation of kind 'survey' has a questionnaire")
    survey = Survey(consultation=consultation, audience=audience, year=year, **flags)
    db.session.add(survey)
    db.session.flush()
    return survey


def add_section(survey: Survey, title: dict) -> Section:
    """A new last section."""
    position = max((s.position for s in survey.sections), default=0) + 1
    section = Section(survey=survey, position=position, title=title)
    db.session.add(section)
    db.session.flush()
    return section


def add_question(
    section: Section,
    key: str,
    type_: str,
    text: dict,
    *,
    options: Iterable[tuple[str, dict]] = (),
    statements: Iterable[tuple[str, dict]] = (),
    **fields: object,
) -> Question:
    """A new last question of `section`; `options`/`statements` are (code, {locale: text})."""
    survey = section.survey
    question = Question(
        survey=survey,
        section=section,
        position=max((q.position for q in survey.questions), default=0) + 1,
        key=key,
        type=type_,
        text=text,
        **fields,
    )
    question.options = [
        Option(value=value, label=label, position=i) for i, (value, label) in enumerate(options, 1)
    ]
    question.statements = [
        Statement(key=k, text=t, position=i) for i, (k, t) in enumerate(statements, 1)
    ]
    db.session.add(question)
    db.session.flush()
    return question


def has_responses(survey: Survey) -> bool:
    """Whether anyone has answered; the questions are then frozen."""
    query = select(Response.id).where(Response.survey_id == survey.id).limit(1)
    return db.session.scalar(query) is not None


def delete_question(question: Question) -> None:
    """Remove a question (only before anyone answered) and conditions that point to it."""
    survey = question.survey
    for other in survey.questions:
        if other.show_if and other.show_if.get("question") == question.key:
            other.show_if = None
    section = question.section
    db.session.delete(question)
    db.session.flush()
    db.session.expire(survey, ["questions"])
    db.session.expire(section, ["questions"])


def copy_survey(source: Survey, consultation: Consultation, year: int) -> Survey:
    """A copy of `source` for another year, with the same sections, keys, options and texts."""
    copy = create_survey(
        consultation,
        source.audience,
        year,
        one_response_per_browser=source.one_response_per_browser,
        ask_gender=source.ask_gender,
        ask_age_band=source.ask_age_band,
        ask_local_community=source.ask_local_community,
    )
    copy.copied_from_id = source.id
    for section in source.sections:
        new_section = add_section(copy, dict(section.title))
        for q in section.questions:
            add_question(
                new_section,
                q.key,
                q.type,
                dict(q.text),
                options=[(o.value, dict(o.label)) for o in q.options],
                statements=[(s.key, dict(s.text)) for s in q.statements],
                hint=dict(q.hint or {}),
                required=q.required,
                min_value=q.min_value,
                max_value=q.max_value,
                show_if=dict(q.show_if) if q.show_if else None,
            )
    return copy


def add_demographics(survey: Survey, communities: Iterable[tuple[int, dict]] = ()) -> None:
    """The standard demographic questions the survey's flags ask for, in a last section.

    `communities` are (id, {locale: name}) of the local communities, for that question.
    """
    wanted = [
        key
        for key, flag in zip(
            DEMOGRAPHIC_KEYS,
            (survey.ask_gender, survey.ask_age_band, survey.ask_local_community),
            strict=True,
        )
        if flag
    ]
    if not wanted:
        return
    section = add_section(survey, DEMOGRAPHIC_TEXTS["section"])
    for key in wanted:
        options = DEMOGRAPHIC_OPTIONS.get(key) or [(str(i), name) for i, name in communities]
        add_question(section, key, "single_choice", DEMOGRAPHIC_TEXTS[key], options=options)


# --- access codes ----------------------------------------------------------------------------


class TokenRefused(Exception):
    """The access code is unknown, already used, or was used at this very moment."""


def _token_key() -> bytes:
    config = current_app.config
    return (config.get("SURVEY_TOKEN_KEY") or config["SECRET_KEY"]).encode()


def normalise_code(code: str) -> str:
    """The code as typed, without spaces, dashes and case: "abcd-efgh jkmn" → "ABCDEFGHJKMN"."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """HMAC-SHA256 of the normalised code: what the database keeps instead of the code."""
    return hmac.new(_token_key(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def format_code(raw: str) -> str:
    """A code in groups of four for printing: "ABCD-EFGH-JKMN"."""
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def new_code() -> str:
    """A fresh random access code, formatted for a slip."""
    return format_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def issue_tokens(survey: Survey, directorate_id: int, count: int) -> list[str]:
    """`count` new codes for staff of a directorate; only their hashes are stored.

    The plain codes are returned once, to be printed or mailed in the same request.
    """
    if survey.audience != "staff":
        raise ValueError("access codes belong to staff surveys")
    if not 1 <= count <= MAX_TOKENS_PER_REQUEST:
        raise ValueError("count out of range")
    codes = [new_code() for _ in range(count)]
    register_codes(survey, directorate_id, codes)
    return codes


def register_codes(survey: Survey, directorate_id: int, codes: Iterable[str]) -> None:
    """Store the hashes of `codes` (already handed out, e.g. mailed) for a directorate."""
    db.session.add_all(
        StaffToken(token_hash=code_hash(c), survey_id=survey.id, directorate_id=directorate_id)
        for c in codes
    )
    db.session.flush()


def usable_token(survey: Survey, code: str) -> str | None:
    """The hash of `code` if it opens `survey` (known and unused), else None."""
    digest = code_hash(code)
    token = db.session.get(StaffToken, digest)
    if token is None or token.survey_id != survey.id or token.used:
        return None
    return digest


def token_counts(survey: Survey) -> dict[int, tuple[int, int]]:
    """Per directorate id: (codes issued, codes used)."""
    used = func.sum(func.cast(StaffToken.used, db.Integer))
    rows = db.session.execute(
        select(StaffToken.directorate_id, func.count(), used)
        .where(StaffToken.survey_id == survey.id)
        .group_by(StaffToken.directorate_id)
    )
    return {directorate: (issued, int(n or 0)) for directorate, issued, n in rows}


def redeem_and_save(survey: Survey, token_hash: str, answers: Answers, day: dt.date) -> Response:
    """Mark the code used and store the response, in the caller's one transaction.

    The conditional UPDATE is the guard: of two requests with the same code, only one changes
    the row (the database serialises them); the other sees `used` already true and is refused.
    """
    try:
        result = db.session.execute(
            update(StaffToken)
            .where(
                and_(
                    StaffToken.token_hash == token_hash,
                    StaffToken.survey_id == survey.id,
                    StaffToken.used.is_(False),
                )
            )
            .values(used=True)
            .execution_options(synchronize_session=False)
        )
    except OperationalError as error:  # SQLite: another writer holds the lock too long
        raise TokenRefused("busy") from error
    if result.rowcount != 1:
        raise TokenRefused("used")
    directorate_id = db.session.scalar(
        select(StaffToken.directorate_id).where(StaffToken.token_hash == token_hash)
    )
    return save_response(survey, answers, day, directorate_id=directorate_id)


# --- citizen surveys -------------------------------------------------------------------------


class AlreadyAnswered(Exception):
    """This browser has answered a survey that allows one response per browser."""


def browser_hash(browser_id: str) -> str:
    """HMAC of the random cookie id, so the database cannot be matched to a cookie jar."""
    return hmac.new(_token_key(), f"browser:{browser_id}".encode(), hashlib.sha256).hexdigest()


def has_answered(survey: Survey, browser_id: str | None) -> bool:
    """Whether this browser already answered `survey` (only tracked when limited)."""
    if not browser_id or not survey.one_response_per_browser:
        return False
    key = (survey.id, browser_hash(browser_id))
    return db.session.get(BrowserParticipation, key) is not None


def save_citizen_response(
    survey: Survey, answers: Answers, day: dt.date, browser_id: str | None
) -> Response:
    """Store a citizen's response; with one response per browser, record the browser too.

    The participation row is a UNIQUE key, so two tabs submitting at once store one response.
    """
    if survey.one_response_per_browser:
        if not browser_id:
            raise AlreadyAnswered("no browser id")
        db.session.add(
            BrowserParticipation(survey_id=survey.id, browser_hash=browser_hash(browser_id))
        )
        try:
            db.session.flush()
        except IntegrityError as error:
            raise AlreadyAnswered("browser") from error
    return save_response(survey, answers, day)


# --- storing ---------------------------------------------------------------------------------


def save_response(
    survey: Survey, answers: Answers, day: dt.date, directorate_id: int | None = None
) -> Response:
    """A new response with one `SurveyAnswer` row per value (see `SurveyAnswer`), day only."""
    response = Response(survey_id=survey.id, directorate_id=directorate_id, day=day)
    by_key = {q.key: q for q in survey.questions}
    for key, value in effective_answers(survey, answers).items():
        question = by_key.get(key)
        if question is not None:
            response.answers.extend(_answer_rows(question, value))
    db.session.add(response)
    db.session.flush()
    return response


def _answer_rows(question: Question, value: object) -> list[SurveyAnswer]:
    kind, qid = question.type, question.id
    if kind == "single_choice":
        return [SurveyAnswer(question_id=qid, item="", choice=str(value))]
    if kind == "multiple_choice":
        return [SurveyAnswer(question_id=qid, item=str(v), choice=str(v)) for v in value]  # type: ignore[attr-defined]
    if kind == "ranking":
        return [
            SurveyAnswer(question_id=qid, item=str(v), choice=str(v), number=rank)
            for rank, v in enumerate(value, 1)  # type: ignore[arg-type]
        ]
    if kind == "likert_matrix":
        return [
            SurveyAnswer(question_id=qid, item=str(k), number=float(n))
            for k, n in value.items()  # type: ignore[attr-defined]
        ]
    if kind in ("short_text", "long_text"):
        return [SurveyAnswer(question_id=qid, item="", text=str(value))]
    return [SurveyAnswer(question_id=qid, item="", number=float(value))]  # type: ignore[arg-type]


def response_count(survey: Survey) -> int:
    """How many responses `survey` has."""
    return db.session.scalar(
        select(func.count()).select_from(Response).where(Response.survey_id == survey.id)
    )


def reseal_storage(survey: Survey) -> tuple[int, int, int]:
    """Rewrite the survey's access codes, responses and answers in key order, in one go.

    Why: on PostgreSQL a row carries the id of the transaction that wrote it (`xmin`) and sits
    in the heap roughly in insertion order (`ctid`). The transaction that redeemed a code also
    wrote its response, so until rewritten, equal `xmin` values tie a code to its response.
    Deleting and re-inserting every row in one transaction gives them all the same `xmin` and
    the order of their random keys. Run after the survey closes (`flask surveys reseal ID`), then
    `VACUUM` so the dead copies are gone. On SQLite the tables are WITHOUT ROWID already.
    Returns the numbers of (codes, responses, answers) rewritten.
    """
    response_ids = select(Response.id).where(Response.survey_id == survey.id)
    tokens = _rows(select(StaffToken).where(StaffToken.survey_id == survey.id))
    responses = _rows(select(Response).where(Response.survey_id == survey.id))
    answers = _rows(select(SurveyAnswer).where(SurveyAnswer.response_id.in_(response_ids)))
    db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(response_ids)))
    db.session.execute(delete(Response).where(Response.survey_id == survey.id))
    db.session.execute(delete(StaffToken).where(StaffToken.survey_id == survey.id))
    for model, rows, key in (
        (StaffToken, tokens, lambda r: r["token_hash"]),
        (Response, responses, lambda r: r["id"]),
        (SurveyAnswer, answers, lambda r: (r["response_id"], r["question_id"], r["item"])),
    ):
        if rows:
            db.session.execute(insert(model), sorted(rows, key=key))
    db.session.flush()
    db.session.expire_all()
    return len(tokens), len(responses), len(answers)


def _rows(query) -> list[dict]:
    """Plain column values of the model rows of `query`."""
    return [
        {column.key: getattr(row, column.key) for column in row.__table__.columns}
        for row in db.session.scalars(query)
    ]
