"""The notice for the notice boards of local communities (issue #20, item 6): every kind's
consultation has one PDF with a page in each official language (Serbian in Latin and in
Cyrillic), each page wholly in its language, its QR code leading to the consultation's page in
that language; the back office offers it beside the poster in one language.

The QR codes are read back from the printed page: each page is rasterised (pdftoppm), the code
is found on it and its modules are read, and they must be exactly those of the QR code of the
page's own address (segno builds the expected one) and not those of another language's."""

import datetime as dt
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
import segno
from flask_babel import force_locale, gettext
from PIL import Image

from consult.extensions import db
from consult.i18n import official_locales

KINDS = ("draft_act", "budget_hearing", "capital_poll", "survey")
#: the official languages of Istog, Serbian in both scripts, in the notice's page order
PAGES = ("sq", "sr_Latn", "sr", "bs")
TITLE = {
    "sq": "Rregullore për ujësjellësin",
    "sr_Latn": "Pravilnik o vodovodu",
    "bs": "Pravilnik o vodovodnoj mreži",
    "en": "Regulation on the water supply",
}
SHOWN_TITLE = {**TITLE, "sr": "Правилник о водоводу"}
MUNICIPALITY = {
    "sq": "Komuna e Istogut",
    "sr_Latn": "Opština Istok",
    "sr": "Општина Исток",
    "bs": "Općina Istok",
}


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF (pdftotext), whitespace folded."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True, timeout=60
    )
    pages = done.stdout.decode().split("\f")
    return [" ".join(page.split()) for page in pages if page.strip()]


def _page_image(data: bytes, page: int) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "notice.pdf"
        source.write_bytes(data)
        subprocess.run(
            [
                *("pdftoppm", "-png", "-gray", "-r", "150", "-singlefile"),
                *("-f", str(page), "-l", str(page), str(source), str(Path(folder) / "page")),
            ],
            check=True,
            timeout=60,
        )
        return Image.open(Path(folder) / "page.png").convert("L")


def qr_modules(data: bytes, page: int, size: int) -> list[list[int]]:
    """The dark (1) and light (0) modules of the QR code printed on `page` (from 1), read as a
    `size`×`size` grid. The code is the tallest band of rows with ink on the page (lines of
    text are far shorter); its light border leaves the modules' outer edges as the box."""
    image = _page_image(data, page)
    width, height = image.size
    pixels = image.load()
    inked = [any(pixels[x, y] < 128 for x in range(width)) for y in range(height)]
    best, start = (0, 0, 0), None
    for y, ink in enumerate([*inked, False]):
        if ink and start is None:
            start = y
        elif not ink and start is not None:
            best = max(best, (y - start, start, y - 1))
            start = None
    _tall, top, bottom = best
    columns = [x for x in range(width) if any(pixels[x, y] < 128 for y in range(top, bottom + 1))]
    left, right = min(columns), max(columns)
    step_x, step_y = (right - left + 1) / size, (bottom - top + 1) / size
    grid = []
    for row in range(size):
        cells = []
        for column in range(size):
            x, y = int(left + (column + 0.5) * step_x), int(top + (row + 0.5) * step_y)
            shade = sum(pixels[x + dx, y + dy] for dx in (-1, 0, 1) for dy in (-1, 0, 1)) / 9
            cells.append(1 if shade < 128 else 0)
        grid.append(cells)
    return grid


def qr_of(link: str) -> list[list[int]]:
    """The modules of the QR code the poster makes for `link` (error correction M)."""
    return [list(row) for row in segno.make(link, error="m").matrix]


def _notice(client, consultation_id: int):
    response = client.get(f"/consultations/{consultation_id}/poster-official-languages.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_one_notice_with_a_page_per_official_language(
    app, client, make_consultation, kind
):
    consultation_id = make_consultation(kind=kind, title=dict(TITLE))
    response = _notice(client, consultation_id)
    assert "poster-official-languages.pdf" in response.headers["Content-Disposition"]
    pages = pdf_pages(response.get_data())
    assert len(pages) == len(PAGES)
    for locale, text in zip(PAGES, pages, strict=True):
        link = f"http://localhost/consultations/{consultation_id}?lang={locale}"
        assert link in text, locale
        assert SHOWN_TITLE[locale] in text and MUNICIPALITY[locale] in text, locale
        with app.test_request_context(), force_locale(locale):
            scan = gettext("Scan the code with your phone, or open:")
        assert scan in text, locale
        others = [code for code in PAGES if code != locale]
        for other in others:  # nothing of another language's page
            assert SHOWN_TITLE[other] not in text, (locale, other)
            assert MUNICIPALITY[other] not in text, (locale, other)
            assert not re.search(rf"\?lang={other}\b", text), (locale, other)
        assert "Scan the code" not in text and "Municipality of Istog" not in text
        assert ".." not in text, locale  # a date ending in a full stop ends the sentence
    cyrillic = pages[PAGES.index("sr")].replace(
        f"http://localhost/consultations/{consultation_id}?lang=sr", ""
    )
    assert not re.search(r"[A-Za-z]", cyrillic.replace("QR", "")), cyrillic
    for locale in ("sq", "sr_Latn", "bs"):
        assert not re.search(r"[\u0400-\u04ff]", pages[PAGES.index(locale)]), locale


