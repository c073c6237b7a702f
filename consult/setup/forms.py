"""Forms of the municipality's set-up: a directorate (its code and its name in every
language), a local community (its name in every language and its population), and the delete
buttons (the CSRF token only)."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, NumberRange, Regexp

from consult.core.fields import WholeNumberField
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l

#: a directorate's code: 2 to 20 Latin letters or digits (stored upper-cased)
CODE_PATTERN = r"^[A-Za-z0-9]{2,20}$"
#: more inhabitants than any municipality has: a larger number is a typing mistake
MAX_POPULATION = 10_000_000
NAME_LENGTH = 200


def _stripped(value: str | None) -> str | None:
    return value.strip().upper() if isinstance(value, str) else value


@translated(name=Text(_l("Name"), NAME_LENGTH, required=_l("Enter the name in Albanian.")))
class DirectorateForm(FlaskForm, TranslatedTexts):
    """A directorate's code and its name in every language side by side."""

    code = StringField(
        _l("Code"),
        filters=[_stripped],
        validators=[
            InputRequired(_l("Enter the directorate's code.")),
            Regexp(
                CODE_PATTERN,
                message=_l("Enter a code of 2 to 20 letters (A to Z) or digits, such as EDU."),
            ),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


@translated(name=Text(_l("Name"), NAME_LENGTH, required=_l("Enter the name in Albanian.")))
class LocalCommunityForm(FlaskForm, TranslatedTexts):
    """A local community's name in every language and its population."""

    population = WholeNumberField(
        _l("Population"),
        validators=[
            InputRequired(_l("Enter the population, 0 when it is not known.")),
            NumberRange(
                0,
                MAX_POPULATION,
                _l("Enter a whole number from 0 to %(most)s.", most=MAX_POPULATION),
            ),
        ],
        render_kw={"inputmode": "numeric"},
    )


class DeleteForm(FlaskForm):
    """A delete button on the lists: the CSRF token only."""
