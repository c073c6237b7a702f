"""Routes of budget hearings (public pages; officer pages under /manage/hearings)."""

import datetime as dt

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult.auth.services import STAFF_ROLES, can_edit, role_required
from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings import services
from consult.hearings.forms import (
    AnswerForm,
    BudgetImportForm,
    ChangeForm,
    CycleForm,
    DeleteForm,
    ForwardForm,
    PlannedHearingForm,
    ProposalForm,
)
from consult.hearings.models import BudgetLine, CapitalProposal, HearingCycle, PlannedHearing
from consult.i18n import localize

bp = Blueprint("hearings", __name__)

_MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def _today() -> dt.date:
    return dt.date.today()


def _config(name: str, default):
    return current_app.config.get(name, default)


def _folder() -> str:
    return current_app.config["UPLOAD_FOLDER"]


#: the largest id a database integer holds; larger numbers in an address are simply not found
_MAX_ID = 2**63 - 1


def _get(model, record_id: int | None):
    """The record with `record_id`, or None (also for ids no database column can hold)."""
    if record_id is None or not 0 < record_id <= _MAX_ID:
        return None
    return db.session.get(model, record_id)


def _hearing(consultation_id: int, public: bool = True) -> Consultation:
    consultation = _get(Consultation, consultation_id)
    if consultation is None or consultation.kind != "budget_hearing":
        abort(404)
    if public and not consultation.is_public:
        abort(404)
    return consultation


def _editable(consultation_id: int) -> Consultation:
    consultation = _hearing(consultation_id, public=False)
    if not can_edit(current_user, consultation):
        abort(403)
    return consultation


def _cycle_or_404(consultation: Consultation) -> HearingCycle:
    cycle = services.cycle_of(consultation)
    if cycle is None:
        abort(404)
    return cycle


def _manage_url(consultation: Consultation) -> str:
    return url_for("hearings.manage", consultation_id=consultation.id)


# ---------------------------------------------------------------- formatting and charts


def euros(cents: int | None, signed: bool = False) -> str:
    """Whole euros in the reader's locale, e.g. "1.234.567 €"."""
    if cents is None:
        return ""
    pattern = "+#,##0;-#,##0" if signed else "#,##0"
    return format_decimal(round(cents / 100), format=pattern) + "\u00a0€"


def percent(value: float | None) -> str:
    """A signed percentage with one decimal, or a dash when there is nothing to compare."""
    if value is None:
        return "–"
    return format_decimal(value, format="+#,##0.0;-#,##0.0") + "\u00a0%"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[dict | str, int, int]]) -> dict:
    """Geometry of a horizontal bar chart (current and proposed per row) drawn as SVG by
    templates/hearings/_chart.html; no JavaScript, the table beside it has the numbers."""
    label_width, bar_area, row_height = 270, 380, 34
    largest = max([max(c, p) for _, c, p in rows] or [1]) or 1
    bars = []
    for index, (label, current, proposed) in enumerate(rows):
        top = 30 + index * row_height
        shown = localize(label) if isinstance(label, dict) else None
        bars.append(
            {
                "label": _shorten(shown.text if shown else str(label), 40),
                "lang": shown.html_lang if shown else None,
                "y": top,
                "current": round(bar_area * current / largest),
                "proposed": round(bar_area * proposed / largest),
                "current_text": euros(current),
                "proposed_text": euros(proposed),
            }
        )
    return {
        "bars": bars,
        "x": label_width,
        "width": label_width + bar_area + 110,
        "height": 40 + len(rows) * row_height,
    }


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
    }


def _findings(cycle: HearingCycle) -> list[services.Finding]:
    standards = current_app.config.get("STANDARDS", {})
    return services.findings(
        cycle,
        _today(),
        warning_days=_config("HEARING_WARNING_DAYS", services.DEFAULT_WARNING_DAYS),
        notice_days=standards.get("MS_MEETING_NOTICE_DAYS", 7),
        meetings_per_year=standards.get("BH_MEETINGS_PER_YEAR", 2),
    )


