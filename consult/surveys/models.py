"""Models of the surveys feature: questionnaires, staff access codes, responses.

Anonymity lives in the schema (DESIGN.md, "anonymous surveys"):

* ``StaffToken`` keeps only the HMAC of an access code, its directorate and a ``used`` flag:
  no time, no recipient, nothing that points to a response.
* ``Response`` has a random UUID key, the survey, the day (no time) and, for staff surveys, the
  directorate copied from the token. No IP address, user agent or token reference.
* ``BrowserParticipation`` (citizen surveys with one response per browser) keeps the HMAC of a
  random cookie id, with no time and no link to the response.
* ``ReminderAddress`` (the reminder list of e-mailed codes, until the survey closes) keeps an
  address and a language under a random key: no invitation, seed, code, directorate or time.
* The answer-side tables, the token table and the participation table are ``WITHOUT ROWID``
  on SQLite: stored in the order of their random keys, so a dump does not list them in the
  order people answered (tests/surveys/test_anonymity_dump.py).

Remaining risks, and what covers them:

* PostgreSQL keeps rows roughly in insertion order (``ctid``) and stamps each with the id of
  the transaction that wrote it (``xmin``); the transaction that marks a code used also writes
  its response. So each submission, under a lock on the survey row, rewrites the survey's
  used codes, browser records and responses (with their answers) that are not yet
  ``sealed``, in key order, and once 2B of a table are unsealed seals all but B of them
  (``services.seal``, B = ``SURVEY_SEAL_BATCH``): every ``xmin`` left is shared by at least B
  rows of each table, and within such a group rows sit in key order. The dead copies stay in
  the data files until ``VACUUM``, and the WAL and its archives keep every write in order;
  reading them needs superuser or file access. Run ``flask surveys reseal <survey id>`` (it
  seals the last group) and ``VACUUM`` when the survey closes, keep ``log_statement`` below
  ``mod``, and keep WAL archives and backups of an open survey short-lived.
* SQLite's write-ahead log or journal and database backups hold old pages until checkpointed
  or rotated; WAL frames are in write order. Checkpoint (``PRAGMA wal_checkpoint(TRUNCATE)``)
  after resealing and keep backups of an open survey short-lived.
* Web-server access logs record the time and address of each request. The links on slips and
  in invitations carry the code in the fragment (``#c=...``), which browsers never send, and
  the code form posts it, so no code reaches a log; keep client addresses out of the access
  log (``gunicorn.conf.py`` does), or a submission's time and address stay there.
* The day and directorate of a response are public by design: a directorate in which only one
  person answered on a given day is only protected by not publishing per-day figures (reports
  show no days; the raw export shows ISO weeks).
"""

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import Consultation, Translated, utcnow
from consult.core.records import one_of
from consult.core.revisions import UNKNOWN_REVISION, new_revision
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db

AUDIENCES = ("staff", "citizen")
QUESTION_TYPES = (
    "single_choice",
    "multiple_choice",
    "likert",
    "likert_matrix",
    "ranking",
    "number",
    "rating",
    "short_text",
    "long_text",
    "date",
    "note",
)
#: the random-order storage of anonymous tables on SQLite (ignored by other databases)
WITHOUT_ROWID = {"sqlite_with_rowid": False}
#: the locales a citizen response may record as its language of answer (`Response.language`)
ANSWER_LANGUAGES = ("sq", "sr_Latn", "sr", "bs", "en")


def new_uuid() -> str:
    """A random (version 4) UUID as text: it says nothing about when a row was written."""
    return str(uuid.uuid4())


