"""Open data of published reports and aggregate results, as JSON-ready dicts and CSV rows.

* The final report of a draft act once it is published (status "reported"): every visible
  comment with its answer, article by article; an author's name only where the report shows it
  (an organisation, or a person who agreed to be named).
* The hearing report of a budget hearing once published: meetings with attendance by gender,
  comments on budget lines with their answers, capital proposals with their answers. Never a
  commenter's or proposer's name or e-mail address.
* The results of a capital-projects poll once voting has ended: ballots, votes per project and
  the projects funded. Figures by channel are shown through small-group suppression.
* The aggregate results of a survey once its report is published: counts per answer, each
  question's counts passed through small-group suppression; a survey or question with fewer
  than k responses shows none; free-text answers and single responses never leave.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from consult.api.services import translations
from consult.consultations import services as draft_acts
from consult.consultations.models import Article, Comment
from consult.core.anonymity import suppress_counts
from consult.core.labels import OUTCOMES
from consult.core.models import Consultation
from consult.core.money import json_amount
from consult.hearings import report as hearing_report
from consult.hearings import services as hearings
from consult.hearings.models import BudgetLine
from consult.i18n import LOCALES
from consult.polls import report as poll_report
from consult.polls import services as polls
from consult.surveys import report as survey_report
from consult.surveys import services as surveys


def min_group() -> int:
    """k of the small-group suppression (config ANONYMITY_MIN_GROUP)."""
    return int(current_app.config["ANONYMITY_MIN_GROUP"])


def _day(value: dt.date | dt.datetime | None) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if value is not None else None


def _outcomes(outcomes: list[str | None]) -> dict[str, int]:
    counts = {outcome: outcomes.count(outcome) for outcome in OUTCOMES}
    return counts | {"unanswered": outcomes.count(None)}


# --- reports ---------------------------------------------------------------------------------


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


def draft_act_report(consultation: Consultation) -> dict | None:
    """The published final report of a draft act, or None while it is not published."""
    if consultation.kind != "draft_act" or consultation.status != "reported":
        return None
    comments = draft_acts.comments_of(consultation)
    return {
        "consultation_id": consultation.id,
        "kind": "draft_act",
        "published_on": _day(consultation.report_published_at),
        "outcomes": _outcomes([c.answer.outcome if c.answer else None for c in comments]),
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


def _line(line: BudgetLine | None) -> dict | None:
    if line is None:
        return None
    return {
        "directorate": line.directorate.code,
        "programme": line.programme,
        "programme_name": line.programme_name,
        "category": line.category,
    }


def hearing_report_data(consultation: Consultation, today: dt.date, standards: dict) -> dict | None:
    """The published hearing report of a budget hearing, or None while it is not published."""
    if consultation.kind != "budget_hearing" or not consultation.is_public:
        return None
    cycle = hearings.cycle_of(consultation)
    if cycle is None or hearing_report.publication_of(cycle) is None:
        return None
    data = hearing_report.build_report(cycle, today, standards)
    return {
        "consultation_id": consultation.id,
        "kind": "budget_hearing",
        "budget_year": cycle.budget_year,
        "published_on": _day(data.publication.published_on),
        "attendance": dict(data.by_gender),
        "meetings": [
            {
                "held_on": _day(item.meeting.held_on),
                "audience": item.hearing.audience,
                "local_community_id": item.hearing.local_community_id,
                "women": item.meeting.attendance_women,
                "men": item.meeting.attendance_men,
                "other": item.meeting.attendance_other,
            }
            for item in data.held
        ],
        "outcomes": _outcomes([c.outcome for c in data.comments]),
        "comments": [
            {
                "budget_line": _line(comment.line),
                "author_kind": comment.author_kind,
                "language": comment.language,
                "text": comment.text,
                "outcome": comment.outcome,
                "reason": translations(comment.reason),
            }
            for comment in data.comments
        ],
        "proposals": [
            {
                "title": proposal.title,
                "local_community_id": proposal.local_community_id,
                "estimated_cents": proposal.estimated_cents,
                "language": proposal.language,
                "outcome": proposal.outcome,
                "reason": translations(proposal.reason),
            }
            for proposal in data.proposals
        ],
    }


def published_report(consultation: Consultation, today: dt.date, standards: dict) -> dict | None:
    """The published report of `consultation` (draft act or budget hearing), or None."""
    return draft_act_report(consultation) or hearing_report_data(consultation, today, standards)


_DRAFT_ACT_COLUMNS = ("article", "author_kind", "author", "language", "text", "outcome")
_HEARING_COLUMNS = ("directorate", "programme", "category", "author_kind", "language", "text")


def _comment_cells(kind: str, comment: dict) -> list:
    if kind == "draft_act":
        article = comment["article"]["number"] if comment["article"] else ""
        return [article, comment["author_kind"], comment["author"] or "", comment["language"]]
    line = comment["budget_line"] or {"directorate": "", "programme": "", "category": ""}
    return [line["directorate"], line["programme"], line["category"], comment["author_kind"]]


def report_rows(report: dict) -> list[list]:
    """The comments of a published report as CSV rows, heading first (every language of each
    answer's reason in its own column)."""
    kind = report["kind"]
    columns = _DRAFT_ACT_COLUMNS if kind == "draft_act" else (*_HEARING_COLUMNS, "outcome")
    rows = [[*columns, *(f"reason_{locale}" for locale in LOCALES)]]
    for comment in report["comments"]:
        cells = _comment_cells(kind, comment)
        if kind == "budget_hearing":
            cells.append(comment["language"])
        cells += [comment["text"], comment["outcome"] or ""]
        rows.append([*cells, *(comment["reason"].get(locale, "") for locale in LOCALES)])
    return rows


# --- results ---------------------------------------------------------------------------------


def poll_results(consultation: Consultation, today: dt.date, k: int) -> dict | None:
    """The results of a published poll whose voting has ended, or None."""
    poll = polls.poll_for(consultation) if consultation.kind == "capital_poll" else None
    if poll is None or not consultation.is_public or not polls.is_closed(poll, today):
        return None
    outcome = poll_report.results(poll, k)
    return {
        "consultation_id": consultation.id,
        "kind": "capital_poll",
        "rule": outcome.rule,
        "budget": json_amount(poll.budget),
        "currency": poll.currency,
        "ballots": outcome.ballots,
        "ballots_by_channel": dict(outcome.ballots_by_channel),
        "spent": json_amount(outcome.spent),
        "projects": [
            {
                "code": row.project.code,
                "title": translations(row.project.title),
                "cost": json_amount(row.project.cost),
                "local_community_id": row.project.local_community_id,
                "votes": row.votes,
                "support": row.support,
                "votes_by_channel": dict(row.by_channel),
                "selected": row.selected,
            }
            for row in outcome.rows
        ],
    }


def _answers(long, k: int) -> list[dict]:
    """A question's counts per item, each item's counts through small-group suppression; mean
    ranks (ranking questions) are shown as they are."""
    answers = []
    for item, rows in long.groupby("item", sort=False):
        pairs = list(zip(rows["answer"], rows["n"], strict=True))
        if all(answer == "mean_rank" for answer, _n in pairs):
            for _answer, mean in pairs:
                value = None if mean is None or mean != mean else float(mean)
                answers.append({"item": item, "answer": "mean_rank", "value": value})
            continue
        shown = suppress_counts({str(a): int(n) for a, n in pairs}, k)
        answers += [{"item": item, "answer": a, "value": n} for a, n in shown.items()]
    return answers


def survey_results(consultation: Consultation, k: int) -> dict | None:
    """The aggregate results of a survey whose report is published, or None."""
    survey = surveys.survey_of(consultation) if consultation.kind == "survey" else None
    if survey is None or consultation.status != "reported":
        return None
    respondents = survey_report.respondents(survey)
    hidden = respondents < k
    questions = []
    for item in [] if hidden else survey_report.survey_report(survey):
        if item.question.type in survey_report.TEXT_TYPES:
            continue  # free text never leaves as open data
        questions.append(
            {
                "key": item.question.key,
                "type": item.question.type,
                "text": translations(item.question.text),
                "answered": None if item.hidden else item.answered,
                "hidden": item.hidden,
                "answers": [] if item.hidden or item.long.empty else _answers(item.long, k),
            }
        )
    return {
        "consultation_id": consultation.id,
        "kind": "survey",
        "year": survey.year,
        "respondents": None if hidden else respondents,
        "hidden": hidden,
        "questions": questions,
    }


def published_results(consultation: Consultation, today: dt.date, k: int) -> dict | None:
    """The published aggregate results of a poll or survey, or None."""
    return poll_results(consultation, today, k) or survey_results(consultation, k)


def results_rows(results: dict) -> list[list]:
    """Aggregate results as CSV rows, heading first; a hidden figure is an empty cell."""
    if results["kind"] == "capital_poll":
        rows = [["code", "title_sq", "cost", "votes", "support", "online", "paper", "selected"]]
        for p in results["projects"]:
            channel = p["votes_by_channel"]
            figures = [p["cost"], p["votes"], p["support"]]
            hidden = [_blank(channel.get("online")), _blank(channel.get("paper"))]
            rows.append([p["code"], p["title"].get("sq", ""), *figures, *hidden, p["selected"]])
        return rows
    rows = [["question", "item", "answer", "value"]]
    for question in results["questions"]:
        for answer in question["answers"]:
            rows.append(
                [question["key"], answer["item"], answer["answer"], _blank(answer["value"])]
            )
    return rows


def _blank(value: object) -> object:
    return "" if value is None else value


# --- what is published -----------------------------------------------------------------------


def has_report(consultation: Consultation) -> bool:
    """Whether `consultation` has a published report (draft act or budget hearing)."""
    if consultation.kind == "draft_act":
        return consultation.status == "reported"
    if consultation.kind == "budget_hearing" and consultation.is_public:
        cycle = hearings.cycle_of(consultation)
        return cycle is not None and hearing_report.publication_of(cycle) is not None
    return False


def has_results(consultation: Consultation, today: dt.date) -> bool:
    """Whether `consultation` has published aggregate results (poll or survey)."""
    if consultation.kind == "capital_poll" and consultation.is_public:
        poll = polls.poll_for(consultation)
        return poll is not None and polls.is_closed(poll, today)
    if consultation.kind == "survey" and consultation.status == "reported":
        return surveys.survey_of(consultation) is not None
    return False
