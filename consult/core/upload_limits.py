"""What reading an upload may cost, checked before a library unpacks or parses it.

A ZIP container (DOCX, ODT, XLSX) is judged by its central directory alone, before any entry is
unpacked: how many entries it lists, how large they say they unpack and how tightly each one is
packed. Python's zipfile never hands a reader more bytes than an entry declares (it stops there
and checks the CRC), so the declared sizes bound what python-docx or openpyxl can get.

The XML of an archive that an import parses is then counted in a stream (expat, constant
memory) before python-docx or openpyxl builds anything from it: the nodes (elements and
attributes) of the parts a library builds whole in memory, and those of each item of the parts
it reads item by item (a spreadsheet row, a shared string). A library's memory grows with the
nodes it builds, a hundred bytes or more each, and not with the bytes of the file.

Every import also carries a `Deadline` that its loops check, so a file that is slow to read is
refused with a message instead of holding a worker.
"""

import io
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from flask import current_app

from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l

#: what zipfile and its decompressors raise on a damaged or unsupported archive
BROKEN_ARCHIVE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)


class UploadRefused(ValueError):
    """The uploaded file cannot be accepted; `message` says why, in the reader's language."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def check_size(data: bytes, max_bytes: int) -> None:
    """Refuse `data` (UploadRefused) when it is larger than `max_bytes`, saying the limit."""
    if len(data) > max_bytes:
        raise UploadRefused(
            _l("The file is larger than %(size)s MB.", size=max_bytes // (1024 * 1024))
        )


# ---------------------------------------------------------------- the deadline

#: how long an import may take by default (the setting IMPORT_SECONDS), well within a worker's
#: timeout (gunicorn's default is 30 seconds)
IMPORT_SECONDS = 15
#: the clock deadlines are measured on (tests replace it with one that they move)
clock = time.monotonic


class Deadline:
    """The moment an import must be done by; `check()` refuses the upload once it is past."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = clock() + seconds

    def check(self) -> None:
        """Raise UploadRefused if the time is up."""
        if clock() > self._end:
            raise UploadRefused(
                _ln(
                    "Reading the file took longer than %(seconds)s second, so nothing was "
                    "imported. Split the file or remove what the import does not need.",
                    "Reading the file took longer than %(seconds)s seconds, so nothing was "
                    "imported. Split the file or remove what the import does not need.",
                    round(self.seconds),
                    seconds=round(self.seconds),
                )
            )


def import_deadline() -> Deadline:
    """The deadline of an import starting now: the setting IMPORT_SECONDS (default
    `IMPORT_SECONDS`)."""
    return Deadline(current_app.config.get("IMPORT_SECONDS", IMPORT_SECONDS))


# ---------------------------------------------------------------- the ZIP container

#: entries smaller than this unpack to too little to matter, however tightly they are packed
RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """The most a ZIP container may declare: unpacked bytes in all, entries, and how many times
    larger than packed an entry of RATIO_FLOOR bytes or more may unpack (office files pack
    about 5 to 30 times; the zeros of a ZIP bomb about 1,000 times)."""

    unpacked_bytes: int
    entries: int = 1000
    ratio: int = 200


