"""The open data of a draft act: its final report once published (status "reported"), every
visible comment with its answer, article by article; an author's name only where the report
shows it (an organisation, or a person who agreed to be named)."""

from consult.comments.models import Comment
from consult.consultations import services
from consult.consultations.models import Article
from consult.core.models import Consultation
from consult.core.open_data import day, outcome_counts, reason_cells, reason_headings, translations

COLUMNS = ("article", "author_kind", "author", "language", "text", "outcome")


def _author(comment: Comment) -> str | None:
    """The name the final report shows, or None."""
    if comment.author_kind == "cso" and comment.organisation is not None:
        return comment.organisation.name
    if comment.author_kind in ("citizen", "meeting") and comment.show_name:
        return comment.author_name or None
    return None


def _article(article: Article | None) -> dict | None:
    if article is None:
        return None
    return {"number": article.number, "heading": translations(article.heading)}


def has_report(consultation: Consultation) -> bool:
    """Whether the final report is published."""
    return consultation.status == "reported"


def report(consultation: Consultation, today=None, standards=None) -> dict | None:
    """The published final report of a draft act, or None while it is not published."""
    if not has_report(consultation):
        return None
    comments = services.comments_of(consultation)
    return {
        "consultation_id": consultation.id,
        "kind": "draft_act",
        "published_on": day(consultation.report_published_at),
        "outcomes": outcome_counts([c.answer.outcome if c.answer else None for c in comments]),
        "comments": [
            {
                "article": _article(comment.article),
                "author_kind": comment.author_kind,
                "author": _author(comment),
                "language": comment.language,
                "text": comment.text,
                "outcome": comment.answer.outcome if comment.answer else None,
                "reason": translations(comment.answer.reason) if comment.answer else {},
            }
            for comment in comments
        ],
    }


def report_rows(published: dict) -> list[list]:
    """The report's comments as CSV rows, heading first (every language of each answer's
    reason in its own column)."""
    rows = [[*COLUMNS, *reason_headings()]]
    for comment in published["comments"]:
        article = comment["article"]["number"] if comment["article"] else ""
        cells = [article, comment["author_kind"], comment["author"] or "", comment["language"]]
        cells += [comment["text"], comment["outcome"] or ""]
        rows.append([*cells, *reason_cells(comment["reason"])])
    return rows
