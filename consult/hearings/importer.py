"""Reading the draft budget from the finance directorate's CSV or XLSX file.

The file is checked whole before anything is imported: every bad row gets a message with its row
number (the header is row 1, as a spreadsheet program numbers it) and a file with any problem is
refused. Column headers and economic categories are recognised in Albanian, Serbian, Bosnian and
English.
"""

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from consult.core.documents import UploadRefused, check_upload
from consult.core.models import Directorate
from consult.i18n import lazy_text as _l

#: most lines a draft budget file may have
MAX_LINES = 5000
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


def read_upload(data: bytes, filename: str, max_bytes: int, max_unpacked: int) -> tuple:
    """The rows of an uploaded CSV or XLSX file as lists of cells, and its type.

    Raises UploadRefused when the file is not what its name says, too large, or unreadable.
    """
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if extension == "csv":
        if not data:
            raise UploadRefused(_l("The file is empty."))
        if len(data) > max_bytes:
            raise UploadRefused(
                _l("The file is larger than %(size)s MB.", size=max_bytes // (1024 * 1024))
            )
        return _csv_rows(data), "csv"
    if extension == "xlsx":
        checked = check_upload(data, filename, max_bytes, max_unpacked, allowed={"xlsx"})
        return _xlsx_rows(checked.data), "xlsx"
    raise UploadRefused(_l("Only CSV and XLSX files are accepted."))


def _csv_rows(data: bytes) -> list[list]:
    if b"\x00" in data:
        raise UploadRefused(_l("The CSV file is not UTF-8 text."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRefused(_l("The CSV file is not UTF-8 text.")) from error
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise UploadRefused(_l("The CSV file cannot be read.")) from error


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            finally:
                workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError) as error:
        raise UploadRefused(_l("The spreadsheet cannot be read.")) from error
    return rows


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


def parse_rows(rows: list[list], directorates: list[Directorate]) -> ParsedBudget:
    """Check every row of the file; the first non-empty row is the header."""
    result = ParsedBudget()
    numbered = [(number, row) for number, row in enumerate(rows, 1)]
    while numbered and all(_blank(c) for c in numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        result.problems.append(Problem(None, _l("The file has no header row and no lines.")))
        return result
    header_row, header = numbered[0]
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
    _parse_lines(numbered[1:], positions, _directorate_index(directorates), result)
    if not result.lines and not result.problems:
        result.problems.append(Problem(None, _l("The file has no budget lines.")))
    if len(result.lines) > MAX_LINES:
        result.problems.append(
            Problem(None, _l("The file has more than %(count)s lines.", count=MAX_LINES))
        )
    return result


def _cell(row: list, index: int) -> object:
    return row[index] if index < len(row) else None


def _parse_lines(numbered, positions, directorate_ids, result: ParsedBudget) -> None:
    seen: dict[tuple, int] = {}
    for number, row in numbered:
        if all(_blank(c) for c in row):
            continue
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
