"""Audience lists: who may keep them, their members and the record of each one's consent,
sign-ups confirmed by a link, imports, messages through the outbox, unsubscribing (which
erases the address) and the counts of every send.

Plain functions over the models; they `flush()` and never commit (the view commits once).
Nothing here writes an address or a name into the audit log.
"""

import datetime as dt
import hashlib
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, case, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from consult.audiences.imports import MemberRow
from consult.audiences.models import (
    AudienceDelivery,
    AudienceList,
    AudienceMember,
    AudiencePendingImport,
    AudienceRecipient,
    AudienceSend,
    AudienceSendList,
)
from consult.auth.models import User
from consult.core.answers import language_list
from consult.core.labels import AUDIENCE_LIST_TYPES, RECORDED_CONSENT_WAYS, SECTORS
from consult.core.mail_outbox import OutboxMessage, queue_mail
from consult.core.models import Consultation, utcnow
from consult.core.municipalities import municipality_names
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import LOCALES, localize, missing_languages
from consult.i18n import lazy_text as _l
from consult.meetings.models import Meeting

#: the longest subject kept (the outbox keeps 300 characters)
SUBJECT_MAX_LENGTH = 200
#: the longest text of a message, per language
BODY_MAX_LENGTH = 20000


class AudienceRefused(Exception):
    """A change cannot be made as asked; `message` says why (translated), `field` names the
    form field it is about, if one."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def may_manage_lists(user) -> bool:
    """Administrators and the Public Information Office (an officer without a directorate)
    keep the lists; an officer of a directorate does not."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role == "admin" or (user.role == "officer" and user.directorate_id is None)


def token_hash(token: str) -> str:
    """SHA-256 of a link's token, in hex: only this is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(address: str) -> str:
    """An address as stored: trimmed, lower-case."""
    return address.strip().lower()


# ---------------------------------------------------------------- lists


@dataclass(frozen=True)
class ListCounts:
    """A list's members who count (confirmed), sign-ups waiting for their link, and how many
    left by unsubscribing."""

    members: int = 0
    waiting: int = 0
    unsubscribed: int = 0


def all_lists() -> list[AudienceList]:
    """Every list, in the strategy's order of audiences, then by when it was made."""
    order = case(
        {code: n for n, code in enumerate(AUDIENCE_LIST_TYPES)}, value=AudienceList.audience
    )
    return list(db.session.scalars(select(AudienceList).order_by(order, AudienceList.id)))


def public_lists() -> list[AudienceList]:
    """The lists anyone may join on the public page."""
    return [item for item in all_lists() if item.open_to_public]


def list_counts() -> dict[int, ListCounts]:
    """{list id: ListCounts}, counted in SQL."""
    confirmed = AudienceMember.confirmed_at.is_not(None)
    rows = db.session.execute(
        select(
            AudienceList.id,
            func.count(AudienceMember.id).filter(confirmed),
            func.count(AudienceMember.id).filter(~confirmed),
            AudienceList.unsubscribed,
        )
        .outerjoin(AudienceMember, AudienceMember.list_id == AudienceList.id)
        .group_by(AudienceList.id, AudienceList.unsubscribed)
    ).all()
    return {row[0]: ListCounts(row[1], row[2], row[3]) for row in rows}


def save_list(
    audience_list: AudienceList,
    name: dict,
    audience: str,
    sector: str | None,
    open_to_public: bool,
    actor_id: int,
) -> AudienceList:
    """Create or change a list. A list open to the public carries its name in every official
    language (the public page shows it in each)."""
    if audience not in AUDIENCE_LIST_TYPES:
        raise AudienceRefused(_l("Choose an audience."), "audience")
    if sector is not None and (audience != "cso" or sector not in SECTORS):
        raise AudienceRefused(
            _l("Only a list of civil-society organisations has a sector."), "sector"
        )
    if not (name.get("sq") or "").strip():
        raise AudienceRefused(_l("Enter the name in Albanian."), "name_sq")
    if open_to_public and missing_languages(name):
        raise AudienceRefused(
            _l("Before the list is open to the public, write its name in every official language."),
            "open_to_public",
        )
    created = audience_list.id is None
    audience_list.name = name
    audience_list.audience = audience
    audience_list.sector = sector
    audience_list.open_to_public = open_to_public
    if created:
        db.session.add(audience_list)
    db.session.flush()
    record_audit(
        "audience.list_create" if created else "audience.list_update",
        f"audience_list:{audience_list.id}",
        actor_id,
        audience=audience,
        sector=sector,
        open_to_public=open_to_public,
    )
    return audience_list


