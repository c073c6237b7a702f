"""Reminders of a staff survey that reveal nothing (issue #21).

Mailed access codes: when an officer queues the invitations of an address list, the same
transaction puts each address (with the language of its invitation) on the survey's reminder
list, `ReminderAddress`, a table apart from the codes: no invitation id, seed, code hash,
directorate or time, a random key, rows added in a shuffled order. The list says who was
invited, never which code they got nor whether they answered; so a reminder goes to everyone on
it (`send_reminder`), at most once every SURVEY_REMINDER_HOURS, through the mail outbox, in
each address's language, with the survey's link and no code. The list, and every outbox
message that carried a reminder, are deleted when the survey closes: at the officer's "closed"
step (`after_step`) and, for a survey whose closing day passed without one, before each round
of the mail worker (`purge_closed_lists`), so that a queued reminder of a closed survey is
never sent.

Printed codes: the notice for the notice boards (`notice_pages`), an A4 page in every official
language asking those who got a slip and have not answered to do so with the code on it.

On PostgreSQL the list rows of one upload share the transaction stamp (`xmin`) of that
upload's codes, as the invitations do: a database administrator learns which upload (group of
at least ANONYMITY_MIN_GROUP addresses, one directorate) an address came with, never its code;
within a transaction the rows are written in a random order, so `ctid` follows no upload order.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import segno
from flask import current_app, render_template
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from consult.core.mail_outbox import OutboxMessage, queue_mail
from consult.core.models import Consultation, utcnow
from consult.core.services import stage_on
from consult.extensions import db
from consult.i18n import HTML_LANG, LOCALES, localize, official_locales
from consult.surveys.models import ReminderAddress, ReminderMessage, Survey, SurveyReminder

#: the default of SURVEY_REMINDER_HOURS: at most one reminder in this many hours
DEFAULT_REMINDER_HOURS = 24


class ReminderRefused(Exception):
    """No reminder now; `message` (translated) says why."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


# --- the list ----------------------------------------------------------------------------------


def record_addresses(survey: Survey, addresses: list[str], language: str) -> int:
    """Put `addresses` on the survey's reminder list, in the caller's transaction (the one that
    queues their invitations), in a shuffled order; an address already on the list stays as it
    was. Returns how many were added."""
    known = set(
        db.session.scalars(
            select(ReminderAddress.address).where(ReminderAddress.survey_id == survey.id)
        )
    )
    fresh = list(dict.fromkeys(a for a in addresses if a not in known))
    secrets.SystemRandom().shuffle(fresh)
    language = language if language in LOCALES else "sq"
    db.session.add_all(
        ReminderAddress(survey_id=survey.id, address=address, language=language)
        for address in fresh
    )
    db.session.flush()
    return len(fresh)


def list_size(survey: Survey) -> int:
    """How many addresses the survey's reminder list holds."""
    return db.session.scalar(
        select(func.count())
        .select_from(ReminderAddress)
        .where(ReminderAddress.survey_id == survey.id)
    )


def purge_list(survey: Survey) -> int:
    """Delete the survey's reminder list and every outbox message that carried one of its
    reminders; returns how many addresses went.

    A message the mail worker may have loaded already is not deleted under it (its round would
    fail): the messages not yet sent lose their address now, so no later round can send them,
    and the worker deletes them before its next round (`purge_closed_lists`)."""
    gone = db.session.execute(
        delete(ReminderAddress).where(ReminderAddress.survey_id == survey.id)
    ).rowcount
    carried = select(ReminderMessage.outbox_message_id).where(
        ReminderMessage.survey_id == survey.id
    )
    sent = select(OutboxMessage.id).where(
        OutboxMessage.id.in_(carried), OutboxMessage.sent_at.is_not(None)
    )
    sent_ids = list(db.session.scalars(sent))
    _delete_messages(sent_ids)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(carried), OutboxMessage.sent_at.is_(None))
        .values(to="")
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return gone


