"""The budget hearing as a kind of consultation (`consult.core.kinds`): the draft budget to
explore and comment on, hearings across local communities, proposals, the hearing report."""

from consult.core.kinds import ConsultationKind, KindDemo, OpenData
from consult.core.labels import KIND_LABELS
from consult.core.providers import ParticipationSource
from consult.hearings import (
    chair_hooks,
    demo,
    investments,
    open_data,
    participation,
    report,
    services,
    views,
)
from consult.hearings.revisions import HEARING_PAGES
from consult.i18n import lazy_text as _l

BUDGET_HEARING = ConsultationKind(
    code="budget_hearing",
    label=KIND_LABELS["budget_hearing"],
    invitation=_l("Explore the draft budget, comment on it and propose investments."),
    public_template="kinds/budget_hearing.html",
    public_panel=views.public_panel,
    public_kept=True,
    page_watch=HEARING_PAGES,
    manage_template="kinds/manage_budget_hearing.html",
    manage_panel=views.manage_panel,
    unanswered=report.unanswered_in_hearing,
    answer_gaps=report.answer_gaps_in_hearing,
    after_step=report.after_step,
    substance_checks=(services.missing_draft_budget,),
    findings=chair_hooks.hearing_findings,
    participation=ParticipationSource(
        labels={
            "hearing_attendance": _l("People at hearings"),
            "budget_comments": _l("Budget comments"),
            "proposals": _l("Proposals"),
        },
        count=chair_hooks.participation_counts,
    ),
    reports=chair_hooks.published_reports,
    took_part=chair_hooks.contributors,
    outcomes=chair_hooks.comment_outcomes,
    planned_meetings=participation.planned_meetings,
    funded_projects=investments.funded_projects,
    open_data=OpenData(
        has_report=open_data.has_report,
        report=open_data.report,
        report_rows=open_data.report_rows,
    ),
    demo=KindDemo(current=demo.CONSULTATION, load=demo.load_for_seed, order=20),
)
