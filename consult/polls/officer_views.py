"""Officer pages of a poll under /manage/polls: settings, projects, voter list, paper batches."""

import datetime as dt

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from consult.auth.access import editable_or_403
from consult.auth.services import STAFF_ROLES, role_required
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import localize
from consult.polls import bp, paper, services
from consult.polls.forms import (
    AcceptBatchForm,
    CountingForm,
    PaperBatchForm,
    PaperKeyingForm,
    PollSettingsForm,
    ProjectForm,
    VoterListForm,
)
from consult.polls.models import PaperBatch, Poll, Project


def _editable_consultation(consultation_id: int) -> Consultation:
    return editable_or_403(consultation_id, "capital_poll")


def _editable_poll(poll_id: int) -> Poll:
    poll = db.session.get(Poll, poll_id)
    if poll is None:
        abort(404)
    _editable_consultation(poll.consultation_id)
    return poll


def _counting_form(poll: Poll) -> CountingForm:
    form = CountingForm(obj=poll)
    if not form.is_submitted():
        form.exclusive_groups.data = services.exclusive_groups_text(poll)
    return form


def _overview(poll: Poll, status: int = 200, **forms):
    forms.setdefault("voter_form", VoterListForm())
    forms.setdefault("batch_form", PaperBatchForm())
    forms.setdefault("counting_form", _counting_form(poll))
    batches = db.session.scalars(
        select(PaperBatch).where(PaperBatch.poll_id == poll.id).order_by(PaperBatch.id)
    ).all()
    return render_template(
        "polls/manage.html",
        poll=poll,
        consultation=poll.consultation,
        started=services.voting_started(poll),
        voters=services.voter_count(poll),
        batches=batches,
        counting_may_change=services.counting_may_change(poll),
        **forms,
    ), status


@bp.route("/manage/polls/<int:poll_id>")
@role_required(*STAFF_ROLES)
def manage(poll_id: int):
    """A poll's back office: settings, projects, voter list, paper batches, sharing."""
    return _overview(_editable_poll(poll_id))


@bp.route("/manage/polls/new/<int:consultation_id>", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def new_poll(consultation_id: int):
    """Give a capital-poll consultation its poll settings."""
    consultation = _editable_consultation(consultation_id)
    existing = services.poll_for(consultation)
    if existing is not None:
        return redirect(url_for("polls.settings", poll_id=existing.id))
    form = PollSettingsForm()
    status = 200
    if request.method == "GET":
        form.verify_voter_list.data = True
    if form.validate_on_submit():
        try:
            poll = services.create_poll(consultation, form.values())
        except services.PollRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
            status = 400
        else:
            record_audit("poll.create", f"poll:{poll.id}", actor_id=current_user.id)
            db.session.commit()
            flash(_("The poll is saved."), "success")
            return redirect(url_for("polls.manage", poll_id=poll.id))
    elif form.errors:
        status = 400
    return render_template(
        "polls/settings.html", form=form, consultation=consultation, poll=None
    ), status


@bp.route("/manage/polls/<int:poll_id>/settings", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def settings(poll_id: int):
    """Change a poll's settings, until the first vote."""
    poll = _editable_poll(poll_id)
    form = PollSettingsForm(obj=poll)
    status = 200
    if form.validate_on_submit():
        try:
            services.save_settings(poll, form.values())
        except services.PollRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
            status = 409 if isinstance(refused, services.SettingsLocked) else 400
        else:
            record_audit("poll.settings", f"poll:{poll.id}", actor_id=current_user.id)
            db.session.commit()
            flash(_("The changes are saved."), "success")
            return redirect(url_for("polls.manage", poll_id=poll.id))
    elif form.errors:
        status = 400
    return render_template(
        "polls/settings.html",
        form=form,
        consultation=poll.consultation,
        poll=poll,
        started=services.voting_started(poll),
    ), status


@bp.route("/manage/polls/<int:poll_id>/counting", methods=["POST"])
@role_required(*STAFF_ROLES)
def counting(poll_id: int):
    """Choose how the poll is counted (before voting, or for a poll imported from a file)."""
    poll = _editable_poll(poll_id)
    form = _counting_form(poll)
    if not form.validate_on_submit():
        return _overview(poll, 400, counting_form=form)
    groups = services.parse_exclusive_groups(form.exclusive_groups.data)
    try:
        services.save_counting(poll, form.rule.data, form.ordinal_scoring.data, groups)
    except services.PollRefused as refused:
        db.session.rollback()
        form.exclusive_groups.errors = [str(refused.message)]
        status = 409 if isinstance(refused, services.SettingsLocked) else 400
        return _overview(db.session.get(Poll, poll_id), status, counting_form=form)
    record_audit(
        "poll.counting",
        f"poll:{poll.id}",
        actor_id=current_user.id,
        details={"rule": poll.rule, "ordinal_scoring": poll.ordinal_scoring},
    )
    db.session.commit()
    flash(_("The way the poll is counted is saved."), "success")
    return redirect(url_for("polls.manage", poll_id=poll.id))


def _project_form(project: Project | None = None) -> ProjectForm:
    form = ProjectForm(obj=project)
    communities = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id))
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code))
    none = [(0, _("None"))]
    form.local_community_id.choices = none + [(c.id, localize(c.name).text) for c in communities]
    form.directorate_id.choices = none + [(d.id, localize(d.name).text) for d in directorates]
    if project is not None and not form.is_submitted():
        form.fill_texts("title", project.title)
        form.fill_texts("description", project.description)
    return form


