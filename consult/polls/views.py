"""Routes of the polls feature, on one blueprint: the public poll, verification, the vote and
its receipt; the officers' pages under /manage/polls (settings, counting, projects, voter list,
paper batches); the results of a closed poll (page, CSV, XLSX, PDF) and the poster with its QR
code.

Voting routes store and log no IP address or user agent: the rate limits key on a keyed hash
of the address that lives only in the limiter's short-lived counters.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from consult.analytics.charts import bar_chart, svg_bars
from consult.auth.access import editable_or_403
from consult.auth.services import STAFF_ROLES, role_required
from consult.core.labels import POLL_GENDERS
from consult.core.lazy import lazy_module
from consult.core.mail import Mail, MailFailed, send_now
from consult.core.models import Consultation, Directorate, LocalCommunity, utcnow
from consult.core.reports import (
    PDF_CSS,
    file_response,
    frame_csv_bytes,
    frames_workbook_bytes,
    pdf_from_html,
    pdf_from_template,
)
from consult.core.services import log_export, record_audit, stage_on
from consult.core.upload_limits import UploadRefused, check_size
from consult.extensions import db, limiter
from consult.i18n import current_locale, localize
from consult.kept_pages import kept_page
from consult.polls import bp, open_data, paper, report, services, voting_cache
from consult.polls.forms import (
    BALLOT_TYPE_LABELS,
    ORDINAL_SCORING_LABELS,
    RULE_LABELS,
    AcceptBatchForm,
    CodeForm,
    ConfirmImportForm,
    ConfirmVoteForm,
    CountingForm,
    EmailForm,
    ImportPbForm,
    PaperBatchForm,
    PaperKeyingForm,
    PhoneForm,
    PollSettingsForm,
    ProjectForm,
    ReceiptForm,
    VoterCheckForm,
    VoterListForm,
)
from consult.polls.models import PaperBatch, Poll, Project
from consult.polls.sms import Sms, SmsFailed, send_sms
from consult.polls.voting_cache import VotingPoll
from consult.public.sharing import poster_response


def public_poll(poll_id: int) -> Poll:
    """The poll `poll_id` with its consultation, or 404 unless the consultation is public."""
    # the results and the poster show the consultation's title: one statement for both
    poll = db.session.get(Poll, poll_id, options=[joinedload(Poll.consultation)])
    if poll is None or not poll.consultation.is_public:
        abort(404)
    return poll


def voting_poll(poll_id: int) -> VotingPoll:
    """What the voting pages read of the poll `poll_id` (this worker's copy while the poll has
    not changed: consult/polls/voting_cache.py), or 404 unless the consultation is public."""
    poll = voting_cache.voting_poll(poll_id)
    if poll is None or not poll.consultation.is_public:
        abort(404)
    return poll


def _verify_limit() -> str:
    return current_app.config.get("POLL_VERIFY_RATE_LIMIT", "10 per minute;100 per hour")


def _vote_limit() -> str:
    # many voters may share one address (a village meeting, a mobile network)
    return current_app.config.get("POLL_VOTE_RATE_LIMIT", "60 per minute")


@bp.app_context_processor
def _poll_helpers() -> dict:
    """The value lists the poll templates show."""
    return {
        "ballot_type_labels": BALLOT_TYPE_LABELS,
        "rule_labels": RULE_LABELS,
        "ordinal_scoring_labels": ORDINAL_SCORING_LABELS,
    }


def _today() -> dt.date:
    return dt.date.today()


def _state(poll: VotingPoll) -> dict:
    """This visitor's progress on `poll`, kept in the signed session until the vote."""
    polls = session.setdefault("polls", {})
    session.modified = True
    return polls.setdefault(str(poll.id), {"done": []})


def _forget(poll: VotingPoll) -> None:
    session.get("polls", {}).pop(str(poll.id), None)
    session.modified = True


def _keep_receipt(poll_id: int, code: str) -> None:
    """The receipt code kept in this browser's signed session only (never in the database
    beside anything of the voter), so that a reload or a later visit shows it again."""
    session.setdefault("receipts", {})[str(poll_id)] = code
    session.modified = True


def _kept_receipt(poll_id: int) -> str | None:
    return session.get("receipts", {}).get(str(poll_id))


def _forget_receipt(poll_id: int) -> None:
    session.get("receipts", {}).pop(str(poll_id), None)
    session.modified = True


