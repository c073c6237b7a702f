"""Draft-act consultations: lifecycle, articles, comments, answers, the report.

Plain functions over the models; they `flush()` and never commit (the view commits once).
"""

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from consult.auth.models import User
from consult.comments.models import Answer, Comment
from consult.comments.services import record_answer
from consult.consultations.models import Article, DraftActSettings
from consult.core import answers as core_answers
from consult.core import reviews
from consult.core.answers import answer_reason, hide
from consult.core.mail_outbox import queue_mail
from consult.core.models import Consultation, Document, utcnow
from consult.core.services import is_open_on, record_audit
from consult.core.standards import Finding, ms_text
from consult.core.upload_limits import (
    Deadline,
    UploadRefused,
    XmlLimits,
    ZipLimits,
    check_xml,
    open_zip,
)
from consult.extensions import db
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l
from consult.i18n import localize
from consult.meetings.models import Meeting

# ---------------------------------------------------------------- lifecycle


def unanswered_count(consultation: Consultation) -> int:
    """Confirmed comments (hidden ones too) that still have no answer."""
    query = (
        select(func.count(Comment.id))
        .outerjoin(Answer, Answer.comment_id == Comment.id)
        .where(
            Comment.consultation_id == consultation.id,
            Comment.confirmed_at.is_not(None),
            Comment.hidden.is_(False),
            Answer.id.is_(None),
        )
    )
    return db.session.scalar(query) or 0


def answer_gaps(consultation: Consultation) -> list[core_answers.AnswerGap]:
    """Answers to the consultation's comments (meeting comments too) still lacking an
    official language or the commenter's own (LANG-ANSWER)."""
    query = (
        select(Comment, Answer)
        .join(Answer, Answer.comment_id == Comment.id)
        .where(
            Comment.consultation_id == consultation.id,
            Comment.confirmed_at.is_not(None),
            Comment.hidden.is_(False),
        )
        .order_by(Comment.id)
    )
    gaps = []
    for comment, answer in db.session.execute(query):
        missing = core_answers.missing_answer_languages(answer.reason, comment.language)
        if missing:
            gaps.append(
                core_answers.AnswerGap(
                    _l("Comment %(number)s", number=comment.id),
                    tuple(missing),
                    "consultations.manage_comments",
                    (("consultation_id", consultation.id),),
                    f"comment-{comment.id}",
                )
            )
    return gaps


def after_step(consultation: Consultation, to_status: str) -> None:
    """A draft act's report, once published, goes to the chair for review; the commenters who
    asked to be told hear that it closed and that its report is published (the kind's step
    hook)."""
    if to_status == "reported":
        reviews.submit(consultation)
    if to_status in core_answers.TOLD_STEPS:
        notify_commenters_of_step(consultation, to_status)


# ---------------------------------------------------------------- settings and articles


def settings_for(consultation: Consultation) -> DraftActSettings:
    """The consultation's draft-act settings; the defaults (not stored) when none are saved."""
    settings = db.session.get(DraftActSettings, consultation.id)
    return settings or DraftActSettings(consultation_id=consultation.id, allow_anonymous=False)


def save_settings(consultation: Consultation, allow_anonymous: bool) -> DraftActSettings:
    """Store whether the consultation takes anonymous comments."""
    settings = settings_for(consultation)
    settings.allow_anonymous = allow_anonymous
    db.session.add(settings)
    db.session.flush()
    return settings


def articles_of(consultation: Consultation) -> list[Article]:
    """The articles of the act in order."""
    query = select(Article).where(Article.consultation_id == consultation.id)
    return list(db.session.scalars(query.order_by(Article.number)))


@dataclass(frozen=True)
class ActText:
    """How much of a draft act is on the platform: its articles and its documents by role."""

    articles: int
    drafts: int
    notes: int


def act_text(consultation: Consultation) -> ActText:
    """Count the act's articles, draft documents and explanatory notes in one query."""

    def documents(role: str):
        return (
            select(func.count(Document.id))
            .where(Document.consultation_id == consultation.id, Document.role == role)
            .scalar_subquery()
        )

    articles = (
        select(func.count(Article.id))
        .where(Article.consultation_id == consultation.id)
        .scalar_subquery()
    )
    row = db.session.execute(
        select(articles, documents("draft"), documents("explanatory_note"))
    ).one()
    return ActText(*(int(count or 0) for count in row))


