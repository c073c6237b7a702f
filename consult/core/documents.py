"""Uploaded documents: the type is read from the content, never trusted from the name."""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from consult.core.models import Document
from consult.i18n import lazy_text as _l

ALLOWED_EXTENSIONS = {"pdf", "docx", "odt", "xlsx"}

#: the part inside the ZIP container that each office format must have
_ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class UploadRefused(ValueError):
    """The uploaded file cannot be accepted; `message` says why, in the reader's language."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks."""

    data: bytes
    file_type: str
    original_name: str


def check_upload(
    data: bytes, filename: str, max_bytes: int, max_unpacked: int, allowed=ALLOWED_EXTENSIONS
) -> CheckedFile:
    """Accept `data` only if its content is a PDF, DOCX, ODT or XLSX matching its extension."""
    if not data:
        raise UploadRefused(_l("The file is empty."))
    if len(data) > max_bytes:
        raise UploadRefused(
            _l("The file is larger than %(size)s MB.", size=max_bytes // (1024 * 1024))
        )
    extension = Path(filename).suffix.lower().lstrip(".")
    if extension not in allowed:
        raise UploadRefused(_l("Only PDF, DOCX, ODT and XLSX files are accepted."))
    found = detect_type(data, max_unpacked)
    if found != extension:
        raise UploadRefused(_l("The file's content does not match its extension."))
    return CheckedFile(data, found, _safe_name(filename, found))


def _safe_name(filename: str, file_type: str) -> str:
    """The uploaded name without folders or control characters (it goes into a header)."""
    name = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", Path(filename).name)[:255].strip()
    return name or f"document.{file_type}"


def detect_type(data: bytes, max_unpacked: int) -> str | None:
    """The document type the bytes really are, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _office_type(archive, max_unpacked)
    except (zipfile.BadZipFile, OSError, EOFError):
        return None


def _office_type(archive: zipfile.ZipFile, max_unpacked: int) -> str | None:
    if sum(info.file_size for info in archive.infolist()) > max_unpacked:
        raise UploadRefused(_l("The file expands to more than the allowed size."))
    names = set(archive.namelist())
    for file_type, marker in _ZIP_MARKERS.items():
        if marker in names:
            return file_type
    if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
        return "odt"
    return None


def store_document(checked: CheckedFile, folder: str, **fields) -> Document:
    """Write the file under a random name in `folder` and return its (unsaved) record."""
    document = Document(
        original_name=checked.original_name,
        file_type=checked.file_type,
        size_bytes=len(checked.data),
        stored_name=uuid.uuid4().hex,
        **fields,
    )
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / document.stored_name).write_bytes(checked.data)
    return document


MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
