"""Every text on the poll's pages comes from the catalogue or is tagged content."""

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from config import TestingConfig
from consult import create_app
from consult.extensions import babel, db
from consult.polls import services
from consult.polls.models import Poll
from consult.translate import extract
from tests.conftest import submit
from tests.polls.conftest import project_ids, today
from tests.test_translations import MARK_CLOSE, MARK_OPEN, _untranslated

MILAN = ("1234567890", 1985)


@pytest.fixture(scope="module")
def marked_app(app, tmp_path_factory):
    """The app with an English catalogue wrapping every translated string in marks."""
    folder = tmp_path_factory.mktemp("marked_polls")
    pot = folder / "messages.pot"
    extract(pot)
    with pot.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            marked = tuple(f"{MARK_OPEN}{i}{MARK_CLOSE}" for i in ids)
            message.string = marked if isinstance(message.id, tuple) else marked[0]
    (folder / "en" / "LC_MESSAGES").mkdir(parents=True)
    with (folder / "en" / "LC_MESSAGES" / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)

    class Marked(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        BABEL_TRANSLATION_DIRECTORIES = str(folder)

    marked = create_app(Marked)
    with marked.app_context():
        babel.domain_instance.cache.clear()  # catalogues are cached across apps
    yield marked
    with marked.app_context():
        babel.domain_instance.cache.clear()
        db.engine.dispose()


def _assert_translated(client, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    assert _untranslated(html) == [], url


def test_voting_pages_show_only_catalogue_text(marked_app, app, make_poll):
    poll_id = make_poll(voters=[MILAN])
    client = marked_app.test_client()
    _assert_translated(client, f"/polls/{poll_id}?lang=en")
    project = project_ids(app, poll_id)[1]
    number, year = MILAN
    ballot = {"project": [project], "action": "continue"}
    # the ballot refused (the identity missing) with its errors, then the confirmation it
    # answers with
    refused = submit(client, f"/polls/{poll_id}", ballot)
    assert refused.status_code == 400 and _untranslated(refused.get_data(as_text=True)) == []
    identity = {"personal_number": number, "birth_year": year}
    confirmation = submit(client, f"/polls/{poll_id}", {**ballot, **identity})
    assert _untranslated(confirmation.get_data(as_text=True)) == []
    _assert_translated(client, f"/polls/{poll_id}/confirm")
    voted = submit(client, f"/polls/{poll_id}/confirm", {})
    assert _untranslated(voted.get_data(as_text=True)) == []
    _assert_translated(client, f"/polls/{poll_id}/receipt")


def test_results_page_shows_only_catalogue_text(marked_app, app, make_poll):
    poll_id = make_poll()
    with app.test_request_context("/?lang=en"):
        poll = db.session.get(Poll, poll_id)
        for n in range(6):
            services.cast_vote(
                poll, f"p{n}", project_ids(app, poll_id)[1:3], today(), services.Demographics()
            )
        poll.consultation.status = "closed"
        db.session.commit()
    _assert_translated(marked_app.test_client(), f"/polls/{poll_id}/results?lang=en")
