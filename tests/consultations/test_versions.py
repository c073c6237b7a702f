"""Versions of a draft act: the revised draft an officer publishes after the consultation, what
changed word by word with the comments that led to it, the adopted text, the report and the
open data."""

import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from consult.consultations import diff
from consult.consultations.models import ActVersion, Article, VersionArticle, VersionComment
from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from tests.conftest import csrf_token, submit
from tests.consultations.helpers import add_answer, add_comment, closed_dates

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _texts(text: str) -> dict[str, str]:
    """A text in the three official languages (the Serbian and Bosnian marked)."""
    return {"sq": text, "sr_Latn": f"{text} [sr]", "bs": f"{text} [bs]"}


@pytest.fixture
def act(app, make_consultation, make_directorate):
    """A closed draft act of the Directorate for Public Services: three articles in every
    official language, comments on article 2 (accepted, rejected), article 3 and the act."""
    directorate_id = make_directorate("PUB", "Drejtoria e Shërbimeve Publike")
    consultation_id = make_consultation(directorate_id=directorate_id, **closed_dates())
    articles = {}
    with app.app_context():
        for number, heading, text in (
            (1, "Qëllimi", "Kjo rregullore përcakton grumbullimin e mbeturinave."),
            (2, "Orari", "Mbeturinat grumbullohen dy herë në javë në qytet."),
            (3, "Gjobat", "Kush hedh mbeturina dënohet me gjobë."),
        ):
            article = Article(
                consultation_id=consultation_id,
                number=number,
                heading=_texts(heading),
                text=_texts(text),
            )
            db.session.add(article)
            db.session.flush()
            articles[number] = article.id
        db.session.commit()
    accepted = add_comment(app, consultation_id, "Tri herë në javë, ju lutem.", articles[2])
    add_answer(app, accepted, "accepted")
    rejected = add_comment(app, consultation_id, "Çdo ditë!", articles[2])
    add_answer(app, rejected, "rejected")
    on_fines = add_comment(app, consultation_id, "Hiqeni gjobën.", articles[3])
    add_answer(app, on_fines, "partly_accepted")
    whole = add_comment(app, consultation_id, "Shtoni riciklimin.")
    add_answer(app, whole, "accepted")
    return {
        "id": consultation_id,
        "directorate_id": directorate_id,
        "articles": articles,
        "accepted": accepted,
        "rejected": rejected,
        "on_fines": on_fines,
        "whole": whole,
    }


def _manage(act) -> str:
    return f"/manage/consultations/{act['id']}?lang=en"


def _start(client, act, kind="revised"):
    return submit(
        client,
        f"/manage/draft-acts/{act['id']}/versions",
        {"kind": kind},
        form_url=_manage(act),
    )


def _article_form(number: int, text: dict, heading: dict | None = None, comments=()) -> dict:
    data = {"number": str(number), "action": "save"}
    for code in ("sq", "sr_Latn", "bs", "en"):
        data[f"text_{code}"] = text.get(code, "")
        data[f"heading_{code}"] = (heading or {}).get(code, "")
    data["comment_ids"] = [str(c) for c in comments]
    return data


def _version_url(act, number: int, rest: str = "") -> str:
    return f"/manage/draft-acts/{act['id']}/versions/{number}{rest}"


def _lineage(app, act, version_number: int, article_number: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(VersionArticle.lineage)
            .join(ActVersion)
            .where(
                ActVersion.consultation_id == act["id"],
                ActVersion.number == version_number,
                VersionArticle.number == article_number,
            )
        )


