"""Routes of the surveys feature (public pages and officer pages under /manage/surveys).

Nothing on these routes stores or logs an IP address or user agent. The answers of earlier
sections travel in a signed hidden field until the final submit, and the same signed state waits
in a cookie of the survey's pages so a reload continues (`resume`), so nothing is stored before
the respondent sends the questionnaire; an access code is claimed by the browser that enters it
(`claims`), and another browser is refused at the code page while the claim lives. The code is
held (as its hash) in the signed session and never travels in a URL the server receives (links
carry it in the fragment). Citizen
submissions are rate-limited per address, keyed on a keyed hash of it. Results are shown only
once the survey is closed, and then only to the chair, admins and the officers who manage it.
"""

import datetime as dt
import secrets

import segno
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
from limits import parse_many
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import TooManyRequests
from wtforms.fields.choices import SelectChoice

from consult.auth.access import editable_or_403
from consult.auth.services import STAFF_ROLES, role_required
from consult.core.fields import content_choice
from consult.core.models import Consultation, Directorate
from consult.core.municipalities import typed_locales
from consult.core.rate_limits import client_key
from consult.core.reports import (
    PDF_CSS,
    file_response,
    frame_csv_bytes,
    frames_workbook_bytes,
    pdf_from_html,
)
from consult.core.services import record_audit
from consult.extensions import db, limiter
from consult.i18n import current_locale, localize
from consult.kept_pages import kept_page
from consult.report_views import may_preview_report
from consult.surveys import bp, importing, question_bank, rates, reminders, report
from consult.surveys.claims import (
    CLAIM_COOKIE,
    ClaimOutcome,
    CodeClaimed,
    claim_code,
    claimant_of,
    claimed_message,
    drop_claim_cookie,
    keep_claim_cookie,
    new_claimant,
)
from consult.surveys.conditions import describe_condition
from consult.surveys.forms import (
    OPERATOR_LABELS,
    CodeForm,
    MoveForm,
    QuestionForm,
    ReminderForm,
    RetryInvitationsForm,
    SectionTitleForm,
    SurveySetupForm,
    TokenForm,
    parse_items,
    section_form,
    staff_counts_form,
    translated,
    translated_data,
)
from consult.surveys.imports import MAX_ADDRESSES, read_addresses
from consult.surveys.models import Question, Section, Survey
from consult.surveys.question_types import question_type
from consult.surveys.questionnaire_cache import KeptSection, Questionnaire, questionnaire
from consult.surveys.resume import (
    PROGRESS_COOKIE,
    forget_progress,
    holder_tag,
    keep_progress,
    read_progress_cookie,
)
from consult.surveys.services import (
    CODE_NOT_REGISTERED,
    FROZEN_PARTS,
    AlreadyAnswered,
    OrderBreaksCondition,
    QuestionDraft,
    TokenRefused,
    add_question,
    add_section,
    check_conditions,
    delete_question,
    failed_invitations,
    frozen_changes,
    has_answered,
    has_responses,
    invitation_counts,
    is_open,
    issue_tokens,
    move_question,
    move_section,
    queue_invitations,
    redeem_and_save,
    responses_so_far,
    results_released,
    retry_failed_invitations,
    save_citizen_response,
    set_up_questionnaire,
    survey_of,
    update_question,
    update_section_title,
    usable_token,
)
from consult.surveys.slips import slip_languages
from consult.surveys.wizard import (
    first_section,
    next_page,
    page_state,
    section_at,
    visible_questions,
)
from consult.surveys.xlsform import write_xlsform

BROWSER_COOKIE = "survey_browser"


# --- helpers ---------------------------------------------------------------------------------


#: ids beyond this cannot exist (and would overflow a database integer)
MAX_ID = 2**31 - 1


def _get(model: type, record_id: int, *options):
    """The record with this id, or 404 (also for ids no database integer holds)."""
    valid = 0 < record_id <= MAX_ID
    record = db.session.get(model, record_id, options=options) if valid else None
    if record is None:
        abort(404)
    return record


def _today() -> dt.date:
    """Today, as the respondents' pages count it (a test moves it)."""
    return dt.date.today()


def _public_survey(survey_id: int) -> Questionnaire:
    """The survey as its respondents' pages read it (this worker's copy while it has not
    changed: consult/surveys/questionnaire_cache.py), if its consultation is public (else
    404)."""
    survey = questionnaire(survey_id) if 0 < survey_id <= MAX_ID else None
    if survey is None or not survey.consultation.is_public:
        abort(404)
    return survey


def _token_session_key(survey: Questionnaire) -> str:
    return f"survey_token_{survey.id}"


def _holder_tag(survey: Questionnaire) -> str:
    """What ties a progress cookie to the code in the session ("" for citizen surveys)."""
    if survey.audience != "staff":
        return ""
    return holder_tag(session.get(_token_session_key(survey)))


def _render_section(
    survey: Questionnaire,
    section: KeptSection,
    answers: dict,
    form=None,
    items=None,
    resumed=False,
):
    """The page of one section of the questionnaire; `form`/`items` carry a
    submission with errors. The same state is left in the progress cookie, so a reload opens
    this page again (`resume`)."""
    blank = form is None and not answers and not resumed

    def render() -> str:
        nonlocal form, items
        if form is None:
            form, items = section_form(visible_questions(section, answers), answers, kept=survey)
        state = page_state(survey, section, answers)
        form.state.data = state.signed
        return render_template(
            "surveys/take.html",
            survey=survey,
            section=section,
            form=form,
            items=items,
            step=state.step,
            steps=state.steps,
            has_previous=state.has_previous,
            resumed=resumed,
        )

    # a page with no answer yet is the same for every respondent but for its CSRF token
    page = _kept_page(survey, ("take", section.position), render) if blank else render()
    response = make_response(page)
    return keep_progress(response, survey, section.position, answers, _holder_tag(survey))


