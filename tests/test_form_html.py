"""The widgets' attributes written by `consult.form_html` are WTForms' own, byte for byte."""

import pytest
from markupsafe import Markup
from wtforms import Form, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import core as widgets

from consult.form_html import WTFORMS_HTML_PARAMS, html_params

ATTACK = "\"><script>alert(1)</script><x a='b' c=&amp;"

CASES = [
    {},
    {"value": ATTACK},
    {"value": Markup('already "markup" <b>bold</b>')},
    {"class_": "field wide", "for_": "x", "data_user_name": "a_b", "aria_described_by": "h e"},
    {"required": True, "disabled": False, "checked": True, "readonly": False},
    {"value": None, "size": 0, "step": 1.5, "maxlength": 2000},
    {ATTACK: "name attack", "x<y": True},
    {"placeholder": "Shkruani këtu: ç, ë, Ђ, ş", "title": "&lt;already an entity"},
]


@pytest.mark.parametrize("attributes", CASES)
def test_the_attributes_are_wtforms_own(attributes):
    ours, theirs = html_params(**attributes), WTFORMS_HTML_PARAMS(**attributes)
    assert ours == theirs
    assert type(ours) is type(theirs) is Markup


class _Form(Form):
    name = StringField("Name")
    text = TextAreaField("Text")
    kind = SelectField("Kind", choices=[SelectChoice("a", "A <b>"), SelectChoice(ATTACK, ATTACK)])
    author = RadioField(
        "Author", choices=[SelectChoice("citizen", "Citizen"), SelectChoice(ATTACK, "Other")]
    )


def _rendered(form: _Form) -> list[str]:
    fields = (form.name, form.text, form.kind, form.author)
    return [str(f(placeholder=ATTACK, aria_describedby="h")) for f in fields]


def test_the_widgets_render_the_same_with_either(app, monkeypatch):
    """The app has installed ours (`create_app`); with WTForms' own the widgets write the
    same HTML, hostile values included."""
    assert widgets.html_params is html_params
    form = _Form(data={"name": ATTACK, "text": ATTACK, "kind": ATTACK, "author": ATTACK})
    ours = _rendered(form)
    monkeypatch.setattr(widgets, "html_params", WTFORMS_HTML_PARAMS)
    for widget in (widgets.Input, widgets.Button):
        monkeypatch.setattr(widget, "html_params", staticmethod(WTFORMS_HTML_PARAMS))
    assert _rendered(form) == ours
    assert "<script>" not in "".join(ours)


def test_no_widget_keeps_wtforms_own(app):
    """`Input` and `Button` hold the function as a class attribute of their own: each widget
    class, and each of its instances, writes with ours."""
    for widget in vars(widgets).values():
        if isinstance(widget, type) and hasattr(widget, "html_params"):
            assert widget.html_params is html_params, widget
    field = StringField("Name").bind(_Form(), "name")
    assert field.widget.html_params is html_params
