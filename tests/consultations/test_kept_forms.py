"""The blank comment form and follow form of a consultation's page, kept by each worker with the
CSRF token taken out (consult/core/kept_forms.py, issue #23): every reader gets one copy with
their own token, which their session accepts and another's refuses; the copy holds no token;
the ways of commenting and the article chosen are the reader's; a form sent back with errors
is the reader's own and never kept; a new article reaches the form in every worker."""

import re

import lxml.html
import pytest
from sqlalchemy import select

from consult.comments.models import Comment
from consult.core import kept_forms
from consult.core.models import Consultation
from consult.extensions import db
from consult.i18n import LOCALES
from tests.conftest import CSRF_INPUT, PASSWORD, consultation_page, submit
from tests.consultations.helpers import add_article, add_organisation


@pytest.fixture(autouse=True)
def _no_copies(app):
    """Each test starts with this worker holding no copy (the app lives for the whole run)."""
    kept_forms.worker_cache(app).clear()


def _kept(app) -> dict:
    return kept_forms.worker_cache(app).entries()


def _tokens(page: str) -> set[str]:
    return set(CSRF_INPUT.findall(page))


def _form(page: str, action_part: str) -> lxml.html.FormElement:
    document = lxml.html.document_fromstring(page)
    (form,) = [f for f in document.forms if action_part in (f.action or "")]
    return form


def _comment(**fields) -> dict:
    return {
        "article_id": "0",
        "text": "Propozoj që seancat të transmetohen drejtpërdrejt.",
        "language": "sq",
        "author": "citizen",
        "name": "Blerta Kelmendi",
        "email": "blerta@example.org",
        "gender": "female",
        **fields,
    }


def _comments(app) -> list[Comment]:
    with app.app_context():
        return db.session.scalars(select(Comment)).all()


def test_two_readers_share_one_copy_each_with_their_own_token(app, make_consultation):
    consultation_id = make_consultation()
    first, second = app.test_client(), app.test_client()
    page_one, page_two = (
        consultation_page(first, consultation_id),
        consultation_page(second, consultation_id),
    )
    one, two = _tokens(page_one), _tokens(page_two)
    assert len(one) == len(two) == 1  # the comment form's
    assert one != two
    for page, (token,) in ((page_one, one), (page_two, two)):  # the follow form's, the same
        assert f'name="follow-csrf_token" type="hidden" value="{token}"' in page
    assert {key[3] for key in _kept(app)} == {"comment", "follow"}
    for html in _kept(app).values():
        assert kept_forms.SLOT in html
        assert not CSRF_INPUT.search(html.replace(kept_forms.SLOT, ""))
    assert "\x00" not in page_one and "\x00" not in page_two


def test_each_reader_s_token_is_accepted_for_them_and_refused_for_another(app, make_consultation):
    consultation_id = make_consultation()
    first, second = app.test_client(), app.test_client()
    (token_one,) = _tokens(consultation_page(first, consultation_id))
    (token_two,) = _tokens(consultation_page(second, consultation_id))
    url = f"/consultations/{consultation_id}/comments?lang=en"
    refused = first.post(url, data={**_comment(), "csrf_token": token_two})
    assert refused.status_code == 400
    assert _comments(app) == []
    sent = first.post(url, data={**_comment(), "csrf_token": token_one})
    assert sent.status_code == 302
    assert len(_comments(app)) == 1
    follow = f"/consultations/{consultation_id}/follow?lang=en"
    email = {"follow-email": "arta@example.org"}
    assert second.post(follow, data={**email, "follow-csrf_token": token_one}).status_code == 400
    assert second.post(follow, data={**email, "follow-csrf_token": token_two}).status_code == 302


def test_the_article_chosen_is_the_reader_s(app, client, make_consultation):
    consultation_id = make_consultation()
    add_article(app, consultation_id, 1, "Qëllimi")
    second = add_article(app, consultation_id, 2, "Parkingjet")
    chosen = consultation_page(client, consultation_id, query=f"&article={second}")
    form = _form(chosen, "/comments")
    assert form.fields["article_id"] == str(second)
    assert "Back to article 2" in chosen
    whole = consultation_page(client, consultation_id, query="&article=999999")
    assert _form(whole, "/comments").fields["article_id"] == "0"
    assert "Back to article" not in whole
    assert len([key for key in _kept(app) if key[3] == "comment"]) == 2


