"""The questionnaire engine: building surveys, access codes (printed or mailed) and storing
responses. The answer wizard (conditions, which page comes next, the signed state between
pages) is `consult.surveys.wizard`; the uploaded address lists are read in
`consult.surveys.imports`.

Answers travel as a `{question key: value}` dict (JSON-able) until the final submit:
single choice a str, multiple choice and ranking a list of option values (ranking in order,
first = rank 1), Likert and rating an int, number a float or int, Likert matrix a
`{statement key: int}` dict, text a str. An unanswered question has no key. Each type's
reading, storing and exporting lives in its class (`consult.surveys.question_types`).
"""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import (
    Column,
    Insert,
    MetaData,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    delete,
    func,
    insert,
    not_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from consult.core.mail import Mail, MailFailed, send_now
from consult.core.models import Consultation, utcnow
from consult.core.sealing import BATCH, rewrite, rewrite_statement
from consult.core.services import stage_on
from consult.core.standards import Finding, sv_questions
from consult.core.tenancy import current_municipality_id
from consult.extensions import db
from consult.i18n import localize
from consult.surveys.claims import release_claim
from consult.surveys.models import (
    ANSWER_LANGUAGES,
    BrowserParticipation,
    Option,
    Question,
    Response,
    Section,
    StaffToken,
    Statement,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
)
from consult.surveys.question_types import Answers, SingleChoice, question_type
from consult.surveys.questionnaire_cache import KeptQuestion
from consult.surveys.reminders import record_addresses
from consult.surveys.wizard import AnySurvey, effective_answers

#: letters and digits that cannot be mistaken for each other on a printed slip
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 60 bits
MAX_TOKENS_PER_REQUEST = 1000

#: the standard demographic questions of citizen surveys, keyed like any question
DEMOGRAPHIC_KEYS = ("gender", "age_band", "local_community")


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
        ("female", {"sq": "Grua", "sr_Latn": "Žena", "bs": "Žena", "en": "Woman"}),
        ("male", {"sq": "Burrë", "sr_Latn": "Muškarac", "bs": "Muškarac", "en": "Man"}),
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


def question_count(consultation: Consultation) -> int:
    """How many questions the consultation's questionnaire has besides the standard ones on
    the respondent (DEMOGRAPHIC_KEYS) and the notes; 0 without a questionnaire."""
    query = (
        select(func.count(Question.id))
        .join(Survey, Survey.id == Question.survey_id)
        .where(
            Survey.consultation_id == consultation.id,
            Question.key.not_in(DEMOGRAPHIC_KEYS),
            Question.type != "note",  # a note asks nothing
        )
    )
    return db.session.scalar(query) or 0


def missing_questions(consultation: Consultation, standards: dict) -> list[Finding]:
    """SV-QUESTIONS, the lifecycle's substance check: a survey is announced only with at least
    SV_MIN_QUESTIONS questions in its questionnaire (0 switches it off). The standard questions
    on the respondent's gender, age band and local community do not count."""
    return sv_questions(question_count(consultation), standards)


def is_open(survey: Survey, today: dt.date) -> bool:
    """Whether responses are accepted today: the consultation is open and within its dates."""
    return stage_on(survey.consultation, today) == "open"


#: the consultation statuses after which no answer can come in (the lifecycle only goes forward)
RELEASED_STATUSES = ("closed", "reported")


def results_released(survey: Survey) -> bool:
    """Whether the survey's results may be shown: its consultation is closed or reported.

    While responses still come in, a report read before and after a colleague submits would
    show that colleague's answers; a survey whose dates have passed but that no officer has
    closed yet could still have its dates extended, so only the status counts.
    """
    return survey.consultation.status in RELEASED_STATUSES


#: an open survey's count of responses moves in steps of this many
RESPONSE_COUNT_STEP = 10


def responses_so_far(survey: Survey, today: dt.date, k: int) -> int | None:
    """What an open survey may say of its responses: those stored before `today`, rounded
    down to a multiple of `RESPONSE_COUNT_STEP` (but never below k), or None under k.

    Counting only earlier days means no submission changes the figure while its author's
    colleagues watch the page: the figure moves at most once a day, at midnight, and only when
    the day's submissions carry it over a step, so a change says "some people answered
    yesterday", not "this one person has just answered". It never tells what anyone answered.
    """
    stored = db.session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.survey_id == survey.id, Response.day < today)
    )
    if stored < k:
        return None
    return max(k, stored // RESPONSE_COUNT_STEP * RESPONSE_COUNT_STEP)


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


# --- editing and reordering ------------------------------------------------------------------


class OrderBreaksCondition(Exception):
    """A move or edit would put a condition's question at or after the question it hides.

    Conditions are evaluated between sections, so they must look at an earlier section.
    """


@dataclass
class QuestionDraft:
    """Everything the builder can say about a question, as read from its form."""

    section: Section
    key: str
    type: str
    text: dict
    hint: dict
    required: bool
    min_value: float | None
    max_value: float | None
    show_if: dict | None
    options: list[tuple[str, dict]]
    statements: list[tuple[str, dict]]


#: what an edit may not change once anyone answered: it would change what stored answers mean
#: or which questions people were asked (texts, labels and translations stay editable)
FROZEN_PARTS = (
    "key",
    "type",
    "section",
    "options",
    "statements",
    "required",
    "min_value",
    "max_value",
    "show_if",
)


def frozen_changes(question: Question, draft: QuestionDraft) -> list[str]:
    """The parts of FROZEN_PARTS that `draft` changes, in that order."""
    current = {
        "key": question.key,
        "type": question.type,
        "section": question.section_id,
        "options": [o.value for o in question.options],
        "statements": [s.key for s in question.statements],
        "required": question.required,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "show_if": _condition(question.show_if),
    }
    proposed = {
        **{part: getattr(draft, part) for part in FROZEN_PARTS},
        "section": draft.section.id,
        "options": [value for value, _label in draft.options],
        "statements": [key for key, _text in draft.statements],
        "show_if": _condition(draft.show_if),
    }
    return [part for part in FROZEN_PARTS if current[part] != proposed[part]]


def _condition(show_if: dict | None) -> tuple | None:
    """A condition in a comparable shape (values as text, as the builder's form reads them)."""
    if not show_if:
        return None
    values = tuple(str(v) for v in show_if.get("values") or ())
    return show_if.get("question"), show_if.get("operator"), values


def merged_texts(old: dict | None, new: dict[str, str], locales: Iterable[str]) -> dict:
    """`new` for the builder's `locales`; texts in other locales (e.g. Cyrillic) are kept."""
    kept = {loc: text for loc, text in (old or {}).items() if loc not in set(locales)}
    return {**kept, **new}


def update_question(question: Question, draft: QuestionDraft, locales: Iterable[str]) -> None:
    """Apply `draft` to `question`; conditions naming its old key follow a new key.

    Check `frozen_changes` first when the survey has responses, and the conditions with
    `check_conditions`. A duplicate key raises IntegrityError at the flush.
    """
    locales = tuple(locales)
    survey = question.survey
    if draft.key != question.key:
        for other in survey.questions:
            if other.show_if and other.show_if.get("question") == question.key:
                other.show_if = {**other.show_if, "question": draft.key}
    question.key, question.type, question.required = draft.key, draft.type, draft.required
    question.text = merged_texts(question.text, draft.text, locales)
    question.hint = merged_texts(question.hint, draft.hint, locales)
    question.min_value, question.max_value = draft.min_value, draft.max_value
    question.show_if = draft.show_if
    _sync_items(question.options, draft.options, locales, Option, "value", "label")
    _sync_items(question.statements, draft.statements, locales, Statement, "key", "text")
    if draft.section.id != question.section_id:
        old_section = question.section
        question.section = draft.section
        question.position = max((q.position for q in survey.questions), default=0) + 1
        db.session.flush()
        db.session.expire(old_section, ["questions"])
        db.session.expire(draft.section, ["questions"])
        renumber_questions(survey)
    db.session.flush()


def _sync_items(
    current: list,
    items: list[tuple[str, dict]],
    locales: tuple[str, ...],
    model: type,
    code: str,
    text: str,
) -> None:
    """Make `current` (options or statements) the `items` (code, texts), in their order.

    Rows keep their id where the code stays, so a code is never deleted and re-inserted in
    one flush (its UNIQUE key would clash); removed codes are deleted first.
    """
    wanted = dict(items)
    for row in [row for row in current if getattr(row, code) not in wanted]:
        current.remove(row)
    db.session.flush()
    existing = {getattr(row, code): row for row in current}
    for position, (value, texts) in enumerate(items, 1):
        row = existing.get(value)
        if row is None:
            current.append(model(**{code: value, text: texts, "position": position}))
        else:
            setattr(row, text, merged_texts(getattr(row, text), texts, locales))
            row.position = position
    current.sort(key=lambda row: row.position)


def update_section_title(section: Section, title: dict, locales: Iterable[str]) -> None:
    """New texts of a section title (wording may change at any time)."""
    section.title = merged_texts(section.title, title, locales)
    db.session.flush()


def check_conditions(survey: Survey, section_position: dict[int, int] | None = None) -> None:
    """Raise OrderBreaksCondition unless every condition looks at an earlier section.

    `section_position` ({section id: position}) checks an order before it is stored.
    """
    place = section_position or {s.id: s.position for s in survey.sections}
    by_key = {q.key: q for q in survey.questions}
    for question in survey.questions:
        source = by_key.get((question.show_if or {}).get("question", ""))
        if source is not None and place[source.section_id] >= place[question.section_id]:
            raise OrderBreaksCondition(question.key)


def move_section(section: Section, step: int) -> bool:
    """Swap `section` with its neighbour (step -1 up, +1 down); False at either end.

    Raises OrderBreaksCondition, changing nothing, if a condition would then look at a later
    section. Positions are UNIQUE per survey: the swap passes through a free position.
    """
    survey = section.survey
    ordered = list(survey.sections)
    index = ordered.index(section)
    if not 0 <= index + step < len(ordered):
        return False
    neighbour = ordered[index + step]
    place = {s.id: s.position for s in ordered}
    place[section.id], place[neighbour.id] = neighbour.position, section.position
    check_conditions(survey, place)
    _swap_positions(section, neighbour)
    db.session.expire(survey, ["sections"])
    renumber_questions(survey)
    return True


def move_question(question: Question, step: int) -> bool:
    """Swap `question` with its neighbour in its section (step -1 up, +1 down); False at an end.

    Conditions look at earlier sections only, so no order inside a section can break one.
    """
    ordered = list(question.section.questions)
    index = ordered.index(question)
    if not 0 <= index + step < len(ordered):
        return False
    _swap_positions(question, ordered[index + step])
    db.session.expire(question.section, ["questions"])
    db.session.expire(question.survey, ["questions"])
    return True


def _swap_positions(first: Section | Question, second: Section | Question) -> None:
    """Exchange two positions under a UNIQUE key: one row waits on a free, negative place.

    One UPDATE per flush, in this order, works on SQLite and PostgreSQL alike (neither checks
    a UNIQUE key only at the end of a statement that updates several rows).
    """
    a, b = first.position, second.position
    first.position = -a
    db.session.flush()
    second.position = a
    db.session.flush()
    first.position = b
    db.session.flush()


def renumber_questions(survey: Survey) -> None:
    """Number the survey's questions 1, 2, ... in the order of sections, then of positions.

    The survey-wide order (reports, exports) then follows the order respondents see.
    """
    sections = {s.id: s.position for s in survey.sections}
    ordered = sorted(survey.questions, key=lambda q: (sections[q.section_id], q.position))
    if [q.position for q in ordered] == list(range(1, len(ordered) + 1)):
        return
    for question in ordered:  # first out of the way of each other (UNIQUE positions)
        question.position = -question.position
    db.session.flush()
    for number, question in enumerate(ordered, 1):
        question.position = number
    db.session.flush()
    db.session.expire(survey, ["questions"])
    for section in survey.sections:
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
        add_question(section, key, SingleChoice.code, DEMOGRAPHIC_TEXTS[key], options=options)


def local_communities() -> list[tuple[int, dict]]:
    """(id, {locale: name}) of every local community, for the demographic question."""
    from consult.core.models import LocalCommunity

    rows = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id))
    return [(c.id, c.name) for c in rows]


