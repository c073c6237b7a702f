"""Routes of the audience lists: the public "Join a list" page with its confirmation link and
the unsubscribe pages; in the back office (the Public Information Office and administrators),
the lists, their members, imports and the messages sent to them."""

import datetime as dt
from functools import wraps

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from consult.audiences import bp, imports, services
from consult.audiences.forms import (
    ActionForm,
    ImportForm,
    JoinForm,
    ListForm,
    MemberForm,
    QueueForm,
    SendForm,
    UnsubscribeForm,
)
from consult.audiences.models import AudienceList, AudienceMember, AudienceSend
from consult.audiences.services import AudienceRefused
from consult.auth.services import STAFF_ROLES, role_required
from consult.core.fields import content_choice
from consult.core.labels import (
    AUDIENCE_LIST_LABELS,
    CONSENT_LABELS,
    RECORDED_CONSENT_WAYS,
    sector_label,
)
from consult.core.models import utcnow
from consult.core.rate_limits import public_post_limit
from consult.core.records import record_or_none
from consult.core.upload_limits import UploadRefused, import_deadline
from consult.extensions import csrf, db, limiter
from consult.form_views import refusal_on
from consult.i18n import ENDONYMS, HTML_LANG, LOCALES, current_locale, localize

#: members shown on one page of a list
MEMBERS_PER_PAGE = 100
#: where the id of the officer's previewed import waits for "Import"
_PENDING_IMPORT = "audience_import"


def _links() -> services.SendLinks:
    return services.SendLinks(
        consultation=lambda number, locale: url_for(
            "public.consultation", consultation_id=number, lang=locale, _external=True
        ),
        meeting=lambda number, locale: url_for(
            "meetings.meeting", meeting_id=number, lang=locale, _external=True
        ),
        unsubscribe=lambda token: url_for("audiences.unsubscribe", token=token, _external=True),
        one_click=lambda token: url_for(
            "audiences.one_click_unsubscribe", token=token, _external=True
        ),
    )