def was_sent_to(audience_list: AudienceList) -> bool:
    """Whether a message has gone to the list (its counts must stay)."""
    query = (
        select(AudienceSendList.send_id)
        .join(AudienceSend, AudienceSend.id == AudienceSendList.send_id)
        .where(AudienceSendList.list_id == audience_list.id, AudienceSend.queued_at.is_not(None))
    )
    return db.session.scalar(query.limit(1)) is not None


def delete_list(audience_list: AudienceList, actor_id: int) -> None:
    """Delete a list that no message has gone to, with its members (their addresses go)."""
    if was_sent_to(audience_list):
        raise AudienceRefused(
            _l(
                "Messages have been sent to this list, and their counts stay with it: remove "
                "its members instead."
            )
        )
    members = db.session.scalar(
        select(func.count()).where(AudienceMember.list_id == audience_list.id)
    )
    list_id = audience_list.id
    db.session.execute(delete(AudienceMember).where(AudienceMember.list_id == list_id))
    db.session.delete(audience_list)
    db.session.flush()
    record_audit("audience.list_delete", f"audience_list:{list_id}", actor_id, members=members)


# ---------------------------------------------------------------- members


def members_of(audience_list: AudienceList, page: int, per_page: int) -> list[AudienceMember]:
    """A page of a list's members: those who count first, then sign-ups waiting, by address."""
    query = (
        select(AudienceMember)
        .where(AudienceMember.list_id == audience_list.id)
        .order_by(AudienceMember.confirmed_at.is_(None), AudienceMember.email)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(db.session.scalars(query))


def _member(list_id: int, email: str) -> AudienceMember | None:
    return db.session.scalar(
        select(AudienceMember).where(
            AudienceMember.list_id == list_id, AudienceMember.email == email
        )
    )


def _record_consent(
    member: AudienceMember, row: MemberRow, actor_id: int, now: dt.datetime
) -> AudienceMember:
    """Fill `member` with a consent an officer recorded: it counts at once."""
    member.name = row.name
    member.locale = row.locale
    member.consent_how = row.consent_how
    member.consent_on = row.consent_on
    member.recorded_by_id = actor_id
    member.confirm_hash = None
    member.confirmed_at = now
    return member


def add_member(
    audience_list: AudienceList, row: MemberRow, actor_id: int, now: dt.datetime
) -> AudienceMember:
    """An officer adds a member with the consent they hold (a paper form signed at a meeting,
    an e-mail request, the organisation's public contact) and its day. A sign-up on the public
    page still waiting for its link becomes this member; a member already there is refused."""
    _check_recorded_consent(row, now.date())
    existing = _member(audience_list.id, row.email)
    if existing is not None and existing.confirmed_at is not None:
        raise AudienceRefused(_l("This address is on the list already."), "email")
    if existing is not None:
        member = _record_consent(existing, row, actor_id, now)
        db.session.flush()
    else:
        member = _record_consent(
            AudienceMember(list_id=audience_list.id, email=row.email), row, actor_id, now
        )
        try:
            with db.session.begin_nested():
                db.session.add(member)
        except IntegrityError:
            raise AudienceRefused(_l("This address is on the list already."), "email") from None
    record_audit(
        "audience.member_add",
        f"audience_list:{audience_list.id}",
        actor_id,
        member=member.id,
        consent_how=row.consent_how,
    )
    return member


def _check_recorded_consent(row: MemberRow, today: dt.date) -> None:
    if row.consent_how not in RECORDED_CONSENT_WAYS:
        raise AudienceRefused(_l("Choose how the person agreed."), "consent_how")
    if row.consent_on > today:
        raise AudienceRefused(_l("The consent date is in the future."), "consent_on")
    if row.locale not in LOCALES:
        raise AudienceRefused(_l("Choose a language."), "locale")


def remove_member(member: AudienceMember, actor_id: int) -> None:
    """An officer removes a member (the person asked, or the consent ended): the address is
    erased, as when the member unsubscribes, without counting as an unsubscription."""
    list_id, member_id = member.list_id, member.id
    _erase_members([member_id], utcnow(), unsubscribed=False)
    record_audit("audience.member_remove", f"audience_list:{list_id}", actor_id, member=member_id)


def _erase_members(member_ids: list[int], now: dt.datetime, unsubscribed: bool) -> None:
    """Delete the members (their addresses with them). When they unsubscribed, the messages
    they received count it and their lists add them to their count of unsubscriptions; the
    outbox's copies of the messages they no longer receive anything through lose their
    address. Only the members this call deletes are counted: the same link followed twice at
    the same moment counts once."""
    if not member_ids:
        return
    db.session.flush()
    recipients = select(AudienceDelivery.recipient_id).where(
        AudienceDelivery.member_id.in_(member_ids)
    )
    recipient_ids = list(db.session.scalars(recipients.distinct()))
    if unsubscribed:
        db.session.execute(
            update(AudienceDelivery)
            .where(
                AudienceDelivery.member_id.in_(member_ids),
                AudienceDelivery.unsubscribed_at.is_(None),
            )
            .values(unsubscribed_at=now)
            .execution_options(synchronize_session=False)
        )
    deleted = db.session.execute(
        delete(AudienceMember)
        .where(AudienceMember.id.in_(member_ids))
        .returning(AudienceMember.id, AudienceMember.list_id)
        .execution_options(synchronize_session=False)
    ).all()
    for member_id, _list_id in deleted:
        loaded = db.session.identity_map.get(db.session.identity_key(AudienceMember, member_id))
        if loaded is not None:
            db.session.expunge(loaded)
    if unsubscribed:
        for list_id, count in Counter(list_id for _id, list_id in deleted).items():
            db.session.execute(  # in SQL: two people may leave the list at the same moment
                update(AudienceList)
                .where(AudienceList.id == list_id)
                .values(unsubscribed=AudienceList.unsubscribed + count)
                .execution_options(synchronize_session=False)
            )
            loaded = db.session.identity_map.get(db.session.identity_key(AudienceList, list_id))
            if loaded is not None:
                db.session.expire(loaded, ["unsubscribed"])
    erase_sent_addresses(recipient_ids)
    db.session.flush()


def erase_sent_addresses(recipient_ids: Iterable[int] | None = None) -> int:
    """Blank the address of the outbox's copies of messages that went out to people no longer
    on any of the message's lists (all such messages when `recipient_ids` is None). A message
    still waiting keeps its address until it has gone (the purge blanks it then): the worker
    may be sending it at this moment."""
    still_member = select(AudienceDelivery.recipient_id).where(
        AudienceDelivery.member_id.is_not(None)
    )
    gone = select(AudienceRecipient.outbox_message_id).where(
        AudienceRecipient.outbox_message_id.is_not(None),
        AudienceRecipient.id.not_in(still_member),
    )
    if recipient_ids is not None:
        ids = list(recipient_ids)
        if not ids:
            return 0
        gone = gone.where(AudienceRecipient.id.in_(ids))
    return db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(gone), OutboxMessage.sent_at.is_not(None), OutboxMessage.to != ""
        )
        .values(to="")
        .execution_options(synchronize_session=False)
    ).rowcount


