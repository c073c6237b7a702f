"""The copy of a poll each worker keeps for the voting pages (consult/polls/voting_cache.py,
issue #23): never stale after an officer's change made in another worker, never stale on
opening or closing, never shared between municipalities, nothing about voters in it, plain
frozen data that the templates read as they read the models, in every language.

"Another worker" is a second app on the same database: the copies live in each app (one per
gunicorn worker), so it has its own copies and its own connections, and shares nothing with the
first but the database, as another process would."""

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from consult.core.models import Consultation, LocalCommunity
from consult.core.municipalities import Municipality
from consult.core.worker_cache import KeptConsultation
from consult.extensions import db
from consult.polls import services, views, voting_cache
from consult.polls.models import Ballot, Participation, Poll
from consult.polls.voting_cache import (
    VotingCommunity,
    VotingPoll,
    VotingProject,
    worker_cache,
)
from tests.conftest import COMPLETE_TEXT, CSRF_INPUT, csrf_token, submit
from tests.polls.conftest import english_client, project_ids
from tests.polls.test_voting_journey import MILAN, RECEIPT, _cast, _choose

SECOND_HOST = "prizren.example"


@pytest.fixture(autouse=True)
def _no_copies(app):
    """Each test starts with this worker holding no copy (the app lives for the whole run)."""
    worker_cache(app).clear()


def _in_worker(worker, change, poll_id: int) -> None:
    """Run an officer's `change(poll)` in `worker` and commit it there."""
    with worker.test_request_context("/?lang=en"):
        change(db.session.get(Poll, poll_id))
        db.session.commit()
        db.session.remove()


def _kept(app, poll_id: int) -> VotingPoll | None:
    return worker_cache(app).entries().get((1, poll_id))


def _rename_project(poll: Poll) -> None:
    title = {"en": "Skate park in Vrellë", "sq": "Park skejtbordi në Vrellë"}
    services.save_project(poll, poll.projects[1], {"title": title})


def _add_project(poll: Poll) -> None:
    title = {"en": "Bridge in Zallq", "sq": "Ura në Zallq"}
    services.save_project(poll, None, {"title": title, "cost": 10000, "code": "P9"})


def _raise_budget(poll: Poll) -> None:
    services.save_settings(poll, {"budget": 250000})


def _retitle_consultation(poll: Poll) -> None:
    poll.consultation.title = {**poll.consultation.title, "en": "Capital projects of Istog 2027"}


def _rename_community(poll: Poll) -> None:
    community = db.session.get(LocalCommunity, poll.projects[0].local_community_id)
    community.name = {"sq": "Vrella e Istogut", "en": "Vrella e Istogut"}


def _bulk_summary(poll: Poll) -> None:
    """An ORM bulk UPDATE (no unit of work): renews every poll of the municipality."""
    summary = {**COMPLETE_TEXT, "en": "A summary written by a bulk update"}
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == poll.consultation_id)
        .values(summary=summary)
        .execution_options(synchronize_session=False)
    )


def _remove_road(poll: Poll) -> None:
    db.session.delete(poll.projects[0])


