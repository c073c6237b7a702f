"""The survey report: response rates, results per question, breakdowns, year-over-year, exports.

Counting happens in SQL; every breakdown by directorate or demographic goes through
`consult.core.anonymity` (k from config): a group of fewer than k respondents is hidden whole,
zeros included, with the complements that keep it from being worked out of the totals.
Overall results of a survey with fewer than k responses, and free text from fewer than k (text)
authors, are not shown at all. The views show nothing of this before the survey is closed
(`services.results_released`): a report read before and after one submission would show it.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import Select, distinct, func, or_, select
from sqlalchemy.orm import aliased

from consult.analytics.charts import Chart, bar_chart, histogram, likert_chart, svg_bars
from consult.analytics.frames import Table, counts, crosstab, frame, table_from
from consult.core.anonymity import (
    hidden_groups,
    suppress_counts,
    suppress_groups_by_size,
    suppress_table,
    visible_text_answers,
)
from consult.core.lazy import lazy_module
from consult.core.models import Consultation, Directorate
from consult.extensions import db
from consult.i18n import Localized, localize
from consult.surveys.answer_languages import (
    BY_LANGUAGE,
    language_column,
    language_group,
    language_labels,
)
from consult.surveys.models import Question, Response, Survey, SurveyAnswer
from consult.surveys.question_types import (
    LIKERT_POINTS,
    QUESTION_TYPES,
    question_type,
    show_number,
)
from consult.surveys.rates import directorate_rates
from consult.surveys.services import DEMOGRAPHIC_KEYS, RELEASED_STATUSES

pd = lazy_module("pandas")  # imported at first use: see consult.core.lazy

#: the free-text question types (see `QuestionType.free_text`)
TEXT_TYPES = tuple(code for code, qtype in QUESTION_TYPES.items() if qtype.free_text)


def min_group() -> int:
    """k for counts and means (config ANONYMITY_MIN_GROUP)."""
    return int(current_app.config["ANONYMITY_MIN_GROUP"])


def min_text_group() -> int:
    """k for free text (config ANONYMITY_MIN_GROUP_TEXT)."""
    return int(current_app.config["ANONYMITY_MIN_GROUP_TEXT"])


@dataclass
class QuestionReport:
    """What the report shows about one question."""

    question: Question
    answered: int
    hidden: bool = False
    table: Table | None = None
    chart: Chart | None = None
    svg: Markup | None = None
    breakdown: Table | None = None
    texts: list[str] | None = None
    trend: Table | None = None
    long: pd.DataFrame = field(default_factory=lambda: pd.DataFrame())


# --- SQL -------------------------------------------------------------------------------------


def _answers(question: Question, *columns) -> Select:
    return (
        select(*columns)
        .select_from(SurveyAnswer)
        .join(Response, Response.id == SurveyAnswer.response_id)
        .where(SurveyAnswer.question_id == question.id)
    )


def respondents(survey: Survey) -> int:
    """How many responses the survey has."""
    query = select(func.count()).select_from(Response).where(Response.survey_id == survey.id)
    return db.session.scalar(query) or 0


def answered(question: Question) -> int:
    """How many responses answered `question`."""
    query = _answers(question, func.count(distinct(SurveyAnswer.response_id)))
    return db.session.scalar(query) or 0


@dataclass
class SurveyCounts:
    """Every question's counts, read in at most two statements for the whole survey.

    ``answered``: question id → responses that answered it. ``values``: question id →
    {(choice, number): rows}. The same numbers the per-question statements (`answered`, the
    GROUP BY of each builder) give, without a statement and a scan of the answers per question
    (3 questions and 100,000 responses: 6 statements of 0.1-0.6 s each on PostgreSQL, 2 here).
    No join with the responses: every answer has its response (foreign key, enforced on
    PostgreSQL and, by consult.extensions, on SQLite) and the question is the survey's.
    """

    answered: dict[int, int] = field(default_factory=dict)
    values: dict[int, dict[tuple[str | None, float | None], int]] = field(default_factory=dict)

    def by_choice(self, question: Question) -> dict[str | None, int]:
        """{choice: rows} of `question`, as `GROUP BY choice` gives it."""
        found: dict[str | None, int] = {}
        for (choice, _number), n in self.values.get(question.id, {}).items():
            found[choice] = found.get(choice, 0) + n
        return found

    def by_number(self, question: Question) -> dict[float | None, int]:
        """{number: rows} of `question`, as `GROUP BY number` gives it."""
        found: dict[float | None, int] = {}
        for (_choice, number), n in self.values.get(question.id, {}).items():
            found[number] = found.get(number, 0) + n
        return found


def survey_counts(survey: Survey) -> SurveyCounts:
    """The counts of every question of `survey` (see `SurveyCounts`)."""
    result = SurveyCounts()
    questions = list(survey.questions)
    if not questions:
        return result
    ids = [q.id for q in questions]
    rows = db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.choice, SurveyAnswer.number, func.count())
        .where(SurveyAnswer.question_id.in_(ids))
        .group_by(SurveyAnswer.question_id, SurveyAnswer.choice, SurveyAnswer.number)
    )
    for question_id, choice, number, n in rows:
        result.values.setdefault(question_id, {})[(choice, number)] = int(n)
    for q in questions:
        # stored as one row per response (`item` = ""): with the primary key (response,
        # question, item), its rows are the responses that answered it
        if question_type(q).one_row:
            result.answered[q.id] = sum(result.values.get(q.id, {}).values())
    several = [q.id for q in questions if not question_type(q).one_row]
    if several:
        distinct_rows = db.session.execute(
            select(SurveyAnswer.question_id, func.count(distinct(SurveyAnswer.response_id)))
            .where(SurveyAnswer.question_id.in_(several))
            .group_by(SurveyAnswer.question_id)
        )
        result.answered.update({question_id: int(n) for question_id, n in distinct_rows})
    for question_id in ids:
        result.answered.setdefault(question_id, 0)
    return result


#: the group of the respondents who did not answer the demographic question of a breakdown
NOT_STATED = ""


def _group_column(survey: Survey, by: str | None):
    """The SQL expression of a breakdown: the directorate, or a demographic answer.

    Respondents who did not answer the demographic question are a group of their own
    (`NOT_STATED`): left out, their answers would be the overall figures minus the groups'.
    """
    if by == "directorate":
        return Response.directorate_id, None
    if by == BY_LANGUAGE and survey.audience == "citizen":
        return language_column(), None
    demographic = next((q for q in survey.questions if q.key == by), None)
    if demographic is None:
        return None, None
    other = aliased(SurveyAnswer)
    join = (other, (other.response_id == Response.id) & (other.question_id == demographic.id))
    return func.coalesce(other.choice, NOT_STATED), join


def _by_group(query: Select, by_column, join) -> Select:
    """`query` over the answers, with the group of each answer's response."""
    if join is not None:
        query = query.join(*join, isouter=True)
    return query.where(by_column.is_not(None))