@bp.app_context_processor
def _template_helpers() -> dict:
    return {
        "budget_hearing_public": public_panel,
        "budget_hearing_manage": manage_panel,
        "audience_labels": services.AUDIENCE_LABELS,
        "budget_category_labels": services.CATEGORY_LABELS,
        "proposal_outcome_labels": services.OUTCOME_LABELS,
        "milestone_labels": services.MILESTONE_LABELS,
    }


@bp.app_template_filter("euros")
def _euros_filter(cents: int | None, signed: bool = False) -> str:
    return euros(cents, signed)


@bp.app_template_filter("percent_change")
def _percent_filter(value: float | None) -> str:
    return percent(value)


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
        by_category=by_category,
        directorate_chart=bar_chart(
            [(d.name, t.current_cents, t.proposed_cents) for d, t in by_directorate]
        ),
        category_chart=bar_chart(
            [
                (str(services.CATEGORY_LABELS[t.key]), t.current_cents, t.proposed_cents)
                for t in by_category
            ]
        ),
        lines=services.lines_of(cycle),
        changes=services.changes_of(cycle),
    )


def _download_rows(cycle: HearingCycle) -> list[list]:
    headers = [
        _("Directorate code"),
        _("Directorate"),
        _("Programme"),
        _("Category code"),
        _("Economic category"),
        _("Current year (€)"),
        _("Proposed (€)"),
        _("Change (€)"),
    ]
    return services.lines_table(
        cycle,
        headers,
        lambda name: localize(name).text,
        lambda code: str(services.CATEGORY_LABELS[code]),
    )


@bp.route("/hearings/<int:consultation_id>/budget.<any(csv, xlsx):file_type>")
def budget_download(consultation_id: int, file_type: str):
    """The draft budget's lines as CSV or XLSX."""
    consultation = _hearing(consultation_id)
    cycle = _cycle_or_404(consultation)
    rows = _download_rows(cycle)
    name = f"budget-{cycle.budget_year}.{file_type}"
    if file_type == "csv":
        data = services.table_to_csv(rows)
    else:
        data = services.table_to_xlsx(rows, _("Draft budget"))
    return Response(
        data,
        mimetype=_MIME[file_type],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/hearings/<int:consultation_id>/budget/draft-file")
def draft_file(consultation_id: int):
    """The finance directorate's file as it was imported."""
    consultation = _hearing(consultation_id)
    cycle = _cycle_or_404(consultation)
    path = services.draft_file_path(cycle, _folder())
    if path is None:
        abort(404)
    return send_file(
        path,
        mimetype=_MIME[cycle.draft_file_type or "csv"],
        as_attachment=True,
        download_name=cycle.draft_original_name or f"draft.{cycle.draft_file_type}",
    )


# ---------------------------------------------------------------- public: proposals


def _community_choices() -> list[SelectChoice]:
    communities = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id))
    return [SelectChoice(c.id, localize(c.name).text) for c in communities]