def required_steps(poll: VotingPoll) -> list[str]:
    """The verification steps of `poll`, in the order they are asked."""
    enabled = {
        "voter_list": poll.verify_voter_list,
        "sms": poll.verify_sms,
        "email": poll.verify_email,
    }
    return [step for step, on in enabled.items() if on]


# --- the poll and the ballot ---------------------------------------------------------------


#: the limit of identity checks (POLL_VERIFY_RATE_LIMIT), one count for the verification page
#: and the ballot that carries the personal number: a client guesses no faster on either
IDENTITY_LIMIT_SCOPE = "polls-identity"


def _no_identity_check() -> bool:
    """Whether this POST to a ballot checks no identity (and so is not counted against the
    verify limit): only "continue" with a personal number may look the voter list up."""
    return request.form.get("action") != "continue" or not request.form.get("personal_number")


@bp.route("/polls/<int:poll_id>", methods=["GET", "POST"])
@limiter.limit(_vote_limit, methods=["POST"])
@limiter.shared_limit(
    _verify_limit, scope=IDENTITY_LIMIT_SCOPE, methods=["POST"], exempt_when=_no_identity_check
)
def poll(poll_id: int):
    """The projects and the ballot; "check" shows what is left. "Continue" checks the ballot
    and, on a poll verified by its voter list, the personal number and year of birth typed on
    the same page: then the confirmation comes at once (or the code step, if one is left)."""
    item = voting_poll(poll_id)
    state = (
        _state(item) if request.method == "POST" else session.get("polls", {}).get(str(poll_id), {})
    )
    choices = services.choices_from_json(state.get("ballot", []))
    # on a GET the identity's fields are made with the page, which a new voter gets kept
    identity = _identity_form(item) if request.method == "POST" else None
    errors, status = [], 200
    if request.method == "POST":
        if not services.is_open(item, _today()):
            return _not_open(item)
        choices = services.parse_ballot(item, request.form)
        errors = services.ballot_errors(item, choices)
        if request.form.get("action") == "continue":
            # the identity's own errors are shown with the ballot's; the list is read only
            # for a ballot that may be cast
            identity_ok = identity is None or identity.validate()
            if not errors and identity_ok:
                if identity is None:
                    _keep_ballot(item, state, choices)
                    # a fragment of its own, or the browser would keep the ballot's #ballot-check
                    return redirect(url_for("polls.verify", poll_id=item.id, _anchor="main"))
                entry = _listed_voter(item, identity)
                if entry is not None:
                    _keep_ballot(item, state, choices)
                    return _listed(item, state, entry)
                _forget_identity(state)
            status = 400
    kept_receipt = _kept_receipt(item.id) if request.method == "GET" else None

    def page() -> str:
        return render_template(
            "polls/poll.html",
            **_ballot_page(item, choices, errors),
            identity=identity if identity is not None else _identity_form(item),
            code_steps=_code_steps(item),
            kept_receipt=kept_receipt,
            declared=state.get("declared", {}),
            communities=item.communities,
        )

    if request.method == "GET" and not state and kept_receipt is None:
        return _blank_ballot(item, page)
    return page(), status


def _identity_form(item: VotingPoll) -> VoterCheckForm | None:
    """The personal number and year of birth asked on the ballot of a poll verified by its
    voter list; None for the other polls."""
    return VoterCheckForm() if item.verify_voter_list else None


def _blank_ballot(item: VotingPoll, render):
    """The ballot as every new voter sees it (nothing chosen, nothing kept in this browser):
    kept with the poll's copy (`VotingPoll.pages`) by day, with each reader's CSRF token put
    back (consult/kept_pages.py `kept_page`). Rendered at each request while there is no
    ballot (voting not open, no project) or no copy."""
    today = _today()
    no_ballot = not (item.projects and services.is_open(item, today))
    if no_ballot or not current_app.config.get("POLL_CACHE_SECONDS"):
        return render()
    return kept_page(item.pages, ("ballot", today), render)


def _keep_ballot(item: VotingPoll, state: dict, choices) -> None:
    state["ballot"] = services.choices_to_json(choices)
    state["declared"] = _declared(item, request.form)


def _code_steps(item: VotingPoll) -> bool:
    """Whether a one-time code (SMS or e-mail) is asked on the verification page."""
    return bool(item.verify_sms or item.verify_email)


