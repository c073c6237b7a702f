"""/styleguide (issue #18): every macro of the design system, for administrators (or in debug
mode) only, in every locale; and the status tag's "N days left"."""

import datetime as dt
from types import SimpleNamespace

import lxml.html
import pytest
from flask import render_template_string

from consult.i18n import LOCALES

#: the English of the strings the style guide and the status tags added
NEW_ENGLISH = (
    "Style guide",
    "Every building block of the public pages, with sample data.",
    "Colours",
    "Status tags",
    "Buttons",
    "Form fields",
    "days left",
    "day left",
    "Last day",
)


def test_the_style_guide_is_hidden_from_the_public_and_officers(client, login):
    assert client.get("/styleguide").status_code == 404
    login("officer")
    assert client.get("/styleguide").status_code == 404


def test_the_style_guide_is_open_in_debug_mode(app, client):
    app.debug = True
    try:
        assert client.get("/styleguide").status_code == 200
    finally:
        app.debug = False


@pytest.mark.parametrize("locale", LOCALES)
def test_an_administrator_sees_the_style_guide_in_every_locale(client, login, locale):
    login("admin")
    response = client.get(f"/styleguide?lang={locale}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for macro_output in (
        'class="tag tag-open"',
        'class="tag tag-reported"',
        "error-summary",
        'type="radio"',
        'type="checkbox"',
        "button-secondary",
        'id="title_sq"',
        'aria-current="step"',
        'class="receipt"',
        'class="tile tile-alert"',
    ):
        assert macro_output in html
    if locale != "en":
        left = [text for text in NEW_ENGLISH if text in html]
        assert left == [], (locale, left)


def _tag(app, locale: str, **consultation) -> str:
    today = dt.date(2026, 3, 10)
    sample = SimpleNamespace(**consultation)
    with app.test_request_context(f"/?lang={locale}"):
        return render_template_string(
            '{% from "macros/design.html" import status_tag %}{{ status_tag(c, today) }}',
            c=sample,
            today=today,
        )


def test_the_status_tag_counts_the_days_left(app):
    day = dt.timedelta(days=1)
    today = dt.date(2026, 3, 10)
    open_ = _tag(app, "en", status="open", opens_at=today - day, closes_at=today + 5 * day)
    assert "Open" in open_ and "5 days left" in open_
    one = _tag(app, "en", status="open", opens_at=today - day, closes_at=today + day)
    assert "1 day left" in one
    last = _tag(app, "en", status="open", opens_at=today - day, closes_at=today)
    assert "Last day" in last and "day left" not in last
    closed = _tag(app, "en", status="closed", opens_at=today - 9 * day, closes_at=today - day)
    assert "Closed" in closed and "day left" not in closed and "Last day" not in closed
    past = _tag(app, "en", status="open", opens_at=today - 9 * day, closes_at=today - day)
    assert "day left" not in past and "Last day" not in past
    announced = _tag(app, "en", status="announced", opens_at=today + day, closes_at=today + 9 * day)
    assert "Announced" in announced and "day left" not in announced


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def test_the_days_left_are_translated(app, locale):
    today = dt.date(2026, 3, 10)
    for days in (0, 1, 2, 5, 21):
        html = _tag(
            app, locale, status="open", opens_at=today, closes_at=today + dt.timedelta(days=days)
        )
        assert not any(text in html for text in ("day left", "days left", "Last day")), html
        if days:
            assert str(days) in html


def test_a_radio_group_or_check_box_list_is_a_fieldset_with_its_question_as_legend(app):
    """field() puts a group of options in a fieldset whose legend is the question (a screen
    reader says it with each option) and its error under the group; a single field keeps its
    label."""
    from consult.public.styleguide import sample_form

    with app.test_request_context("/?lang=en"):
        form = sample_form()
        form.gender.errors = ["Choose one."]
        html = render_template_string(
            '{% from "macros/forms.html" import field %}'
            "{{ field(form.gender, hint='As you wish.') }}{{ field(form.statuses) }}"
            "{{ field(form.name) }}",
            form=form,
        )
    page = lxml.html.fragment_fromstring(html, create_parent="div")
    fieldsets = page.xpath("./fieldset")
    assert [f.xpath("string(./legend)") for f in fieldsets] == ["Gender", "Status"]
    gender = fieldsets[0]
    assert gender.get("aria-describedby") == "gender-hint gender-error"
    assert gender.xpath(".//input[@type='radio']") and gender.xpath(".//ul[@class='errors']")
    assert not page.xpath("//label[@for='gender']") and not page.xpath("//label[@for='statuses']")
    assert page.xpath("//label[@for='name']")
