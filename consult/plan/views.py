"""Routes of the annual consultation plan: the public plan by year (HTML and CSV) and the
officers' page that writes it and links each entry to its consultation."""

import datetime as dt

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult.auth.services import STAFF_ROLES, role_required
from consult.core.fields import content_choice
from consult.core.models import Consultation, Directorate
from consult.core.records import record_or_none
from consult.core.reports import file_response
from consult.extensions import db
from consult.i18n import current_locale
from consult.plan import bp, services
from consult.plan.forms import PlanEntryForm, PlanLinkForm
from consult.plan.models import PlanEntry


def _today() -> dt.date:
    return dt.date.today()


@bp.route("/plan")
def plan_index():
    """The annual plan of the current year, shown here rather than by a redirect (a redirect's
    page is Werkzeug's, in English, for a reader who follows no redirects)."""
    return plan(_today().year)


@bp.route("/plan/<int:year>")
def plan(year: int):
    """A year's plan of consultations, by quarter, with links to those under way."""
    if not 2000 <= year <= 2100:
        abort(404)
    return render_template(
        "plan/plan.html",
        year=year,
        entries=services.plan_entries(year),
        years=sorted({*services.plan_years(), _today().year}, reverse=True),
    )


@bp.route("/plan/<int:year>.csv")
def plan_as_csv(year: int):
    """A year's plan as CSV, titles in the reader's language."""
    if not 2000 <= year <= 2100:
        abort(404)
    return file_response(services.plan_csv(year, current_locale()), "text/csv", f"plan-{year}.csv")


def _plan_forms() -> tuple[PlanEntryForm, PlanLinkForm]:
    entry_form = PlanEntryForm()
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code)).all()
    entry_form.directorate_id.choices = [SelectChoice(0, _("No directorate yet"))] + [
        content_choice(d.id, d.name) for d in directorates
    ]
    link_form = PlanLinkForm()
    consultations = db.session.scalars(select(Consultation).order_by(Consultation.id.desc()))
    link_form.consultation_id.choices = [SelectChoice(0, _("None"))] + [
        content_choice(c.id, c.title, prefix=f"{c.id} · ") for c in consultations
    ]
    return entry_form, link_form


@bp.route("/manage/plan/<int:year>", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def manage_plan(year: int):
    """Officers write a year's plan and link each entry to its consultation."""
    if not 2000 <= year <= 2100:
        abort(404)
    entry_form, link_form = _plan_forms()
    if entry_form.validate_on_submit():
        titles = entry_form.texts("title")
        if not titles:
            entry_form.title_sq.errors = [_("Enter a title.")]
        else:
            services.add_plan_entry(
                year,
                titles,
                entry_form.directorate_id.data or None,
                entry_form.quarter.data,
                entry_form.kind.data,
                current_user,
            )
            db.session.commit()
            flash(_("The plan entry is saved."), "success")
            return redirect(url_for("plan.manage_plan", year=year))
    return render_template(
        "plan/manage_plan.html",
        year=year,
        entries=services.plan_entries(year),
        form=entry_form,
        link_form=link_form,
    ), (400 if entry_form.errors else 200)


@bp.route("/manage/plan/entries/<int:entry_id>/link", methods=["POST"])
@role_required(*STAFF_ROLES)
def link_plan_entry(entry_id: int):
    """Link (or unlink) the consultation that carries out a plan entry."""
    entry = record_or_none(PlanEntry, entry_id)
    if entry is None:
        abort(404)
    _entry_form, form = _plan_forms()
    if form.validate_on_submit():
        consultation = (
            record_or_none(Consultation, form.consultation_id.data)
            if form.consultation_id.data
            else None
        )
        services.link_plan_entry(entry, consultation, current_user)
        db.session.commit()
        flash(_("The changes are saved."), "success")
    return redirect(url_for("plan.manage_plan", year=entry.year))
