"""One-time voting codes: five tries per code, counted on the server, and never in a URL."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from consult.core import mail
from consult.extensions import db
from consult.polls import sms, views
from consult.polls.models import Participation, PendingCode
from tests.conftest import submit
from tests.polls.conftest import project_ids

ADDRESS = "milan@example.org"
RECEIPT = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def code_poll(app, make_poll, monkeypatch):
    """A poll verified by an e-mail code, with room for many tries within the rate limit."""
    monkeypatch.setitem(app.config, "POLL_VERIFY_RATE_LIMIT", "1000 per minute")
    mail.SENT.clear()
    return make_poll(verify_voter_list=False, verify_email=True)


def _ask_for_a_code(app, client, poll_id: int) -> str:
    submit(
        client,
        f"/polls/{poll_id}",
        {"project": project_ids(app, poll_id)[1:2], "action": "continue"},
    )
    sent = submit(client, f"/polls/{poll_id}/verify", {"email": ADDRESS})
    assert sent.status_code == 302
    return re.search(r"\b(\d{6})\b", mail.SENT[-1].body).group(1)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def _try(client, poll_id: int, code: str):
    return submit(client, f"/polls/{poll_id}/verify", {"code": code})


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(client, cookie: str) -> None:
    """Send an earlier session cookie again, as anyone who kept a copy of it can."""
    client.set_cookie("session", cookie)


def _voted(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Participation))


def _pending(app) -> list[PendingCode]:
    with app.app_context():
        return db.session.scalars(select(PendingCode)).all()


def test_replaying_the_earlier_cookie_gives_no_more_tries(app, client, code_poll):
    code = _ask_for_a_code(app, client, code_poll)
    earlier = _cookie(client)
    for _ in range(5):
        assert "not right" in _try(client, code_poll, _wrong(code)).get_data(as_text=True)
    _replay(client, earlier)  # today: tries back to 0, and the right code would pass
    refused = _try(client, code_poll, code)
    assert refused.status_code == 302
    assert refused.headers["Location"].endswith(f"/polls/{code_poll}/verify")
    page = client.get(f"/polls/{code_poll}/verify").get_data(as_text=True)
    assert "The code has expired" in page and 'name="email"' in page
    assert client.get(f"/polls/{code_poll}/confirm").status_code == 302  # not verified
    assert _voted(app) == 0 and _pending(app) == []


def test_tries_add_up_across_replays(app, client, code_poll):
    code = _ask_for_a_code(app, client, code_poll)
    earlier = _cookie(client)
    for tries in (3, 2):
        _replay(client, earlier)
        for _ in range(tries):
            assert "not right" in _try(client, code_poll, _wrong(code)).get_data(as_text=True)
    _replay(client, earlier)
    assert "expired" in client.get(_try(client, code_poll, code).headers["Location"]).text


def test_the_right_code_within_five_tries_verifies_and_is_forgotten(app, client, code_poll):
    code = _ask_for_a_code(app, client, code_poll)
    [pending] = _pending(app)
    assert pending.tries == 0 and pending.step == "email"
    assert code not in repr(vars(pending)) and ADDRESS not in repr(vars(pending))
    for _ in range(4):
        _try(client, code_poll, _wrong(code))
    assert [p.tries for p in _pending(app)] == [4]
    confirmed = _try(client, code_poll, code)
    assert confirmed.headers["Location"].endswith(f"/polls/{code_poll}/confirm")
    assert _pending(app) == []
    earlier = _cookie(client)
    assert submit(client, f"/polls/{code_poll}/confirm", {}).status_code == 200
    assert _voted(app) == 1
    _replay(client, earlier)  # the cookie from before the vote: voting again is refused
    assert submit(client, f"/polls/{code_poll}/confirm", {}).status_code == 409
    assert _voted(app) == 1


def test_a_code_expires_after_fifteen_minutes(app, client, code_poll, monkeypatch):
    code = _ask_for_a_code(app, client, code_poll)
    later = views.utcnow() + dt.timedelta(minutes=16)
    monkeypatch.setattr(views, "utcnow", lambda: later)
    assert "expired" in client.get(_try(client, code_poll, code).headers["Location"]).text
    assert _pending(app) == []


def test_asking_for_a_new_code_forgets_the_old_one(app, client, code_poll):
    first = _ask_for_a_code(app, client, code_poll)
    submit(client, f"/polls/{code_poll}/verify", {"restart": "1", "code": ""})
    assert _pending(app) == []
    sent = submit(client, f"/polls/{code_poll}/verify", {"email": ADDRESS})
    assert sent.status_code == 302
    second = re.search(r"\b(\d{6})\b", mail.SENT[-1].body).group(1)
    if first != second:
        assert "not right" in _try(client, code_poll, first).get_data(as_text=True)
    assert _try(client, code_poll, second).headers["Location"].endswith("/confirm")


# --- no code in a URL --------------------------------------------------------------------------


class _Links(HTMLParser):
    """Every URL a page links to, loads or sends a form to, and the method of each form."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.forms: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        self.urls += [
            attributes[name] or "" for name in ("href", "src", "action") if name in attributes
        ]
        if tag == "form":
            self.forms.append(
                (attributes.get("action") or "", (attributes.get("method") or "get").lower())
            )


