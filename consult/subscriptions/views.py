"""Routes of the e-mail subscriptions: subscribe to a directorate or follow one consultation,
confirm by the link sent, unsubscribe from the link in every notice or with the mail
program's one-click button (RFC 8058)."""

import datetime as dt

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from markupsafe import Markup
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult.core.fields import content_choice
from consult.core.kept_forms import kept_blank_form
from consult.core.mail_outbox import queue_mail
from consult.core.models import Consultation, Directorate
from consult.core.rate_limits import public_post_limit
from consult.core.records import record_or_none
from consult.core.services import stage_on
from consult.extensions import csrf, db, limiter
from consult.i18n import current_locale, localize
from consult.subscriptions import bp, services
from consult.subscriptions.forms import FollowForm, SubscriptionForm, UnsubscribeForm
from consult.subscriptions.models import Subscription

#: how long the confirmation link of a subscription stays valid
CONFIRM_MAX_AGE = 7 * 24 * 3600
#: the prefix of the follow form's fields: the consultation page has other forms (a comment's
#: e-mail field is `email`)
FOLLOW_PREFIX = "follow"


def notify_subscribers_of_step(consultation: Consultation, to_status: str) -> None:
    """Subscribers hear of an opening, a closing or a report of every kind of consultation,
    once each (a step listener shared by every kind, registered in `consult.register_kinds`)."""
    services.notify_step(consultation, to_status)


def notify_followers_of_answers(consultation: Consultation) -> None:
    """The followers of a consultation hear that answers are published (an answer listener
    shared by every kind that answers, registered in `consult.register_kinds`)."""
    services.notify_answers(consultation)


def notify_due_steps() -> None:
    """Before each round of the mail worker: the steps the dates took are told (and the
    notices committed, so that they go out in the same round)."""
    services.notify_due()
    db.session.commit()


def follow_form_for(consultation: Consultation, form: FollowForm | None = None) -> FollowForm:
    """The form that follows `consultation` by e-mail (empty unless a refused one is given)."""
    return form or FollowForm(formdata=None, prefix=FOLLOW_PREFIX)


def may_follow(consultation: Consultation) -> bool:
    """A published consultation can be followed until its report is published."""
    return consultation.is_public and consultation.status != "reported"


@bp.app_template_global()
def blank_follow_section(consultation: Consultation) -> Markup:
    """The follow form as a reader first sees it on `consultation`'s page, with the reader's
    CSRF token (kept by the worker: consult/core/kept_forms.py)."""
    return kept_blank_form(
        consultation,
        ("follow",),
        lambda: render_template(
            "subscriptions/_follow_section.html",
            consultation=consultation,
            follow=follow_form_for(consultation),
        ),
    )


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"follow_form_for": follow_form_for, "may_follow": may_follow}


def _subscription_form() -> SubscriptionForm:
    form = SubscriptionForm()
    form.directorate_id.choices = [SelectChoice(0, _("Every directorate"))] + [
        content_choice(d.id, d.name) for d in _directorates()
    ]
    return form


def _directorates() -> list[Directorate]:
    return list(db.session.scalars(select(Directorate).order_by(Directorate.code)))


def _subscription_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="subscription-confirm")


def _queue_confirmation(subscription: Subscription, consultation: Consultation | None) -> None:
    """The double opt-in: a link to follow, and nothing else, until it is followed. An address
    confirmed already gets nothing (and the page says the same, so nobody learns who
    follows what)."""
    if subscription.confirmed_at is not None:
        return
    link = url_for(
        "subscriptions.confirm_subscription",
        token=_subscription_serializer().dumps(subscription.id),
        _external=True,
    )
    if consultation is None:
        subject = _("Confirm your subscription")
        body = _(
            "Follow this link within seven days to receive notices about consultations:\n"
            "%(link)s\n\nIf you did not ask for this, ignore this message.",
            link=link,
        )
    else:
        title = localize(consultation.title).text
        subject = _("Confirm that you follow “%(title)s”", title=title)
        body = _(
            "Follow this link within seven days to receive notices about the consultation "
            "“%(title)s”: when it opens, closes, publishes answers and its report.\n"
            "%(link)s\n\nIf you did not ask for this, ignore this message.",
            title=title,
            link=link,
        )
    queue_mail(subscription.email, subject, body, consultation.id if consultation else None)


