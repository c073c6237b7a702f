"""Hearings are held as public meetings with attendance by gender and audience, invitations and
comments from the floor; citizens comment on budget lines; every comment and proposal is
answered; the hearing report lists it all, in every locale, as PDF and XLSX, and goes to the
chair for review."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from consult.chair import services as chair
from consult.comments.models import Comment
from consult.core import reviews
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.extensions import db
from consult.hearings import participation, services
from consult.hearings import report as hearing_report
from consult.hearings.models import (
    BudgetLine,
    HearingAttendance,
    HearingCycle,
    InvitationLog,
    PlannedHearing,
)
from consult.i18n import LOCALES
from consult.meetings.models import Meeting
from tests.conftest import PASSWORD, submit
from tests.consultations.helpers import every_language

STANDARDS = {
    "MS_DURATION_DAYS": 15,
    "MS_MEETING_NOTICE_DAYS": 7,
    "MS_REPORT_DAYS": 15,
    "MS_MEETING_REVIEW_DAYS": 15,
    "BH_MEETINGS_PER_YEAR": 2,
}
TODAY = dt.date.today()


def _lines(cycle: HearingCycle) -> list[BudgetLine]:
    codes = {d.code: d.id for d in db.session.scalars(select(Directorate))}
    lines = [
        BudgetLine(
            cycle_id=cycle.id,
            directorate_id=codes["EDU"],
            programme="Arsimi fillor",
            category="wages",
            current_cents=435_000_000,
            proposed_cents=448_000_000,
            position=1,
        ),
        BudgetLine(
            cycle_id=cycle.id,
            directorate_id=codes["PUB"],
            programme="Rrugët",
            category="capital",
            current_cents=165_000_000,
            proposed_cents=170_000_000,
            position=2,
        ),
    ]
    db.session.add_all(lines)
    db.session.flush()
    return lines


def _held(cycle, audience, days_ago, attendance, community=None):
    hearing = services.plan_hearing(
        cycle,
        audience,
        TODAY - dt.timedelta(days=days_ago),
        f"Salla {audience}",
        community,
        announced_on=TODAY - dt.timedelta(days=days_ago + 10),
    )
    meeting = participation.hold_hearing(
        hearing, {"sq": f"Procesverbali {audience}"}, attendance, TODAY
    )
    return hearing, meeting


def _full_cycle(cycle_id: int) -> HearingCycle:
    """Two held hearings with floor comments, an online comment, a proposal and a change."""
    cycle = db.session.get(HearingCycle, cycle_id)
    roads, school = _lines(cycle)[1], None
    village = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id))
    _, women = _held(cycle, "women", 5, {"women": (23, 2, 0), "general": (4, 1, 0)})
    _, youth = _held(cycle, "youth", 3, {"youth": (9, 12, 1)}, village)
    participation.log_invitation(
        women, "gender_officer", "Zyrtarja për barazi gjinore", TODAY - dt.timedelta(days=9)
    )
    participation.log_invitation(
        women, "womens_organisation", "Shoqata Jeta", TODAY - dt.timedelta(days=9)
    )
    participation.record_floor_comment(
        women, cycle, "Më shumë para për çerdhe.", "sq", None, school
    )
    participation.record_floor_comment(
        youth, cycle, "Ndriçim në rrugën për Vrellë.", "sq", None, roads.id
    )
    online = participation.comment_on_budget(
        cycle,
        "Buxheti për rrugë është i ulët.",
        "sq",
        "Arta",
        "arta@example.org",
        TODAY,
        roads.id,
        gender="female",
    )
    participation.confirm_comment(participation.confirmation_token(online))
    proposal = services.submit_proposal(
        cycle,
        "Palestra në Banjë",
        village,
        25_000_000,
        "Shkolla nuk ka palestër.",
        "Ilir",
        "ilir@example.org",
    )
    services.answer_proposal(
        proposal,
        "partly_accepted",
        {"sq": "Në vitin 2026.", "sr_Latn": "U 2026.", "bs": "U 2026.", "en": "In 2026."},
    )
    services.record_change(roads, 175_000_000, every_language("Ndriçimi i rrugës për Vrellë."))
    return cycle


def _answer_all(cycle: HearingCycle) -> None:
    for comment in participation.comments_of(cycle):
        if comment.outcome is None:
            participation.answer_comment(comment, "accepted", every_language("Pranohet."))


def _link_in(body: str) -> str:
    """The path of the confirmation link in a mail's body."""
    url = next(word for word in body.split() if "/hearings/comments/confirm/" in word)
    return url[url.index("/hearings/") :]


