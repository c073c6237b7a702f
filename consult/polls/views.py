"""Routes of the polls feature: the public poll, verification, the vote, receipts, results.

Officer pages (settings, projects, voter list, paper batches) are in `officer_views`, on the
same blueprint. Voting routes store and log no IP address or user agent: the rate limits key
on a keyed hash of the address that lives only in the limiter's short-lived counters.
"""

import datetime as dt

from flask import (
    Blueprint,
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
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from consult.core.labels import POLL_GENDERS
from consult.core.mail import Mail, MailFailed, send_now
from consult.core.models import LocalCommunity, utcnow
from consult.core.services import stage_on
from consult.extensions import db, limiter
from consult.polls import chair_hooks, lifecycle_hooks, services
from consult.polls.forms import (
    BALLOT_TYPE_LABELS,
    ORDINAL_SCORING_LABELS,
    RULE_LABELS,
    CodeForm,
    ConfirmVoteForm,
    EmailForm,
    PhoneForm,
    ReceiptForm,
    VoterCheckForm,
)
from consult.polls.models import Poll, Project
from consult.polls.sms import Sms, SmsFailed, send_sms

bp = Blueprint("polls", __name__)
chair_hooks.register()
lifecycle_hooks.register()


def _verify_limit() -> str:
    return current_app.config.get("POLL_VERIFY_RATE_LIMIT", "10 per minute;100 per hour")


def _vote_limit() -> str:
    # many voters may share one address (a village meeting, a mobile network)
    return current_app.config.get("POLL_VOTE_RATE_LIMIT", "60 per minute")


@bp.app_context_processor
def _poll_helpers() -> dict:
    """`poll_of(consultation)` for the kind templates included by the consultation pages."""
    return {
        "poll_of": services.poll_for,
        "ballot_type_labels": BALLOT_TYPE_LABELS,
        "rule_labels": RULE_LABELS,
        "ordinal_scoring_labels": ORDINAL_SCORING_LABELS,
    }


def _today() -> dt.date:
    return dt.date.today()


def _public_poll(poll_id: int) -> Poll:
    # every voting page shows the consultation's title: one statement for both
    poll = db.session.get(Poll, poll_id, options=[joinedload(Poll.consultation)])
    if poll is None or not poll.consultation.is_public:
        abort(404)
    return poll


def _state(poll: Poll) -> dict:
    """This visitor's progress on `poll`, kept in the signed session until the vote."""
    polls = session.setdefault("polls", {})
    session.modified = True
    return polls.setdefault(str(poll.id), {"done": []})


def _forget(poll: Poll) -> None:
    session.get("polls", {}).pop(str(poll.id), None)
    session.modified = True


def required_steps(poll: Poll) -> list[str]:
    """The verification steps of `poll`, in the order they are asked."""
    enabled = {
        "voter_list": poll.verify_voter_list,
        "sms": poll.verify_sms,
        "email": poll.verify_email,
    }
    return [step for step, on in enabled.items() if on]


# --- the poll and the ballot ---------------------------------------------------------------


@bp.route("/polls/<int:poll_id>", methods=["GET", "POST"])
@limiter.limit(_vote_limit, methods=["POST"])
def poll(poll_id: int):
    """The projects and the ballot; "check" shows what is left, "continue" goes to verify."""
    item = _public_poll(poll_id)
    state = (
        _state(item) if request.method == "POST" else session.get("polls", {}).get(str(poll_id), {})
    )
    choices = services.choices_from_json(state.get("ballot", []))
    errors, status = [], 200
    if request.method == "POST":
        if not services.is_open(item, _today()):
            return _not_open(item)
        choices = services.parse_ballot(item, request.form)
        errors = services.ballot_errors(item, choices)
        if request.form.get("action") == "continue" and not errors:
            state["ballot"] = services.choices_to_json(choices)
            state["declared"] = _declared(request.form)
            return redirect(url_for("polls.verify", poll_id=item.id))
        status = 400 if errors and request.form.get("action") == "continue" else 200
    return render_template(
        "polls/poll.html",
        **_ballot_page(item, choices, errors),
        declared=state.get("declared", {}),
        communities=db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id)),
    ), status


