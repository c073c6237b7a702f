"""LANG-ANSWER for budget hearings: the hearing report waits until every answer (proposals,
comments online and from the floor) and every budget change reason is written in each official
language and in the commenter's own; the cycle's page lists what is missing; the content forms
default their language to the page's locale."""

import pytest
from sqlalchemy import select

from consult.comments.models import Comment
from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings import participation, services
from consult.hearings import report as hearing_report
from consult.hearings.forms import BudgetCommentForm, ProposalForm
from consult.hearings.models import BudgetChange, CapitalProposal, HearingCycle
from tests.conftest import csrf_token, submit
from tests.consultations.helpers import every_language
from tests.hearings.test_meetings_and_report import TODAY, _full_cycle, _held, _lines

SQ_AND_SERBIAN = {"sq": "Pranohet.", "sr_Latn": "Prihvata se."}


def _closed_cycle_lacking_bosnian(cycle_id: int, hearing: int) -> None:
    """The full cycle with its comments answered in Albanian and Serbian only, closed."""
    cycle = _full_cycle(cycle_id)
    for comment in participation.comments_of(cycle):
        if comment.outcome is None:
            participation.answer_comment(comment, "accepted", dict(SQ_AND_SERBIAN))
    consultation = db.session.get(Consultation, hearing)
    consultation.status, consultation.closes_at = "closed", TODAY
    db.session.commit()


def _publish(client, hearing, lang="en"):
    return submit(
        client,
        f"/manage/hearings/{hearing}/report/publish",
        {},
        form_url=f"/hearings/{hearing}/report?lang={lang}",
        follow_redirects=True,
    ).get_data(as_text=True)


def _published(cycle_id) -> bool:
    return hearing_report.publication_of(db.session.get(HearingCycle, cycle_id)) is not None


def test_the_hearing_report_is_refused_while_an_answer_lacks_bosnian_then_published(
    app, client, login, cycle, hearing
):
    with app.app_context():
        _closed_cycle_lacking_bosnian(cycle, hearing)
        comment_ids = [c.id for c in participation.comments_of(db.session.get(HearingCycle, cycle))]
    login("officer")
    page = _publish(client, hearing)
    assert "Answers in every official language (LANG-ANSWER)" in page
    assert "answers missing a language: 3" in page
    assert f"Comment {comment_ids[0]}: Bosnian" in page
    # the report page the refusal comes back to links to each answer to complete
    assert f'/manage/hearings/{hearing}/comments#comment-{comment_ids[0]}">Comment' in page
    with app.app_context():
        assert not _published(cycle)
    manage = client.get(f"/manage/hearings/{hearing}/?lang=en").get_data(as_text=True)
    assert "Answers missing a language: 3" in manage
    for comment_id in comment_ids:
        assert f"/manage/hearings/{hearing}/comments#comment-{comment_id}" in manage
    # completing the answers through the answer form lifts the refusal
    for comment_id in comment_ids:
        response = submit(
            client,
            f"/manage/hearings/{hearing}/comments/{comment_id}/answer",
            {
                f"c{comment_id}-outcome": "accepted",
                **{f"c{comment_id}-reason_{k}": v for k, v in every_language("Po.").items()},
            },
            form_url=f"/manage/hearings/{hearing}/comments?lang=en",
        )
        assert response.status_code == 302
    manage = client.get(f"/manage/hearings/{hearing}/?lang=en").get_data(as_text=True)
    assert "Answers missing a language: 0" in manage
    _publish(client, hearing)
    with app.app_context():
        assert _published(cycle)