def _publish_revision(app, client, act) -> None:
    """Start version 2, change article 2 (the accepted comment led to it), add article 4 (the
    comment on the whole act), remove article 3 (its comment), and publish it."""
    assert _start(client, act).status_code == 302
    lineage = _lineage(app, act, 2, 2)
    url = _version_url(act, 2, f"/articles/{lineage}")
    changed = _texts("Mbeturinat grumbullohen tri herë në javë në qytet dhe në fshatra.")
    response = submit(
        client,
        url,
        _article_form(2, changed, _texts("Orari"), [act["accepted"]]),
        form_url=url + "?lang=en",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    new_url = _version_url(act, 2, "/articles/new")
    response = submit(
        client,
        new_url,
        _article_form(
            4, _texts("Komuna organizon riciklimin."), _texts("Riciklimi"), [act["whole"]]
        ),
        form_url=new_url + "?lang=en",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    fines = _version_url(act, 2, f"/articles/{_lineage(app, act, 2, 3)}")
    response = submit(
        client,
        fines,
        {"action": "remove", "comment_ids": [str(act["on_fines"])]},
        form_url=fines + "?lang=en",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    response = submit(client, _version_url(act, 2, "/publish"), {}, form_url=_version_url(act, 2))
    assert response.status_code == 302, response.get_data(as_text=True)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# ---------------------------------------------------------------- the word diff


def test_the_diff_marks_removed_and_added_words_in_words_and_escapes_the_text(ctx):
    html = str(
        diff.diff_html(
            "Waste is collected twice a week.", "Waste is collected <b>three</b> times a week."
        )
    )
    assert (
        '<del><span class="diff-cue">[removed:</span> twice<span class="diff-cue">]</span></del>'
        in html
    )
    assert "<ins>" in html and "&lt;b&gt;three&lt;/b&gt; times" in html
    assert "<b>" not in html
    assert diff.count("a b c", "a x c d") == diff.DiffCount(removed=1, added=2)
    two = str(diff.diff_html("One.\n\nTwo old.", "One.\n\nTwo new."))
    assert two.count("<p>") == 2


# ---------------------------------------------------------------- the officer's work


def test_an_officer_publishes_a_revised_draft_and_the_public_sees_what_changed(
    app, client, login, act
):
    login("officer", directorate_id=act["directorate_id"])
    _publish_revision(app, client, act)
    with app.app_context():
        versions = db.session.scalars(
            select(ActVersion)
            .where(ActVersion.consultation_id == act["id"])
            .order_by(ActVersion.number)
        ).all()
        assert [(v.number, v.kind) for v in versions] == [(1, "consulted"), (2, "revised")]
        assert versions[1].published_on == dt.date.today()
        assert [a.number for a in versions[0].articles] == [1, 2, 3]
        assert [a.number for a in versions[1].articles] == [1, 2, 4]
        links = {(link.lineage, link.comment_id) for link in versions[1].links}
        assert links == {(2, act["accepted"]), (3, act["on_fines"]), (4, act["whole"])}
        actions = set(db.session.scalars(select(AuditLog.action)))
    assert {
        "draft_act.version_start",
        "draft_act.version_article",
        "draft_act.version_remove_article",
        "draft_act.version_publish",
    } <= actions

    page = client.get(f"/consultations/{act['id']}/versions/compare?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Changes from version 1 to version 2" in html
    assert re.search(r"<del><span class=\"diff-cue\">\[removed:</span> dy<span", html)
    assert re.search(r"<ins><span class=\"diff-cue\">\[added:</span> tri<span", html)
    assert "dhe në fshatra" in html
    for comment in (act["accepted"], act["on_fines"], act["whole"]):
        assert f'href="/consultations/{act["id"]}#comment-{comment}"' in html
    assert f"#comment-{act['rejected']}" not in html
    assert "Added" in html and "Removed" in html and "Changed: 1 · added: 1 · removed: 1" in html
    # the public page of the act points to the change and lists the versions
    public = client.get(f"/consultations/{act['id']}?lang=en").get_data(as_text=True)
    assert "Versions of the act" in public and "Changed in version 2" in public
    assert "Removed in version 2" in public
    # the comments linked are on the public page with their answers
    assert f'id="comment-{act["accepted"]}"' in public
    version = client.get(f"/consultations/{act['id']}/versions/2?lang=en")
    assert version.status_code == 200 and "tri herë" in version.get_data(as_text=True)


def test_a_published_version_is_never_changed(app, client, login, act):
    login("officer", directorate_id=act["directorate_id"])
    _publish_revision(app, client, act)
    lineage = _lineage(app, act, 2, 2)
    url = _version_url(act, 2, f"/articles/{lineage}")
    token = csrf_token(client, _manage(act))
    data = _article_form(2, _texts("Tekst tjetër."), comments=[act["accepted"]])
    response = client.post(url + "?lang=en", data={**data, "csrf_token": token})
    assert response.status_code == 409
    assert "A published version is never changed" in response.get_data(as_text=True)
    for rest in ("/publish", "/discard", f"/articles/{lineage}/restore", "/articles/new"):
        response = client.post(_version_url(act, 2, rest), data={"csrf_token": token})
        assert response.status_code == 409, rest
    with app.app_context():
        article = db.session.scalar(
            select(VersionArticle)
            .join(ActVersion)
            .where(ActVersion.number == 2, VersionArticle.lineage == lineage)
        )
        assert "tri herë" in article.text["sq"]
    # a correction is a new version, started from the published one
    assert _start(client, act).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.max(ActVersion.number))) == 3


def test_an_officer_of_another_directorate_cannot_start_or_publish(
    app, client, login, act, make_directorate
):
    other = make_directorate("EDU", "Drejtoria e Arsimit")
    login("officer", directorate_id=other)
    token = csrf_token(client, "/manage/consultations/new?lang=en")
    started = client.post(
        f"/manage/draft-acts/{act['id']}/versions", data={"kind": "revised", "csrf_token": token}
    )
    assert started.status_code == 403
    assert client.get(_version_url(act, 2)).status_code == 403
    assert (
        client.post(_version_url(act, 2, "/publish"), data={"csrf_token": token}).status_code == 403
    )
    assert _count(app, ActVersion) == 0


def test_no_revised_draft_before_the_consultation_closes(app, client, login, make_consultation):
    consultation_id = make_consultation()  # open
    login("officer")
    act = {"id": consultation_id}
    response = _start(client, act)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "only after the consultation has closed" in page
    assert _count(app, ActVersion) == 0


def test_an_empty_official_language_is_refused_with_a_translated_error(app, client, login, act):
    login("officer", directorate_id=act["directorate_id"])
    assert _start(client, act).status_code == 302
    lineage = _lineage(app, act, 2, 2)
    url = _version_url(act, 2, f"/articles/{lineage}")
    text = _texts("Teksti i ri.")
    text["sr_Latn"] = "   "
    response = submit(client, url + "?lang=sq", _article_form(2, text), form_url=url + "?lang=sq")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Write the text of the article in every official language." not in html
    assert 'id="text_sr_Latn-error"' in html
    with app.app_context():
        article = db.session.scalar(
            select(VersionArticle)
            .join(ActVersion)
            .where(ActVersion.number == 2, VersionArticle.lineage == lineage)
        )
        assert article.text["sr_Latn"].endswith("[sr]")
        assert _count(app, VersionComment) == 0


def test_publishing_without_a_change_or_with_a_language_missing_is_refused(app, client, login, act):
    login("officer", directorate_id=act["directorate_id"])
    assert _start(client, act).status_code == 302
    response = submit(
        client, _version_url(act, 2, "/publish") + "?lang=en", {}, form_url=_version_url(act, 2)
    )
    assert response.status_code == 400
    assert "Nothing differs from version 1" in response.get_data(as_text=True)
    with app.app_context():  # an article of the version lacks Serbian and Bosnian
        version_article = db.session.scalar(
            select(VersionArticle)
            .join(ActVersion)
            .where(ActVersion.number == 2, VersionArticle.number == 1)
        )
        version_article.text = {"sq": "Vetëm shqip, i ndryshuar."}
        db.session.commit()
    response = submit(
        client, _version_url(act, 2, "/publish") + "?lang=en", {}, form_url=_version_url(act, 2)
    )
    assert response.status_code == 400
    assert "Article 1 lacks an official language: Serbian, Bosnian." in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert (
            db.session.scalar(select(ActVersion.published_at).where(ActVersion.number == 2)) is None
        )


def test_markup_in_an_article_is_shown_as_text(app, client, login, act):
    login("officer", directorate_id=act["directorate_id"])
    assert _start(client, act).status_code == 302
    url = _version_url(act, 2, f"/articles/{_lineage(app, act, 2, 2)}")
    attack = _texts('<script>alert(1)</script><img src=x onerror="alert(2)">')
    response = submit(client, url, _article_form(2, attack, _texts("<b>Orari</b>")), form_url=url)
    assert response.status_code == 302
    assert (
        submit(
            client, _version_url(act, 2, "/publish"), {}, form_url=_version_url(act, 2)
        ).status_code
        == 302
    )
    for page in (
        f"/consultations/{act['id']}/versions/compare?lang=sq",
        f"/consultations/{act['id']}/versions/2?lang=sq",
        f"/consultations/{act['id']}/versions?lang=sq",
    ):
        html = client.get(page).get_data(as_text=True)
        assert (
            "<script>alert(1)" not in html and "<img src=x" not in html and "<b>Orari" not in html
        )
    html = client.get(f"/consultations/{act['id']}/versions/compare?lang=sq").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_comment_of_another_consultation_cannot_be_ticked(
    app, client, login, act, make_consultation
):
    other = make_consultation(directorate_id=act["directorate_id"], **closed_dates())
    foreign = add_comment(app, other, "Koment tjetër.")
    login("officer", directorate_id=act["directorate_id"])
    assert _start(client, act).status_code == 302
    url = _version_url(act, 2, f"/articles/{_lineage(app, act, 2, 2)}")
    data = _article_form(2, _texts("Teksti i ri."), comments=[act["accepted"], foreign])
    response = submit(client, url + "?lang=sq", data, form_url=url + "?lang=sq")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="comment_ids-error"' in html
    assert "Tick only published comments" not in html  # said in Albanian
    assert _count(app, VersionComment) == 0
    with app.app_context():
        text = db.session.scalar(
            select(VersionArticle.text)
            .join(ActVersion)
            .where(ActVersion.number == 2, VersionArticle.number == 2)
        )
        assert "dy herë" in text["sq"]


def test_the_articles_put_to_consultation_are_kept_once_a_version_exists(app, client, login, act):
    login("officer", directorate_id=act["directorate_id"])
    assert _start(client, act).status_code == 302
    url = f"/manage/draft-acts/{act['id']}/articles/{act['articles'][1]}"
    response = submit(client, url, {"number": "1", "text_sq": "Ndryshuar."}, form_url=_manage(act))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Article, act["articles"][1]).text["sq"].startswith("Kjo rregullore")


def test_a_removed_article_can_be_restored_and_a_working_version_discarded(app, client, login, act):
    login("officer", directorate_id=act["directorate_id"])
    assert _start(client, act).status_code == 302
    lineage = _lineage(app, act, 2, 3)
    url = _version_url(act, 2, f"/articles/{lineage}")
    assert submit(client, url, {"action": "remove"}, form_url=url).status_code == 302
    assert _lineage(app, act, 2, 3) is None
    restore = _version_url(act, 2, f"/articles/{lineage}/restore")
    assert submit(client, restore, {}, form_url=_version_url(act, 2)).status_code == 302
    assert _lineage(app, act, 2, 3) == lineage
    discard = _version_url(act, 2, "/discard")
    assert submit(client, discard, {}, form_url=_version_url(act, 2)).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(ActVersion.number)).all() == [1]


