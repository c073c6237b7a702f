"""Officers type articles in every language or import them from DOCX and TXT."""

import io

import docx
from sqlalchemy import select

from consult.consultations.models import Article
from consult.consultations.services import split_articles
from consult.core.upload_limits import Deadline
from consult.extensions import db
from tests.conftest import submit

ALBANIAN = [
    "PROJEKTRREGULLORE PËR TRANSPARENCË",
    "Neni 1",
    "Qëllimi",
    "Kjo rregullore përcakton rregullat për transparencë.",
    "Neni 2",
    "Fushëveprimi",
    "Rregullorja zbatohet për Kuvendin e Komunës.",
    "Ajo zbatohet edhe për komitetet.",
    "Neni 3 Hyrja në fuqi",
    "Kjo rregullore hyn në fuqi 15 ditë pas publikimit.",
]
SERBIAN = [
    "НАЦРТ ПРАВИЛНИКА",
    "Члан 1",
    "Сврха",
    "Овим правилником утврђују се правила о транспарентности.",
    "Члан 2",
    "Подручје примене",
    "Правилник се примењује на Скупштину општине.",
    "Члан 3",
    "Ступање на снагу",
    "Овај правилник ступа на снагу 15 дана од објављивања.",
]


def _docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _articles(app, consultation_id):
    with app.app_context():
        query = select(Article).where(Article.consultation_id == consultation_id)
        return [(a.number, a.heading, a.text) for a in db.session.scalars(query.order_by("number"))]


def _import(client, consultation_id, data: bytes, filename: str, language: str):
    return submit(
        client,
        f"/manage/draft-acts/{consultation_id}/articles/import",
        {"file": (io.BytesIO(data), filename), "language": language},
        form_url=f"/manage/draft-acts/{consultation_id}/articles/import?lang=en",
        content_type="multipart/form-data",
    )


def test_docx_import_splits_albanian_and_serbian_into_the_same_articles(
    app, client, login, make_consultation
):
    consultation_id = make_consultation(status="draft")
    login("officer")
    assert _import(client, consultation_id, _docx(ALBANIAN), "akti.docx", "sq").status_code == 302
    assert _import(client, consultation_id, _docx(SERBIAN), "akt.docx", "sr").status_code == 302
    articles = _articles(app, consultation_id)
    assert [number for number, _h, _t in articles] == [1, 2, 3]
    _number, heading, text = articles[1]
    assert heading == {"sq": "Fushëveprimi", "sr": "Подручје примене"}
    assert text["sq"] == (
        "Rregullorja zbatohet për Kuvendin e Komunës.\nAjo zbatohet edhe për komitetet."
    )
    assert text["sr"] == "Правилник се примењује на Скупштину општине."
    assert articles[2][1]["sq"] == "Hyrja në fuqi"
    assert "PROJEKTRREGULLORE" not in str(articles)


def test_txt_import_understands_clan_and_article_headings(app, client, login, make_consultation):
    consultation_id = make_consultation(status="draft")
    login("officer")
    text = "Član 1. Svrha\nOvim pravilnikom...\n\nČlan 2: Područje primene\nPrimenjuje se.\n"
    _import(client, consultation_id, text.encode(), "akt.txt", "sr_Latn")
    articles = _articles(app, consultation_id)
    assert [(n, h["sr_Latn"]) for n, h, _t in articles] == [(1, "Svrha"), (2, "Područje primene")]
    lines = ["Article 7", "Scope", "Text."]
    assert [a.number for a in split_articles(lines, Deadline(60))] == [7]


def test_a_document_without_article_headings_is_refused(app, client, login, make_consultation):
    consultation_id = make_consultation(status="draft")
    login("officer")
    response = _import(client, consultation_id, b"just some text", "akt.txt", "sq")
    assert response.status_code == 400
    assert "No article headings" in response.get_data(as_text=True)
    assert _articles(app, consultation_id) == []
    assert _import(client, consultation_id, b"not a docx", "akt.docx", "sq").status_code == 400
    assert _articles(app, consultation_id) == []


def test_officer_types_an_article_in_every_language(app, client, login, make_consultation):
    consultation_id = make_consultation(status="draft")
    login("officer")
    url = f"/manage/draft-acts/{consultation_id}/articles/new"
    data = {
        "number": "1",
        "heading_sq": "Qëllimi",
        "text_sq": "Teksti shqip.",
        "heading_sr_Latn": "Svrha",
        "text_sr_Latn": "Tekst.",
        "heading_bs": "Svrha",
        "text_bs": "Tekst.",
    }
    assert submit(client, url, data, form_url=f"{url}?lang=en").status_code == 302
    again = submit(client, url, data)
    assert again.status_code == 400
    assert "Another article has this number." in again.get_data(as_text=True)
    assert _articles(app, consultation_id)[0][1] == {
        "sq": "Qëllimi",
        "sr_Latn": "Svrha",
        "bs": "Svrha",
    }