def test_an_officer_records_a_held_hearing_with_attendance_invitations_and_floor_comments(
    app, client, login, cycle, hearing
):
    login("officer")
    with app.app_context():
        planned = services.plan_hearing(
            db.session.get(HearingCycle, cycle),
            "women",
            TODAY - dt.timedelta(days=1),
            "Qendra kulturore",
            announced_on=TODAY - dt.timedelta(days=12),
        )
        db.session.commit()
        planned_id = planned.id
    page = f"/manage/hearings/{hearing}/held/{planned_id}?lang=en"
    response = submit(
        client,
        f"/manage/hearings/{hearing}/held/{planned_id}/hold",
        {
            "minutes_sq": "U diskutua buxheti.",
            "women_women": "31",
            "men_women": "2",
            "women_disability": "3",
            "men_disability": "4",
            "other_disability": "1",
        },
        form_url=page,
    )
    assert response.status_code == 302
    response = submit(
        client,
        f"/manage/hearings/{hearing}/held/{planned_id}/invitations",
        {
            "invitee_kind": "womens_organisation",
            "name": "Shoqata Jeta",
            "sent_on": (TODAY - dt.timedelta(days=10)).isoformat(),
        },
        form_url=page,
    )
    assert response.status_code == 302
    response = submit(
        client,
        f"/manage/hearings/{hearing}/held/{planned_id}/comments",
        {"line_id": "0", "text": "Më shumë për çerdhet.", "language": "sq"},
        form_url=page,
    )
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert (meeting.attendance_women, meeting.attendance_men, meeting.attendance_other) == (
            34,
            6,
            1,
        )
        rows = {
            r.audience: (r.women, r.men, r.other)
            for r in db.session.scalars(select(HearingAttendance))
        }
        assert rows == {"women": (31, 2, 0), "disability": (3, 4, 1)}
        assert db.session.scalar(select(InvitationLog.name)) == "Shoqata Jeta"
        comment = db.session.scalar(select(Comment))
        assert (comment.author_kind, comment.meeting_id, comment.line_id) == (
            "meeting",
            meeting.id,
            None,
        )
        coverage = services.coverage(db.session.get(HearingCycle, cycle))
        assert (coverage.audiences_held, coverage.communities_held) == (1, 0)
    page_text = client.get(page).get_data(as_text=True)
    assert "Shoqata Jeta" in page_text and "Më shumë për çerdhet." in page_text


