"""The two forms every kind that takes comments shows its officers: the answer to a comment
(or a proposal) and the moderator's hiding of a comment."""

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from consult.core.fields import no_control_characters
from consult.core.labels import OUTCOME_LABELS
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l


@translated(reason=Text(_l("Reason"), 5000, area=True, checks=(no_control_characters,)))
class AnswerForm(FlaskForm, TranslatedTexts):
    """The municipality's answer: accepted, partly accepted or rejected, with its reason in one
    or more languages (the service says which languages it needs)."""

    outcome = RadioField(
        _l("Answer"),
        choices=[SelectChoice(key, label) for key, label in OUTCOME_LABELS.items()],
        validators=[InputRequired(_l("Choose accepted, partly accepted or rejected."))],
    )


class HideForm(FlaskForm):
    """Hide a comment from the public pages, with the moderator's reason."""

    reason = TextAreaField(
        _l("Reason for hiding"),
        validators=[
            InputRequired(_l("Give the reason for hiding the comment.")),
            Length(max=2000),
            no_control_characters,
        ],
    )


def answer_form(prefix: str, outcome: str | None = None, reason: dict | None = None) -> AnswerForm:
    """An answer form not bound to the request, showing the answer given so far."""
    form = AnswerForm(formdata=None, prefix=prefix, outcome=outcome)
    form.fill_texts("reason", reason or {})
    return form
