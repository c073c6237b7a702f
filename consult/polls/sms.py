"""Sending SMS one-time codes through a provider interface.

`POLL_SMS_BACKEND` chooses the provider: "http" (a provider's HTTP gateway, configured by the
SMS_GATEWAY_* settings), "console" (development: printed; refused where
POLL_REFUSE_CONSOLE_DELIVERY is set, as in production), "memory" (tests: kept in `SENT`). A
provider is a class with `send(message)` registered in `BACKENDS`. The code itself is
stored nowhere: only in the message, and as a keyed digest with its expiry and tries in
`poll_pending_codes` (services.await_code).
"""

import base64
import json
import logging
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from string import Template

from flask import current_app

from consult.core.events import log_event


@dataclass(frozen=True)
class Sms:
    """One text message."""

    to: str
    text: str


#: messages "sent" by the memory backend, for tests
SENT: list[Sms] = []


class SmsFailed(Exception):
    """The provider could not take the message."""


class ConsoleBackend:
    """Prints the message, for development."""

    def send(self, message: Sms) -> None:
        sys.stdout.write(f"--- sms to {message.to} ---\n{message.text}\n--- end ---\n")


class MemoryBackend:
    """Keeps the message in `SENT`, for tests."""

    def send(self, message: Sms) -> None:
        SENT.append(message)


class HttpGatewayBackend:
    """Sends through a provider's HTTP gateway, as the settings describe it:

    - SMS_GATEWAY_URL, SMS_GATEWAY_METHOD (POST or GET);
    - SMS_GATEWAY_BODY: the request body, a template with `$to` and `$text` (with GET, the
      query string), written as JSON or as a form (SMS_GATEWAY_CONTENT_TYPE), each value
      escaped for it;
    - SMS_GATEWAY_USER / SMS_GATEWAY_PASSWORD (basic authentication) or SMS_GATEWAY_TOKEN
      (a bearer token);
    - SMS_GATEWAY_TIMEOUT seconds per attempt, SMS_GATEWAY_RETRIES more attempts after a
      failure that may pass (no answer, 429, 5xx), with a short pause between.

    A refusal names the gateway's status or the kind of failure, never the message: the code
    in it must not reach a log.
    """

    def __init__(self, config=None) -> None:
        self.config = config if config is not None else current_app.config

    def _request(self, message: Sms) -> urllib.request.Request:
        config = self.config
        form = config.get("SMS_GATEWAY_CONTENT_TYPE", "application/json") != "application/json"
        method = config.get("SMS_GATEWAY_METHOD", "POST").upper()

        def escaped(value: str) -> str:
            if form or method == "GET":
                return urllib.parse.quote_plus(value)
            return json.dumps(value)[1:-1]

        body = Template(config["SMS_GATEWAY_BODY"]).safe_substitute(
            to=escaped(message.to), text=escaped(message.text)
        )
        url = config["SMS_GATEWAY_URL"]
        data = None
        if method == "GET":
            url = f"{url}{'&' if '?' in url else '?'}{body}"
        else:
            data = body.encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310  # nosec B310
        if data is not None:
            request.add_header(
                "Content-Type", config.get("SMS_GATEWAY_CONTENT_TYPE", "application/json")
            )
        if config.get("SMS_GATEWAY_TOKEN"):
            request.add_header("Authorization", f"Bearer {config['SMS_GATEWAY_TOKEN']}")
        elif config.get("SMS_GATEWAY_USER"):
            pair = f"{config['SMS_GATEWAY_USER']}:{config.get('SMS_GATEWAY_PASSWORD', '')}"
            request.add_header("Authorization", "Basic " + base64.b64encode(pair.encode()).decode())
        return request

    def send(self, message: Sms) -> None:
        if not self.config.get("SMS_GATEWAY_URL", "").startswith(("https://", "http://")):
            raise SmsFailed("SMS_GATEWAY_URL is not set to an http(s) address")
        attempts = 1 + max(0, int(self.config.get("SMS_GATEWAY_RETRIES", 2)))
        timeout = float(self.config.get("SMS_GATEWAY_TIMEOUT", 5))
        problem = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(min(0.5 * attempt, 2))
            try:
                opened = urllib.request.urlopen(self._request(message), timeout=timeout)  # noqa: S310  # nosec B310
                with opened as answer:
                    answer.read(1024)
                return
            except urllib.error.HTTPError as refused:
                refused.close()
                problem = f"the SMS gateway answered {refused.code}"
                if refused.code != 429 and refused.code < 500:
                    break  # the gateway will refuse it again
            except (urllib.error.URLError, TimeoutError, OSError) as failure:
                reason = getattr(failure, "reason", failure)
                kind = "timed out" if isinstance(reason, TimeoutError) else "could not be reached"
                problem = f"the SMS gateway {kind}"
        raise SmsFailed(problem)


BACKENDS: dict[str, type] = {
    "http": HttpGatewayBackend,
    "console": ConsoleBackend,
    "memory": MemoryBackend,
}


def send_sms(message: Sms) -> None:
    """Hand `message` to the configured provider."""
    default = "memory" if current_app.testing else "console"
    name = current_app.config.get("POLL_SMS_BACKEND", default)
    backend = BACKENDS.get(name)
    if backend is None:
        raise SmsFailed(f"unknown SMS backend {name!r}")
    try:
        backend().send(message)
    except SmsFailed:
        log_event("sms.failed", logging.WARNING, backend=name)
        raise
    log_event("sms.sent", backend=name)