def open_zip(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    """The archive in `data`, opened only once its central directory is within `limits`.

    The entries are counted in the raw central directory first, so that a directory of a
    hundred thousand entries is refused before zipfile builds an object for each. Raises
    UploadRefused for a container out of bounds, zipfile.BadZipFile for one that is broken.
    """
    count = _central_directory_count(data, limits.entries)
    if count > limits.entries:
        raise UploadRefused(
            _ln(
                "The file holds more than %(count)s part.",
                "The file holds more than %(count)s parts.",
                limits.entries,
                count=limits.entries,
            )
        )
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = archive.infolist()
    if len(entries) != count:
        raise zipfile.BadZipFile("the central directory was read two ways")
    if sum(entry.file_size for entry in entries) > limits.unpacked_bytes:
        raise UploadRefused(
            _l(
                "The file expands to more than %(size)s MB when unpacked.",
                size=limits.unpacked_bytes // (1024 * 1024),
            )
        )
    for entry in entries:
        packed = max(entry.compress_size, 1)
        if entry.file_size >= RATIO_FLOOR and entry.file_size > limits.ratio * packed:
            raise UploadRefused(
                _l(
                    "The file is packed far more tightly than an office document is: it "
                    "cannot be accepted."
                )
            )
    return archive


# The layout of the records below is the ZIP format's (APPNOTE.TXT 4.3.12-4.3.16); they are
# found the way Python's zipfile finds them, so both read the same central directory.
_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_END64 = struct.Struct("<4sQ2H2L4Q")
_END64_SIGNATURE = b"PK\x06\x06"
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_MAX_COMMENT = 1 << 16


def _central_directory_count(data: bytes, stop_after: int) -> int:
    """How many entries the central directory lists, counted up to `stop_after` + 1 (its
    records are read in place: nothing is copied)."""
    start, size = _central_directory(data)
    if start < 0 or start + size > len(data):
        raise zipfile.BadZipFile("the central directory lies outside the file")
    count = position = 0
    while position < size and count <= stop_after:
        at = start + position
        if at + _CENTRAL.size > len(data) or data[at : at + 4] != _CENTRAL_SIGNATURE:
            raise zipfile.BadZipFile("a broken central directory")
        fields = _CENTRAL.unpack_from(data, at)
        position += _CENTRAL.size + fields[12] + fields[13] + fields[14]
        count += 1
    return count


def _central_directory(data: bytes) -> tuple[int, int]:
    """(offset, size) of the central directory, from the end record (ZIP64 where present)."""
    end = len(data) - _END.size
    if not (end >= 0 and data[end : end + 4] == _END_SIGNATURE and data[-2:] == b"\0\0"):
        end = data.rfind(_END_SIGNATURE, max(len(data) - _MAX_COMMENT - _END.size, 0))
        if end < 0 or len(data) - end < _END.size:
            raise zipfile.BadZipFile("no end of central directory")
    fields = _END.unpack_from(data, end)
    size, offset = fields[5], fields[6]
    directory_end = end
    locator = end - _END64_LOCATOR.size
    if locator >= 0 and data[locator : locator + 4] == _END64_LOCATOR_SIGNATURE:
        record = locator - _END64.size
        if record < 0 or data[record : record + 4] != _END64_SIGNATURE:
            raise zipfile.BadZipFile("a broken ZIP64 end record")
        fields64 = _END64.unpack_from(data, record)
        size, offset = fields64[8], fields64[9]
        directory_end = record
    # like zipfile: data prepended to the archive shifts every offset by the same amount
    concatenated = directory_end - size - offset
    return offset + concatenated, size


# ---------------------------------------------------------------- the XML inside


@dataclass(frozen=True)
class XmlLimits:
    """The most nodes (elements and attributes) an import's XML may hold.

    `nodes` bounds everything built whole in memory; a part whose root element is one of
    `streamed_roots` is read item by item, each element named in `items` (and what it holds)
    being one item of at most `item_nodes` nodes that counts as a single node towards
    `nodes`.
    """

    nodes: int
    streamed_roots: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()
    item_nodes: int = 0
    depth: int = 100
    #: the longest tag, comment or CDATA section, in bytes (long attribute values included)
    token_bytes: int = 1024 * 1024


_CHUNK = 64 * 1024
#: how libxml2 recognises XML in encodings expat does not read (UCS-4, EBCDIC): such a part
#: is refused rather than passed over as not being XML
_FOREIGN_XML_STARTS = (
    b"\0\0\0<",
    b"<\0\0\0",
    b"\0\0<\0",
    b"\0<\0\0",
    b"\x4c\x6f\xa7\x94",
    b"\0\0\xfe\xff",
    b"\xff\xfe\0\0",
)


def check_xml(archive: zipfile.ZipFile, limits: XmlLimits, deadline: Deadline) -> None:
    """Count the nodes of every XML entry of `archive` in a stream; raise UploadRefused when
    they pass `limits` or a part cannot be read. Entries that are not XML (pictures, printer
    settings) are left alone: no XML parser can read them either."""
    counter = _NodeCounter(limits)
    for entry in archive.infolist():
        deadline.check()
        with archive.open(entry) as stream:
            counter.count(stream, deadline)


class _NodeCounter:
    """Counts nodes across the entries of one archive, against one XmlLimits."""

    def __init__(self, limits: XmlLimits) -> None:
        self.limits = limits
        self.whole = 0

    def count(self, stream, deadline: Deadline) -> None:
        """Count one entry; a stream that is not XML from its first byte is passed over."""
        state = _PartState()
        parser = expat.ParserCreate()
        parser.ordered_attributes = True
        parser.StartElementHandler = lambda name, attributes: self._start(
            state, name, len(attributes) // 2
        )
        parser.EndElementHandler = lambda name: self._end(state)
        parser.StartDoctypeDeclHandler = lambda *args: _refuse_unreadable()
        first = stream.read(_CHUNK)
        chunk, fed = first, 0
        try:
            while chunk:
                parser.Parse(chunk, False)
                fed += len(chunk)
                # expat holds an unfinished tag until its end arrives, then builds all its
                # attributes at once: a tag is refused while it is still growing
                if fed - parser.CurrentByteIndex > self.limits.token_bytes:
                    _refuse_too_complex()
                deadline.check()
                chunk = stream.read(_CHUNK)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            if not (state.started or error.offset or error.lineno > 1):
                if first[:4] in _FOREIGN_XML_STARTS:
                    _refuse_unreadable()
                return
            _refuse_unreadable()

    def _start(self, state: "_PartState", name: str, attributes: int) -> None:
        limits = self.limits
        local = name.rpartition(":")[2]
        if not state.started:
            state.started = True
            state.streamed = local in limits.streamed_roots
        state.depth += 1
        if state.depth > limits.depth:
            _refuse_too_complex()
        nodes = 1 + attributes
        if state.item_depth:
            state.item += nodes
            if state.item > limits.item_nodes:
                _refuse_too_complex()
            return
        if state.streamed and local in limits.items:
            # the reader keeps one object per item at most (a shared string, a row's values)
            state.item_depth, state.item, nodes = state.depth, nodes, 1
        self.whole += nodes
        if self.whole > limits.nodes:
            _refuse_too_complex()

    @staticmethod
    def _end(state: "_PartState") -> None:
        if state.item_depth == state.depth:
            state.item_depth = 0
        state.depth -= 1


@dataclass
class _PartState:
    started: bool = False
    streamed: bool = False
    depth: int = 0
    #: depth of the item being read (0 outside items) and its nodes so far
    item_depth: int = 0
    item: int = 0


def _refuse_too_complex() -> None:
    raise UploadRefused(
        _l(
            "The file holds more than an import reads at once: split it, or copy only what "
            "is needed into a new file."
        )
    )


def _refuse_unreadable() -> None:
    raise UploadRefused(_l("The file is damaged: a part of it cannot be read."))