def _listed_voter(item: VotingPoll, form: VoterCheckForm):
    """The voter-list entry of the person `form` names, old enough to vote; else None, with
    the reason on the form's field."""
    entry = services.find_voter(item, form.personal_number.data, form.birth_year.data)
    if entry is None:
        form.personal_number.errors.append(
            _("This personal number and year of birth are not on the voter list together.")
        )
    elif not services.old_enough(item, entry.birth_year, _today()):
        form.birth_year.errors.append(
            _("Only people aged %(age)s or more may vote in this poll.", age=item.minimum_age)
        )
    else:
        return entry
    return None


def _forget_identity(state: dict) -> None:
    """A person refused on the ballot: whoever this browser verified before is forgotten
    too, so that the next person at a shared device cannot cast under their name."""
    for key in ("identity", "listed", "pending"):
        state.pop(key, None)
    state["done"] = []


def _remember_listed(state: dict, entry) -> None:
    """The coded identity and the facts of the voter list the breakdowns count, kept in the
    session until the vote."""
    state["identity"] = entry.identity_hash
    state["listed"] = {
        "age_band": services.age_band(entry.birth_year, _today()),
        "gender": entry.gender,
        "local_community_id": entry.local_community_id,
    }


def _listed(item: VotingPoll, state: dict, entry):
    """The ballot POST found its voter on the list: "already voted" (409), the code step
    still to come, or the confirmation itself, answered at once."""
    if state.get("identity") != entry.identity_hash:
        # another person than the one verified before on this browser: every step again
        state["done"] = []
        state.pop("pending", None)
    _remember_listed(state, entry)
    if "voter_list" not in state["done"]:
        state["done"].append("voter_list")
    if services.has_voted(item, state["identity"]):
        _forget(item)
        return render_template("polls/already_voted.html", poll=item), 409
    if any(s not in state["done"] for s in required_steps(item)):
        return redirect(url_for("polls.verify", poll_id=item.id, _anchor="main"))
    return _confirmation(item, state)


def _not_open(item: VotingPoll):
    """The page a voter sees when voting is not open today: why, and when it opens or closed
    (the same state the poll's page shows), with nothing recorded."""
    stage = stage_on(item.consultation, _today())
    page = render_template(
        "polls/not_open.html", poll=item, consultation=item.consultation, stage=stage
    )
    return page, 403


def _declared(item: VotingPoll, form) -> dict:
    """The optional facts a voter gives about themselves, for the breakdowns."""
    gender = form.get("gender", "")
    community = form.get("local_community", "")
    return {
        "gender": gender if gender in POLL_GENDERS else None,
        "local_community_id": services.local_community_of(community, item.communities),
    }


def _ballot_page(item: VotingPoll, choices, errors) -> dict:
    """What the ballot, the budget-left line and the confirmation page show."""
    is_points = isinstance(choices, dict)
    spent = 0 if is_points else services.spent(item, choices)
    ranks = {}
    if item.ballot_type == "ranking":
        ranks = choices if is_points else {pid: n for n, pid in enumerate(choices, start=1)}
    return {
        "poll": item,
        "consultation": item.consultation,
        "choices": choices,
        "chosen": set(choices),
        "points": choices if is_points and item.ballot_type == "cumulative" else {},
        "ranks": ranks,
        "spent": spent,
        "left": item.budget - spent,
        "points_left": (item.points or 0) - services.points_used(choices),
        "errors": errors,
        "open": services.is_open(item, _today()),
        "closed": services.is_closed(item, _today()),
    }


# --- verification --------------------------------------------------------------------------


@bp.route("/polls/<int:poll_id>/verify", methods=["GET", "POST"])
@limiter.shared_limit(_verify_limit, scope=IDENTITY_LIMIT_SCOPE, methods=["POST"])
def verify(poll_id: int):
    """One verification step at a time: voter list, then SMS code, then e-mail code."""
    item = voting_poll(poll_id)
    if not services.is_open(item, _today()):
        return _not_open(item)
    state = _state(item)
    if "ballot" not in state:
        return redirect(url_for("polls.poll", poll_id=item.id))
    pending = [s for s in required_steps(item) if s not in state["done"]]
    if not pending:
        return redirect(url_for("polls.confirm", poll_id=item.id))
    step = pending[0]
    handler = {"voter_list": _voter_list_step, "sms": _code_step, "email": _code_step}[step]
    return handler(item, state, step)


