"""LimeSurvey survey structure files (.lss) read into a questionnaire plan: the two files in
lss_files/ are a LimeSurvey 6 export (Albanian and English, texts in the *_l10ns tables) and a
3.x one (Serbian in Cyrillic, English and German, texts inline, one row per language). Broken,
hostile and unsupported files are refused whole, each problem with its place."""

import re
from pathlib import Path

import pytest

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys import lss
from consult.surveys.interchange import read_questionnaire
from consult.surveys.lss import read_lss

FILES = Path(__file__).parent / "lss_files"
LS6 = (FILES / "citizen_survey_ls6.lss").read_bytes()
LS3 = (FILES / "staff_survey_ls3.lss").read_bytes()


def shape(plan) -> list[list[tuple]]:
    """Each section's questions as (key, type, required)."""
    return [[(q.key, q.type, q.required) for q in s.questions] for s in plan.sections]


def question(plan, key: str):
    return next(q for s in plan.sections for q in s.questions if q.key == key)


def said(items) -> list[tuple[str, str]]:
    """(where, message) of problems or notes, as the officer reads them in English."""
    return [(str(p.where), str(p.message)) for p in items]


def test_a_limesurvey_6_export_becomes_a_plan(ctx):
    result = read_lss(LS6)
    assert result.problems == []
    plan = result.plan
    assert plan.title == {"sq": "Anketa e qytetarëve 2025", "en": "Citizen survey 2025"}
    assert plan.locales == ["sq", "en"]
    assert shape(plan) == [
        [
            ("welcome", "note", False),
            ("visit", "single_choice", True),
            ("channels", "multiple_choice", False),
            ("age", "number", False),
            ("lastvisit", "date", False),
        ],
        [
            ("group2_intro", "note", False),
            ("intro2", "note", False),  # mandatory in the file, but a note asks nothing
            ("satisfaction", "likert_matrix", True),
            ("ideas", "long_text", False),
            ("priorities", "ranking", False),
            ("recommend", "single_choice", True),
        ],
        # asked depending on "recommend" on the same page: the group goes on on a new page
        [("recommendwhy", "short_text", False)],
    ]
    assert [s.title for s in plan.sections[1:]] == [
        {"sq": "Shërbimet komunale", "en": "Municipal services"}
    ] * 2
    visit = question(plan, "visit")
    assert visit.text == {
        "sq": "A e keni vizituar komunën?",
        "en": "Have you visited the municipal office?",
    }
    assert visit.options[0] == ("a1", {"sq": "Po, këtë vit", "en": "Yes, this year"})
    channels = question(plan, "channels")
    assert (channels.min_value, channels.max_value) == (1, 2)
    assert channels.hint == {"sq": "Zgjidhni deri në dy.", "en": "Choose up to two."}
    assert [c for c, _label in channels.options] == ["sq001", "sq002", "sq003"]
    age = question(plan, "age")
    assert (age.min_value, age.max_value) == (16, 99)
    assert question(plan, "intro2").text["en"] == "The next questions are about services."
    satisfaction = question(plan, "satisfaction")
    assert satisfaction.statements == [
        ("sq001", {"sq": "Pastërtia", "en": "Cleanliness"}),
        ("sq002", {"sq": "Orari i punës", "en": "Opening hours"}),
    ]
    # the conditions table: two conditions on one question in one scenario are ORed
    assert satisfaction.show_if == {"question": "visit", "operator": "in", "values": ["a1", "a2"]}
    # a relevance equation on the subquestions of a multiple choice, joined by "or"
    assert question(plan, "ideas").show_if == {
        "question": "channels",
        "operator": "in",
        "values": ["sq002", "sq003"],
    }
    assert [c for c, _label in question(plan, "priorities").options] == ["p1", "p2", "p3"]
    recommend = question(plan, "recommend")
    assert recommend.options == [
        ("y", {"sq": "Po", "sr_Latn": "Da", "bs": "Da", "en": "Yes"}),
        ("n", {"sq": "Jo", "sr_Latn": "Ne", "bs": "Ne", "en": "No"}),
    ]
    assert question(plan, "recommendwhy").show_if == {
        "question": "recommend",
        "operator": "in",
        "values": ["n"],
    }
    notes = said(plan.left_out)
    group = "Për ju"
    assert (f"question Visit in the group “{group}”", "Settings left out: random_order.") in notes
    assert (
        f"question Channels in the group “{group}”",
        "The “Other” option with its text box was left out.",
    ) in notes
    assert any("split into more pages" in message for _where, message in notes)
    # a look-only setting (cssclass) and a setting that is not set are no news to the officer
    assert not any("cssclass" in m or "em_validation_q" in m for _w, m in notes)