@pytest.mark.parametrize(
    ("change", "shown", "gone"),
    [
        (_rename_project, "Skate park in Vrellë", "Playground in Vrellë"),
        (_add_project, "Bridge in Zallq", None),
        (_raise_budget, "€250,000", "€200,000"),
        (_retitle_consultation, "Capital projects of Istog 2027", None),
        (_rename_community, "Vrella e Istogut", None),
        (_bulk_summary, "A summary written by a bulk update", None),
        (_remove_road, None, "Road in Dobrushë"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_an_officer_s_change_in_another_worker_is_seen_by_the_next_request(
    app, client, make_poll, other_worker, change, shown, gone
):
    poll_id = make_poll(voters=[MILAN])
    before = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert _kept(app, poll_id) is not None, "this worker keeps a copy"
    assert shown is None or shown not in before
    assert gone is None or gone in before
    _in_worker(other_worker, change, poll_id)
    after = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert shown is None or shown in after
    assert gone is None or gone not in after


def test_a_poll_closed_in_another_worker_refuses_the_vote_here(
    app, client, make_poll, other_worker
):
    poll_id = make_poll(voters=[MILAN])
    assert _choose(client, poll_id, project_ids(app, poll_id)[1:2]).status_code == 200
    token = csrf_token(client, f"/polls/{poll_id}/confirm")
    assert _kept(app, poll_id) is not None

    def close(poll: Poll) -> None:
        poll.consultation.status = "closed"

    _in_worker(other_worker, close, poll_id)
    refused = client.post(f"/polls/{poll_id}/confirm", data={"csrf_token": token})
    assert refused.status_code == 403 and "Voting is not open" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0


def test_a_vote_does_not_renew_the_copy(app, client, make_poll, sql_log):
    """Votes write no poll, project or consultation: the copy serves the next voter too."""
    poll_id = make_poll(voters=[MILAN, ("2222222222", 1990)])
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    kept = _kept(app, poll_id)
    assert _cast(client, poll_id).status_code == 200
    sql_log.clear()
    next_voter = english_client(app)
    assert next_voter.get(f"/polls/{poll_id}").status_code == 200
    assert _kept(app, poll_id) is kept
    assert not [s for s in sql_log if "poll_projects" in s or "FROM consultations" in s]


# --- the clock ---------------------------------------------------------------------------


def _dated(app, poll_id: int, **dates) -> None:
    with app.app_context():
        consultation = db.session.get(Poll, poll_id).consultation
        for name, day in dates.items():
            setattr(consultation, name, day)
        db.session.commit()


def test_a_poll_closes_on_time_with_a_warm_copy(app, client, make_poll, monkeypatch):
    """Open until the end of its closing day, by the clock of each request: the copy keeps the
    dates, never whether the poll is open (the app counts in days: `stage_on`)."""
    closing = dt.date.today()
    poll_id = make_poll(voters=[MILAN])
    _dated(app, poll_id, closes_at=closing)
    monkeypatch.setattr(views, "_today", lambda: closing)
    assert _choose(client, poll_id, project_ids(app, poll_id)[1:2]).status_code == 200
    token = csrf_token(client, f"/polls/{poll_id}/confirm")
    kept = _kept(app, poll_id)
    assert kept is not None
    monkeypatch.setattr(views, "_today", lambda: closing + dt.timedelta(days=1))
    refused = client.post(f"/polls/{poll_id}/confirm", data={"csrf_token": token})
    assert refused.status_code == 403
    assert "Voting has ended." in refused.get_data(as_text=True)
    assert "Voting has ended." in client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert _kept(app, poll_id) is kept, "refused by the clock, from the same copy"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participation)) == 0


def test_a_poll_opens_on_time_with_a_warm_copy(app, client, make_poll, monkeypatch):
    today = dt.date.today()
    opening = today + dt.timedelta(days=1)
    poll_id = make_poll(voters=[MILAN])
    _dated(app, poll_id, opens_at=opening)
    monkeypatch.setattr(views, "_today", lambda: today)
    waiting = client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert "Voting has not started yet." in waiting and 'name="project"' not in waiting
    kept = _kept(app, poll_id)
    assert kept is not None
    monkeypatch.setattr(views, "_today", lambda: opening)
    assert 'name="project"' in client.get(f"/polls/{poll_id}").get_data(as_text=True)
    assert _choose(client, poll_id, project_ids(app, poll_id)[1:2]).status_code == 200
    assert _cast(client, poll_id).status_code == 200
    assert _kept(app, poll_id) is kept


# --- the lifetime ------------------------------------------------------------------------


def test_a_write_no_hook_sees_is_shown_once_the_copy_expires(app, client, make_poll, monkeypatch):
    """POLL_CACHE_SECONDS bounds a copy's life: SQL that bypasses the revision (here a raw
    UPDATE) is seen once it has passed."""
    now = [1000.0]
    monkeypatch.setattr(voting_cache, "_clock", lambda: now[0])
    poll_id = make_poll(voters=[MILAN])
    client.get(f"/polls/{poll_id}")
    with app.app_context():
        db.session.execute(
            text("UPDATE poll_projects SET title = :title WHERE poll_id = :poll AND code = 'P2'"),
            {"title": '{"en": "Swings in Vrelle", "sq": "Lëkundëse"}', "poll": poll_id},
        )
        db.session.commit()
    assert "Swings in Vrelle" not in client.get(f"/polls/{poll_id}").get_data(as_text=True)
    now[0] += app.config["POLL_CACHE_SECONDS"]
    assert "Swings in Vrelle" in client.get(f"/polls/{poll_id}").get_data(as_text=True)


def test_no_copy_is_kept_when_the_lifetime_is_zero(app, client, make_poll, monkeypatch, sql_log):
    monkeypatch.setitem(app.config, "POLL_CACHE_SECONDS", 0)
    poll_id = make_poll(voters=[MILAN])
    sql_log.clear()
    assert client.get(f"/polls/{poll_id}").status_code == 200
    assert _kept(app, poll_id) is None
    assert not [s for s in sql_log if s.startswith("SELECT polls.revision FROM")]


def test_a_worker_keeps_at_most_poll_cache_size_polls(app, client, make_poll, monkeypatch):
    monkeypatch.setitem(app.config, "POLL_CACHE_SIZE", 1)
    first, second = make_poll(), make_poll()
    client.get(f"/polls/{first}")
    client.get(f"/polls/{second}")
    assert set(worker_cache(app).entries()) == {(1, second)}


def test_a_poll_the_app_did_not_write_is_read_afresh(app, client, make_poll):
    """A row whose revision is the column's server default (written by hand-made SQL, or
    before migration 0040 gave every poll one of its own) is never kept."""
    poll_id = make_poll()
    with app.app_context():
        db.session.execute(text("UPDATE polls SET revision = '0' WHERE id = :id"), {"id": poll_id})
        db.session.commit()
    assert client.get(f"/polls/{poll_id}").status_code == 200
    assert _kept(app, poll_id) is None


# --- municipalities and voters -----------------------------------------------------------


def _second_municipality_poll(app) -> tuple[int, int]:
    """A poll of a second municipality (served under SECOND_HOST), made in its own request:
    the municipality's id and the poll's."""
    with app.app_context():
        municipality = Municipality(slug="prizren", host=SECOND_HOST, name=COMPLETE_TEXT)
        db.session.add(municipality)
        db.session.commit()
        municipality_id = municipality.id
    today = dt.date.today()
    with app.test_request_context("/?lang=en", base_url=f"http://{SECOND_HOST}"):
        consultation = Consultation(
            kind="capital_poll",
            status="open",
            title={**COMPLETE_TEXT, "en": "Capital projects of Prizren"},
            summary=dict(COMPLETE_TEXT),
            body=dict(COMPLETE_TEXT),
            opens_at=today - dt.timedelta(days=1),
            closes_at=today + dt.timedelta(days=10),
        )
        db.session.add(consultation)
        poll = services.create_poll(consultation, {"budget": 1000, "ballot_type": "approval"})
        services.save_project(poll, None, {"title": {"en": "Fountain"}, "cost": 500})
        db.session.commit()
        return municipality_id, poll.id


def test_copies_are_kept_per_municipality_and_never_served_to_another(app, client, make_poll):
    istog = make_poll(voters=[MILAN])
    assert client.get(f"/polls/{istog}").status_code == 200
    second_id, prizren = _second_municipality_poll(app)  # ids go on rising on PostgreSQL
    second = app.test_client()
    page = second.get(f"/polls/{prizren}?lang=en", base_url=f"http://{SECOND_HOST}")
    assert "Capital projects of Prizren" in page.get_data(as_text=True)
    # Istog's poll, warm in this worker, is not found under the second municipality's host
    assert second.get(f"/polls/{istog}", base_url=f"http://{SECOND_HOST}").status_code == 404
    assert client.get(f"/polls/{prizren}").status_code == 404
    assert set(worker_cache(app).entries()) == {(1, istog), (second_id, prizren)}


def _values(value) -> list:
    """Every value inside a kept copy, nested dataclasses and mappings opened."""
    if dataclasses.is_dataclass(value):
        return [v for f in dataclasses.fields(value) for v in _values(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [v for item in value for v in _values(item)]
    if hasattr(value, "items"):
        return [v for pair in value.items() for item in pair for v in _values(item)]
    return [value]


def _names(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_the_copies_hold_nothing_about_voters(app, client, make_poll):
    """Only what every visitor of the poll's page reads: no identity, choice or receipt."""
    poll_id = make_poll(voters=[MILAN])
    road = project_ids(app, poll_id)[0]
    _choose(client, poll_id, [road], gender="female", local_community="1")
    receipt = RECEIPT.search(_cast(client, poll_id).get_data(as_text=True)).group(0)
    with app.test_request_context():
        identity = services.identity_hash("pn", MILAN[0])
        receipt_hash = services.receipt_hash(receipt)
    copies = worker_cache(app).entries().values()
    kept = [str(v) for copy in copies for v in _values(dataclasses.replace(copy, pages={}))]
    assert kept
    for secret in (MILAN[0], str(MILAN[1]), identity, receipt, receipt_hash, "female"):
        assert not [value for value in kept if secret in value], secret
    # the blank ballot pages kept with a copy: what a new voter sees, nothing of this one
    client.delete_cookie("session")
    client.get(f"/polls/{poll_id}")
    pages = [page for copy in worker_cache(app).entries().values() for page in copy.pages.values()]
    assert pages
    for secret in (MILAN[0], str(MILAN[1]), identity, receipt, receipt_hash):
        assert not [page for page in pages if secret in page], secret
    chosen = re.compile(r"<input[^>]*\bchecked\b|<option[^>]*\bselected\b")
    assert not [page for page in pages if chosen.search(page)]
    # and nothing can be added to them unnoticed: these are all the fields there are
    assert _names(VotingPoll) == {
        *("id", "consultation_id", "budget", "currency", "ballot_type", "min_projects"),
        *("max_projects", "points", "top_k", "minimum_age", "verify_voter_list"),
        *("verify_email", "verify_sms", "consultation", "projects", "communities", "pages"),
    }
    assert _names(KeptConsultation) == {
        *("id", "kind", "status", "title", "summary", "opens_at", "closes_at"),
    }
    assert _names(VotingProject) == {
        *("id", "code", "title", "description", "cost", "photo", "local_community"),
    }
    assert _names(VotingCommunity) == {"id", "name"}


# --- plain data, every language ----------------------------------------------------------


def test_a_copy_is_frozen_data_readable_after_its_request(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    client.get(f"/polls/{poll_id}")
    kept = _kept(app, poll_id)
    # no session, no app context: nothing to load, nothing detached
    assert kept.projects[1].title["en"] == "Playground in Vrellë"
    assert kept.projects[1].local_community.name["en"] == "Vrellë"
    assert kept.consultation.is_public and kept.consultation.opens_at is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        kept.budget = 1
    with pytest.raises(TypeError):
        kept.projects[1].title["en"] = "changed"


TITLES = {
    "sq": "Fusha sportive në Kashicë",
    "sr_Latn": "Sportski teren u Kašici",
    "bs": "Sportsko igralište u Kašici",
    "en": "Sports ground in Kashicë",
}


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", html)


def _voting_pages(app, poll_id: int, locale: str) -> list[str]:
    """The ballot and the confirmation in `locale`, by a new browser."""
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["lang"] = locale
    ballot = browser.get(f"/polls/{poll_id}").get_data(as_text=True)
    confirmation = _choose(browser, poll_id, project_ids(app, poll_id)[-1:])
    assert confirmation.status_code == 200
    again = browser.get(f"/polls/{poll_id}/confirm").get_data(as_text=True)
    return [_without_tokens(page) for page in (ballot, again)]


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "tr", "en"])
def test_the_pages_from_a_copy_are_the_pages_read_afresh(app, make_poll, monkeypatch, locale):
    """The templates read the copy as they read the models: the same pages in every language,
    the project's translated name in each."""
    poll_id = make_poll(voters=[MILAN])
    with app.app_context():
        services.save_project(db.session.get(Poll, poll_id), None, {"title": TITLES, "cost": 900})
        db.session.commit()
    monkeypatch.setitem(app.config, "POLL_CACHE_SECONDS", 0)
    fresh = _voting_pages(app, poll_id, locale)
    monkeypatch.setitem(app.config, "POLL_CACHE_SECONDS", 60)
    _voting_pages(app, poll_id, locale)  # the copy is made
    assert _kept(app, poll_id) is not None
    assert _voting_pages(app, poll_id, locale) == fresh
    expected = {**TITLES, "sr": "Спортски терен у Кашици", "tr": TITLES["sq"]}[locale]
    assert expected in fresh[0] and expected in fresh[1]


# --- every writer renews the revision ----------------------------------------------------

CONSULT = Path(__file__).resolve().parents[2] / "consult"
WATCHED_TABLES = ("polls", "poll_projects", "consultations", "local_communities")
CORE_WRITE = re.compile(
    r"\b(Poll|Project|Consultation|LocalCommunity)\.__table__"
    rf"|\b(UPDATE|INSERT INTO|DELETE FROM)\s+({'|'.join(WATCHED_TABLES)})\b",
    re.IGNORECASE,
)


def test_no_module_writes_a_watched_table_past_the_revision():
    """The ORM's writes renew the revision by themselves (consult/polls/revisions.py); a Core
    or text() write of these tables would not, so none is written but there."""
    found = {
        str(path.relative_to(CONSULT)): CORE_WRITE.findall(path.read_text(encoding="utf-8"))
        for path in CONSULT.rglob("*.py")
        if not path.name.endswith("revisions.py")
    }
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_a_submitted_ballot_names_only_a_community_the_ballot_offered(app, client, make_poll):
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]
    submit(
        client,
        f"/polls/{poll_id}",
        {"project": [playground], "action": "continue", "local_community": "999"}
        | {"personal_number": MILAN[0], "birth_year": MILAN[1]},
    )
    assert _cast(client, poll_id).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Ballot.local_community_id)) is None