def list_keepers_only(view):
    """Refuse the view (403) unless the signed-in user keeps the lists (administrators and
    the Public Information Office, `services.may_manage_lists`)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not services.may_manage_lists(current_user):
            abort(403)
        return view(*args, **kwargs)

    return role_required(*STAFF_ROLES)(wrapped)


def _list_or_404(list_id: int) -> AudienceList:
    audience_list = record_or_none(AudienceList, list_id)
    if audience_list is None:
        abort(404)
    return audience_list


# ---------------------------------------------------------------- the public pages


def _list_choice(item: AudienceList) -> str:
    """A list as a choice: its name and its audience."""
    name = localize(item.name).text
    label = str(AUDIENCE_LIST_LABELS.get(item.audience, item.audience))
    return name if label.casefold() == name.casefold() else f"{name} ({label})"


def _join_form(lists: list[AudienceList]) -> JoinForm:
    form = JoinForm()
    form.list_ids.choices = [SelectChoice(item.id, _list_choice(item)) for item in lists]
    if request.method == "GET":
        form.locale.data = current_locale()
    return form


@bp.route("/lists", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def join():
    """Join the municipality's lists open to the public: invitations to consultations and
    meetings, and newsletters, by e-mail. Nothing is sent before the e-mailed link is
    followed."""
    lists = services.public_lists()
    form = _join_form(lists)
    if form.validate_on_submit():
        chosen = [item for item in lists if item.id in form.list_ids.data]
        signed = services.sign_up(
            chosen, form.name.data or "", form.email.data, form.locale.data, utcnow()
        )
        if signed is not None:
            token, joined = signed
            services.signup_mail(
                services.normalise_email(form.email.data),
                token,
                joined,
                form.locale.data,
                lambda token: url_for("audiences.confirm", token=token, _external=True),
            )
        db.session.commit()
        hours = current_app.config["AUDIENCE_CONFIRM_HOURS"]
        flash(
            ngettext(
                "If the address is not on these lists yet, we have sent it a link: follow it "
                "within %(num)s hour to confirm.",
                "If the address is not on these lists yet, we have sent it a link: follow it "
                "within %(num)s hours to confirm.",
                hours,
            ),
            "success",
        )
        return redirect(url_for("audiences.join"))
    db.session.rollback()
    status = 400 if form.errors else 200
    return render_template("audiences/join.html", form=form, lists=lists), status


@bp.route("/lists/confirm/<token>")
def confirm(token: str):
    """The link of the sign-up e-mail: the person counts on the lists from today (once)."""
    result = services.confirm_sign_up(token, utcnow(), current_app.config["AUDIENCE_CONFIRM_HOURS"])
    if result is None:
        db.session.rollback()
        message = _(
            "This link is not valid or was used already. If you confirmed before, you are on "
            "the lists."
        )
        return render_template("message.html", message=message), 404
    outcome, lists = result
    db.session.commit()
    if outcome == services.EXPIRED:
        message = _("The link has expired. Sign up again on this page.")
        flash(message, "error")
        return redirect(url_for("audiences.join")), 303
    names = ", ".join(localize(item.name).text for item in lists)
    flash(_("You are on these lists now: %(lists)s.", lists=names), "success")
    return redirect(url_for("audiences.join"))


def _recipient_or_404(token: str):
    recipient = services.recipient_for(token)
    if recipient is None:
        message = _("This link is not valid.")
        abort(make_response(render_template("message.html", message=message), 404))
    return recipient


def _left_message():
    message = _("You have left these lists, and your address is deleted from them.")
    return render_template("message.html", message=message)


@bp.route("/lists/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """The link in every message: leave the lists it came through (with a button: mail
    scanners follow links, so a GET never unsubscribes). Not rate-limited: leaving must
    always work, and the unguessable token is the proof."""
    recipient = _recipient_or_404(token)
    form = UnsubscribeForm()
    if form.validate_on_submit():
        services.unsubscribe(recipient, utcnow())
        db.session.commit()
        return _left_message()
    lists = services.lists_of(recipient)
    still = services.still_on_lists(recipient)
    return render_template(
        "audiences/unsubscribe.html", form=form, lists=lists, still=still
    ), 400 if form.errors else 200


@bp.route("/lists/unsubscribe/<token>/one-click", methods=["GET", "POST"])
@csrf.exempt
def one_click_unsubscribe(token: str):
    """The List-Unsubscribe address of every message (RFC 8058): the mail program POSTs
    "List-Unsubscribe=One-Click" to it, with no page and no CSRF token (the unguessable token
    in the address is the proof). A GET, as a scanner makes, only leads to the page with the
    button. Not rate-limited: the large mail providers post from a few addresses for all of
    their users."""
    recipient = _recipient_or_404(token)
    if request.method == "GET":
        return redirect(url_for("audiences.unsubscribe", token=token))
    services.unsubscribe(recipient, utcnow())
    db.session.commit()
    return _left_message()


# ---------------------------------------------------------------- the back office: lists


@bp.route("/manage/lists/")
@list_keepers_only
def manage_index():
    """The audience lists with their counts, and the messages sent to them."""
    sends = services.all_sends()
    return render_template(
        "audiences/manage_index.html",
        lists=services.all_lists(),
        counts=services.list_counts(),
        sends=sends,
        send_counts=services.send_counts([s.id for s in sends if s.queued_at is not None]),
        audience_labels=AUDIENCE_LIST_LABELS,
        sector_label=sector_label,
    )


def _list_page(form: ListForm, audience_list: AudienceList | None, status: int = 200):
    return render_template(
        "audiences/list_form.html", form=form, audience_list=audience_list
    ), status


def _save_list(form: ListForm, audience_list: AudienceList, created: bool):
    if form.validate_on_submit():
        try:
            services.save_list(
                audience_list,
                form.texts("name", audience_list.name),
                form.audience.data,
                form.sector.data or None,
                form.open_to_public.data,
                current_user.id,
            )
        except AudienceRefused as refused:
            refusal_on(form, refused, form.audience)
        else:
            list_id = audience_list.id
            db.session.commit()
            flash(_("The list is saved.") if not created else _("The list is made."), "success")
            return redirect(url_for("audiences.manage_list", list_id=list_id))
    db.session.rollback()
    return _list_page(form, None if created else audience_list, 400 if form.errors else 200)


@bp.route("/manage/lists/new", methods=["GET", "POST"])
@list_keepers_only
def new_list():
    """Make a list for one audience of the strategy."""
    return _save_list(ListForm(), AudienceList(), created=True)


@bp.route("/manage/lists/<int:list_id>/edit", methods=["GET", "POST"])
@list_keepers_only
def edit_list(list_id: int):
    """Change a list's name, audience, sector, and whether the public may join it."""
    audience_list = _list_or_404(list_id)
    form = ListForm()
    if request.method == "GET":
        form.fill_texts("name", audience_list.name)
        form.audience.data = audience_list.audience
        form.sector.data = audience_list.sector or ""
        form.open_to_public.data = audience_list.open_to_public
    return _save_list(form, audience_list, created=False)


