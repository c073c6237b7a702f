"""SMS through a provider's HTTP gateway (issue #19), against a small fake gateway this test
starts itself: the configured body with the number and the text, the credentials, retries
after a failure that may pass, none after a refusal, timeouts, and refusals that never carry
the code."""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from consult.polls.sms import HttpGatewayBackend, Sms, SmsFailed

CODE_TEXT = "Kodi juaj: 482913"


class FakeGateway:
    """An HTTP server on a free local port that keeps each request and answers from a list."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.answers: list[int] = []
        self.delay = 0.0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                gateway.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length).decode(),
                    }
                )
                time.sleep(gateway.delay)
                status = gateway.answers.pop(0) if gateway.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_POST = do_GET = _answer

            def log_message(self, *args) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    fake = FakeGateway()
    yield fake
    fake.close()


def _config(gateway: FakeGateway, **settings) -> dict:
    return {
        "SMS_GATEWAY_URL": gateway.url,
        "SMS_GATEWAY_METHOD": "POST",
        "SMS_GATEWAY_BODY": '{"to": "$to", "text": "$text", "from": "Istog"}',
        "SMS_GATEWAY_CONTENT_TYPE": "application/json",
        "SMS_GATEWAY_TIMEOUT": 2,
        "SMS_GATEWAY_RETRIES": 2,
        **settings,
    }


def test_the_message_goes_in_the_configured_body_with_the_credentials(gateway):
    config = _config(gateway, SMS_GATEWAY_USER="istog", SMS_GATEWAY_PASSWORD="s3cret")
    HttpGatewayBackend(config).send(Sms("+38344123456", 'Kodi "juaj": 482913'))
    sent = gateway.requests[0]
    assert sent["method"] == "POST" and sent["path"] == "/send"
    assert json.loads(sent["body"]) == {
        "to": "+38344123456",
        "text": 'Kodi "juaj": 482913',
        "from": "Istog",
    }
    assert sent["headers"]["Content-Type"] == "application/json"
    expected = base64.b64encode(b"istog:s3cret").decode()
    assert sent["headers"]["Authorization"] == f"Basic {expected}"


def test_a_form_or_a_query_string_is_escaped_for_it(gateway):
    form = _config(
        gateway,
        SMS_GATEWAY_BODY="number=$to&message=$text",
        SMS_GATEWAY_CONTENT_TYPE="application/x-www-form-urlencoded",
        SMS_GATEWAY_TOKEN="t0ken",
    )
    HttpGatewayBackend(form).send(Sms("+38344123456", "Kodi & ë: 1"))
    assert parse_qs(gateway.requests[0]["body"]) == {
        "number": ["+38344123456"],
        "message": ["Kodi & ë: 1"],
    }
    assert gateway.requests[0]["headers"]["Authorization"] == "Bearer t0ken"
    HttpGatewayBackend({**form, "SMS_GATEWAY_METHOD": "GET"}).send(Sms("+383", "a b"))
    query = parse_qs(urlsplit(gateway.requests[1]["path"]).query)
    assert query == {"number": ["+383"], "message": ["a b"]}


def test_a_failure_that_may_pass_is_tried_again(gateway):
    gateway.answers = [503, 429]
    HttpGatewayBackend(_config(gateway)).send(Sms("+383", CODE_TEXT))
    assert len(gateway.requests) == 3


def test_a_refusal_is_not_tried_again_and_never_carries_the_code(gateway):
    gateway.answers = [400]
    with pytest.raises(SmsFailed) as refused:
        HttpGatewayBackend(_config(gateway)).send(Sms("+383", CODE_TEXT))
    assert len(gateway.requests) == 1
    assert str(refused.value) == "the SMS gateway answered 400"
    assert "482913" not in str(refused.value)


def test_every_attempt_failing_ends_in_a_refusal(gateway):
    gateway.answers = [500, 500, 500]
    with pytest.raises(SmsFailed, match="answered 500"):
        HttpGatewayBackend(_config(gateway)).send(Sms("+383", CODE_TEXT))
    assert len(gateway.requests) == 3


def test_a_gateway_that_does_not_answer_in_time_is_refused(gateway):
    gateway.delay = 1.0
    config = _config(gateway, SMS_GATEWAY_TIMEOUT=0.2, SMS_GATEWAY_RETRIES=1)
    with pytest.raises(SmsFailed) as refused:
        HttpGatewayBackend(config).send(Sms("+383", CODE_TEXT))
    assert "482913" not in str(refused.value)
    assert "timed out" in str(refused.value) or "could not be reached" in str(refused.value)


def test_an_unreachable_or_unset_gateway_is_refused():
    closed = {
        "SMS_GATEWAY_URL": "http://127.0.0.1:9/send",
        "SMS_GATEWAY_BODY": "$to $text",
        "SMS_GATEWAY_TIMEOUT": 0.5,
        "SMS_GATEWAY_RETRIES": 0,
    }
    with pytest.raises(SmsFailed, match=r"could not be reached|timed out"):
        HttpGatewayBackend(closed).send(Sms("+383", CODE_TEXT))
    with pytest.raises(SmsFailed, match="SMS_GATEWAY_URL"):
        HttpGatewayBackend({"SMS_GATEWAY_URL": "", "SMS_GATEWAY_BODY": ""}).send(Sms("+1", "x"))


def test_the_app_sends_through_the_gateway_when_configured(app, gateway, monkeypatch):
    from consult.polls.sms import send_sms

    monkeypatch.setitem(app.config, "POLL_SMS_BACKEND", "http")
    for key, value in _config(gateway).items():
        monkeypatch.setitem(app.config, key, value)
    with app.app_context():
        send_sms(Sms("+38344123456", CODE_TEXT))
    assert json.loads(gateway.requests[0]["body"])["text"] == CODE_TEXT


def test_printed_codes_are_warned_of_at_start_and_on_the_poll_s_back_office(
    app, client, login, make_consultation, monkeypatch, caplog
):
    import logging

    from config import TestingConfig
    from consult import create_app
    from consult.extensions import db
    from consult.polls.models import Poll

    caplog.set_level(logging.WARNING, logger="consult.events")
    create_app(
        type(
            "Config",
            (TestingConfig,),
            {"POLL_REFUSE_CONSOLE_DELIVERY": True, "POLL_SMS_BACKEND": "console"},
        )
    )
    assert any(
        "event=config.codes_printed_only setting=POLL_SMS_BACKEND" in r.getMessage()
        for r in caplog.records
    )
    consultation = make_consultation(kind="capital_poll")
    with app.app_context():
        poll = Poll(consultation_id=consultation, budget=1000, verify_sms=True)
        db.session.add(poll)
        db.session.commit()
        poll_id = poll.id
    login("admin")
    quiet = client.get(f"/manage/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert "only prints SMS codes" not in quiet  # development prints them on purpose
    monkeypatch.setitem(app.config, "POLL_REFUSE_CONSOLE_DELIVERY", True)
    monkeypatch.setitem(app.config, "POLL_SMS_BACKEND", "console")
    loud = client.get(f"/manage/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert "only prints SMS codes on its console" in loud
