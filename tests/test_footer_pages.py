"""The footer of every page (issue #18): the Public Information Office's contact, a privacy
notice whose figures are the retention settings, and an accessibility statement, in every
locale; the favicon."""

import re

import pytest

LOCALES = ("sq", "sr_Latn", "sr", "bs", "en")
PRIVACY = {
    "sq": "Njoftimi për privatësinë",
    "sr_Latn": "Obaveštenje o privatnosti",
    "sr": "Обавештење о приватности",
    "bs": "Obavještenje o privatnosti",
    "en": "Privacy notice",
}
STATEMENT = {
    "sq": "Deklarata e qasshmërisë",
    "sr_Latn": "Izjava o pristupačnosti",
    "sr": "Изјава о приступачности",
    "bs": "Izjava o pristupačnosti",
    "en": "Accessibility statement",
}


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_s_footer_has_the_contact_and_both_statements(app, client, locale):
    for url in ("/", "/archive", "/meetings"):
        footer = _footer(client.get(f"{url}?lang={locale}").get_data(as_text=True))
        assert app.config["CONTACT_EMAIL"] in footer
        assert app.config["CONTACT_ADDRESS"] in footer
        assert f'href="/privacy">{PRIVACY[locale]}</a>' in footer
        assert f'href="/accessibility">{STATEMENT[locale]}</a>' in footer


def test_a_phone_number_is_shown_only_when_one_is_set(client, monkeypatch, app):
    assert 'href="tel:' not in _footer(client.get("/").get_data(as_text=True))
    monkeypatch.setitem(app.config, "CONTACT_PHONE", "+383 39 451 000")
    footer = _footer(client.get("/").get_data(as_text=True))
    assert '<a href="tel:+38339451000" translate="no">+383 39 451 000</a>' in footer


@pytest.mark.parametrize("locale", LOCALES)
def test_the_privacy_notice_reads_in_every_locale(client, locale):
    response = client.get(f"/privacy?lang={locale}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"<h1>{PRIVACY[locale]}</h1>" in html
    # comments, votes, surveys, notices, audience lists, CSOs
    assert html.count('<th scope="row">') == 6


def test_the_privacy_notice_s_periods_are_the_retention_settings(client, monkeypatch, app):
    monkeypatch.setitem(app.config, "DATA_RETENTION_MONTHS", 24)
    monkeypatch.setitem(app.config, "ANONYMITY_MIN_GROUP", 5)
    html = client.get("/privacy?lang=en").get_data(as_text=True)
    assert "deleted 24 months after the consultation closes" in html
    assert "no group smaller than 5 people" in html
    monkeypatch.setitem(app.config, "DATA_RETENTION_MONTHS", 1)
    monkeypatch.setitem(app.config, "ANONYMITY_MIN_GROUP", 10)
    html = client.get("/privacy?lang=en").get_data(as_text=True)
    assert "deleted 1 month after the consultation closes" in html
    assert "24 months" not in html
    assert "no group smaller than 10 people" in html
    sq = client.get("/privacy?lang=sq").get_data(as_text=True)
    assert "fshihen 1 muaj pas mbylljes së konsultimit" in sq


@pytest.mark.parametrize("locale", LOCALES)
def test_the_accessibility_statement_names_the_standard_and_whom_to_tell(client, app, locale):
    response = client.get(f"/accessibility?lang={locale}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"<h1>{STATEMENT[locale]}</h1>" in html
    assert "WCAG" in html and "EN 301 549" in html
    assert f"mailto:{app.config['CONTACT_EMAIL']}" in html
    assert re.search(r"2026", html), "the day the statement was reviewed"


def test_the_favicon_is_served_and_linked(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).startswith("<svg")
    response.close()


def test_markup_in_the_contact_settings_is_shown_as_text(client, monkeypatch, app):
    monkeypatch.setitem(app.config, "CONTACT_ADDRESS", "<script>alert(1)</script> Istog")
    footer = _footer(client.get("/").get_data(as_text=True))
    assert "<script>alert(1)" not in footer and "&lt;script&gt;alert(1)" in footer
