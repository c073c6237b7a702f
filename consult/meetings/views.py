"""The public meetings: the calendar with its filters and iCalendar feed, each meeting's page
with registration for a seat, and the back office of stand-alone meetings (/manage/meetings:
create, edit, announce, cancel, minutes and attendance, the list of registrations)."""

import datetime as dt
from functools import partial

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from consult.auth.services import STAFF_ROLES, role_required
from consult.core.fields import content_choice
from consult.core.labels import MEETING_AUDIENCE_LABELS, MEETING_FORMAT_LABELS
from consult.core.models import LocalCommunity, utcnow
from consult.core.municipalities import municipality_names
from consult.core.profiles import current_standards
from consult.core.rate_limits import public_post_limit
from consult.core.records import record_or_none
from consult.core.reports import csv_bytes, file_response
from consult.core.services import log_export
from consult.extensions import db, limiter
from consult.form_views import refusal_on
from consult.form_views import save_form as save_any_form
from consult.i18n import current_locale, localize
from consult.meetings import bp, formats, services
from consult.meetings.forms import (
    ActionForm,
    CancelForm,
    CancelRegistrationForm,
    MinutesForm,
    PublicMeetingForm,
    RegistrationForm,
)
from consult.meetings.models import Meeting
from consult.meetings.services import CalendarEntry, CalendarFilter, MeetingRefused

#: how many days back the calendar's past meetings reach
CALENDAR_PAST_DAYS = 365

#: `consult.form_views.save_form` with a meeting's refusal
save_form = partial(save_any_form, refused=MeetingRefused)


def _today() -> dt.date:
    return dt.date.today()


def _timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@bp.app_context_processor
def _template_helpers() -> dict:
    return {
        "meeting_audience_label": formats.audience_label,
        "meeting_format_labels": MEETING_FORMAT_LABELS,
    }


# ---------------------------------------------------------------- the calendar


def _entry_url(entry: CalendarEntry, external: bool = False) -> str:
    if entry.meeting is not None:
        return url_for("meetings.meeting", meeting_id=entry.meeting.id, _external=external)
    return url_for("public.consultation", consultation_id=entry.consultation.id, _external=external)


@bp.route("/meetings")
def calendar():
    """Upcoming public meetings and those of the last year, filtered by local community and
    audience, with the .ics feed."""
    today = _today()
    chosen = CalendarFilter.from_args(request.args)
    entries = services.calendar_entries(today - dt.timedelta(days=CALENDAR_PAST_DAYS), None, chosen)
    audiences, communities = services.audiences_and_communities()
    return render_template(
        "meetings/calendar.html",
        upcoming=[e for e in entries if e.held_on >= today],
        past=sorted(
            (e for e in entries if e.held_on < today), key=lambda e: e.sort_key, reverse=True
        ),
        chosen=chosen,
        audiences=audiences,
        communities=communities,
        whole_municipality=services.WHOLE_MUNICIPALITY,
        entry_url=_entry_url,
        today=today,
    )


def _feed(entries: list[CalendarEntry], name: str) -> Response:
    body = services.calendar_ics(entries, lambda e: _entry_url(e, external=True), _timezone(), name)
    return Response(body, mimetype="text/calendar")


@bp.route("/meetings.ics")
def calendar_feed():
    """The public meetings as an iCalendar feed for calendar applications (the page's
    filters apply as well)."""
    chosen = CalendarFilter.from_args(request.args)
    entries = services.calendar_entries(
        _today() - dt.timedelta(days=CALENDAR_PAST_DAYS), None, chosen
    )
    return _feed(entries, localize(municipality_names()).text)


def _public_meeting(meeting_id: int) -> Meeting:
    meeting = record_or_none(Meeting, meeting_id)
    if meeting is None or not services.is_public(meeting):
        abort(404)
    return meeting


@bp.route("/meetings/<int:meeting_id>.ics")
def meeting_feed(meeting_id: int):
    """One meeting as an iCalendar file, to add it to a calendar."""
    meeting = _public_meeting(meeting_id)
    entry = services.entry_of(meeting)
    return _feed([entry], localize(entry.title).text)


def _meeting_page(meeting: Meeting, form: RegistrationForm | None = None, status: int = 200):
    now = utcnow()
    state = services.registration_state(meeting, now)
    if state == "open" and form is None:
        form = RegistrationForm(formdata=None)
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        entry=services.entry_of(meeting),
        state=state,
        seats_left=services.seats_left(meeting, now),
        form=form if state == "open" else None,
        held=meeting.held_on <= _today() and not meeting.is_cancelled,
        today=_today(),
    ), status