def test_a_limesurvey_3_export_with_cyrillic_serbian_becomes_a_plan(ctx):
    result = read_lss(LS3)
    assert result.problems == []
    plan = result.plan
    assert plan.locales == ["sr_Latn", "en"]
    assert plan.title == {"sr_Latn": "Anketa zaposlenih", "en": "Staff survey"}
    assert shape(plan) == [
        [
            ("often", "single_choice", True),
            ("tools", "multiple_choice", False),
            ("gender", "single_choice", False),
        ],
        [
            ("teams", "likert", False),
            ("climate", "likert_matrix", True),
            ("comments", "long_text", False),
            ("contact_phone", "short_text", False),
            ("contact_email", "short_text", False),
        ],
    ]
    often = question(plan, "often")
    assert often.text == {
        "sr_Latn": "Koliko često koristite imejl?",
        "en": "How often do you use e-mail?",
    }
    assert often.options[1] == ("w2", {"sr_Latn": "Nedeljno", "en": "Weekly"})
    assert question(plan, "tools").max_value == 2
    assert [c for c, _label in question(plan, "gender").options] == ["female", "male"]
    # a condition on a multiple choice's subquestion (SGQA field name + code, value Y)
    assert question(plan, "teams").show_if == {
        "question": "tools",
        "operator": "in",
        "values": ["sq002"],
    }
    assert question(plan, "teams").text["sr_Latn"] == "Ocenite Teams"
    # two scenarios, each one equality on the same question: ORed
    assert question(plan, "climate").show_if == {
        "question": "often",
        "operator": "in",
        "values": ["w1", "w2"],
    }
    assert question(plan, "climate").hint == {
        "sr_Latn": "Jedna ocena po redu.",
        "en": "One rating per row.",
    }
    assert question(plan, "contact_email").text == {
        "sr_Latn": "Vaš kontakt — Imejl",
        "en": "Your contact — E-mail",
    }
    texts = [q.text for s in plan.sections for q in s.questions]
    assert not any("de" in t for t in texts)  # German left out
    notes = said(plan.left_out)
    assert (
        "the file",
        "The texts in the language “de” were left out: the site is in Albanian, Serbian, "
        "Bosnian and English.",
    ) in notes
    assert any("Score" in where and "equation" in message for where, message in notes)
    assert any("maximum_chars" in message for _where, message in notes)


def test_latin_serbian_is_kept_and_cyrillic_beside_it_left_out(ctx):
    data = LS6.replace(b"[CDATA[en]]", b"[CDATA[sr-Latn]]").replace(
        b"<language>en</language>", b"<language>sr-Latn</language>"
    )
    data = data.replace(
        b"<language>sq</language>", b"<language>sq</language>\n  <language>sr</language>"
    )
    plan = read_lss(data).plan
    assert plan.locales == ["sq", "sr_Latn"]
    assert question(plan, "visit").text["sr_Latn"] == "Have you visited the municipal office?"
    assert any("Cyrillic" in message for _w, message in said(plan.left_out))


def test_messages_are_in_the_officers_language(app):
    with app.test_request_context("/?lang=sq"):
        problems = read_lss(b"<html><body>no</body></html>").problems
        assert str(problems[0].message) != (
            "The file is not a LimeSurvey survey structure file (.lss)."
        )
        assert "LimeSurvey" in str(problems[0].message)


def _swap_type(data: bytes, title: str, new_type: str) -> bytes:
    """The file with question `title`'s type changed."""
    pattern = rb"(<type><!\[CDATA\[)[^\]]*(\]\]></type>\s*<title><!\[CDATA\[" + title.encode()
    changed, count = re.subn(pattern + rb"\]\]>)", rb"\g<1>" + new_type.encode() + rb"\g<2>", data)
    assert count >= 1
    return changed


@pytest.mark.parametrize(
    ("title", "lime_type", "message"),
    [
        ("Age", "K", "several number boxes"),
        ("Age", "|", "question type “|” cannot be imported"),
        ("Satisfaction", "B", "This kind of array cannot be imported"),
    ],
)
def test_an_unsupported_question_stops_the_whole_import(ctx, title, lime_type, message):
    result = read_lss(_swap_type(LS6, title, lime_type))
    assert result.plan is None
    group = "Për ju" if title == "Age" else "Shërbimet komunale"
    assert [(w, m) for w, m in said(result.problems) if message in m] == [
        (f"question {title} in the group “{group}”", m)
        for _w, m in said(result.problems)
        if message in m
    ]
    assert any(message in m for _w, m in said(result.problems))


