"""Structured application logs: one line per event, `key=value` pairs, for sign-ins, their
failures, password links, imports, mail and SMS sends and errors.

An event names accounts and records by their ids and never carries what would identify a
citizen or let someone vote or sign in in their place: no e-mail address, name, personal
number, phone number, code, token, password or text typed by anyone. `log_event` keeps only
numbers, booleans and short words (letters, digits, `._:/-`); anything else is dropped and the
key is kept with the value `[dropped]`, so a call that would leak shows up as such.
"""

from __future__ import annotations

import logging
import re
import sys

from flask import Flask

LOGGER = logging.getLogger("consult.events")
#: a value that may be logged as it is: a short word, an id, a status, a path without query
_PLAIN = re.compile(r"[A-Za-z0-9._:/-]{1,80}")
#: keys never logged, whatever their value looks like
_NEVER = {"email", "address", "name", "phone", "code", "token", "password", "text", "body"}


def _value(key: str, value: object) -> str:
    if key in _NEVER:
        return "[dropped]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return text if _PLAIN.fullmatch(text) else "[dropped]"


def event_line(event: str, **fields: object) -> str:
    """`event=... key=value ...` as logged (keys in the order given)."""
    pairs = [f"event={_value('event', event)}"]
    pairs += [f"{key}={_value(key, value)}" for key, value in fields.items() if value is not None]
    return " ".join(pairs)


def log_event(event: str, level: int = logging.INFO, **fields: object) -> None:
    """Write one event line (see the module's docstring for what may be in it)."""
    LOGGER.log(level, event_line(event, **fields))


def register_event_log(app: Flask) -> None:
    """Events go to standard error, one line each with the time and the level, unless the
    logger has a handler already (a deployment's own logging configuration)."""
    if LOGGER.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("time=%(asctime)s level=%(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = app.testing  # tests read the events through pytest's caplog
