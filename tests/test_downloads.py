"""Report downloads (issue 14, item 6): PDF downloads are rate-limited, the PDFs of published
reports are cached rather than rebuilt per request, and the audit log keeps one row per
download per user (or per anonymous download) per day."""

import datetime as dt
import sys

import pytest
from sqlalchemy import select
from werkzeug.routing import AnyConverter

from consult.auth.models import User
from consult.core.models import AuditLog, Consultation, utcnow
from consult.extensions import db
from tests.conftest import submit
from tests.consultations.helpers import closed_dates
from tests.surveys.conftest import survey_id  # noqa: F401  the staff-survey fixture


@pytest.fixture
def published_report(make_consultation) -> int:
    """A consultation whose final report is published; returns its id."""
    return make_consultation(**{**closed_dates(), "status": "reported"})


@pytest.fixture
def pdf_renders(monkeypatch):
    """How many PDFs WeasyPrint has made since the test began (the PDF cache emptied)."""
    import weasyprint

    _empty_pdf_cache()
    made = []
    write_pdf = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        made.append(1)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    yield made
    _empty_pdf_cache()


def _empty_pdf_cache() -> None:
    renderer = sys.modules.get("consult.core.pdf")  # loaded with the first PDF
    if renderer is not None:
        renderer.CACHE.clear()


# ------------------------------------------------------------------------------ rate limit


def _pdf_urls(app) -> dict[str, str]:
    """{endpoint: a URL of it ending in .pdf} for every route of the app that can serve one."""
    urls = {}
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "pdf" not in rule.rule:
                continue
            values = {
                name: "pdf" if isinstance(converter, AnyConverter) else 1
                for name, converter in rule._converters.items()
            }
            url = url_for(rule.endpoint, **values)
            if url.endswith(".pdf"):
                urls[rule.endpoint] = url
    return urls


def test_every_pdf_route_is_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_DOWNLOAD_RATE_LIMIT", "1 per minute")
    urls = _pdf_urls(app)
    assert {
        "consultations.report_as_pdf",
        "hearings.report_as_pdf",
        "chair.annual_pdf",
        "polls.results_pdf",
        "polls.poster",
        "surveys.report_export",
    } <= set(urls)
    from consult.extensions import limiter

    for endpoint, url in urls.items():
        limiter.reset()
        client.get(url)  # whatever the answer (404, sign-in), the request counts
        assert client.get(url).status_code == 429, endpoint


def test_pdf_downloads_share_one_limit_and_other_formats_are_not_counted(
    app, client, monkeypatch, published_report, pdf_renders
):
    monkeypatch.setitem(app.config, "PDF_DOWNLOAD_RATE_LIMIT", "3 per minute")
    base = f"/consultations/{published_report}/report"
    for locale in ("sq", "en", "bs"):
        assert client.get(f"{base}.pdf?lang={locale}").status_code == 200
    assert client.get(f"{base}.xlsx").status_code == 200
    refused = client.get(f"{base}.pdf?lang=en")
    assert refused.status_code == 429 and "Too many attempts" in refused.get_data(as_text=True)
    assert client.get(f"/chair/annual/{dt.date.today().year}.pdf").status_code == 429
    assert client.get(f"{base}.xlsx").status_code == 200
    assert client.get(f"{base}?lang=en").status_code == 200


def test_the_pdf_limit_has_a_default(app, client, monkeypatch, published_report, pdf_renders):
    monkeypatch.delitem(app.config, "PDF_DOWNLOAD_RATE_LIMIT", raising=False)
    answers = [
        client.get(f"/consultations/{published_report}/report.pdf").status_code for _ in range(11)
    ]
    assert answers == [200] * 10 + [429]


# ------------------------------------------------------------------------------ cache


def test_a_published_report_pdf_is_made_once(client, published_report, pdf_renders):
    url = f"/consultations/{published_report}/report.pdf?lang=en"
    first, second = client.get(url), client.get(url)
    assert first.data == second.data and first.data.startswith(b"%PDF")
    assert len(pdf_renders) == 1
    client.get(f"/consultations/{published_report}/report.pdf?lang=sq")
    assert len(pdf_renders) == 2  # another language is another PDF


