"""Every data table a visitor of the Istog demo is shown can be read on a phone (issue #18): it
sits in a scrolling region (`.table-wrap`) that draws a shadow on the side with more, names
itself to a screen reader and takes the keyboard's focus, so nothing is off-screen without a
cue. The browser sweep (`tests/e2e/test_design_sweep.py`) checks that the page itself never
scrolls sideways; this reads every page's markup, which needs no browser."""

import datetime as dt

import lxml.html
import pytest

from consult.demo.seed import seed_demo
from consult.extensions import db, limiter
from tests.conftest import PASSWORD, submit
from tests.crawl import DOWNLOADS, Reader


def _problems(reader: Reader) -> dict[str, list[str]]:
    return {
        where: found
        for where, media, text in reader.answers
        if media == "text/html" and (found := unwrapped_tables(text))
    }


def unwrapped_tables(html: str) -> list[str]:
    """The tables of a page outside a scrolling region, or in one a screen reader cannot name
    or the keyboard cannot reach, each by its caption or first heading cell."""
    page = lxml.html.document_fromstring(html)
    problems = []
    for table in page.iter("table"):
        region = next((a for a in table.iterancestors() if "table-wrap" in a.classes), None)
        named = region is not None and (region.get("aria-labelledby") or region.get("aria-label"))
        if region is None or not named or region.get("tabindex") != "0":
            caption = table.find("caption")
            first = caption if caption is not None else next(table.iter("th", "td"), table)
            problems.append(" ".join(first.text_content().split())[:50])
    return problems


@pytest.fixture
def demo(app):
    with app.app_context():
        seed_demo(dt.date.today())
        db.session.commit()
    limiter.reset()


def test_a_table_outside_a_region_is_found():
    assert unwrapped_tables("<table><caption>Votes</caption><tr><td>1</td></tr></table>") == [
        "Votes"
    ]
    wrapped = (
        '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="c">'
        '<table><caption id="c">Votes</caption></table></div>'
    )
    assert unwrapped_tables(wrapped) == []


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_every_table_a_visitor_sees_scrolls_in_its_own_region(client, demo, locale):
    client.get(f"/?lang={locale}")
    reader = Reader(client, "visitor", leave_out=DOWNLOADS)
    reader.read("/", budget=400)
    assert len(reader.answers) > 40
    assert not _problems(reader)


@pytest.mark.slow
def test_every_table_of_the_back_office_scrolls_in_its_own_region(app, make_user, demo):
    """The same for the officers' and the chair's pages, read as an administrator."""
    client = app.test_client()
    email = make_user("admin")
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    reader = Reader(client, "admin", leave_out=DOWNLOADS)
    reader.read("/manage/", "/chair/", "/chair/reviews", "/chair/annual", budget=500)
    assert len(reader.answers) > 100
    assert not _problems(reader)
