"""Hostile files, built in the tests: ZIP bombs, containers of a hundred thousand entries,
documents of a million nodes, spreadsheets that declare a million rows; and the peak of the
Python memory a request takes while the app reads one.

`tracemalloc` sees every Python object and `bytes` (what python-docx and openpyxl unpack, the
rows and strings they build), not the C memory of libxml2: the tests that measure with it also
check that the library never got the file.
"""

import io
import random
import re
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass
class Peak:
    """The most Python memory traced while the block ran, in bytes."""

    bytes: int = 0


@contextmanager
def peak_memory() -> Iterator[Peak]:
    """Trace Python's allocations for the block; `peak.bytes` holds the highest mark."""
    peak = Peak()
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_zeros(data: bytes, name: str, size: int) -> bytes:
    """`data` (a ZIP) with the entry `name` replaced by `size` bytes of zeros, packed by
    deflate about a thousand times (written a megabyte at a time: the test never holds it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            if entry.filename != name:
                archive.writestr(entry.filename, source.read(entry.filename))
        with archive.open(name, "w", force_zip64=True) as target:
            block = b"\0" * MB
            for _ in range(size // MB):
                target.write(block)
    return buffer.getvalue()


def with_many_entries(data: bytes, count: int) -> bytes:
    """`data` (a ZIP) with `count` more empty entries: about 90 bytes each, so a hundred
    thousand fit in a 10 MB upload."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for entry in source.infolist():
            archive.writestr(entry.filename, source.read(entry.filename))
        for number in range(count):
            archive.writestr(f"x/{number:x}", b"")
    return buffer.getvalue()


def with_entry(data: bytes, name: str, content: bytes) -> bytes:
    """`data` (a ZIP) with the entry `name` holding `content` instead."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {entry.filename: source.read(entry.filename) for entry in source.infolist()}
    members[name] = content
    return zip_bytes(members)


def read_entry(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def varied(pieces: list[bytes], count: int, seed: int = 14) -> bytes:
    """`count` pieces drawn at random: markup dense enough to be a bomb, varied enough that
    deflate packs it only 20 to 40 times, like ordinary XML."""
    draw = random.Random(seed)
    return b"".join(draw.choice(pieces) for _ in range(count))


def docx_body(document: bytes, body: bytes) -> bytes:
    """A DOCX's word/document.xml with `body` as the content of its <w:body>."""
    xml = read_entry(document, "word/document.xml")
    return re.sub(rb"<w:body>.*</w:body>", b"<w:body>" + body + b"</w:body>", xml, flags=re.S)


def sheet_rows(workbook: bytes, rows: bytes, dimension: str | None = None) -> bytes:
    """The first sheet of an XLSX with `rows` appended to its <sheetData>, and its
    <dimension> declaring `dimension` when given."""
    name = "xl/worksheets/sheet1.xml"
    xml = read_entry(workbook, name)
    xml = xml.replace(b"</sheetData>", rows + b"</sheetData>")
    if dimension:
        xml = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), xml)
    return with_entry(workbook, name, xml)
