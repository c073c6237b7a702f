"""Configuration classes, read from the environment.

`create_app()` picks one with `CONSULT_CONFIG` (development, testing or production).
Numbers of the minimum consultation standards live here with the defaults of STANDARDS.md.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("CONSULT_INSTANCE") or BASE_DIR / "instance")


class Config:
    """Settings shared by every environment."""

    MUNICIPALITY_NAME = {
        "sq": "Komuna e Istogut",
        "sr_Latn": "Opština Istok",
        "bs": "Općina Istok",
        "en": "Municipality of Istog",
    }
    LANGUAGES = ["sq", "sr_Latn", "sr", "bs", "en"]
    #: languages every published consultation must carry (LANG-OFFICIAL); "sr" is satisfied
    #: by Serbian in either script
    OFFICIAL_LANGUAGES = ["sq", "sr", "bs"]
    BABEL_DEFAULT_LOCALE = "sq"
    BABEL_DEFAULT_TIMEZONE = "Europe/Belgrade"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    UPLOAD_FOLDER = str(INSTANCE_DIR / "uploads")
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    #: a ZIP-based document (DOCX, ODT, XLSX) may expand to at most this many bytes
    UPLOAD_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 4 * 3600

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    #: failed logins in a row that lock an account, and for how long
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@istog.example")

    #: minimum consultation standards (STANDARDS.md); numbers marked "confirm" there
    STANDARDS = {
        "MS_DURATION_DAYS": 15,
        "MS_MEETING_NOTICE_DAYS": 7,
        "MS_REPORT_DAYS": 15,
        "MS_MEETING_REVIEW_DAYS": 15,
        "BH_MEETINGS_PER_YEAR": 2,
    }
    #: statutory budget calendar (BH-CALENDAR): (month, day) in the year before the budget year
    HEARING_CALENDAR = {"mtbf": (6, 30), "circular2": (8, 15), "approval": (9, 30)}
    #: warn this many days before a budget milestone
    HEARING_WARNING_DAYS = 21
    HEARING_PHOTO_MAX_BYTES = 5 * 1024 * 1024
    HEARING_PHOTO_MAX_PIXELS = 40_000_000
    #: a consultation closed more than this many days ago no longer shows as "recently closed"
    RECENTLY_CLOSED_DAYS = 60
    #: key of the staff survey access-code hashes; without it SECRET_KEY is used, and rotating
    #: SECRET_KEY then invalidates every unused code
    SURVEY_TOKEN_KEY = os.environ.get("SURVEY_TOKEN_KEY")
    #: key of the voter-identity hashes (HMAC of the personal number); without it a key derived
    #: from SECRET_KEY is used, and rotating SECRET_KEY then invalidates the voter lists
    POLL_IDENTITY_KEY = os.environ.get("POLL_IDENTITY_KEY")
    #: where one-time voting codes by SMS go: "console" until a provider is configured
    POLL_SMS_BACKEND = os.environ.get("POLL_SMS_BACKEND", "console")
    POLL_VERIFY_RATE_LIMIT = "10 per minute;100 per hour"
    POLL_VOTE_RATE_LIMIT = "60 per minute"
    #: on PostgreSQL, every transaction stamp (xmin) left on the poll tables is shared by at
    #: least this many participations and as many ballots of the poll
    #: (consult/polls/ballot_box.py); a vote rewrites at most twice this many rows of each
    POLL_SEAL_BATCH = int(os.environ.get("POLL_SEAL_BATCH", "20"))
    #: refuse e-mail or SMS verification while MAIL_BACKEND or POLL_SMS_BACKEND is "console"
    #: (the code would only be printed on the server); True in production
    POLL_REFUSE_CONSOLE_DELIVERY = False
    SURVEY_CODE_RATE_LIMIT = "30 per minute;300 per hour"
    ANONYMITY_MIN_GROUP = 5
    ANONYMITY_MIN_GROUP_TEXT = 8
    #: a local community whose share of participants is below this fraction of its share of the
    #: population is shown as under-represented
    UNDER_REPRESENTATION_SHARE = 0.8
    DATA_RETENTION_MONTHS = 24


def _development_secret() -> str:
    """A random key kept in instance/ so development sessions survive restarts."""
    path = INSTANCE_DIR / ".secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class DevelopmentConfig(Config):
    """Local development and the demo: SQLite in instance/, mail printed to the console."""

    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'consult.sqlite'}"
    )

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret()


class TestingConfig(Config):
    """The test suite: SQLite unless TEST_DATABASE_URL names another database."""

    TESTING = True
    SECRET_KEY = "testing-only-key"  # noqa: S105 - never used outside the test suite
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    MAIL_BACKEND = "memory"
    POLL_SMS_BACKEND = "memory"
    RATELIMIT_STORAGE_URI = "memory://"
    PREFERRED_URL_SCHEME = "http"


class ProductionConfig(Config):
    """Production: PostgreSQL and a secret from the environment, secure cookies."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    def __init__(self) -> None:
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                f"Production configuration needs {', '.join(missing)} in the environment."
            )
        self.SECRET_KEY = os.environ["SECRET_KEY"]
        self.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
