"""The one route of the analytics toolkit: plotly.js, served by the app from the installed
plotly package (no CDN, and no copy of the library kept in the repository)."""

import importlib.util
from pathlib import Path

from flask import Blueprint, send_file

bp = Blueprint("analytics", __name__)

#: found without importing plotly (the package is only needed where a figure is drawn)
PLOTLY_JS = (
    Path(importlib.util.find_spec("plotly").origin).parent / "package_data" / "plotly.min.js"
)


@bp.route("/assets/js/plotly.min.js")
def plotly_js():
    """The plotly.js bundle that matches the installed plotly, cached for a day."""
    return send_file(PLOTLY_JS, mimetype="text/javascript", max_age=86400)
