"""Every report PDF fits A4 (issue #15): the annual consultation report, the draft-act final
report, the hearing report, the poll results and the survey report, each downloaded through the
app from the Istog demo (its closed poll is last year's; a consultation that ran over the new
year added), in English and in Albanian (longer words).

Each PDF is read back with poppler: every page is A4 (portrait or landscape); every column
heading of every table the PDF was made from is in its text in full, word by word in order
(`pdftotext -raw` gives the words in the order they were drawn, so a heading that wraps inside
its cell still reads in order, and a heading cut off at the page edge is missing); and no word
lies beyond the page's margins (`pdftotext -bbox`).

Without poppler-utils the tests skip, unless CONSULT_REQUIRE_BROWSER=1 (CI), where they fail.
"""

import datetime as dt
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from consult.chair.annual import figure_headers, report_years
from consult.core.models import Consultation
from consult.extensions import db
from consult.hearings.models import HearingCycle
from consult.polls.models import Poll
from consult.surveys.models import Survey
from consult.surveys.services import RELEASED_STATUSES
from tests.conftest import PASSWORD, submit

LOCALES = ("en", "sq")
#: the reports besides the annual one (checked further)
KINDS = ("draft_act", "hearing", "poll", "survey")
#: A4 in PostScript points, rounded
A4 = {(595, 842), (842, 595)}
#: a word closer to the page edge than this (points) has run into the margin
EDGE = 20


