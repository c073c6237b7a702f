"""Charts: plotly figures for the browser and simple SVG for PDFs, always beside a data table.

The Content-Security-Policy allows scripts from this site only, so a figure travels as JSON in a
`<script type="application/json" class="chart-data">` block (data, never run) that
`static/js/charts.js` hands to plotly.js (served by `consult.analytics.views` from the plotly
package). Without JavaScript the table beside the chart carries the same numbers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

#: Okabe–Ito: distinguishable with every common colour-vision deficiency
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
#: a diverging scale for 5-point agreement: vermillion … grey … blue
LIKERT_COLOURS = ("#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2")

# A figure is written as plotly.js reads it, a plain {"data": [...], "layout": {...}}, not
# built with plotly's graph objects: those check every property on the server (10-17 ms a
# chart) and add plotly's default template to each figure (7 KB of style, most of it for
# kinds of chart the app never draws). The few values of that template the app's bar charts
# show are set here, so that they look as they did.
#: text colour, axes and bar outlines of plotly's default template ("plotly")
TEXT_COLOUR = "#2a3f5f"
BAR_OUTLINE = {"color": "#E5ECF6", "width": 0.5}
AXIS_STYLE = {
    "automargin": True,
    "gridcolor": "white",
    "linecolor": "white",
    "ticks": "",
    "title": {"standoff": 15},
    "zerolinecolor": "white",
    "zerolinewidth": 2,
}


@dataclass
class Chart:
    """A figure (plotly.js's JSON, as plain data) and the title of the table that carries the
    same data."""

    figure: dict
    title: str

    def json_block(self) -> Markup:
        """The figure as a JSON data block for charts.js: every text in it is plain text to
        plotly.js (`as_plain_text`), and `<` is escaped so nothing can end the block."""
        payload = json.dumps(
            as_plain_text(self.figure),
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
            default=_json_value,
        )
        payload = payload.replace("<", "\\u003c").replace(">", "\\u003e")
        return Markup('<script type="application/json" class="chart-data">{}</script>').format(
            Markup(payload)  # noqa: S704  # nosec B704
        )


def _json_value(value: object) -> object:
    """A number from the database or pandas as JSON: a Decimal (PostgreSQL's numeric) or a
    numpy number as a plain number, a missing one (pandas' NA) as null."""
    if isinstance(value, Decimal):
        return float(value)
    if type(value).__name__ == "NAType":
        return None
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    raise TypeError(f"{type(value).__name__} in a chart")


#: the characters plotly.js reads as markup in a label, and the entities it shows as themselves
_PLOTLY_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def as_plain_text(value: object) -> object:
    """`value` (a figure as JSON) with `&`, `<` and `>` written as entities in every string,
    and a number that is not one (NaN) as null.

    plotly.js draws a few tags in any label, title or legend (`<b>`, `<i>`, `<a href>`...), and
    labels come from what people wrote (project titles, options, community names): a project
    called `<a href="...">` would become a link in the chart. plotly.js shows the entities as
    the characters themselves, so the reader sees the text as written.
    """
    if isinstance(value, str):
        return value.translate(_PLOTLY_MARKUP)
    if isinstance(value, list | tuple):
        return [as_plain_text(item) for item in value]
    if isinstance(value, dict):
        return {key: as_plain_text(item) for key, item in value.items()}
    if isinstance(value, float) and value != value:
        return None
    return value


def bar_trace(colour: str, **values: object) -> dict:
    """One series of bars in `colour`, outlined as plotly's default template outlines them."""
    return {"type": "bar", "marker": {"color": colour, "line": dict(BAR_OUTLINE)}, **values}


def figure_of(
    traces: list[dict], title: str, height: int, axis: str | None = None, **layout: object
) -> dict:
    """A figure of `traces` with the app's layout: `title` above, `axis` naming the values'
    (x) axis, `height` pixels; `layout` adds or replaces layout values."""
    x_axis = {**AXIS_STYLE, "title": {"standoff": 15, "text": axis}} if axis else AXIS_STYLE
    return {
        "data": traces,
        "layout": {
            "title": {"text": title, "font": {"size": 15}, "x": 0.05},
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 50, "b": 40},
            "font": {"family": "DejaVu Sans, Arial, sans-serif", "color": TEXT_COLOUR},
            "paper_bgcolor": "white",
            "plot_bgcolor": "#FFFFFF",
            "colorway": list(OKABE_ITO),
            "legend": {"orientation": "h", "y": -0.15},
            "hovermode": "closest",
            "hoverlabel": {"align": "left"},
            "xaxis": dict(x_axis),
            "yaxis": dict(AXIS_STYLE),
            **layout,
        },
    }


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str, axis: str) -> Chart:
    """Horizontal bars, one per choice (hidden values left out)."""
    shown = [(lab, v) for lab, v in zip(labels, values, strict=True) if v is not None]
    bars = bar_trace(
        OKABE_ITO[0],
        y=[lab for lab, _v in shown][::-1],
        x=[v for _lab, v in shown][::-1],
        orientation="h",
    )
    return Chart(figure_of([bars], title, 120 + 32 * len(shown), axis), title)


def likert_chart(
    rows: Sequence[str], counts: Sequence[Sequence[int]], points: Sequence[str], title: str
) -> Chart:
    """Diverging stacked bars: disagreement left of zero, agreement right, neutral split.

    `counts[i][j]` is the number of answers of row i at scale point j (5 points); shares in %.
    """
    shares = [_percent(row) for row in counts]
    middle = len(points) // 2
    traces = []
    for j, point in enumerate(points):
        sign = -1 if j < middle else 1
        values = []
        for row in shares:
            value = row[j] / 2 if j == middle else row[j]
            values.append(value * sign)
        bars = {"y": list(rows), "name": point, "orientation": "h", "legendgroup": point}
        if j == middle:  # neutral: half on each side of zero
            traces.append(
                bar_trace(LIKERT_COLOURS[j], x=[-v for v in values], showlegend=False, **bars)
            )
        traces.append(bar_trace(LIKERT_COLOURS[j], x=values, **bars))
    figure = figure_of(traces, title, 140 + 40 * len(rows), "%", barmode="relative")
    figure["layout"]["xaxis"]["range"] = [-100, 100]
    return Chart(figure, title)


def _percent(row: Sequence[int]) -> list[float]:
    total = sum(row)
    return [100 * n / total if total else 0.0 for n in row]


def histogram(values: Sequence[float], counts: Sequence[int], title: str, axis: str) -> Chart:
    """The distribution of a number: how many answers gave each value."""
    bars = bar_trace(OKABE_ITO[2], x=list(values), y=list(counts))
    return Chart(figure_of([bars], title, 320, axis), title)


def svg_bars(labels: Sequence[str], values: Sequence[float | None], width: int = 480) -> Markup:
    """Plain SVG horizontal bars (for PDFs and for readers without JavaScript)."""
    shown = [(str(lab), v) for lab, v in zip(labels, values, strict=True) if v is not None]
    if not shown:
        return Markup("")
    top = max(v for _lab, v in shown) or 1
    row, label_width = 22, width // 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(shown) + 4}"'
        ' role="img" aria-hidden="true">'
    ]
    for i, (label, value) in enumerate(shown):
        y = i * row + 2
        bar = (width - label_width - 50) * value / top
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="11">{escape(_short(label))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar:.1f}" height="15"'
            f' fill="{OKABE_ITO[0]}"/>'
            f'<text x="{label_width + bar + 4:.1f}" y="{y + 15}" font-size="11">'
            f"{escape(_number(value))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
