"""Whole pages every reader sees alike, kept with the worker's copy of the data they show (issue
#23): a new voter's blank ballot (consult/polls/views.py, with the poll's copy), a survey's code
form, first page with no answer yet and thanks page (consult/surveys/views.py, with the
survey's copy). A copy lives in a dict of the data's copy, so it goes when that does (any
change to what it shows renews the data's revision).

As for the blank forms (consult/core/kept_forms.py), a page is kept with its CSRF token taken
out and each reader gets their own put back. It is kept only for a reader it may be the same
for (`same_for_every_reader`) and keyed by what else it shows (`reader_page_key`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from consult.core.kept_forms import SLOT, with_token
from consult.core.municipalities import offered_locales
from consult.i18n import current_locale
from consult.layout import same_for_every_reader, what_the_layout_shows


def kept_page(
    pages: dict, key: tuple, render: Callable[[], str], form: bool = True, most: int = 32
) -> Markup | str:
    """A whole page kept in `pages` (a dict that lives as long as the data it shows, e.g. a
    worker's copy of a poll), the same for every reader (`same_for_every_reader`), with this
    reader's CSRF token when it has a `form`: the copy under `key` with what `reader_page_key`
    names, else `render()`ed and kept while `pages` holds fewer than `most` copies. A page
    expected with a form that comes without this reader's token is shown and not kept."""
    if not same_for_every_reader():
        return render()
    key = (*key, *reader_page_key())
    token = generate_csrf() if form else ""
    kept = pages.get(key)
    if kept is None:
        html = str(render())
        if form and token not in html:
            return html  # no form this time after all: shown as it is, never kept
        kept = html.replace(token, SLOT) if form else html
        if len(pages) < most:
            pages[key] = kept
    return with_token(kept, token) if form else kept


def reader_page_key() -> tuple:
    """What a page kept for every reader depends on besides its own data: the language, the
    day, the address and host (the language links, absolute links), the languages offered and
    the layout (consult/layout.py)."""
    return (
        current_locale(),
        dt.date.today(),
        request.full_path,
        request.host_url,
        tuple(offered_locales()),
        *what_the_layout_shows(),
    )
