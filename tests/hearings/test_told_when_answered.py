"""Told when answered at budget hearings (issue #20): a comment on the budget or a capital
proposal is answered by e-mail only when its author ticked the box (a proposer's address
confirmed by a link first), in the author's language, with a link to the answer; those who
asked hear when the hearing report is published."""

import datetime as dt
import io
import re

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from consult.comments.models import Comment
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings import participation
from consult.hearings import report as hearing_report
from consult.hearings.models import CapitalProposal, HearingCycle
from consult.i18n import to_cyrillic
from consult.subscriptions.models import Subscription
from tests.conftest import csrf_token, submit
from tests.hearings.test_meetings_and_report import _answer_all, _full_cycle, _lines

TODAY = dt.date.today()


def _messages(app, to: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to is not None:
            query = query.where(OutboxMessage.to == to)
        return list(db.session.scalars(query))


def _comment(client, hearing: int, line_id: int, **fields):
    return submit(
        client,
        f"/hearings/{hearing}/comments/new?lang=en",
        {
            "line_id": str(line_id),
            "text": "Rruga për Gurrakoc ka nevojë.",
            "language": "sq",
            "author_name": "Arta",
            "author_email": "arta@example.org",
            "gender": "",
            **fields,
        },
    )


def _confirm_comment(app, client, to: str) -> int:
    link = re.search(
        r"http://localhost(/hearings/comments/confirm/\S+)", _messages(app, to)[0].body
    )
    assert client.get(link[1]).status_code == 302
    with app.app_context():
        return db.session.scalar(select(Comment.id).where(Comment.author_email == to))


def _answer_comment(client, hearing: int, comment_id: int):
    return submit(
        client,
        f"/manage/hearings/{hearing}/comments/{comment_id}/answer",
        {
            f"c{comment_id}-outcome": "partly_accepted",
            f"c{comment_id}-reason_sq": "Faza e parë.",
            f"c{comment_id}-reason_sr_Latn": "Prva faza.",
            f"c{comment_id}-reason_bs": "Prva faza.",
        },
        form_url=f"/manage/hearings/{hearing}/comments?lang=en",
    )


def test_a_budget_comment_is_answered_by_mail_only_when_asked_with_a_link_to_the_answer(
    app, client, login, cycle, hearing
):
    with app.app_context():
        line_id = _lines(db.session.get(HearingCycle, cycle))[1].id
        db.session.commit()
    assert _comment(client, hearing, line_id).status_code == 302
    asked = _comment(client, hearing, line_id, author_email="milan@example.org", notify="y")
    assert asked.status_code == 302
    with app.app_context():
        language = db.session.scalar(
            select(Comment).where(Comment.author_email == "milan@example.org")
        )
        language.language = "sr"  # Milan wrote in Serbian Cyrillic
        db.session.commit()
    silent = _confirm_comment(app, client, "arta@example.org")
    milan = _confirm_comment(app, client, "milan@example.org")
    login("officer")
    _answer_comment(client, hearing, silent)
    _answer_comment(client, hearing, milan)
    assert len(_messages(app, "arta@example.org")) == 1  # the confirmation link only
    answer = _messages(app, "milan@example.org")[-1]
    assert to_cyrillic("Prva faza.") in answer.body
    link = re.search(r"http://localhost(/hearings/\S+)", answer.body)[1]
    assert link == f"/hearings/{hearing}/budget?lang=sr#comment-{milan}"
    page = client.get(link.split("#")[0]).get_data(as_text=True)
    card = re.search(rf'id="comment-{milan}"(.*?)</li>', page, re.S)[1]
    assert to_cyrillic("Prva faza.") in card


def _propose(client, hearing: int, **fields):
    url = f"/hearings/{hearing}/proposals/new?lang=en"
    with client.application.app_context():
        community = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id))
    data = {
        "csrf_token": csrf_token(client, url),
        "title": "Ndriçimi publik në <b>Zallq</b>",
        "local_community_id": str(community),
        "estimated_cost": "35.000",
        "description": "Rruga kryesore nuk ka ndriçim.",
        "language": "en",
        "proposer_name": "Arta Berisha",
        "proposer_email": "arta@example.org",
        "photo": (io.BytesIO(b""), ""),
        **fields,
    }
    return client.post(url, data=data, content_type="multipart/form-data")


def _answer_proposal(client, hearing: int, proposal_id: int):
    prefix = f"p{proposal_id}-"
    return submit(
        client,
        f"/manage/hearings/{hearing}/proposals/{proposal_id}/answer",
        {
            prefix + "outcome": "accepted",
            prefix + "reason_sq": "Pranohet.",
            prefix + "reason_sr_Latn": "Prihvata se.",
            prefix + "reason_bs": "Prihvata se.",
            prefix + "reason_en": "Accepted for next year.",
        },
        form_url=f"/manage/hearings/{hearing}/proposals?lang=en",
    )