def set_up_questionnaire(
    consultation: Consultation,
    audience: str,
    year: int,
    copy_from: Survey | None = None,
    **flags: bool,
) -> Survey:
    """The questionnaire of a survey consultation: a copy of an earlier year's `copy_from` (for
    `audience`), or an empty one with the demographic questions its `flags` ask for."""
    if copy_from is not None:
        survey = copy_survey(copy_from, consultation, year)
        survey.audience = audience
        return survey
    survey = create_survey(consultation, audience, year, **flags)
    add_demographics(survey, local_communities())
    return survey


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


#: tries of one invitation before it counts as failed (shown to the officer, who may retry)
INVITATION_ATTEMPTS = 5


def queue_invitations(
    survey: Survey, directorate_id: int, addresses: list[str], language: str
) -> int:
    """Queue one invitation per address for the mail worker; returns how many.

    Each invitation gets a random seed, from which (with the access-code key) the worker
    derives its code; the codes' hashes are registered here, in a shuffled order, in the
    officer's own transaction. So the codes of one upload share one transaction stamp with its
    addresses, as a group, and no send or retry ever writes to the codes table. The same
    transaction puts the addresses on the survey's reminder list, a table apart from the codes
    (`consult.surveys.reminders`)."""
    invitations = [
        SurveyInvitation(
            survey_id=survey.id,
            directorate_id=directorate_id,
            address=address,
            language=language,
            seed=secrets.token_hex(16),
        )
        for address in addresses
    ]
    db.session.add_all(invitations)
    codes = [invitation_code(invitation.seed) for invitation in invitations]
    secrets.SystemRandom().shuffle(codes)
    register_codes(survey, directorate_id, codes)
    record_addresses(survey, addresses, language)
    return len(addresses)


