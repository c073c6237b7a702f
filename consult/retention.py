"""Personal data kept no longer than needed (DP-RETENTION): `flask purge-personal-data`.

Once a consultation has been closed for longer than DATA_RETENTION_MONTHS, the contact data of
the people who took part has served its purpose (confirming a comment, sending the answer and
the report). What the standards keep stays: the comments' text, the answers, the reports,
meetings, ballots, survey responses and every count shown publicly.

What goes, per kind (the keys of `PurgeResult.counts`):

* ``comment_names`` / ``comment_emails``: names and addresses of commenters on draft acts
  (citizens, CSO representatives, speakers at meetings). A citizen's address is replaced by an
  opaque pseudonym, distinct per person within the consultation and not derived from the
  address, because the report counts participants by distinct address; a pseudonym has no
  ``@`` and reaches nobody. A name published with consent is withdrawn as well
  (``show_name`` off): the report then says "A citizen".
* ``hearing_comment_contacts`` / ``proposal_contacts``: name and address on budget-hearing
  comments and capital-investment proposals.
* ``voter_list_entries``: the poll's voter list (keyed hashes of personal numbers with birth
  year, gender and community) is deleted; the ballots keep their own coarse facts.
* ``participations``: who voted is kept as a count only. The keyed identity hash is replaced
  by an opaque pseudonym, so the number of participants, their channel and day, and the
  poll's "voting started" lock stay as they were, while nobody can be matched to them.
* ``paper_sign_in_sheets``: the identity hashes keyed from paper sign-in sheets, replaced in
  the same way (same number per batch).
* ``browser_participations``: the hashed browser ids of one-response-per-browser surveys.
* ``survey_invitations``: the staff-survey invitation queue (an address stays only on an
  invitation that could not be sent).
* ``subscriptions``: subscriptions never confirmed, made before the cut-off day. A confirmed
  subscription serves an ongoing purpose and ends when its owner unsubscribes.
* ``consultation_followers``: subscriptions that follow one of the expired consultations (its
  report was its last news), confirmed or not.
* ``outbox_messages``: queued and sent e-mail (address and text) older than the cut-off.
* ``pending_registrations``, ``sign_in_backoffs``, ``pending_codes``, ``password_resets``:
  records that live for hours, not months, and are swept by the next registration, sign-in or
  vote; the purge sweeps whatever no such activity removed. A CSO registration whose link has
  expired (REGISTRATION_LINK_HOURS: organisation, address, representative, password hash), a
  failed sign-in record past LOGIN_BACKOFF_FORGET_HOURS (a keyed hash of the address and the
  client's IP address), an SMS or e-mail verification code past its expiry, and a password link
  used or expired (``password_resets``).

* ``meeting_registrations``: the names and addresses of people who registered for a seat at
  a public meeting, deleted MEETING_REGISTRATION_RETENTION_DAYS after the meeting (the list at
  the door and the notices of a change have served), and unconfirmed registrations whose
  confirmation link expired (MEETING_CONFIRM_LINK_HOURS) at once. The meeting's attendance by
  gender, counted at the door, stays.

* ``audience_sign_ups``: sign-ups to an audience list on the public page whose link was not
  followed within AUDIENCE_CONFIRM_HOURS (address, name, language). A member who unsubscribes
  is erased at once, not here (the list keeps a count); members stay while their consent
  stands. ``audience_imports``: CSV files of members previewed and not imported within
  AUDIENCE_IMPORT_PREVIEW_HOURS. ``audience_addresses``: the address of an outbox message of
  a list that went out to someone no longer on any of its lists (blanked at once for
  messages already sent when they left; here for those that were still waiting then).

Kept on purpose: the contact official of a consultation (part of the public announcement,
MS-ANNOUNCE, given in an official capacity); organisations and accounts (live accounts, not
tied to one consultation); invitations to hearings (official roles and organisations,
BH-GENDER); staff-survey access codes (hashes with a directorate, never a person).

The purge runs in the caller's transaction and only flushes; `flask purge-personal-data`
commits it once, or rolls it back for `--dry-run`, so a dry run counts exactly what a real
run would change.
"""

import calendar
import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import ColumnElement, Executable, Select, bindparam, delete, select, update

