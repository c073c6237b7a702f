"""What every browser test that checks a page's layout looks for: the two screen widths, no
sideways scroll on them, no target under 24x24 px (WCAG 2.5.8), nothing the
Content-Security-Policy refuses, and the accessibility check (axe) of the `check` fixture."""

from collections.abc import Callable

#: a phone and a laptop: (width, height) in CSS pixels
WIDTHS = {"phone": (375, 740), "laptop": (1280, 900)}

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


def layout_problems(page, where: str, check: Callable | None = None) -> list[str]:
    """What is wrong with the page shown in `page` (named `where` in the messages): sideways
    scroll, small targets, what the CSP refused (when `CSP_WATCH` was added to its context),
    and, given `check`, the accessibility check's failure."""
    problems: list[str] = []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 1:
        problems.append(f"{where}: {overflow}px sideways: {page.evaluate(OVERFLOWING)}")
    refused = page.evaluate("window.refusedByPolicy || []")
    if refused:
        problems.append(f"{where}: refused by the CSP: {sorted(set(refused))[:4]}")
    small = page.evaluate(SMALL_TARGETS)
    if small:
        problems.append(f"{where}: targets under 24x24: {small[:6]}")
    if check is not None:
        try:
            check(page, where)
        except AssertionError as failure:
            problems.append(str(failure))
    return problems