def invitation_code(seed: str) -> str:
    """The access code of the invitation with `seed`: 60 bits of an HMAC with the access-code
    key (the alphabet has 32 letters, so each takes 5 bits exactly)."""
    digest = hmac.new(_token_key(), b"survey-invitation:" + seed.encode(), hashlib.sha256)
    bits = int.from_bytes(digest.digest()[:8], "big")
    return format_code(
        "".join(CODE_ALPHABET[(bits >> (5 * place)) & 31] for place in range(CODE_LENGTH))
    )


def _invitation_body(survey: Survey, invitation: SurveyInvitation, code: str, link: str) -> str:
    with force_locale(invitation.language):
        return _(
            'You are invited to answer the staff survey "%(title)s".\n\n'
            "Your access code: %(code)s\nOpen: %(link)s\n\n"
            "The code works once. Your answers are anonymous: nobody can see who answered what.",
            title=localize(survey.consultation.title, invitation.language).text,
            code=code,
            link=link,
        )


def _invitation_subject(invitation: SurveyInvitation) -> str:
    with force_locale(invitation.language):
        return _("Staff survey: your access code")


#: the last word of an invitation whose code is not registered (the access-code key changed
#: since it was queued, or it was queued before codes were registered at queueing)
CODE_NOT_REGISTERED = "its code is not registered: queue the address again"