def test_a_hearing_cannot_be_held_before_its_day_or_without_anyone_present(
    app, client, login, cycle, hearing
):
    login("officer")
    with app.app_context():
        planned = services.plan_hearing(
            db.session.get(HearingCycle, cycle), "youth", TODAY + dt.timedelta(days=3), "Istog"
        )
        db.session.commit()
        planned_id = planned.id
    page = f"/manage/hearings/{hearing}/held/{planned_id}?lang=en"
    response = submit(
        client,
        f"/manage/hearings/{hearing}/held/{planned_id}/hold",
        {"minutes_sq": "Procesverbal", "women_youth": "4"},
        form_url=page,
    )
    assert response.status_code == 400
    assert "only on or after its day" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_a_citizen_comments_on_a_budget_line_and_gets_the_answer_by_mail(
    app, client, login, cycle, hearing
):
    with app.app_context():
        line_id = _lines(db.session.get(HearingCycle, cycle))[1].id
        db.session.commit()
    url = f"/hearings/{hearing}/comments/new?lang=en"
    assert f'value="{line_id}"' in client.get(url).get_data(as_text=True)
    response = submit(
        client,
        url,
        {
            "line_id": str(line_id),
            "text": "Rruga për Gurrakoc ka nevojë.",
            "language": "sq",
            "author_name": "Arta",
            "author_email": "arta@example.org",
            "gender": "female",
            "notify": "y",
        },
    )
    assert response.status_code == 302
    refused = submit(client, url, {"line_id": "0", "text": "", "language": "sq"})
    assert refused.status_code == 400
    with app.app_context():
        comment = db.session.scalar(select(Comment))
        assert (comment.line_id, comment.author_kind) == (line_id, "citizen")
        assert (comment.gender, comment.confirmed_at) == ("female", None)
        assert db.session.scalar(select(func.count(Comment.id))) == 1
        comment_id = comment.id
        confirmation = db.session.scalar(select(OutboxMessage))
        assert confirmation.to == "arta@example.org"
        link = _link_in(confirmation.body)
    assert client.get(link).status_code == 302
    with app.app_context():
        assert db.session.get(Comment, comment_id).confirmed_at is not None
        db.session.delete(db.session.scalar(select(OutboxMessage)))
        db.session.commit()
    login("officer")
    manage = f"/manage/hearings/{hearing}/comments?lang=en"
    empty = submit(
        client,
        f"/manage/hearings/{hearing}/comments/{comment_id}/answer",
        {f"c{comment_id}-outcome": "rejected", f"c{comment_id}-reason_sq": " "},
        form_url=manage,
    )
    assert empty.status_code == 400
    answered = submit(
        client,
        f"/manage/hearings/{hearing}/comments/{comment_id}/answer",
        {
            f"c{comment_id}-outcome": "partly_accepted",
            f"c{comment_id}-reason_sq": "Faza e parë.",
            f"c{comment_id}-reason_en": "The first phase.",
        },
        form_url=manage,
    )
    assert answered.status_code == 302
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage))
        assert mail.to == "arta@example.org" and "Faza e parë." in mail.body  # in sq, as written
        comment = db.session.get(Comment, comment_id)
        assert comment.reason == {"sq": "Faza e parë.", "en": "The first phase."}
    hidden = submit(
        client,
        f"/manage/hearings/{hearing}/comments/{comment_id}/hide",
        {f"h{comment_id}-reason": "Të dhëna personale."},
        form_url=manage,
    )
    assert hidden.status_code == 302
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment.hidden and comment.hidden_reason == "Të dhëna personale."


