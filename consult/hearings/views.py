"""Routes of budget hearings (public pages; officer pages under /manage/hearings)."""

import datetime as dt
from functools import partial

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult import report_views
from consult.analytics.svg import compared_bars
from consult.auth.access import consultation_or_404, editable_or_403
from consult.auth.services import STAFF_ROLES, can_edit, role_required
from consult.comments.answering import save_answer
from consult.comments.forms import AnswerForm, HideForm, answer_form
from consult.comments.models import Comment
from consult.core.answers import missing_answer_languages, saved_answer_message
from consult.core.fields import content_choice
from consult.core.labels import BUDGET_CATEGORY_LABELS, HEARING_AUDIENCE_LABELS, OUTCOME_LABELS
from consult.core.models import Consultation, LocalCommunity
from consult.core.money import cents_to_money, percent_change
from consult.core.profiles import current_standards
from consult.core.rate_limits import public_post_limit
from consult.core.records import record_or_none
from consult.core.reports import Sheet, csv_bytes, stored_file_response, workbook_bytes
from consult.core.standards import Finding
from consult.core.upload_limits import import_deadline
from consult.extensions import db, limiter
from consult.form_views import save_form as save_any_form
from consult.hearings import bp, participation, services
from consult.hearings import report as hearing_report
from consult.hearings.forms import (
    BudgetCommentForm,
    BudgetImportForm,
    ChangeForm,
    ChangeReasonForm,
    CycleForm,
    DeleteForm,
    ForwardForm,
    HoldForm,
    InvitationForm,
    PlannedHearingForm,
    ProgrammeNameForm,
    ProposalForm,
)
from consult.hearings.models import (
    BudgetChange,
    BudgetLine,
    CapitalProposal,
    HearingCycle,
    PlannedHearing,
)
from consult.i18n import lazy_text as _l
from consult.i18n import localize
from consult.polls.models import Poll
from consult.report_views import MEDIA_TYPES, download, may_preview_report

#: `consult.form_views.save_form` with a hearing's refusal
save_form = partial(save_any_form, refused=services.HearingRefused)


_MIME = {**MEDIA_TYPES, "jpeg": "image/jpeg", "png": "image/png"}


def _today() -> dt.date:
    return dt.date.today()


def _config(name: str, default):
    return current_app.config.get(name, default)


def _folder() -> str:
    return current_app.config["UPLOAD_FOLDER"]


def _hearing(consultation_id: int, public: bool = True) -> Consultation:
    return consultation_or_404(consultation_id, "budget_hearing", public)


def _editable(consultation_id: int) -> Consultation:
    return editable_or_403(consultation_id, "budget_hearing")


def _cycle_or_404(consultation: Consultation) -> HearingCycle:
    cycle = services.cycle_of(consultation)
    if cycle is None:
        abort(404)
    return cycle


def _manage_url(consultation: Consultation) -> str:
    return url_for("hearings.manage", consultation_id=consultation.id)


def public_panel(consultation: Consultation) -> dict:
    """What the public budget-hearing page shows: calendar, plan, draft, proposals."""
    cycle = services.cycle_of(consultation)
    if cycle is None:
        return {"cycle": None}
    return {
        "cycle": cycle,
        "milestones": services.milestones(cycle),
        "hearings": cycle.hearings,
        "total": services.grand_total(cycle),
        "has_lines": bool(cycle.lines),
        "proposals": services.answered_proposals(cycle),
        "accepts_proposals": services.accepts_proposals(consultation, _today()),
        "report_published": hearing_report.publication_of(cycle) is not None,
    }


def manage_panel(consultation: Consultation) -> dict:
    """What the management page shows: the cycle's findings and counts."""
    cycle = services.cycle_of(consultation)
    if cycle is None:
        return {"cycle": None}
    return {
        "cycle": cycle,
        "findings": _findings(cycle),
        "unanswered": sum(1 for p in cycle.proposals if p.outcome is None),
        "unanswered_comments": sum(
            1 for c in participation.comments_of(cycle) if c.outcome is None
        ),
        "held": len(participation.held_meetings(cycle)),
    }


def _findings(cycle: HearingCycle) -> list[Finding]:
    standards = current_standards()
    return services.findings(
        cycle,
        _today(),
        warning_days=_config("HEARING_WARNING_DAYS", services.DEFAULT_WARNING_DAYS),
        notice_days=standards.get("MS_MEETING_NOTICE_DAYS", 7),
        meetings_per_year=standards.get("BH_MEETINGS_PER_YEAR", 2),
        standards=standards,
    )


@bp.app_context_processor
def _template_helpers() -> dict:
    return {
        "audience_labels": HEARING_AUDIENCE_LABELS,
        "budget_category_labels": BUDGET_CATEGORY_LABELS,
        "proposal_outcome_labels": OUTCOME_LABELS,
        "milestone_labels": services.MILESTONE_LABELS,
        "invitee_labels": participation.INVITEE_LABELS,
    }


@bp.app_template_filter("euros")
def _euros_filter(cents: int | None, signed: bool = False) -> str:
    return cents_to_money(cents, signed)


@bp.app_template_filter("percent_change")
def _percent_filter(value: float | None) -> str:
    return percent_change(value)


