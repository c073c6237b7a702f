"""Budget hearings held as core public meetings: attendance by gender and audience,
invitations (BH-GENDER), and comments on budget lines or on the whole budget — from the public
form or from the floor — with the municipality's answers.

Plain functions over the models: they change the session and `flush()`; the view commits once.
"""

import datetime as dt

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.comments.models import Comment
from consult.comments.services import record_answer
from consult.core import answers as core_answers
from consult.core.answers import answer_reason, filled_texts, hide
from consult.core.labels import GENDER_LABELS, GENDERS, HEARING_AUDIENCES
from consult.core.mail_outbox import queue_mail
from consult.core.models import Consultation, utcnow
from consult.core.providers import PlannedMeeting
from consult.core.services import record_audit
from consult.extensions import db
from consult.hearings.models import (
    INVITEE_KINDS,
    BudgetLine,
    HearingAttendance,
    HearingCycle,
    HeldHearing,
    InvitationLog,
    PlannedHearing,
)
from consult.hearings.services import HearingRefused, accepts_proposals
from consult.i18n import LOCALES, localize
from consult.i18n import lazy_text as _l
from consult.meetings.models import Meeting
from consult.meetings.services import save_meeting

INVITEE_LABELS = {
    "gender_officer": _l("Gender-equality officer"),
    "womens_organisation": _l("Women's organisation"),
    "other": _l("Other invitee"),
}
assert set(INVITEE_LABELS) == set(INVITEE_KINDS)


# ---------------------------------------------------------------- held hearings


def meeting_of(hearing: PlannedHearing) -> Meeting | None:
    """The core meeting that held a planned hearing, if it was held."""
    link = db.session.get(HeldHearing, hearing.id)
    return link.meeting if link else None


def held_meetings(cycle: HearingCycle) -> dict[int, Meeting]:
    """{planned hearing id: its core meeting} for the cycle's held hearings."""
    query = (
        select(HeldHearing)
        .join(PlannedHearing, PlannedHearing.id == HeldHearing.planned_hearing_id)
        .where(PlannedHearing.cycle_id == cycle.id)
    )
    return {link.planned_hearing_id: link.meeting for link in db.session.scalars(query)}


def planned_meetings(first: dt.date, last: dt.date | None = None) -> list[PlannedMeeting]:
    """The planned hearings of published budget hearings from `first` to `last`, for the
    calendar of public meetings (the kind's `planned_meetings`): public as soon as they are
    planned, like the hearing plan on the consultation's page. A held one names its meeting."""
    query = (
        select(PlannedHearing, HeldHearing.meeting_id)
        .join(HearingCycle, HearingCycle.id == PlannedHearing.cycle_id)
        .join(Consultation, Consultation.id == HearingCycle.consultation_id)
        .outerjoin(HeldHearing, HeldHearing.planned_hearing_id == PlannedHearing.id)
        .where(Consultation.is_public, PlannedHearing.planned_on >= first)
        .order_by(PlannedHearing.planned_on, PlannedHearing.id)
        .options(
            selectinload(PlannedHearing.cycle).selectinload(HearingCycle.consultation),
            selectinload(PlannedHearing.local_community),
        )
    )
    if last is not None:
        query = query.where(PlannedHearing.planned_on <= last)
    return [
        PlannedMeeting(
            key=f"planned-hearing-{hearing.id}",
            consultation=hearing.cycle.consultation,
            held_on=hearing.planned_on,
            place=hearing.place,
            local_community=hearing.local_community,
            audience=hearing.audience,
            announced_on=hearing.announced_on,
            meeting_id=meeting_id,
        )
        for hearing, meeting_id in db.session.execute(query)
    ]


def hold_hearing(
    hearing: PlannedHearing,
    minutes: dict[str, str],
    attendance: dict[str, tuple[int, int, int]],
    today: dt.date,
    actor_id: int | None = None,
) -> Meeting:
    """Record a planned hearing as held: a core Meeting with its minutes, and attendance per
    audience as (women, men, other); the meeting's totals by gender are their sums.
    Recording it again replaces the minutes and attendance."""
    if hearing.planned_on > today:
        raise HearingRefused(_l("A hearing can be recorded as held only on or after its day."))
    counts = {
        a: tuple(int(n or 0) for n in attendance.get(a, (0, 0, 0))) for a in HEARING_AUDIENCES
    }
    if any(n < 0 for row in counts.values() for n in row):
        raise HearingRefused(_l("The number of people present cannot be negative."))
    if not any(sum(row) for row in counts.values()):
        raise HearingRefused(_l("Enter how many people were present."))
    minutes = filled_texts(minutes)
    if not minutes:
        raise HearingRefused(_l("Write the minutes of the hearing."))
    meeting = meeting_of(hearing) or Meeting(consultation_id=hearing.cycle.consultation_id)
    save_meeting(
        meeting,
        held_on=hearing.planned_on,
        place=hearing.place,
        local_community_id=hearing.local_community_id,
        audience=hearing.audience,
        announced_on=hearing.announced_on,
        minutes=minutes,
        attendance_women=sum(row[0] for row in counts.values()),
        attendance_men=sum(row[1] for row in counts.values()),
        attendance_other=sum(row[2] for row in counts.values()),
    )
    if db.session.get(HeldHearing, hearing.id) is None:
        db.session.add(HeldHearing(planned_hearing_id=hearing.id, meeting_id=meeting.id))
    existing = {row.audience: row for row in attendance_of(meeting)}
    for audience, (women, men, other) in counts.items():
        row = existing.get(audience)
        if not women + men + other:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = HearingAttendance(meeting_id=meeting.id, audience=audience)
            db.session.add(row)
        row.women, row.men, row.other = women, men, other
    db.session.flush()
    record_audit("hearing.held", f"meeting:{meeting.id}", actor_id, attendance=meeting.attendance)
    return meeting


