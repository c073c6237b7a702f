"""The kinds of consultation, registered on the app: everything the shared parts ask of a kind.

A kind (a draft act, a budget hearing, a capital-projects poll, a survey) is one
`ConsultationKind`, defined in its feature package's `kind.py` and registered on the app in
`create_app` (`consult.register_kinds`). The shared parts never name a kind: the consultation
pages show `kind_panel(consultation)`, the lifecycle asks the consultation's kind what is still
unanswered or missing, the chair and the open-data API go through `registered_kinds()`.

Adding a kind means a new feature package with its `kind.py`, one line in
`consult.register_kinds`, and a migration that adds its code to `CONSULTATION_KINDS` (the
database refuses a consultation of an unknown kind). `tests/core/test_kinds.py` shows a tiny
kind defined in the test.

Every hook is optional: a kind leaves out what it does not have (a poll has no comments to
answer, so no `unanswered`). Hooks are plain functions over the database: no `request`, no
commit (the request that calls them commits). Each is called only for consultations of its own
kind, so a hook never has to check `consultation.kind`.

Besides the kinds, two shared services take part in every kind's lifecycle through the same
registry: the annual plan answers MS-PLAN (`plan_lookup`), and e-mail notices follow each step
(`step_listeners`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:  # the kinds are read by every core module: no core import at run time
    from consult.core.answers import AnswerGap
    from consult.core.funded import FundedProject
    from consult.core.models import Consultation
    from consult.core.providers import (
        FindingProvider,
        ParticipationRate,
        ParticipationSource,
        PlannedMeeting,
        ReportLink,
        TookPart,
    )
    from consult.core.revisions import Watch
    from consult.core.standards import Finding

#: where the registry lives on the app (`app.extensions[EXTENSION]`)
EXTENSION = "consult.kinds"


@dataclass(frozen=True)
class OpenData:
    """What a kind publishes through the open-data API (`consult.api`): its report or its
    aggregate results as JSON, and the same as CSV rows (heading first)."""

    #: whether a report is published, cheaply (no report is built)
    has_report: Callable[[Consultation], bool] | None = None
    #: (consultation, today, standards) -> the published report as JSON, or None
    report: Callable[[Consultation, dt.date, dict], dict | None] | None = None
    #: the report's comments as CSV rows
    report_rows: Callable[[dict], list[list]] | None = None
    #: (consultation, today) -> whether aggregate results are published
    has_results: Callable[[Consultation, dt.date], bool] | None = None
    #: (consultation, today, smallest group shown) -> the results as JSON, or None
    results: Callable[[Consultation, dt.date, int], dict | None] | None = None
    #: the results as CSV rows
    results_rows: Callable[[dict], list[list]] | None = None


@dataclass
class DemoContext:
    """What the demo loader (`consult.demo.seed`) hands each kind's demo: the municipality
    loaded so far, a way to add a consultation dated like every demo consultation, the guide
    the newcomer is shown, and what kinds loaded earlier leave for later ones."""

    today: dt.date
    #: directorates by code
    directorates: dict
    #: the local communities, in the order they were loaded
    communities: list
    #: each kind's consultation of this year, by kind code (created before any demo loads)
    current: dict[str, Consultation]
    #: each kind's other up-front consultations (`KindDemo.up_front`), by kind code
    up_front: dict[str, list[Consultation]]
    #: a demo consultation (a dict as in `<kind>/demo_data/`) -> the dated Consultation row
    add_consultation: Callable[[dict], Consultation]
    #: a demo consultation -> its days (notice, opens, closes, and those it names)
    dates: Callable[[dict], dict[str, dt.date]]
    #: the chair's account id (reviews of last year's reports)
    chair_id: int | None
    #: what the newcomer is shown (`consult.demo.guide.DemoGuide`); a kind fills its part
    guide: object
    #: values a kind leaves for a later one, e.g. the hearing's budget year for the poll
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class KindDemo:
    """A kind's part of the Istog demo (`flask seed-demo`)."""

    #: this year's consultation (a dict as in `<kind>/demo_data/`)
    current: dict
    #: (context) -> None: loads everything else of the kind's demo
    load: Callable[[DemoContext], None]
    #: other consultations created up front, after every kind's current one
    up_front: tuple[dict, ...] = ()
    #: kinds load in this order (a kind that reads a value another leaves in
    #: `DemoContext.values` loads after it)
    order: int = 0


