"""Atom feeds for the media (issue #20): every published consultation and one feed per
directorate, in the language asked for (Albanian by default), newest first, each entry linking
to the consultation's page with its kind, status and dates. Markup is text, drafts are never
there, and nothing personal is."""

import datetime as dt
import xml.etree.ElementTree as ET

from consult.core.models import Consultation
from consult.extensions import db
from consult.i18n import to_cyrillic

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = '<script>alert("x")</script> & <b>Rregullore</b>'


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)  # noqa: S314  the app's own feed, in a test


def _titles(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def _touch(app, consultation_id: int, days_ago: int) -> None:
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        consultation.updated_at = dt.datetime(2026, 6, 30) - dt.timedelta(days=days_ago)
        db.session.commit()


def test_the_feed_lists_published_consultations_newest_first_and_never_a_draft(
    app, client, make_consultation
):
    older = make_consultation(title={"sq": "E vjetra", "en": "The older one"})
    newer = make_consultation(
        kind="budget_hearing", status="closed", title={"sq": "E reja", "en": "The newer one"}
    )
    draft = make_consultation(status="draft", title={"sq": "Draft sekret", "en": "Secret draft"})
    _touch(app, older, 10)
    _touch(app, newer, 1)
    _touch(app, draft, 0)

    feed = _feed(client, "/feeds/consultations.atom")
    assert _titles(feed) == ["E reja", "E vjetra"]  # Albanian by default
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "sq"
    english = _feed(client, "/feeds/consultations.atom?lang=en")
    assert _titles(english) == ["The newer one", "The older one"]
    entry = next(english.iter(f"{ATOM}entry"))
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://localhost/consultations/{newer}?lang=en"
    summary = entry.find(f"{ATOM}summary").text
    assert "Budget hearing" in summary and "Closed" in summary and "Opens on" in summary
    assert {c.get("term") for c in entry.iter(f"{ATOM}category")} == {"budget_hearing", "closed"}
    assert "Secret draft" not in client.get("/feeds/consultations.atom?lang=en").get_data(True)


def test_serbian_is_in_cyrillic_and_an_unknown_language_is_albanian(app, client, make_consultation):
    make_consultation()
    (title,) = _titles(_feed(client, "/feeds/consultations.atom?lang=sr"))
    assert title == to_cyrillic("Pravilnik o transparentnosti")
    assert _titles(_feed(client, "/feeds/consultations.atom?lang=xx")) == [
        "Rregullore për transparencë"
    ]


def test_markup_in_titles_is_escaped_text_and_nothing_personal_is_in_the_feed(
    app, client, make_consultation
):
    make_consultation(
        title={"sq": MARKUP + "\x07", "en": MARKUP},
        summary={"sq": "<img src=x onerror=alert(1)>"},
        contact_name="Valentina Gashi",
        contact_email="valentina.gashi@istog.example",
    )
    raw = client.get("/feeds/consultations.atom").get_data(as_text=True)
    assert "<script>" not in raw and "<b>" not in raw and "<img" not in raw
    assert "&lt;script&gt;" in raw
    feed = ET.fromstring(raw.encode())  # noqa: S314  the app's own feed
    assert _titles(feed) == [MARKUP]  # the control character is dropped, the rest is text
    assert "Valentina" not in raw and "@istog.example" not in raw


def test_a_directorate_has_its_own_feed(app, client, make_consultation, make_directorate):
    education = make_directorate("EDU", "Drejtoria e Arsimit")
    health = make_directorate("HEA", "Drejtoria e Shëndetësisë")
    make_consultation(directorate_id=education, title={"sq": "Shkollat"})
    make_consultation(directorate_id=health, title={"sq": "Ambulancat"})
    feed = _feed(client, f"/feeds/directorates/{education}.atom")
    assert _titles(feed) == ["Shkollat"]
    assert "Drejtoria e Arsimit" in feed.find(f"{ATOM}title").text
    assert client.get("/feeds/directorates/999999.atom").status_code == 404
    assert client.get("/feeds/directorates/99999999999999999999.atom").status_code == 404


def test_pages_announce_the_feeds(app, client, make_consultation, make_directorate):
    directorate = make_directorate()
    consultation_id = make_consultation(directorate_id=directorate)
    home = client.get("/?lang=en").get_data(as_text=True)
    assert 'rel="alternate" type="application/atom+xml"' in home
    assert "/feeds/consultations.atom?lang=en" in home
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert f"/feeds/directorates/{directorate}.atom?lang=en" in page
    subscriptions = client.get("/subscriptions?lang=en").get_data(as_text=True)
    assert '<a href="/feeds/consultations.atom?lang=en">' in subscriptions
    assert f'<a href="/feeds/directorates/{directorate}.atom?lang=en">' in subscriptions