def _grouped(question: Question, by_column, join, *columns) -> Select:
    query = _by_group(_answers(question, by_column, *columns), by_column, join)
    return query.group_by(by_column, *columns[:-1])


# --- labels ----------------------------------------------------------------------------------


def written_texts(question: Question) -> list[Localized]:
    """The question's text, its options' labels and its statements' texts as shown to the
    reader, for its tables to tag them with their language (`Table.named`)."""
    return [
        localize(question.text),
        *(localize(option.label) for option in question.options),
        *(localize(statement.text) for statement in question.statements),
    ]


def option_labels(question: Question) -> dict[str, str]:
    """Option codes → labels in the reader's language."""
    return {o.value: localize(o.label).text for o in question.options}


def group_texts(survey: Survey, by: str | None) -> list[Localized]:
    """The groups' names written by people (directorates, a demographic question's options)
    as shown to the reader, for a breakdown's table to tag them (`Table.named`)."""
    if by == "directorate":
        return [localize(d.name) for d in db.session.scalars(select(Directorate))]
    demographic = next((q for q in survey.questions if q.key == by), None)
    return [localize(o.label) for o in demographic.options] if demographic is not None else []


def group_labels(survey: Survey, by: str | None) -> dict:
    """Group codes → labels for a breakdown."""
    if by == "directorate":
        return {d.id: localize(d.name).text for d in db.session.scalars(select(Directorate))}
    if by == BY_LANGUAGE and survey.audience == "citizen":
        return language_labels()
    demographic = next((q for q in survey.questions if q.key == by), None)
    if demographic is None:
        return {}
    return {**option_labels(demographic), NOT_STATED: _("Not stated")}


