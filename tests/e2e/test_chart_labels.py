"""Chart labels in a real browser: plotly.js shows what people wrote as text, never as a link."""

from pathlib import Path

import consult
from consult.analytics.charts import bar_chart
from consult.analytics.views import PLOTLY_JS

CHARTS_JS = Path(consult.__file__).parent / "static" / "js" / "charts.js"

LINK = '<a href="https://example.invalid/">Rruga <b>e re</b> & ura</a>'


def test_a_project_title_with_markup_is_drawn_as_its_text(browser):
    chart = bar_chart([LINK, "Shkolla"], [12, 30], "<i>Projektet</i>", "Vota")
    page = browser.new_page()
    try:
        page.set_content(f"<!doctype html><body><figure>{chart.json_block()}</figure></body>")
        page.add_script_tag(path=str(PLOTLY_JS))
        page.add_script_tag(path=str(CHARTS_JS))
        page.wait_for_selector(".chart svg .ytick text")
        labels = page.locator(".chart svg .ytick text").all_text_contents()
        title = page.locator(".chart svg .gtitle").text_content()
        links = page.locator(".chart svg a").count()
        bold = page.locator(".chart svg .ytick text tspan[style*='bold']").count()
    finally:
        page.close()
    assert LINK in labels
    assert title == "<i>Projektet</i>"
    assert links == 0 and bold == 0