def _delete_messages(ids: list[int]) -> None:
    if not ids:
        return
    db.session.execute(delete(ReminderMessage).where(ReminderMessage.outbox_message_id.in_(ids)))
    db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .execution_options(synchronize_session=False)
    )


def after_step(consultation: Consultation, to_status: str) -> None:
    """The lifecycle's hook of the survey kind: a survey that closes loses its reminder list."""
    if to_status not in ("closed", "reported"):
        return
    survey = db.session.scalar(select(Survey).where(Survey.consultation_id == consultation.id))
    if survey is not None:
        purge_list(survey)


def purge_closed_lists(today: dt.date | None = None) -> int:
    """Before each round of the mail worker: the reminder lists of surveys that are closed
    (by an officer or by their closing day) are deleted, and with them every outbox message
    that carries one of their reminders, sent or not, so that none goes out. Committed here
    (the worker's rounds each commit their own work); returns how many surveys were purged."""
    today = today or dt.date.today()
    holding = select(ReminderAddress.survey_id).union(select(ReminderMessage.survey_id))
    surveys = db.session.scalars(select(Survey).where(Survey.id.in_(holding)).order_by(Survey.id))
    purged = 0
    for survey in surveys:
        if stage_on(survey.consultation, today) != "closed":
            continue
        db.session.execute(delete(ReminderAddress).where(ReminderAddress.survey_id == survey.id))
        carried = select(ReminderMessage.outbox_message_id).where(
            ReminderMessage.survey_id == survey.id
        )
        _delete_messages(list(db.session.scalars(carried)))
        purged += 1
    db.session.commit()
    return purged


# --- sending a reminder ------------------------------------------------------------------------


def reminder_hours() -> int:
    """At most one reminder of a survey in this many hours (SURVEY_REMINDER_HOURS)."""
    return int(current_app.config.get("SURVEY_REMINDER_HOURS", DEFAULT_REMINDER_HOURS))


@dataclass(frozen=True)
class ReminderStatus:
    """Where a survey's reminders stand: the list's size, the reminders sent so far, the last
    one's time, the earliest time of the next, and why none may go now (None: one may)."""

    recipients: int
    sent: int
    last_at: dt.datetime | None
    next_at: dt.datetime | None
    refusal: str | None


def reminder_status(survey: Survey, now: dt.datetime | None = None) -> ReminderStatus:
    """The survey's reminders, and whether one may be sent at `now`."""
    now = now or utcnow()
    recipients = list_size(survey)
    sent, last_at = db.session.execute(
        select(func.count(), func.max(SurveyReminder.queued_at)).where(
            SurveyReminder.survey_id == survey.id
        )
    ).one()
    next_at = last_at + dt.timedelta(hours=reminder_hours()) if last_at else None
    return ReminderStatus(
        recipients=recipients,
        sent=sent,
        last_at=last_at,
        next_at=next_at,
        refusal=_refusal(survey, recipients, next_at, now),
    )


def _refusal(
    survey: Survey, recipients: int, next_at: dt.datetime | None, now: dt.datetime
) -> str | None:
    stage = stage_on(survey.consultation, now.date())
    if stage == "closed":
        return _("The survey is closed: no reminder can be sent, and its address list is deleted.")
    if stage != "open":
        return _("The survey is not open yet: a reminder can be sent once it is open.")
    if recipients == 0:
        return _(
            "No address is on the reminder list: reminders go only to people invited by e-mail. "
            "For printed codes, put up the printable notice."
        )
    if next_at is not None and now < next_at:
        return ngettext(
            "A reminder was sent less than %(num)d hour ago. The next one can be sent from "
            "%(time)s (UTC).",
            "A reminder was sent less than %(num)d hours ago. The next one can be sent from "
            "%(time)s (UTC).",
            reminder_hours(),
            time=next_at.strftime("%Y-%m-%d %H:%M"),
        )
    return None


def reminder_subject(survey: Survey, locale: str) -> str:
    """The subject of the reminder, in `locale`."""
    with force_locale(locale):
        title = localize(survey.consultation.title, locale).text
        return _("Reminder: staff survey “%(title)s”", title=title)