@pytest.fixture(scope="module")
def poppler():
    missing = [tool for tool in ("pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CONSULT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"poppler-utils are required here but {', '.join(missing)} is missing")
        pytest.skip("poppler-utils are not installed (apt-get install poppler-utils)")


@pytest.fixture
def printed(monkeypatch):
    """The HTML of every PDF the app makes during the test, in order."""
    from consult.core import pdf

    made: list[str] = []
    render = pdf.render_pdf

    def spy(html, *args, **kwargs):
        made.append(html)
        return render(html, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", spy)
    return made


@pytest.fixture
def demo(app, runner, client, make_user, monkeypatch) -> dict[str, list[str]]:
    """The demo (its closed poll is last year's) and a consultation planned for 2024 that ran
    from December 2024 into January 2025; the chair signed in. Returns the report PDFs' URLs
    by kind."""
    monkeypatch.setitem(app.config, "PDF_DOWNLOAD_RATE_LIMIT", "1000 per minute")
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        poll = db.session.scalar(select(Consultation).where(Consultation.kind == "capital_poll"))
        closed = Consultation(
            kind="capital_poll",
            status="closed",
            title=poll.title,
            summary=poll.summary,
            body=poll.body,
            directorate_id=poll.directorate_id,
            planned_year=2024,
            notice_at=dt.date(2024, 11, 20),
            opens_at=dt.date(2024, 12, 10),
            closes_at=dt.date(2025, 1, 20),
        )
        db.session.add(closed)
        db.session.flush()
        db.session.commit()
        urls = {
            "annual": [f"/chair/annual/{y}.pdf" for y in report_years(dt.date.today())],
            "draft_act": [
                f"/consultations/{c}/report.pdf"
                for c in db.session.scalars(
                    select(Consultation.id).where(
                        Consultation.kind == "draft_act", Consultation.is_public
                    )
                )
            ],
            "hearing": [
                f"/hearings/{c}/report.pdf"
                for c in db.session.scalars(select(HearingCycle.consultation_id))
            ],
            "poll": [
                f"/polls/{p}/results.pdf"
                for p in db.session.scalars(
                    select(Poll.id)
                    .join(Consultation)
                    .where(Consultation.status.in_(("closed", "reported")))
                )
            ],
            "survey": [
                f"/manage/surveys/{s}/report.pdf"
                for s in db.session.scalars(
                    select(Survey.id)
                    .join(Consultation)
                    .where(Consultation.status.in_(RELEASED_STATUSES))
                )
            ],
        }
    assert all(urls.values()), urls
    email = make_user("chair", email="kryesuesi.pdf@istog.example")
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    return urls


# --- reading a PDF ---------------------------------------------------------------------------


def _poppler(tool: str, pdf: bytes, *args: str) -> str:
    done = subprocess.run([tool, *args, "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """Every page's size in points, rounded."""
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "100000", "-"], input=pdf, capture_output=True, check=True
    )
    found = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", done.stdout.decode())
    return [(round(float(w)), round(float(h))) for w, h in found]


def words(text: str) -> list[str]:
    """The words of `text`; a word split after its hyphen at a line end ("e-" "mail") is one."""
    found: list[str] = []
    for word in text.split():
        if found and len(found[-1]) > 1 and found[-1].endswith("-"):
            found[-1] += word
        else:
            found.append(word)
    return found


def pdf_words(pdf: bytes) -> str:
    """The PDF's words in the order they were drawn, one space apart."""
    return " " + " ".join(words(_poppler("pdftotext", pdf, "-raw"))) + " "


def reads(heading: str, text: str) -> bool:
    """Whether every word of `heading` is in `text`, in order and next to each other."""
    return " " + " ".join(words(heading)) + " " in text


def words_past_the_margin(pdf: bytes) -> list[str]:
    """The words drawn closer than EDGE points to a page's edge (or beyond it)."""
    found = []
    for width, height, page in re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
        _poppler("pdftotext", pdf, "-bbox"),
        re.S,
    ):
        for x_min, y_min, x_max, y_max, word in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">'
            r"([^<]*)</word>",
            page,
        ):
            if (
                float(x_min) < EDGE
                or float(y_min) < EDGE
                or float(x_max) > float(width) - EDGE
                or float(y_max) > float(height) - EDGE
            ):
                found.append(word)
    return found


class ColumnHeadings(HTMLParser):
    """The column headings (`<thead>` cells) of every table of an HTML page, table by table."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: list[list[str]] = []
        self._in_head = False
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "thead":
            self._in_head = True
        elif tag in ("th", "td") and self._in_head:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            heading = " ".join("".join(self._cell).split())
            if heading:
                self.tables[-1].append(heading)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


# --- the tests -------------------------------------------------------------------------------


def _download(client, printed: list[str], url: str) -> tuple[bytes, str]:
    printed.clear()
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.data.startswith(b"%PDF"), url
    assert len(printed) == 1, url
    return response.data, printed[0]


def check_fits_a4(pdf: bytes, html: str, url: str) -> list[str]:
    """The PDF's pages are A4, every column heading of its tables reads in full and no word runs
    into the margin; returns the PDF's text for further checks."""
    sizes = page_sizes(pdf)
    assert sizes and set(sizes) <= A4, (url, sizes)
    text = pdf_words(pdf)
    tables = ColumnHeadings(html).tables
    missing = [heading for table in tables for heading in table if not reads(heading, text)]
    assert missing == [], (url, missing)
    assert words_past_the_margin(pdf) == [], url
    return text


# how the PDFs are laid out does not depend on the database (what they say is read on both:
# the markup attack and the newcomer's walk download every report)
@pytest.mark.slow
@pytest.mark.presentation
@pytest.mark.parametrize("locale", LOCALES)
def test_every_report_pdf_fits_a4(app, client, poppler, printed, demo, locale):
    for kind in KINDS:
        for url in demo[kind]:
            pdf, html = _download(client, printed, f"{url}?lang={locale}")
            check_fits_a4(pdf, html, url)
            assert ColumnHeadings(html).tables, url  # there were tables to check
    # the annual report: landscape, its table of figures by kind whole
    with app.test_request_context(f"/?lang={locale}"):
        headings = [str(heading) for heading in figure_headers()]
    assert len(headings) == 12
    for url in demo["annual"]:
        pdf, html = _download(client, printed, f"{url}?lang={locale}")
        text = check_fits_a4(pdf, html, url)
        assert [h for h in headings if not reads(h, text)] == [], url
        assert set(page_sizes(pdf)) == {(842, 595)}, url
        if locale == "en":
            assert reads("Checked against the standards", text), url
            assert reads("Meeting every standard", text), url
    if locale == "en":  # the year rule, stated in the PDF
        pdf, _html = _download(client, printed, "/chair/annual/2025.pdf?lang=en")
        text = pdf_words(pdf)
        assert reads("A consultation counts in the year it ran:", text)
        assert reads("Opened in 2024, counted in 2025, the year it closed.", text)
        assert reads("Plan year", text)


def test_reading_a_pdf_catches_a_cut_off_table(app, poppler):
    """The check itself: a table wider than the page loses its last headings."""
    from consult.core.reports import pdf_from_html

    headings = [f"Heading number {n}" for n in range(1, 13)]
    html = (
        '<table style="width: 1400pt"><thead><tr>'
        + "".join(f"<th>{h}</th>" for h in headings)
        + "</tr></thead><tbody><tr>"
        + "<td>1</td>" * 12
        + "</tr></tbody></table>"
    )
    with app.test_request_context("/"):
        pdf = pdf_from_html(html)
    text = pdf_words(pdf)
    assert reads(headings[0], text)
    assert not all(reads(h, text) for h in headings)
    assert words_past_the_margin(pdf)