def _authors(form: lxml.html.FormElement) -> dict[str, bool]:
    """The ways of commenting offered, and which one is ticked."""
    return {
        i.get("value"): i.get("checked") is not None for i in form.xpath(".//input[@name='author']")
    }


def _authors_offered(client, consultation_id: int) -> dict[str, bool]:
    return _authors(_form(consultation_page(client, consultation_id), "/comments"))


def test_a_cso_member_is_offered_their_organisation_and_a_visitor_is_not(
    app, client, make_consultation
):
    consultation_id = make_consultation()
    assert _authors(_form(consultation_page(client, consultation_id), "/comments")) == {
        "citizen": True
    }
    _organisation_id, email = add_organisation(app, verified=True)
    member = app.test_client()
    assert submit(member, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    own = _authors_offered(member, consultation_id)
    assert own == {"citizen": True, "organisation": False}  # two ways: a citizen's first
    assert _authors(_form(consultation_page(client, consultation_id), "/comments")) == {
        "citizen": True
    }
    assert len([key for key in _kept(app) if key[3] == "comment"]) == 2


def test_a_form_sent_back_with_errors_is_the_reader_s_and_not_kept(app, client, make_consultation):
    consultation_id = make_consultation()
    (token,) = _tokens(consultation_page(client, consultation_id))
    kept_before = dict(_kept(app))
    response = client.post(
        f"/consultations/{consultation_id}/comments?lang=en",
        data={**_comment(name="", text="Teksti im i shkruar"), "csrf_token": token},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give your name and e-mail address" in page
    assert "Teksti im i shkruar" in page
    assert _kept(app) == kept_before
    assert all("Teksti im i shkruar" not in html for html in _kept(app).values())


def test_an_article_added_in_another_worker_reaches_the_form(
    app, client, make_consultation, other_worker
):
    consultation_id = make_consultation()
    assert "Article 1" not in str(
        _form(consultation_page(client, consultation_id), "/comments").text_content()
    )
    with other_worker.test_request_context("/?lang=en"):
        from consult.consultations.models import Article

        db.session.add(
            Article(
                consultation_id=consultation_id,
                number=1,
                heading={"sq": "Qëllimi", "en": "Purpose"},
                text={"sq": "Teksti."},
            )
        )
        db.session.commit()
        db.session.remove()
    options = _form(consultation_page(client, consultation_id), "/comments").inputs["article_id"]
    assert len(options.value_options) == 2


def test_comments_closed_keep_no_comment_form(app, client, make_consultation):
    import datetime as dt

    today = dt.date.today()
    consultation_id = make_consultation(
        status="closed",
        opens_at=today - dt.timedelta(days=30),
        closes_at=today - dt.timedelta(days=1),
    )
    page = consultation_page(client, consultation_id)
    assert "Comments are taken only while the consultation is open." in page
    assert not [key for key in _kept(app) if key[3] == "comment"]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_kept_form_is_the_form_rendered_afresh(app, client, make_consultation, locale):
    consultation_id = make_consultation()
    add_article(app, consultation_id, 1, "Qëllimi")
    url = f"/consultations/{consultation_id}?lang={locale}"
    first = client.get(url).get_data(as_text=True)
    second = client.get(url).get_data(as_text=True)  # from the copies
    app.config["PAGE_CACHE_SECONDS"], seconds = 0, app.config["PAGE_CACHE_SECONDS"]
    try:
        fresh = client.get(url).get_data(as_text=True)
    finally:
        app.config["PAGE_CACHE_SECONDS"] = seconds
    token = re.compile(r'(name="[^"]*csrf_token"[^>]*value=")[^"]*"')
    assert token.sub(r"\1", second) == token.sub(r"\1", fresh) == token.sub(r"\1", first)


def test_a_form_without_the_request_s_token_is_never_kept(app, make_consultation):
    consultation_id = make_consultation()
    with app.test_request_context("/?lang=en"):
        consultation = db.session.get(Consultation, consultation_id)
        with pytest.raises(kept_forms.TokenNotFound):
            kept_forms.kept_blank_form(consultation, ("plain",), lambda: "<form></form>")
        db.session.remove()
    assert _kept(app) == {}