# ---------------------------------------------------------------- the adoption


def _adopt(client, act, number: int, data: dict, lang: str = "en"):
    url = _version_url(act, number, "/publish") + f"?lang={lang}"
    return submit(
        client, url, data, form_url=_version_url(act, number), content_type="multipart/form-data"
    )


def test_the_adoption_is_recorded_with_the_adopted_text_and_its_pdf(app, client, login, act):
    login("officer", directorate_id=act["directorate_id"])
    _publish_revision(app, client, act)
    assert _start(client, act, "adopted").status_code == 302
    today = dt.date.today()
    refused = _adopt(
        client,
        act,
        3,
        {
            "adopted_on": (today + dt.timedelta(days=2)).isoformat(),
            "decision_number": "01 Nr. 016-87",
            "file": (io.BytesIO(b"PK\x03\x04 not a pdf"), "akti.docx"),
        },
    )
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Attach the adopted text as a PDF file." in html
    fake = _adopt(
        client,
        act,
        3,
        {
            "adopted_on": today.isoformat(),
            "decision_number": "01 Nr. 016-87",
            "file": (io.BytesIO(b"<html>not a pdf</html>"), "akti.pdf"),
        },
    )
    assert fake.status_code == 400
    assert "does not match its extension" in fake.get_data(as_text=True)
    future = _adopt(
        client,
        act,
        3,
        {
            "adopted_on": (today + dt.timedelta(days=2)).isoformat(),
            "decision_number": "01 Nr. 016-87",
        },
    )
    assert future.status_code == 400
    assert "cannot be in the future" in future.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(select(ActVersion.published_at).where(ActVersion.number == 3)) is None
        )

    done = _adopt(
        client,
        act,
        3,
        {
            "adopted_on": today.isoformat(),
            "decision_number": "01 Nr. 016-87",
            "file": (io.BytesIO(PDF), "vendimi.pdf"),
        },
    )
    assert done.status_code == 302, done.get_data(as_text=True)
    with app.app_context():
        adopted = db.session.scalar(select(ActVersion).where(ActVersion.number == 3))
        assert (adopted.kind, adopted.adopted_on, adopted.decision_number) == (
            "adopted",
            today,
            "01 Nr. 016-87",
        )
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "draft_act.adoption"))
    with client.get(f"/consultations/{act['id']}/versions/3/adopted.pdf") as pdf:
        assert pdf.status_code == 200 and pdf.data == PDF
        assert pdf.headers["Content-Type"] == "application/pdf"
    page = client.get(f"/consultations/{act['id']}/versions?lang=en").get_data(as_text=True)
    assert "Adopted by the Municipal Assembly on" in page and "01 Nr. 016-87" in page
    # once adopted, only a correction of the adopted text may follow
    token = csrf_token(client, _manage(act))
    client.post(
        f"/manage/draft-acts/{act['id']}/versions", data={"kind": "revised", "csrf_token": token}
    )
    with app.app_context():
        assert db.session.scalar(select(func.max(ActVersion.number))) == 3


