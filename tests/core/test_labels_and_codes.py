"""People never see internal codes (#16 part 7): rule ids, sectors, survey conditions,
directorate codes, markup in page titles and money written two ways."""

import pathlib
import re

import pytest

from consult.core.labels import SECTOR_LABELS, sector_label
from consult.core.money import cents_to_money, money
from consult.core.rule_names import RULE_NAMES, rule_name
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.surveys.conditions import describe_condition
from consult.surveys.models import Option, Question, Survey

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULE_ID = re.compile(r"[\"'((](?:MS|BH|CP|SV|LANG)-[A-Z]+(?:-[A-Z]+)*[\"')]")


def test_every_rule_id_in_the_code_has_a_name():
    found = set()
    for path in (ROOT / "consult").rglob("*.py"):
        found |= {m.group(0)[1:-1] for m in RULE_ID.finditer(path.read_text(encoding="utf-8"))}
    found -= {"LANG-SCRIPT"}  # a rule of the translation, not a minimum standard
    assert found, "no rule id found: the pattern is wrong"
    assert found <= set(RULE_NAMES), sorted(found - set(RULE_NAMES))


def test_rule_names_are_translated_and_unknown_ids_stay(app):
    with app.test_request_context("/?lang=sq"):
        assert rule_name("MS-ANSWER") == "Përgjigje për çdo koment"
        assert rule_name("XX-NEW") == "XX-NEW"
    with app.test_request_context("/?lang=en"):
        assert rule_name("MS-PLAN") == "Annual plan"


def test_the_findings_macro_shows_the_name_and_the_id_small(app):
    from flask import render_template_string

    template = (
        '{% from "macros/standards.html" import findings_table %}'
        '{{ findings_table(findings, "Findings", "f") }}'
    )

    class Finding:
        rule_id, severity, message, due, audit_id = "MS-ANSWER", "warn", "m", None, None

    with app.test_request_context("/?lang=en"):
        html = render_template_string(template, findings=[Finding()])
    assert "An answer to every comment" in html
    assert '<span translate="no" class="muted">MS-ANSWER</span>' in html


def test_sectors_have_labels_and_unknown_values_show_as_stored(app):
    with app.test_request_context("/?lang=sq"):
        assert sector_label("youth") not in ("", "youth")
        assert sector_label("business") == "Biznes dhe ekonomi"
        assert sector_label("a sector of our own") == "a sector of our own"
        assert sector_label("") == ""
    assert {"youth", "women", "business"} <= set(SECTOR_LABELS)


def test_the_organisation_list_shows_the_sector_label(app, client, login):
    with app.app_context():
        db.session.add_all(
            [
                Organisation(
                    name="A",
                    registration_number="1",
                    sector="business",
                    contact_email="a@x.example",
                ),
                Organisation(
                    name="B",
                    registration_number="2",
                    sector="old free text",
                    contact_email="b@x.example",
                ),
            ]
        )
        db.session.commit()
    login("officer")
    page = client.get("/manage/organisations?lang=en").get_data(as_text=True)
    assert "<td>Business and economy</td>" in page
    assert "<td>old free text</td>" in page
    assert "<td>business</td>" not in page


def _survey() -> Question:
    survey = Survey(audience="staff", year=2026)
    attended = Question(
        key="staff_meetings_attended",
        type="number",
        text={"en": "How many staff meetings did you attend?", "sq": "Sa takime keni ndjekur?"},
    )
    often = Question(
        key="how_often",
        type="single_choice",
        text={"en": "How often do you meet?"},
        options=[
            Option(value="weekly", label={"en": "Every week"}, position=1),
            Option(value="monthly", label={"en": "Every month"}, position=2),
        ],
    )
    later = Question(key="later", type="long_text", text={"en": "Why?"})
    survey.questions = [attended, often, later]
    return later


