"""Routes of the e-mail subscriptions: subscribe, confirm by the link sent, unsubscribe from
the link in every notice."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult.core.mail_outbox import queue_mail
from consult.core.models import Consultation, Directorate
from consult.core.rate_limits import public_post_limit
from consult.core.records import record_or_none
from consult.extensions import db, limiter
from consult.i18n import current_locale, localize
from consult.subscriptions import bp, services
from consult.subscriptions.forms import SubscriptionForm, UnsubscribeForm
from consult.subscriptions.models import Subscription

#: how long the confirmation link of a subscription stays valid
CONFIRM_MAX_AGE = 7 * 24 * 3600


def unsubscribe_url(token: str) -> str:
    """The absolute link, for a notice, that ends the subscription with this token."""
    return url_for("subscriptions.unsubscribe", token=token, _external=True)


def notify_subscribers_of_step(consultation: Consultation, to_status: str) -> None:
    """Subscribers hear of an opening, a closing or a report of every kind of consultation
    (a step listener shared by every kind, registered in `consult.register_kinds`)."""
    if to_status in services.EVENTS:
        services.notify_subscribers(consultation, to_status, unsubscribe_url)


def _subscription_form() -> SubscriptionForm:
    form = SubscriptionForm()
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code)).all()
    form.directorate_id.choices = [SelectChoice(0, _("Every directorate"))] + [
        SelectChoice(d.id, localize(d.name).text) for d in directorates
    ]
    return form


def _subscription_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="subscription-confirm")


@bp.route("/subscriptions", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def subscribe():
    """Follow a directorate by e-mail: a notice when its consultations open, close or report."""
    form = _subscription_form()
    if form.validate_on_submit():
        subscription = services.subscribe(
            form.email.data, form.directorate_id.data or None, current_locale()
        )
        link = url_for(
            "subscriptions.confirm_subscription",
            token=_subscription_serializer().dumps(subscription.id),
            _external=True,
        )
        queue_mail(
            subscription.email,
            _("Confirm your subscription"),
            _(
                "Follow this link within seven days to receive notices about consultations:\n"
                "%(link)s\n\nIf you did not ask for this, ignore this message.",
                link=link,
            ),
        )
        db.session.commit()
        flash(_("Follow the link we sent to your e-mail to confirm."), "success")
        return redirect(url_for("subscriptions.subscribe"))
    status = 400 if form.errors else 200
    return render_template("subscriptions/subscribe.html", form=form), status


@bp.route("/subscriptions/confirm/<token>")
def confirm_subscription(token: str):
    """The link from the subscription e-mail."""
    try:
        subscription_id = _subscription_serializer().loads(token, max_age=CONFIRM_MAX_AGE)
    except SignatureExpired:
        message = _("The link has expired.")
        return render_template("message.html", message=message), 400
    except BadSignature:
        abort(404)
    subscription = record_or_none(Subscription, subscription_id)
    if subscription is None:
        abort(404)
    services.confirm_subscription(subscription)
    db.session.commit()
    flash(_("Your subscription is confirmed."), "success")
    return redirect(url_for("subscriptions.subscribe"))


@bp.route("/subscriptions/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """End a subscription from the link in any notice (confirmed with a button)."""
    subscription = db.session.scalar(select(Subscription).where(Subscription.token == token))
    if subscription is None:
        abort(404)
    form = UnsubscribeForm()
    if form.validate_on_submit():
        services.unsubscribe(subscription)
        db.session.commit()
        flash(_("You will receive no more notices."), "success")
        return redirect(url_for("subscriptions.subscribe"))
    return render_template("subscriptions/unsubscribe.html", form=form)
