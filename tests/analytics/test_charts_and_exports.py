"""The analytics toolkit: charts as data for plotly.js, SVG for PDFs, tables, exports."""

import io
import json

import openpyxl
import pandas as pd

from consult.analytics.charts import (
    LIKERT_COLOURS,
    OKABE_ITO,
    bar_chart,
    histogram,
    likert_chart,
    svg_bars,
)
from consult.analytics.frames import crosstab, table_from
from consult.core.anonymity import suppress_table
from consult.core.reports import frame_csv_bytes, frames_workbook_bytes, pdf_from_html


def figure_of(chart) -> dict:
    block = str(chart.json_block())
    assert block.startswith('<script type="application/json" class="chart-data">')
    return json.loads(block.split(">", 1)[1].rsplit("</script>", 1)[0])


def test_a_chart_travels_as_json_data_that_cannot_close_its_script_block():
    chart = bar_chart(["</script><b>x", "Teams"], [3, 5], "Kanali", "Përgjigje")
    block = str(chart.json_block())
    assert block.count("</script>") == 1
    figure = figure_of(chart)
    assert figure["data"][0]["y"] == ["Teams", "&lt;/script&gt;&lt;b&gt;x"]
    assert figure["layout"]["colorway"] == list(OKABE_ITO)


def test_every_text_of_a_chart_reaches_plotly_as_plain_text():
    """plotly.js draws <b>, <i> and <a href> found in a label: people's text must not be
    read as markup, in labels, series names or titles alike."""
    link = '<a href="https://example.invalid/">Projekti & rruga</a>'
    figure = figure_of(likert_chart([link], [[1, 2, 3, 4, 5]], ["<i>a</i>"] * 5, "<b>T</b>"))
    texts = json.dumps(figure)
    assert "<" not in texts and ">" not in texts
    assert figure["data"][0]["y"] == [
        '&lt;a href="https://example.invalid/"&gt;Projekti &amp; rruga&lt;/a&gt;'
    ]
    assert figure["data"][0]["name"] == "&lt;i&gt;a&lt;/i&gt;"
    assert figure["layout"]["title"]["text"] == "&lt;b&gt;T&lt;/b&gt;"


def test_hidden_values_are_left_out_of_bars():
    figure = figure_of(bar_chart(["A", "B"], [None, 7], "T", "n"))
    assert figure["data"][0]["x"] == [7]


def test_likert_bars_diverge_around_the_neutral_point():
    points = ["1", "2", "3", "4", "5"]
    figure = figure_of(likert_chart(["Informimi"], [[2, 2, 2, 2, 2]], points, "T"))
    values = {
        (trace["name"], trace.get("showlegend", True)): trace["x"][0] for trace in figure["data"]
    }
    assert values[("1", True)] == -20 and values[("2", True)] == -20
    assert values[("3", False)] == -10 and values[("3", True)] == 10
    assert values[("5", True)] == 20
    colours = [t["marker"]["color"] for t in figure["data"] if t.get("showlegend", True)]
    assert colours == list(LIKERT_COLOURS)
    assert figure["layout"]["barmode"] == "relative"


def test_histogram_counts_each_value():
    figure = figure_of(histogram(["0", "2", "4"], [1, 5, 2], "Takime", "Numri"))
    assert figure["data"][0]["y"] == [1, 5, 2]


def test_svg_bars_are_plain_markup_with_escaped_labels():
    svg = str(svg_bars(["<i>E-mail</i>", "Teams", "Hidden"], [4, 2.5, None]))
    assert svg.startswith("<svg") and "<script" not in svg
    assert "&lt;i&gt;E-mail&lt;/i&gt;" in svg
    assert svg.count("<rect") == 2
    assert svg_bars([], []) == ""


def test_tables_keep_hidden_cells_as_none():
    long = pd.DataFrame(
        {"group": ["EDU", "EDU", "FIN", "HEA"], "answer": ["a", "b", "a", "b"], "n": [9, 3, 2, 8]}
    )
    table = suppress_table(crosstab(long, "group", "answer"), 5)
    shown = table_from(table, "Kanali sipas drejtorisë", "Drejtoria")
    assert shown.columns == ["Drejtoria", "a", "b"]
    fin = next(row for row in shown.rows if row[0] == "FIN")
    assert fin[1] is None
    assert shown.has_hidden_cells
    assert all(isinstance(c, int) or c is None for row in shown.rows for c in row[1:])


def test_csv_is_excel_friendly_and_defuses_formulas():
    data = frame_csv_bytes(
        pd.DataFrame({"përgjigje": ['=HYPERLINK("x")', "Më shumë takime"], "n": [1, 2]})
    )
    text = data.decode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in text and "Më shumë takime" in text


def test_xlsx_has_one_sheet_per_table_with_safe_names():
    frames = {"Rezultatet": pd.DataFrame({"n": [1]}), "a/b:c" * 10: pd.DataFrame({"n": [2]})}
    book = openpyxl.load_workbook(io.BytesIO(frames_workbook_bytes(frames)))
    assert book.sheetnames[0] == "Rezultatet"
    assert len(book.sheetnames[1]) <= 31 and "/" not in book.sheetnames[1]


def test_pdf_renders_albanian_and_serbian_cyrillic():
    pdf = pdf_from_html("<html><body><p>Çka, ë — Општина Исток</p></body></html>")
    assert pdf.startswith(b"%PDF")


def test_a_chart_carries_no_style_template_but_the_values_its_bars_show():
    """plotly's default template (7 KB a chart) is left out; the few of its values that a bar
    chart shows are written into the figure, so the charts look as they did."""
    from decimal import Decimal

    from consult.analytics.charts import AXIS_STYLE, TEXT_COLOUR

    figure = figure_of(bar_chart(["A", "B"], [Decimal("2.5"), 7], "T", "n"))
    layout = figure["layout"]
    assert "template" not in layout
    assert layout["font"]["color"] == TEXT_COLOUR
    assert layout["yaxis"] == AXIS_STYLE
    assert layout["xaxis"]["gridcolor"] == "white" and layout["xaxis"]["title"]["text"] == "n"
    assert figure["data"][0]["marker"]["line"] == {"color": "#E5ECF6", "width": 0.5}
    assert figure["data"][0]["x"] == [7, 2.5]  # PostgreSQL's numeric as a plain number
    assert len(str(bar_chart(["A"], [1], "T", "n").json_block())) < 1500
