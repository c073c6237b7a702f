"""The back office's questionnaire import (routes in consult.surveys.views): a file is uploaded,
read and previewed, and nothing is written; "Create the survey" reads the same file again and
builds it, all or nothing.

Between the two requests the file travels in the page itself, in a hidden field signed with the
app's secret (with the consultation, its name and its SHA-256), valid for TOKEN_SECONDS; a file
too large for a form field (over INLINE_BYTES) is chosen again on the preview page and must be
the same file (same SHA-256). Nothing is kept on the server in between.
"""

import base64
import datetime as dt
import hashlib

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from consult.core.models import Consultation
from consult.core.services import record_audit
from consult.core.upload_limits import UploadRefused
from consult.extensions import db
from consult.i18n import ENDONYMS
from consult.i18n import lazy_text as _l
from consult.surveys.forms import OPERATOR_LABELS, ConfirmImportForm, ImportQuestionnaireForm
from consult.surveys.interchange import (
    MAX_FORM_BYTES,
    THE_FILE,
    FormProblem,
    build_from_plan,
    read_questionnaire,
    refusal,
)
from consult.surveys.question_types import QUESTION_TYPES

#: the largest file carried in the preview page (base64 in a form field, which Flask reads
#: into memory up to MAX_FORM_MEMORY_SIZE, 500 KB by default)
INLINE_BYTES = 256 * 1024
#: how long a preview can be confirmed (the CSRF token's lifetime)
TOKEN_SECONDS = 4 * 3600
_SALT = "survey-questionnaire-import"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sign_upload(consultation: Consultation, data: bytes, filename: str) -> str:
    """The hidden field of the confirmation: the file (when small enough) and what it was."""
    inline = base64.b64encode(data).decode("ascii") if len(data) <= INLINE_BYTES else ""
    return _serializer().dumps(
        {"c": consultation.id, "n": filename[-200:], "h": _digest(data), "d": inline}
    )


def _signed_file(consultation: Consultation, token: str, again) -> tuple[bytes, str] | object:
    """(data, filename) of a confirmation, or a message saying why not."""
    expired = _l("The preview has expired or was changed: choose the file again.")
    try:
        signed = _serializer().loads(token, max_age=TOKEN_SECONDS)
    except BadSignature:
        return expired
    if not isinstance(signed, dict) or signed.get("c") != consultation.id:
        return expired
    if signed.get("d"):
        data = base64.b64decode(signed["d"])
    elif again is not None and getattr(again, "filename", ""):
        data = again.read(MAX_FORM_BYTES + 1)
    else:
        return _l("Choose the same file again to create the survey.")
    if _digest(data) != signed.get("h"):
        return _l("This is not the file that was previewed: choose the file again.")
    return data, str(signed.get("n", ""))


def already_set_up(consultation: Consultation):
    flash(_("This consultation already has a questionnaire."), "error")
    return redirect(url_for("manage.consultation", consultation_id=consultation.id))


def _upload_page(consultation: Consultation, form, problems=(), status: int = 200):
    return render_template(
        "surveys/import.html", consultation=consultation, form=form, problems=list(problems)
    ), status


def upload_and_preview(consultation: Consultation):
    """The upload form (GET); the preview of an uploaded file, or its problems (POST)."""
    form = ImportQuestionnaireForm()
    if request.method == "GET":
        form.year.data = consultation.planned_year or dt.date.today().year
        return _upload_page(consultation, form)
    if not form.validate_on_submit():
        return _upload_page(consultation, form, status=400)
    upload = form.questionnaire.data
    data = upload.read(MAX_FORM_BYTES + 1)
    filename = upload.filename or ""
    result = _read(data, filename)
    if result.plan is None:
        return _upload_page(consultation, form, result.problems, 400)
    confirm_form = ConfirmImportForm(formdata=None)
    confirm_form.audience.data = form.audience.data
    confirm_form.year.data = form.year.data
    confirm_form.upload.data = sign_upload(consultation, data, filename)
    return render_template(
        "surveys/import_preview.html",
        consultation=consultation,
        plan=result.plan,
        form=confirm_form,
        inline=len(data) <= INLINE_BYTES,
        filename=filename,
        question_count=sum(len(section.questions) for section in result.plan.sections),
        languages=[ENDONYMS.get(locale, locale) for locale in result.plan.locales],
        type_labels={code: qtype.label for code, qtype in QUESTION_TYPES.items()},
        operator_labels=OPERATOR_LABELS,
    )


def _read(data: bytes, filename: str):
    try:
        return read_questionnaire(data, filename)
    except UploadRefused as refused:  # a reader that raises instead of answering
        return refusal(refused)


def confirm(consultation: Consultation):
    """Read the previewed file again and create its questionnaire; problems change nothing."""
    form = ConfirmImportForm()
    again = ImportQuestionnaireForm(formdata=None)
    again.audience.data, again.year.data = form.audience.data, form.year.data
    if not form.validate_on_submit():
        problems = []
        if "csrf_token" in form.errors or not form.upload.data:
            problems = [
                FormProblem(THE_FILE, _l("The preview has expired: choose the file again."))
            ]
        return _upload_page(consultation, _with_errors(again, form), problems, 400)
    signed = _signed_file(consultation, form.upload.data, form.questionnaire.data)
    if not isinstance(signed, tuple):
        return _upload_page(consultation, again, [FormProblem(THE_FILE, signed)], 400)
    data, filename = signed
    result = _read(data, filename)
    if result.plan is None:
        return _upload_page(consultation, again, result.problems, 400)
    try:
        survey = build_from_plan(consultation, result.plan, form.audience.data, form.year.data)
        record_audit(
            "survey.import",
            f"consultation:{consultation.id}",
            current_user.id,
            format="lss" if filename.lower().endswith(".lss") else "xlsform",
        )
        db.session.commit()
    except IntegrityError:  # another officer's import of the same consultation won
        db.session.rollback()
        return already_set_up(consultation)
    flash(
        _("The questionnaire is imported. Check it here before the survey is announced."),
        "success",
    )
    return redirect(url_for("surveys.build", survey_id=survey.id))


def _with_errors(target, source):
    """`target` showing the field errors of `source` (the audience and year)."""
    for name in ("audience", "year"):
        target[name].errors = list(source[name].errors)
    return target
