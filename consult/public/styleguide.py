"""The style guide's sample data (issue #18): a form showing every control and its error, and
a consultation in each status, for `/styleguide` to render every macro of the design system."""

import datetime as dt
from types import SimpleNamespace

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from consult.core.labels import GENDER_LABELS, STATUS_LABELS
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l


class _CheckBoxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@translated(title=Text(_l("Title"), 200))
class SampleForm(TranslatedTexts, FlaskForm):
    """Never submitted: only shown, with an error on its first field."""

    class Meta:
        csrf = False

    name = StringField(_l("Your name"))
    gender = RadioField(
        _l("Gender"), choices=[SelectChoice(k, v) for k, v in GENDER_LABELS.items()]
    )
    statuses = _CheckBoxes(
        _l("Status"), choices=[SelectChoice(k, v) for k, v in STATUS_LABELS.items()]
    )
    show_name = BooleanField(_l("Publish my name next to the comment"))


def sample_form() -> SampleForm:
    form = SampleForm(formdata=None)
    form.name.errors = [str(_l("This field is required."))]
    return form


def sample_consultations(today: dt.date) -> list[SimpleNamespace]:
    """One consultation in each status the public sees, and an open one on its last day."""
    day = dt.timedelta(days=1)
    return [
        SimpleNamespace(status="announced", opens_at=today + 7 * day, closes_at=today + 37 * day),
        SimpleNamespace(status="open", opens_at=today - 10 * day, closes_at=today + 5 * day),
        SimpleNamespace(status="open", opens_at=today - 10 * day, closes_at=today + day),
        SimpleNamespace(status="open", opens_at=today - 30 * day, closes_at=today),
        SimpleNamespace(status="closed", opens_at=today - 60 * day, closes_at=today - 30 * day),
        SimpleNamespace(status="reported", opens_at=today - 90 * day, closes_at=today - 60 * day),
    ]