def breakdowns(survey: Survey) -> list[tuple[str, str]]:
    """The breakdowns this survey offers: (code, label)."""
    offered = [("directorate", _("Directorate"))] if survey.audience == "staff" else []
    keys = {q.key: q for q in survey.questions}
    offered += [(k, localize(keys[k].text).text) for k in DEMOGRAPHIC_KEYS if k in keys]
    if survey.audience == "citizen" and BY_LANGUAGE not in keys:
        offered.append((BY_LANGUAGE, _("Language of answer")))
    return offered


def scale_labels(question: Question) -> dict[int, str]:
    """Scale points → labels: the agreement scale, or the numbers 0–10."""
    return question_type(question).scale_labels()


# --- response rates --------------------------------------------------------------------------


def response_rates(survey: Survey) -> Table:
    """Per directorate: staff of the survey's year, codes issued, responses and the rates,
    small groups and their complements hidden; a total row last (`rates.directorate_rates`)."""
    return directorate_rates(survey)


# --- one question ----------------------------------------------------------------------------


def question_report(
    survey: Survey,
    question: Question,
    by: str | None = None,
    counted: SurveyCounts | None = None,
) -> QuestionReport:
    """Overall results of `question`, its breakdown `by` a group, and earlier years.

    `counted`: the survey's counts read once (`survey_counts`); without it the question's own
    statements are run.
    """
    counted = counted if counted is not None else survey_counts_of(question)
    qtype = question_type(question)
    report = QuestionReport(question, counted.answered[question.id])
    if report.answered < min_group() and not qtype.free_text:
        report.hidden = True
        return report
    qtype.summarise(report, counted)
    if by and question.key != by and qtype.broken_down:
        breakdown = _breakdown(survey, question, by)
        if breakdown is not None:
            breakdown.name(*written_texts(question), *group_texts(survey, by))
        report.breakdown = breakdown
    report.trend = _trend(survey, question, counted)
    return report


def survey_counts_of(question: Question) -> SurveyCounts:
    """One question's counts alone, by its own statements (for a question outside a report)."""
    result = SurveyCounts(answered={question.id: answered(question)})
    counted_by = question_type(question).counted_by
    if counted_by == "choice":
        query = _answers(question, SurveyAnswer.choice, func.count()).group_by(SurveyAnswer.choice)
        result.values[question.id] = {(c, None): n for c, n in counts(query).items()}
    elif counted_by == "number":
        query = _answers(question, SurveyAnswer.number, func.count()).group_by(SurveyAnswer.number)
        result.values[question.id] = {(None, v): n for v, n in counts(query).items()}
    return result


def _choices(report: QuestionReport, counted: SurveyCounts) -> None:
    q = report.question
    found = counted.by_choice(q)
    labels = option_labels(q)
    values = [found.get(code, 0) for code in labels]
    title = localize(q.text).text
    heading = str(question_type(q).count_heading)
    df = pd.DataFrame({heading: values}, index=list(labels.values()))
    df[_("Share of respondents (%)")] = [round(100 * v / report.answered, 1) for v in values]
    report.table = table_from(df, title, _("Answer")).name(*written_texts(q))
    report.chart = bar_chart(list(labels.values()), values, title, heading)
    report.svg = svg_bars(list(labels.values()), values)
    report.long = _long(q, list(labels), values)


def _scale(report: QuestionReport, counted: SurveyCounts) -> None:
    q = report.question
    found = counted.by_number(q)
    labels = scale_labels(q)
    values = [found.get(float(p), 0) for p in labels]
    title = localize(q.text).text
    df = pd.DataFrame({_("Answers"): values}, index=list(labels.values()))
    report.table = table_from(df, title, _("Answer")).name(*written_texts(q))
    report.table.rows.append([_("Average"), _mean(found)])
    if question_type(q).chart == "likert":
        report.chart = likert_chart([title], [values], list(labels.values()), title)
    else:
        report.chart = bar_chart(list(labels.values()), values, title, _("Answers"))
    report.svg = svg_bars(list(labels.values()), values)
    report.long = _long(q, [str(p) for p in labels], values)


def _mean(found: dict) -> float | None:
    total = sum(found.values())
    return round(sum(float(k) * n for k, n in found.items()) / total, 2) if total else None


