"""The password policy: at least 12 characters, nothing common or guessable, no composition
rules; `flask users` refuses a weak password with the reason."""

import pytest
from sqlalchemy import select

import config
from consult.auth.models import User
from consult.auth.passwords import MIN_LENGTH, common_passwords, hash_password, password_problem
from consult.extensions import db

REFUSED = [
    "short",
    "elevenchars",  # 11
    "password1234",
    "Password2024!",
    "iloveyou2024",
    "2024iloveyou",
    "monkeymonkey",
    "xxxxxxxxxxxx",
    "abcabcabcabc",
    "123456789012",
    "abcdefghijklm",
    "qwertyuiopas",
    "lkjhgfdsapoiu",
    "1qaz2wsx3edc",
    "masterbating",  # one of the few long ones in the list
    "consult12345",
]
ACCEPTED = [
    "correct horse battery staple",
    "Ura e Gurit në Istog",
    "twelve chars",
    "739204851736",
    "Лепо је у Истоку",
]


@pytest.mark.parametrize("password", REFUSED)
def test_weak_passwords_are_refused(ctx, password):
    assert password_problem(password) is not None


@pytest.mark.parametrize("password", ACCEPTED)
def test_long_uncommon_passwords_pass_without_composition_rules(ctx, password):
    assert password_problem(password) is None


def test_the_account_s_own_address_is_refused(ctx):
    email = "besa.gashi@istog.example"
    assert "e-mail address" in str(password_problem("Besa.Gashi@istog.example", email))
    assert "e-mail address" in str(password_problem("besa.gashi2025", email))
    assert password_problem("besa gashi walks to Istog", email) is None


def test_the_list_of_common_passwords_is_shipped_with_the_app():
    common = common_passwords()
    assert len(common) >= 9_900
    assert {"password", "123456", "qwerty", "iloveyou"} <= common


def _create(runner, password: str, email: str = "new.officer@istog.example"):
    return runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            email,
            "--name",
            "Arben",
            "--role",
            "admin",
            "--password",
            password,
        ]
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("istog", f"at least {MIN_LENGTH} characters"),
        ("password1234", "too common"),
        ("new.officer@istog.example", "e-mail address"),
    ],
)
def test_users_create_refuses_a_weak_password_and_says_why(app, runner, password, reason):
    result = _create(runner, password)
    assert result.exit_code == 1
    assert "password refused" in result.output and reason in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email.like("new.officer%"))) is None


def test_users_set_password_refuses_a_weak_password(app, runner, make_user):
    email = make_user("officer")
    result = runner.invoke(
        args=["users", "set-password", "--email", email, "--password", "qwertyqwerty"]
    )
    assert result.exit_code == 1 and "too common" in result.output


def test_outside_the_test_suite_a_password_costs_werkzeugs_full_scrypt(app, monkeypatch):
    """The suite hashes at a lower cost (it makes thousands of accounts); no configuration a
    municipality runs does."""
    kept = [config.Config, config.DevelopmentConfig, config.ProductionConfig]
    assert {settings.PASSWORD_HASH_METHOD for settings in kept} == {"scrypt"}
    full = "scrypt:32768:8:1$"
    assert hash_password("a long enough password").startswith(full)  # no application
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", config.Config.PASSWORD_HASH_METHOD)
    with app.app_context():
        assert hash_password("a long enough password").startswith(full)


def test_the_suite_hashes_at_its_own_cost(app):
    with app.app_context():
        assert hash_password("a long enough password").startswith("scrypt:1024:8:1$")
