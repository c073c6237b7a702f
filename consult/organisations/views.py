"""Routes of the CSO registry: an organisation registers and confirms by the link sent to its
representative (public), officers list and verify the organisations (under /manage)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.auth.forms import ConfirmRegistrationForm
from consult.auth.passwords import WeakPassword
from consult.auth.services import STAFF_ROLES, role_required
from consult.core.mail_outbox import queue_mail
from consult.core.models import utcnow
from consult.core.rate_limits import public_post_limit
from consult.core.records import record_or_none
from consult.extensions import db, limiter
from consult.organisations import bp, services
from consult.organisations.forms import OrganisationForm, VerifyForm
from consult.organisations.models import Organisation


@bp.route("/organisations/register", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def register_organisation():
    """A civil-society organisation asks to register; its representative confirms the
    address by following a link sent there, and an officer verifies it before it comments.
    The answer never tells whether the address has an account: its owner gets a message."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            token = services.register_organisation(
                form.name.data,
                form.registration_number.data,
                form.sector.data or "",
                form.contact_email.data,
                form.representative.data,
                form.password.data,
                utcnow(),
                current_app.config["REGISTRATION_LINK_HOURS"],
            )
        except (services.RegistrationRefused, WeakPassword) as refused:
            db.session.rollback()
            field = form.password if isinstance(refused, WeakPassword) else form.registration_number
            field.errors = [*field.errors, refused.message]
        else:
            _mail_registration(form.contact_email.data.strip().lower(), token)
            db.session.commit()
            flash(
                _(
                    "Thank you. We have sent a message to the address you gave: follow the "
                    "link in it to confirm the registration. An officer then verifies the "
                    "organisation."
                ),
                "success",
            )
            return redirect(url_for("public.home"))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("organisations/register.html", form=form), status


def _mail_registration(email: str, token: str | None) -> None:
    """The confirmation link, or, when the address has an account already, a word to its
    owner; fixed texts only, nothing the sender wrote."""
    hours = current_app.config["REGISTRATION_LINK_HOURS"]
    if token is None:
        link = url_for("auth.login", _external=True)
        queue_mail(
            email,
            _("Registration of an organisation with your e-mail address"),
            _(
                "Someone asked to register a civil-society organisation with this e-mail "
                "address, which already has an account. If it was you, sign in:\n%(link)s\n\n"
                "If it was not you, ignore this message: nothing has changed.",
                link=link,
            ),
        )
        return
    link = url_for("organisations.confirm_registration", token=token, _external=True)
    queue_mail(
        email,
        _("Confirm the registration of your organisation"),
        ngettext(
            "Follow this link within %(hours)d hour to confirm the registration of your "
            "organisation:\n%(link)s\n\n"
            "If you did not register an organisation, ignore this message: nothing is "
            "registered without it.",
            "Follow this link within %(hours)d hours to confirm the registration of your "
            "organisation:\n%(link)s\n\n"
            "If you did not register an organisation, ignore this message: nothing is "
            "registered without it.",
            hours,
            hours=hours,
            link=link,
        ),
    )


@bp.route("/organisations/register/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def confirm_registration(token: str):
    """The link from the representative's e-mail: a button (so that a mail scanner following
    links confirms nothing) that creates the organisation and its account."""
    pending = services.pending_registration(
        token, utcnow(), current_app.config["REGISTRATION_LINK_HOURS"]
    )
    if pending is None:
        message = _("This link does not work: it was used already or it has expired.")
        return render_template("message.html", message=message), 404
    form = ConfirmRegistrationForm()
    if form.validate_on_submit():
        try:
            services.confirm_registration(pending)
            db.session.commit()
        except (services.RegistrationRefused, IntegrityError) as refused:
            db.session.rollback()
            message = getattr(refused, "message", None) or _("This organisation exists already.")
            return render_template("message.html", message=message), 409
        flash(
            _("The organisation is registered. An officer will verify it; you can sign in."),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/confirm_registration.html", form=form)


# ---------------------------------------------------------------- officers: CSO registry


@bp.route("/manage/organisations")
@role_required(*STAFF_ROLES)
def organisations():
    """The CSO registry: organisations waiting for verification first."""
    query = select(Organisation).order_by(Organisation.verified, Organisation.name)
    return render_template(
        "organisations/organisations.html",
        organisations=db.session.scalars(query).all(),
        form=VerifyForm(formdata=None),
    )


@bp.route("/manage/organisations/<int:organisation_id>/verify", methods=["POST"])
@role_required(*STAFF_ROLES)
def verify_organisation(organisation_id: int):
    """An officer verifies an organisation after checking the NGO register."""
    organisation = record_or_none(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    if VerifyForm().validate_on_submit():
        verified = request.form.get("verified", "1") == "1"
        services.verify_organisation(organisation, current_user, verified)
        db.session.commit()
        flash(_("The organisation's status is saved."), "success")
    return redirect(url_for("organisations.organisations"))
