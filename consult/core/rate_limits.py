"""The key of every rate limit, a keyed hash of the client's address (never the address
itself), and the limit of the public forms (comments, proposals, registrations, subscriptions).

The limiter's storage (memory, or Redis in production) keeps each key until its window ends;
what it holds cannot be turned back into an address without the app's secret key. The address
is `client_address`: the client's own behind the configured proxies, an IPv6 address by its
/64 network.
"""

import hashlib
import hmac
import ipaddress

from flask import current_app, request

#: how many comments, proposals, registrations and subscriptions one address may send
PUBLIC_POST_LIMIT = "30 per hour"


def public_post_limit() -> str:
    """The limit of the public forms: the setting PUBLIC_POST_RATE_LIMIT, else
    PUBLIC_POST_LIMIT."""
    return current_app.config.get("PUBLIC_POST_RATE_LIMIT", PUBLIC_POST_LIMIT)


def client_key() -> str:
    """The rate-limit key of this request's client: an HMAC of its address (the limiter's
    `key_func`, so every limit of the app counts by it)."""
    secret = current_app.secret_key
    key = secret if isinstance(secret, bytes) else str(secret).encode()
    address = client_address().encode()
    return hmac.new(key, b"rate-limit:" + address, hashlib.sha256).hexdigest()[:32]


def client_address() -> str:
    """The address rate limits and the sign-in back-off count by: the client's address as
    the trusted proxies report it (`PROXY_COUNT`, see `consult.create_app`); for IPv6 its
    /64 network, since one subscriber usually holds a whole /64."""
    address = request.remote_addr or ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
