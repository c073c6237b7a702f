"""Citizens propose capital investments while the hearing is open; officers answer each with a
reason, forward accepted ones to the poll, and record the changes to the draft budget."""

import datetime as dt
import io

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings import services
from consult.hearings.models import BudgetChange, BudgetLine, CapitalProposal, HearingCycle
from consult.polls.models import Poll, Project
from tests.conftest import csrf_token, submit
from tests.hearings.conftest import GOOD_ROWS, csv_file, upload

TODAY = dt.date.today()


def _jpeg_with_location() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 120, 40))
    exif = Image.Exif()
    exif[0x8825] = {2: (42.0, 46.0, 0.0)}  # GPS info
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _propose(client, hearing, photo=None, **fields):
    url = f"/hearings/{hearing}/proposals/new?lang=en"
    with client.application.app_context():
        community = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id))
    data = {
        "csrf_token": csrf_token(client, url),
        "title": "Ndriçimi publik në Zallq",
        "local_community_id": str(community),
        "estimated_cost": "35.000",
        "description": "Rruga kryesore nuk ka ndriçim.",
        "language": "sq",
        "proposer_name": "Arta Berisha",
        "proposer_email": "arta@example.org",
        **fields,
    }
    if photo is not None:
        data["photo"] = photo
    return client.post(url, data=data, content_type="multipart/form-data")


def test_a_citizen_proposes_with_a_photo_and_its_location_data_is_removed(
    app, client, cycle, hearing
):
    response = _propose(client, hearing, photo=(io.BytesIO(_jpeg_with_location()), "rruga.jpg"))
    assert response.status_code == 302
    with app.app_context():
        proposal = db.session.scalar(select(CapitalProposal))
        assert (proposal.estimated_cents, proposal.photo_type) == (3_500_000, "jpeg")
        stored = services.photo_path(proposal, app.config["UPLOAD_FOLDER"]).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and 0x8825 not in image.getexif()


def test_a_photo_that_is_not_a_jpeg_or_png_is_refused_and_nothing_saved(
    app, client, cycle, hearing
):
    response = _propose(client, hearing, photo=(io.BytesIO(b"GIF89a fake"), "photo.png"))
    assert response.status_code == 400
    assert "The photo must be a JPEG or PNG image." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(CapitalProposal)) is None


def test_text_in_the_cost_is_refused_with_a_message(app, client, cycle, hearing):
    response = _propose(client, hearing, estimated_cost="shumë")
    assert response.status_code == 400
    assert "Enter an amount in euros" in response.get_data(as_text=True)


def test_proposals_are_not_taken_when_the_hearing_is_closed(app, client, cycle, hearing):
    with app.app_context():
        consultation = db.session.get(Consultation, hearing)
        consultation.closes_at = dt.date.today() - dt.timedelta(days=1)
        consultation.opens_at = dt.date.today() - dt.timedelta(days=20)
        db.session.commit()
    page = client.get(f"/hearings/{hearing}/proposals/new?lang=en")
    assert page.status_code == 403
    assert "Proposals are taken only while the hearing is open." in page.get_data(as_text=True)


def test_the_officer_answers_and_the_answer_is_published_without_the_name(
    app, client, login, cycle, hearing
):
    _propose(client, hearing)
    public = client.get(f"/consultations/{hearing}?lang=en").get_data(as_text=True)
    assert "Ndriçimi publik në Zallq" not in public  # unanswered proposals are not shown
    login("officer")
    with app.app_context():
        proposal_id = db.session.scalar(select(CapitalProposal.id))
    page = f"/manage/hearings/{hearing}/proposals?lang=en"
    answer = f"/manage/hearings/{hearing}/proposals/{proposal_id}/answer"
    prefix = f"p{proposal_id}-"
    refused = submit(
        client, answer, {prefix + "outcome": "accepted", prefix + "reason_sq": ""}, page
    )
    assert refused.status_code == 400
    assert "Give the reason for the answer." in refused.get_data(as_text=True)
    response = submit(
        client,
        answer,
        {
            prefix + "outcome": "partly_accepted",
            prefix + "reason_sq": "Faza e parë në 2025.",
            prefix + "reason_en": "The first phase in 2025.",
        },
        page,
    )
    assert response.status_code == 302
    public = client.get(f"/consultations/{hearing}?lang=en").get_data(as_text=True)
    assert "Ndriçimi publik në Zallq" in public and "Partly accepted" in public
    assert "The first phase in 2025." in public and "Faza e parë" not in public
    assert "Arta Berisha" not in public and "arta@example.org" not in public
    bosnian = client.get(f"/consultations/{hearing}?lang=bs").get_data(as_text=True)
    assert '<div lang="sq"><p>Faza e parë në 2025.</p></div>' in bosnian  # fallback, marked
    assert 'class="fallback"' in bosnian