@bp.route("/subscriptions", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def subscribe():
    """Follow a directorate by e-mail: a notice when its consultations open, close or report.
    The page also lists the news feeds, of every consultation and of each directorate."""
    form = _subscription_form()
    if form.validate_on_submit():
        subscription = services.subscribe(
            form.email.data, form.directorate_id.data or None, current_locale()
        )
        _queue_confirmation(subscription, None)
        db.session.commit()
        flash(_("Follow the link we sent to your e-mail to confirm."), "success")
        return redirect(url_for("subscriptions.subscribe"))
    status = 400 if form.errors else 200
    return render_template(
        "subscriptions/subscribe.html", form=form, directorates=_directorates()
    ), status


def _followed(consultation_id: int) -> Consultation:
    consultation = record_or_none(Consultation, consultation_id)
    if consultation is None or not consultation.is_public:
        abort(404)
    return consultation


@bp.route("/consultations/<int:consultation_id>/follow", methods=["POST"])
@limiter.limit(public_post_limit)
def follow(consultation_id: int):
    """Follow one consultation by e-mail (double opt-in: a link is mailed first)."""
    consultation = _followed(consultation_id)
    form = FollowForm(prefix=FOLLOW_PREFIX)
    if not may_follow(consultation):
        message = _("The report of this consultation is published: it has no news.")
        return render_template("message.html", message=message), 400
    if form.validate_on_submit():
        subscription = services.subscribe(
            form.email.data, None, current_locale(), consultation_id=consultation.id
        )
        _queue_confirmation(subscription, consultation)
        db.session.commit()
        flash(_("Follow the link we sent to your e-mail to confirm."), "success")
        return redirect(_follow_section(consultation))
    return render_template(
        "public/consultation.html",
        consultation=consultation,
        stage=stage_on(consultation, dt.date.today()),
        follow_form=form,
    ), 400


def _follow_section(consultation: Consultation) -> str:
    return url_for("public.consultation", consultation_id=consultation.id, _anchor="follow")


@bp.route("/subscriptions/confirm/<token>")
def confirm_subscription(token: str):
    """The link from the subscription e-mail; following it again changes nothing."""
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
    if subscription.investment_id is not None:  # a capital project (`consult.investments`)
        flash(_("You follow this project: we will e-mail you when its status changes."), "success")
        return redirect(
            url_for(
                "investments.investment",
                investment_id=subscription.investment_id,
                _anchor="follow",
            )
        )
    if subscription.consultation_id is not None:
        flash(_("You follow this consultation: we will e-mail you its news."), "success")
        consultation = db.session.get(Consultation, subscription.consultation_id)
        return redirect(_follow_section(consultation))
    flash(_("Your subscription is confirmed."), "success")
    return redirect(url_for("subscriptions.subscribe"))


def _subscription_or_404(token: str) -> Subscription:
    subscription = services.by_token(token)
    if subscription is None:
        abort(404)
    return subscription


def _unsubscribed():
    flash(_("You will receive no more notices."), "success")
    return redirect(url_for("subscriptions.subscribe"))


@bp.route("/subscriptions/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """End a subscription from the link in any notice (confirmed with a button: mail scanners
    follow links, so a GET never unsubscribes)."""
    subscription = _subscription_or_404(token)
    form = UnsubscribeForm()
    if form.validate_on_submit():
        services.unsubscribe(subscription)
        db.session.commit()
        return _unsubscribed()
    consultation = (
        db.session.get(Consultation, subscription.consultation_id)
        if subscription.consultation_id
        else None
    )
    return render_template("subscriptions/unsubscribe.html", form=form, consultation=consultation)


@bp.route("/subscriptions/unsubscribe/<token>/one-click", methods=["GET", "POST"])
@csrf.exempt
def one_click_unsubscribe(token: str):
    """The List-Unsubscribe address of every notice (RFC 8058): the mail program POSTs
    "List-Unsubscribe=One-Click" to it, without a page or a CSRF token (the unguessable token
    in the address is the proof). A GET, as a scanner makes, only shows the page with the
    button."""
    subscription = _subscription_or_404(token)
    if request.method == "GET":
        return redirect(url_for("subscriptions.unsubscribe", token=token))
    services.unsubscribe(subscription)
    db.session.commit()
    return render_template("message.html", message=_("You will receive no more notices."))