# ---------------------------------------------------------------- the report and open data


def test_the_report_links_the_revised_draft_and_says_which_articles_changed(
    app, client, login, act
):
    login("officer", directorate_id=act["directorate_id"])
    before = client.get(f"/consultations/{act['id']}/report?lang=en").get_data(as_text=True)
    assert "The revised draft is not published here article by article yet." in before
    _publish_revision(app, client, act)
    with app.app_context():
        db.session.get(Consultation, act["id"]).status = "reported"
        db.session.commit()
    reader = app.test_client()
    html = reader.get(f"/consultations/{act['id']}/report?lang=en").get_data(as_text=True)
    assert f"/consultations/{act['id']}/versions/2" in html
    assert "read the revised draft" in html
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>\s*<td>(.*?)</td>", html, re.S)
    changes = {re.sub(r"<[^>]+>|\(shown in Albanian\)", "", h).strip(): c for h, c in rows}
    assert changes["Article 1 · Qëllimi"] == "Not changed"
    assert changes["Article 2 · Orari"] == "Changed"
    assert changes["Article 3 · Gjobat"] == "Removed"
    assert changes["New article 4 · Riciklimi"] == "Added"
    pdf = reader.get(f"/consultations/{act['id']}/report.pdf?lang=sq")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_open_data_carries_the_versions_without_personal_data(app, client, login, act):
    login("officer", directorate_id=act["directorate_id"])
    _publish_revision(app, client, act)
    with app.app_context():
        db.session.get(Consultation, act["id"]).status = "reported"
        db.session.commit()
    report = app.test_client().get(f"/api/v1/consultations/{act['id']}/report").get_json()
    ids = {comment["id"] for comment in report["comments"]}
    first, second = report["versions"]
    assert (first["number"], first["kind"], second["kind"]) == (1, "consulted", "revised")
    assert [a["change"] for a in first["articles"]] == [None, None, None]
    changes = {a["number"]: (a["change"], a["comments"]) for a in second["articles"]}
    assert changes == {
        1: ("unchanged", []),
        2: ("changed", [act["accepted"]]),
        4: ("added", [act["whole"]]),
    }
    assert second["removed"] == [{"lineage": 3, "number": 3, "comments": [act["on_fines"]]}]
    assert {act["accepted"], act["whole"], act["on_fines"]} <= ids
    text = str(report["versions"])
    assert "blerta@example.org" not in text and "Blerta" not in text and "officer@" not in text
    assert second["url"].endswith(f"/consultations/{act['id']}/versions/2")


