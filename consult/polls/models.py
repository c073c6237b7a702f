"""Models of the polls feature: the poll, its projects, the voter list, and the secret ballot.

Who voted (`Participation`) and what was voted (`Ballot`) are separate tables with no key,
timestamp finer than a day, or ordering in common. On SQLite both are `WITHOUT ROWID` tables, so
their stored order follows the random primary key and not the order of insertion. On PostgreSQL
every vote rewrites the poll's rows that are not yet `sealed`, in key order, so that a row's
transaction stamp and place are shared with at least `POLL_SEAL_BATCH` others
(`consult/polls/ballot_box.py`).
"""

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.labels import BALLOT_CHANNELS, POLL_GENDERS
from consult.core.models import Consultation, Translated, utcnow
from consult.core.money import Amount, ExactAmount
from consult.core.records import one_of
from consult.core.revisions import UNKNOWN_REVISION, new_revision
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db
from consult.polls.rule_names import ORDINAL_SCORINGS, RULES

BALLOT_TYPES = ("approval", "knapsack", "cumulative", "ranking", "choose_one")
#: the `selected` codes of a Pabulib file: 0 not funded, 1 funded by the rule, 2 and 3 funded
#: by the city outside its rule (below a threshold, an award, reserve funds)
CITY_SELECTIONS = (0, 1, 2, 3)
AGE_BANDS = ("under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
BATCH_STATUSES = ("open", "accepted")
CODE_STEPS = ("sms", "email")


def new_ballot_id() -> str:
    """A random UUID: nothing about the voter or the moment of voting is in it."""
    return str(uuid.uuid4())


class Poll(MunicipalityOwned, db.Model):
    """The settings of a capital-projects poll; locked once the first person has voted."""

    __tablename__ = "polls"
    __table_args__ = (
        CheckConstraint(one_of("ballot_type", BALLOT_TYPES), name="ballot_type_known"),
        CheckConstraint(one_of("rule", RULES), name="rule_known"),
        CheckConstraint("budget > 0", name="budget_positive"),
        CheckConstraint("min_projects >= 0", name="min_projects_not_negative"),
        CheckConstraint(
            "max_projects IS NULL OR max_projects >= min_projects", name="max_not_below_min"
        ),
        CheckConstraint("points IS NULL OR points > 0", name="points_positive"),
        CheckConstraint("top_k IS NULL OR top_k > 0", name="top_k_positive"),
        CheckConstraint("threshold >= 0", name="threshold_not_negative"),
        CheckConstraint("minimum_age >= 0", name="minimum_age_not_negative"),
        CheckConstraint(one_of("ordinal_scoring", ORDINAL_SCORINGS), name="ordinal_scoring_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the consultation (kind "capital_poll") this poll belongs to; one poll each
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    #: money available for the projects, in `currency` (whole, or with decimals from a file)
    budget: Mapped[ExactAmount] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    #: approval, knapsack (total cost within the budget), cumulative (points), ranking,
    #: choose_one
    ballot_type: Mapped[str] = mapped_column(String(20), default="approval")
    #: how many projects a ballot must / may name (approval, knapsack, ranking)
    min_projects: Mapped[int] = mapped_column(default=0)
    max_projects: Mapped[int | None]
    #: points each voter distributes (cumulative)
    points: Mapped[int | None]
    #: how many projects a ranking names at most
    top_k: Mapped[int | None]
    #: counting rule, one of RULES; an imported file whose rule is none of them ("unknown",
    #: "greedy-custom") keeps its own in `pb_meta` and is counted by the one the officer chose
    rule: Mapped[str] = mapped_column(String(30), default="greedy")
    #: ranking ballots: "positions" (first of k named gets k points, the last 1) or "borda"
    ordinal_scoring: Mapped[str] = mapped_column(
        String(12), default="positions", server_default="positions"
    )
    #: minimum support (votes or points) a project needs under greedy-threshold
    threshold: Mapped[int] = mapped_column(default=0)
    #: youngest age allowed to vote, counted by birth year
    minimum_age: Mapped[int] = mapped_column(default=16)
    #: which verification steps a voter must pass
    verify_voter_list: Mapped[bool] = mapped_column(default=True)
    verify_email: Mapped[bool] = mapped_column(default=False)
    verify_sms: Mapped[bool] = mapped_column(default=False)
    #: the META section of an imported .pb file, kept for the export
    pb_meta: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: renewed (a new random token, `new_revision`) in the transaction of every change to the
    #: poll, its consultation, its projects or the local communities (consult/polls/revisions.py):
    #: each worker compares it with the copy it keeps for the voting pages
    revision: Mapped[str] = mapped_column(
        String(16), default=new_revision, server_default=UNKNOWN_REVISION
    )

    consultation: Mapped[Consultation] = relationship()
    projects: Mapped[list["Project"]] = relationship(
        back_populates="poll", order_by="Project.id", cascade="all, delete-orphan"
    )


class Project(MunicipalityOwned, db.Model):
    """A candidate capital project on a poll's ballot."""

    __tablename__ = "poll_projects"
    __table_args__ = (
        CheckConstraint("cost > 0", name="cost_positive"),
        CheckConstraint(
            f"city_selection IS NULL OR city_selection IN {CITY_SELECTIONS}",
            name="city_selection_known",
        ),
        UniqueConstraint("poll_id", "code", name="uq_poll_projects_poll_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    #: short code keyed on paper ballots and used as the project id in .pb files
    code: Mapped[str] = mapped_column(String(40))
    #: {locale: text}
    title: Mapped[dict] = mapped_column(Translated, default=dict)
    description: Mapped[dict] = mapped_column(Translated, default=dict)
    #: estimated cost in the poll's currency (whole, or with decimals from a file)
    cost: Mapped[ExactAmount] = mapped_column(Amount)
    #: an imported project: the file's `selected` code (CITY_SELECTIONS), what the city funded
    city_selection: Mapped[int | None]
    #: greedy-exclusive: projects with the same label exclude each other (the same site)
    exclusive_group: Mapped[str | None] = mapped_column(String(40))
    local_community_id: Mapped[int | None] = mapped_column(ForeignKey("local_communities.id"))
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"))
    #: random file name of the photo under the upload folder, if any
    photo: Mapped[str | None] = mapped_column(String(64))

    poll: Mapped[Poll] = relationship(back_populates="projects")
    local_community = relationship("LocalCommunity")
    directorate = relationship("Directorate")


class VoterListEntry(MunicipalityOwned, db.Model):
    """One eligible voter, known only by a keyed hash of the personal number."""

    __tablename__ = "poll_voter_list"
    __table_args__ = (
        UniqueConstraint("poll_id", "identity_hash", name="uq_poll_voter_list_identity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"))
    #: HMAC-SHA256 of the personal number with the POLL_IDENTITY_KEY (hex)
    identity_hash: Mapped[str] = mapped_column(String(64))
    birth_year: Mapped[int]
    #: "female" or "male" where the list gives it, for the breakdown of results
    gender: Mapped[str | None] = mapped_column(String(6))
    local_community_id: Mapped[int | None] = mapped_column(ForeignKey("local_communities.id"))


class Participation(MunicipalityOwned, db.Model):
    """That someone voted in a poll, and how: never what they voted."""

    __tablename__ = "poll_participations"
    __table_args__ = (
        CheckConstraint(one_of("channel", BALLOT_CHANNELS), name="channel_known"),
        #: the rows the next vote rewrites (ballot_box.seal); PostgreSQL only, as the sealing
        Index(
            "ix_poll_participations_unsealed",
            "poll_id",
            "municipality_id",
            postgresql_where=text("NOT sealed"),
        ).ddl_if(dialect="postgresql"),
        {"sqlite_with_rowid": False},
    )

    #: with the identity hash, the primary key is the one-person-one-vote guard
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), primary_key=True)
    #: HMAC of the personal number (or of the verified e-mail address or phone number)
    identity_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    #: the day only: a finer time could be matched with a ballot
    day: Mapped[dt.date] = mapped_column(Date)
    #: rewritten for the last time (PostgreSQL; see consult/polls/ballot_box.py): chosen by
    #: key order among the unsealed rows, never by time
    sealed: Mapped[bool] = mapped_column(default=False, server_default=false())


class Ballot(MunicipalityOwned, db.Model):
    """What one voter chose, with nothing that points back to the voter."""

    __tablename__ = "poll_ballots"
    __table_args__ = (
        CheckConstraint(one_of("channel", BALLOT_CHANNELS), name="channel_known"),
        CheckConstraint(f"gender IS NULL OR {one_of('gender', POLL_GENDERS)}", name="gender_known"),
        CheckConstraint(f"age_band IS NULL OR {one_of('age_band', AGE_BANDS)}", name="age_known"),
        #: every column the results page groups the ballots by (report._ballots), after the
        #: poll and the municipality every statement is scoped to, so SQLite reads the index
        #: alone and in its order (bench/README.md: 211 → 57 ms for 100,000 ballots; 118 →
        #: 16 ms with the municipality, migration 0041). SQLite only: PostgreSQL has no
        #: B-tree for `json`, and reads the table fast enough there
        Index(
            "ix_poll_ballots_counting",
            "poll_id",
            "municipality_id",
            "choices",
            "channel",
            "age_band",
            "gender",
            "local_community_id",
        ).ddl_if(dialect="sqlite"),
        Index(
            "ix_poll_ballots_unsealed",
            "poll_id",
            "municipality_id",
            postgresql_where=text("NOT sealed"),
        ).ddl_if(dialect="postgresql"),
        {"sqlite_with_rowid": False},
    )

    #: a random UUID
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_ballot_id)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))
    #: project ids: a list (approval, knapsack, choose_one; a ranking in order) or
    #: {project id: points} (cumulative)
    choices: Mapped[list | dict] = mapped_column(JSON)
    #: SHA-256 of the receipt code the voter keeps; paper and imported ballots have none
    receipt_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: coarse facts for the breakdowns, shown only through small-group suppression
    age_band: Mapped[str | None] = mapped_column(String(10))
    gender: Mapped[str | None] = mapped_column(String(6))
    local_community_id: Mapped[int | None] = mapped_column(ForeignKey("local_communities.id"))
    #: as `Participation.sealed`, chosen independently, by this table's key order
    sealed: Mapped[bool] = mapped_column(default=False, server_default=false())


