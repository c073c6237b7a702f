"""Security: headers on every response, user content rendered inert everywhere it is shown, and
who may do what in the back office."""

import io
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from config import ProductionConfig
from consult import create_app
from consult.core.models import AuditLog, Consultation, Document
from consult.extensions import db
from tests.conftest import PASSWORD, submit

LOCALES = ("sq", "sr_Latn", "sr", "bs", "en")
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF"

# --- headers ----------------------------------------------------------------------------------


def _csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def _assert_secure_headers(response, production: bool = False) -> None:
    policy = _csp(response)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] in (["'none'"], ["'self'"])
    assert not any("*" in sources for sources in policy.values()), "no wildcard source"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in (
        "same-origin",
        "no-referrer",
        "strict-origin",
        "strict-origin-when-cross-origin",
    )
    if production:
        hsts = response.headers["Strict-Transport-Security"]
        assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 180 * 24 * 3600
    else:
        assert "Strict-Transport-Security" not in response.headers, "HSTS only in production"


def _published_with_document(app, make_consultation) -> tuple[int, int]:
    consultation_id = make_consultation()
    with app.app_context():
        from consult.core.documents import CheckedFile, store_document

        document = store_document(
            CheckedFile(PDF, "pdf", "act.pdf"),
            app.config["UPLOAD_FOLDER"],
            consultation_id=consultation_id,
            title={"sq": "Akti"},
            role="draft",
        )
        db.session.add(document)
        db.session.commit()
        return consultation_id, document.id


def test_every_kind_of_response_carries_the_security_headers(app, client, make_consultation, login):
    consultation_id, document_id = _published_with_document(app, make_consultation)
    responses = {
        "home": client.get("/"),
        "consultation": client.get(f"/consultations/{consultation_id}"),
        "document": client.get(f"/documents/{document_id}"),
        "stylesheet": client.get("/static/css/site.css"),
        "login": client.get("/login"),
        "not found": client.get("/no/such/page"),
        "method not allowed": client.delete("/"),
        "csrf refused": client.post("/login", data={"email": "a@b.example"}),
        "redirect to sign-in": client.get("/manage/"),
    }
    login("cso")
    responses["access refused"] = client.get("/manage/consultations/new")
    for name, response in responses.items():
        try:
            _assert_secure_headers(response)
        except (AssertionError, KeyError) as error:
            raise AssertionError(f"{name} ({response.status_code}): {error!r}") from error
        finally:
            response.close()
    assert responses["csrf refused"].status_code == 400
    assert responses["access refused"].status_code == 403


def test_production_adds_hsts_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "production-like-secret-" * 2)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    monkeypatch.setenv("PUBLIC_URL", "https://consult.istog.example")
    production = create_app(ProductionConfig)
    client = production.test_client()
    for url in ("/login", "/static/css/site.css", "/no/such/page"):
        response = client.get(url, base_url="https://consult.istog.example")
        _assert_secure_headers(response, production=True)
        response.close()
    response = client.get("/login?lang=en", base_url="https://consult.istog.example")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_http_only_and_same_site(client):
    cookies = client.get("/login?lang=en").headers.getlist("Set-Cookie")
    cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_carry_no_inline_script_or_style(app, client, make_consultation, login):
    """The CSP forbids inline code, so the pages must not rely on any."""
    consultation_id, _ = _published_with_document(app, make_consultation)
    pages = ["/", f"/consultations/{consultation_id}", "/login", "/no/such/page"]
    login("admin")
    pages += [
        "/manage/",
        "/manage/consultations/new",
        f"/manage/consultations/{consultation_id}",
        f"/manage/consultations/{consultation_id}/edit",
    ]
    for url in pages:
        found = _ActiveContent.scan(client.get(url).get_data(as_text=True))
        assert not found.inline_scripts, url
        assert not found.style_attributes, url
        assert not found.style_elements, url
        assert not found.handlers, url


# --- XSS --------------------------------------------------------------------------------------


