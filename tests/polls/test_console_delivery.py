"""In production a poll does not verify by codes that the server would only print.

MAIL_BACKEND=console (the default) and POLL_SMS_BACKEND=console write the code to the
server's output instead of sending it: no voter receives it, and whoever reads the logs can
vote for anybody. With POLL_REFUSE_CONSOLE_DELIVERY (set in production) the settings that
need such a code are refused, and no code is "sent".
"""

import pytest
from sqlalchemy import func, select

from consult.core import mail
from consult.extensions import db
from consult.polls import sms
from consult.polls.models import PendingCode, Poll
from tests.conftest import submit
from tests.polls.conftest import project_ids
from tests.polls.test_officer_pages import SETTINGS

STEPS = [("email", "MAIL_BACKEND", "e-mail"), ("sms", "POLL_SMS_BACKEND", "SMS")]


@pytest.fixture
def production(app, monkeypatch):
    """The app as production configures it (the test suite's backends are "memory")."""
    monkeypatch.setitem(app.config, "POLL_REFUSE_CONSOLE_DELIVERY", True)

    def console(backend: str) -> None:
        monkeypatch.setitem(app.config, backend, "console")

    return console


@pytest.mark.parametrize(("step", "backend", "channel"), STEPS)
def test_an_officer_cannot_turn_on_codes_the_server_would_only_print(
    app, client, login, make_poll, production, step, backend, channel
):
    production(backend)
    login("officer")
    poll_id = make_poll()
    response = submit(
        client, f"/manage/polls/{poll_id}/settings", {**SETTINGS, f"verify_{step}": "y"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"Voters cannot get codes by {channel}" in page
    assert "Ask the administrator" in page
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        assert not poll.verify_email and not poll.verify_sms


@pytest.mark.parametrize(("step", "backend", "channel"), STEPS)
def test_a_new_poll_with_such_codes_is_refused_in_albanian_too(
    app, client, login, make_consultation, production, step, backend, channel
):
    production(backend)
    login("officer")
    consultation_id = make_consultation(kind="capital_poll", status="draft")
    url = f"/manage/polls/new/{consultation_id}"
    with client.session_transaction() as session:
        session["lang"] = "sq"
    response = submit(client, url, {**SETTINGS, f"verify_{step}": "y"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Votuesit nuk mund të marrin kode" in page and "Voters cannot" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Poll)) == 0


@pytest.mark.parametrize(("step", "backend", "channel"), STEPS)
def test_a_real_provider_is_accepted(
    app, client, login, make_poll, production, monkeypatch, step, backend, channel
):
    production(backend)
    monkeypatch.setitem(app.config, backend, "smtp" if step == "email" else "memory")
    login("officer")
    poll_id = make_poll()
    response = submit(
        client, f"/manage/polls/{poll_id}/settings", {**SETTINGS, f"verify_{step}": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert getattr(db.session.get(Poll, poll_id), f"verify_{step}")


@pytest.mark.parametrize(("step", "backend", "channel"), STEPS)
def test_no_code_is_printed_for_a_poll_set_up_before(
    app, client, make_poll, production, capsys, step, backend, channel
):
    poll_id = make_poll(verify_voter_list=False, **{f"verify_{step}": True})
    production(backend)  # the mail server went away after the poll was set up
    mail.SENT.clear()
    sms.SENT.clear()
    submit(
        client,
        f"/polls/{poll_id}",
        {"project": project_ids(app, poll_id)[1:2], "action": "continue"},
    )
    target = {"email": "milan@example.org"} if step == "email" else {"phone": "+383 44 123 456"}
    response = submit(client, f"/polls/{poll_id}/verify", target)
    assert response.status_code == 503
    assert "Codes cannot be sent at the moment" in response.get_data(as_text=True)
    assert "code" not in capsys.readouterr().out.lower()
    assert mail.SENT == [] and sms.SENT == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PendingCode)) == 0


def test_development_still_prints_the_code(app, client, make_poll, monkeypatch, capsys):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    poll_id = make_poll(verify_voter_list=False, verify_email=True)
    submit(
        client,
        f"/polls/{poll_id}",
        {"project": project_ids(app, poll_id)[1:2], "action": "continue"},
    )
    sent = submit(client, f"/polls/{poll_id}/verify", {"email": "milan@example.org"})
    assert sent.status_code == 302
    assert "Your code for voting" in capsys.readouterr().out
