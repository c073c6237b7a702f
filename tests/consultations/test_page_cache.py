"""The articles and comments of a draft act's public page, kept by each worker
(consult/consultations/page_cache.py, issue #23): never stale after a change made in another
worker (a comment published, hidden or answered, an article edited, an organisation renamed, a
version published, a setting changed, a bulk write), never stale within the transaction that
changed it, on time when comments close, never shared between municipalities or languages,
nothing about the reader in it, and the same page as one rendered afresh.

"Another worker" is a second app on the same database, as in tests/polls/test_voting_cache.py."""

import datetime as dt
import re

import lxml.html
import pytest
from sqlalchemy import select, text, update

from consult import retention
from consult.comments.models import Answer, Comment
from consult.consultations import page_cache, services, versions, views
from consult.consultations.models import Article
from consult.core.models import Consultation, Document, utcnow
from consult.core.municipalities import Municipality
from consult.core.revisions import watched_models
from consult.extensions import db
from consult.i18n import LOCALES
from consult.organisations.models import Organisation
from consult.public import announcement
from tests.conftest import (
    ANY_CSRF_INPUT,
    COMPLETE_TEXT,
    PASSWORD,
    consultation_article,
    consultation_page,
    submit,
    writes_past_the_hooks,
)
from tests.consultations.helpers import (
    add_answer,
    add_article,
    add_comment,
    add_organisation,
    closed_dates,
    every_language,
)

SECOND_HOST = "prizren.example"


@pytest.fixture(autouse=True)
def _no_copies(app):
    """Each test starts with this worker holding no copy (the app lives for the whole run)."""
    page_cache.worker_cache(app).clear()
    announcement.worker_cache(app).clear()


def _in_worker(worker, change, consultation_id: int) -> None:
    """Run an officer's `change(consultation)` in `worker` and commit it there."""
    with worker.test_request_context("/?lang=en"):
        change(db.session.get(Consultation, consultation_id))
        db.session.commit()
        db.session.remove()


def _kept(app) -> dict:
    return page_cache.worker_cache(app).entries()


def announcement_kept(app) -> dict:
    return announcement.worker_cache(app).entries()


def _section(client, consultation_id: int) -> str:
    """The text of the page's section of the articles (what the worker keeps)."""
    page = lxml.html.document_fromstring(consultation_page(client, consultation_id))
    (section,) = page.xpath("//section[@aria-labelledby='articles-heading']")
    return " ".join(section.text_content().split())


def _act(app, make_consultation, **fields) -> int:
    """A draft act with two articles, a published comment on the first by a citizen, one by
    an organisation on the second, and a comment not yet confirmed."""
    consultation_id = make_consultation(**fields)
    first = add_article(app, consultation_id, 1, "Ndriçimi", "Rrugët ndriçohen natën.")
    second = add_article(app, consultation_id, 2, "Parkingjet", "Teksti i nenit 2.")
    add_comment(app, consultation_id, "Ndriçimi i rrugës në Vrellë", first)
    organisation_id, _email = add_organisation(app, verified=True)
    add_comment(
        app,
        consultation_id,
        "Parkingje për biçikleta",
        second,
        author_kind="cso",
        organisation_id=organisation_id,
    )
    add_comment(app, consultation_id, "Ende pa konfirmuar", first, confirmed_at=None)
    return consultation_id


def _comment(consultation: Consultation, text_: str) -> Comment:
    return db.session.scalar(
        select(Comment).where(Comment.consultation_id == consultation.id, Comment.text == text_)
    )


def _article(consultation: Consultation, number: int) -> Article:
    return db.session.scalar(
        select(Article).where(Article.consultation_id == consultation.id, Article.number == number)
    )


def _new_comment(consultation: Consultation) -> None:
    db.session.add(
        Comment(
            consultation_id=consultation.id,
            article_id=_article(consultation, 2).id,
            author_kind="citizen",
            author_name="Arben Gashi",
            author_email="arben@example.org",
            language="sq",
            text="Më shumë pemë në sheshin qendror",
            confirmed_at=utcnow(),
        )
    )


def _confirm_comment(consultation: Consultation) -> None:
    services.confirm_comment(_comment(consultation, "Ende pa konfirmuar"))


def _hide_comment(consultation: Consultation) -> None:
    comment = _comment(consultation, "Ndriçimi i rrugës në Vrellë")
    comment.hidden, comment.hidden_reason = True, "Gjuhë fyese"


