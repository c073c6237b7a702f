"""The platform pages (issue #22): the list of municipalities, a new one (with its first
administrator's password link on its own host), a municipality's settings; bad input changes
nothing; markup typed into a name stays text; every page in every interface language."""

import re

import pytest
from sqlalchemy import func, select, text

from consult.auth.models import User
from consult.core.mail_outbox import OutboxMessage
from consult.core.municipalities import Municipality
from consult.core.tenancy import ALL_MUNICIPALITIES
from consult.extensions import db
from tests.conftest import submit

NEW = "/platform/municipalities/new?lang=en"
GOOD = {
    "slug": "gjakova",
    "name_sq": "Komuna e Gjakovës",
    "name_en": "Municipality of Gjakova",
    "host": "Gjakova.Example",
    "official_languages": ["sq", "sr"],
    "languages_in_use": ["tr"],
    "standards_profile": "kosovo-municipal",
    "brand_colour": "#0b4f8a",
    "contact_email": "info@gjakova.example",
    "admin_name": "Besa Hoxha",
    "admin_email": "Admin@Gjakova.example",
}
LINK = re.compile(r"https://gjakova\.example/password/reset/\S+")


def _everything(model):
    return select(model).execution_options(**{ALL_MUNICIPALITIES: True})


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Municipality)),
            len(db.session.scalars(_everything(User)).all()),
            len(db.session.scalars(_everything(OutboxMessage)).all()),
        )


def test_the_list_shows_every_municipality_with_its_consultations(platform_client, second):
    page = platform_client.get("/platform/municipalities?lang=en").get_data(as_text=True)
    assert "prizren.example" in page and ">prizren<" in page and ">istog<" in page
    assert "kosovo-municipal" not in page  # the profile by its name, not its key
    row = re.search(r"<td translate=\"no\">prizren</td>.*?</tr>", page, re.S).group(0)
    assert re.findall(r'class="number">(\d+)<', row) == ["3", "3"]


def test_a_platform_admin_creates_a_municipality_and_its_administrator(app, platform_client):
    answer = submit(platform_client, NEW, GOOD)
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    with app.app_context():
        made = db.session.scalar(select(Municipality).where(Municipality.slug == "gjakova"))
        assert (made.host, made.official_languages, made.languages_in_use) == (
            "gjakova.example",
            ["sq", "sr"],
            ["tr"],
        )
        assert made.name == {"sq": "Komuna e Gjakovës", "en": "Municipality of Gjakova"}
        admin = db.session.scalar(_everything(User).where(User.municipality_id == made.id))
        assert (admin.email, admin.role, admin.platform_admin) == (
            "admin@gjakova.example",
            "admin",
            False,
        )
        mail = db.session.scalars(_everything(OutboxMessage)).one()
        assert mail.to == "admin@gjakova.example" and mail.municipality_id == made.id
        assert LINK.search(mail.body), mail.body
        logged = db.session.execute(
            text(
                "SELECT municipality_id, actor_id, details FROM audit_log "
                "WHERE action = 'municipality.created'"
            )
        ).one()
        assert logged[0] == made.id and logged[1] is None  # the actor is not Gjakova's
        assert "platform_admin_id" in str(logged[2])
    listed = platform_client.get("/platform/municipalities?lang=en").get_data(as_text=True)
    assert "Municipality of Gjakova" in listed


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"slug": "Gjakova"}, "lower-case letters"),
        ({"slug": "istog"}, "already"),
        ({"name_sq": "", "name_en": ""}, "name in one language"),
        ({"host": "https://gjakova.example/"}, "host name"),
        ({"host": ""}, "host name"),
        ({"official_languages": ["xx"]}, "language codes"),
        ({"standards_profile": "atlantis"}, "choose among"),
        ({"brand_colour": "#ffff00"}, "contrast"),
        ({"brand_colour": "yellow"}, "a colour like"),
        ({"contact_email": "nobody"}, "not an e-mail address"),
        ({"admin_email": "nobody"}, "not an e-mail address"),
        ({"admin_name": " "}, "administrator&#39;s name"),
    ],
)
def test_bad_input_creates_nothing_and_says_why(app, platform_client, change, words):
    before = _counts(app)
    answer = submit(platform_client, NEW, GOOD | change)
    assert answer.status_code == 400
    assert words in answer.get_data(as_text=True)
    assert _counts(app) == before


