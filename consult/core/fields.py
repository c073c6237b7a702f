"""Form fields every feature uses alike."""

from flask_babel import gettext as _
from wtforms import IntegerField, ValidationError
from wtforms.fields.choices import SelectChoice

from consult.i18n import lazy_text as _l
from consult.i18n import localize

#: more digits than any count, amount or year the app asks for: a longer number is refused
#: before WTForms' NumberRange, which fails on numbers past a float's range (309 digits on)
MAX_DIGITS = 15


class WholeNumberField(IntegerField):
    """A whole number; one of more than `MAX_DIGITS` digits is refused as not valid."""

    def process_formdata(self, valuelist: list) -> None:
        """Read the number, refusing one too long to be a real answer."""
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > MAX_DIGITS:
            self.data = None
            raise ValueError(_("Enter a whole number."))
        super().process_formdata(valuelist)


class InOrder:
    """Form mixin: pairs of fields whose values must not go backwards (`ORDER`).

    Checked after every field, so the rule also holds when one of the two is left out
    of the request and keeps the value of the record being edited (an `Optional()`
    validator would stop an inline `validate_<field>` before it ran).
    Each entry is `(earlier, later, message)`; the message goes on the field named
    by `later`.
    """

    ORDER: tuple = ()

    def validate(self, extra_validators=None) -> bool:
        """Validate the fields, then every pair of `ORDER` whose two values are given."""
        valid = super().validate(extra_validators)
        for earlier, later, message in self.ORDER:
            low, high = getattr(self, earlier).data, getattr(self, later).data
            if low is not None and high is not None and high < low:
                getattr(self, later).errors.append(message)
                valid = False
        return valid


def no_control_characters(form, field) -> None:
    """Validator: text with NUL or other control characters (except line breaks and tabs) is
    refused."""
    if any(ord(c) < 32 and c not in "\r\n\t" for c in field.data or ""):
        raise ValidationError(_l("The text contains characters that are not allowed."))


def content_choice(
    value: object, content: dict | None, prefix: str = "", limit: int | None = None
) -> SelectChoice:
    """A select option naming something people wrote (`{locale: text}`), in the reader's
    language or the one it falls back to. An option holds no markup for the "shown in" marker,
    so it carries the language it is shown in, for a screen reader to read it in that voice."""
    shown = localize(content)
    return SelectChoice(value, f"{prefix}{shown.text[:limit]}", render_kw={"lang": shown.html_lang})
