"""DP-RETENTION: `flask purge-personal-data` removes contact data of consultations closed longer
than the retention period and keeps their text, answers and every count."""

import datetime as dt

import pytest
from flask import current_app
from sqlalchemy import func, select

from consult.auth.services import create_user
from consult.comments.models import Answer, Comment
from consult.consultations.report import build_report
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import AuditLog, Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings.models import CapitalProposal, HearingCycle
from consult.organisations.models import Organisation
from consult.polls import services as polls
from consult.polls.models import (
    Ballot,
    PaperBatch,
    PaperBatchEntry,
    Participation,
    Poll,
    VoterListEntry,
)
from consult.retention import ERASED_PREFIX, months_before, purge_personal_data
from consult.subscriptions.models import Subscription
from consult.surveys.models import BrowserParticipation, Response, Survey

TODAY = dt.date.today()
LONG_AGO = TODAY - dt.timedelta(days=3 * 365)
OLD = dt.datetime.combine(LONG_AGO, dt.time(12))


def _consultation(kind: str, closes_at: dt.date, status: str = "reported") -> Consultation:
    consultation = Consultation(
        kind=kind,
        status=status,
        title={"sq": f"{kind} {closes_at}"},
        contact_name="Valentina Gashi",
        contact_email="valentina.gashi@istog.example",
        opens_at=closes_at - dt.timedelta(days=20),
        closes_at=closes_at,
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation


def _draft_act(closes_at: dt.date, organisation: Organisation) -> int:
    """Three citizens (one commenting twice), a CSO and a speaker at a meeting."""
    consultation = _consultation("draft_act", closes_at)
    people = [
        ("Blerta Kelmendi", "blerta@example.org", "female"),
        ("Blerta Kelmendi", "blerta@example.org", "female"),
        ("Dragan Milić", "dragan@example.org", "male"),
        ("Amela Hadžić", "amela@example.org", None),
    ]
    for number, (name, email, gender) in enumerate(people):
        comment = Comment(
            consultation_id=consultation.id,
            author_kind="citizen",
            author_name=name,
            author_email=email,
            show_name=number < 2,
            gender=gender,
            language="sq",
            text=f"Komenti {number}",
            confirmed_at=OLD,
        )
        db.session.add(comment)
        db.session.flush()
        db.session.add(Answer(comment_id=comment.id, outcome="accepted", reason={"sq": "Po"}))
    db.session.add(
        Comment(
            consultation_id=consultation.id,
            author_kind="cso",
            organisation_id=organisation.id,
            author_name="Dardan Krasniqi",
            author_email=organisation.contact_email,
            show_name=True,
            language="sq",
            text="Komenti i organizatës",
            confirmed_at=OLD,
        )
    )
    return consultation.id


def _poll(closes_at: dt.date, officer_id: int) -> int:
    """A poll with a voter list, two online votes and a keyed paper batch."""
    consultation = _consultation("capital_poll", closes_at)
    poll = Poll(consultation_id=consultation.id, budget=100000)
    db.session.add(poll)
    db.session.flush()
    day = closes_at - dt.timedelta(days=3)
    for number, gender in (
        ("1234567890", "female"),
        ("2234567890", "male"),
        ("3234567890", "female"),
    ):
        identity = polls.identity_hash("pn", number)
        db.session.add(
            VoterListEntry(poll_id=poll.id, identity_hash=identity, birth_year=1980, gender=gender)
        )
        if number != "3234567890":
            db.session.add(
                Participation(poll_id=poll.id, identity_hash=identity, channel="online", day=day)
            )
            db.session.add(
                Ballot(poll_id=poll.id, day=day, channel="online", choices=[1], gender=gender)
            )
    batch = PaperBatch(poll_id=poll.id, label="Banjë", day=day, status="open")
    db.session.add(batch)
    db.session.flush()
    db.session.add(
        PaperBatchEntry(
            batch_id=batch.id,
            officer_id=officer_id,
            voters=sorted([polls.identity_hash("pn", "3234567890")]),
            ballots=[[1]],
        )
    )
    return poll.id


def _survey(closes_at: dt.date) -> int:
    consultation = _consultation("survey", closes_at)
    survey = Survey(
        consultation_id=consultation.id,
        audience="citizen",
        year=closes_at.year,
        one_response_per_browser=True,
    )
    db.session.add(survey)
    db.session.flush()
    for browser in ("a" * 64, "b" * 64):
        db.session.add(BrowserParticipation(survey_id=survey.id, browser_hash=browser))
        db.session.add(Response(survey_id=survey.id, day=closes_at))
    return survey.id


def _hearing(closes_at: dt.date) -> int:
    consultation = _consultation("budget_hearing", closes_at)
    year = closes_at.year
    cycle = HearingCycle(
        consultation_id=consultation.id,
        budget_year=year + 1,
        mtbf_due=dt.date(year, 6, 30),
        circular2_due=dt.date(year, 8, 15),
        approval_due=dt.date(year, 9, 30),
    )
    community = LocalCommunity(name={"sq": "Banjë"}, population=2874)
    db.session.add_all([cycle, community])
    db.session.flush()
    db.session.add(
        Comment(
            consultation_id=cycle.consultation_id,
            cycle_id=cycle.id,
            author_kind="citizen",
            author_name="Arta Bytyqi",
            author_email="arta@example.org",
            language="sq",
            text="Më shumë për rrugët",
            answer=Answer(outcome="accepted", reason={"sq": "Po"}),
        )
    )
    db.session.add(
        CapitalProposal(
            cycle_id=cycle.id,
            title="Kënd lojërash",
            local_community_id=community.id,
            estimated_cents=2_500_000,
            description="Për fëmijët e Banjës",
            proposer_name="Gent Rexhepi",
            proposer_email="gent@example.org",
        )
    )
    return cycle.id


@pytest.fixture
def records(app):
    """An old and a recent consultation of every kind, subscriptions and stored mail."""
    recent = TODAY - dt.timedelta(days=30)
    with app.app_context():
        organisation = Organisation(
            name="OJQ Rinia Aktive Istog",
            registration_number="511-1",
            contact_email="info@rinia.example",
            representative="Dardan Krasniqi",
        )
        db.session.add(organisation)
        officer = create_user("officer@istog.example", "Officer", "a test secret", "officer", None)
        db.session.flush()
        made = {
            "old": _draft_act(LONG_AGO, organisation),
            "recent": _draft_act(recent, organisation),
            "old_poll": _poll(LONG_AGO, officer.id),
            "recent_poll": _poll(recent, officer.id),
            "old_survey": _survey(LONG_AGO),
            "recent_survey": _survey(recent),
            "old_cycle": _hearing(LONG_AGO),
            "recent_cycle": _hearing(recent),
        }
        db.session.add_all(
            [
                Subscription(email="old@example.org", token="t1", created_at=OLD),
                Subscription(
                    email="kept@example.org", token="t2", created_at=OLD, confirmed_at=OLD
                ),
                Subscription(email="new@example.org", token="t3"),
                OutboxMessage(to="old@example.org", subject="S", body="B", created_at=OLD),
                OutboxMessage(to="new@example.org", subject="S", body="B"),
            ]
        )
        db.session.commit()
        return made


def _comments(consultation_id: int) -> list[Comment]:
    query = select(Comment).where(Comment.consultation_id == consultation_id).order_by(Comment.id)
    return list(db.session.scalars(query))


def _report_counts(consultation_id: int) -> tuple:
    report = build_report(
        db.session.get(Consultation, consultation_id), TODAY, current_app.config["STANDARDS"]
    )
    return (report.participants, report.genders, report.outcomes, len(report.comments))


def _snapshot(made: dict) -> dict:
    """Everything that must survive a purge: counts, texts, ballots and responses."""
    old_poll = db.session.get(Poll, made["old_poll"])
    participations = select(Participation.channel, Participation.day).where(
        Participation.poll_id == made["old_poll"]
    )
    return {
        "report": _report_counts(made["old"]),
        "texts": [
            (c.text, c.gender, c.answer.outcome if c.answer else None)
            for c in _comments(made["old"])
        ],
        "ballots": sorted(
            (b.choices[0], b.gender, b.day)
            for b in db.session.scalars(select(Ballot).where(Ballot.poll_id == made["old_poll"]))
        ),
        "participations": sorted(db.session.execute(participations).all()),
        "voting_started": polls.voting_started(old_poll),
        "responses": db.session.scalar(
            select(func.count()).where(Response.survey_id == made["old_survey"])
        ),
        "proposal": db.session.execute(
            select(
                CapitalProposal.title, CapitalProposal.description, CapitalProposal.outcome
            ).where(CapitalProposal.cycle_id == made["old_cycle"])
        ).all(),
    }


def _recent_state(made: dict) -> tuple:
    comments = [(c.author_name, c.author_email, c.show_name) for c in _comments(made["recent"])]
    hashes = sorted(
        db.session.scalars(
            select(Participation.identity_hash).where(Participation.poll_id == made["recent_poll"])
        )
    )
    voters = db.session.scalar(
        select(func.count()).where(VoterListEntry.poll_id == made["recent_poll"])
    )
    browsers = db.session.scalar(
        select(func.count()).where(BrowserParticipation.survey_id == made["recent_survey"])
    )
    contacts = (
        db.session.execute(
            select(Comment.author_name, Comment.author_email).where(
                Comment.cycle_id == made["recent_cycle"]
            )
        ).all()
        + db.session.execute(
            select(CapitalProposal.proposer_name, CapitalProposal.proposer_email).where(
                CapitalProposal.cycle_id == made["recent_cycle"]
            )
        ).all()
    )
    return comments, hashes, voters, browsers, contacts


def _everything(app) -> dict:
    with app.app_context():
        state = {}
        for table in reversed(db.metadata.sorted_tables):
            rows = db.session.execute(table.select()).all()
            state[table.name] = sorted(map(repr, rows))
        return state


def test_months_before_counts_calendar_months():
    assert months_before(dt.date(2026, 11, 26), 24) == dt.date(2024, 11, 26)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)
    assert months_before(dt.date(2026, 1, 15), 0) == dt.date(2026, 1, 15)


