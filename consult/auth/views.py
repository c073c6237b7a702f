"""Sign in and out, passwords (change, forgotten, reset by a link from the outbox) and the
administrators' People page."""

import datetime as dt
import logging
import math

import segno
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_timedelta, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult.auth import bp
from consult.auth.forms import (
    AccountForm,
    ActionForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SecondFactorForm,
)
from consult.auth.models import User
from consult.auth.passwords import WeakPassword
from consult.auth.services import (
    SECOND_FACTOR_ROLES,
    AccountRefused,
    Backoff,
    SecondFactorUnreadable,
    backoff_key,
    begin_attempt,
    change_password,
    check_credentials,
    create_account,
    disable_second_factor,
    enable_second_factor,
    end_sessions,
    find_user,
    forget_failures,
    is_safe_next,
    new_password_reset,
    new_totp_secret,
    passes_second_factor,
    pending_wait,
    role_required,
    set_active,
    totp_uri,
    update_account,
    use_reset,
    valid_reset,
)
from consult.core.events import log_event
from consult.core.fields import content_choice
from consult.core.labels import ROLE_LABELS
from consult.core.mail_outbox import queue_mail
from consult.core.models import Directorate, utcnow
from consult.core.municipalities import municipality_names
from consult.core.rate_limits import client_address
from consult.core.records import record_or_none
from consult.core.services import record_audit
from consult.extensions import db, limiter
from consult.i18n import lazy_text as _l
from consult.i18n import localize


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in. The answer is the same, and takes as long, whether the account exists or not;
    after repeated failures for one account from one address, that pair waits a while."""
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        now = utcnow()
        key = backoff_key(form.email.data, client_address())
        wait = begin_attempt(key, Backoff.from_config(current_app.config), now)
        db.session.commit()  # the attempt counts even if this request dies while checking
        user = None if wait is not None else check_credentials(form.email.data, form.password.data)
        if user is not None and user.totp_secret:
            return _ask_second_factor(user, key, form.next.data)
        if user is not None:
            return _sign_in(user, key, form.next.data)
        db.session.rollback()
        log_event("sign_in.refused", logging.WARNING, waiting=wait is not None)
        wait = wait or pending_wait(key, now)
        form.password.errors.append(_sign_in_error(wait))
    return render_template("auth/login.html", form=form)


def _sign_in_error(wait: dt.timedelta | None) -> str:
    if wait is None:
        return _("The e-mail address or password is not correct.")
    minutes = dt.timedelta(minutes=max(1, math.ceil(wait.total_seconds() / 60)))
    return _(
        "Too many failed attempts for this account from your connection. Try again in %(wait)s.",
        wait=format_timedelta(minutes, granularity="minute", threshold=1),
    )


#: wrong codes after a right password before the password must be given again
SECOND_FACTOR_TRIES = 5
WRONG_CODE = _l("The code is not correct. Take the newest code from the app.")
UNREADABLE = _l(
    "Your two-step sign-in cannot be checked: the server's key has changed since you turned it "
    "on. Ask an administrator to turn it off for you on People, then turn it on again."
)


def _ask_second_factor(user, key: str, next_url: str | None):
    """The password was right; the code of the authenticator app comes next. The session
    remembers whom it is for, until the code or SECOND_FACTOR_TRIES wrong ones."""
    db.session.commit()
    session["second_factor"] = {
        "user": user.id,
        "token": user.session_token,
        "key": key,
        "next": next_url or "",
        "tries": 0,
    }
    return redirect(url_for("auth.second_factor"))


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def second_factor():
    """The second step of signing in for an account with a second factor."""
    pending = session.get("second_factor")
    user = db.session.get(User, pending["user"]) if pending else None
    if user is None or not user.active or not user.carries(pending["token"]):
        session.pop("second_factor", None)
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        try:
            passed = passes_second_factor(user, form.code.data, utcnow())
        except SecondFactorUnreadable:
            log_event("sign_in.second_factor_unreadable", logging.ERROR, user=user.id)
            form.code.errors.append(str(UNREADABLE))
            return render_template("auth/second_factor.html", form=form), 409
        if passed:
            session.pop("second_factor", None)
            return _sign_in(user, pending["key"], pending["next"])
        pending["tries"] += 1
        session.modified = True
        log_event("sign_in.code_refused", logging.WARNING, tries=pending["tries"])
        if pending["tries"] >= SECOND_FACTOR_TRIES:
            session.pop("second_factor", None)
            flash(_("Too many wrong codes. Sign in again."), "error")
            return redirect(url_for("auth.login"))
        form.code.errors.append(str(WRONG_CODE))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/second_factor.html", form=form), status


@bp.route("/account/two-step", methods=["GET", "POST"])
@role_required(*SECOND_FACTOR_ROLES)
def two_step():
    """Turn the second factor on (scan the QR code, give a code) or off (give a code)."""
    user = current_user._get_current_object()
    form = SecondFactorForm()
    if user.totp_secret:
        if form.validate_on_submit():
            try:
                turned_off = disable_second_factor(user, form.code.data, utcnow())
            except SecondFactorUnreadable:
                user.totp_secret, user.totp_last_step = None, 0
                turned_off = True
            if turned_off:
                record_audit("user.second_factor_off", f"user:{user.id}", actor_id=user.id)
                db.session.commit()
                flash(_("Signing in asks for a code no more."), "success")
                return redirect(url_for("auth.two_step"))
            form.code.errors.append(str(WRONG_CODE))
        status = 400 if form.is_submitted() and form.errors else 200
        return render_template("auth/two_step.html", form=form, enabled=True), status
    secret = session.setdefault("totp_setup", new_totp_secret())
    if form.validate_on_submit():
        if enable_second_factor(user, secret, form.code.data, utcnow()):
            session.pop("totp_setup", None)
            record_audit("user.second_factor_on", f"user:{user.id}", actor_id=user.id)
            db.session.commit()
            login_user(user)  # this browser carries the new session token
            flash(_("From now on, signing in asks for a code from your app."), "success")
            return redirect(url_for("auth.two_step"))
        form.code.errors.append(str(WRONG_CODE))
    uri = totp_uri(secret, user.email, localize(municipality_names()).text)
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template(
        "auth/two_step.html",
        form=form,
        enabled=False,
        secret=secret,
        qr=segno.make(uri, error="m").svg_data_uri(scale=5),
    ), status


def _sign_in(user, key: str, next_url: str | None):
    forget_failures(key)
    lang = session.get("lang")
    session.clear()  # a new session at sign-in, so an old session id is worthless
    if lang:
        session["lang"] = lang
    login_user(user)
    record_audit("user.login", f"user:{user.id}", actor_id=user.id)
    db.session.commit()
    flash(_("You are signed in."), "success")
    return redirect(next_url if is_safe_next(next_url) else _home_for(user))


def _home_for(user) -> str:
    """Where a signed-in user starts: organisations on the public site, staff in the back
    office."""
    return url_for("public.home") if user.role == "cso" else url_for("manage.index")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out everywhere (POST only, so a link elsewhere cannot sign anyone out): every
    session and remember-me cookie of the account ends, on every device."""
    end_sessions(current_user)
    db.session.commit()
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are signed out."), "success")
    return redirect(url_for("public.home"))