def send_invitations(link_for: Callable[[Survey, str], str], limit: int = 500) -> tuple[int, int]:
    """Mail the waiting invitations, in random order, each with its own code. Returns (sent,
    failed this time). `link_for(survey, code)` is the code form's address with the code in
    its fragment.

    Each mail's outcome is committed on its own (a mail never goes twice); a sent invitation
    loses its address and its seed in that commit. The code was registered when the officer
    queued it (`queue_invitations`): a send, a failure or a retry writes nothing a database
    administrator could tie to one code."""
    waiting = list(
        db.session.scalars(
            select(SurveyInvitation)
            .where(
                SurveyInvitation.sent_at.is_(None),
                SurveyInvitation.attempts < INVITATION_ATTEMPTS,
            )
            .order_by(SurveyInvitation.id)
            .limit(limit)
        )
    )
    secrets.SystemRandom().shuffle(waiting)
    sent = failed = 0
    for invitation in waiting:
        if _send_invitation(invitation, link_for):
            sent += 1
        else:
            failed += 1
        db.session.commit()
    return sent, failed


def _send_invitation(invitation: SurveyInvitation, link_for: Callable[[Survey, str], str]) -> bool:
    """Try to mail one invitation; True when it left (its address and seed are then erased)."""
    survey = db.session.get(Survey, invitation.survey_id)
    code = invitation_code(invitation.seed)
    invitation.attempts += 1
    if not invitation.seed or db.session.get(StaffToken, code_hash(code)) is None:
        invitation.attempts = max(invitation.attempts, INVITATION_ATTEMPTS)
        invitation.last_error = CODE_NOT_REGISTERED
        return False
    mail = Mail(
        to=invitation.address,
        subject=_invitation_subject(invitation),
        body=_invitation_body(survey, invitation, code, link_for(survey, code)),
    )
    try:
        send_now(mail)
    except MailFailed as error:
        invitation.last_error = str(error)[:500]
        return False
    invitation.sent_at, invitation.last_error = utcnow(), ""
    invitation.address = invitation.seed = ""
    return True


