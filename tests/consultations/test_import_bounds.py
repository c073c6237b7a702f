"""Importing a draft act from DOCX or TXT stays within bounds: a hostile file gets a clear
message, leaves the act as it was and is refused before python-docx reads it, with the memory
and the steps it takes bounded (measured with tracemalloc and by counting, never by the clock
on the wall)."""

import io
import itertools

import docx
import pytest
from sqlalchemy import func, select

from consult.consultations import services
from consult.consultations.models import Article
from consult.core import upload_limits
from consult.extensions import db
from tests.bombs import (
    MB,
    docx_body,
    peak_memory,
    varied,
    with_entry,
    with_many_entries,
    with_zeros,
)
from tests.conftest import csrf_token
from tests.test_robustness import Upload, multipart


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ACT = _docx(["Neni 1", "Qëllimi", "Teksti i nenit të parë.", "Neni 2", "Teksti i dytë."])


@pytest.fixture
def importing(app, client, login, make_consultation):
    """An officer on the import page of a draft act: post(data, filename) → response."""
    consultation_id = make_consultation(status="draft")
    login("officer")
    page = f"/manage/draft-acts/{consultation_id}/articles/import?lang=en"

    def post(data: bytes, filename: str):
        fields = {"csrf_token": csrf_token(client, page), "language": "sq"}
        return client.post(page, **multipart({**fields, "file": Upload(data, filename)}))

    post.consultation_id = consultation_id
    return post


@pytest.fixture
def docx_opened(monkeypatch):
    """The documents python-docx was asked to open during the test."""
    opened = []
    real = docx.Document

    def spy(source=None):
        opened.append(source)
        return real(source)

    monkeypatch.setattr(docx, "Document", spy)
    return opened


def _articles(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Article))


def _refused_with(response, message: str) -> None:
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_docx_of_hundreds_of_megabytes_of_zeros_is_refused_unread(app, importing, docx_opened):
    """The issue's bomb: a small DOCX whose document.xml unpacks to 300 MB (a 2.4 MB one took
    a worker to 2.7 GB)."""
    bomb = with_zeros(ACT, "word/document.xml", 300 * MB)
    assert len(bomb) < MB
    with peak_memory() as peak:
        response = importing(bomb, "akti.docx")
    _refused_with(response, "The file expands to more than 25 MB when unpacked.")
    assert docx_opened == []
    assert peak.bytes < 20 * MB
    assert _articles(app) == 0


def test_a_docx_of_a_hundred_thousand_entries_is_refused_unread(app, importing, docx_opened):
    bomb = with_many_entries(ACT, 100_000)
    assert len(bomb) < app.config["UPLOAD_MAX_BYTES"]
    with peak_memory() as peak:
        response = importing(bomb, "akti.docx")
    _refused_with(response, "The file holds more than 1000 parts.")
    assert docx_opened == []
    # the upload itself is held about three times (request, form, read); zipfile would add
    # 55 MB of entries
    assert peak.bytes < 3.5 * len(bomb) + 8 * MB
    assert _articles(app) == 0


def test_a_docx_of_more_than_a_million_nodes_is_refused_before_python_docx(
    app, importing, docx_opened, monkeypatch
):
    """Six megabytes of empty paragraphs, varied so that they pack like ordinary XML:
    python-docx would build 1.4 million elements and as many Python paragraphs. The node
    limit refuses it, not the clock: a busy machine must not turn this into a time-out."""
    monkeypatch.setitem(app.config, "IMPORT_SECONDS", 600)
    body = varied([b"<w:p/>", b"<w:r/>", b"<w:p></w:p>"], 1_400_000)
    bomb = with_entry(ACT, "word/document.xml", docx_body(ACT, body))
    with peak_memory() as peak:
        response = importing(bomb, "akti.docx")
    _refused_with(response, "The file holds more than an import reads at once")
    assert docx_opened == []
    assert peak.bytes < 20 * MB
    assert _articles(app) == 0


def test_a_paragraph_tag_of_two_megabytes_of_attributes_is_refused(app, importing, docx_opened):
    tag = b"<w:p " + b" ".join(b'w:a%d="1"' % i for i in range(200_000)) + b"/>"
    bomb = with_entry(ACT, "word/document.xml", docx_body(ACT, tag))
    response = importing(bomb, "akti.docx")
    _refused_with(response, "The file holds more than an import reads at once")
    assert docx_opened == []
    assert _articles(app) == 0


def test_a_docx_within_bounds_is_still_read_by_python_docx(app, importing, docx_opened):
    assert importing(ACT, "akti.docx").status_code == 302
    assert len(docx_opened) == 1
    assert _articles(app) == 2


def test_more_articles_than_an_act_has_are_refused_and_none_is_saved(app, importing):
    text = "".join(f"Neni {n}\nTeksti.\n" for n in range(1, services.MAX_ARTICLES + 2))
    response = importing(text.encode(), "akti.txt")
    _refused_with(response, f"The document has more than {services.MAX_ARTICLES} articles.")
    assert _articles(app) == 0


@pytest.mark.parametrize("name", ["akti.txt", "akti.docx"])
def test_an_import_that_takes_too_long_is_refused_and_saves_nothing(
    app, importing, monkeypatch, name
):
    """The clock moves a second at every look: the deadline (IMPORT_SECONDS, 15) passes while
    the lines are read."""
    lines = [f"Neni {n}" if n % 3 == 0 else "Teksti i nenit." for n in range(1, 300)]
    data = "\n".join(lines).encode() if name.endswith(".txt") else _docx(lines)
    ticks = itertools.count()
    monkeypatch.setattr(upload_limits, "clock", lambda: next(ticks))
    response = importing(data, name)
    _refused_with(response, "Reading the file took longer than 15 seconds, so nothing was")
    assert _articles(app) == 0