# ---------------------------------------------------------------- passwords


def _reset_hours() -> float:
    return current_app.config["RESET_LINK_HOURS"]


def _forgot_limit() -> str:
    return current_app.config["RESET_LINK_RATE_LIMIT"]


def _mail_reset_link(user, token: str, first: bool) -> None:
    """The reset link (or, for a new account, the link to choose a first password); fixed
    texts only."""
    link = url_for("auth.reset_password", token=token, _external=True)
    hours = int(_reset_hours())
    if first:
        subject = _("Your account on the consultation platform")
        body = ngettext(
            "An account has been made for you. Choose your password within %(hours)d hour "
            "with this link:\n%(link)s\n\nYou sign in with this e-mail address.",
            "An account has been made for you. Choose your password within %(hours)d hours "
            "with this link:\n%(link)s\n\nYou sign in with this e-mail address.",
            hours,
            hours=hours,
            link=link,
        )
    else:
        subject = _("Choose a new password")
        body = ngettext(
            "Follow this link within %(hours)d hour to choose a new password:\n%(link)s\n\n"
            "If you did not ask for it, ignore this message: your password has not changed.",
            "Follow this link within %(hours)d hours to choose a new password:\n%(link)s\n\n"
            "If you did not ask for it, ignore this message: your password has not changed.",
            hours,
            hours=hours,
            link=link,
        )
    queue_mail(user.email, subject, body)


def send_reset_link(user, first: bool = False) -> None:
    """Make a new link for `user` and queue it in the outbox (the caller commits)."""
    token = new_password_reset(user, utcnow(), _reset_hours())
    _mail_reset_link(user, token, first)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_own_password():
    """Any signed-in user changes their password, giving the current one; every other
    session of the account ends, this one goes on."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append(_("The current password is not correct."))
        else:
            try:
                change_password(user, form.new_password.data)
            except WeakPassword as weak:
                form.new_password.errors.append(str(weak.message))
            else:
                record_audit("user.password_changed", f"user:{user.id}", actor_id=user.id)
                db.session.commit()
                login_user(user)  # this browser carries the new session token
                flash(_("Your password has been changed."), "success")
                return redirect(_home_for(user))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/change_password.html", form=form), status


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_forgot_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link. The answer is the same whether the address has an active account
    or not; only an account's owner receives anything."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.active:
            send_reset_link(user)
            record_audit("user.password_reset_asked", f"user:{user.id}")
            db.session.commit()
        flash(
            _(
                "If this address belongs to an account, a link to choose a new password is on "
                "its way. Look in your mailbox."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_forgot_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password with a link from the outbox: once, before it expires."""
    reset = valid_reset(token, utcnow())
    if reset is None:
        return render_template("auth/reset_expired.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = use_reset(reset, form.new_password.data, utcnow())
        except WeakPassword as weak:
            form.new_password.errors.append(str(weak.message))
        else:
            record_audit("user.password_reset", f"user:{user.id}", actor_id=user.id)
            db.session.commit()
            flash(_("Your new password is set. Sign in with it."), "success")
            return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/reset_password.html", form=form, user=reset.user), status


# ---------------------------------------------------------------- people (administrators)


def _directorate_choices() -> list[SelectChoice]:
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code))
    return [SelectChoice("", _("None: the Public Information Office, for every consultation"))] + [
        content_choice(str(d.id), d.name) for d in directorates
    ]


