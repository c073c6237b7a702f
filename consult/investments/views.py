"""Routes of the register of capital investments: the public register (`/investments`, with CSV
and XLSX), each project's page with its photos and the e-mail follow, and the back office
(`/manage/investments…`) where officers make records from a consultation's decision or by hand
and keep their status, progress, spending and photos up to date."""

import datetime as dt

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from consult.analytics.svg import compared_bars
from consult.auth.services import STAFF_ROLES, can_edit, role_required
from consult.core.fields import content_choice
from consult.core.models import Consultation, Directorate
from consult.core.money import money
from consult.core.rate_limits import public_post_limit
from consult.core.records import record_or_none
from consult.core.reports import file_response, stored_file_response
from consult.core.services import log_export
from consult.core.upload_limits import UploadRefused, import_deadline
from consult.extensions import db, limiter
from consult.form_views import refusal_on
from consult.i18n import current_locale
from consult.investments import bp, notices, photos, register, services
from consult.investments.forms import (
    DetailsForm,
    FollowForm,
    FromConsultationForm,
    PhotoForm,
    ProgressForm,
    RemovePhotoForm,
    StatusForm,
)
from consult.investments.labels import INVESTMENT_STATUS_LABELS, STATUS_TONES
from consult.investments.models import INVESTMENT_STATUSES, UNDER_WAY, Investment, InvestmentPhoto
from consult.investments.services import Details, InvestmentRefused


def _today() -> dt.date:
    return dt.date.today()


def _folder() -> str:
    return current_app.config["UPLOAD_FOLDER"]


def _euros(amount) -> str:
    return money(amount, "EUR")


def _page_context() -> dict:
    return {
        "status_names": INVESTMENT_STATUS_LABELS,
        "status_tones": STATUS_TONES,
        "euros": _euros,
    }


# ---------------------------------------------------------------- the public register


@bp.app_context_processor
def _investments_of_a_consultation() -> dict:
    """`investments_of(consultation)` for the consultation page: what its decision funded."""
    return {
        "investments_of": register.from_consultation,
        "investment_status_names": INVESTMENT_STATUS_LABELS,
    }


@bp.route("/investments", endpoint="register")
def register_page():
    """The register of capital investments, by year, local community and status, with its
    totals, a chart with the same figures in a table beside it, and the downloads."""
    filters = register.filters_from(request.args)
    found = register.records(filters)
    totals = register.totals(found)
    year_links = register.link_groups(totals.by_year, filters, "year")
    community_links = register.link_groups(totals.by_community, filters, "local_community")
    return render_template(
        "investments/register.html",
        filters=filters,
        records=found,
        totals=totals,
        years=register.years(),
        communities=register.community_options(),
        statuses=INVESTMENT_STATUSES,
        year_chart=compared_bars(register.chart_rows(totals.by_year), _euros, year_links),
        community_chart=compared_bars(
            register.chart_rows(totals.by_community), _euros, community_links
        ),
        **_page_context(),
    )


def _export_limit() -> str:
    # every download writes an audit entry, so downloads are limited per address
    return current_app.config.get("API_EXPORT_RATE_LIMIT", "30 per minute")


def _download(kind: str, body_of, mimetype: str, extension: str):
    filters = register.filters_from(request.args)
    found = register.records(filters)
    log_export(
        f"investments_{kind}",
        "capital_investments",
        filters=filters.args(),
        locale=current_locale(),
        rows=len(found),
    )
    db.session.commit()
    return file_response(body_of(found), mimetype, f"capital-investments.{extension}")


@bp.route("/investments.csv")
@limiter.limit(_export_limit)
def register_csv():
    """The register, as filtered, as CSV (audit-logged)."""
    return _download("csv", register.register_csv, "text/csv", "csv")


@bp.route("/investments.xlsx")
@limiter.limit(_export_limit)
def register_xlsx():
    """The register, as filtered, as an XLSX workbook (audit-logged)."""
    return _download(
        "xlsx",
        register.register_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )


def _record_or_404(investment_id: int) -> Investment:
    record = record_or_none(Investment, investment_id)
    if record is None:
        abort(404)
    return record


def _public_page(record: Investment, follow_form: FollowForm | None = None, status: int = 200):
    return render_template(
        "investments/investment.html",
        record=record,
        follow_form=follow_form or FollowForm(formdata=None),
        may_follow=notices.may_follow(record),
        may_manage=services.may_manage(current_user, record.directorate_id),
        **_page_context(),
    ), status


@bp.route("/investments/<int:investment_id>")
def investment(investment_id: int):
    """A project's public page: where it stands, its figures, photos and history."""
    return _public_page(_record_or_404(investment_id))


@bp.route("/investments/<int:investment_id>/follow", methods=["POST"])
@limiter.limit(public_post_limit)
def follow(investment_id: int):
    """Follow a project by e-mail (double opt-in: a link is mailed first)."""
    record = _record_or_404(investment_id)
    form = FollowForm()
    if not notices.may_follow(record):
        form.email.errors = [_("This project has ended: there will be no more news of it.")]
    elif form.validate_on_submit():
        notices.follow(record, form.email.data, current_locale())
        db.session.commit()
        flash(_("Follow the link we sent to your e-mail to confirm."), "success")
        return redirect(
            url_for("investments.investment", investment_id=record.id, _anchor="follow")
        )
    return _public_page(record, form, 400)


@bp.route("/investments/photos/<name>")
def photo(name: str):
    """A project's photo (only names the app gave)."""
    if not (len(name) == 32 and name.isascii() and name.isalnum()):
        abort(404)
    kept = db.session.scalar(select(InvestmentPhoto).where(InvestmentPhoto.stored_name == name))
    path = photos.photo_path(_folder(), name) if kept is not None else None
    if path is None:
        abort(404)
    return stored_file_response(path, photos.MIME_TYPES[kept.photo_type])


# ---------------------------------------------------------------- the back office


def _managed_or_403(investment_id: int) -> Investment:
    record = _record_or_404(investment_id)
    if not services.may_manage(current_user, record.directorate_id):
        abort(403)
    return record


@bp.route("/manage/investments")
@role_required(*STAFF_ROLES)
def manage_index():
    """The records the officer keeps, and the consultations whose funded projects they may
    record in one action."""
    today = _today()
    return render_template(
        "investments/manage_index.html",
        records=services.managed_records(current_user),
        deciding=services.deciding_consultations(current_user, today),
        from_form=FromConsultationForm(formdata=None),
        **_page_context(),
    )


@bp.route("/manage/investments/from/<int:consultation_id>", methods=["POST"])
@role_required(*STAFF_ROLES)
def record_from_consultation(consultation_id: int):
    """Make a record of every project the consultation funded that has none yet."""
    consultation = record_or_none(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    if not can_edit(current_user, consultation):
        abort(403)
    form = FromConsultationForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("investments.manage_index"))
    try:
        made = services.record_funded(consultation, _today(), current_user.id, form.year.data)
        db.session.commit()
    except InvestmentRefused as refusal:
        db.session.rollback()
        flash(str(refusal.message), "error")
        return redirect(url_for("investments.manage_index"))
    except IntegrityError:
        # another officer made the same records at the same moment: theirs stand
        db.session.rollback()
        flash(_("These projects were recorded already."), "error")
        return redirect(url_for("investments.manage_index"))
    if made:
        flash(
            ngettext(
                "%(count)s project recorded.",
                "%(count)s projects recorded.",
                len(made),
                count=len(made),
            ),
            "success",
        )
    else:
        flash(_("Every project this consultation funded is recorded already."), "success")
    return redirect(url_for("investments.manage_index"))