def missing_text(consultation: Consultation, standards: dict) -> list[Finding]:
    """What a draft act lacks before it may be announced (the lifecycle's substance check):
    MS-TEXT, its text as articles or an attached draft document (MS_TEXT_REQUIRED), and
    MS-NOTE, an attached explanatory note (MS_NOTE_REQUIRED); 0 switches a rule off."""
    found = act_text(consultation)
    return ms_text(found.articles, found.drafts, found.notes, standards)


def save_article(
    consultation: Consultation, number: int, heading: dict, text: dict, article: Article | None
) -> Article:
    """Create or update an article; the number is unique within the act (database-enforced)."""
    if article is None:
        article = Article(consultation_id=consultation.id)
        db.session.add(article)
    article.number = number
    article.heading = heading
    article.text = text
    db.session.flush()
    return article


#: "Neni 3", "Član 3", "Clan 3", "Члан 3", "Article 3", at the start of a line
ARTICLE_HEADING = re.compile(
    r"^\s*(?:neni|člani|član|clan|члан|article)\s+(\d{1,4})\s*[.:\-–—]?\s*(.*)$",
    re.IGNORECASE,
)
#: most articles one import takes (a long law has a few hundred)
MAX_ARTICLES = 2000
#: a DOCX may unpack to this much, its pictures included: python-docx loads every part
DOCX_LIMITS = ZipLimits(unpacked_bytes=25 * 1024 * 1024)
#: python-docx builds every XML part whole, 100 to 200 bytes a node: a draft act of 300 pages
#: has about 500,000 nodes (elements and attributes)
DOCX_XML = XmlLimits(nodes=1_000_000)


@dataclass(frozen=True)
class ImportedArticle:
    """An article found in an imported document."""

    number: int
    heading: str
    text: str


class ImportRefused(UploadRefused):
    """The document could not be read or holds no article heading."""


def split_articles(lines: Iterable[str], deadline: Deadline) -> list[ImportedArticle]:
    """Split a document's lines at its article headings; text before the first is left out.

    A heading's title is the rest of the heading line, or else the next line when it is short
    and does not end a sentence. The lines are read one by one against `deadline`, and
    reading stops at the article after MAX_ARTICLES.
    """
    found: list[tuple[int, str, list[str]]] = []
    for line in lines:
        deadline.check()
        match = ARTICLE_HEADING.match(line)
        if match:
            if len(found) == MAX_ARTICLES:
                raise ImportRefused(
                    _ln(
                        "The document has more than %(count)s article.",
                        "The document has more than %(count)s articles.",
                        MAX_ARTICLES,
                        count=MAX_ARTICLES,
                    )
                )
            found.append((int(match.group(1)), match.group(2).strip(), []))
        elif found:
            found[-1][2].append(line.rstrip())
    return [_article(number, heading, lines) for number, heading, lines in found]


def _article(number: int, heading: str, lines: list[str]) -> ImportedArticle:
    body = [line for line in lines]
    while body and not body[0].strip():
        body.pop(0)
    if not heading and body and len(body[0]) <= 100 and not body[0].rstrip().endswith("."):
        heading = body.pop(0).strip()
    paragraphs = "\n".join(body).strip()
    paragraphs = re.sub(r"\n\s*\n+", "\n\n", paragraphs)
    return ImportedArticle(number, heading, paragraphs)


def document_lines(data: bytes, filename: str, deadline: Deadline) -> Iterator[str]:
    """The lines of a DOCX (its paragraphs) or UTF-8 TXT upload, one by one.

    A DOCX is refused before python-docx reads it when its ZIP container or its XML is out of
    bounds (DOCX_LIMITS, DOCX_XML); every line is read against `deadline`.
    """
    name = filename.lower()
    if name.endswith(".docx"):
        return _docx_lines(data, deadline)
    if name.endswith(".txt"):
        return _text_lines(data, deadline)
    raise ImportRefused(_l("Only DOCX and TXT files can be imported."))


