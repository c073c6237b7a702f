"""The chair's key figures as tiles (issue #18): a breach and a report waiting are drawn to the
eye and lead to what they count; nothing stands out when there is nothing to do."""

import lxml.html

from consult.i18n import lazy_text as _l
from tests.chair.test_dashboard import _Finding, _submit, consultations, registries  # noqa: F401


def _tiles(client) -> dict[str, tuple[str, bool, str | None]]:
    """Label → (figure, drawn to the eye, link) of every tile."""
    page = lxml.html.document_fromstring(client.get("/chair/?lang=en").get_data(as_text=True))
    tiles = {}
    for tile in page.find_class("tile"):
        links = tile.xpath(".//a/@href")
        tiles[tile.find_class("tile-label")[0].text_content()] = (
            tile.find_class("tile-value")[0].text_content(),
            "tile-alert" in tile.get("class"),
            links[0] if links else None,
        )
    return tiles


def test_nothing_stands_out_when_nothing_is_waiting(client, login, consultations, registries):  # noqa: F811
    login("chair")
    tiles = _tiles(client)
    assert tiles["Consultations shown"][:2] == ("3", False)
    assert tiles["Reports awaiting your review"] == ("0", False, "/chair/reviews")


def test_a_breach_and_a_waiting_report_stand_out_and_lead_to_them(
    app,
    client,
    login,
    consultations,  # noqa: F811
    registries,  # noqa: F811
):
    hearing = consultations["hearing"]

    def late(items, today, standards):
        return {hearing: [_Finding("MS-REPORT", "warn", _l("Report published late"), today)]}

    registries("budget_hearing", findings=late)
    _submit(app, hearing, days_ago=3)
    login("chair")
    tiles = _tiles(client)
    figure, alert, link = tiles["Breaking a minimum standard"]
    assert (figure, alert) == ("1", True)
    assert "problems=1" in link
    only = client.get(link.split("#")[0] + "&lang=en").get_data(as_text=True)
    assert "Budget hearing 2027" in only and "Internal plan" not in only
    assert tiles["Reports awaiting your review"] == ("1", True, "/chair/reviews")


def _row_titles(client) -> list[str]:
    page = lxml.html.document_fromstring(client.get("/chair/?lang=en").get_data(as_text=True))
    return [
        cell.find_class("clamp")[0].text_content().strip()
        for cell in page.xpath("//table//th[@scope='row'][contains(@class, 'title-column')]")
    ]


def test_breaches_come_first_in_the_table(client, login, consultations, registries):  # noqa: F811
    """The consultation breaking a standard leads the table, though it is the oldest; the
    others keep their order."""
    login("chair")
    before = _row_titles(client)
    regulation = consultations["regulation"]

    def late(items, today, standards):
        return {regulation: [_Finding("MS-REPORT", "warn", _l("Report published late"), today)]}

    registries("draft_act", findings=late)
    after = _row_titles(client)
    assert before[-1] == after[0] and after[1:] == before[:-1], (before, after)