# ---------------------------------------------------------------- languages


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_the_version_pages_render_in_every_language(app, client, login, act, locale):
    login("officer", directorate_id=act["directorate_id"])
    _publish_revision(app, client, act)
    assert _start(client, act, "adopted").status_code == 302
    for url in (
        _manage(act).replace("lang=en", f"lang={locale}"),
        _version_url(act, 3) + f"?lang={locale}",
        _version_url(act, 3, f"/articles/{_lineage(app, act, 3, 2)}") + f"?lang={locale}",
    ):
        assert client.get(url).status_code == 200, url
    reader = app.test_client()
    for url in (
        f"/consultations/{act['id']}",
        f"/consultations/{act['id']}/versions",
        f"/consultations/{act['id']}/versions/1",
        f"/consultations/{act['id']}/versions/compare",
        f"/consultations/{act['id']}/versions/compare?from=2&to=1",
    ):
        page = reader.get(f"{url}{'&' if '?' in url else '?'}lang={locale}")
        assert page.status_code == 200, url
    html = reader.get(f"/consultations/{act['id']}/versions/compare?lang={locale}").get_data(
        as_text=True
    )
    if locale == "sr":
        assert "Члан 2" in html and "[ср]" in html  # Serbian Latin shown in Cyrillic
    if locale != "en":
        assert "How to read the changes" not in html
    # a working version is never public
    assert reader.get(f"/consultations/{act['id']}/versions/3").status_code == 404


