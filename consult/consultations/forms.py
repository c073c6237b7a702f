"""Forms of draft-act consultations: comments, CSO registration, articles, answers."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from consult.core.labels import KIND_LABELS
from consult.i18n import ENDONYMS, HTML_LANG

#: the languages a comment or an article may be written in
WRITING_LANGUAGES = ("sq", "sr_Latn", "sr", "bs", "en")
#: the locales an article is typed in (Cyrillic Serbian is generated from Latin)
ARTICLE_LOCALES = ("sq", "sr_Latn", "bs", "en")

GENDER_CHOICES = [
    SelectChoice("", _l("Prefer not to say")),
    SelectChoice("female", _l("Woman")),
    SelectChoice("male", _l("Man")),
    SelectChoice("other", _l("Other")),
]


def language_choices() -> list[SelectChoice]:
    """Each writing language by its own name."""
    return [
        SelectChoice(code, ENDONYMS[code], render_kw={"lang": HTML_LANG[code]})
        for code in WRITING_LANGUAGES
    ]


class CommentForm(FlaskForm):
    """A comment on an article or the whole act, as a citizen, anonymously or for a CSO."""

    article_id = SelectField(_l("Comment on"), coerce=int, validate_choice=True)
    text = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write your comment.")), Length(max=5000)],
    )
    language = SelectField(_l("Language of your comment"), choices=language_choices())
    author = RadioField(_l("Comment as"), validators=[InputRequired(_l("Choose how to comment."))])
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("Your e-mail address"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    show_name = BooleanField(_l("Publish my name next to the comment"))
    gender = SelectField(_l("Gender (optional, for statistics only)"), choices=GENDER_CHOICES)


class OrganisationForm(FlaskForm):
    """Register a civil-society organisation and its representative's account."""

    name = StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(_l("Enter the organisation's name.")), Length(max=200)],
    )
    registration_number = StringField(
        _l("Registration number"),
        validators=[DataRequired(_l("Enter the registration number.")), Length(max=40)],
    )
    sector = StringField(_l("Sector"), validators=[Optional(), Length(max=100)])
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    representative = StringField(
        _l("Representative"),
        validators=[DataRequired(_l("Enter the representative's name.")), Length(max=200)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(min=10, max=200, message=_l("The password needs at least 10 characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


def _add_article_fields(form_class: type) -> type:
    for locale in ARTICLE_LOCALES:
        lang = {"lang": locale.replace("_", "-")}
        setattr(
            form_class,
            f"heading_{locale}",
            StringField(
                _l("Heading"),
                validators=[Optional(), Length(max=300)],
                description=ENDONYMS[locale],
                render_kw=lang,
            ),
        )
        setattr(
            form_class,
            f"text_{locale}",
            TextAreaField(
                _l("Text of the article"),
                validators=[Optional(), Length(max=20000)],
                description=ENDONYMS[locale],
                render_kw=lang,
            ),
        )
    return form_class


@_add_article_fields
class ArticleForm(FlaskForm):
    """An article's number, and its heading and text in every language side by side."""

    number = IntegerField(
        _l("Article number"),
        validators=[
            InputRequired(_l("Enter the article number.")),
            NumberRange(1, 9999, _l("Enter a number from 1 to 9999.")),
        ],
    )

    def values(self, name: str) -> dict[str, str]:
        """`{locale: text}` of the non-empty `heading` or `text` fields."""
        found = {
            locale: (getattr(self, f"{name}_{locale}").data or "").strip()
            for locale in ARTICLE_LOCALES
        }
        return {locale: text for locale, text in found.items() if text}

    def fill(self, heading: dict, text: dict) -> None:
        """Put an article's stored texts into the fields."""
        for locale in ARTICLE_LOCALES:
            getattr(self, f"heading_{locale}").data = heading.get(locale, "")
            getattr(self, f"text_{locale}").data = text.get(locale, "")


class ImportForm(FlaskForm):
    """Import articles from a DOCX or TXT file in one language."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])
    language = SelectField(
        _l("Language of the document"),
        choices=[
            SelectChoice(code, ENDONYMS[code], render_kw={"lang": HTML_LANG[code]})
            for code in WRITING_LANGUAGES
        ],
    )


class AnswerForm(FlaskForm):
    """The municipality's answer to a comment, with its reason in one or more languages."""

    outcome = RadioField(
        _l("Answer"),
        choices=[
            SelectChoice("accepted", _l("Accepted")),
            SelectChoice("partly_accepted", _l("Partly accepted")),
            SelectChoice("rejected", _l("Rejected")),
        ],
        validators=[InputRequired(_l("Choose accepted, partly accepted or rejected."))],
    )
    reason_sq = TextAreaField(_l("Reason"), description=ENDONYMS["sq"], render_kw={"lang": "sq"})
    reason_sr_Latn = TextAreaField(
        _l("Reason"), description=ENDONYMS["sr_Latn"], render_kw={"lang": "sr-Latn"}
    )
    reason_bs = TextAreaField(_l("Reason"), description=ENDONYMS["bs"], render_kw={"lang": "bs"})
    reason_en = TextAreaField(_l("Reason"), description=ENDONYMS["en"], render_kw={"lang": "en"})

    def reasons(self) -> dict[str, str]:
        """`{locale: reason}` of the filled reason fields."""
        return {
            locale: getattr(self, f"reason_{locale}").data or ""
            for locale in ARTICLE_LOCALES
            if (getattr(self, f"reason_{locale}").data or "").strip()
        }


class HideForm(FlaskForm):
    """Hide a comment, with the moderator's reason."""

    reason = StringField(
        _l("Reason for hiding"),
        validators=[DataRequired(_l("Give the reason for hiding the comment.")), Length(max=500)],
    )


class SettingsForm(FlaskForm):
    """Per-consultation settings of a draft act."""

    allow_anonymous = BooleanField(_l("Allow anonymous comments"))


class ReviewForm(FlaskForm):
    """The chair marks a report received for the Assembly."""

    note = TextAreaField(_l("Note to the officers"), validators=[Optional(), Length(max=2000)])


AUDIENCE_CHOICES = [
    SelectChoice("general", _l("Everyone")),
    SelectChoice("village_council", _l("Village council")),
    SelectChoice("business", _l("Businesses")),
    SelectChoice("youth", _l("Young people")),
    SelectChoice("women", _l("Women")),
    SelectChoice("disability", _l("Persons with disabilities")),
    SelectChoice("cso", _l("Civil-society organisations")),
]


def _add_meeting_texts(form_class: type) -> type:
    for name, label in (("agenda", _l("Agenda")), ("minutes", _l("Minutes"))):
        for locale in ARTICLE_LOCALES:
            setattr(
                form_class,
                f"{name}_{locale}",
                TextAreaField(
                    label,
                    validators=[Optional(), Length(max=20000)],
                    description=ENDONYMS[locale],
                    render_kw={"lang": locale.replace("_", "-")},
                ),
            )
    return form_class


def _attendance(label) -> IntegerField:
    return IntegerField(
        label,
        default=0,
        validators=[Optional(), NumberRange(0, 100000, _l("Enter a number from 0 up."))],
    )


@_add_meeting_texts
class MeetingForm(FlaskForm):
    """A public meeting: date, time, place, local community, audience, agenda, minutes."""

    held_on = DateField(_l("Date of the meeting"), validators=[InputRequired(_l("Enter a date."))])
    starts_at = TimeField(_l("Starts at"), validators=[Optional()])
    place = StringField(
        _l("Place"), validators=[DataRequired(_l("Enter the place.")), Length(max=200)]
    )
    local_community_id = SelectField(_l("Local community"), coerce=int, validators=[Optional()])
    audience = SelectField(_l("Audience"), choices=AUDIENCE_CHOICES)
    announced_on = DateField(_l("Announced on"), validators=[Optional()])
    attendance_women = _attendance(_l("Women present"))
    attendance_men = _attendance(_l("Men present"))
    attendance_other = _attendance(_l("Others present"))

    def texts(self, name: str) -> dict[str, str]:
        """`{locale: text}` of the filled `agenda` or `minutes` fields."""
        found = {
            locale: (getattr(self, f"{name}_{locale}").data or "").strip()
            for locale in ARTICLE_LOCALES
        }
        return {locale: text for locale, text in found.items() if text}

    def fill(self, agenda: dict, minutes: dict) -> None:
        """Put a meeting's stored texts into the fields."""
        for locale in ARTICLE_LOCALES:
            getattr(self, f"agenda_{locale}").data = agenda.get(locale, "")
            getattr(self, f"minutes_{locale}").data = minutes.get(locale, "")

    def validate_announced_on(self, field) -> None:
        """A meeting cannot be announced after it is held."""
        if field.data and self.held_on.data and field.data > self.held_on.data:
            raise ValidationError(_l("The announcement cannot be after the meeting."))


class MeetingCommentForm(FlaskForm):
    """A proposal raised at a public meeting, recorded by an officer."""

    article_id = SelectField(_l("Comment on"), coerce=int)
    text = TextAreaField(
        _l("Proposal"), validators=[DataRequired(_l("Write your comment.")), Length(max=5000)]
    )
    language = SelectField(_l("Language"), choices=language_choices())
    speaker = StringField(_l("Who raised it (optional)"), validators=[Optional(), Length(max=200)])
    gender = SelectField(_l("Gender (optional, for statistics only)"), choices=GENDER_CHOICES)


class SubscriptionForm(FlaskForm):
    """Follow a directorate (or all) by e-mail."""

    email = EmailField(
        _l("Your e-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    directorate_id = SelectField(_l("Directorate"), coerce=int)


def _add_plan_titles(form_class: type) -> type:
    for locale in ARTICLE_LOCALES:
        setattr(
            form_class,
            f"title_{locale}",
            StringField(
                _l("Title"),
                validators=[Optional(), Length(max=300)],
                description=ENDONYMS[locale],
                render_kw={"lang": locale.replace("_", "-")},
            ),
        )
    return form_class


@_add_plan_titles
class PlanEntryForm(FlaskForm):
    """A line of the annual consultation plan."""

    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()])
    directorate_id = SelectField(_l("Responsible directorate"), coerce=int)
    quarter = SelectField(
        _l("Quarter"), coerce=int, choices=[SelectChoice(q, str(q)) for q in (1, 2, 3, 4)]
    )

    def titles(self) -> dict[str, str]:
        """`{locale: title}` of the filled title fields."""
        found = {
            locale: (getattr(self, f"title_{locale}").data or "").strip()
            for locale in ARTICLE_LOCALES
        }
        return {locale: text for locale, text in found.items() if text}


class PlanLinkForm(FlaskForm):
    """Link a plan entry to the consultation that carries it out."""

    consultation_id = SelectField(_l("Consultation"), coerce=int)