def _matrix(report: QuestionReport, _counted: SurveyCounts) -> None:
    q = report.question
    query = _answers(q, SurveyAnswer.item, SurveyAnswer.number, func.count()).group_by(
        SurveyAnswer.item, SurveyAnswer.number
    )
    long = frame(query, ["item", "point", "n"])
    labels = scale_labels(q)
    statements = {s.key: localize(s.text).text for s in q.statements}
    table = crosstab(long, "item", "point").reindex(
        index=list(statements), columns=[float(p) for p in labels], fill_value=0
    )
    grid = [[int(v) for v in table.loc[key]] for key in statements]
    shown = table.copy()
    shown.index = list(statements.values())
    shown.columns = list(labels.values())
    shown[_("Average")] = [
        round(sum(p * n for p, n in zip(LIKERT_POINTS, row, strict=True)) / sum(row), 2)
        if sum(row)
        else None
        for row in grid
    ]
    title = localize(q.text).text
    report.table = table_from(shown, title, _("Statement")).name(*written_texts(q))
    report.chart = likert_chart(list(statements.values()), grid, list(labels.values()), title)
    report.svg = svg_bars(list(statements.values()), list(shown[_("Average")]))
    report.long = pd.DataFrame(
        [
            {"question": q.key, "item": key, "answer": str(p), "n": grid[i][j]}
            for i, key in enumerate(statements)
            for j, p in enumerate(labels)
        ]
    )


def _ranking(report: QuestionReport, _counted: SurveyCounts) -> None:
    q = report.question
    query = _answers(q, SurveyAnswer.choice, func.avg(SurveyAnswer.number)).group_by(
        SurveyAnswer.choice
    )
    found = {choice: float(mean) for choice, mean in db.session.execute(query)}
    labels = option_labels(q)
    means = [round(found[c], 2) if c in found else None for c in labels]
    order = sorted(range(len(means)), key=lambda i: (means[i] is None, means[i]))
    title = localize(q.text).text
    df = pd.DataFrame(
        {_("Average place (1 = first)"): [means[i] for i in order]},
        index=[list(labels.values())[i] for i in order],
    )
    report.table = table_from(df, title, _("Option")).name(*written_texts(q))
    scores = [len(labels) + 1 - m if m is not None else None for m in means]
    report.chart = bar_chart(
        list(labels.values()), scores, title, _("Score (higher = ranked first)")
    )
    report.svg = svg_bars(list(labels.values()), scores)
    report.long = pd.DataFrame(
        [
            {"question": q.key, "item": c, "answer": "mean_rank", "n": m}
            for c, m in zip(labels, means, strict=True)
        ]
    )


def _number(report: QuestionReport, counted: SurveyCounts) -> None:
    q = report.question
    found = counted.by_number(q)
    title = localize(q.text).text
    values = sorted(found)
    df = pd.DataFrame({_("Answers"): [found[v] for v in values]}, index=[_show(v) for v in values])
    report.table = table_from(df, title, _("Value")).name(*written_texts(q))
    report.table.rows.append([_("Average"), _mean(found)])
    report.chart = histogram(
        [_show(v) for v in values], [found[v] for v in values], title, _("Value")
    )
    report.svg = svg_bars([_show(v) for v in values], [found[v] for v in values])
    report.long = _long(q, [_show(v) for v in values], [found[v] for v in values])


_show = show_number


def _texts(report: QuestionReport, _counted: SurveyCounts) -> None:
    q = report.question
    texts = list(db.session.scalars(_answers(q, SurveyAnswer.text)))
    visible = visible_text_answers({"all": texts}, min_text_group(), overall_shown=False)["all"]
    report.hidden = visible is None
    report.texts = visible


#: a date question is counted by month while its answers span at most this many months, else
#: by year (a date of birth would give hundreds of months of one or two answers each)
DATE_MONTHS_SHOWN = 24


