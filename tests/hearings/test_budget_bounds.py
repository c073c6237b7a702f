"""The draft budget import stays within bounds: an XLSX is judged by its container and counted
before openpyxl opens it, its rows stream through openpyxl's read-only reader and reading stops
at the row cap, a CSV is read line by line, and every import has a deadline. A hostile file gets
a clear message and changes nothing; memory is measured with tracemalloc and work by counting
the rows read, never by the clock on the wall."""

import io
import itertools

import pytest
from PIL import Image
from sqlalchemy import func, select

from consult.core import upload_limits
from consult.core.models import LocalCommunity
from consult.extensions import db
from consult.hearings import importer
from consult.hearings.models import BudgetLine, CapitalProposal
from tests.bombs import (
    MB,
    peak_memory,
    read_entry,
    sheet_rows,
    varied,
    with_entry,
    with_many_entries,
    with_zeros,
)
from tests.conftest import csrf_token
from tests.hearings.conftest import GOOD_ROWS, csv_file, xlsx_file
from tests.test_robustness import Upload, multipart


@pytest.fixture
def officer(client, login, cycle, hearing):
    """The officer of the hearing: post(data, filename) → response of the import (the body is
    built in memory, see tests.test_robustness.multipart)."""
    login("officer")
    page = f"/manage/hearings/{hearing}/?lang=en"

    def post(data: bytes, filename: str):
        fields = {"csrf_token": csrf_token(client, page), "file": Upload(data, filename)}
        return client.post(f"/manage/hearings/{hearing}/budget?lang=en", **multipart(fields))

    return post


@pytest.fixture
def rows_read(monkeypatch):
    """How many rows the import took from the XLSX reader."""
    taken = []
    real = importer._xlsx_rows

    def counting(*args):
        for row in real(*args):
            taken.append(1)
            yield row

    monkeypatch.setattr(importer, "_xlsx_rows", counting)
    return taken


def _lines(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(BudgetLine))


def _refused_with(response, message: str) -> None:
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def _cell_row(number: int) -> bytes:
    return b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>EDU</t></is></c></row>' % (
        number,
        number,
    )


def test_a_sheet_declaring_a_million_rows_stops_at_the_row_cap(app, officer, rows_read):
    """A few real rows, a <dimension> of a million and a last row at 1,048,576: read-only
    openpyxl fills the gap with empty rows one by one, and the import stops at MAX_ROWS."""
    workbook = sheet_rows(xlsx_file(GOOD_ROWS), _cell_row(1_048_576), "A1:E1048576")
    assert len(workbook) < 20_000
    with peak_memory() as peak:
        response = officer(workbook, "budget.xlsx")
    _refused_with(response, f"The file has more than {importer.MAX_ROWS} rows")
    assert len(rows_read) == importer.MAX_ROWS + 1
    assert peak.bytes < 20 * MB
    assert _lines(app) == 0


def test_a_sheet_of_real_rows_past_the_cap_is_read_only_to_the_cap(app, officer, rows_read):
    rows = b"".join(b'<row r="%d"/>' % n for n in range(7, 100_000))
    workbook = sheet_rows(xlsx_file(GOOD_ROWS), rows)
    response = officer(workbook, "budget.xlsx")
    _refused_with(response, f"The file has more than {importer.MAX_ROWS} rows")
    assert len(rows_read) == importer.MAX_ROWS + 1
    assert _lines(app) == 0


def test_more_budget_lines_than_the_cap_stop_the_reading(app, officer, rows_read):
    line = ["EDU", "Programi", "wages", "1", "2"]
    rows = [[*line[:1], f"Programi {n}", *line[2:]] for n in range(importer.MAX_LINES + 500)]
    response = officer(xlsx_file(rows), "budget.xlsx")
    _refused_with(response, f"The file has more than {importer.MAX_LINES} lines.")
    assert len(rows_read) == importer.MAX_LINES + 2  # the header, the lines, one more
    assert _lines(app) == 0