# ---------------------------------------------------------------- the public sign-up


def sign_up(
    lists: list[AudienceList], name: str, email: str, locale: str, now: dt.datetime
) -> tuple[str, list[AudienceList]] | None:
    """A person asks to join lists open to the public: one link confirms them all. A list the
    address is on already is left as it is; the link of an earlier sign-up that waits is
    replaced. Returns the link's token and the lists it confirms, or None when there is
    nothing to confirm."""
    email = normalise_email(email)
    token = secrets.token_urlsafe(32)
    joined = []
    for audience_list in lists:
        if not audience_list.open_to_public:
            continue
        member = _member(audience_list.id, email)
        if member is not None and member.confirmed_at is not None:
            continue
        if member is None:
            member = AudienceMember(list_id=audience_list.id, email=email, consent_how="web")
            try:
                with db.session.begin_nested():
                    _wait_for_link(member, name, locale, token, now)
                    db.session.add(member)
            except IntegrityError:
                continue  # signed up in a parallel request at this moment
        else:
            _wait_for_link(member, name, locale, token, now)
        joined.append(audience_list)
    db.session.flush()
    if not joined:
        return None
    record_audit("audience.sign_up", "", None, lists=[item.id for item in joined])
    return token, joined


def _wait_for_link(
    member: AudienceMember, name: str, locale: str, token: str, now: dt.datetime
) -> None:
    member.name = name.strip()
    member.locale = locale if locale in LOCALES else "sq"
    member.confirm_hash = token_hash(token)
    member.created_at = now


