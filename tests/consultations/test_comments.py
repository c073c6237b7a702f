"""Citizens, anonymous readers and verified organisations comment on articles or the act."""

import re

from sqlalchemy import select

from consult.comments.models import Comment
from consult.consultations.models import DraftActSettings
from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from tests.conftest import submit
from tests.consultations.helpers import add_article, add_comment, add_organisation, closed_dates


def _comment_form(consultation_id: int, **fields) -> dict:
    data = {
        "article_id": "0",
        "text": "Propozoj që seancat të transmetohen drejtpërdrejt.",
        "language": "sq",
        "author": "citizen",
        "name": "Blerta Kelmendi",
        "email": "Blerta@Example.org",
        "gender": "female",
    }
    data.update(fields)
    return data


def _post(client, consultation_id: int, **fields):
    return submit(
        client,
        f"/consultations/{consultation_id}/comments",
        _comment_form(consultation_id, **fields),
        form_url=f"/consultations/{consultation_id}?lang=en",
    )


def _comments(app):
    with app.app_context():
        return db.session.scalars(select(Comment)).all()


def test_citizen_comment_is_published_after_the_email_link(app, client, make_consultation):
    consultation_id = make_consultation()
    article_id = add_article(app, consultation_id, 5, "Publikimi i dokumenteve")
    response = _post(client, consultation_id, article_id=str(article_id), show_name="y")
    assert response.status_code == 302
    page = client.get(f"/consultations/{consultation_id}").get_data(as_text=True)
    assert "transmetohen" not in page  # not confirmed yet
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.to == "blerta@example.org"
        link = re.search(r"http://localhost(/comments/confirm/\S+)", message.body).group(1)
    assert client.get(link).status_code == 302
    page = client.get(f"/consultations/{consultation_id}").get_data(as_text=True)
    assert "transmetohen" in page and "Blerta Kelmendi" in page
    assert "blerta@example.org" not in page
    assert client.get("/comments/confirm/forged-token").status_code == 404


def test_a_citizen_needs_name_and_email(app, client, make_consultation):
    consultation_id = make_consultation()
    response = _post(client, consultation_id, name="", email="")
    assert response.status_code == 400
    assert "Give your name and e-mail address" in response.get_data(as_text=True)
    assert _comments(app) == []


def test_anonymous_comments_only_where_the_consultation_allows_them(app, client, make_consultation):
    consultation_id = make_consultation()
    assert _post(client, consultation_id, author="anonymous", name="", email="").status_code == 400
    assert _comments(app) == []
    with app.app_context():
        db.session.add(DraftActSettings(consultation_id=consultation_id, allow_anonymous=True))
        db.session.commit()
    assert _post(client, consultation_id, author="anonymous", name="", email="").status_code == 302
    (comment,) = _comments(app)
    assert comment.author_kind == "anonymous" and comment.confirmed_at is not None


def test_comments_are_taken_only_while_the_consultation_is_open(app, client, make_consultation):
    consultation_id = make_consultation(**closed_dates())
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "Comments are taken only while the consultation is open." in page
    response = client.post(f"/consultations/{consultation_id}/comments", data={})
    assert response.status_code == 400
    assert _comments(app) == []


def test_comments_may_be_written_in_any_official_language(app, client, make_consultation):
    consultation_id = make_consultation()
    _post(client, consultation_id, language="sr", text="Обавештења треба да буду и на српском.")
    _post(client, consultation_id, language="bs", text="Prijevod stiže prekasno.")
    assert sorted(c.language for c in _comments(app)) == ["bs", "sr"]
    assert _post(client, consultation_id, language="de").status_code == 400


def test_unverified_organisation_cannot_comment_in_its_name(app, client, make_consultation):
    consultation_id = make_consultation()
    _organisation_id, email = add_organisation(app, verified=False)
    submit(client, "/login", {"email": email, "password": "correct horse battery staple"})
    response = _post(client, consultation_id, author="organisation", name="", email="")
    assert response.status_code == 400
    assert "Only a verified organisation" in response.get_data(as_text=True)
    assert _comments(app) == []


def test_verified_organisation_comments_in_its_name(app, client, make_consultation):
    consultation_id = make_consultation()
    organisation_id, email = add_organisation(app, verified=True)
    submit(client, "/login", {"email": email, "password": "correct horse battery staple"})
    assert _post(client, consultation_id, author="organisation").status_code == 302
    (comment,) = _comments(app)
    assert comment.author_kind == "cso" and comment.organisation_id == organisation_id
    page = client.get(f"/consultations/{consultation_id}").get_data(as_text=True)
    assert "OJQ Rinia Aktive Istog" in page


def test_hidden_comment_disappears_but_the_count_stays_public(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    comment_id = add_comment(app, consultation_id, "Fyerje ndaj zyrtarëve")
    login("officer")
    submit(
        client,
        f"/manage/draft-acts/comments/{comment_id}/hide",
        {f"h{comment_id}-reason": "Gjuhë fyese"},
        form_url=f"/manage/draft-acts/{consultation_id}/comments",
    )
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "Fyerje" not in page
    assert "Comments hidden by the moderators: 1." in page
    (comment,) = _comments(app)
    assert comment.hidden and comment.hidden_reason == "Gjuhë fyese"


def test_impossible_ids_are_not_found(client):
    huge = "99999999999999999999"
    for url in (
        f"/consultations/{huge}/report",
        f"/consultations/{huge}/report.pdf",
        f"/consultations/{huge}/report.xlsx",
    ):
        assert client.get(url).status_code == 404


def test_the_page_counts_hidden_comments_and_offers_anonymity_as_set(
    app, client, make_consultation
):
    """The hidden count and the anonymous option, read in one statement
    (`services.public_facts`): only confirmed hidden comments count, and the option follows
    the act's setting, with none saved and once saved."""
    consultation_id = make_consultation()
    other_id = make_consultation()
    add_comment(app, consultation_id, "Shown")
    add_comment(app, consultation_id, "Hidden", hidden=True, hidden_reason="Fyerje")
    add_comment(app, consultation_id, "Hidden too", hidden=True, hidden_reason="Fyerje")
    add_comment(
        app, consultation_id, "Unconfirmed", hidden=True, hidden_reason="Spam", confirmed_at=None
    )
    add_comment(app, other_id, "Another act's", hidden=True, hidden_reason="Fyerje")

    def page() -> str:
        return client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)

    assert "Comments hidden by the moderators: 2." in page()
    assert "Anonymously" not in page()
    with app.app_context():
        db.session.add(DraftActSettings(consultation_id=consultation_id, allow_anonymous=True))
        db.session.commit()
    assert "Anonymously" in page()
    with app.app_context():
        db.session.get(DraftActSettings, consultation_id).allow_anonymous = False
        db.session.commit()
    assert "Anonymously" not in page()
