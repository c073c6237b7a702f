"""The layout's parts every visitor sees alike (the brand, the public menu, the guest's sign-in
link, the footer), and each page's frame around its content, kept by each worker
(consult/layout.py, issue #23): the same page as one rendered afresh in every language; a
signed-in reader's menu is theirs; the municipality's names, contact and logo, changed by
another worker, are on the next page; each municipality and each path the app is served under
has its own copies; each page keeps its own title, head and language links; messages and query
arguments are never kept; markup in a title stays text in a kept frame."""

import lxml.html
import pytest
from flask import request
from markupsafe import Markup
from sqlalchemy import select

from consult import layout
from consult.core.municipalities import Municipality
from consult.extensions import db
from consult.i18n import LOCALES
from tests.conftest import COMPLETE_TEXT, PASSWORD, submit

SECOND_HOST = "prizren.example"


@pytest.fixture(autouse=True)
def _no_copies(app):
    """Each test starts with this worker holding no copy (the app lives for the whole run)."""
    layout.worker_cache(app).clear()
    layout.frame_cache(app).clear()


def _frames(app) -> list[str]:
    """The frames kept, each as its two halves joined."""
    return [frame.top + frame.bottom for frame in layout.frame_cache(app).entries().values()]


def _kept(app) -> dict:
    return layout.worker_cache(app).entries()