from consult.audiences import services as audiences
from consult.audiences.models import AudienceMember, AudiencePendingImport
from consult.auth.models import PasswordReset, SignInBackoff
from consult.comments.models import Comment
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import Consultation, utcnow
from consult.core.municipalities import every_municipality
from consult.core.page_revisions import renew_every_page
from consult.core.services import record_audit
from consult.core.tenancy import current_municipality_id, serving
from consult.extensions import db
from consult.hearings.models import CapitalProposal, HearingCycle
from consult.meetings.models import Meeting, MeetingRegistration
from consult.organisations.models import PendingRegistration
from consult.polls.models import (
    PaperBatch,
    PaperBatchEntry,
    Participation,
    PendingCode,
    Poll,
    VoterListEntry,
)
from consult.subscriptions.models import Subscription
from consult.surveys.models import BrowserParticipation, Survey, SurveyInvitation

#: marks a value that replaced personal data, so a second run leaves it alone
ERASED_PREFIX = "erased:"
#: consultations in these statuses are over; their closing day starts the retention period
FINISHED_STATUSES = ("closed", "reported")

#: what each count means, in the order the command prints them
KIND_LABELS = {
    "comment_names": "names of commenters on draft acts",
    "comment_emails": "e-mail addresses of commenters on draft acts",
    "hearing_comment_contacts": "names and addresses on budget-hearing comments",
    "proposal_contacts": "names and addresses on capital-investment proposals",
    "voter_list_entries": "entries of poll voter lists",
    "participations": "voter identity hashes of poll participations",
    "paper_sign_in_sheets": "keyed paper sign-in sheets",
    "browser_participations": "browser ids of survey participations",
    "survey_invitations": "staff-survey invitations (addresses never sent to included)",
    "consultation_followers": "subscriptions to one consultation, which has no more news",
    "subscriptions": "unconfirmed subscriptions",
    "outbox_messages": "stored e-mail messages",
    "pending_registrations": "unconfirmed organisation registrations whose link expired",
    "sign_in_backoffs": "records of failed sign-ins no longer needed",
    "pending_codes": "expired verification codes of polls",
    "password_resets": "password links used or expired",
    "meeting_registrations": "meeting registrations past their meeting or never confirmed",
    "audience_sign_ups": "sign-ups to audience lists never confirmed",
    "audience_imports": "previewed imports of audience-list members never imported",
    "audience_addresses": "addresses on sent messages to people who left the audience lists",
}


@dataclass
class PurgeResult:
    """What a purge removed (or, in a dry run, would remove)."""

    cutoff: dt.date
    #: the consultations closed before the cut-off day
    consultation_ids: list[int] = field(default_factory=list)
    #: rows changed or deleted, per kind of `KIND_LABELS`
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KIND_LABELS, 0))

    @property
    def total(self) -> int:
        """Rows changed or deleted in all."""
        return sum(self.counts.values())


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def erased_value() -> str:
    """An opaque stand-in for personal data: random, so it links to nothing."""
    return ERASED_PREFIX + secrets.token_hex(16)


def _not_erased(column: ColumnElement[str]) -> ColumnElement[bool]:
    return column.not_like(f"{ERASED_PREFIX}%")


def expired_consultations(cutoff: dt.date) -> list[int]:
    """Ids of the consultations that finished and closed before `cutoff`."""
    query = (
        select(Consultation.id)
        .where(
            Consultation.status.in_(FINISHED_STATUSES),
            Consultation.closes_at.is_not(None),
            Consultation.closes_at < cutoff,
        )
        .order_by(Consultation.id)
    )
    return list(db.session.scalars(query))


def purge_personal_data(today: dt.date, months: int) -> PurgeResult:
    """Remove the contact data of consultations closed more than `months` before `today`,
    plus old unconfirmed subscriptions and old stored e-mail; audit-logged, flushed only."""
    if months < 0:
        raise ValueError("the retention period cannot be negative")
    result = PurgeResult(cutoff=months_before(today, months))
    ids = result.consultation_ids = expired_consultations(result.cutoff)
    counts = result.counts
    if ids:
        counts["comment_names"] = _erase_comment_names(ids)
        counts["comment_emails"] = _erase_comment_emails(ids)
        counts["hearing_comment_contacts"] = _erase_budget_comments(ids)
        counts["proposal_contacts"] = _erase_proposals(ids)
        polls = select(Poll.id).where(Poll.consultation_id.in_(ids))
        counts["voter_list_entries"] = _rows(
            delete(VoterListEntry).where(VoterListEntry.poll_id.in_(polls))
        )
        counts["participations"] = _erase_participations(polls)
        counts["paper_sign_in_sheets"] = _erase_sign_in_sheets(polls)
        surveys = select(Survey.id).where(Survey.consultation_id.in_(ids))
        counts["browser_participations"] = _rows(
            delete(BrowserParticipation).where(BrowserParticipation.survey_id.in_(surveys))
        )
        counts["survey_invitations"] = _rows(
            delete(SurveyInvitation).where(SurveyInvitation.survey_id.in_(surveys))
        )
        counts["consultation_followers"] = _rows(
            delete(Subscription).where(Subscription.consultation_id.in_(ids))
        )
    start_of_cutoff = dt.datetime.combine(result.cutoff, dt.time())
    counts["subscriptions"] = _rows(
        delete(Subscription).where(
            Subscription.confirmed_at.is_(None), Subscription.created_at < start_of_cutoff
        )
    )
    counts["outbox_messages"] = _rows(
        delete(OutboxMessage).where(OutboxMessage.created_at < start_of_cutoff)
    )
    counts.update(_sweep_short_lived(utcnow(), current_app.config))
    if result.total:
        record_audit(
            "personal_data.purge",
            reason=f"DP-RETENTION: closed more than {months} months ago",
            cutoff=result.cutoff.isoformat(),
            consultations=ids,
            counts={kind: n for kind, n in counts.items() if n},
        )
    db.session.flush()
    return result


