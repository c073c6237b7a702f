"""The PDF renderer reads nothing but the app's own static files (issue 14).

Report HTML carries what people wrote. Had markup got through, WeasyPrint fetched whatever it
named: `<link rel="attachment" href="file:///proc/self/environ">` put the worker's environment
into the chair's PDF and `<img src="http://...">` made the server call any address. These tests
hand the renderer of the reports (`consult.core.reports.pdf_from_html`) such HTML and look into
the PDF with poppler's tools, and check that the real reports still get their stylesheet and
images.
"""

import base64
import http.server
import logging
import re
import shutil
import subprocess
import threading
import zlib

import pytest

from consult.core import reports as exports
from tests.consultations.helpers import closed_dates
from tests.polls.conftest import make_poll  # noqa: F401  the poll fixture

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdfinfo", "pdfdetach", "pdfimages", "pdffonts")),
    reason="poppler-utils (pdfinfo, pdfdetach, pdfimages, pdffonts) is needed",
)

SECRET = "the-secret-the-pdf-must-not-carry-4711"


def _poppler(tool: str, pdf: bytes, *args: str) -> str:
    done = subprocess.run([tool, *args, "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def _attachments(pdf: bytes, tmp_path) -> int:
    # pdfdetach reads no standard input: it needs a file
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdfdetach", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return int(re.search(r"(\d+) embedded files", listing).group(1))


#: page widths in points, as pdfinfo prints them
PAGE_WIDTHS = {"595.276": "A4", "419.528": "A5", "297.638": "A6"}


def _page_size(pdf: bytes) -> str:
    width = re.search(r"Page size:\s+([\d.]+) x", _poppler("pdfinfo", pdf)).group(1)
    return PAGE_WIDTHS.get(width, width)


def _images(pdf: bytes) -> int:
    return len(_poppler("pdfimages", pdf, "-list").splitlines()[2:])


def _png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xd5\x5e\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def render(app):
    """The reports' renderer, as in a request to http://localhost/."""

    def make(html: str) -> bytes:
        with app.test_request_context("/"):
            return exports.pdf_from_html(html)

    return make


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def listener():
    """A local HTTP server that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(_png_1x1())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_a_server_file_is_never_attached(render, secret_file, tmp_path):
    html = (
        "<p>Raporti</p>"
        '<link rel="attachment" href="file:///proc/self/environ">'
        f'<link rel="attachment" href="file://{secret_file}">'
        f'<link rel="attachment" href="{secret_file}">'
        f'<a rel="attachment" href="file://{secret_file}">x</a>'
    )
    pdf = render(html)
    assert _attachments(pdf, tmp_path) == 0
    assert SECRET.encode() not in pdf and b"environ" not in pdf


def test_a_server_file_is_not_read_as_stylesheet_image_or_font(render, tmp_path):
    css = tmp_path / "print.css"
    css.write_text("@page { size: A6 }")
    picture = tmp_path / "dot.png"
    picture.write_bytes(_png_1x1())
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
    html = (
        f'<link rel="stylesheet" href="file://{css}">'
        f"<style>@import url(file://{css});"
        f" @font-face {{ font-family: X; src: url(file://{font}) }} p {{ font-family: X }}"
        f" div {{ background: url(file://{picture}) }}</style>"
        f'<p>Teksti</p><div>x</div><img src="file://{picture}">'
        f'<svg width="10" height="10"><image href="file://{picture}" width="10" height="10"/></svg>'
    )
    pdf = render(html)
    assert "A4" in _page_size(pdf)
    assert _images(pdf) == 0
    assert "DejaVuSerif" not in _poppler("pdffonts", pdf)


def test_the_renderer_calls_no_address(render, listener):
    base, seen = listener
    html = (
        f'<img src="{base}/img">'
        f'<img src="{base.replace("http:", "https:")}/tls">'
        f'<link rel="stylesheet" href="{base}/css">'
        f'<link rel="attachment" href="{base}/attachment">'
        f"<style>@import url({base}/import); div {{ background: url({base}/background) }}"
        f" @font-face {{ font-family: X; src: url({base}/font) }} p {{ font-family: X }}</style>"
        f'<p>x</p><div>y</div><img src="{base}/static/css/site.css">'
        f'<svg width="10" height="10"><image href="{base}/svg" width="9" height="9"/></svg>'
        f'<img src="data:image/svg+xml,{_svg_pointing_at(base + "/in-data-svg")}">'
    )
    render(html)
    assert seen == []


def _svg_pointing_at(url: str) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="{url}" width="10" height="10"/></svg>'
    )
    return svg.replace("<", "%3C").replace(">", "%3E").replace('"', "%22")


def test_data_urls_other_than_images_are_refused(render, tmp_path):
    secret = base64.b64encode(SECRET.encode()).decode()
    html = (
        '<link rel="stylesheet" href="data:text/css,@page%20%7B%20size:%20A6%20%7D">'
        "<style>@import url('data:text/css,@page{size:A5}');</style>"
        f'<link rel="attachment" href="data:text/plain;base64,{secret}">'
        f'<link rel="attachment" href="data:application/octet-stream,{SECRET}">'
        f'<img src="data:text/html,<b>{SECRET}</b>"><p>x</p>'
    )
    pdf = render(html)
    assert "A4" in _page_size(pdf)
    assert _attachments(pdf, tmp_path) == 0


def test_data_images_are_drawn(render):
    png = base64.b64encode(_png_1x1()).decode()
    pdf = render(f'<p>x</p><img src="data:image/png;base64,{png}" width="20">')
    assert _images(pdf) == 1


def test_the_apps_own_static_files_are_served(app, render, tmp_path, monkeypatch):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "print.css").write_text("@page { size: A6 }")
    (static / "dot.png").write_bytes(_png_1x1())
    (tmp_path / "outside.css").write_text("@page { size: A5 }")
    monkeypatch.setattr(app, "static_folder", str(static))

    pdf = render(
        '<link rel="stylesheet" href="/static/css/print.css">'
        '<p>x</p><img src="/static/dot.png" width="20">'
        '<img src="http://localhost/static/dot.png" width="20">'
    )
    assert "A6" in _page_size(pdf)
    assert _images(pdf) == 2

    for escape_attempt in ("/static/../outside.css", "/static/%2e%2e/outside.css"):
        pdf = render(f'<link rel="stylesheet" href="{escape_attempt}"><p>x</p>')
        assert "A4" in _page_size(pdf), escape_attempt
    # the same path on another host is not the app
    pdf = render('<link rel="stylesheet" href="http://example.org/static/css/print.css"><p>x</p>')
    assert "A4" in _page_size(pdf)


@pytest.fixture
def weasyprint_warnings(caplog):
    """What WeasyPrint logged: every resource it could not load is a warning."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    return lambda: [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]


def test_the_final_report_gets_its_stylesheet(client, make_consultation, weasyprint_warnings):
    consultation_id = make_consultation(**{**closed_dates(), "status": "reported"})
    pdf = client.get(f"/consultations/{consultation_id}/report.pdf?lang=sr").data
    assert "A4" in _page_size(pdf)
    assert "DejaVu-Sans" in _poppler("pdffonts", pdf)
    # the report stylesheet's 9.5 pt text (WeasyPrint's default is 12 pt: a box 14 pt high)
    first = re.search(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', _poppler("pdftotext", pdf, "-bbox", "-")
    )
    assert float(first.group(2)) - float(first.group(1)) < 12
    assert "Правилник" in _poppler("pdftotext", pdf, "-") or "Pravilnik" in _poppler(
        "pdftotext", pdf, "-"
    )
    assert weasyprint_warnings() == []


def test_the_poll_poster_gets_its_qr_code(app, client, make_poll, weasyprint_warnings):  # noqa: F811
    from consult.core import pdf as renderer

    fetched = []
    original = renderer.AppFilesOnly.fetch

    def spy(self, url, headers=None):
        response = original(self, url, headers)
        fetched.append((url[:22], response.content_type))
        return response

    poll_id = make_poll()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(renderer.AppFilesOnly, "fetch", spy)
        poster = client.get(f"/polls/{poll_id}/poster.pdf?lang=en")
    assert poster.status_code == 200
    assert fetched == [("data:image/svg+xml;cha", "image/svg+xml")]
    assert weasyprint_warnings() == []
    assert "Scan the code" in _poppler("pdftotext", poster.data, "-")