def send_queued_invitations(limit: int = 500) -> tuple[int, int]:
    """The mail worker's part for surveys: the waiting invitations, each linking to its
    survey's code form with the code in the fragment (never sent to the server)."""

    def link_for(survey: Survey, code: str) -> str:
        page = url_for("surveys.enter_code", survey_id=survey.id, _external=True)
        return f"{page}#c={code}"

    return send_invitations(link_for, limit)


@dataclass(frozen=True)
class InvitationCounts:
    """The invitations of a survey: waiting to go, sent, failed for good."""

    queued: int
    sent: int
    failed: int


def invitation_counts(survey: Survey) -> InvitationCounts:
    """How the survey's invitations stand (counted in SQL, in one query)."""
    unsent = SurveyInvitation.sent_at.is_(None)
    gave_up = SurveyInvitation.attempts >= INVITATION_ATTEMPTS
    queued, sent, failed = db.session.execute(
        select(
            func.count().filter(unsent & ~gave_up),
            func.count().filter(~unsent),
            func.count().filter(unsent & gave_up),
        ).where(SurveyInvitation.survey_id == survey.id)
    ).one()
    return InvitationCounts(queued=queued, sent=sent, failed=failed)


def failed_invitations(survey: Survey) -> list[SurveyInvitation]:
    """The invitations that failed for good, with the mail server's last word."""
    return list(
        db.session.scalars(
            select(SurveyInvitation)
            .where(
                SurveyInvitation.survey_id == survey.id,
                SurveyInvitation.sent_at.is_(None),
                SurveyInvitation.attempts >= INVITATION_ATTEMPTS,
            )
            .order_by(SurveyInvitation.id)
        )
    )


def retry_failed_invitations(survey: Survey) -> int:
    """Give the failed invitations of `survey` their tries again; returns how many. One
    whose code is not registered stays failed: its address must be queued again."""
    result = db.session.execute(
        update(SurveyInvitation)
        .where(
            SurveyInvitation.survey_id == survey.id,
            SurveyInvitation.sent_at.is_(None),
            SurveyInvitation.attempts >= INVITATION_ATTEMPTS,
            SurveyInvitation.last_error != CODE_NOT_REGISTERED,
        )
        .values(attempts=0)
    )
    return result.rowcount


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


