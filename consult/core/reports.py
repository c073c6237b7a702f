"""What every report download shares: the print stylesheet, PDF from a template or HTML (the one
renderer, `consult.core.pdf`), XLSX and CSV.

WeasyPrint and openpyxl are imported inside the functions: a worker that never makes a download
never loads them.
"""

import csv
import io
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import render_template

#: the print stylesheet of every PDF report: DejaVu covers Albanian and Serbian Cyrillic
PDF_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 14pt; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 0.5pt solid #777; padding: 3pt 4pt; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; padding: 3pt 0; }
.muted, .fallback { color: #555; }
"""

#: characters a spreadsheet would read as the start of a formula (CSV/XLSX injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: characters Excel refuses in a sheet name
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]\*\?/\\:]")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def pdf_from_html(
    html: str,
    base_url: str | None = None,
    cache: bool = False,
    stylesheets: Sequence[str] = (),
) -> bytes:
    """A PDF of an HTML page (the report templates render to both), fetching nothing but the
    app's own static files and data: images (`consult.core.pdf`); relative URLs resolve against
    `base_url`, by default the root of the current request. `cache=True` reuses the PDF of the
    very same HTML: only for reports anyone may read that hold no access code or personal
    data."""
    from consult.core.pdf import render_pdf  # WeasyPrint: heavy, only where a PDF is made

    return render_pdf(html, stylesheets, base_url, cache)


def pdf_from_template(template: str, cache: bool = False, **context: object) -> bytes:
    """A PDF of `template` rendered with `context`, printed with the report stylesheet;
    `cache` as for `pdf_from_html`."""
    html = render_template(template, **context)
    return pdf_from_html(html, cache=cache, stylesheets=(PDF_CSS,))


@dataclass
class Sheet:
    """One worksheet: a bold header row, then the rows; optional column widths."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] = ()


def sheet_name(title: str, used: set[str]) -> str:
    """A name Excel accepts (no []*?/\\:, at most 31 characters), unique in the workbook."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    number = 2
    while name in used:
        suffix = f" {number}"
        name = name[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name)
    return name


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook of `sheets`, every text cell guarded against formula injection."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet_name(str(sheet.title), used))
        worksheet.append([str(safe_cell(str(header))) for header in sheet.headers])
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            worksheet.append([safe_cell(value) for value in row])
        for index, width in enumerate(sheet.widths, 1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about dates without a time zone
        workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (spreadsheet programs then read Albanian letters)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
