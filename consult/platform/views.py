"""The platform pages under /platform (platform admins only): the municipalities of the
install, a new one, a municipality's settings, and the national view; and the public page
/open-data/municipalities with every municipality's figures side by side."""

import datetime as dt
from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.chair.services import number_from
from consult.core.municipalities import official_languages, standards_profile_key
from consult.core.profiles import PROFILES
from consult.extensions import db, login_manager
from consult.platform import bp, report, services
from consult.platform.forms import MunicipalityForm, NewMunicipalityForm


def platform_admin_required(view):
    """Refuse the view (403) unless the signed-in user is a platform admin; 401 if anonymous."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.platform_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _refused_on(form, refused: services.SettingRefused) -> None:
    """Show the service's reason at the field it is about."""
    name = "name_sq" if refused.setting == "name" else refused.setting
    form[name].errors = [*form[name].errors, str(refused.message)]


@bp.route("/platform/municipalities")
@platform_admin_required
def municipalities():
    """Every municipality of the install: slug, name, host, languages, profile, consultations."""
    return render_template(
        "platform/municipalities.html",
        lines=services.municipality_lines(),
        official_languages_of=official_languages,
        profile_name_of=lambda found: PROFILES[standards_profile_key(found)].name,
    )


@bp.route("/platform/municipalities/new", methods=["GET", "POST"])
@platform_admin_required
def new_municipality():
    """A new municipality and its first administrator, who receives a link to choose a password
    on the municipality's own host."""
    form = NewMunicipalityForm()
    if form.validate_on_submit():
        try:
            made = services.create_municipality(
                form.slug.data or "",
                form.settings(),
                services.FirstAdministrator(
                    form.admin_email.data or "", form.admin_name.data or ""
                ),
                current_user.id,
            )
        except services.SettingRefused as refused:
            db.session.rollback()
            _refused_on(form, refused)
        else:
            db.session.commit()
            flash(
                _(
                    "The municipality is made; its administrator receives a link to choose a "
                    "password at %(host)s.",
                    host=made.host,
                ),
                "success",
            )
            return redirect(url_for("platform.municipalities"))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("platform/municipality.html", form=form, municipality=None), status


@bp.route("/platform/municipalities/<int:municipality_id>", methods=["GET", "POST"])
@platform_admin_required
def edit_municipality(municipality_id: int):
    """A municipality's settings; an empty one is read from the configuration."""
    found = services.municipality(municipality_id)
    if found is None:
        abort(404)
    form = MunicipalityForm()
    if not form.is_submitted():
        form.show(found)
    if form.validate_on_submit():
        try:
            changed = services.update_municipality(found, form.settings(), current_user.id)
        except services.SettingRefused as refused:
            db.session.rollback()
            _refused_on(form, refused)
        else:
            db.session.commit()
            if changed:
                flash(_("The settings are saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("platform.edit_municipality", municipality_id=found.id))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("platform/municipality.html", form=form, municipality=found), status


def _national(template: str, with_drafts: bool):
    today = dt.date.today()
    years = services.national_years(today)
    chosen = number_from(request.args.get("year"))
    year = chosen if chosen in years else years[0] if years else today.year
    view = services.national_view(year, today, with_drafts)
    return render_template(
        template,
        view=view,
        kept_minutes=-(-current_app.config.get("NATIONAL_VIEW_SECONDS", 0) // 60),
        years=years or [year],
        tables=report.national_tables(view, with_drafts),
        consultations_chart=report.consultations_chart(view),
        compliance_chart=report.compliance_chart(view),
    )


@bp.route("/platform/overview")
@platform_admin_required
def overview():
    """The national view for platform admins: every municipality's figures of a year, drafts
    counted among the consultations by status."""
    return _national("platform/overview.html", with_drafts=True)


@bp.route("/open-data/municipalities")
def open_data_municipalities():
    """The national view for everyone: published consultations only, small groups hidden."""
    return _national("platform/open_data.html", with_drafts=False)