def _kept_page(survey: Questionnaire, key: tuple, render, form: bool = True):
    """A page every respondent of the survey sees alike, kept with the survey's copy
    (`Questionnaire.pages`, renewed with it) under `key` (consult/kept_pages.py
    `kept_page`), else rendered."""
    if not current_app.config.get("SURVEY_CACHE_SECONDS"):
        return render()
    return kept_page(survey.pages, key, render, form=form)


def _resume(survey: Questionnaire):
    """The page a person was on in this browser (the progress cookie), else the first."""
    resumed = read_progress_cookie(
        survey, request.cookies.get(PROGRESS_COOKIE), _holder_tag(survey)
    )
    section = section_at(survey, resumed.position) if resumed else None
    if resumed is None or section is None or not visible_questions(section, resumed.answers):
        first = first_section(survey)
        if first is None:
            abort(404)
        return _render_section(survey, first, {})
    if resumed.trimmed:
        flash(
            _(
                "Some of your longer written answers could not be kept in this browser: "
                "please look over your written answers in the earlier sections."
            ),
            "warning",
        )
    return _render_section(survey, section, resumed.answers, resumed=True)


def _code_not_held(survey: Questionnaire, outcome: ClaimOutcome):
    """The questionnaire refused: the code was used, or another browser holds it now."""
    session.pop(_token_session_key(survey), None)
    if outcome.used:
        page = render_template("surveys/refused.html", survey=survey)
    else:
        page = render_template(
            "surveys/claimed.html", survey=survey, message=claimed_message(outcome.minutes)
        )
    response = forget_progress(make_response(page, 409), survey)
    db.session.commit()  # lapsed claims purged
    return response


# --- public pages ----------------------------------------------------------------------------


def _code_limit() -> str:
    # a whole office may share one address, and codes have 60 bits: the limit stops floods
    return current_app.config.get("SURVEY_CODE_RATE_LIMIT", "30 per minute;300 per hour")


def _answer_limit() -> str:
    # a public meeting or a school may share one address: the limit stops ballot stuffing
    return current_app.config.get("SURVEY_ANSWER_RATE_LIMIT", "20 per minute;200 per hour")


def _count_answer_against_limit() -> None:
    """Count one citizen response against the sender's address (a keyed hash of it, kept only
    in the limiter's counters); once a limit is used up, 429 with Retry-After: that limit's
    window, as the limiter's own refusals say it (consult.errors)."""
    if not limiter.enabled:
        return
    key = client_key()
    for item in parse_many(_answer_limit()):
        if not limiter.limiter.hit(item, key, "surveys.answer"):
            raise TooManyRequests(retry_after=item.get_expiry())


