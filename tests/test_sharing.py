"""A shared link to any consultation (issue #18): Open Graph and Twitter-card tags on its public
page, in the reader's language, with a picture drawn for it."""

import io
import re

import pytest
from PIL import Image

KINDS = ("draft_act", "budget_hearing", "capital_poll", "survey")


def _meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    assert found, name
    return found.group(1)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_s_public_page_has_sharing_tags_and_a_picture(client, make_consultation, kind):
    consultation_id = make_consultation(kind=kind)
    html = client.get(f"/consultations/{consultation_id}?lang=sr").get_data(as_text=True)
    assert _meta(html, "og:title") == "Правилник о транспарентности"
    assert _meta(html, "og:url") == f"http://localhost/consultations/{consultation_id}"
    assert _meta(html, "twitter:card") == "summary_large_image"
    image = _meta(html, "og:image")
    assert image == f"http://localhost/consultations/{consultation_id}/preview.png?lang=sr"
    response = client.get(image.removeprefix("http://localhost"))
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert Image.open(io.BytesIO(response.get_data())).size == (1200, 630)


def test_the_picture_is_drawn_in_the_reader_s_language(client, make_consultation):
    consultation_id = make_consultation()
    albanian = client.get(f"/consultations/{consultation_id}/preview.png?lang=sq").get_data()
    cyrillic = client.get(f"/consultations/{consultation_id}/preview.png?lang=sr").get_data()
    assert albanian != cyrillic


def test_markup_in_a_title_stays_text_in_the_tags(client, make_consultation):
    title = {"sq": '"><script>alert(1)</script>', "sr_Latn": "x", "bs": "x", "en": "x"}
    consultation_id = make_consultation(title=title)
    html = client.get(f"/consultations/{consultation_id}?lang=sq").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert 'content="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    response = client.get(f"/consultations/{consultation_id}/preview.png?lang=sq")
    assert response.status_code == 200


def test_no_picture_of_a_consultation_that_is_not_public(client, make_consultation):
    consultation_id = make_consultation(status="draft")
    assert client.get(f"/consultations/{consultation_id}/preview.png").status_code == 404
    assert client.get("/consultations/999999/preview.png").status_code == 404


def _pdf_text(data: bytes) -> str:
    import subprocess

    done = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True, timeout=60
    )
    return " ".join(done.stdout.decode().split())


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_poster_in_each_official_language(client, make_consultation, kind):
    consultation_id = make_consultation(kind=kind)
    albanian = client.get(f"/consultations/{consultation_id}/poster.pdf?lang=sq")
    assert albanian.status_code == 200 and albanian.mimetype == "application/pdf"
    text = _pdf_text(albanian.get_data())
    assert "Rregullore për transparencë" in text and "Komuna e Istogut" in text
    assert f"/consultations/{consultation_id}?lang=sq" in text
    cyrillic = _pdf_text(client.get(f"/consultations/{consultation_id}/poster.pdf?lang=sr").data)
    assert "Правилник о транспарентности" in cyrillic
    assert "Rregullore" not in cyrillic


def test_the_poster_is_linked_from_the_public_page_and_the_back_office(
    client, login, make_consultation
):
    consultation_id = make_consultation()
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert f'href="/consultations/{consultation_id}/poster.pdf?lang=en"' in page
    login("admin")
    manage = client.get(f"/manage/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    for locale in ("sq", "sr_Latn", "sr", "bs"):
        assert f'href="/consultations/{consultation_id}/poster.pdf?lang={locale}"' in manage


def test_no_poster_of_a_consultation_that_is_not_public(client, make_consultation):
    consultation_id = make_consultation(status="draft")
    assert client.get(f"/consultations/{consultation_id}/poster.pdf").status_code == 404
