"""Uploaded documents: the type is read from the content, never trusted from the name."""

import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from consult.core.models import Document
from consult.core.upload_limits import (
    BROKEN_ARCHIVE,
    UploadRefused,
    ZipLimits,
    check_size,
    open_zip,
)
from consult.i18n import lazy_text as _l

ALLOWED_EXTENSIONS = {"pdf", "docx", "odt", "xlsx"}

#: the part inside the ZIP container that each office format must have
_ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


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
    check_size(data, max_bytes)
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
    """The document type the bytes really are, or None. A ZIP container is judged by its
    directory first (entries, unpacked size, packing) and raises UploadRefused beyond it."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with open_zip(data, ZipLimits(max_unpacked)) as archive:
            return _office_type(archive)
    except BROKEN_ARCHIVE:
        return None


def _office_type(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    for file_type, marker in _ZIP_MARKERS.items():
        if marker in names:
            return file_type
    if "mimetype" in names:
        with archive.open("mimetype") as stream:  # only its first bytes, whatever it declares
            if stream.read(len(_ODT_MIMETYPE) + 2).strip() == _ODT_MIMETYPE:
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
