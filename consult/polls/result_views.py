"""Results of a closed poll (page, CSV, XLSX, PDF) and the poster with its QR code."""

from __future__ import annotations

import datetime as dt

import segno
from flask import Response, current_app, render_template, url_for
from flask_babel import gettext as _
from markupsafe import escape

from consult.analytics.charts import bar_chart, svg_bars
from consult.analytics.lazy import lazy_module
from consult.core.reports import (
    PDF_CSS,
    file_response,
    frame_csv_bytes,
    frames_workbook_bytes,
    pdf_from_html,
)
from consult.core.services import log_export
from consult.extensions import db
from consult.i18n import current_locale, localize
from consult.polls import report, services
from consult.polls.views import _public_poll, bp

pd = lazy_module("pandas")  # imported at first use: see consult.analytics.lazy


def _closed_results(poll_id: int):
    poll = _public_poll(poll_id)
    if not services.is_closed(poll, dt.date.today()):
        return poll, None
    return poll, report.results(poll, current_app.config["ANONYMITY_MIN_GROUP"])


def _pending(poll, status: int = 404):
    return render_template("polls/results_pending.html", poll=poll), status


@bp.route("/polls/<int:poll_id>/results")
def results(poll_id: int):
    """Totals, winners and the reason for each project, once voting has ended."""
    poll, outcome = _closed_results(poll_id)
    if outcome is None:
        return _pending(poll, 200)
    chart = bar_chart(
        [localize(row.project.title).text for row in outcome.rows],
        [row.support for row in outcome.rows],
        _("Support for each project"),
        _("Points") if outcome.unit_is_points else _("Votes"),
    )
    return render_template(
        "polls/results.html", poll=poll, results=outcome, rule_name=report.rule_name, chart=chart
    )


def _table(outcome: report.Results) -> list[list]:
    """The results as rows: header first, one project each."""
    header = [
        _("Code"),
        _("Project"),
        _("Cost"),
        _("Votes"),
        _("Support"),
        _("Online"),
        _("On paper"),
        _("Funded"),
        _("Why"),
    ] + [report.rule_name(r) for r in outcome.other_rules]
    rows = [header]
    for row in outcome.rows:
        rows.append(
            [
                row.project.code,
                localize(row.project.title).text,
                row.project.cost,
                row.votes,
                row.support,
                _shown(row.by_channel.get("online")),
                _shown(row.by_channel.get("paper")),
                _("yes") if row.selected else _("no"),
                row.sentence,
            ]
            + [_("yes") if row.selected_under[r] else _("no") for r in outcome.other_rules]
        )
    return rows


def _shown(value) -> int | str:
    return "" if value is None else value


def _download(body: bytes, mimetype: str, poll_id: int, extension: str) -> Response:
    """The results as a file, audit-logged (who, which poll, which format, when)."""
    name = f"poll-{poll_id}-results-{current_locale()}.{extension}"
    log_export(f"poll_results_{extension}", f"poll:{poll_id}")
    db.session.commit()
    return file_response(body, mimetype, name)


def _frame(outcome: report.Results) -> pd.DataFrame:
    header, *rows = _table(outcome)
    return pd.DataFrame(rows, columns=header)


def _breakdown_frames(outcome: report.Results) -> dict[str, pd.DataFrame]:
    """One sheet per breakdown, hidden cells left empty."""
    frames = {}
    for breakdown in outcome.breakdowns:
        projects = [row.project for row in outcome.rows]
        rows = [
            [escape(group).striptags(), size] + [breakdown.cells[group].get(p.id) for p in projects]
            for group, size in breakdown.groups
        ]
        columns = [breakdown.label, _("Ballots")] + [p.code for p in projects]
        frames[breakdown.label] = pd.DataFrame(rows, columns=columns)
    return frames


@bp.route("/polls/<int:poll_id>/results.csv")
def results_csv(poll_id: int):
    """The results table as CSV (UTF-8 with a byte-order mark, for spreadsheet programs)."""
    poll, outcome = _closed_results(poll_id)
    if outcome is None:
        return _pending(poll)
    return _download(frame_csv_bytes(_frame(outcome)), "text/csv", poll.id, "csv")


@bp.route("/polls/<int:poll_id>/results.xlsx")
def results_xlsx(poll_id: int):
    """The results table and the breakdowns as an Excel workbook."""
    poll, outcome = _closed_results(poll_id)
    if outcome is None:
        return _pending(poll)
    sheets = {_("Results"): _frame(outcome), **_breakdown_frames(outcome)}
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(frames_workbook_bytes(sheets), mimetype, poll.id, "xlsx")


def _pdf(html: str, stylesheets: tuple[str, ...] = ()) -> bytes:
    return pdf_from_html(
        html, url_for("public.home", _external=True), cache=True, stylesheets=stylesheets
    )


@bp.route("/polls/<int:poll_id>/results.pdf")
def results_pdf(poll_id: int):
    """The results page as PDF."""
    poll, outcome = _closed_results(poll_id)
    if outcome is None:
        return _pending(poll)
    bars = svg_bars(
        [localize(row.project.title).text for row in outcome.rows],
        [row.support for row in outcome.rows],
    )
    html = render_template(
        "polls/results_print.html",
        poll=poll,
        results=outcome,
        rule_name=report.rule_name,
        bars=bars,
    )
    return _download(_pdf(html, (PDF_CSS,)), "application/pdf", poll.id, "pdf")


@bp.route("/polls/<int:poll_id>/poster.pdf")
def poster(poll_id: int):
    """A poster with a QR code to the poll, for the information boards of local communities."""
    poll = _public_poll(poll_id)
    link = url_for("polls.poll", poll_id=poll.id, lang=current_locale(), _external=True)
    qr = segno.make(link, error="m").svg_data_uri(scale=8, border=2)
    html = render_template("polls/poster.html", poll=poll, link=link, qr=qr)
    name = f"poll-{poll.id}-poster-{current_locale()}.pdf"
    return file_response(_pdf(html), "application/pdf", name, inline=True)