class _ActiveContent(HTMLParser):
    """Everything in a page that could run code or restyle it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.inline_scripts: list[dict] = []
        self.style_elements = 0
        self.style_attributes: list[str] = []
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self.foreign_elements: list[str] = []

    @classmethod
    def scan(cls, page: str) -> "_ActiveContent":
        parser = cls()
        parser.feed(page)
        parser.close()
        return parser

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not _is_data_block(attributes):
            if not (attributes.get("src") or "").startswith("/static/"):
                self.scripts.append(attributes)  # only the site's own files may run
            if "src" not in attributes:
                self.inline_scripts.append(attributes)
        if tag == "style":
            self.style_elements += 1
        if tag in ("iframe", "frame", "object", "embed", "base"):
            self.foreign_elements.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name == "style":
                self.style_attributes.append(tag)
            if name in ("href", "src", "action", "formaction") and _runs_code(value or ""):
                self.javascript_urls.append(value)

    handle_startendtag = handle_starttag


def _is_data_block(attributes: dict) -> bool:
    """`<script type="application/json">` carries data (a chart's figure); it never runs."""
    return (attributes.get("type") or "").strip().lower() in (
        "application/json",
        "application/ld+json",
    )


def _runs_code(url: str) -> bool:
    return re.sub(r"[\s\x00-\x1f]", "", url).lower().startswith(("javascript:", "data:text"))


def payload(where: str) -> str:
    """A different attack in each field, tagged so a leak names the field."""
    attacks = [
        '<script>alert("{}")</script>',
        '"><img src=x onerror=alert("{}")>',
        "'><svg onload=alert('{}')>",
        "</textarea></title><script>alert('{}')</script>",
        "<a href=\"javascript:alert('{}')\">x</a>",
        "<iframe srcdoc='<script>alert(`{}`)</script>'></iframe>",
    ]
    return attacks[sum(map(ord, where)) % len(attacks)].format(where)


TRANSLATED = ("title", "summary", "body")
TEXT_FIELDS = [f"{name}_{locale}" for name in TRANSLATED for locale in LOCALES]
CONTACT_FIELDS = ("contact_name", "contact_phone")
DOCUMENT_TITLES = ("title_sq", "title_sr_Latn", "title_bs", "title_en")


def _assert_inert(page: str, payloads: dict[str, str], where: str) -> None:
    for field, attack in payloads.items():
        assert attack not in page, f"{field} appears unescaped on {where}"
    found = _ActiveContent.scan(page)
    assert not found.scripts, f"a script element on {where}: {found.scripts}"
    assert not found.handlers, f"an event handler on {where}: {found.handlers}"
    assert not found.javascript_urls, f"a javascript: URL on {where}"
    assert not found.foreign_elements, f"injected {found.foreign_elements} on {where}"


@pytest.fixture
def attacked(app, client, login, make_directorate):
    """An officer filled every free-text field of a consultation and a document with attacks,
    through the forms, and published it. Returns (consultation id, {field: payload})."""
    directorate = make_directorate()
    login("officer")
    payloads = {name: payload(name) for name in (*TEXT_FIELDS, *CONTACT_FIELDS)}
    payloads["contact_phone"] = '<svg/onload=alert("tel")>'  # the field holds 40 characters
    form = {
        **payloads,
        "kind": "draft_act",
        "directorate_id": str(directorate),
        "planned_year": "2026",
        "contact_email": "valentina.gashi@istog.example",
        "notice_at": "2026-01-01",
        "opens_at": "2026-01-10",
        "closes_at": "2099-12-31",
    }
    response = submit(client, "/manage/consultations/new", form)
    assert response.status_code == 302, response.get_data(as_text=True)
    manage_page = response.headers["Location"]
    consultation_id = int(manage_page.rstrip("/").rsplit("/", 1)[-1])

    titles = {f"document {name}": payload(f"document {name}") for name in DOCUMENT_TITLES}
    file_name = "<img src=x onerror=alert('file')>.pdf"
    upload = submit(
        client,
        f"{manage_page}/documents",
        {
            "file": (io.BytesIO(PDF), file_name),
            "role": "draft",
            **{name.removeprefix("document "): value for name, value in titles.items()},
        },
        form_url=manage_page,
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302, upload.get_data(as_text=True)
    note = submit(
        client,
        f"{manage_page}/documents",
        {"file": (io.BytesIO(PDF), "arsyetimi.pdf"), "role": "explanatory_note", "title_sq": "A"},
        form_url=manage_page,
        content_type="multipart/form-data",
    )
    assert note.status_code == 302, note.get_data(as_text=True)  # MS-NOTE
    published = submit(
        client, f"{manage_page}/advance", {"to_status": "announced"}, form_url=manage_page
    )
    assert published.status_code == 302
    with app.app_context():
        assert db.session.get(Consultation, consultation_id).status == "announced"
        stored = db.session.scalars(
            select(Document.original_name).where(Document.role == "draft")
        ).one()
    return consultation_id, {**payloads, **titles, "file name": stored}


@pytest.mark.parametrize("locale", LOCALES)
def test_attacks_in_every_field_are_inert_on_public_pages(client, attacked, locale):
    consultation_id, payloads = attacked
    for url in (f"/?lang={locale}", f"/consultations/{consultation_id}?lang={locale}"):
        page = client.get(url).get_data(as_text=True)
        _assert_inert(page, payloads, url)
    page = client.get(f"/consultations/{consultation_id}?lang={locale}").get_data(as_text=True)
    shown = "title_sr" if locale == "sr" else f"title_{locale}"
    assert str(escape(payloads[shown])) in page, "the title is shown, escaped"
    assert str(escape(payloads["contact_name"])) in page


def test_attacks_are_inert_in_the_back_office(client, attacked):
    consultation_id, payloads = attacked
    for locale in LOCALES:
        for url in (
            f"/manage/?lang={locale}",
            f"/manage/consultations/{consultation_id}?lang={locale}",
            f"/manage/consultations/{consultation_id}/edit?lang={locale}",
        ):
            page = client.get(url).get_data(as_text=True)
            _assert_inert(page, payloads, url)
    edit = client.get(f"/manage/consultations/{consultation_id}/edit").get_data(as_text=True)
    for field in (*TEXT_FIELDS, *CONTACT_FIELDS):
        assert str(escape(payloads[field])) in edit, f"{field} is kept, escaped, in the form"
    manage = client.get(f"/manage/consultations/{consultation_id}").get_data(as_text=True)
    assert str(escape(payloads["file name"])) in manage


def test_transliterated_serbian_is_inert_too(client, make_consultation):
    """Cyrillic produced from Latin keeps markup-like text as text."""
    attacks = {locale: payload(f"cyr {locale}") for locale in ("sq", "sr_Latn", "bs")}
    consultation_id = make_consultation(title=attacks, summary=attacks, body=attacks)
    page = client.get(f"/consultations/{consultation_id}?lang=sr").get_data(as_text=True)
    _assert_inert(page, attacks, "the Cyrillic page")
    assert 'lang="sr-Cyrl"' in page


def test_contact_e_mail_and_phone_cannot_become_links_that_run_code(client, make_consultation):
    """Values the form would refuse, as if written by an import or an older version."""
    consultation_id = make_consultation(
        contact_email='javascript:alert(1)//"><script>alert("mail")</script>',
        contact_phone="javascript:alert(2)",
    )
    page = client.get(f"/consultations/{consultation_id}").get_data(as_text=True)
    _assert_inert(page, {"contact_email": "<script>alert("}, "the consultation page")
    assert 'href="mailto:javascript' in page or "mailto:" not in page
    assert 'href="tel:javascript' in page or "tel:" not in page


def _raw_upload(client, manage_page: str, filename_header: str):
    """Upload a PDF whose Content-Disposition file name is written by hand, as an attacker
    could (the test client would quote it)."""
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', client.get(manage_page).get_data(as_text=True)
    ).group(1)
    boundary = "consult-boundary"
    parts = [
        ("csrf_token", "", token.encode()),
        ("role", "", b"draft"),
        ("title_sq", "", b"Akti"),
        ("file", f"; {filename_header}\r\nContent-Type: application/pdf", PDF),
    ]
    body = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"{extra}\r\n\r\n'.encode()
            + value
            + b"\r\n"
            for name, extra, value in parts
        )
        + f"--{boundary}--\r\n".encode()
    )
    return client.post(
        f"{manage_page}/documents",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_a_quoted_hostile_file_name_downloads_safely(app, client, login, make_consultation):
    consultation_id = make_consultation()
    login("officer")
    manage_page = f"/manage/consultations/{consultation_id}"
    response = _raw_upload(client, manage_page, 'filename="a\\"; x=\\"<script>.pdf"')
    assert response.status_code == 302
    with app.app_context():
        document_id = db.session.scalars(select(Document.id)).one()
    download = client.get(f"/documents/{document_id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Type"] == "application/pdf"
    download.close()


def test_a_file_name_with_line_breaks_cannot_break_the_download(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    login("officer")
    manage_page = f"/manage/consultations/{consultation_id}"
    header = "filename*=UTF-8''act%0D%0ASet-Cookie%3A%20stolen%3D1.pdf"
    response = _raw_upload(client, manage_page, header)
    assert response.status_code in (302, 400)
    with app.app_context():
        document_ids = db.session.scalars(select(Document.id)).all()
    for document_id in document_ids:
        download = client.get(f"/documents/{document_id}")
        assert download.status_code == 200
        assert "Set-Cookie" not in download.headers
        download.close()


# --- access control ---------------------------------------------------------------------------


def _client_for(app, make_user, role: str, directorate_id: int | None = None, email=None):
    """A separate browser signed in as a new user of `role`."""
    browser = app.test_client()
    email = make_user(role, email=email, directorate_id=directorate_id)
    response = submit(browser, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def _state(app, consultation_id: int) -> tuple:
    with app.app_context():
        item = db.session.get(Consultation, consultation_id)
        documents = db.session.scalar(select(func.count()).select_from(Document))
        audits = db.session.scalars(select(AuditLog.action)).all()
        return (item.status, item.title, item.directorate_id, documents, sorted(audits))


def _token(browser) -> str:
    """The session's CSRF token, read from the sign-out form every page carries."""
    page = browser.get("/?lang=en").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _try_everything(browser, consultation_id: int, directorate_id: int | None) -> dict:
    token = _token(browser)
    base = f"/manage/consultations/{consultation_id}"
    edit = {
        "kind": "draft_act",
        "directorate_id": str(directorate_id or ""),
        "title_sq": "Ndryshuar nga dikush tjetër",
        "csrf_token": token,
    }
    document = {
        "file": (io.BytesIO(PDF), "act.pdf"),
        "role": "draft",
        "title_sq": "Dokument i huaj",
        "csrf_token": token,
    }
    return {
        "view": browser.get(base).status_code,
        "edit form": browser.get(f"{base}/edit").status_code,
        "edit": browser.post(f"{base}/edit", data=edit).status_code,
        "upload": browser.post(
            f"{base}/documents", data=document, content_type="multipart/form-data"
        ).status_code,
        "publish": browser.post(
            f"{base}/advance", data={"to_status": "announced", "csrf_token": token}
        ).status_code,
    }


@pytest.fixture
def two_directorates(make_directorate, make_consultation):
    """Education and Health, and a complete draft of Health's ready to publish."""
    education, health = make_directorate("EDU", "Arsimi"), make_directorate("HEA", "Shëndetësia")
    consultation_id = make_consultation(directorate_id=health, status="draft")
    return education, health, consultation_id


def test_officer_of_another_directorate_can_do_nothing_to_a_consultation(
    app, make_user, two_directorates
):
    education, _, consultation_id = two_directorates
    officer = _client_for(app, make_user, "officer", education)
    before = _state(app, consultation_id)  # after the sign-in, which is audit-logged
    codes = _try_everything(officer, consultation_id, education)
    assert codes == dict.fromkeys(codes, 403)
    assert _state(app, consultation_id) == before
    listing = officer.get("/manage/").get_data(as_text=True)
    assert f"/manage/consultations/{consultation_id}" not in listing


@pytest.mark.parametrize("role", ["chair", "cso"])
def test_chair_and_organisations_cannot_use_the_back_office(app, make_user, two_directorates, role):
    _, health, consultation_id = two_directorates
    browser = _client_for(app, make_user, role)
    before = _state(app, consultation_id)
    codes = _try_everything(browser, consultation_id, health)
    assert codes == dict.fromkeys(codes, 403)
    token = _token(browser)
    new = browser.post("/manage/consultations/new", data={"kind": "draft_act", "csrf_token": token})
    assert new.status_code == 403
    assert browser.get("/manage/consultations/new").status_code == 403
    assert _state(app, consultation_id) == before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Consultation)) == 1


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(app, client, two_directorates):
    consultation_id = two_directorates[2]
    before = _state(app, consultation_id)
    base = f"/manage/consultations/{consultation_id}"
    for response in (
        client.get(base),
        client.get(f"{base}/edit"),
        client.post(f"{base}/advance", data={"to_status": "announced"}),
        client.post("/manage/consultations/new", data={"kind": "draft_act"}),
    ):
        assert response.status_code in (302, 400)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
    assert _state(app, consultation_id) == before


@pytest.mark.parametrize("who", ["own officer", "information office", "admin"])
def test_own_officer_the_information_office_and_admins_may_act(
    app, make_user, two_directorates, who
):
    _, health, consultation_id = two_directorates
    role, directorate = {
        "own officer": ("officer", health),
        "information office": ("officer", None),
        "admin": ("admin", None),
    }[who]
    browser = _client_for(app, make_user, role, directorate)
    codes = _try_everything(browser, consultation_id, health)
    assert codes == {"view": 200, "edit form": 200, "edit": 302, "upload": 302, "publish": 302}
    with app.app_context():
        item = db.session.get(Consultation, consultation_id)
        assert item.title["sq"] == "Ndryshuar nga dikush tjetër"
        assert db.session.scalar(select(func.count()).select_from(Document)) == 1


def test_officer_cannot_create_or_move_a_consultation_into_another_directorate(
    app, make_user, make_consultation, two_directorates
):
    education, health, _ = two_directorates
    mine = make_consultation(directorate_id=education, status="draft")
    officer = _client_for(app, make_user, "officer", education)
    token = _token(officer)
    created = officer.post(
        "/manage/consultations/new?lang=en",
        data={"kind": "draft_act", "directorate_id": str(health), "csrf_token": token},
    )
    assert created.status_code == 200 and "Not a valid choice" in created.get_data(as_text=True)
    moved = officer.post(
        f"/manage/consultations/{mine}/edit",
        data={"kind": "draft_act", "directorate_id": str(health), "csrf_token": token},
    )
    assert moved.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Consultation)) == 2
        assert db.session.get(Consultation, mine).directorate_id == education