def _capital_poll(make_consultation, status: str = "draft") -> int:
    """A capital-projects poll consultation with its poll, being prepared (not open)."""
    from consult.polls import services as poll_services

    consultation_id = make_consultation(
        kind="capital_poll",
        status=status,
        title={"sq": "Sondazhi i projekteve kapitale", "en": "Capital projects poll"},
        opens_at=dt.date.today() + dt.timedelta(days=30),
        closes_at=dt.date.today() + dt.timedelta(days=45),
    )
    consultation = db.session.get(Consultation, consultation_id)
    return poll_services.create_poll(consultation, {"budget": 500_000}).id


def _accepted_proposal(cycle_id: int, cost_cents: int = 2_200_050) -> CapitalProposal:
    community = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id.desc()))
    proposal = services.submit_proposal(
        db.session.get(HearingCycle, cycle_id),
        "Kënd lojërash",
        community,
        cost_cents,
        "Pranë shkollës.",
        "Drita",
        "d@example.org",
    )
    services.answer_proposal(proposal, "accepted", {"sq": "Pranohet."})
    return proposal


def test_only_an_accepted_proposal_can_be_forwarded_to_the_poll(ctx, cycle, make_consultation):
    poll = db.session.get(Poll, _capital_poll(make_consultation))
    item = db.session.get(HearingCycle, cycle)
    community = db.session.scalar(select(LocalCommunity.id))
    proposal = services.submit_proposal(
        item, "Kënd lojërash", community, 2_200_000, "Pranë shkollës.", "Drita", "d@example.org"
    )
    with pytest.raises(services.HearingRefused):
        services.forward_to_poll(proposal, poll, "", TODAY)
    services.answer_proposal(proposal, "rejected", {"sq": "Nuk ka hapësirë."})
    with pytest.raises(services.HearingRefused):
        services.forward_to_poll(proposal, poll, "", TODAY)
    assert poll.projects == []
    services.answer_proposal(proposal, "accepted", {"sq": "Pranohet."})
    project = services.forward_to_poll(proposal, poll, "Kostoja e rishikuar", TODAY)
    assert proposal.forwarded_to_poll and proposal.forward_note == "Kostoja e rishikuar"
    with pytest.raises(services.HearingRefused):
        services.answer_proposal(proposal, "rejected", {"sq": "Ndryshim mendimi."})
    assert project in poll.projects


def test_forwarding_creates_the_poll_project_with_the_proposal_details(
    ctx, cycle, make_consultation
):
    poll = db.session.get(Poll, _capital_poll(make_consultation))
    proposal = _accepted_proposal(cycle)
    project = services.forward_to_poll(proposal, poll, "", TODAY)
    db.session.commit()
    stored = db.session.get(Project, project.id)
    assert stored.poll_id == poll.id and stored.code == "P1"
    assert stored.title == {"sq": "Kënd lojërash"}
    assert stored.description == {"sq": "Pranë shkollës."}
    assert stored.cost == 22_001  # 22 000.50 € rounded up to whole euros
    assert stored.local_community_id == proposal.local_community_id
    assert db.session.get(CapitalProposal, proposal.id).forwarded_project_id == project.id


def test_a_proposal_is_forwarded_only_once(ctx, cycle, make_consultation):
    first = db.session.get(Poll, _capital_poll(make_consultation))
    proposal = _accepted_proposal(cycle)
    services.forward_to_poll(proposal, first, "", TODAY)
    with pytest.raises(services.HearingRefused) as refused:
        services.forward_to_poll(proposal, first, "", TODAY)
    assert "already a candidate" in str(refused.value.message)
    assert len(first.projects) == 1


@pytest.mark.parametrize("state", ["open", "closed", "voted"])
def test_a_poll_that_is_open_or_closed_takes_no_candidates(ctx, cycle, make_consultation, state):
    from consult.polls.models import Participation

    poll = db.session.get(Poll, _capital_poll(make_consultation))
    consultation = poll.consultation
    if state == "open":
        consultation.status = "open"
        consultation.opens_at = TODAY - dt.timedelta(days=1)
    elif state == "closed":
        consultation.status = "closed"
    else:  # voting began on paper before the consultation was marked open
        db.session.add(
            Participation(poll_id=poll.id, identity_hash="x" * 64, channel="paper", day=TODAY)
        )
    db.session.flush()
    proposal = _accepted_proposal(cycle)
    assert poll not in services.polls_taking_candidates(TODAY)
    with pytest.raises(services.HearingRefused) as refused:
        services.forward_to_poll(proposal, poll, "", TODAY)
    assert "already open or closed" in str(refused.value.message)
    assert poll.projects == [] and proposal.forwarded_project_id is None