# ---------------------------------------------------------------- public: the budget explorer


@bp.route("/hearings/<int:consultation_id>/budget")
def budget(consultation_id: int):
    """The draft budget by directorate and category, with charts and tables."""
    consultation = _hearing(consultation_id)
    cycle = _cycle_or_404(consultation)
    by_directorate = services.totals_by_directorate(cycle)
    by_category = services.totals_by_category(cycle)
    return render_template(
        "hearings/budget.html",
        consultation=consultation,
        cycle=cycle,
        total=services.grand_total(cycle),
        by_directorate=by_directorate,
        by_category=[(t.key, t) for t in by_category],
        directorate_chart=compared_bars(
            [(d.name, t.current_cents, t.proposed_cents) for d, t in by_directorate],
            cents_to_money,
            links=[_directorate_url(consultation, d.id) for d, _t in by_directorate],
        ),
        category_chart=compared_bars(
            [
                (str(BUDGET_CATEGORY_LABELS[t.key]), t.current_cents, t.proposed_cents)
                for t in by_category
            ],
            cents_to_money,
        ),
        lines=services.lines_of(cycle),
        changes=services.changes_of(cycle),
        accepts_comments=services.accepts_proposals(consultation, _today()),
        answered_comments=[c for c in participation.comments_of(cycle) if c.outcome],
    )


def _directorate_url(consultation: Consultation, directorate_id: int) -> str:
    return url_for(
        "hearings.budget_directorate",
        consultation_id=consultation.id,
        directorate_id=directorate_id,
    )


@bp.route("/hearings/<int:consultation_id>/budget/directorates/<int:directorate_id>")
def budget_directorate(consultation_id: int, directorate_id: int):
    """One directorate's part of the draft: its programmes as bars and a table, then each
    programme's lines, every one with its amounts and "comment on this line" (the drill-down
    from the whole budget to a line, without script)."""
    consultation = _hearing(consultation_id)
    cycle = _cycle_or_404(consultation)
    programmes = services.programmes_of_directorate(cycle, directorate_id)
    if not programmes:
        abort(404)
    directorate = programmes[0].lines[0].directorate
    return render_template(
        "hearings/budget_directorate.html",
        consultation=consultation,
        cycle=cycle,
        directorate=directorate,
        programmes=programmes,
        total=services.Total(
            directorate.id,
            sum(p.total.current_cents for p in programmes),
            sum(p.total.proposed_cents for p in programmes),
        ),
        programme_chart=compared_bars(
            [
                (p.lines[0].programme_name, p.total.current_cents, p.total.proposed_cents)
                for p in programmes
            ],
            cents_to_money,
            links=[f"#programme-{number}" for number in range(1, len(programmes) + 1)],
        ),
        # (its number on the page, its sums) for the table beside the chart
        programme_rows=[(number, p.total) for number, p in enumerate(programmes, start=1)],
        accepts_comments=services.accepts_proposals(consultation, _today()),
    )


_BUDGET_HEADERS = (
    _l("Directorate code"),
    _l("Directorate"),
    _l("Programme"),
    _l("Category code"),
    _l("Economic category"),
    _l("Current year (€)"),
    _l("Proposed (€)"),
    _l("Change (€)"),
)


@bp.route("/hearings/<int:consultation_id>/budget.<any(csv, xlsx):file_type>")
def budget_download(consultation_id: int, file_type: str):
    """The draft budget's lines as CSV or XLSX."""
    consultation = _hearing(consultation_id)
    cycle = _cycle_or_404(consultation)
    headers = [str(header) for header in _BUDGET_HEADERS]
    rows = services.lines_table(
        cycle, lambda name: localize(name).text, lambda code: str(BUDGET_CATEGORY_LABELS[code])
    )
    if file_type == "csv":
        data = csv_bytes([headers, *rows])
    else:
        data = workbook_bytes([Sheet(_("Draft budget"), headers, rows)])
    return download(
        data,
        file_type,
        f"budget-{cycle.budget_year}.{file_type}",
        "budget",
        f"consultation:{consultation_id}",
    )


@bp.route("/hearings/<int:consultation_id>/budget/draft-file")
def draft_file(consultation_id: int):
    """The finance directorate's file as it was imported."""
    consultation = _hearing(consultation_id)
    cycle = _cycle_or_404(consultation)
    path = services.draft_file_path(cycle, _folder())
    if path is None:
        abort(404)
    return stored_file_response(
        path,
        _MIME[cycle.draft_file_type or "csv"],
        cycle.draft_original_name or f"draft.{cycle.draft_file_type}",
    )


# ---------------------------------------------------------------- public: proposals


def _community_choices() -> list[SelectChoice]:
    communities = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id))
    return [content_choice(c.id, c.name) for c in communities]