def test_a_reader_cannot_compare_a_version_with_itself_or_one_that_does_not_exist(
    app, client, login, act
):
    login("officer", directorate_id=act["directorate_id"])
    _publish_revision(app, client, act)
    base = f"/consultations/{act['id']}/versions/compare"
    assert client.get(base + "?from=2&to=2&lang=en").status_code == 400
    assert client.get(base + "?from=1&to=9").status_code == 404
    assert client.get(base + "?from=x&to=2").status_code == 200  # from the version before
    assert client.get(f"/consultations/{act['id']}/versions/2/adopted.pdf").status_code == 404


# ---------------------------------------------------------------- the demo


def test_the_demo_shows_last_years_act_revised_and_adopted(app, client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        versions = db.session.scalars(select(ActVersion).order_by(ActVersion.number)).all()
        consultation_id = versions[0].consultation_id
        assert [(v.number, v.kind) for v in versions] == [
            (1, "consulted"),
            (2, "revised"),
            (3, "adopted"),
        ]
        assert versions[2].decision_number and versions[2].adopted_on < dt.date.today()
        assert len(versions[1].links) == 2
    html = client.get(
        f"/consultations/{consultation_id}/versions/compare?from=1&to=2&lang=en"
    ).get_data(as_text=True)
    assert "written warning" in html and "<ins>" in html
    assert client.get(f"/consultations/{consultation_id}/report?lang=sq").status_code == 200


def test_followers_are_told_of_the_revised_draft_and_the_adoption_in_their_language(
    app, client, login, act
):
    from consult.core.mail_outbox import OutboxMessage
    from consult.subscriptions.models import Subscription

    now = dt.datetime(2026, 1, 5, 9, 0)
    with app.app_context():
        title = db.session.get(Consultation, act["id"]).title
        db.session.add_all(
            [
                Subscription(
                    email="ndjekes@example.org",
                    consultation_id=act["id"],
                    locale="sq",
                    token="t-sq",
                    confirmed_at=now,
                ),
                Subscription(
                    email="reader@example.org",
                    consultation_id=act["id"],
                    locale="en",
                    token="t-en",
                    confirmed_at=now,
                ),
                # not confirmed, and a directorate's subscriber: neither hears of versions
                Subscription(email="pa@example.org", consultation_id=act["id"], token="t-no"),
                Subscription(
                    email="drejtoria@example.org",
                    directorate_id=act["directorate_id"],
                    token="t-dir",
                    confirmed_at=now,
                ),
            ]
        )
        db.session.commit()

    def mails() -> dict[str, list]:
        with app.app_context():
            found: dict[str, list] = {}
            for message in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)):
                found.setdefault(message.to, []).append(
                    (message.subject, message.body, message.list_unsubscribe)
                )
            return found

    login("officer", directorate_id=act["directorate_id"])
    _publish_revision(app, client, act)
    sent = mails()
    assert set(sent) == {"ndjekes@example.org", "reader@example.org"}
    ((subject, body, one_click),) = sent["reader@example.org"]
    assert subject == f"A revised draft of “{title['en']}” is published"
    assert "Version 2 of the draft is published" in body
    assert f"/consultations/{act['id']}/versions/2?lang=en" in body
    assert one_click.endswith("/t-en/one-click")
    ((subject_sq, body_sq, _one),) = sent["ndjekes@example.org"]
    assert title["sq"] in subject_sq and "?lang=sq" in body_sq and "Version 2" not in body_sq

    assert _start(client, act, "adopted").status_code == 302
    done = _adopt(
        client, act, 3, {"adopted_on": dt.date.today().isoformat(), "decision_number": "01-5"}
    )
    assert done.status_code == 302, done.get_data(as_text=True)
    subject, body, _one = mails()["reader@example.org"][1]
    assert subject == f"“{title['en']}” is adopted"
    assert "version 3" in body and "/versions/3?lang=en" in body
