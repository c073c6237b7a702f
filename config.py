"""Configuration classes, read from the environment.

`create_app()` picks one with `CONSULT_CONFIG` (development, testing or production).
Numbers of the minimum consultation standards live here with the defaults of STANDARDS.md.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("CONSULT_INSTANCE") or BASE_DIR / "instance")
#: the shortest SECRET_KEY production accepts, in bytes (a 256-bit key)
SECRET_KEY_MIN_BYTES = 32
#: the smallest SURVEY_SEAL_BATCH production accepts (README, "What a dump shows")
SURVEY_SEAL_BATCH_MIN = 20


def _whole_number(name: str, default: int) -> int:
    """An environment variable holding a whole number of zero or more; `default` if unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number of zero or more, not {value!r}.")
    return int(value)


def _host_list(name: str) -> list[str] | None:
    """A comma-separated list of host names from the environment; None if unset."""
    value = os.environ.get(name, "").strip()
    return [host.strip() for host in value.split(",") if host.strip()] or None


class Config:
    """Settings shared by every environment."""

    MUNICIPALITY_NAME = {
        "sq": "Komuna e Istogut",
        "sr_Latn": "Opština Istok",
        "bs": "Općina Istok",
        "en": "Municipality of Istog",
    }
    #: the Public Information Office, in the footer and on the privacy and accessibility pages
    CONTACT_ADDRESS = os.environ.get("CONTACT_ADDRESS", "Rruga Dëshmorët e Kombit, 31000 Istog")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "informimi@istog.example")
    CONTACT_PHONE = os.environ.get("CONTACT_PHONE", "")
    #: the municipality's colour (header, links, buttons): #rrggbb with 4.5:1 against white,
    #: checked at start-up (`consult.identity`)
    BRAND_COLOUR = os.environ.get("BRAND_COLOUR", "#0b4f8a")
    #: the logo in the header (PNG or SVG); unset: logo.svg or logo.png in instance/, if there
    LOGO_FILE = os.environ.get("LOGO_FILE") or None
    #: the day the accessibility statement was last checked against the site
    ACCESSIBILITY_REVIEWED = os.environ.get("ACCESSIBILITY_REVIEWED", "2026-12-05")
    LANGUAGES = ["sq", "sr_Latn", "sr", "bs", "en"]
    #: languages every published consultation must carry (LANG-OFFICIAL); "sr" is satisfied
    #: by Serbian in either script
    OFFICIAL_LANGUAGES = ["sq", "sr", "bs"]
    BABEL_DEFAULT_LOCALE = "sq"
    BABEL_DEFAULT_TIMEZONE = "Europe/Belgrade"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    #: no `pool_pre_ping` (a round trip before every request): a connection dropped in the
    #: pool is found at its first statement, which then runs once more on a new one
    #: (consult.database)
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    UPLOAD_FOLDER = str(INSTANCE_DIR / "uploads")
    #: where `flask seed-demo` keeps what it printed, for `flask demo-info` (owner-only file)
    DEMO_GUIDE_FILE = str(INSTANCE_DIR / "demo-guide.json")
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    #: a ZIP-based document (DOCX, ODT, XLSX) may expand to at most this many bytes
    UPLOAD_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    #: werkzeug's scrypt at its own cost (N = 32768): about 0.1 s a hash on purpose
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - the name of a hashing method
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 4 * 3600

    #: the address of the site as citizens reach it, e.g. https://konsultime.istog.example;
    #: every link in an e-mail and every absolute URL is built from it, never from the Host
    #: header of a request (SERVER_NAME and PREFERRED_URL_SCHEME follow from it)
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "").strip() or None
    #: requests for any other host name are refused (400); None accepts every Host header
    TRUSTED_HOSTS = _host_list("TRUSTED_HOSTS")
    #: how many proxies in front of the app add X-Forwarded-For/-Proto: the client address is
    #: the one the outermost of them saw; 0 trusts no such header (development)
    PROXY_COUNT = _whole_number("PROXY_COUNT", 0)

    #: PostgreSQL: a statement of a web request running longer than this many seconds is
    #: cancelled, and so is one waiting longer for a lock (0 = no limit); commands (migrations,
    #: backup, purge) run without them (see consult.database)
    DATABASE_STATEMENT_TIMEOUT = _whole_number("DATABASE_STATEMENT_TIMEOUT", 30)
    DATABASE_LOCK_TIMEOUT = _whole_number("DATABASE_LOCK_TIMEOUT", 5)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    #: no X-RateLimit-* headers, on any route: Flask-Limiter reads them back from the storage
    #: after the request (one or two more Redis round trips per limited request, HTML and the
    #: /api alike); a refusal (429) still says when to come back with Retry-After, from the
    #: refused limit's window (consult.errors), at no cost
    RATELIMIT_HEADERS_ENABLED = False
    #: sign-in attempts per client address, whatever the account
    LOGIN_RATE_LIMIT = "10 per minute"
    #: failed sign-ins for one account from one address before that pair waits; the wait
    #: then doubles with every failure, from the first to the longest; a pair without a
    #: failure for the last number of hours starts afresh
    LOGIN_BACKOFF_FREE_ATTEMPTS = 5
    LOGIN_BACKOFF_FIRST_SECONDS = 60
    LOGIN_BACKOFF_LONGEST_SECONDS = 3600
    LOGIN_BACKOFF_FORGET_HOURS = 24
    #: how long the link that confirms an organisation's registration works
    REGISTRATION_LINK_HOURS = 48
    #: how long a link to choose a new password works (once), and how often a client address
    #: may ask for one or use one
    RESET_LINK_HOURS = 2
    RESET_LINK_RATE_LIMIT = "5 per minute;20 per hour"

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@istog.example")

    #: days the Council chair has to review a published report (received for the Assembly or
    #: sent back to the officers), from the day it was sent to her
    REVIEW_DAYS = _whole_number("REVIEW_DAYS", 30)
    #: the standards profile in force (`consult.core.profiles`, `flask standards profiles`):
    #: kosovo-municipal (the default), kosovo-central, albania-146-2014 or custom; an unknown
    #: name stops the start-up. A municipality may name its own profile.
    STANDARDS_PROFILE = os.environ.get("STANDARDS_PROFILE", "kosovo-municipal")
    #: minimum consultation standards (STANDARDS.md); numbers marked "confirm" there. These are
    #: the numbers of the `custom` profile, and they correct those of `kosovo-municipal` (whose
    #: defaults they are); the profiles of a law (kosovo-central, albania-146-2014) keep their
    #: own. The custom profile may also set DAY_COUNT ("calendar" or "working"),
    #: HOLIDAY_COUNTRY (ISO code, e.g. "XK") and MS_COMPLEX_DAYS (the longest period of a
    #: complex act; 0: none). The rules read them through `current_standards()`.
    #: What a consultation must carry before it is announced (consult.core.lifecycle's
    #: SUBSTANCE_CHECKS; 0 switches a rule off): MS-TEXT, a draft act's articles or its draft
    #: document, and MS-NOTE, its explanatory note (1 requires them); BH-DRAFT, a budget
    #: hearing's imported draft budget (1 requires it); CP-PROJECTS, the fewest projects on a
    #: capital-projects poll; SV-QUESTIONS, the fewest questions in a survey
    STANDARDS = {
        #: the fewest days between the preliminary notice and the opening (MS-NOTICE: 1, any
        #: day before)
        "MS_NOTICE_DAYS": 1,
        "MS_DURATION_DAYS": 15,
        "MS_MEETING_NOTICE_DAYS": 7,
        "MS_REPORT_DAYS": 15,
        "MS_MEETING_REVIEW_DAYS": 15,
        "BH_MEETINGS_PER_YEAR": 2,
        "MS_TEXT_REQUIRED": 1,
        "MS_NOTE_REQUIRED": 1,
        "BH_DRAFT_REQUIRED": 1,
        "CP_MIN_PROJECTS": 2,
        "SV_MIN_QUESTIONS": 1,
        #: LANG-ANSWER: a report is published only once every answer (and budget change
        #: reason) is written in each official language and the commenter's own (0: off)
        "LANG_ANSWER_REQUIRED": 1,
    }
    #: statutory budget calendar (BH-CALENDAR): (month, day) in the year before the budget year
    HEARING_CALENDAR = {"mtbf": (6, 30), "circular2": (8, 15), "approval": (9, 30)}
    #: warn this many days before a budget milestone
    HEARING_WARNING_DAYS = 21
    HEARING_PHOTO_MAX_BYTES = 5 * 1024 * 1024
    HEARING_PHOTO_MAX_PIXELS = 40_000_000
    #: a follower of one consultation gets at most one "answers are published" notice in
    #: this many hours, however many answers the officers save (consult/subscriptions)
    FOLLOW_ANSWERS_NOTICE_HOURS = _whole_number("FOLLOW_ANSWERS_NOTICE_HOURS", 24)
    #: registration for a seat at a public meeting: an unconfirmed registration holds its
    #: seat this many minutes; the confirmation link works this many hours (taking a seat
    #: still free once the hold has lapsed); registrations are deleted this many days after
    #: the meeting (`flask purge-personal-data`)
    MEETING_SEAT_HOLD_MINUTES = _whole_number("MEETING_SEAT_HOLD_MINUTES", 120)
    MEETING_CONFIRM_LINK_HOURS = _whole_number("MEETING_CONFIRM_LINK_HOURS", 48)
    MEETING_REGISTRATION_RETENTION_DAYS = _whole_number("MEETING_REGISTRATION_RETENTION_DAYS", 30)
    #: audience lists (consult/audiences): a sign-up's link works this many hours, and a
    #: sign-up never confirmed is deleted after them (`flask purge-personal-data`); a CSV
    #: import reads at most this many bytes and rows, and a previewed file waits this many
    #: hours for "Import" before the purge deletes it
    AUDIENCE_CONFIRM_HOURS = _whole_number("AUDIENCE_CONFIRM_HOURS", 72)
    AUDIENCE_IMPORT_MAX_BYTES = 1024 * 1024
    AUDIENCE_IMPORT_MAX_ROWS = _whole_number("AUDIENCE_IMPORT_MAX_ROWS", 5000)
    AUDIENCE_IMPORT_PREVIEW_HOURS = 24
    #: a consultation closed more than this many days ago no longer shows as "recently closed"
    RECENTLY_CLOSED_DAYS = 60
    #: key of the staff survey access-code hashes; without it SECRET_KEY is used, and rotating
    #: SECRET_KEY then invalidates every unused code
    SURVEY_TOKEN_KEY = os.environ.get("SURVEY_TOKEN_KEY")
    #: a staff survey's reminder goes to its whole list at most once in this many hours
    #: (consult/surveys/reminders.py)
    SURVEY_REMINDER_HOURS = _whole_number("SURVEY_REMINDER_HOURS", 24)
    #: key of the voter-identity hashes (HMAC of the personal number); without it a key derived
    #: from SECRET_KEY is used, and rotating SECRET_KEY then invalidates the voter lists
    POLL_IDENTITY_KEY = os.environ.get("POLL_IDENTITY_KEY")
    #: key that seals the secrets of two-step sign-in in the database; without it one derived
    #: from SECRET_KEY is used, and rotating SECRET_KEY then turns every second factor
    #: unreadable (an administrator turns it off on People, or `flask users two-step-off`)
    SECOND_FACTOR_KEY = os.environ.get("SECOND_FACTOR_KEY")
    #: where one-time voting codes by SMS go: "console" until a provider is configured
    POLL_SMS_BACKEND = os.environ.get("POLL_SMS_BACKEND", "console")
    #: the provider's HTTP gateway ("http" backend, consult/polls/sms.py): its address and
    #: method, the body with $to and $text, JSON or a form, and basic or bearer credentials
    SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
    SMS_GATEWAY_METHOD = os.environ.get("SMS_GATEWAY_METHOD", "POST")
    SMS_GATEWAY_BODY = os.environ.get("SMS_GATEWAY_BODY", '{"to": "$to", "text": "$text"}')
    SMS_GATEWAY_CONTENT_TYPE = os.environ.get("SMS_GATEWAY_CONTENT_TYPE", "application/json")
    SMS_GATEWAY_USER = os.environ.get("SMS_GATEWAY_USER", "")
    SMS_GATEWAY_PASSWORD = os.environ.get("SMS_GATEWAY_PASSWORD", "")
    SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
    SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "5"))
    SMS_GATEWAY_RETRIES = _whole_number("SMS_GATEWAY_RETRIES", 2)
    POLL_VERIFY_RATE_LIMIT = "10 per minute;100 per hour"
    POLL_VOTE_RATE_LIMIT = "60 per minute"
    #: on PostgreSQL, every transaction stamp (xmin) left on the poll tables is shared by at
    #: least this many participations and as many ballots of the poll
    #: (consult/polls/ballot_box.py); a vote rewrites at most twice this many rows of each
    POLL_SEAL_BATCH = _whole_number("POLL_SEAL_BATCH", 20)
    #: seconds a worker keeps what a poll's voting pages read (settings, consultation,
    #: projects), and how many polls it keeps: valid only while the poll's revision is the
    #: database's (consult/polls/voting_cache.py); 0 reads the poll at every request
    POLL_CACHE_SECONDS = _whole_number("POLL_CACHE_SECONDS", 60)
    POLL_CACHE_SIZE = _whole_number("POLL_CACHE_SIZE", 256)
    #: seconds a worker keeps the questionnaire a survey's pages read (sections, questions,
    #: options, statements), and how many surveys it keeps: valid only while the survey's
    #: revision is the database's (consult/surveys/questionnaire_cache.py); 0 reads it each time
    SURVEY_CACHE_SECONDS = _whole_number("SURVEY_CACHE_SECONDS", 60)
    SURVEY_CACHE_SIZE = _whole_number("SURVEY_CACHE_SIZE", 64)
    #: each worker keeps the rendered articles and comments of a draft act's public page, per
    #: language, for at most PAGE_CACHE_SECONDS (0: none is kept) and at most PAGE_CACHE_SIZE
    #: of them; any change to what they show renews the consultation's page revision, and the
    #: copy is dropped at the next request anywhere (consult/consultations/page_cache.py)
    PAGE_CACHE_SECONDS = _whole_number("PAGE_CACHE_SECONDS", 300)
    PAGE_CACHE_SIZE = _whole_number("PAGE_CACHE_SIZE", 512)
    #: refuse e-mail or SMS verification while MAIL_BACKEND or POLL_SMS_BACKEND is "console"
    #: (the code would only be printed on the server); True in production
    POLL_REFUSE_CONSOLE_DELIVERY = False
    SURVEY_CODE_RATE_LIMIT = "30 per minute;300 per hour"
    #: on PostgreSQL, every transaction stamp (xmin) left on a survey's used codes, browser
    #: records and responses is shared by at least this many of them (services.seal); a
    #: submission rewrites at most twice this many rows of each. At least 20 in production
    SURVEY_SEAL_BATCH = _whole_number("SURVEY_SEAL_BATCH", 20)
    #: comments, proposals, registrations and subscriptions one client address may send
    PUBLIC_POST_RATE_LIMIT = "30 per hour"
    #: seconds an import (DOCX, TXT, CSV, XLSX, a photo) may read before it is refused
    IMPORT_SECONDS = 15
    #: PDF downloads per client address, all reports together (consult/core/report_views.py)
    PDF_DOWNLOAD_RATE_LIMIT = "10 per minute;100 per hour"
    #: citizen-survey responses one client address may store
    SURVEY_ANSWER_RATE_LIMIT = "20 per minute;200 per hour"
    #: minutes a staff survey's access code stays claimed by the browser that entered it after
    #: its last page (consult/surveys/claims.py); also how long progress survives a reload
    SURVEY_CLAIM_MINUTES = _whole_number("SURVEY_CLAIM_MINUTES", 120)
    #: seconds a worker keeps each municipality's yearly figures for the national view
    #: (/platform/overview, /open-data/municipalities) before counting them again; 0 = never kept
    NATIONAL_VIEW_SECONDS = _whole_number("NATIONAL_VIEW_SECONDS", 300)
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
    DEMO_GUIDE_FILE = None
    NATIONAL_VIEW_SECONDS = 0  # tests that change figures read them at once
    #: the suite makes thousands of accounts: scrypt at 1/32 of the cost (tests/auth checks that
    #: every other configuration keeps the full cost)
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - the name of a hashing method
    #: the voting pages keep their copy of a poll in the tests too: every test that changes a
    #: poll, its consultation or its projects between two requests checks the invalidation
    POLL_CACHE_SECONDS = 60
    #: and the surveys their questionnaires: every test that edits a questionnaire between two
    #: pages checks that invalidation
    SURVEY_CACHE_SECONDS = 60
    #: and the draft act's page its articles and comments: every test that comments, answers,
    #: hides or edits between two requests checks that invalidation too
    PAGE_CACHE_SECONDS = 60


