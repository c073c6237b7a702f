"""The chair's pages under /chair: the dashboard of every consultation."""

import datetime as dt

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select

from consult.auth.services import role_required
from consult.chair.services import DashboardFilter, dashboard, dashboard_years
from consult.core.models import CONSULTATION_KINDS, CONSULTATION_STATUSES, Directorate
from consult.extensions import db

bp = Blueprint("chair", __name__, url_prefix="/chair")


@bp.route("/")
@role_required("chair", "admin")
def index():
    """Every consultation by year, kind and directorate, with status, dates, compliance
    findings and participation; the reports waiting for review."""
    filters = DashboardFilter.from_args(request.args)
    board = dashboard(filters, dt.date.today(), current_app.config["STANDARDS"])
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code)).all()
    return render_template(
        "chair/dashboard.html",
        board=board,
        filters=filters,
        years=dashboard_years(),
        kinds=CONSULTATION_KINDS,
        statuses=CONSULTATION_STATUSES,
        directorates=directorates,
    )