def _links(response) -> _Links:
    parser = _Links()
    parser.feed(response.get_data(as_text=True))
    if "Location" in response.headers:
        parser.urls.append(response.headers["Location"])
    return parser


@pytest.mark.parametrize("step", ["email", "sms"])
def test_no_code_travels_in_a_url(app, client, make_poll, step):
    """Every link, form and redirect of the voting pages and every message sent: the one-time
    code, the receipt code and the address are never part of a URL (which reaches access
    logs, browser history and Referer headers); the forms that carry them post them."""
    poll_id = make_poll(verify_voter_list=False, **{f"verify_{step}": True})
    mail.SENT.clear()
    sms.SENT.clear()
    pages = [client.get(f"/polls/{poll_id}")]
    pages.append(
        submit(
            client,
            f"/polls/{poll_id}",
            {"project": project_ids(app, poll_id)[1:2], "action": "continue"},
        )
    )
    pages.append(client.get(f"/polls/{poll_id}/verify"))
    target = {"email": ADDRESS} if step == "email" else {"phone": "+383 44 123 456"}
    pages.append(submit(client, f"/polls/{poll_id}/verify", target))
    message = mail.SENT[-1].body if step == "email" else sms.SENT[-1].text
    code = re.search(r"\b(\d{6})\b", message).group(1)
    pages.append(client.get(f"/polls/{poll_id}/verify"))
    pages.append(_try(client, poll_id, _wrong(code)))
    pages.append(_try(client, poll_id, code))
    pages.append(client.get(f"/polls/{poll_id}/confirm"))
    cast = submit(client, f"/polls/{poll_id}/confirm", {})
    pages.append(cast)
    receipt = RECEIPT.search(cast.get_data(as_text=True)).group(0)
    pages.append(client.get(f"/polls/{poll_id}/receipt"))
    pages.append(submit(client, f"/polls/{poll_id}/receipt", {"code": receipt}))
    secrets = (code, receipt, receipt.replace("-", ""), "milan", "44 123", "44123")
    found = [_links(page) for page in pages]
    urls = [url for links in found for url in links.urls]
    urls += re.findall(r"\S+://\S+|/polls/\S+", message)
    assert urls and not [url for url in urls if any(s.lower() in url.lower() for s in secrets)]
    code_forms = [
        form
        for links in found
        for form in links.forms
        if "verify" in form[0] or "receipt" in form[0]
    ]
    assert code_forms and all(method == "post" for _action, method in code_forms)


def test_a_receipt_code_in_the_query_string_is_not_read(app, client, make_poll):
    """So that nobody is led to check a receipt through a link that logs it."""
    poll_id = make_poll(voters=[("1234567890", 1985)])
    submit(
        client,
        f"/polls/{poll_id}",
        {
            "project": project_ids(app, poll_id)[1:2],
            "action": "continue",
            "personal_number": "1234567890",
            "birth_year": 1985,
        },
    )
    cast = submit(client, f"/polls/{poll_id}/confirm", {})
    receipt = RECEIPT.search(cast.get_data(as_text=True)).group(0)
    page = client.get(f"/polls/{poll_id}/receipt?code={receipt}").get_data(as_text=True)
    assert "is in the count" not in page and f'value="{receipt}"' not in page
    checked = submit(client, f"/polls/{poll_id}/receipt", {"code": receipt})
    assert "is in the count" in checked.get_data(as_text=True)
