"""Models of budget hearings: the yearly cycle with its statutory calendar, the plan of hearings,
the imported draft budget, citizens' capital-investment proposals and the changes made to the
draft as a result of the hearings.

Amounts are stored in euro cents (whole numbers), so that sums are exact in every database.
"""

import datetime as dt
from functools import lru_cache

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.comments.models import ANSWER_HAS_REASON
from consult.core.labels import BUDGET_CATEGORIES, HEARING_AUDIENCES, OUTCOMES
from consult.core.models import Consultation, Directorate, LocalCommunity, utcnow
from consult.core.records import one_of
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db
from consult.hearings.importer import normalise
from consult.meetings.models import Meeting
from consult.polls.models import Project

#: economic categories of the municipal budget
PHOTO_TYPES = ("jpeg", "png")
DRAFT_FILE_TYPES = ("csv", "xlsx")


class HearingCycle(MunicipalityOwned, db.Model):
    """One budget year's hearing cycle of a budget-hearing consultation, with its milestones."""

    __tablename__ = "hearing_cycles"
    __table_args__ = (
        UniqueConstraint("consultation_id", "budget_year", name="consultation_budget_year"),
        CheckConstraint("budget_year BETWEEN 2000 AND 2100", name="budget_year_plausible"),
        CheckConstraint(
            "circular2_due >= mtbf_due AND approval_due >= circular2_due",
            name="milestones_in_order",
        ),
        CheckConstraint(
            "draft_file_type IS NULL OR " + one_of("draft_file_type", DRAFT_FILE_TYPES),
            name="draft_file_type_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the budget-hearing consultation this cycle belongs to
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: the year the budget is for (hearings and approval happen the year before)
    budget_year: Mapped[int]
    #: the municipal Medium-Term Budget Framework goes to the Ministry of Finance (BH-CALENDAR)
    mtbf_due: Mapped[dt.date] = mapped_column(Date)
    #: the budget proposal after Budget Circular 2 goes to the Ministry
    circular2_due: Mapped[dt.date] = mapped_column(Date)
    #: the Municipal Assembly approves the budget; every hearing must be held before it
    approval_due: Mapped[dt.date] = mapped_column(Date)
    #: the imported draft budget file, kept under a random name in the upload folder
    draft_stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: the uploaded file's own name, for the download
    draft_original_name: Mapped[str | None] = mapped_column(String(255))
    #: csv or xlsx, as found in the content
    draft_file_type: Mapped[str | None] = mapped_column(String(10))
    #: when the current draft was imported
    draft_imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    hearings: Mapped[list["PlannedHearing"]] = relationship(
        back_populates="cycle",
        order_by="PlannedHearing.planned_on",
        cascade="all, delete-orphan",
    )
    lines: Mapped[list["BudgetLine"]] = relationship(
        back_populates="cycle", order_by="BudgetLine.position", cascade="all, delete-orphan"
    )
    proposals: Mapped[list["CapitalProposal"]] = relationship(
        back_populates="cycle", order_by="CapitalProposal.id", cascade="all, delete-orphan"
    )
    programme_names: Mapped[list["ProgrammeName"]] = relationship(
        back_populates="cycle", order_by="ProgrammeName.programme", cascade="all, delete-orphan"
    )

    def programme_entry(self, programme: str) -> "ProgrammeName | None":
        """The names given to `programme`: written exactly so, or else written the same way
        but for case, accents and punctuation (a new file may write "RRUGET" for "Rrugët")."""
        entries = self.programme_names
        exact, close = _programme_lookup(tuple(entry.programme for entry in entries))
        index = exact.get(programme)
        if index is None:
            index = close.get(normalise(programme))
        return None if index is None else entries[index]


@lru_cache(maxsize=64)
def _programme_lookup(programmes: tuple[str, ...]) -> tuple[dict[str, int], dict[str, int]]:
    """Where each programme of a cycle's list of names is, as written and as `normalise`
    writes it (the first of equals), worked out once per list: a page of the draft budget
    asks for every line's programme, and comparing each with every name cost
    lines × names × 2 normalisations a page."""
    exact: dict[str, int] = {}
    close: dict[str, int] = {}
    for index, programme in enumerate(programmes):
        exact.setdefault(programme, index)
        close.setdefault(normalise(programme), index)
    return exact, close


class PlannedHearing(MunicipalityOwned, db.Model):
    """A hearing in the plan: for a local community and/or an audience, on a date, at a place."""

    __tablename__ = "planned_hearings"
    __table_args__ = (
        CheckConstraint(one_of("audience", HEARING_AUDIENCES), name="audience_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("hearing_cycles.id"), index=True)
    #: the local community the hearing is held for; None for a municipality-wide audience
    local_community_id: Mapped[int | None] = mapped_column(ForeignKey("local_communities.id"))
    #: village_council, business, professional, youth, disability, women or general
    audience: Mapped[str] = mapped_column(String(20))
    #: the day the hearing is planned for
    planned_on: Mapped[dt.date] = mapped_column(Date)
    #: where it takes place, as the invitation says it
    place: Mapped[str] = mapped_column(String(200))
    #: the day it was announced to the public (MS-MEETING-NOTICE); None while not announced
    announced_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    cycle: Mapped[HearingCycle] = relationship(back_populates="hearings")
    local_community: Mapped[LocalCommunity | None] = relationship()


class BudgetLine(MunicipalityOwned, db.Model):
    """One line of the draft budget: a directorate's programme in one economic category."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint(
            "cycle_id", "directorate_id", "programme", "category", name="cycle_line_unique"
        ),
        CheckConstraint(one_of("category", BUDGET_CATEGORIES), name="category_known"),
        CheckConstraint("current_cents >= 0", name="current_not_negative"),
        CheckConstraint("proposed_cents >= 0", name="proposed_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("hearing_cycles.id"), index=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorates.id"))
    #: the programme's name as the finance directorate's file writes it
    programme: Mapped[str] = mapped_column(String(200))
    #: wages, goods_services, utilities, subsidies or capital
    category: Mapped[str] = mapped_column(String(20))
    #: this year's budget of the line, in euro cents
    current_cents: Mapped[int] = mapped_column(BigInteger)
    #: the proposed amount for the budget year, in euro cents (changed by BudgetChange)
    proposed_cents: Mapped[int] = mapped_column(BigInteger)
    #: order of the line in the imported file
    position: Mapped[int] = mapped_column(default=0)

    cycle: Mapped[HearingCycle] = relationship(back_populates="lines")
    directorate: Mapped[Directorate] = relationship()
    changes: Mapped[list["BudgetChange"]] = relationship(
        back_populates="line", order_by="BudgetChange.id", cascade="all, delete-orphan"
    )

    @property
    def programme_name(self) -> dict[str, str]:
        """The programme's name as {locale: text}: the file's name is the Albanian one (the
        finance directorate writes in Albanian), the translations given in the back office
        add the other languages (and may correct the Albanian)."""
        names = {PROGRAMME_FILE_LOCALE: self.programme}
        entry = self.cycle.programme_entry(self.programme)
        if entry is not None:
            names.update({k: v for k, v in (entry.names or {}).items() if str(v).strip()})
        return names


#: the language the finance directorate's import file writes programme names in
PROGRAMME_FILE_LOCALE = "sq"


class ProgrammeName(MunicipalityOwned, db.Model):
    """A programme's name in every language, for one cycle. The finance directorate's file
    names the programme (the key, kept as the file writes it); the translations are given in
    the back office and stay when the draft budget is imported again."""

    __tablename__ = "programme_names"
    __table_args__ = (UniqueConstraint("cycle_id", "programme", name="cycle_programme_unique"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("hearing_cycles.id"), index=True)
    #: the programme's name as the finance directorate's file writes it
    programme: Mapped[str] = mapped_column(String(200))
    #: {locale: the programme's name}
    names: Mapped[dict] = mapped_column(JSON, default=dict)

    cycle: Mapped[HearingCycle] = relationship(back_populates="programme_names")


class CapitalProposal(MunicipalityOwned, db.Model):
    """A citizen's proposal for a capital investment, with the municipality's answer."""

    __tablename__ = "capital_proposals"
    __table_args__ = (
        CheckConstraint("estimated_cents >= 0", name="cost_not_negative"),
        CheckConstraint("outcome IS NULL OR " + one_of("outcome", OUTCOMES), name="outcome_known"),
        CheckConstraint(ANSWER_HAS_REASON, name="answer_has_reason"),
        CheckConstraint(
            "forwarded_project_id IS NULL OR outcome IN ('accepted', 'partly_accepted')",
            name="forwarded_only_when_accepted",
        ),
        CheckConstraint(
            "photo_type IS NULL OR " + one_of("photo_type", PHOTO_TYPES), name="photo_type_known"
        ),
        CheckConstraint(
            "notify_confirmed_at IS NULL OR notify_answer", name="notice_confirmed_when_asked"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("hearing_cycles.id"), index=True)
    #: what the proposer calls the project
    title: Mapped[str] = mapped_column(String(200))
    local_community_id: Mapped[int] = mapped_column(ForeignKey("local_communities.id"))
    #: the proposer's estimate, in euro cents
    estimated_cents: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text)
    #: the language the proposer wrote in (a locale code)
    language: Mapped[str] = mapped_column(String(10), default="sq")
    #: the photo, re-encoded without metadata, under a random name; None without a photo
    photo_stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: jpeg or png, as found in the content
    photo_type: Mapped[str | None] = mapped_column(String(10))
    #: the proposer's name and e-mail, used to answer only and never shown publicly
    proposer_name: Mapped[str] = mapped_column(String(200))
    proposer_email: Mapped[str] = mapped_column(String(254))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: accepted, partly_accepted or rejected; None while unanswered
    outcome: Mapped[str | None] = mapped_column(String(20))
    #: {locale: the officer's reason for the answer}; at least one language with an outcome
    reason: Mapped[dict] = mapped_column(JSON, default=dict)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the candidate project this proposal became on a capital-projects poll's ballot; None
    #: while not forwarded (or after the poll's officers removed the project again)
    forwarded_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("poll_projects.id", ondelete="SET NULL"), unique=True
    )
    #: the officer's note on the forwarding (e.g. cost revised)
    forward_note: Mapped[str] = mapped_column(Text, default="")
    forwarded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: the proposer asked to be e-mailed when the municipality answers
    notify_answer: Mapped[bool] = mapped_column(default=False)
    #: when the proposer followed the e-mail link confirming that request (the address is
    #: not confirmed otherwise): the answer is mailed only then
    notify_confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    cycle: Mapped[HearingCycle] = relationship(back_populates="proposals")
    local_community: Mapped[LocalCommunity] = relationship()
    forwarded_project: Mapped[Project | None] = relationship()

    @property
    def forwarded_to_poll(self) -> bool:
        """Whether the proposal is a candidate project on a capital-projects poll."""
        return self.forwarded_project_id is not None


class BudgetChange(MunicipalityOwned, db.Model):
    """A change to a line of the draft budget made as a result of the hearings."""

    __tablename__ = "budget_changes"
    __table_args__ = (
        CheckConstraint("before_cents >= 0", name="before_not_negative"),
        CheckConstraint("after_cents >= 0", name="after_not_negative"),
        CheckConstraint("after_cents <> before_cents", name="amount_changes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), index=True)
    #: the proposed amount before and after the change, in euro cents
    before_cents: Mapped[int] = mapped_column(BigInteger)
    after_cents: Mapped[int] = mapped_column(BigInteger)
    #: {locale: reason}, shown in the hearing report
    reason: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the proposal the change answers, if any
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("capital_proposals.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    line: Mapped[BudgetLine] = relationship(back_populates="changes")
    proposal: Mapped[CapitalProposal | None] = relationship()


# ---------------------------------------------------------------- meetings and the report
# (comments on the draft budget are `consult.comments.models.Comment` with a `cycle_id`)

#: who an invitation to a hearing went to (BH-GENDER)
INVITEE_KINDS = ("gender_officer", "womens_organisation", "other")


#: a comment from the public form, or raised from the floor and recorded by an officer
class HeldHearing(MunicipalityOwned, db.Model):
    """The link of a planned hearing to the core public meeting that held it."""

    __tablename__ = "held_hearings"

    #: the planned hearing that was held
    planned_hearing_id: Mapped[int] = mapped_column(
        ForeignKey("planned_hearings.id"), primary_key=True
    )
    #: the core meeting with minutes and attendance by gender
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), unique=True)

    planned_hearing: Mapped[PlannedHearing] = relationship()
    meeting: Mapped[Meeting] = relationship()


class HearingAttendance(MunicipalityOwned, db.Model):
    """People present at a held hearing from one audience, by gender (BH-GENDER).

    The core meeting's attendance by gender is always the sum of these rows.
    """

    __tablename__ = "hearing_attendances"
    __table_args__ = (
        UniqueConstraint("meeting_id", "audience", name="meeting_audience_unique"),
        CheckConstraint(one_of("audience", HEARING_AUDIENCES), name="audience_known"),
        CheckConstraint("women >= 0 AND men >= 0 AND other >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    #: one of HEARING_AUDIENCES
    audience: Mapped[str] = mapped_column(String(20))
    #: people present from this audience, by gender
    women: Mapped[int] = mapped_column(default=0)
    men: Mapped[int] = mapped_column(default=0)
    other: Mapped[int] = mapped_column(default=0)


class InvitationLog(MunicipalityOwned, db.Model):
    """An invitation to a hearing sent to the gender-equality officer or a women's organisation."""

    __tablename__ = "invitation_logs"
    __table_args__ = (
        CheckConstraint(one_of("invitee_kind", INVITEE_KINDS), name="invitee_kind_known"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    #: gender_officer, womens_organisation or other
    invitee_kind: Mapped[str] = mapped_column(String(30))
    #: the person's or organisation's name
    name: Mapped[str] = mapped_column(String(200))
    #: the day the invitation was sent
    sent_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class HearingReport(MunicipalityOwned, db.Model):
    """The publication of a cycle's hearing report (the chair's review of it is
    `consult.core.review_models`)."""

    __tablename__ = "hearing_reports"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("hearing_cycles.id"), primary_key=True)
    published_on: Mapped[dt.date] = mapped_column(Date)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    cycle: Mapped[HearingCycle] = relationship()
