"""The open data of a survey: its aggregate results once its report is published, counts
per answer, each question's counts passed through small-group suppression; a survey or question
with fewer than k responses shows none; free-text answers and single responses never leave."""

import datetime as dt

from consult.core.anonymity import suppress_counts
from consult.core.models import Consultation
from consult.core.open_data import blank, translations
from consult.surveys import report as survey_report
from consult.surveys import services
from consult.surveys.models import Survey
from consult.surveys.question_types import question_type


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


def _reported_survey(consultation: Consultation) -> Survey | None:
    """The questionnaire of a survey whose report is published, else None."""
    return services.survey_of(consultation) if consultation.status == "reported" else None


def has_results(consultation: Consultation, today: dt.date) -> bool:
    """Whether the survey's report, and so its aggregate results, are published."""
    return _reported_survey(consultation) is not None


def results(consultation: Consultation, today: dt.date, k: int) -> dict | None:
    """The aggregate results of a survey whose report is published, or None."""
    survey = _reported_survey(consultation)
    if survey is None:
        return None
    respondents = survey_report.respondents(survey)
    hidden = respondents < k
    questions = []
    for item in [] if hidden else survey_report.survey_report(survey):
        if question_type(item.question).free_text:
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


def results_rows(published: dict) -> list[list]:
    """The results as CSV rows, heading first; a hidden figure is an empty cell."""
    rows = [["question", "item", "answer", "value"]]
    for question in published["questions"]:
        for answer in question["answers"]:
            rows.append([question["key"], answer["item"], answer["answer"], blank(answer["value"])])
    return rows
