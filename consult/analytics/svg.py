"""Charts drawn as SVG on the server, with no script: the geometry here, the drawing in a
template macro (templates/analytics/_compared_bars.html). A table beside each chart carries the
exact numbers; `consult.analytics.charts` holds the plotly charts and the SVG bars of PDFs."""

from collections.abc import Callable, Sequence

from consult.i18n import localize

#: width of the label column, of the bars and height of one row (SVG units)
LABEL_WIDTH, BAR_AREA, ROW_HEIGHT = 270, 380, 34
#: characters of a label shown before it is cut
LABEL_LIMIT = 40


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def compared_bars(
    rows: Sequence[tuple[dict | str, int, int]], amount_text: Callable[[int], str]
) -> dict:
    """Geometry of a horizontal bar chart comparing two amounts per row (the current year's
    and the proposed, say), drawn by the `bar_chart` macro of templates/analytics/
    _compared_bars.html. A label is a text or a translated name (a dict of languages, shown in
    the reader's language); `amount_text` writes an amount for the bar's tooltip and end."""
    largest = max([max(c, p) for _, c, p in rows] or [1]) or 1
    bars = []
    for index, (label, current, proposed) in enumerate(rows):
        top = 30 + index * ROW_HEIGHT
        shown = localize(label) if isinstance(label, dict) else None
        bars.append(
            {
                "label": shorten(shown.text if shown else str(label), LABEL_LIMIT),
                "lang": shown.html_lang if shown else None,
                "y": top,
                "current": round(BAR_AREA * current / largest),
                "proposed": round(BAR_AREA * proposed / largest),
                "current_text": amount_text(current),
                "proposed_text": amount_text(proposed),
            }
        )
    return {
        "bars": bars,
        "x": LABEL_WIDTH,
        "width": LABEL_WIDTH + BAR_AREA + 110,
        "height": 40 + len(rows) * ROW_HEIGHT,
    }
