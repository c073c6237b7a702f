"""Journey 3: a citizen picks projects within the budget, verifies, votes, keeps a receipt."""

import re

import lxml.html
from flask import request, request_started
from sqlalchemy import func, select

from consult.core import mail
from consult.core.labels import POLL_GENDERS
from consult.extensions import db
from consult.polls import services, sms
from consult.polls.models import Ballot, Participation
from tests.conftest import submit
from tests.polls.conftest import english_client, project_ids

MILAN = ("1234567890", 1985)
RECEIPT = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _choose(client, poll_id, projects, action="continue", person=MILAN, **extra):
    """POST the ballot; "continue" carries the personal number and year of birth of `person`
    (None: the identity fields left out, as on a poll verified by a code only)."""
    data = {"project": projects, "action": action, **extra}
    if person is not None:
        data.update(personal_number=person[0], birth_year=person[1])
    return submit(client, f"/polls/{poll_id}", data)


def _verify_with_voter_list(client, poll_id, person=MILAN):
    """The voter-list step of the verification page, which a ballot kept in a session from
    before the ballot page asked for the identity still leads to."""
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
    # the ballot with the personal number answers with the confirmation itself, no hop
    confirmation = _choose(client, poll_id, [road, playground])
    assert confirmation.status_code == 200
    assert f'action="/polls/{poll_id}/confirm"' in confirmation.get_data(as_text=True)
    # a reload or a bookmark of the later steps finds the same state
    assert client.get(f"/polls/{poll_id}/verify").headers["Location"].endswith("/confirm")
    assert client.get(f"/polls/{poll_id}/confirm").status_code == 200
    assert _count(app, Ballot) == 0 and _count(app, Participation) == 0
    voted = _cast(client, poll_id)
    assert voted.status_code == 200
    receipt = RECEIPT.search(voted.get_data(as_text=True)).group(0)
    assert _count(app, Ballot) == 1 and _count(app, Participation) == 1
    checked = submit(client, f"/polls/{poll_id}/receipt", {"code": receipt})
    assert 'class="flash flash-success" role="status"' in checked.get_data(as_text=True)


def test_each_voting_page_reads_only_the_poll_s_revision_from_a_warm_worker(
    app, client, make_poll, sql_log
):
    """The poll, its consultation, projects and local communities are read once per worker
    (consult/polls/voting_cache.py); then each voting request reads the poll's revision, one
    small statement, and nothing else of them."""
    poll_id = make_poll(voters=[MILAN])
    road, playground, *_ = project_ids(app, poll_id)
    client.get(f"/polls/{poll_id}")
    sql_log.clear()
    _choose(client, poll_id, [road, playground])
    assert _cast(client, poll_id).status_code == 200
    # the ballot and the confirmation pages (for their tokens) and their POSTs: four requests,
    # one revision each (on PostgreSQL the vote also locks the poll's row: ballot_box._lock)
    revisions = [s for s in sql_log if s.startswith("SELECT polls.revision FROM polls")]
    assert len(revisions) == 4
    other_reads = [
        s
        for s in sql_log
        if any(f"FROM {t}" in s for t in ("polls", "consultations", "poll_projects"))
        or "local_communities" in s
    ]
    assert [s for s in other_reads if s not in revisions and not s.endswith("UPDATE")] == []
    # the receipt page is rendered before the commit: nothing is read again after the vote is
    # stored (on PostgreSQL, the rewrite of the unsealed ballots: ballot_box.seal)
    assert sql_log[-1].startswith(
        ("INSERT INTO poll_ballots", "WITH moved AS (DELETE FROM poll_ballots")
    )


def test_citizen_who_voted_is_told_so_in_another_browser(app, make_poll):
    poll_id = make_poll(voters=[MILAN])
    road, playground, *_ = project_ids(app, poll_id)
    first, second = english_client(app), english_client(app)
    assert _choose(first, poll_id, [playground]).status_code == 200
    assert _choose(second, poll_id, [road]).status_code == 200  # both checked before a vote
    assert _cast(first, poll_id).status_code == 200
    again = _cast(second, poll_id)
    assert again.status_code == 409
    assert "already voted" in again.get_data(as_text=True)
    assert _count(app, Ballot) == 1 and _count(app, Participation) == 1
    third = english_client(app)
    refused = _choose(third, poll_id, [road])
    assert refused.status_code == 409 and "already voted" in refused.get_data(as_text=True)
    assert _count(app, Ballot) == 1 and _count(app, Participation) == 1
    # nothing of the refused voter is kept for a later step
    assert third.get(f"/polls/{poll_id}/confirm").status_code == 302


