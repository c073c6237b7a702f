"""Behind a proxy: links never come from the Host header, the client address comes only from
the configured proxies, and rate limits and the sign-in back-off count by it."""

import re

from flask import url_for
from sqlalchemy import select

from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from tests.conftest import CSRF_INPUT, PASSWORD, submit
from tests.variants import variant_app

PUBLIC_URL = "https://konsultime.istog.example"
REGISTRATION = {
    "name": "OJQ Rinia Aktive",
    "registration_number": "5114-2019",
    "contact_email": "info@rinia.example",
    "representative": "Dardan Krasniqi",
    "password": "a long enough password",
    "password_again": "a long enough password",
}


def _register_through(client, base_url: str, headers: dict) -> None:
    page = client.get("/organisations/register", base_url=base_url, headers=headers)
    token = CSRF_INPUT.search(page.get_data(as_text=True)).group(1)
    response = client.post(
        "/organisations/register",
        data={**REGISTRATION, "csrf_token": token},
        base_url=base_url,
        headers=headers,
    )
    assert response.status_code == 302


def _mailed_links(app) -> list[str]:
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body)).all()
    return [link for body in bodies for link in re.findall(r"\S+://\S+", body)]


def test_a_forged_host_header_does_not_change_an_e_mail_link(app):
    with variant_app(app, PUBLIC_URL=PUBLIC_URL, PROXY_COUNT=1) as site:
        forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
        _register_through(site.test_client(), "http://evil.example", forged)
        (link,) = _mailed_links(site)
    assert link.startswith(f"{PUBLIC_URL}/organisations/register/confirm/")


def test_a_link_built_outside_a_request_uses_the_public_address(app):
    with variant_app(app, PUBLIC_URL=PUBLIC_URL) as site, site.app_context():
        assert url_for("auth.login", _external=True) == f"{PUBLIC_URL}/login"
        assert url_for("public.home", _external=True) == f"{PUBLIC_URL}/"


def test_pages_still_answer_under_another_host_name(app):
    # the proxy may pass its own upstream name; links do not depend on it
    with variant_app(app, PUBLIC_URL=PUBLIC_URL) as site:
        assert site.test_client().get("/", base_url="http://127.0.0.1:8000").status_code == 200


def _sign_in_codes(client, addresses: list[str], email: str) -> list[int]:
    codes = []
    for forwarded in addresses:
        response = submit(
            client,
            "/login",
            {"email": email, "password": "not the password"},
            headers={"X-Forwarded-For": forwarded},
        )
        codes.append(response.status_code)
    return codes


def test_x_forwarded_for_from_an_untrusted_hop_is_ignored(app, client, make_user):
    email = make_user("officer")
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    spoofed = [f"198.51.100.{n}" for n in range(limit + 1)]
    assert _sign_in_codes(client, spoofed, email)[-1] == 429


def test_the_configured_proxy_names_the_client_for_rate_limits(app, make_user):
    email = make_user("officer")
    with variant_app(app, PROXY_COUNT=1) as site:
        limit = int(site.config["LOGIN_RATE_LIMIT"].split()[0])
        # the proxy appends the address it saw; what the client wrote before it is ignored
        many_clients = [f"6.6.6.6, 198.51.100.{n}" for n in range(limit + 1)]
        assert 429 not in _sign_in_codes(site.test_client(), many_clients, email)
        one_client = [f"6.6.6.{n}, 198.51.100.200" for n in range(limit + 1)]
        assert _sign_in_codes(site.test_client(), one_client, email)[-1] == 429


def test_the_sign_in_back_off_counts_by_the_client_behind_the_proxy(app, make_user):
    email = make_user("chair")
    with variant_app(app, PROXY_COUNT=1) as site:
        attacker = site.test_client()
        free = site.config["LOGIN_BACKOFF_FREE_ATTEMPTS"]
        _sign_in_codes(attacker, ["203.0.113.66"] * (free + 1), email)
        chair = site.test_client()
        behind_the_proxy = {"X-Forwarded-For": "198.51.100.7"}
        response = submit(
            chair, "/login", {"email": email, "password": PASSWORD}, headers=behind_the_proxy
        )
        assert response.status_code == 302