def test_the_hearing_report_lists_every_meeting_comment_proposal_and_budget_change(
    app, client, login, cycle, hearing
):
    with app.test_request_context("/?lang=en"):
        data_cycle = _full_cycle(cycle)
        _answer_all(data_cycle)
        db.session.commit()
        meetings = list(db.session.scalars(select(Meeting)))
        women = sum(m.attendance_women for m in meetings)
        men = sum(m.attendance_men for m in meetings)
        other = sum(m.attendance_other for m in meetings)
        report = hearing_report.build_report(data_cycle, TODAY, STANDARDS)
        assert (
            report.by_gender
            == {"women": women, "men": men, "other": other}
            == {
                "women": 36,
                "men": 15,
                "other": 1,
            }
        )
        by_audience = report.by_audience
        assert sum(c["women"] for c in by_audience.values()) == women
        assert sum(c["men"] for c in by_audience.values()) == men
        assert len(report.held) == 2 and len(report.comments) == 3
        assert len(report.proposals) == 1 and len(report.changes) == 1
        # the two comments from the floor were not asked for a gender: not "prefer not to say"
        assert report.comments_by_gender == {
            "female": 1,
            "male": 0,
            "other": 0,
            "not_given": 0,
            "not_recorded": 2,
        }
    login("officer")
    page = client.get(f"/hearings/{hearing}/report?lang=en").get_data(as_text=True)
    assert f'id="total-women">{women}<' in page and f'id="total-men">{men}<' in page
    assert 'id="comments-female">1<' in page and 'id="comments-not-given">0<' in page
    assert 'id="comments-not-recorded">2<' in page
    assert '<span lang="sq">Pranohet.</span> <small class="fallback">' in page  # sq only
    for text in (
        "Salla women",
        "Salla youth",
        "Më shumë para për çerdhe.",
        "Ndriçim në rrugën për Vrellë.",
        "Buxheti për rrugë është i ulët.",
        "Palestra në Banjë",
        "In 2026.",
        "Ndriçimi i rrugës për Vrellë.",
        "Shoqata Jeta",
        "Procesverbali women",
    ):
        assert text in page, text
    for locale in LOCALES:
        assert client.get(f"/hearings/{hearing}/report?lang={locale}").status_code == 200
    pdf = client.get(f"/hearings/{hearing}/report.pdf?lang=sq")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    xlsx = client.get(f"/hearings/{hearing}/report.xlsx?lang=en")
    workbook = load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames == [
        "Meetings",
        "Attendance",
        "Comments",
        "Proposals",
        "Comments by gender",
        "Budget changes",
        "Findings",
        "Outreach",
    ]
    total_row = list(workbook["Attendance"].values)[-1]
    assert total_row == ("Total", women, men, other, women + men + other)
    assert workbook["Comments"].max_row == 4 and workbook["Budget changes"].max_row == 2
    assert list(workbook["Proposals"].values)[1][4] == "In 2026."
    assert ("Woman", 1) in list(workbook["Comments by gender"].values)


def test_the_report_is_refused_while_a_comment_is_unanswered_then_goes_to_the_chair(
    app, client, login, make_user, cycle, hearing
):
    with app.app_context():
        _full_cycle(cycle)
        db.session.commit()
    login("officer")
    report_url = f"/hearings/{hearing}/report?lang=en"
    publish = f"/manage/hearings/{hearing}/report/publish"
    response = submit(client, publish, {}, form_url=report_url, follow_redirects=True)
    assert "Comments and proposals without an answer: 3." in response.get_data(as_text=True)
    with app.app_context():
        assert hearing_report.publication_of(db.session.get(HearingCycle, cycle)) is None
        _answer_all(db.session.get(HearingCycle, cycle))
        db.session.commit()
    response = submit(client, publish, {}, form_url=report_url, follow_redirects=True)
    assert "The hearing report is published once the consultation has closed." in (
        response.get_data(as_text=True)
    )
    with app.app_context():
        consultation = db.session.get(Consultation, hearing)
        consultation.status, consultation.closes_at = "closed", TODAY
        db.session.commit()
    assert submit(client, publish, {}, form_url=report_url).status_code == 302
    with app.test_request_context("/?lang=en"):
        publication = hearing_report.publication_of(db.session.get(HearingCycle, cycle))
        assert publication.published_on == TODAY
        waiting = reviews.waiting_for_chair(TODAY)
        assert [item.report.endpoint for item in waiting if item.consultation.id == hearing] == [
            "hearings.report"
        ]
        assert chair.collect_participation([hearing])[hearing]["hearing_attendance"] == 52
    logout = submit(client, "/logout", {}, form_url=report_url)
    assert logout.status_code in (302, 303)
    assert client.get(report_url).status_code == 200  # public once published
    email = make_user("chair", email="chair@istog.example")
    submit(client, "/login", {"email": email, "password": PASSWORD})
    response = submit(
        client,
        f"/chair/reviews/{hearing}/received",
        {"note": "Për seancën e tetorit."},
        form_url="/chair/reviews",
    )
    assert response.status_code == 302
    with app.app_context():
        consultation = db.session.get(Consultation, hearing)
        assert reviews.receipt_of(consultation).received_on == TODAY
        assert [e.kind for e in reviews.history(consultation)] == ["submitted", "received"]
        assert reviews.history(consultation)[-1].note == "Për seancën e tetorit."
        assert not reviews.waiting_for_chair(TODAY)


