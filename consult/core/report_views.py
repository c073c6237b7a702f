"""What the report routes of every feature share: who reads a report before it is published,
the download responses, the rate limit of PDF downloads, and the chair's "received for the
Assembly" post."""

from collections.abc import Callable

from flask import Flask, Response, current_app, flash, redirect, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from consult.auth.services import can_edit
from consult.core.models import Consultation
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
    disposition = "inline" if file_type == "pdf" else "attachment"
    return Response(
        data,
        mimetype=MEDIA_TYPES[file_type],
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"'},
    )


def mark_received(
    form: FlaskForm, action: Callable[[], object], refused: type[Exception], target: str
) -> Response:
    """The chair's post marking a report received: `action` records it, a `refused`
    exception (with its `message`) is flashed as the error and nothing is saved."""
    if form.validate_on_submit():
        try:
            action()
        except refused as error:
            db.session.rollback()
            flash(str(getattr(error, "message", error)), "error")
        else:
            db.session.commit()
            flash(_("The report is marked received for the Assembly."), "success")
    return redirect(target)
