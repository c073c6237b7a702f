"""plotly.js's own style rules as a stylesheet the app serves.

plotly.js writes its style rules (chart layers stacked, the mode bar's place, cursors) into a
`<style>` element at run time. The Content-Security-Policy (`style-src 'self'`) refuses that, and
the charts then fall apart: layers one under the other, the mode bar over the axis labels. The
rules are read here from the bundle the app serves, so they always match the installed plotly, and
served as a file from the app's own origin, which the policy allows.

The page tells plotly.js that the rules are there (its own sign: an element with the id
`plotly.js-style-global` and the class `no-inline-styles`), and names the `<style>` elements the
bundle's map module writes when no element of that id exists (`style_markers`): plotly.js then
writes no `<style>` at all, and the browser reports nothing refused.
"""

import re
from functools import cache
from pathlib import Path

#: where the bundle's table of rules starts: its first selector, "X" standing for the chart root
_TABLE_START = '{"X,X div":'
#: one entry of the table, `"selector":'declarations',` (the key may be bare, the value in either
#: quotes), and what follows it: a comma, or the brace that ends the table
_ENTRY = re.compile(r"""(?:"([^"]+)"|([A-Za-z_$][\w$]*)):(?:'([^']*)'|"([^"]*)")([,}])""")
#: rules left out: plotly removes the focus outline of its buttons, which keyboard users need
_LEFT_OUT = {"X input:focus,X button:focus"}


#: a `<style>` the bundle writes unless an element with its id is on the page already
_WRITTEN_STYLE = re.compile(
    r"""if\(!document\.getElementById\("([\w.-]+)"\)\)\{"""
    r"""var [\w$]+=document\.createElement\("style"\)"""
)


def _selector(key: str) -> str:
    return key.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")


def rules_from_bundle(bundle: str) -> str:
    """The stylesheet of the rules table in a plotly.js bundle.

    "" when the table is not found or not read to its end: a bundle of another shape then gives
    no rules rather than half of them.
    """
    position = bundle.find(_TABLE_START) + 1
    if position == 0:
        return ""
    lines = []
    while match := _ENTRY.match(bundle, position):
        quoted, bare, single, double, after = match.groups()
        key = quoted or bare
        if key not in _LEFT_OUT:
            lines.append(f"{_selector(key)} {{ {single if single is not None else double} }}")
        position = match.end()
        if after == "}":
            return "\n".join(lines) + "\n"
    return ""


@cache
def stylesheet(bundle_path: Path) -> str:
    """The stylesheet of the bundle at `bundle_path`, read once per process."""
    return rules_from_bundle(bundle_path.read_text(encoding="utf-8"))


def markers_from_bundle(bundle: str) -> tuple[str, ...]:
    """The ids of the `<style>` elements a plotly.js bundle writes at load unless an element
    with that id is on the page (maplibre's rules, which no chart of this app uses)."""
    return tuple(dict.fromkeys(_WRITTEN_STYLE.findall(bundle)))


@cache
def style_markers(bundle_path: Path) -> tuple[str, ...]:
    """`markers_from_bundle` of the bundle at `bundle_path`, read once per process."""
    return markers_from_bundle(bundle_path.read_text(encoding="utf-8"))