def test_each_page_s_qr_code_leads_to_the_page_in_its_language(client, make_consultation):
    consultation_id = make_consultation(kind="capital_poll", title=dict(TITLE))
    data = _notice(client, consultation_id).get_data()
    for number, locale in enumerate(PAGES, start=1):
        expected = qr_of(f"http://localhost/consultations/{consultation_id}?lang={locale}")
        assert qr_modules(data, number, len(expected)) == expected, locale
        # the reading tells codes apart: another language's address is another code
        other = PAGES[number % len(PAGES)]
        wrong = qr_of(f"http://localhost/consultations/{consultation_id}?lang={other}")
        if len(wrong) == len(expected):
            assert qr_modules(data, number, len(wrong)) != wrong, (locale, other)


def test_the_address_each_code_leads_to_opens_the_page_in_that_language(client, make_consultation):
    consultation_id = make_consultation(title=dict(TITLE))
    for locale in PAGES:
        page = client.get(f"/consultations/{consultation_id}?lang={locale}")
        assert page.status_code == 200
        assert SHOWN_TITLE[locale] in page.get_data(as_text=True)


def test_the_single_language_poster_is_still_one_page_in_the_reader_s_language(
    client, make_consultation
):
    consultation_id = make_consultation(title=dict(TITLE))
    data = client.get(f"/consultations/{consultation_id}/poster.pdf?lang=bs").get_data()
    pages = pdf_pages(data)
    assert len(pages) == 1 and SHOWN_TITLE["bs"] in pages[0]
    expected = qr_of(f"http://localhost/consultations/{consultation_id}?lang=bs")
    assert qr_modules(data, 1, len(expected)) == expected


def test_the_pages_follow_the_configured_official_languages(app):
    with app.app_context():
        assert official_locales() == list(PAGES)
        assert official_locales(["sq", "sr_Latn"]) == ["sq", "sr_Latn", "sr"]
        assert official_locales(["sq", "sr", "bs", "tr"]) == [*PAGES, "tr"]


def test_a_municipality_with_other_official_languages_gets_their_pages(
    app, client, make_consultation
):
    consultation_id = make_consultation(title=dict(TITLE))
    languages = app.config["OFFICIAL_LANGUAGES"]
    app.config["OFFICIAL_LANGUAGES"] = ["sr", "sq"]
    try:
        pages = pdf_pages(_notice(client, consultation_id).get_data())
    finally:
        app.config["OFFICIAL_LANGUAGES"] = languages
    assert len(pages) == 3
    for code, page in zip(("sr_Latn", "sr", "sq"), pages, strict=True):
        assert MUNICIPALITY[code] in page, code


def test_markup_in_a_title_is_printed_as_text(client, make_consultation):
    title = {**TITLE, "sq": "<b>Rregullore</b><script>alert(1)</script>"}
    consultation_id = make_consultation(title=title)
    pages = pdf_pages(_notice(client, consultation_id).get_data())
    # the title breaks across lines on the page: compared without the spaces
    assert "<b>Rregullore</b><script>alert(1)</script>" in pages[0].replace(" ", "")


def test_no_notice_of_a_consultation_that_is_not_public(client, make_consultation):
    consultation_id = make_consultation(status="draft")
    assert (
        client.get(f"/consultations/{consultation_id}/poster-official-languages.pdf").status_code
        == 404
    )
    assert client.get("/consultations/999999/poster-official-languages.pdf").status_code == 404


NOTICE_HREF = 'href="/consultations/{id}/poster-official-languages.pdf"'


def test_the_back_office_offers_the_notice_and_each_single_language_poster(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    login("admin")
    for lang in ("en", "sq", "sr"):
        page = client.get(f"/manage/consultations/{consultation_id}?lang={lang}")
        html = page.get_data(as_text=True)
        assert NOTICE_HREF.format(id=consultation_id) in html
        for locale in ("sq", "sr_Latn", "sr", "bs", "en"):
            assert f'href="/consultations/{consultation_id}/poster.pdf?lang={locale}"' in html
    with app.test_request_context(), force_locale("sq"):
        offer = gettext("every official language, one page each")
    assert offer in client.get(f"/manage/consultations/{consultation_id}?lang=sq").get_data(
        as_text=True
    )


def test_a_draft_has_no_notice_to_offer_yet(client, login, make_consultation):
    consultation_id = make_consultation(status="draft")
    login("admin")
    html = client.get(f"/manage/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "poster-official-languages.pdf" not in html


def test_the_kinds_own_back_office_pages_offer_the_notice(
    app, client, login, make_consultation, give_substance
):
    login("admin")
    hearing = make_consultation(kind="budget_hearing")
    poll = make_consultation(kind="capital_poll")
    survey = make_consultation(kind="survey")
    for consultation_id in (hearing, poll, survey):
        give_substance(consultation_id)
    from consult.core.models import Consultation
    from consult.polls.services import poll_for
    from consult.surveys.services import survey_of

    with app.app_context():
        poll_id = poll_for(db.session.get(Consultation, poll)).id
        survey_id = survey_of(db.session.get(Consultation, survey)).id
    for url, consultation_id in (
        (f"/manage/hearings/{hearing}/", hearing),
        (f"/manage/polls/{poll_id}", poll),
        (f"/manage/surveys/{survey_id}/build", survey),
    ):
        response = client.get(f"{url}?lang=en")
        assert response.status_code == 200, url
        assert NOTICE_HREF.format(id=consultation_id) in response.get_data(as_text=True), url


def test_the_notice_is_made_for_a_consultation_that_closed_too(client, make_consultation):
    today = dt.date.today()
    consultation_id = make_consultation(
        status="closed",
        title=dict(TITLE),
        opens_at=today - dt.timedelta(days=40),
        closes_at=today - dt.timedelta(days=5),
    )
    assert len(pdf_pages(_notice(client, consultation_id).get_data())) == len(PAGES)