CONFIRMED, EXPIRED = "confirmed", "expired"


def confirm_sign_up(
    token: str, now: dt.datetime, hours: int
) -> tuple[str, list[AudienceList]] | None:
    """The link of a sign-up was followed: its lists count the person from today, if the link
    is not older than `hours`. None for a link that is not known (or was used)."""
    members = list(
        db.session.scalars(
            select(AudienceMember).where(
                AudienceMember.confirm_hash == token_hash(token),
                AudienceMember.confirmed_at.is_(None),
            )
        )
    )
    if not members:
        return None
    lists = [member.audience_list for member in members]
    if any(member.created_at < now - dt.timedelta(hours=hours) for member in members):
        return EXPIRED, lists
    for member in members:
        member.confirmed_at = now
        member.consent_on = now.date()
        member.confirm_hash = None
    db.session.flush()
    record_audit("audience.confirm", "", None, lists=[item.id for item in lists])
    return CONFIRMED, lists


def signup_mail(
    email: str, token: str, lists: list[AudienceList], locale: str, link: Callable[[str], str]
) -> None:
    """Queue the e-mail whose link confirms a sign-up, in the language chosen."""
    hours = current_app.config["AUDIENCE_CONFIRM_HOURS"]
    with force_locale(locale):
        names = ", ".join(localize(item.name, locale).text for item in lists)
        body = ngettext(
            "You asked to receive the messages of %(municipality)s to these lists: %(lists)s."
            "\n\nFollow this link within %(num)s hour to confirm:\n%(link)s\n\n"
            "Until you do, you receive nothing, and if you do not, your address is deleted. "
            "If you did not ask for this, ignore this message.",
            "You asked to receive the messages of %(municipality)s to these lists: %(lists)s."
            "\n\nFollow this link within %(num)s hours to confirm:\n%(link)s\n\n"
            "Until you do, you receive nothing, and if you do not, your address is deleted. "
            "If you did not ask for this, ignore this message.",
            hours,
            municipality=_municipality(locale),
            lists=names,
            link=link(token),
        )
        queue_mail(email, _("Confirm that you want to receive these messages"), body)


def _municipality(locale: str) -> str:
    return localize(municipality_names(), locale).text


# ---------------------------------------------------------------- unsubscribing


def recipient_for(token: str) -> AudienceRecipient | None:
    """The message whose unsubscribe link carries `token`."""
    return db.session.scalar(
        select(AudienceRecipient).where(AudienceRecipient.unsubscribe_hash == token_hash(token))
    )


def lists_of(recipient: AudienceRecipient) -> list[AudienceList]:
    """The lists a message went to its recipient through."""
    query = (
        select(AudienceList)
        .join(AudienceDelivery, AudienceDelivery.list_id == AudienceList.id)
        .where(AudienceDelivery.recipient_id == recipient.id)
        .order_by(AudienceList.id)
    )
    return list(db.session.scalars(query))


