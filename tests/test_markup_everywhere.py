"""Nothing people write is ever HTML (issue 14): markup put into every text field the app stores
is shown as text on every page, in every PDF and e-mail.

The Istog demo is loaded, a few records it lacks are added (a document, a plan entry, a paper
batch, a published hearing report, the chair's review of both reports, a subscription), then
every String, Text and translated JSON column of every model gets a payload, except the columns
listed in `MACHINE` with the reason they hold no text a person writes. A column added later is
covered without a change here (or the test asks for it to be classified). Each column's payload
carries its own marker, `§N§`, so a leak names the field. The notes of the chair's review must
be seen by the staff and never by the public.

Then every page reachable by links is read as the public (in English and in Serbian Cyrillic,
whose transliteration keeps markup apart), an officer of the Public Information Office, the
chair and the admin: public pages, the back office, the chair's pages, the open-data API, the
downloads. The HTML of every PDF is taken where it is handed to WeasyPrint. In HTML the payload
may only appear escaped; JSON, CSV, calendars and the plain-text e-mails carry it as the text
it is, never HTML-escaped (they are not HTML).
"""

import datetime as dt
import re
from email.message import EmailMessage

import pytest
from sqlalchemy import JSON, String, Text, cast, literal, select

from consult.core import mail
from consult.extensions import db, limiter
from consult.i18n import LOCALES
from tests.conftest import PASSWORD, submit
from tests.crawl import Reader
from tests.hearings.conftest import csv_file, cycle, hearing, upload  # noqa: F401  fixtures

#: columns that hold no text a person writes, or none that can carry markup, and why
MACHINE = {
    **dict.fromkeys(
        (
            "users.email",
            "organisations.contact_email",
            "consultations.contact_email",
            "subscriptions.email",
            "comments.author_email",
            "capital_proposals.proposer_email",
            "meeting_registrations.email",
            "audience_members.email",
        ),
        "an e-mail address, checked by email-validator in every form",
    ),
    **dict.fromkeys(
        (
            "outbox_messages.to",
            "outbox_messages.subject",
            "outbox_messages.body",
            "outbox_messages.list_unsubscribe",
        ),
        "the outbox: checked below as e-mails",
    ),
    "outbox_messages.last_error": "what the mail server answered",
    **dict.fromkeys(
        (
            "municipalities.slug",
            "municipalities.name",
            "municipalities.official_languages",
            "municipalities.languages_in_use",
            "municipalities.standards_profile",
            "municipalities.brand_colour",
            "municipalities.contact_address",
            "municipalities.contact_email",
            "municipalities.contact_phone",
        ),
        "written by `flask municipalities set` only, each value checked there; a name and an "
        "address in markup are shown as text (tests/test_municipality_settings.py)",
    ),
    "audience_pending_imports.content": "a CSV file waiting for its import: never shown whole",
    **dict.fromkeys(
        ("meetings.online_url", "meetings.stream_url"),
        "a web address the database keeps to http and https (tests/meetings puts markup in it)",
    ),
    **dict.fromkeys(
        (
            "subscriptions.locale",
            "comments.language",
            "capital_proposals.language",
            "meeting_registrations.locale",
            "audience_members.locale",
            "survey_responses.language",
        ),
        "a locale code",
    ),
    **dict.fromkeys(
        (
            "subscriptions.token",
            "users.password_hash",
            "poll_ballots.receipt_hash",
            "poll_participations.identity_hash",
            "poll_voter_list.identity_hash",
            "staff_tokens.token_hash",
            "survey_browser_participations.browser_hash",
            "poll_ballots.id",
            "survey_responses.id",
            "survey_answers.response_id",
            "meeting_registrations.confirm_hash",
            "meeting_registrations.cancel_hash",
            "audience_members.confirm_hash",
            "audience_recipients.unsubscribe_hash",
        ),
        "a token, hash or random key the app makes",
    ),
    **dict.fromkeys(
        (
            "documents.stored_name",
            "hearing_cycles.draft_stored_name",
            "poll_projects.photo",
            "capital_proposals.photo_stored_name",
            "capital_investment_photos.stored_name",
            "act_versions.pdf_stored_name",
        ),
        "a random file name the app makes",
    ),
    **dict.fromkeys(
        (
            "users.role",
            "consultations.kind",
            "consultations.status",
            "documents.role",
            "documents.file_type",
            "hearing_cycles.draft_file_type",
            "capital_proposals.photo_type",
            "meetings.audience",
            "meetings.format",
            "plan_entries.kind",
            "polls.currency",
            "polls.ballot_type",
            "polls.rule",
            "polls.ordinal_scoring",
            "surveys.audience",
            "budget_lines.category",
            "comments.author_kind",
            "comments.gender",
            "hearing_attendances.audience",
            "invitation_logs.invitee_kind",
            "planned_hearings.audience",
            "poll_ballots.channel",
            "poll_ballots.age_band",
            "poll_ballots.gender",
            "poll_participations.channel",
            "poll_voter_list.gender",
            "poll_paper_batches.status",
            "answers.outcome",
            "capital_proposals.outcome",
            "survey_questions.type",
            "report_review_events.kind",
            "consultation_notices.event",
            "audience_lists.audience",
            "audience_lists.sector",
            "audience_members.consent_how",
            "capital_investments.status",
            "capital_investment_events.from_status",
            "capital_investment_events.to_status",
            "capital_investment_photos.photo_type",
            "outreach_log.channel",
            "act_versions.kind",
        ),
        "a value from a fixed list",
    ),
    **dict.fromkeys(
        (
            "survey_questions.key",
            "survey_options.value",
            "survey_statements.key",
            "survey_answers.item",
            "survey_answers.choice",
        ),
        "an identifier the survey builder restricts to lower-case letters, digits and _",
    ),
    **dict.fromkeys(
        ("audit_log.action", "audit_log.target", "audit_log.details"),
        "written by the app",
    ),
    "capital_investments.source": "the key of a funded project the app makes (poll_project:12)",
    **dict.fromkeys(
        (
            "polls.pb_meta",
            "poll_ballots.choices",
            "poll_paper_batch_entries.voters",
            "poll_paper_batch_entries.ballots",
            "survey_questions.show_if",
        ),
        "structured data, not text",
    ),
}

