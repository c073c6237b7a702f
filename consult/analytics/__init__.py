"""The analytics toolkit every report uses: counts from SQL as DataFrames (`frames`), charts
with a data table beside them (`charts`) and exports to CSV, XLSX and PDF (`exports`).

It knows no feature: features pass it SQL statements and labels. Every breakdown it shows goes
through `consult.core.anonymity`.
"""

from flask import Blueprint

bp = Blueprint("analytics", __name__)
