"""An open survey's results are shown to no one; a closed one's only to its readers.

The attack of issue 14: an officer or the chair reads every report format, a colleague submits,
the reader reads them all again and compares. While the survey is open nothing may change (at
most a rounded count that moves at midnight); after it closes, only the owning directorate's
officers, the Public Information Office, admins and the chair read it, and a small group is
hidden whole, zeros included.
"""

import datetime as dt
import io
import re
import shutil
import subprocess

import openpyxl
import pytest

from consult.core.models import Consultation, Directorate
from consult.extensions import db
from consult.surveys import chair_hooks, services
from consult.surveys.models import Survey
from consult.surveys.services import (
    add_demographics,
    code_hash,
    copy_survey,
    redeem_and_save,
    save_response,
)
from tests.conftest import PASSWORD, submit
from tests.surveys.conftest import VALID_FIRST, build_survey, issue, post_section
from tests.surveys.test_report import ANSWER

EARLIER = dt.date(2024, 10, 8)
#: what the colleague writes: nothing any reader may ever see while the survey is open
MARKER = "Drejtori im nuk na informon kurrë"


def respond(app, survey_id: int, directorate: str, times: int, **changes) -> None:
    """`times` staff of `directorate` answered on an earlier day."""
    for code in issue(app, survey_id, times, directorate):
        with app.test_request_context():
            survey = db.session.get(Survey, survey_id)
            redeem_and_save(survey, code_hash(code), {**ANSWER, **changes}, EARLIER)
            db.session.commit()


def set_status(app, survey_id: int, status: str) -> None:
    with app.app_context():
        db.session.get(Survey, survey_id).consultation.status = status
        db.session.commit()


@pytest.fixture
def owned_survey(app, make_consultation):
    """An open staff survey of the Education directorate (EDU), answered by 19 people of three
    directorates on earlier days; returns (survey id, consultation id, {code: directorate id})."""
    with app.app_context():
        ids = {}
        for code in ("EDU", "HEA", "FIN"):
            directorate = Directorate(code=code, name={"sq": code, "en": code})
            db.session.add(directorate)
            db.session.flush()
            ids[code] = directorate.id
        db.session.commit()
    consultation_id = make_consultation(kind="survey", directorate_id=ids["EDU"])
    with app.app_context():
        survey_id = build_survey(db.session.get(Consultation, consultation_id)).id
        db.session.commit()
    respond(app, survey_id, "EDU", 9)
    respond(app, survey_id, "HEA", 6, channel="teams", informed=2)
    respond(app, survey_id, "FIN", 4, channel="meetings", informed=5)
    return survey_id, consultation_id, ids


def signed_in(app, make_user, role: str, directorate_id: int | None = None, name: str = ""):
    """A browser of a new user of `role` (None: nobody signed in), reading English."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    if role is None:
        return client
    email = make_user(role, email=f"{role}{name}@istog.example", directorate_id=directorate_id)
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    return client


def readers(app, make_user, ids) -> dict:
    return {
        "owner": signed_in(app, make_user, "officer", ids["EDU"], "-edu"),
        "other directorate": signed_in(app, make_user, "officer", ids["HEA"], "-hea"),
        "PIO": signed_in(app, make_user, "officer", None, "-pio"),
        "chair": signed_in(app, make_user, "chair"),
        "admin": signed_in(app, make_user, "admin"),
        "anonymous": signed_in(app, make_user, None),
    }


# --- what a reader compares -----------------------------------------------------------------

CSRF = re.compile(r'(name="[\w-]*csrf_token"[^>]*value=")[^"]+')
#: messages of the reader's own session ("You are signed in.", "Please log in ...")
FLASHES = re.compile(r'<div class="flashes".*?</div>', re.DOTALL)


def readable(response) -> object:
    """What a reader sees in a response: its status and its text (an XLSX's cells, a PDF's
    text), without the per-request CSRF token and the session's own messages."""
    kind = response.headers.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        content = {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book
        }
    elif kind.startswith("application/pdf"):
        content = pdf_text(response.data)
    else:
        text = FLASHES.sub("", CSRF.sub(r"\1", response.get_data(as_text=True)))
        content = re.sub(r"\s+", " ", text)
    return response.status_code, content


def pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        return f"{len(pdf)} bytes"  # without poppler: the PDF's size still tells a change
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def every_format(survey_id: int, consultation_id: int) -> list[str]:
    manage = f"/manage/surveys/{survey_id}"
    return [
        f"{manage}/report",
        f"{manage}/report?by=directorate",
        f"{manage}/report.csv",
        f"{manage}/report.xlsx?by=directorate",
        f"{manage}/report.pdf?by=directorate",
        f"{manage}/raw.csv",
        f"/surveys/{survey_id}/results",
        f"/consultations/{consultation_id}",
        f"/api/v1/consultations/{consultation_id}/results",
        f"/api/v1/consultations/{consultation_id}/results.csv",
        "/chair/participation",
        "/chair/",
    ]


def read_everything(clients: dict, urls: list[str]) -> dict:
    return {(who, url): readable(c.get(url)) for who, c in clients.items() for url in urls}


def test_no_report_format_changes_when_a_colleague_submits(
    app, make_user, owned_survey, monkeypatch
):
    # every reader fetches every PDF twice: more than the PDF download limit allows
    monkeypatch.setitem(app.config, "PDF_DOWNLOAD_RATE_LIMIT", "1000 per minute")
    survey_id, consultation_id, ids = owned_survey
    clients = readers(app, make_user, ids)
    urls = every_format(survey_id, consultation_id)
    before = read_everything(clients, urls)

    colleague = signed_in(app, make_user, None)
    code = issue(app, survey_id, 1, "FIN")[0]
    assert submit(colleague, f"/surveys/{survey_id}/code", {"code": code}).status_code == 302
    questionnaire = colleague.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    answers = {**VALID_FIRST, "channel": "teams", "informed": "1", "ideas": MARKER}
    sent = post_section(colleague, app, survey_id, questionnaire, answers)
    assert sent.headers["Location"].endswith(f"/surveys/{survey_id}/thanks")

    after = read_everything(clients, urls)
    changed = [key for key in before if before[key] != after[key]]
    assert changed == []
    assert not [key for key, (_status, content) in after.items() if MARKER in str(content)]


def test_an_open_survey_shows_its_readers_a_rounded_count_and_no_result(
    app, make_user, owned_survey
):
    survey_id, _consultation_id, ids = owned_survey
    owner = signed_in(app, make_user, "officer", ids["EDU"], "-edu")
    page = owner.get(f"/manage/surveys/{survey_id}/report?by=directorate")
    html = re.sub(r"\s+", " ", page.get_data(as_text=True))
    assert page.status_code == 200
    assert "The results are shown once the survey is closed." in html
    assert "Responses received until yesterday: at least 10." in html  # 19, rounded down
    for hidden in ("Main channel", "Response rate", "<table", "chart-data"):
        assert hidden not in html
    text = re.sub(r"<[^>]*>", " ", html)  # the page's words, not its links (the survey's id)
    assert not re.search(r"\b19\b", text)
    for fmt in ("csv", "xlsx", "pdf"):
        refused = owner.get(f"/manage/surveys/{survey_id}/report.{fmt}")
        assert refused.status_code == 409
        assert refused.headers["Content-Type"].startswith("text/html")
    assert owner.get(f"/manage/surveys/{survey_id}/raw.csv").status_code == 409


def test_the_count_moves_at_midnight_in_steps_and_says_nothing_under_k(app, survey_id):
    today = dt.date(2024, 10, 9)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        assert services.responses_so_far(survey, today, 5) is None
    respond(app, survey_id, "EDU", 4)  # on 8 October
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        assert services.responses_so_far(survey, today, 5) is None
        assert services.responses_so_far(survey, EARLIER, 5) is None
    respond(app, survey_id, "EDU", 1)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        assert services.responses_so_far(survey, today, 5) == 5
        assert services.responses_so_far(survey, EARLIER, 5) is None  # the day's answers wait
    respond(app, survey_id, "EDU", 14)
    with app.test_request_context():
        assert services.responses_so_far(db.session.get(Survey, survey_id), today, 5) == 10  # 19


# --- who reads what, before and after the survey closes ---------------------------------------