def _answer_comment(consultation: Consultation) -> None:
    comment = _comment(consultation, "Ndriçimi i rrugës në Vrellë")
    reason = every_language("Llambat do të vendosen në vitin 2027")
    reason["en"] = "The lamps will be put up in 2027"
    db.session.add(Answer(comment_id=comment.id, outcome="accepted", reason=reason))


def _edit_article(consultation: Consultation) -> None:
    article = _article(consultation, 2)
    text_ = {"sq": "Parkingjet publike janë falas të dielën."}
    services.save_article(consultation, 2, dict(article.heading), text_, article)


def _add_article(consultation: Consultation) -> None:
    heading, text_ = {"sq": "Gjelbërimi"}, {"sq": "Çdo lagje ka një park."}
    services.save_article(consultation, 3, heading, text_, None)


def _remove_article(consultation: Consultation) -> None:
    article = _article(consultation, 1)
    for comment in db.session.scalars(select(Comment).where(Comment.article_id == article.id)):
        comment.article_id = None
    db.session.flush()
    db.session.delete(article)


def _rename_organisation(consultation: Consultation) -> None:
    organisation = db.session.scalar(select(Organisation))
    organisation.name = "Zëri i Rinisë Istog"


def _allow_anonymous(consultation: Consultation) -> None:
    services.save_settings(consultation, allow_anonymous=True)


def _bulk_hide(consultation: Consultation) -> None:
    """An ORM bulk UPDATE (no unit of work): renews every page of the municipality."""
    db.session.execute(
        update(Comment)
        .where(Comment.consultation_id == consultation.id, Comment.article_id.is_not(None))
        .values(hidden=True, hidden_reason="Jashtë teme")
        .execution_options(synchronize_session=False)
    )


def _rewrite_body(consultation: Consultation) -> None:
    consultation.body = {**consultation.body, "en": "The municipality asks about lighting."}


def _extend(consultation: Consultation) -> None:
    consultation.closes_at = dt.date(2031, 3, 14)


def _rename_directorate(consultation: Consultation) -> None:
    consultation.directorate.name = {"sq": "Drejtoria e Kulturës", "en": "Directorate of Culture"}


def _add_document(consultation: Consultation, role: str, title: str) -> None:
    db.session.add(
        Document(
            consultation_id=consultation.id,
            role=role,
            title={"sq": title, "en": title},
            original_name="dokumenti.pdf",
            file_type="pdf",
            size_bytes=2048,
        )
    )


def _attach_note(consultation: Consultation) -> None:
    _add_document(consultation, "explanatory_note", "Why the regulation")