# --- the blank ballot kept with the copy ---------------------------------------------------


def _page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _pages(app, poll_id: int) -> dict:
    kept = _kept(app, poll_id)
    return {} if kept is None else kept.pages


def test_every_new_voter_gets_the_kept_ballot_with_a_token_of_their_own(app, make_poll):
    poll_id = make_poll(voters=[MILAN])
    first, second = english_client(app), english_client(app)
    one, other = _page_of(first, f"/polls/{poll_id}"), _page_of(second, f"/polls/{poll_id}")
    assert len(_pages(app, poll_id)) == 1, "rendered once, kept with the poll's copy"
    tokens = [CSRF_INPUT.search(page).group(1) for page in (one, other)]
    assert tokens[0] != tokens[1]
    assert one.replace(tokens[0], "T") == other.replace(tokens[1], "T")
    (kept,) = _pages(app, poll_id).values()
    assert not [token for token in tokens if token in kept], "no reader's token is kept"
    # and each token is its reader's: the ballot posted with it is accepted
    road = project_ids(app, poll_id)[0]
    checked = second.post(
        f"/polls/{poll_id}", data={"project": [road], "action": "check", "csrf_token": tokens[1]}
    )
    assert checked.status_code == 200
    refused = first.post(
        f"/polls/{poll_id}", data={"project": [road], "action": "check", "csrf_token": tokens[1]}
    )
    assert refused.status_code == 400


