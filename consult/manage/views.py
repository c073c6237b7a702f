"""Officer back office: list, create and edit consultations, upload documents, publish, and
keep the outreach log of each consultation."""

import datetime as dt
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult.auth.access import editable_or_403
from consult.auth.models import User
from consult.auth.services import STAFF_ROLES, can_edit, role_required
from consult.core import lifecycle, outreach
from consult.core.compliance import DATE_LABELS, date_moves, findings_of
from consult.core.documents import UploadRefused, check_upload, store_document
from consult.core.fields import content_choice
from consult.core.mail_outbox import outbox_counts
from consult.core.models import AuditLog, Consultation, Document, LocalCommunity
from consult.core.municipalities import official_languages
from consult.core.profiles import current_standards
from consult.core.rule_names import rule_name
from consult.core.services import publication_gaps, record_audit, stage_on
from consult.extensions import db
from consult.form_views import save_form
from consult.manage import bp
from consult.manage.forms import (
    TRANSLATED_FIELDS,
    AdvanceForm,
    ConsultationForm,
    DeleteOutreachForm,
    DocumentForm,
    OutreachForm,
    RemoveDocumentForm,
)
from consult.manage.services import (
    apply_form,
    consultation_of,
    consultations_for,
    directorate_choices,
)


@bp.route("/")
@role_required(*STAFF_ROLES, "chair")
def index():
    """The consultations this user may manage."""
    if current_user.role == "chair":
        return redirect(url_for("chair.index"))
    consultations = consultations_for(current_user)
    # LANG-ANSWER: the answers to complete before a report can be published
    answer_todo = [
        (item, count)
        for item in consultations
        if item.status in ("open", "closed") and (count := len(lifecycle.answer_gaps(item)))
    ]
    return render_template(
        "manage/index.html", consultations=consultations, answer_todo=answer_todo
    )


def _editable(consultation_id: int) -> Consultation:
    return editable_or_403(consultation_id)


def _consultation_form(consultation: Consultation | None = None) -> ConsultationForm:
    form = ConsultationForm(obj=consultation)
    form.directorate_id.choices = directorate_choices(current_user)
    if consultation is not None and not form.is_submitted():
        for field in TRANSLATED_FIELDS:
            form.fill_texts(field, getattr(consultation, field))
    return form