def test_a_hearing_after_approval_or_announced_too_late_is_flagged_in_the_report(
    app, cycle, hearing
):
    with app.test_request_context("/?lang=en"):
        data_cycle = db.session.get(HearingCycle, cycle)
        services.plan_hearing(
            data_cycle, "business", data_cycle.approval_due + dt.timedelta(days=2), "Oda"
        )
        _held(data_cycle, "youth", 1, {"youth": (3, 4, 0)})
        late = db.session.scalar(select(PlannedHearing).where(PlannedHearing.audience == "youth"))
        late.announced_on = late.planned_on - dt.timedelta(days=3)
        meeting = participation.meeting_of(late)
        meeting.announced_on = late.announced_on
        db.session.flush()
        report = hearing_report.build_report(data_cycle, TODAY, STANDARDS)
        rules = {(f.rule_id, f.severity) for f in report.findings}
        assert ("BH-CALENDAR", "block") in rules
        assert ("MS-MEETING-NOTICE", "block") in rules  # the hearing flag
        assert ("MS-MEETING-NOTICE", "warn") in rules  # the core meeting rule
        assert ("BH-GENDER", "warn") in rules
        relaxed = hearing_report.build_report(
            data_cycle, TODAY, {**STANDARDS, "MS_MEETING_NOTICE_DAYS": 2}
        )
        assert "MS-MEETING-NOTICE" not in {f.rule_id for f in relaxed.findings}
        consultation = db.session.get(Consultation, hearing)
        found = chair.collect_findings([consultation], TODAY, STANDARDS)[hearing]
        assert "BH-CALENDAR" in {f.rule_id for f in found}


def test_the_core_lifecycle_counts_unanswered_budget_comments_and_publishes_the_report(
    app, cycle, hearing
):
    from consult.hearings import report as hearing_report

    with app.test_request_context("/?lang=en"):
        data_cycle = _full_cycle(cycle)
        consultation = db.session.get(Consultation, hearing)
        assert hearing_report.unanswered_in_hearing(consultation) == 3
        _answer_all(data_cycle)
        assert hearing_report.unanswered_in_hearing(consultation) == 0
        hearing_report.publish_on_reported(consultation, "reported")
        assert hearing_report.publication_of(data_cycle) is not None


def test_the_explorer_links_every_line_to_the_comment_form_and_shows_answered_comments(
    app, client, cycle, hearing
):
    with app.test_request_context("/?lang=en"):
        data_cycle = db.session.get(HearingCycle, cycle)
        roads = _lines(data_cycle)[1]
        comment = participation.comment_on_budget(
            data_cycle, "Më shumë për rrugët.", "sq", "Arta", "arta@example.org", TODAY, roads.id
        )
        participation.confirm_comment(participation.confirmation_token(comment))
        participation.comment_on_budget(
            data_cycle, "Pa përgjigje ende.", "sq", "Ben", "ben@example.org", TODAY
        )
        participation.answer_comment(comment, "rejected", {"sq": "Shuma është e mjaftueshme."})
        db.session.commit()
        roads_id = roads.id
    page = client.get(f"/hearings/{hearing}/budget?lang=en").get_data(as_text=True)
    assert f"/hearings/{hearing}/comments/new?line={roads_id}" in page
    assert "Shuma është e mjaftueshme." in page and "Pa përgjigje ende." not in page


