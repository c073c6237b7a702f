"""Journey 3: a citizen picks projects within the budget, verifies, votes, keeps a receipt."""

import re

from sqlalchemy import func, select

from consult.core import mail
from consult.core.labels import POLL_GENDERS
from consult.extensions import db
from consult.polls import sms
from consult.polls.models import Ballot, Participation
from tests.conftest import submit
from tests.polls.conftest import english_client, project_ids

MILAN = ("1234567890", 1985)
RECEIPT = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _choose(client, poll_id, projects, action="continue", **extra):
    data = {"project": projects, "action": action, **extra}
    return submit(client, f"/polls/{poll_id}", data)


def _verify_with_voter_list(client, poll_id, person=MILAN):
    number, year = person
    return submit(
        client, f"/polls/{poll_id}/verify", {"personal_number": number, "birth_year": year}
    )


def _cast(client, poll_id):
    return submit(client, f"/polls/{poll_id}/confirm", {})


def test_citizen_sees_the_budget_left_and_cannot_go_over_it(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]
    page = _choose(client, poll_id, [playground], action="check").get_data(as_text=True)
    assert "Left: €175,000" in page
    over = _choose(client, poll_id, project_ids(app, poll_id))
    assert over.status_code == 400
    assert "cost more than the budget" in over.get_data(as_text=True)