def attendance_of(meeting: Meeting) -> list[HearingAttendance]:
    """A held hearing's attendance rows, in the order of HEARING_AUDIENCES."""
    rows = db.session.scalars(
        select(HearingAttendance).where(HearingAttendance.meeting_id == meeting.id)
    )
    return sorted(rows, key=lambda row: HEARING_AUDIENCES.index(row.audience))


def log_invitation(
    meeting: Meeting, invitee_kind: str, name: str, sent_on: dt.date
) -> InvitationLog:
    """Log an invitation to the gender-equality officer or a women's organisation."""
    if invitee_kind not in INVITEE_KINDS:
        raise HearingRefused(_l("Choose who was invited from the list."))
    if not name.strip():
        raise HearingRefused(_l("Enter the name of the person or organisation invited."))
    if sent_on > meeting.held_on:
        raise HearingRefused(_l("An invitation cannot be sent after the hearing."))
    log = InvitationLog(
        meeting_id=meeting.id, invitee_kind=invitee_kind, name=name.strip(), sent_on=sent_on
    )
    db.session.add(log)
    db.session.flush()
    return log


def invitations_of(meeting: Meeting) -> list[InvitationLog]:
    """The invitations logged for a meeting, by day sent."""
    query = select(InvitationLog).where(InvitationLog.meeting_id == meeting.id)
    return list(db.session.scalars(query.order_by(InvitationLog.sent_on, InvitationLog.id)))


# ---------------------------------------------------------------- comments and answers


def _line_of(cycle: HearingCycle, line_id: int | None) -> BudgetLine | None:
    if not line_id:
        return None
    line = db.session.get(BudgetLine, line_id)
    if line is None or line.cycle_id != cycle.id:
        raise HearingRefused(_l("Choose a budget line from the list."))
    return line


def _check_text(text: str, language: str) -> str:
    if language not in LOCALES:
        raise HearingRefused(_l("Choose the language you write in."))
    if not text.strip():
        raise HearingRefused(_l("Write your comment."))
    return text.strip()