@bp.route("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    """Everything about one public meeting: when, where, how to join, for whom, its agenda,
    accessibility, registration, and once held its minutes and attendance."""
    return _meeting_page(_public_meeting(meeting_id))


@bp.route("/meetings/<int:meeting_id>/register", methods=["POST"])
@limiter.limit(public_post_limit)
def register(meeting_id: int):
    """Ask for a seat: the link to confirm it goes to the e-mail address given."""
    meeting = _public_meeting(meeting_id)
    form = RegistrationForm()
    if not form.validate_on_submit():
        db.session.rollback()
        return _meeting_page(meeting, form, 400)
    try:
        registered = services.register(
            meeting, form.name.data, form.email.data, current_locale(), utcnow()
        )
    except MeetingRefused as refused:
        db.session.rollback()
        refusal_on(form, refused, form.email)
        return _meeting_page(meeting, form, 400)
    services.queue_registration_mail(
        registered,
        lambda token: url_for("meetings.confirm_registration", token=token, _external=True),
        lambda token: url_for("meetings.cancel_registration", token=token, _external=True),
    )
    db.session.commit()
    flash(
        _("We sent you an e-mail. Follow its link to confirm your seat."),
        "success",
    )
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id))


@bp.route("/meetings/registrations/confirm/<token>")
def confirm_registration(token: str):
    """The link in the registration e-mail: the seat is confirmed (once)."""
    result = services.confirm(token, utcnow())
    if result is None:
        db.session.rollback()
        message = _(
            "This link is not valid or was used already. If you confirmed your seat before, "
            "your registration stands."
        )
        return render_template("message.html", message=message), 404
    outcome, meeting = result
    db.session.commit()
    if outcome == services.CONFIRMED:
        flash(_("Your seat is confirmed. See you at the meeting."), "success")
        return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    messages = {
        services.EXPIRED: _("The link has expired. Register again if seats are left."),
        services.FILLED: _(
            "Your seat was held for a limited time, and the meeting filled up in the meantime."
        ),
        services.CLOSED: _("Registration for this meeting is closed."),
    }
    flash(messages[outcome], "error")
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id)), 303


@bp.route("/meetings/registrations/cancel/<token>", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def cancel_registration(token: str):
    """The cancellation link: give the seat back (confirmed with a button)."""
    registration = services.registration_to_cancel(token)
    if registration is None:
        message = _("This link is not valid or was used already.")
        return render_template("message.html", message=message), 404
    form = CancelRegistrationForm()
    if form.validate_on_submit():
        meeting = services.cancel_registration(registration)
        db.session.commit()
        flash(
            _("Your registration is cancelled and your seat is free for someone else."), "success"
        )
        return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    meeting = registration.meeting
    return render_template(
        "meetings/cancel_registration.html",
        form=form,
        meeting=meeting,
        title=services.display_title(meeting),
    )


# ---------------------------------------------------------------- the back office


def _managed(meeting_id: int) -> Meeting:
    """A stand-alone meeting the signed-in officer manages (404, or 403 if not theirs)."""
    meeting = record_or_none(Meeting, meeting_id)
    if meeting is None or meeting.consultation_id is not None:
        abort(404)
    if not services.may_manage(current_user, meeting):
        abort(403)
    return meeting


def _manage_url(meeting: Meeting) -> str:
    return url_for("meetings.manage_meeting", meeting_id=meeting.id)


@bp.route("/manage/meetings/")
@role_required(*STAFF_ROLES)
def manage_index():
    """The stand-alone public meetings this officer manages."""
    return render_template(
        "meetings/manage_index.html",
        meetings=services.standalone_meetings(current_user),
        today=_today(),
    )


def _meeting_form(meeting: Meeting | None, formdata: bool = True) -> PublicMeetingForm:
    form = (
        PublicMeetingForm(obj=meeting)
        if formdata
        else PublicMeetingForm(formdata=None, obj=meeting)
    )
    form.directorate_id.choices = [
        content_choice(d.id, d.name)
        if d is not None
        else SelectChoice(
            0,
            _("No directorate: the Public Information Office, the Mayor's office or the Assembly"),
        )
        for d in services.organisers_for(current_user)
    ]
    communities = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id)).all()
    form.local_community_id.choices = [SelectChoice(0, _("The whole municipality"))] + [
        content_choice(c.id, c.name) for c in communities
    ]
    if meeting is not None and not form.is_submitted():
        for name in ("title", "agenda", "accessibility"):
            form.fill_texts(name, getattr(meeting, name))
        form.local_community_id.data = meeting.local_community_id or 0
        form.directorate_id.data = meeting.directorate_id or 0
    elif meeting is None and not form.is_submitted():
        form.directorate_id.data = form.directorate_id.choices[0].value
    return form


def _plan_of(form: PublicMeetingForm, meeting: Meeting | None = None) -> services.MeetingPlan:
    """The plan the form describes; `meeting`'s texts in languages the form does not show are
    kept."""
    return services.MeetingPlan(
        title=form.texts("title", meeting.title if meeting else None),
        directorate_id=form.directorate_id.data or None,
        format=form.format.data,
        audience=form.audience.data,
        local_community_id=form.local_community_id.data or None,
        held_on=form.held_on.data,
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        place=form.place.data or "",
        online_url=form.online_url.data,
        stream_url=form.stream_url.data,
        agenda=form.texts("agenda", meeting.agenda if meeting else None),
        accessibility=form.texts("accessibility", meeting.accessibility if meeting else None),
        registration=bool(form.registration.data),
        seat_limit=form.seat_limit.data,
    )


def _format_advice() -> list[tuple[str, object, object]]:
    """(audience, its label, the suggestion) for every audience of the form."""
    return [
        (code, label, formats.suggestion(code)) for code, label in MEETING_AUDIENCE_LABELS.items()
    ]


def _manage_page(meeting: Meeting | None, status: int = 200, **forms):
    form = forms.get("form") or _meeting_form(meeting, formdata=False)
    now = utcnow()
    today = _today()
    context = {
        "meeting": meeting,
        "form": form,
        "advice": _format_advice(),
        "format_advice": {code: advice.formats for code, advice in formats.ADVICE.items()},
        "current_suggestion": formats.suggestion(form.audience.data or "general"),
        "suggested_formats": getattr(
            formats.advice_for(form.audience.data or "general"), "formats", ()
        ),
        "today": today,
    }
    if meeting is not None:
        registrations = services.registrations_of(meeting)
        context.update(
            mismatch=formats.mismatch(meeting.audience, meeting.format),
            findings=services.meeting_findings(meeting, today, _standards())
            if meeting.announced_on
            else [],
            gaps=services.announcement_gaps(meeting, today) if not meeting.announced_on else [],
            action_form=ActionForm(formdata=None),
            cancel_form=forms.get("cancel_form") or CancelForm(formdata=None),
            minutes_form=forms.get("minutes_form") or _minutes_form(meeting),
            registered=len(registrations),
            confirmed=sum(1 for r in registrations if r.confirmed_at is not None),
            seats_left=services.seats_left(meeting, now),
            public=services.is_public(meeting),
        )
    return render_template("meetings/manage_meeting.html", **context), status


def _standards() -> dict:
    return current_standards()


def _minutes_form(meeting: Meeting) -> MinutesForm:
    form = MinutesForm(formdata=None, obj=meeting)
    form.fill_texts("minutes", meeting.minutes)
    return form


@bp.route("/manage/meetings/new", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def new_meeting():
    """Plan a stand-alone public meeting (announced separately)."""
    form = _meeting_form(None)
    saved: list[Meeting] = []

    def action() -> None:
        meeting, _changed = services.save_standalone(None, _plan_of(form), current_user, _today())
        saved.append(meeting)

    if form.validate_on_submit():
        try:
            action()
        except MeetingRefused as refused:
            refusal_on(form, refused, form.held_on)
        else:
            db.session.commit()
            flash(_("The meeting is saved. Announce it when it is ready."), "success")
            return redirect(_manage_url(saved[0]))
    db.session.rollback()
    return _manage_page(None, 400 if form.is_submitted() else 200, form=form)


@bp.route("/manage/meetings/<int:meeting_id>", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def manage_meeting(meeting_id: int):
    """A stand-alone meeting: edit it, announce or cancel it, its registrations, and after
    the day its minutes and attendance."""
    meeting = _managed(meeting_id)
    if request.method == "GET":
        return _manage_page(meeting)
    form = _meeting_form(meeting)
    if form.validate_on_submit():
        try:
            saved, changed = services.save_standalone(
                meeting, _plan_of(form, meeting), current_user, _today()
            )
            told = (
                services.notify_change(
                    saved, url_for("meetings.meeting", meeting_id=saved.id, _external=True)
                )
                if changed
                else 0
            )
        except MeetingRefused as refused:
            refusal_on(form, refused, form.held_on)
        else:
            db.session.commit()
            flash(_("The meeting is saved."), "success")
            if told:
                flash(_("Everyone registered is told of the change by e-mail."), "success")
            return redirect(_manage_url(saved))
    db.session.rollback()
    return _manage_page(db.session.get(Meeting, meeting_id), 400, form=form)


@bp.route("/manage/meetings/<int:meeting_id>/announce", methods=["POST"])
@role_required(*STAFF_ROLES)
def announce_meeting(meeting_id: int):
    """Publish the meeting on the calendar today."""
    meeting = _managed(meeting_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.announce(meeting, _today(), current_user.id)
        except MeetingRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
        else:
            db.session.commit()
            flash(_("The meeting is announced on the calendar."), "success")
    return redirect(_manage_url(meeting))


@bp.route("/manage/meetings/<int:meeting_id>/delete", methods=["POST"])
@role_required(*STAFF_ROLES)
def delete_meeting(meeting_id: int):
    """Delete a meeting that was never announced."""
    meeting = _managed(meeting_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.delete_meeting(meeting, current_user.id)
        except MeetingRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
            return redirect(_manage_url(meeting))
        db.session.commit()
        flash(_("The meeting is deleted."), "success")
        return redirect(url_for("meetings.manage_index"))
    return redirect(_manage_url(meeting))


@bp.route("/manage/meetings/<int:meeting_id>/cancel", methods=["POST"])
@role_required(*STAFF_ROLES)
def cancel_meeting(meeting_id: int):
    """Call off an announced meeting; everyone registered is told by e-mail."""
    meeting = _managed(meeting_id)
    form = CancelForm()
    return save_form(
        form,
        lambda: services.cancel(
            meeting,
            form.texts("cancel_reason", meeting.cancel_reason),
            _today(),
            current_user.id,
            url_for("meetings.meeting", meeting_id=meeting.id, _external=True),
        ),
        form.cancel_reason_sq,
        _("The meeting is cancelled; it stays on the calendar, marked as cancelled."),
        _manage_url(meeting),
        lambda: _manage_page(db.session.get(Meeting, meeting_id), 400, cancel_form=form),
    )


@bp.route("/manage/meetings/<int:meeting_id>/minutes", methods=["POST"])
@role_required(*STAFF_ROLES)
def record_minutes(meeting_id: int):
    """After the meeting: its minutes and the people present by gender."""
    meeting = _managed(meeting_id)
    form = MinutesForm()
    return save_form(
        form,
        lambda: services.record_minutes(
            meeting,
            form.texts("minutes", meeting.minutes),
            (form.attendance_women.data, form.attendance_men.data, form.attendance_other.data),
            _today(),
            current_user.id,
        ),
        form.minutes_sq,
        _("The minutes and attendance are saved."),
        _manage_url(meeting),
        lambda: _manage_page(db.session.get(Meeting, meeting_id), 400, minutes_form=form),
    )


@bp.route("/manage/meetings/<int:meeting_id>/registrations")
@role_required(*STAFF_ROLES)
def registrations(meeting_id: int):
    """Who registered: names and whether they confirmed (never shown publicly)."""
    meeting = _managed(meeting_id)
    now = utcnow()
    rows = services.registrations_of(meeting)
    return render_template(
        "meetings/registrations.html",
        meeting=meeting,
        registrations=[(r, services.is_holding(r, now)) for r in rows],
        seats_left=services.seats_left(meeting, now),
    )


@bp.route("/manage/meetings/<int:meeting_id>/registrations.csv")
@role_required(*STAFF_ROLES)
def registrations_csv(meeting_id: int):
    """The list for the door: names, confirmed or not, and an empty column to tick."""
    meeting = _managed(meeting_id)
    now = utcnow()
    rows = [
        [
            r.name,
            _("Confirmed")
            if r.confirmed_at
            else (_("Not confirmed") if services.is_holding(r, now) else _("Lapsed")),
            "",
        ]
        for r in services.registrations_of(meeting)
    ]
    log_export("meeting_registrations_csv", f"meeting:{meeting.id}")
    db.session.commit()
    return file_response(
        csv_bytes([[_("Name"), _("Registration"), _("Present")], *rows]),
        "text/csv",
        f"meeting-{meeting.id}-registrations.csv",
    )