class PendingCode(MunicipalityOwned, db.Model):
    """A one-time voting code on its way to a voter: its keyed digest, expiry and tries left.

    Kept on the server, so that sending an earlier session cookie again gives no new tries. The
    session holds the random `id` and the keyed hash of the address or number; this row holds
    neither, and is deleted when the code is right, has expired or has had its tries.
    """

    __tablename__ = "poll_pending_codes"
    __table_args__ = (
        CheckConstraint(one_of("step", CODE_STEPS), name="step_known"),
        CheckConstraint("tries >= 0", name="tries_not_negative"),
    )

    #: random, 32 bytes in URL-safe base64; known only to the visitor's session
    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"))
    #: "sms" or "email"
    step: Mapped[str] = mapped_column(String(5))
    #: keyed digest of the code and the target's hash (services.code_digest), never the code
    digest: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    #: wrong (or any) codes tried so far
    tries: Mapped[int] = mapped_column(default=0)


class PaperBatch(MunicipalityOwned, db.Model):
    """A pile of paper ballots from one meeting or polling place, entered by double keying."""

    __tablename__ = "poll_paper_batches"
    __table_args__ = (CheckConstraint(one_of("status", BATCH_STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    #: where the ballots come from, e.g. "Banjë village council, 12 May"
    label: Mapped[str] = mapped_column(String(200))
    #: the day the ballots were cast
    day: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[dt.date | None] = mapped_column(Date)

    entries: Mapped[list["PaperBatchEntry"]] = relationship(
        back_populates="batch", order_by="PaperBatchEntry.id", cascade="all, delete-orphan"
    )


class PaperBatchEntry(MunicipalityOwned, db.Model):
    """One officer's keying of a whole batch; two keyings by two officers must match."""

    __tablename__ = "poll_paper_batch_entries"
    __table_args__ = (
        UniqueConstraint("batch_id", "officer_id", name="uq_poll_paper_batch_entries_officer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("poll_paper_batches.id"))
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: identity hashes of the people on the batch's sign-in sheet, sorted (no order)
    voters: Mapped[list] = mapped_column(JSON, default=list)
    #: the ballots as keyed, one list of choices each, in the order of the pile
    ballots: Mapped[list] = mapped_column(JSON, default=list)
    keyed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    batch: Mapped[PaperBatch] = relationship(back_populates="entries")