#: the fields every page that shows them must escape: they have to be seen somewhere
MUST_BE_SEEN = (
    "consultations.title",
    "consultations.summary",
    "consultations.body",
    "consultations.contact_name",
    "articles.heading",
    "articles.text",
    "comments.text",
    "answers.reason",
    "documents.title",
    "meetings.place",
    "meetings.title",
    "meetings.accessibility",
    "meetings.minutes",
    "planned_hearings.place",
    "budget_lines.programme",
    "capital_proposals.title",
    "poll_projects.title",
    "poll_projects.description",
    "survey_sections.title",
    "survey_questions.text",
    "survey_options.label",
    "organisations.name",
    "directorates.name",
    "local_communities.name",
    "plan_entries.title",
    "report_review_events.note",
    "audience_lists.name",
    "audience_members.name",
    "audience_sends.subject",
    "audience_sends.body",
    "capital_investments.title",
    "capital_investments.description",
    "capital_investment_events.note",
    "outreach_log.note",
    "act_version_articles.heading",
    "act_version_articles.text",
    "act_versions.decision_number",
)
#: fields only the staff may read: never on a page, report or download the public gets
NEVER_PUBLIC = ("report_review_events.note", "audience_members.name")

TYPED = ("sq", "sr_Latn", "bs", "en")
#: what markup that escaped escaping looks like in HTML
RAW = ('<b class="xss">', "<img src=x onerror", '<link rel="attachment"', "<i>§", "q49q")
#: what HTML escaping looks like where it does not belong (JSON, CSV, e-mail)
ESCAPED = ("&lt;b class", "&lt;img", "&lt;i&gt;", "&#34;xss", "&quot;xss")


def payload(number: int, room: int | None) -> str:
    """The markup put into column `number`: everything that fits in `room` characters."""
    full = (
        f'<b class="xss">§{number}§</b><img src=x onerror=alert(1)>'
        '<link rel="attachment" href="file:///proc/self/environ">q{{7*7}}q'
    )
    if room is None or room >= len(full) + 8:
        return full
    return f"<i>§{number}§</i>"


# ------------------------------------------------------------------------------ the data


