"""Platform admins (issue #22): the flag, the command that grants it, and who may open the
platform pages (nobody else: a municipality's own administrator is refused on every one)."""

import pytest
from sqlalchemy import func, select, text

from consult.auth.models import User
from consult.core.municipalities import Municipality
from consult.extensions import db
from tests.conftest import PASSWORD, csrf_token, submit
from tests.platform.conftest import PLATFORM_EMAIL

PLATFORM_URLS = [
    "/platform/municipalities",
    "/platform/municipalities/new",
    "/platform/municipalities/1",
    "/platform/overview",
]


def _flag(app, email: str) -> bool:
    with app.app_context():
        return db.session.execute(
            text("SELECT platform_admin FROM users WHERE email = :email"), {"email": email}
        ).scalar_one()


def test_the_command_grants_and_revokes_it_and_the_audit_log_says_so(app, runner, make_user):
    make_user("admin", email=PLATFORM_EMAIL)
    assert _flag(app, PLATFORM_EMAIL) in (False, 0)
    granted = runner.invoke(args=["users", "platform-admin", PLATFORM_EMAIL.upper()])
    assert granted.exit_code == 0 and "opens the platform pages" in granted.output
    assert _flag(app, PLATFORM_EMAIL) in (True, 1)
    revoked = runner.invoke(args=["users", "platform-admin", PLATFORM_EMAIL, "--off"])
    assert revoked.exit_code == 0 and "no longer opens" in revoked.output
    assert _flag(app, PLATFORM_EMAIL) in (False, 0)
    with app.app_context():
        actions = db.session.scalars(
            text("SELECT action FROM audit_log WHERE target LIKE 'user:%' ORDER BY id")
        ).all()
    assert actions == ["user.platform_admin_granted", "user.platform_admin_revoked"]
    unknown = runner.invoke(args=["users", "platform-admin", "nobody@istog.example"])
    assert unknown.exit_code != 0 and "no account" in unknown.output


def test_the_command_finds_an_account_of_another_municipality(app, runner, second):
    granted = runner.invoke(args=["users", "platform-admin", "admin@prizren.example"])
    assert granted.exit_code == 0, granted.output
    assert _flag(app, "admin@prizren.example") in (True, 1)
    with app.app_context():
        logged = db.session.execute(
            text("SELECT municipality_id FROM audit_log WHERE action LIKE 'user.platform%'")
        ).scalar_one()
    assert logged == second["municipality_id"]


@pytest.mark.parametrize("url", PLATFORM_URLS)
def test_an_administrator_without_the_flag_is_refused_everywhere(app, client, login, url):
    login("admin")
    assert client.get(f"{url}?lang=en").status_code == 403
    token = csrf_token(client, "/account/password?lang=en")  # a valid token of the session
    fields = {"slug": "gjakova", "host": "gjakova.example", "name_en": "Gjakova"}
    refused = client.post(url, data={**fields, "csrf_token": token})
    assert refused.status_code in (403, 405)  # the flag; or a page that takes no form
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Municipality)) == 1


@pytest.mark.parametrize("url", PLATFORM_URLS)
def test_nobody_signed_out_sees_them(client, url):
    answer = client.get(url)
    assert answer.status_code in (302, 401)


def test_the_second_municipalitys_administrator_is_refused_on_its_own_host(app, second):
    client = app.test_client()
    base = "http://prizren.example"
    answer = submit(
        client, f"{base}/login", {"email": "admin@prizren.example", "password": PASSWORD}
    )
    assert answer.status_code == 302
    for url in PLATFORM_URLS:
        assert client.get(f"{base}{url}").status_code == 403, url


def test_the_navigation_links_the_platform_for_platform_admins_only(
    app, platform_client, client, login
):
    assert "/platform/municipalities" in platform_client.get("/?lang=en").get_data(as_text=True)
    login("admin")
    assert "/platform/municipalities" not in client.get("/?lang=en").get_data(as_text=True)


def test_new_accounts_are_not_platform_admins(app, make_user):
    make_user("admin")
    with app.app_context():
        assert db.session.scalar(select(User.platform_admin)) is False
