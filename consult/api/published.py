"""Open data of published reports and aggregate results, as JSON-ready dicts and CSV rows.

What a kind publishes is its own (`ConsultationKind.open_data`, built in the kind's
`open_data.py`): a draft act's final report, a budget hearing's report, a poll's results once
voting has ended, a survey's aggregate results once its report is published. This module asks
the consultation's registered kind and never names one.
"""

from __future__ import annotations

import datetime as dt

from consult.core.kinds import OpenData, kind_named
from consult.core.models import Consultation
from consult.core.open_data import min_group

__all__ = [
    "has_report",
    "has_results",
    "min_group",
    "published_report",
    "published_results",
    "report_rows",
    "results_rows",
]


def _open_data(of: str | Consultation) -> OpenData:
    """What the kind of `of` (a consultation, or a kind's code) publishes."""
    kind = kind_named(of if isinstance(of, str) else of.kind)
    return kind.open_data if kind is not None else OpenData()


def published_report(consultation: Consultation, today: dt.date, standards: dict) -> dict | None:
    """The published report of `consultation`, or None (none published, or a kind without
    reports)."""
    build = _open_data(consultation).report
    return build(consultation, today, standards) if build is not None else None


def report_rows(report: dict) -> list[list]:
    """The comments of a published report as CSV rows, heading first."""
    return _open_data(report["kind"]).report_rows(report)


def published_results(consultation: Consultation, today: dt.date, k: int) -> dict | None:
    """The published aggregate results of `consultation`, or None."""
    build = _open_data(consultation).results
    return build(consultation, today, k) if build is not None else None


def results_rows(results: dict) -> list[list]:
    """Aggregate results as CSV rows, heading first; a hidden figure is an empty cell."""
    return _open_data(results["kind"]).results_rows(results)


def has_report(consultation: Consultation) -> bool:
    """Whether `consultation` has a published report."""
    check = _open_data(consultation).has_report
    return check is not None and check(consultation)


def has_results(consultation: Consultation, today: dt.date) -> bool:
    """Whether `consultation` has published aggregate results."""
    check = _open_data(consultation).has_results
    return check is not None and check(consultation, today)