class Survey(MunicipalityOwned, db.Model):
    """The questionnaire of a consultation of kind "survey"."""

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint(one_of("audience", AUDIENCES), name="audience_known"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_plausible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the consultation (kind "survey") that announces this questionnaire
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    #: staff (access codes, one response per code) or citizen (open to anyone)
    audience: Mapped[str] = mapped_column(String(10))
    #: the survey year; questions with the same key are compared across years
    year: Mapped[int]
    #: citizen surveys: refuse a second response from the same browser (cookie)
    one_response_per_browser: Mapped[bool] = mapped_column(default=False)
    #: the standard demographic questions the survey asks (citizen surveys)
    ask_gender: Mapped[bool] = mapped_column(default=False)
    ask_age_band: Mapped[bool] = mapped_column(default=False)
    ask_local_community: Mapped[bool] = mapped_column(default=False)
    #: the survey of an earlier year this one was copied from
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id"))
    #: renewed (a new random token, `new_revision`) in the transaction of every change to the
    #: survey or its questionnaire (sections, questions, options, statements:
    #: consult/surveys/revisions.py), so each worker's copy of the questionnaire
    #: (consult/surveys/questionnaire_cache.py) is dropped at the next request anywhere
    revision: Mapped[str] = mapped_column(
        String(16), default=new_revision, server_default=UNKNOWN_REVISION
    )

    consultation: Mapped[Consultation] = relationship()
    sections: Mapped[list["Section"]] = relationship(
        back_populates="survey", order_by="Section.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="survey",
        order_by="Question.position",
        cascade="all, delete-orphan",
    )


class Section(MunicipalityOwned, db.Model):
    """A page of the questionnaire; conditions are evaluated between sections."""

    __tablename__ = "survey_sections"
    __table_args__ = (UniqueConstraint("survey_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    #: 1, 2, ... the order in which respondents see the sections
    position: Mapped[int]
    #: {locale: title}
    title: Mapped[dict] = mapped_column(Translated, default=dict)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="section", order_by="Question.position"
    )


class Question(MunicipalityOwned, db.Model):
    """One question; its `key` is stable across years so results can be compared."""

    __tablename__ = "survey_questions"
    __table_args__ = (
        UniqueConstraint("survey_id", "key"),
        #: one question per place; the builder swaps places through a free (negative) position
        Index("uq_survey_questions_survey_position", "survey_id", "position", unique=True),
        CheckConstraint(one_of("type", QUESTION_TYPES), name="type_known"),
        CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value",
            name="min_not_above_max",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_sections.id"), index=True)
    #: order across the whole survey
    position: Mapped[int]
    #: stable identifier, e.g. "info_from_management"; the same key in another year's copy
    #: is the same question
    key: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(20))
    #: {locale: question text}
    text: Mapped[dict] = mapped_column(Translated, default=dict)
    #: {locale: hint shown under the question}
    hint: Mapped[dict] = mapped_column(Translated, default=dict)
    required: Mapped[bool] = mapped_column(default=False)
    #: fewest/most choices (multiple choice) or the lowest/highest number allowed (number)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    #: show only if an earlier answer matches: {"question": key, "operator": "in", "values": [..]}
    show_if: Mapped[dict | None] = mapped_column(JSON)

    survey: Mapped[Survey] = relationship(back_populates="questions")
    section: Mapped[Section] = relationship(back_populates="questions")
    options: Mapped[list["Option"]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan"
    )
    statements: Mapped[list["Statement"]] = relationship(
        back_populates="question", order_by="Statement.position", cascade="all, delete-orphan"
    )


class Option(MunicipalityOwned, db.Model):
    """A choice of a single-choice, multiple-choice or ranking question."""

    __tablename__ = "survey_options"
    __table_args__ = (UniqueConstraint("question_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id"), index=True)
    #: stable code stored in answers, e.g. "weekly"; same across years
    value: Mapped[str] = mapped_column(String(60))
    #: {locale: label}
    label: Mapped[dict] = mapped_column(Translated, default=dict)
    position: Mapped[int]

    question: Mapped[Question] = relationship(back_populates="options")


class Statement(MunicipalityOwned, db.Model):
    """A row of a Likert matrix: one statement rated on the shared 5-point scale."""

    __tablename__ = "survey_statements"
    __table_args__ = (UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id"), index=True)
    #: stable code stored in answers; same across years
    key: Mapped[str] = mapped_column(String(60))
    #: {locale: statement}
    text: Mapped[dict] = mapped_column(Translated, default=dict)
    position: Mapped[int]

    question: Mapped[Question] = relationship(back_populates="statements")


class StaffToken(MunicipalityOwned, db.Model):
    """An access code of the staff survey, known only by its HMAC.

    Deliberately without a time, a recipient or any reference to the response it opened.
    """

    __tablename__ = "staff_tokens"
    __table_args__ = (
        #: the used codes the next submission rewrites (services.seal); PostgreSQL only
        Index(
            "ix_staff_tokens_unsealed",
            "survey_id",
            "municipality_id",
            postgresql_where=text("used AND NOT sealed"),
        ).ddl_if(dialect="postgresql"),
        WITHOUT_ROWID,
    )

    #: HMAC-SHA256 of the normalised code (hex); the code itself is never stored
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    #: the directorate whose staff received the code; copied to the response
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorates.id"), index=True)
    #: set in the same transaction that stores the response; a used code is refused
    used: Mapped[bool] = mapped_column(default=False)
    #: a used code rewritten for the last time (PostgreSQL, services.seal): chosen by key
    #: order among the unsealed used codes, never by time
    sealed: Mapped[bool] = mapped_column(default=False, server_default=false())


class SurveyInvitation(MunicipalityOwned, db.Model):
    """An access code still to be mailed to one member of staff. The code is derived from
    `seed` with the access-code key (`services.invitation_code`), so the plain code is never
    stored; its hash was registered, among the whole upload's in a shuffled order, when the
    officer queued the list. The address and the seed are erased once the mail has left."""

    __tablename__ = "survey_invitations"
    __table_args__ = (CheckConstraint("attempts >= 0", name="attempts_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorates.id"))
    #: where the code goes; "" once the mail has left
    address: Mapped[str] = mapped_column(String(254), default="")
    #: random; with the access-code key it gives the code; "" once the mail has left
    seed: Mapped[str] = mapped_column(String(64), default="")
    #: the language the mail is written in (the officer's when it was queued)
    language: Mapped[str] = mapped_column(String(10), default="sq")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: when the mail left; None while it waits or after it failed for good
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    #: what the mail server said the last time it refused
    last_error: Mapped[str] = mapped_column(Text, default="")


class BrowserParticipation(MunicipalityOwned, db.Model):
    """A browser that has answered a citizen survey limited to one response per browser."""

    __tablename__ = "survey_browser_participations"
    __table_args__ = (
        #: the rows the next submission rewrites (services.seal); PostgreSQL only
        Index(
            "ix_survey_browser_participations_unsealed",
            "survey_id",
            "municipality_id",
            postgresql_where=text("NOT sealed"),
        ).ddl_if(dialect="postgresql"),
        WITHOUT_ROWID,
    )

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), primary_key=True)
    #: HMAC of the random id in the browser's cookie; no time, no link to the response
    browser_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: as `StaffToken.sealed`, chosen by this table's key order
    sealed: Mapped[bool] = mapped_column(default=False, server_default=false())


class Response(MunicipalityOwned, db.Model):
    """One submitted questionnaire: what was answered, never who answered."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        CheckConstraint(
            f"language IS NULL OR {one_of('language', ANSWER_LANGUAGES)}", name="language_known"
        ),
        #: a staff response (it has a directorate) never stores a language (0030_rates)
        CheckConstraint("language IS NULL OR directorate_id IS NULL", name="no_staff_language"),
        #: the rows the next submission rewrites, their answers with them (services.seal)
        Index(
            "ix_survey_responses_unsealed",
            "survey_id",
            "municipality_id",
            postgresql_where=text("NOT sealed"),
        ).ddl_if(dialect="postgresql"),
        WITHOUT_ROWID,
    )

    #: random UUID: neither a counter nor a time
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    #: staff surveys: the directorate of the access code; None for citizen surveys
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"))
    #: the day of submission, never a time
    day: Mapped[dt.date] = mapped_column(Date)
    #: citizen surveys: the interface language it was answered in (a locale); None for staff
    #: surveys, where a language could single out one person of a small directorate
    language: Mapped[str | None] = mapped_column(String(10))
    #: as `StaffToken.sealed`, chosen by this table's key order; a response's answers are
    #: rewritten with it and sealed with it (they have no flag of their own)
    sealed: Mapped[bool] = mapped_column(default=False, server_default=false())

    answers: Mapped[list["SurveyAnswer"]] = relationship(cascade="all, delete-orphan")


class SurveyAnswer(MunicipalityOwned, db.Model):
    """One value of a response, in columns SQL can count (GROUP BY) on every database.

    single choice: `choice`; multiple choice: one row per chosen option (`item` = `choice`);
    Likert, rating, number: `number`; Likert matrix: one row per statement (`item` = statement
    key, `number` = scale point); ranking: one row per option (`item` = `choice` = option,
    `number` = rank, 1 = first); short and long text: `text`; date: `text` as YYYY-MM-DD; a note
    has no rows.
    """

    __tablename__ = "survey_answers"
    __table_args__ = (
        #: the report counts every question of a survey by its values (bench/README.md),
        #: scoped to the municipality like every statement (migration 0041: 266 → 28 ms
        #: for 300,000 answers on SQLite)
        Index(
            "ix_survey_answers_question_values",
            "question_id",
            "municipality_id",
            "choice",
            "number",
        ),
        WITHOUT_ROWID,
    )

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_responses.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id"), primary_key=True)
    #: the option or statement a row is about; "" for one-value questions
    item: Mapped[str] = mapped_column(String(60), primary_key=True, default="")
    choice: Mapped[str | None] = mapped_column(String(60))
    number: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(Text)


class StaffCount(MunicipalityOwned, db.Model):
    """How many staff a directorate had in a year, entered once a year by the Public
    Information Office or an administrator: the denominator of the staff survey's response
    rate (`consult.surveys.rates`). Changes are audit-logged."""

    __tablename__ = "staff_counts"
    __table_args__ = (
        UniqueConstraint("directorate_id", "year"),
        CheckConstraint("count >= 0", name="count_not_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_plausible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorates.id"), index=True)
    year: Mapped[int]
    count: Mapped[int]


class CodeClaim(MunicipalityOwned, db.Model):
    """An access code held by the browser that entered it, while its holder answers
    (`consult.surveys.claims`): another browser entering the code is refused until the claim
    lapses. Only the code's HMAC, the HMAC of a random id kept in the holder's cookie and when
    the claim lapses: no response, no answer, no address. Deleted in the transaction that marks
    the code used; an abandoned claim is deleted by the next code entry after it lapsed.
    ``StaffToken`` keeps no time: this separate, short-lived table does."""

    __tablename__ = "survey_code_claims"
    __table_args__ = (WITHOUT_ROWID,)

    token_hash: Mapped[str] = mapped_column(
        String(64), ForeignKey("staff_tokens.token_hash", ondelete="CASCADE"), primary_key=True
    )
    #: HMAC of the random id in the holder's claim cookie (not the one-response cookie's)
    browser_hash: Mapped[str] = mapped_column(String(64))
    #: when the claim lapses; renewed while the holder answers (SURVEY_CLAIM_MINUTES)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReminderAddress(MunicipalityOwned, db.Model):
    """An address on a staff survey's reminder list (`consult.surveys.reminders`), kept apart
    from the codes until the survey closes, so that one reminder can go to everyone invited.

    It says who was invited to the survey, never which code they got nor whether they
    answered: no invitation id, seed, code hash, directorate or time, and a random key, so a
    dump lists the rows in an order that is not the upload's."""

    __tablename__ = "survey_reminder_addresses"
    __table_args__ = (UniqueConstraint("survey_id", "address"), WITHOUT_ROWID)

    #: random UUID: neither a counter nor a time
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    address: Mapped[str] = mapped_column(String(254))
    #: the language the reminder is written in (that of the invitation)
    language: Mapped[str] = mapped_column(String(10), default="sq")


class SurveyReminder(MunicipalityOwned, db.Model):
    """One reminder sent to a staff survey's whole reminder list: the n-th of the survey
    (UNIQUE, so two officers clicking at once send one), when and to how many addresses."""

    __tablename__ = "survey_reminders"
    __table_args__ = (
        UniqueConstraint("survey_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("recipients >= 0", name="recipients_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    #: 1 for the survey's first reminder, 2 for the next, ...
    number: Mapped[int]
    queued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recipients: Mapped[int]


class ReminderMessage(MunicipalityOwned, db.Model):
    """An outbox message that carries a survey's reminder: what is deleted (sent or not) once
    the survey closes, so the list has no copy in the outbox either."""

    __tablename__ = "survey_reminder_messages"
    __table_args__ = (WITHOUT_ROWID,)

    outbox_message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="CASCADE"), primary_key=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
