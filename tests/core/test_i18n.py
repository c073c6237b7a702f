"""Languages: locale choice, user content with a visible fallback, Serbian scripts."""

import pytest

from consult.i18n import has_language, localize, missing_languages, to_cyrillic, to_latin


def test_serbian_latin_becomes_cyrillic_with_digraphs():
    assert to_cyrillic("Ljubožda, njiva, džamija") == "Љубожда, њива, џамија"


def test_transliteration_leaves_placeholders_markup_and_acronyms_alone():
    text = 'Fajl %(name)s ima <a href="/x">PDF</a> i {count} stranica, info@istog.example'
    converted = to_cyrillic(text)
    for kept in ("%(name)s", '<a href="/x">', "PDF", "{count}", "info@istog.example"):
        assert kept in converted
    assert "Фајл" in converted
    assert to_latin(converted) == text


def test_content_in_the_readers_language_is_not_marked():
    shown = localize({"sq": "Buxheti", "en": "Budget"}, "en")
    assert (shown.text, shown.is_fallback) == ("Budget", False)


def test_missing_language_falls_back_to_albanian_visibly():
    shown = localize({"sq": "Buxheti", "en": "Budget"}, "bs")
    assert shown.text == "Buxheti" and shown.locale == "sq" and shown.is_fallback


def test_serbian_written_in_latin_is_shown_in_cyrillic_without_marker():
    shown = localize({"sq": "Buxheti", "sr_Latn": "Budžet"}, "sr")
    assert shown.text == "Буџет" and not shown.is_fallback


def test_serbian_written_in_cyrillic_is_shown_in_latin():
    assert localize({"sr": "Буџет"}, "sr_Latn").text == "Budžet"


def test_serbian_counts_as_present_in_either_script(ctx):
    assert has_language({"sr": "Буџет"}, "sr") and has_language({"sr_Latn": "Budžet"}, "sr")
    assert missing_languages({"sq": "a", "sr_Latn": "b"}, ["sq", "sr", "bs"]) == ["bs"]


def test_fallback_marker_is_shown_on_the_page(client, make_consultation):
    consultation_id = make_consultation(title={"sq": "Vetëm shqip"})
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert '<span lang="sq">Vetëm shqip</span>' in page
    assert "(shown in Albanian)" in page


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ("?lang=bs", "sr", 'lang="bs"'),
        ("", "sr-Latn,sr;q=0.8", 'lang="sr-Latn"'),
        ("", "en-GB,en;q=0.9", 'lang="en"'),
        ("", "de-DE", 'lang="sq"'),
        ("?lang=xx", "", 'lang="sq"'),
    ],
)
def test_locale_comes_from_query_then_accept_language_then_default(client, query, header, expected):
    page = client.get(f"/{query}", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f"<html {expected}>" in page


def test_chosen_language_is_remembered_in_the_session(client):
    client.get("/?lang=sr")
    assert '<html lang="sr-Cyrl">' in client.get("/").get_data(as_text=True)


def test_every_page_has_a_language_switcher(client, make_consultation):
    consultation_id = make_consultation()
    for url in ("/", f"/consultations/{consultation_id}", "/login", "/missing"):
        page = client.get(url).get_data(as_text=True)
        for name in ("Shqip", "Srpski (latinica)", "Српски (ћирилица)", "Bosanski", "English"):
            assert name in page, (url, name)