def _add_what_the_demo_lacks(app) -> None:
    """Records of the kinds the demo has none of, so that their text fields are shown too."""
    from consult.comments.models import Comment
    from consult.core import reviews
    from consult.core.models import Consultation, Document, utcnow
    from consult.hearings.models import HearingCycle, HearingReport
    from consult.plan.models import PlanEntry
    from consult.polls.models import PaperBatch, Poll
    from consult.subscriptions.models import Subscription

    today = dt.date.today()
    with app.app_context():
        consultations = db.session.scalars(select(Consultation)).all()
        for consultation in consultations:
            db.session.add(
                Document(
                    consultation_id=consultation.id,
                    title={"sq": "Dokument"},
                    stored_name=f"{consultation.id:032x}",
                    original_name="draft.pdf",
                    file_type="pdf",
                    size_bytes=1000,
                )
            )
        # the demo's past act was sent to the chair: sent back, answered, waiting again
        reported = next(
            c
            for c in sorted(consultations, key=lambda c: c.id)
            if c.status == "reported" and reviews.latest_event(c).kind == "submitted"
        )
        reviews.send_back(reported, None, "Kthyer")
        reviews.resubmit(reported, None, "Përgjigjur")
        db.session.add(
            PlanEntry(year=today.year, title={"sq": "Plan"}, kind="draft_act", quarter=4)
        )
        db.session.add(
            Subscription(
                email="reader@example.org", locale="en", token="t" * 40, confirmed_at=utcnow()
            )
        )
        poll = db.session.scalars(select(Poll)).first()
        db.session.add(PaperBatch(poll_id=poll.id, label="Fleta", day=today))
        # the demo's open cycle (last year's has its report already)
        cycle = next(
            c
            for c in db.session.scalars(select(HearingCycle).order_by(HearingCycle.id))
            if db.session.get(HearingReport, c.id) is None
        )
        db.session.add(HearingReport(cycle_id=cycle.id, published_on=today))
        reviews.submit(cycle.consultation)
        reviews.receive(cycle.consultation, None, "Mirë")
        # findings that name a planned hearing's place: announced late, held after approval
        late, after = cycle.hearings[:2]
        late.announced_on = late.planned_on
        after.planned_on = cycle.approval_due + dt.timedelta(days=5)
        # an audience list open to the public, a member and a draft message to it
        _add_an_audience_list()
        # every comment is confirmed and shown, so that its text reaches the pages
        for comment in db.session.scalars(select(Comment).where(Comment.cycle_id.is_not(None))):
            comment.confirmed_at = comment.confirmed_at or utcnow()
        db.session.commit()


def _add_an_audience_list() -> None:
    from consult.audiences.models import AudienceList, AudienceMember, AudienceSend
    from consult.auth.models import User
    from consult.core.models import utcnow

    officer = db.session.scalar(select(User).where(User.role == "officer"))
    texts = {"sq": "Lista", "sr_Latn": "Lista", "bs": "Lista"}
    youth = AudienceList(name=texts, audience="youth", open_to_public=True)
    db.session.add(youth)
    db.session.flush()
    db.session.add(
        AudienceMember(
            list_id=youth.id,
            email="member@example.org",
            name="Anëtari",
            locale="en",
            consent_how="paper",
            consent_on=dt.date.today(),
            recorded_by_id=officer.id,
            confirmed_at=utcnow(),
        )
    )
    db.session.add(AudienceSend(subject=texts, body=texts, created_by_id=officer.id, lists=[youth]))


def _text_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            name = f"{table.name}.{column.name}"
            if isinstance(column.type, String | Text | JSON) and name not in MACHINE:
                yield table, column, name


def _put_markup_everywhere(app) -> dict[str, str]:
    """Every user-text column of every row gets its payload; returns {marker: column}."""
    markers = {}
    with app.app_context(), db.engine.begin() as connection:
        for number, (table, column, name) in enumerate(_text_columns(), 1):
            markers[f"§{number}§"] = name
            if isinstance(column.type, JSON):
                _check_translated(connection, table, column, name)
                value = dict.fromkeys(TYPED, payload(number, None))
                connection.execute(
                    table.update().where(column.is_not(None)).values({column: value})
                )
            else:
                room = column.type.length
                text = payload(number, room - 8 if room else None)
                key = table.primary_key.columns.values()[0]
                # a row number at the end keeps UNIQUE columns unique
                connection.execute(
                    table.update()
                    .where(column.is_not(None))
                    .values({column: literal(text) + cast(key, String)})
                )
    return markers


def _check_translated(connection, table, column, name: str) -> None:
    for (value,) in connection.execute(select(column).where(column.is_not(None))):
        shaped = isinstance(value, dict) and set(value) <= set(LOCALES)
        assert shaped, f"{name} holds {value!r}: add it to MACHINE with the reason"


# ------------------------------------------------------------------------------ reading


def _api_urls(app) -> list[str]:
    from consult.core.models import Consultation

    with app.app_context():
        ids = db.session.scalars(select(Consultation.id)).all()
    urls = ["/api/v1/consultations", "/api/v1/published", "/api/v1/directorates"]
    urls += ["/api/v1/local-communities", "/api/v1/consultations.csv"]
    for number in ids:
        base = f"/api/v1/consultations/{number}"
        urls += [base, f"{base}/report", f"{base}/report.csv", f"{base}/results"]
        urls += [f"{base}/results.csv"]
    from consult.investments.models import Investment

    with app.app_context():
        investments = db.session.scalars(select(Investment.id)).all()
    urls += ["/api/v1/investments"] + [f"/api/v1/investments/{number}" for number in investments]
    return urls


