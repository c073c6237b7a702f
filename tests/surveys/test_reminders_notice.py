"""The printable reminder for printed access codes (issue #21, part 4): an A4 page in every
official language (Serbian in both scripts), each wholly in its language, saying until when the
survey is open and asking those with a slip who have not answered to do so with its code, with
the survey's link and a QR code that reads back as that very link; a print view and a PDF,
linked from the tokens page, for an open staff survey only."""

import re

import pytest
from flask_babel import force_locale, format_date, gettext

from consult.extensions import db
from consult.surveys.models import Survey
from tests.public.test_notices import pdf_pages, qr_modules, qr_of

PAGES = ("sq", "sr_Latn", "sr", "bs")
TITLE = {
    "sq": "Anketa e stafit për komunikimin",
    "sr_Latn": "Upitnik zaposlenih o komunikaciji",
    "bs": "Upitnik uposlenika o komunikaciji",
    "en": "Staff communication survey",
}
SHOWN_TITLE = {**TITLE, "sr": "Упитник запослених о комуникацији"}


@pytest.fixture
def officer(login):
    return login("officer")


def notice_pdf(client, survey_id: int):
    response = client.get(f"/manage/surveys/{survey_id}/reminder-notice.pdf?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.get_data()


def titled(app, survey_id: int, title: dict = TITLE) -> None:
    with app.app_context():
        db.session.get(Survey, survey_id).consultation.title = dict(title)
        db.session.commit()


def link(survey_id: int, locale: str) -> str:
    return f"http://localhost/surveys/{survey_id}/code?lang={locale}"


def test_a_page_per_official_language_each_wholly_in_its_language(app, client, officer, survey_id):
    titled(app, survey_id)
    pages = pdf_pages(notice_pdf(client, survey_id))
    assert len(pages) == len(PAGES)
    with app.app_context():
        closes = db.session.get(Survey, survey_id).consultation.closes_at
    for locale, text in zip(PAGES, pages, strict=True):
        with app.test_request_context(), force_locale(locale):
            heading = gettext("Have you answered the staff survey?")
            open_until = gettext(
                "The survey is open until %(date)s.", date=format_date(closes, "long")
            )
        assert heading in text and heading != "Have you answered the staff survey?", locale
        assert open_until in text, locale
        assert SHOWN_TITLE[locale] in text, locale
        assert link(survey_id, locale) in text, locale
        for other in PAGES:
            if other != locale:
                assert SHOWN_TITLE[other] not in text, (locale, other)
                assert f"?lang={other} " not in f"{text} ", (locale, other)
        assert "slip" not in text and "Public Information Office" not in text, locale
        assert ".." not in text, locale  # a date ending in a full stop ends the sentence
    cyrillic = pages[PAGES.index("sr")].replace(link(survey_id, "sr"), "")
    assert not re.search(r"[A-Za-z]", cyrillic.replace("QR", "")), cyrillic


def test_each_page_s_qr_code_reads_as_its_own_link(app, client, officer, survey_id):
    data = notice_pdf(client, survey_id)
    for number, locale in enumerate(PAGES, start=1):
        expected = qr_of(link(survey_id, locale))
        assert qr_modules(data, number, len(expected)) == expected, locale
        other = qr_of(link(survey_id, PAGES[number % len(PAGES)]))
        if len(other) == len(expected):
            assert qr_modules(data, number, len(other)) != other, locale


def test_the_notice_prints_no_access_code(app, client, officer, survey_id):
    from tests.surveys.conftest import issue

    codes = issue(app, survey_id, 5)
    text = " ".join(pdf_pages(notice_pdf(client, survey_id)))
    assert not any(code in text or code.replace("-", "") in text for code in codes)
    assert not re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)


def test_the_print_view_has_the_same_pages_and_works_under_the_page_policy(
    app, client, officer, survey_id
):
    response = client.get(f"/manage/surveys/{survey_id}/reminder-notice?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    sections = re.findall(r'<section class="notice-page" lang="([^"]+)">', html)
    assert sections == ["sq", "sr-Latn", "sr-Cyrl", "bs"]
    assert "<style" not in html and " style=" not in html  # style-src 'self' only
    assert "/static/css/reminder-notice.css" in html
    assert f'href="/manage/surveys/{survey_id}/reminder-notice.pdf"' in html
    assert "data:image/svg+xml" in html
    for locale in PAGES:
        assert link(survey_id, locale) in html


def test_markup_in_the_title_is_printed_as_text(app, client, officer, survey_id):
    titled(app, survey_id, {**TITLE, "sq": "<b>Anketa</b><script>alert(1)</script>"})
    html = client.get(f"/manage/surveys/{survey_id}/reminder-notice?lang=en").text
    assert "<script>alert(1)" not in html
    pages = pdf_pages(notice_pdf(client, survey_id))
    assert "<b>Anketa</b><script>alert(1)</script>" in pages[0].replace(" ", "")


@pytest.mark.parametrize("status", ["closed", "reported"])
def test_no_notice_for_a_survey_that_is_not_open(app, client, officer, survey_id, status):
    with app.app_context():
        db.session.get(Survey, survey_id).consultation.status = status
        db.session.commit()
    for suffix in ("", ".pdf"):
        response = client.get(f"/manage/surveys/{survey_id}/reminder-notice{suffix}?lang=en")
        assert response.status_code == 409
        assert "only while the survey is open" in response.text


def test_the_tokens_page_links_the_notice_and_the_reminder(app, client, officer, survey_id):
    html = client.get(f"/manage/surveys/{survey_id}/tokens?lang=en").text
    assert f'href="/manage/surveys/{survey_id}/reminder-notice"' in html
    assert f'href="/manage/surveys/{survey_id}/reminder-notice.pdf"' in html
    assert f'href="/manage/surveys/{survey_id}/reminder"' in html
    assert "It shows who was invited, not who answered" in html


def test_only_its_officers_get_the_notice(app, client, login, survey_id, citizen_survey_id):
    assert client.get(f"/manage/surveys/{survey_id}/reminder-notice.pdf").status_code in (
        302,
        401,
        403,
    )
    login("officer")
    assert client.get(f"/manage/surveys/{citizen_survey_id}/reminder-notice").status_code == 404
