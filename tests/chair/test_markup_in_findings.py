"""The attack of issue 14: an officer names a planned hearing's place
`<link rel="attachment" href="file:///proc/self/environ">`; the finding that quotes the place
reached the chair's dashboard and annual report as markup, and the annual report's PDF carried
the worker's environment. The place is now text on both pages and in the PDF's HTML, and the PDF
attaches nothing."""

import datetime as dt
import shutil
import subprocess

import pytest

from consult.core.models import Consultation
from consult.extensions import db
from consult.hearings import services
from tests.hearings.conftest import hearing  # noqa: F401  the hearing fixture

PLACE = '<link rel="attachment" href="file:///proc/self/environ"><b>Shkolla</b>'


@pytest.fixture
def late_hearing(app, hearing):  # noqa: F811
    """The hearing consultation's cycle with a hearing at PLACE announced the day before."""
    today = dt.date.today()
    with app.app_context():
        cycle = services.create_cycle(
            db.session.get(Consultation, hearing),
            today.year + 1,
            mtbf_due=today + dt.timedelta(days=20),
            circular2_due=today + dt.timedelta(days=45),
            approval_due=today + dt.timedelta(days=90),
        )
        services.plan_hearing(
            cycle,
            "general",
            today + dt.timedelta(days=10),
            PLACE,
            announced_on=today + dt.timedelta(days=9),
        )
        db.session.commit()
    return hearing


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML of every PDF made in the test, as WeasyPrint gets it."""
    from consult.core import pdf

    handed = []
    render = pdf.render_pdf

    def keep(html, *args, **kwargs):
        handed.append(html)
        return render(html, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", keep)
    return handed


def _shown_as_text(html: str) -> bool:
    return "&lt;link rel=&#34;attachment&#34;" in html and '<link rel="attachment"' not in html


def test_the_place_is_text_on_the_dashboard(client, login, late_hearing):
    login("chair")
    page = client.get("/chair/?lang=en").get_data(as_text=True)
    assert "MS-MEETING-NOTICE" in page
    assert _shown_as_text(page) and "<b>Shkolla</b>" not in page


def test_the_place_is_text_in_the_annual_report_and_its_pdf(
    client, login, late_hearing, pdf_html, tmp_path
):
    year = dt.date.today().year
    login("chair")
    page = client.get(f"/chair/annual?year={year}&lang=en").get_data(as_text=True)
    assert "MS-MEETING-NOTICE" in page and _shown_as_text(page)

    pdf = client.get(f"/chair/annual/{year}.pdf?lang=en")
    assert pdf.status_code == 200
    assert len(pdf_html) == 1 and _shown_as_text(pdf_html[0])
    if shutil.which("pdfdetach"):
        path = tmp_path / "annual.pdf"
        path.write_bytes(pdf.data)
        listing = subprocess.run(
            ["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True
        )
        assert listing.stdout.startswith("0 embedded files")
