"""XLSForm workbooks written the way people write them (openpyxl), for the import tests; and a
survey's shape as plain values, to compare two surveys."""

import io

from openpyxl import Workbook

from consult.surveys.wizard import condition_met

SQ, SR, EN = "label::Albanian (sq)", "label::Serbian (sr)", "label::English (en)"
HSQ, HSR, HEN = "hint::Albanian (sq)", "hint::Serbian (sr)", "hint::English (en)"


def workbook(
    survey: list[dict],
    choices: list[dict] | None = None,
    settings: dict | None = None,
    names: tuple[str, str, str] = ("survey", "choices", "settings"),
) -> bytes:
    """An .xlsx with a survey sheet of `survey` rows (a dict each; headers in first-seen order),
    a choices sheet and a settings sheet."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in zip(names, (survey, choices, [settings] if settings else None), strict=True):
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        headers: list[str] = []
        for row in rows:
            headers += [key for key in row if key not in headers]
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kobo_citizen_form() -> bytes:
    """A citizen satisfaction form as KoboToolbox exports it: three languages (Serbian in
    Cyrillic), metadata fields, groups, hints, a range constraint and conditions."""
    survey = [
        {"type": "start", "name": "start", "$kuid": "a1"},
        {"type": "end", "name": "end", "$kuid": "a2"},
        {
            "type": "begin_group",
            "name": "services",
            SQ: "Shërbimet komunale",
            SR: "Општинске услуге",
            EN: "Municipal services",
            "appearance": "field-list",
        },
        {
            "type": "select_one visits",
            "name": "Visited",
            SQ: "Sa shpesh e vizitoni komunën?",
            SR: "Колико често посећујете општину?",
            EN: "How often do you visit the municipality?",
            "required": "true",
            HSQ: "Në vitin e fundit",
            HSR: "У последњој години",
            HEN: "In the last year",
        },
        {
            "type": "select_multiple services",
            "name": "used",
            SQ: "Cilat shërbime i keni përdorur?",
            SR: "Које услуге сте користили?",
            EN: "Which services did you use?",
            "constraint": "count-selected(.) >= 1 and count-selected(.) <= 2",
            "constraint_message": "Choose one or two",
        },
        {"type": "end_group"},
        {
            "type": "begin_group",
            "name": "satisfaction",
            SQ: "Kënaqësia",
            SR: "Задовољство",
            EN: "Satisfaction",
            "relevant": "${Visited} != 'never'",
        },
        {
            "type": "integer",
            "name": "waiting",
            SQ: "Sa minuta keni pritur?",
            SR: "Колико минута сте чекали?",
            EN: "How many minutes did you wait?",
            "constraint": ". >= 0 and . <= 240",
        },
        {
            "type": "select_one agree",
            "name": "staff_kind",
            SQ: "Stafi ishte i sjellshëm",
            SR: "Особље је било љубазно",
            EN: "The staff were polite",
            "appearance": "likert",
        },
        {"type": "end_group"},
        {
            "type": "begin_group",
            "name": "more",
            SQ: "Më shumë",
            SR: "Више",
            EN: "More",
        },
        {
            "type": "text",
            "name": "why_unhappy",
            SQ: "Pse nuk jeni të kënaqur?",
            SR: "Зашто нисте задовољни?",
            EN: "Why are you not satisfied?",
            "appearance": "multiline",
            "relevant": "${staff_kind} = 'disagree' or ${staff_kind} = 'strongly_disagree'",
        },
        {
            "type": "text",
            "name": "online_wish",
            SQ: "Çka do të donit të bënit në internet?",
            SR: "Шта бисте желели да обавите преко интернета?",
            EN: "What would you like to do online?",
            "relevant": "selected(${used}, 'permits')",
        },
        {"type": "end_group"},
    ]
    choices = [
        *_list(
            "visits",
            [
                ("never", "Asnjëherë", "Никада", "Never"),
                ("yearly", "Një herë në vit", "Једном годишње", "Once a year"),
                ("monthly", "Çdo muaj", "Сваког месеца", "Every month"),
            ],
        ),
        *_list(
            "services",
            [
                ("civil", "Gjendja civile", "Матична служба", "Civil registry"),
                ("permits", "Lejet", "Дозволе", "Permits"),
                ("tax", "Tatimi në pronë", "Порез на имовину", "Property tax"),
            ],
        ),
        *_list(
            "agree",
            [
                ("strongly_disagree", "Aspak dakord", "Уопште се не слажем", "Strongly disagree"),
                ("disagree", "Nuk pajtohem", "Не слажем се", "Disagree"),
                ("neutral", "Neutral", "Неутрално", "Neutral"),
                ("agree", "Pajtohem", "Слажем се", "Agree"),
                ("strongly_agree", "Plotësisht dakord", "Потпуно се слажем", "Strongly agree"),
            ],
        ),
    ]
    settings = {
        "form_title": "Kënaqësia e qytetarëve 2026",
        "form_id": "citizen_satisfaction_2026",
        "version": "2026031001",
        "default_language": "Albanian (sq)",
    }
    return workbook(survey, choices, settings)


def _list(name: str, items: list[tuple[str, str, str, str]]) -> list[dict]:
    return [{"list_name": name, "name": code, SQ: sq, SR: sr, EN: en} for code, sq, sr, en in items]


def shape(survey) -> list:
    """A survey's sections and questions as plain values: what a round trip must keep."""
    return [
        (
            dict(section.title),
            [
                (
                    q.key,
                    q.type,
                    dict(q.text),
                    dict(q.hint or {}),
                    q.required,
                    q.min_value,
                    q.max_value,
                    _condition(q.show_if),
                    [(o.value, dict(o.label)) for o in q.options],
                    [(s.key, dict(s.text)) for s in q.statements],
                )
                for q in section.questions
            ],
        )
        for section in survey.sections
    ]


def _condition(show_if):
    if not show_if:
        return None
    values = show_if.get("values") or []
    if show_if.get("operator") in ("gte", "lte"):
        return show_if["question"], show_if["operator"], [float(v) for v in values]
    return show_if["question"], show_if["operator"], [str(v) for v in values]


def same_decisions(first: dict, second: dict, answers: list) -> bool:
    """Whether two conditions show the question for the same answers."""
    return all(condition_met(first, a) == condition_met(second, a) for a in answers)