def test_the_officer_forwards_on_the_page_and_both_views_show_the_poll(
    app, client, login, cycle, hearing, make_consultation
):
    with app.app_context():
        poll_id = _capital_poll(make_consultation)
        proposal_id = _accepted_proposal(cycle).id
        db.session.commit()
    login("officer")
    page = f"/manage/hearings/{hearing}/proposals?lang=en"
    html = client.get(page).get_data(as_text=True)
    assert f'<option lang="sq" value="{poll_id}">' in html or f'value="{poll_id}"' in html
    forward = f"/manage/hearings/{hearing}/proposals/{proposal_id}/forward"
    prefix = f"f{proposal_id}-"
    unknown = submit(client, forward, {prefix + "poll_id": "999999", prefix + "note": ""}, page)
    assert unknown.status_code == 400
    assert "Choose a poll from the list." in unknown.get_data(as_text=True)
    done = submit(client, forward, {prefix + "poll_id": str(poll_id), prefix + "note": ""}, page)
    assert done.status_code == 302
    again = submit(client, forward, {prefix + "poll_id": str(poll_id), prefix + "note": ""}, page)
    assert again.status_code == 400
    assert "already a candidate" in again.get_data(as_text=True)
    officer = client.get(page).get_data(as_text=True)
    assert "Candidate project in the poll:" in officer
    assert f'href="/manage/polls/{poll_id}"' in officer and "Capital projects poll" in officer
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        assert [p.title for p in poll.projects] == [{"sq": "Kënd lojërash"}]
        poll_consultation = poll.consultation_id
    public = client.get(f"/consultations/{hearing}?lang=en").get_data(as_text=True)
    assert "Candidate for the capital-projects poll" in public  # the poll is not published yet
    assert "Capital projects poll" not in public
    with app.app_context():
        db.session.get(Consultation, poll_consultation).status = "announced"
        db.session.commit()
    public = client.get(f"/consultations/{hearing}?lang=en").get_data(as_text=True)
    assert "Candidate project in the poll:" in public
    assert f'href="/consultations/{poll_consultation}"' in public


def test_the_database_refuses_an_answer_without_a_reason(ctx, cycle):
    community = db.session.scalar(select(LocalCommunity.id))
    db.session.add(
        CapitalProposal(
            cycle_id=cycle,
            title="X",
            local_community_id=community,
            estimated_cents=1,
            description="Y",
            proposer_name="Z",
            proposer_email="z@example.org",
            outcome="accepted",
            reason={},
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_change_is_recorded_per_line_and_shown_in_the_explorer(
    app, client, login, cycle, hearing
):
    login("officer")
    upload(client, hearing, csv_file(GOOD_ROWS), "budget.csv")
    with app.app_context():
        line_id = db.session.scalar(select(BudgetLine.id).where(BudgetLine.programme == "Rrugët"))
    url = f"/manage/hearings/{hearing}/changes?lang=en"
    response = submit(
        client,
        url,
        {
            "line_id": str(line_id),
            "new_amount": "1.735.000",
            "proposal_id": "0",
            "reason_sq": "Ndriçimi publik në Zallq.",
            "reason_en": "Street lighting in Zallq.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        change = db.session.scalar(select(BudgetChange))
        assert (change.before_cents, change.after_cents) == (170_000_050, 173_500_000)
        assert db.session.get(BudgetLine, line_id).proposed_cents == 173_500_000
    html = client.get(f"/hearings/{hearing}/budget?lang=en").get_data(as_text=True)
    assert "Street lighting in Zallq." in html and "1,735,000" in html
    again = upload(client, hearing, csv_file(GOOD_ROWS), "budget.csv")
    assert again.status_code == 400
    assert "can no longer be replaced" in again.get_data(as_text=True)


def test_a_change_without_a_reason_or_to_the_same_amount_is_refused(
    app, client, login, cycle, hearing
):
    login("officer")
    upload(client, hearing, csv_file(GOOD_ROWS), "budget.csv")
    with app.test_request_context("/?lang=en"):
        line = db.session.scalar(select(BudgetLine).where(BudgetLine.programme == "Rrugët"))
        line_id = line.id
        with pytest.raises(services.HearingRefused):
            services.record_change(line, line.proposed_cents, {"sq": "Asgjë"})
        db.session.rollback()
    url = f"/manage/hearings/{hearing}/changes?lang=en"
    response = submit(
        client, url, {"line_id": str(line_id), "new_amount": "1000", "proposal_id": "0"}
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(BudgetChange)) is None


def test_bad_input_is_refused_with_a_message_never_a_server_error(app, client, cycle, hearing):
    assert client.get("/hearings/99999999999999999999/budget").status_code == 404
    assert client.get("/hearings/proposals/99999999999999999999/photo").status_code == 404
    response = _propose(client, hearing, title="Rruga\x00", estimated_cost="9" * 30)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The text contains characters that are not allowed." in html
    assert "Enter an amount in euros" in html


def test_the_kept_file_name_loses_folders_and_line_breaks():
    assert services._clean_name("C:/tmp/bux\r\nheti.csv", "csv") == "buxheti.csv"
    assert services._clean_name("../\x00", "xlsx") == "draft.xlsx"
