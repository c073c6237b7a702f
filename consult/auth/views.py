"""Sign in and sign out."""

import datetime as dt
import math

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.auth import bp
from consult.auth.forms import LoginForm
from consult.auth.services import (
    Backoff,
    backoff_key,
    begin_attempt,
    check_credentials,
    end_sessions,
    forget_failures,
    is_safe_next,
    pending_wait,
)
from consult.core.models import utcnow
from consult.core.rate_limits import client_address
from consult.core.services import record_audit
from consult.extensions import db, limiter


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
        if user is not None:
            return _sign_in(user, key, form.next.data)
        db.session.rollback()
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
