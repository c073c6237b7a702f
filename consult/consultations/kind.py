"""The draft act as a kind of consultation (`consult.core.kinds`): comments article by article,
an official answer to each, the final report reviewed by the chair."""

from consult.consultations import chair_hooks, demo, open_data, services, views
from consult.consultations.revisions import DRAFT_ACT_PAGES
from consult.core.kinds import ConsultationKind, KindDemo, OpenData
from consult.core.labels import KIND_LABELS
from consult.core.providers import ParticipationSource
from consult.i18n import lazy_text as _l

DRAFT_ACT = ConsultationKind(
    code="draft_act",
    label=KIND_LABELS["draft_act"],
    invitation=_l("Read the draft act and tell the municipality what you think of it."),
    public_template="kinds/draft_act.html",
    public_panel=views.public_panel,
    page_watch=DRAFT_ACT_PAGES,
    manage_template="kinds/manage_draft_act.html",
    manage_panel=views.manage_panel,
    unanswered=services.unanswered_count,
    answer_gaps=services.answer_gaps,
    after_step=services.after_step,
    substance_checks=(services.missing_text,),
    findings=chair_hooks.standards_findings,
    participation=ParticipationSource(
        labels={"comments": _l("Comments")}, count=chair_hooks.comment_counts
    ),
    reports=chair_hooks.published_reports,
    took_part=chair_hooks.commenters,
    outcomes=chair_hooks.comment_outcomes,
    open_data=OpenData(
        has_report=open_data.has_report,
        report=open_data.report,
        report_rows=open_data.report_rows,
    ),
    demo=KindDemo(
        current=demo.CONSULTATION,
        load=demo.load_for_seed,
        up_front=(demo.PAST_CONSULTATION,),
        order=10,
    ),
)