def test_purge_removes_the_contact_data_of_old_consultations(app, records):
    with app.test_request_context("/?lang=en"):
        result = purge_personal_data(TODAY, 24)
        db.session.commit()
        assert result.consultation_ids == sorted(
            db.session.scalars(select(Consultation.id).where(Consultation.closes_at == LONG_AGO))
        )
        comments = _comments(records["old"])
        assert all(c.author_name == "" for c in comments)
        assert all("@" not in c.author_email for c in comments)
        assert not any(c.show_name for c in comments if c.author_kind == "citizen")
        cso = next(c for c in comments if c.author_kind == "cso")
        assert cso.author_email == "" and cso.organisation_id is not None
        emails = [c.author_email for c in comments if c.author_kind == "citizen"]
        assert all(e.startswith(ERASED_PREFIX) for e in emails)
        assert emails[0] == emails[1] != emails[2], "one pseudonym per person"

        hearing = db.session.execute(
            select(Comment.author_name, Comment.author_email).where(
                Comment.cycle_id == records["old_cycle"]
            )
        ).all()
        proposals = db.session.execute(
            select(CapitalProposal.proposer_name, CapitalProposal.proposer_email).where(
                CapitalProposal.cycle_id == records["old_cycle"]
            )
        ).all()
        assert hearing == [("", "")] and proposals == [("", "")]

        poll = records["old_poll"]
        assert not db.session.scalar(select(func.count()).where(VoterListEntry.poll_id == poll))
        hashes = db.session.scalars(
            select(Participation.identity_hash).where(Participation.poll_id == poll)
        ).all()
        assert len(hashes) == 2 and all(h.startswith(ERASED_PREFIX) for h in hashes)
        for number in ("1234567890", "2234567890"):
            assert polls.identity_hash("pn", number) not in hashes
        entry = db.session.scalars(
            select(PaperBatchEntry)
            .join(PaperBatch, PaperBatch.id == PaperBatchEntry.batch_id)
            .where(PaperBatch.poll_id == poll)
        ).one()
        assert len(entry.voters) == 1 and entry.voters[0].startswith(ERASED_PREFIX)
        assert not db.session.scalar(
            select(func.count()).where(BrowserParticipation.survey_id == records["old_survey"])
        )

        assert sorted(db.session.scalars(select(Subscription.email))) == [
            "kept@example.org",
            "new@example.org",
        ]
        assert db.session.scalars(select(OutboxMessage.to)).all() == ["new@example.org"]
        assert result.counts == {
            "comment_names": 5,
            "comment_emails": 5,
            "hearing_comment_contacts": 1,
            "proposal_contacts": 1,
            "voter_list_entries": 3,
            "participations": 2,
            "paper_sign_in_sheets": 1,
            "browser_participations": 2,
            "survey_invitations": 0,
            "consultation_followers": 0,
            "subscriptions": 1,
            "outbox_messages": 1,
            "pending_registrations": 0,
            "sign_in_backoffs": 0,
            "pending_codes": 0,
            "password_resets": 0,
            "meeting_registrations": 0,
            "audience_sign_ups": 0,
            "audience_imports": 0,
            "audience_addresses": 0,
        }


