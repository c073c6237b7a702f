"""A small HTTP load generator: N threads, each one connection at a time, loopback only.

Each thread repeats an *operation* (one GET, or a whole flow such as form page + POST +
redirect) until the time or the request budget runs out; the operation's wall time is one
latency sample, and for a flow each of its HTTP requests is one sample of the per-request
latency too. The HTTP client is a raw socket with `Connection: close` (gunicorn's sync
workers close every connection anyway), which costs far less CPU than http.client; on a
machine where the generator and the server share the cores that matters.

    python bench/load.py http://127.0.0.1:8000/ -c 16 -d 10
    python bench/load.py http://127.0.0.1:8000/ -c 16 -d 10 --post body=x

`wrk` is used instead when asked (`--wrk`) and installed; the Python generator needs nothing.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

LOOPBACK = "127.0.0.1"


class LoadError(Exception):
    """An operation did not get the answer it expected (counted as an error)."""


@dataclass
class Response:
    """A parsed HTTP response."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first header called `name` (case-insensitive), or None."""
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    @property
    def text(self) -> str:
        """The body as UTF-8 text."""
        return self.body.decode("utf-8", "replace")


def _parse(raw: bytes) -> Response:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise LoadError(f"bad status line {lines[0]!r}")
    headers = []
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers.append((key.strip().lower(), value.strip()))
    if any(k == "transfer-encoding" and "chunked" in v.lower() for k, v in headers):
        body = _unchunk(body)
    return Response(int(parts[1]), headers, body)


def _unchunk(data: bytes) -> bytes:
    out, pos = bytearray(), 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[end + 2 : end + 2 + size]
        pos = end + 4 + size


class Client:
    """One virtual user: a cookie jar and a raw-socket request method (loopback only)."""

    def __init__(self, port: int, host: str = LOOPBACK, timeout: float = 30.0) -> None:
        if host != LOOPBACK:
            raise ValueError("the bench loads 127.0.0.1 only")
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.requests = 0
        #: seconds each request took, from connecting to the last byte (emptied per operation)
        self.latencies: list[float] = []

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Response:
        """Send one request on a new connection and read the whole response."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for key, value in (headers or {}).items():
            lines.append(f"{key}: {value}")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        began = time.perf_counter()
        with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
            sock.sendall(data)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        self.latencies.append(time.perf_counter() - began)
        self.requests += 1
        response = _parse(b"".join(chunks))
        for key, value in response.headers:
            if key == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, path: str, expect: tuple[int, ...] = (200,)) -> Response:
        """GET `path`; raise LoadError unless the status is in `expect`."""
        return _expect(self.request("GET", path), expect, "GET", path)

    def post(
        self,
        path: str,
        form: dict[str, str] | list[tuple[str, str]],
        expect: tuple[int, ...] = (200, 201, 302, 303),
    ) -> Response:
        """POST a urlencoded form; raise LoadError unless the status is in `expect`."""
        body = urlencode(form).encode()
        response = self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        return _expect(response, expect, "POST", path)


def _expect(response: Response, expect: tuple[int, ...], method: str, path: str) -> Response:
    if response.status not in expect:
        raise LoadError(f"{method} {path} -> {response.status}")
    return response


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page (Flask-WTF's hidden input)."""
    match = _CSRF.search(html)
    if not match:
        raise LoadError("no csrf_token on the page")
    return match.group(1) or match.group(2)


_STATE = re.compile(r'name="state"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="state"')


def signed_state(html_text: str) -> str:
    """The signed `state` hidden input of a questionnaire page, unescaped."""
    match = _STATE.search(html_text)
    if not match:
        raise LoadError("no signed state on the questionnaire")
    return html.unescape(match.group(1) or match.group(2))


def local_path(location: str) -> str:
    """A redirect's Location as a path on the same server."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- the load loop ---------------------------------------------------------------------------

Operation = Callable[[Client], None]


@dataclass
class Result:
    """What one load run measured."""

    ops: int = 0
    errors: int = 0
    #: every operation run and every one that succeeded, warm-up included (for CPU per
    #: operation and for counting rows written)
    total: int = 0
    succeeded: int = 0
    http_requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    #: every HTTP request of the successful measured operations (for flows of several requests)
    request_latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    #: which generator measured it: "python" or "wrk" (then the figures come from wrk's output)
    tool: str = "python"
    wrk: dict | None = None

    @property
    def rate(self) -> float:
        """Successful operations per second in the measured window (errors do not count)."""
        if self.wrk:
            return self.wrk["rate"]
        return (self.ops - self.errors) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Latency percentile of an operation in milliseconds (nearest rank)."""
        if self.wrk and p in (50, 99):
            return self.wrk[f"p{p}"]
        return _percentile_ms(self.latencies, p)

    def request_percentile(self, p: float) -> float:
        """Latency percentile of one HTTP request of an operation, in milliseconds."""
        return _percentile_ms(self.request_latencies, p)

    def line(self) -> str:
        """One line for the terminal."""
        return (
            f"{self.rate:8.1f} ops/s  p50 {self.percentile(50):7.2f} ms  "
            f"p99 {self.percentile(99):7.2f} ms  errors {self.errors}  ({self.ops} ops)"
        )


def _percentile_ms(seconds: list[float], p: float) -> float:
    """The nearest-rank percentile `p` of `seconds`, in milliseconds (NaN for none)."""
    if not seconds:
        return float("nan")
    ordered = sorted(seconds)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index] * 1000


