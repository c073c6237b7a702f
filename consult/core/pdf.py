"""The one PDF renderer of the app: WeasyPrint with a URL fetcher that reads nothing but the app's
own static files, and a small cache for reports that opt in.

Report HTML carries text that people wrote. Should markup ever get through, WeasyPrint would
fetch what it names: `<link rel="attachment" href="file:///proc/self/environ">` put the worker's
environment into the PDF, `<img src="http://...">` made the server call any address. So every
URL WeasyPrint meets (stylesheets, images, fonts, attachments, images inside SVG) goes through
`AppFilesOnly`, which answers from the static folder and with `data:` images only, never from
the network or another file, and refuses everything else.

This module imports WeasyPrint at the top: `consult.core.reports` imports it inside the
functions that make a PDF, so a worker that never makes one never loads WeasyPrint.
"""

import base64
import binascii
import hashlib
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from flask import current_app, has_app_context, has_request_context, request
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse
from werkzeug.security import safe_join

#: the root relative URLs resolve against when there is no request (commands, tests)
DEFAULT_ROOT = "http://localhost/"

#: at most this many PDFs, and this many bytes of them, are kept by each worker process
CACHE_MAX_ENTRIES = 64
CACHE_MAX_BYTES = 32 * 1024 * 1024


class ResourceRefused(ValueError):
    """A URL in report HTML that the PDF renderer does not fetch."""


class AppFilesOnly(URLFetcher):
    """WeasyPrint's URL fetcher for report HTML: the app's static files under `root` (e.g.
    `http://host/static/css/site.css`, read from the static folder, not over the network) and
    `data:` URLs of images. Everything else is refused: other files (`file:`), other hosts and
    paths (`http:`, `https:`, `ftp:`), `data:` of any other type.

    WeasyPrint catches the refusal, logs it and leaves the resource out of the PDF."""

    def __init__(self, root: str, static_folder: str | None, static_url_path: str) -> None:
        # `fetch` below answers every request: the network handlers WeasyPrint's fetcher
        # sets up are never used
        super().__init__(allow_redirects=False)
        parts = urlsplit(root)
        self._origin = (parts.scheme.lower(), parts.netloc.lower())
        self._prefix = parts.path.rstrip("/") + "/" + static_url_path.strip("/") + "/"
        self._static_folder = static_folder

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """The resource `url` names, if it is one of the app's static files or a data: image."""
        if url[:5].lower() == "data:":
            return self._data_image(url)
        path = self._static_file(url)
        if path is None:
            raise ResourceRefused(f"not one of the app's static files: {url[:200]}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})

    def _static_file(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if self._static_folder is None:
            return None
        if (parts.scheme.lower(), parts.netloc.lower()) != self._origin:
            return None
        if not parts.path.startswith(self._prefix):
            return None
        name = safe_join(self._static_folder, unquote(parts.path[len(self._prefix) :]))
        if name is None or not Path(name).is_file():
            return None
        return Path(name)

    @staticmethod
    def _data_image(url: str) -> URLFetcherResponse:
        """`data:[<type>][;base64],<data>` (RFC 2397), when its type is an image."""
        header, comma, payload = url[5:].partition(",")
        params = [param.strip().lower() for param in header.split(";")]
        media_type = params[0] or "text/plain"
        if not comma or not media_type.startswith("image/"):
            raise ResourceRefused(f"a data: URL of type {media_type[:60]}, not an image")
        body = unquote_to_bytes(payload)
        if "base64" in params[1:]:
            try:
                body = base64.b64decode(body)
            except binascii.Error as error:
                raise ResourceRefused("a data: image that is not base64") from error
        return URLFetcherResponse(url, body, {"Content-Type": media_type})


def url_fetcher(root: str | None = None) -> AppFilesOnly:
    """The fetcher for a PDF rendered now: the app's static files under `root` (default: the
    root URL of the current request); outside an app, data: images only."""
    if not has_app_context():
        return AppFilesOnly(root or DEFAULT_ROOT, None, "/static")
    return AppFilesOnly(
        root or _request_root(), current_app.static_folder, current_app.static_url_path or ""
    )


def _request_root() -> str:
    return request.url_root if has_request_context() else DEFAULT_ROOT


class _PdfCache:
    """The PDFs this process made lately, under a hash of everything they were made from, so
    a cached PDF is always the one the same HTML would make again: never stale."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, pdf: bytes) -> None:
        if len(pdf) > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = pdf
            self._size += len(pdf)
            while len(self._items) > self.max_entries or self._size > self.max_bytes:
                _key, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


CACHE = _PdfCache(CACHE_MAX_ENTRIES, CACHE_MAX_BYTES)


def render_pdf(
    html: str,
    stylesheets: Sequence[str] = (),
    base_url: str | None = None,
    cache: bool = False,
) -> bytes:
    """A PDF of `html` with the `stylesheets` (CSS text); relative URLs resolve against
    `base_url` (default: the current request's root) and only the app's static files and
    data: images are fetched.

    `cache=True` keeps the PDF for the next request that renders the very same HTML. Only a
    report that anyone may read and that holds no access code or personal data opts in; the
    access-code slips never do."""
    root = base_url or _request_root()
    key = _cache_key(html, stylesheets, root) if cache else None
    if key is not None and (found := CACHE.get(key)) is not None:
        return found
    fetcher = url_fetcher(root)
    pdf = HTML(string=html, base_url=root, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, base_url=root, url_fetcher=fetcher) for css in stylesheets]
    )
    if key is not None:
        CACHE.put(key, pdf)
    return pdf


def _cache_key(html: str, stylesheets: Sequence[str], root: str) -> str:
    digest = hashlib.sha256()
    for part in (root, *stylesheets, html):
        encoded = part.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
    return digest.hexdigest()