@bp.route("/surveys/<int:survey_id>/code", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"])
def enter_code(survey_id: int):
    """A staff member types (or scans) the access code from the slip (rate-limited).

    The code travels only in the form's POST body: the links on slips and in e-mails carry it
    in the fragment (`#c=...`), which browsers never send, so it reaches no access log.
    """
    survey = _public_survey(survey_id)
    if survey.audience != "staff":
        return redirect(url_for("surveys.take", survey_id=survey.id))
    if not is_open(survey, _today()):
        return render_template("surveys/closed.html", survey=survey), 410
    if "c" in request.args:  # an old link's code: out of the address bar and the page's links
        return redirect(url_for("surveys.enter_code", survey_id=survey.id), 303)
    if request.method == "GET":  # the blank form, the same for every member of staff

        def blank() -> str:
            return render_template("surveys/code.html", survey=survey, form=CodeForm())

        return _kept_page(survey, ("code",), blank)
    form = CodeForm()  # a link's code comes in its fragment, filled in by access-code.js
    if form.validate_on_submit():
        digest = usable_token(survey, form.code.data)
        if digest is not None:  # claimed for this browser at once, or refused at once
            claimant = claimant_of(request.cookies.get(CLAIM_COOKIE)) or new_claimant()
            outcome = claim_code(survey, digest, claimant, entered=True)
            taking = redirect(url_for("surveys.take", survey_id=survey.id))
            keep_claim_cookie(taking, survey, claimant)
            if outcome.held:
                session[_token_session_key(survey)] = digest
            db.session.commit()
            if outcome.held:
                return taking
            if not outcome.used:
                form.code.errors.append(claimed_message(outcome.minutes))
                return render_template("surveys/code.html", survey=survey, form=form), 409
        form.code.errors.append(_("This access code is not valid or has been used already."))
    return render_template("surveys/code.html", survey=survey, form=form)


@bp.route("/surveys/<int:survey_id>/take", methods=["GET", "POST"])
def take(survey_id: int):
    """The questionnaire, one section per page; the last section's submit stores the response."""
    survey = _public_survey(survey_id)
    if not is_open(survey, _today()):
        return render_template("surveys/closed.html", survey=survey), 410
    if survey.audience == "staff" and not session.get(_token_session_key(survey)):
        return redirect(url_for("surveys.enter_code", survey_id=survey.id))
    browser_id = request.cookies.get(BROWSER_COOKIE)
    if survey.audience == "citizen" and has_answered(survey, browser_id):
        status = 409 if request.method == "POST" else 200
        return render_template("surveys/already.html", survey=survey), status
    claimant = None
    if survey.audience == "staff":  # every page renews this browser's claim on the code
        claimant = claimant_of(request.cookies.get(CLAIM_COOKIE)) or new_claimant()
        outcome = claim_code(survey, session[_token_session_key(survey)], claimant)
        if not outcome.held:
            return _code_not_held(survey, outcome)
    if request.method == "GET":
        result = _with_browser_cookie(survey, _resume(survey))
    else:
        result = _submit_section(survey, claimant)
    if claimant is not None and result.status_code == 200:
        keep_claim_cookie(result, survey, claimant)
        db.session.commit()  # the renewed claim
    return result


def _with_browser_cookie(survey: Questionnaire, page: str):
    response = make_response(page)
    if survey.one_response_per_browser and not request.cookies.get(BROWSER_COOKIE):
        response.set_cookie(
            BROWSER_COOKIE,
            secrets.token_urlsafe(24),
            max_age=2 * 365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response


def _submit_section(survey: Questionnaire, claimant: str | None = None):
    if "restart" in request.form:  # "Start again": the first page, every answer forgotten
        first = first_section(survey)
        if first is None:
            abort(404)
        return _render_section(survey, first, {})
    page = next_page(survey, request.form)
    if page is None:
        flash(_("Your answers could not be read. Please start again."), "error")
        return redirect(url_for("surveys.take", survey_id=survey.id))
    if page.finished:
        return _finish(survey, page.answers, claimant)
    return _render_section(survey, page.section, page.answers, page.form, page.items)


def _finish(survey: Questionnaire, answers: dict, claimant: str | None = None):
    """Store the response in one transaction (with the access code or browser record)."""
    today = _today()
    done = forget_progress(redirect(url_for("surveys.thanks", survey_id=survey.id)), survey)
    if survey.audience == "staff":
        drop_claim_cookie(done, survey)
    token_key = _token_session_key(survey)
    try:
        if survey.audience == "staff":
            digest = session.get(token_key, "")
            redeem_and_save(survey, digest, answers, today, claimant)
        else:
            if survey.one_response_per_browser and not request.cookies.get(BROWSER_COOKIE):
                flash(_("Your browser must accept cookies to answer this survey."), "error")
                return redirect(url_for("surveys.take", survey_id=survey.id))
            _count_answer_against_limit()  # before any write: a refusal stores nothing
            save_citizen_response(
                survey, answers, today, request.cookies.get(BROWSER_COOKIE), current_locale()
            )
    except CodeClaimed as claimed:  # this browser's claim lapsed and another took it over
        db.session.rollback()
        session.pop(token_key, None)
        message = claimed_message(claimed.minutes)
        page = render_template("surveys/claimed.html", survey=survey, message=message)
        return forget_progress(make_response(page, 409), survey)
    except TokenRefused:
        db.session.rollback()
        session.pop(token_key, None)
        page = render_template("surveys/refused.html", survey=survey)
        return forget_progress(make_response(page, 409), survey)
    except AlreadyAnswered:
        db.session.rollback()
        page = render_template("surveys/already.html", survey=survey)
        return forget_progress(make_response(page, 409), survey)
    db.session.commit()
    session.pop(token_key, None)
    return done


@bp.route("/surveys/<int:survey_id>/thanks")
def thanks(survey_id: int):
    """After the final submit (the same page for every respondent)."""
    survey = _public_survey(survey_id)

    def page() -> str:
        return render_template("surveys/thanks.html", survey=survey)

    return _kept_page(survey, ("thanks",), page, form=False)


# --- officer pages ---------------------------------------------------------------------------


def _editable_survey(survey_id: int) -> Survey:
    """The survey, if the signed-in officer may edit its consultation (else 403)."""
    survey = _get(Survey, survey_id)
    editable_or_403(survey.consultation_id)
    return survey


def _editable_consultation(consultation_id: int) -> Consultation:
    if not 0 < consultation_id <= MAX_ID:  # PostgreSQL refuses to even look such an id up
        abort(404)
    return editable_or_403(consultation_id, kind="survey")


@bp.route("/manage/surveys/setup/<int:consultation_id>", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def setup(consultation_id: int):
    """Set up the questionnaire of a survey consultation, optionally copying an earlier year."""
    consultation = _editable_consultation(consultation_id)
    if survey_of(consultation) is not None:
        return redirect(url_for("manage.consultation", consultation_id=consultation.id))
    form = SurveySetupForm()
    if request.method == "GET":
        form.year.data = consultation.planned_year or dt.date.today().year
    earlier = db.session.scalars(select(Survey).order_by(Survey.year.desc())).all()
    form.copy_from.choices = [SelectChoice(0, _("Start empty"))] + [
        content_choice(s.id, s.consultation.title, f"{s.year} · ") for s in earlier
    ]
    bank = question_bank.templates()
    form.template.choices = [SelectChoice("", _("No template"))] + [
        content_choice(t.code, t.name) for t in bank
    ]
    if form.validate_on_submit():
        _create_from_form(consultation, form)
        record_audit("survey.setup", f"consultation:{consultation.id}", current_user.id)
        db.session.commit()
        flash(_("The questionnaire is set up."), "success")
        return redirect(url_for("manage.consultation", consultation_id=consultation.id))
    return render_template("surveys/setup.html", consultation=consultation, form=form, bank=bank), (
        400 if form.is_submitted() else 200
    )


def _create_from_form(consultation: Consultation, form: SurveySetupForm) -> Survey:
    source = db.session.get(Survey, form.copy_from.data) if form.copy_from.data else None
    if form.template.data:
        return question_bank.start_from_template(
            consultation,
            form.template.data,
            form.year.data,
            **{name: bool(getattr(form, name).data) for name in question_bank.FLAGS},
        )
    flags = {
        name: getattr(form, name).data
        for name in (
            "one_response_per_browser",
            "ask_gender",
            "ask_age_band",
            "ask_local_community",
        )
    }
    return set_up_questionnaire(
        consultation, form.audience.data, form.year.data, copy_from=source, **flags
    )


@bp.route("/manage/surveys/<int:survey_id>/preview")
@role_required(*STAFF_ROLES, "chair")
def preview(survey_id: int):
    """Every section and question as respondents see them, in the language chosen."""
    survey = _get(Survey, survey_id)
    pages = [(s, section_form(list(s.questions), {})) for s in survey.sections]
    return render_template("surveys/preview.html", survey=survey, pages=pages)


def _directorate_choices() -> list[SelectChoice]:
    query = select(Directorate).order_by(Directorate.code)
    if current_user.role != "admin" and current_user.directorate_id is not None:
        query = query.where(Directorate.id == current_user.directorate_id)
    return [content_choice(d.id, d.name) for d in db.session.scalars(query)]


@bp.route("/manage/surveys/<int:survey_id>/tokens", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def tokens(survey_id: int):
    """Generate access codes: a PDF of slips, or one e-mail per address of an uploaded list.

    The plain codes exist only in this request: in the PDF sent back, or in the e-mails.
    """
    survey = _editable_survey(survey_id)
    if survey.audience != "staff":
        abort(404)
    form = TokenForm()
    form.directorate_id.choices = _directorate_choices()
    if form.validate_on_submit():
        directorate = db.session.get(Directorate, form.directorate_id.data)
        if form.addresses.data:
            result = _mail_codes(survey, directorate, form)
            if result is not None:
                return result
        else:
            every_language = form.slip_languages.data == "official"
            return _slips(survey, directorate, form.count.data, every_language)
    return render_template(
        "surveys/tokens.html",
        survey=survey,
        form=form,
        invitations=invitation_counts(survey),
        failed=failed_invitations(survey),
        action=RetryInvitationsForm(),
        not_registered=CODE_NOT_REGISTERED,
        reminders=reminders.reminder_status(survey),
    )


def _slips(survey: Survey, directorate: Directorate, count: int, every_language: bool = False):
    codes = issue_tokens(survey, directorate.id, count)
    slips = [(c, _code_link(survey, c)) for c in codes]
    html = render_template(
        "surveys/slips_official.html" if every_language else "surveys/slips.html",
        survey=survey,
        directorate=directorate,
        slips=slips,
        code_page=_code_page(survey),
        languages=slip_languages(survey, directorate, _code_page(survey)) if every_language else [],
    )
    pdf = pdf_from_html(html, base_url=request.url_root)
    record_audit(
        "survey.codes_printed",
        f"survey:{survey.id}",
        current_user.id,
        directorate=directorate.code,
        count=count,
    )
    db.session.commit()
    name = f"access-codes-{survey.id}-{directorate.code}.pdf"
    return file_response(pdf, "application/pdf", name, no_store=True)


def _code_page(survey: Survey) -> str:
    """The address of the access-code form, without any code."""
    return url_for("surveys.enter_code", survey_id=survey.id, _external=True)


def _code_link(survey: Survey, code: str) -> str:
    """The code form with `code` in the fragment: browsers never send a fragment to the server,
    so the code reaches no access log; access-code.js copies it into the form."""
    return f"{_code_page(survey)}#c={code}"


def _mail_codes(survey: Survey, directorate: Directorate, form: TokenForm):
    """Queue one invitation per address for the mail worker; their codes are registered now,
    as one group, and nothing is mailed inside this request. A list shorter than the smallest
    group shown would let a database administrator tie an address to its code."""
    addresses = read_addresses(form.addresses.data)
    if not addresses or len(addresses) > MAX_ADDRESSES:
        form.addresses.errors.append(_("Upload a CSV file with one e-mail address per row."))
        return None
    smallest = int(current_app.config["ANONYMITY_MIN_GROUP"])
    if len(addresses) < smallest:
        form.addresses.errors.append(
            _(
                "Upload at least %(k)s addresses at once: with fewer, the database could tie an "
                "address to its code. For fewer people, print their codes.",
                k=smallest,
            )
        )
        return None
    queued = queue_invitations(survey, directorate.id, addresses, current_locale())
    record_audit(
        "survey.codes_queued",
        f"survey:{survey.id}",
        current_user.id,
        directorate=directorate.code,
        count=queued,
    )
    db.session.commit()
    flash(
        ngettext(
            "%(num)d invitation is queued; the mail worker sends it with its own code.",
            "%(num)d invitations are queued; the mail worker sends each with its own code.",
            queued,
        ),
        "success",
    )
    return redirect(url_for("surveys.tokens", survey_id=survey.id))


@bp.route("/manage/surveys/<int:survey_id>/invitations/retry", methods=["POST"])
@role_required(*STAFF_ROLES)
def retry_invitations(survey_id: int):
    """Give the invitations that failed for good their tries again."""
    survey = _editable_survey(survey_id)
    if RetryInvitationsForm().validate_on_submit():
        again = retry_failed_invitations(survey)
        record_audit("survey.invitations_retried", f"survey:{survey.id}", current_user.id)
        db.session.commit()
        flash(
            ngettext(
                "%(num)d invitation will be tried again.",
                "%(num)d invitations will be tried again.",
                again,
            ),
            "success",
        )
    return redirect(url_for("surveys.tokens", survey_id=survey.id))


# --- reminders (consult.surveys.reminders) ---------------------------------------------------


def _staff_survey(survey_id: int) -> Survey:
    """A staff survey the signed-in officer may edit (else 403, or 404 for a citizen survey)."""
    survey = _editable_survey(survey_id)
    if survey.audience != "staff":
        abort(404)
    return survey


def _code_page_link(survey: Survey):
    """locale -> the code form in that language, without any code."""
    return lambda locale: url_for(
        "surveys.enter_code", survey_id=survey.id, lang=locale, _external=True
    )


@bp.route("/manage/surveys/<int:survey_id>/reminder", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def reminder(survey_id: int):
    """Confirm, then queue one reminder to everyone on the survey's reminder list."""
    survey = _staff_survey(survey_id)
    form = ReminderForm()
    state = reminders.reminder_status(survey)
    refusal, code = state.refusal, 200
    if form.validate_on_submit():
        code = 409
        if refusal is None and form.recipients.data != str(state.recipients):
            refusal = _(
                "The list has changed since the page was shown. Check the number and confirm again."
            )
        elif refusal is None:
            try:
                sent = reminders.send_reminder(survey, _code_page_link(survey))
            except reminders.ReminderRefused as refused:
                refusal = refused.message
            else:
                record_audit(
                    "survey.reminder_sent",
                    f"survey:{survey.id}",
                    current_user.id,
                    number=state.sent + 1,
                    recipients=sent,
                )
                db.session.commit()
                flash(
                    ngettext(
                        "The reminder is queued for %(num)d person; the mail worker sends it.",
                        "The reminder is queued for %(num)d people; the mail worker sends it.",
                        sent,
                    ),
                    "success",
                )
                return redirect(url_for("surveys.tokens", survey_id=survey.id))
    elif request.method == "POST":
        code = 400
    form.recipients.data = str(state.recipients)
    locale = current_locale()
    preview = (
        reminders.reminder_subject(survey, locale),
        reminders.reminder_body(survey, locale, _code_page_link(survey)(locale)),
    )
    page = render_template(
        "surveys/reminder.html",
        survey=survey,
        form=form,
        state=state,
        refusal=refusal,
        preview=preview,
        hours=reminders.reminder_hours(),
    )
    return page, code


def _notice_refused(survey: Survey):
    """A notice saying "open until" is printed only while the survey is open."""
    if is_open(survey, dt.date.today()):
        return None
    message = _("The notice can be printed only while the survey is open.")
    return render_template("surveys/reminder_refused.html", survey=survey, message=message), 409


@bp.route("/manage/surveys/<int:survey_id>/reminder-notice")
@role_required(*STAFF_ROLES)
def reminder_notice(survey_id: int):
    """The reminder for printed codes, an A4 page per official language, to print."""
    survey = _staff_survey(survey_id)
    refused = _notice_refused(survey)
    if refused is not None:
        return refused
    pages = reminders.notice_pages(survey, _code_page_link(survey))
    return render_template("surveys/reminder_notice.html", survey=survey, pages=pages, pdf=False)


@bp.route("/manage/surveys/<int:survey_id>/reminder-notice.pdf")
@role_required(*STAFF_ROLES)
def reminder_notice_pdf(survey_id: int):
    """The same notice as one PDF, a page per official language."""
    survey = _staff_survey(survey_id)
    refused = _notice_refused(survey)
    if refused is not None:
        return refused
    pages = reminders.notice_pages(survey, _code_page_link(survey))
    html = render_template("surveys/reminder_notice.html", survey=survey, pages=pages, pdf=True)
    pdf = pdf_from_html(html, base_url=request.url_root)
    name = f"survey-{survey.id}-reminder-notice.pdf"
    return file_response(pdf, "application/pdf", name, inline=True)


# --- staff numbers (the denominators of the staff survey's response rate) --------------------


def _may_enter_staff_counts() -> None:
    if not rates.may_enter_staff_counts(current_user):
        abort(403)


@bp.route("/manage/surveys/staff-counts")
@role_required(*STAFF_ROLES)
def staff_counts_year():
    """The year chosen on the page (a GET form), or this year."""
    _may_enter_staff_counts()
    year = request.args.get("year", "")
    chosen = int(year) if year.isascii() and year.isdigit() and len(year) == 4 else 0
    if not rates.FIRST_YEAR <= chosen <= rates.LAST_YEAR:
        chosen = dt.date.today().year
    return redirect(url_for("surveys.staff_counts", year=chosen))


@bp.route("/manage/surveys/staff-counts/<int:year>", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def staff_counts(year: int):
    """The staff of every directorate in `year`, entered or corrected in one form."""
    _may_enter_staff_counts()
    if not rates.FIRST_YEAR <= year <= rates.LAST_YEAR:
        abort(404)
    listed = rates.directorates()
    before = rates.staff_counts(year - 1)
    rows = [
        (
            d.id,
            localize(d.name).text,
            _("Last year: %(count)s", count=before[d.id]) if d.id in before else "",
        )
        for d in listed
    ]
    form = staff_counts_form(rows, rates.staff_counts(year))
    if form.validate_on_submit():
        changed = rates.save_staff_counts(year, form.counts(), current_user.id)
        db.session.commit()
        flash(
            ngettext("%(num)d staff count is saved.", "%(num)d staff counts are saved.", changed),
            "success",
        )
        return redirect(url_for("surveys.staff_counts", year=year))
    page = render_template(
        "surveys/staff_counts.html",
        form=form,
        year=year,
        directorates=listed,
        years=rates.count_years(dt.date.today().year, year),
        surveys=rates.staff_surveys_of(year),
    )
    return page, 400 if form.is_submitted() else 200


# --- template helpers ------------------------------------------------------------------------

bp.add_app_template_global(describe_condition, "describe_condition")
bp.add_app_template_global(question_type, "question_type")
bp.add_app_template_global(rates.may_enter_staff_counts, "may_enter_staff_counts")


@bp.app_template_global()
def survey_is_open(survey: Survey) -> bool:
    """Whether the survey accepts answers today."""
    return is_open(survey, dt.date.today())


@bp.app_template_global()
def qr_svg(link: str) -> Markup:
    """An inline SVG QR code of `link`, for printed slips."""
    svg = segno.make(link, error="m").svg_inline(scale=2, border=2)
    # segno's own SVG, no user text in it
    return Markup(svg)  # noqa: S704  # nosec B704


# --- reports ---------------------------------------------------------------------------------


def _readable_survey(survey_id: int) -> Survey:
    """The survey, if the signed-in user may read its results (else 403)."""
    survey = _get(Survey, survey_id, joinedload(Survey.consultation))
    if not may_preview_report(survey.consultation):  # chair, admins, PIO, own directorate
        abort(403)
    return survey


def _results_pending(survey: Survey, status: int = 200):
    """What an open survey's report says: how many have answered, roughly, and no result."""
    k = report.min_group()
    count = responses_so_far(survey, dt.date.today(), k)
    page = render_template("surveys/report_pending.html", survey=survey, count=count, k=k)
    return page, status


def _report_context(survey: Survey) -> dict:
    by = request.args.get("by") or None
    reports = report.survey_report(survey, by)
    return {
        "survey": survey,
        "reports": reports,
        "by": by if by in dict(report.breakdowns(survey)) else None,
        "breakdowns": report.breakdowns(survey),
        "respondents": report.respondents(survey),
        "rates": report.response_rates(survey) if survey.audience == "staff" else None,
        "k": report.min_group(),
        "k_text": report.min_text_group(),
    }


@bp.route("/manage/surveys/<int:survey_id>/report")
@role_required(*STAFF_ROLES, "chair")
def report_page(survey_id: int):
    """The survey report: response rates, results, breakdowns, year over year; while the
    survey is open, only a rounded count of responses."""
    survey = _readable_survey(survey_id)
    if not results_released(survey):
        return _results_pending(survey)
    return render_template("surveys/report.html", **_report_context(survey), public=False)


@bp.route("/surveys/<int:survey_id>/results")
def results(survey_id: int):
    """The published results of a survey whose report is out (same figures, no raw data)."""
    survey = _get(Survey, survey_id, joinedload(Survey.consultation))
    if survey.consultation.status != "reported":  # reported: public, and its results out
        abort(404)
    return render_template("surveys/report.html", **_report_context(survey), public=True)


@bp.route("/manage/surveys/<int:survey_id>/report.<any(csv, xlsx, pdf):fmt>")
@role_required(*STAFF_ROLES, "chair")
def report_export(survey_id: int, fmt: str):
    """The report's aggregates as CSV or XLSX, or the report as PDF (once the survey closed)."""
    survey = _readable_survey(survey_id)
    if not results_released(survey):
        return _results_pending(survey, 409)
    context = _report_context(survey)
    record_audit(f"export.survey_report_{fmt}", f"survey:{survey.id}", current_user.id)
    db.session.commit()
    name = f"survey-{survey.id}-{survey.year}-report.{fmt}"
    if fmt == "pdf":
        html = render_template("surveys/report_pdf.html", **context, public=False)
        return _download(pdf_from_html(html, stylesheets=(PDF_CSS,)), "application/pdf", name)
    long = report.aggregates(context["reports"])
    if fmt == "csv":
        return _download(frame_csv_bytes(long), "text/csv; charset=utf-8", name)
    sheets = {_("Results"): long}
    if context["rates"] is not None:
        sheets[_("Response rate")] = report.table_frame(context["rates"])
    for item in context["reports"]:
        if item.breakdown is not None and item.breakdown.rows:
            sheets[item.question.key] = report.table_frame(item.breakdown)
    return _download(frames_workbook_bytes(sheets), XLSX_TYPE, name)


@bp.route("/manage/surveys/<int:survey_id>/raw.csv")
@role_required(*STAFF_ROLES)
def raw_export(survey_id: int):
    """Officers who manage the survey, once it closed: one row per response, no date, rows in
    random order, small groups left out (`report.raw_rows`)."""
    survey = _editable_survey(survey_id)
    if not results_released(survey):
        return _results_pending(survey, 409)
    record_audit("export.survey_raw", f"survey:{survey.id}", current_user.id)
    db.session.commit()
    return _download(
        frame_csv_bytes(report.raw_rows(survey)),
        "text/csv; charset=utf-8",
        f"survey-{survey.id}-raw.csv",
    )


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, mimetype: str, name: str):
    """A survey export as a file no cache keeps (`file_response`)."""
    return file_response(content, mimetype, name, no_store=True)


# --- the builder -----------------------------------------------------------------------------


def _question_choices(survey: Survey, form: QuestionForm, exclude: Question | None = None) -> None:
    """The section and condition choices of a question form."""
    form.section_id.choices = [
        content_choice(s.id, s.title, f"{s.position}. ") for s in survey.sections
    ]
    form.condition_question.choices = [SelectChoice("", _("Always ask"))] + [
        content_choice(q.key, q.text, limit=60)
        for q in survey.questions
        if q is not exclude and question_type(q).asks  # a note has no answer to look at
    ]


def _render_builder(survey: Survey, section_form_=None, question_form=None, status: int = 200):
    if question_form is None:
        question_form = QuestionForm(formdata=None)
        _question_choices(survey, question_form)
    return render_template(
        "surveys/build.html",
        survey=survey,
        section_form=section_form_ or SectionTitleForm(formdata=None),
        question_form=question_form,
        frozen=has_responses(survey),
        operator_labels=OPERATOR_LABELS,
    ), status


def _unfrozen(survey: Survey):
    if has_responses(survey):
        flash(_("The questions cannot change once people have answered."), "error")
        return redirect(url_for("surveys.build", survey_id=survey.id))
    return None


def _to_builder(survey: Survey, anchor: str = ""):
    return redirect(url_for("surveys.build", survey_id=survey.id, _anchor=anchor or None))


def _section_of(survey: Survey, section_id: int) -> Section:
    section = next((s for s in survey.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    return section


def _question_of(survey: Survey, question_id: int) -> Question:
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


@bp.route("/manage/surveys/<int:survey_id>/build")
@role_required(*STAFF_ROLES)
def build(survey_id: int):
    """The questionnaire's sections and questions, with forms to add, edit and move them."""
    return _render_builder(_editable_survey(survey_id))


@bp.route("/manage/surveys/<int:survey_id>/build/section", methods=["POST"])
@role_required(*STAFF_ROLES)
def build_section(survey_id: int):
    """Add a section at the end."""
    survey = _editable_survey(survey_id)
    if (refused := _unfrozen(survey)) is not None:
        return refused
    form = SectionTitleForm()
    if not form.validate_on_submit():
        return _render_builder(survey, section_form_=form, status=400)
    add_section(survey, translated(form, "title"))
    db.session.commit()
    flash(_("The section is added."), "success")
    return _to_builder(survey)


@bp.route("/manage/surveys/<int:survey_id>/build/question", methods=["POST"])
@role_required(*STAFF_ROLES)
def build_question(survey_id: int):
    """Add a question at the end of a section."""
    survey = _editable_survey(survey_id)
    if (refused := _unfrozen(survey)) is not None:
        return refused
    form = QuestionForm()
    _question_choices(survey, form)
    if not form.validate_on_submit() or not _condition_is_earlier(survey, form):
        return _render_builder(survey, question_form=form, status=400)
    draft = _draft(survey, form)
    try:
        add_question(
            draft.section,
            draft.key,
            draft.type,
            draft.text,
            options=draft.options,
            statements=draft.statements,
            hint=draft.hint,
            required=draft.required,
            min_value=draft.min_value,
            max_value=draft.max_value,
            show_if=draft.show_if,
        )
    except IntegrityError:
        db.session.rollback()
        survey = db.session.get(Survey, survey_id)
        _explain_conflict(survey, form, draft.key)
        return _render_builder(survey, question_form=form, status=400)
    db.session.commit()
    flash(_("The question is added."), "success")
    return _to_builder(survey)


def _explain_conflict(
    survey: Survey, form: QuestionForm, key: str, question_id: int | None = None
) -> None:
    """Say why the database refused the question: its key is taken, or another officer
    changed the questionnaire at the same moment (two questions for one place)."""
    if any(q.key == key and q.id != question_id for q in survey.questions):
        form.key.errors.append(_("Another question of this survey has this key."))
    else:
        form.section_id.errors.append(
            _(
                "Someone else changed this questionnaire at the same moment. Nothing was "
                "saved: check the questionnaire below and send the question again."
            )
        )


def _draft(survey: Survey, form: QuestionForm) -> QuestionDraft:
    """The question a validated form describes."""
    return QuestionDraft(
        section=_section_of(survey, form.section_id.data),
        key=form.key.data,
        type=form.type.data,
        text=translated(form, "text"),
        hint=translated(form, "hint"),
        required=form.required.data,
        min_value=form.min_value.data,
        max_value=form.max_value.data,
        show_if=form.show_if(),
        options=parse_items(form.options.data),
        statements=parse_items(form.statements.data),
    )


def _condition_is_earlier(survey: Survey, form: QuestionForm) -> bool:
    """Conditions are evaluated between sections: they must look at an earlier section."""
    condition = form.show_if()
    if condition is None:
        return True
    sections = {s.id: s.position for s in survey.sections}
    source = next((q for q in survey.questions if q.key == condition["question"]), None)
    if source is not None and sections[source.section_id] < sections[form.section_id.data]:
        return True
    form.condition_question.errors.append(
        _("A condition can only look at a question of an earlier section.")
    )
    return False


@bp.route(
    "/manage/surveys/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"]
)
@role_required(*STAFF_ROLES)
def edit_question(survey_id: int, question_id: int):
    """Change a question: all of it before anyone answered, afterwards only its wording."""
    survey = _editable_survey(survey_id)
    question = _question_of(survey, question_id)
    frozen = has_responses(survey)
    form = QuestionForm()
    _question_choices(survey, form, exclude=question)
    if request.method == "GET":
        form.load(question)
    elif (
        form.validate_on_submit()
        and _condition_is_earlier(survey, form)
        and _still_a_source(survey, form, question)
    ):
        draft = _draft(survey, form)
        changes = frozen_changes(question, draft) if frozen else []
        if changes:
            return _render_edit(survey, question, form, frozen, _frozen_message(form, changes), 409)
        try:
            update_question(question, draft, typed_locales())
            check_conditions(survey)
        except IntegrityError:
            db.session.rollback()
            _explain_conflict(db.session.get(Survey, survey_id), form, draft.key, question_id)
        except OrderBreaksCondition as broken:
            db.session.rollback()
            form.section_id.errors.append(_condition_message(str(broken)))
        else:
            record_audit("survey.question_edited", f"survey:{survey.id}", current_user.id)
            db.session.commit()
            flash(_("The question is saved."), "success")
            return _to_builder(survey, f"question-{question_id}")
        survey = db.session.get(Survey, survey_id)
        question = _question_of(survey, question_id)
    status = 400 if request.method == "POST" else 200
    return _render_edit(survey, question, form, frozen, None, status)


def _frozen_message(form: QuestionForm, changes: list[str]) -> str:
    labels = {
        "key": form.key.label.text,
        "type": form.type.label.text,
        "section": form.section_id.label.text,
        "options": form.options.label.text,
        "statements": form.statements.label.text,
        "required": form.required.label.text,
        "min_value": form.min_value.label.text,
        "max_value": form.max_value.label.text,
        "show_if": _("Condition"),
    }
    return _(
        "People have answered this survey, so only the wording can change. Nothing was saved: "
        "change back %(parts)s.",
        parts=", ".join(str(labels[part]) for part in FROZEN_PARTS if part in changes),
    )


def _still_a_source(survey: Survey, form: QuestionForm, question: Question) -> bool:
    """A question other questions' conditions look at cannot become one without an answer
    (a note): those questions would never be shown."""
    if question_type(form.type.data).asks:
        return True
    if not any((q.show_if or {}).get("question") == question.key for q in survey.questions):
        return True
    form.type.errors.append(
        _(
            "Other questions are asked depending on the answer to this one, so it cannot "
            "become a note. Change their conditions first."
        )
    )
    return False


def _condition_message(key: str) -> str:
    return _(
        "Question %(key)s is asked only after an answer to an earlier question; this change "
        "would put that question at or after it. Nothing was changed.",
        key=key,
    )


def _render_edit(survey, question, form, frozen: bool, refusal: str | None, status: int):
    return render_template(
        "surveys/edit_question.html",
        survey=survey,
        question=question,
        form=form,
        frozen=frozen,
        refusal=refusal,
    ), status


@bp.route("/manage/surveys/<int:survey_id>/sections/<int:section_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def edit_section(survey_id: int, section_id: int):
    """Change a section's title; wording may change even after people answered."""
    survey = _editable_survey(survey_id)
    section = _section_of(survey, section_id)
    form = SectionTitleForm()
    if request.method == "GET":
        form.process(data=translated_data("title", section.title))
    elif form.validate_on_submit():
        update_section_title(section, translated(form, "title"), typed_locales())
        record_audit("survey.section_edited", f"survey:{survey.id}", current_user.id)
        db.session.commit()
        flash(_("The section is saved."), "success")
        return _to_builder(survey, f"section-{section.id}")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "surveys/edit_section.html", survey=survey, section=section, form=form
    ), status


def _move(survey: Survey, move, anchor: str):
    """Run `move(step)` for a submitted MoveForm, refusing it once people answered."""
    if (refused := _unfrozen(survey)) is not None:
        return refused
    form = MoveForm()
    if not form.validate_on_submit():
        flash(_("The order could not be changed. Please try again."), "error")
        return _to_builder(survey)
    try:
        moved = move(form.step)
    except OrderBreaksCondition as broken:
        db.session.rollback()
        flash(_condition_message(str(broken)), "error")
        return _to_builder(survey, anchor)
    if not moved:
        flash(_("It is already the first or the last: it cannot move further."), "error")
        return _to_builder(survey, anchor)
    record_audit("survey.reordered", f"survey:{survey.id}", current_user.id)
    db.session.commit()
    flash(_("The order is changed."), "success")
    return _to_builder(survey, anchor)


@bp.route("/manage/surveys/<int:survey_id>/sections/<int:section_id>/move", methods=["POST"])
@role_required(*STAFF_ROLES)
def move_section_view(survey_id: int, section_id: int):
    """Move a section one place up or down (before anyone answered)."""
    survey = _editable_survey(survey_id)
    section = _section_of(survey, section_id)
    return _move(survey, lambda step: move_section(section, step), f"section-{section_id}")


@bp.route("/manage/surveys/<int:survey_id>/questions/<int:question_id>/move", methods=["POST"])
@role_required(*STAFF_ROLES)
def move_question_view(survey_id: int, question_id: int):
    """Move a question one place up or down within its section (before anyone answered)."""
    survey = _editable_survey(survey_id)
    question = _question_of(survey, question_id)
    return _move(survey, lambda step: move_question(question, step), f"question-{question_id}")


@bp.route("/manage/surveys/<int:survey_id>/questions/<int:question_id>/delete", methods=["POST"])
@role_required(*STAFF_ROLES)
def delete_question_view(survey_id: int, question_id: int):
    """Remove a question before anyone answered."""
    survey = _editable_survey(survey_id)
    if (refused := _unfrozen(survey)) is not None:
        return refused
    delete_question(_question_of(survey, question_id))
    db.session.commit()
    flash(_("The question is removed."), "success")
    return _to_builder(survey)


# --- questionnaires that travel: import (XLSForm, LimeSurvey) and export (XLSForm) -----------


@bp.route("/manage/surveys/setup/<int:consultation_id>/import", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def import_questionnaire(consultation_id: int):
    """Upload a questionnaire file and see what it would become; nothing is written."""
    consultation = _editable_consultation(consultation_id)
    if survey_of(consultation) is not None:
        return importing.already_set_up(consultation)
    return importing.upload_and_preview(consultation)


@bp.route("/manage/surveys/setup/<int:consultation_id>/import/confirm", methods=["POST"])
@role_required(*STAFF_ROLES)
def confirm_import(consultation_id: int):
    """Create the questionnaire of the file previewed."""
    consultation = _editable_consultation(consultation_id)
    if survey_of(consultation) is not None:
        return importing.already_set_up(consultation)
    return importing.confirm(consultation)


@bp.route("/manage/surveys/<int:survey_id>/xlsform.xlsx")
@role_required(*STAFF_ROLES)
def export_xlsform(survey_id: int):
    """The questionnaire as an XLSForm workbook (questions only, never answers)."""
    survey = _editable_survey(survey_id)
    return _download(write_xlsform(survey), XLSX_TYPE, f"questionnaire-{survey.id}.xlsx")
