"""Response rates for the chair: per year, the share of a known population that took part, as
each kind reports it (`participation_rates`: the staff survey's responses against the staff the
directorates counted that year), with a chart of the same numbers.

Every figure is a total over all directorates of a year (the responses of a closed staff
survey are printed on its report already), never a breakdown, so nothing here needs
suppression; the per-directorate rates are on the survey's own report, small groups hidden.
"""

from __future__ import annotations

from flask_babel import gettext as _

from consult.analytics.frames import Table
from consult.chair.trends import Section, bars
from consult.core.kinds import hooks
from consult.core.providers import ParticipationRate


def participation_rates() -> list[ParticipationRate]:
    """Every kind's rates, newest year first."""
    found = [rate for _kind, provider in hooks("participation_rates") for rate in provider()]
    return sorted(found, key=lambda rate: (-rate.year, str(rate.label)))


def rates_section(found: list[ParticipationRate] | None = None) -> Section:
    """The table of rates by year, and a chart of the years whose rate is known."""
    found = participation_rates() if found is None else found
    caption = _("Response rate by year")
    not_entered = _("not entered")
    columns = [
        _("Year"),
        _("Consultation"),
        _("Surveys"),
        _("Responses"),
        _("Staff"),
        _("Response rate (%)"),
    ]
    rows = [
        [
            str(rate.year),
            str(rate.label),
            rate.consultations,
            rate.people,
            rate.population if rate.population is not None else not_entered,
            rate.rate if rate.rate is not None else not_entered,
        ]
        for rate in found
    ]
    table = Table(caption, columns, rows)
    known = [rate for rate in reversed(found) if rate.rate is not None]
    if not known:
        return Section(table, None)
    labels = sorted({str(rate.label) for rate in known})
    years = sorted({rate.year for rate in known}, reverse=True)
    series = {
        label: [
            next((r.rate for r in known if r.year == year and str(r.label) == label), None)
            for year in years
        ]
        for label in labels
    }
    return Section(table, bars([str(y) for y in years], series, caption, _("Response rate (%)")))
