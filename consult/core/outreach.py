"""The outreach log of every consultation: each channel an officer used to reach people (a local
community's notice board, an e-mail list, the municipality's website, Facebook, radio, ...),
on which day, with an optional count (how many notices were posted) and note. Officers keep it
in the back office (`consult.manage`); the hearing report and the chair's annual report count
it. What a channel may be is `consult.core.labels.OUTREACH_CHANNEL_LABELS`.

The rules for an entry are written once (`problems`): the form shows them on its fields and the
service refuses an entry that breaks one, so nothing else can store one either; the database's
CHECK constraints hold the same rules again. Services flush, never commit.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from consult.core.labels import OUTREACH_CHANNEL_LABELS, OUTREACH_CHANNELS
from consult.core.models import Consultation, LocalCommunity, utcnow
from consult.core.records import one_of, record_or_none
from consult.core.services import record_audit
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l

if TYPE_CHECKING:
    from consult.auth.models import User

#: the longest note, in characters
NOTE_MAX = 500
#: the largest count an entry may give (more notices or people than that is a typing slip)
QUANTITY_MAX = 100_000
#: the earliest day an entry may name
EARLIEST_DAY = dt.date(2000, 1, 1)


class OutreachEntry(MunicipalityOwned, db.Model):
    """One use of one channel to reach people about a consultation."""

    __tablename__ = "outreach_log"
    __table_args__ = (
        CheckConstraint(one_of("channel", OUTREACH_CHANNELS), name="channel_known"),
        CheckConstraint(
            "channel <> 'notice_board' OR local_community_id IS NOT NULL",
            name="notice_board_has_community",
        ),
        CheckConstraint("channel <> 'other' OR length(trim(note)) > 0", name="other_has_note"),
        CheckConstraint(
            f"quantity IS NULL OR (quantity >= 1 AND quantity <= {QUANTITY_MAX})",
            name="quantity_in_range",
        ),
        CheckConstraint(f"length(note) <= {NOTE_MAX}", name="note_not_too_long"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: one of OUTREACH_CHANNELS
    channel: Mapped[str] = mapped_column(String(20))
    #: the day the channel was used
    used_on: Mapped[dt.date] = mapped_column(Date)
    #: the local community (required for a notice board; may be given for any channel)
    local_community_id: Mapped[int | None] = mapped_column(ForeignKey("local_communities.id"))
    #: how many, when it says something: notices posted, messages sent, people reached
    quantity: Mapped[int | None] = mapped_column(Integer)
    #: what the officer wants to remember (plain text; says what "other" was)
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    local_community: Mapped[LocalCommunity | None] = relationship()
    #: the mapper finds `consult.auth.models.User` by name: core imports no feature
    recorded_by: Mapped["User | None"] = relationship()

    @property
    def label(self) -> str:
        """The channel's name in the reader's language."""
        return str(OUTREACH_CHANNEL_LABELS[self.channel])


class OutreachRefused(Exception):
    """An entry that breaks a rule of `problems`; `message` says which (translated)."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def problems(
    channel: str | None,
    used_on: dt.date | None,
    local_community_id: int | None,
    quantity: int | None,
    note: str | None,
    today: dt.date,
) -> dict[str, object]:
    """What is wrong with an entry, as {field name: translated message}; empty when nothing.

    The channel must be one of the list, the day not after `today` (the log records what was
    done) nor before 2000, a notice board names its local community (one that exists), "other"
    says in its note what it was, a count is 1 to QUANTITY_MAX, and the note is plain text of
    at most NOTE_MAX characters."""
    found: dict[str, object] = {}
    if channel not in OUTREACH_CHANNELS:
        found["channel"] = _l("Choose one of the channels in the list.")
    if used_on is None:
        found["used_on"] = _l("Enter the day the channel was used.")
    elif used_on > today:
        found["used_on"] = _l(
            "The day cannot be in the future: record a channel once it has been used."
        )
    elif used_on < EARLIEST_DAY:
        found["used_on"] = _l("Enter a day from the year 2000 on.")
    if (
        local_community_id is not None
        and record_or_none(LocalCommunity, local_community_id) is None
    ):
        found["local_community_id"] = _l("Choose a local community from the list.")
    elif channel == "notice_board" and local_community_id is None:
        found["local_community_id"] = _l("Choose the local community whose notice board it was.")
    if quantity is not None and not 1 <= quantity <= QUANTITY_MAX:
        found["quantity"] = _l(
            "Enter a whole number from 1 to %(maximum)s, or leave it empty.", maximum=QUANTITY_MAX
        )
    text = note or ""
    if any(c in "<>" for c in text):
        found["note"] = _l("The note is plain text: angle brackets (HTML tags) are not allowed.")
    elif any(ord(c) < 32 and c not in "\r\n\t" for c in text):
        found["note"] = _l("The text contains characters that are not allowed.")
    elif len(text) > NOTE_MAX:
        found["note"] = _ln(
            "The note is too long: at most %(count)s character.",
            "The note is too long: at most %(count)s characters.",
            NOTE_MAX,
            count=NOTE_MAX,
        )
    elif channel == "other" and not text.strip():
        found["note"] = _l("Say in the note what the channel was.")
    return found