def _dates(report: QuestionReport, _counted: SurveyCounts) -> None:
    """A date question: how many answers fell in each month (or year), every month between the
    first and the last listed; a month of fewer than k answers is hidden, and so are the
    complements that would give it away from the total (`suppress_counts`)."""
    q = report.question
    month = func.substr(SurveyAnswer.text, 1, 7)
    query = _answers(q, month, func.count()).group_by(month)
    found = {m: int(n) for m, n in db.session.execute(query) if m}
    by_month = _date_periods(found) <= DATE_MONTHS_SHOWN
    periods: Counter = Counter()
    for m, n in found.items():
        periods[m if by_month else m[:4]] += n
    labels = _period_labels(min(periods), max(periods), by_month) if periods else []
    shown = suppress_counts({p: periods.get(p, 0) for p in labels}, min_group())
    title = localize(q.text).text
    heading = _("Month") if by_month else _("Year")
    values = [shown[p] for p in labels]
    rows = [[p, v] for p, v in zip(labels, values, strict=True)]
    report.table = Table(title, [heading, _("Answers")], rows).name(*written_texts(q))
    report.chart = histogram(labels, values, title, heading)
    report.svg = svg_bars(labels, values)
    # the counts behind the chart leave the hidden periods out (their sum is the total's rest)
    kept = [(p, v) for p, v in zip(labels, values, strict=True) if v is not None]
    report.long = _long(q, [p for p, _v in kept], [v for _p, v in kept])


def _date_periods(found: dict[str, int]) -> int:
    """How many months lie from the first month of `found` ("YYYY-MM") to the last."""
    if not found:
        return 0
    first, last = min(found), max(found)
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1


def _period_labels(first: str, last: str, by_month: bool) -> list[str]:
    """Every month ("YYYY-MM") or year ("YYYY") from `first` to `last`."""
    if not by_month:
        return [str(year) for year in range(int(first), int(last) + 1)]
    labels, year, month = [], int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def _long(question: Question, codes: list[str], values: list) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"question": question.key, "item": "", "answer": c, "n": v}
            for c, v in zip(codes, values, strict=True)
        ]
    )


# --- breakdowns ------------------------------------------------------------------------------


def _breakdown(survey: Survey, question: Question, by: str) -> Table | None:
    """Results by group: a group of fewer than k respondents is hidden whole, zeros included,
    and so is the next smallest where the overall figures would give it away; then small cells
    of the groups shown (and their complements)."""
    column, join = _group_column(survey, by)
    if column is None:
        return None
    groups = group_labels(survey, by)
    heading = dict(breakdowns(survey)).get(by, by)
    caption = _("%(question)s, by %(group)s", question=localize(question.text).text, group=heading)
    qtype = question_type(question)
    if qtype.breakdown_counts:
        by_choice = qtype.counted_by == "choice"
        answer = SurveyAnswer.choice if by_choice else SurveyAnswer.number
        long = frame(
            _grouped(question, column, join, answer, func.count()), ["group", "answer", "n"]
        )
        if long.empty:
            return Table(caption, [heading], [])
        labels = option_labels(question) if by_choice else scale_labels(question)
        codes = list(labels) if by_choice else [float(p) for p in labels]
        counted = crosstab(long, "group", "answer").reindex(columns=codes, fill_value=0)
        small = hidden_groups(_group_sizes(question, column, join), min_group())
        table = suppress_table(counted, min_group(), hidden_rows=small)
        table.columns = list(labels.values())
        table.index = [groups.get(g, g) for g in table.index]
        return table_from(table.sort_index(), caption, heading)
    if qtype.free_text:
        return _text_breakdown(question, column, join, groups, caption, heading)
    return _mean_breakdown(question, column, join, groups, caption, heading)


def _group_sizes(question: Question, column, join) -> dict:
    """Per group: the responses that answered `question` (its respondents, not its answers)."""
    query = _answers(question, column, func.count(distinct(SurveyAnswer.response_id)))
    return counts(_by_group(query, column, join).group_by(column))


def _mean_breakdown(question, column, join, groups, caption, heading) -> Table:
    """Averages per group (per statement or option where there are several)."""
    hidden = suppress_groups_by_size(_group_sizes(question, column, join), min_group())
    item = getattr(SurveyAnswer, question_type(question).means_by)
    mean = func.avg(SurveyAnswer.number)
    long = frame(_grouped(question, column, join, item, mean), ["group", "item", "n"])
    if long.empty:
        return Table(caption, [heading], [])
    table = long.pivot_table(index="group", columns="item", values="n", aggfunc="mean").round(2)
    table = table.astype("Float64")
    for group in hidden:
        if group in table.index:
            table.loc[group] = pd.NA
    names = {s.key: localize(s.text).text for s in question.statements}
    names.update(option_labels(question))
    table = table[[c for c in names if c in table.columns] or list(table.columns)]
    table.columns = [names.get(c, _("Average")) for c in table.columns]
    table.index = [groups.get(g, g) for g in table.index]
    return table_from(table.sort_index(), caption, heading)


