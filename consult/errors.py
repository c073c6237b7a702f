"""Translated error pages, including the CSRF refusal."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from consult.extensions import db
from consult.i18n import lazy_text as _l

_MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Access refused"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used in that way.")),
    413: (_l("File too large"), _l("The file you sent is larger than the allowed size.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("The error was recorded. Please try again later.")),
}


def register_errorhandlers(app: Flask) -> None:
    """Render every HTTP error, and a refused CSRF token, as a translated page."""

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        db.session.rollback()
        return (
            render_template(
                "errors/error.html",
                code=400,
                title=_l("The form has expired"),
                message=_l(
                    "For your security the form could not be accepted. "
                    "Go back, reload the page and send it again."
                ),
            ),
            400,
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _render_error(error.code or 500)

    if not app.testing:  # in tests an unexpected error must fail the test loudly

        @app.errorhandler(Exception)
        def unexpected_error(error: Exception):
            app.logger.exception("Unhandled error")
            return _render_error(500)


def _render_error(code: int):
    db.session.rollback()
    title, message = _MESSAGES.get(code, _MESSAGES[400 if code < 500 else 500])
    return render_template("errors/error.html", code=code, title=title, message=message), code
