"""WTForms' HTML attributes written without `string.Formatter`.

Every WTForms widget writes its attributes with `wtforms.widgets.core.html_params`, which
builds each `name="value"` pair with `Markup.format`: pure-Python formatting, some 40 times
for the comment form of a draft act's page (a tenth of the page's time). `html_params` below
writes the same bytes (the same order, the same escaping of names and values, `True` as a bare
name, `False` left out) with one f-string per attribute; `install_html_params` puts it in
place of WTForms' own for every widget. `tests/test_form_html.py` compares the two on hostile
names and values.
"""

from markupsafe import Markup, escape
from wtforms.widgets import core as widgets

#: WTForms' own, kept to compare against and to put back
WTFORMS_HTML_PARAMS = widgets.html_params


def html_params(**kwargs: object) -> Markup:
    """`name="value"` pairs sorted by name, as WTForms writes them: names cleaned
    (`class_` → `class`, `data_x_y` → `data-x-y`) and escaped, values escaped with `"`
    written `&quot;` where a value is markup already."""
    params = []
    for key, value in sorted(kwargs.items()):
        name = escape(widgets.clean_key(key))
        if value is True:
            params.append(str(name))
        elif value is not False:
            params.append(f'{name}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))  # noqa: S704  # nosec B704  names and values escaped


def install_html_params() -> None:
    """Every WTForms widget writes its attributes with `html_params` above: most look the
    function up in their module when they render, and `Input` (the base of every `<input>`)
    and `Button` keep it as a class attribute of their own."""
    widgets.html_params = html_params
    for widget in _widget_classes():
        if widget.__dict__.get("html_params") is not None:
            widget.html_params = staticmethod(html_params)


def _widget_classes() -> list[type]:
    return [value for value in vars(widgets).values() if isinstance(value, type)]