def _member_form() -> MemberForm:
    form = MemberForm()
    if request.method == "GET":
        form.consent_on.data = dt.date.today()
    return form


def _manage_list_page(audience_list: AudienceList, member_form: MemberForm, status: int = 200):
    page = max(1, request.args.get("page", 1, type=int) or 1)
    counts = services.list_counts().get(audience_list.id, services.ListCounts())
    total = counts.members + counts.waiting
    return render_template(
        "audiences/manage_list.html",
        audience_list=audience_list,
        members=services.members_of(audience_list, page, MEMBERS_PER_PAGE),
        counts=counts,
        page=page,
        pages=max(1, -(-total // MEMBERS_PER_PAGE)),
        member_form=member_form,
        action_form=ActionForm(),
        audience_labels=AUDIENCE_LIST_LABELS,
        consent_labels=CONSENT_LABELS,
        sector_label=sector_label,
        endonyms=ENDONYMS,
        html_langs=HTML_LANG,
        sent_to=services.was_sent_to(audience_list),
        recorded_by=_recorded_by,
    ), status


@bp.route("/manage/lists/<int:list_id>")
@list_keepers_only
def manage_list(list_id: int):
    """A list: its members with the record of each one's consent, the form to add one."""
    return _manage_list_page(_list_or_404(list_id), _member_form())


@bp.route("/manage/lists/<int:list_id>/members", methods=["POST"])
@list_keepers_only
def add_member(list_id: int):
    """Add a member with the consent the officer holds (a paper form, an e-mail request, the
    organisation's public contact) and its day: the member counts at once."""
    audience_list = _list_or_404(list_id)
    form = _member_form()
    if form.validate_on_submit():
        row = imports.MemberRow(
            line=0,
            name=(form.name.data or "").strip(),
            email=services.normalise_email(form.email.data),
            locale=form.locale.data,
            consent_how=form.consent_how.data,
            consent_on=form.consent_on.data,
        )
        try:
            services.add_member(audience_list, row, current_user.id, utcnow())
        except AudienceRefused as refused:
            refusal_on(form, refused, form.email)
        else:
            db.session.commit()
            flash(_("The member is added."), "success")
            return redirect(url_for("audiences.manage_list", list_id=list_id))
    db.session.rollback()
    return _manage_list_page(audience_list, form, 400)


@bp.route("/manage/lists/<int:list_id>/members/<int:member_id>/remove", methods=["POST"])
@list_keepers_only
def remove_member(list_id: int, member_id: int):
    """Remove a member: the address is erased."""
    audience_list = _list_or_404(list_id)
    member = record_or_none(AudienceMember, member_id)
    if member is None or member.list_id != audience_list.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.remove_member(member, current_user.id)
    db.session.commit()
    flash(_("The member is removed and the address erased."), "success")
    return redirect(url_for("audiences.manage_list", list_id=list_id))


@bp.route("/manage/lists/<int:list_id>/delete", methods=["POST"])
@list_keepers_only
def delete_list(list_id: int):
    """Delete a list no message has gone to, with its members."""
    audience_list = _list_or_404(list_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.delete_list(audience_list, current_user.id)
    except AudienceRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("audiences.manage_list", list_id=list_id)), 303
    db.session.commit()
    flash(_("The list is deleted, with its members."), "success")
    return redirect(url_for("audiences.manage_index"))


# ---------------------------------------------------------------- the back office: imports


def _read_upload(form: ImportForm, audience_list: AudienceList):
    """(text, plan) of the uploaded file, or (None, refusal) with the problems."""
    config = current_app.config
    data = form.file.data.read(config["AUDIENCE_IMPORT_MAX_BYTES"] + 1)
    try:
        text = imports.file_text(data, config["AUDIENCE_IMPORT_MAX_BYTES"])
    except UploadRefused as refused:
        form.file.errors = [*form.file.errors, refused.message]
        return None, None
    return text, _plan(text, audience_list)


def _plan(text: str, audience_list: AudienceList):
    """The import plan of `text`, or the ImportRefused listing its problems."""
    config = current_app.config
    try:
        rows = imports.read_members(
            text, dt.date.today(), config["AUDIENCE_IMPORT_MAX_ROWS"], import_deadline()
        )
    except imports.ImportRefused as refused:
        return refused
    except UploadRefused as refused:  # the file took too long to read
        return imports.ImportRefused([imports.Problem(0, refused.message)])
    return services.plan_import(audience_list, rows)


@bp.route("/manage/lists/<int:list_id>/import", methods=["GET", "POST"])
@list_keepers_only
def import_members(list_id: int):
    """Upload a CSV file of members and see what it would add; nothing is imported before
    the officer confirms, and a file with any bad row lists every one with its line."""
    audience_list = _list_or_404(list_id)
    form = ImportForm()
    plan = refused = None
    if form.validate_on_submit():
        text, result = _read_upload(form, audience_list)
        if isinstance(result, imports.ImportRefused):
            refused = result
        elif result is not None:
            plan = result
            session[_PENDING_IMPORT] = services.keep_pending_import(
                audience_list, current_user, text, len(plan.new) + plan.already
            )
            db.session.commit()
    status = 400 if form.is_submitted() and (form.errors or refused is not None) else 200
    if status == 400:
        db.session.rollback()
    return render_template(
        "audiences/import.html",
        audience_list=audience_list,
        form=form,
        plan=plan,
        refused=refused,
        confirm=ActionForm(),
        consent_labels=CONSENT_LABELS,
        endonyms=ENDONYMS,
        html_langs=HTML_LANG,
        columns=imports.COLUMNS,
        locales=LOCALES,
        consent_ways=RECORDED_CONSENT_WAYS,
    ), status


@bp.route("/manage/lists/<int:list_id>/import/confirm", methods=["POST"])
@list_keepers_only
def confirm_import(list_id: int):
    """Import the file the officer has just previewed (checked again as it is imported)."""
    audience_list = _list_or_404(list_id)
    pending_id = session.pop(_PENDING_IMPORT, None)
    if not ActionForm().validate_on_submit():
        abort(400)
    text = services.take_pending_import(
        pending_id if isinstance(pending_id, int) else None, audience_list, current_user, utcnow()
    )
    result = _plan(text, audience_list) if text is not None else None
    if not isinstance(result, services.ImportPlan):
        db.session.commit()  # the stale preview goes
        flash(_("Upload the file again: its preview is no longer here."), "error")
        return redirect(url_for("audiences.import_members", list_id=list_id)), 303
    added = services.import_members(audience_list, result, current_user.id, utcnow())
    db.session.commit()
    flash(ngettext("%(num)s member is added.", "%(num)s members are added.", added), "success")
    return redirect(url_for("audiences.manage_list", list_id=list_id))


# ---------------------------------------------------------------- the back office: messages


def _send_or_404(send_id: int) -> AudienceSend:
    send = record_or_none(AudienceSend, send_id)
    if send is None:
        abort(404)
    return send


def _send_form(send: AudienceSend | None) -> SendForm:
    form = SendForm()
    today = dt.date.today()
    form.consultation_id.choices = [SelectChoice(0, _("None"))] + [
        content_choice(c.id, c.title) for c in services.sendable_consultations()
    ]
    meetings = services.sendable_meetings(today)
    if send is not None and send.meeting is not None and send.meeting not in meetings:
        meetings.insert(0, send.meeting)
    form.meeting_id.choices = [SelectChoice(0, _("None"))] + [
        SelectChoice(m.id, f"{localize(services.meeting_title(m)).text} · {m.held_on.isoformat()}")
        for m in meetings
    ]
    form.list_ids.choices = [
        SelectChoice(item.id, _list_choice(item)) for item in services.all_lists()
    ]
    if request.method == "GET" and send is not None:
        form.fill_texts("subject", send.subject)
        form.fill_texts("body", send.body)
        form.consultation_id.data = send.consultation_id or 0
        form.meeting_id.data = send.meeting_id or 0
        form.list_ids.data = [item.id for item in send.lists]
    return form


def _save_send(form: SendForm, send: AudienceSend):
    created = send.id is None
    if form.validate_on_submit():
        try:
            services.save_send(
                send,
                form.texts("subject", send.subject),
                form.texts("body", send.body),
                form.consultation_id.data or None,
                form.meeting_id.data or None,
                form.list_ids.data,
                current_user.id,
            )
        except AudienceRefused as refused:
            refusal_on(form, refused, form.list_ids)
        else:
            send_id = send.id
            db.session.commit()
            flash(_("The draft is saved. Check it, then send it."), "success")
            return redirect(url_for("audiences.manage_send", send_id=send_id))
    db.session.rollback()
    return render_template(
        "audiences/send_form.html", form=form, send=None if created else send
    ), 400 if form.errors else 200


@bp.route("/manage/lists/messages/new", methods=["GET", "POST"])
@list_keepers_only
def new_send():
    """Write an invitation or a newsletter to one or more lists."""
    return _save_send(_send_form(None), AudienceSend())


@bp.route("/manage/lists/messages/<int:send_id>/edit", methods=["GET", "POST"])
@list_keepers_only
def edit_send(send_id: int):
    """Change a draft message."""
    send = _send_or_404(send_id)
    if send.queued_at is not None:
        return redirect(url_for("audiences.manage_send", send_id=send_id))
    return _save_send(_send_form(send), send)


def _previews(send: AudienceSend) -> list[tuple[str, str, str, str]]:
    """(language tag, language name, subject, text) of the message as each language's
    readers get it."""
    links = services.SendLinks(
        consultation=_links().consultation,
        meeting=_links().meeting,
        unsubscribe=lambda token: url_for("audiences.join", _external=True) + "/unsubscribe/…",
        one_click=lambda token: "",
    )
    names = [item.name for item in send.lists[:1]]
    shown = []
    for locale in LOCALES:
        subject, body = services.compose(send, locale, names, links, "")
        shown.append((HTML_LANG[locale], ENDONYMS[locale], subject, body))
    return shown


@bp.route("/manage/lists/messages/<int:send_id>")
@list_keepers_only
def manage_send(send_id: int):
    """A message: while a draft, what each language's readers get, how many people it
    reaches and the button that sends it; once sent, its counts per list."""
    send = _send_or_404(send_id)
    list_ids = [item.id for item in send.lists]
    queued = send.queued_at is not None
    recipients = services.recipient_count(list_ids)
    return render_template(
        "audiences/manage_send.html",
        send=send,
        queued=queued,
        recipients=recipients,
        gaps=[] if queued else services.send_gaps(send, dt.date.today()),
        draft_counts={} if queued else services.draft_counts(send),
        totals=services.send_counts([send.id]).get(send.id, services.SendCounts())
        if queued
        else None,
        per_list=services.send_counts_per_list(send) if queued else {},
        previews=[] if queued else _previews(send),
        queue_form=QueueForm(expected=str(recipients)),
        action_form=ActionForm(),
        meeting_title=services.meeting_title,
        audience_labels=AUDIENCE_LIST_LABELS,
    )


@bp.route("/manage/lists/messages/<int:send_id>/send", methods=["POST"])
@list_keepers_only
def queue_send(send_id: int):
    """Send a draft: one message per person into the outbox (the mail worker sends them)."""
    send = _send_or_404(send_id)
    form = QueueForm()
    back = redirect(url_for("audiences.manage_send", send_id=send_id)), 303
    if not form.validate_on_submit():
        abort(400)
    reach = services.recipient_count([item.id for item in send.lists])
    if send.queued_at is None and form.expected.data != str(reach):
        flash(
            ngettext(
                "The number of people changed since you looked: the message now reaches "
                "%(num)s person. Check it and send it again.",
                "The number of people changed since you looked: the message now reaches "
                "%(num)s people. Check it and send it again.",
                reach,
            ),
            "error",
        )
        return back
    try:
        queued = services.queue_send(send, current_user.id, utcnow(), _links())
    except AudienceRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return back
    db.session.commit()
    flash(
        ngettext(
            "%(num)s message is in the outbox and goes out with the next round of the mail worker.",
            "%(num)s messages are in the outbox and go out with the next round of the mail worker.",
            queued,
        ),
        "success",
    )
    return redirect(url_for("audiences.manage_send", send_id=send_id))


@bp.route("/manage/lists/messages/<int:send_id>/delete", methods=["POST"])
@list_keepers_only
def delete_send(send_id: int):
    """Delete a draft message."""
    send = _send_or_404(send_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.delete_draft(send, current_user.id)
    except AudienceRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("audiences.manage_send", send_id=send_id)), 303
    db.session.commit()
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("audiences.manage_index"))


def _recorded_by(member: AudienceMember) -> str:
    """Who recorded a member's consent, for the list page."""
    if member.recorded_by_id is None:
        return _("The person, by the confirmed link")
    return member.recorded_by.name if member.recorded_by is not None else ""