def still_on_lists(recipient: AudienceRecipient) -> bool:
    """Whether the person a message went to is still on one of its lists."""
    query = select(AudienceDelivery.member_id).where(
        AudienceDelivery.recipient_id == recipient.id, AudienceDelivery.member_id.is_not(None)
    )
    return db.session.scalar(query.limit(1)) is not None


def unsubscribe(recipient: AudienceRecipient, now: dt.datetime) -> int:
    """The person leaves every list the message came through: their members are erased (the
    lists keep a count), and so is the address of the copies of the message. Returns how many
    lists they left (0 when they had left already)."""
    member_ids = [
        member_id
        for member_id in db.session.scalars(
            select(AudienceDelivery.member_id).where(
                AudienceDelivery.recipient_id == recipient.id,
                AudienceDelivery.member_id.is_not(None),
            )
        )
    ]
    if recipient.unsubscribed_at is None:
        recipient.unsubscribed_at = now
    send_id = recipient.send_id
    _erase_members(member_ids, now, unsubscribed=True)
    if member_ids:
        record_audit(
            "audience.unsubscribe", f"audience_send:{send_id}", None, lists=len(member_ids)
        )
    return len(member_ids)


# ---------------------------------------------------------------- messages


def save_send(
    send: AudienceSend,
    subject: dict,
    body: dict,
    consultation_id: int | None,
    meeting_id: int | None,
    list_ids: list[int],
    actor_id: int,
) -> AudienceSend:
    """Create or change a draft message: its texts, what it is about, its lists."""
    if send.queued_at is not None:
        raise AudienceRefused(_l("This message has been sent: it can no longer be changed."))
    if consultation_id and meeting_id:
        raise AudienceRefused(
            _l("A message is about a consultation or a meeting, not both."), "meeting_id"
        )
    lists = list(db.session.scalars(select(AudienceList).where(AudienceList.id.in_(list_ids))))
    if not lists or len(lists) != len(set(list_ids)):
        raise AudienceRefused(_l("Choose at least one list."), "list_ids")
    send.subject = {locale: " ".join(text.split()) for locale, text in subject.items()}
    send.body = body
    send.consultation_id = consultation_id or None
    send.meeting_id = meeting_id or None
    send.lists = lists
    created = send.id is None
    if created:
        send.created_by_id = actor_id
        db.session.add(send)
    db.session.flush()
    record_audit(
        "audience.send_draft",
        f"audience_send:{send.id}",
        actor_id,
        lists=[item.id for item in lists],
        consultation=send.consultation_id,
        meeting=send.meeting_id,
    )
    return send


def delete_draft(send: AudienceSend, actor_id: int) -> None:
    """Delete a message not sent."""
    if send.queued_at is not None:
        raise AudienceRefused(_l("This message has been sent: it can no longer be changed."))
    send_id = send.id
    db.session.delete(send)
    db.session.flush()
    record_audit("audience.send_delete", f"audience_send:{send_id}", actor_id)


def _confirmed_members(list_ids: list[int]):
    return select(AudienceMember).where(
        AudienceMember.list_id.in_(list_ids), AudienceMember.confirmed_at.is_not(None)
    )


def recipient_count(list_ids: list[int]) -> int:
    """How many people the lists reach: a person on two of them counts once."""
    if not list_ids:
        return 0
    members = _confirmed_members(list_ids).subquery()
    return db.session.scalar(select(func.count(func.distinct(members.c.email))))


def sendable_consultations() -> list[Consultation]:
    """The consultations a message may invite to: every published one, newest first."""
    query = select(Consultation).where(Consultation.is_public).order_by(Consultation.id.desc())
    return list(db.session.scalars(query.limit(200)))