def comment_on_budget(
    cycle: HearingCycle,
    text: str,
    language: str,
    author_name: str,
    author_email: str,
    today: dt.date,
    line_id: int | None = None,
    gender: str | None = None,
    notify: bool = False,
) -> Comment:
    """A citizen's comment on a budget line (or the whole budget) while the hearing is open;
    it stays out of every public page and count until the e-mail link confirms it. With
    `notify` the citizen asked to be e-mailed the answer."""
    if not accepts_proposals(cycle.consultation, today):
        raise HearingRefused(_l("Comments are taken only while the hearing is open."))
    if not author_name.strip() or not author_email.strip():
        raise HearingRefused(
            _l("Enter your name and e-mail: we send you a link to confirm your comment.")
        )
    comment = Comment(
        consultation_id=cycle.consultation_id,
        cycle_id=cycle.id,
        line=_line_of(cycle, line_id),
        author_kind="citizen",
        author_name=author_name.strip(),
        author_email=author_email.strip().lower(),
        language=language,
        text=_check_text(text, language),
        gender=_check_gender(gender),
        notify_answer=bool(notify),
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def _check_gender(gender: str | None) -> str | None:
    if not gender:
        return None
    if gender not in GENDERS:
        raise HearingRefused(_l("Choose a gender from the list, or leave it empty."))
    return gender


# ---------------------------------------------------------------- e-mail confirmation

#: how long the confirmation link in the e-mail stays valid
CONFIRM_MAX_AGE = 7 * 24 * 3600


class ConfirmationExpired(HearingRefused):
    """The confirmation link is genuine but older than CONFIRM_MAX_AGE."""

    def __init__(self) -> None:
        super().__init__(_l("The link has expired."))


def _confirmation_serializer() -> URLSafeTimedSerializer:
    # a salt of its own: a draft-act comment's link can never confirm a budget comment; new
    # since migration 0017, so that a link mailed before it (naming a row of the old
    # hearing_comments table) confirms nothing
    return URLSafeTimedSerializer(current_app.secret_key, salt="budget-comment-confirm")


def confirmation_token(comment: Comment) -> str:
    """The signed, timed token of the link that confirms `comment`."""
    return _confirmation_serializer().dumps(comment.id)


def queue_confirmation(comment: Comment, link: str) -> None:
    """Queue the e-mail with the confirmation link in the outbox (in the reader's language)."""
    subject = _(
        "Confirm your comment on the budget: “%(title)s”",
        title=localize(comment.cycle.consultation.title).text,
    )
    # the address is not confirmed yet: the mail carries nothing the sender wrote
    body = _(
        "Follow this link within seven days so that your comment on the draft budget counts "
        "and gets an answer:\n%(link)s\n\nIf you did not write a comment, ignore this message.",
        link=link,
    )
    queue_mail(comment.author_email, subject, body, comment.consultation_id)


def confirm_comment(token: str, max_age: int | None = None) -> Comment | None:
    """Confirm the comment a link names; None for a forged or unknown link, ConfirmationExpired
    for one older than `max_age` seconds (default CONFIRM_MAX_AGE). Following the link twice
    changes nothing."""
    max_age = CONFIRM_MAX_AGE if max_age is None else max_age
    try:
        comment_id = _confirmation_serializer().loads(token, max_age=max_age)
    except SignatureExpired as expired:
        raise ConfirmationExpired() from expired
    except BadSignature:
        return None
    if not isinstance(comment_id, int) or not 0 < comment_id < 2**63:
        return None
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.cycle_id is None:
        return None
    if comment.confirmed_at is None:
        comment.confirmed_at = utcnow()
        db.session.flush()
    return comment


def record_floor_comment(
    meeting: Meeting,
    cycle: HearingCycle,
    text: str,
    language: str,
    actor_id: int | None,
    line_id: int | None = None,
    author_name: str = "",
    author_email: str = "",
    gender: str | None = None,
    notify: bool = False,
) -> Comment:
    """An officer records a comment raised from the floor of a held hearing (confirmed by
    being recorded); `notify` when the speaker asked to be e-mailed the answer at the address
    given."""
    if meeting.consultation_id != cycle.consultation_id:
        raise HearingRefused(_l("Choose a hearing of this cycle."))
    if notify and not author_email.strip():
        raise HearingRefused(_l("Enter the speaker's e-mail address to send the answer to."))
    comment = Comment(
        consultation_id=cycle.consultation_id,
        cycle_id=cycle.id,
        line=_line_of(cycle, line_id),
        author_kind="meeting",
        meeting_id=meeting.id,
        author_name=author_name.strip(),
        author_email=author_email.strip(),
        language=language,
        text=_check_text(text, language),
        gender=_check_gender(gender),
        user_id=actor_id,
        confirmed_at=utcnow(),
        notify_answer=bool(notify),
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def answer_comment(
    comment: Comment,
    outcome: str,
    reason: dict[str, str],
    actor_id: int | None = None,
) -> None:
    """Answer a confirmed comment (accepted, partly accepted or rejected, with a reason in one
    or more languages), queue the answer to the commenter who asked to be told, and tell the
    consultation's followers."""
    reasons = answer_reason(outcome, reason, HearingRefused, comment.language)
    if comment.confirmed_at is None:
        raise HearingRefused(_l("This comment is not confirmed yet."))
    record_answer(comment, outcome, reasons, actor_id)
    record_audit("hearing.comment_answer", f"comment:{comment.id}", actor_id)
    if wants_news(comment):
        queue_mail(comment.author_email, *answer_mail(comment), comment.consultation_id)
    core_answers.answer_published(comment.cycle.consultation)


def wants_news(comment: Comment) -> bool:
    """Whether the commenter asked to be told of the answer (and of the hearing's close and
    report) at an address its owner confirmed or gave at the hearing."""
    return bool(comment.notify_answer and comment.author_email and comment.confirmed_at)


def answer_link(comment: Comment) -> str:
    """The answer on the budget page, in the commenter's language (the comment's anchor)."""
    return url_for(
        "hearings.budget",
        consultation_id=comment.consultation_id,
        lang=comment.language,
        _anchor=f"comment-{comment.id}",
        _external=True,
    )


def answer_mail(comment: Comment) -> tuple[str, str]:
    """Subject and body of the mail telling a commenter the answer, in their language, with
    the link straight to it."""
    return core_answers.answer_mail(
        comment.language,
        comment.cycle.consultation.title,
        lambda title: _("The answer to your comment on the budget: “%(title)s”", title=title),
        comment.text,
        comment.outcome,
        comment.reason,
        answer_link(comment),
    )


def notify_of_step(consultation: Consultation, step: str) -> int:
    """Queue one mail per address of the commenters and proposers who asked to be told, that
    the hearing closed or that its report is published (`step`); how many."""
    from consult.hearings.services import cycle_of

    cycle = cycle_of(consultation)
    if cycle is None:
        return 0
    addresses = {c.author_email: c.language for c in comments_of(cycle, False) if wants_news(c)}
    for proposal in cycle.proposals:
        if proposal.notify_confirmed_at is not None:
            addresses.setdefault(proposal.proposer_email, proposal.language)
    for address, language in sorted(addresses.items()):
        endpoint = "hearings.report" if step == "reported" else "public.consultation"
        link = url_for(endpoint, consultation_id=consultation.id, lang=language, _external=True)
        queue_mail(
            address,
            *core_answers.step_mail(language, consultation.title, step, link),
            consultation.id,
        )
    return len(addresses)


def hide_comment(comment: Comment, reason: str, actor_id: int | None = None) -> None:
    """Hide a comment from the public pages, with the moderator's reason."""
    hide(comment, reason, HearingRefused)
    db.session.flush()
    record_audit("hearing.comment_hide", f"comment:{comment.id}", actor_id)


def comments_of(cycle: HearingCycle, visible_only: bool = True) -> list[Comment]:
    """The cycle's confirmed comments, oldest first; hidden ones only when `visible_only` is
    False. Unconfirmed comments are never listed, counted or reported."""
    query = select(Comment).where(Comment.cycle_id == cycle.id, Comment.confirmed_at.is_not(None))
    if visible_only:
        query = query.where(Comment.hidden.is_(False))
    return list(db.session.scalars(query.order_by(Comment.id)))


def unconfirmed_count(cycle: HearingCycle) -> int:
    """Comments still waiting for their author to follow the e-mail link."""
    query = select(func.count()).where(Comment.cycle_id == cycle.id, Comment.confirmed_at.is_(None))
    return db.session.scalar(query) or 0


#: the rows of the comments-by-gender table, with the floor comments nobody asked
COMMENT_GENDER_LABELS = {
    **GENDER_LABELS,
    "not_recorded": _l("Not recorded (comment from the floor of a meeting)"),
}


def comments_by_gender(comments: list[Comment]) -> dict[str, int]:
    """How many of `comments` were made by women, men, others and people who did not say;
    a comment from the floor of a meeting without a gender was not asked, so it counts as
    "not_recorded" (the meeting's attendance counts the people in the room by gender)."""
    counts = dict.fromkeys((*GENDERS, "not_given", "not_recorded"), 0)
    for comment in comments:
        if comment.gender:
            counts[comment.gender] += 1
        elif comment.author_kind == "meeting":
            counts["not_recorded"] += 1
        else:
            counts["not_given"] += 1
    return counts


def unanswered(cycle: HearingCycle) -> int:
    """Visible comments and proposals without an answer."""
    comments = sum(1 for c in comments_of(cycle) if c.outcome is None)
    return comments + sum(1 for p in cycle.proposals if p.outcome is None)


# ---------------------------------------------------------------- LANG-ANSWER


def answer_gaps(cycle: HearingCycle) -> list[core_answers.AnswerGap]:
    """Answers of the cycle still lacking an official language or the commenter's own
    (LANG-ANSWER): proposal answers, answers to visible comments (from the floor too) and
    the reasons of budget changes (official languages only: the municipality writes them)."""
    from consult.hearings.services import changes_of

    # (label, reason, the commenter's language, answered, page, anchor) of every answer
    answers = [
        (
            _l("Proposal “%(title)s”", title=p.title),
            p.reason,
            p.language,
            bool(p.outcome),
            "hearings.manage_proposals",
            f"proposal-{p.id}",
        )
        for p in cycle.proposals
    ]
    answers += [
        (
            _l("Comment %(number)s", number=c.id),
            c.reason,
            c.language,
            bool(c.outcome),
            "hearings.manage_comments",
            f"comment-{c.id}",
        )
        for c in comments_of(cycle)
    ]
    answers += [
        (
            _l("Reason of budget change %(number)s", number=c.id),
            c.reason,
            None,
            True,
            "hearings.changes",
            f"change-{c.id}",
        )
        for c in changes_of(cycle)
    ]
    values = (("consultation_id", cycle.consultation_id),)
    gaps = []
    for label, reason, language, answered, endpoint, anchor in answers:
        missing = core_answers.missing_answer_languages(reason, language)
        if answered and missing:
            gaps.append(core_answers.AnswerGap(label, tuple(missing), endpoint, values, anchor))
    return gaps
