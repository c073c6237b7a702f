"""The home page's content, kept by each worker (consult/public/home_cache.py, issue #23): never
stale after a consultation or a directorate changes in another worker, on time when a day
passes, never kept for a filtered page, never shared between municipalities or languages,
nothing about the reader in it, and the same page as one rendered afresh.

"Another worker" is a second app on the same database, as in tests/polls/test_voting_cache.py."""

import datetime as dt
import re

import pytest
from sqlalchemy import select, text, update

from consult.core.models import Consultation, Directorate
from consult.core.municipalities import Municipality
from consult.core.services import ConsultationFilter
from consult.extensions import db
from consult.i18n import LOCALES
from consult.public import home_cache
from tests.conftest import COMPLETE_TEXT, writes_past_the_hooks

SECOND_HOST = "prizren.example"
TITLE = "Regulation on transparency"


@pytest.fixture(autouse=True)
def _no_copies(app):
    home_cache.worker_cache(app).clear()


def _kept(app) -> dict:
    return home_cache.worker_cache(app).entries()


def _home(client, lang: str = "en", query: str = "") -> str:
    response = client.get(f"/?lang={lang}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _in_worker(worker, change) -> None:
    with worker.test_request_context("/?lang=en"):
        change()
        db.session.commit()
        db.session.remove()


def _the_consultation() -> Consultation:
    return db.session.scalar(select(Consultation).where(Consultation.title["en"].isnot(None)))


def _add_consultation() -> None:
    today = dt.date.today()
    db.session.add(
        Consultation(
            kind="survey",
            status="open",
            title={**COMPLETE_TEXT, "en": "Survey on the new bus lines"},
            summary=dict(COMPLETE_TEXT),
            body=dict(COMPLETE_TEXT),
            opens_at=today - dt.timedelta(days=1),
            closes_at=today + dt.timedelta(days=6),
        )
    )


def _retitle() -> None:
    consultation = _the_consultation()
    consultation.title = {**consultation.title, "en": "Regulation on open meetings"}


def _close() -> None:
    consultation = _the_consultation()
    consultation.status = "closed"
    consultation.closes_at = dt.date.today() - dt.timedelta(days=1)


def _delete() -> None:
    db.session.delete(_the_consultation())


def _rename_directorate() -> None:
    directorate = db.session.scalar(select(Directorate))
    directorate.name = {"sq": "Drejtoria e Kulturës", "en": "Directorate of Culture"}


def _bulk_withdraw() -> None:
    """An ORM bulk UPDATE (no unit of work): renews the municipality's pages."""
    db.session.execute(
        update(Consultation)
        .where(Consultation.status == "open")
        .values(status="draft")
        .execution_options(synchronize_session=False)
    )


@pytest.mark.parametrize(
    ("change", "shown", "gone"),
    [
        (_add_consultation, "Survey on the new bus lines", None),
        (_retitle, "Regulation on open meetings", TITLE),
        (_close, "Closed on", "Open until"),
        (_delete, "No consultation is open at the moment.", TITLE),
        (_rename_directorate, "Directorate of Culture", None),
        (_bulk_withdraw, "No consultation is open at the moment.", TITLE),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_change_in_another_worker_is_seen_by_the_next_request(
    app, client, make_consultation, make_directorate, other_worker, change, shown, gone
):
    make_consultation(directorate_id=make_directorate())
    before = _home(client)
    assert _kept(app), "this worker keeps a copy"
    assert _home(client) == before, "the copy gives the same page"
    assert shown not in before
    assert gone is None or gone in before
    _in_worker(other_worker, change)
    after = _home(client)
    assert shown in after
    assert gone is None or gone not in after


def test_a_change_in_this_transaction_is_shown_before_its_commit(app, make_consultation):
    make_consultation()
    today = dt.date.today()
    with app.test_request_context("/?lang=en"):
        assert TITLE in home_cache.home_content(ConsultationFilter(), today)
        assert _kept(app)
        _retitle()
        assert "Regulation on open meetings" in home_cache.home_content(ConsultationFilter(), today)
        db.session.rollback()
        assert TITLE in home_cache.home_content(ConsultationFilter(), today)
        db.session.remove()


def test_a_consultation_opens_and_counts_its_days_on_time(app, make_consultation):
    """The day is part of the key: tomorrow's page is rendered for tomorrow."""
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    make_consultation(status="announced", opens_at=tomorrow, closes_at=today + dt.timedelta(5))
    with app.test_request_context("/?lang=en"):
        now = home_cache.home_content(ConsultationFilter(), today)
        later = home_cache.home_content(ConsultationFilter(), tomorrow)
        db.session.remove()
    assert "No consultation is open at the moment." in now and "Opens on" in now
    assert "No consultation is announced." in later and "Open until" in later
    assert {key[2] for key in _kept(app)} == {today, tomorrow}


def test_a_filtered_page_is_rendered_each_time_and_never_kept(app, client, make_consultation):
    make_consultation()
    make_consultation(kind="survey", title={**COMPLETE_TEXT, "en": "Survey on bus lines"})
    filtered = _home(client, query="&kind=survey")
    assert "Survey on bus lines" in filtered and TITLE not in filtered
    assert _kept(app) == {}
    assert TITLE in _home(client)
    assert len(_kept(app)) == 1


def test_a_write_no_hook_sees_is_shown_once_the_copy_expires(
    app, client, make_consultation, monkeypatch
):
    now = [1000.0]
    monkeypatch.setattr(home_cache, "_clock", lambda: now[0])
    consultation_id = make_consultation()
    _home(client)
    with app.app_context():
        db.session.execute(
            text("UPDATE consultations SET status = 'draft' WHERE id = :id"),
            {"id": consultation_id},
        )
        db.session.commit()
    assert TITLE in _home(client)
    now[0] += app.config["PAGE_CACHE_SECONDS"]
    assert TITLE not in _home(client)


def test_no_copy_is_kept_when_the_lifetime_is_zero(app, client, make_consultation, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    make_consultation()
    assert TITLE in _home(client)
    assert _kept(app) == {}


def test_a_municipality_the_app_did_not_write_is_read_afresh(app, client, make_consultation):
    make_consultation()
    with app.app_context():
        db.session.execute(text("UPDATE municipalities SET pages_revision = '0'"))
        db.session.commit()
    assert TITLE in _home(client)
    assert _kept(app) == {}


def test_a_warm_home_page_reads_no_consultation(app, client, make_consultation, sql_log):
    make_consultation()
    sql_log.clear()
    _home(client)
    cold = list(sql_log)
    sql_log.clear()
    _home(client)
    assert any(" FROM consultations" in s for s in cold)
    assert not any(" FROM consultations" in s or " FROM directorates" in s for s in sql_log)
    assert len(sql_log) < len(cold)


# --- languages, municipalities and readers ----------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_from_a_copy_is_the_page_rendered_afresh(
    app, client, make_consultation, make_directorate, monkeypatch, locale
):
    make_consultation(directorate_id=make_directorate())
    first = _home(client, locale)
    warm = _home(client, locale)
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    fresh = _home(client, locale)
    assert warm == first == fresh
    assert {key[1] for key in _kept(app)} == {locale}


def test_copies_are_kept_per_municipality_and_never_served_to_another(
    app, client, make_consultation
):
    make_consultation()
    _home(client)
    with app.app_context():
        second = Municipality(slug="prizren", host=SECOND_HOST, name=COMPLETE_TEXT)
        db.session.add(second)
        db.session.commit()
        second_id = second.id
    page = app.test_client().get("/?lang=en", base_url=f"http://{SECOND_HOST}")
    assert TITLE not in page.get_data(as_text=True)
    assert "No consultation is open at the moment." in page.get_data(as_text=True)
    today = dt.date.today()
    assert set(_kept(app)) == {(1, "en", today), (second_id, "en", today)}


def test_nothing_about_the_reader_is_kept(app, client, make_consultation, login):
    make_consultation()
    email = login("officer")
    officer = _home(client)
    assert email in officer or "Sign out" in officer
    (content,) = _kept(app).values()
    assert email not in content and "Sign out" not in content
    anonymous = _home(app.test_client())
    assert "Sign out" not in anonymous
    assert str(content) in anonymous


# --- every writer renews the revision ----------------------------------------------------

CORE_WRITE = re.compile(
    r"\b(Consultation|Directorate)\.__table__\b"
    r"|\b(UPDATE|INSERT INTO|DELETE FROM)\s+(consultations|directorates)\b",
    re.IGNORECASE,
)


def test_no_module_writes_a_watched_table_past_the_revision():
    """The ORM's writes renew the revision by themselves (consult/core/revisions.py); a Core
    or text() write of these tables would not, so a function that writes one so renews the
    municipality's pages itself (`renew_every_home`)."""
    assert writes_past_the_hooks(CORE_WRITE, "renew_every_home") == {}