@bp.route("/manage/polls/<int:poll_id>/projects/new", methods=["GET", "POST"])
@bp.route("/manage/polls/<int:poll_id>/projects/<int:project_id>", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def project(poll_id: int, project_id: int | None = None):
    """Add or edit a candidate project in every language."""
    poll = _editable_poll(poll_id)
    item = db.session.get(Project, project_id) if project_id else None
    if project_id and (item is None or item.poll_id != poll.id):
        abort(404)
    form = _project_form(item)
    if form.validate_on_submit():
        values = {
            "code": (form.code.data or "").strip().upper() or None,
            "title": form.texts("title"),
            "description": form.texts("description"),
            "cost": form.cost.data,
            "local_community_id": form.local_community_id.data or None,
            "directorate_id": form.directorate_id.data or None,
        }
        try:
            saved = services.save_project(poll, item, values)
            if form.photo.data:
                data = form.photo.data.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
                if len(data) > current_app.config["UPLOAD_MAX_BYTES"]:
                    raise services.PollRefused(_("The photo is larger than the allowed size."))
                services.store_photo(saved, data, current_app.config["UPLOAD_FOLDER"])
        except services.PollRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
            return redirect(url_for("polls.manage", poll_id=poll.id))
        db.session.commit()
        flash(_("The project is saved."), "success")
        return redirect(url_for("polls.manage", poll_id=poll.id))
    status = 400 if form.errors else 200
    return render_template("polls/project_form.html", form=form, poll=poll, project=item), status


@bp.route("/manage/polls/<int:poll_id>/voters", methods=["POST"])
@role_required(*STAFF_ROLES)
def upload_voters(poll_id: int):
    """Replace the voter list from a CSV file; only keyed hashes are kept."""
    poll = _editable_poll(poll_id)
    form = VoterListForm()
    if not form.validate_on_submit():
        return _overview(poll, 400, voter_form=form)
    raw = form.file.data.read(20 * 1024 * 1024)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        form.file.errors.append(_("The file must be a CSV file in UTF-8."))
        return _overview(poll, 400, voter_form=form)
    try:
        result = services.import_voter_list(poll, text, services.community_names())
    except services.PollRefused as refused:
        flash(str(refused.message), "error")
        return redirect(url_for("polls.manage", poll_id=poll.id))
    if result.errors:
        for line, message in result.errors[:20]:
            form.file.errors.append(_("Line %(line)s: %(problem)s", line=line, problem=message))
        return _overview(poll, 400, voter_form=form)
    record_audit("poll.voter_list", f"poll:{poll.id}", actor_id=current_user.id, count=result.added)
    db.session.commit()
    flash(
        ngettext(
            "The voter list has %(number)s person.",
            "The voter list has %(number)s people.",
            result.added,
            number=result.added,
        ),
        "success",
    )
    return redirect(url_for("polls.manage", poll_id=poll.id))


# --- paper ballots -------------------------------------------------------------------------


@bp.route("/manage/polls/<int:poll_id>/paper", methods=["POST"])
@role_required(*STAFF_ROLES)
def new_batch(poll_id: int):
    """Start a batch of paper ballots."""
    poll = _editable_poll(poll_id)
    form = PaperBatchForm()
    if not form.validate_on_submit():
        return _overview(poll, 400, batch_form=form)
    batch = paper.create_batch(poll, form.label.data, form.day.data, current_user.id)
    db.session.commit()
    return redirect(url_for("polls.batch", poll_id=poll.id, batch_id=batch.id))


def _batch_page(poll: Poll, batch: PaperBatch, form: PaperKeyingForm, status: int = 200):
    lines, voters = paper.mismatches(batch)
    return render_template(
        "polls/batch.html",
        poll=poll,
        batch=batch,
        form=form,
        mismatched_lines=lines,
        mismatched_voters=voters,
        problems=paper.acceptance_problems(batch),
        my_entry=next((e for e in batch.entries if e.officer_id == current_user.id), None),
    ), status


def _batch(poll: Poll, batch_id: int) -> PaperBatch:
    batch = db.session.get(PaperBatch, batch_id)
    if batch is None or batch.poll_id != poll.id:
        abort(404)
    return batch


@bp.route("/manage/polls/<int:poll_id>/paper/<int:batch_id>", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def batch(poll_id: int, batch_id: int):
    """Key a batch (each of two officers separately) and see where the keyings differ."""
    poll = _editable_poll(poll_id)
    item = _batch(poll, batch_id)
    form = PaperKeyingForm()
    if request.method == "POST":
        form.voters.validators = []  # an empty sheet keeps the officer's earlier keying
        form.voters.flags.required = False
    if form.validate_on_submit():
        keying = paper.read_keying(poll, form.voters.data, form.ballots.data)
        for line, message in keying.errors:
            form.ballots.errors.append(_("Line %(line)s: %(problem)s", line=line, problem=message))
        if not keying.errors:
            try:
                paper.save_keying(item, current_user.id, keying)
            except services.PollRefused as refused:
                flash(str(refused.message), "error")
                return _batch_page(poll, item, form, 409)
            db.session.commit()
            flash(_("Your keying is saved."), "success")
            return redirect(url_for("polls.batch", poll_id=poll.id, batch_id=item.id))
    return _batch_page(poll, item, form, 400 if form.errors else 200)


@bp.route("/manage/polls/<int:poll_id>/paper/<int:batch_id>/accept", methods=["POST"])
@role_required(*STAFF_ROLES)
def accept_batch(poll_id: int, batch_id: int):
    """Accept a batch whose two keyings match: its ballots join the count."""
    poll = _editable_poll(poll_id)
    item = _batch(poll, batch_id)
    if not AcceptBatchForm().validate_on_submit():
        abort(400)
    try:
        added = paper.accept_batch(item, dt.date.today())
    except services.PollRefused as refused:
        flash(str(refused.message), "error")
        return redirect(url_for("polls.batch", poll_id=poll.id, batch_id=item.id))
    record_audit("poll.paper_batch", f"poll:{poll.id}", actor_id=current_user.id, batch=item.id)
    db.session.commit()
    flash(
        ngettext(
            "The batch is accepted: %(number)s ballot added.",
            "The batch is accepted: %(number)s ballots added.",
            added,
            number=added,
        ),
        "success",
    )
    return redirect(url_for("polls.manage", poll_id=poll.id))