def test_the_lifecycle_step_to_reported_is_refused_too(app, client, login, cycle, hearing):
    with app.app_context():
        _closed_cycle_lacking_bosnian(cycle, hearing)
    login("officer")
    page = submit(
        client,
        f"/manage/consultations/{hearing}/advance",
        {"to_status": "reported", "override_reason": "Afati"},
        form_url=f"/manage/consultations/{hearing}?lang=en",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Answers in every official language (LANG-ANSWER)" in page
    with app.app_context():
        assert db.session.get(Consultation, hearing).status == "closed"
        assert not _published(cycle)


def test_the_refusal_is_translated_on_a_serbian_page(app, client, login, cycle, hearing):
    with app.app_context():
        _closed_cycle_lacking_bosnian(cycle, hearing)
    login("officer")
    page = _publish(client, hearing, lang="sr_Latn")
    assert "Odgovori na svim službenim jezicima (LANG-ANSWER)" in page
    assert "odgovori kojima nedostaje neki jezik: 3" in page
    for english in ("answers missing a language", "Complete them", "Comment ", "Bosnian"):
        assert english not in page


def test_a_budget_change_reason_lacking_a_language_is_listed_and_completed(
    app, client, login, cycle, hearing
):
    with app.app_context():
        roads = _lines(db.session.get(HearingCycle, cycle))[1]
        change = services.record_change(roads, 175_000_000, {"sq": "Ndriçimi."})
        db.session.commit()
        change_id = change.id
    login("officer")
    manage = client.get(f"/manage/hearings/{hearing}/?lang=en").get_data(as_text=True)
    assert "Answers missing a language: 1" in manage
    assert f"/manage/hearings/{hearing}/changes#change-{change_id}" in manage
    changes_url = f"/manage/hearings/{hearing}/changes?lang=en"
    page = client.get(changes_url).get_data(as_text=True)
    assert "This answer still lacks: Serbian, Bosnian." in page
    response = submit(
        client,
        f"/manage/hearings/{hearing}/changes/{change_id}/reason",
        {f"r{change_id}-reason_sr_Latn": "Osvetljenje.", f"r{change_id}-reason_bs": "Rasvjeta."},
        form_url=changes_url,
    )
    assert response.status_code == 302
    with app.app_context():
        change = db.session.get(BudgetChange, change_id)
        assert change.reason == {"sq": "Ndriçimi.", "sr_Latn": "Osvetljenje.", "bs": "Rasvjeta."}
        assert change.after_cents == 175_000_000
    manage = client.get(f"/manage/hearings/{hearing}/?lang=en").get_data(as_text=True)
    assert "Answers missing a language: 0" in manage


def test_an_english_proposal_needs_an_english_answer(app, cycle):
    with app.test_request_context("/?lang=en"):
        data_cycle = db.session.get(HearingCycle, cycle)
        village = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id))
        proposal = services.submit_proposal(
            data_cycle,
            "Playground",
            village,
            1_000_000,
            "Near the school.",
            "Ana",
            "ana@example.org",
            language="en",
        )
        with pytest.raises(services.HearingRefused, match="Write the reason in English too"):
            services.answer_proposal(proposal, "accepted", every_language("Pranohet."))
        services.answer_proposal(proposal, "accepted", every_language("Pranohet.", "en"))
        assert participation.answer_gaps(data_cycle) == []


def test_an_answer_saved_without_bosnian_warns_the_officer(app, client, login, cycle, hearing):
    with app.app_context():
        data_cycle = db.session.get(HearingCycle, cycle)
        village = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id))
        proposal = services.submit_proposal(
            data_cycle, "Palestra", village, 1_000_000, "Shkolla.", "Ilir", "ilir@example.org"
        )
        db.session.commit()
        proposal_id = proposal.id
    login("officer")
    url = f"/manage/hearings/{hearing}/proposals?lang=en"
    page = submit(
        client,
        f"/manage/hearings/{hearing}/proposals/{proposal_id}/answer",
        {f"p{proposal_id}-outcome": "accepted", **{f"p{proposal_id}-reason_sq": "Po."}},
        form_url=url,
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The answer is saved, but it still lacks Serbian, Bosnian." in page
    assert "This answer still lacks: Serbian, Bosnian." in page
    assert "The commenter wrote in Albanian." in page
    with app.app_context():
        assert db.session.get(CapitalProposal, proposal_id).reason == {"sq": "Po."}


def test_a_proposal_sent_as_is_from_a_serbian_page_is_stored_as_serbian(
    app, client, cycle, hearing
):
    url = f"/hearings/{hearing}/proposals/new?lang=sr_Latn"
    assert 'selected value="sr_Latn"' in client.get(url).get_data(as_text=True)
    with app.app_context():
        community = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id))
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "title": "Javna rasveta u Zaljkovu",
            "local_community_id": str(community),
            "estimated_cost": "35.000",
            "description": "Glavni put nema rasvetu.",
            "proposer_name": "Milan",
            "proposer_email": "milan@example.org",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(CapitalProposal.language)) == "sr_Latn"


def test_a_budget_comment_sent_as_is_from_a_serbian_page_is_stored_as_serbian(
    app, client, cycle, hearing
):
    url = f"/hearings/{hearing}/comments/new?lang=sr_Latn"
    assert 'selected value="sr_Latn"' in client.get(url).get_data(as_text=True)
    response = submit(
        client,
        url,
        {
            "line_id": "0",
            "text": "Više para za puteve.",
            "author_name": "Milan",
            "author_email": "milan@example.org",
            "gender": "",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Comment.language)) == "sr_Latn"


def test_a_floor_comment_recorded_from_a_serbian_page_is_stored_as_serbian(
    app, client, login, cycle, hearing
):
    with app.app_context():
        data_cycle = db.session.get(HearingCycle, cycle)
        planned, _ = _held(data_cycle, "youth", 3, {"youth": (9, 12, 1)})
        db.session.commit()
        planned_id = planned.id
    login("officer")
    page = f"/manage/hearings/{hearing}/held/{planned_id}?lang=sr_Latn"
    response = submit(
        client,
        f"/manage/hearings/{hearing}/held/{planned_id}/comments",
        {"line_id": "0", "text": "Više za vrtiće."},
        form_url=page,
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Comment.language)) == "sr_Latn"


def test_every_hearing_content_form_defaults_to_the_page_language(app):
    for locale in ("sr_Latn", "sr", "bs", "en", "sq"):
        with app.test_request_context(f"/?lang={locale}"):
            for form_class in (ProposalForm, BudgetCommentForm):
                assert form_class(formdata=None).language.data == locale, form_class