def test_a_huge_shared_strings_part_is_refused_before_openpyxl_opens_it(app, officer, rows_read):
    """Two million distinct strings (46 MB): openpyxl's read-only mode would load them all."""
    strings = b"".join(b"<si><t>%x</t></si>" % n for n in range(2_000_000))
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    workbook = _with_shared_strings(xlsx_file(GOOD_ROWS), sst + strings + b"</sst>")
    with peak_memory() as peak:
        response = officer(workbook, "budget.xlsx")
    _refused_with(response, "The file expands to more than 25 MB when unpacked.")
    assert rows_read == []
    assert peak.bytes < 3.5 * len(workbook) + 8 * MB
    assert _lines(app) == 0


def test_more_shared_strings_than_an_import_reads_are_refused(app, officer, rows_read):
    strings = b"".join(b"<si><t>%x</t></si>" % n for n in range(400_000))
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    workbook = _with_shared_strings(xlsx_file(GOOD_ROWS), sst + strings + b"</sst>")
    response = officer(workbook, "budget.xlsx")
    _refused_with(response, "The file holds more than an import reads at once")
    assert rows_read == []
    assert _lines(app) == 0


def _with_shared_strings(workbook: bytes, sst: bytes) -> bytes:
    """The workbook with a shared-strings part, declared in its content types and relations."""
    types = read_entry(workbook, "[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    relations = read_entry(workbook, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>",
    )
    workbook = with_entry(workbook, "[Content_Types].xml", types)
    workbook = with_entry(workbook, "xl/_rels/workbook.xml.rels", relations)
    return with_entry(workbook, "xl/sharedStrings.xml", sst)


def test_one_row_of_half_a_million_cells_is_refused(app, officer, rows_read):
    """openpyxl builds a whole row before it yields it: this one would be 500,000 cells."""
    cells = varied([b"<c/>", b"<c></c>", b'<c t="n"/>'], 500_000)
    workbook = sheet_rows(xlsx_file(GOOD_ROWS), b'<row r="9">' + cells + b"</row>")
    with peak_memory() as peak:
        response = officer(workbook, "budget.xlsx")
    _refused_with(response, "The file holds more than an import reads at once")
    assert rows_read == []
    assert peak.bytes < 20 * MB
    assert _lines(app) == 0


def test_styles_of_a_million_nodes_are_refused(app, officer, rows_read):
    """openpyxl builds the whole stylesheet, a Python object for each format."""
    styles = read_entry(xlsx_file(GOOD_ROWS), "xl/styles.xml")
    formats = varied([b'<xf numFmtId="0"/>', b'<xf fontId="0"/>', b"<xf/>"], 500_000)
    styles = styles.replace(b"</cellXfs>", formats + b"</cellXfs>")
    workbook = with_entry(xlsx_file(GOOD_ROWS), "xl/styles.xml", styles)
    with peak_memory() as peak:
        response = officer(workbook, "budget.xlsx")
    _refused_with(response, "The file holds more than an import reads at once")
    assert peak.bytes < 20 * MB
    assert _lines(app) == 0


@pytest.mark.parametrize(
    ("bomb", "message"),
    [
        (
            lambda: with_zeros(xlsx_file(GOOD_ROWS), "xl/worksheets/sheet1.xml", 300 * MB),
            "The file expands to more than 25 MB when unpacked.",
        ),
        (
            lambda: with_many_entries(xlsx_file(GOOD_ROWS), 100_000),
            "The file holds more than 1000 parts.",
        ),
    ],
    ids=["zeros", "entries"],
)
def test_zip_bombs_are_refused_before_openpyxl_opens_them(app, officer, rows_read, bomb, message):
    data = bomb()
    with peak_memory() as peak:
        response = officer(data, "budget.xlsx")
    _refused_with(response, message)
    assert rows_read == []
    assert peak.bytes < 3.5 * len(data) + 8 * MB
    assert _lines(app) == 0