def test_wrong_birth_year_or_unknown_person_is_refused_on_the_ballot(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]
    for person in ((MILAN[0], 1986), ("1111111111", MILAN[1])):
        refused = _choose(client, poll_id, [playground], person=person)
        assert refused.status_code == 400
        page = lxml.html.document_fromstring(refused.data)
        summary = page.find_class("error-summary")[0]
        assert "not on the voter list" in summary.text_content()
        assert summary.xpath(".//a/@href") == ["#personal_number"]
        # the ballot is shown again with the chosen project, the identity with its error
        assert page.get_element_by_id(f"project-{playground}").checked
        number = page.get_element_by_id("personal_number")
        assert number.get("aria-invalid") == "true" and number.get("autocomplete") == "off"
        assert page.get_element_by_id("personal_number-error") is not None
        assert client.get(f"/polls/{poll_id}/confirm").status_code == 302
    assert _count(app, Ballot) == 0 and _count(app, Participation) == 0


def test_a_refused_person_drops_the_earlier_verification_of_the_browser(app, client, make_poll):
    """At a shared device: Milan reached the confirmation and left without casting; the next
    person is refused, and Milan's confirmation is gone with the refusal."""
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]
    assert _choose(client, poll_id, [playground]).status_code == 200
    assert client.get(f"/polls/{poll_id}/confirm").status_code == 200
    assert _choose(client, poll_id, [playground], person=("9999999999", 1990)).status_code == 400
    assert client.get(f"/polls/{poll_id}/confirm").status_code == 302
    assert _count(app, Participation) == 0


def test_too_young_voter_is_refused(app, client, make_poll):
    poll_id = make_poll(voters=[("5555555555", 2020)])
    refused = _choose(client, poll_id, project_ids(app, poll_id)[1:2], person=("5555555555", 2020))
    assert refused.status_code == 400
    assert "aged 16 or more" in refused.get_data(as_text=True)
    assert client.get(f"/polls/{poll_id}/confirm").status_code == 302


def test_the_identity_is_asked_with_the_ballot_and_the_check_does_not_need_it(
    app, client, make_poll
):
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]
    page = lxml.html.document_fromstring(client.get(f"/polls/{poll_id}").data)
    form = page.get_element_by_id("ballot")
    number, year = form.get_element_by_id("personal_number"), form.get_element_by_id("birth_year")
    assert number.get("inputmode") == "numeric" and number.get("autocomplete") == "off"
    assert year.get("inputmode") == "numeric"
    assert form.xpath(".//label[@for='personal_number']") and form.xpath(
        ".//label[@for='birth_year']"
    )
    why = form.get_element_by_id("identity-why").text_content()
    assert "never which projects you chose" in why
    checked = _choose(client, poll_id, [playground], action="check", person=None)
    assert checked.status_code == 200 and "Left: €175,000" in checked.get_data(as_text=True)
    assert b"personal_number-error" not in checked.data
    # "continue" without them keeps the ballot and asks for them
    missing = _choose(client, poll_id, [playground], person=("", ""))
    assert missing.status_code == 400
    text = missing.get_data(as_text=True)
    assert "Enter your personal number." in text and "Enter your year of birth." in text
    assert _count(app, Participation) == 0


def test_a_ballot_over_the_budget_says_both_what_is_wrong_and_checks_no_one(
    app, client, make_poll, sql_log
):
    poll_id = make_poll(voters=[MILAN])
    sql_log.clear()
    over = _choose(client, poll_id, project_ids(app, poll_id), person=(MILAN[0], ""))
    assert over.status_code == 400
    text = over.get_data(as_text=True)
    assert "cost more than the budget" in text and "Enter your year of birth." in text
    assert not [s for s in sql_log if "poll_voter_list" in s or "poll_participations" in s]


def _tokens(html: bytes) -> str:
    return lxml.html.document_fromstring(html).xpath("//input[@name='csrf_token']/@value")[0]


