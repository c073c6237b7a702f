"""The chair's review of published reports, the same for draft acts and budget hearings: the
chair's list (consultation, kind, directorate, due date), "received for the Assembly", sending
back with a note, the officers' answer and resubmission, the history, and notes that never
reach a public page, report or download."""

import datetime as dt
import html
import io
import shutil
import subprocess

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.core import lifecycle, reviews
from consult.core.models import AuditLog, Consultation, Directorate
from consult.core.review_models import ReviewEvent
from consult.extensions import db
from consult.hearings import services as hearing_services
from consult.hearings.models import HearingReport
from tests.conftest import PASSWORD, submit
from tests.consultations.helpers import add_answer, add_article, add_comment, closed_dates

TODAY = dt.date.today()
#: notes with a token that survives any layout (PDF lines, spreadsheet cells)
CHAIR_NOTE = "Mungon tabela e takimeve QZXCHAIR71."
ANSWER = "Tabela u shtua ne aneks QZXANSWER72."
RECEIPT_NOTE = "Per seancen e dhjetorit QZXRECEIPT73."
SECRETS = ("QZXCHAIR71", "QZXANSWER72", "QZXRECEIPT73")
REVIEWS = "/chair/reviews"


# ------------------------------------------------------------------------------ set-up


def _at(days_ago: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10))


def _directorate(app, code: str, name: str) -> int:
    with app.app_context():
        directorate = Directorate(code=code, name={"sq": name, "en": name})
        db.session.add(directorate)
        db.session.commit()
        return directorate.id


@pytest.fixture
def education(app) -> int:
    return _directorate(app, "EDU", "Education directorate")


@pytest.fixture
def act(app, make_consultation, education) -> int:
    """A draft act whose report was published and sent to the chair 5 days ago; one comment
    answered."""
    consultation_id = make_consultation(
        directorate_id=education,
        **{**closed_dates(), "status": "reported", "report_published_at": TODAY - dt.timedelta(5)},
    )
    article = add_article(app, consultation_id, 1, "Publikimi")
    add_answer(app, add_comment(app, consultation_id, "Koment per nenin.", article))
    with app.app_context():
        reviews.submit(db.session.get(Consultation, consultation_id), at=_at(5))
        db.session.commit()
    return consultation_id


@pytest.fixture
def hearing_report(app, make_consultation) -> int:
    """A budget hearing whose report was published and sent to the chair 40 days ago (its
    review is overdue)."""
    finance = _directorate(app, "FIN", "Finance directorate")
    consultation_id = make_consultation(
        kind="budget_hearing",
        directorate_id=finance,
        title={"sq": "Degjimi buxhetor", "en": "Budget hearings 2027"},
        **{**closed_dates(), "status": "reported", "report_published_at": TODAY - dt.timedelta(40)},
    )
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        cycle = hearing_services.create_cycle(consultation, TODAY.year + 1)
        db.session.add(HearingReport(cycle_id=cycle.id, published_on=TODAY - dt.timedelta(40)))
        reviews.submit(consultation, at=_at(40))
        db.session.commit()
    return consultation_id


