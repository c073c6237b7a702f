"""WTForms' and Flask-WTF's own messages ("This field is required.", "Not a valid choice.") in
the app's catalogue, so that a refused form speaks the reader's language like the rest of the
page.

Flask-WTF translates those messages with the translations it finds on the request, and WTForms
ships no Albanian or Bosnian ones (nor Serbian in Latin letters): `use_app_catalogue` (run
before every request) puts there the app's catalogue for the request's locale. The messages
are listed below, as WTForms and Flask-WTF write them, so that `flask translate extract` puts
them in translations/messages.pot and `flask translate check` finds any left untranslated.
"""

from flask import request
from flask_babel import get_translations

from consult.i18n import lazy_text as _l


class FormMessages:
    """What WTForms and Flask-WTF ask of a translations object, answered from the app's
    catalogue for the current locale. The messages come back unformatted: WTForms fills in
    their %(min)s and %(max)s itself."""

    def ugettext(self, string: str) -> str:
        """The message in the reader's language."""
        return get_translations().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        """The message, singular or one of the plurals the language has for `n`."""
        return get_translations().ungettext(singular, plural, n)

    gettext = ugettext
    ngettext = ungettext


FORM_MESSAGES = FormMessages()


def use_app_catalogue() -> None:
    """Before a request: the forms of this request translate their own messages with the
    app's catalogue (Flask-WTF reads `request.wtforms_translations`)."""
    request.wtforms_translations = FORM_MESSAGES


def ngettext(singular: str, plural: str, n: int = 1) -> tuple[str, str]:
    """Marks a message and its plural for `flask translate extract`, which collects the calls
    of this name; the forms translate them through FormMessages.ungettext."""
    return singular, plural


#: every message WTForms 3 (its fields, validators and CSRF) and Flask-WTF's file validators
#: translate, word for word
MESSAGES = (
    _l("This field is required."),
    _l("Invalid input."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Field must be equal to %(other_name)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid field name '%s'."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("File does not have an approved extension."),
    _l("File does not have an approved extension: {extensions}"),
)

#: the messages WTForms words by number, (singular, plural)
PLURAL_MESSAGES = (
    ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
    ),
    ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
    ),
    ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
    ),
    ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
    ),
)