def redeem_and_save(
    survey: AnySurvey,
    token_hash: str,
    answers: Answers,
    day: dt.date,
    claimant: str | None = None,
) -> Response:
    """Mark the code used and store the response, in the caller's one transaction.

    The conditional UPDATE is the guard: of two requests with the same code, only one changes
    the row (the database serialises them); the other sees `used` already true and is refused.
    It returns the code's directorate, which the response copies. The code's claim (`claims`)
    is deleted in the same transaction; CodeClaimed if another browser than `claimant` holds
    a live one. The survey is locked only for the sealing (`seal`): the steps before it write
    this respondent's own rows.
    """
    values = {"token": token_hash, "survey": survey.id, "municipality": current_municipality_id()}
    try:
        used = db.session.execute(_code_use(), values).all()
    except OperationalError as error:  # SQLite: another writer holds the lock too long
        raise TokenRefused("busy") from error
    if len(used) != 1:
        raise TokenRefused("used")
    release_claim(token_hash, claimant)
    directorate_id = used[0].directorate_id
    response = save_response(survey, answers, day, directorate_id)
    seal(survey)
    return response


@cache
def _code_use() -> Update:
    """An unused code of the survey marked used, returning its directorate: Core on the table,
    the municipality named (the ORM's scoping does not see Core), built once."""
    tokens = StaffToken.__table__
    return (
        update(tokens)
        .where(
            tokens.c.token_hash == bindparam("token"),
            tokens.c.survey_id == bindparam("survey"),
            tokens.c.used.is_(False),
            tokens.c.municipality_id == bindparam("municipality"),
        )
        .values(used=True)
        .returning(tokens.c.directorate_id)
    )


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
    survey: AnySurvey,
    answers: Answers,
    day: dt.date,
    browser_id: str | None,
    language: str | None = None,
) -> Response:
    """Store a citizen's response; with one response per browser, record the browser too.
    `language`: the interface locale it was answered in (the report's breakdown by it).

    The participation row is a UNIQUE key, so two tabs submitting at once store one response.
    The survey is locked only for the sealing (`seal`).
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
    response = save_response(survey, answers, day, language=language)
    seal(survey)
    return response


# --- storing ---------------------------------------------------------------------------------


def save_response(
    survey: AnySurvey,
    answers: Answers,
    day: dt.date,
    directorate_id: int | None = None,
    language: str | None = None,
) -> Response:
    """A new response with one `SurveyAnswer` row per value (see `SurveyAnswer`), day only.

    `language` (a locale) is kept for citizen surveys only: in a staff survey it could single
    out the one person of a small directorate who answered in Serbian. `survey`: the model, or
    the worker's copy the respondent's pages read (consult/surveys/questionnaire_cache.py),
    whose questions are the ones asked."""
    citizen = survey.audience == "citizen" and directorate_id is None
    if not citizen or language not in ANSWER_LANGUAGES:
        language = None
    response = Response(
        survey_id=survey.id, directorate_id=directorate_id, day=day, language=language
    )
    by_key = {q.key: q for q in survey.questions}
    for key, value in effective_answers(survey, answers).items():
        question = by_key.get(key)
        if question is not None:
            response.answers.extend(_answer_rows(question, value))
    db.session.add(response)
    db.session.flush()
    return response


def _answer_rows(question: Question | KeptQuestion, value: object) -> list[SurveyAnswer]:
    """The rows of one answer, as its question type stores it (see `SurveyAnswer`)."""
    return question_type(question).rows(question, value)


def reseal_storage(survey: Survey) -> tuple[int, int, int]:
    """Close the survey's last group (`flask surveys reseal`, when the survey closes).

    PostgreSQL: every used code, browser record and response (with its answers) not yet
    sealed is rewritten in key order in this one transaction and sealed (`seal`). SQLite
    seals nothing on submission: there all of the survey's codes, browser records, responses
    and answers are copied out and written back in key order. Then run `VACUUM` (PostgreSQL)
    or a WAL checkpoint (SQLite) so the old copies are gone. Returns the numbers of (codes,
    responses, answers) rewritten.
    """
    if _postgresql():
        _lock_survey(survey)
        counts = _rewrite_unsealed(survey, close=True)
        return counts.codes, counts.responses, counts.answers
    responses = Response.survey_id == survey.id
    counts = _rewrite(
        [
            (StaffToken, StaffToken.survey_id == survey.id),
            (BrowserParticipation, BrowserParticipation.survey_id == survey.id),
            (Response, responses),
            (SurveyAnswer, SurveyAnswer.response_id.in_(select(Response.id).where(responses))),
        ]
    )
    return counts[0], counts[2], counts[3]


def _lock_survey(survey: AnySurvey) -> None:
    """Serialise the sealings of one survey's submissions (PostgreSQL row lock). FOR NO KEY
    UPDATE: the foreign-key checks of other submissions' inserts need only
    a key-share lock on the survey, so they go on while one submission seals."""
    values = {"survey": survey.id, "municipality": current_municipality_id()}
    db.session.execute(_survey_lock(), values)


@cache
def _survey_lock() -> Select:
    """The survey's row locked: Core on the table, the municipality named, built once."""
    surveys = Survey.__table__
    return (
        select(surveys.c.id)
        .where(
            surveys.c.id == bindparam("survey"),
            surveys.c.municipality_id == bindparam("municipality"),
        )
        .with_for_update(key_share=True)
    )


