"""Sharing a consultation: the picture a shared link shows (Open Graph, Twitter card: the
municipality, the kind and the title in the reader's language, drawn with Pillow), and the A4
poster with a QR code for the notice boards of local communities (WeasyPrint): in the reader's
language, or in every official language, one page each, each page's QR code leading to the
page in its language."""

import io
from collections.abc import Callable
from pathlib import Path

import segno
from flask import Response, render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup
from PIL import Image, ImageColor, ImageDraw, ImageFont

from consult.core.kinds import kind_of
from consult.core.models import Consultation
from consult.core.reports import file_response, pdf_from_html
from consult.i18n import HTML_LANG, current_locale, official_locales

#: the size Facebook and X show large
WIDTH, HEIGHT = 1200, 630
#: DejaVu has every Albanian and Cyrillic letter (Debian's fonts-dejavu-core, as for PDFs)
FONT_FOLDER = Path("/usr/share/fonts/truetype/dejavu")
PAPER, INK = (255, 255, 255), (26, 26, 26)


def _font(bold: bool, size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_FOLDER / name), size)
    except OSError:  # no DejaVu on this machine: Pillow's own font, still every letter it has
        return ImageFont.load_default(size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """`text` in lines no wider than `width` pixels, broken between words (a word longer than
    the line stands alone)."""
    lines: list[str] = []
    for word in text.split():
        line = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(line, font=font) <= width:
            lines[-1] = line
        else:
            lines.append(word)
    return lines or [""]


def preview_png(
    municipality: str, kind: str, title: str, dates: str, brand: str = "#0b4f8a"
) -> bytes:
    """A 1200x630 PNG: a band in the `brand` colour (`#rrggbb`) with the municipality, then
    the kind, the title (up to four lines, cut with an ellipsis) and the dates."""
    colour = ImageColor.getrgb(brand)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 110), fill=colour)
    draw.text((60, 32), municipality, font=_font(True, 40), fill=PAPER)
    draw.text((60, 150), kind, font=_font(False, 34), fill=colour)
    title_font = _font(True, 54)
    lines = _wrapped(draw, title, title_font, WIDTH - 120)
    if len(lines) > 4:
        lines = [*lines[:3], lines[3].rstrip(" ,.;:") + "…"]
    y = 210
    for line in lines:
        draw.text((60, y), line, font=title_font, fill=INK)
        y += 70
    draw.text((60, HEIGHT - 80), dates, font=_font(False, 32), fill=INK)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _poster_page(consultation: Consultation, link: str) -> Markup:
    """One A4 page of the poster in the current locale, its QR code leading to `link`."""
    kind = kind_of(consultation)
    return Markup(  # noqa: S704  # nosec B704  a template of ours, autoescaped
        render_template(
            "public/_poster_page.html",
            consultation=consultation,
            invitation=kind.invitation if kind else "",
            link=link,
            qr=qr_data_uri(link),
        )
    )


def qr_data_uri(link: str) -> str:
    """The QR code of `link` as an SVG data: URI (error correction M, a 2-module border)."""
    return segno.make(link, error="m").svg_data_uri(scale=8, border=2)


def poster_response(consultation: Consultation, link: str, name: str) -> Response:
    """The poster of `consultation` as a PDF in the reader's language: the municipality, the
    kind, the title, what the kind asks people to do, the closing day and a QR code to `link`
    (which should carry the language). `name` starts the file's name."""
    html = render_template(
        "public/poster.html",
        consultation=consultation,
        pages=[(HTML_LANG[current_locale()], _poster_page(consultation, link))],
    )
    pdf = pdf_from_html(html, url_for("public.home", _external=True), cache=True)
    return file_response(
        pdf, "application/pdf", f"{name}-poster-{current_locale()}.pdf", inline=True
    )


def notice_pages(
    consultation: Consultation, link_for: Callable[[str], str]
) -> list[tuple[str, str, Markup]]:
    """The poster's page in every official language (`official_locales`: Serbian in both
    scripts), as (locale, BCP 47 tag, page): each written wholly in its language, with its QR
    code to `link_for(locale)`."""
    pages = []
    for locale in official_locales():
        with force_locale(locale):
            pages.append((locale, HTML_LANG[locale], _poster_page(consultation, link_for(locale))))
    return pages


def notices_response(
    consultation: Consultation, link_for: Callable[[str], str], name: str
) -> Response:
    """The notice for the notice boards of local communities as one PDF with a page in each
    official language (`notice_pages`); `link_for(locale)` is the address each page's QR code
    leads to. `name` starts the file's name."""
    pages = notice_pages(consultation, link_for)
    html = render_template(
        "public/poster.html",
        consultation=consultation,
        pages=[(lang, page) for _locale, lang, page in pages],
    )
    pdf = pdf_from_html(html, url_for("public.home", _external=True), cache=True)
    return file_response(
        pdf, "application/pdf", f"{name}-poster-official-languages.pdf", inline=True
    )