def test_changes_without_a_csrf_token_are_refused(app, make_user, two_directorates):
    _, health, consultation_id = two_directorates
    officer = _client_for(app, make_user, "officer", health)
    before = _state(app, consultation_id)
    base = f"/manage/consultations/{consultation_id}"
    for response in (
        officer.post(f"{base}/edit", data={"kind": "draft_act", "title_sq": "x"}),
        officer.post(f"{base}/advance", data={"to_status": "announced"}),
        officer.post(f"{base}/advance", data={"to_status": "announced", "csrf_token": "x"}),
        officer.post("/manage/consultations/new", data={"kind": "draft_act"}),
        officer.post("/logout"),
    ):
        assert response.status_code == 400
    assert _state(app, consultation_id) == before
    assert officer.get(base).status_code == 200, "still signed in: logout needs the token too"


def test_drafts_and_their_documents_stay_private(app, client, make_consultation):
    consultation_id, document_id = _published_with_document(app, make_consultation)
    with app.app_context():
        db.session.get(Consultation, consultation_id).status = "draft"
        db.session.commit()
    assert client.get(f"/consultations/{consultation_id}").status_code == 404
    assert client.get(f"/documents/{document_id}").status_code == 404


def test_sign_in_is_rate_limited_per_address(app, make_user):
    email = make_user("officer")
    browser = app.test_client()
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    codes = [
        submit(browser, "/login", {"email": email, "password": f"wrong {i}"}).status_code
        for i in range(limit + 1)
    ]
    assert 429 not in codes[:limit] and codes[limit] == 429
    other = app.test_client()  # a new session from the same address is limited too
    assert submit(other, "/login", {"email": email, "password": PASSWORD}).status_code == 429