@pytest.mark.parametrize(
    ("condition", "sentence"),
    [
        (
            {"question": "staff_meetings_attended", "operator": "gte", "values": [1]},
            "Shown if the answer to “How many staff meetings did you attend?” is at least 1",
        ),
        (
            {"question": "staff_meetings_attended", "operator": "lte", "values": ["1500"]},
            "Shown if the answer to “How many staff meetings did you attend?” is at most 1,500",
        ),
        (
            {"question": "how_often", "operator": "in", "values": ["weekly"]},
            "Shown if the answer to “How often do you meet?” is “Every week”",
        ),
        (
            {"question": "how_often", "operator": "in", "values": ["weekly", "monthly"]},
            "Shown if the answer to “How often do you meet?” is one of “Every week”, “Every month”",
        ),
        (
            {"question": "how_often", "operator": "not_in", "values": ["weekly"]},
            "Shown if the answer to “How often do you meet?” is not “Every week”",
        ),
        (
            {"question": "how_often", "operator": "not_in", "values": ["weekly", "gone"]},
            "Shown if the answer to “How often do you meet?” is none of “Every week”, “gone”",
        ),
        (
            {"question": "how_often", "operator": "answered", "values": []},
            "Shown if “How often do you meet?” is answered",
        ),
    ],
)
def test_a_condition_is_a_sentence(app, condition, sentence):
    question = _survey()
    question.show_if = condition
    with app.test_request_context("/?lang=en"):
        assert describe_condition(question) == sentence


def test_a_condition_in_albanian_uses_no_code(app):
    question = _survey()
    question.show_if = {"question": "staff_meetings_attended", "operator": "gte", "values": [1]}
    with app.test_request_context("/?lang=sq"):
        text = describe_condition(question)
    assert "Sa takime keni ndjekur?" in text
    assert "staff_meetings_attended" not in text and "gte" not in text


def test_money_has_one_format_per_locale(app):
    with app.test_request_context("/?lang=en"):
        assert money(7_280_000) == "€7,280,000"
        assert cents_to_money(30_000_000) == "€300,000"
        assert money(300_000, signed=True) == "+€300,000"
    with app.test_request_context("/?lang=sr_Latn"):
        assert money(7_280_000) == "7.280.000\u00a0€"
    with app.test_request_context("/?lang=sq"):
        from flask import render_template_string

        macro = '{% from "polls/_money.html" import money %}{{ money(300000, poll) }}'

        class Poll:
            currency = "EUR"

        assert render_template_string(macro, poll=Poll()) == money(300_000)
        assert money(None) == ""


def test_money_kept_per_worker_still_follows_the_reader_and_the_currency(app):
    """The worker keeps each amount's text (consult.core.money._formatted): the same amount
    read in another language, in another currency or with decimals is written anew."""
    from decimal import Decimal

    for _round in range(2):
        with app.test_request_context("/?lang=en"):
            assert money(1_500) == "€1,500"
            assert money(1_500, "PLN") == "PLN1,500"
            assert money(Decimal("1500.5")) == "€1,500.50"
            assert money(1_500.0) == "€1,500"
        with app.test_request_context("/?lang=sq"):
            assert money(1_500) == "1\u00a0500\u00a0€"
            assert money(Decimal("1500.25")) == "1\u00a0500,25\u00a0€"
        with app.test_request_context("/?lang=sr"):
            assert money(1_500) == "1.500\u00a0€"


TITLE_BLOCK = re.compile(r"{%-?\s*block title\s*-?%}(.*?){%-?\s*endblock", re.S)


def test_no_title_block_uses_a_markup_filter():
    """`|date` gives `<time>`, `|content` a `<span>`: page titles take plain text only."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        for block in TITLE_BLOCK.findall(path.read_text(encoding="utf-8")):
            if re.search(r"\|\s*(date|content|paragraphs)\b", block):
                offenders.append(f"{path.relative_to(ROOT)}: {block}")
    assert not offenders, offenders


@pytest.mark.parametrize("lang", ["sq", "sr_Latn", "en"])
def test_rendered_titles_are_plain_text(client, make_consultation, lang):
    consultation_id = make_consultation()
    for url in ("/", f"/consultations/{consultation_id}", "/plan"):
        response = client.get(f"{url}?lang={lang}")
        if response.status_code != 200:
            continue
        page = response.get_data(as_text=True)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "<" not in title, (url, title)