@bp.route("/hearings/<int:consultation_id>/proposals/new", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def new_proposal(consultation_id: int):
    """A citizen proposes a capital investment while the hearing is open."""
    consultation = _hearing(consultation_id)
    cycle = _cycle_or_404(consultation)
    if not services.accepts_proposals(consultation, _today()):
        return render_template(
            "hearings/proposal_form.html", consultation=consultation, form=None
        ), 403
    form = ProposalForm()
    form.local_community_id.choices = _community_choices()

    def propose() -> None:
        proposal = services.submit_proposal(
            cycle,
            form.title.data,
            form.local_community_id.data,
            form.estimated_cost.cents,
            form.description.data,
            form.proposer_name.data,
            form.proposer_email.data,
            language=form.language.data,
            photo=_checked_photo(form),
            folder=_folder(),
            notify=form.notify.data,
        )
        if proposal.notify_answer:
            services.queue_notice_confirmation(proposal)

    return save_form(
        form,
        propose,
        form.photo,
        lambda: (
            _(
                "Thank you. Your proposal is received; the municipality will answer it. "
                "Follow the link we sent to your e-mail to get the answer by e-mail."
            )
            if form.notify.data
            else _("Thank you. Your proposal is received; the municipality will answer it.")
        ),
        url_for("public.consultation", consultation_id=consultation.id),
        lambda: (
            render_template("hearings/proposal_form.html", consultation=consultation, form=form),
            400 if form.is_submitted() else 200,
        ),
    )


def _checked_photo(form: ProposalForm) -> tuple[bytes, str] | None:
    upload = form.photo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    max_bytes = _config("HEARING_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
    data = upload.read(max_bytes + 1)
    return services.check_photo(
        data,
        upload.filename,
        max_bytes,
        _config("HEARING_PHOTO_MAX_PIXELS", 40_000_000),
        import_deadline(),
    )


@bp.route("/hearings/proposals/notice/<token>")
def confirm_proposal_notice(token: str):
    """The link from the proposer's e-mail: the answer will be e-mailed. Following it again
    changes nothing; a forged link finds nothing."""
    try:
        proposal = services.confirm_proposal_notice(token)
    except services.NoticeLinkExpired as expired:
        db.session.rollback()
        return render_template(
            "errors/error.html",
            code=400,
            title=expired.message,
            message=_("The link in the e-mail is valid for seven days."),
        ), 400
    if proposal is None:
        abort(404)
    db.session.commit()
    flash(_("Thank you. We will e-mail you the answer to your proposal."), "success")
    return redirect(url_for("public.consultation", consultation_id=proposal.cycle.consultation_id))


@bp.route("/hearings/proposals/<int:proposal_id>/photo")
def proposal_photo(proposal_id: int):
    """The photo of an answered proposal (officers see every photo)."""
    proposal = record_or_none(CapitalProposal, proposal_id)
    if proposal is None:
        abort(404)
    consultation = proposal.cycle.consultation
    officer = current_user.is_authenticated and can_edit(current_user, consultation)
    if not officer and (not consultation.is_public or proposal.outcome is None):
        abort(404)
    path = services.photo_path(proposal, _folder())
    if path is None:
        abort(404)
    return stored_file_response(path, _MIME[proposal.photo_type or "jpeg"])


# ---------------------------------------------------------------- officer: cycle, plan, import


def _manage_page(consultation: Consultation, status: int = 200, **forms):
    cycle = services.cycle_of(consultation)
    cycle_form = forms.get("cycle_form") or CycleForm(formdata=None, obj=cycle)
    if cycle is None and cycle_form.budget_year.data is None:
        cycle_form.budget_year.data = (consultation.planned_year or _today().year) + 1
    plan_form = forms.get("plan_form") or PlannedHearingForm(formdata=None)
    plan_form.local_community_id.choices = [
        SelectChoice(0, _("Whole municipality")),
        *_community_choices(),
    ]
    found = _findings(cycle) if cycle else []
    return render_template(
        "hearings/manage.html",
        consultation=consultation,
        cycle=cycle,
        cycle_form=cycle_form,
        plan_form=plan_form,
        import_form=forms.get("import_form") or BudgetImportForm(formdata=None),
        import_problems=forms.get("import_problems", []),
        programme_forms=_programme_forms(cycle, forms.get("programme_form")) if cycle else [],
        delete_form=DeleteForm(formdata=None),
        review=report_views.review_panel(consultation),
        findings=found,
        answer_gaps=participation.answer_gaps(cycle) if cycle else [],
        flagged=services.flagged_hearing_ids(found),
        coverage=services.coverage(cycle) if cycle else None,
        held=participation.held_meetings(cycle) if cycle else {},
        total=services.grand_total(cycle) if cycle else None,
        calendar={
            key: f"{day:02d}.{month:02d}"
            for key, (month, day) in {
                **services.DEFAULT_CALENDAR,
                **_config("HEARING_CALENDAR", services.DEFAULT_CALENDAR),
            }.items()
        },
    ), status


@bp.route("/manage/hearings/<int:consultation_id>/")
@role_required(*STAFF_ROLES)
def manage(consultation_id: int):
    """The hearing cycle: calendar and findings, the plan and its coverage, the draft budget."""
    return _manage_page(_editable(consultation_id))


@bp.route("/manage/hearings/<int:consultation_id>/cycle", methods=["POST"])
@role_required(*STAFF_ROLES)
def save_cycle(consultation_id: int):
    """Start the cycle or change its milestones."""
    consultation = _editable(consultation_id)
    form = CycleForm()

    def save() -> None:
        cycle = services.cycle_of(consultation)
        calendar = _config("HEARING_CALENDAR", services.DEFAULT_CALENDAR)
        if cycle is None:
            services.create_cycle(
                consultation,
                form.budget_year.data,
                calendar,
                form.mtbf_due.data,
                form.circular2_due.data,
                form.approval_due.data,
            )
            return
        defaults = services.default_milestones(cycle.budget_year, calendar)
        services.update_milestones(
            cycle,
            form.mtbf_due.data or defaults["mtbf"],
            form.circular2_due.data or defaults["circular2"],
            form.approval_due.data or defaults["approval"],
        )

    return save_form(
        form,
        save,
        form.approval_due,
        _("The hearing cycle is saved."),
        _manage_url(consultation),
        lambda: _manage_page(consultation, 400, cycle_form=form),
    )


@bp.route("/manage/hearings/<int:consultation_id>/plan", methods=["POST"])
@role_required(*STAFF_ROLES)
def add_hearing(consultation_id: int):
    """Add a hearing to the plan."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    form = PlannedHearingForm()
    form.local_community_id.choices = [SelectChoice(0, ""), *_community_choices()]
    return save_form(
        form,
        lambda: services.plan_hearing(
            cycle,
            form.audience.data,
            form.planned_on.data,
            form.place.data,
            form.local_community_id.data or None,
            form.announced_on.data,
        ),
        form.place,
        _("The hearing is added to the plan."),
        _manage_url(consultation),
        lambda: _manage_page(consultation, 400, plan_form=form),
    )


@bp.route("/manage/hearings/<int:consultation_id>/plan/<int:hearing_id>/delete", methods=["POST"])
@role_required(*STAFF_ROLES)
def delete_hearing(consultation_id: int, hearing_id: int):
    """Take a hearing out of the plan."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    hearing = record_or_none(PlannedHearing, hearing_id)
    if hearing is None or hearing.cycle_id != cycle.id:
        abort(404)
    if DeleteForm().validate_on_submit():
        services.remove_hearing(hearing)
        db.session.commit()
        flash(_("The hearing is removed from the plan."), "success")
    return redirect(_manage_url(consultation))


@bp.route("/manage/hearings/<int:consultation_id>/budget", methods=["POST"])
@role_required(*STAFF_ROLES)
def import_budget(consultation_id: int):
    """Import the draft budget; a file with any problem changes nothing."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    form = BudgetImportForm()
    if form.validate_on_submit():
        max_bytes = current_app.config["UPLOAD_MAX_BYTES"]
        result = services.import_budget(
            cycle,
            form.file.data.read(max_bytes + 1),
            form.file.data.filename or "",
            _folder(),
            max_bytes,
            import_deadline(),
            actor_id=current_user.id,
        )
        if result.ok:
            db.session.commit()
            flash(
                ngettext(
                    "The draft budget is imported: %(count)s line.",
                    "The draft budget is imported: %(count)s lines.",
                    result.lines,
                    count=result.lines,
                ),
                "success",
            )
            return redirect(_manage_url(consultation))
        db.session.rollback()
        return _manage_page(consultation, 400, import_form=form, import_problems=result.problems)
    return _manage_page(consultation, 400, import_form=form)


def _programme_forms(cycle, refused: ProgrammeNameForm | None = None) -> list:
    """(programme, form) for each programme of the draft; a refused form is shown as sent."""
    pairs = []
    for programme, names in services.programmes_of(cycle):
        if refused is not None and refused.programme.data == programme:
            pairs.append((programme, refused))
            continue
        form = ProgrammeNameForm(formdata=None, prefix=f"p{len(pairs)}")
        form.programme.data = programme
        form.fill_texts("name", names)
        pairs.append((programme, form))
    return pairs


@bp.route("/manage/hearings/<int:consultation_id>/programmes", methods=["POST"])
@role_required(*STAFF_ROLES)
def name_programme(consultation_id: int):
    """Give a programme of the draft budget its name in every language."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    prefix = request.form.get("prefix", "")
    if not prefix.startswith("p") or not prefix[1:].isdigit():
        abort(400)
    form = ProgrammeNameForm(prefix=prefix)
    if form.validate_on_submit():
        if not services.name_programme(
            cycle,
            form.programme.data,
            form.texts("name", dict(services.programmes_of(cycle)).get(form.programme.data)),
            actor_id=current_user.id,
        ):
            abort(404)
        db.session.commit()
        flash(_("The programme's names are saved."), "success")
        return redirect(_manage_url(consultation) + "#programmes-heading")
    db.session.rollback()
    return _manage_page(consultation, 400, programme_form=form)


# ---------------------------------------------------------------- officer: proposals, changes


def _proposal_of(consultation: Consultation, proposal_id: int) -> CapitalProposal:
    cycle = _cycle_or_404(consultation)
    proposal = record_or_none(CapitalProposal, proposal_id)
    if proposal is None or proposal.cycle_id != cycle.id:
        abort(404)
    return proposal


def _proposals_page(consultation: Consultation, status: int = 200, forms: dict | None = None):
    cycle = _cycle_or_404(consultation)
    forms = forms or {}
    answer_forms, forward_forms = {}, {}
    polls = services.polls_taking_candidates(_today())
    for proposal in cycle.proposals:
        answer_forms[proposal.id] = forms.get(("answer", proposal.id)) or answer_form(
            f"p{proposal.id}", proposal.outcome, proposal.reason
        )
        forward_form = forms.get(("forward", proposal.id)) or ForwardForm(
            formdata=None, prefix=f"f{proposal.id}", note=proposal.forward_note
        )
        forward_form.poll_id.choices = _poll_choices(polls)
        forward_forms[proposal.id] = forward_form
    return render_template(
        "hearings/proposals.html",
        consultation=consultation,
        cycle=cycle,
        answer_forms=answer_forms,
        forward_forms=forward_forms,
        polls=polls,
    ), status


def _poll_choices(polls: list[Poll]) -> list[SelectChoice]:
    return [content_choice(poll.id, poll.consultation.title) for poll in polls]


@bp.route("/manage/hearings/<int:consultation_id>/proposals")
@role_required(*STAFF_ROLES)
def manage_proposals(consultation_id: int):
    """Every proposal with its answer form."""
    return _proposals_page(_editable(consultation_id))


@bp.route(
    "/manage/hearings/<int:consultation_id>/proposals/<int:proposal_id>/answer",
    methods=["POST"],
)
@role_required(*STAFF_ROLES)
def answer_proposal(consultation_id: int, proposal_id: int):
    """Answer a proposal with an outcome and a reason."""
    consultation = _editable(consultation_id)
    proposal = _proposal_of(consultation, proposal_id)
    form = AnswerForm(prefix=f"p{proposal.id}")
    return save_answer(
        form,
        lambda outcome, reason: services.answer_proposal(
            proposal, outcome, reason, current_user.id
        ),
        url_for("hearings.manage_proposals", consultation_id=consultation.id),
        lambda: _proposals_page(consultation, 400, {("answer", proposal.id): form}),
        services.HearingRefused,
        proposal.language,
        proposal.reason,
    )


@bp.route(
    "/manage/hearings/<int:consultation_id>/proposals/<int:proposal_id>/forward",
    methods=["POST"],
)
@role_required(*STAFF_ROLES)
def forward_proposal(consultation_id: int, proposal_id: int):
    """Put an accepted proposal on a capital-projects poll's ballot as a candidate project."""
    consultation = _editable(consultation_id)
    proposal = _proposal_of(consultation, proposal_id)
    form = ForwardForm(prefix=f"f{proposal.id}")
    poll = record_or_none(Poll, form.poll_id.data)

    def forward() -> None:
        if poll is None:
            raise services.HearingRefused(_("Choose a poll from the list."))
        services.forward_to_poll(proposal, poll, form.note.data or "", _today(), current_user.id)

    return save_form(
        form,
        forward,
        form.poll_id,
        lambda: _(
            "The proposal is now a candidate project in the poll “%(poll)s”.",
            poll=localize(poll.consultation.title).text,
        ),
        url_for("hearings.manage_proposals", consultation_id=consultation.id),
        lambda: _proposals_page(consultation, 400, {("forward", proposal.id): form}),
    )


def _change_form(cycle: HearingCycle, form: ChangeForm | None = None) -> ChangeForm:
    form = form or ChangeForm(formdata=None)
    form.line_id.choices = [
        _line_choice(
            line, str(BUDGET_CATEGORY_LABELS[line.category]), cents_to_money(line.proposed_cents)
        )
        for line in services.lines_of(cycle)
    ]
    form.proposal_id.choices = [
        SelectChoice(0, _("— none —")),
        *(SelectChoice(p.id, p.title) for p in cycle.proposals),
    ]
    return form


@bp.route("/manage/hearings/<int:consultation_id>/changes", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def changes(consultation_id: int):
    """Record a change to a line of the draft budget as a result of the hearings."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    form = _change_form(cycle, ChangeForm())

    def record() -> None:
        line = record_or_none(BudgetLine, form.line_id.data)
        proposal = record_or_none(CapitalProposal, form.proposal_id.data)
        if line is None or line.cycle_id != cycle.id:
            raise services.HearingRefused(_("Choose a budget line from the list."))
        if proposal is not None and proposal.cycle_id != cycle.id:
            raise services.HearingRefused(_("Choose a proposal from the list."))
        services.record_change(
            line, form.new_amount.cents, form.texts("reason"), current_user.id, proposal
        )

    return save_form(
        form,
        record,
        form.new_amount,
        _("The change is recorded."),
        url_for("hearings.changes", consultation_id=consultation.id),
        lambda: _changes_page(consultation, cycle, form, 400 if form.is_submitted() else 200),
    )


def _changes_page(
    consultation: Consultation,
    cycle: HearingCycle,
    form: ChangeForm,
    status: int = 200,
    reason_forms: dict | None = None,
):
    """The changes page; each change whose reason lacks a language gets a form to complete it."""
    changes = services.changes_of(cycle)
    incomplete = {
        change.id: (reason_forms or {}).get(change.id) or _reason_form(change)
        for change in changes
        if missing_answer_languages(change.reason)
    }
    return render_template(
        "hearings/changes.html",
        consultation=consultation,
        cycle=cycle,
        form=form,
        changes=changes,
        reason_forms=incomplete,
    ), status


def _reason_form(change: BudgetChange) -> ChangeReasonForm:
    form = ChangeReasonForm(formdata=None, prefix=f"r{change.id}")
    form.fill_texts("reason", change.reason)
    return form


@bp.route("/manage/hearings/<int:consultation_id>/changes/<int:change_id>/reason", methods=["POST"])
@role_required(*STAFF_ROLES)
def complete_change_reason(consultation_id: int, change_id: int):
    """Write a recorded change's reason in the languages it still lacks (LANG-ANSWER)."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    change = record_or_none(BudgetChange, change_id)
    if change is None or change.line.cycle_id != cycle.id:
        abort(404)
    form = ChangeReasonForm(prefix=f"r{change.id}")
    return save_form(
        form,
        lambda: services.complete_change_reason(change, form.texts("reason"), current_user.id),
        form.reason_sq,
        lambda: saved_answer_message(change.reason, None),
        url_for("hearings.changes", consultation_id=consultation.id),
        lambda: _changes_page(consultation, cycle, _change_form(cycle), 400, {change.id: form}),
    )


# ---------------------------------------------------------------- held hearings (core meetings)


def _standards() -> dict:
    return current_standards()


def _planned_of(consultation: Consultation, hearing_id: int) -> PlannedHearing:
    cycle = _cycle_or_404(consultation)
    hearing = record_or_none(PlannedHearing, hearing_id)
    if hearing is None or hearing.cycle_id != cycle.id:
        abort(404)
    return hearing


def _line_choices(cycle: HearingCycle) -> list[SelectChoice]:
    return [
        SelectChoice(0, _("The budget as a whole")),
        *(
            _line_choice(line, str(BUDGET_CATEGORY_LABELS[line.category]))
            for line in services.lines_of(cycle)
        ),
    ]


def _line_choice(line: BudgetLine, *details: str) -> SelectChoice:
    """A budget line as an option: its directorate and programme, named by people, then
    `details` (its category, its amount). An option holds no markup for the "shown in" marker,
    so it carries the language of the names when they are shown in another than the page's."""
    names = (localize(line.directorate.name), localize(line.programme_name))
    fallback = next((name for name in names if name.is_fallback), None)
    return SelectChoice(
        line.id,
        " · ".join((*(name.text for name in names), *details)),
        render_kw={"lang": fallback.html_lang} if fallback else {},
    )


def _invitation_form(form: InvitationForm | None = None) -> InvitationForm:
    form = form or InvitationForm(formdata=None)
    form.invitee_kind.choices = [
        SelectChoice(k, v) for k, v in participation.INVITEE_LABELS.items()
    ]
    return form


def _minutes_of(hearing: PlannedHearing) -> dict | None:
    """The minutes recorded when the hearing was held, if it was."""
    meeting = participation.meeting_of(hearing)
    return meeting.minutes if meeting is not None else None


def _meeting_page(consultation: Consultation, hearing: PlannedHearing, status=200, **forms):
    cycle = hearing.cycle
    meeting = participation.meeting_of(hearing)
    hold_form = forms.get("hold_form")
    if hold_form is None:
        hold_form = HoldForm(formdata=None)
        if meeting is not None:
            hold_form.fill_texts("minutes", meeting.minutes)
            for row in participation.attendance_of(meeting):
                for gender in ("women", "men", "other"):
                    getattr(hold_form, f"{gender}_{row.audience}").data = getattr(row, gender)
    comment_form = forms.get("comment_form") or BudgetCommentForm(formdata=None)
    comment_form.line_id.choices = _line_choices(cycle)
    return render_template(
        "hearings/meeting.html",
        consultation=consultation,
        cycle=cycle,
        hearing=hearing,
        meeting=meeting,
        hold_form=hold_form,
        invitation_form=_invitation_form(forms.get("invitation_form")),
        comment_form=comment_form,
        attendance=participation.attendance_of(meeting) if meeting else [],
        invitations=participation.invitations_of(meeting) if meeting else [],
        floor_comments=[
            c
            for c in participation.comments_of(cycle, False)
            if meeting and c.meeting_id == meeting.id
        ],
        invitee_labels=participation.INVITEE_LABELS,
    ), status


def _meeting_url(consultation: Consultation, hearing: PlannedHearing) -> str:
    return url_for("hearings.meeting", consultation_id=consultation.id, hearing_id=hearing.id)


@bp.route("/manage/hearings/<int:consultation_id>/held/<int:hearing_id>")
@role_required(*STAFF_ROLES)
def meeting(consultation_id: int, hearing_id: int):
    """A planned hearing: record it as held, its invitations and the comments from the floor."""
    consultation = _editable(consultation_id)
    return _meeting_page(consultation, _planned_of(consultation, hearing_id))


@bp.route("/manage/hearings/<int:consultation_id>/held/<int:hearing_id>/hold", methods=["POST"])
@role_required(*STAFF_ROLES)
def hold(consultation_id: int, hearing_id: int):
    """Record the hearing as held: minutes and attendance by gender and audience."""
    consultation = _editable(consultation_id)
    hearing = _planned_of(consultation, hearing_id)
    form = HoldForm()
    return save_form(
        form,
        lambda: participation.hold_hearing(
            hearing,
            form.texts("minutes", _minutes_of(hearing)),
            form.attendance(),
            _today(),
            current_user.id,
        ),
        form.minutes_sq,
        _("The hearing is recorded as held."),
        _meeting_url(consultation, hearing),
        lambda: _meeting_page(consultation, hearing, 400, hold_form=form),
    )


def _held_meeting(hearing: PlannedHearing):
    meeting = participation.meeting_of(hearing)
    if meeting is None:
        abort(404)
    return meeting


@bp.route(
    "/manage/hearings/<int:consultation_id>/held/<int:hearing_id>/invitations", methods=["POST"]
)
@role_required(*STAFF_ROLES)
def log_invitation(consultation_id: int, hearing_id: int):
    """Log an invitation to the gender-equality officer or a women's organisation."""
    consultation = _editable(consultation_id)
    hearing = _planned_of(consultation, hearing_id)
    meeting = _held_meeting(hearing)
    form = _invitation_form(InvitationForm())
    return save_form(
        form,
        lambda: participation.log_invitation(
            meeting, form.invitee_kind.data, form.name.data, form.sent_on.data
        ),
        form.name,
        _("The invitation is logged."),
        _meeting_url(consultation, hearing),
        lambda: _meeting_page(consultation, hearing, 400, invitation_form=form),
    )


@bp.route("/manage/hearings/<int:consultation_id>/held/<int:hearing_id>/comments", methods=["POST"])
@role_required(*STAFF_ROLES)
def floor_comment(consultation_id: int, hearing_id: int):
    """Record a comment raised from the floor of the hearing."""
    consultation = _editable(consultation_id)
    hearing = _planned_of(consultation, hearing_id)
    meeting = _held_meeting(hearing)
    form = BudgetCommentForm()
    form.line_id.choices = _line_choices(hearing.cycle)
    return save_form(
        form,
        lambda: participation.record_floor_comment(
            meeting,
            hearing.cycle,
            form.text.data,
            form.language.data,
            current_user.id,
            form.line_id.data or None,
            form.author_name.data or "",
            form.author_email.data or "",
            form.gender.data or None,
            notify=form.notify.data,
        ),
        form.text,
        _("The comment from the floor is recorded."),
        _meeting_url(consultation, hearing),
        lambda: _meeting_page(consultation, hearing, 400, comment_form=form),
    )


# ---------------------------------------------------------------- comments on the budget


@bp.route("/hearings/<int:consultation_id>/comments/new", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def new_comment(consultation_id: int):
    """A citizen comments on a budget line or on the whole budget while the hearing is open."""
    consultation = _hearing(consultation_id)
    cycle = _cycle_or_404(consultation)
    if not services.accepts_proposals(consultation, _today()):
        return render_template(
            "hearings/comment_form.html", consultation=consultation, form=None
        ), 403
    form = BudgetCommentForm()
    form.line_id.choices = _line_choices(cycle)
    if not form.is_submitted():
        line = request.args.get("line", type=int)
        if line and any(choice.value == line for choice in form.line_id.choices):
            form.line_id.data = line

    def comment() -> None:
        made = participation.comment_on_budget(
            cycle,
            form.text.data,
            form.language.data,
            form.author_name.data or "",
            form.author_email.data or "",
            _today(),
            form.line_id.data or None,
            form.gender.data or None,
            notify=form.notify.data,
        )
        token = participation.confirmation_token(made)
        participation.queue_confirmation(
            made, url_for("hearings.confirm_comment", token=token, _external=True)
        )

    return save_form(
        form,
        comment,
        form.text,
        _("Thank you. Follow the link we sent to your e-mail to confirm."),
        url_for("public.consultation", consultation_id=consultation.id),
        lambda: (
            render_template("hearings/comment_form.html", consultation=consultation, form=form),
            400 if form.is_submitted() else 200,
        ),
    )


@bp.route("/hearings/comments/confirm/<token>")
def confirm_comment(token: str):
    """The link from the citizen's e-mail: the comment counts and can be answered."""
    try:
        comment = participation.confirm_comment(token)
    except participation.ConfirmationExpired as expired:
        db.session.rollback()
        return render_template(
            "errors/error.html",
            code=400,
            title=expired.message,
            message=_("Send your comment again: the link in the e-mail is valid for seven days."),
        ), 400
    if comment is None:
        abort(404)
    db.session.commit()
    if comment.notify_answer:
        flash(_("Your comment is confirmed. The answer will be e-mailed to you."), "success")
    else:
        flash(
            _("Your comment is confirmed. Its answer will be published on the budget page."),
            "success",
        )
    return redirect(url_for("public.consultation", consultation_id=comment.cycle.consultation_id))


def _comment_of(consultation: Consultation, comment_id: int) -> Comment:
    cycle = _cycle_or_404(consultation)
    comment = record_or_none(Comment, comment_id)
    if comment is None or comment.cycle_id != cycle.id or comment.confirmed_at is None:
        abort(404)
    return comment


def _comments_page(consultation: Consultation, status: int = 200, forms: dict | None = None):
    cycle = _cycle_or_404(consultation)
    forms = forms or {}
    comments = participation.comments_of(cycle, visible_only=False)
    answer_forms, hide_forms = {}, {}
    for comment in comments:
        answer_forms[comment.id] = forms.get(("answer", comment.id)) or answer_form(
            f"c{comment.id}", comment.outcome, comment.reason
        )
        hide_forms[comment.id] = forms.get(("hide", comment.id)) or HideForm(
            formdata=None, prefix=f"h{comment.id}"
        )
    return render_template(
        "hearings/comments.html",
        consultation=consultation,
        cycle=cycle,
        comments=comments,
        unconfirmed=participation.unconfirmed_count(cycle),
        answer_forms=answer_forms,
        hide_forms=hide_forms,
    ), status


@bp.route("/manage/hearings/<int:consultation_id>/comments")
@role_required(*STAFF_ROLES)
def manage_comments(consultation_id: int):
    """Every comment on the budget with its answer and moderation forms."""
    return _comments_page(_editable(consultation_id))


@bp.route(
    "/manage/hearings/<int:consultation_id>/comments/<int:comment_id>/answer", methods=["POST"]
)
@role_required(*STAFF_ROLES)
def answer_comment(consultation_id: int, comment_id: int):
    """Answer a comment; the answer is queued to the commenter who asked to be told."""
    consultation = _editable(consultation_id)
    comment = _comment_of(consultation, comment_id)
    form = AnswerForm(prefix=f"c{comment.id}")
    return save_answer(
        form,
        lambda outcome, reason: participation.answer_comment(
            comment, outcome, reason, current_user.id
        ),
        url_for("hearings.manage_comments", consultation_id=consultation.id),
        lambda: _comments_page(consultation, 400, {("answer", comment.id): form}),
        services.HearingRefused,
        comment.language,
        comment.reason,
    )


@bp.route("/manage/hearings/<int:consultation_id>/comments/<int:comment_id>/hide", methods=["POST"])
@role_required(*STAFF_ROLES)
def hide_comment(consultation_id: int, comment_id: int):
    """Hide a comment from the public pages, with a reason."""
    consultation = _editable(consultation_id)
    comment = _comment_of(consultation, comment_id)
    form = HideForm(prefix=f"h{comment.id}")
    return save_form(
        form,
        lambda: participation.hide_comment(comment, form.reason.data, current_user.id),
        form.reason,
        _("The comment is hidden."),
        url_for("hearings.manage_comments", consultation_id=consultation.id),
        lambda: _comments_page(consultation, 400, {("hide", comment.id): form}),
    )


# ---------------------------------------------------------------- the hearing report


def _report_cycle(consultation_id: int) -> HearingCycle:
    """The report is public once published; officers who may edit and the chair see it before."""
    consultation = _hearing(consultation_id, public=False)
    cycle = _cycle_or_404(consultation)
    published = hearing_report.publication_of(cycle) is not None and consultation.is_public
    if published or may_preview_report(consultation):
        return cycle
    abort(404)


@bp.route("/hearings/<int:consultation_id>/report")
def report(consultation_id: int):
    """The hearing report in the reader's language."""
    cycle = _report_cycle(consultation_id)
    data = hearing_report.build_report(cycle, _today(), _standards())
    officer = current_user.is_authenticated and can_edit(current_user, cycle.consultation)
    return render_template(
        "hearings/report.html",
        report=data,
        publish_form=DeleteForm(formdata=None) if officer and not data.published else None,
        answer_gaps=participation.answer_gaps(cycle) if officer and not data.published else [],
    )


@bp.route("/hearings/<int:consultation_id>/report.pdf")
def report_as_pdf(consultation_id: int):
    """The hearing report as a PDF in the reader's language."""
    cycle = _report_cycle(consultation_id)
    pdf = hearing_report.report_pdf(hearing_report.build_report(cycle, _today(), _standards()))
    return download(
        pdf,
        "pdf",
        f"hearing-report-{consultation_id}.pdf",
        "hearing_report",
        f"consultation:{consultation_id}",
    )


@bp.route("/hearings/<int:consultation_id>/report.xlsx")
def report_as_xlsx(consultation_id: int):
    """The hearing report's tables as a spreadsheet."""
    cycle = _report_cycle(consultation_id)
    data = hearing_report.report_xlsx(hearing_report.build_report(cycle, _today(), _standards()))
    return download(
        data,
        "xlsx",
        f"hearing-report-{consultation_id}.xlsx",
        "hearing_report",
        f"consultation:{consultation_id}",
    )


@bp.route("/manage/hearings/<int:consultation_id>/report/publish", methods=["POST"])
@role_required(*STAFF_ROLES)
def publish_report(consultation_id: int):
    """Publish the hearing report; refused while a comment or proposal is unanswered."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    if DeleteForm().validate_on_submit():
        try:
            hearing_report.publish_report(cycle, _today(), _standards(), current_user.id)
        except services.HearingRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
            return redirect(url_for("hearings.report", consultation_id=consultation.id))
        db.session.commit()
        flash(_("The hearing report is published and sent to the chair for review."), "success")
    return redirect(url_for("hearings.report", consultation_id=consultation.id))