def test_a_voter_with_a_ballot_under_way_sees_their_own_page(app, make_poll):
    poll_id = make_poll(voters=[MILAN])
    client = english_client(app)
    _page_of(client, f"/polls/{poll_id}")
    road = project_ids(app, poll_id)[0]
    assert _choose(client, poll_id, [road]).status_code == 200  # the confirmation
    page = _page_of(client, f"/polls/{poll_id}")  # back to the ballot, to change it
    assert re.search(rf'value="{road}"[^>]*checked', page), "their choice, not the blank ballot"
    assert len(_pages(app, poll_id)) == 1


def test_a_voter_who_voted_sees_their_receipt_not_the_blank_ballot(app, make_poll):
    poll_id = make_poll(voters=[MILAN])
    client = english_client(app)
    _choose(client, poll_id, project_ids(app, poll_id)[1:2])
    receipt = RECEIPT.search(_cast(client, poll_id).get_data(as_text=True)).group(0)
    page = _page_of(client, f"/polls/{poll_id}")
    assert receipt in page and "You have voted in this poll" in page


def test_a_signed_in_reader_a_message_or_other_arguments_are_rendered_each_time(
    app, client, make_poll, login
):
    poll_id = make_poll(voters=[MILAN])
    ballot = f"/polls/{poll_id}?lang=en"  # everyone reads it in one language
    assert "Back office" not in _page_of(app.test_client(), ballot)  # kept
    _page_of(app.test_client(), f"{ballot}&utm=x")  # not kept: any address would be
    assert len(_pages(app, poll_id)) == 1
    login("officer")
    _page_of(client, ballot)  # the message of the sign-in is shown on this one
    assert "Back office" in _page_of(client, ballot), "the officer's own menu"
    assert "Back office" not in _page_of(app.test_client(), ballot), "and only theirs"
    reader = app.test_client()
    with reader.session_transaction() as session:
        session["_flashes"] = [("success", "A message for this reader")]
    assert "A message for this reader" in _page_of(reader, ballot)
    assert "A message for this reader" not in _page_of(app.test_client(), ballot)
    assert len(_pages(app, poll_id)) == 1


def test_the_kept_ballot_follows_the_language_and_the_day(app, make_poll, monkeypatch):
    poll_id = make_poll(voters=[MILAN])
    english = _page_of(english_client(app), f"/polls/{poll_id}")
    albanian = _page_of(app.test_client(), f"/polls/{poll_id}?lang=sq")
    assert "Check my choice" in english and "Check my choice" not in albanian
    closing = dt.date.today() + dt.timedelta(days=400)
    monkeypatch.setattr(views, "_today", lambda: closing)
    ended = _page_of(english_client(app), f"/polls/{poll_id}")
    assert 'name="project"' not in ended, "a new day is a new page: voting has ended"