def test_an_array_not_on_five_points_is_refused(ctx):
    # drop the fifth point of "Satisfaction" (answers 15)
    data = re.sub(rb"<row>\s*<aid><!\[CDATA\[15\]\]></aid>.*?</row>", b"", LS6, count=1, flags=re.S)
    result = read_lss(data)
    assert result.plan is None
    assert said(result.problems) == [
        (
            "question Satisfaction in the group “Shërbimet komunale”",
            "An array with 4 answers cannot be imported: only arrays on a 5-point scale can "
            "(they become the agreement scale).",
        )
    ]


def _condition(data: bytes, row: str) -> bytes:
    """The file with one more row in the conditions table."""
    return data.replace(b"  </rows>\n </conditions>", row.encode() + b"\n  </rows>\n </conditions>")


def test_conditions_on_two_questions_at_once_are_refused(ctx):
    # Satisfaction: visit is A1 (scenario 1) AND age... (another question, same scenario)
    row = (
        "<row><cid>9</cid><qid>106</qid><cqid>103</cqid><cfieldname>845213X10X103</cfieldname>"
        "<method>&gt;=</method><value>18</value><scenario>1</scenario></row>"
    )
    result = read_lss(_condition(LS6, row))
    assert result.plan is None
    assert said(result.problems) == [
        (
            "question Satisfaction in the group “Shërbimet komunale”",
            "The condition looks at more than one question; only a condition on one earlier "
            "question can be imported.",
        )
    ]


@pytest.mark.parametrize(
    "equation",
    [
        'Channels_SQ002.NAOK == "Y" and Visit.NAOK == "A1"',
        "count(Channels) > 1",
        'Visit.NAOK == "A9"',  # an answer the question does not have
        'Intro2 == "x"',  # a note has no answer to look at
        'Recommend.NAOK == "Y"',  # a question asked later
        "Age.NAOK > 18",
        'Channels_SQ002.shown == "Y"',
    ],
)
def test_relevance_equations_beyond_the_simple_shape_are_refused(ctx, equation):
    original = b'Channels_SQ002.NAOK == "Y" or Channels_SQ003.NAOK == "Y"'
    assert original in LS6
    result = read_lss(LS6.replace(original, equation.encode()))
    assert result.plan is None
    assert [where for where, _message in said(result.problems)] == [
        "question Ideas in the group “Shërbimet komunale”"
    ]


def test_a_number_condition_and_a_not_equal_one_are_kept(ctx):
    original = b'Channels_SQ002.NAOK == "Y" or Channels_SQ003.NAOK == "Y"'
    plan = read_lss(LS6.replace(original, b"Age.NAOK >= 18")).plan
    assert question(plan, "ideas").show_if == {"question": "age", "operator": "gte", "values": [18]}
    plan = read_lss(LS6.replace(original, b"(Visit != 'A3')")).plan
    assert question(plan, "ideas").show_if == {
        "question": "visit",
        "operator": "not_in",
        "values": ["a3"],
    }


def test_a_survey_in_languages_we_do_not_serve_is_refused(ctx):
    data = LS6.replace(b"[CDATA[en]]", b"[CDATA[de]]").replace(b"[CDATA[sq]]", b"[CDATA[fr]]")
    data = data.replace(b"<language>en</language>", b"<language>de</language>")
    data = data.replace(b"<language>sq</language>", b"<language>fr</language>")
    result = read_lss(data)
    assert result.plan is None
    assert said(result.problems) == [
        (
            "the file",
            "The survey has no texts in Albanian, Serbian, Bosnian or English, so it cannot be "
            "imported.",
        )
    ]


def test_markup_in_the_texts_is_left_as_plain_text(ctx):
    hostile = (
        "<![CDATA[<script>alert(1)</script><p>Hello <b>there</b></p>"
        '<img src=x onerror="alert(2)"><style>p{}</style>&lt;i&gt; {TOKEN:FIRSTNAME}]]>'
    )
    data = LS6.replace(
        b"<![CDATA[<p>Have you visited the municipal office?</p>]]>", hostile.encode()
    )
    plan = read_lss(data).plan
    assert question(plan, "visit").text["en"] == "Hello there\n<i> {TOKEN:FIRSTNAME}"
    notes = said(plan.left_out)
    where = "question Visit in the group “Për ju”"
    assert (where, "A picture or other media in the text was left out.") in notes
    assert any(w == where and "placeholders in braces" in m for w, m in notes)


