"""The chair's pages under /chair: the dashboard of every consultation, the review of the
published reports, participation trends and the annual consultation report (HTML, PDF, XLSX;
downloads audit-logged); and, under each kind's /manage pages, the officers' answer to the
chair's note on a report sent back."""

import datetime as dt

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult import report_views
from consult.auth.access import editable_or_403
from consult.auth.services import STAFF_ROLES, role_required
from consult.chair import annual, audit, bp
from consult.chair.rates import rates_section
from consult.chair.services import DashboardFilter, dashboard, dashboard_years, number_from
from consult.chair.trends import trends
from consult.core import reviews
from consult.core.kinds import kind_labels
from consult.core.models import CONSULTATION_STATUSES, Consultation, Directorate
from consult.core.profiles import current_standards
from consult.core.records import record_or_none
from consult.core.reports import csv_bytes, file_response
from consult.core.review_forms import ReceiveForm, SendBackForm
from consult.core.services import log_export
from consult.extensions import db
from consult.i18n import current_locale
from consult.report_views import review_days, review_step

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/chair/")
@role_required("chair", "admin")
def index():
    """Every consultation by year, kind and directorate, with status, dates, compliance
    findings and participation; the reports waiting for review."""
    filters = DashboardFilter.from_args(request.args)
    board = dashboard(filters, dt.date.today(), current_standards(), review_days())
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code)).all()
    return render_template(
        "chair/dashboard.html",
        board=board,
        filters=filters,
        years=dashboard_years(),
        kinds=list(kind_labels()),
        statuses=CONSULTATION_STATUSES,
        directorates=directorates,
    )


