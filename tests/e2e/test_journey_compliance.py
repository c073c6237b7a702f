"""The chair's figures after an override, in a real browser (issue #15): an officer moves the
opening of a published consultation back to its notice day, is asked for a reason, gives one;
the chair then finds the breach with that reason on the dashboard, follows it to the audit
entry, and reads it in the annual report's PDF. Run once with JavaScript and once without."""

import datetime as dt
import shutil
import subprocess

import pytest
from sqlalchemy import select

from consult.core.models import Consultation, Directorate, RecordedBreach, consultation_year
from consult.extensions import db
from tests.e2e.test_journeys_draft_act import (  # noqa: F401  `tab` is a fixture
    expect_text,
    field,
    say,
    sign_in,
    sign_out,
    tab,
)

pytestmark = pytest.mark.browser

REASON = "Kryetari kërkoi dëgjimin para seancës së Kuvendit më 20 dhjetor."
TITLE = "Rregullore për transparencë"


@pytest.fixture
def published(app, make_consultation) -> int:
    """A published draft act of the officer's directorate: notice two days ago, opening in a
    week."""
    today = dt.date.today()
    with app.app_context():
        directorate = Directorate(code="ADM", name={"sq": "Drejtoria e Administratës"})
        db.session.add(directorate)
        db.session.commit()
        directorate_id = directorate.id
    return make_consultation(
        status="announced",
        directorate_id=directorate_id,
        notice_at=today - dt.timedelta(days=2),
        opens_at=today + dt.timedelta(days=7),
        closes_at=today + dt.timedelta(days=27),
    )


def _pdf_text(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True, timeout=60
    )
    return " ".join(result.stdout.decode().split())


def test_an_override_reaches_the_chair_dashboard_and_the_annual_report_pdf(
    tab,  # noqa: F811  the fixture imported above
    app,
    live_server,
    make_user,
    published,
):
    notice = dt.date.today() - dt.timedelta(days=2)
    officer = make_user("officer", email="valentina.gashi@istog.example")
    chair = make_user("chair", email="kryesuesi@istog.example")
    sq = lambda msgid, **values: say(app, "sq", msgid, **values)  # noqa: E731

    # Valentina opens the published consultation and moves its opening to the notice day.
    sign_in(tab, app, live_server, "sq", officer)
    tab.get_by_role("link", name=TITLE).first.click()
    tab.get_by_role("link", name=sq("Edit texts and dates")).click()
    field(tab, sq("Opens on")).fill(notice.isoformat())
    tab.get_by_role("button", name=sq("Save")).click()

    # The change is refused until she gives a reason, and the page says which rule breaks.
    expect_text(tab, sq("A minimum standard is not met. Record a reason to go on anyway."))
    expect_text(tab, "MS-NOTICE")
    with app.app_context():
        assert db.session.get(Consultation, published).opens_at != notice
    field(tab, sq("Opens on")).fill(notice.isoformat())
    field(tab, sq("Reason for changing the dates")).fill(REASON)
    tab.get_by_role("button", name=sq("Save")).click()
    expect_text(tab, sq("The changes are saved."))
    expect_text(tab, sq("Breach, overridden with a reason"))
    expect_text(tab, REASON)
    sign_out(tab, app, "sq")

    # The chair sees the breach, with the reason, on the dashboard: never "No finding".
    sign_in(tab, app, live_server, "sq", chair)
    tab.goto(f"{live_server}/chair/?lang=sq")
    row = tab.locator("tr", has_text=TITLE)
    assert sq("Breach, overridden with a reason") in row.inner_text()
    assert REASON in row.inner_text()
    assert sq("No finding") not in row.inner_text()

    # The finding links to the audit entry: who, when, why.
    row.get_by_role("link", name=sq("Audit entry")).click()
    expect_text(tab, REASON)
    expect_text(tab, "Officer")

    # The annual report's PDF counts it: the rule, the reason, no 100% compliance.
    with app.app_context():
        year = db.session.scalar(select(consultation_year()).where(Consultation.id == published))
        assert db.session.scalars(select(RecordedBreach.rule_id)).all() == ["MS-NOTICE"]
    response = tab.request.get(f"{live_server}/chair/annual/{year}.pdf?lang=sq")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert "MS-NOTICE" in text
    assert " ".join(REASON.split()) in text
    assert "100,0" not in text and "100.0" not in text
