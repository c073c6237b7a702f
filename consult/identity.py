"""The municipality's identity on every page: its colour and its logo, read from the settings
when the app starts and checked there, so that a wrong value stops the start with a message
that says what to fix instead of breaking a page later.

- `BRAND_COLOUR` (`#rrggbb`): the header, links and buttons. White text sits on it and it sits
  on white as link text, so it must reach WCAG AA's 4.5:1 against white; a darker shade for
  hover is derived from it.
- The logo: `LOGO_FILE`, or else `logo.svg` or `logo.png` in the instance folder. A PNG is
  checked by its signature, an SVG by its root element and by having no script, event
  attribute or embedded document in it; either at most `LOGO_MAX_BYTES`. Each municipality of
  the install may have its own, `<slug>.svg|png` in `LOGO_FOLDER` (default `logos/` in the
  instance folder; `flask municipalities logo SLUG FILE` checks and stores it); the configured
  logo is the first municipality's only, never shown on another's pages.
- `ACCESSIBILITY_REVIEWED`: the date the accessibility statement gives, as YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from consult.core.municipalities import current_municipality
from consult.core.tenancy import FIRST_MUNICIPALITY_ID

#: the smallest contrast ratio against white that text needs (WCAG 2.1 AA, 1.4.3)
AA_CONTRAST = 4.5
LOGO_MAX_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
#: what may stand before an SVG's root element: an XML declaration, comments, a doctype
_SVG_START = re.compile(
    rb"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.S
)
#: what a logo has no need of and a file that means harm would use
_SVG_ACTIVE = re.compile(
    rb"<\s*script|<\s*foreignObject|<\s*iframe|<\s*embed|<\s*object|\bon[a-z]+\s*=|javascript:|<!ENTITY",
    re.I,
)


class IdentityRefused(RuntimeError):
    """A setting of the municipality's identity that cannot be used, and why."""


@dataclass(frozen=True)
class Logo:
    """The logo file and how it is served."""

    path: Path
    mimetype: str


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a `#rrggbb` colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(colour: str) -> float:
    """The contrast ratio of `colour` against white, 1 to 21."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def darker(colour: str, share: float = 0.25) -> str:
    """`colour` mixed with `share` of black: the shade a link or button takes on hover."""
    r, g, b = (round(int(colour[i : i + 2], 16) * (1 - share)) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def brand_colours(colour: str) -> dict[str, str]:
    """The primary colour and its dark shade; refused unless `#rrggbb` with AA contrast."""
    if not _HEX_COLOUR.fullmatch(colour or ""):
        raise IdentityRefused(f"BRAND_COLOUR must be a colour like #0b4f8a, not {colour!r}.")
    ratio = contrast_with_white(colour)
    if ratio < AA_CONTRAST:
        raise IdentityRefused(
            f"BRAND_COLOUR {colour} has a contrast of {ratio:.2f}:1 with white; white text on it "
            f"and links in it need at least {AA_CONTRAST}:1. Choose a darker colour."
        )
    return {"primary": colour.lower(), "primary_dark": darker(colour.lower())}


def checked_logo(path: Path) -> Logo:
    """`path` as the logo, if it is a PNG or a harmless SVG of at most LOGO_MAX_BYTES."""
    if not path.is_file():
        raise IdentityRefused(f"LOGO_FILE {path} does not exist.")
    data = path.read_bytes()
    if len(data) > LOGO_MAX_BYTES:
        raise IdentityRefused(f"The logo {path} is larger than {LOGO_MAX_BYTES // 1024} KB.")
    if data.startswith(PNG_SIGNATURE):
        return Logo(path, "image/png")
    if _SVG_START.match(data):
        if _SVG_ACTIVE.search(data):
            raise IdentityRefused(
                f"The logo {path} holds a script, an event attribute or an embedded document; "
                "a logo needs none of them."
            )
        return Logo(path, "image/svg+xml")
    raise IdentityRefused(f"The logo {path} is neither a PNG nor an SVG image.")


def find_logo(configured: str | None, instance_path: str) -> Logo | None:
    """The configured logo, or `logo.svg` / `logo.png` in the instance folder, or None."""
    if configured:
        return checked_logo(Path(configured))
    for name in ("logo.svg", "logo.png"):
        candidate = Path(instance_path) / name
        if candidate.is_file():
            return checked_logo(candidate)
    return None


def reviewed_on(value: str) -> dt.date:
    """ACCESSIBILITY_REVIEWED as a date."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise IdentityRefused(
            f"ACCESSIBILITY_REVIEWED must be a date like 2026-12-05, not {value!r}."
        ) from None


def load_identity(app: Flask) -> None:
    """Check the identity settings once, at start-up, and keep what the pages use."""
    config = app.config
    config["BRAND_COLOURS"] = brand_colours(config.get("BRAND_COLOUR", "#0b4f8a"))
    config["LOGO"] = find_logo(config.get("LOGO_FILE"), app.instance_path)
    config["ACCESSIBILITY_REVIEWED_ON"] = reviewed_on(config.get("ACCESSIBILITY_REVIEWED", ""))


def municipality_colours() -> dict[str, str]:
    """The current municipality's colours: its own (checked when it was set) or BRAND_COLOUR's."""
    own = current_municipality().brand_colour
    return brand_colours(own) if own else current_app.config["BRAND_COLOURS"]


# ---------------------------------------------------------------- a logo per municipality


def logo_folder() -> Path:
    """Where the municipalities' own logos are kept."""
    configured = current_app.config.get("LOGO_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "logos"


def _own_logo_path(slug: str) -> Path | None:
    for name in (f"{slug}.svg", f"{slug}.png"):
        candidate = logo_folder() / name
        if candidate.is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=128)
def _checked_once(path: str, _modified_ns: int) -> Logo | None:
    """A stored logo checked again once per version of the file (a file changed behind the
    app's back that no longer passes is not shown)."""
    try:
        return checked_logo(Path(path))
    except IdentityRefused:
        return None


def municipality_logo() -> Logo | None:
    """The current municipality's logo: its own stored one, else (the first municipality
    only) the configured one; None when it has none."""
    found = current_municipality()
    own = _own_logo_path(found.slug)
    if own is not None:
        return _checked_once(str(own), own.stat().st_mtime_ns)
    if found.id in (None, FIRST_MUNICIPALITY_ID):
        return current_app.config.get("LOGO")
    return None


def store_logo(slug: str, source: Path) -> Logo:
    """Check `source` and keep it as the logo of the municipality `slug` (IdentityRefused:
    nothing is stored)."""
    logo = checked_logo(source)
    folder = logo_folder()
    folder.mkdir(parents=True, exist_ok=True)
    extension = "svg" if logo.mimetype == "image/svg+xml" else "png"
    target = folder / f"{slug}.{extension}"
    shutil.copyfile(source, target)
    remove_logo(slug, keep=target)
    return Logo(target, logo.mimetype)


def remove_logo(slug: str, keep: Path | None = None) -> bool:
    """Remove the stored logo(s) of `slug` (but `keep`); whether one was there."""
    removed = False
    for name in (f"{slug}.svg", f"{slug}.png"):
        candidate = logo_folder() / name
        if candidate != keep and candidate.is_file():
            candidate.unlink()
            removed = True
    return removed
