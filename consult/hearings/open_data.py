"""The open data of a budget hearing: its hearing report once published, with the meetings
and their attendance by gender, the comments on budget lines with their answers and the
capital proposals with their answers. Never a commenter's or proposer's name or e-mail
address."""

import datetime as dt

from consult.core.models import Consultation
from consult.core.open_data import day, outcome_counts, reason_cells, reason_headings, translations
from consult.hearings import report as hearing_report
from consult.hearings import services
from consult.hearings.models import BudgetLine, HearingCycle

COLUMNS = (
    "directorate",
    "programme",
    "category",
    "author_kind",
    "language",
    "text",
    "outcome",
)


def _line(line: BudgetLine | None) -> dict | None:
    if line is None:
        return None
    return {
        "directorate": line.directorate.code,
        "programme": line.programme,
        "programme_name": line.programme_name,
        "category": line.category,
    }


def _published_cycle(consultation: Consultation) -> HearingCycle | None:
    """The hearing cycle of a public hearing whose report is published, else None."""
    if not consultation.is_public:
        return None
    cycle = services.cycle_of(consultation)
    if cycle is None or hearing_report.publication_of(cycle) is None:
        return None
    return cycle


def has_report(consultation: Consultation) -> bool:
    """Whether the hearing report of a public hearing is published."""
    return _published_cycle(consultation) is not None


def report(consultation: Consultation, today: dt.date, standards: dict) -> dict | None:
    """The published hearing report of a budget hearing, or None while it is not published."""
    cycle = _published_cycle(consultation)
    if cycle is None:
        return None
    data = hearing_report.build_report(cycle, today, standards)
    return {
        "consultation_id": consultation.id,
        "kind": "budget_hearing",
        "budget_year": cycle.budget_year,
        "published_on": day(data.publication.published_on),
        "attendance": dict(data.by_gender),
        "meetings": [
            {
                "held_on": day(item.meeting.held_on),
                "audience": item.hearing.audience,
                "local_community_id": item.hearing.local_community_id,
                "women": item.meeting.attendance_women,
                "men": item.meeting.attendance_men,
                "other": item.meeting.attendance_other,
            }
            for item in data.held
        ],
        "outcomes": outcome_counts([c.outcome for c in data.comments]),
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


def report_rows(published: dict) -> list[list]:
    """The report's comments on budget lines as CSV rows, heading first (every language of
    each answer's reason in its own column)."""
    rows = [[*COLUMNS, *reason_headings()]]
    no_line = {"directorate": "", "programme": "", "category": ""}
    for comment in published["comments"]:
        line = comment["budget_line"] or no_line
        cells = [line["directorate"], line["programme"], line["category"], comment["author_kind"]]
        cells += [comment["language"], comment["text"], comment["outcome"] or ""]
        rows.append([*cells, *reason_cells(comment["reason"])])
    return rows
