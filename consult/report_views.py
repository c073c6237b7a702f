"""What the report routes of every feature share: who reads a report before it is published,
the download responses, the rate limit of PDF downloads, and the posts and the officers' panel
of the chair's review (`consult.core.reviews`)."""

import datetime as dt
from collections.abc import Callable

from flask import Flask, Response, current_app, flash, redirect, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from consult.auth.services import can_edit
from consult.core import reviews
from consult.core.models import Consultation
from consult.core.reports import file_response
from consult.core.review_forms import ResubmitForm
from consult.core.services import log_export
from consult.extensions import db, limiter

#: the media type of each report download
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

#: PDF downloads a client may make, all reports together, unless PDF_DOWNLOAD_RATE_LIMIT is set
PDF_DOWNLOAD_RATE_LIMIT = "10 per minute;100 per hour"


def limit_pdf_downloads(app: Flask) -> None:
    """Put every PDF download of `app` under one rate limit per client address
    (`PDF_DOWNLOAD_RATE_LIMIT`): each endpoint whose URL rule can end in `.pdf`, counted when
    the requested path does. Called once the blueprints are registered, so a new PDF route
    is limited without a decorator of its own."""
    shared = limiter.shared_limit(_pdf_download_limit, scope="pdf-download", exempt_when=_not_pdf)
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "pdf" in rule.rule}
    for endpoint in sorted(endpoints):
        app.view_functions[endpoint] = shared(app.view_functions[endpoint])


def _pdf_download_limit() -> str:
    return current_app.config.get("PDF_DOWNLOAD_RATE_LIMIT", PDF_DOWNLOAD_RATE_LIMIT)


def _not_pdf() -> bool:
    return not request.path.endswith(".pdf")


def may_preview_report(consultation: Consultation) -> bool:
    """Officers who may edit the consultation and the chair read its report before it is
    published."""
    return current_user.is_authenticated and (
        can_edit(current_user, consultation) or current_user.role == "chair"
    )


def download(data: bytes, file_type: str, filename: str, what: str, target: str) -> Response:
    """A report file, audit-logged (who downloaded `what` of `target`, in which format and
    language, and when): a PDF opens in the browser, a spreadsheet is saved."""
    log_export(f"{what}_{file_type}", target, locale=str(get_locale()))
    db.session.commit()
    return file_response(data, MEDIA_TYPES[file_type], filename, inline=file_type == "pdf")


def review_days() -> int:
    """Days the chair has to review a report (`REVIEW_DAYS`)."""
    return current_app.config.get("REVIEW_DAYS", reviews.DEFAULT_REVIEW_DAYS)


def review_step(form: FlaskForm, action: Callable[[], object], done: str, target: str) -> Response:
    """A post of the chair's review (receive, send back, answer and send again): the form's
    errors or a `ReviewRefused` are shown as errors and nothing is saved; otherwise the
    request's one commit, and `done` is shown. Back to `target` either way."""
    if not form.validate_on_submit():
        db.session.rollback()
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(target)
    try:
        action()
    except reviews.ReviewRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(target)


def resubmit_report(consultation: Consultation, target: str) -> Response:
    """The officers' answer to the chair's note: the report goes back on the chair's list.
    The feature's route has checked that the signed-in officer may edit the consultation."""
    form = ResubmitForm()
    return review_step(
        form,
        lambda: reviews.resubmit(consultation, current_user.id, form.note.data or ""),
        _("Your answer is saved and the report is sent to the chair again."),
        target,
    )


def review_panel(consultation: Consultation) -> dict:
    """What the officers' management page shows of the chair's review: every event with its
    note, where the report stands, the day the chair's review is due, and the form to answer
    when the chair sent the report back. Only for pages of officers who may edit it."""
    events = reviews.history(consultation)
    state = reviews.STATE_AFTER[events[-1].kind] if events else None
    due = None
    if state == reviews.WAITING_FOR_CHAIR:
        due = events[-1].at.date() + dt.timedelta(days=review_days())
    return {
        "events": events,
        "state": state,
        "due": due,
        "labels": reviews.EVENT_LABELS,
        "form": ResubmitForm(formdata=None) if state == reviews.WAITING_FOR_OFFICERS else None,
    }
