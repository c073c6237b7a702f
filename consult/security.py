"""Security headers on every response and the guards on every request's input."""

from flask import Flask, Response, abort, request, session
from werkzeug.routing import IntegerConverter

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


#: blueprints that check every input for control characters themselves, with their own message
#: (the open-data API names the bad parameter; the chair's filters ignore a bad value)
HANDLE_THEIR_OWN_INPUT = ("api", "chair", "hearings")
#: routes of those blueprints that the guard checks all the same (the draft-act officers' answer
#: to the chair, which lives with the chair's views)
GUARDED_ALL_THE_SAME = ("chair.resubmit_draft_act_report",)


class BoundedInt(IntegerConverter):
    """`<int:...>` in URLs, limited to what every database stores as an integer."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_input_guards(app: Flask) -> None:
    """Ids beyond 32 bits are "not found", and a NUL character anywhere is a bad request
    (PostgreSQL cannot store it in text)."""
    app.url_map.converters["int"] = BoundedInt

    @app.before_request
    def refuse_nul_characters():
        if (
            request.blueprint in HANDLE_THEIR_OWN_INPUT
            and request.endpoint not in GUARDED_ALL_THE_SAME
        ):
            return
        values = [*request.args.values(), *request.form.values()]
        values += [upload.filename or "" for upload in request.files.values()]
        if any("\x00" in value for value in values):
            abort(400)


#: answers that are the same for everyone, signed in or not, and may stay in a browser's cache
SHARED_ASSETS = ("static", "analytics.plotly_js", "analytics.plotly_css")
#: pages kept out of every cache even for a visitor who is not signed in
NEVER_CACHED = ("auth.login",)


def _signed_in() -> bool:
    """Whether this request belongs to a signed-in session (looked up without loading the
    user, and so without touching the session of a visitor)."""
    return "_user_id" in session


def register_security_headers(app: Flask) -> None:
    """Add the CSP, nosniff, referrer policy and (in production) HSTS to every response;
    `Cache-Control: no-store` on everything served to a signed-in user (assets aside) and on
    the sign-in page, so that no browser or proxy cache keeps a page of the back office."""

    @app.after_request
    def add_headers(response: Response) -> Response:
        if request.endpoint in NEVER_CACHED or (
            request.endpoint not in SHARED_ASSETS and _signed_in()
        ):
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
