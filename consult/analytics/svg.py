"""Charts drawn on the server, with no script: the geometry here, the drawing in a template
macro (templates/analytics/_compared_bars.html: text in HTML, bars in SVG). A table beside
each chart carries the exact numbers; `consult.analytics.charts` holds the plotly charts and
the SVG bars of PDFs."""

from collections.abc import Callable, Sequence

from consult.i18n import localize


def compared_bars(
    rows: Sequence[tuple[dict | str, int, int]],
    amount_text: Callable[[int], str],
    links: Sequence[str] | None = None,
) -> dict:
    """What the `bar_chart` macro of templates/analytics/_compared_bars.html draws: per row its
    whole label (never cut: a line of text above its bars, wrapped on a phone), the current and
    the proposed amount as a share of the largest amount (0-100, the bars' lengths) and the
    amounts as text. A label is a text or a translated name (a dict of languages, shown in the
    reader's language, or marked as shown in another); `amount_text` writes an amount; `links`,
    one per row, make each label a link (to the row's own page or section: a drill-down)."""
    largest = max([max(c, p) for _, c, p in rows] or [1]) or 1
    bars = []
    for index, (label, current, proposed) in enumerate(rows):
        shown = localize(label) if isinstance(label, dict) else None
        bars.append(
            {
                "label": shown.text if shown else str(label),
                "lang": shown.html_lang if shown else None,
                # the language it is shown in when not the reader's, for the "shown in" marker
                "fallback": shown.locale if shown and shown.is_fallback else None,
                "current": round(100 * current / largest, 1),
                "proposed": round(100 * proposed / largest, 1),
                "current_text": amount_text(current),
                "proposed_text": amount_text(proposed),
                "href": links[index] if links else None,
            }
        )
    return {"bars": bars}
