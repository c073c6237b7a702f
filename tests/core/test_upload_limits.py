"""The bounds of consult.core.upload_limits, attacked with the files that break a reader: ZIP
containers judged by their directory before anything is unpacked, XML counted in a stream, and
a deadline that moves with a clock the test turns."""

import io
import itertools
import zipfile

import pytest

from consult.core import upload_limits
from consult.core.upload_limits import (
    Deadline,
    UploadRefused,
    XmlLimits,
    ZipLimits,
    check_xml,
    open_zip,
)
from tests.bombs import MB, peak_memory, varied, with_many_entries, with_zeros, zip_bytes

SMALL = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def test_a_hundred_thousand_entries_are_refused_before_zipfile_lists_them():
    bomb = with_many_entries(SMALL, 100_000)
    assert len(bomb) < 10 * MB, "it fits in an upload"
    with peak_memory() as peak, pytest.raises(UploadRefused, match="more than 1000 parts"):
        open_zip(bomb, ZipLimits(100 * MB))
    # zipfile alone builds 55 MB of entries for this directory; the count reads it in place
    assert peak.bytes < 2 * MB


def test_the_entry_count_agrees_with_zipfile_on_zip64_and_prepended_archives():
    """Over 65,535 entries Python writes a ZIP64 end record; a self-extracting archive has a
    program before its first entry. The directory is found where zipfile finds it."""
    many = with_many_entries(SMALL, 70_000)
    assert b"PK\x06\x06" in many[-200:], "a ZIP64 end record"
    assert len(open_zip(many, ZipLimits(MB, entries=80_000)).infolist()) == 70_002
    prepended = b"MZ" + b"\x90" * 5000 + SMALL
    assert [e.filename for e in open_zip(prepended, ZipLimits(MB)).infolist()] == [
        "[Content_Types].xml",
        "word/document.xml",
    ]


def test_hundreds_of_megabytes_of_zeros_are_refused_unread():
    bomb = with_zeros(SMALL, "word/document.xml", 300 * MB)
    assert len(bomb) < MB
    with peak_memory() as peak, pytest.raises(UploadRefused, match="more than 100 MB"):
        open_zip(bomb, ZipLimits(100 * MB))
    assert peak.bytes < 2 * MB


def test_an_entry_packed_like_a_bomb_is_refused_under_the_size_limit():
    bomb = with_zeros(SMALL, "word/document.xml", 20 * MB)
    with pytest.raises(UploadRefused, match="packed far more tightly"):
        open_zip(bomb, ZipLimits(100 * MB))


def test_ordinary_documents_pass():
    xml = varied([b"<w:p><w:r><w:t>Neni</w:t></w:r></w:p>", b"<w:p/>", b"<w:r/>"], 300_000)
    document = zip_bytes({"word/document.xml": b"<w:document>" + xml + b"</w:document>"})
    archive = open_zip(document, ZipLimits(100 * MB))
    assert archive.getinfo("word/document.xml").file_size > 3 * MB
    check_xml(archive, XmlLimits(nodes=1_000_000), Deadline(60))


@pytest.mark.parametrize(
    "broken",
    [b"PK\x03\x04 cut short", SMALL[:-30], SMALL.replace(b"PK\x01\x02", b"PK\x01\x03")],
    ids=["no directory", "cut", "bad record"],
)
def test_a_broken_container_is_reported_as_broken(broken):
    with pytest.raises(zipfile.BadZipFile):
        open_zip(broken, ZipLimits(MB))


