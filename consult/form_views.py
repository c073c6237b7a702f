"""The shape of a form post that runs one service: validate, run it, commit and go on, or
show the form again with the refusal on it. Shared by the views of every feature."""

from collections.abc import Callable

from flask import flash, redirect
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import Field

from consult.extensions import db


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
    becomes an error on `error_field` and nothing is saved; otherwise commit, flash `done`
    (a text, or a function giving it) and go to `target`. A form not saved is shown again by
    `page()` (which keeps what was typed and answers 400)."""
    if form.validate_on_submit():
        try:
            action()
        except refused as refusal:
            error_field.errors = [*error_field.errors, getattr(refusal, "message", str(refusal))]
        else:
            db.session.commit()
            flash(done() if callable(done) else done, "success")
            return redirect(target)
    db.session.rollback()
    return page()
