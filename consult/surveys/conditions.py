"""A question's show-if condition as a sentence in the reader's language.

The builder stores a condition as codes ({"question": "staff_meetings_attended", "operator":
"gte", "values": [1]}); people read the earlier question's text and the options' labels.
"""

from flask_babel import format_decimal
from flask_babel import gettext as _

from consult.i18n import localize
from consult.surveys.models import Question


def describe_condition(question: Question) -> str:
    """When `question` is shown, written out; "" without a condition.

    A question or an option the condition names but the survey no longer has is shown as stored.
    """
    condition = question.show_if
    if not condition:
        return ""
    key = condition.get("question", "")
    source = next((q for q in question.survey.questions if q.key == key), None)
    asked = localize(source.text).text if source is not None else ""
    asked = asked or key
    operator = condition.get("operator", "in")
    values = [_value_text(source, value) for value in condition.get("values") or []]
    if operator == "answered":
        return _("Shown if “%(question)s” is answered", question=asked)
    if operator in ("gte", "lte"):
        limit = _number_text(values[0] if values else "")
        if operator == "gte":
            return _(
                "Shown if the answer to “%(question)s” is at least %(value)s",
                question=asked,
                value=limit,
            )
        return _(
            "Shown if the answer to “%(question)s” is at most %(value)s",
            question=asked,
            value=limit,
        )
    listed = ", ".join(f"“{value}”" for value in values)
    if operator == "not_in":
        if len(values) == 1:
            return _(
                "Shown if the answer to “%(question)s” is not %(value)s",
                question=asked,
                value=listed,
            )
        return _(
            "Shown if the answer to “%(question)s” is none of %(values)s",
            question=asked,
            values=listed,
        )
    if len(values) == 1:
        return _("Shown if the answer to “%(question)s” is %(value)s", question=asked, value=listed)
    return _(
        "Shown if the answer to “%(question)s” is one of %(values)s", question=asked, values=listed
    )


def _value_text(source: Question | None, value) -> str:
    """An option's label for a stored option value; any other value as it is."""
    if source is not None:
        for option in source.options:
            if option.value == str(value):
                return localize(option.label).text or option.value
    return str(value)


def _number_text(value) -> str:
    """A number in the reader's locale; text that is not a number as it is."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return format_decimal(int(number) if number.is_integer() else number)