def test_citizen_votes_in_serbian_cyrillic_and_keeps_a_receipt(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    assert client.get(f"/polls/{poll_id}?lang=sr").status_code == 200
    road, playground, *_ = project_ids(app, poll_id)
    assert _choose(client, poll_id, [road, playground]).headers["Location"].endswith("/verify#main")
    # the last verification step leads straight to the confirmation, no extra hop
    assert _verify_with_voter_list(client, poll_id).headers["Location"].endswith("/confirm")
    assert client.get(f"/polls/{poll_id}/verify").headers["Location"].endswith("/confirm")
    voted = _cast(client, poll_id)
    assert voted.status_code == 200
    receipt = RECEIPT.search(voted.get_data(as_text=True)).group(0)
    assert _count(app, Ballot) == 1 and _count(app, Participation) == 1
    checked = submit(client, f"/polls/{poll_id}/receipt", {"code": receipt})
    assert 'class="flash flash-success" role="status"' in checked.get_data(as_text=True)


def test_each_voting_page_reads_the_poll_with_its_consultation_in_one_statement(
    app, client, make_poll, sql_log
):
    poll_id = make_poll(voters=[MILAN])
    road, playground, *_ = project_ids(app, poll_id)
    sql_log.clear()
    _choose(client, poll_id, [road, playground])
    _verify_with_voter_list(client, poll_id)
    assert _cast(client, poll_id).status_code == 200
    # (on PostgreSQL the vote also locks the poll's row: ballot_box._lock, not a read)
    polls_read = [
        s for s in sql_log if s.startswith("SELECT polls.id") and not s.endswith("UPDATE")
    ]
    # ballot, verification and confirmation pages and their POSTs: six requests, one read each
    assert len(polls_read) == 6
    assert all("JOIN consultations" in s for s in polls_read)
    assert not [s for s in sql_log if s.startswith("SELECT consultations.")]
    # the receipt page is rendered before the commit: nothing is read again after the vote is
    # stored (on PostgreSQL, the rewrite of the unsealed ballots: ballot_box.seal)
    assert sql_log[-1].startswith(
        ("INSERT INTO poll_ballots", "WITH moved AS (DELETE FROM poll_ballots")
    )


def test_citizen_who_voted_is_told_so_in_another_browser(app, make_poll):
    poll_id = make_poll(voters=[MILAN])
    road, playground, *_ = project_ids(app, poll_id)
    first, second = english_client(app), english_client(app)
    _choose(first, poll_id, [playground])
    _verify_with_voter_list(first, poll_id)
    _choose(second, poll_id, [road])
    _verify_with_voter_list(second, poll_id)  # both verified before either voted
    assert _cast(first, poll_id).status_code == 200
    again = _cast(second, poll_id)
    assert again.status_code == 409
    assert "already voted" in again.get_data(as_text=True)
    assert _count(app, Ballot) == 1 and _count(app, Participation) == 1
    third = english_client(app)
    _choose(third, poll_id, [road])
    assert _verify_with_voter_list(third, poll_id).status_code == 409


def test_wrong_birth_year_or_unknown_person_is_refused(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    refused = _verify_with_voter_list(client, poll_id, (MILAN[0], 1986))
    assert refused.status_code == 400
    assert "not on the voter list" in refused.get_data(as_text=True)
    assert client.get(f"/polls/{poll_id}/confirm").status_code == 302


def test_too_young_voter_is_refused(app, client, make_poll):
    poll_id = make_poll(voters=[("5555555555", 2020)])
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    refused = _verify_with_voter_list(client, poll_id, ("5555555555", 2020))
    assert "aged 16 or more" in refused.get_data(as_text=True)


def test_citizen_verifies_with_an_email_code(app, client, make_poll):
    poll_id = make_poll(verify_voter_list=False, verify_email=True)
    mail.SENT.clear()
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    sent = submit(client, f"/polls/{poll_id}/verify", {"email": "milan@example.org"})
    assert sent.status_code == 302
    code = re.search(r"\b(\d{6})\b", mail.SENT[-1].body).group(1)
    wrong = submit(
        client, f"/polls/{poll_id}/verify", {"code": "000000" if code != "000000" else "1"}
    )
    assert "not right" in wrong.get_data(as_text=True)
    assert submit(client, f"/polls/{poll_id}/verify", {"code": code}).status_code == 302
    assert _cast(client, poll_id).status_code == 200
    assert _count(app, Participation) == 1


def test_citizen_verifies_with_an_sms_code(app, client, make_poll):
    poll_id = make_poll(verify_voter_list=False, verify_sms=True)
    sms.SENT.clear()
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    submit(client, f"/polls/{poll_id}/verify", {"phone": "+383 44 123 456"})
    code = re.search(r"\b(\d{6})\b", sms.SENT[-1].text).group(1)
    assert submit(client, f"/polls/{poll_id}/verify", {"code": code}).status_code == 302
    assert _cast(client, poll_id).status_code == 200


def test_verification_attempts_are_rate_limited(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    statuses = [
        _verify_with_voter_list(client, poll_id, (MILAN[0], 1900 + n)).status_code
        for n in range(12)
    ]
    assert 429 in statuses


def test_no_voting_when_the_poll_is_not_open(app, client, make_poll, make_consultation):
    poll_id = make_poll(voters=[MILAN])
    with app.app_context():
        from consult.polls.models import Poll

        db.session.get(Poll, poll_id).consultation.status = "closed"
        db.session.commit()
    page = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert "Voting has ended" in page
    token_page = f"/polls/{poll_id}/receipt"
    refused = submit(client, f"/polls/{poll_id}", {"action": "check"}, form_url=token_page)
    assert refused.status_code == 403
    text = refused.get_data(as_text=True)
    assert "Voting has ended." in text  # a page that says why, not a bare 403
    assert "Nothing was recorded: your ballot was not cast." in text
    for step in ("verify", "confirm"):
        page = client.get(f"/polls/{poll_id}/{step}?lang=en")
        assert page.status_code == 403
        assert "Voting is not open" in page.get_data(as_text=True)


def test_citizen_can_ask_for_a_new_code(app, client, make_poll):
    poll_id = make_poll(verify_voter_list=False, verify_email=True)
    mail.SENT.clear()
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    submit(client, f"/polls/{poll_id}/verify", {"email": "milan@example.org"})
    restarted = submit(client, f"/polls/{poll_id}/verify", {"restart": "1", "code": ""})
    assert restarted.status_code == 302
    page = client.get(f"/polls/{poll_id}/verify").get_data(as_text=True)
    assert 'name="email"' in page


def test_votes_are_rate_limited(app, client, make_poll, monkeypatch):
    monkeypatch.setitem(app.config, "POLL_VOTE_RATE_LIMIT", "3 per minute")
    poll_id = make_poll(voters=[MILAN])
    project = project_ids(app, poll_id)[1]
    statuses = [_choose(client, poll_id, [project], action="check").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429


def test_a_local_community_that_does_not_exist_is_left_out_and_the_vote_counts(
    app, client, make_poll
):
    poll_id = make_poll(voters=[MILAN])
    road = project_ids(app, poll_id)[0]
    assert _choose(client, poll_id, [road], local_community="999999").status_code == 302
    _verify_with_voter_list(client, poll_id)
    assert _cast(client, poll_id).status_code == 200
    with app.app_context():
        ballot = db.session.scalars(select(Ballot)).one()
    assert ballot.local_community_id is None


def test_the_ballot_offers_the_genders_the_poll_keeps(app, client, make_poll):
    """Every gender the ballot offers is one the poll keeps (the one coding of
    `consult.core.labels`), and a chosen one is shown chosen again."""
    poll_id = make_poll(voters=[MILAN])
    offered = re.findall(r'<option value="([^"]*)"', _gender_select(client, poll_id))
    assert offered == ["", *POLL_GENDERS]
    road = project_ids(app, poll_id)[0]
    assert _choose(client, poll_id, [road], gender="female").status_code == 302
    assert '<option value="female" selected>' in _gender_select(client, poll_id)


def _gender_select(client, poll_id: int) -> str:
    page = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    start = page.index('<select id="gender"')
    return page[start : page.index("</select>", start)]