RESULTS = "Main channel"
READERS = {"owner", "PIO", "chair", "admin"}
RAW_READERS = {"owner", "PIO", "admin"}


def expected(who: str, what: str, status: str) -> int:
    if who == "anonymous":
        return 302  # to the sign-in page
    readers_of = RAW_READERS if what == "raw" else READERS
    if who not in readers_of:
        return 403
    if status == "open" and what != "report":
        return 409
    return 200


@pytest.mark.parametrize("status", ["open", "closed"])
def test_each_role_reads_what_it_may_before_and_after_close(app, make_user, owned_survey, status):
    survey_id, _consultation_id, ids = owned_survey
    set_status(app, survey_id, status)
    manage = f"/manage/surveys/{survey_id}"
    urls = {
        "report": f"{manage}/report?by=directorate",
        "csv": f"{manage}/report.csv",
        "xlsx": f"{manage}/report.xlsx",
        "pdf": f"{manage}/report.pdf",
        "raw": f"{manage}/raw.csv",
    }
    for who, client in readers(app, make_user, ids).items():
        for what, url in urls.items():
            response = client.get(url)
            assert response.status_code == expected(who, what, status), (who, what)
            shown = response.status_code == 200 and (what != "report" or status == "closed")
            if what == "report":
                assert (RESULTS in response.get_data(as_text=True)) is shown, (who, what)
        public = client.get(f"/surveys/{survey_id}/results")
        assert public.status_code == 404, who  # published only with the report


def test_the_published_results_are_public(app, make_user, owned_survey):
    survey_id, _consultation_id, _ids = owned_survey
    set_status(app, survey_id, "reported")
    anonymous = signed_in(app, make_user, None)
    page = anonymous.get(f"/surveys/{survey_id}/results?by=directorate")
    assert page.status_code == 200 and RESULTS in page.get_data(as_text=True)
    assert anonymous.get(f"/manage/surveys/{survey_id}/raw.csv").status_code == 302


# --- small groups, zeros included --------------------------------------------------------------


def fin_row(html: str, caption: str) -> str:
    table = re.sub(r"\s+", " ", html).split(caption)[1].split("</table>")[0]
    return table.split('<th scope="row">FIN</th>')[1].split("</tr>")[0]


def fin_cells(reader, survey_id: int) -> tuple:
    """What a reader sees of FIN in the breakdowns of a question, in HTML and XLSX."""
    url = f"/manage/surveys/{survey_id}/report"
    html = reader.get(f"{url}?by=directorate").get_data(as_text=True)
    book = openpyxl.load_workbook(io.BytesIO(reader.get(f"{url}.xlsx?by=directorate").data))
    sheet = next(sheet for sheet in book.worksheets if sheet.title == "channel")
    cells = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "FIN")
    return (
        fin_row(html, "Main channel, by Directorate"),
        fin_row(html, "I am well informed, by Directorate"),
        cells,
    )


def test_a_small_group_shows_the_same_marks_whatever_it_answered(app, make_user, make_consultation):
    """FIN's 4 people all chose one channel: a cell holding 0 looks like the one holding 4."""
    chair = signed_in(app, make_user, "chair")
    seen = {}
    for channel in ("email", "teams", "meetings"):
        consultation_id = make_consultation(kind="survey")
        with app.app_context():
            survey_id = build_survey(db.session.get(Consultation, consultation_id)).id
            db.session.commit()
        respond(app, survey_id, "EDU", 9)
        respond(app, survey_id, "HEA", 6, channel="teams", informed=2)
        respond(app, survey_id, "FIN", 4, channel=channel, informed=5)
        respond(app, survey_id, "URB", 12, channel="meetings", informed=3)
        set_status(app, survey_id, "closed")
        seen[channel] = fin_cells(chair, survey_id)
    assert seen["email"] == seen["teams"] == seen["meetings"]
    channel_row, scale_row, xlsx_row = seen["meetings"]
    assert channel_row.count("–") == 3 and ">0<" not in channel_row
    # nobody at all chose "strongly disagree": that column's total says 0 for every group
    assert scale_row.count("–") == 4 and scale_row.count(">0<") == 1
    assert xlsx_row[1:] == (None, None, None)


