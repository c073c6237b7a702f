"""Sending SMS one-time codes through a provider interface.

`POLL_SMS_BACKEND` chooses the provider: "console" (development: printed; refused where
POLL_REFUSE_CONSOLE_DELIVERY is set, as in production), "memory" (tests: kept in `SENT`). A
real provider is a class with `send(to, text)` registered in `BACKENDS`. The code itself is
stored nowhere: only in the message, and as a keyed digest with its expiry and tries in
`poll_pending_codes` (services.await_code).
"""

import sys
from dataclasses import dataclass

from flask import current_app


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


BACKENDS: dict[str, type] = {"console": ConsoleBackend, "memory": MemoryBackend}


def send_sms(message: Sms) -> None:
    """Hand `message` to the configured provider."""
    default = "memory" if current_app.testing else "console"
    name = current_app.config.get("POLL_SMS_BACKEND", default)
    backend = BACKENDS.get(name)
    if backend is None:
        raise SmsFailed(f"unknown SMS backend {name!r}")
    backend().send(message)
