"""Configuration refuses unsafe production settings."""

import pytest

from config import SECRET_KEY_MIN_BYTES, DevelopmentConfig, ProductionConfig, TestingConfig
from consult import create_app

PUBLIC_URL = "https://konsultime.istog.example"


@pytest.fixture
def production_env(monkeypatch):
    """An environment production accepts; each test takes one thing away."""
    monkeypatch.setenv("SECRET_KEY", "k" * SECRET_KEY_MIN_BYTES)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PUBLIC_URL", PUBLIC_URL)
    return monkeypatch


def test_production_refuses_to_start_without_secret_key(production_env):
    production_env.delenv("SECRET_KEY")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_refuses_to_start_without_database_url(production_env):
    production_env.delenv("DATABASE_URL")
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(ProductionConfig)


@pytest.mark.parametrize("length", [8, 16, SECRET_KEY_MIN_BYTES - 1])
def test_production_refuses_a_secret_key_shorter_than_32_bytes(production_env, length):
    production_env.setenv("SECRET_KEY", "s" * length)
    with pytest.raises(RuntimeError, match="at least 32 bytes"):
        create_app(ProductionConfig)


@pytest.mark.parametrize("batch", ["1", "19"])
def test_production_refuses_survey_seal_batches_under_20(production_env, batch):
    production_env.setenv("SURVEY_SEAL_BATCH", batch)
    with pytest.raises(RuntimeError, match="SURVEY_SEAL_BATCH must be at least 20"):
        create_app(ProductionConfig)


def test_production_takes_a_larger_survey_seal_batch(production_env):
    production_env.setenv("SURVEY_SEAL_BATCH", "50")
    assert ProductionConfig().SURVEY_SEAL_BATCH == 50
    production_env.delenv("SURVEY_SEAL_BATCH")
    assert ProductionConfig().SURVEY_SEAL_BATCH == 20


def test_a_secret_key_counts_in_bytes_not_characters(production_env):
    production_env.setenv("SECRET_KEY", "ë" * 16)  # 16 characters, 32 bytes
    assert create_app(ProductionConfig).config["SECRET_KEY"] == "ë" * 16


def test_production_refuses_to_start_without_its_public_address(production_env):
    production_env.delenv("PUBLIC_URL")
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(ProductionConfig)


@pytest.mark.parametrize(
    "address",
    ["http://konsultime.istog.example", "konsultime.istog.example", "https://"],
)
def test_production_refuses_a_public_address_that_is_not_https(production_env, address):
    production_env.setenv("PUBLIC_URL", address)
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(ProductionConfig)


@pytest.mark.parametrize(
    "address", ["https://istog.example/konsultime", "https://x.example/?a=1", "https://u@x.example"]
)
def test_a_public_address_is_a_scheme_and_host_only(address):
    class Config(TestingConfig):
        PUBLIC_URL = address

    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(Config)


def test_production_links_use_the_public_address_and_one_trusted_proxy(production_env):
    app = create_app(ProductionConfig)
    assert app.config["SERVER_NAME"] == "konsultime.istog.example"
    assert app.config["PREFERRED_URL_SCHEME"] == "https"
    assert app.config["PROXY_COUNT"] == 1
    assert app.config["POLL_REFUSE_CONSOLE_DELIVERY"] is True
    assert app.config["REFUSE_WORKER_LOCAL_RATE_LIMITS"] is True


def test_development_trusts_no_proxy_and_refuses_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "dev")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite'}")
    app = create_app(DevelopmentConfig)
    assert app.config["PROXY_COUNT"] == 0
    assert not app.config.get("POLL_REFUSE_CONSOLE_DELIVERY")
    assert not app.config.get("REFUSE_WORKER_LOCAL_RATE_LIMITS")


def test_production_cookies_are_secure(production_env):
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    response = app.test_client().get("/nope")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_every_response_carries_security_headers(client):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