def entries_of(consultation: Consultation) -> list[OutreachEntry]:
    """The consultation's outreach log, newest day first."""
    query = (
        select(OutreachEntry)
        .where(OutreachEntry.consultation_id == consultation.id)
        .options(selectinload(OutreachEntry.local_community))
        .order_by(OutreachEntry.used_on.desc(), OutreachEntry.id.desc())
    )
    return list(db.session.scalars(query))


def add_entry(
    consultation: Consultation,
    channel: str,
    used_on: dt.date | None,
    today: dt.date,
    local_community_id: int | None = None,
    quantity: int | None = None,
    note: str = "",
    actor_id: int | None = None,
) -> OutreachEntry:
    """Record that `channel` was used on `used_on` (audit-logged); raises `OutreachRefused`
    with the first problem (`problems`) and then stores nothing."""
    note = (note or "").strip()
    found = problems(channel, used_on, local_community_id, quantity, note, today)
    if found:
        raise OutreachRefused(next(iter(found.values())))
    entry = OutreachEntry(
        consultation_id=consultation.id,
        channel=channel,
        used_on=used_on,
        local_community_id=local_community_id,
        quantity=quantity,
        note=note,
        recorded_by_id=actor_id,
    )
    db.session.add(entry)
    db.session.flush()
    record_audit(
        "consultation.outreach_added",
        f"consultation:{consultation.id}",
        actor_id,
        entry=entry.id,
        channel=channel,
        used_on=used_on.isoformat(),
    )
    return entry


def entry_of(consultation: Consultation, entry_id: int) -> OutreachEntry | None:
    """The entry `entry_id` of this consultation's log, or None (also another's entry)."""
    entry = record_or_none(OutreachEntry, entry_id)
    return entry if entry is not None and entry.consultation_id == consultation.id else None


def delete_entry(entry: OutreachEntry, actor_id: int | None = None) -> None:
    """Remove an entry from its consultation's log (audit-logged with what it said)."""
    record_audit(
        "consultation.outreach_deleted",
        f"consultation:{entry.consultation_id}",
        actor_id,
        entry=entry.id,
        channel=entry.channel,
        used_on=entry.used_on.isoformat(),
        quantity=entry.quantity,
    )
    db.session.delete(entry)
    db.session.flush()


# ---------------------------------------------------------------- what the reports count


@dataclass
class ChannelUse:
    """How one consultation used one channel: how often, from when to when, how many."""

    channel: str
    times: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    #: the counts given, added up; None when no entry gave one
    quantity: int | None = None
    communities: list[LocalCommunity] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(OUTREACH_CHANNEL_LABELS[self.channel])

    def add(self, entry: OutreachEntry) -> None:
        self.times += 1
        self.first = min(self.first or entry.used_on, entry.used_on)
        self.last = max(self.last or entry.used_on, entry.used_on)
        if entry.quantity is not None:
            self.quantity = (self.quantity or 0) + entry.quantity
        if entry.local_community is not None and entry.local_community not in self.communities:
            self.communities.append(entry.local_community)


def channels_used(consultation_ids: list[int]) -> dict[int, list[ChannelUse]]:
    """{consultation id: the channels its log records, in the list's order}; a consultation
    with an empty log is left out."""
    if not consultation_ids:
        return {}
    query = (
        select(OutreachEntry)
        .where(OutreachEntry.consultation_id.in_(consultation_ids))
        .options(selectinload(OutreachEntry.local_community))
        .order_by(OutreachEntry.used_on, OutreachEntry.id)
    )
    found: dict[int, dict[str, ChannelUse]] = {}
    for entry in db.session.scalars(query):
        uses = found.setdefault(entry.consultation_id, {})
        uses.setdefault(entry.channel, ChannelUse(entry.channel)).add(entry)
    return {
        consultation_id: [uses[c] for c in OUTREACH_CHANNELS if c in uses]
        for consultation_id, uses in found.items()
    }


def consultations_per_channel(consultation_ids: list[int]) -> dict[str, int]:
    """{channel: how many of the consultations used it}, every channel in the list's order
    (0 for one none used)."""
    counts = dict.fromkeys(OUTREACH_CHANNELS, 0)
    if not consultation_ids:
        return counts
    query = (
        select(OutreachEntry.channel, OutreachEntry.consultation_id)
        .where(OutreachEntry.consultation_id.in_(consultation_ids))
        .distinct()
    )
    for channel, _consultation_id in db.session.execute(query):
        if channel in counts:
            counts[channel] += 1
    return counts
