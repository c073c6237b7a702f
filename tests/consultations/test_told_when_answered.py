"""Told when answered (issue #20): a commenter on a draft act who ticks "Tell me by e-mail
when the municipality answers" gets the answer, in the language of the comment, with a link
straight to it on the public page; nobody else does. The choice is stored with the comment."""

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from consult.comments.models import Comment
from consult.core.labels import OUTCOME_LABELS
from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from consult.i18n import to_cyrillic
from tests.conftest import submit
from tests.consultations.helpers import add_article, add_comment, add_organisation

REASON = {
    "sq": "Afati zgjatet në tridhjetë ditë.",
    "sr_Latn": "Rok se produžava na trideset dana.",
    "bs": "Rok se produžava na trideset dana.",
    "en": "The period is extended to thirty days.",
}


def _comment(client, consultation_id: int, article_id: int, **fields):
    page = f"/consultations/{consultation_id}?lang=en"
    data = {
        "article_id": str(article_id),
        "text": "Afati prej 15 ditësh është i shkurtër.",
        "language": "sq",
        "author": "citizen",
        "name": "Blerta Kelmendi",
        "email": "Blerta@Example.org",
        "gender": "",
        **fields,
    }
    return submit(client, f"/consultations/{consultation_id}/comments", data, form_url=page)


def _messages(app, to: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to is not None:
            query = query.where(OutboxMessage.to == to)
        return list(db.session.scalars(query))


def _confirm(app, client, to: str) -> None:
    (confirmation,) = _messages(app, to)
    link = re.search(r"http://localhost(/comments/confirm/\S+)", confirmation.body)[1]
    assert client.get(link).status_code == 302


def _answer(client, consultation_id: int, comment_id: int, outcome="partly_accepted"):
    fields = {f"c{comment_id}-outcome": outcome}
    fields.update({f"c{comment_id}-reason_{code}": text for code, text in REASON.items()})
    return submit(
        client,
        f"/manage/draft-acts/comments/{comment_id}/answer",
        fields,
        form_url=f"/manage/draft-acts/{consultation_id}/comments?lang=en",
    )


def _only_comment(app) -> Comment:
    with app.app_context():
        return db.session.scalars(select(Comment)).one()


def test_the_box_is_there_unticked_and_without_it_no_answer_is_mailed(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    article_id = add_article(app, consultation_id, 3)
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="notify"[^>]*>', page)[0]
    assert 'type="checkbox"' in box and "checked" not in box
    assert "Tell me by e-mail when the municipality answers" in page

    assert _comment(client, consultation_id, article_id).status_code == 302
    comment = _only_comment(app)
    assert comment.notify_answer is False
    _confirm(app, client, "blerta@example.org")
    login("officer")
    assert _answer(client, consultation_id, comment.id).status_code == 302
    assert len(_messages(app, "blerta@example.org")) == 1  # the confirmation link only


@pytest.mark.parametrize(
    ("language", "in_body"),
    [
        ("sq", REASON["sq"]),
        ("sr", to_cyrillic(REASON["sr_Latn"])),
        ("en", REASON["en"]),
    ],
)
def test_the_answer_is_mailed_in_the_commenters_language_with_a_link_to_it(
    app, client, login, make_consultation, language, in_body
):
    consultation_id = make_consultation()
    article_id = add_article(app, consultation_id, 3)
    assert _comment(client, consultation_id, article_id, language=language, notify="y").status_code
    comment = _only_comment(app)
    assert comment.notify_answer is True
    _confirm(app, client, "blerta@example.org")
    login("officer")
    assert _answer(client, consultation_id, comment.id).status_code == 302

    message = _messages(app, "blerta@example.org")[-1]
    with app.test_request_context(f"/?lang={language}"), force_locale(language):
        outcome = str(OUTCOME_LABELS["partly_accepted"])
    assert in_body in message.body
    assert outcome in message.body
    assert "Afati prej 15 ditësh është i shkurtër." in message.body  # the comment, quoted
    link = re.search(r"http://localhost(/consultations/\S+)", message.body)[1]
    assert link == f"/consultations/{consultation_id}?lang={language}#comment-{comment.id}"
    page = client.get(link.split("#")[0]).get_data(as_text=True)
    answered = re.search(rf'<li id="comment-{comment.id}">(.*?)</li>', page, re.S)[1]
    assert in_body in answered and outcome in answered


def test_an_unconfirmed_comment_gets_nothing_though_it_asked(app, client, login, make_consultation):
    consultation_id = make_consultation()
    comment_id = add_comment(app, consultation_id, "Teksti.", notify_answer=True, confirmed_at=None)
    login("officer")
    _answer(client, consultation_id, comment_id)
    assert _messages(app) == []


def test_an_anonymous_comment_cannot_ask_and_changes_nothing(app, client, make_consultation):
    consultation_id = make_consultation()
    article_id = add_article(app, consultation_id, 1)
    with app.app_context():
        from consult.consultations.models import DraftActSettings

        db.session.add(DraftActSettings(consultation_id=consultation_id, allow_anonymous=True))
        db.session.commit()
    refused = _comment(
        client, consultation_id, article_id, author="anonymous", name="", email="", notify="y"
    )
    assert refused.status_code == 400
    assert "An anonymous comment keeps no e-mail address" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Comment)).all() == []
    assert _comment(client, consultation_id, article_id, author="anonymous").status_code == 302


def test_an_organisation_is_told_at_its_contact_address(app, client, login, make_consultation):
    from tests.conftest import PASSWORD

    consultation_id = make_consultation()
    article_id = add_article(app, consultation_id, 2)
    _organisation, email = add_organisation(app, verified=True, email="zyra@ngo.example")
    organisation = app.test_client()
    signed_in = submit(organisation, "/login", {"email": email, "password": PASSWORD})
    assert signed_in.status_code == 302
    response = _comment(
        organisation,
        consultation_id,
        article_id,
        author="organisation",
        name="",
        email="",
        notify="y",
    )
    assert response.status_code == 302
    comment = _only_comment(app)
    login("officer")
    _answer(client, consultation_id, comment.id, outcome="accepted")
    (message,) = _messages(app)
    assert message.to == "zyra@ngo.example"
    assert f"#comment-{comment.id}" in message.body


def test_those_who_asked_are_told_when_it_closes(app, client, login, make_consultation):
    consultation_id = make_consultation()
    add_comment(app, consultation_id, "Po.", author_email="asked@example.org", notify_answer=True)
    add_comment(app, consultation_id, "Jo.", author_email="silent@example.org")
    login("officer")
    submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "closed", "override_reason": "Mbyllet herët"},
        form_url=f"/manage/consultations/{consultation_id}?lang=en",
    )
    assert [m.to for m in _messages(app)] == ["asked@example.org"]
    (message,) = _messages(app)
    assert f"/consultations/{consultation_id}?lang=sq" in message.body
