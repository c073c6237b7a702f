"""Routes of draft-act consultations (public pages; officer pages under /manage, with the
act's public meetings) and the `flask mail send` command."""

import datetime as dt
from collections.abc import Sequence

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from consult import report_views
from consult.auth.access import consultation_or_404, editable_or_403
from consult.auth.services import STAFF_ROLES, role_required
from consult.comments.answering import save_answer
from consult.comments.forms import AnswerForm, HideForm, answer_form
from consult.comments.models import Comment
from consult.consultations import bp, page_cache, services, versions
from consult.consultations.forms import (
    AdoptionForm,
    ArticleForm,
    CommentForm,
    ImportForm,
    MeetingCommentForm,
    MeetingForm,
    SettingsForm,
    StartVersionForm,
    VersionActionForm,
    VersionArticleForm,
)
from consult.consultations.models import Article
from consult.consultations.page_cache import ArticleChoice, ArticlesSection
from consult.consultations.report import author_label, build_report, report_pdf, report_xlsx
from consult.core.fields import content_choice
from consult.core.kept_forms import kept_blank_form
from consult.core.labels import ACT_VERSION_KIND_LABELS, ARTICLE_CHANGE_LABELS, OUTCOME_LABELS
from consult.core.mail_outbox import mail_group, queue_mail
from consult.core.models import Consultation, LocalCommunity
from consult.core.profiles import current_standards
from consult.core.rate_limits import public_post_limit
from consult.core.records import record_or_none
from consult.core.reports import stored_file_response
from consult.core.services import record_audit
from consult.core.upload_limits import UploadRefused, import_deadline
from consult.extensions import db, limiter
from consult.form_views import refusal_on, save_form
from consult.i18n import lazy_text as _l
from consult.i18n import localize, to_latin
from consult.meetings.models import Meeting
from consult.meetings.services import (
    MeetingRefused,
    checked_how_and_when,
    meeting_findings,
    meetings_of,
    save_meeting,
)
from consult.plan.services import plan_entry_for
from consult.report_views import download, may_preview_report
from consult.subscriptions.services import notify_new_version

bp.cli.add_command(mail_group)


#: how long a citizen's confirmation link stays valid
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _today() -> dt.date:
    return dt.date.today()


def _standards() -> dict:
    return current_standards()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="comment-confirm")


def _draft_act(consultation_id: int, public: bool = True) -> Consultation:
    return consultation_or_404(consultation_id, "draft_act", public)


def _editable(consultation_id: int) -> Consultation:
    return editable_or_403(consultation_id, "draft_act")


# ---------------------------------------------------------------- what the included templates use


def comment_form_for(
    consultation: Consultation,
    form: CommentForm | None = None,
    articles: Sequence[Article | ArticleChoice] | None = None,
    allow_anonymous: bool | None = None,
) -> CommentForm:
    """The comment form with this act's articles (`articles`, when the caller has read them
    already) and the ways this reader may comment (`allow_anonymous`: the act's setting, when
    the caller has read it already)."""
    form = form or CommentForm(formdata=None)
    if articles is None:
        articles = services.articles_of(consultation)
    form.article_id.choices = [SelectChoice(0, _("The act as a whole"))] + [
        SelectChoice(a.id, _("Article %(number)s", number=a.number) + " " + _article_heading(a))
        for a in articles
    ]
    if allow_anonymous is None:
        allow_anonymous = services.settings_for(consultation).allow_anonymous
    authors = [SelectChoice(kind, AUTHOR_CHOICES[kind]) for kind in _author_kinds(allow_anonymous)]
    form.author.choices = authors
    if form.author.data is None:
        form.author.data = authors[-1].value if len(authors) > 2 else "citizen"
    return form


#: the ways of commenting the form offers, as the reader reads them
AUTHOR_CHOICES = {
    "citizen": _l("A citizen, with my name and e-mail"),
    "anonymous": _l("Anonymously"),
    "organisation": _l("In the name of my organisation"),
}


def _author_kinds(allow_anonymous: bool) -> tuple[str, ...]:
    """The ways this reader may comment: as a citizen; anonymously where the act allows it; in
    the name of their organisation when signed in as a CSO member."""
    kinds = ["citizen"]
    if allow_anonymous:
        kinds.append("anonymous")
    if current_user.is_authenticated and current_user.role == "cso":
        kinds.append("organisation")
    return tuple(kinds)


def _article_heading(article: Article | ArticleChoice) -> str:
    return localize(article.heading).text


