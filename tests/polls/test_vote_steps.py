"""The vote's steps and its receipt in the voter's own browser (issue #18): each step says where
the voter is; the receipt survives a reload and a later visit in that browser only, without the
municipality storing it beside anything of the voter."""

import shutil
import subprocess

import lxml.html
import pytest
from sqlalchemy import select

from consult.extensions import db
from tests.conftest import submit
from tests.polls.conftest import project_ids
from tests.polls.test_voting_journey import MILAN, RECEIPT, _cast, _choose


def _current_step(html: str) -> tuple[str, int]:
    page = lxml.html.document_fromstring(html)
    current = page.xpath("//nav[@class='steps']//li[@aria-current='step']")
    assert len(current) == 1, "exactly one step is the current one"
    return current[0].find_class("step-name")[0].text_content(), len(
        page.xpath("//nav[@class='steps']//li[contains(@class, 'step-done')]")
    )


def _primary_buttons(html: str) -> int:
    page = lxml.html.document_fromstring(html)
    buttons = page.xpath("//main//form[@method='post']//button")
    return sum("button-secondary" not in (b.get("class") or "") for b in buttons)


def _vote(app, client, poll_id: int) -> str:
    _choose(client, poll_id, [project_ids(app, poll_id)[1]])
    voted = _cast(client, poll_id)
    assert voted.status_code == 200
    html = voted.get_data(as_text=True)
    assert _current_step(html) == ("Receipt", 2)
    return RECEIPT.search(html).group(0)


def test_each_step_of_the_vote_says_which_it_is(app, client, make_poll):
    """Checked by the voter list alone, the vote has three steps: the ballot asks who you
    are, the confirmation, the receipt."""
    poll_id = make_poll(voters=[MILAN])
    ballot = client.get(f"/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert _current_step(ballot) == ("Choose projects and confirm who you are", 0)
    assert _primary_buttons(ballot) == 1  # "continue"; "check my choice" is secondary
    confirm = _choose(client, poll_id, [project_ids(app, poll_id)[1]]).get_data(as_text=True)
    assert _current_step(confirm) == ("Check and cast", 1)
    assert _primary_buttons(confirm) == 1
    again = client.get(f"/polls/{poll_id}/confirm").get_data(as_text=True)
    assert _current_step(again) == ("Check and cast", 1)


def test_a_poll_with_a_code_keeps_its_verification_step(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN], verify_sms=True)
    ballot = client.get(f"/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert _current_step(ballot) == ("Choose projects", 0)
    _choose(client, poll_id, [project_ids(app, poll_id)[1]])
    verify = client.get(f"/polls/{poll_id}/verify").get_data(as_text=True)
    assert _current_step(verify) == ("Confirm who you are", 1)


def test_the_voting_browser_sees_its_receipt_instead_of_a_fresh_ballot(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    code = _vote(app, client, poll_id)
    again = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert "You have voted in this poll" in again and code in again
    assert 'name="project"' not in again  # no fresh ballot
    other = app.test_client()
    fresh = other.get(f"/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert 'name="project"' in fresh and code not in fresh


def test_another_person_on_the_same_device_gets_a_fresh_ballot(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    code = _vote(app, client, poll_id)
    response = submit(client, f"/polls/{poll_id}/another-voter", {}, form_url=f"/polls/{poll_id}")
    assert response.status_code == 302
    page = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert code not in page and 'name="project"' in page


def test_forgetting_the_receipt_needs_the_form_s_token(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    code = _vote(app, client, poll_id)
    client.post(f"/polls/{poll_id}/another-voter", data={})
    assert code in client.get(f"/polls/{poll_id}").get_data(as_text=True)


def test_the_receipt_kept_in_the_browser_is_nowhere_in_the_database(app, client, make_poll):
    """Only the ballot's own receipt hash may lead to it; no table holds the code in clear."""
    poll_id = make_poll(voters=[MILAN])
    code = _vote(app, client, poll_id)
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)).all():
                assert all(code not in str(value) for value in row), table.name


def test_check_my_choice_lands_on_the_errors_and_the_total(app, client, make_poll):
    """Without JavaScript the server counts: the form sends to #ballot-check, where the errors
    (if any) and the total stand just above the buttons."""
    poll_id = make_poll(voters=[MILAN])
    ballot = lxml.html.document_fromstring(client.get(f"/polls/{poll_id}?lang=en").data)
    assert ballot.get_element_by_id("ballot").get("action") == f"/polls/{poll_id}#ballot-check"
    playground = project_ids(app, poll_id)[1]
    checked = lxml.html.document_fromstring(
        _choose(client, poll_id, [playground], action="check").data
    )
    landing = checked.get_element_by_id("ballot-check")
    assert "Left: €175,000" in landing.text_content()
    over = lxml.html.document_fromstring(_choose(client, poll_id, project_ids(app, poll_id)).data)
    landing = over.get_element_by_id("ballot-check")
    assert landing.find_class("error-summary") and "cost more than the budget" in (
        landing.text_content()
    )


def test_the_ballot_says_up_front_what_verifying_will_need(app, client, make_poll):
    listed = make_poll(voters=[MILAN])
    page = client.get(f"/polls/{listed}?lang=en").get_data(as_text=True)
    assert "What you will need" in page
    assert "your personal number and year of birth" in page
    assert "for a one-time code by SMS" not in page


def test_the_confirmation_shows_the_total_and_what_is_left(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    confirm = _choose(client, poll_id, [project_ids(app, poll_id)[1]]).get_data(as_text=True)
    assert "Chosen projects cost €25,000 of the budget of €200,000." in confirm
    assert "Left: €175,000." in confirm


def pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils), which .ci/run installs")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_receipt_can_be_saved_as_a_pdf_by_the_browser_that_voted_only(app, client, make_poll):
    """'Save the receipt' gives this browser's own receipt as a PDF, kept out of caches; any
    other browser, or this one before it voted or after 'another person votes', gets 404."""
    poll_id = make_poll(voters=[MILAN])
    assert client.get(f"/polls/{poll_id}/receipt.pdf").status_code == 404
    code = _vote(app, client, poll_id)
    voted = client.get(f"/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert f"/polls/{poll_id}/receipt.pdf" in voted and "data-print" in voted
    saved = client.get(f"/polls/{poll_id}/receipt.pdf")
    assert saved.status_code == 200 and saved.mimetype == "application/pdf"
    assert saved.headers["Cache-Control"] == "no-store"
    assert saved.data.startswith(b"%PDF")
    text = pdf_text(saved.data)
    assert code in text and f"/polls/{poll_id}/receipt" in text
    assert app.test_client().get(f"/polls/{poll_id}/receipt.pdf").status_code == 404
    submit(client, f"/polls/{poll_id}/another-voter", {}, form_url=f"/polls/{poll_id}")
    assert client.get(f"/polls/{poll_id}/receipt.pdf").status_code == 404


def test_a_reload_of_the_cast_vote_shows_the_receipt_again(app, client, make_poll):
    """Reloading the page after the vote sends the form again: nothing is cast twice, and the
    browser lands on the poll's page with the receipt it keeps."""
    poll_id = make_poll(voters=[MILAN])
    code = _vote(app, client, poll_id)
    again = submit(client, f"/polls/{poll_id}/confirm", {}, form_url=f"/polls/{poll_id}")
    assert again.status_code == 302
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "You have voted in this poll" in page and code in page
