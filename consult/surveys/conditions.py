"""A question's show-if condition as a sentence in the reader's language.

The builder stores a condition as codes ({"question": "staff_meetings_attended", "operator":
"gte", "values": [1]}); people read the earlier question's text and the options' labels. Those
shown in another language than the reader's carry theirs and the "shown in" marker, so the
sentence is a lazy message: its values are escaped on the page, unless they are such markup.
"""

from flask_babel import format_decimal
from markupsafe import Markup

from consult.i18n import LazyText, Localized, localize
from consult.i18n import lazy_text as _l
from consult.surveys.models import Question
from consult.templating import fallback_marker


def describe_condition(question: Question) -> LazyText | str:
    """When `question` is shown, written out; "" without a condition.

    A question or an option the condition names but the survey no longer has is shown as stored.
    """
    condition = question.show_if
    if not condition:
        return ""
    key = condition.get("question", "")
    source = next((q for q in question.survey.questions if q.key == key), None)
    asked = _written(localize(source.text)) if source is not None else ""
    asked = asked or key
    operator = condition.get("operator", "in")
    values = [_value_text(source, value) for value in condition.get("values") or []]
    if operator == "answered":
        return _l("Shown if “%(question)s” is answered", question=asked)
    if operator in ("gte", "lte"):
        limit = _number_text(values[0] if values else "")
        if operator == "gte":
            return _l(
                "Shown if the answer to “%(question)s” is at least %(value)s",
                question=asked,
                value=limit,
            )
        return _l(
            "Shown if the answer to “%(question)s” is at most %(value)s",
            question=asked,
            value=limit,
        )
    listed = _listed(values)
    if operator == "not_in":
        if len(values) == 1:
            return _l(
                "Shown if the answer to “%(question)s” is not %(value)s",
                question=asked,
                value=listed,
            )
        return _l(
            "Shown if the answer to “%(question)s” is none of %(values)s",
            question=asked,
            values=listed,
        )
    if len(values) == 1:
        return _l(
            "Shown if the answer to “%(question)s” is %(value)s", question=asked, value=listed
        )
    return _l(
        "Shown if the answer to “%(question)s” is one of %(values)s", question=asked, values=listed
    )


def _value_text(source: Question | None, value) -> Markup | str:
    """An option's label for a stored option value; any other value as it is."""
    if source is not None:
        for option in source.options:
            if option.value == str(value):
                return _written(localize(option.label)) or option.value
    return str(value)


def _listed(values: list[Markup | str]) -> Markup | str:
    """The values in quotes, one after the other; markup when one of them is."""
    if any(isinstance(value, Markup) for value in values):
        return Markup(", ").join(Markup("“{}”").format(value) for value in values)
    return ", ".join(f"“{value}”" for value in values)


def _written(shown: Localized) -> Markup | str:
    """A text written by people: as it is in the reader's language, else tagged with its own
    language and marked as shown in it."""
    if not shown.is_fallback:
        return shown.text
    return Markup('<span lang="{}">{}</span>{}').format(
        shown.html_lang, shown.text, fallback_marker(shown.locale)
    )


def _number_text(value) -> str:
    """A number in the reader's locale; text that is not a number as it is."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return format_decimal(int(number) if number.is_integer() else number)