@bp.route("/consultations/new", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def new_consultation():
    """Create a consultation as a draft."""
    form = _consultation_form()
    if form.validate_on_submit():
        consultation = apply_form(
            Consultation(status="draft"), form, current_user, current_standards()
        )
        db.session.commit()
        flash(_("The consultation is saved as a draft."), "success")
        return redirect(url_for("manage.consultation", consultation_id=consultation.id))
    return render_template("manage/edit.html", form=form, consultation=None)


@bp.route("/consultations/<int:consultation_id>")
@role_required(*STAFF_ROLES)
def consultation(consultation_id: int):
    """A consultation's management page: what is missing, documents, actions."""
    return _management_page(_editable(consultation_id), DocumentForm())


def _management_page(item: Consultation, document_form: DocumentForm, status: int = 200):
    findings = findings_of(
        item,
        dt.date.today(),
        current_standards(),
        official_languages(),
        unanswered=lifecycle.unanswered_count(item),
        in_plan=lifecycle.in_plan(item),
    )
    if item.status == "draft":
        findings = lifecycle.substance_findings(item, current_standards()) + findings
    page = render_template(
        "manage/consultation.html",
        consultation=item,
        gaps=publication_gaps(item, official_languages()),
        findings=findings,
        answer_gaps=lifecycle.answer_gaps(item),
        next_status=lifecycle.NEXT_STATUS.get(item.status),
        advance_form=AdvanceForm(formdata=None),
        document_form=document_form,
        remove_form=RemoveDocumentForm(formdata=None),
        stage=stage_on(item, dt.date.today()),
        date_moves=date_moves(item),
        mail=outbox_counts(item.id),
        outreach=outreach.channels_used([item.id]).get(item.id, []),
    )
    return page, status


@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def edit_consultation(consultation_id: int):
    """Edit a consultation's texts in every language, its dates and contact."""
    item = _editable(consultation_id)
    form = _consultation_form(item)
    if form.validate_on_submit():
        try:
            apply_form(item, form, current_user, current_standards())
        except lifecycle.TransitionRefused as refused:
            db.session.rollback()
            form.change_reason.errors = [
                refused.message,
                *(
                    f"{rule_name(finding.rule_id)} ({finding.rule_id}): {finding.message}"
                    for finding in refused.findings
                ),
            ]
            page = render_template("manage/edit.html", form=form, consultation=item)
            return page, 400
        db.session.commit()
        flash(_("The changes are saved."), "success")
        return redirect(url_for("manage.consultation", consultation_id=item.id))
    return render_template("manage/edit.html", form=form, consultation=item)


@bp.route("/consultations/<int:consultation_id>/documents", methods=["POST"])
@role_required(*STAFF_ROLES)
def upload_document(consultation_id: int):
    """Attach a document; its content must match its extension."""
    item = _editable(consultation_id)
    form = DocumentForm()
    if form.validate_on_submit():
        try:
            checked = check_upload(
                form.file.data.read(current_app.config["UPLOAD_MAX_BYTES"] + 1),
                form.file.data.filename or "",
                current_app.config["UPLOAD_MAX_BYTES"],
                current_app.config["UPLOAD_MAX_UNPACKED_BYTES"],
            )
        except UploadRefused as refused:
            form.file.errors.append(refused.message)
        else:
            document = store_document(
                checked,
                current_app.config["UPLOAD_FOLDER"],
                consultation=item,
                role=form.role.data,
                title=form.titles(),
            )
            db.session.add(document)
            db.session.flush()
            record_audit("document.upload", f"document:{document.id}", actor_id=current_user.id)
            db.session.commit()
            flash(_("The document is attached."), "success")
            return redirect(url_for("manage.consultation", consultation_id=item.id))
    return _management_page(item, form, 400)


@bp.route("/consultations/<int:consultation_id>/advance", methods=["POST"])
@role_required(*STAFF_ROLES)
def advance_consultation(consultation_id: int):
    """Move the consultation one step; a broken rule needs a recorded reason."""
    item = _editable(consultation_id)
    form = AdvanceForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; try again."), "error")
        return redirect(url_for("manage.consultation", consultation_id=item.id))
    try:
        overridden = lifecycle.advance(
            item,
            form.to_status.data or "",
            current_user,
            dt.date.today(),
            current_standards(),
            official_languages(),
            override_reason=form.override_reason.data,
        )
    except lifecycle.TransitionRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
        for finding in refused.findings:
            flash(f"{rule_name(finding.rule_id)} ({finding.rule_id}): {finding.message}", "error")
    else:
        db.session.commit()
        if overridden:
            flash(_("The step is done; your reason is recorded in the audit log."), "success")
        else:
            flash(_("The step is done."), "success")
    return redirect(url_for("manage.consultation", consultation_id=item.id))


@bp.route(
    "/consultations/<int:consultation_id>/documents/<int:document_id>/remove", methods=["POST"]
)
@role_required(*STAFF_ROLES)
def remove_document(consultation_id: int, document_id: int):
    """Remove a document; from a published consultation only with a reason, and never what
    the consultation must carry (its draft, its explanatory note) without a replacement."""
    item = _editable(consultation_id)
    document = db.session.get(Document, document_id)
    if document is None or document.consultation_id != item.id:
        abort(404)
    form = RemoveDocumentForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; try again."), "error")
        return redirect(url_for("manage.consultation", consultation_id=item.id))
    stored = Path(current_app.config["UPLOAD_FOLDER"]) / document.stored_name
    try:
        lifecycle.remove_document(
            item, document, current_user, current_standards(), form.reason.data or ""
        )
    except lifecycle.TransitionRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
        for finding in refused.findings:
            flash(f"{rule_name(finding.rule_id)} ({finding.rule_id}): {finding.message}", "error")
        return redirect(url_for("manage.consultation", consultation_id=item.id))
    db.session.commit()
    stored.unlink(missing_ok=True)
    flash(_("The document is removed."), "success")
    return redirect(url_for("manage.consultation", consultation_id=item.id))


@bp.route("/audit/<int:entry_id>")
@role_required(*STAFF_ROLES, "chair")
def audit_entry(entry_id: int):
    """One entry of the audit log about a consultation: who did what, when and why. The chair
    and administrators read every entry; an officer those of the consultations they edit."""
    entry = db.session.get(AuditLog, entry_id)
    consultation = consultation_of(entry) if entry is not None else None
    if consultation is None:
        abort(404)
    if current_user.role != "chair" and not can_edit(current_user, consultation):
        abort(403)
    actor = db.session.get(User, entry.actor_id) if entry.actor_id else None
    return render_template(
        "manage/audit_entry.html",
        entry=entry,
        consultation=consultation,
        actor=actor,
        date_labels=DATE_LABELS,
    )


# ---------------------------------------------------------------- the outreach log


def _outreach_form() -> OutreachForm:
    form = OutreachForm()
    communities = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id)).all()
    form.local_community_id.choices = [SelectChoice(0, _("None"))] + [
        content_choice(c.id, c.name) for c in communities
    ]
    today = dt.date.today()
    form.used_on.render_kw = {"max": today.isoformat()}  # the day's picker offers no later day
    if not form.is_submitted():
        form.used_on.data = today
    return form


