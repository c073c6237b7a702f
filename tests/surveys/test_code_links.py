"""Access codes never travel in a URL the server receives: not in a slip's QR code or printed
link, not in an invitation e-mail, not in a redirect or a page.

An access log records every request's path and query string; a code there is a code anyone
reading the log can use (or, once used, tie to the time of its use). The links carry the code in
the fragment (`#c=...`), which browsers never send; a same-origin script copies it into the code
field, and the form posts it. Without JavaScript the person types the code, which the slip and
the e-mail print.
"""

import io
import re
import shutil
import subprocess
from urllib.parse import unquote, urlsplit

import pytest
import segno

from consult.core.mail import SENT
from consult.core.mail_outbox import send_everything
from tests.conftest import submit
from tests.surveys.conftest import VALID_FIRST, issue, post_section

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>]+")
URL_IN_ATTRIBUTE = re.compile(r'(?:href|src|action|content)="([^"]*)"')


def urls_in(text: str) -> list[str]:
    return URL_IN_TEXT.findall(text) + URL_IN_ATTRIBUTE.findall(text)


def code_forms(code: str) -> set[str]:
    return {code.upper(), code.replace("-", "").upper()}


def carries_code(url: str, code: str) -> bool:
    """Whether the part of `url` a browser sends (path and query) holds `code`."""
    parts = urlsplit(url)
    sent = unquote(f"{parts.path}?{parts.query}").upper().replace(" ", "")
    return any(form in sent for form in code_forms(code))


@pytest.fixture
def qr_contents(monkeypatch) -> list[str]:
    """What every QR code drawn while the test runs says."""
    drawn: list[str] = []
    make = segno.make

    def recording(content, *args, **kwargs):
        drawn.append(content)
        return make(content, *args, **kwargs)

    monkeypatch.setattr(segno, "make", recording)
    return drawn


def test_the_slips_link_to_the_code_in_the_fragment_only(
    app, client, login, make_directorate, survey_id, qr_contents
):
    directorate_id = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    pdf = submit(
        client,
        f"/manage/surveys/{survey_id}/tokens",
        {"directorate_id": directorate_id, "count": 3},
    ).data
    assert len(qr_contents) == 3
    codes = [urlsplit(link).fragment.removeprefix("c=") for link in qr_contents]
    assert all(CODE.fullmatch(code) for code in codes)
    assert not [
        link for link, code in zip(qr_contents, codes, strict=True) if carries_code(link, code)
    ]
    assert all(urlsplit(link).path == f"/surveys/{survey_id}/code" for link in qr_contents)
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        text = done.stdout.decode()
        assert set(CODE.findall(text)) == set(codes)  # printed for typing
        assert not [url for url in urls_in(text) for code in codes if carries_code(url, code)]
        assert f"/surveys/{survey_id}/code" in text


def test_the_invitation_shows_the_code_and_links_to_it_in_the_fragment_only(
    app, client, login, make_directorate, survey_id
):
    directorate_id = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    SENT.clear()
    submit(
        client,
        f"/manage/surveys/{survey_id}/tokens",
        {
            "directorate_id": directorate_id,
            "count": 1,
            "addresses": (
                io.BytesIO(b"".join(b"s%d@istog.example\n" % n for n in range(5))),
                "a.csv",
            ),
        },
        content_type="multipart/form-data",
    )
    with app.app_context():
        send_everything()
    mail = SENT[0]
    assert len(SENT) == 5
    SENT.clear()
    code = CODE.search(mail.body).group(0)
    assert f"Your access code: {code}" in mail.body
    links = urls_in(mail.body)
    assert links and not [url for url in links if carries_code(url, code)]
    assert any(urlsplit(url).fragment == f"c={code}" for url in links)


def test_no_page_or_redirect_of_the_answering_puts_the_code_in_a_url(app, client, survey_id):
    code = issue(app, survey_id)[0]
    seen = []

    def visit(response):
        seen.append((response.headers.get("Location", ""), response.get_data(as_text=True)))
        return response

    page = visit(client.get(f"/surveys/{survey_id}/code"))
    visit(submit(client, f"/surveys/{survey_id}/code", {"code": code}))
    questionnaire = visit(client.get(f"/surveys/{survey_id}/take")).get_data(as_text=True)
    visit(post_section(client, app, survey_id, questionnaire, VALID_FIRST))
    visit(client.get(f"/surveys/{survey_id}/thanks"))
    assert page.status_code == 200
    assert seen[-2][0].endswith(f"/surveys/{survey_id}/thanks")  # the answers were stored
    for location, body in seen:
        assert not carries_code(location, code)
        assert not [url for url in urls_in(body) if carries_code(url, code)]
        assert not any(form in body.upper() for form in code_forms(code))


def test_a_code_in_the_query_is_neither_read_nor_repeated(app, client, survey_id):
    """An old link (`?c=`): the server takes no code from a URL and sends the browser to the
    bare form, so the code is not repeated in the page's links (the language switch)."""
    code = issue(app, survey_id)[0]
    response = client.get(f"/surveys/{survey_id}/code?c={code}")
    assert response.status_code == 303
    assert urlsplit(response.headers["Location"]).path == f"/surveys/{survey_id}/code"
    assert not carries_code(response.headers["Location"], code)
    assert code not in response.get_data(as_text=True)


def test_the_code_page_fills_the_field_from_the_fragment_with_a_same_origin_script(
    client, survey_id
):
    page = client.get(f"/surveys/{survey_id}/code")
    html = page.get_data(as_text=True)
    assert '<script src="/static/js/access-code.js" defer></script>' in html
    assert "<script>" not in html  # nothing inline for the CSP to block
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert 'method="post"' in html and 'id="code"' in html
    script = client.get("/static/js/access-code.js")
    assert script.status_code == 200
    source = script.get_data(as_text=True)
    script.close()
    assert "location.hash" in source and "replaceState" in source
