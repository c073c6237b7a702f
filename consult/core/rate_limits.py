"""Rate limits of the public forms (comments, proposals, subscriptions): how many posts one
client address may send, counted under a keyed hash of the address, never the address itself.

The limiter's storage (memory, or Redis in production) keeps each key until its window ends;
what it holds cannot be turned back into an address without the app's secret key. The address
is `consult.security.client_address`: the client's own behind the configured proxies, an IPv6
address by its /64 network.
"""

import hashlib
import hmac

from flask import current_app

from consult.security import client_address

#: how many comments, proposals, registrations and subscriptions one address may send
PUBLIC_POST_LIMIT = "30 per hour"


def public_post_limit() -> str:
    """The limit of the public forms: the setting PUBLIC_POST_RATE_LIMIT, else
    PUBLIC_POST_LIMIT."""
    return current_app.config.get("PUBLIC_POST_RATE_LIMIT", PUBLIC_POST_LIMIT)


def client_key() -> str:
    """The rate-limit key of this request's client: an HMAC of its address."""
    secret = current_app.secret_key
    key = secret if isinstance(secret, bytes) else str(secret).encode()
    address = client_address().encode()
    return hmac.new(key, b"public-post:" + address, hashlib.sha256).hexdigest()[:32]
