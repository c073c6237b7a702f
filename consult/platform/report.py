"""The national view as tables and charts: one row per municipality, in the reader's language
(the same tables for platform admins and the public page; hidden groups show as a dash)."""

from __future__ import annotations

from flask_babel import gettext as _

from consult.analytics.charts import Chart, bar_chart
from consult.analytics.frames import Table
from consult.core.kinds import kind_labels
from consult.core.labels import STATUS_LABELS
from consult.core.models import CONSULTATION_STATUSES
from consult.i18n import localize
from consult.platform.services import MunicipalityFigures, NationalView


def _name(line: MunicipalityFigures) -> str:
    return localize(line.names).text or line.municipality.slug


def kinds_table(view: NationalView) -> Table:
    """Published consultations of the year by kind, per municipality."""
    kinds = kind_labels()
    rows = []
    for line in view.lines:
        held = {item.kind: item.consultations for item in line.report.kinds}
        rows.append(
            [_name(line), *(held.get(kind, 0) for kind in kinds), line.report.total.consultations]
        )
    columns = [_("Municipality"), *(str(label) for label in kinds.values()), _("All kinds")]
    return Table(_("Consultations of %(year)s by kind", year=view.year), columns, rows)


def statuses_table(view: NationalView, with_drafts: bool) -> Table:
    """Consultations by their status today, per municipality (drafts only for platform
    admins)."""
    statuses = [s for s in CONSULTATION_STATUSES if with_drafts or s != "draft"]
    rows = [[_name(line), *(line.statuses.get(s, 0) for s in statuses)] for line in view.lines]
    columns = [_("Municipality"), *(str(STATUS_LABELS[s]) for s in statuses)]
    return Table(_("Consultations by status today"), columns, rows)


def participation_table(view: NationalView) -> Table:
    """Comments received, people at meetings and participants by kind of consultation (small
    groups hidden), per municipality."""
    kinds = kind_labels()
    rows = []
    for line in view.lines:
        total = line.report.total
        rows.append(
            [
                _name(line),
                total.comments,
                total.attendance,
                *(line.participants.get(kind) for kind in kinds),
            ]
        )
    columns = [
        _("Municipality"),
        _("Comments received"),
        _("People at meetings"),
        *(_("Participants: %(kind)s", kind=label) for label in kinds.values()),
    ]
    return Table(_("Participation in %(year)s", year=view.year), columns, rows)


def compliance_table(view: NationalView) -> Table:
    """Consultations checked against the minimum standards, those meeting every one, and the
    share, per municipality."""
    rows = []
    for line in view.lines:
        rate = line.report.compliance_rate
        rows.append(
            [
                _name(line),
                line.report.total.checked,
                line.report.total.compliant,
                f"{rate} %" if rate is not None else _("No consultation checked"),
            ]
        )
    columns = [
        _("Municipality"),
        _("Checked against the standards"),
        _("Meeting every standard"),
        _("Compliance rate"),
    ]
    return Table(_("Minimum standards in %(year)s", year=view.year), columns, rows)


def national_tables(view: NationalView, with_drafts: bool) -> dict[str, Table]:
    return {
        "kinds": kinds_table(view),
        "statuses": statuses_table(view, with_drafts),
        "participation": participation_table(view),
        "compliance": compliance_table(view),
    }


def consultations_chart(view: NationalView) -> Chart | None:
    """Bars of the consultations held per municipality (the kinds table beside it)."""
    if not any(line.report.total.consultations for line in view.lines):
        return None
    return bar_chart(
        [_name(line) for line in view.lines],
        [line.report.total.consultations for line in view.lines],
        _("Consultations of %(year)s by kind", year=view.year),
        _("Consultations"),
    )


def compliance_chart(view: NationalView) -> Chart | None:
    """Bars of the compliance rate per municipality (municipalities with nothing checked are
    left out; the table beside it says so)."""
    if all(line.report.compliance_rate is None for line in view.lines):
        return None
    return bar_chart(
        [_name(line) for line in view.lines],
        [line.report.compliance_rate for line in view.lines],
        _("Minimum standards in %(year)s", year=view.year),
        _("Compliance rate (%)"),
    )