@bp.route("/hearings/<int:consultation_id>/proposals/new", methods=["GET", "POST"])
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
    if form.validate_on_submit():
        try:
            photo = _checked_photo(form)
            services.submit_proposal(
                cycle,
                form.title.data,
                form.local_community_id.data,
                form.estimated_cost.cents,
                form.description.data,
                form.proposer_name.data,
                form.proposer_email.data,
                language=form.language.data,
                photo=photo,
                folder=_folder(),
            )
        except services.HearingRefused as refused:
            form.photo.errors = [*form.photo.errors, refused.message]
        else:
            db.session.commit()
            flash(
                _("Thank you. Your proposal is received; the municipality will answer it."),
                "success",
            )
            return redirect(url_for("public.consultation", consultation_id=consultation.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "hearings/proposal_form.html", consultation=consultation, form=form
    ), status


def _checked_photo(form: ProposalForm) -> tuple[bytes, str] | None:
    upload = form.photo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    max_bytes = _config("HEARING_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
    data = upload.read(max_bytes + 1)
    return services.check_photo(
        data, upload.filename, max_bytes, _config("HEARING_PHOTO_MAX_PIXELS", 40_000_000)
    )


@bp.route("/hearings/proposals/<int:proposal_id>/photo")
def proposal_photo(proposal_id: int):
    """The photo of an answered proposal (officers see every photo)."""
    proposal = _get(CapitalProposal, proposal_id)
    if proposal is None:
        abort(404)
    consultation = proposal.cycle.consultation
    officer = current_user.is_authenticated and can_edit(current_user, consultation)
    if not officer and (not consultation.is_public or proposal.outcome is None):
        abort(404)
    path = services.photo_path(proposal, _folder())
    if path is None:
        abort(404)
    return send_file(path, mimetype=_MIME[proposal.photo_type or "jpeg"])


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
        delete_form=DeleteForm(formdata=None),
        findings=found,
        flagged=services.flagged_hearing_ids(found),
        coverage=services.coverage(cycle) if cycle else None,
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
    if form.validate_on_submit():
        cycle = services.cycle_of(consultation)
        calendar = _config("HEARING_CALENDAR", services.DEFAULT_CALENDAR)
        try:
            if cycle is None:
                services.create_cycle(
                    consultation,
                    form.budget_year.data,
                    calendar,
                    form.mtbf_due.data,
                    form.circular2_due.data,
                    form.approval_due.data,
                )
            else:
                defaults = services.default_milestones(cycle.budget_year, calendar)
                services.update_milestones(
                    cycle,
                    form.mtbf_due.data or defaults["mtbf"],
                    form.circular2_due.data or defaults["circular2"],
                    form.approval_due.data or defaults["approval"],
                )
        except services.HearingRefused as refused:
            form.approval_due.errors = [*form.approval_due.errors, refused.message]
        else:
            db.session.commit()
            flash(_("The hearing cycle is saved."), "success")
            return redirect(_manage_url(consultation))
    db.session.rollback()
    return _manage_page(consultation, 400, cycle_form=form)


@bp.route("/manage/hearings/<int:consultation_id>/plan", methods=["POST"])
@role_required(*STAFF_ROLES)
def add_hearing(consultation_id: int):
    """Add a hearing to the plan."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    form = PlannedHearingForm()
    form.local_community_id.choices = [SelectChoice(0, ""), *_community_choices()]
    if form.validate_on_submit():
        try:
            services.plan_hearing(
                cycle,
                form.audience.data,
                form.planned_on.data,
                form.place.data,
                form.local_community_id.data or None,
                form.announced_on.data,
            )
        except services.HearingRefused as refused:
            form.place.errors = [*form.place.errors, refused.message]
        else:
            db.session.commit()
            flash(_("The hearing is added to the plan."), "success")
            return redirect(_manage_url(consultation))
    db.session.rollback()
    return _manage_page(consultation, 400, plan_form=form)


@bp.route("/manage/hearings/<int:consultation_id>/plan/<int:hearing_id>/delete", methods=["POST"])
@role_required(*STAFF_ROLES)
def delete_hearing(consultation_id: int, hearing_id: int):
    """Take a hearing out of the plan."""
    consultation = _editable(consultation_id)
    cycle = _cycle_or_404(consultation)
    hearing = _get(PlannedHearing, hearing_id)
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
            current_app.config["UPLOAD_MAX_UNPACKED_BYTES"],
            actor_id=current_user.id,
        )
        if result.ok:
            db.session.commit()
            flash(
                _("The draft budget is imported: %(count)s lines.", count=result.lines),
                "success",
            )
            return redirect(_manage_url(consultation))
        db.session.rollback()
        return _manage_page(consultation, 400, import_form=form, import_problems=result.problems)
    return _manage_page(consultation, 400, import_form=form)


# ---------------------------------------------------------------- officer: proposals, changes


def _proposal_of(consultation: Consultation, proposal_id: int) -> CapitalProposal:
    cycle = _cycle_or_404(consultation)
    proposal = _get(CapitalProposal, proposal_id)
    if proposal is None or proposal.cycle_id != cycle.id:
        abort(404)
    return proposal


def _proposals_page(consultation: Consultation, status: int = 200, forms: dict | None = None):
    cycle = _cycle_or_404(consultation)
    forms = forms or {}
    answer_forms, forward_forms = {}, {}
    for proposal in cycle.proposals:
        answer_forms[proposal.id] = forms.get(("answer", proposal.id)) or AnswerForm(
            formdata=None,
            prefix=f"p{proposal.id}",
            outcome=proposal.outcome,
            reason=proposal.reason,
        )
        forward_forms[proposal.id] = forms.get(("forward", proposal.id)) or ForwardForm(
            formdata=None, prefix=f"f{proposal.id}", note=proposal.forward_note
        )
    return render_template(
        "hearings/proposals.html",
        consultation=consultation,
        cycle=cycle,
        answer_forms=answer_forms,
        forward_forms=forward_forms,
    ), status


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
    if form.validate_on_submit():
        try:
            services.answer_proposal(proposal, form.outcome.data, form.reason.data, current_user.id)
        except services.HearingRefused as refused:
            form.reason.errors = [*form.reason.errors, refused.message]
        else:
            db.session.commit()
            flash(_("The answer is saved."), "success")
            return redirect(url_for("hearings.manage_proposals", consultation_id=consultation.id))
    db.session.rollback()
    return _proposals_page(consultation, 400, {("answer", proposal.id): form})


@bp.route(
    "/manage/hearings/<int:consultation_id>/proposals/<int:proposal_id>/forward",
    methods=["POST"],
)
@role_required(*STAFF_ROLES)
def forward_proposal(consultation_id: int, proposal_id: int):
    """Mark an accepted proposal as a candidate for the capital-projects poll."""
    consultation = _editable(consultation_id)
    proposal = _proposal_of(consultation, proposal_id)
    form = ForwardForm(prefix=f"f{proposal.id}")
    if form.validate_on_submit():
        try:
            services.forward_to_poll(proposal, form.note.data or "", current_user.id)
        except services.HearingRefused as refused:
            form.note.errors = [*form.note.errors, refused.message]
        else:
            db.session.commit()
            flash(_("The proposal is marked as a candidate for the poll."), "success")
            return redirect(url_for("hearings.manage_proposals", consultation_id=consultation.id))
    db.session.rollback()
    return _proposals_page(consultation, 400, {("forward", proposal.id): form})


def _change_form(cycle: HearingCycle, form: ChangeForm | None = None) -> ChangeForm:
    form = form or ChangeForm(formdata=None)
    form.line_id.choices = [
        SelectChoice(
            line.id,
            f"{line.directorate.code} · {line.programme} · "
            f"{services.CATEGORY_LABELS[line.category]} · {euros(line.proposed_cents)}",
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
    status = 200
    if form.validate_on_submit():
        line = _get(BudgetLine, form.line_id.data)
        proposal = _get(CapitalProposal, form.proposal_id.data)
        try:
            if line is None or line.cycle_id != cycle.id:
                raise services.HearingRefused(_("Choose a budget line from the list."))
            if proposal is not None and proposal.cycle_id != cycle.id:
                raise services.HearingRefused(_("Choose a proposal from the list."))
            services.record_change(
                line, form.new_amount.cents, form.reasons(), current_user.id, proposal
            )
        except services.HearingRefused as refused:
            form.new_amount.errors = [*form.new_amount.errors, refused.message]
        else:
            db.session.commit()
            flash(_("The change is recorded."), "success")
            return redirect(url_for("hearings.changes", consultation_id=consultation.id))
        db.session.rollback()
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template(
        "hearings/changes.html",
        consultation=consultation,
        cycle=cycle,
        form=form,
        changes=services.changes_of(cycle),
    ), status