# --- sealing: no transaction stamp or heap order ties a code to its response (PostgreSQL) ---


@dataclass(frozen=True)
class Rewritten:
    """How many rows of each anonymous table one sealing wrote."""

    codes: int
    browsers: int
    responses: int
    answers: int


def seal_batch_size() -> int:
    """B (SURVEY_SEAL_BATCH): the fewest used codes, browser records or responses of a survey
    that share a transaction stamp."""
    return max(1, int(current_app.config.get("SURVEY_SEAL_BATCH", 20)))


def seal(survey: AnySurvey) -> Rewritten:
    """Rewrite, in the submission's transaction, the survey's rows that are not yet sealed.

    Why: on PostgreSQL a row carries the id of the transaction that wrote it (`xmin`) and sits
    in the heap in insertion order (`ctid`, the order of a dump or a plain SELECT). A
    submission marks its code used (or records its browser) and stores its response in one
    transaction; left alone, equal `xmin` values would tie the code to the response, and the
    heap would list responses in the order people answered.

    So, as the poll's ballot box does (consult/polls/ballot_box.py), every submission, under
    the lock on the survey (taken here, once its own rows are written: the submissions waiting
    for it have written theirs, which the sealing one cannot see, and each rewrites them when
    its turn comes), rewrites the survey's used codes, browser records and responses
    that are not yet `sealed`, and the answers of those responses, in key order, one statement
    per table. When a table's unsealed rows reach 2B (B = `seal_batch_size`), the statement
    seals all of them but B: the lowest keys, chosen in each table on its own, so the flag
    says nothing of who or when. Sealed rows are never written again; a response's answers
    are sealed with it. Every transaction stamp left is then shared by at least B codes, B
    browser records and B responses of the survey (by all of them while fewer than B have
    answered), and a submission writes at most 2B rows of each table (and the answers of at
    most 2B responses) however many answered before it. What a database administrator can
    still see: which group of at least B a row is in, and the order of the groups in time.

    SQLite has neither: its rows carry no transaction id, and the WITHOUT ROWID tables keep
    them in the order of their random keys whatever order they came in, so nothing is
    rewritten there (it cost about 25 of the 33 ms of CPU of a submission with 220 responses
    that day, bench/flows_inprocess.py).
    """
    if not _postgresql():
        return Rewritten(0, 0, 0, 0)
    _lock_survey(survey)
    return _rewrite_unsealed(survey, close=False)


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _rewrite_unsealed(survey: Survey, close: bool) -> Rewritten:
    """The unsealed rows of each table out and back in key order (consult/core/sealing.py),
    answers before their responses (their rows are chosen by the responses' flags before those
    change). `close`: seal every one of them (`reseal_storage`), else all but B once there are
    2B."""
    db.session.flush()
    values = {
        "sealing_municipality": current_municipality_id(),
        "sealing_survey": survey.id,
        BATCH: seal_batch_size(),
    }
    answers, codes, browsers, responses = (
        rewrite(statement, values) for statement in _unsealed_rewrites(close)
    )
    db.session.expire_all()  # written again, `sealed` may have changed
    return Rewritten(codes=codes, browsers=browsers, responses=responses, answers=answers)