def _unconfirmed(cycle_id: int, text: str = "Pa konfirmim.") -> Comment:
    data_cycle = db.session.get(HearingCycle, cycle_id)
    return participation.comment_on_budget(
        data_cycle, text, "sq", "Ben", "ben@example.org", TODAY, gender="male"
    )


def test_an_unconfirmed_comment_is_not_shown_counted_answered_or_reported(
    app, client, login, cycle, hearing
):
    with app.test_request_context("/?lang=en"):
        comment = _unconfirmed(cycle, "Komenti i pakonfirmuar.")
        db.session.commit()
        comment_id = comment.id
        data_cycle = db.session.get(HearingCycle, cycle)
        assert participation.comments_of(data_cycle, visible_only=False) == []
        assert participation.unanswered(data_cycle) == 0
        assert participation.unconfirmed_count(data_cycle) == 1
        report = hearing_report.build_report(data_cycle, TODAY, STANDARDS)
        assert report.comments == [] and sum(report.comments_by_gender.values()) == 0
        with pytest.raises(services.HearingRefused):
            participation.answer_comment(comment, "accepted", {"sq": "Po."})
        db.session.rollback()
    login("officer")
    manage = client.get(f"/manage/hearings/{hearing}/comments?lang=en").get_data(as_text=True)
    assert "Komenti i pakonfirmuar." not in manage
    assert "Comments waiting for their authors to confirm them by e-mail: 1." in manage
    answer = submit(
        client,
        f"/manage/hearings/{hearing}/comments/{comment_id}/answer",
        {f"c{comment_id}-outcome": "accepted", f"c{comment_id}-reason_sq": "Po."},
        form_url=f"/manage/hearings/{hearing}/comments?lang=en",
    )
    assert answer.status_code == 404
    report_page = client.get(f"/hearings/{hearing}/report?lang=en").get_data(as_text=True)
    assert "Komenti i pakonfirmuar." not in report_page
    with app.app_context():
        assert db.session.get(Comment, comment_id).outcome is None


def test_following_the_link_confirms_once_and_a_second_visit_changes_nothing(app, cycle):
    with app.test_request_context("/?lang=en"):
        comment = _unconfirmed(cycle)
        token = participation.confirmation_token(comment)
        assert participation.confirm_comment(token) is comment
        first = comment.confirmed_at
        assert first is not None
        assert participation.confirm_comment(token).confirmed_at == first
        assert participation.comments_of(db.session.get(HearingCycle, cycle)) == [comment]


def test_an_expired_link_is_refused_with_a_message_and_confirms_nothing(
    app, client, cycle, hearing, monkeypatch
):
    with app.test_request_context("/?lang=en"):
        comment = _unconfirmed(cycle)
        db.session.commit()
        comment_id, token = comment.id, participation.confirmation_token(comment)
    monkeypatch.setattr(participation, "CONFIRM_MAX_AGE", -1)
    response = client.get(f"/hearings/comments/confirm/{token}?lang=en")
    assert response.status_code == 400
    assert "The link has expired." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Comment, comment_id).confirmed_at is None


def test_an_unknown_or_forged_link_is_not_found_and_confirms_nothing(app, client, cycle):
    from itsdangerous import URLSafeTimedSerializer

    with app.test_request_context("/?lang=en"):
        comment = _unconfirmed(cycle)
        db.session.commit()
        comment_id = comment.id
        # a draft-act comment's link for the same number must not confirm a budget comment
        other_salt = URLSafeTimedSerializer(app.secret_key, salt="comment-confirm")
        forged = other_salt.dumps(comment_id)
        missing = participation._confirmation_serializer().dumps(comment_id + 1000)
        huge = participation._confirmation_serializer().dumps(10**30)
    for token in ("not-a-token", forged, missing, huge, comment.__class__.__name__):
        assert client.get(f"/hearings/comments/confirm/{token}").status_code == 404, token
    with app.app_context():
        assert db.session.get(Comment, comment_id).confirmed_at is None