@dataclass(frozen=True)
class ConsultationKind:
    """One kind of consultation and what the shared parts of the app ask of it."""

    #: the kind's code, as `Consultation.kind` stores it
    code: str
    #: its name, translated (a lazy string)
    label: str
    #: what the kind's poster on a notice board asks people to do (a lazy string)
    invitation: str = ""

    # --- the consultation pages -----------------------------------------------------------
    #: the template included in the public consultation page, and what it shows:
    #: `public_panel(consultation, **extra) -> dict`, read in the template as `panel`
    public_template: str | None = None
    public_panel: Callable[..., object] | None = None
    #: whether `public_template` shows only what every reader sees in a language on a day (no
    #: form, nothing of the reader's): each worker then keeps it rendered until the
    #: consultation's page revision changes (consult/public/announcement.py)
    public_kept: bool = False
    #: what renews that revision for the kind's part besides the consultation and its
    #: documents: the rows its page keeps (a `Watch` of `Consultation.page_revision`,
    #: registered with the kind; consult/core/page_revisions.py)
    page_watch: Watch | None = None
    #: the same for the officer's page of the consultation
    manage_template: str | None = None
    manage_panel: Callable[[Consultation], object] | None = None

    # --- the lifecycle (`consult.core.lifecycle`) -----------------------------------------
    #: comments or proposals still without an answer (MS-ANSWER blocks the report)
    unanswered: Callable[[Consultation], int] | None = None
    #: answers still lacking a language they must carry (LANG-ANSWER blocks the report)
    answer_gaps: Callable[[Consultation], list[AnswerGap]] | None = None
    #: called after each step, e.g. to publish a report or queue e-mail
    after_step: Callable[[Consultation, str], None] | None = None
    #: what must be there before the announcement; a "block" finding refuses it
    substance_checks: tuple[Callable[[Consultation, dict], list[Finding]], ...] = ()
    #: the kind's own mail queue, sent by the mail worker (`flask mail send`) after the
    #: outbox: (limit) -> (sent, failed); for mail that may not be stored as written
    send_queued: Callable[[int], tuple[int, int]] | None = None

    # --- the chair (`consult.chair`) -------------------------------------------------------
    #: the minimum-standards findings of the kind's consultations
    findings: FindingProvider | None = None
    #: participation measures for the dashboard's columns
    participation: ParticipationSource | None = None
    #: consultation ids -> where each published report is read
    reports: Callable[[list[int]], dict[int, ReportLink]] | None = None
    #: where the public reads what a consultation without a written report produced
    results: Callable[[list[int], dt.date], dict[int, ReportLink]] | None = None
    #: who took part in the kind's published consultations (before suppression)
    took_part: Callable[[], Iterable[TookPart]] | None = None
    #: per year, the share of a known population that took part (all groups together)
    participation_rates: Callable[[], Iterable[ParticipationRate]] | None = None
    #: year -> Counter[(kind, outcome or None)] of the answered comments
    outcomes: Callable[[int], Counter] | None = None

    # --- the calendar of public meetings (`consult.meetings`) -------------------------------
    #: (first day, last day or None) -> the kind's planned public meetings in those days,
    #: public before they are held (a budget hearing's plan); see `PlannedMeeting`
    planned_meetings: Callable[[dt.date, dt.date | None], list[PlannedMeeting]] | None = None

    # --- the register of capital investments (`consult.investments`) -----------------------
    #: (consultation, today) -> the projects it funded, each recorded once in the public
    #: register (a closed poll's funded projects, a hearing's accepted proposals); None while
    #: it has not decided yet; see `consult.core.funded.FundedProject`
    funded_projects: Callable[[Consultation, dt.date], list[FundedProject] | None] | None = None

    # --- open data (`consult.api`) ---------------------------------------------------------
    open_data: OpenData = field(default_factory=OpenData)

    # --- the demo (`consult.demo.seed`) --------------------------------------------------------
    demo: KindDemo | None = None