def public_panel(consultation: Consultation, form: CommentForm | None = None) -> dict:
    """What the public draft-act page shows: the section of its articles, comments and public
    meetings (kept by the worker: consult/consultations/page_cache.py) and the comment form,
    blank and kept by the worker too (consult/core/kept_forms.py) unless it comes back with
    what the reader sent (`form`)."""
    open_now = services.accepts_comments(consultation, _today())
    section = page_cache.articles_section(consultation, open_now)
    panel = {"section": section.html, "form": None, "blank_form": None, "chosen": None}
    if not open_now:
        return panel
    if form is not None:
        form = comment_form_for(consultation, form, section.articles, section.allow_anonymous)
        if not form.article_id.data:
            form.article_id.data = _chosen_article(section.articles)
        chosen = form.article_id.data
        panel["form"] = form
    else:
        chosen = _chosen_article(section.articles)
        kinds = _author_kinds(section.allow_anonymous)
        panel["blank_form"] = kept_blank_form(
            consultation,
            ("comment", kinds, chosen),
            lambda: _blank_comment_form(consultation, section, chosen),
        )
    panel["chosen"] = next((a for a in section.articles if a.id == chosen), None)
    return panel


def _blank_comment_form(consultation: Consultation, section: ArticlesSection, chosen: int) -> str:
    """The comment form as a reader first sees it, with the article `chosen` (0: the act)."""
    form = comment_form_for(consultation, None, section.articles, section.allow_anonymous)
    form.article_id.data = chosen
    return render_template(
        "consultations/_blank_comment_form.html", consultation=consultation, form=form
    )


def _chosen_article(articles: Sequence[ArticleChoice]) -> int:
    """The article a reader chose with "Comment on this article" (`?article=<id>`), if it is
    one of this act's; otherwise the act as a whole (0)."""
    chosen = request.args.get("article", type=int)
    return chosen if chosen in {article.id for article in articles} else 0


def commented_page(consultation_id: int, article: Article | None) -> str:
    """The public page at the article that was commented on (or at the top for the act as a
    whole): where a reader comes back to after sending or confirming a comment."""
    anchor = f"article-{article.number}" if article is not None else None
    return url_for("public.consultation", consultation_id=consultation_id, _anchor=anchor)


def manage_panel(consultation: Consultation) -> dict:
    """What the management page shows of a draft act: plan, articles, settings, counts."""
    unanswered = services.unanswered_count(consultation)
    return {
        "plan_entry": plan_entry_for(consultation),
        "settings_form": SettingsForm(
            formdata=None, allow_anonymous=services.settings_for(consultation).allow_anonymous
        ),
        "articles": services.articles_of(consultation),
        "comment_count": len(services.comments_of(consultation, visible_only=False)),
        "unanswered": unanswered,
        "review": report_views.review_panel(consultation),
        "meetings": meetings_of(consultation),
        "versions": versions.versions_of(consultation, published_only=False),
        "may_revise": versions.may_revise(consultation, _today()),
        "kinds_to_start": versions.kinds_to_start(consultation),
        "start_form": StartVersionForm(formdata=None),
    }


@bp.app_context_processor
def _template_helpers() -> dict:
    return {
        "author_kind_labels": services.AUTHOR_KIND_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "report_author": author_label,
        "version_kind_labels": ACT_VERSION_KIND_LABELS,
        "article_change_labels": ARTICLE_CHANGE_LABELS,
    }


# ---------------------------------------------------------------- public: comments


@bp.route("/consultations/<int:consultation_id>/comments", methods=["POST"])
@limiter.limit(public_post_limit)
def post_comment(consultation_id: int):
    """Take a comment from a citizen, anonymously or in a verified organisation's name."""
    consultation = _draft_act(consultation_id)
    form = comment_form_for(consultation, CommentForm())
    if form.validate_on_submit():
        try:
            comment = _make_comment(consultation, form)
        except services.CommentRefused as refused:
            target = getattr(form, refused.field, form.text)
            target.errors = [*target.errors, refused.message]
        else:
            db.session.commit()
            if comment.confirmed_at is None:
                flash(_("Thank you. Follow the link we sent to your e-mail to confirm."), "success")
            else:
                flash(_("Thank you. Your comment is published."), "success")
            return redirect(commented_page(consultation.id, comment.article))
    db.session.rollback()
    return render_template("consultations/comment.html", consultation=consultation, form=form), 400


