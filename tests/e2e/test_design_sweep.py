"""Every public page of the Istog demo, on a 375-px phone and a 1280-px laptop, in Albanian and
in Serbian Cyrillic (issue #18): nothing runs off the side of the page, every control a thumb
or a mouse has to hit is at least 24 by 24 CSS pixels (WCAG 2.5.8), and axe finds no serious or
critical violation, and nothing on the page (plotly.js included) does what the
Content-Security-Policy refuses. A screenshot of each page at each width is written to
`test-artifacts/screens/` so that a person can look at them (the folder is not committed)."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from consult.core.models import Consultation
from consult.demo.seed import seed_demo
from consult.extensions import db, limiter
from tests.crawl import DOWNLOADS, Reader
from tests.e2e.conftest import ARTEFACTS
from tests.e2e.screens import CSP_WATCH, WIDTHS, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.presentation]

SCREENS = ARTEFACTS / "screens"
#: the URL of a page with its numbers taken out: one page of each shape is enough
_SHAPE = re.compile(r"\d+")
_CONSULTATION_PAGE = re.compile(r"^/consultations/(\d+)$")
#: pages that are not the public's (the crawl starts at the home page as a visitor, and does
#: not fetch the downloads: `tests.crawl.DOWNLOADS`)
_NOT_PUBLIC = re.compile(r"^/(?:login|manage|chair|api|styleguide)")


def _shape(url: str, kinds: dict[int, str]) -> str:
    """What the page looks like: its URL with the numbers taken out, and for a consultation's
    own page its kind (each kind has its own page)."""
    path = url.split("?")[0]
    consultation = _CONSULTATION_PAGE.match(path)
    if consultation:
        return f"/consultations/{kinds.get(int(consultation[1]))}"
    return _SHAPE.sub("N", path)


@pytest.fixture
def demo(app):
    """The demo loaded as `make run` loads it."""
    with app.app_context():
        seed_demo(dt.date.today())
        db.session.commit()
    limiter.reset()


@pytest.fixture
def demo_pages(app, client, demo):
    """One public page of each shape a visitor reaches from the demo's home page."""
    reader = Reader(client, "visitor", leave_out=DOWNLOADS)
    reader.read("/", budget=250)
    with app.app_context():
        kinds = dict(db.session.execute(select(Consultation.id, Consultation.kind)).all())
    shapes: dict[str, str] = {}
    for where, media, _text in reader.answers:
        url = where.removeprefix("visitor ")
        if media == "text/html" and not _NOT_PUBLIC.search(url):
            shapes.setdefault(_shape(url, kinds), url)
    limiter.reset()
    return sorted(shapes.values())


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_every_public_page_fits_a_phone_and_a_laptop(
    browser, live_server, demo_pages, check, locale
):
    """No horizontal scroll, no target under 24x24 px, no serious axe finding and nothing the
    Content-Security-Policy refuses, at both widths."""
    assert len(demo_pages) >= 12, demo_pages  # the home page, archive, plan, each kind's pages…
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_init_script(CSP_WATCH)
        page = context.new_page()
        page.goto(f"{live_server}/?lang={locale}")
        for url in demo_pages:
            page.goto(live_server + url)
            page.wait_for_load_state("load")
            where = f"{url} at {width} px in {locale}"
            slug = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home"
            page.screenshot(path=str(SCREENS / f"{locale}-{name}-{slug}.png"), full_page=True)
            problems.extend(layout_problems(page, where, check))
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_the_first_consultation_shows_on_a_phone_without_scrolling(
    browser, live_server, demo, locale
):
    """Header, menu and filters leave room: the first card's title is above the fold of a
    375 x 740 phone, and the folded filters open with one tap."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server}/?lang={locale}")
    title = page.locator(".card h3 a").first
    box = title.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740, box
    page.locator(".filters-toggle > summary").click()
    assert page.locator(".filters select").first.is_visible()
    context.close()
