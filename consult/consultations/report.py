"""The final report of a draft-act consultation (MS-REPORT): data, HTML, PDF and XLSX.

The HTML page and the PDF render the same body template; the XLSX carries the same data.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _

from consult.comments.models import Comment
from consult.consultations.models import Article
from consult.consultations.services import (
    AUTHOR_KIND_LABELS,
    articles_of,
    comments_of,
    hidden_count,
    review_of,
)
from consult.consultations.versions import Revision, revision_of
from consult.core.compliance import DateMove, date_moves, findings_of
from consult.core.labels import OUTCOME_LABELS
from consult.core.models import Consultation
from consult.core.reports import Sheet, pdf_from_template, workbook_bytes
from consult.core.standards import Finding, report_due
from consult.i18n import localize
from consult.meetings.models import Meeting
from consult.meetings.services import meetings_of


@dataclass
class ArticleSection:
    """One row group of the article-by-article table: an article (or the whole act)."""

    article: Article | None
    comments: list[Comment] = field(default_factory=list)


@dataclass
class ReportData:
    """Everything the final report shows."""

    consultation: Consultation
    today: dt.date
    findings: list[Finding]
    #: the dates moved after publication, by whom and why
    date_moves: list[DateMove]
    sections: list[ArticleSection]
    comments: list[Comment]
    hidden: int
    outcomes: Counter
    participants: Counter
    genders: Counter
    report_due: dt.date | None
    review: object | None
    meetings: list[Meeting] = field(default_factory=list)
    #: the act's versions after the consultation and what the revised draft changed
    revision: Revision | None = None

    @property
    def unanswered(self) -> int:
        return sum(1 for comment in self.comments if comment.answer is None)


def _participant_key(comment: Comment) -> tuple[str, str]:
    if comment.author_kind == "cso":
        return ("cso", f"organisation:{comment.organisation_id}")
    if comment.author_kind == "citizen":
        return ("citizen", comment.author_email)
    return (comment.author_kind, f"comment:{comment.id}")


def build_report(consultation: Consultation, today: dt.date, standards: dict) -> ReportData:
    """Collect the report of `consultation` as it stands on `today`."""
    comments = comments_of(consultation)
    by_article: dict[int | None, ArticleSection] = {None: ArticleSection(None)}
    for article in articles_of(consultation):
        by_article[article.id] = ArticleSection(article)
    for comment in comments:
        by_article.setdefault(comment.article_id, ArticleSection(comment.article))
        by_article[comment.article_id].comments.append(comment)
    people = {_participant_key(c): c for c in comments}
    return ReportData(
        consultation=consultation,
        today=today,
        findings=findings_of(consultation, today, standards),
        date_moves=date_moves(consultation),
        sections=[s for s in by_article.values() if s.comments],
        comments=comments,
        hidden=hidden_count(consultation),
        outcomes=Counter(c.answer.outcome for c in comments if c.answer),
        participants=Counter(kind for kind, _key in people),
        genders=Counter(c.gender for c in people.values() if c.gender),
        report_due=report_due(consultation, standards),
        review=review_of(consultation),
        meetings=[m for m in meetings_of(consultation) if m.held_on <= today],
        revision=revision_of(consultation),
    )


def author_label(comment: Comment) -> str:
    """Who wrote a comment, as the report may show it (names only with consent)."""
    if comment.author_kind == "cso" and comment.organisation is not None:
        return comment.organisation.name
    if comment.author_kind in ("citizen", "meeting") and comment.show_name:
        return comment.author_name
    if comment.author_kind == "meeting":
        return _("Raised at a public meeting")
    if comment.author_kind == "citizen":
        return _("A citizen")
    return _("Anonymous")


def report_pdf(report: ReportData) -> bytes:
    """The report as a PDF: the HTML report's body template rendered by WeasyPrint."""
    return pdf_from_template("consultations/report_pdf.html", cache=True, report=report)


def report_xlsx(report: ReportData) -> bytes:
    """The article-by-article table of comments and answers as an XLSX workbook."""
    headers = [
        _("Article"),
        _("Author"),
        _("Type"),
        _("Language"),
        _("Comment"),
        _("Answer"),
        _("Reason"),
    ]
    rows = [
        [
            article_label(section.article),
            author_label(comment),
            str(AUTHOR_KIND_LABELS[comment.author_kind]),
            comment.language,
            comment.text,
            str(OUTCOME_LABELS[comment.answer.outcome]) if comment.answer else "",
            localize(comment.answer.reason).text if comment.answer else "",
        ]
        for section in report.sections
        for comment in section.comments
    ]
    widths = (22, 24, 16, 9, 60, 18, 60)
    return workbook_bytes([Sheet(_("Comments"), headers, rows, widths)])


def article_label(article: Article | None) -> str:
    """ "Article 3: Heading" in the reader's language, or "The act as a whole"."""
    if article is None:
        return _("The act as a whole")
    heading = localize(article.heading).text
    label = _("Article %(number)s", number=article.number)
    return f"{label}: {heading}" if heading else label
