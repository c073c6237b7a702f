"""Reading the draft budget from the finance directorate's CSV or XLSX file.

The file is checked whole before anything is imported: every bad row gets a message with its row
number (the header is row 1, as a spreadsheet program numbers it) and a file with any problem is
refused. Column headers and economic categories are recognised in Albanian, Serbian, Bosnian and
English.

Rows are read one at a time, a CSV line by line and an XLSX sheet with openpyxl's read-only
reader, and reading stops at the row caps (MAX_LINES, MAX_ROWS) and at the import's deadline.
An XLSX is judged by its ZIP directory and its XML is counted before openpyxl opens it
(consult.core.upload_limits).
"""

import csv
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from consult.core.documents import check_upload
from consult.core.models import Directorate
from consult.core.upload_limits import (
    BROKEN_ARCHIVE,
    Deadline,
    UploadRefused,
    XmlLimits,
    ZipLimits,
    check_size,
    check_xml,
    open_zip,
)
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l

#: most lines a draft budget file may have
MAX_LINES = 5000
#: most rows read, empty ones included: reading stops at the next one
MAX_ROWS = 4 * MAX_LINES
#: the columns read of each spreadsheet row (the budget has five; exports often have more)
MAX_COLUMNS = 50
#: longest line of a CSV file, in characters, and most lines one row may span (a quoted
#: cell may hold line breaks)
MAX_LINE_CHARS = 64 * 1024
MAX_LINES_PER_ROW = 20
#: a budget workbook may unpack to this much (5,000 lines take about 2 MB)
XLSX_LIMITS = ZipLimits(unpacked_bytes=25 * 1024 * 1024)
#: openpyxl builds the workbook, its styles and properties whole, an object of a few hundred
#: bytes a node (150,000 of them take about 3 seconds), and reads a sheet row by row and the
#: shared strings one by one (each of them counts as one node)
XLSX_XML = XmlLimits(
    nodes=150_000,
    streamed_roots=frozenset({"worksheet", "sst"}),
    items=frozenset({"row", "si"}),
    item_nodes=50_000,
)
#: amounts from this many euros up are refused (no municipal budget line comes near it, and
#: the database column would overflow long after)
MAX_EUROS = 10**12
#: the columns of the file, in the order of the downloadable template
COLUMNS = ("directorate", "programme", "category", "current", "proposed")
COLUMN_LABELS = {
    "directorate": _l("directorate"),
    "programme": _l("programme"),
    "category": _l("economic category"),
    "current": _l("current year"),
    "proposed": _l("proposed amount"),
}


def normalise(text: object) -> str:
    """Lower case, without accents and punctuation: how headers and labels are compared."""
    value = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = value.replace("đ", "d").replace("ð", "d")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value).split())


_HEADERS = {
    "directorate": (
        "directorate",
        "directorate code",
        "drejtoria",
        "drejtori",
        "kodi i drejtorise",
        "direkcija",
        "sifra direkcije",
    ),
    "programme": ("programme", "program", "programi", "programi buxhetor"),
    "category": (
        "economic category",
        "category",
        "kategoria ekonomike",
        "kategoria",
        "ekonomska kategorija",
        "kategorija",
    ),
    "current": (
        "current year",
        "current year amount",
        "current",
        "current budget",
        "viti aktual",
        "viti rrjedhes",
        "buxheti aktual",
        "tekuca godina",
        "tekuci budzet",
        "iznos tekuce godine",
    ),
    "proposed": (
        "proposed",
        "proposed amount",
        "proposed year",
        "proposed budget",
        "propozuar",
        "shuma e propozuar",
        "buxheti i propozuar",
        "viti i propozuar",
        "predlozeno",
        "predlozeni iznos",
        "predlozeni budzet",
    ),
}
HEADER_NAMES = {name: column for column, names in _HEADERS.items() for name in names}

