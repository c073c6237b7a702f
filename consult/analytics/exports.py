"""Exports of aggregates and reports: CSV, XLSX (openpyxl) and PDF (`pdf_from_html`, the renderer
of `consult.core.reports`, which fetches nothing but the app's own static files)."""

from __future__ import annotations

import io

from consult.core.lazy import lazy_module
from consult.core.reports import pdf_from_html as pdf_from_html  # the one PDF renderer
from consult.core.reports import safe_cell, sheet_name

pd = lazy_module("pandas")


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    safe.columns = [str(safe_cell(str(c))) for c in safe.columns]
    return safe


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read Albanian letters)."""
    return _safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per frame; sheet names are cut to Excel's 31 characters."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        used: set[str] = set()
        for name, frame in sheets.items():
            title = sheet_name(name, used)
            _safe_frame(frame).to_excel(writer, sheet_name=title, index=False)
    return buffer.getvalue()