def _make_comment(consultation: Consultation, form: CommentForm) -> Comment:
    article = record_or_none(Article, form.article_id.data) if form.article_id.data else None
    common = (consultation, article, form.text.data, form.language.data, _today())
    notify = bool(form.notify.data)
    if form.author.data == "organisation":
        if not current_user.is_authenticated:
            raise services.CommentRefused(
                _("Only a verified organisation can comment in an organisation's name.")
            )
        return services.comment_as_organisation(*common, current_user, notify=notify)
    if form.author.data == "anonymous":
        return services.comment_anonymously(*common, gender=form.gender.data, notify=notify)
    comment = services.comment_as_citizen(
        *common,
        name=form.name.data or "",
        email=form.email.data or "",
        show_name=form.show_name.data,
        gender=form.gender.data,
        notify=notify,
    )
    _queue_confirmation(consultation, comment)
    return comment


def _queue_confirmation(consultation: Consultation, comment: Comment) -> None:
    token = _serializer().dumps(comment.id)
    link = url_for("consultations.confirm_comment", token=token, _external=True)
    title = localize(consultation.title).text
    queue_mail(
        comment.author_email,
        _("Confirm your comment on “%(title)s”", title=title),
        _(
            "Follow this link within seven days to publish your comment:\n%(link)s\n\n"
            "If you did not write a comment, ignore this message.",
            link=link,
        ),
        consultation.id,
    )


@bp.route("/comments/confirm/<token>")
def confirm_comment(token: str):
    """The link from the citizen's e-mail: the comment is published."""
    try:
        comment_id = _serializer().loads(token, max_age=CONFIRM_MAX_AGE)
    except SignatureExpired:
        message = _("The link has expired.")
        return render_template("message.html", message=message), 400
    except BadSignature:
        abort(404)
    comment = record_or_none(Comment, comment_id)
    if comment is None or comment.cycle_id is not None:
        abort(404)
    services.confirm_comment(comment)
    db.session.commit()
    flash(_("Your comment is confirmed and published."), "success")
    return redirect(commented_page(comment.consultation_id, comment.article))


# ---------------------------------------------------------------- public: the final report


def _report_consultation(consultation_id: int) -> Consultation:
    """The report is public once published; officers who may edit see a preview before."""
    consultation = _draft_act(consultation_id, public=False)
    if consultation.status == "reported" or may_preview_report(consultation):
        return consultation
    abort(404)


@bp.route("/consultations/<int:consultation_id>/report")
def report(consultation_id: int):
    """The final report in the reader's language."""
    consultation = _report_consultation(consultation_id)
    data = build_report(consultation, _today(), _standards())
    return render_template("consultations/report.html", report=data)


@bp.route("/consultations/<int:consultation_id>/report.pdf")
def report_as_pdf(consultation_id: int):
    """The final report as a PDF in the reader's language."""
    consultation = _report_consultation(consultation_id)
    pdf = report_pdf(build_report(consultation, _today(), _standards()))
    return download(
        pdf, "pdf", f"report-{consultation.id}.pdf", "report", f"consultation:{consultation.id}"
    )


@bp.route("/consultations/<int:consultation_id>/report.xlsx")
def report_as_xlsx(consultation_id: int):
    """Every comment with its answer and reason as a spreadsheet."""
    consultation = _report_consultation(consultation_id)
    data = report_xlsx(build_report(consultation, _today(), _standards()))
    return download(
        data, "xlsx", f"report-{consultation.id}.xlsx", "report", f"consultation:{consultation.id}"
    )


# ---------------------------------------------------------------- officers: lifecycle, settings


def _back(consultation: Consultation):
    return redirect(url_for("manage.consultation", consultation_id=consultation.id))


@bp.route("/manage/draft-acts/<int:consultation_id>/settings", methods=["POST"])
@role_required(*STAFF_ROLES)
def save_settings(consultation_id: int):
    """Save whether this consultation takes anonymous comments."""
    consultation = _editable(consultation_id)
    form = SettingsForm()
    if form.validate_on_submit():
        services.save_settings(consultation, form.allow_anonymous.data)
        record_audit("draft_act.settings", f"consultation:{consultation.id}", current_user.id)
        db.session.commit()
        flash(_("The changes are saved."), "success")
    return _back(consultation)


# ---------------------------------------------------------------- officers: articles