def test_purge_keeps_texts_answers_results_and_counts(app, records):
    with app.test_request_context("/?lang=en"):
        before = _snapshot(records)
        assert before["report"][0] == {"citizen": 3, "cso": 1}
        purge_personal_data(TODAY, 24)
        db.session.commit()
        db.session.expire_all()
        assert _snapshot(records) == before


def test_purge_leaves_a_recent_consultation_untouched(app, records):
    with app.test_request_context("/?lang=en"):
        before = _recent_state(records)
        assert before[0][0] == ("Blerta Kelmendi", "blerta@example.org", True)
        purge_personal_data(TODAY, 24)
        db.session.commit()
        db.session.expire_all()
        assert _recent_state(records) == before


def test_a_consultation_still_open_keeps_its_data_however_old(app, make_consultation):
    consultation_id = make_consultation(status="open", closes_at=LONG_AGO, opens_at=LONG_AGO)
    with app.test_request_context("/?lang=en"):
        db.session.add(
            Comment(
                consultation_id=consultation_id,
                author_kind="citizen",
                author_name="Blerta Kelmendi",
                author_email="blerta@example.org",
                language="sq",
                text="Komenti",
            )
        )
        db.session.commit()
        result = purge_personal_data(TODAY, 24)
        assert result.consultation_ids == [] and result.total == 0
        assert db.session.scalar(select(Comment.author_email)) == "blerta@example.org"