def _details_form(record: Investment | None = None, formdata: bool = True) -> DetailsForm:
    form = DetailsForm() if formdata else DetailsForm(formdata=None)
    communities = register.communities()
    form.local_community_id.choices = [SelectChoice(0, _("The whole municipality"))] + [
        content_choice(c.id, c.name) for c in communities
    ]
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code)).all()
    if services.works_for_every_directorate(current_user):
        form.directorate_id.choices = [
            SelectChoice(0, _("None: the Public Information Office keeps it"))
        ] + [content_choice(d.id, d.name) for d in directorates]
    else:
        form.directorate_id.choices = [
            content_choice(d.id, d.name)
            for d in directorates
            if d.id == current_user.directorate_id
        ]
    if record is not None and not formdata:
        form.fill_texts("title", record.title)
        form.fill_texts("description", record.description)
        form.local_community_id.data = record.local_community_id or 0
        form.directorate_id.data = record.directorate_id or 0
        form.year_start.data = record.year_start
        form.year_end.data = record.year_end
        form.planned_start.data = record.planned_start
        form.planned_end.data = record.planned_end
        form.budget.data = _amount_text(record.budget)
    elif record is None and not formdata:
        form.year_start.data = form.year_end.data = _today().year
        if not services.works_for_every_directorate(current_user):
            form.directorate_id.data = current_user.directorate_id
    return form


def _amount_text(amount) -> str:
    """An amount as the form shows it back: digits, a point before any cents."""
    if amount is None:
        return ""
    text = f"{amount:f}" if not isinstance(amount, int) else str(amount)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _details_from(form: DetailsForm, record: Investment | None = None) -> Details | None:
    """The details the form gives; `record`'s texts in languages the form does not show are
    kept."""
    if form.budget.amount is None:
        return None
    return Details(
        title=form.texts("title", record.title if record else None),
        description=form.texts("description", record.description if record else None),
        local_community_id=form.local_community_id.data or None,
        directorate_id=form.directorate_id.data or None,
        year_start=form.year_start.data,
        year_end=form.year_end.data,
        planned_start=form.planned_start.data,
        planned_end=form.planned_end.data,
        budget=form.budget.amount,
    )