@bp.route("/manage/draft-acts/<int:consultation_id>/articles/new", methods=["GET", "POST"])
@bp.route(
    "/manage/draft-acts/<int:consultation_id>/articles/<int:article_id>",
    methods=["GET", "POST"],
)
@role_required(*STAFF_ROLES)
def edit_article(consultation_id: int, article_id: int | None = None):
    """Type an article's heading and text in every language."""
    consultation = _editable(consultation_id)
    if versions.has_versions(consultation):
        return _articles_kept(consultation)
    article = None
    if article_id is not None:
        article = record_or_none(Article, article_id)
        if article is None or article.consultation_id != consultation.id:
            abort(404)
    form = ArticleForm(obj=article)
    if article is not None and not form.is_submitted():
        form.fill_texts("heading", article.heading)
        form.fill_texts("text", article.text)
    if form.validate_on_submit():
        try:
            services.save_article(
                consultation,
                form.number.data,
                form.texts("heading", article.heading if article else None),
                form.texts("text", article.text if article else None),
                article,
            )
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.number.errors = [_("Another article has this number.")]
        else:
            flash(_("The article is saved."), "success")
            return _back(consultation)
    status = 400 if form.errors else 200
    return render_template(
        "consultations/article.html", consultation=consultation, form=form, article=article
    ), status


@bp.route("/manage/draft-acts/<int:consultation_id>/articles/import", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def import_articles(consultation_id: int):
    """Import articles from a DOCX or TXT file split at "Neni N", "Član N", "Article N"."""
    consultation = _editable(consultation_id)
    if versions.has_versions(consultation):
        return _articles_kept(consultation)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
        deadline = import_deadline()
        try:
            if len(data) > current_app.config["UPLOAD_MAX_BYTES"]:
                raise services.ImportRefused(_("The file is too large."))
            lines = services.document_lines(data, upload.filename or "", deadline)
            saved = services.import_articles(consultation, lines, form.language.data, deadline)
        except UploadRefused as refused:
            db.session.rollback()
            form.file.errors = [*form.file.errors, refused.message]
        else:
            record_audit(
                "draft_act.import",
                f"consultation:{consultation.id}",
                current_user.id,
                articles=len(saved),
            )
            db.session.commit()
            flash(_("Articles imported: %(count)s.", count=len(saved)), "success")
            return _back(consultation)
    status = 400 if form.errors else 200
    return render_template(
        "consultations/import.html", consultation=consultation, form=form
    ), status


# ---------------------------------------------------------------- officers: comments, answers


def _editable_comment(comment_id: int) -> tuple[Consultation, Comment]:
    """A draft act's comment (a budget comment has its own pages) the officer may answer,
    with its consultation."""
    comment = record_or_none(Comment, comment_id)
    if comment is None or comment.cycle_id is not None:
        abort(404)
    return _editable(comment.consultation_id), comment


def _comments_page(consultation: Consultation, status: int = 200, forms: dict | None = None):
    """Every comment with its answer form and the moderation form; `forms` keeps a form just
    refused, with what was typed, keyed by ("answer" or "hide", comment id)."""
    forms = forms or {}
    comments = services.comments_of(consultation, visible_only=False)
    answer_forms = {
        c.id: forms.get(("answer", c.id)) or answer_form(f"c{c.id}", c.outcome, c.reason)
        for c in comments
    }
    hide_forms = {
        c.id: forms.get(("hide", c.id)) or HideForm(formdata=None, prefix=f"h{c.id}")
        for c in comments
    }
    return render_template(
        "consultations/manage_comments.html",
        consultation=consultation,
        comments=comments,
        answer_forms=answer_forms,
        hide_forms=hide_forms,
    ), status


@bp.route("/manage/draft-acts/<int:consultation_id>/comments")
@role_required(*STAFF_ROLES)
def manage_comments(consultation_id: int):
    """Every comment with its answer form and the moderation form."""
    return _comments_page(_editable(consultation_id))


def _comments_url(comment: Comment) -> str:
    return url_for("consultations.manage_comments", consultation_id=comment.consultation_id)


@bp.route("/manage/draft-acts/comments/<int:comment_id>/answer", methods=["POST"])
@role_required(*STAFF_ROLES)
def answer_comment(comment_id: int):
    """Answer a comment; the commenter who asked to be told is e-mailed the answer."""
    consultation, comment = _editable_comment(comment_id)
    form = AnswerForm(prefix=f"c{comment.id}")
    return save_answer(
        form,
        lambda outcome, reason: services.answer_comment(comment, outcome, reason, current_user),
        _comments_url(comment) + f"#comment-{comment.id}",
        lambda: _comments_page(consultation, 400, {("answer", comment.id): form}),
        services.CommentRefused,
        comment.language,
        comment.reason,
    )


@bp.route("/manage/draft-acts/comments/<int:comment_id>/hide", methods=["POST"])
@role_required(*STAFF_ROLES)
def hide_comment(comment_id: int):
    """Hide a comment with a reason; the public page shows how many are hidden."""
    consultation, comment = _editable_comment(comment_id)
    form = HideForm(prefix=f"h{comment.id}")
    return save_form(
        form,
        lambda: services.hide_comment(comment, form.reason.data, current_user),
        form.reason,
        _("The comment is hidden."),
        _comments_url(comment),
        lambda: _comments_page(consultation, 400, {("hide", comment.id): form}),
        services.CommentRefused,
    )


# ---------------------------------------------------------------- public meetings


def _meeting_form(consultation: Consultation, meeting: Meeting | None) -> MeetingForm:
    form = MeetingForm(obj=meeting)
    communities = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id)).all()
    form.local_community_id.choices = [SelectChoice(0, _("The whole municipality"))] + [
        content_choice(c.id, c.name) for c in communities
    ]
    if meeting is not None and not form.is_submitted():
        form.fill_texts("agenda", meeting.agenda)
        form.fill_texts("accessibility", meeting.accessibility)
        form.fill_texts("minutes", meeting.minutes)
        form.local_community_id.data = meeting.local_community_id or 0
    return form