@pytest.fixture
def sign_in(app, make_user):
    """A client of its own signed in as a new user of `role`."""
    made = []

    def signed_in(role: str, directorate_id: int | None = None):
        made.append(role)
        email = make_user(role, f"{role}{len(made)}@istog.example", directorate_id)
        client = app.test_client()
        response = submit(client, "/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return signed_in


def _events(app, consultation_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        return [(e.kind, e.note) for e in reviews.history(consultation)]


def _post(client, url: str, note: str | None, form_url: str = REVIEWS):
    data = {} if note is None else {"note": note}
    return submit(client, url, data, form_url=form_url, follow_redirects=True)


def _received(client, consultation_id: int, note: str | None = ""):
    return _post(client, f"{REVIEWS}/{consultation_id}/received?lang=en", note)


def _send_back(client, consultation_id: int, note: str | None = CHAIR_NOTE):
    return _post(client, f"{REVIEWS}/{consultation_id}/send-back?lang=en", note)


def _manage_url(kind: str, consultation_id: int) -> str:
    if kind == "budget_hearing":
        return f"/manage/hearings/{consultation_id}/?lang=en"
    return f"/manage/consultations/{consultation_id}?lang=en"


def _answer(client, kind: str, consultation_id: int, note: str | None = ANSWER):
    base = "hearings" if kind == "budget_hearing" else "draft-acts"
    url = f"/manage/{base}/{consultation_id}/review/answer?lang=en"
    return _post(client, url, note, form_url=_manage_url(kind, consultation_id))


def _page(response) -> str:
    """The page's text as a reader sees it (entities unescaped)."""
    return html.unescape(response.get_data(as_text=True))


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


# ------------------------------------------------------------------------------ the chair's list


def test_the_list_names_consultation_kind_directorate_and_due_date(
    app, act, hearing_report, sign_in
):
    page = _page(sign_in("chair").get(f"{REVIEWS}?lang=en"))
    waiting = _section(page, "waiting-heading")
    # oldest first: the hearing report, sent 40 days ago, then the draft act
    assert waiting.index("Budget hearings 2027") < waiting.index("Regulation on transparency")
    assert f'href="/hearings/{hearing_report}/report"' in waiting
    assert f'href="/consultations/{act}/report"' in waiting
    assert "Budget hearing · Hearing report" in waiting
    assert "Draft act · Consultation report" in waiting
    assert "Finance directorate" in waiting and "Education directorate" in waiting
    for days_ago in (40, 5):
        submitted = TODAY - dt.timedelta(days=days_ago)
        due = submitted + dt.timedelta(days=30)
        assert f'datetime="{submitted.isoformat()}"' in waiting
        assert f'datetime="{due.isoformat()}"' in waiting
    hearing_card, act_card = waiting.split("<article")[1:]
    assert "Overdue" in hearing_card and "Overdue" not in act_card
    assert "Overdue: 1" in waiting
    assert "No report is waiting for the officers." in page


def test_the_days_for_the_review_are_configured(app, act, sign_in, monkeypatch):
    monkeypatch.setitem(app.config, "REVIEW_DAYS", 3)
    page = _page(sign_in("chair").get(f"{REVIEWS}?lang=en"))
    due = TODAY - dt.timedelta(days=5) + dt.timedelta(days=3)
    assert f'datetime="{due.isoformat()}"' in page and "Overdue: 1" in page
    assert "due 3 days after" in page


def test_the_dashboard_lists_the_same_reports(app, act, hearing_report, sign_in):
    page = _page(sign_in("chair").get("/chair/?lang=en"))
    waiting = _section(page, "review-heading")
    assert "Regulation on transparency" in waiting and "Budget hearings 2027" in waiting
    assert "Draft act" in waiting and "Education directorate" in waiting
    due = TODAY - dt.timedelta(days=40) + dt.timedelta(days=30)
    assert f'review due on <time datetime="{due.isoformat()}"' in waiting
    assert waiting.count("Overdue") == 1


def test_a_report_never_submitted_is_not_on_the_list(app, make_consultation, sign_in):
    make_consultation(**{**closed_dates(), "status": "reported"})
    page = _page(sign_in("chair").get(f"{REVIEWS}?lang=en"))
    assert "No report is waiting for review." in page


@pytest.mark.parametrize("role", ["officer", "cso"])
def test_only_the_chair_and_the_admin_see_the_review_page(app, act, sign_in, role):
    assert sign_in(role).get(REVIEWS).status_code == 403
    admin = _page(sign_in("admin").get(f"{REVIEWS}?lang=en"))
    assert "Regulation on transparency" in admin
    assert "Mark received for the Assembly" not in admin  # the admin reads, the chair acts


def test_the_public_is_sent_to_sign_in(client, act):
    response = client.get(REVIEWS)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# ------------------------------------------------------------------------------ the chair acts


def test_the_chair_marks_a_report_received(app, act, sign_in):
    chair = sign_in("chair")
    page = _page(_received(chair, act, RECEIPT_NOTE))
    assert "The report is marked received for the Assembly." in page
    assert "Regulation on transparency" not in _section(page, "waiting-heading")
    assert _events(app, act) == [("submitted", ""), ("received", RECEIPT_NOTE)]
    with app.app_context():
        assert reviews.receipt_of(db.session.get(Consultation, act)).received_on == TODAY
        logged = db.session.execute(
            select(AuditLog.action, AuditLog.target).where(AuditLog.action == "report.received")
        ).all()
    assert [tuple(row) for row in logged] == [("report.received", f"consultation:{act}")]


def test_a_second_received_is_refused_and_changes_nothing(app, act, sign_in):
    chair = sign_in("chair")
    _received(chair, act)
    page = _page(_received(chair, act, "Once more"))
    assert "This report is marked received for the Assembly already." in page
    assert _events(app, act) == [("submitted", ""), ("received", "")]
    page = _page(_send_back(chair, act))
    assert "This report is marked received for the Assembly already." in page
    assert len(_events(app, act)) == 2


@pytest.mark.parametrize("note", [None, "", "   \n  "])
def test_sending_back_needs_a_note(app, act, sign_in, note):
    page = _page(_send_back(sign_in("chair"), act, note))
    assert "Write a note to the officers: why is the report sent back?" in page
    assert 'class="flash flash-error"' in page
    assert _events(app, act) == [("submitted", "")]
    assert "Regulation on transparency" in _section(page, "waiting-heading")


def test_a_too_long_note_is_refused(app, act, sign_in):
    page = _page(_send_back(sign_in("chair"), act, "x" * 4001))
    assert 'class="flash flash-error"' in page
    assert _events(app, act) == [("submitted", "")]


def test_the_errors_are_translated(app, act, sign_in):
    page = _page(_post(sign_in("chair"), f"{REVIEWS}/{act}/send-back?lang=sq", ""))
    with app.test_request_context("/?lang=sq"):
        from flask_babel import gettext

        message = gettext("Write a note to the officers: why is the report sent back?")
    assert message != "Write a note to the officers: why is the report sent back?"
    assert message in page


@pytest.mark.parametrize("role", ["officer", "admin", "cso"])
def test_only_the_chair_receives_or_sends_back(app, act, sign_in, role):
    client = sign_in(role)
    form_page = _manage_url("draft_act", act) if role in ("officer", "admin") else "/"
    for action in ("received", "send-back"):
        response = submit(
            client, f"{REVIEWS}/{act}/{action}", {"note": CHAIR_NOTE}, form_url=form_page
        )
        assert response.status_code == 403
    assert _events(app, act) == [("submitted", "")]


def test_the_chairs_posts_need_the_csrf_token(app, act, sign_in):
    chair = sign_in("chair")
    assert chair.post(f"{REVIEWS}/{act}/received", data={}).status_code == 400
    assert chair.post(f"{REVIEWS}/{act}/send-back", data={"note": "x"}).status_code == 400
    assert _events(app, act) == [("submitted", "")]


def test_the_public_cannot_act(client, app, act):
    response = client.post(f"{REVIEWS}/{act}/received", data={})
    assert response.status_code in (302, 400)
    assert _events(app, act) == [("submitted", "")]


def test_a_report_not_waiting_is_refused(app, make_consultation, sign_in):
    unpublished = make_consultation(**closed_dates())
    chair = sign_in("chair")
    for post in (_received, _send_back):
        page = _page(post(chair, unpublished))
        assert "This report is not waiting for your review." in page
    assert _events(app, unpublished) == []
    assert _received(chair, 999999).status_code == 404


def test_a_report_sent_back_cannot_be_received_until_answered(app, act, sign_in):
    chair = sign_in("chair")
    _send_back(chair, act)
    page = _page(_received(chair, act))
    assert "This report was sent back to the officers; it waits for their answer." in page
    page = _page(_send_back(chair, act, "Again"))
    assert "it waits for their answer" in page
    assert [kind for kind, _ in _events(app, act)] == ["submitted", "sent_back"]


# ------------------------------------------------------------------------------ the whole round


@pytest.mark.parametrize("kind", ["draft_act", "budget_hearing"])
def test_sent_back_answered_resubmitted_and_received(app, request, education, sign_in, kind):
    consultation_id = request.getfixturevalue("act" if kind == "draft_act" else "hearing_report")
    title = "Regulation on transparency" if kind == "draft_act" else "Budget hearings 2027"
    chair = sign_in("chair")
    officer = sign_in("officer")

    # the officers see the report waiting for the chair, and no form to answer yet
    page = _page(officer.get(_manage_url(kind, consultation_id)))
    section = _section(page, "review-heading")
    assert "The report waits for the chair's review" in section
    assert "Published and sent to the chair" in section
    assert "/review/answer" not in section

    # the chair sends it back: it leaves her list for the list of reports sent back
    page = _page(_send_back(chair, consultation_id))
    assert "The report is sent back to the officers with your note." in page
    assert title not in _section(page, "waiting-heading")
    sent_back = _section(page, "sent-back-heading")
    assert title in sent_back and CHAIR_NOTE in sent_back
    assert f'datetime="{TODAY.isoformat()}"' in sent_back
    assert title not in _section(_page(chair.get("/chair/?lang=en")), "review-heading")

    # the officers read the note and answer it; an empty answer is refused
    page = _page(officer.get(_manage_url(kind, consultation_id)))
    section = _section(page, "review-heading")
    assert "The chair sent the report back." in section
    assert CHAIR_NOTE in section and "Sent back to the officers" in section
    assert "Chair" in section  # who sent it back
    page = _page(_answer(officer, kind, consultation_id, "  "))
    assert "Write your answer to the chair's note." in page
    assert [k for k, _ in _events(app, consultation_id)] == ["submitted", "sent_back"]
    page = _page(_answer(officer, kind, consultation_id))
    assert "Your answer is saved and the report is sent to the chair again." in page

    # back on the chair's list, due 30 days from today, with the history and the answer
    page = _page(chair.get(f"{REVIEWS}?lang=en"))
    waiting = _section(page, "waiting-heading")
    assert title in waiting and ANSWER in waiting and CHAIR_NOTE in waiting
    assert "Answered and sent again on" in waiting
    due = TODAY + dt.timedelta(days=30)
    card = waiting.split("<article")[1]
    assert f'datetime="{due.isoformat()}"' in card and "Overdue" not in card
    assert "No report is waiting for the officers." in page

    # the chair receives it; a second answer is refused
    _received(chair, consultation_id, RECEIPT_NOTE)
    page = _page(_answer(officer, kind, consultation_id, "More"))
    assert "This report was not sent back: there is no note to answer." in page
    assert _events(app, consultation_id) == [
        ("submitted", ""),
        ("sent_back", CHAIR_NOTE),
        ("resubmitted", ANSWER),
        ("received", RECEIPT_NOTE),
    ]

    # the officers see the whole history: every step, its day, who, the notes
    page = _page(officer.get(_manage_url(kind, consultation_id)))
    section = _section(page, "review-heading")
    for text in (CHAIR_NOTE, ANSWER, RECEIPT_NOTE, "Answered and sent again"):
        assert text in section
    assert "Received for the Assembly" in section and "Officer" in section
    assert "The Chair of the Assembly marked the report received for the Assembly." in section

    with app.app_context():
        actions = db.session.scalars(
            select(AuditLog.action)
            .where(AuditLog.target == f"consultation:{consultation_id}")
            .where(AuditLog.action.like("report.%"))
            .order_by(AuditLog.id)
        ).all()
    assert actions == [
        "report.submitted",
        "report.sent_back",
        "report.resubmitted",
        "report.received",
    ]


# ------------------------------------------------------------------------------ the officers


def test_only_officers_who_may_edit_answer(app, act, sign_in):
    _send_back(sign_in("chair"), act)
    other = _directorate(app, "HEA", "Health directorate")
    outsider = sign_in("officer", directorate_id=other)
    assert outsider.get(_manage_url("draft_act", act)).status_code == 403
    url = f"/manage/draft-acts/{act}/review/answer"
    assert submit(outsider, url, {"note": ANSWER}, form_url="/").status_code == 403
    chair = sign_in("chair")
    assert submit(chair, url, {"note": ANSWER}, form_url=REVIEWS).status_code == 403
    assert submit(sign_in("cso"), url, {"note": ANSWER}, form_url="/").status_code == 403
    assert [kind for kind, _ in _events(app, act)] == ["submitted", "sent_back"]
    with app.app_context():
        education = db.session.get(Consultation, act).directorate_id
    own = sign_in("officer", directorate_id=education)
    _answer(own, "draft_act", act)
    assert [kind for kind, _ in _events(app, act)][-1] == "resubmitted"


def test_the_answer_needs_the_csrf_token(app, act, sign_in):
    _send_back(sign_in("chair"), act)
    officer = sign_in("officer")
    response = officer.post(f"/manage/draft-acts/{act}/review/answer", data={"note": ANSWER})
    assert response.status_code == 400
    assert [kind for kind, _ in _events(app, act)] == ["submitted", "sent_back"]


def test_a_report_not_sent_back_cannot_be_answered(app, act, hearing_report, sign_in):
    officer = sign_in("officer")
    for kind, consultation_id in (("draft_act", act), ("budget_hearing", hearing_report)):
        page = _page(_answer(officer, kind, consultation_id))
        assert "This report was not sent back: there is no note to answer." in page
        assert [k for k, _ in _events(app, consultation_id)] == ["submitted"]


def test_the_answer_route_is_the_kinds_own(app, act, hearing_report, sign_in):
    """A hearing is not answered through the draft-act route, nor the other way round."""
    officer = sign_in("officer")
    wrong = submit(
        officer,
        f"/manage/draft-acts/{hearing_report}/review/answer",
        {"note": ANSWER},
        form_url=_manage_url("draft_act", act),
    )
    assert wrong.status_code == 404


def test_before_publication_the_officers_are_told_what_happens(app, make_consultation, sign_in):
    consultation_id = make_consultation(**closed_dates())
    page = _page(sign_in("officer").get(_manage_url("draft_act", consultation_id)))
    section = _section(page, "review-heading")
    assert "goes to the Chair of the Assembly for review when it is published" in section


# ------------------------------------------------------------------------------ publication


def test_publishing_a_draft_act_report_sends_it_to_the_chair(
    app, make_consultation, education, sign_in
):
    consultation_id = make_consultation(directorate_id=education, **closed_dates())
    officer = sign_in("officer")
    response = submit(
        officer,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "reported", "override_reason": "Raporti vonohet"},
        form_url=_manage_url("draft_act", consultation_id),
    )
    assert response.status_code == 302
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        assert consultation.status == "reported"
        (event,) = reviews.history(consultation)
        assert event.kind == "submitted" and event.actor.role == "officer"
        assert reviews.state_of(consultation) == reviews.WAITING_FOR_CHAIR
    page = _page(sign_in("chair").get(f"{REVIEWS}?lang=en"))
    assert "Regulation on transparency" in _section(page, "waiting-heading")


def test_a_report_is_submitted_once(app, act):
    with app.test_request_context("/?lang=en"):
        consultation = db.session.get(Consultation, act)
        assert reviews.submit(consultation) is None  # published again: nothing added
        reviews.send_back(consultation, None, CHAIR_NOTE)
        assert reviews.submit(consultation) is None
        assert [e.kind for e in reviews.history(consultation)] == ["submitted", "sent_back"]


def test_the_lifecycle_step_to_reported_publishes_and_submits_a_hearing_report(
    app, make_consultation, make_user
):
    consultation_id = make_consultation(kind="budget_hearing", **closed_dates())
    email = make_user("officer")
    with app.test_request_context("/?lang=en"):
        from consult.auth.models import User

        officer = db.session.scalar(select(User).where(User.email == email))
        consultation = db.session.get(Consultation, consultation_id)
        hearing_services.create_cycle(consultation, TODAY.year + 1)
        lifecycle.advance(
            consultation,
            "reported",
            officer,
            TODAY,
            app.config["STANDARDS"],
            app.config["OFFICIAL_LANGUAGES"],
            override_reason="Nuk u mbajt degjim",
        )
        db.session.commit()
        assert [e.kind for e in reviews.history(consultation)] == ["submitted"]


# ------------------------------------------------------------------------------ never public


def _pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def _xlsx_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def _full_round(app, consultation_id: int, kind: str, sign_in) -> None:
    chair = sign_in("chair")
    _send_back(chair, consultation_id)
    _answer(sign_in("officer"), kind, consultation_id)
    _received(chair, consultation_id, RECEIPT_NOTE)
    assert len(_events(app, consultation_id)) == 4


@pytest.mark.parametrize("kind", ["draft_act", "budget_hearing"])
def test_the_notes_are_never_public(app, client, request, sign_in, kind):
    consultation_id = request.getfixturevalue("act" if kind == "draft_act" else "hearing_report")
    _full_round(app, consultation_id, kind, sign_in)
    base = (
        f"/consultations/{consultation_id}"
        if kind == "draft_act"
        else f"/hearings/{consultation_id}"
    )
    pages = [
        f"{base}/report?lang=en",
        f"{base}/report?lang=sq",
        f"/consultations/{consultation_id}?lang=en",
        f"/api/v1/consultations/{consultation_id}",
        f"/api/v1/consultations/{consultation_id}/report",
        "/?lang=en",
    ]
    for url in pages:
        text = _page(client.get(url))
        assert not [s for s in SECRETS if s in text], url
    report = _page(client.get(f"{base}/report?lang=en"))
    assert "Received for the Assembly on" in report
    assert f'datetime="{TODAY.isoformat()}"' in report

    xlsx = client.get(f"{base}/report.xlsx?lang=en")
    assert xlsx.status_code == 200
    assert not [s for s in SECRETS if s in _xlsx_text(xlsx.data)]

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    pdf = client.get(f"{base}/report.pdf?lang=en")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.data)
    assert "Received for the Assembly on" in text
    assert not [s for s in SECRETS if s in text]