def _sign_in(app, role: str, email: str):
    client = app.test_client()
    response = submit(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"{role} cannot sign in"
    client.get("/?lang=en")
    return client


def _close_the_poll(app) -> int:
    from consult.core.models import Consultation
    from consult.polls.models import Poll

    with app.app_context():
        poll = db.session.scalars(select(Poll)).first()
        consultation = db.session.get(Consultation, poll.consultation_id)
        consultation.status = "closed"
        consultation.opens_at = dt.date.today() - dt.timedelta(days=20)
        consultation.closes_at = dt.date.today() - dt.timedelta(days=1)
        db.session.commit()
        return poll.id


def _open_the_poll(app) -> None:
    from consult.core.models import Consultation
    from consult.polls.models import Poll

    with app.app_context():
        poll = db.session.scalars(select(Poll)).first()
        consultation = db.session.get(Consultation, poll.consultation_id)
        consultation.status = "open"
        consultation.opens_at = dt.date.today() - dt.timedelta(days=1)
        consultation.closes_at = dt.date.today() + dt.timedelta(days=20)
        db.session.commit()


# ------------------------------------------------------------------------------ e-mails


def _send_every_kind_of_mail(app) -> None:
    """The mails the app writes from what people wrote: answers, the report notice, notices
    to subscribers, the hearing comment's confirmation and answer."""
    from consult.comments.models import Comment
    from consult.consultations import services as consultations
    from consult.core.models import Consultation
    from consult.hearings import participation
    from consult.subscriptions import services as subscriptions

    reason = dict.fromkeys(TYPED, payload(0, None))
    with app.test_request_context("/?lang=en"):
        comment = db.session.scalars(
            select(Comment).where(Comment.author_email.is_not(None), Comment.author_email != "")
        ).first()
        comment.notify_answer = True  # the commenter asked to be told
        consultations.answer_comment(comment, "accepted", reason, None)
        consultation = db.session.get(Consultation, comment.consultation_id)
        consultations.notify_commenters_of_report(consultation)
        subscriptions.notify_subscribers(consultation, "open")
        hearing_comment = db.session.scalars(
            select(Comment).where(Comment.cycle_id.is_not(None))
        ).first()
        hearing_comment.author_email = "citizen@example.org"
        hearing_comment.notify_answer = True
        participation.queue_confirmation(hearing_comment, "http://localhost/confirm/x")
        participation.answer_comment(hearing_comment, "rejected", reason)
        _send_the_audience_message()
        db.session.commit()


def _send_the_audience_message() -> None:
    from consult.audiences import services as audiences
    from consult.audiences.models import AudienceSend
    from consult.auth.models import User
    from consult.core.models import utcnow

    links = audiences.SendLinks(
        consultation=lambda number, locale: f"http://localhost/consultations/{number}",
        meeting=lambda number, locale: f"http://localhost/meetings/{number}",
        unsubscribe=lambda token: f"http://localhost/lists/unsubscribe/{token}",
        one_click=lambda token: f"http://localhost/lists/unsubscribe/{token}/one-click",
    )
    officer = db.session.scalar(select(User).where(User.role == "officer"))
    # the message written above with its markup, not the demo's draft invitation
    send = db.session.scalar(select(AudienceSend).order_by(AudienceSend.id.desc()).limit(1))
    assert audiences.queue_send(send, officer.id, utcnow(), links) == 1


def _mails(app) -> list[EmailMessage]:
    from consult.core.mail_outbox import OutboxMessage

    with app.test_request_context("/"):
        queued = db.session.scalars(select(OutboxMessage)).all()
        letters = [mail.Mail(m.to, m.subject, m.body) for m in queued] + list(mail.SENT)
        return [mail._as_email(letter) for letter in letters]


# ------------------------------------------------------------------------------ the test


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML of every PDF made while the test runs, as WeasyPrint gets it."""
    from consult.core import pdf

    handed: list[str] = []
    render = pdf.render_pdf

    def keep(html_text, *args, **kwargs):
        handed.append(html_text)
        return render(html_text, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", keep)
    pdf.CACHE.clear()
    yield handed
    pdf.CACHE.clear()


def _leaks(text: str) -> list[str]:
    found = []
    for raw in RAW:
        for match in re.finditer(re.escape(raw), text):
            found.append(text[max(0, match.start() - 60) : match.end() + 40])
    return found


@pytest.mark.slow
def test_markup_in_every_field_is_text_on_every_page_pdf_and_mail(
    app, runner, make_user, monkeypatch, pdf_html
):
    monkeypatch.setattr(limiter, "enabled", False)  # the reader makes hundreds of requests
    mail.SENT.clear()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    _add_what_the_demo_lacks(app)
    accounts = {
        role: make_user(role, email=f"{role}.reader@istog.example")
        for role in ("officer", "chair", "admin")
    }
    markers = _put_markup_everywhere(app)
    _open_the_poll(app)

    readers = []
    public = app.test_client()
    public.get("/?lang=en")
    readers.append(Reader(public, "public"))
    readers[-1].read("/", "/plan", "/meetings", "/meetings.ics", *_api_urls(app))
    cyrillic = app.test_client()
    cyrillic.get("/?lang=sr")
    readers.append(Reader(cyrillic, "public (sr)"))
    readers[-1].read("/", "/plan", "/meetings")
    for role, email in accounts.items():
        readers.append(Reader(_sign_in(app, role, email), role))
        readers[-1].read("/manage/", "/chair/", "/chair/reviews", "/chair/annual", "/")

    poll_id = _close_the_poll(app)
    for reader in readers:
        if reader.who != "public (sr)":
            reader.read(f"/polls/{poll_id}/results", f"/polls/{poll_id}/results.pdf")

    _send_every_kind_of_mail(app)

    leaks, escaped_where_not_html, shown = [], [], set()
    for where, media, text in [a for r in readers for a in r.answers]:
        if media == "text/html":
            leaks += [f"{where}: {leak}" for leak in _leaks(text)]
        else:
            escaped_where_not_html += [f"{where}: {e}" for e in ESCAPED if e in text]
        if "(sr)" not in where:
            shown |= {markers[m] for m in re.findall(r"§\d+§", text) if m in markers}
    for number, handed in enumerate(pdf_html):
        leaks += [f"PDF {number}: {leak}" for leak in _leaks(handed)]
        shown |= {markers[m] for m in re.findall(r"§\d+§", handed) if m in markers}

    letters = _mails(app)
    texts = []
    for letter in letters:
        assert letter.get_content_type() == "text/plain"
        texts.append(f"{letter['Subject']}\n{letter.get_content()}")
        escaped_where_not_html += [
            f"mail to {letter['To']}: {e}" for e in ESCAPED if e in texts[-1]
        ]

    private = {m for m, name in markers.items() if name in NEVER_PUBLIC}
    public_answers = [a for r in readers if r.who.startswith("public") for a in r.answers]
    seen_by_public = [
        f"{where}: {marker}"
        for where, _, text in public_answers
        for marker in private
        if marker in text
    ]
    seen_by_public += [
        f"PDF {number}: {marker}"
        for number, handed in enumerate(pdf_html)
        for marker in private
        if marker in handed
    ]
    assert not seen_by_public, "\n".join(seen_by_public[:40])
    assert not leaks, "\n".join(leaks[:40])
    assert not escaped_where_not_html, "\n".join(escaped_where_not_html[:40])
    missing = [name for name in MUST_BE_SEEN if name not in shown]
    assert not missing, f"never shown: {missing}"
    assert len(pdf_html) >= 5, "the reports' PDFs were not all made"
    assert any(payload(0, None) in text for text in texts), "no answer mail with its reason"
    title = next(m for m, name in markers.items() if name == "consultations.title")
    assert any(title in text for text in texts), "no mail with a consultation's title"


def test_every_machine_column_exists(app):
    with app.app_context():
        names = {f"{t.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns}
    assert set(MACHINE) <= names, set(MACHINE) - names
    assert set(MUST_BE_SEEN) <= names, set(MUST_BE_SEEN) - names


def test_cells_of_a_refused_budget_file_are_shown_as_text(
    client,
    login,
    hearing,  # noqa: F811
    cycle,  # noqa: F811
):
    """The import's problems quote the cells they are about: markup in a cell stays text."""
    login("officer")
    cell = "<img src=x onerror=alert(1)>"
    rows = [[cell, "Arsimi", "wages", "100", "120"], ["EDU", "Arsimi", cell, "100", "120"]]
    rows.append(["EDU", "Shëndeti", "wages", cell, "120"])
    response = upload(client, hearing, csv_file(rows), "budget.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert _leaks(page) == []