def test_a_proposer_who_asked_confirms_the_address_then_gets_the_answer(
    app, client, login, cycle, hearing
):
    assert _propose(client, hearing, notify="y").status_code == 302
    (confirmation,) = _messages(app, "arta@example.org")
    assert "Zallq" not in confirmation.body  # nothing the sender wrote, before confirming
    link = re.search(r"http://localhost(/hearings/proposals/notice/\S+)", confirmation.body)[1]
    with app.app_context():
        proposal_id = db.session.scalar(select(CapitalProposal.id))
        # a comment's confirmation token for the same number confirms nothing here
        foreign = URLSafeTimedSerializer(app.secret_key, salt="budget-comment-confirm").dumps(
            proposal_id
        )
    assert client.get(f"/hearings/proposals/notice/{foreign}").status_code == 404
    with app.app_context():
        assert db.session.get(CapitalProposal, proposal_id).notify_confirmed_at is None

    assert client.get(link).status_code == 302
    with app.app_context():
        confirmed_at = db.session.get(CapitalProposal, proposal_id).notify_confirmed_at
    assert confirmed_at is not None
    assert client.get(link).status_code == 302  # replayed: nothing changes
    with app.app_context():
        assert db.session.get(CapitalProposal, proposal_id).notify_confirmed_at == confirmed_at

    login("officer")
    assert _answer_proposal(client, hearing, proposal_id).status_code == 302
    answer = _messages(app, "arta@example.org")[-1]
    assert "Accepted for next year." in answer.body
    assert "Ndriçimi publik në <b>Zallq</b>" in answer.body  # plain text: the title as written
    link = re.search(r"http://localhost(/consultations/\S+)", answer.body)[1]
    assert link == f"/consultations/{hearing}?lang=en#proposal-{proposal_id}"
    page = client.get(link.split("#")[0]).get_data(as_text=True)
    card = re.search(rf'id="proposal-{proposal_id}"(.*?)</li>', page, re.S)[1]
    assert "Accepted for next year." in card


def test_a_proposer_who_did_not_ask_or_did_not_confirm_gets_nothing(
    app, client, login, cycle, hearing
):
    _propose(client, hearing)
    _propose(client, hearing, proposer_email="ilir@example.org", notify="y")
    login("officer")
    with app.app_context():
        ids = db.session.scalars(select(CapitalProposal.id).order_by(CapitalProposal.id)).all()
    for proposal_id in ids:
        _answer_proposal(client, hearing, proposal_id)
    assert _messages(app, "arta@example.org") == []
    assert len(_messages(app, "ilir@example.org")) == 1  # the unconfirmed request's link


def test_a_floor_comment_is_answered_by_mail_only_when_the_speaker_asked(app, cycle):
    with app.test_request_context("/?lang=en"):
        full = _full_cycle(cycle)
        meeting = next(iter(participation.held_meetings(full).values()))
        try:
            participation.record_floor_comment(
                meeting, full, "Po.", "sq", None, author_email="", notify=True
            )
        except participation.HearingRefused as refused:
            assert "speaker's e-mail" in str(refused.message)
        else:
            raise AssertionError("a request without an address was taken")
        participation.record_floor_comment(
            meeting, full, "Ujë.", "sq", None, author_email="fola@example.org", notify=True
        )
        participation.record_floor_comment(
            meeting, full, "Rrugë.", "sq", None, author_email="heshta@example.org"
        )
        db.session.commit()
        _answer_all(full)
        db.session.commit()
        recipients = db.session.scalars(select(OutboxMessage.to)).all()
    assert "fola@example.org" in recipients and "heshta@example.org" not in recipients


def test_publishing_the_hearing_report_tells_those_who_asked_and_the_followers(
    app, client, login, cycle, hearing
):
    with app.test_request_context("/?lang=en"):
        full = _full_cycle(cycle)
        comment = db.session.scalar(
            select(Comment).where(Comment.author_email == "arta@example.org")
        )
        comment.notify_answer = True
        db.session.add(
            Subscription(
                email="gazeta@example.org",
                consultation_id=hearing,
                locale="en",
                token="g" * 40,
                confirmed_at=dt.datetime(2026, 1, 1),
            )
        )
        _answer_all(full)
        consultation = db.session.get(Consultation, hearing)
        consultation.status, consultation.closes_at = "closed", TODAY
        db.session.commit()
        before = db.session.scalar(select(func.count(OutboxMessage.id)))
    login("officer")
    report_url = f"/hearings/{hearing}/report?lang=en"
    publish = submit(client, f"/manage/hearings/{hearing}/report/publish", {}, report_url)
    assert publish.status_code == 302
    with app.app_context():
        assert hearing_report.publication_of(db.session.get(HearingCycle, cycle)) is not None
        new = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()[before:]
    by_address = {m.to: m for m in new}
    assert set(by_address) == {"arta@example.org", "gazeta@example.org"}
    assert f"/hearings/{hearing}/report?lang=sq" in by_address["arta@example.org"].body
    assert by_address["gazeta@example.org"].list_unsubscribe.endswith("/one-click")