def test_the_chair_and_the_officers_see_the_notes(app, act, sign_in):
    _full_round(app, act, "draft_act", sign_in)
    officer_page = _page(sign_in("officer").get(_manage_url("draft_act", act)))
    assert all(s in officer_page for s in SECRETS)
    # the chair's own report page is the public one: the notes are on her review page only
    chair = sign_in("chair")
    assert not [s for s in SECRETS if s in _page(chair.get(f"/consultations/{act}/report"))]


# ------------------------------------------------------------------------------ the database


def _insert(app, **values) -> None:
    with app.app_context():
        db.session.add(ReviewEvent(**values))
        try:
            with pytest.raises(IntegrityError):
                db.session.flush()
        finally:
            db.session.rollback()


def test_the_database_guards_the_history(app, act):
    _insert(app, consultation_id=act, step=2, kind="sent_back", note="")
    _insert(app, consultation_id=act, step=2, kind="resubmitted", note="")
    _insert(app, consultation_id=act, step=2, kind="approved", note="")
    _insert(app, consultation_id=act, step=1, kind="received", note="")  # step 1 is taken
    _insert(app, consultation_id=act, step=0, kind="received", note="")
    _insert(app, consultation_id=act, step=2, kind="submitted", note="")  # submitted once
    with app.app_context():
        db.session.add(ReviewEvent(consultation_id=act, step=2, kind="received"))
        db.session.commit()
    _insert(app, consultation_id=act, step=3, kind="received", note="")  # received once


def test_two_chairs_acting_at_once_write_one_step(app, act, make_user):
    """The second of two simultaneous actions writes the step the first wrote: refused."""
    with app.test_request_context("/?lang=en"):
        consultation = db.session.get(Consultation, act)
        seen_by_both = reviews.latest_event(consultation)
        reviews.receive(consultation, None)
        with pytest.raises(reviews.ReviewRefused) as refused:
            reviews._add(consultation, seen_by_both, "sent_back", None, CHAIR_NOTE)
        assert "at the same moment" in str(refused.value)
        db.session.rollback()
        assert [e.kind for e in reviews.history(consultation)] == ["submitted"]