def _sweep_short_lived(now: dt.datetime, config) -> dict[str, int]:
    """Delete what lives for hours and has outlived its purpose (see the module's docstring)."""
    link_hours = dt.timedelta(hours=config["REGISTRATION_LINK_HOURS"])
    forget = dt.timedelta(hours=config["LOGIN_BACKOFF_FORGET_HOURS"])
    return {
        "pending_registrations": _rows(
            delete(PendingRegistration).where(PendingRegistration.created_at < now - link_hours)
        ),
        "sign_in_backoffs": _rows(
            delete(SignInBackoff).where(SignInBackoff.last_failure_at < now - forget)
        ),
        "pending_codes": _rows(delete(PendingCode).where(PendingCode.expires_at < now)),
        "password_resets": _rows(
            delete(PasswordReset).where(
                (PasswordReset.expires_at < now) | PasswordReset.used_at.is_not(None)
            )
        ),
        "meeting_registrations": _erase_meeting_registrations(now, config),
        "audience_sign_ups": _rows(
            delete(AudienceMember).where(audiences.expired_sign_ups_filter(now, config))
        ),
        "audience_imports": _rows(
            delete(AudiencePendingImport).where(audiences.pending_imports_filter(now, config))
        ),
        "audience_addresses": audiences.erase_sent_addresses(),
    }


def _erase_meeting_registrations(now: dt.datetime, config) -> int:
    """Registrations of meetings held MEETING_REGISTRATION_RETENTION_DAYS ago or more, and
    unconfirmed ones whose confirmation link has expired."""
    held_before = now.date() - dt.timedelta(days=config["MEETING_REGISTRATION_RETENTION_DAYS"])
    link_hours = dt.timedelta(hours=config["MEETING_CONFIRM_LINK_HOURS"])
    past = select(Meeting.id).where(Meeting.held_on <= held_before)
    return _rows(
        delete(MeetingRegistration).where(
            MeetingRegistration.meeting_id.in_(past)
            | (
                MeetingRegistration.confirmed_at.is_(None)
                & (MeetingRegistration.created_at < now - link_hours)
            )
        )
    )


def _rows(statement: Executable) -> int:
    """Run a bulk UPDATE or DELETE; how many rows it changed."""
    return db.session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def _draft_act_comments(ids: list[int]) -> ColumnElement[bool]:
    """Comments on the draft acts among the consultations `ids` (budget comments are erased
    by `_erase_budget_comments`)."""
    return Comment.consultation_id.in_(ids) & Comment.cycle_id.is_(None)


def _erase_comment_names(ids: list[int]) -> int:
    return _rows(
        update(Comment)
        .where(_draft_act_comments(ids), Comment.author_name != "")
        .values(author_name="", show_name=Comment.author_kind == "cso")
    )


