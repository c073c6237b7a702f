"""Comment on this article (issue #18): under every article of a draft act its number of
published comments and a link that opens the comment form for that article (no JavaScript),
back at the article after sending and after confirming; contents for a long act."""

import re

import lxml.html
from sqlalchemy import select

from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from tests.conftest import submit
from tests.consultations.helpers import add_article, add_comment, closed_dates


def _page(client, consultation_id: int, query: str = "") -> lxml.html.HtmlElement:
    response = client.get(f"/consultations/{consultation_id}?lang=en{query}")
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def _actions(page, number: int) -> str:
    article = page.get_element_by_id(f"article-{number}")
    return " ".join(article.find_class("article-actions")[0].text_content().split())


def _act(app, make_consultation, articles: int = 2, **fields) -> tuple[int, list[int]]:
    consultation_id = make_consultation(**fields)
    ids = [add_article(app, consultation_id, n, f"Neni {n}") for n in range(1, articles + 1)]
    return consultation_id, ids


def test_each_article_counts_its_published_comments_only(app, client, make_consultation):
    consultation_id, (first, _second) = _act(app, make_consultation)
    add_comment(app, consultation_id, "Një", first)
    add_comment(app, consultation_id, "Dy", first)
    add_comment(app, consultation_id, "Fshehur", first, hidden=True, hidden_reason="Fyese")
    add_comment(app, consultation_id, "Pa konfirmuar", first, confirmed_at=None)
    add_comment(app, consultation_id, "Për aktin", None)
    page = _page(client, consultation_id)
    assert _actions(page, 1).startswith("2 comments")
    assert _actions(page, 2).startswith("0 comments")


def test_the_link_under_an_article_opens_the_form_for_it(app, client, make_consultation):
    consultation_id, (_first, second) = _act(app, make_consultation)
    page = _page(client, consultation_id)
    link = page.get_element_by_id("article-2").xpath(".//a[starts-with(., 'Comment on this')]")
    href = link[0].get("href")
    assert href == f"/consultations/{consultation_id}?article={second}#comment-heading"
    assert link[0].text_content().strip() == "Comment on this article (Article 2)"
    chosen = _page(client, consultation_id, f"&article={second}")
    selected = chosen.xpath("//select[@name='article_id']/option[@selected]")
    assert [o.get("value") for o in selected] == [str(second)]
    assert chosen.xpath("//a[@href='#article-2' and . = 'Back to article 2']")
    assert int(chosen.xpath("//textarea[@name='text']")[0].get("rows")) >= 6


def test_an_article_of_another_act_or_garbage_chooses_the_whole_act(app, client, make_consultation):
    consultation_id, _ids = _act(app, make_consultation)
    _other_id, (foreign, _x) = _act(app, make_consultation)
    for query in (f"&article={foreign}", "&article=abc", "&article=-1"):
        page = _page(client, consultation_id, query)
        selected = page.xpath("//select[@name='article_id']/option[@selected]")
        assert [o.get("value") for o in selected] == ["0"], query


def test_after_sending_and_confirming_the_reader_is_back_at_the_article(
    app, client, make_consultation
):
    consultation_id, (_first, second) = _act(app, make_consultation)
    form = {
        "article_id": str(second),
        "text": "Propozoj një afat më të gjatë.",
        "language": "sq",
        "author": "citizen",
        "name": "Blerta Kelmendi",
        "email": "blerta@example.org",
        "gender": "female",
    }
    response = submit(
        client,
        f"/consultations/{consultation_id}/comments",
        form,
        form_url=f"/consultations/{consultation_id}?article={second}",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/consultations/{consultation_id}#article-2")
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage)).one().body
    link = re.search(r"http://localhost(/comments/confirm/\S+)", body).group(1)
    confirmed = client.get(link)
    assert confirmed.headers["Location"].endswith(f"/consultations/{consultation_id}#article-2")
    assert _actions(_page(client, consultation_id), 2).startswith("1 comment")


def test_no_comment_link_once_the_consultation_is_closed(app, client, make_consultation):
    consultation_id, _ids = _act(app, make_consultation, **closed_dates())
    page = _page(client, consultation_id)
    assert "Comment on this article" not in _actions(page, 1)


def test_a_long_act_has_contents_and_a_short_one_does_not(app, client, make_consultation):
    short_id, _ids = _act(app, make_consultation, articles=4)
    assert not _page(client, short_id).xpath("//nav[@id='contents']")
    long_id, _ids = _act(app, make_consultation, articles=6)
    page = _page(client, long_id)
    links = page.xpath("//nav[@id='contents']//a/@href")
    assert links == [f"#article-{n}" for n in range(1, 7)]
    assert "Back to contents" in _actions(page, 6)
    for locale in ("sq", "sr_Latn", "sr", "bs"):
        html = client.get(f"/consultations/{long_id}?lang={locale}").get_data(as_text=True)
        assert "Comment on this article" not in html and "Back to contents" not in html
