"""The one export toolkit: what every report download shares: the print stylesheet, PDF from a
template or HTML (the one renderer, `consult.core.pdf`), XLSX and CSV from rows or from pandas
frames, and the download responses themselves (made here, or stored as uploaded).

WeasyPrint, openpyxl and pandas are imported inside the functions: a worker that never makes a
download never loads them.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Response, render_template, send_file

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

#: the print stylesheet of every PDF report: DejaVu covers Albanian and Serbian Cyrillic.
#: Every table fits the width of an A4 page: it takes the page's width and no more, its text
#: wraps between words (a word longer than its column breaks rather than run off the page),
#: a table with many columns (class "wide") is set smaller, and the column headings repeat on
#: every page the table runs over. A report whose tables need more room prints on landscape
#: pages: the whole document with `<body class="landscape">`, or one part of it with
#: `class="landscape"` on that part. A template's own <style> wins over these rules.
PDF_CSS = """
@page { size: A4 portrait; margin: 18mm 16mm; }
@page landscape { size: A4 landscape; margin: 14mm 12mm; }
.landscape { page: landscape; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 14pt; } h3 { font-size: 11pt; }
h1, h2, h3, caption { break-after: avoid; }
table { border-collapse: collapse; width: 100%; max-width: 100%; margin: 6pt 0;
        table-layout: auto; }
thead { display: table-header-group; } tfoot { display: table-footer-group; }
thead tr, tfoot tr { break-inside: avoid; }
th, td { border: 0.5pt solid #777; padding: 3pt 4pt; text-align: left; vertical-align: top;
         overflow-wrap: break-word; hyphens: manual; }
td { overflow-wrap: anywhere; }
table.wide { font-size: 7.5pt; line-height: 1.25; }
table.wide th, table.wide td { padding: 2pt 2.5pt; }
.number { text-align: right; }
caption { text-align: left; font-weight: bold; padding: 3pt 0; }
a { overflow-wrap: anywhere; }
td ul, th ul { margin: 0; padding-left: 10pt; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2pt 12pt; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; text-align: left; }
img, svg { max-width: 100%; }
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


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names are guarded against formula
    injection."""
    import pandas as pd  # heavy: only where a frame is exported

    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    safe.columns = [str(safe_cell(str(c))) for c in safe.columns]
    return safe


def frame_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A pandas frame as UTF-8 CSV with a byte-order mark, like `csv_bytes`."""
    return _safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def frames_workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per pandas frame; sheet names as `sheet_name` makes
    them."""
    import pandas as pd  # heavy: only where a frame is exported

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        used: set[str] = set()
        for name, frame in sheets.items():
            title = sheet_name(name, used)
            _safe_frame(frame).to_excel(writer, sheet_name=title, index=False)
    return buffer.getvalue()


def file_response(
    body: bytes, mimetype: str, filename: str, inline: bool = False, no_store: bool = False
) -> Response:
    """The one download response: `body` as `filename`, saved (or, `inline`, opened in the
    browser); `no_store` keeps it out of every cache (files with access codes or personal
    data)."""
    disposition = "inline" if inline else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{filename}"'}
    if no_store:
        headers["Cache-Control"] = "no-store"
    return Response(body, mimetype=mimetype, headers=headers)


def stored_file_response(path: Path, mimetype: str, filename: str | None = None) -> Response:
    """The one response for a file kept on disk as it was uploaded (a document, a draft budget,
    a proposal's photo): saved as `filename` when one is given, shown in the browser otherwise.
    Conditional requests (ETag, Last-Modified) answer 304 when the reader has it already."""
    if filename is None:
        return send_file(path, mimetype=mimetype)
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=filename)
