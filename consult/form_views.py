"""The shape of a form post that runs one service: validate, run it, commit and go on, or
show the form again with the refusal on it. Shared by the views of every feature."""

from collections.abc import Callable

from flask import flash, redirect
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import Field

from consult.extensions import db


def refusal_on(form: FlaskForm, refusal: Exception, fallback: Field | None = None) -> None:
    """Show a service's refusal (its translated `message`) on the field it names (`field`,
    a name of `form`'s fields), else on `fallback`, else on the form's first field."""
    name = getattr(refusal, "field", None)
    if name and name in form:
        target = form[name]
    else:
        target = fallback or next(f for f in form if f.name != "csrf_token")
    target.errors = [*target.errors, getattr(refusal, "message", str(refusal))]


def save_form(
    form: FlaskForm,
    action: Callable[[], object],
    error_field: Field,
    done: str | Callable[[], str],
    target: str,
    page: Callable[[], ResponseReturnValue],
    refused: type[Exception] | tuple[type[Exception], ...],
) -> ResponseReturnValue:
    """Validate `form` and run the service `action`; a `refused` exception (with a `message`)
    becomes an error on the field it names (`field`) or on `error_field`, and nothing is
    saved; otherwise commit, flash `done` (a text, or a function giving it) and go to
    `target`. A form not saved is shown again by
    `page()` (which keeps what was typed and answers 400)."""
    if form.validate_on_submit():
        try:
            action()
        except refused as refusal:
            refusal_on(form, refusal, error_field)
        else:
            db.session.commit()
            flash(done() if callable(done) else done, "success")
            return redirect(target)
    db.session.rollback()
    return page()