@dataclass
class KindRegistry:
    """The kinds registered on one app, in the order they were registered, and the shared
    services that take part in every kind's lifecycle."""

    kinds: dict[str, ConsultationKind] = field(default_factory=dict)
    #: (consultation, to_status) -> None, after every step of every kind
    step_listeners: list[Callable[[Consultation, str], None]] = field(default_factory=list)
    #: consultation -> whether it is in its year's annual plan (None: no plan says)
    plan_lookup: Callable[[Consultation], bool | None] | None = None


def registry(app: Flask | None = None) -> KindRegistry:
    """The registry of `app` (the current app unless given), created on first use."""
    app = app or current_app
    return app.extensions.setdefault(EXTENSION, KindRegistry())


def register_kind(app: Flask, kind: ConsultationKind) -> None:
    """Register `kind` on `app`, and renew its pages' revisions from now on (its
    `page_watch`); a code registered twice is a programming error."""
    kinds = registry(app).kinds
    if kind.code in kinds:
        raise ValueError(f"The consultation kind {kind.code!r} is registered already.")
    kinds[kind.code] = kind
    if kind.page_watch is not None:
        from consult.core.revisions import watch  # the hooks: no core import at load time

        watch(kind.page_watch)


def registered_kinds() -> list[ConsultationKind]:
    """Every kind registered on the current app."""
    return list(registry().kinds.values())


def kind_labels() -> dict[str, str]:
    """{code: name} of every registered kind, in the order they were registered: what the
    pages, filters and forms offer."""
    return {kind.code: kind.label for kind in registered_kinds()}


def kind_named(code: str) -> ConsultationKind | None:
    """The registered kind whose code is `code` (None for a kind this app does not serve)."""
    return registry().kinds.get(code)


def kind_of(consultation: Consultation) -> ConsultationKind | None:
    """The registered kind of `consultation` (None for a kind this app does not serve)."""
    return kind_named(consultation.kind)


def kind_hook(consultation: Consultation, name: str) -> Callable | None:
    """The hook `name` of the consultation's kind (None: no such kind, or a kind without it)."""
    kind = kind_of(consultation)
    return getattr(kind, name) if kind is not None else None


def kind_panel(consultation: Consultation, **extra) -> object:
    """What the public page of `consultation` shows of its kind (None if nothing)."""
    panel = kind_hook(consultation, "public_panel")
    return panel(consultation, **extra) if panel is not None else None


def kind_manage_panel(consultation: Consultation) -> object:
    """What the officer's page of `consultation` shows of its kind (None if nothing)."""
    panel = kind_hook(consultation, "manage_panel")
    return panel(consultation) if panel is not None else None


def hooks(name: str) -> list[tuple[ConsultationKind, Callable]]:
    """(kind, hook) for every registered kind that has the hook `name`."""
    return [
        (kind, getattr(kind, name))
        for kind in registered_kinds()
        if getattr(kind, name) is not None
    ]


def demo_kinds() -> list[ConsultationKind]:
    """The registered kinds with a demo, in the order their demos load."""
    with_demo = [kind for kind in registered_kinds() if kind.demo is not None]
    return sorted(with_demo, key=lambda kind: kind.demo.order)


def of_kind(consultations: Iterable[Consultation], kind: ConsultationKind) -> list[Consultation]:
    """The consultations of `kind` among `consultations`."""
    return [c for c in consultations if c.kind == kind.code]