def test_a_listed_voter_votes_in_three_requests(app, make_poll):
    """The ballot page, the ballot with the personal number (answered with the confirmation),
    the confirmation (answered with the receipt): 3 requests, where there were 6."""
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]
    client = english_client(app)
    seen = []

    def count(sender, **extra):
        seen.append(f"{request.method} {request.path}")

    with request_started.connected_to(count, app):
        ballot = client.get(f"/polls/{poll_id}")
        confirmation = client.post(
            f"/polls/{poll_id}",
            data={
                "csrf_token": _tokens(ballot.data),
                "project": [playground],
                "action": "continue",
                "personal_number": MILAN[0],
                "birth_year": MILAN[1],
            },
        )
        page = lxml.html.document_fromstring(confirmation.data)
        # the confirmation shows what is cast before it is cast, with its own form to /confirm
        assert confirmation.status_code == 200
        assert (
            "Playground in Vrellë"
            in page.get_element_by_id("choice-caption").getparent().text_content()
        )
        (form,) = page.xpath(f"//form[@action='/polls/{poll_id}/confirm']")
        assert form.get("method") == "post" and form.xpath(".//input[@name='csrf_token']/@value")
        assert _count(app, Ballot) == 0
        voted = client.post(
            f"/polls/{poll_id}/confirm", data={"csrf_token": form.xpath(".//input/@value")[0]}
        )
    assert voted.status_code == 200 and RECEIPT.search(voted.get_data(as_text=True))
    assert len(seen) == 3 <= 4, seen
    assert _count(app, Ballot) == 1 and _count(app, Participation) == 1


def test_the_confirmation_s_form_needs_its_token(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    assert client.post(f"/polls/{poll_id}/confirm", data={}).status_code == 400
    assert _count(app, Ballot) == 0


def test_another_person_on_the_same_ballot_starts_the_steps_again(app, client, make_poll):
    """Changing the choice keeps the checked person; another person's number drops what
    the first one had verified (here: the SMS code)."""
    poll_id = make_poll(voters=[MILAN, ("2222222222", 1990)], verify_sms=True)
    sms.SENT.clear()
    playground, water = project_ids(app, poll_id)[1], project_ids(app, poll_id)[3]
    assert _choose(client, poll_id, [playground]).headers["Location"].endswith("/verify#main")
    submit(client, f"/polls/{poll_id}/verify", {"phone": "+383 44 123 456"})
    code = re.search(r"\b(\d{6})\b", sms.SENT[-1].text).group(1)
    assert submit(client, f"/polls/{poll_id}/verify", {"code": code}).status_code == 302
    # back to the ballot, another choice, the same person: straight to the confirmation
    changed = _choose(client, poll_id, [water])
    assert changed.status_code == 200 and "Water supply" in changed.get_data(as_text=True)
    # another person: the code is asked again, for them
    other = _choose(client, poll_id, [water], person=("2222222222", 1990))
    assert other.headers["Location"].endswith("/verify#main")
    assert 'name="phone"' in client.get(f"/polls/{poll_id}/verify").get_data(as_text=True)
    assert client.get(f"/polls/{poll_id}/confirm").status_code == 302


def test_voter_list_and_sms_checks_the_list_on_the_ballot_then_the_code(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN], verify_sms=True)
    sms.SENT.clear()
    playground = project_ids(app, poll_id)[1]
    ballot = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert "Continue to verification" in ballot and 'id="personal_number"' in ballot
    wrong = _choose(client, poll_id, [playground], person=(MILAN[0], 1900))
    assert wrong.status_code == 400 and "not on the voter list" in wrong.get_data(as_text=True)
    assert not sms.SENT
    to_code = _choose(client, poll_id, [playground])
    assert to_code.headers["Location"].endswith(f"/polls/{poll_id}/verify#main")
    page = client.get(f"/polls/{poll_id}/verify").get_data(as_text=True)
    assert 'name="phone"' in page and 'name="personal_number"' not in page
    assert client.get(f"/polls/{poll_id}/confirm").status_code == 302  # the code is missing
    submit(client, f"/polls/{poll_id}/verify", {"phone": "+383 44 123 456"})
    code = re.search(r"\b(\d{6})\b", sms.SENT[-1].text).group(1)
    done = submit(client, f"/polls/{poll_id}/verify", {"code": code})
    assert done.headers["Location"].endswith("/confirm")
    assert _cast(client, poll_id).status_code == 200
    with app.app_context():
        ballot = db.session.scalars(select(Ballot)).one()
        (participation,) = db.session.scalars(select(Participation)).all()
    # the person is the one of the voter list, as before: the list's coded number
    with app.test_request_context():
        assert participation.identity_hash == services.identity_hash("pn", MILAN[0])
    assert ballot.age_band is not None