_CATEGORIES = {
    "wages": (
        "wages",
        "wages and salaries",
        "salaries",
        "paga",
        "pagat",
        "paga dhe meditje",
        "pagat dhe meditjet",
        "plate",
        "plate i dnevnice",
        "plate i nadnice",
    ),
    "goods_services": (
        "goods services",
        "goods and services",
        "mallra dhe sherbime",
        "mallrat dhe sherbimet",
        "roba i usluge",
        "robe i usluge",
    ),
    "utilities": (
        "utilities",
        "shpenzime komunale",
        "shpenzimet komunale",
        "komunalite",
        "komunalije",
        "komunalni troskovi",
        "komunalne usluge",
    ),
    "subsidies": (
        "subsidies",
        "subsidies and transfers",
        "subvencione",
        "subvencione dhe transfere",
        "subvencionet dhe transferet",
        "subvencije",
        "subvencije i transferi",
    ),
    "capital": (
        "capital",
        "capital investment",
        "capital investments",
        "capital expenditure",
        "investime kapitale",
        "investimet kapitale",
        "shpenzime kapitale",
        "kapitalne investicije",
        "kapitalni rashodi",
        "kapitalni izdaci",
    ),
}
CATEGORY_NAMES = {name: code for code, names in _CATEGORIES.items() for name in names} | {
    code.replace("_", " "): code for code in _CATEGORIES
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with the file; `row` is the spreadsheet row, None for the whole file."""

    row: int | None
    message: object

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class ParsedLine:
    """A good row of the file."""

    row: int
    directorate_id: int
    programme: str
    category: str
    current_cents: int
    proposed_cents: int


@dataclass
class ParsedBudget:
    """The file's lines and its problems; import only when `problems` is empty."""

    lines: list[ParsedLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    file_type: str = ""


class AmountError(ValueError):
    """A cell that is not a non-negative amount of euros."""


def parse_cents(value: object) -> int:
    """Euro cents of a cell: a number, or text like "1.234,50", "1,234.50", "€ 12 000".

    With both separators the last one is the decimal separator; a lone separator followed by
    exactly three digits separates thousands. Raises AmountError for anything else.
    """
    if isinstance(value, bool):
        raise AmountError(value)
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        amount = _decimal_from_text(str(value))
    if not amount.is_finite() or abs(amount) >= MAX_EUROS:
        raise AmountError(value)
    return int((amount * 100).quantize(Decimal("1")))


_THOUSANDS_ONLY = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")


def _decimal_from_text(text: str) -> Decimal:
    cleaned = re.sub(r"[\s\u00a0\u202f€]|EUR", "", text.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"-?[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise AmountError(text)
    sign, digits = ("-", cleaned[1:]) if cleaned.startswith("-") else ("", cleaned)
    if "," in digits and "." in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        digits = digits.replace(thousands, "").replace(decimal_mark, ".")
    elif _THOUSANDS_ONLY.match(digits):
        digits = digits.replace(",", "").replace(".", "")
    elif digits.count(",") == 1 and "." not in digits:
        digits = digits.replace(",", ".")
    try:
        return Decimal(sign + digits)
    except InvalidOperation as error:
        raise AmountError(text) from error


def read_upload(data: bytes, filename: str, max_bytes: int, deadline: Deadline) -> tuple:
    """The rows of an uploaded CSV or XLSX file, read one by one as lists of cells, and the
    file's type.

    Raises UploadRefused (here or while the rows are read) when the file is not what its name
    says, too large, unreadable or too slow to read.
    """
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if extension == "csv":
        if not data:
            raise UploadRefused(_l("The file is empty."))
        check_size(data, max_bytes)
        if b"\x00" in data:
            raise UploadRefused(_l("The CSV file is not UTF-8 text."))
        return _csv_rows(data, deadline), "csv"
    if extension == "xlsx":
        checked = check_upload(
            data, filename, max_bytes, XLSX_LIMITS.unpacked_bytes, allowed={"xlsx"}
        )
        return _xlsx_rows(checked.data, deadline), "xlsx"
    raise UploadRefused(_l("Only CSV and XLSX files are accepted."))


def _csv_rows(data: bytes, deadline: Deadline) -> Iterator[list]:
    """The rows of a UTF-8 CSV file, decoded and split as they are read; the delimiter is the
    one of comma, semicolon and tab that the first line has most of."""
    first_line = re.split(rb"[\r\n]", data[: MAX_LINE_CHARS + 1], maxsplit=1)[0]
    first_line = first_line.decode("utf-8", errors="replace")
    delimiter = max(",;\t", key=first_line.count) if first_line.strip() else ","
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    lines = _CsvLines(text, deadline)
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            lines.row_done()
            yield list(row)
    except csv.Error as error:
        raise UploadRefused(_l("The CSV file cannot be read.")) from error
    except UnicodeDecodeError as error:
        raise UploadRefused(_l("The CSV file is not UTF-8 text.")) from error


class _CsvLines:
    """The lines of a CSV text for csv.reader, each read against the deadline; a line longer
    than MAX_LINE_CHARS, or a row spread over more than MAX_LINES_PER_ROW lines (a quotation
    mark never closed), stops the reading."""

    def __init__(self, stream: io.TextIOWrapper, deadline: Deadline) -> None:
        self.stream = stream
        self.deadline = deadline
        self.number = 0
        self.row_start = 1

    def __iter__(self) -> "_CsvLines":
        return self

    def __next__(self) -> str:
        line = self.stream.readline(MAX_LINE_CHARS + 1)
        if not line:
            raise StopIteration
        self.deadline.check()
        self.number += 1
        if len(line) > MAX_LINE_CHARS:
            raise UploadRefused(
                _ln(
                    "Line %(line)s of the CSV file is longer than %(count)s character.",
                    "Line %(line)s of the CSV file is longer than %(count)s characters.",
                    MAX_LINE_CHARS,
                    line=self.number,
                    count=MAX_LINE_CHARS,
                )
            )
        if self.number - self.row_start >= MAX_LINES_PER_ROW:
            raise UploadRefused(
                _l(
                    "From line %(line)s on, the CSV file has a quotation mark that is never "
                    "closed.",
                    line=self.row_start,
                )
            )
        return line

    def row_done(self) -> None:
        """The reader has made a row of the lines read so far."""
        self.row_start = self.number + 1


def _xlsx_rows(data: bytes, deadline: Deadline) -> Iterator[list]:
    """The first sheet's rows, streamed by openpyxl's read-only reader once the container and
    its XML are within XLSX_LIMITS and XLSX_XML; at most MAX_COLUMNS cells a row."""
    from openpyxl import load_workbook

    unreadable = _l("The spreadsheet cannot be read.")
    try:
        with open_zip(data, XLSX_LIMITS) as archive:
            check_xml(archive, XLSX_XML, deadline)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UploadRefused:
        raise
    except (*BROKEN_ARCHIVE, KeyError, ValueError, TypeError, IndexError) as error:
        raise UploadRefused(unreadable) from error
    try:
        deadline.check()
        sheet = workbook.worksheets[0]
        # the rows the sheet holds, not the range its <dimension> claims (which read-only
        # mode would otherwise trust, padding or cutting rows to it)
        sheet.reset_dimensions()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                yield list(row)
    except (*BROKEN_ARCHIVE, KeyError, ValueError, TypeError, IndexError) as error:
        raise UploadRefused(unreadable) from error
    finally:
        workbook.close()


def _numbered(rows: Iterable[list], deadline: Deadline) -> Iterator[tuple[int, list]]:
    """The rows with their spreadsheet numbers; stops with UploadRefused past MAX_ROWS."""
    for number, row in enumerate(rows, 1):
        deadline.check()
        if number > MAX_ROWS:
            raise UploadRefused(
                _ln(
                    "The file has more than %(count)s row, empty ones included; delete the "
                    "empty rows below the budget.",
                    "The file has more than %(count)s rows, empty ones included; delete the "
                    "empty rows below the budget.",
                    MAX_ROWS,
                    count=MAX_ROWS,
                )
            )
        yield number, row


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _directorate_index(directorates: list[Directorate]) -> dict[str, int]:
    index: dict[str, int] = {}
    for directorate in directorates:
        for name in (directorate.name or {}).values():
            if name:
                index.setdefault(normalise(name), directorate.id)
    for directorate in directorates:  # codes win over names
        index[normalise(directorate.code)] = directorate.id
    return index


def parse_rows(
    rows: Iterable[list], directorates: list[Directorate], deadline: Deadline
) -> ParsedBudget:
    """Check every row of the file as it is read; the first non-empty row is the header.

    Reading stops after MAX_LINES lines, past MAX_ROWS rows or at the deadline.
    """
    result = ParsedBudget()
    numbered = _numbered(rows, deadline)
    found = next(((n, row) for n, row in numbered if not all(_blank(c) for c in row)), None)
    if found is None:
        result.problems.append(Problem(None, _l("The file has no header row and no lines.")))
        return result
    header_row, header = found
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = HEADER_NAMES.get(normalise(cell))
        if column and column not in positions:
            positions[column] = index
    missing = [column for column in COLUMNS if column not in positions]
    for column in missing:
        result.problems.append(
            Problem(
                header_row,
                _l(
                    "Row %(row)s: the column “%(column)s” is missing from the header.",
                    row=header_row,
                    column=COLUMN_LABELS[column],
                ),
            )
        )
    if missing:
        return result
    _parse_lines(numbered, positions, _directorate_index(directorates), result)
    if not result.lines and not result.problems:
        result.problems.append(Problem(None, _l("The file has no budget lines.")))
    return result


def _cell(row: list, index: int) -> object:
    return row[index] if index < len(row) else None


def _parse_lines(numbered, positions, directorate_ids, result: ParsedBudget) -> None:
    seen: dict[tuple, int] = {}
    count = 0
    for number, row in numbered:
        if all(_blank(c) for c in row):
            continue
        count += 1
        if count > MAX_LINES:
            result.problems.append(
                Problem(
                    None,
                    _ln(
                        "The file has more than %(count)s line.",
                        "The file has more than %(count)s lines.",
                        MAX_LINES,
                        count=MAX_LINES,
                    ),
                )
            )
            return
        line = _parse_line(number, row, positions, directorate_ids, result.problems)
        if line is None:
            continue
        key = (line.directorate_id, normalise(line.programme), line.category)
        if key in seen:
            result.problems.append(
                Problem(
                    number,
                    _l(
                        "Row %(row)s: the same directorate, programme and economic category "
                        "as row %(first)s.",
                        row=number,
                        first=seen[key],
                    ),
                )
            )
            continue
        seen[key] = number
        result.lines.append(line)


def _parse_line(number, row, positions, directorate_ids, problems) -> ParsedLine | None:
    before = len(problems)
    texts = {}
    for column in ("directorate", "programme", "category"):
        value = _cell(row, positions[column])
        if _blank(value):
            problems.append(
                Problem(
                    number,
                    _l(
                        "Row %(row)s: the “%(column)s” cell is empty.",
                        row=number,
                        column=COLUMN_LABELS[column],
                    ),
                )
            )
        texts[column] = str(value or "").strip()
    directorate_id = directorate_ids.get(normalise(texts["directorate"]))
    if texts["directorate"] and directorate_id is None:
        problems.append(
            Problem(
                number,
                _l(
                    "Row %(row)s: the directorate “%(value)s” is not known; use its code or "
                    "its name.",
                    row=number,
                    value=texts["directorate"][:80],
                ),
            )
        )
    category = CATEGORY_NAMES.get(normalise(texts["category"]))
    if texts["category"] and category is None:
        problems.append(
            Problem(
                number,
                _l(
                    "Row %(row)s: the economic category “%(value)s” is not known; use wages, "
                    "goods and services, utilities, subsidies or capital investment.",
                    row=number,
                    value=texts["category"][:80],
                ),
            )
        )
    if len(texts["programme"]) > 200:
        problems.append(
            Problem(
                number,
                _l("Row %(row)s: the programme name is longer than 200 characters.", row=number),
            )
        )
    amounts = {
        column: _amount(number, row, positions, column, problems)
        for column in ("current", "proposed")
    }
    if len(problems) > before or directorate_id is None or category is None:
        return None
    return ParsedLine(
        number,
        directorate_id,
        texts["programme"],
        category,
        amounts["current"],
        amounts["proposed"],
    )


def _amount(number: int, row: list, positions: dict, column: str, problems: list) -> int:
    value = _cell(row, positions[column])
    label = COLUMN_LABELS[column]
    if _blank(value):
        problems.append(
            Problem(
                number,
                _l("Row %(row)s: the “%(column)s” cell is empty.", row=number, column=label),
            )
        )
        return 0
    try:
        cents = parse_cents(value)
    except AmountError:
        problems.append(
            Problem(
                number,
                _l(
                    "Row %(row)s: “%(value)s” in the column “%(column)s” is not an amount.",
                    row=number,
                    value=str(value)[:40],
                    column=label,
                ),
            )
        )
        return 0
    if cents < 0:
        problems.append(
            Problem(
                number,
                _l(
                    "Row %(row)s: the amount in the column “%(column)s” is negative.",
                    row=number,
                    column=label,
                ),
            )
        )
    return cents