def _archive(**members: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(
        io.BytesIO(zip_bytes({k.replace("_", "/"): v for k, v in members.items()}))
    )


def test_nodes_past_the_limit_are_refused_while_streaming():
    dense = b"<a>" + varied([b"<p/>", b'<r x="1"/>'], 200_000) + b"</a>"
    with peak_memory() as peak, pytest.raises(UploadRefused, match="more than an import reads"):
        check_xml(_archive(part=dense), XmlLimits(nodes=100_000), Deadline(60))
    assert peak.bytes < 2 * MB


def test_streamed_items_count_once_each_and_none_may_be_too_large():
    limits = XmlLimits(
        nodes=1000,
        streamed_roots=frozenset({"worksheet"}),
        items=frozenset({"row"}),
        item_nodes=100,
    )
    rows = b"".join(b'<row r="%d"><c><v>1</v></c></row>' % i for i in range(900))
    sheet = b"<x:worksheet><x:sheetData>" + rows + b"</x:sheetData></x:worksheet>"
    check_xml(_archive(sheet=sheet), limits, Deadline(60))
    wide = b"<worksheet><sheetData><row>" + b"<c/>" * 101 + b"</row></sheetData></worksheet>"
    with pytest.raises(UploadRefused, match="more than an import reads"):
        check_xml(_archive(sheet=wide), limits, Deadline(60))
    not_streamed = b"<styleSheet>" + b"<row/>" * 1001 + b"</styleSheet>"
    with pytest.raises(UploadRefused, match="more than an import reads"):
        check_xml(_archive(styles=not_streamed), limits, Deadline(60))


def test_a_tag_that_never_ends_is_refused_before_its_attributes_are_built():
    """Expat builds a tag's attributes when its ">" arrives: two megabytes of attributes
    would be 300,000 Python strings at once."""
    tag = b"<w:p " + b" ".join(b'a%d=""' % i for i in range(300_000)) + b"/>"
    with peak_memory() as peak, pytest.raises(UploadRefused, match="more than an import reads"):
        check_xml(
            _archive(part=b"<w:document>" + tag + b"</w:document>"), XmlLimits(10**9), Deadline(60)
        )
    assert peak.bytes < 8 * MB


def test_nesting_deeper_than_the_limit_is_refused():
    deep = b"<a>" * 101 + b"</a>" * 101
    with pytest.raises(UploadRefused, match="more than an import reads"):
        check_xml(_archive(part=deep), XmlLimits(nodes=10**6), Deadline(60))


@pytest.mark.parametrize(
    "part",
    [
        b'<!DOCTYPE a [<!ENTITY e "e">]><a>&e;</a>',
        b"<a><b></a>",
        b"<a>" + b"\x00" * 10,
        "<a/>".encode("utf-32"),
        "<a/>".encode("utf-32-be"),
    ],
    ids=["doctype", "mismatched", "nul", "utf-32 with bom", "ucs-4 without bom"],
)
def test_xml_a_library_might_read_differently_is_refused(part):
    with pytest.raises(UploadRefused, match="damaged"):
        check_xml(_archive(part=part), XmlLimits(nodes=10**6), Deadline(60))


def test_pictures_and_printer_settings_are_not_taken_for_xml():
    archive = _archive(
        media_picture=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100,
        printer=b"H\0P\0 \0L\0a\0s\0e\0r\0" + b"\0" * 200,
        empty=b"",
        part="<a>Ж</a>".encode("utf-16"),
    )
    check_xml(archive, XmlLimits(nodes=10), Deadline(60))


def test_a_deadline_refuses_once_its_time_is_past(monkeypatch):
    ticks = itertools.count()
    monkeypatch.setattr(upload_limits, "clock", lambda: next(ticks))
    deadline = Deadline(5)
    for _ in range(5):
        deadline.check()
    with pytest.raises(UploadRefused, match="longer than 5 seconds"):
        deadline.check()


def test_counting_stops_at_the_deadline(monkeypatch):
    ticks = itertools.count()
    monkeypatch.setattr(upload_limits, "clock", lambda: next(ticks))
    long_part = b"<a>" + b"<b>text</b>" * 200_000 + b"</a>"  # 2 MB: about 35 chunks
    with pytest.raises(UploadRefused, match="longer than 10 seconds"):
        check_xml(_archive(part=long_part), XmlLimits(nodes=10**6), Deadline(10))