def _voter_list_step(item: VotingPoll, state: dict, step: str):
    """The voter list on the verification page: for a ballot kept before the list was asked
    on the ballot itself (the ballot page asks it now)."""
    form = VoterCheckForm()
    if form.validate_on_submit():
        entry = _listed_voter(item, form)
        if entry is not None:
            _remember_listed(state, entry)
            return _step_done(item, state, step)
    status = 400 if form.errors else 200
    return render_template("polls/verify.html", poll=item, step=step, form=form), status


def _code_step(item: VotingPoll, state: dict, step: str):
    pending = state.get("pending")
    if pending and pending.get("step") == step:
        return _check_code(item, state, step, pending)
    form = EmailForm() if step == "email" else PhoneForm()
    if form.validate_on_submit():
        if services.console_delivery(step):
            flash(_("Codes cannot be sent at the moment. Please try again later."), "error")
            return render_template("polls/verify.html", poll=item, step=step, form=form), 503
        target = form.email.data if step == "email" else form.phone.data
        kind = "email" if step == "email" else "tel"
        target_hash = services.identity_hash(kind, target)
        code = services.new_one_time_code()
        try:
            _send_code(item, step, target, code)
        except (MailFailed, SmsFailed):
            flash(_("The code could not be sent. Please try again in a few minutes."), "error")
        else:
            # the session holds which code to check, the database how often it was tried
            pending_id = services.await_code(item, step, target_hash, code, utcnow())
            state["pending"] = {"step": step, "id": pending_id, "target": target_hash}
            db.session.commit()
            return redirect(url_for("polls.verify", poll_id=item.id))
    status = 400 if form.errors else 200
    return render_template("polls/verify.html", poll=item, step=step, form=form), status


def _send_code(item: VotingPoll, step: str, target: str, code: str) -> None:
    text = _("Your code for voting in the poll is %(code)s. It is valid for 15 minutes.", code=code)
    if step == "email":
        send_now(Mail(to=target, subject=_("Your voting code"), body=text))
    else:
        send_sms(Sms(to=target, text=text))


def _check_code(item: VotingPoll, state: dict, step: str, pending: dict):
    if request.form.get("restart") == "1" and ConfirmVoteForm().validate_on_submit():
        state.pop("pending", None)  # the visitor asks for a new code (or another address)
        services.forget_code(pending.get("id", ""))
        db.session.commit()
        return redirect(url_for("polls.verify", poll_id=item.id))
    form = CodeForm()
    if form.validate_on_submit():
        found = services.check_code(
            item, step, pending.get("id", ""), pending["target"], form.code.data, utcnow()
        )
        db.session.commit()  # the try counts, whatever this request answers
        if found == "right":
            state.pop("pending")
            state.setdefault("identity", pending["target"])
            return _step_done(item, state, step)
        if found == "gone":
            state.pop("pending")
            flash(_("The code has expired. Ask for a new one."), "error")
            return redirect(url_for("polls.verify", poll_id=item.id))
        form.code.errors.append(_("The code is not right. Check it and try again."))
    status = 400 if form.errors else 200
    return render_template(
        "polls/verify.html", poll=item, step=step, form=form, waiting_for_code=True
    ), status


def _step_done(item: VotingPoll, state: dict, step: str):
    state["done"].append(step)
    if services.has_voted(item, state["identity"]):
        _forget(item)
        return render_template("polls/already_voted.html", poll=item), 409
    finished = all(s in state["done"] for s in required_steps(item))
    return redirect(url_for("polls.confirm" if finished else "polls.verify", poll_id=item.id))


# --- the vote ------------------------------------------------------------------------------


@bp.route("/polls/<int:poll_id>/confirm", methods=["GET", "POST"])
@limiter.limit(_vote_limit, methods=["POST"])
def confirm(poll_id: int):
    """The chosen projects once more, and the button that casts the vote."""
    item = voting_poll(poll_id)
    if not services.is_open(item, _today()):
        return _not_open(item)
    state = _state(item)
    steps = required_steps(item)
    if "ballot" not in state or "identity" not in state or set(steps) - set(state["done"]):
        return redirect(url_for("polls.poll", poll_id=item.id))
    if ConfirmVoteForm().validate_on_submit():
        return _cast(item, state, services.choices_from_json(state["ballot"]))
    return _confirmation(item, state)