@pytest.mark.parametrize(
    ("change", "shown", "gone"),
    [
        (_rewrite_body, "The municipality asks about lighting.", None),
        (_extend, "Mar 14, 2031", None),
        (_rename_directorate, "Directorate of Culture", None),
        (_attach_note, "Why the regulation", "No documents are attached yet."),
        (_new_comment, "Më shumë pemë në sheshin qendror", None),
        (_confirm_comment, "Ende pa konfirmuar", None),
        (_hide_comment, "Comments hidden by the moderators: 1.", "Ndriçimi i rrugës në Vrellë"),
        (_answer_comment, "The lamps will be put up in 2027", None),
        (_edit_article, "Parkingjet publike janë falas të dielën.", "Teksti i nenit 2."),
        (_add_article, "Çdo lagje ka një park.", None),
        (_remove_article, None, "Rrugët ndriçohen natën."),
        (_rename_organisation, "Zëri i Rinisë Istog", "OJQ Rinia Aktive Istog"),
        (_allow_anonymous, 'value="anonymous"', None),
        (_bulk_hide, "Comments hidden by the moderators: 2.", "Parkingje për biçikleta"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_change_in_another_worker_is_seen_by_the_next_request(
    app, client, make_consultation, make_directorate, other_worker, change, shown, gone
):
    consultation_id = _act(app, make_consultation, directorate_id=make_directorate())
    before = consultation_page(client, consultation_id)
    assert _kept(app), "this worker keeps a copy"
    again = consultation_page(client, consultation_id)
    same = ANY_CSRF_INPUT.sub("", again) == ANY_CSRF_INPUT.sub("", before)
    assert same, "the copy gives the same page"
    assert shown is None or shown not in before
    assert gone is None or gone in before
    _in_worker(other_worker, change, consultation_id)
    after = consultation_article(consultation_page(client, consultation_id))
    assert shown is None or shown in after
    assert gone is None or gone not in after


def _contact(consultation: Consultation) -> None:
    consultation.contact_name = "Valentina Gashi"


def _draft_document(consultation: Consultation) -> None:
    _add_document(consultation, "draft", "The draft regulation")


@pytest.mark.parametrize(
    ("change", "shown"),
    [(_contact, "Ask the contact official"), (_draft_document, "The draft regulation")],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_an_act_without_articles_shows_its_consultation_s_changes(
    app, client, make_consultation, other_worker, change, shown
):
    """The consultation's own row and its documents renew the page too."""
    consultation_id = make_consultation(contact_name="")
    assert shown not in _section(client, consultation_id)
    _in_worker(other_worker, change, consultation_id)
    assert shown in _section(client, consultation_id)


def test_a_version_published_in_another_worker_is_shown(
    app, client, make_consultation, other_worker
):
    consultation_id = _act(app, make_consultation, **closed_dates())
    assert "Versions of the act" not in consultation_page(client, consultation_id)

    def revise(consultation: Consultation) -> None:
        """A revised draft in every official language, its second article changed."""
        today = dt.date.today()
        version = versions.start_version(consultation, "revised", None, today)
        for article in list(version.articles):
            changed = {**COMPLETE_TEXT, "sq": f"Neni {article.number}, i rishikuar."}
            texts = changed if article.number == 2 else dict(COMPLETE_TEXT)
            versions.save_article(version, article.lineage, article.number, {}, texts, [], None)
        versions.publish_version(version, None, today)

    _in_worker(other_worker, revise, consultation_id)
    after = consultation_page(client, consultation_id)
    assert "Versions of the act" in after
    assert "Changed in version 2" in after


def test_a_change_in_this_transaction_is_shown_before_its_commit(app, make_consultation):
    """A request that changed what the section shows renders it afresh (its consultation may
    still carry the revision read before), flushed or not, and keeps nothing of it."""
    consultation_id = _act(app, make_consultation)
    with app.test_request_context("/?lang=en"):
        consultation = db.session.get(Consultation, consultation_id)
        warm = page_cache.articles_section(consultation, True)
        assert "Ndriçimi i rrugës në Vrellë" in warm.html
        assert _kept(app)
        _comment(consultation, "Ndriçimi i rrugës në Vrellë").text = "Ndriçim me LED"
        assert "Ndriçim me LED" in page_cache.articles_section(consultation, True).html
        db.session.flush()
        assert "Ndriçim me LED" in page_cache.articles_section(consultation, True).html
        db.session.rollback()
        assert "Ndriçim me LED" not in page_cache.articles_section(consultation, True).html
        db.session.remove()


def test_comments_close_on_time_with_a_warm_copy(app, client, make_consultation, monkeypatch):
    consultation_id = _act(app, make_consultation)
    assert "Comment on this article" in consultation_page(client, consultation_id)
    with app.app_context():
        closes_at = db.session.get(Consultation, consultation_id).closes_at
    monkeypatch.setattr(views, "_today", lambda: closes_at + dt.timedelta(days=1))
    after = consultation_page(client, consultation_id)
    assert "Comment on this article" not in after
    assert "Comments are taken only while the consultation is open." in after


def test_a_write_no_hook_sees_is_shown_once_the_copy_expires(
    app, client, make_consultation, monkeypatch
):
    """PAGE_CACHE_SECONDS bounds a copy's life: SQL that bypasses the revision (here a raw
    UPDATE) is seen once it has passed."""
    now = [1000.0]
    monkeypatch.setattr(page_cache, "_clock", lambda: now[0])
    consultation_id = _act(app, make_consultation)
    consultation_page(client, consultation_id)
    with app.app_context():
        db.session.execute(
            text("UPDATE articles SET text = :text WHERE consultation_id = :id AND number = 2"),
            {"text": '{"sq": "Teksti i ndryshuar me dorë."}', "id": consultation_id},
        )
        db.session.commit()
    assert "Teksti i ndryshuar me dorë." not in consultation_page(client, consultation_id)
    now[0] += app.config["PAGE_CACHE_SECONDS"]
    assert "Teksti i ndryshuar me dorë." in consultation_page(client, consultation_id)


def test_no_copy_is_kept_when_the_lifetime_is_zero(app, client, make_consultation, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    consultation_id = _act(app, make_consultation)
    assert "Ndriçimi i rrugës në Vrellë" in consultation_page(client, consultation_id)
    assert _kept(app) == {}


def test_a_worker_keeps_at_most_page_cache_size_copies(app, client, make_consultation, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SIZE", 1)
    first, second = _act(app, make_consultation), make_consultation()
    consultation_page(client, first)
    consultation_page(client, second)
    assert set(_kept(app)) == {(1, second, "en", True)}


def test_a_consultation_the_app_did_not_write_is_read_afresh(app, client, make_consultation):
    """A row whose page revision is the column's server default (hand-made SQL, or a row
    from before migration 0042 gave each its own) is never kept."""
    consultation_id = _act(app, make_consultation)
    with app.app_context():
        db.session.execute(
            text("UPDATE consultations SET page_revision = '0' WHERE id = :id"),
            {"id": consultation_id},
        )
        db.session.commit()
    assert "Ndriçimi i rrugës në Vrellë" in consultation_page(client, consultation_id)
    assert _kept(app) == {}


def test_a_warm_page_reads_neither_comments_nor_articles_nor_versions(
    app, client, make_consultation, sql_log
):
    consultation_id = _act(app, make_consultation)
    consultation_page(client, consultation_id)
    cold = list(sql_log)
    sql_log.clear()
    consultation_page(client, consultation_id)
    for table in ("comments", "articles", "act_versions", "draft_act_settings", "documents"):
        assert any(f" FROM {table} " in s for s in cold), table
        assert not any(f" FROM {table} " in s for s in sql_log), table
    assert any("consultations.body" in s for s in cold)
    assert not any("consultations.body" in s for s in sql_log)
    assert len(sql_log) < len(cold)


@pytest.mark.parametrize("kind", ["budget_hearing", "capital_poll", "survey"])
def test_every_kind_s_announcement_is_kept_and_renewed(
    app, client, make_consultation, other_worker, kind
):
    """The announcement is every kind's: kept for a poll's page as for a draft act's, and
    rendered again after the consultation changes."""
    consultation_id = make_consultation(kind=kind)
    assert "Text" in consultation_page(client, consultation_id)
    key = (1, consultation_id, announcement.ANNOUNCEMENT, "en", dt.date.today(), "kosovo-municipal")
    assert key in announcement_kept(app)
    _in_worker(other_worker, _rewrite_body, consultation_id)
    assert "The municipality asks about lighting." in consultation_page(client, consultation_id)


def test_the_announcement_follows_the_standards_profile(
    app, client, make_consultation, monkeypatch
):
    consultation_id = _act(app, make_consultation)
    consultation_page(client, consultation_id)
    monkeypatch.setitem(app.config, "STANDARDS_PROFILE", "albania-146-2014")
    after = consultation_page(client, consultation_id)
    assert {key[5] for key in announcement_kept(app)} == {"kosovo-municipal", "albania-146-2014"}
    assert "Albania: notification and public consultation" in after


def test_a_comment_does_not_touch_the_consultation_s_last_change(
    app, make_consultation, other_worker
):
    """The page revision is renewed without the row's `updated_at`: the page changed, not the
    consultation."""
    consultation_id = _act(app, make_consultation)
    with app.app_context():
        before = db.session.get(Consultation, consultation_id)
        updated, revision = before.updated_at, before.page_revision
    _in_worker(other_worker, _new_comment, consultation_id)
    with app.app_context():
        after = db.session.get(Consultation, consultation_id)
        assert after.page_revision != revision
        assert after.updated_at == updated


# --- languages, municipalities and readers ----------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_from_a_copy_is_the_page_rendered_afresh(
    app, client, make_consultation, monkeypatch, locale
):
    consultation_id = _act(app, make_consultation)
    first = ANY_CSRF_INPUT.sub("", consultation_page(client, consultation_id, locale))
    assert (1, consultation_id, locale, True) in _kept(app)
    warm = ANY_CSRF_INPUT.sub("", consultation_page(client, consultation_id, locale))
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    fresh = ANY_CSRF_INPUT.sub("", consultation_page(client, consultation_id, locale))
    assert warm == first == fresh
    html = lxml.html.document_fromstring(warm)
    assert html.xpath("//section[@aria-labelledby='articles-heading']")


def test_each_language_has_its_own_copy(app, client, make_consultation):
    consultation_id = _act(app, make_consultation)
    english = consultation_page(client, consultation_id, "en")
    albanian = consultation_page(client, consultation_id, "sq")
    assert "The draft act, article by article" in english
    assert "The draft act, article by article" not in albanian
    assert {key[2] for key in _kept(app)} == {"en", "sq"}


def _second_municipality_act(app) -> tuple[int, int]:
    with app.app_context():
        municipality = Municipality(slug="prizren", host=SECOND_HOST, name=COMPLETE_TEXT)
        db.session.add(municipality)
        db.session.commit()
        municipality_id = municipality.id
    today = dt.date.today()
    with app.test_request_context("/?lang=en", base_url=f"http://{SECOND_HOST}"):
        consultation = Consultation(
            kind="draft_act",
            status="open",
            title={**COMPLETE_TEXT, "en": "Regulation of Prizren"},
            summary=dict(COMPLETE_TEXT),
            body=dict(COMPLETE_TEXT),
            opens_at=today - dt.timedelta(days=1),
            closes_at=today + dt.timedelta(days=10),
        )
        db.session.add(consultation)
        db.session.flush()
        services.save_article(consultation, 1, {"en": "Fountains"}, {"en": "Prizren's."}, None)
        db.session.commit()
        return municipality_id, consultation.id


def test_copies_are_kept_per_municipality_and_never_served_to_another(
    app, client, make_consultation
):
    istog = _act(app, make_consultation)
    consultation_page(client, istog)
    second_id, prizren = _second_municipality_act(app)
    second = app.test_client()
    page = second.get(f"/consultations/{prizren}?lang=en", base_url=f"http://{SECOND_HOST}")
    assert "Prizren&#39;s." in page.get_data(as_text=True)
    assert "Rrugët ndriçohen natën." not in page.get_data(as_text=True)
    assert (
        second.get(f"/consultations/{istog}", base_url=f"http://{SECOND_HOST}").status_code == 404
    )
    assert client.get(f"/consultations/{prizren}").status_code == 404
    assert set(_kept(app)) == {(1, istog, "en", True), (second_id, prizren, "en", True)}


def test_nothing_about_the_reader_is_kept(app, client, make_consultation):
    """An organisation's member reads the page first: the copy holds no token, no name of
    theirs, and the next (anonymous) reader is not offered to comment in its name."""
    consultation_id = make_consultation()
    add_article(app, consultation_id, 1)
    _organisation_id, email = add_organisation(app, verified=True, email="rinia@ngo.example")
    submit(client, "/login", {"email": email, "password": PASSWORD})
    member = consultation_page(client, consultation_id)
    assert 'value="organisation"' in member
    (section,) = _kept(app).values()
    assert "csrf" not in section.html
    assert email not in section.html and "Dardan Krasniqi" not in section.html
    anonymous = consultation_page(app.test_client(), consultation_id)
    assert 'value="organisation"' not in anonymous
    assert anonymous.count("Comment on this article") == member.count("Comment on this article")


def test_an_answer_and_an_erasure_reach_the_page(app, client, make_consultation, other_worker):
    """Two writers outside the views: an answer recorded directly and the retention's
    erasure of addresses (a Core UPDATE of the comments, which renews every page itself)."""
    consultation_id = _act(app, make_consultation)
    with app.app_context():
        comment_id = db.session.scalar(
            select(Comment.id).where(Comment.text == "Ndriçimi i rrugës në Vrellë")
        )
        revision = db.session.get(Consultation, consultation_id).page_revision
    consultation_page(client, consultation_id)
    add_answer(app, comment_id, reason="Po, në pranverë")
    assert "Po, në pranverë" in consultation_page(client, consultation_id, "sq")
    with app.test_request_context("/?lang=en"):
        retention._erase_comment_emails([consultation_id])
        db.session.commit()
        assert db.session.get(Consultation, consultation_id).page_revision != revision


# --- every writer renews the revision ----------------------------------------------------


def _core_write(models: tuple[type, ...]) -> re.Pattern:
    """A write of `models`' tables in SQL that is not the ORM's: a Core insert, update or
    delete in a function that names the table (a Core read, a lock, writes nothing), or an
    UPDATE, INSERT or DELETE in text."""
    names = "|".join(model.__name__ for model in models)
    tables = "|".join(model.__tablename__ for model in models)
    table = rf"\b({names})\.__table__\b"
    write = r"\b(insert|update|delete)\("
    return re.compile(
        rf"{table}.*{write}|{write}.*{table}|\b(UPDATE|INSERT INTO|DELETE FROM)\s+({tables})\b",
        re.IGNORECASE | re.DOTALL,
    )


def test_no_module_writes_a_watched_table_past_the_revision(app):
    """The ORM's writes renew the revision by themselves (consult/core/revisions.py); a Core
    or text() write of these tables would not, so each module that writes one so renews every
    page in the same function (`renew_every_page`). The tables are those of every watch of a
    consultation's page: the announcement's, each kind's and the investments'."""
    watched = watched_models(Consultation.__table__)
    assert {"Consultation", "Comment", "CapitalProposal", "Project", "Question"} <= {
        model.__name__ for model in watched
    }
    assert writes_past_the_hooks(_core_write(watched), "renew_every_page") == {}