def run_load(
    operation: Operation,
    port: int,
    connections: int = 16,
    duration: float = 10.0,
    warmup: float = 1.0,
    max_ops: int = 200_000,
    make_client: Callable[[int], Client] | None = None,
) -> Result:
    """Run `operation` from `connections` threads for `warmup` + `duration` seconds.

    Only operations started after the warm-up count; no operation starts after the
    deadline or once `max_ops` have been measured. An exception is an error.
    """
    result = Result()
    lock = threading.Lock()
    start = time.perf_counter()
    measure_from = start + warmup
    deadline = measure_from + duration
    last_end = [measure_from]

    def worker(n: int) -> None:
        client = make_client(n) if make_client else Client(port)
        latencies, errors, samples, requests, total, succeeded = [], 0, [], 0, 0, 0
        each_request: list[float] = []
        while True:
            began = time.perf_counter()
            if began >= deadline:
                break
            counted = began >= measure_from
            if counted:
                with lock:
                    if result.ops >= max_ops:
                        break
                    result.ops += 1
            before = client.requests
            client.latencies.clear()
            try:
                operation(client)
                ok = True
            except Exception as exc:  # every failure is an error sample, never a crash
                ok = False
                if counted and len(samples) < 3:
                    samples.append(f"{type(exc).__name__}: {exc}")
            ended = time.perf_counter()
            total += 1
            succeeded += ok
            if counted:
                requests += client.requests - before
                if ok:
                    latencies.append(ended - began)
                    each_request.extend(client.latencies)
                else:
                    errors += 1
        with lock:
            result.latencies.extend(latencies)
            result.request_latencies.extend(each_request)
            result.errors += errors
            result.http_requests += requests
            result.total += total
            result.succeeded += succeeded
            result.error_samples.extend(samples[: 3 - len(result.error_samples)])
            last_end[0] = max(last_end[0], time.perf_counter())

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = last_end[0] - measure_from
    return result


# --- wrk, when installed ---------------------------------------------------------------------


def wrk_available() -> bool:
    """True when the `wrk` binary is on PATH."""
    return shutil.which("wrk") is not None


def _wrk_ms(text: str | None) -> float:
    """wrk's "812.00us", "4.02ms", "1.32s" or "1.10m" in milliseconds (nan if absent)."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text or "")
    if not match:
        return float("nan")
    return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[match[2]]


def _found(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text)
    return match.group(1) if match else None


def run_wrk(url: str, connections: int = 16, duration: float = 10.0) -> dict:
    """GET `url` with wrk (2 threads); requests/s, p50, p99 (ms), errors and requests."""
    if urlsplit(url).hostname != LOOPBACK:
        raise ValueError("the bench loads 127.0.0.1 only")
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "30s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors += int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    return {
        "requests": int(_found(r"(\d+) requests in", out) or 0),
        "seconds": _wrk_ms(_found(r"requests in ([\d.]+\w+),", out)) / 1000,
        "rate": float(_found(r"Requests/sec:\s+([\d.]+)", out) or 0),
        "p50": _wrk_ms(_found(r"50%\s+(\S+)", out)),
        "p99": _wrk_ms(_found(r"99%\s+(\S+)", out)),
        "errors": errors,
    }


def wrk_result(url: str, connections: int, duration: float, warmup: float) -> Result:
    """A `Result` measured by wrk (after a warm-up run of `warmup` seconds, not counted)."""
    warm = run_wrk(url, connections, warmup) if warmup > 0 else {"requests": 0}
    figures = run_wrk(url, connections, duration)
    ops = figures["requests"]
    return Result(
        ops=ops,
        errors=figures["errors"],
        http_requests=ops,
        seconds=figures["seconds"],
        total=ops + warm["requests"],
        succeeded=ops - figures["errors"],
        tool="wrk",
        wrk=figures,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Load one URL on 127.0.0.1.")
    parser.add_argument("url")
    parser.add_argument("-c", "--connections", type=int, default=16)
    parser.add_argument("-d", "--duration", type=float, default=10.0)
    parser.add_argument("-n", "--max-requests", type=int, default=200_000)
    parser.add_argument("--post", metavar="FIELD=VALUE", action="append", help="POST this form")
    parser.add_argument("--wrk", action="store_true", help="use wrk for a GET when installed")
    args = parser.parse_args()
    parts = urlsplit(args.url)
    if parts.hostname != LOOPBACK:
        parser.error("the bench loads 127.0.0.1 only")
    path = parts.path or "/"
    if args.wrk and not args.post and wrk_available():
        r = run_wrk(args.url, args.connections, args.duration)
        print(
            f"wrk: {r['rate']:.1f} req/s  p50 {r['p50']:.2f} ms  p99 {r['p99']:.2f} ms  "
            f"errors {r['errors']}"
        )
        return
    if args.post:
        form = dict(item.split("=", 1) for item in args.post)

        def operation(client: Client) -> None:
            client.post(path, form)
    else:

        def operation(client: Client) -> None:
            client.get(path)

    result = run_load(
        operation, parts.port or 80, args.connections, args.duration, max_ops=args.max_requests
    )
    print(result.line())
    for sample in result.error_samples:
        print("  error:", sample)


if __name__ == "__main__":
    main()
