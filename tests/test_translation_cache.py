"""Translations looked up once per request and locale (#23): Jinja's `_()` and the lazy
messages ask the catalogue once for each (locale, message) of a request, and a page written
under `force_locale` (an e-mail, a notice in every official language) is in its own language
while the page around it stays in the reader's."""

from flask import render_template, render_template_string
from flask_babel import force_locale, get_translations

import consult.i18n
from consult.consultations.services import report_mail
from consult.core.models import Consultation
from consult.extensions import db
from consult.i18n import current_locale, lazy_text, localize, translated
from consult.public.sharing import notice_pages

MESSAGE = "Scan the code with your phone, or open:"


def _catalogue(locale: str, message: str = MESSAGE) -> str:
    with force_locale(locale):
        text = get_translations().ugettext(message)
    assert text != message, f"{message!r} has no {locale} translation"
    return text


def test_a_message_shown_many_times_is_looked_up_once_per_locale(app, monkeypatch):
    lookups = []
    real = consult.i18n.get_translations

    def counted():
        lookups.append(1)
        return real()

    monkeypatch.setattr(consult.i18n, "get_translations", counted)
    with app.test_request_context("/?lang=sr_Latn"):
        page = render_template_string("{% for _i in range(50) %}{{ _(m) }}|{% endfor %}", m=MESSAGE)
        assert len(lookups) == 1
        with force_locale("sq"):
            albanian = render_template_string("{{ _(m) }}", m=MESSAGE)
        assert len(lookups) == 2
        again = render_template_string("{{ _(m) }}", m=MESSAGE)
        assert str(lazy_text(MESSAGE)) == again
        assert len(lookups) == 2
    serbian = translated_in("sr_Latn", app)
    assert page.split("|")[:50] == [serbian] * 50
    assert albanian == translated_in("sq", app) != serbian
    assert again == serbian


def translated_in(locale: str, app) -> str:
    with app.test_request_context(f"/?lang={locale}"):
        return _catalogue(locale)


def test_a_new_request_looks_up_afresh(app, monkeypatch):
    with app.test_request_context("/?lang=sr_Latn"):
        assert translated(MESSAGE) == _catalogue("sr_Latn")
    with app.test_request_context("/?lang=bs"):
        assert translated(MESSAGE) == _catalogue("bs")


def test_mails_and_notices_written_in_a_serbian_request_keep_their_own_language(
    app, make_consultation
):
    consultation_id = make_consultation()
    with app.test_request_context("/?lang=sr_Latn"):
        page = render_template("public/_poster_page.html", consultation=_get(consultation_id))
        assert _catalogue("sr_Latn") in page

        pages = {locale: html for locale, _tag, html in notice_pages(_get(consultation_id), str)}
        assert _catalogue("sq") in pages["sq"] and _catalogue("sr_Latn") not in pages["sq"]
        assert _catalogue("bs") in pages["bs"]

        subject, _body = report_mail(_get(consultation_id), "sq")
        published = "The report on “%(title)s” is published"
        assert subject.startswith(_catalogue("sq", published).split("“")[0])

        after = render_template("public/_poster_page.html", consultation=_get(consultation_id))
        assert _catalogue("sr_Latn") in after and _catalogue("sq") not in after
        assert str(lazy_text(MESSAGE)) == _catalogue("sr_Latn")


def _get(consultation_id: int) -> Consultation:
    return db.session.get(Consultation, consultation_id)


def test_the_locale_is_kept_for_the_request_and_a_forced_one_wins(app, monkeypatch):
    """`current_locale()` (every `localize`, a hundred times a page) asks flask-babel once a
    request; under `force_locale` it is the forced locale, and the reader's after it."""
    asked = []
    real = consult.i18n.get_locale

    def counted():
        asked.append(1)
        return real()

    monkeypatch.setattr(consult.i18n, "get_locale", counted)
    title = {"sq": "Titulli", "sr_Latn": "Naslov", "bs": "Naslov (bs)"}
    with app.test_request_context("/?lang=sr_Latn"):
        assert [current_locale() for _i in range(50)] == ["sr_Latn"] * 50
        assert len(asked) == 1
        assert localize(title).text == "Naslov"
        with force_locale("bs"):
            assert current_locale() == "bs"
            assert localize(title).text == "Naslov (bs)"
            with force_locale("sq"):
                assert current_locale() == "sq"
                assert translated(MESSAGE) == _catalogue("sq")
            assert current_locale() == "bs"
        assert current_locale() == "sr_Latn"
        assert localize(title).text == "Naslov"
        assert translated(MESSAGE) == _catalogue("sr_Latn")
    with app.test_request_context("/?lang=bs"):
        with force_locale("sq"):  # forced before the request's own was chosen
            assert current_locale() == "sq"
        assert current_locale() == "bs"
