"""The municipality as a row (issue #22, first step): its languages decide what the interface
offers (Turkish for a municipality that has it in official use, never for Istog by default);
its name, colour and contacts replace the configuration's once set; `flask municipalities set`
checks every value before it writes anything; migration 0035 keeps an install's data and makes
it the first municipality."""

import re

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from config import TestingConfig
from consult import create_app
from consult.core.municipalities import Municipality, interface_locales
from consult.extensions import db
from tests.conftest import submit
from tests.test_newcomer_walk import (
    _albanian_texts,
    _code_problems,
    _fallback_problems,
    _pages,
    _signed_in,
    _summary,
    _walk,
)
from tests.test_newcomer_walk import demo as demo

SWITCHER = re.compile(r'hreflang="([a-zA-Z-]+)"')


def _istog(app) -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.slug == "istog"))


def _set(runner, *args: str):
    return runner.invoke(args=["municipalities", "set", "istog", *args])


def test_istog_offers_its_languages_and_english_but_not_turkish(client):
    page = client.get("/?lang=tr").get_data(as_text=True)
    assert '<html lang="sq"' in page  # Turkish is not offered: the default stays
    assert set(SWITCHER.findall(page)) == {"sq", "sr-Latn", "sr-Cyrl", "bs", "en"}
    assert "Türkçe" not in page
    turkish_browser = client.get("/", headers={"Accept-Language": "tr,en;q=0.5"})
    assert '<html lang="en"' in turkish_browser.get_data(as_text=True)


def test_turkish_in_official_use_is_offered_and_spoken(app, runner):
    assert _set(runner, "--in-use", "tr").exit_code == 0
    fresh = app.test_client()
    page = fresh.get("/", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert '<html lang="tr"' in page
    assert "Halkı Bilgilendirme Ofisi" in page  # the Public Information Office, in the footer
    assert "Türkçe" in page and 'hreflang="tr"' in page
    fresh.get("/?lang=tr")
    login = fresh.get("/login").get_data(as_text=True)  # the session keeps the language
    assert '<html lang="tr"' in login and "Parola" in login
    with app.app_context():
        assert interface_locales(_istog(app)) == ("sq", "sr_Latn", "sr", "bs", "tr", "en")


def test_a_language_dropped_from_the_municipality_is_no_longer_kept_in_the_session(app, runner):
    _set(runner, "--in-use", "tr")
    client = app.test_client()
    client.get("/?lang=tr")
    _set(runner, "--unset", "in-use")
    assert '<html lang="sq"' in client.get("/").get_data(as_text=True)


@pytest.mark.slow
def test_every_page_of_the_demo_reads_in_turkish(app, demo, runner):
    """The demo walked in Turkish as the public, an officer and the chair: no page fails, every
    page says it is Turkish, and Albanian content shown instead is marked as such."""
    assert _set(runner, "--in-use", "tr").exit_code == 0
    albanian = _albanian_texts(app)
    problems, pages = [], 0
    readers = [_walk(app, app.test_client(), "public", "tr")]
    for role in ("officer", "chair"):
        account = next(a for a in demo.accounts if a.role == role)
        readers.append(_walk(app, _signed_in(app, account), role, "tr"))
    for reader in readers:
        for where, page in _pages(reader):
            pages += 1
            if page.get("lang") != "tr":
                problems.append(f"{where}: page in {page.get('lang')!r}")
            problems += _fallback_problems(where, page, albanian)
            problems += _code_problems(where, page)
    assert pages > 60, f"the walk read only {pages} pages"
    assert not problems, _summary(problems)


def test_name_colour_and_contacts_come_from_the_row_once_set(app, client, runner):
    result = _set(
        runner,
        "--name",
        "sq=Komuna e Mamushës",
        "--name",
        "en=Municipality of Mamusha",
        "--colour",
        "#7a1f1f",
        "--email",
        "info@mamusha.example",
        "--phone",
        "+383 29 000 000",
    )
    assert result.exit_code == 0, result.output
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Municipality of Mamusha" in page and "Municipality of Istog" not in page
    assert "info@mamusha.example" in page and "tel:+38329000000" in page
    assert "#7a1f1f" in client.get("/brand.css").get_data(as_text=True)
    assert "Komuna e Mamushës" in client.get("/?lang=sq").get_data(as_text=True)
    _set(runner, "--unset", "name", "--unset", "colour")
    assert "Municipality of Istog" in client.get("/?lang=en").get_data(as_text=True)
    assert app.config["BRAND_COLOURS"]["primary"] in client.get("/brand.css").get_data(as_text=True)


def test_the_official_languages_decide_what_publishing_requires(app, runner, ctx):
    from consult.i18n import missing_languages

    assert missing_languages({"sq": "Titulli", "sr_Latn": "Naslov"}) == ["bs"]
    _set(runner, "--official", "sq,sr")
    db.session.expire_all()
    from flask import g

    g.pop("municipality", None)
    assert missing_languages({"sq": "Titulli", "sr_Latn": "Naslov"}) == []


def test_turkish_as_an_official_language_is_typed_and_required(app, runner, ctx):
    from flask import g

    from consult.core.municipalities import typed_locales
    from consult.i18n import missing_languages

    result = _set(runner, "--official", "sq,sr,tr", "--name", "tr=Mamuşa Belediyesi")
    assert result.exit_code == 0, result.output
    g.pop("municipality", None)
    assert "tr" in typed_locales()
    assert missing_languages({"sq": "Titulli", "sr_Latn": "Naslov"}) == ["tr"]
    assert missing_languages({"sq": "Titulli", "sr_Latn": "Naslov", "tr": "Başlık"}) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--in-use", "xx"], "xx: give language codes among"),
        (["--profile", "atlantis"], "atlantis: choose among"),
        (["--colour", "#ffff00"], "contrast"),
        (["--colour", "yellow"], "give a colour like"),
        (["--email", "nobody"], "is not an e-mail address"),
        (["--name", "de=Gemeinde"], "LOCALE=NAME"),
    ],
)
def test_a_wrong_setting_is_refused_and_nothing_is_written(app, runner, args, said):
    result = runner.invoke(args=["municipalities", "set", "istog", "--phone", "044", *args])
    assert result.exit_code != 0
    assert said in result.output
    with app.app_context():
        assert _istog(app).contact_phone is None