def _account_form(user: User | None = None) -> AccountForm:
    form = AccountForm(obj=user) if request.method == "GET" and user else AccountForm()
    form.directorate.choices = _directorate_choices()
    if request.method == "GET" and user is not None:
        form.directorate.data = str(user.directorate_id or "")
    return form


def _chosen_directorate(form: AccountForm) -> int | None:
    return int(form.directorate.data) if form.directorate.data else None


def _account_or_404(user_id: int) -> User:
    user = record_or_none(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/people")
@role_required("admin")
def people():
    """Every account: staff first, by role and name, then organisations' representatives."""
    accounts = db.session.scalars(
        select(User).order_by(User.role == "cso", User.active.desc(), User.role, User.name)
    ).all()
    return render_template(
        "auth/people.html", accounts=accounts, action=ActionForm(), role_labels=ROLE_LABELS
    )


@bp.route("/people/new", methods=["GET", "POST"])
@role_required("admin")
def new_person():
    """A new staff account; its owner receives a link to choose a password."""
    form = _account_form()
    if form.validate_on_submit():
        if find_user(form.email.data) is not None:
            form.email.errors.append(_("An account with this e-mail address exists already."))
        else:
            user = create_account(
                form.email.data, form.name.data, form.role.data, _chosen_directorate(form)
            )
            send_reset_link(user, first=True)
            record_audit("user.created", f"user:{user.id}", current_user.id, role=user.role)
            db.session.commit()
            flash(_("The account is made; a link to choose a password is on its way."), "success")
            return redirect(url_for("auth.people"))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/person.html", form=form, user=None), status


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_person(user_id: int):
    """A staff account's name, role and directorate (never its address or password)."""
    user = _account_or_404(user_id)
    if user.role == "cso":
        abort(404)
    form = _account_form(user)
    form.email.data = user.email  # shown, not changed
    if form.validate_on_submit():
        try:
            update_account(user, form.name.data, form.role.data, _chosen_directorate(form))
        except AccountRefused as refused:
            form.role.errors.append(str(refused.message))
        else:
            record_audit("user.updated", f"user:{user.id}", current_user.id, role=user.role)
            db.session.commit()
            flash(_("The account is saved."), "success")
            return redirect(url_for("auth.people"))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/person.html", form=form, user=user), status


@bp.route("/people/<int:user_id>/<any(deactivate, reactivate):change>", methods=["POST"])
@role_required("admin")
def set_person_active(user_id: int, change: str):
    """Deactivate (every session of the account ends at once) or reactivate an account."""
    user = _account_or_404(user_id)
    if ActionForm().validate_on_submit():
        try:
            set_active(user, change == "reactivate")
        except AccountRefused as refused:
            flash(str(refused.message), "error")
        else:
            record_audit(f"user.{change}d", f"user:{user.id}", current_user.id)
            db.session.commit()
            flash(_("The account is saved."), "success")
    return redirect(url_for("auth.people"))


@bp.route("/people/<int:user_id>/two-step-off", methods=["POST"])
@role_required("admin")
def turn_off_two_step(user_id: int):
    """For someone who lost their phone: the account signs in with its password alone again,
    and every session of it ends."""
    user = _account_or_404(user_id)
    if ActionForm().validate_on_submit() and user.totp_secret:
        user.totp_secret, user.totp_last_step = None, 0
        end_sessions(user)
        record_audit("user.second_factor_removed", f"user:{user.id}", current_user.id)
        db.session.commit()
        flash(_("The account is saved."), "success")
    return redirect(url_for("auth.people"))


@bp.route("/people/<int:user_id>/reset-link", methods=["POST"])
@role_required("admin")
def send_person_reset_link(user_id: int):
    """Send the account's owner a link to choose a new password; the administrator sees no
    password and no link."""
    user = _account_or_404(user_id)
    if ActionForm().validate_on_submit() and user.active:
        send_reset_link(user)
        record_audit("user.password_reset_sent", f"user:{user.id}", current_user.id)
        db.session.commit()
        flash(
            _("A link to choose a new password has been sent to %(address)s.", address=user.email),
            "success",
        )
    return redirect(url_for("auth.people"))
