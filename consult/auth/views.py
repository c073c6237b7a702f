"""Sign in and sign out."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.auth.forms import LoginForm
from consult.auth.services import SignInRefused, authenticate, is_safe_next
from consult.core.services import record_audit
from consult.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in; after repeated failures the account is locked for a while."""
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = authenticate(
                form.email.data,
                form.password.data,
                current_app.config["LOGIN_MAX_FAILURES"],
                current_app.config["LOGIN_LOCK_MINUTES"],
            )
        except SignInRefused as refused:
            db.session.commit()  # keep the failure count
            form.password.errors.append(_sign_in_error(refused))
        else:
            return _sign_in(user, form.next.data)
    return render_template("auth/login.html", form=form)


def _sign_in_error(refused: SignInRefused) -> str:
    if refused.locked:
        return _("Too many failed attempts. The account is locked for a while; try again later.")
    return _("The e-mail address or password is not correct.")


def _sign_in(user, next_url: str | None):
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
    """Sign out (POST only, so a link elsewhere cannot sign anyone out)."""
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are signed out."), "success")
    return redirect(url_for("public.home"))