def _confirmation(item: VotingPoll, state: dict):
    """The chosen projects once more and the button that casts them (to /confirm)."""
    choices = services.choices_from_json(state["ballot"])
    page = _ballot_page(item, choices, [])
    return render_template("polls/confirm.html", form=ConfirmVoteForm(), **page)


def _cast(item: VotingPoll, state: dict, choices):
    declared = state.get("declared") or {}
    listed = state.get("listed") or {}
    demographics = services.Demographics(
        age_band=listed.get("age_band"),
        gender=listed.get("gender") or declared.get("gender"),
        local_community_id=listed.get("local_community_id") or declared.get("local_community_id"),
    )
    identity = state["identity"]
    _forget(item)
    try:
        code = services.cast_vote(item, identity, choices, _today(), demographics)
    except services.AlreadyVoted:
        return render_template("polls/already_voted.html", poll=item), 409
    except services.PollRefused as refused:
        flash(str(refused.message), "error")
        return redirect(url_for("polls.poll", poll_id=item.id))
    # rendered before the commit: if the commit fails, the page is never sent
    page = render_template("polls/voted.html", poll=item, receipt=code)
    db.session.commit()
    _keep_receipt(item.id, code)
    return page


@bp.route("/polls/<int:poll_id>/another-voter", methods=["POST"])
def another_voter(poll_id: int):
    """Someone else votes on this device: the receipt kept in it is forgotten (after it was
    shown once more on the page that offers this button) and the ballot is fresh."""
    item = voting_poll(poll_id)
    if ConfirmVoteForm().validate_on_submit():
        _forget_receipt(item.id)
    return redirect(url_for("polls.poll", poll_id=item.id))


@bp.route("/polls/<int:poll_id>/receipt", methods=["GET", "POST"])
@limiter.limit(_verify_limit, methods=["POST"])
def receipt(poll_id: int):
    """Check that the ballot with a receipt code is in the count; it shows nothing else."""
    item = voting_poll(poll_id)
    form = ReceiptForm()
    found = None
    if form.validate_on_submit():
        found = services.receipt_counted(item, form.code.data)
    return render_template("polls/receipt.html", poll=item, form=form, found=found)


@bp.route("/polls/<int:poll_id>/receipt.pdf")
@limiter.limit("10 per minute")
def receipt_pdf(poll_id: int):
    """The receipt this browser keeps, as a PDF to save or print: only from the session that
    voted (the database does not know whose receipt it is), and kept out of every cache."""
    item = voting_poll(poll_id)
    code = _kept_receipt(item.id)
    if code is None:
        abort(404)
    check_url = url_for("polls.receipt", poll_id=item.id, _external=True)
    pdf = pdf_from_template("polls/receipt_print.html", poll=item, code=code, check_url=check_url)
    return file_response(pdf, "application/pdf", f"receipt-poll-{item.id}.pdf", no_store=True)


@bp.route("/polls/photos/<name>")
def photo(name: str):
    """A project's photo (only names the app gave, of projects on a public poll)."""
    project = db.session.scalar(select(Project).where(Project.photo == name))
    if project is None or not project.poll.consultation.is_public:
        abort(404)
    mimetype = "image/png" if name.endswith(".png") else "image/jpeg"
    return send_from_directory(current_app.config["UPLOAD_FOLDER"], name, mimetype=mimetype)


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
        undeliverable=[
            step
            for step, asked in (("sms", poll.verify_sms), ("email", poll.verify_email))
            if asked and services.console_delivery(step)
        ],
        **forms,
    ), status


@bp.route("/manage/polls/<int:poll_id>")
@role_required(*STAFF_ROLES)
def manage(poll_id: int):
    """A poll's back office: settings, projects, voter list, paper batches, sharing."""
    return _overview(_editable_poll(poll_id))


# --- open data in the back office: a Pabulib file in, a closed poll out -------------------

#: where an uploaded file waits between its preview and the officer's "import"
_PENDING_FOLDER = "pb-imports"