@cache
def _unsealed_rewrites(close: bool) -> tuple[Insert, ...]:
    """The rewrites of a survey's unsealed answers, used codes, browser records and responses,
    in that order, built once (Core statements: the municipality is a condition of each, as
    the ORM's scoping does not see them). The conditions are written as the partial indexes'
    (`used AND NOT sealed`, `NOT sealed`), so the planner can use them: `sealed IS false` is
    not one it can prove from them, and it read every code of the survey instead."""
    municipality, survey = bindparam("sealing_municipality"), bindparam("sealing_survey")
    unsealed_responses = select(Response.id).where(
        Response.municipality_id == municipality,
        Response.survey_id == survey,
        not_(Response.sealed),
    )
    # the answers are named through their responses, which name the municipality: a
    # condition on the answers' own column made the planner read the index of every answer
    # of the municipality once per response (about 0.6 ms each at 18,000)
    answers = rewrite_statement(
        SurveyAnswer.__table__, SurveyAnswer.response_id.in_(unsealed_responses)
    )
    sealed = (
        rewrite_statement(
            model.__table__,
            and_(model.municipality_id == municipality, model.survey_id == survey, *condition),
            sealing=True,
            close=close,
        )
        for model, condition in (
            (StaffToken, [StaffToken.used, not_(StaffToken.sealed)]),
            (BrowserParticipation, [not_(BrowserParticipation.sealed)]),
            (Response, [not_(Response.sealed)]),
        )
    )
    return (answers, *sealed)


def _rewrite(parts: list[tuple[type, object]]) -> list[int]:
    """SQLite (`flask surveys reseal`): delete the rows of each (model, condition) and insert
    them again in primary-key order.

    `parts` lists parents before children. Rows are copied to temporary tables first, deleted
    children first and inserted parents first; they stay in the database, never through
    Python. Returns the number of rows of each part.
    """
    db.session.flush()
    current = current_municipality_id()  # Core statements: the ORM's scoping does not see them
    parts = [
        (model, and_(model.municipality_id == current, condition)) for model, condition in parts
    ]
    copies = [
        (model.__table__, condition, _copy_of(model.__table__, condition))
        for model, condition in parts
    ]
    for table, condition, _copy in reversed(copies):
        db.session.execute(delete(table).where(condition))
    counts = []
    for table, _condition, copy in copies:
        columns = [column.name for column in table.columns]
        restored = insert(table).from_select(columns, _in_key_order(copy, table))
        counts.append(rewrite(restored, {}))
        copy.drop(db.session.connection())
    db.session.expire_all()
    return counts


def _in_key_order(rows, table: Table):
    """SELECT every column of `rows` (a copy of `table`'s rows) in `table`'s primary-key order."""
    return select(*(rows.c[column.name] for column in table.columns)).order_by(
        *(rows.c[column.name] for column in table.primary_key.columns)
    )


def _copy_of(table: Table, condition: object) -> Table:
    """A temporary table holding the rows of `table` that meet `condition`."""
    copy = Table(
        f"resealing_{table.name}",
        MetaData(),
        *(Column(column.name, column.type) for column in table.columns),
        prefixes=["TEMPORARY"],
    )
    copy.create(db.session.connection())
    columns = [column.name for column in table.columns]
    db.session.execute(insert(copy).from_select(columns, select(table).where(condition)))
    return copy
