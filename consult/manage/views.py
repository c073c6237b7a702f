"""Officer back office: list, create and edit consultations, upload documents, publish."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.auth.services import STAFF_ROLES, can_edit, role_required
from consult.core.documents import UploadRefused, check_upload, store_document
from consult.core.models import Consultation
from consult.core.services import publication_gaps, record_audit
from consult.extensions import db
from consult.manage.forms import TRANSLATED_FIELDS, ConsultationForm, DocumentForm, PublishForm
from consult.manage.services import (
    PublishRefused,
    apply_form,
    consultations_for,
    directorate_choices,
    publish,
)

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.route("/")
@role_required(*STAFF_ROLES, "chair")
def index():
    """The consultations this user may manage."""
    if current_user.role == "chair":
        return redirect(url_for("chair.index"))
    return render_template("manage/index.html", consultations=consultations_for(current_user))


def _editable(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    if not can_edit(current_user, consultation):
        abort(403)
    return consultation


def _consultation_form(consultation: Consultation | None = None) -> ConsultationForm:
    form = ConsultationForm(obj=consultation)
    form.directorate_id.choices = directorate_choices(current_user)
    if consultation is not None and not form.is_submitted():
        for field in TRANSLATED_FIELDS:
            form.fill_translated(field, getattr(consultation, field))
    return form


@bp.route("/consultations/new", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def new_consultation():
    """Create a consultation as a draft."""
    form = _consultation_form()
    if form.validate_on_submit():
        consultation = apply_form(Consultation(status="draft"), form, current_user)
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
    page = render_template(
        "manage/consultation.html",
        consultation=item,
        gaps=publication_gaps(item, current_app.config["OFFICIAL_LANGUAGES"]),
        document_form=document_form,
        publish_form=PublishForm(),
    )
    return page, status


@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def edit_consultation(consultation_id: int):
    """Edit a consultation's texts in every language, its dates and contact."""
    item = _editable(consultation_id)
    form = _consultation_form(item)
    if form.validate_on_submit():
        apply_form(item, form, current_user)
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


@bp.route("/consultations/<int:consultation_id>/publish", methods=["POST"])
@role_required(*STAFF_ROLES)
def publish_consultation(consultation_id: int):
    """Publish a draft that has everything it needs."""
    item = _editable(consultation_id)
    if PublishForm().validate_on_submit():
        try:
            publish(item, current_app.config["OFFICIAL_LANGUAGES"], current_user)
        except PublishRefused as refused:
            for message in refused.gaps:
                flash(str(message), "error")
        else:
            db.session.commit()
            flash(_("The consultation is published."), "success")
    return redirect(url_for("manage.consultation", consultation_id=item.id))
