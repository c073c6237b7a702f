"""Uploads are accepted by content, not by name."""

import io
import zipfile

import pytest

from consult.core.documents import UploadRefused, check_upload

LIMIT = 1024 * 1024


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})
XLSX = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<o/>"})
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "draft.pdf", "pdf"),
        (DOCX, "Draft.DOCX", "docx"),
        (XLSX, "b.xlsx", "xlsx"),
        (ODT, "a.odt", "odt"),
    ],
)
def test_real_documents_are_accepted(ctx, data, name, kind):
    assert check_upload(data, name, LIMIT, 10 * LIMIT).file_type == kind


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00 this is a program", "draft.pdf"),
        (PDF, "draft.docx"),
        (DOCX, "draft.pdf"),
        (XLSX, "draft.docx"),
        (_zip({"evil.sh": b"rm -rf /"}), "draft.docx"),
        (b"<html><script>alert(1)</script></html>", "page.odt"),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(ctx, data, name):
    with pytest.raises(UploadRefused, match="does not match"):
        check_upload(data, name, LIMIT, 10 * LIMIT)


def test_other_extensions_are_refused(ctx):
    with pytest.raises(UploadRefused, match="Only PDF"):
        check_upload(b"hello", "notes.txt", LIMIT, 10 * LIMIT)


def test_empty_and_huge_files_are_refused(ctx):
    with pytest.raises(UploadRefused, match="empty"):
        check_upload(b"", "a.pdf", LIMIT, 10 * LIMIT)
    with pytest.raises(UploadRefused, match="larger"):
        check_upload(PDF + b"0" * LIMIT, "a.pdf", LIMIT, 10 * LIMIT)


def test_a_zip_bomb_is_refused(ctx):
    bomb = _zip({"word/document.xml": b"<w/>", "word/padding.xml": b"\0" * (20 * LIMIT)})
    assert len(bomb) < LIMIT
    with pytest.raises(UploadRefused, match="expands"):
        check_upload(bomb, "bomb.docx", LIMIT, 10 * LIMIT)