class ProductionConfig(Config):
    """Production: PostgreSQL, a long secret and the public https address from the
    environment, secure cookies, behind one proxy unless told otherwise; it refuses to start
    with anything weaker."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    #: gunicorn.conf.py's README set-up: one TLS-terminating proxy on the same machine
    PROXY_COUNT = _whole_number("PROXY_COUNT", 1)
    #: a poll may not verify voters by e-mail or SMS while that mail or SMS only goes to the
    #: server's console (consult.polls reads this)
    POLL_REFUSE_CONSOLE_DELIVERY = True
    #: gunicorn.conf.py refuses more than one worker with rate limits kept in each worker's
    #: memory: every worker would count on its own
    REFUSE_WORKER_LOCAL_RATE_LIMITS = True

    def __init__(self) -> None:
        needed = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_URL")
        missing = [name for name in needed if not os.environ.get(name, "").strip()]
        if missing:
            raise RuntimeError(
                f"Production configuration needs {', '.join(missing)} in the environment."
            )
        self.SECRET_KEY = os.environ["SECRET_KEY"]
        if len(self.SECRET_KEY.encode()) < SECRET_KEY_MIN_BYTES:
            raise RuntimeError(
                f"SECRET_KEY must be at least {SECRET_KEY_MIN_BYTES} bytes long; make one with "
                '`python -c "import secrets; print(secrets.token_hex(32))"`.'
            )
        self.SURVEY_SEAL_BATCH = _whole_number("SURVEY_SEAL_BATCH", 20)
        if self.SURVEY_SEAL_BATCH < SURVEY_SEAL_BATCH_MIN:
            raise RuntimeError(
                f"SURVEY_SEAL_BATCH must be at least {SURVEY_SEAL_BATCH_MIN} in production: it is "
                "the fewest survey responses a response can be told apart from."
            )
        self.PUBLIC_URL = os.environ["PUBLIC_URL"].strip()
        if not self.PUBLIC_URL.startswith("https://"):
            raise RuntimeError("PUBLIC_URL must be the https:// address of the site in production.")
        self.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]


def worker_settings_problem(config, workers: int) -> str | None:
    """Why the app's configuration `config` may not be served by `workers` worker processes
    (gunicorn.conf.py asks before it forks), or None. Rate limits kept in each worker's
    memory would let a client try `workers` times as often as the limit says."""
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if (
        config.get("REFUSE_WORKER_LOCAL_RATE_LIMITS")
        and workers > 1
        and storage.startswith("memory://")
    ):
        return (
            f"{workers} workers would each keep their own rate limits in memory: set "
            "RATELIMIT_STORAGE_URI to a shared storage (redis://...) or run one worker."
        )
    return None


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
