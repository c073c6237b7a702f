"""Markup rules every template keeps, checked on the template files themselves."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TABLE_WRAP = re.compile(r"<div\b[^>]*\bclass=\"table-wrap\"[^>]*>")


def test_every_scrolling_table_box_can_be_reached_with_the_keyboard():
    """A wide table scrolls inside .table-wrap on a phone: the box must take the focus and
    have a name (axe rule scrollable-region-focusable)."""
    found, wrong = 0, []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for tag in TABLE_WRAP.findall(template.read_text(encoding="utf-8")):
            found += 1
            needed = ('role="region"', 'tabindex="0"', "aria-labelledby=")
            if not all(part in tag for part in needed):
                wrong.append(f"{template.relative_to(TEMPLATES)}: {tag}")
    assert found > 10
    assert not wrong, "\n".join(wrong)
