"""Journey 4: paper ballots at a village meeting, keyed twice, checked, then counted."""

from sqlalchemy import func, select

from consult.extensions import db
from consult.polls.models import Ballot, PaperBatch, Participation
from tests.conftest import PASSWORD, submit
from tests.polls.conftest import english_client, project_ids

BANJE = [("3000000001", 1960), ("3000000002", 1975), ("3000000003", 1990)]
SHEET = "\n".join(number for number, _ in BANJE)
BALLOTS = "P2, P3\nP2\nP1"
TYPO = "P2, P3\nP4\nP1"


def _officer(app, make_user, email: str):
    client = english_client(app)
    make_user("officer", email=email)
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    return client


def _new_batch(client, poll_id: int) -> str:
    response = submit(
        client,
        f"/manage/polls/{poll_id}/paper",
        {"label": "Banjë village council", "day": "2026-05-12"},
        form_url=f"/manage/polls/{poll_id}",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _key(client, batch_url: str, voters: str, ballots: str):
    return submit(client, batch_url, {"voters": voters, "ballots": ballots})


def _accept(client, batch_url: str):
    return submit(client, f"{batch_url}/accept", {}, form_url=batch_url)


def _count(app, model, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)


def test_mistyped_batch_is_caught_corrected_and_counted(app, make_user, make_poll):
    poll_id = make_poll(voters=BANJE, ballot_type="approval")
    arta = _officer(app, make_user, "arta@istog.example")
    driton = _officer(app, make_user, "driton@istog.example")
    batch_url = _new_batch(arta, poll_id)
    assert _key(arta, batch_url, SHEET, BALLOTS).status_code == 302
    assert "Accept the batch" not in arta.get(batch_url).get_data(as_text=True)

    assert _key(driton, batch_url, SHEET, TYPO).status_code == 302
    page = driton.get(batch_url).get_data(as_text=True)
    assert "The two keyings differ" in page and "P4" in page
    _accept(driton, batch_url)
    assert _count(app, Ballot) == 0

    assert _key(driton, batch_url, "", BALLOTS).status_code == 302  # sheet kept
    assert "Accept the batch" in driton.get(batch_url).get_data(as_text=True)
    assert _accept(driton, batch_url).status_code == 302
    assert _count(app, Ballot, channel="paper") == 3
    assert _count(app, Participation, channel="paper") == 3
    with app.app_context():
        assert db.session.scalar(select(PaperBatch.status)) == "accepted"


def test_one_officer_cannot_key_a_batch_twice_over(app, make_user, make_poll):
    poll_id = make_poll(voters=BANJE, ballot_type="approval")
    arta = _officer(app, make_user, "arta@istog.example")
    batch_url = _new_batch(arta, poll_id)
    _key(arta, batch_url, SHEET, BALLOTS)
    _key(arta, batch_url, SHEET, BALLOTS)  # a correction replaces her own keying
    assert "Accept the batch" not in arta.get(batch_url).get_data(as_text=True)
    _accept(arta, batch_url)
    assert _count(app, Ballot) == 0


def test_keying_refuses_unknown_voters_and_project_codes(app, make_user, make_poll):
    poll_id = make_poll(voters=BANJE, ballot_type="approval")
    arta = _officer(app, make_user, "arta@istog.example")
    batch_url = _new_batch(arta, poll_id)
    response = _key(arta, batch_url, "9999999999", "P9")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "not on the voter list" in page and "Unknown project code" in page


def test_paper_voters_cannot_vote_online(app, make_user, make_poll):
    poll_id = make_poll(voters=BANJE, ballot_type="approval")
    arta = _officer(app, make_user, "arta@istog.example")
    driton = _officer(app, make_user, "driton@istog.example")
    batch_url = _new_batch(arta, poll_id)
    _key(arta, batch_url, SHEET, BALLOTS)
    _key(driton, batch_url, SHEET, BALLOTS)
    _accept(arta, batch_url)
    citizen = english_client(app)
    project = project_ids(app, poll_id)[0]
    number, year = BANJE[0]
    ballot = {"project": [project], "action": "continue"}
    response = submit(
        citizen, f"/polls/{poll_id}", {**ballot, "personal_number": number, "birth_year": year}
    )
    assert response.status_code == 409
    assert _count(app, Ballot, channel="online") == 0


def test_officers_of_another_directorate_cannot_open_the_poll(app, client, make_poll, login):
    poll_id = make_poll()
    with app.app_context():
        from consult.core.models import Consultation, Directorate

        roads = Directorate(code="PUB", name={"sq": "Shërbime publike"})
        db.session.add(roads)
        db.session.flush()
        for consultation in db.session.scalars(select(Consultation)):
            consultation.directorate_id = roads.id
        other = Directorate(code="EDU", name={"sq": "Arsim"})
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    login("officer", directorate_id=other_id)
    assert client.get(f"/manage/polls/{poll_id}").status_code == 403
