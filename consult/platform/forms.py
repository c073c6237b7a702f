"""The form of a municipality's settings (new and edit). Its values are checked by
`consult.platform.services`, as `flask municipalities create|set` checks them: the form only
carries them, so the page and the command refuse the same values with the same reasons."""

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from consult.core.municipalities import LANGUAGE_CODES
from consult.core.profiles import PROFILES
from consult.i18n import ENDONYMS, TYPABLE_LOCALES
from consult.i18n import lazy_text as _l
from consult.platform.services import SETTINGS

#: a language code's name in itself ("sr" stands for Serbian in both scripts)
_LANGUAGE_NAMES = {"sr": "Srpski / Српски"}


class _CheckBoxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _languages(label: object) -> _CheckBoxes:
    choices = [
        SelectChoice(code, _LANGUAGE_NAMES.get(code, ENDONYMS.get(code, code)))
        for code in LANGUAGE_CODES
    ]
    # the service checks the codes and says why in the reader's language
    return _CheckBoxes(label, choices=choices, validate_choice=False)


class MunicipalityForm(FlaskForm):
    """A municipality's settings; an empty one is read from the configuration."""

    name_sq = StringField(_l("Name in Albanian"), validators=[Length(max=400)])
    name_sr_Latn = StringField(_l("Name in Serbian (Latin script)"), validators=[Length(max=400)])
    name_bs = StringField(_l("Name in Bosnian"), validators=[Length(max=400)])
    name_tr = StringField(_l("Name in Turkish"), validators=[Length(max=400)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=400)])
    host = StringField(_l("Host name"), validators=[Length(max=400)])
    official_languages = _languages(_l("Official languages"))
    languages_in_use = _languages(_l("Languages in official use"))
    standards_profile = SelectField(_l("Standards profile"), validate_choice=False)
    brand_colour = StringField(_l("Colour"), validators=[Length(max=40)])
    contact_address = StringField(_l("Address of the Public Information Office"))
    contact_email = StringField(_l("E-mail address of the Public Information Office"))
    contact_phone = StringField(_l("Telephone of the Public Information Office"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.standards_profile.choices = [SelectChoice("", _l("The configuration's"))] + [
            SelectChoice(key, profile.name) for key, profile in PROFILES.items()
        ]

    def name_fields(self) -> list:
        return [self[f"name_{locale}"] for locale in TYPABLE_LOCALES]

    def settings(self) -> dict[str, object]:
        """Every setting as typed; an empty one is None (the configuration applies)."""

        def text(value: str | None) -> str | None:
            return (value or "").strip() or None

        return {
            "name": {locale: self[f"name_{locale}"].data or "" for locale in TYPABLE_LOCALES},
            "host": text(self.host.data),
            "official_languages": list(self.official_languages.data or []) or None,
            "languages_in_use": list(self.languages_in_use.data or []) or None,
            "standards_profile": text(self.standards_profile.data),
            "brand_colour": text(self.brand_colour.data),
            "contact_address": text(self.contact_address.data),
            "contact_email": text(self.contact_email.data),
            "contact_phone": text(self.contact_phone.data),
        }

    def show(self, municipality) -> None:
        """Fill the fields with the municipality's stored settings (empty: the configuration's)."""
        for locale in TYPABLE_LOCALES:
            self[f"name_{locale}"].data = (municipality.name or {}).get(locale, "")
        for setting in SETTINGS:
            if setting == "name":
                continue  # one field per language, above
            value = getattr(municipality, setting)
            self[setting].data = (
                value if value is not None else ([] if "languages" in setting else "")
            )


class NewMunicipalityForm(MunicipalityForm):
    """A new municipality: its settings, slug and first administrator."""

    slug = StringField(_l("Short name (slug)"), validators=[Length(max=100)])
    admin_name = StringField(_l("Name of its first administrator"), validators=[Length(max=400)])
    admin_email = StringField(
        _l("E-mail address of its first administrator"), validators=[Length(max=400)]
    )