def sendable_meetings(today: dt.date) -> list[Meeting]:
    """The public meetings a message may invite to: announced, not cancelled, not yet held,
    stand-alone or of a published consultation."""
    published = select(Consultation.id).where(Consultation.is_public)
    query = select(Meeting).where(
        Meeting.announced_on.is_not(None),
        Meeting.cancelled_at.is_(None),
        Meeting.held_on >= today,
        Meeting.consultation_id.is_(None) | Meeting.consultation_id.in_(published),
    )
    return list(db.session.scalars(query.order_by(Meeting.held_on, Meeting.id).limit(200)))


def meeting_title(meeting: Meeting) -> dict:
    """A meeting's {locale: title}: its own, or its consultation's."""
    if any(str(text).strip() for text in (meeting.title or {}).values()):
        return meeting.title
    return meeting.consultation.title if meeting.consultation is not None else {}


def send_gaps(send: AudienceSend, today: dt.date) -> list:
    """What stops the message from being sent, in words for the officer."""
    gaps = []
    for name, label in (("subject", _l("Subject")), ("body", _l("Message"))):
        missing = missing_languages(getattr(send, name))
        if missing:
            gaps.append(
                _l(
                    "%(field)s: the text is missing in %(languages)s.",
                    field=label,
                    languages=language_list(missing),
                )
            )
    if send.consultation_id is not None and (
        send.consultation is None or not send.consultation.is_public
    ):
        gaps.append(_l("The consultation is no longer published."))
    if send.meeting_id is not None and send.meeting_id not in {
        m.id for m in sendable_meetings(today)
    }:
        gaps.append(_l("The meeting is no longer ahead, or it was cancelled."))
    if not recipient_count([item.id for item in send.lists]):
        gaps.append(_l("Nobody on the lists chosen receives messages yet."))
    return gaps


@dataclass(frozen=True)
class SendLinks:
    """The absolute links a message carries: the page of what it is about (in the reader's
    language), the unsubscribe page and its one-click address."""

    consultation: Callable[[int, str], str]
    meeting: Callable[[int, str], str]
    unsubscribe: Callable[[str], str]
    one_click: Callable[[str], str]