@bp.route("/chair/audit")
@role_required("chair", "admin")
def audit_log():
    """The audit log, filtered by who, what, consultation and day, fifty entries a page."""
    chosen = audit.AuditFilter.from_args(request.args)
    total = audit.count(chosen)
    return render_template(
        "chair/audit.html",
        chosen=chosen,
        entries=audit.rows(chosen),
        total=total,
        pages=max(1, -(-total // audit.PAGE_SIZE)),
        actors=audit.actors(),
        consultations=audit.consultations(),
        groups=audit.ACTION_GROUPS,
    )


@bp.route("/chair/audit.csv")
@role_required("chair", "admin")
def audit_log_csv():
    """Every entry the filter matches as CSV, with the same columns as the page."""
    chosen = audit.AuditFilter.from_args(request.args)
    header = [_("When (UTC)"), _("Who"), _("What"), _("Action"), _("About"), _("Reason")]
    table = [
        [
            row.at.isoformat(timespec="seconds"),
            row.who,
            row.group,
            row.action,
            row.about,
            row.reason,
        ]
        for row in audit.rows(chosen, everything=True)
    ]
    log_export("audit_csv", filters=request.args.to_dict())
    db.session.commit()
    return file_response(csv_bytes([header, *table]), "text/csv", "audit-log.csv", no_store=True)


@bp.route("/chair/reviews")
@role_required("chair", "admin")
def reviews_page():
    """The published reports of every kind waiting for the chair's review, each with its due
    date, and the reports sent back to the officers, waiting for their answer."""
    today = dt.date.today()
    return render_template(
        "chair/reviews.html",
        waiting=reviews.waiting_for_chair(today, review_days()),
        sent_back=reviews.waiting_for_officers(today),
        review_days=review_days(),
        receive_form=ReceiveForm(formdata=None),
        send_back_form=SendBackForm(formdata=None),
        labels=reviews.EVENT_LABELS,
    )


def _reviewed(consultation_id: int) -> Consultation:
    consultation = record_or_none(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


@bp.route("/chair/reviews/<int:consultation_id>/received", methods=["POST"])
@role_required("chair")
def receive_report(consultation_id: int):
    """The chair marks a report waiting for her "received for the Assembly"."""
    consultation = _reviewed(consultation_id)
    form = ReceiveForm()
    return review_step(
        form,
        lambda: reviews.receive(consultation, current_user.id, form.note.data or ""),
        _("The report is marked received for the Assembly."),
        url_for("chair.reviews_page"),
    )


@bp.route("/chair/reviews/<int:consultation_id>/send-back", methods=["POST"])
@role_required("chair")
def send_back_report(consultation_id: int):
    """The chair sends a report back to the officers with a note saying why."""
    consultation = _reviewed(consultation_id)
    form = SendBackForm()
    return review_step(
        form,
        lambda: reviews.send_back(consultation, current_user.id, form.note.data or ""),
        _("The report is sent back to the officers with your note."),
        url_for("chair.reviews_page"),
    )


@bp.route("/chair/participation")
@role_required("chair", "admin")
def participation():
    """Participation per year and kind by gender, age and local community (small groups
    hidden), and the local communities under-represented relative to their population."""
    data = trends(dt.date.today(), number_from(request.args.get("year")))
    return render_template("chair/participation.html", trends=data, rates=rates_section())


def _annual_year() -> int:
    """The year asked for, or the latest year with a consultation (this year if none)."""
    years = annual.report_years(dt.date.today())
    asked = number_from(request.args.get("year"))
    return asked if asked in years else years[0]


def _report(year: int) -> annual.AnnualReport:
    return annual.annual_report(year, dt.date.today(), current_standards())


@bp.route("/chair/annual")
@role_required("chair", "admin")
def annual_report():
    """The annual consultation report (MS-ANNUAL) of a year, in the reader's language."""
    year = _annual_year()
    report = _report(year)
    return render_template(
        "chair/annual.html",
        report=report,
        years=annual.report_years(dt.date.today()),
        figure_headers=annual.figure_headers,
        figure_row=annual.figure_row,
        outreach_table=annual.outreach_table(report),
        outreach_chart=annual.outreach_chart(report),
    )


def _download(body: bytes, mimetype: str, name: str) -> Response:
    """The annual report as a file no cache keeps (`file_response`)."""
    return file_response(body, mimetype, name, no_store=True)


@bp.route("/chair/annual/<int:year>.pdf")
@role_required("chair", "admin")
def annual_pdf(year: int):
    """The annual report as a PDF in the reader's language (audit-logged)."""
    report = _report(_known_year(year))
    body = annual.report_pdf(report)
    log_export("annual_report_pdf", f"annual:{year}", locale=current_locale())
    db.session.commit()
    return _download(body, "application/pdf", f"annual-consultation-report-{year}.pdf")


@bp.route("/chair/annual/<int:year>.xlsx")
@role_required("chair", "admin")
def annual_xlsx(year: int):
    """The annual report's tables as an XLSX workbook (audit-logged)."""
    report = _report(_known_year(year))
    body = annual.report_xlsx(report)
    log_export("annual_report_xlsx", f"annual:{year}", locale=current_locale())
    db.session.commit()
    return _download(body, XLSX_TYPE, f"annual-consultation-report-{year}.xlsx")


def _known_year(year: int) -> int:
    """`year` if a report can be made for it; otherwise 404."""
    if year not in annual.report_years(dt.date.today()):
        abort(404)
    return year


# ---------------------------------------------------------------- the officers' answer


@bp.route("/manage/draft-acts/<int:consultation_id>/review/answer", methods=["POST"])
@role_required(*STAFF_ROLES)
def resubmit_draft_act_report(consultation_id: int):
    """The officers answer the chair's note on a draft-act report sent back and send it again."""
    consultation = editable_or_403(consultation_id, "draft_act")
    target = url_for("manage.consultation", consultation_id=consultation.id, _anchor="review")
    return report_views.resubmit_report(consultation, target)


@bp.route("/manage/hearings/<int:consultation_id>/review/answer", methods=["POST"])
@role_required(*STAFF_ROLES)
def resubmit_hearing_report(consultation_id: int):
    """The officers answer the chair's note on a hearing report sent back and send it again."""
    consultation = editable_or_403(consultation_id, "budget_hearing")
    target = url_for("hearings.manage", consultation_id=consultation.id, _anchor="review")
    return report_views.resubmit_report(consultation, target)