def test_a_taken_administrator_address_or_host_creates_nothing(app, platform_client, second):
    before = _counts(app)
    for change in ({"admin_email": "officer@prizren.example"}, {"host": "prizren.example"}):
        answer = submit(platform_client, NEW, GOOD | change)
        assert answer.status_code == 400 and "already" in answer.get_data(as_text=True)
    assert _counts(app) == before


def test_a_form_without_its_token_is_refused(app, platform_client):
    before = _counts(app)
    assert platform_client.post(NEW, data=GOOD).status_code == 400
    assert _counts(app) == before


def test_the_settings_page_writes_checked_values_and_logs_them(app, platform_client, second):
    url = f"/platform/municipalities/{second['municipality_id']}?lang=en"
    page = platform_client.get(url).get_data(as_text=True)
    assert 'value="prizren.example"' in page
    fields = {
        "name_en": "Municipality of Prizren",
        "name_tr": "Prizren Belediyesi",
        "host": "komuna-prizren.example",
        "official_languages": ["sq", "sr", "bs"],
        "languages_in_use": ["tr"],
        "contact_phone": "+383 29 000 000",
    }
    assert submit(platform_client, url, fields).status_code == 302
    with app.app_context():
        found = db.session.get(Municipality, second["municipality_id"])
        assert (found.host, found.languages_in_use, found.contact_phone) == (
            "komuna-prizren.example",
            ["tr"],
            "+383 29 000 000",
        )
        assert found.name == {"en": "Municipality of Prizren", "tr": "Prizren Belediyesi"}
        logged = db.session.execute(
            text("SELECT municipality_id FROM audit_log WHERE action = 'municipality.updated'")
        ).scalar_one()
        assert logged == second["municipality_id"]
    refused = submit(
        platform_client, url, fields | {"brand_colour": "#ffff00", "host": "x.example"}
    )
    assert refused.status_code == 400 and "contrast" in refused.get_data(as_text=True)
    taken = submit(platform_client, url, fields | {"host": "localhost.example"})
    assert taken.status_code == 302
    clash = submit(
        platform_client, "/platform/municipalities/1?lang=en", {"host": "localhost.example"}
    )
    assert clash.status_code == 400 and "already" in clash.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Municipality, second["municipality_id"]).brand_colour is None
        assert db.session.get(Municipality, 1).host is None


def test_an_unknown_municipality_is_a_404(platform_client):
    assert platform_client.get("/platform/municipalities/999").status_code == 404


def test_markup_typed_into_a_name_shows_as_text(app, platform_client):
    markup = '<b id="typed">Gjakova</b><script>alert(1)</script>'
    answer = submit(platform_client, NEW, GOOD | {"name_en": markup})
    assert answer.status_code == 302
    for url in ("/platform/municipalities?lang=en", "/platform/overview?lang=en"):
        page = platform_client.get(url).get_data(as_text=True)
        assert '<b id="typed">' not in page and "<script>alert(1)" not in page, url
        assert "&lt;b id=" in page or "\\u003cb id=" in page, url
    with app.app_context():
        found = db.session.scalar(select(Municipality).where(Municipality.slug == "gjakova"))
    page = platform_client.get(f"/platform/municipalities/{found.id}?lang=en").get_data(
        as_text=True
    )
    assert '<b id="typed">' not in page


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_every_platform_page_renders_in_every_language(platform_client, second, locale):
    urls = [
        "/platform/municipalities",
        "/platform/municipalities/new",
        "/platform/municipalities/1",
        f"/platform/municipalities/{second['municipality_id']}",
        "/platform/overview",
        "/open-data/municipalities",
    ]
    for url in urls:
        answer = platform_client.get(f"{url}?lang={locale}")
        assert answer.status_code == 200, (url, locale)
    refused = submit(
        platform_client, f"/platform/municipalities/new?lang={locale}", GOOD | {"slug": "X"}
    )
    assert refused.status_code == 400
