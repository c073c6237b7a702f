"""Sign-in tells nothing about which accounts exist, and failures from one address cannot lock
anyone out from another: the back-off counts per account name and client address."""

import datetime as dt
import re
import threading

import pytest
from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from consult.auth import models as auth_models
from consult.auth import services as auth_services
from consult.auth import views as auth_views
from consult.auth.models import User
from consult.extensions import db, limiter
from tests.conftest import PASSWORD, submit

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
OFFICE = {"REMOTE_ADDR": "198.51.100.7"}
TOKEN = re.compile(r'value="[^"]{40,}"')


def attempt(client, email: str, password: str, where: dict):
    return submit(
        client, "/login?lang=en", {"email": email, "password": password}, environ_base=where
    )


@pytest.mark.parametrize("role", ["chair", "admin"])
def test_failures_from_one_address_cannot_lock_the_account_out_from_another(app, make_user, role):
    email = make_user(role)
    attacker = app.test_client()
    for n in range(app.config["LOGIN_BACKOFF_FREE_ATTEMPTS"] + 3):
        attempt(attacker, email, f"guess number {n}", ATTACKER)
    refused = attempt(attacker, email, PASSWORD, ATTACKER)
    assert refused.status_code == 200 and "Try again in" in refused.get_data(as_text=True)
    assert attacker.get("/manage/", environ_base=ATTACKER).status_code == 302

    at_work = app.test_client()
    assert attempt(at_work, email, PASSWORD, OFFICE).status_code == 302
    home = "/chair/" if role == "chair" else "/manage/"
    assert at_work.get(home, environ_base=OFFICE).status_code == 200


def test_the_wait_doubles_with_each_failure_and_a_success_starts_afresh(
    app, make_user, monkeypatch
):
    email = make_user("officer")
    clock = [dt.datetime(2026, 12, 1, 9, 0)]
    monkeypatch.setattr(auth_views, "utcnow", lambda: clock[0])
    client = app.test_client()

    def try_now(password: str) -> str:
        return attempt(client, email, password, OFFICE).get_data(as_text=True)

    free = app.config["LOGIN_BACKOFF_FREE_ATTEMPTS"]
    pages = [try_now(f"wrong {n}") for n in range(free)]
    assert all("Try again" not in page for page in pages[:-1])
    assert "Try again in 1 minute." in pages[-1]
    # while the pair waits, even the right password is not checked
    assert "Try again in 1 minute." in try_now(PASSWORD)
    assert client.get("/manage/", environ_base=OFFICE).status_code == 302

    clock[0] += dt.timedelta(seconds=61)
    assert "Try again in 2 minutes." in try_now("wrong again")
    clock[0] += dt.timedelta(seconds=60)
    assert "Try again in 1 minute." in try_now("still waiting")
    clock[0] += dt.timedelta(seconds=61)
    assert attempt(client, email, PASSWORD, OFFICE).status_code == 302

    limiter.reset()
    fresh = app.test_client()
    for n in range(free - 1):
        page = attempt(fresh, email, f"typo {n}", OFFICE).get_data(as_text=True)
        assert "Try again" not in page and "not correct" in page


def test_a_long_attack_waits_at_most_the_longest_wait(app, make_user, monkeypatch):
    email = make_user("officer")
    clock = [dt.datetime(2026, 12, 1, 9, 0)]
    monkeypatch.setattr(auth_views, "utcnow", lambda: clock[0])
    longest = app.config["LOGIN_BACKOFF_LONGEST_SECONDS"]
    client = app.test_client()
    for n in range(20):
        limiter.reset()
        page = attempt(client, email, f"guess {n}", ATTACKER).get_data(as_text=True)
        clock[0] += dt.timedelta(seconds=longest + 1)
    assert longest == 3600 and "Try again in 1 hour." in page


def _normalised(page: str, email: str) -> str:
    return TOKEN.sub('value="TOKEN"', page).replace(email, "EMAIL")


