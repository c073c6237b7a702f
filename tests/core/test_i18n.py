"""Languages: locale choice, user content with a visible fallback, Serbian scripts."""

import html
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from consult.i18n import (
    _PROTECTED,
    has_language,
    localize,
    missing_languages,
    to_cyrillic,
    to_latin,
)

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def test_serbian_latin_becomes_cyrillic_with_digraphs():
    assert to_cyrillic("Ljubožda, njiva, džamija") == "Љубожда, њива, џамија"


def test_transliteration_leaves_placeholders_markup_and_acronyms_alone():
    text = 'Fajl %(name)s ima <a href="/x">PDF</a> i {count} stranica, info@istog.example'
    converted = to_cyrillic(text)
    for kept in ("%(name)s", '<a href="/x">', "PDF", "{count}", "info@istog.example"):
        assert kept in converted
    assert "Фајл" in converted
    assert to_latin(converted) == text


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Unesite kod K7QF-2M9C-XD4P", "Унесите код K7QF-2M9C-XD4P"),
        ("Microsoft Teams olakšava rad, Viber grupe", "Microsoft Teams олакшава рад, Viber групе"),
        ("Kolona personal_number je obavezna", "Колона personal_number је обавезна"),
        ("Polje consultation.closes_at i v2.api", "Поље consultation.closes_at и v2.api"),
        ("Kalendar (.ics) ili tabela .csv i .pb", "Календар (.ics) или табела .csv и .pb"),
        ("Preuzmite budget.xlsx i report-2026.pdf.", "Преузмите budget.xlsx и report-2026.pdf."),
        ("Zakon br. 06/L-082 i 03/L-040, 02/L-37", "Закон бр. 06/L-082 и 03/L-040, 02/L-37"),
        ("Odluka No. 06/2018 opštine", "Одлука No. 06/2018 општине"),
        ("Papir A4, QR kod, 2FA i MTBF", "Папир A4, QR код, 2FA и MTBF"),
        ("Upišite `consultation.dates` ovde", "Упишите `consultation.dates` овде"),
        (
            "Pritisnite <kbd>Ctrl Enter</kbd> za <code>datum.kraj</code>",
            "Притисните <kbd>Ctrl Enter</kbd> за <code>datum.kraj</code>",
        ),
        ("Pišite na info@istog.example ili https://istog.example/a", None),
    ],
)
def test_codes_names_files_and_act_numbers_stay_latin_in_cyrillic(latin, cyrillic):
    converted = to_cyrillic(latin)
    if cyrillic is not None:
        assert converted == cyrillic
    assert to_latin(converted) == latin


def test_ordinary_words_are_still_transliterated():
    text = (
        "Ljubožda, Istog i Đurakovac: nacrt budžeta (dan.mesec), d.o.o. "
        "Rok je 30-dnevni, kraj.po zakonu."
    )
    converted = to_cyrillic(text)
    assert converted == (
        "Љубожда, Истог и Ђураковац: нацрт буџета (дан.месец), д.о.о. "
        "Рок је 30-дневни, крај.по закону."
    )
    assert not any("a" <= letter.lower() <= "z" for letter in converted)
    assert to_latin(converted) == text


def test_serbian_content_keeps_its_codes_latin_when_shown_in_cyrillic():
    shown = localize({"sr_Latn": "Kod K7QF-2M9C-XD4P, fajl budget.xlsx"}, "sr")
    assert shown.text == "Код K7QF-2M9C-XD4P, фајл budget.xlsx"


def _key(message_id: str | list | tuple) -> str | tuple:
    return message_id if isinstance(message_id, str) else tuple(message_id)


def test_built_cyrillic_catalogue_keeps_protected_tokens_latin():
    compiled = TRANSLATIONS / "sr" / "LC_MESSAGES" / "messages.mo"
    if not compiled.exists():
        pytest.skip("run `flask translate compile` first")
    with compiled.open("rb") as handle:
        cyrillic = {_key(m.id): m.string for m in read_mo(handle) if m.id}
    with (TRANSLATIONS / "sr_Latn" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        latin = {_key(m.id): m.string for m in read_po(handle) if m.id and m.string}
    checked = 0
    for message_id, latin_string in latin.items():
        latin_forms = latin_string if isinstance(latin_string, tuple) else (latin_string,)
        cyrillic_string = cyrillic[message_id]
        cyrillic_forms = (
            cyrillic_string if isinstance(cyrillic_string, (list, tuple)) else (cyrillic_string,)
        )
        for latin_form, cyrillic_form in zip(latin_forms, cyrillic_forms, strict=True):
            for token in _PROTECTED.finditer(latin_form):
                assert token.group(0) in cyrillic_form, (message_id, token.group(0))
                checked += 1
    assert checked > 50


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


def _switcher(page: str) -> dict[str, bool]:
    """The switcher's links of a page: address → whether it is the language shown."""
    nav = page.split('<nav class="languages"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"[^>]*?(aria-current="true")?\s*>', nav)
    return {html.unescape(url): bool(current) for url, current in links}


def test_the_switcher_kept_per_worker_follows_the_page_its_query_and_the_language(client):
    """The links are kept per worker (`consult.templating._language_links`): reading the same
    page again in another language, or with another query, gives that page's own links."""
    for _round in range(2):
        links = _switcher(client.get("/?kind=survey&lang=sr").get_data(as_text=True))
        assert links["/?kind=survey&lang=sq"] is False
        assert links["/?kind=survey&lang=sr"] is True
        links = _switcher(client.get("/?kind=survey&lang=en").get_data(as_text=True))
        assert links["/?kind=survey&lang=en"] is True
        assert links["/?kind=survey&lang=sr"] is False
        links = _switcher(client.get("/?kind=draft_act").get_data(as_text=True))
        assert "/?kind=draft_act&lang=bs" in links
        assert not any("survey" in url for url in links)
        links = _switcher(client.get("/login").get_data(as_text=True))
        assert set(links) >= {"/login?lang=sq", "/login?lang=sr_Latn"}