def test_hidden_zeros_of_a_small_group_cannot_be_worked_out_from_the_totals(
    app, make_user, owned_survey
):
    """HEA (6) is hidden as FIN's (4) complement: the E-mail column's total (9, all EDU) must not
    tell that both answered 0 there, so EDU's 9 is hidden too."""
    survey_id, _consultation_id, _ids = owned_survey
    set_status(app, survey_id, "closed")
    reader = signed_in(app, make_user, "chair")
    html = reader.get(f"/manage/surveys/{survey_id}/report?by=directorate").get_data(as_text=True)
    table = re.sub(r"\s+", " ", html).split("Main channel, by Directorate")[1]
    table = table.split("</table>")[0]
    email = [row.split("</th>")[1].split("</td>")[0] for row in table.split('<th scope="row">')[1:]]
    assert all("–" in cell for cell in email), email


# --- what else reads survey figures ----------------------------------------------------------


def citizen_survey(app, make_consultation, answers: list[dict], status: str = "open") -> int:
    consultation_id = make_consultation(kind="survey", status=status)
    with app.app_context():
        survey = build_survey(
            db.session.get(Consultation, consultation_id), "citizen", ask_gender=True
        )
        add_demographics(survey)
        for values in answers:
            save_response(survey, {"channel": "email", "informed": 4, **values}, EARLIER)
        db.session.commit()
        return survey.id


def test_the_chairs_participation_counts_a_survey_only_once_it_closes(app, make_consultation):
    survey_id = citizen_survey(app, make_consultation, [{"gender": "woman"}] * 6)
    with app.test_request_context():
        assert [p for p in chair_hooks.respondents() if p.kind == "survey"] == []
    set_status(app, survey_id, "closed")
    with app.test_request_context():
        parts = [p for p in chair_hooks.respondents() if p.kind == "survey"]
    assert sum(p.people for p in parts if p.counted) == 6
    assert sum(p.people for p in parts if p.gender == "woman") == 6


def test_a_breakdown_counts_those_who_did_not_answer_its_question_as_a_group(
    app, make_user, make_consultation
):
    """Left out, the 3 who did not give their gender would be the overall figures minus the
    women's and the men's."""
    answers = [{"gender": "woman"}] * 10 + [{"gender": "man"}] * 10
    answers += [{"channel": "teams"}] * 3
    survey_id = citizen_survey(app, make_consultation, answers, status="closed")
    reader = signed_in(app, make_user, "chair")
    html = reader.get(f"/manage/surveys/{survey_id}/report?by=gender").get_data(as_text=True)
    table = re.sub(r"\s+", " ", html).split("Main channel, by Gender")[1].split("</table>")[0]
    not_stated = table.split('<th scope="row">Not stated</th>')[1].split("</tr>")[0]
    assert not_stated.count("–") == 2  # nobody at all chose meetings: that 0 is public
    assert ">3<" not in table


def test_year_over_year_shows_only_earlier_surveys_the_reader_may_see(
    app, make_user, owned_survey, make_consultation
):
    survey_id, _consultation_id, ids = owned_survey
    set_status(app, survey_id, "closed")
    earlier = {
        2020: (ids["EDU"], "closed"),  # the same directorate's, closed: shown
        2021: (ids["HEA"], "reported"),  # published: shown to anyone
        2022: (ids["HEA"], "closed"),  # another directorate's, not published: not shown
        2023: (ids["EDU"], "open"),  # still open: shown to no one
    }
    for year, (directorate_id, status) in earlier.items():
        consultation_id = make_consultation(
            kind="survey", directorate_id=directorate_id, status=status
        )
        with app.app_context():
            current = db.session.get(Survey, survey_id)
            copy_survey(current, db.session.get(Consultation, consultation_id), year)
            db.session.commit()
    owner = signed_in(app, make_user, "officer", ids["EDU"], "-edu")
    html = re.sub(r"\s+", " ", owner.get(f"/manage/surveys/{survey_id}/report").get_data(True))
    trend = html.split("Year over year: I am well informed")[1].split("</table>")[0]
    years = re.findall(r'<th scope="row">(\d{4})</th>', trend)
    assert years == ["2020", "2021", "2024"]