def _text_breakdown(question, column, join, groups, caption, heading) -> Table:
    query = _by_group(_answers(question, column, SurveyAnswer.text), column, join)
    by_group: dict = {}
    for group, text in db.session.execute(query):
        by_group.setdefault(group, []).append(text)
    visible = visible_text_answers(by_group, min_text_group())
    rows = [
        [groups.get(g, g), " · ".join(t) if t is not None else None] for g, t in visible.items()
    ]
    return Table(caption, [heading, _("Answers")], sorted(rows, key=lambda r: str(r[0])))


# --- year over year --------------------------------------------------------------------------


def _trend(survey: Survey, question: Question, counted: SurveyCounts) -> Table | None:
    """The average (or shares) of the same question key in earlier years' surveys.

    Only earlier surveys whose results the readers of this one may see: closed, and either
    published or of the same directorate (an open survey's results are shown to no one, and a
    closed one's only to its own directorate, the PIO, admins and the chair).
    """
    if question_type(question).trend is None:
        return None
    directorate_id = survey.consultation.directorate_id
    earlier = db.session.scalars(
        select(Question)
        .join(Survey, Survey.id == Question.survey_id)
        .join(Consultation, Consultation.id == Survey.consultation_id)
        .where(
            Question.key == question.key,
            Question.type == question.type,
            Survey.audience == survey.audience,
            Survey.year < survey.year,
            Consultation.status.in_(RELEASED_STATUSES),
            or_(
                Consultation.status == "reported",
                Consultation.directorate_id.is_not_distinct_from(directorate_id),
            ),
        )
        .order_by(Survey.year)
    ).all()
    if not earlier:
        return None
    rows = [_trend_row(q, q.survey.year, counted) for q in [*earlier, question]]
    columns = [_("Year"), _("Responses"), *[c for c, _v in rows[-1][2]]]
    table_rows = [
        [str(year), n, *[dict(values).get(c) for c, _v in rows[-1][2]]] for year, n, values in rows
    ]
    return Table(
        _("Year over year: %(question)s", question=localize(question.text).text),
        columns,
        table_rows,
    ).name(*written_texts(question))


def _trend_row(
    question: Question, year: int, counted: SurveyCounts
) -> tuple[int, int, list[tuple[str, float | None]]]:
    n = counted.answered[question.id] if question.id in counted.answered else answered(question)
    shown = n >= min_group()
    trend = question_type(question).trend
    if trend == "statement_means":
        query = _answers(question, SurveyAnswer.item, func.avg(SurveyAnswer.number)).group_by(
            SurveyAnswer.item
        )
        means = dict(db.session.execute(query).all())
        return (
            year,
            n,
            [
                (
                    localize(s.text).text,
                    round(means[s.key], 2) if shown and s.key in means else None,
                )
                for s in question.statements
            ],
        )
    if trend == "shares":
        if question.id in counted.values:
            found = counted.by_choice(question)
        else:
            query = _answers(question, SurveyAnswer.choice, func.count()).group_by(
                SurveyAnswer.choice
            )
            found = counts(query)
        return (
            year,
            n,
            [
                (
                    _("%(option)s (%%)", option=localize(o.label).text),
                    round(100 * found.get(o.value, 0) / n, 1) if shown else None,
                )
                for o in question.options
            ],
        )
    if trend == "option_means":
        query = _answers(question, SurveyAnswer.choice, func.avg(SurveyAnswer.number)).group_by(
            SurveyAnswer.choice
        )
        means = dict(db.session.execute(query).all())
        return (
            year,
            n,
            [
                (
                    localize(o.label).text,
                    round(means[o.value], 2) if shown and o.value in means else None,
                )
                for o in question.options
            ],
        )
    mean = db.session.scalar(_answers(question, func.avg(SurveyAnswer.number)))
    return year, n, [(_("Average"), round(mean, 2) if shown and mean is not None else None)]


# --- the whole report and its exports --------------------------------------------------------


def survey_report(survey: Survey, by: str | None = None) -> list[QuestionReport]:
    """Every question of the survey, in order, with its breakdown `by` a group."""
    if by not in dict(breakdowns(survey)):
        by = None
    counted = survey_counts(survey)
    asked = [q for q in survey.questions if question_type(q).asks]  # notes take no answer
    return [question_report(survey, q, by, counted) for q in asked]


