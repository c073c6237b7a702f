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
from tests.crawl import Reader
from tests.e2e.conftest import ARTEFACTS

pytestmark = pytest.mark.browser

WIDTHS = {"phone": (375, 740), "laptop": (1280, 900)}
SCREENS = ARTEFACTS / "screens"
#: the URL of a page with its numbers taken out: one page of each shape is enough
_SHAPE = re.compile(r"\d+")
_CONSULTATION_PAGE = re.compile(r"^/consultations/(\d+)$")
#: pages that are not the public's (the crawl starts at the home page as a visitor)
_NOT_PUBLIC = re.compile(r"^/(?:login|manage|chair|api|styleguide)|\.(?:pdf|csv|xlsx|ics|json|pb)")

#: every control smaller than 24x24 that neither is a link inside a run of text nor has room
#: around it (2.5.8's "inline" and "spacing" exceptions), with what it says
SMALL_TARGETS = """
() => {
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])'
  );
  const targets = [];
  for (const element of controls) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown
    if (getComputedStyle(element).visibility === 'hidden') continue;
    if (element.matches('.skip-link') && box.right < 0) continue;  // shown only on focus
    if (element.tagName === 'A' && getComputedStyle(element).display === 'inline') {
      const parent = element.parentElement;
      const words = parent ? parent.textContent.trim().length : 0;
      if (words > element.textContent.trim().length + 3) continue;  // a link in a sentence
    }
    targets.push({element, box, small: box.width < 24 || box.height < 24,
                  x: box.left + box.width / 2, y: box.top + box.height / 2});
  }
  // 2.5.8's spacing exception: a 24-px circle on a small target's centre touches no other
  // target and no other small target's circle
  const distanceToBox = (t, box) => Math.hypot(
    Math.max(box.left - t.x, 0, t.x - box.right), Math.max(box.top - t.y, 0, t.y - box.bottom));
  const crowded = (t) => targets.some((other) => other !== t
    && !other.element.contains(t.element) && !t.element.contains(other.element)
    && (distanceToBox(t, other.box) < 12
        || (other.small && Math.hypot(other.x - t.x, other.y - t.y) < 24)));
  const small = [];
  for (const t of targets) {
    if (t.small && crowded(t)) {
      const e = t.element;
      const what = (e.getAttribute('aria-label') || e.textContent || e.name || e.type || '')
        .trim().slice(0, 40);
      const size = `${Math.round(t.box.width)}x${Math.round(t.box.height)}`;
      small.push(`${e.tagName.toLowerCase()} "${what}" ${size}`);
    }
  }
  return small;
}
"""

#: what sticks out past the right edge of the viewport, for a readable failure
OVERFLOWING = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let scroller = element.parentElement, clipped = false;
      while (scroller) {
        const overflow = getComputedStyle(scroller).overflowX;
        if (['auto', 'scroll', 'hidden'].includes(overflow)) { clipped = true; break; }
        scroller = scroller.parentElement;
      }
      const name = `${element.tagName.toLowerCase()}.${element.getAttribute('class') || ''}`;
      if (!clipped) out.push(`${name} right=${Math.round(box.right)}`);
    }
  }
  return out.slice(0, 8);
}
"""


#: run before any script of each page: keeps what the Content-Security-Policy refused
CSP_WATCH = """
window.refusedByPolicy = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.refusedByPolicy.push(
    `${event.effectiveDirective} ${event.blockedURI} ${(event.sample || '').slice(0, 60)}`);
});
"""


def _shape(url: str, kinds: dict[int, str]) -> str:
    """What the page looks like: its URL with the numbers taken out, and for a consultation's
    own page its kind (each kind has its own page)."""
    path = url.split("?")[0]
    consultation = _CONSULTATION_PAGE.match(path)
    if consultation:
        return f"/consultations/{kinds.get(int(consultation[1]))}"
    return _SHAPE.sub("N", path)


@pytest.fixture
def demo_pages(app, client):
    """The demo loaded as `make run` loads it, and one public page of each shape a visitor
    reaches from the home page."""
    with app.app_context():
        seed_demo(dt.date.today())
        db.session.commit()
    limiter.reset()
    reader = Reader(client, "visitor")
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
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                problems.append(f"{where}: {overflow}px sideways: {page.evaluate(OVERFLOWING)}")
            refused = page.evaluate("window.refusedByPolicy")
            if refused:
                problems.append(f"{where}: refused by the CSP: {sorted(set(refused))[:4]}")
            small = page.evaluate(SMALL_TARGETS)
            if small:
                problems.append(f"{where}: targets under 24x24: {small[:6]}")
            try:
                check(page, where)
            except AssertionError as failure:
                problems.append(str(failure))
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_the_first_consultation_shows_on_a_phone_without_scrolling(
    browser, live_server, demo_pages, locale
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