def test_an_unknown_address_gets_the_same_answers_as_an_account(app, make_user):
    known = make_user("officer")
    answers = {}
    for n, email in enumerate((known, "nobody@istog.example")):
        client = app.test_client()
        where = {"REMOTE_ADDR": f"192.0.2.{n + 1}"}
        pages = []
        for k in range(app.config["LOGIN_BACKOFF_FREE_ATTEMPTS"] + 2):
            response = attempt(client, email, f"wrong {k}", where)
            pages.append(
                (response.status_code, _normalised(response.get_data(as_text=True), email))
            )
        answers[email] = pages
    assert answers[known] == answers["nobody@istog.example"]
    assert "Try again in" in answers[known][-1][1]


def test_one_password_hash_is_checked_whether_the_account_exists_or_not(
    app, make_user, monkeypatch
):
    email = make_user("officer")
    with app.app_context():
        retired = db.session.scalar(select(User).where(User.email == email))
        inactive = auth_services.create_user(
            "retired@istog.example", "Retired", PASSWORD, "officer"
        )
        inactive.active = False
        db.session.commit()
        method = retired.password_hash.partition("$")[0]
    checked = []

    def counting(check):
        def check_and_count(password_hash, password):
            checked.append(password_hash.partition("$")[0])
            return check(password_hash, password)

        return check_and_count

    monkeypatch.setattr(
        auth_services, "check_password_hash", counting(auth_services.check_password_hash)
    )
    monkeypatch.setattr(
        auth_models, "check_password_hash", counting(auth_models.check_password_hash)
    )
    for n, (who, password) in enumerate(
        [
            (email, "wrong password"),
            ("nobody@istog.example", "any password"),
            ("retired@istog.example", PASSWORD),
        ]
    ):
        checked.clear()
        client = app.test_client()
        response = attempt(client, who, password, {"REMOTE_ADDR": f"192.0.2.{n + 1}"})
        assert response.status_code == 200, who
        assert "not correct" in response.get_data(as_text=True)
        assert checked == [method], who


def test_an_old_password_hash_is_renewed_at_sign_in(app, client, make_user):
    email = make_user("officer")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.commit()
    assert attempt(client, email, PASSWORD, OFFICE).status_code == 302
    with app.app_context():
        renewed = db.session.scalar(select(User.password_hash).where(User.email == email))
    assert renewed.startswith(auth_services._dummy_hash().partition("$")[0] + "$")


def test_the_back_off_keeps_neither_the_names_typed_nor_the_client_addresses(app, make_user):
    email = make_user("officer")
    client = app.test_client()
    for who in (email, "someone.else@example.org"):
        attempt(client, who, "wrong password", ATTACKER)
    with app.app_context():
        rows = db.session.execute(text("SELECT * FROM sign_in_backoffs")).all()
    assert len(rows) == 2
    stored = repr(rows)
    for secret in ("officer", "someone.else", "istog", ATTACKER["REMOTE_ADDR"], "203.0.113"):
        assert secret not in stored


def test_simultaneous_attempts_cannot_slip_past_the_back_off(app):
    policy = auth_services.Backoff.from_config(app.config)
    with app.test_request_context():
        key = auth_services.backoff_key("chair@istog.example", ATTACKER["REMOTE_ADDR"])
    now = dt.datetime(2026, 12, 1, 9, 0)
    attempts = 4 * policy.free
    barrier, allowed, lock = threading.Barrier(attempts), [], threading.Lock()

    def one_attempt():
        with app.test_request_context():
            barrier.wait()
            wait = auth_services.begin_attempt(key, policy, now)
            db.session.commit()
            db.session.remove()
        with lock:
            allowed.append(wait is None)

    threads = [threading.Thread(target=one_attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(allowed) == attempts
    assert sum(allowed) == policy.free  # the fifth earns the wait; the rest find it
