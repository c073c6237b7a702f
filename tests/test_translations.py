"""Every UI string is translated, and no page shows UI text that bypassed the catalogue."""

from html.parser import HTMLParser

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from config import TestingConfig
from consult import create_app
from consult.extensions import babel, db
from consult.i18n import LOCALES
from consult.translate import POT, extract, problems

MARK_OPEN, MARK_CLOSE = "\u27e6", "\u27e7"


def test_catalogues_are_complete():
    assert problems() == []


@pytest.mark.parametrize("locale", LOCALES)
def test_home_and_consultation_render_in_every_locale(client, make_consultation, locale):
    consultation_id = make_consultation()
    for url in ("/", f"/consultations/{consultation_id}"):
        response = client.get(f"{url}?lang={locale}")
        assert response.status_code == 200


class _VisibleText(HTMLParser):
    """Text a reader sees that is not tagged as content in a language of its own."""

    SKIPPED = {"script", "style", "time", "title"}
    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        tagged = attributes.get("lang") is not None and tag != "html"
        names = attributes.get("translate") == "no"  # names, addresses: no language
        self.stack.append((tag, tagged or names or tag in self.SKIPPED))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(skipped for _, skipped in self.stack):
            return
        self.found.append(data)


def _untranslated(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    text = "".join(parser.found)
    outside = []
    depth = 0
    for char in text:
        depth += char == MARK_OPEN
        if not depth and char.isalpha():
            outside.append(char)
        depth -= char == MARK_CLOSE
    return ["".join(outside)] if outside else []


@pytest.fixture(scope="module")
def marked_app(app, tmp_path_factory):
    """The app with an English catalogue that wraps every translated string in ⟦ ⟧."""
    folder = tmp_path_factory.mktemp("marked")
    pot = folder / "messages.pot"
    extract(pot)
    with pot.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            marked = tuple(f"{MARK_OPEN}{i}{MARK_CLOSE}" for i in ids)
            message.string = marked if isinstance(message.id, tuple) else marked[0]
    (folder / "en" / "LC_MESSAGES").mkdir(parents=True)
    with (folder / "en" / "LC_MESSAGES" / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)

    class Marked(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        BABEL_TRANSLATION_DIRECTORIES = str(folder)

    babel.domain_instance.cache.clear()  # Flask-Babel caches catalogues across apps
    marked = create_app(Marked)
    yield marked
    babel.domain_instance.cache.clear()
    with marked.app_context():
        db.engine.dispose()


def test_pages_show_no_ui_text_outside_the_catalogue(marked_app, make_consultation):
    consultation_id = make_consultation()
    client = marked_app.test_client()
    for url in ("/", f"/consultations/{consultation_id}", "/login", "/missing"):
        html = client.get(f"{url}?lang=en").get_data(as_text=True)
        assert _untranslated(html) == [], url
    assert POT.exists()