def test_nothing_to_set_is_said(runner):
    result = runner.invoke(args=["municipalities", "set", "istog"])
    assert result.exit_code != 0 and "Nothing to set" in result.output


def test_an_unknown_municipality_is_named(runner):
    result = runner.invoke(args=["municipalities", "set", "atlantis", "--in-use", "tr"])
    assert result.exit_code != 0 and "There is no municipality 'atlantis'" in result.output


def test_the_list_shows_each_setting_and_where_it_comes_from(runner):
    _set(runner, "--in-use", "tr", "--profile", "albania-146-2014")
    listed = runner.invoke(args=["municipalities", "list"]).output
    assert "1 istog: Municipality of Istog" in listed
    assert "official languages: sq, sr, bs" in listed
    assert "in official use: tr" in listed
    assert "interface: sq, sr_Latn, sr, bs, tr, en" in listed
    assert "standards profile: albania-146-2014" in listed
    profiles = runner.invoke(args=["standards", "profiles"]).output
    assert "albania-146-2014 (in force)" in profiles
    assert "kosovo-municipal (in force)" not in profiles


def test_the_sign_in_page_in_turkish_refuses_in_turkish(app, runner):
    _set(runner, "--in-use", "tr")
    client = app.test_client()
    client.get("/?lang=tr")
    refused = submit(client, "/login", {"email": "nobody@istog.example", "password": "x" * 12})
    assert refused.status_code in (200, 400)
    body = refused.get_data(as_text=True)
    assert '<html lang="tr"' in body and "<title>" in body


def test_0035_keeps_the_data_and_makes_it_the_first_municipality(tmp_path):
    class Database(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'municipalities.sqlite'}"

    app = create_app(Database)
    with app.app_context():
        upgrade(revision="0033")
        with db.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO directorates (id, code, name) VALUES (7, 'EDU', :name)"),
                {"name": '{"sq": "Arsimi"}'},
            )
        upgrade(revision="0035")
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, slug, name, official_languages FROM municipalities")
            ).all()
            kept = connection.execute(text("SELECT code FROM directorates")).scalars().all()
        assert rows == [(1, "istog", None, None)] and kept == ["EDU"]
        downgrade(revision="0033")
        with db.engine.connect() as connection:
            tables = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table'")
            ).scalars()
            assert "municipalities" not in set(tables)
            assert connection.execute(text("SELECT count(*) FROM directorates")).scalar() == 1
        db.engine.dispose()


def test_with_the_database_down_the_page_still_names_the_municipality(tmp_path):
    """A database that cannot answer (here: a file that is no database): the first read of the
    request fails, the configuration describes the municipality, and the error page (as in
    production, not re-raised as in tests) still carries its name and contacts."""
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)

    class Broken(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{broken}"
        TESTING = False

    app = create_app(Broken)
    page = app.test_client().get("/?lang=en")
    assert page.status_code == 500
    text_shown = page.get_data(as_text=True)
    assert "Municipality of Istog" in text_shown and "informimi@istog.example" in text_shown
    with app.app_context():
        db.engine.dispose()


def test_the_municipalitys_profile_is_the_one_its_pages_cite(client, runner, make_consultation):
    consultation_id = make_consultation()
    before = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "Kosovo: minimum standards of public consultation in municipalities" in before
    assert _set(runner, "--profile", "albania-146-2014").exit_code == 0
    after = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "Albania: notification and public consultation" in after
    assert "Kosovo: minimum standards of public consultation" not in after


def test_a_name_and_an_address_in_markup_are_shown_as_text(client, runner):
    markup = '<img src=x onerror="alert(1)">'
    assert _set(runner, "--name", f"en=Istog {markup}", "--address", markup).exit_code == 0
    page = client.get("/?lang=en").get_data(as_text=True)
    assert markup not in page
    assert "Istog &lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
