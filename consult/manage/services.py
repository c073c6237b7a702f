"""Back-office work on consultations: choices offered, the list, saving the form."""

from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult.auth.models import User
from consult.core import lifecycle
from consult.core.compliance import DATE_FIELDS
from consult.core.fields import content_choice
from consult.core.models import AuditLog, Consultation, Directorate
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import lazy_text as _l
from consult.manage.forms import TRANSLATED_FIELDS, ConsultationForm

PLAIN_FIELDS = ("kind", "planned_year", "contact_name", "contact_email", "contact_phone")


def directorate_choices(user: User) -> list[SelectChoice]:
    """Directorates `user` may assign: their own, or all for the PIO and admins."""
    query = select(Directorate).order_by(Directorate.code)
    if user.role == "officer" and user.directorate_id is not None:
        query = query.where(Directorate.id == user.directorate_id)
    return [content_choice(d.id, d.name) for d in db.session.scalars(query)]


def consultations_for(user: User) -> list[Consultation]:
    """The consultations `user` may manage, newest first."""
    query = select(Consultation).order_by(Consultation.created_at.desc(), Consultation.id.desc())
    if user.role == "officer" and user.directorate_id is not None:
        query = query.where(Consultation.directorate_id == user.directorate_id)
    return list(db.session.scalars(query))


def apply_form(
    consultation: Consultation, form: ConsultationForm, actor: User, standards: dict
) -> Consultation:
    """Copy the form into `consultation` (new or existing) and audit-log the change.

    The dates of a published consultation change through `lifecycle.change_dates`: checked
    against the minimum standards, with the form's reason where one breaks. Raises
    `lifecycle.TransitionRefused` (the caller rolls back) when the change is refused, and
    when the kind of a published consultation would change."""
    if consultation.is_public and form.kind.data != consultation.kind:
        raise lifecycle.TransitionRefused(_l("The kind of a published consultation cannot change."))
    dates = {name: getattr(form, name).data for name in DATE_FIELDS}
    if standards.get("MS_COMPLEX_DAYS"):  # before the dates are checked: it moves MS-DURATION
        consultation.complex_act = bool(form.complex_act.data) and form.kind.data == "draft_act"
    if consultation.id is not None:
        lifecycle.change_dates(consultation, dates, actor, standards, form.change_reason.data or "")
    else:
        for name, value in dates.items():
            setattr(consultation, name, value)
    for name in PLAIN_FIELDS:
        setattr(consultation, name, getattr(form, name).data)
    consultation.contact_email = (form.contact_email.data or "").strip().lower()
    consultation.directorate_id = form.directorate_id.data or None
    for field in TRANSLATED_FIELDS:
        setattr(consultation, field, form.texts(field, getattr(consultation, field)))
    if consultation.id is None:
        consultation.created_by_id = actor.id
        db.session.add(consultation)
    db.session.flush()
    record_audit("consultation.save", f"consultation:{consultation.id}", actor_id=actor.id)
    return consultation


def consultation_of(entry: AuditLog) -> Consultation | None:
    """The consultation an audit-log entry is about ("consultation:12"), if it is one."""
    kind, _, number = (entry.target or "").partition(":")
    if kind != "consultation" or not number.isascii() or not number.isdigit():
        return None
    return db.session.get(Consultation, int(number))