def _outreach_page(item: Consultation, form: OutreachForm, status: int = 200):
    page = render_template(
        "manage/outreach.html",
        consultation=item,
        entries=outreach.entries_of(item),
        uses=outreach.channels_used([item.id]).get(item.id, []),
        form=form,
        delete_form=DeleteOutreachForm(formdata=None),
    )
    return page, status


@bp.route("/consultations/<int:consultation_id>/outreach", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def outreach_log(consultation_id: int):
    """The consultation's outreach log: every channel used to reach people, and a form to
    record one (a channel, its day, the local community of a notice board, how many, a note)."""
    item = _editable(consultation_id)
    form = _outreach_form()
    if not form.is_submitted():
        return _outreach_page(item, form)
    return save_form(
        form,
        lambda: outreach.add_entry(
            item,
            form.channel.data,
            form.used_on.data,
            dt.date.today(),
            local_community_id=form.community_id(),
            quantity=form.quantity.data,
            note=form.note.data or "",
            actor_id=current_user.id,
        ),
        form.channel,
        _("The channel is recorded in the outreach log."),
        url_for("manage.outreach_log", consultation_id=item.id),
        lambda: _outreach_page(item, form, 400),
        outreach.OutreachRefused,
    )


@bp.route("/consultations/<int:consultation_id>/outreach/<int:entry_id>/delete", methods=["POST"])
@role_required(*STAFF_ROLES)
def delete_outreach(consultation_id: int, entry_id: int):
    """Remove an entry from the consultation's outreach log (audit-logged)."""
    item = _editable(consultation_id)
    entry = outreach.entry_of(item, entry_id)
    if entry is None:
        abort(404)
    if not DeleteOutreachForm().validate_on_submit():
        flash(_("The form has expired; try again."), "error")
        return redirect(url_for("manage.outreach_log", consultation_id=item.id))
    outreach.delete_entry(entry, current_user.id)
    db.session.commit()
    flash(_("The entry is removed from the outreach log."), "success")
    return redirect(url_for("manage.outreach_log", consultation_id=item.id))