def test_a_cached_pdf_is_never_stale(app, client, published_report, pdf_renders):
    url = f"/consultations/{published_report}/report.pdf?lang=en"
    before = client.get(url).data
    with app.app_context():
        consultation = db.session.get(Consultation, published_report)
        consultation.title = {**consultation.title, "en": "Regulation on open meetings"}
        db.session.commit()
    after = client.get(url).data
    assert after != before and len(pdf_renders) == 2
    assert client.get(url).data == after and len(pdf_renders) == 2


def test_the_annual_report_pdf_is_cached(client, login, pdf_renders):
    login("chair")
    url = f"/chair/annual/{dt.date.today().year}.pdf?lang=en"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert len(pdf_renders) == 1


def test_access_code_slips_are_never_cached(
    client,
    login,
    make_directorate,
    survey_id,  # noqa: F811
    pdf_renders,
):
    directorate_id = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    for _ in range(2):
        response = submit(
            client,
            f"/manage/surveys/{survey_id}/tokens",
            {"directorate_id": directorate_id, "count": 2},
        )
        assert response.data.startswith(b"%PDF")
    assert len(pdf_renders) == 2
    assert len(sys.modules["consult.core.pdf"].CACHE) == 0


def test_the_cache_is_bounded():
    from consult.core.pdf import _PdfCache

    cache = _PdfCache(max_entries=3, max_bytes=100)
    for key in "abcd":
        cache.put(key, b"x" * 10)
    assert len(cache) == 3 and cache.get("a") is None and cache.get("d") == b"x" * 10
    cache.get("b")  # used lately: kept
    cache.put("e", b"y" * 75)
    assert cache.get("b") is not None and cache.get("c") is None
    cache.put("f", b"z" * 101)  # larger than the whole cache: not kept
    assert cache.get("f") is None


# ------------------------------------------------------------------------------ audit log


def _exports(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditLog.action, AuditLog.target, AuditLog.actor_id, AuditLog.details)
            .where(AuditLog.action.like("export.%"))
            .order_by(AuditLog.id)
        ).all()
    return [
        (action, target, actor, details.get("locale")) for action, target, actor, details in rows
    ]


def test_repeated_anonymous_downloads_add_one_row_a_day(app, client, published_report, pdf_renders):
    base = f"/consultations/{published_report}/report"
    for _ in range(3):
        client.get(f"{base}.pdf?lang=en")
    client.get(f"{base}.pdf?lang=sq")
    client.get(f"{base}.xlsx?lang=en")
    client.get(f"{base}.xlsx?lang=en")
    target = f"consultation:{published_report}"
    assert _exports(app) == [
        ("export.report_pdf", target, None, "en"),
        ("export.report_pdf", target, None, "sq"),
        ("export.report_xlsx", target, None, "en"),
    ]


def test_each_user_has_a_row_of_their_own(app, client, login, published_report, pdf_renders):
    url = f"/consultations/{published_report}/report.pdf?lang=en"
    client.get(url)
    login("chair")
    client.get(url)
    client.get(url)
    with app.app_context():
        chair_id = db.session.scalar(select(User.id).where(User.role == "chair"))
    target = f"consultation:{published_report}"
    assert _exports(app) == [
        ("export.report_pdf", target, None, "en"),
        ("export.report_pdf", target, chair_id, "en"),
    ]


def test_a_download_on_a_new_day_adds_a_row(app, client, published_report, pdf_renders):
    target = f"consultation:{published_report}"
    with app.app_context():
        db.session.add(
            AuditLog(
                action="export.report_pdf",
                target=target,
                details={"locale": "en"},
                at=utcnow() - dt.timedelta(days=1),
            )
        )
        db.session.commit()
    client.get(f"/consultations/{published_report}/report.pdf?lang=en")
    client.get(f"/consultations/{published_report}/report.pdf?lang=en")
    assert _exports(app) == [("export.report_pdf", target, None, "en")] * 2