def _not_open(item: Poll):
    """The page a voter sees when voting is not open today: why, and when it opens or closed
    (the same state the poll's page shows), with nothing recorded."""
    stage = stage_on(item.consultation, _today())
    page = render_template(
        "polls/not_open.html", poll=item, consultation=item.consultation, stage=stage
    )
    return page, 403


def _declared(form) -> dict:
    """The optional facts a voter gives about themselves, for the breakdowns."""
    gender = form.get("gender", "")
    community = form.get("local_community", "")
    return {
        "gender": gender if gender in POLL_GENDERS else None,
        "local_community_id": services.local_community_of(community),
    }


def _ballot_page(item: Poll, choices, errors) -> dict:
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
@limiter.limit(_verify_limit, methods=["POST"])
def verify(poll_id: int):
    """One verification step at a time: voter list, then SMS code, then e-mail code."""
    item = _public_poll(poll_id)
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


def _voter_list_step(item: Poll, state: dict, step: str):
    form = VoterCheckForm()
    if form.validate_on_submit():
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
            state["identity"] = entry.identity_hash
            state["listed"] = {
                "age_band": services.age_band(entry.birth_year, _today()),
                "gender": entry.gender,
                "local_community_id": entry.local_community_id,
            }
            return _step_done(item, state, step)
    status = 400 if form.errors else 200
    return render_template("polls/verify.html", poll=item, step=step, form=form), status


def _code_step(item: Poll, state: dict, step: str):
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


def _send_code(item: Poll, step: str, target: str, code: str) -> None:
    text = _("Your code for voting in the poll is %(code)s. It is valid for 15 minutes.", code=code)
    if step == "email":
        send_now(Mail(to=target, subject=_("Your voting code"), body=text))
    else:
        send_sms(Sms(to=target, text=text))


def _check_code(item: Poll, state: dict, step: str, pending: dict):
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


def _step_done(item: Poll, state: dict, step: str):
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
    item = _public_poll(poll_id)
    if not services.is_open(item, _today()):
        return _not_open(item)
    state = _state(item)
    steps = required_steps(item)
    if "ballot" not in state or "identity" not in state or set(steps) - set(state["done"]):
        return redirect(url_for("polls.poll", poll_id=item.id))
    choices = services.choices_from_json(state["ballot"])
    form = ConfirmVoteForm()
    if form.validate_on_submit():
        return _cast(item, state, choices)
    return render_template("polls/confirm.html", form=form, **_ballot_page(item, choices, []))


def _cast(item: Poll, state: dict, choices):
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
    # rendered before the commit, which would expire the poll and read it again; if the
    # commit fails, the page is never sent
    page = render_template("polls/voted.html", poll=item, receipt=code)
    db.session.commit()
    return page


@bp.route("/polls/<int:poll_id>/receipt", methods=["GET", "POST"])
@limiter.limit(_verify_limit, methods=["POST"])
def receipt(poll_id: int):
    """Check that the ballot with a receipt code is in the count; it shows nothing else."""
    item = _public_poll(poll_id)
    form = ReceiptForm()
    found = None
    if form.validate_on_submit():
        found = services.receipt_counted(item, form.code.data)
    return render_template("polls/receipt.html", poll=item, form=form, found=found)


@bp.route("/polls/photos/<name>")
def photo(name: str):
    """A project's photo (only names the app gave, of projects on a public poll)."""
    project = db.session.scalar(select(Project).where(Project.photo == name))
    if project is None or not project.poll.consultation.is_public:
        abort(404)
    mimetype = "image/png" if name.endswith(".png") else "image/jpeg"
    return send_from_directory(current_app.config["UPLOAD_FOLDER"], name, mimetype=mimetype)


from consult.polls import officer_views, result_views  # noqa: E402, F401  routes on `bp`
