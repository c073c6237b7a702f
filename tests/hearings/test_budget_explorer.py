"""The budget explorer on a phone (issue #18): every row of a chart has its whole name as text,
its two amounts in words, and the same amounts as the table beside it, in every locale."""

import re

import lxml.html
import pytest

from tests.hearings.conftest import GOOD_ROWS, csv_file, upload

LOCALES = ("sq", "sr_Latn", "sr", "bs", "en")
LONG_NAME = "Drejtoria për Planifikim Urban, Kadastër dhe Mbrojtje të Mjedisit"


def _explorer(client, hearing: int, locale: str):
    response = client.get(f"/hearings/{hearing}/budget?lang={locale}")
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def _chart_rows(figure) -> dict[str, list[str]]:
    """Row name → the amounts its chart row says."""
    return {
        row.find_class("bar-label")[0].text_content(): [
            n.text_content() for n in row.find_class("number")
        ]
        for row in figure.find_class("bar-rows")[0].iterchildren("li")
    }


def _table_rows(section) -> dict[str, list[str]]:
    """Row heading → its current and proposed amounts in the table beside the chart."""
    rows = {}
    for row in section.xpath(".//table/tbody/tr"):
        cells = [c.text_content().strip() for c in row.xpath("./td")]
        rows[row.xpath("./th")[0].text_content().strip()] = cells[:2]
    return rows


@pytest.fixture
def imported(app, client, login, cycle, hearing):
    login("officer")
    assert upload(client, hearing, csv_file(GOOD_ROWS), "budget.csv").status_code == 302
    client.post("/logout")
    return hearing


@pytest.mark.parametrize("locale", LOCALES)
def test_each_chart_row_says_the_table_s_amounts_under_its_whole_name(client, imported, locale):
    page = _explorer(client, imported, locale)
    charts = page.find_class("compared-bars")
    assert len(charts) == 2  # by directorate, by economic category
    for figure in charts:
        section = figure.getparent().getparent()
        chart, table = _chart_rows(figure), _table_rows(section)
        assert chart and len(chart) == len(table)
        for amounts in chart.values():
            assert any(amounts == row for row in table.values()), (amounts, table)
        assert not figure.xpath(".//svg//text"), "names are HTML text that wraps, not SVG text"


def test_a_long_directorate_name_is_shown_whole(app, client, imported, cycle):
    from consult.core.models import Directorate
    from consult.extensions import db

    with app.app_context():
        directorate = db.session.query(Directorate).filter_by(code="EDU").one()
        directorate.name = LONG_NAME
        db.session.commit()
    page = _explorer(client, imported, "sq")
    names = _chart_rows(page.find_class("compared-bars")[0])
    assert LONG_NAME in names, names


def test_bars_are_as_long_as_their_share_of_the_largest_amount(client, imported):
    page = _explorer(client, imported, "en")
    widths = [
        float(rect.get("width"))
        for rect in page.find_class("compared-bars")[0].xpath(".//svg[@class='bar-pair']/rect")
    ]
    assert max(widths) == 100 and min(widths) >= 0
    assert all(re.fullmatch(r"\d+(\.\d)?", str(w).removesuffix(".0")) for w in widths)


def _directorate_links(page) -> dict[str, str]:
    """Directorate name → the link of its own page, from the table by directorate."""
    table = page.get_element_by_id("by-directorate-heading").getparent()
    return {
        link.text_content().strip(): link.get("href")
        for link in table.xpath(".//table//th[@scope='row']/a")
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_the_explorer_drills_down_from_a_directorate_to_each_line(client, imported, locale):
    """Directorate → its programmes (bars and table with the same numbers) → each line as a
    card with its amounts and 'comment on this line', in every locale."""
    overview = _explorer(client, imported, locale)
    links = _directorate_links(overview)
    assert len(links) == 3
    chart_links = overview.find_class("compared-bars")[0].xpath(".//a[@class='bar-label']/@href")
    assert sorted(chart_links) == sorted(links.values())
    education = next(href for name, href in links.items() if "Arsim" in name or "Educ" in name)
    response = client.get(f"{education}?lang={locale}")
    assert response.status_code == 200
    page = lxml.html.document_fromstring(response.get_data(as_text=True))
    figure = page.find_class("compared-bars")[0]
    chart, table = _chart_rows(figure), _table_rows(figure.getparent().getparent())
    assert list(chart) == ["Arsimi fillor"] and len(table) == 1
    assert next(iter(table)).startswith("Arsimi fillor")  # "(shown in Albanian)" elsewhere
    assert list(chart.values()) == list(table.values())
    assert figure.xpath(".//a[@class='bar-label']/@href") == ["#programme-1"]
    section = page.get_element_by_id("programme-1")
    cards = section.find_class("card")
    assert len(cards) == 2  # wages, goods and services
    for card in cards:
        comment = card.xpath(".//a[contains(@class, 'button')]/@href")
        assert len(comment) == 1 and f"/hearings/{imported}/comments/new?line=" in comment[0]
        assert len(card.xpath(".//dd[@class='number']")) == 3


def test_the_directorate_s_sums_are_the_overview_s(client, imported):
    overview = _explorer(client, imported, "en")
    education = _directorate_links(overview)["Education"]
    overview_row = _table_rows(overview.get_element_by_id("by-directorate-heading").getparent())
    page = lxml.html.document_fromstring(client.get(f"{education}?lang=en").get_data(as_text=True))
    facts = [dd.text_content().strip() for dd in page.xpath("//div[@class='facts']//dd")]
    assert facts[:2] == overview_row["Education"]


def test_a_directorate_without_a_line_in_the_draft_is_not_found(app, client, imported):
    from consult.core.models import Directorate
    from consult.extensions import db

    with app.app_context():
        extra = Directorate(code="NEW", name={"sq": "Drejtoria e Re"})
        db.session.add(extra)
        db.session.commit()
        extra_id = extra.id
    url = f"/hearings/{imported}/budget/directorates/{extra_id}"
    assert client.get(url).status_code == 404
    assert client.get(f"/hearings/{imported}/budget/directorates/999999").status_code == 404
