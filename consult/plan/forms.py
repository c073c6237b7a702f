"""Forms of the annual consultation plan."""

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from consult.core.labels import KIND_LABELS
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l
from consult.plan.models import QUARTERS


@translated(title=Text(_l("Title"), 300))
class PlanEntryForm(FlaskForm, TranslatedTexts):
    """A line of the annual consultation plan."""

    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()])
    directorate_id = SelectField(_l("Responsible directorate"), coerce=int)
    quarter = SelectField(
        _l("Quarter"), coerce=int, choices=[SelectChoice(q, str(q)) for q in QUARTERS]
    )


class PlanLinkForm(FlaskForm):
    """Link a plan entry to the consultation that carries it out."""

    consultation_id = SelectField(_l("Consultation"), coerce=int)
