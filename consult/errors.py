"""Translated error pages, including the CSRF refusal and a database that is too busy; under
/api the same refusals as JSON (`{"error": code, "message": text}`), with the same translated
message."""

import logging

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, TooManyRequests

from consult.core.events import log_event
from consult.database import is_timeout
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
    503: (
        _l("The site is busy"),
        _l("The database is busy and your request had to stop. Please try again in a minute."),
    ),
}
_CSRF_MESSAGE = (
    _l("The form has expired"),
    _l(
        "For your security the form could not be accepted. "
        "Go back, reload the page and send it again."
    ),
)
#: the open-data API's own wording of two refusals (a script reads "address", not "page")
_API_MESSAGES = {
    404: _l("There is nothing at this address."),
    429: _l("Too many downloads. Please wait a minute and try again."),
}
#: the `error` field of a JSON refusal
API_ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
    500: "server_error",
    503: "busy",
}
API_PREFIX = "/api"


def wants_json() -> bool:
    """Whether the request went to the open-data API, which answers only in JSON (unknown
    addresses and methods under /api included)."""
    path = request.path
    return request.blueprint == "api" or path == API_PREFIX or path.startswith(f"{API_PREFIX}/")


def register_errorhandlers(app: Flask) -> None:
    """Render every HTTP error, a refused CSRF token and a database timeout as a translated
    page, or as JSON under /api."""

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        db.session.rollback()
        if wants_json():
            return _json(400, _CSRF_MESSAGE[1], "csrf_refused")
        title, message = _CSRF_MESSAGE
        return render_template("errors/error.html", code=400, title=title, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        response = _render_error(error.code or 500)
        if getattr(error, "valid_methods", None):  # 405: which methods the address takes
            response[0].headers["Allow"] = ", ".join(error.valid_methods)
        if isinstance(error, TooManyRequests):
            response[0].headers["Retry-After"] = str(retry_after(error))
        return response

    @app.errorhandler(OperationalError)
    def database_error(error: OperationalError):
        if not is_timeout(error):
            raise error
        app.logger.warning("Database time limit reached: %s", error.orig)
        log_event("error.database_timeout", logging.WARNING, path=request.path)
        response = _render_error(503)
        response[0].headers["Retry-After"] = "60"
        return response

    if not app.testing:  # in tests an unexpected error must fail the test loudly

        @app.errorhandler(Exception)
        def unexpected_error(error: Exception):
            app.logger.exception("Unhandled error")
            log_event(
                "error.unhandled", logging.ERROR, path=request.path, kind=type(error).__name__
            )
            return _render_error(500)


def retry_after(refusal: TooManyRequests) -> int:
    """Seconds after which a refused client may try again: the refused limit's window (a minute
    for "10 per minute"), known without asking the rate-limit storage (the X-RateLimit-*
    headers, which would ask it, are off: config.RATELIMIT_HEADERS_ENABLED); a refusal raised
    by the app itself names it (`TooManyRequests(retry_after=...)`), else a minute."""
    if isinstance(refusal, RateLimitExceeded):
        return refusal.limit.limit.get_expiry()
    return int(refusal.retry_after or 60)


def _json(code: int, message, error: str | None = None) -> tuple[Response, int]:
    body = {"error": error or API_ERROR_CODES.get(code, "error"), "message": str(message)}
    return jsonify(body), code


def _render_error(code: int) -> tuple[Response, int]:
    """The error page of `code`, or its JSON under /api, as (response, status)."""
    db.session.rollback()
    title, message = _MESSAGES.get(code, _MESSAGES[400 if code < 500 else 500])
    if wants_json():
        return _json(code, _API_MESSAGES.get(code, message))
    page = render_template("errors/error.html", code=code, title=title, message=message)
    return make_response(page), code