def test_a_csv_of_a_million_empty_lines_stops_at_the_row_cap(app, officer):
    with peak_memory() as peak:
        response = officer(b"\n" * 1_000_000, "budget.csv")
    _refused_with(response, f"The file has more than {importer.MAX_ROWS} rows")
    assert peak.bytes < 20 * MB  # csv.reader would make a million lists, 64 MB
    assert _lines(app) == 0


def test_a_csv_quotation_mark_never_closed_is_named_by_its_line(app, officer):
    rows = [*GOOD_ROWS, ["EDU", '"Programi', "wages", "1", "2"]]
    data = csv_file(rows) + b"more,lines\n" * 100
    response = officer(data, "budget.csv")
    _refused_with(response, "From line 6 on, the CSV file has a quotation mark that is never")
    assert _lines(app) == 0


def test_a_csv_line_of_megabytes_is_refused_unsplit(app, officer):
    data = csv_file(GOOD_ROWS) + b"a," * (3 * MB)
    with peak_memory() as peak:
        response = officer(data, "budget.csv")
    _refused_with(response, f"Line 6 of the CSV file is longer than {importer.MAX_LINE_CHARS}")
    # csv.reader would split the line into three million cells, 25 MB of list alone
    assert peak.bytes < 3.5 * len(data) + 8 * MB
    assert _lines(app) == 0


@pytest.mark.parametrize("name", ["budget.csv", "budget.xlsx"])
def test_an_import_that_takes_too_long_is_refused_and_changes_nothing(
    app, officer, monkeypatch, name
):
    """The clock moves a second at every look: the deadline (IMPORT_SECONDS, 15) passes while
    the rows are read."""
    assert officer(csv_file(GOOD_ROWS), "budget.csv").status_code == 302
    rows = [["EDU", f"Programi {n}", "wages", "1", "2"] for n in range(200)]
    data = csv_file(rows) if name.endswith(".csv") else xlsx_file(rows)
    ticks = itertools.count()
    monkeypatch.setattr(upload_limits, "clock", lambda: next(ticks))
    response = officer(data, name)
    _refused_with(response, "Reading the file took longer than 15 seconds, so nothing was")
    assert _lines(app) == len(GOOD_ROWS), "the draft imported before is kept"


def test_a_good_xlsx_is_still_imported(app, officer, rows_read):
    assert officer(xlsx_file(GOOD_ROWS), "budget.xlsx").status_code == 302
    assert _lines(app) == len(GOOD_ROWS)
    assert len(rows_read) == len(GOOD_ROWS) + 1


def test_a_proposal_photo_that_takes_too_long_to_read_is_refused(
    app, client, cycle, hearing, monkeypatch
):
    """The photo is checked against the deadline between its steps (header, decoding,
    re-encoding); the clock here moves a second at every look and the limit is two."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="PNG")
    monkeypatch.setitem(app.config, "IMPORT_SECONDS", 2)
    ticks = itertools.count()
    monkeypatch.setattr(upload_limits, "clock", lambda: next(ticks))
    url = f"/hearings/{hearing}/proposals/new?lang=en"
    with app.app_context():
        community = db.session.scalar(select(LocalCommunity.id))
    fields = {
        "csrf_token": csrf_token(client, url),
        "title": "Ndriçimi publik në Zallq",
        "local_community_id": str(community),
        "estimated_cost": "35000",
        "description": "Rruga kryesore nuk ka ndriçim.",
        "language": "sq",
        "proposer_name": "Arta Berisha",
        "proposer_email": "arta@example.org",
        "photo": Upload(buffer.getvalue(), "rruga.png"),
    }
    response = client.post(url, **multipart(fields))
    _refused_with(response, "Reading the file took longer than 2 seconds")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CapitalProposal)) == 0