def test_purge_is_audit_logged_and_a_second_run_finds_nothing(app, records):
    with app.test_request_context("/?lang=en"):
        first = purge_personal_data(TODAY, 24)
        db.session.commit()
        entry = db.session.scalars(select(AuditLog)).one()
        assert entry.action == "personal_data.purge" and entry.actor_id is None
        assert entry.details["consultations"] == first.consultation_ids
        assert entry.details["counts"]["participations"] == 2
        second = purge_personal_data(TODAY, 24)
        db.session.commit()
        assert second.total == 0
        assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 1


def test_the_retention_period_comes_from_the_configuration(app, runner, records, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_RETENTION_MONTHS", 12 * 50)
    result = runner.invoke(args=["purge-personal-data"])
    assert result.exit_code == 0, result.output
    assert "Consultations closed before" in result.output
    assert "Removed or replaced 0 item(s)" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_dry_run_prints_what_would_go_and_changes_nothing(app, runner, records):
    before = _everything(app)
    result = runner.invoke(args=["purge-personal-data", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "e-mail addresses of commenters on draft acts: 5" in result.output
    assert "voter identity hashes of poll participations: 2" in result.output
    assert "Dry run: nothing was changed." in result.output
    assert _everything(app) == before

    result = runner.invoke(args=["purge-personal-data"])
    assert result.exit_code == 0, result.output
    assert "e-mail addresses of commenters on draft acts: 5" in result.output
    assert _everything(app) != before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 1


def test_a_negative_retention_period_is_refused(runner):
    result = runner.invoke(args=["purge-personal-data", "--months", "-1"])
    assert result.exit_code != 0


def test_purge_sweeps_what_lives_for_hours_once_it_has_expired(app, make_consultation):
    """An expired CSO registration (address, representative, password hash), a failed sign-in
    record past its time and an expired verification code go even if no registration, sign-in
    or vote came after them to sweep them; fresh ones stay."""
    from consult.auth.models import SignInBackoff
    from consult.core.models import utcnow
    from consult.organisations.models import PendingRegistration
    from consult.polls.models import PendingCode

    now = utcnow()
    config = app.config
    with app.app_context():
        poll = Poll(consultation_id=make_consultation(kind="capital_poll"), budget=1000)
        db.session.add(poll)
        db.session.flush()
        for age, token in ((config["REGISTRATION_LINK_HOURS"] + 1, "a"), (1, "b")):
            db.session.add(
                PendingRegistration(
                    token_hash=token * 64,
                    name="OJQ",
                    registration_number="5100",
                    email=f"{token}@example.org",
                    representative="Arta",
                    password_hash="x",
                    created_at=now - dt.timedelta(hours=age),
                )
            )
        for age, key in ((config["LOGIN_BACKOFF_FORGET_HOURS"] + 1, "old"), (0, "new")):
            db.session.add(
                SignInBackoff(key=key, failures=3, last_failure_at=now - dt.timedelta(hours=age))
            )
        for minutes, code in ((-5, "expired"), (10, "live")):
            db.session.add(
                PendingCode(
                    id=code,
                    poll_id=poll.id,
                    step="sms",
                    digest="0" * 64,
                    expires_at=now + dt.timedelta(minutes=minutes),
                )
            )
        from consult.auth.models import PasswordReset

        holder = create_user("holder@istog.example", "Holder", "long enough passphrase", "officer")
        for hours, token in ((-1, "c"), (2, "d")):
            db.session.add(
                PasswordReset(
                    user_id=holder.id,
                    token_hash=token * 64,
                    created_at=now - dt.timedelta(hours=3),
                    expires_at=now + dt.timedelta(hours=hours),
                )
            )
        db.session.commit()
        result = purge_personal_data(TODAY, 24)
        db.session.commit()
        assert result.counts["password_resets"] == 1
        assert db.session.scalars(select(PasswordReset.token_hash)).all() == ["d" * 64]
        assert result.counts["pending_registrations"] == 1
        assert result.counts["sign_in_backoffs"] == 1
        assert result.counts["pending_codes"] == 1
        assert db.session.scalars(select(PendingRegistration.email)).all() == ["b@example.org"]
        assert db.session.scalars(select(SignInBackoff.key)).all() == ["new"]
        assert db.session.scalars(select(PendingCode.id)).all() == ["live"]
