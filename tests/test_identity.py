"""The municipality's identity from its settings (issue #18): its colour and its logo on every
page, checked when the app starts so that a wrong value stops the start with a message that
says what to fix, and a logo file that could run a script is refused."""

import io

import pytest
from PIL import Image

from config import TestingConfig
from consult import create_app
from consult.extensions import db
from consult.identity import (
    IdentityRefused,
    brand_colours,
    checked_logo,
    contrast_with_white,
    darker,
    find_logo,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
    b'<rect width="4" height="4" fill="#0b4f8a"/></svg>'
)


def _app(**settings):
    return create_app(type("Config", (TestingConfig,), settings))


def test_the_colours_are_checked_for_contrast_with_white():
    assert brand_colours("#0B4F8A") == {"primary": "#0b4f8a", "primary_dark": darker("#0b4f8a")}
    assert round(contrast_with_white("#0b4f8a"), 1) >= 4.5
    assert round(contrast_with_white("#ffffff"), 2) == 1.0
    assert round(contrast_with_white("#000000"), 1) == 21.0
    with pytest.raises(IdentityRefused, match=r"contrast of 1\.51:1"):
        brand_colours("#ffcc00")
    with pytest.raises(IdentityRefused, match=r"like #0b4f8a"):
        brand_colours("blue")


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"BRAND_COLOUR": "#ffcc00"}, "BRAND_COLOUR #ffcc00 has a contrast"),
        ({"BRAND_COLOUR": "#0b4f8a;}body{display:none"}, "must be a colour"),
        ({"ACCESSIBILITY_REVIEWED": "05.12.2026"}, "ACCESSIBILITY_REVIEWED must be a date"),
        ({"LOGO_FILE": "/nowhere/logo.png"}, "does not exist"),
    ],
)
def test_a_wrong_setting_stops_the_start_and_says_what_to_fix(settings, message):
    with pytest.raises(IdentityRefused, match=message):
        _app(**settings)


def test_the_colour_reaches_the_stylesheet_every_page_loads_and_the_preview(client, app):
    page = client.get("/privacy").get_data(as_text=True)
    assert 'href="/brand.css"' in page
    css = client.get("/brand.css")
    assert css.mimetype == "text/css"
    assert "--colour-primary: #0b4f8a;" in css.get_data(as_text=True)
    other = _app(BRAND_COLOUR="#1d6b34")
    green = other.test_client().get("/brand.css").get_data(as_text=True)
    assert "--colour-primary: #1d6b34;" in green and "--colour-primary-dark: #" in green
    with other.app_context():
        db.engine.dispose()


def test_the_preview_image_is_drawn_in_the_colour():
    from consult.public.sharing import preview_png

    image = Image.open(io.BytesIO(preview_png("Istog", "Survey", "Title", "", "#1d6b34")))
    assert image.getpixel((5, 5)) == (0x1D, 0x6B, 0x34)


def test_a_png_or_a_plain_svg_is_a_logo(tmp_path):
    (tmp_path / "logo.png").write_bytes(PNG)
    assert checked_logo(tmp_path / "logo.png").mimetype == "image/png"
    (tmp_path / "logo.svg").write_bytes(SVG)
    assert find_logo(None, str(tmp_path)).mimetype == "image/svg+xml"  # svg first
    assert find_logo(None, str(tmp_path / "empty")) is None


@pytest.mark.parametrize(
    "content",
    [
        SVG.replace(b"<rect", b"<script>alert(1)</script><rect"),
        SVG.replace(b"<rect", b'<rect onload="alert(1)"'),
        SVG.replace(b"<rect", b'<a href="javascript:alert(1)"><rect'),
        SVG.replace(b"<rect", b"<foreignObject><iframe/></foreignObject><rect"),
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
        b"<html><body>not a logo</body></html>",
        b"GIF89a" + b"\x00" * 20,
        PNG + b"\x00" * (512 * 1024),
    ],
)
def test_a_logo_that_could_run_something_or_is_no_image_is_refused(tmp_path, content):
    (tmp_path / "logo.svg").write_bytes(content)
    with pytest.raises(IdentityRefused):
        checked_logo(tmp_path / "logo.svg")


def test_the_logo_shows_in_the_header_and_is_served_sandboxed(tmp_path):
    (tmp_path / "arms.svg").write_bytes(SVG)
    arms = _app(LOGO_FILE=str(tmp_path / "arms.svg"))
    client = arms.test_client()
    page = client.get("/privacy").get_data(as_text=True)
    assert '<img class="brand-logo" src="/logo" alt=""' in page
    served = client.get("/logo")
    assert served.status_code == 200 and served.mimetype == "image/svg+xml"
    assert served.data == SVG
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    served.close()
    with arms.app_context():
        db.engine.dispose()  # the page read the municipality: its connection is closed here


def test_without_a_logo_the_header_has_the_name_alone(app, client):
    if app.config["LOGO"] is not None:
        pytest.skip("this checkout has a logo in instance/")
    assert client.get("/logo").status_code == 404
    assert "brand-logo" not in client.get("/privacy").get_data(as_text=True)