def _get(client, path: str = "/privacy", lang: str = "en", **kwargs) -> str:
    response = client.get(f"{path}?lang={lang}", **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_page_from_the_copies_is_the_page_rendered_afresh(app, client, locale, monkeypatch):
    first = _get(client, lang=locale)
    assert {key[0] for key in _kept(app)} == {"brand", "public_menu", "guest_menu", "footer"}
    assert {key[2] for key in _kept(app)} == {locale}
    assert _get(client, lang=locale) == first
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    layout.worker_cache(app).clear()
    assert _get(client, lang=locale) == first
    assert _kept(app) == {}


def test_a_signed_in_reader_s_menu_is_theirs(app, client, make_user):
    assert "Staff sign-in" in _get(client)
    email = make_user("officer")
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    page = _get(client)
    assert "Back office" in page and "Sign out" in page
    assert "Staff sign-in" not in page
    for html in _kept(app).values():
        assert "Back office" not in html and "Sign out" not in html
    assert "Back office" not in _get(app.test_client())


def test_the_municipality_s_names_and_contact_changed_elsewhere_are_on_the_next_page(
    app, client, other_worker
):
    _get(client)
    with other_worker.app_context():
        istog = db.session.scalar(select(Municipality).order_by(Municipality.id))
        istog.name = {**COMPLETE_TEXT, "en": "Municipality of Istog (renamed)"}
        istog.contact_email = "zyra@istog.example"
        db.session.commit()
    page = lxml.html.document_fromstring(_get(client))
    (brand,) = page.xpath("//span[@class='brand-name']")
    assert brand.text_content() == "Municipality of Istog (renamed)"
    (footer,) = page.xpath("//footer")
    assert "Municipality of Istog (renamed)" in footer.text_content()
    assert "zyra@istog.example" in footer.text_content()


def test_each_municipality_and_each_path_has_its_own_copies(app, client):
    with app.app_context():
        db.session.add(
            Municipality(slug="prizren", host=SECOND_HOST, name={"en": "Municipality of Prizren"})
        )
        db.session.commit()
    first = _get(client)
    second = _get(client, base_url=f"http://{SECOND_HOST}")
    assert "Municipality of Prizren" in second and "Municipality of Prizren" not in first
    under = _get(client, base_url="http://localhost/konsultime/")
    assert 'href="/konsultime/archive' in under and 'href="/konsultime/archive' not in first
    assert len({key[1:4] for key in _kept(app)}) == 3


def test_each_page_keeps_its_own_title_head_and_language_links(app, client, make_consultation):
    act = make_consultation()
    paths = ("/privacy", "/accessibility", f"/consultations/{act}")
    for _ in range(2):  # the second time from the frames kept
        pages = [lxml.html.document_fromstring(_get(client, path, "bs")) for path in paths]
        titles = [page.findtext(".//title") for page in pages]
        assert len(set(titles)) == 3, titles
        assert "Pravilnik o transparentnosti" in titles[2]
        for path, page in zip(paths, pages, strict=True):
            links = page.xpath("//nav[@class='languages']//a/@href")
            assert len(links) == 5 and all(link.startswith(f"{path}?lang=") for link in links)
        # the consultation's own head (its feed, its description) stays with it
        heads = [lxml.html.tostring(page.find("head"), encoding="unicode") for page in pages]
        assert "alternate" in heads[2] and "alternate" not in heads[0]
    assert len(_frames(app)) == 3


def test_a_frame_is_kept_for_its_own_title_head_menu_items_and_address(app):
    def frame(path: str, title: str = "Privacy", head: str = "", nav_items: str = ""):
        with app.test_request_context(path):
            app.preprocess_request()  # the municipality served, the language
            parts = [Markup(part) for part in (title, head, nav_items)]  # noqa: S704  # the test's own

            def top() -> Markup:  # base.html's block shows the page's parts and links to it
                return Markup("|").join([*parts, request.full_path])

            return layout.page_frame(top, lambda: Markup("</main>"), *parts)

    first = frame("/privacy?lang=en")
    assert frame("/privacy?lang=en") is first
    others = [
        frame("/privacy?lang=sq"),
        frame("/consultations/1?lang=en"),
        frame("/accessibility?lang=en"),
        frame("/privacy?lang=en", title="Privacy notice"),
        frame("/privacy?lang=en", head='<meta name="robots" content="noindex">'),
        frame("/privacy?lang=en", nav_items="<li>Drafts</li>"),
    ]
    for other in others:
        assert other is not first and other != first
    assert frame("/privacy?lang=en") is first
    # the same route with other arguments: its own links
    assert frame("/consultations/2?lang=en") != frame("/consultations/1?lang=en")


def test_every_address_no_route_knows_shares_one_frame(app, client):
    for n in range(3):
        assert client.get(f"/no-such-page-{n}?lang=en").status_code == 404
    assert len(_frames(app)) == 1


def test_messages_query_arguments_and_signed_in_readers_are_never_kept(app, client, make_user):
    assert client.get("/privacy?lang=en&from=newsletter").status_code == 200
    assert _frames(app) == []
    stranger = app.test_client()
    with stranger.session_transaction() as session:
        session["_flashes"] = [("message", "For the stranger")]
    assert "For the stranger" in _get(stranger)
    assert _frames(app) == []
    assert "For the stranger" not in _get(app.test_client())
    assert len(_frames(app)) == 1  # the same page for a reader with nothing of their own
    email = make_user("officer")
    assert submit(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    kept = len(_frames(app))  # the privacy page's and the sign-in form's
    assert "Sign out" in _get(client)
    assert len(_frames(app)) == kept == 2
    assert not any("Sign out" in frame or "For the stranger" in frame for frame in _frames(app))


def test_markup_in_a_title_stays_text_in_the_kept_frame(app, client, make_consultation):
    markup = '</title></head><body><main id="x"><script>alert(1)</script>'
    act = make_consultation(title={locale: markup for locale in ("sq", "sr_Latn", "bs", "en")})
    for _ in range(2):  # rendered, then from the frame kept
        html = _get(client, f"/consultations/{act}", "en")
        page = lxml.html.document_fromstring(html)
        assert len(page.xpath("//main")) == 1 and not page.xpath("//script[not(@src)]")
        assert page.findtext(".//title").startswith(markup)
        assert "<script>alert" not in html
    assert len(_frames(app)) == 1


def test_the_languages_offered_are_the_switcher_s_of_a_kept_frame(app, client, monkeypatch):
    def switcher() -> list[str]:
        page = lxml.html.document_fromstring(_get(client, "/privacy", "en"))
        return page.xpath("//nav[@class='languages']//a/@lang")

    assert switcher() == switcher() == ["sq", "sr-Latn", "sr-Cyrl", "bs", "en"]
    monkeypatch.setitem(app.config, "OFFICIAL_LANGUAGES", ["sq"])
    assert switcher() == ["sq", "en"]
