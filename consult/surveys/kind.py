"""The survey as a kind of consultation (`consult.core.kinds`): a questionnaire, anonymous
answers, small groups never shown."""

from consult.core.kinds import ConsultationKind, KindDemo, OpenData
from consult.core.labels import KIND_LABELS
from consult.i18n import lazy_text as _l
from consult.surveys import chair_hooks, demo, open_data, reminders, services
from consult.surveys.revisions import SURVEY_PAGES

SURVEY = ConsultationKind(
    code="survey",
    label=KIND_LABELS["survey"],
    invitation=_l("Answer the survey: it takes a few minutes."),
    public_template="kinds/survey.html",
    public_panel=services.survey_of,
    public_kept=True,
    page_watch=SURVEY_PAGES,
    manage_template="kinds/manage_survey.html",
    manage_panel=services.survey_of,
    substance_checks=(services.missing_questions,),
    #: a survey that closes loses its reminder list (the dates' close: `register_kinds`)
    after_step=reminders.after_step,
    send_queued=services.send_queued_invitations,
    findings=chair_hooks.standards_findings,
    results=chair_hooks.published_results,
    took_part=chair_hooks.respondents,
    participation_rates=chair_hooks.staff_response_rates,
    open_data=OpenData(
        has_results=open_data.has_results,
        results=open_data.results,
        results_rows=open_data.results_rows,
    ),
    demo=KindDemo(current=demo.CONSULTATION, load=demo.load_for_seed, order=30),
)
