"""The analytics toolkit every report uses: counts from SQL as DataFrames (`frames`), charts
with a data table beside them (`charts`: plotly, and SVG bars for PDFs) and charts drawn as SVG
on the server (`svg`). Every chart of the app goes through here; the exports to CSV, XLSX and
PDF are `consult.core.reports`.

It knows no feature: features pass it SQL statements and labels. Every breakdown it shows goes
through `consult.core.anonymity`.
"""

from flask import Blueprint

bp = Blueprint("analytics", __name__)
