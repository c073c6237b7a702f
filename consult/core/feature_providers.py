"""How a feature hands its providers to the registries of `consult.core.providers`: once each,
however often the feature's module is imported (several apps in tests import it again)."""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping

from consult.core import providers


def report_link(
    consultation_id: int, label: str, endpoint: str, submitted_on: dt.date | None
) -> providers.ReportLink:
    """Where a consultation's report is read: `url_for(endpoint, consultation_id=…)`."""
    return providers.ReportLink(
        consultation_id=consultation_id,
        label=label,
        endpoint=endpoint,
        values={"consultation_id": consultation_id},
        submitted_on=submitted_on,
    )


def _add(registry: list, provider: Callable) -> None:
    if provider not in registry:
        registry.append(provider)


def register_feature(
    findings: providers.FindingProvider,
    published_reports: Callable[[list[int]], dict],
    participation_labels: Mapping[str, str],
    participation_count: Callable[[list[int]], dict[int, dict[str, int]]],
) -> None:
    """Add a feature's findings, published reports and participation measures to the chair's
    registries, each once."""
    _add(providers.FINDING_PROVIDERS, findings)
    _add(providers.REPORT_PROVIDERS, published_reports)
    if not any(s.count is participation_count for s in providers.PARTICIPATION_PROVIDERS):
        providers.PARTICIPATION_PROVIDERS.append(
            providers.ParticipationSource(labels=participation_labels, count=participation_count)
        )


def register_findings(findings: providers.FindingProvider) -> None:
    """Add a feature's minimum-standards findings to the chair's registry, once (for a feature
    whose reports the chair does not review)."""
    _add(providers.FINDING_PROVIDERS, findings)


def register_took_part(
    took_part: Callable[[], list[providers.TookPart]],
    outcomes: Callable[[int], Counter] | None = None,
) -> None:
    """Add a feature's count of the people who took part (and, for features whose comments
    get answers, their outcomes per year) to the chair's registries, each once."""
    _add(providers.TOOK_PART_PROVIDERS, took_part)
    if outcomes is not None:
        _add(providers.OUTCOME_PROVIDERS, outcomes)


def register_results(results: Callable[[list[int], dt.date], dict]) -> None:
    """Add where the public reads a feature's results (`consult.core.providers.RESULT_PROVIDERS`),
    once."""
    _add(providers.RESULT_PROVIDERS, results)
