"""Form fields every feature uses alike."""

from flask_babel import gettext as _
from wtforms import IntegerField

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