def _pending_path(token: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / _PENDING_FOLDER / f"{token}.pb"


def _forget_pending_imports(now: float) -> None:
    """Files previewed more than a day ago and never imported go."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / _PENDING_FOLDER
    for old in folder.glob("*.pb") if folder.is_dir() else ():
        if now - old.stat().st_mtime > 86400:
            old.unlink(missing_ok=True)


def _uploaded_pb(form: ImportPbForm) -> bytes | None:
    """The upload's bytes if it is text of the allowed size; the refusal on the field."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = form.pb_file.data.read(limit + 1)
    try:
        check_size(data, limit)
    except UploadRefused as refused:
        form.pb_file.errors.append(str(refused.message))
        return None
    if b"\x00" in data[:8192] or not data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"META"):
        form.pb_file.errors.append(_("This is not a Pabulib file: it must begin with META."))
        return None
    return data


@bp.route("/manage/polls/import", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def import_pb():
    """Upload a Pabulib `.pb` file and see what it would make; nothing is imported before
    the officer confirms, and a file with any problem lists every bad row with its line."""
    form = ImportPbForm()
    preview, refused, status = None, None, 200
    if form.validate_on_submit():
        data = _uploaded_pb(form)
        if data is not None:
            try:
                preview = open_data.preview_pb(data, form.rule.data or None)
            except open_data.ImportRefused as problem:
                refused = problem
            else:
                _forget_pending_imports(time.time())
                token = secrets.token_hex(16)
                path = _pending_path(token)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                session["pb_import"] = {"token": token, "rule": form.rule.data or None}
    if form.is_submitted() and (form.errors or refused is not None):
        status = 400
    return render_template(
        "polls/import.html",
        form=form,
        preview=preview,
        refused=refused,
        confirm=ConfirmImportForm(),
        rule_labels=RULE_LABELS,
        ballot_type_labels=BALLOT_TYPE_LABELS,
    ), status


@bp.route("/manage/polls/import/confirm", methods=["POST"])
@role_required(*STAFF_ROLES)
def confirm_import_pb():
    """Import the file the officer has just previewed: a closed poll with its ballots."""
    pending = session.pop("pb_import", None)
    token = (pending or {}).get("token", "")
    path = _pending_path(token) if re.fullmatch(r"[0-9a-f]{32}", token or "") else None
    if not ConfirmImportForm().validate_on_submit() or path is None or not path.is_file():
        flash(_("Upload the file again: its preview is no longer here."), "error")
        return redirect(url_for("polls.import_pb"))
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    try:
        imported = open_data.import_pb(data, rule=pending.get("rule"))
    except open_data.ImportRefused:
        db.session.rollback()
        flash(_("Upload the file again: its preview is no longer here."), "error")
        return redirect(url_for("polls.import_pb"))
    poll = imported.poll
    poll.consultation.directorate_id = current_user.directorate_id
    record_audit(
        "poll.import",
        f"consultation:{poll.consultation_id}",
        actor_id=current_user.id,
        projects=imported.projects,
        ballots=imported.ballots,
    )
    poll_id = poll.id
    db.session.commit()
    flash(
        _(
            "The file is imported: %(projects)s projects and %(ballots)s ballots.",
            projects=imported.projects,
            ballots=imported.ballots,
        ),
        "success",
    )
    return redirect(url_for("polls.manage", poll_id=poll_id))


@bp.route("/manage/polls/<int:poll_id>/export.pb")
@role_required(*STAFF_ROLES)
def export_pb(poll_id: int):
    """A closed poll as a Pabulib file: no identity data, the ballots in random order."""
    poll = _editable_poll(poll_id)
    if services.is_open(poll, _today()) or poll.consultation.status not in ("closed", "reported"):
        abort(404)
    log_export("poll_pb", f"consultation:{poll.consultation_id}")
    db.session.commit()
    return file_response(
        open_data.export_pb(poll).encode("utf-8"), "text/plain", f"poll-{poll.id}.pb"
    )


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
            "title": form.texts("title", item.title if item else None),
            "description": form.texts("description", item.description if item else None),
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


pd = lazy_module("pandas")  # imported at first use: see consult.core.lazy


def _closed_results(poll_id: int):
    poll = public_poll(poll_id)
    if not services.is_closed(poll, dt.date.today()):
        return poll, None
    return poll, report.results(poll, current_app.config["ANONYMITY_MIN_GROUP"])


def _pending(poll, status: int = 404):
    return render_template("polls/results_pending.html", poll=poll), status


@bp.route("/polls/<int:poll_id>/results")
def results(poll_id: int):
    """Totals, winners and the reason for each project, once voting has ended."""
    poll, outcome = _closed_results(poll_id)
    if outcome is None:
        return _pending(poll, 200)
    chart = bar_chart(
        [localize(row.project.title).text for row in outcome.rows],
        [row.support for row in outcome.rows],
        _("Support for each project"),
        _("Points") if outcome.unit_is_points else _("Votes"),
    )
    return render_template(
        "polls/results.html", poll=poll, results=outcome, rule_name=report.rule_name, chart=chart
    )


def _table(outcome: report.Results) -> list[list]:
    """The results as rows: header first, one project each."""
    header = [
        _("Code"),
        _("Project"),
        _("Cost"),
        _("Votes"),
        _("Support"),
        _("Online"),
        _("On paper"),
        _("Funded"),
        _("Why"),
    ] + [report.rule_name(r) for r in outcome.other_rules]
    rows = [header]
    for row in outcome.rows:
        rows.append(
            [
                row.project.code,
                localize(row.project.title).text,
                row.project.cost,
                row.votes,
                row.support,
                _shown(row.by_channel.get("online")),
                _shown(row.by_channel.get("paper")),
                _("yes") if row.selected else _("no"),
                row.sentence,
            ]
            + [_("yes") if row.selected_under[r] else _("no") for r in outcome.other_rules]
        )
    return rows


def _shown(value) -> int | str:
    return "" if value is None else value


def _download(body: bytes, mimetype: str, poll_id: int, extension: str) -> Response:
    """The results as a file, audit-logged (who, which poll, which format, when)."""
    name = f"poll-{poll_id}-results-{current_locale()}.{extension}"
    log_export(f"poll_results_{extension}", f"poll:{poll_id}")
    db.session.commit()
    return file_response(body, mimetype, name)


def _frame(outcome: report.Results) -> pd.DataFrame:
    header, *rows = _table(outcome)
    return pd.DataFrame(rows, columns=header)


def _breakdown_frames(outcome: report.Results) -> dict[str, pd.DataFrame]:
    """One sheet per breakdown, hidden cells left empty."""
    frames = {}
    for breakdown in outcome.breakdowns:
        projects = [row.project for row in outcome.rows]
        rows = [
            [escape(group).striptags(), size] + [breakdown.cells[group].get(p.id) for p in projects]
            for group, size in breakdown.groups
        ]
        columns = [breakdown.label, _("Ballots")] + [p.code for p in projects]
        frames[breakdown.label] = pd.DataFrame(rows, columns=columns)
    return frames


@bp.route("/polls/<int:poll_id>/results.csv")
def results_csv(poll_id: int):
    """The results table as CSV (UTF-8 with a byte-order mark, for spreadsheet programs)."""
    poll, outcome = _closed_results(poll_id)
    if outcome is None:
        return _pending(poll)
    return _download(frame_csv_bytes(_frame(outcome)), "text/csv", poll.id, "csv")


@bp.route("/polls/<int:poll_id>/results.xlsx")
def results_xlsx(poll_id: int):
    """The results table and the breakdowns as an Excel workbook."""
    poll, outcome = _closed_results(poll_id)
    if outcome is None:
        return _pending(poll)
    sheets = {_("Results"): _frame(outcome), **_breakdown_frames(outcome)}
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(frames_workbook_bytes(sheets), mimetype, poll.id, "xlsx")


def _pdf(html: str, stylesheets: tuple[str, ...] = ()) -> bytes:
    return pdf_from_html(
        html, url_for("public.home", _external=True), cache=True, stylesheets=stylesheets
    )


@bp.route("/polls/<int:poll_id>/results.pdf")
def results_pdf(poll_id: int):
    """The results page as PDF."""
    poll, outcome = _closed_results(poll_id)
    if outcome is None:
        return _pending(poll)
    bars = svg_bars(
        [localize(row.project.title).text for row in outcome.rows],
        [row.support for row in outcome.rows],
    )
    html = render_template(
        "polls/results_print.html",
        poll=poll,
        results=outcome,
        rule_name=report.rule_name,
        bars=bars,
    )
    return _download(_pdf(html, (PDF_CSS,)), "application/pdf", poll.id, "pdf")


@bp.route("/polls/<int:poll_id>/poster.pdf")
def poster(poll_id: int):
    """A poster with a QR code to the poll, for the information boards of local communities."""
    poll = public_poll(poll_id)
    link = url_for("polls.poll", poll_id=poll.id, lang=current_locale(), _external=True)
    return poster_response(poll.consultation, link, f"poll-{poll.id}")
