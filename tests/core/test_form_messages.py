"""WTForms' and Flask-WTF's own messages are in the app's catalogue and translated into every
language of the site; tests/test_robustness.py checks every form's page for them."""

import ast
from pathlib import Path

import flask_wtf
import pytest
import wtforms
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

from consult.core.form_messages import FORM_MESSAGES, MESSAGES, PLURAL_MESSAGES

TRANSLATED_LOCALES = ("sq", "sr_Latn", "sr", "bs")


def library_messages() -> set:
    """Every message the installed WTForms and Flask-WTF pass to gettext or ngettext, read
    from their source: singular messages, and (singular, plural) pairs."""
    found: set = set()
    for package in (wtforms, flask_wtf):
        for path in Path(package.__file__).parent.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
                if name == "gettext" and texts and isinstance(texts[0], str):
                    found.add(texts[0])
                elif name == "ngettext" and len(texts) >= 2:
                    found.add((texts[0], texts[1]))
    return found


def test_the_catalogue_lists_every_message_the_libraries_can_show(app):
    with app.test_request_context("/?lang=en"):
        listed = {str(message) for message in MESSAGES} | set(PLURAL_MESSAGES)
    assert library_messages() - listed == set()


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_every_message_is_translated(app, locale):
    with app.test_request_context("/?lang=en"):
        english = [str(message) for message in MESSAGES]
    with app.test_request_context(f"/?lang={locale}"):
        untranslated = [text for text in english if FORM_MESSAGES.ugettext(text) == text]
        for singular, plural in PLURAL_MESSAGES:
            for count in (1, 2, 5, 21):
                said = FORM_MESSAGES.ungettext(singular, plural, count)
                if said in (singular, plural):
                    untranslated.append((singular, count))
    assert untranslated == []


class _Form(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(validators=[DataRequired(), Length(min=3, max=5)])
    count = IntegerField(validators=[NumberRange(min=1, max=9)])
    day = DateField()
    colour = SelectField(choices=[SelectChoice("red", "red")])


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("sq", ["Kjo fushë është e detyrueshme.", "Numër i plotë i pavlefshëm."]),
        ("sr_Latn", ["Ovo polje je obavezno.", "Neispravan ceo broj."]),
        ("sr", ["Ово поље је обавезно.", "Неисправан цео број."]),
        ("bs", ["Ovo polje je obavezno.", "Neispravan cijeli broj."]),
    ],
)
def test_a_refused_form_speaks_the_readers_language(app, locale, expected):
    data = {"name": "", "count": "ж", "day": "2026-02-30", "colour": "blue"}
    with app.test_request_context(f"/?lang={locale}", method="POST", data=data):
        app.preprocess_request()
        form = _Form()
        assert not form.validate()
        assert form.name.errors[0] == expected[0]
        assert form.count.errors[0] == expected[1]
        assert form.colour.errors[0] != "Not a valid choice."
        assert form.day.errors[0] != "Not a valid date value."
