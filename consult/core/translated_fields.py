"""Form fields for a text written in every language side by side (`title_sq`, `title_bs`, …).

The one builder of such fields: a form class is decorated with `translated(...)` (or a class
built at run time is passed to it) and inherits `TranslatedTexts`, which reads the languages
filled in as `{locale: text}` (the shape every translated column stores) and puts a stored value
back into the fields; `form_texts` and `texts_data` do the same for a form without the mixin.

A class is built once, with a field for every locale content may be typed in anywhere
(`TYPABLE_LOCALES`: Turkish too), so classes stay static. What a form shows, reads and
validates is decided when it is used: `text_locales`, the municipality's typed languages
(`consult.core.municipalities.typed_locales`). A field of a language the municipality does not
type is never shown, its data is dropped when the form is validated, and a record's stored text
in that language is kept when the record is saved again (`texts(name, stored)`).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from wtforms import Field, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, StopValidation

from consult.core.municipalities import typed_locales
from consult.i18n import ENDONYMS, TYPABLE_LOCALES, TYPED_LOCALES

#: the language a required text must at least be written in: Albanian, the default
REQUIRED_LOCALE = "sq"
#: the locales typed only where the municipality has the language (Turkish)
_TYPED_WHERE_SPOKEN = tuple(locale for locale in TYPABLE_LOCALES if locale not in TYPED_LOCALES)


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


def shown_locales(built: Sequence[str] = TYPABLE_LOCALES) -> tuple[str, ...]:
    """Of the locales a form was built for, those the municipality types content in, in the
    form's order (a locale typed everywhere, such as Cyrillic Serbian on a consultation, is
    always shown)."""
    typed = typed_locales()
    return tuple(locale for locale in built if locale in typed or locale not in _TYPED_WHERE_SPOKEN)


def _only_where_typed(locale: str) -> Callable:
    """A validator ending the checks of a field the municipality does not type, its data
    dropped: a language not shown is neither read nor refused."""

    def check(_form, field: Field) -> None:
        if locale not in typed_locales():
            field.data = ""
            field.errors[:] = []
            raise StopValidation()

    return check


def _field(text: Text, locale: str) -> Field:
    field_type = TextAreaField if text.area else StringField
    needed = text.required is not None and locale == REQUIRED_LOCALE
    where = [_only_where_typed(locale)] if locale in _TYPED_WHERE_SPOKEN else []
    return field_type(
        text.label,
        validators=[
            *where,
            InputRequired(text.required) if needed else Optional(),
            Length(max=text.max_length),
            *text.checks,
        ],
        description=ENDONYMS[locale],
        render_kw={"lang": locale.replace("_", "-")},
    )


def _text_locales(form: object) -> tuple[str, ...]:
    return shown_locales(form.built_locales)


def translated(locales: tuple[str, ...] = TYPABLE_LOCALES, **texts: Text) -> Callable[[type], type]:
    """A class decorator adding one field per text and locale, the locales it was built for
    (`built_locales`) and the run-time `text_locales`, those of them the municipality types."""

    def decorate(form_class: type) -> type:
        form_class.built_locales = locales
        form_class.text_locales = property(_text_locales)
        for name, text in texts.items():
            for locale in locales:
                setattr(form_class, field_name(name, locale), _field(text, locale))
        return form_class

    return decorate


def form_texts(
    form: object,
    name: str,
    locales: Sequence[str] | None = None,
    stored: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """`{locale: text}` of the per-language fields of `name` in `form` (by default the
    languages it shows), leaving out the languages left empty; with `stored`, the record's
    value, its texts in the languages the form was built for but does not show are kept."""
    shown = tuple(locales if locales is not None else _text_locales(form))
    found = {
        locale: (getattr(form, field_name(name, locale)).data or "").strip() for locale in shown
    }
    typed = {locale: text for locale, text in found.items() if text}
    built = getattr(form, "built_locales", shown)
    kept = {
        locale: text
        for locale, text in (stored or {}).items()
        if locale in built and locale not in shown and str(text or "").strip()
    }
    return {locale: (typed | kept)[locale] for locale in built if locale in typed | kept}


def texts_data(
    name: str, value: Mapping[str, str] | None, locales: Sequence[str] | None = None
) -> dict[str, str]:
    """Form data of the per-language fields of `name` from a stored `{locale: text}`, for the
    languages the municipality types unless `locales` says which."""
    wanted = locales if locales is not None else typed_locales()
    return {field_name(name, locale): (value or {}).get(locale, "") for locale in wanted}


class TranslatedTexts:
    """Reading and filling the per-language fields that `translated` added."""

    built_locales: tuple[str, ...] = TYPABLE_LOCALES
    text_locales = property(_text_locales)

    def texts(self, name: str, stored: Mapping[str, str] | None = None) -> dict[str, str]:
        """`{locale: text}` of `name`, leaving out the languages left empty; with `stored` (the
        record's value), its texts in languages this form does not show are kept."""
        return form_texts(self, name, stored=stored)

    def fill_texts(self, name: str, value: Mapping[str, str] | None) -> None:
        """Put a stored `{locale: text}` into the per-language fields of `name`."""
        for locale in self.text_locales:
            getattr(self, field_name(name, locale)).data = (value or {}).get(locale, "")