def aggregates(reports: list[QuestionReport]) -> pd.DataFrame:
    """The counts behind every chart, in long form (question, item, answer, n)."""
    parts = [r.long for r in reports if not r.hidden and not r.long.empty]
    if not parts:
        return pd.DataFrame(columns=["question", "item", "answer", "n"])
    return pd.concat(parts, ignore_index=True)


def table_frame(table: Table) -> pd.DataFrame:
    """A rendered table back as a DataFrame (for the XLSX of a breakdown)."""
    return pd.DataFrame(table.rows, columns=table.columns)


def raw_rows(survey: Survey) -> pd.DataFrame:
    """One row per response: its directorate and one column per answer; rows shuffled.

    No response id and no date (a week or a day would single out a late answer). A row's group
    is what describes its respondent: the directorate (staff surveys), the language of answer
    (citizen surveys) and the answers on gender, age band and local community. The rows of a
    group of fewer than k responses are left out, and so are those of the next smallest groups
    where the report's overall figures minus these rows would give the small one away
    (`hidden_groups`); free text is left blank in the groups with fewer than k (text)
    authors, likewise.
    """
    questions = [q for q in survey.questions if question_type(q).asks]  # no column for a note
    names = group_labels(survey, "directorate") if survey.audience == "staff" else {}
    # citizen surveys: the language of answer is the last cell, and describes the respondent
    languages = language_labels() if survey.audience == "citizen" else None
    language_of = {
        rid: [languages[language_group(language)]] if languages is not None else []
        for rid, language in db.session.execute(
            select(Response.id, Response.language).where(Response.survey_id == survey.id)
        )
    }
    responses = db.session.execute(
        select(Response.id, Response.directorate_id).where(Response.survey_id == survey.id)
    ).all()
    answers: dict[str, list] = {}
    query = (
        select(SurveyAnswer)
        .join(Response, Response.id == SurveyAnswer.response_id)
        .where(Response.survey_id == survey.id)
    )
    for answer in db.session.scalars(query):
        answers.setdefault(answer.response_id, []).append(answer)
    rows = {
        rid: _raw_row(questions, answers.get(rid, []), names.get(d, "")) + language_of[rid]
        for rid, d in responses
    }
    describing = [
        1 + i for i, q in enumerate(questions) if q.key in DEMOGRAPHIC_KEYS
    ]  # the directorate is cell 0
    if languages is not None:
        describing.append(1 + len(questions))
    group_of = {rid: tuple(str(row[i]) for i in [0, *describing]) for rid, row in rows.items()}
    left_out = hidden_groups(Counter(group_of.values()), min_group())
    kept = {rid: row for rid, row in rows.items() if group_of[rid] not in left_out}
    for i, question in enumerate(questions, 1):
        if question_type(question).free_text:
            _blank_small_text_groups(kept, group_of, left_out, rows, i)
    shuffled = list(kept.values())
    secrets.SystemRandom().shuffle(shuffled)
    columns = [_("Directorate"), *[q.key for q in questions]]
    if languages is not None:
        columns.append(_("Language of answer"))
    return pd.DataFrame(shuffled, columns=columns)


#: the groups left out of the raw export, counted as one when free text is checked
_LEFT_OUT = ("left out",)


def _blank_small_text_groups(
    kept: dict[str, list], group_of: dict[str, tuple], left_out: set, rows: dict, cell: int
) -> None:
    """Blank the free text in cell `cell` of the kept rows whose group has fewer than k (text)
    authors, and of the next smallest groups where the report's full list of texts minus the
    export's would give such a group away (the rows left out count as one group)."""
    authors: Counter = Counter()
    for rid, row in rows.items():
        if str(row[cell]).strip():
            authors[_LEFT_OUT if group_of[rid] in left_out else group_of[rid]] += 1
    hidden = hidden_groups(authors, min_text_group())
    for rid, row in kept.items():
        if group_of[rid] in hidden:
            row[cell] = ""


def _raw_row(questions: list[Question], answers: list[SurveyAnswer], directorate: str) -> list:
    by_question: dict[int, list[SurveyAnswer]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    return [directorate, *[_raw_value(q, by_question.get(q.id, [])) for q in questions]]


def _raw_value(question: Question, rows: list[SurveyAnswer]) -> object:
    return question_type(question).export(rows)
