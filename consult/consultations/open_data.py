"""The open data of a draft act: its final report once published (status "reported"), every
visible comment with its answer, article by article; an author's name only where the report
shows it (an organisation, or a person who agreed to be named); and the act's published
versions (the text put to consultation, the revised drafts, the adopted text), each article
with what changed from the version before and the ids of the comments that led to it (no
officer, no commenter named)."""

from flask import url_for

from consult.comments.models import Comment
from consult.consultations import services, versions
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
                "id": comment.id,
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
        "versions": act_versions(consultation),
    }


def _version(version: versions.ActVersion, before: versions.ActVersion | None) -> dict[str, object]:
    changes = versions.compare(before, version) if before is not None else []
    by_lineage = {change.lineage: change for change in changes}

    def comment_ids(lineage: int) -> list[int]:
        change = by_lineage.get(lineage)
        return [comment.id for comment in change.comments] if change else []

    def change_of(lineage: int) -> str | None:
        return by_lineage[lineage].change if lineage in by_lineage else None

    return {
        "number": version.number,
        "kind": version.kind,
        "published_on": day(version.published_on),
        "adopted_on": day(version.adopted_on),
        "decision_number": version.decision_number,
        "url": url_for(
            "consultations.act_version",
            consultation_id=version.consultation_id,
            number=version.number,
            _external=True,
        ),
        "pdf_url": url_for(
            "consultations.adopted_pdf",
            consultation_id=version.consultation_id,
            number=version.number,
            _external=True,
        )
        if version.pdf_stored_name
        else None,
        "articles": [
            {
                "lineage": article.lineage,
                "number": article.number,
                "heading": translations(article.heading),
                "text": translations(article.text),
                "change": change_of(article.lineage),
                "comments": comment_ids(article.lineage),
            }
            for article in version.articles
        ],
        "removed": [
            {
                "lineage": change.lineage,
                "number": change.old.number,
                "comments": [comment.id for comment in change.comments],
            }
            for change in changes
            if change.change == "removed"
        ],
    }


def act_versions(consultation: Consultation) -> list[dict]:
    """The act's published versions in order, each article with its change from the version
    before (None in the first) and the ids of the published comments that led to it."""
    found = versions.versions_of(consultation)
    return [_version(v, found[i - 1] if i else None) for i, v in enumerate(found)]


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