def test_a_ballot_kept_from_before_still_verifies_on_the_verification_page(app, client, make_poll):
    """A session holding a ballot but no identity (kept before the ballot page asked for
    it) meets the voter list on the verification page, as it did."""
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]
    client.get(f"/polls/{poll_id}")
    with client.session_transaction() as session:
        session["polls"] = {str(poll_id): {"done": [], "ballot": [playground]}}
    assert client.get(f"/polls/{poll_id}/confirm").status_code == 302
    assert 'name="personal_number"' in client.get(f"/polls/{poll_id}/verify").get_data(as_text=True)
    refused = _verify_with_voter_list(client, poll_id, (MILAN[0], 1986))
    assert refused.status_code == 400 and "not on the voter list" in refused.get_data(as_text=True)
    assert _verify_with_voter_list(client, poll_id).headers["Location"].endswith("/confirm")
    assert _cast(client, poll_id).status_code == 200
    assert _count(app, Participation) == 1


def test_citizen_verifies_with_an_email_code(app, client, make_poll):
    poll_id = make_poll(verify_voter_list=False, verify_email=True)
    mail.SENT.clear()
    _choose(client, poll_id, project_ids(app, poll_id)[1:2], person=None)
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
    assert 'id="personal_number"' not in client.get(f"/polls/{poll_id}").get_data(as_text=True)
    _choose(client, poll_id, project_ids(app, poll_id)[1:2], person=None)
    submit(client, f"/polls/{poll_id}/verify", {"phone": "+383 44 123 456"})
    code = re.search(r"\b(\d{6})\b", sms.SENT[-1].text).group(1)
    assert submit(client, f"/polls/{poll_id}/verify", {"code": code}).status_code == 302
    assert _cast(client, poll_id).status_code == 200


def test_verification_attempts_are_rate_limited(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    project = project_ids(app, poll_id)[1:2]
    statuses = [
        _choose(client, poll_id, project, person=(MILAN[0], 1900 + n)).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [400] * 10 and statuses[-1] == 429
    # the right person is refused too until the minute is over: no guess slips through
    assert _choose(client, poll_id, project).status_code == 429
    assert _count(app, Participation) == 0


def test_the_verification_page_and_the_ballot_share_one_limit(app, client, make_poll, monkeypatch):
    """Guesses on the ballot and on the verification page add up: neither gives a second
    allowance."""
    monkeypatch.setitem(app.config, "POLL_VERIFY_RATE_LIMIT", "4 per minute")
    poll_id = make_poll(voters=[MILAN])
    project = project_ids(app, poll_id)[1]
    client.get(f"/polls/{poll_id}")
    with client.session_transaction() as session:
        session["polls"] = {str(poll_id): {"done": [], "ballot": [project]}}
    on_page = [_verify_with_voter_list(client, poll_id, (MILAN[0], 1900 + n)) for n in range(2)]
    assert [r.status_code for r in on_page] == [400, 400]
    on_ballot = [_choose(client, poll_id, [project], person=(MILAN[0], 1910 + n)) for n in range(3)]
    assert [r.status_code for r in on_ballot] == [400, 400, 429]
    assert _verify_with_voter_list(client, poll_id).status_code == 429


def test_checking_the_choice_does_not_count_as_a_guess(app, client, make_poll, monkeypatch):
    monkeypatch.setitem(app.config, "POLL_VERIFY_RATE_LIMIT", "2 per minute")
    poll_id = make_poll(voters=[MILAN])
    project = project_ids(app, poll_id)[1]
    for _ in range(4):  # typed already, then "check my choice": no identity is checked
        assert _choose(client, poll_id, [project], action="check").status_code == 200
    assert _choose(client, poll_id, [project]).status_code == 200  # the confirmation


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
    _choose(client, poll_id, project_ids(app, poll_id)[1:2], person=None)
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
    assert _choose(client, poll_id, [road], local_community="999999").status_code == 200
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
    assert _choose(client, poll_id, [road], gender="female").status_code == 200
    assert '<option value="female" selected>' in _gender_select(client, poll_id)


def _gender_select(client, poll_id: int) -> str:
    page = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    start = page.index('<select id="gender"')
    return page[start : page.index("</select>", start)]
