"""Reading a CSV file of list members (name, email, language, consent_how, consent_date):
every row is checked and every bad one named with its line, before anything is written.

The file is judged by its content, not its name: UTF-8 text (a BOM allowed), without NUL bytes,
at most AUDIENCE_IMPORT_MAX_BYTES and AUDIENCE_IMPORT_MAX_ROWS, separated by commas or
semicolons (as spreadsheets save it), with a header row naming the columns.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from consult.core.labels import RECORDED_CONSENT_WAYS
from consult.core.upload_limits import Deadline, UploadRefused, check_size
from consult.i18n import LOCALES
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l

#: the columns of the file, as its header names them; `name` may be left out
COLUMNS = ("name", "email", "language", "consent_how", "consent_date")
REQUIRED_COLUMNS = ("email", "language", "consent_how", "consent_date")
#: other spellings of a column's name in the header
COLUMN_ALIASES = {"e-mail": "email", "e_mail": "email", "lang": "language", "locale": "language"}
#: the longest name kept
NAME_MAX_LENGTH = 200
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")
_LANGUAGES = {code.lower(): code for code in LOCALES} | {
    "sr-latn": "sr_Latn",
    "sr_cyrl": "sr",
    "sr-cyrl": "sr",
}


@dataclass(frozen=True)
class MemberRow:
    """One good row of the file."""

    line: int
    name: str
    email: str
    locale: str
    consent_how: str
    consent_on: dt.date


@dataclass(frozen=True)
class Problem:
    """A bad row (or the file itself, line 0): its line and what is wrong with it."""

    line: int
    message: object


class ImportRefused(Exception):
    """The file cannot be imported; `problems` lists every bad line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def file_text(data: bytes, max_bytes: int) -> str:
    """The text of an uploaded file; UploadRefused when it is too large or not UTF-8 text."""
    check_size(data, max_bytes)
    if b"\x00" in data:
        raise UploadRefused(_l("This is not a CSV file: it holds binary data."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused(
            _l("The file is not in UTF-8: save it from the spreadsheet as “CSV UTF-8”.")
        ) from None


def read_members(text: str, today: dt.date, max_rows: int, deadline: Deadline) -> list[MemberRow]:
    """Every row of `text` checked; ImportRefused naming every bad line if any is wrong."""
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ImportRefused([Problem(0, _l("The file is empty."))])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error:
        raise ImportRefused([Problem(1, _l("The header row cannot be read."))]) from None
    columns = _columns(header)
    rows: list[MemberRow] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            problems.append(Problem(start, _l("This line cannot be read as CSV.")))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(problems) >= max_rows:
            raise ImportRefused(
                [
                    Problem(
                        start,
                        _ln(
                            "The file has more than %(count)s row of members.",
                            "The file has more than %(count)s rows of members.",
                            max_rows,
                            count=max_rows,
                        ),
                    )
                ]
            )
        if len(rows) % 100 == 0:
            deadline.check()
        row = _read_row(start, cells, columns, today, problems)
        if row is None:
            continue
        if row.email in first_line:
            problems.append(
                Problem(
                    start,
                    _l(
                        "The address appears twice: first on line %(line)s.",
                        line=first_line[row.email],
                    ),
                )
            )
            continue
        first_line[row.email] = start
        rows.append(row)
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused([Problem(0, _l("The file has no members under its header."))])
    return rows


def _columns(header: list[str]) -> dict[str, int]:
    """{column: position} from the header row; ImportRefused when a required one is missing."""
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = cell.strip().lower().replace(" ", "_")
        name = COLUMN_ALIASES.get(name, name)
        if name in COLUMNS and name not in columns:
            columns[name] = position
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportRefused(
            [
                Problem(
                    1,
                    _l(
                        "The header row lacks the columns %(columns)s. It must name: %(expected)s.",
                        columns=", ".join(missing),
                        expected=", ".join(COLUMNS),
                    ),
                )
            ]
        )
    return columns


def _read_row(
    line: int, cells: list[str], columns: dict[str, int], today: dt.date, problems: list
) -> MemberRow | None:
    """The row at `line`, or None with its problems added (every wrong cell of it)."""

    def cell(name: str) -> str:
        position = columns.get(name)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    found = []
    name = cell("name")
    if len(name) > NAME_MAX_LENGTH:
        found.append(
            _ln(
                "The name is longer than %(count)s character.",
                "The name is longer than %(count)s characters.",
                NAME_MAX_LENGTH,
                count=NAME_MAX_LENGTH,
            )
        )
    elif any(ord(c) < 32 for c in name):
        found.append(_l("The name contains characters that are not allowed."))
    email = _email(cell("email"), found)
    locale = _LANGUAGES.get(cell("language").lower().replace(" ", ""))
    if locale is None:
        found.append(
            _l(
                "The language “%(value)s” is not one of %(codes)s.",
                value=cell("language")[:40],
                codes=", ".join(LOCALES),
            )
        )
    how = cell("consent_how").lower()
    if how == "web":
        found.append(
            _l(
                "Consent by the web form is recorded only when a person signs up on the "
                "public page and follows the link."
            )
        )
    elif how not in RECORDED_CONSENT_WAYS:
        found.append(
            _l(
                "The consent “%(value)s” is not one of %(codes)s.",
                value=cell("consent_how")[:40],
                codes=", ".join(RECORDED_CONSENT_WAYS),
            )
        )
    consent_on = _date(cell("consent_date"), today, found)
    problems.extend(Problem(line, message) for message in found)
    if found or email is None or locale is None or consent_on is None:
        return None
    return MemberRow(line, name, email, locale, how, consent_on)


def _email(value: str, found: list) -> str | None:
    if not value:
        found.append(_l("The e-mail address is missing."))
        return None
    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        found.append(_l("“%(value)s” is not a valid e-mail address.", value=value[:254]))
        return None
    address = checked.normalized.lower()
    if len(address) > 254:
        found.append(_l("“%(value)s” is not a valid e-mail address.", value=value[:254]))
        return None
    return address


def _date(value: str, today: dt.date, found: list) -> dt.date | None:
    """The day of consent: 2026-03-01 or 1.3.2026, not after today."""
    day = None
    try:
        if _DOTTED_DATE.match(value):
            d, m, y = _DOTTED_DATE.match(value).groups()
            day = dt.date(int(y), int(m), int(d))
        elif len(value) == 10:
            day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None:
        found.append(
            _l(
                "The consent date “%(value)s” is not a date such as 2026-03-01 or 1.3.2026.",
                value=value[:40],
            )
        )
        return None
    if day > today:
        found.append(_l("The consent date is in the future."))
        return None
    return day