def _how_and_when(form: MeetingForm) -> tuple[str, str | None, str | None] | None:
    """The meeting's place and links once the shared rules of every meeting hold (format,
    place, links, times); None with the refusal on its field."""
    try:
        return checked_how_and_when(
            form.format.data,
            form.place.data or "",
            form.online_url.data,
            form.stream_url.data,
            form.starts_at.data,
            form.ends_at.data,
        )
    except MeetingRefused as refused:
        refusal_on(form, refused, form.format)
        return None


def _meeting_comment_form(consultation: Consultation) -> MeetingCommentForm:
    form = MeetingCommentForm()
    form.article_id.choices = [SelectChoice(0, _("The act as a whole"))] + [
        SelectChoice(a.id, _("Article %(number)s", number=a.number))
        for a in services.articles_of(consultation)
    ]
    return form


@bp.route("/manage/draft-acts/<int:consultation_id>/meetings/new", methods=["GET", "POST"])
@bp.route(
    "/manage/draft-acts/<int:consultation_id>/meetings/<int:meeting_id>",
    methods=["GET", "POST"],
)
@role_required(*STAFF_ROLES)
def edit_meeting(consultation_id: int, meeting_id: int | None = None):
    """Plan a public meeting, then record its minutes, attendance and the proposals raised."""
    consultation = _editable(consultation_id)
    meeting = None
    if meeting_id is not None:
        meeting = record_or_none(Meeting, meeting_id)
        if meeting is None or meeting.consultation_id != consultation.id:
            abort(404)
    form = _meeting_form(consultation, meeting)
    how = _how_and_when(form) if form.validate_on_submit() else None
    if how is not None:
        place, online_url, stream_url = how
        saved = save_meeting(
            meeting or Meeting(consultation_id=consultation.id),
            held_on=form.held_on.data,
            starts_at=form.starts_at.data,
            ends_at=form.ends_at.data,
            format=form.format.data,
            place=place,
            online_url=online_url,
            stream_url=stream_url,
            local_community_id=form.local_community_id.data or None,
            audience=form.audience.data,
            announced_on=form.announced_on.data,
            agenda=form.texts("agenda", meeting.agenda if meeting else None),
            accessibility=form.texts("accessibility", meeting.accessibility if meeting else None),
            minutes=form.texts("minutes", meeting.minutes if meeting else None),
            attendance_women=form.attendance_women.data or 0,
            attendance_men=form.attendance_men.data or 0,
            attendance_other=form.attendance_other.data or 0,
        )
        record_audit("meeting.save", f"meeting:{saved.id}", current_user.id)
        db.session.commit()
        flash(_("The meeting is saved."), "success")
        return redirect(
            url_for(
                "consultations.edit_meeting", consultation_id=consultation.id, meeting_id=saved.id
            )
        )
    findings = (
        meeting_findings(meeting, _today(), _standards(), _meeting_unanswered(meeting))
        if meeting
        else []
    )
    return render_template(
        "consultations/meeting.html",
        consultation=consultation,
        meeting=meeting,
        form=form,
        comment_form=_meeting_comment_form(consultation),
        findings=findings,
        comments=[
            c
            for c in services.comments_of(consultation, visible_only=False)
            if meeting is not None and c.meeting_id == meeting.id
        ],
    ), (400 if form.errors else 200)