@bp.route("/manage/investments/new", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def new_investment():
    """A record made by hand (a project no consultation decided)."""
    if request.method == "POST":
        form = _details_form()
        if form.validate_on_submit():
            details = _details_from(form)
            try:
                record = services.create_investment(details, current_user)
            except InvestmentRefused as refusal:
                db.session.rollback()
                refusal_on(form, refusal)
            else:
                db.session.commit()
                flash(_("The project is recorded."), "success")
                return redirect(url_for("investments.manage_investment", investment_id=record.id))
        return render_template("investments/new.html", form=form), 400
    return render_template("investments/new.html", form=_details_form(formdata=False))


def _manage_page(record: Investment, status: int = 200, **forms):
    status_form = forms.get("status_form") or StatusForm(formdata=None)
    if "status_form" not in forms:
        status_form.changed_on.data = _today()
        status_form.status.data = _next_status(record.status)
    progress_form = forms.get("progress_form")
    if progress_form is None:
        progress_form = ProgressForm(formdata=None)
        progress_form.progress.data = record.progress
        progress_form.spent.data = _amount_text(record.spent)
        progress_form.actual_start.data = record.actual_start
        progress_form.actual_end.data = record.actual_end
    return render_template(
        "investments/manage_investment.html",
        record=record,
        details_form=forms.get("details_form") or _details_form(record, formdata=False),
        progress_form=progress_form,
        status_form=status_form,
        photo_form=forms.get("photo_form") or PhotoForm(formdata=None),
        remove_form=RemovePhotoForm(formdata=None),
        **_page_context(),
    ), status


def _next_status(status: str) -> str:
    """The status a project usually moves to next (the form's first choice)."""
    if status in UNDER_WAY:
        return INVESTMENT_STATUSES[INVESTMENT_STATUSES.index(status) + 1]
    return "planned"


@bp.route("/manage/investments/<int:investment_id>")
@role_required(*STAFF_ROLES)
def manage_investment(investment_id: int):
    """A record's back office: details, progress and spending, status, photos."""
    return _manage_page(_managed_or_403(investment_id))


def _saved(record: Investment, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("investments.manage_investment", investment_id=record.id))


def _save_on_record(record: Investment, form, form_name: str, action, done: str):
    """One back-office form of a record: valid and accepted by `action()` → commit, say
    `done` and back to the record; refused → the record's page again with the refusal on its
    field and nothing saved (400)."""
    if form.validate_on_submit():
        try:
            action()
        except InvestmentRefused as refusal:
            db.session.rollback()
            refusal_on(form, refusal)
        else:
            return _saved(record, done)
    db.session.rollback()
    return _manage_page(record, 400, **{form_name: form})


@bp.route("/manage/investments/<int:investment_id>/details", methods=["POST"])
@role_required(*STAFF_ROLES)
def save_details(investment_id: int):
    """Save a record's details."""
    record = _managed_or_403(investment_id)
    form = _details_form(record)
    return _save_on_record(
        record,
        form,
        "details_form",
        lambda: services.update_details(record, _details_from(form, record), current_user),
        _("The changes are saved."),
    )


@bp.route("/manage/investments/<int:investment_id>/progress", methods=["POST"])
@role_required(*STAFF_ROLES)
def save_progress(investment_id: int):
    """Save the progress, the spending and the actual dates."""
    record = _managed_or_403(investment_id)
    form = ProgressForm()
    return _save_on_record(
        record,
        form,
        "progress_form",
        lambda: services.update_progress(
            record,
            form.progress.data,
            form.spent.amount,
            form.actual_start.data,
            form.actual_end.data,
            current_user,
        ),
        _("The changes are saved."),
    )


@bp.route("/manage/investments/<int:investment_id>/status", methods=["POST"])
@role_required(*STAFF_ROLES)
def change_status(investment_id: int):
    """Move the project to another status, with the day and a note for the history."""
    record = _managed_or_403(investment_id)
    form = StatusForm()
    return _save_on_record(
        record,
        form,
        "status_form",
        lambda: services.change_status(
            record,
            form.status.data,
            form.changed_on.data,
            _today(),
            note=form.texts("note"),
            cancel_reason=form.texts("reason"),
            user=current_user,
        ),
        _("The status is changed and the history updated."),
    )


@bp.route("/manage/investments/<int:investment_id>/photos", methods=["POST"])
@role_required(*STAFF_ROLES)
def add_photo(investment_id: int):
    """Add a photo of the works, with what it shows in every official language."""
    record = _managed_or_403(investment_id)
    form = PhotoForm()
    if form.validate_on_submit():
        max_bytes, max_pixels = photos.limits()
        try:
            data = form.photo.data.read(max_bytes + 1)
            clean, photo_type = photos.check_photo(data, max_bytes, max_pixels, import_deadline())
            services.add_photo(
                record, clean, photo_type, form.texts("alt"), _folder(), current_user
            )
        except UploadRefused as refusal:
            db.session.rollback()
            form.photo.errors = [*form.photo.errors, refusal.message]
        except InvestmentRefused as refusal:
            db.session.rollback()
            refusal_on(form, refusal)
        else:
            return _saved(record, _("The photo is added."))
    db.session.rollback()
    return _manage_page(record, 400, photo_form=form)


@bp.route("/manage/investments/<int:investment_id>/photos/<int:photo_id>/remove", methods=["POST"])
@role_required(*STAFF_ROLES)
def remove_photo(investment_id: int, photo_id: int):
    """Remove a photo and its file."""
    record = _managed_or_403(investment_id)
    kept = record_or_none(InvestmentPhoto, photo_id)
    if kept is None or kept.investment_id != record.id:
        abort(404)
    if not RemovePhotoForm().validate_on_submit():
        abort(400)
    name = services.remove_photo(kept, current_user)
    db.session.commit()
    photos.delete_photo(_folder(), name)
    flash(_("The photo is removed."), "success")
    return redirect(url_for("investments.manage_investment", investment_id=record.id))