def queue_send(send: AudienceSend, actor_id: int, now: dt.datetime, links: SendLinks) -> int:
    """Queue one message per person on the send's lists, in their language, through the
    outbox (the worker sends them); returns how many. Sent once only, even when two requests
    ask at the same moment."""
    gaps = send_gaps(send, now.date())
    if gaps:
        raise AudienceRefused(gaps[0])
    claimed = db.session.execute(
        update(AudienceSend)
        .where(AudienceSend.id == send.id, AudienceSend.queued_at.is_(None))
        .values(queued_at=now, queued_by_id=actor_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise AudienceRefused(_l("This message has been sent already."))
    db.session.refresh(send)
    names = {item.id: item.name for item in send.lists}
    people: dict[str, list[AudienceMember]] = {}
    members = _confirmed_members(list(names)).order_by(AudienceMember.list_id, AudienceMember.id)
    for member in db.session.scalars(members):
        people.setdefault(member.email, []).append(member)
    for email, memberships in people.items():
        _queue_one(send, email, memberships, names, links)
    db.session.flush()
    record_audit(
        "audience.send",
        f"audience_send:{send.id}",
        actor_id,
        recipients=len(people),
        lists=list(names),
    )
    return len(people)


def _queue_one(
    send: AudienceSend,
    email: str,
    memberships: list[AudienceMember],
    names: dict[int, dict],
    links: SendLinks,
) -> None:
    """One person's message, in the language of their first membership."""
    locale = memberships[0].locale
    token = secrets.token_urlsafe(32)
    list_names = [names[member.list_id] for member in memberships]
    subject, body = compose(send, locale, list_names, links, token)
    message = queue_mail(email, subject, body, list_unsubscribe=links.one_click(token))
    recipient = AudienceRecipient(
        send_id=send.id, outbox_message_id=message.id, unsubscribe_hash=token_hash(token)
    )
    db.session.add(recipient)
    db.session.flush()
    db.session.add_all(
        AudienceDelivery(recipient_id=recipient.id, list_id=member.list_id, member_id=member.id)
        for member in memberships
    )


def compose(
    send: AudienceSend, locale: str, list_names: list[dict], links: SendLinks, token: str
) -> tuple[str, str]:
    """The subject and text of the message in `locale` (Albanian where it is not written):
    the officer's text, the link to what it is about, why the person receives it and the
    link that stops it."""
    with force_locale(locale):
        subject = localize(send.subject, locale).text
        parts = [localize(send.body, locale).text.strip()]
        about = _about(send, locale, links)
        if about:
            parts.append(about)
        lists = ", ".join(f"“{localize(name, locale).text}”" for name in list_names)
        parts.append(
            "-- \n"
            + _(
                "You receive this message from %(municipality)s because you are on its list "
                "%(lists)s.",
                municipality=_municipality(locale),
                lists=lists,
            )
            + "\n"
            + _("To stop receiving these messages: %(link)s", link=links.unsubscribe(token))
        )
    return subject[:300], "\n\n".join(parts)


def _about(send: AudienceSend, locale: str, links: SendLinks) -> str:
    """The lines about the consultation or meeting the message invites to."""
    if send.consultation is not None:
        title = localize(send.consultation.title, locale).text
        return f"{title}\n{links.consultation(send.consultation.id, locale)}"
    if send.meeting is not None:
        title = localize(meeting_title(send.meeting), locale).text
        day = format_date(send.meeting.held_on, "long")
        return f"{title}, {day}\n{links.meeting(send.meeting.id, locale)}"
    return ""


@dataclass(frozen=True)
class SendCounts:
    """How a send's messages stand: queued in all, still waiting for the worker, sent,
    refused by the mail server (tried again), no longer in the outbox (deleted after the
    retention period), and the recipients who have unsubscribed since."""

    queued: int = 0
    waiting: int = 0
    sent: int = 0
    failed: int = 0
    deleted: int = 0
    unsubscribed: int = 0


def _state_columns():
    sent = OutboxMessage.sent_at.is_not(None)
    unsent = OutboxMessage.sent_at.is_(None)
    return (
        func.count(OutboxMessage.id).filter(unsent, OutboxMessage.attempts == 0),
        func.count(OutboxMessage.id).filter(sent),
        func.count(OutboxMessage.id).filter(unsent, OutboxMessage.attempts > 0),
        func.count().filter(AudienceRecipient.outbox_message_id.is_(None)),
    )


def send_counts(send_ids: list[int]) -> dict[int, SendCounts]:
    """{send id: SendCounts} of whole sends, read from the outbox's state."""
    if not send_ids:
        return {}
    left = select(AudienceDelivery.recipient_id).where(
        AudienceDelivery.unsubscribed_at.is_not(None)
    )
    rows = db.session.execute(
        select(
            AudienceRecipient.send_id,
            func.count(),
            *_state_columns(),
            func.count().filter(AudienceRecipient.id.in_(left)),
        )
        .outerjoin(OutboxMessage, OutboxMessage.id == AudienceRecipient.outbox_message_id)
        .where(AudienceRecipient.send_id.in_(send_ids))
        .group_by(AudienceRecipient.send_id)
    ).all()
    return {row[0]: SendCounts(*row[1:]) for row in rows}


def send_counts_per_list(send: AudienceSend) -> dict[int, SendCounts]:
    """{list id: SendCounts} of one send: a person on two lists counts in each."""
    rows = db.session.execute(
        select(
            AudienceDelivery.list_id,
            func.count(),
            *_state_columns(),
            func.count().filter(AudienceDelivery.unsubscribed_at.is_not(None)),
        )
        .join(AudienceRecipient, AudienceRecipient.id == AudienceDelivery.recipient_id)
        .outerjoin(OutboxMessage, OutboxMessage.id == AudienceRecipient.outbox_message_id)
        .where(AudienceRecipient.send_id == send.id)
        .group_by(AudienceDelivery.list_id)
    ).all()
    return {row[0]: SendCounts(*row[1:]) for row in rows}


def draft_counts(send: AudienceSend) -> dict[int, int]:
    """{list id: members who would receive the draft}."""
    ids = [item.id for item in send.lists]
    if not ids:
        return {}
    rows = db.session.execute(
        select(AudienceMember.list_id, func.count())
        .where(AudienceMember.list_id.in_(ids), AudienceMember.confirmed_at.is_not(None))
        .group_by(AudienceMember.list_id)
    ).all()
    return dict.fromkeys(ids, 0) | dict(rows)


def all_sends() -> list[AudienceSend]:
    """Every message, the newest first (drafts with them)."""
    query = select(AudienceSend).order_by(AudienceSend.created_at.desc(), AudienceSend.id.desc())
    return list(db.session.scalars(query))


# ---------------------------------------------------------------- imports


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: the members it adds (a waiting sign-up among them becomes a
    member with the recorded consent) and how many of its addresses are on the list already
    (left as they are)."""

    new: list[MemberRow]
    already: int


def plan_import(audience_list: AudienceList, rows: list[MemberRow]) -> ImportPlan:
    """Which rows are new to the list."""
    there = set(
        db.session.scalars(
            select(AudienceMember.email).where(
                AudienceMember.list_id == audience_list.id,
                AudienceMember.confirmed_at.is_not(None),
            )
        )
    )
    new = [row for row in rows if row.email not in there]
    return ImportPlan(new=new, already=len(rows) - len(new))


def import_members(
    audience_list: AudienceList, plan: ImportPlan, actor_id: int, now: dt.datetime
) -> int:
    """Add the plan's members with the consent each row records; returns how many."""
    waiting = {
        member.email: member
        for member in db.session.scalars(
            select(AudienceMember).where(
                AudienceMember.list_id == audience_list.id,
                AudienceMember.confirmed_at.is_(None),
            )
        )
    }
    for row in plan.new:
        _check_recorded_consent(row, now.date())
        member = waiting.get(row.email) or AudienceMember(list_id=audience_list.id, email=row.email)
        _record_consent(member, row, actor_id, now)
        db.session.add(member)
    db.session.flush()
    record_audit(
        "audience.import",
        f"audience_list:{audience_list.id}",
        actor_id,
        added=len(plan.new),
        already=plan.already,
    )
    return len(plan.new)


def keep_pending_import(audience_list: AudienceList, user: User, text: str, rows: int = 0) -> int:
    """Keep a previewed file of `rows` members until the officer imports it (replacing their
    earlier one)."""
    db.session.execute(
        delete(AudiencePendingImport).where(AudiencePendingImport.user_id == user.id)
    )
    pending = AudiencePendingImport(list_id=audience_list.id, user_id=user.id, content=text)
    db.session.add(pending)
    db.session.flush()
    record_audit("audience.import_preview", f"audience_list:{audience_list.id}", user.id, rows=rows)
    return pending.id


def take_pending_import(
    pending_id: int | None, audience_list: AudienceList, user: User, now: dt.datetime
) -> str | None:
    """The text of the officer's previewed file for this list (deleted as it is taken), or
    None if there is none, it is someone else's, or it is older than the preview period."""
    if pending_id is None:
        return None
    pending = db.session.get(AudiencePendingImport, pending_id)
    if pending is None or pending.user_id != user.id or pending.list_id != audience_list.id:
        return None
    text = pending.content
    fresh = pending.created_at >= now - dt.timedelta(
        hours=current_app.config["AUDIENCE_IMPORT_PREVIEW_HOURS"]
    )
    db.session.delete(pending)
    db.session.flush()
    return text if fresh else None


def pending_imports_filter(now: dt.datetime, config) -> object:
    """SQL: the previewed files older than the preview period (for the purge)."""
    hours = dt.timedelta(hours=config["AUDIENCE_IMPORT_PREVIEW_HOURS"])
    return AudiencePendingImport.created_at < now - hours


def expired_sign_ups_filter(now: dt.datetime, config) -> object:
    """SQL: sign-ups whose link was never followed within the confirmation period."""
    hours = dt.timedelta(hours=config["AUDIENCE_CONFIRM_HOURS"])
    return and_(AudienceMember.confirmed_at.is_(None), AudienceMember.created_at < now - hours)
