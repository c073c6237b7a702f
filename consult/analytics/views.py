"""The routes of the analytics toolkit: plotly.js, served by the app from the installed
plotly package (no CDN, and no copy of the library kept in the repository)."""

import importlib.util
from pathlib import Path

from flask import make_response, send_file

from consult.analytics import bp
from consult.analytics.plotly_css import style_markers
from consult.analytics.plotly_css import stylesheet as plotly_stylesheet

#: found without importing plotly (the package is only needed where a figure is drawn)
PLOTLY_JS = (
    Path(importlib.util.find_spec("plotly").origin).parent / "package_data" / "plotly.min.js"
)


@bp.route("/assets/js/plotly.min.js")
def plotly_js():
    """The plotly.js bundle that matches the installed plotly, cached for a day."""
    return send_file(PLOTLY_JS, mimetype="text/javascript", max_age=86400)


@bp.route("/assets/css/plotly.css")
def plotly_css():
    """plotly.js's style rules as a file: the CSP refuses the `<style>` plotly.js would write."""
    response = make_response(plotly_stylesheet(PLOTLY_JS))
    response.mimetype = "text/css"
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response


@bp.app_template_global("plotly_style_markers")
def plotly_style_markers() -> tuple[str, ...]:
    """The ids a chart page marks so that plotly.js writes no `<style>` of its own."""
    return style_markers(PLOTLY_JS)
