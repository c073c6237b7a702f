"""Exports of aggregates and reports: CSV, XLSX (openpyxl) and PDF (WeasyPrint from HTML)."""

from __future__ import annotations

import io
import re

from consult.analytics.lazy import lazy_module

pd = lazy_module("pandas")

#: characters a spreadsheet would read as the start of a formula (CSV/XLSX injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_safe_cell)
    safe.columns = [str(_safe_cell(str(c))) for c in safe.columns]
    return safe


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read Albanian letters)."""
    return _safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per frame; sheet names are cut to Excel's 31 characters."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        used: set[str] = set()
        for index, (name, frame) in enumerate(sheets.items(), 1):
            title = re.sub(r"[\[\]\*\?/\\:]", " ", name)[:28] or "Sheet"
            if title in used:
                title = f"{title[:25]} {index}"
            used.add(title)
            _safe_frame(frame).to_excel(writer, sheet_name=title, index=False)
    return buffer.getvalue()


def pdf_from_html(html: str, base_url: str | None = None) -> bytes:
    """A PDF of an HTML page (the report templates render to both)."""
    from weasyprint import HTML  # imported late: loading WeasyPrint takes a moment

    return HTML(string=html, base_url=base_url).write_pdf()
