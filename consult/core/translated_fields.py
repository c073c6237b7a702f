"""Form fields for a text written in every language side by side (`title_sq`, `title_bs`, …).

The one builder of such fields: a form class is decorated with `translated(...)` (or a class
built at run time is passed to it) and inherits `TranslatedTexts`, which reads the languages
filled in as `{locale: text}` (the shape every translated column stores) and puts a stored value
back into the fields; `form_texts` and `texts_data` do the same for a form without the mixin.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from wtforms import Field, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from consult.i18n import ENDONYMS, TYPED_LOCALES

#: the language a required text must at least be written in: Albanian, the default
REQUIRED_LOCALE = "sq"


@dataclass(frozen=True)
class Text:
    """One translated text of a form: its label, its widget (a line or an area), its limit;
    `required` is the message shown when the Albanian text is missing (None: all optional),
    `checks` are further validators of every language's text."""

    label: object
    max_length: int
    area: bool = False
    required: object = None
    checks: Sequence[Callable] = ()


def field_name(name: str, locale: str) -> str:
    """The form field holding `name` in `locale`, e.g. `title_sr_Latn`."""
    return f"{name}_{locale}"


def _field(text: Text, locale: str) -> Field:
    field_type = TextAreaField if text.area else StringField
    needed = text.required is not None and locale == REQUIRED_LOCALE
    return field_type(
        text.label,
        validators=[
            InputRequired(text.required) if needed else Optional(),
            Length(max=text.max_length),
            *text.checks,
        ],
        description=ENDONYMS[locale],
        render_kw={"lang": locale.replace("_", "-")},
    )


def translated(locales: tuple[str, ...] = TYPED_LOCALES, **texts: Text) -> Callable[[type], type]:
    """A class decorator adding one field per text and locale, and the locales it was given."""

    def decorate(form_class: type) -> type:
        form_class.text_locales = locales
        for name, text in texts.items():
            for locale in locales:
                setattr(form_class, field_name(name, locale), _field(text, locale))
        return form_class

    return decorate


def form_texts(form: object, name: str, locales: Sequence[str] = TYPED_LOCALES) -> dict[str, str]:
    """`{locale: text}` of the per-language fields of `name` in `form`, leaving out the
    languages left empty."""
    found = {
        locale: (getattr(form, field_name(name, locale)).data or "").strip() for locale in locales
    }
    return {locale: text for locale, text in found.items() if text}


def texts_data(
    name: str, value: Mapping[str, str] | None, locales: Sequence[str] = TYPED_LOCALES
) -> dict[str, str]:
    """Form data of the per-language fields of `name` from a stored `{locale: text}`."""
    return {field_name(name, locale): (value or {}).get(locale, "") for locale in locales}


class TranslatedTexts:
    """Reading and filling the per-language fields that `translated` added."""

    text_locales: tuple[str, ...] = TYPED_LOCALES

    def texts(self, name: str) -> dict[str, str]:
        """`{locale: text}` of `name`, leaving out the languages left empty."""
        return form_texts(self, name, self.text_locales)

    def fill_texts(self, name: str, value: Mapping[str, str] | None) -> None:
        """Put a stored `{locale: text}` into the per-language fields of `name`."""
        for locale in self.text_locales:
            getattr(self, field_name(name, locale)).data = (value or {}).get(locale, "")
