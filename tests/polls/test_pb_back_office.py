"""Open data in the back office (issue #19): an officer uploads a Pabulib file, sees what it
holds, imports it as a closed poll whose project names show in every locale; a bad file lists
every bad row with its line and imports nothing; a closed poll downloads as `.pb`."""

import io

import pytest
from sqlalchemy import func, select

from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.polls import open_data
from consult.polls.models import Ballot, Poll, Project
from tests.conftest import csrf_token, submit

POLISH = """META
key;value
description;Budżet obywatelski Świecie 2023
country;Poland
unit;Świecie
instance;2023
language;pl
budget;1000
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
1;600;Plac zabaw przy szkole
2;500;Ścieżka rowerowa
3;300;Ławki w parku
VOTES
voter_id;vote
v1;1,2
v2;1
v3;3,2
"""
BAD = POLISH.replace("v2;1\n", "v2;9\n").replace("v3;3,2\n", "v3;3,x\nv1;1\n")


def _upload(client, text: str, rule: str = "", lang: str = "en"):
    data = {
        "csrf_token": csrf_token(client, "/manage/polls/import"),
        "rule": rule,
        "pb_file": (io.BytesIO(text.encode()), "election.pb"),
    }
    return client.post(
        f"/manage/polls/import?lang={lang}", data=data, content_type="multipart/form-data"
    )


def _polls(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Poll))


def test_the_file_is_previewed_then_imported_with_its_names_in_every_locale(app, client, login):
    login("officer")
    preview = _upload(client, POLISH)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "Budżet obywatelski Świecie 2023" in page and 'lang="pl"' in page
    assert _polls(app) == 0  # nothing before the officer confirms
    done = submit(client, "/manage/polls/import/confirm", {}, form_url="/manage/polls/import")
    assert done.status_code == 302
    with app.app_context():
        poll = db.session.scalars(select(Poll)).one()
        poll_id = poll.id
        assert poll.consultation.status == "closed"
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 3
        assert db.session.scalars(select(Project.title)).all()[0] == {
            "pl": "Plac zabaw przy szkole"
        }
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "poll.import"))
    for locale in ("sq", "sr", "sr_Latn", "bs", "en"):
        results = client.get(f"/polls/{poll_id}/results?lang={locale}").get_data(as_text=True)
        assert "Plac zabaw przy szkole" in results, locale
        assert 'lang="pl"' in results
    assert "(shown in Polish)" in client.get(f"/polls/{poll_id}/results?lang=en").get_data(
        as_text=True
    )
    # confirming twice imports nothing more
    again = submit(client, "/manage/polls/import/confirm", {}, form_url="/manage/polls/import")
    assert again.status_code == 302 and _polls(app) == 1


def test_a_bad_file_lists_every_bad_row_and_imports_nothing(app, client, login):
    login("officer")
    refused = _upload(client, BAD)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "The file cannot be imported. Nothing was imported." in page
    assert page.count("<li>Line ") >= 3, page  # 9 unknown, x unknown, v1 twice
    assert _polls(app) == 0
    confirm = submit(client, "/manage/polls/import/confirm", {}, form_url="/manage/polls/import")
    assert confirm.status_code == 302 and _polls(app) == 0


@pytest.mark.parametrize(
    "lang, unknown, twice",
    [
        ("sq", "vota përmend projektin e panjohur '9'", "votuesi 'v1' ka dy fletëvotime"),
        ("sr", "глас наводи непознат пројекат '9'", "гласач 'v1' има два гласачка листића"),
        ("bs", "glas navodi nepoznat projekat '9'", "glasač 'v1' ima dva glasačka listića"),
        ("en", "the vote names unknown project '9'", "voter 'v1' has two ballots"),
    ],
)
def test_the_problems_are_told_in_the_officers_language(app, client, login, lang, unknown, twice):
    """Every row's problem is a sentence of the page's language, with the file's own values
    (project and voter ids) as they are written, and no "shown in English" marker."""
    login("officer")
    page = _upload(client, BAD, lang=lang).get_data(as_text=True)
    assert unknown in page and twice in page, page
    assert 'lang="en"' not in page.split('id="import-problems"')[1].split("</div>")[0]
    assert _polls(app) == 0


def test_the_command_line_tells_the_problems_in_english(app):
    with app.app_context():
        with pytest.raises(open_data.ImportRefused) as refused:
            open_data.import_pb(BAD)
        db.session.rollback()
        assert str(refused.value) == "line 19, field vote: the vote names unknown project '9'"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "This is not a Pabulib file"),
        (b"project_id;cost\n1;2\n", "This is not a Pabulib file"),
    ],
)
def test_an_upload_that_is_no_pabulib_file_is_refused(app, client, login, content, message):
    login("officer")
    data = {
        "csrf_token": csrf_token(client, "/manage/polls/import"),
        "pb_file": (io.BytesIO(content), "x.pb"),
    }
    answer = client.post(
        "/manage/polls/import?lang=en", data=data, content_type="multipart/form-data"
    )
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert _polls(app) == 0


def test_a_closed_poll_downloads_as_a_pabulib_file(app, client, login):
    login("admin")
    _upload(client, POLISH)
    submit(client, "/manage/polls/import/confirm", {}, form_url="/manage/polls/import")
    with app.app_context():
        poll_id = db.session.scalars(select(Poll.id)).one()
    manage = client.get(f"/manage/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert f"/manage/polls/{poll_id}/export.pb" in manage
    exported = client.get(f"/manage/polls/{poll_id}/export.pb")
    assert exported.status_code == 200
    text = exported.get_data(as_text=True)
    assert text.startswith("META") and "Plac zabaw przy szkole" in text
    assert text.count("\n") > 10


def test_an_open_poll_does_not_download_as_a_file(app, client, login, make_consultation):
    login("admin")
    consultation = make_consultation(kind="capital_poll", status="open")
    with app.app_context():
        poll = Poll(consultation_id=consultation, budget=1000)
        db.session.add(poll)
        db.session.commit()
        poll_id = poll.id
        assert db.session.get(Consultation, consultation).status == "open"
    assert client.get(f"/manage/polls/{poll_id}/export.pb").status_code == 404


@pytest.mark.parametrize("role", ["chair", "cso"])
def test_only_staff_import(client, login, role):
    login(role)
    assert client.get("/manage/polls/import").status_code == 403