def reminder_body(survey: Survey, locale: str, link: str) -> str:
    """The text of the reminder, in `locale`: the survey's link, no code; it goes to everyone
    invited, so it says why someone who answered gets it too, and what to do with a lost code."""
    closes = survey.consultation.closes_at
    with force_locale(locale):
        title = localize(survey.consultation.title, locale).text
        if closes is not None:
            opening = _(
                "The staff survey “%(title)s” is open until %(date)s.",
                title=title,
                date=format_date(closes, "long"),
            )
        else:
            opening = _("The staff survey “%(title)s” is open.", title=title)
        rest = _(
            "This reminder goes to everyone who was invited by e-mail, because nobody can know "
            "who has answered: answers are anonymous. If you have answered already, thank you, "
            "and please ignore this message.\n\n"
            "To answer, open %(link)s and type the access code from the e-mail you received "
            "earlier. Each code works once.\n\n"
            "Lost your code? Ask the Public Information Office for a new one, on a printed slip. "
            "Nobody knows which code was yours, so it cannot be looked up or sent again; the new "
            "code is not linked to you either.",
            link=link,
        )
        return f"{opening}\n\n{rest}"


def send_reminder(
    survey: Survey, link_for: Callable[[str], str], now: dt.datetime | None = None
) -> int:
    """Queue one reminder to every address on the survey's list, each in its language, with
    `link_for(locale)` (the code form, no code); returns how many. Refused
    (`ReminderRefused`) when the survey is not open, has no list, or sent one less than
    SURVEY_REMINDER_HOURS ago; two officers at once send one (UNIQUE number)."""
    now = now or utcnow()
    _lock(survey)
    status = reminder_status(survey, now)
    if status.refusal is not None:
        raise ReminderRefused(status.refusal)
    reminder = SurveyReminder(
        survey_id=survey.id, number=status.sent + 1, queued_at=now, recipients=status.recipients
    )
    try:
        with db.session.begin_nested():
            db.session.add(reminder)
            db.session.flush()
    except IntegrityError:
        raise ReminderRefused(_("Another reminder of this survey was sent a moment ago.")) from None
    texts: dict[str, tuple[str, str]] = {}
    # the list is read in the order of its random keys: the outbox follows no upload's order
    rows = db.session.execute(
        select(ReminderAddress.address, ReminderAddress.language)
        .where(ReminderAddress.survey_id == survey.id)
        .order_by(ReminderAddress.id)
    ).all()
    for address, language in rows:
        if language not in texts:
            texts[language] = (
                reminder_subject(survey, language),
                reminder_body(survey, language, link_for(language)),
            )
        subject, body = texts[language]
        message = queue_mail(address, subject, body, consultation_id=survey.consultation_id)
        db.session.add(ReminderMessage(outbox_message_id=message.id, survey_id=survey.id))
    db.session.flush()
    return len(rows)


def _lock(survey: Survey) -> None:
    """Hold the survey's row until the transaction ends (PostgreSQL), so that two reminders
    are counted one after the other."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Survey.id).where(Survey.id == survey.id).with_for_update())


# --- the notice for printed codes ---------------------------------------------------------------


def notice_pages(survey: Survey, link_for: Callable[[str], str]) -> list[tuple[str, Markup]]:
    """The printable reminder for slips: one A4 page in each official language (Serbian in
    both scripts), as (BCP 47 tag, page), each wholly in its language with the QR code of
    `link_for(locale)`."""
    pages = []
    for locale in official_locales():
        link = link_for(locale)
        with force_locale(locale):
            page = render_template(
                "surveys/_reminder_notice_page.html",
                survey=survey,
                locale=locale,
                link=link,
                qr=segno.make(link, error="m").svg_data_uri(scale=8, border=2),
            )
        pages.append((HTML_LANG[locale], Markup(page)))  # noqa: S704  # nosec B704 autoescaped
    return pages
