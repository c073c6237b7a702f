"""A live server and a headless Debian Chromium driven by Playwright.

Without Chromium the browser tests skip, unless CONSULT_REQUIRE_BROWSER=1 (set by .ci/run),
which turns a missing browser into a failure.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.models import Survey
from consult.surveys.services import add_question, add_section, create_survey, issue_tokens
from tests.e2e.test_accessibility import axe, check  # noqa: F401  the axe fixtures, shared
from tests.polls.conftest import make_poll  # noqa: F401  fixture of the vote journeys

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_missing() -> bool:
    return not (Path(CHROMIUM).exists() or shutil.which("chromium"))


#: one Playwright and one Chromium per test run, however many modules import `browser`: two
#: Playwright sync sessions cannot run in one thread
_SHARED: dict = {}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if _browser_missing():
        if os.environ.get("CONSULT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required here but {CHROMIUM} does not exist")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    if not _SHARED:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        _SHARED.update(playwright=playwright, browser=launched, users=0)
    _SHARED["users"] += 1
    yield _SHARED["browser"]
    _SHARED["users"] -= 1
    if not _SHARED["users"]:
        _SHARED["browser"].close()
        _SHARED["playwright"].stop()
        _SHARED.clear()


@pytest.fixture
def live_server(app):
    """The app served on a free localhost port for the duration of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser, request):
    """A fresh browser context and page; a screenshot is kept as a test artefact."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    ARTEFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def phone(browser, request):
    """A 375-pixel-wide phone viewport."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    yield tab
    ARTEFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


# ---------------------------------------------------------------- data of the journeys


def text(sq: str, sr: str, en: str) -> dict:
    """An authored text in Albanian, Serbian (Latin), Bosnian and English."""
    return {"sq": sq, "sr_Latn": sr, "bs": sr, "en": en}


STAFF_SURVEY_TITLE = text(
    "Anketa e stafit për komunikimin", "Anketa osoblja o komunikaciji", "Staff communication survey"
)


def _staff_survey_sections(survey: Survey) -> None:
    """One question of every type, then a section for Teams users and one for meeting-goers."""
    first = add_section(survey, text("Informimi në punë", "Informisanje na poslu", "Information"))
    channels = [
        ("email", text("E-mail", "E-pošta", "E-mail")),
        ("teams", text("Microsoft Teams", "Microsoft Teams", "Microsoft Teams")),
        ("meetings", text("Takimet e stafit", "Sastanci osoblja", "Staff meetings")),
    ]
    add_question(
        first,
        "channel",
        "single_choice",
        text("Kanali kryesor i informimit", "Glavni kanal informisanja", "Main channel"),
        required=True,
        options=channels,
    )
    add_question(
        first,
        "tools",
        "multiple_choice",
        text("Mjetet që përdorni", "Alati koje koristite", "Tools you use"),
        min_value=1,
        max_value=2,
        options=[channels[0], channels[1], ("phone", text("Telefoni", "Telefon", "Phone"))],
    )
    add_question(
        first,
        "informed",
        "likert",
        text("Jam i informuar mirë", "Dobro sam informisan", "I am well informed"),
        required=True,
    )
    add_question(
        first,
        "climate",
        "likert_matrix",
        text("Bashkëpunimi", "Saradnja", "Cooperation"),
        required=True,
        statements=[
            ("across", text("Ndërmjet drejtorive", "Između direkcija", "Across directorates")),
            ("within", text("Brenda drejtorisë sime", "Unutar moje direkcije", "Within mine")),
        ],
    )
    add_question(
        first,
        "priorities",
        "ranking",
        text("Renditni kanalet", "Rangirajte kanale", "Rank the channels"),
        options=[
            ("web", text("Uebfaqja", "Internet stranica", "Website")),
            ("bulletin", text("Buletini", "Bilten", "Bulletin")),
            ("notice", text("Tabela e njoftimeve", "Oglasna tabla", "Notice board")),
        ],
    )
    add_question(
        first,
        "meetings",
        "number",
        text("Takime në muaj", "Sastanaka mesečno", "Meetings a month"),
        min_value=0,
        max_value=60,
    )
    add_question(first, "recommend", "rating", text("Rekomandimi", "Preporuka", "Recommend"))
    add_question(first, "word", "short_text", text("Një fjalë", "Jedna reč", "One word"))
    add_question(first, "ideas", "long_text", text("Idetë tuaja", "Vaše ideje", "Your ideas"))
    teams = add_section(survey, text("Teams", "Teams", "Teams"))
    add_question(
        teams,
        "teams_useful",
        "likert",
        text("Teams është i dobishëm", "Teams je koristan", "Teams is useful"),
        required=True,
        show_if={"question": "channel", "operator": "in", "values": ["teams"]},
    )
    meetings = add_section(survey, text("Takimet", "Sastanci", "Meetings"))
    add_question(
        meetings,
        "meeting_useful",
        "likert",
        text("Takimet janë të dobishme", "Sastanci su korisni", "Meetings are useful"),
        required=True,
        show_if={"question": "channel", "operator": "in", "values": ["meetings"]},
    )


@pytest.fixture
def staff_survey(app, make_consultation, make_directorate):
    """An open staff survey; returns `(survey id, consultation id, directorate id)`."""
    directorate_id = make_directorate("EDU", "Drejtoria e Arsimit")
    consultation_id = make_consultation(
        kind="survey", title=STAFF_SURVEY_TITLE, directorate_id=directorate_id
    )
    with app.app_context():
        survey = create_survey(db.session.get(Consultation, consultation_id), "staff", 2026)
        _staff_survey_sections(survey)
        db.session.commit()
        return survey.id, consultation_id, directorate_id


@pytest.fixture
def access_codes(app):
    """`access_codes(survey_id, directorate_id, count)`: codes as an officer prints them."""

    def issue(survey_id: int, directorate_id: int, count: int = 1) -> list[str]:
        with app.app_context():
            codes = issue_tokens(db.session.get(Survey, survey_id), directorate_id, count)
            db.session.commit()
            return codes

    return issue
