"""The final report: refused while a comment is unanswered; HTML, PDF and XLSX list every
comment with its answer; publishing e-mails every commenter."""

import io
import shutil
import subprocess

import openpyxl
from sqlalchemy import select, update

from consult.comments.models import Comment
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.i18n import to_cyrillic
from tests.conftest import submit
from tests.consultations.helpers import add_answer, add_article, add_comment, closed_dates

COMMENTS = [
    "Propozoj incizimin video të seancave.",
    "Обавештења треба да буду и на српском.",
    "Prijevod na zahtjev stiže prekasno.",
]


def _closed_with_comments(app, make_consultation, make_directorate, answered: int) -> int:
    consultation_id = make_consultation(directorate_id=make_directorate(), **closed_dates())
    article_id = add_article(app, consultation_id, 5, "Publikimi")
    languages = ["sq", "sr", "bs"]
    for index, text in enumerate(COMMENTS):
        comment_id = add_comment(
            app,
            consultation_id,
            text,
            article_id if index else None,
            language=languages[index],
            author_email=f"person{index}@example.org",
        )
        if index < answered:
            add_answer(app, comment_id, reason=f"Arsyetimi {index}")
    return consultation_id


def _publish(client, consultation_id):
    return submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "reported", "override_reason": "Nuk ka kohë"},
        form_url=f"/manage/consultations/{consultation_id}?lang=en",
    )


def test_report_is_refused_while_a_comment_is_unanswered(
    app, client, login, make_consultation, make_directorate
):
    consultation_id = _closed_with_comments(app, make_consultation, make_directorate, answered=2)
    login("officer")
    _publish(client, consultation_id)  # even with a reason: MS-ANSWER cannot be overridden
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        assert consultation.status == "closed" and consultation.report_published_at is None
        assert db.session.scalars(select(OutboxMessage)).all() == []
    page = client.get(f"/manage/consultations/{consultation_id}").get_data(as_text=True)
    assert "MS-ANSWER" in page and "Comments without an answer: 1." in page
    assert client.get(f"/consultations/{consultation_id}/report").status_code == 200  # preview


def test_publishing_the_report_emails_every_commenter_who_asked(
    app, client, login, make_consultation, make_directorate
):
    consultation_id = _closed_with_comments(app, make_consultation, make_directorate, answered=3)
    with app.app_context():  # the second commenter did not tick "Tell me by e-mail"
        db.session.execute(
            update(Comment)
            .where(Comment.author_email != "person1@example.org")
            .values(notify_answer=True)
        )
        db.session.commit()
    login("officer")
    _publish(client, consultation_id)
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        assert consultation.status == "reported" and consultation.report_published_at
        messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.to)).all()
    assert [m.to for m in messages] == ["person0@example.org", "person2@example.org"]
    # each in the commenter's language, with the link to the report in that language
    assert f"/consultations/{consultation_id}/report?lang=sq" in messages[0].body
    assert f"/consultations/{consultation_id}/report?lang=bs" in messages[1].body


def test_report_lists_every_comment_with_its_answer_in_html_pdf_and_xlsx(
    app, client, make_consultation, make_directorate
):
    consultation_id = _closed_with_comments(app, make_consultation, make_directorate, answered=3)
    with app.app_context():
        db.session.get(Consultation, consultation_id).status = "reported"
        db.session.commit()
    html = client.get(f"/consultations/{consultation_id}/report?lang=sr").get_data(as_text=True)
    # every answer is in Serbian too (LANG-ANSWER): the Cyrillic page shows it in Cyrillic
    serbian = [to_cyrillic(f"Arsyetimi {index} [sr]") for index in (0, 2)]
    for text in [*COMMENTS, *serbian]:
        assert text in html

    pdf = client.get(f"/consultations/{consultation_id}/report.pdf?lang=sq")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert len(pdf.data) > 5000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True
        ).stdout.decode()
        flat = " ".join(text.split())
        for comment in COMMENTS:
            assert comment in flat

    xlsx = client.get(f"/consultations/{consultation_id}/report.xlsx?lang=en")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Article"
    assert sorted(row[4] for row in rows[1:]) == sorted(COMMENTS)
    assert {row[5] for row in rows[1:]} == {"Accepted"}

    with app.app_context():
        logged = db.session.execute(
            select(AuditLog.action, AuditLog.target, AuditLog.actor_id).order_by(AuditLog.id)
        ).all()
    target = f"consultation:{consultation_id}"
    assert [tuple(row) for row in logged if row.action.startswith("export.")] == [
        ("export.report_pdf", target, None),
        ("export.report_xlsx", target, None),
    ]


def test_an_unpublished_report_is_not_public(app, client, make_consultation):
    consultation_id = make_consultation(**closed_dates())
    assert client.get(f"/consultations/{consultation_id}/report").status_code == 404
    assert client.get(f"/consultations/{consultation_id}/report.pdf").status_code == 404
