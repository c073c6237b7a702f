"""The forms of the chair's review (`consult.core.reviews`): the chair receives a report or
sends it back; the officers answer and send it again."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from consult.core.reviews import NOTE_MAX_LENGTH
from consult.i18n import lazy_text as _l


class ReceiveForm(FlaskForm):
    """The chair marks a report received for the Assembly, with a note if she wants one."""

    note = TextAreaField(
        _l("Note to the officers (optional)"),
        validators=[Optional(), Length(max=NOTE_MAX_LENGTH)],
    )


class SendBackForm(FlaskForm):
    """The chair sends a report back to the officers and says why."""

    note = TextAreaField(
        _l("Why is the report sent back?"),
        validators=[
            DataRequired(_l("Write a note to the officers: why is the report sent back?")),
            Length(max=NOTE_MAX_LENGTH),
        ],
    )


class ResubmitForm(FlaskForm):
    """The officers answer the chair's note and send the report again."""

    note = TextAreaField(
        _l("Your answer to the chair"),
        validators=[
            DataRequired(_l("Write your answer to the chair's note.")),
            Length(max=NOTE_MAX_LENGTH),
        ],
    )