def _erase_comment_emails(ids: list[int]) -> int:
    """CSO addresses (the organisation keeps its own) are cleared; each citizen's address is
    replaced by one pseudonym per consultation, so the report's count of people stays."""
    erased = _rows(
        update(Comment)
        .where(
            _draft_act_comments(ids),
            Comment.author_kind != "citizen",
            Comment.author_email != "",
        )
        .values(author_email="")
    )
    people = db.session.execute(
        select(Comment.consultation_id, Comment.author_email)
        .where(
            _draft_act_comments(ids),
            Comment.author_kind == "citizen",
            Comment.author_email != "",
            _not_erased(Comment.author_email),
        )
        .distinct()
    ).all()
    table = Comment.__table__
    statement = (
        table.update()
        .where(
            table.c.municipality_id == current_municipality_id(),  # Core: not scoped by the ORM
            table.c.consultation_id == bindparam("b_consultation"),
            table.c.author_kind == "citizen",
            table.c.author_email == bindparam("b_email"),
        )
        .values(author_email=bindparam("b_pseudonym"))
    )
    for consultation_id, email in people:
        erased += db.session.execute(
            statement,
            {"b_consultation": consultation_id, "b_email": email, "b_pseudonym": erased_value()},
        ).rowcount
    # a Core write the page revisions' hooks do not see (the addresses are not shown, but no
    # worker keeps a page across a write it was not told of)
    renew_every_page()
    return erased


def _erase_budget_comments(ids: list[int]) -> int:
    cycles = select(HearingCycle.id).where(HearingCycle.consultation_id.in_(ids))
    return _rows(
        update(Comment)
        .where(
            Comment.cycle_id.in_(cycles),
            (Comment.author_name != "") | (Comment.author_email != ""),
        )
        .values(author_name="", author_email="")
    )


def _erase_proposals(ids: list[int]) -> int:
    cycles = select(HearingCycle.id).where(HearingCycle.consultation_id.in_(ids))
    return _rows(
        update(CapitalProposal)
        .where(
            CapitalProposal.cycle_id.in_(cycles),
            (CapitalProposal.proposer_name != "") | (CapitalProposal.proposer_email != ""),
        )
        .values(proposer_name="", proposer_email="")
    )


def _erase_participations(polls: Select) -> int:
    """Replace every identity hash by a pseudonym; the primary key (poll, identity) stays
    unique because each pseudonym is random."""
    rows = db.session.execute(
        select(Participation.poll_id, Participation.identity_hash).where(
            Participation.poll_id.in_(polls), _not_erased(Participation.identity_hash)
        )
    ).all()
    table = Participation.__table__
    statement = (
        table.update()
        .where(
            table.c.municipality_id == current_municipality_id(),  # Core: not scoped by the ORM
            table.c.poll_id == bindparam("b_poll"),
            table.c.identity_hash == bindparam("b_identity"),
        )
        .values(identity_hash=bindparam("b_pseudonym"))
    )
    for poll_id, identity in rows:
        db.session.execute(
            statement, {"b_poll": poll_id, "b_identity": identity, "b_pseudonym": erased_value()}
        )
    return len(rows)


def _erase_sign_in_sheets(polls: Select) -> int:
    entries = db.session.scalars(
        select(PaperBatchEntry)
        .join(PaperBatch, PaperBatch.id == PaperBatchEntry.batch_id)
        .where(PaperBatch.poll_id.in_(polls))
    ).all()
    erased = 0
    for entry in entries:
        if any(not str(voter).startswith(ERASED_PREFIX) for voter in entry.voters):
            entry.voters = sorted(erased_value() for _voter in entry.voters)
            erased += 1
    return erased


# --- the command ----------------------------------------------------------------------------


def describe(result: PurgeResult) -> Iterable[str]:
    """The lines `flask purge-personal-data` prints about `result`."""
    yield (
        f"Consultations closed before {result.cutoff.isoformat()}: "
        f"{len(result.consultation_ids)}"
        + (
            f" (ids {', '.join(map(str, result.consultation_ids))})"
            if result.consultation_ids
            else ""
        )
    )
    for kind, label in KIND_LABELS.items():
        yield f"  {label}: {result.counts[kind]}"


@click.command("purge-personal-data")
@click.option(
    "--months",
    type=click.IntRange(min=0),
    default=None,
    help="Retention period in months (default: DATA_RETENTION_MONTHS).",
)
@click.option("--dry-run", is_flag=True, help="Only print what would be removed.")
@with_appcontext
def purge_personal_data_command(months: int | None, dry_run: bool) -> None:
    """Remove the contact data of consultations closed longer than the retention period
    (DP-RETENTION), keeping their text, answers, reports and counts."""
    if months is None:
        months = int(current_app.config["DATA_RETENTION_MONTHS"])
    municipalities = every_municipality()
    total = 0
    for municipality in municipalities:
        if len(municipalities) > 1:
            click.echo(f"{municipality.slug}:")
        with serving(municipality.id):
            result = purge_personal_data(dt.date.today(), months)
        total += result.total
        for line in describe(result):
            click.echo(line)
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing was changed.")
        return
    db.session.commit()
    click.echo(f"Removed or replaced {total} item(s) of personal data.")