def _docx_lines(data: bytes, deadline: Deadline) -> Iterator[str]:
    import docx  # python-docx (8 MB) only where a DOCX is read
    from docx.oxml.ns import qn

    unreadable = ImportRefused(_l("The DOCX file could not be read."))
    try:
        with open_zip(data, DOCX_LIMITS) as archive:
            check_xml(archive, DOCX_XML, deadline)
        document = docx.Document(io.BytesIO(data))
    except UploadRefused:
        raise
    except Exception as error:  # zipfile and python-docx raise many kinds on a broken file
        raise unreadable from error
    deadline.check()
    for paragraph in document.element.body.iterchildren(qn("w:p")):
        deadline.check()
        yield from paragraph.text.split("\n")


def _text_lines(data: bytes, deadline: Deadline) -> Iterator[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(_l("The text file must be saved as UTF-8.")) from error
    deadline.check()
    for line in io.StringIO(text, newline=None):
        yield line.rstrip("\n")


def import_articles(
    consultation: Consultation, lines: Iterable[str], locale: str, deadline: Deadline
) -> list[Article]:
    """Put the articles found in `lines` into `locale`, adding articles or filling existing
    ones by number, so each language of the act can be imported in turn; all of it against
    `deadline`."""
    imported = split_articles(lines, deadline)
    if not imported:
        raise ImportRefused(_l("No article headings such as “Neni 1” or “Član 1” were found."))
    numbers = [item.number for item in imported]
    if len(set(numbers)) != len(numbers):
        raise ImportRefused(_l("The document has two articles with the same number."))
    existing = {article.number: article for article in articles_of(consultation)}
    saved = []
    for item in imported:
        deadline.check()
        article = existing.get(item.number)
        heading = dict(article.heading) if article else {}
        body = dict(article.text) if article else {}
        heading[locale] = item.heading
        body[locale] = item.text
        saved.append(save_article(consultation, item.number, heading, body, article))
    return saved


# ---------------------------------------------------------------- comments


class CommentRefused(ValueError):
    """A comment that may not be made; `message` says why, `field` which input is wrong."""

    def __init__(self, message, field: str = "text") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def accepts_comments(consultation: Consultation, today: dt.date) -> bool:
    """Comments are taken only while the consultation is open (`core.services.stage_on`)."""
    return is_open_on(consultation, today)


def _new_comment(
    consultation: Consultation, article: Article | None, text: str, language: str, **fields
) -> Comment:
    if article is not None and article.consultation_id != consultation.id:
        raise CommentRefused(_l("The article belongs to another consultation."))
    if not text.strip():
        raise CommentRefused(_l("Write your comment."))
    comment = Comment(
        consultation_id=consultation.id,
        article_id=article.id if article else None,
        text=text.strip(),
        language=language,
        **fields,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def comment_as_citizen(
    consultation: Consultation,
    article: Article | None,
    text: str,
    language: str,
    today: dt.date,
    name: str,
    email: str,
    show_name: bool = False,
    gender: str | None = None,
    notify: bool = False,
) -> Comment:
    """A citizen's comment; hidden until the e-mail link confirms it. With `notify` the
    citizen asked to be e-mailed the answer (at the address the link confirms)."""
    _check_open(consultation, today)
    if not name.strip() or not email.strip():
        raise CommentRefused(
            _l("Give your name and e-mail address, or comment anonymously."),
            field="name" if not name.strip() else "email",
        )
    return _new_comment(
        consultation,
        article,
        text,
        language,
        author_kind="citizen",
        author_name=name.strip(),
        author_email=email.strip().lower(),
        show_name=show_name,
        gender=gender or None,
        notify_answer=bool(notify),
    )


def comment_anonymously(
    consultation: Consultation,
    article: Article | None,
    text: str,
    language: str,
    today: dt.date,
    gender: str | None = None,
    notify: bool = False,
) -> Comment:
    """An anonymous comment, where the consultation allows them; shown at once. It keeps no
    address, so it cannot be told of its answer (`notify` is refused): following the
    consultation tells the same news without tying an address to the comment."""
    _check_open(consultation, today)
    if not settings_for(consultation).allow_anonymous:
        raise CommentRefused(_l("This consultation does not take anonymous comments."))
    if notify:
        raise CommentRefused(
            _l(
                "An anonymous comment keeps no e-mail address, so it cannot be answered by "
                "e-mail. Untick the box, or follow the consultation at the bottom of the page."
            ),
            field="notify",
        )
    return _new_comment(
        consultation,
        article,
        text,
        language,
        author_kind="anonymous",
        gender=gender or None,
        confirmed_at=utcnow(),
    )


def comment_as_organisation(
    consultation: Consultation,
    article: Article | None,
    text: str,
    language: str,
    today: dt.date,
    user: User,
    notify: bool = False,
) -> Comment:
    """A comment in an organisation's name: only a verified organisation's account may. With
    `notify` the answer goes to the organisation's contact address."""
    _check_open(consultation, today)
    organisation = user.organisation if user.role == "cso" else None
    if organisation is None or not organisation.verified:
        raise CommentRefused(
            _l("Only a verified organisation can comment in an organisation's name.")
        )
    return _new_comment(
        consultation,
        article,
        text,
        language,
        author_kind="cso",
        author_name=user.name,
        author_email=organisation.contact_email,
        show_name=True,
        organisation_id=organisation.id,
        user_id=user.id,
        confirmed_at=utcnow(),
        notify_answer=bool(notify),
    )


def _check_open(consultation: Consultation, today: dt.date) -> None:
    if not accepts_comments(consultation, today):
        raise CommentRefused(_l("This consultation is not open for comments."))


def record_meeting_comment(
    meeting: Meeting,
    article: Article | None,
    text: str,
    language: str,
    actor: User,
    speaker: str = "",
    gender: str | None = None,
) -> Comment:
    """An officer records a proposal raised at a public meeting; it is answered like any other
    comment (MS-MEETING-REVIEW)."""
    consultation = db.session.get(Consultation, meeting.consultation_id)
    return _new_comment(
        consultation,
        article,
        text,
        language,
        author_kind="meeting",
        author_name=speaker.strip(),
        show_name=bool(speaker.strip()),
        meeting_id=meeting.id,
        user_id=actor.id,
        gender=gender or None,
        confirmed_at=utcnow(),
    )


def confirm_comment(comment: Comment) -> bool:
    """Follow the citizen's e-mail link: the comment becomes public. False if done before."""
    if comment.confirmed_at is not None:
        return False
    comment.confirmed_at = utcnow()
    db.session.flush()
    return True


def hide_comment(comment: Comment, reason: str, actor: User) -> None:
    """Moderation: hide a comment with a reason (the count of hidden comments stays public)."""
    reason = hide(comment, reason, CommentRefused)
    comment.hidden_by_id = actor.id
    db.session.flush()
    record_audit("comment.hide", f"comment:{comment.id}", actor.id, reason=reason)


def comments_of(consultation: Consultation, visible_only: bool = True) -> list[Comment]:
    """The consultation's comments, article by article (the whole act first), with their
    organisations and answers joined in the same statement (one instead of three)."""
    query = (
        select(Comment)
        .outerjoin(Article, Article.id == Comment.article_id)
        .where(Comment.consultation_id == consultation.id)
        .order_by(Article.number.is_not(None), Article.number, Comment.created_at, Comment.id)
        .options(joinedload(Comment.organisation), joinedload(Comment.answer))
    )
    if visible_only:
        query = query.where(Comment.confirmed_at.is_not(None), Comment.hidden.is_(False))
    return list(db.session.scalars(query))


def hidden_count(consultation: Consultation) -> int:
    """How many confirmed comments moderators hid (a public number)."""
    query = select(func.count(Comment.id)).where(
        Comment.consultation_id == consultation.id,
        Comment.hidden.is_(True),
        Comment.confirmed_at.is_not(None),
    )
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class PublicFacts:
    """What the public page of a draft act asks besides its comments."""

    #: confirmed comments the moderators hid (`hidden_count`)
    hidden: int
    #: the act takes anonymous comments (`settings_for`)
    allow_anonymous: bool


def public_facts(consultation: Consultation) -> PublicFacts:
    """`hidden_count` and `settings_for(...).allow_anonymous` in one statement."""
    hidden = select(func.count(Comment.id)).where(
        Comment.consultation_id == consultation.id,
        Comment.hidden.is_(True),
        Comment.confirmed_at.is_not(None),
    )
    anonymous = select(DraftActSettings.allow_anonymous).where(
        DraftActSettings.consultation_id == consultation.id
    )
    row = db.session.execute(select(hidden.scalar_subquery(), anonymous.scalar_subquery())).one()
    return PublicFacts(hidden=row[0] or 0, allow_anonymous=bool(row[1]))


# ---------------------------------------------------------------- answers and mail


def answer_comment(comment: Comment, outcome: str, reason: dict, actor: User | None) -> Answer:
    """Record (or change) the answer to `comment`, queue it to the commenter who asked to be
    told (once the address is confirmed), and tell the consultation's followers."""
    reason = answer_reason(outcome, reason, CommentRefused, comment.language)
    answer = record_answer(comment, outcome, reason, actor.id if actor else None)
    record_audit("comment.answer", f"comment:{comment.id}", actor.id if actor else None)
    if wants_news(comment):
        queue_mail(comment.author_email, *answer_mail(comment, answer), comment.consultation_id)
    core_answers.answer_published(db.session.get(Consultation, comment.consultation_id))
    return answer


def wants_news(comment: Comment) -> bool:
    """Whether the commenter asked to be told of the answer (and of the consultation's close
    and report), at an address its owner confirmed: the mail quotes the comment."""
    return bool(comment.notify_answer and comment.author_email and comment.confirmed_at)


AUTHOR_KIND_LABELS = {
    "citizen": _l("Citizen"),
    "cso": _l("Civil-society organisation"),
    "anonymous": _l("Anonymous"),
    "meeting": _l("Raised at a public meeting"),
}


def answer_link(comment: Comment) -> str:
    """The answer on the public page, in the commenter's language (the comment's anchor)."""
    return url_for(
        "public.consultation",
        consultation_id=comment.consultation_id,
        lang=comment.language,
        _anchor=f"comment-{comment.id}",
        _external=True,
    )


def answer_mail(comment: Comment, answer: Answer) -> tuple[str, str]:
    """Subject and body of the mail telling a commenter the answer, in their language, with
    the link straight to it."""
    consultation = db.session.get(Consultation, comment.consultation_id)
    return core_answers.answer_mail(
        comment.language,
        consultation.title,
        lambda title: _("The answer to your comment on “%(title)s”", title=title),
        comment.text,
        answer.outcome,
        answer.reason,
        answer_link(comment),
    )


def report_mail(consultation: Consultation, language: str) -> tuple[str, str]:
    """Subject and body of the mail announcing the published report, in `language`, with the
    link to the report."""
    link = url_for(
        "consultations.report", consultation_id=consultation.id, lang=language, _external=True
    )
    with force_locale(language):
        title = localize(consultation.title, language).text
        subject = _("The report on “%(title)s” is published", title=title)
        body = _(
            "The final report of the consultation “%(title)s” is published. It lists every "
            "comment with the municipality's answer and reason.",
            title=title,
        )
        body += "\n\n" + _("Read the report:\n%(link)s", link=link)
    return subject, body


def notify_commenters_of_step(consultation: Consultation, step: str) -> int:
    """Queue one mail per address of the commenters who asked to be told, that the
    consultation closed or that its final report is published (`step`); how many."""
    addresses = {
        comment.author_email: comment.language
        for comment in comments_of(consultation, visible_only=False)
        if wants_news(comment)
    }
    for address, language in sorted(addresses.items()):
        if step == "reported":
            message = report_mail(consultation, language)
        else:
            link = url_for(
                "public.consultation",
                consultation_id=consultation.id,
                lang=language,
                _external=True,
            )
            message = core_answers.step_mail(language, consultation.title, step, link)
        queue_mail(address, *message, consultation.id)
    return len(addresses)


def notify_commenters_of_report(consultation: Consultation) -> int:
    """Queue one mail per address of the commenters who asked to be told that the final
    report is published."""
    return notify_commenters_of_step(consultation, "reported")


# ---------------------------------------------------------------- chair review


def review_of(consultation: Consultation) -> reviews.Receipt | None:
    """What the public report says of the chair's review: the day the report was received
    for the Assembly, if it was. Never the notes between the chair and the officers."""
    return reviews.receipt_of(consultation)
