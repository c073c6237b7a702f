"""The layout's parts every visitor sees alike (the brand, the public menu, the guest's sign-in
link, the footer), kept by each worker (consult/layout.py, issue #23): the same page as one
rendered afresh in every language; a signed-in reader's menu is theirs; the municipality's
names, contact and logo, changed by another worker, are on the next page; each municipality
and each path the app is served under has its own copies."""

import lxml.html
import pytest
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