def _meeting_unanswered(meeting: Meeting) -> int:
    comments = services.comments_of(meeting.consultation, visible_only=False)
    return sum(1 for c in comments if c.meeting_id == meeting.id and c.answer is None)


@bp.route("/manage/draft-acts/meetings/<int:meeting_id>/comments", methods=["POST"])
@role_required(*STAFF_ROLES)
def record_meeting_comment(meeting_id: int):
    """Record a proposal raised at the meeting; it is answered like every comment."""
    meeting = record_or_none(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    consultation = _editable(meeting.consultation_id)
    form = _meeting_comment_form(consultation)
    if form.validate_on_submit():
        article = record_or_none(Article, form.article_id.data) if form.article_id.data else None
        try:
            services.record_meeting_comment(
                meeting,
                article,
                form.text.data,
                form.language.data,
                current_user,
                speaker=form.speaker.data or "",
                gender=form.gender.data,
            )
        except services.CommentRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
        else:
            db.session.commit()
            flash(_("The proposal is recorded."), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(
        url_for(
            "consultations.edit_meeting", consultation_id=consultation.id, meeting_id=meeting.id
        )
    )


# ---------------------------------------------------------------- versions of the act


def _articles_kept(consultation: Consultation):
    """The articles put to consultation are kept as version 1 once a version exists: they are
    changed in a revised draft, never in place."""
    flash(
        _(
            "The articles put to consultation are kept as version 1. Change them in a revised "
            "draft."
        ),
        "error",
    )
    return _back(consultation)


def _public_version(consultation: Consultation, number: int) -> versions.ActVersion:
    found = versions.version_numbered(consultation, number)
    if found is None:
        abort(404)
    return found


@bp.route("/consultations/<int:consultation_id>/versions")
def act_versions(consultation_id: int):
    """Every published version of the act, with a form to compare any two."""
    consultation = _draft_act(consultation_id)
    found = versions.versions_of(consultation)
    if not found:
        abort(404)
    return render_template(
        "consultations/versions.html",
        consultation=consultation,
        versions=found,
        revision=versions.revision_of(consultation),
    )


@bp.route("/consultations/<int:consultation_id>/versions/<int:number>")
def act_version(consultation_id: int, number: int):
    """One version of the act, article by article."""
    consultation = _draft_act(consultation_id)
    version = _public_version(consultation, number)
    return render_template(
        "consultations/version.html",
        consultation=consultation,
        version=version,
        versions=versions.versions_of(consultation),
    )


@bp.route("/consultations/<int:consultation_id>/versions/compare")
def compare_versions(consultation_id: int):
    """What changed, article by article and word by word, from one version to another (by
    default from the previous version to the latest), and the comments that led to it."""
    consultation = _draft_act(consultation_id)
    found = versions.versions_of(consultation)
    if len(found) < 2:
        abort(404)
    newer = request.args.get("to", type=int) or found[-1].number
    older = request.args.get("from", type=int) or newer - 1
    old, new = (_public_version(consultation, n) for n in sorted((older, newer)))
    if old.number == new.number:
        message = _("Choose two different versions to compare.")
        return render_template(
            "consultations/versions.html",
            consultation=consultation,
            versions=found,
            revision=versions.revision_of(consultation),
            compare_error=message,
        ), 400
    changes = versions.compare(old, new)
    return render_template(
        "consultations/version_compare.html",
        consultation=consultation,
        old=old,
        new=new,
        versions=found,
        changes=changes,
        tally=versions.tally(changes),
    )


@bp.route("/consultations/<int:consultation_id>/versions/<int:number>/adopted.pdf")
def adopted_pdf(consultation_id: int, number: int):
    """The adopted text as the Assembly's PDF, where one is attached."""
    consultation = _draft_act(consultation_id)
    version = _public_version(consultation, number)
    path = versions.pdf_path(version, current_app.config["UPLOAD_FOLDER"])
    if path is None:
        abort(404)
    return stored_file_response(path, "application/pdf", version.pdf_original_name)


def _working(consultation: Consultation, number: int) -> versions.ActVersion:
    """The version being prepared; 404 if there is none, a published one is refused."""
    version = versions.version_numbered(consultation, number, published_only=False)
    if version is None:
        abort(404)
    if version.is_published:
        message = _(
            "A published version is never changed. To correct it, prepare a new version from it."
        )
        abort(make_response(render_template("message.html", message=message), 409))
    return version


def _working_url(version: versions.ActVersion) -> str:
    return url_for(
        "consultations.edit_version",
        consultation_id=version.consultation_id,
        number=version.number,
    )


@bp.route("/manage/draft-acts/<int:consultation_id>/versions", methods=["POST"])
@role_required(*STAFF_ROLES)
def start_version(consultation_id: int):
    """Start a revised draft or the adopted text from the last published version."""
    consultation = _editable(consultation_id)
    form = StartVersionForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; try again."), "error")
        return _back(consultation)
    try:
        version = versions.start_version(consultation, form.kind.data, current_user, _today())
        db.session.commit()
    except versions.VersionRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
        return _back(consultation)
    except IntegrityError:  # another officer started one at the same moment: theirs it is
        db.session.rollback()
        version = versions.working_version(consultation)
        if version is None:
            raise
    return redirect(_working_url(version))


def _version_page(
    consultation: Consultation,
    version: versions.ActVersion,
    adoption_form: AdoptionForm | None = None,
    problems: list | None = None,
    status: int = 200,
):
    base = versions.previous_published(version)
    changes = versions.compare(base, version) if base is not None else []
    if version.kind == "adopted" and adoption_form is None:
        adoption_form = AdoptionForm(formdata=None)
    return render_template(
        "consultations/version_edit.html",
        consultation=consultation,
        version=version,
        base=base,
        changes=changes,
        tally=versions.tally(changes),
        links={c.lineage: versions.links_of(version, c.lineage) for c in changes},
        problems=problems or [],
        adoption_form=adoption_form,
    ), status


@bp.route("/manage/draft-acts/<int:consultation_id>/versions/<int:number>")
@role_required(*STAFF_ROLES)
def edit_version(consultation_id: int, number: int):
    """The version being prepared: its articles and what changed, to edit and publish."""
    consultation = _editable(consultation_id)
    found = versions.version_numbered(consultation, number, published_only=False)
    if found is not None and found.is_published:
        return redirect(
            url_for("consultations.act_version", consultation_id=consultation.id, number=number)
        )
    return _version_page(consultation, _working(consultation, number))


def _version_article_form(
    consultation: Consultation, article: versions.VersionArticle | None, chosen: list[int]
) -> tuple[VersionArticleForm, list[Comment]]:
    form = VersionArticleForm()
    comments = versions.comment_choices(consultation, article.article_id if article else None)
    form.comment_ids.choices = [SelectChoice(c.id, str(c.id)) for c in comments]
    if not form.is_submitted():
        if article is not None:
            form.number.data = article.number
            form.fill_texts("heading", _latin_serbian(article.heading))
            form.fill_texts("text", _latin_serbian(article.text))
        form.comment_ids.data = chosen
    return form, comments


def _latin_serbian(value: dict) -> dict:
    """A stored text with Serbian in Latin script, as the form types it."""
    value = dict(value or {})
    if value.get("sr", "").strip() and not value.get("sr_Latn", "").strip():
        value["sr_Latn"] = to_latin(value["sr"])
    return value


@bp.route(
    "/manage/draft-acts/<int:consultation_id>/versions/<int:number>/articles/new",
    methods=["GET", "POST"],
)
@bp.route(
    "/manage/draft-acts/<int:consultation_id>/versions/<int:number>/articles/<int:lineage>",
    methods=["GET", "POST"],
)
@role_required(*STAFF_ROLES)
def edit_version_article(consultation_id: int, number: int, lineage: int | None = None):
    """Change, add or remove an article of the version being prepared, and tick the comments
    that led to the change."""
    consultation = _editable(consultation_id)
    version = _working(consultation, number)
    article = None
    if lineage is not None:
        article = versions.article_of(version, lineage)
        if article is None:
            abort(404)
    base = versions.previous_published(version)
    original = versions.article_of(base, lineage) if base and lineage else None
    chosen = versions.links_of(version, lineage) if lineage else []
    form, comments = _version_article_form(consultation, article, chosen)
    removing = request.form.get("action") == "remove" and article is not None
    if form.is_submitted() and (form.validate() or (removing and not form.csrf_token.errors)):
        try:
            if removing:
                versions.remove_article(version, lineage, form.comment_ids.data or [], current_user)
                message = _("The article is removed from this version.")
            else:
                versions.save_article(
                    version,
                    lineage,
                    form.number.data,
                    form.texts("heading", article.heading if article else None),
                    form.texts("text", article.text if article else None),
                    form.comment_ids.data or [],
                    current_user,
                )
                message = _("The article is saved.")
        except versions.VersionRefused as refused:
            db.session.rollback()
            for name, errors in refused.errors.items():
                target = getattr(form, name, None)
                if target is not None:
                    target.errors = [*target.errors, *errors]
            if not refused.errors:
                form.form_errors.append(refused.message)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(_working_url(version))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "consultations/version_article.html",
        consultation=consultation,
        version=version,
        article=article,
        original=original,
        form=form,
        comments={c.id: c for c in comments},
    ), status


@bp.route(
    "/manage/draft-acts/<int:consultation_id>/versions/<int:number>/articles/<int:lineage>/restore",
    methods=["POST"],
)
@role_required(*STAFF_ROLES)
def restore_version_article(consultation_id: int, number: int, lineage: int):
    """Put an article removed from the version back as it was."""
    consultation = _editable(consultation_id)
    version = _working(consultation, number)
    form = VersionActionForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; try again."), "error")
        return redirect(_working_url(version))
    try:
        versions.restore_article(version, lineage, current_user)
    except versions.VersionRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
    else:
        db.session.commit()
        flash(_("The article is restored."), "success")
    return redirect(_working_url(version))


@bp.route(
    "/manage/draft-acts/<int:consultation_id>/versions/<int:number>/publish", methods=["POST"]
)
@role_required(*STAFF_ROLES)
def publish_version(consultation_id: int, number: int):
    """Publish the version: a revised draft, or the adopted text with the Assembly's
    decision and, if attached, its PDF."""
    consultation = _editable(consultation_id)
    version = _working(consultation, number)
    form = AdoptionForm() if version.kind == "adopted" else VersionActionForm()
    if not form.validate_on_submit():
        if version.kind != "adopted" or form.csrf_token.errors:
            flash(_("The form has expired; try again."), "error")
            return redirect(_working_url(version))
        return _version_page(consultation, version, form, status=400)
    adoption = None
    if version.kind == "adopted":
        try:
            adoption = versions.Adoption(
                form.adopted_on.data, form.decision_number.data or "", _adopted_pdf(form)
            )
        except UploadRefused as refused:
            form.file.errors = [*form.file.errors, refused.message]
            return _version_page(consultation, version, form, status=400)
    try:
        versions.publish_version(
            version, current_user, _today(), adoption, current_app.config["UPLOAD_FOLDER"]
        )
    except versions.VersionRefused as refused:
        db.session.rollback()
        if isinstance(form, AdoptionForm):
            for name, errors in refused.errors.items():
                getattr(form, name).errors = [*getattr(form, name).errors, *errors]
        return _version_page(
            consultation,
            _working(consultation, number),
            form if isinstance(form, AdoptionForm) else None,
            refused.problems or ([] if refused.errors else [refused.message]),
            400,
        )
    notify_new_version(
        consultation,
        version.number,
        version.kind == "adopted",
        lambda locale: url_for(
            "consultations.act_version",
            consultation_id=consultation.id,
            number=version.number,
            lang=locale,
            _external=True,
        ),
    )
    db.session.commit()
    if version.kind == "adopted":
        flash(_("The adoption is recorded and the adopted text published."), "success")
    else:
        flash(_("Version %(number)s is published.", number=version.number), "success")
    return redirect(
        url_for("consultations.act_version", consultation_id=consultation.id, number=number)
    )


def _adopted_pdf(form: AdoptionForm):
    upload = form.file.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    return versions.check_pdf(
        upload.read(limit + 1),
        upload.filename,
        limit,
        current_app.config["UPLOAD_MAX_UNPACKED_BYTES"],
    )


@bp.route(
    "/manage/draft-acts/<int:consultation_id>/versions/<int:number>/discard", methods=["POST"]
)
@role_required(*STAFF_ROLES)
def discard_version(consultation_id: int, number: int):
    """Throw the version being prepared away."""
    consultation = _editable(consultation_id)
    version = _working(consultation, number)
    form = VersionActionForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; try again."), "error")
        return redirect(_working_url(version))
    versions.discard_version(version, current_user)
    db.session.commit()
    flash(_("The version being prepared is discarded."), "success")
    return _back(consultation)
