"""The capital-projects poll as a kind of consultation (`consult.core.kinds`): one verified
person, one secret vote; results by the poll's counting rule."""

from consult.core.kinds import ConsultationKind, KindDemo, OpenData
from consult.core.labels import KIND_LABELS
from consult.i18n import lazy_text as _l
from consult.polls import chair_hooks, demo, investments, open_data, services
from consult.polls.revisions import POLL_CONSULTATION_PAGES

CAPITAL_POLL = ConsultationKind(
    code="capital_poll",
    label=KIND_LABELS["capital_poll"],
    invitation=_l("Vote for the capital projects of your community."),
    public_template="kinds/capital_poll.html",
    public_panel=services.poll_for,
    public_kept=True,
    page_watch=POLL_CONSULTATION_PAGES,
    manage_template="kinds/manage_capital_poll.html",
    manage_panel=services.poll_for,
    substance_checks=(services.missing_projects,),
    findings=chair_hooks.standards_findings,
    results=chair_hooks.published_results,
    took_part=chair_hooks.voters,
    funded_projects=investments.funded_projects,
    open_data=OpenData(
        has_results=open_data.has_results,
        results=open_data.results,
        results_rows=open_data.results_rows,
    ),
    demo=KindDemo(current=demo.CONSULTATION, load=demo.load_for_seed, order=40),
)