def test_a_code_that_cannot_be_a_key_is_a_problem_with_its_place(ctx):
    data = LS6.replace(b"<title><![CDATA[Age]]>", b"<title><![CDATA[<b>Age</b>]]>")
    result = read_lss(data)
    assert result.plan is None
    assert any("cannot be a question key" in m for _w, m in said(result.problems))


FILE_PROBLEMS = [
    (b"", "The file is empty."),
    (LS6[: len(LS6) // 2], "is not well-formed XML"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "is not well-formed XML"),
    (b"<?xml version='1.0'?><html><body>no</body></html>", "is not a LimeSurvey survey"),
    (
        LS6.replace(b"<LimeSurveyDocType>Survey<", b"<LimeSurveyDocType>Group<"),
        "a part of a survey",
    ),
    (LS6.replace(b"<LimeSurveyDocType>Survey</LimeSurveyDocType>", b""), "is not a LimeSurvey"),
    (
        b"<document><LimeSurveyDocType>Survey</LimeSurveyDocType><a><b><c><d><e>x</e></d></c>"
        b"</b></a></document>",
        "is not a LimeSurvey survey",
    ),
]


@pytest.mark.parametrize(("data", "message"), FILE_PROBLEMS)
def test_files_that_are_not_surveys_are_refused_with_a_reason(ctx, data, message):
    result = read_lss(data)
    assert result.plan is None
    assert len(result.problems) == 1
    assert str(result.problems[0].where) == "the file"
    assert message in str(result.problems[0].message)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE document [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<document><LimeSurveyDocType>Survey</LimeSurveyDocType><surveys_languagesettings><rows><row>
<surveyls_title>&i;</surveyls_title></row></rows></surveys_languagesettings></document>
"""


def test_a_billion_laughs_is_refused_before_anything_expands(ctx):
    result = read_lss(BILLION_LAUGHS)
    assert result.plan is None
    assert "declares a document type or entities" in str(result.problems[0].message)


def test_an_external_entity_is_never_read(ctx, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = LS6.replace(
        b'<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE document [<!ENTITY x SYSTEM '
        f'"file://{secret}">]>'.encode(),
    ).replace(b"<![CDATA[Citizen survey 2025]]>", b"&x;")
    result = read_lss(data)
    assert result.plan is None
    assert "TOP-SECRET" not in repr(result)
    assert "declares a document type or entities" in str(result.problems[0].message)


def test_a_50_mb_file_is_refused_by_its_size(ctx):
    data = LS6 + b" " * (50 * 1024 * 1024)
    result = read_lss(data)
    assert result.plan is None
    assert said(result.problems) == [("the file", "The file is larger than 5 MB.")]


def test_too_many_rows_are_refused(ctx, monkeypatch):
    monkeypatch.setattr(lss, "MAX_ROWS", 20)
    result = read_lss(LS6)
    assert result.plan is None
    assert "holds more than an import reads at once" in str(result.problems[0].message)


def test_the_upload_reader_sends_lss_files_here(ctx):
    assert shape(read_questionnaire(LS6, "Survey_845213.LSS").plan) == shape(read_lss(LS6).plan)


def test_a_plan_builds_the_questionnaire(app, client, make_consultation):
    """End to end: the LimeSurvey 6 file becomes a survey people can open."""
    from consult.surveys.interchange import build_from_plan

    consultation_id = make_consultation(kind="survey")
    with app.test_request_context("/?lang=en"):
        survey = build_from_plan(
            db.session.get(Consultation, consultation_id), read_lss(LS6).plan, "citizen", 2025
        )
        db.session.commit()
        survey_id = survey.id
        by_key = {q.key: q for q in survey.questions}
        assert [len(s.questions) for s in survey.sections] == [5, 6, 1]
        assert by_key["lastvisit"].type == "date"
        assert by_key["satisfaction"].show_if["values"] == ["a1", "a2"]
        assert [s.key for s in by_key["satisfaction"].statements] == ["sq001", "sq002"]
    page = client.get(f"/surveys/{survey_id}/take?lang=en").get_data(as_text=True)
    assert "Thank you for taking part." in page
    assert 'type="date"' in page
