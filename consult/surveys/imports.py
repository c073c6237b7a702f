"""Lists officers upload: the e-mail addresses invited to a staff survey (CSV)."""

import csv
import io
import re
from typing import BinaryIO

#: the largest address list read (CSV)
MAX_ADDRESS_FILE_BYTES = 1024 * 1024
#: the most addresses one upload may invite
MAX_ADDRESSES = 1000
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def read_addresses(upload: BinaryIO) -> list[str] | None:
    """The e-mail addresses of an uploaded CSV (any column, each once, in order), or None if it
    cannot be read (too large, not UTF-8, or without an address)."""
    content = upload.read(MAX_ADDRESS_FILE_BYTES + 1)
    if len(content) > MAX_ADDRESS_FILE_BYTES:
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    found = []
    for row in csv.reader(io.StringIO(text)):
        found.extend(cell.strip() for cell in row if _EMAIL.match(cell.strip()))
    return list(dict.fromkeys(found)) or None
