"""LANG-ANSWER for draft acts: every answer is written in each official language and in the
commenter's own before the final report is published; the back office lists the answers
still missing a language; content-language selects default to the page's locale."""

import datetime as dt
import io

from sqlalchemy import select

from consult.comments.models import Answer, Comment
from consult.consultations.forms import CommentForm, ImportForm, MeetingCommentForm
from consult.core.models import Consultation
from consult.extensions import db
from tests.conftest import submit
from tests.consultations.helpers import (
    add_answer,
    add_comment,
    closed_dates,
    every_language,
)
from tests.consultations.test_meetings import _plan


def _closed_with_answer(app, make_consultation, make_directorate, reason: dict, language="sr"):
    """A closed draft act with one comment (in `language`), answered with `reason`."""
    consultation_id = make_consultation(directorate_id=make_directorate(), **closed_dates())
    comment_id = add_comment(app, consultation_id, "Обавештења на српском.", language=language)
    with app.app_context():
        db.session.add(Answer(comment_id=comment_id, outcome="accepted", reason=reason))
        db.session.commit()
    return consultation_id, comment_id


def _publish(client, consultation_id, lang="en"):
    return submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "reported", "override_reason": "Nuk ka kohë"},
        form_url=f"/manage/consultations/{consultation_id}?lang={lang}",
        follow_redirects=True,
    )


def _status(app, consultation_id):
    with app.app_context():
        return db.session.get(Consultation, consultation_id).status


def test_the_report_is_refused_while_an_answer_lacks_bosnian_then_published_once_filled(
    app, client, login, make_consultation, make_directorate
):
    reason = {"sq": "Pranohet.", "sr_Latn": "Prihvata se."}
    consultation_id, comment_id = _closed_with_answer(
        app, make_consultation, make_directorate, reason
    )
    login("officer")
    page = _publish(client, consultation_id).get_data(as_text=True)  # even with a reason
    assert _status(app, consultation_id) == "closed"
    assert "Answers in every official language (LANG-ANSWER)" in page
    assert f"Comment {comment_id}: Bosnian" in page
    # the to-do on the management page links to the answer to complete
    assert "Answers missing a language: 1" in page
    assert f'/manage/draft-acts/{consultation_id}/comments#comment-{comment_id}"' in page
    with app.app_context():
        answer = db.session.scalar(select(Answer))
        answer.reason = {**reason, "bs": "Prihvata se."}
        db.session.commit()
    page = _publish(client, consultation_id).get_data(as_text=True)
    assert _status(app, consultation_id) == "reported"
    assert "Answers missing a language: 0" in page


def test_the_refusal_is_translated_on_a_serbian_page(
    app, client, login, make_consultation, make_directorate
):
    consultation_id, _ = _closed_with_answer(
        app, make_consultation, make_directorate, {"sq": "Pranohet."}
    )
    login("officer")
    page = _publish(client, consultation_id, lang="sr_Latn").get_data(as_text=True)
    assert _status(app, consultation_id) == "closed"
    assert "Odgovori na svim službenim jezicima (LANG-ANSWER)" in page
    assert "Odgovori kojima nedostaje neki jezik: 1" in page
    for english in ("Answers missing a language", "Complete them", "Comment ", "Bosnian"):
        assert english not in page


def test_the_to_do_counts_every_answer_missing_a_language(
    app, client, login, make_consultation, make_directorate
):
    consultation_id = make_consultation(directorate_id=make_directorate(), **closed_dates())
    complete = add_comment(app, consultation_id, "Plotë.")
    add_answer(app, complete)
    english = add_comment(app, consultation_id, "In English.", language="en")
    add_answer(app, english, reason="Pranohet.")  # every language, English too
    lacking = [add_comment(app, consultation_id, f"Koment {n}.") for n in range(2)]
    for comment_id in lacking:
        add_answer(app, comment_id, only_sq=True)
    english_lacking = add_comment(app, consultation_id, "Also English.", language="en")
    with app.app_context():
        reason = every_language("Pranohet.")  # official languages, but not English
        db.session.add(Answer(comment_id=english_lacking, outcome="accepted", reason=reason))
        db.session.commit()
    login("officer")
    page = client.get(f"/manage/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "Answers missing a language: 3" in page
    for comment_id in lacking:
        assert f"comments#comment-{comment_id}" in page
    assert f"Comment {english_lacking}</a>: missing English" in page
    assert f"comments#comment-{complete}" not in page


def test_an_english_comment_needs_an_english_answer(app, client, login, make_consultation):
    consultation_id = make_consultation()
    comment_id = add_comment(app, consultation_id, "Please publish it in English.", language="en")
    login("officer")
    url = f"/manage/draft-acts/comments/{comment_id}/answer"
    form_url = f"/manage/draft-acts/{consultation_id}/comments?lang=en"
    name = f"c{comment_id}-"
    texts = {name + "reason_sq": "Po.", name + "reason_sr_Latn": "Da.", name + "reason_bs": "Da."}
    refused = submit(client, url, {name + "outcome": "accepted", **texts}, form_url=form_url)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Da.</textarea>" in page  # what was typed is kept
    assert "Write the reason in English too: the commenter wrote in it." in page
    with app.app_context():
        assert db.session.scalars(select(Answer)).all() == []
    answer = {name + "outcome": "accepted", **texts, name + "reason_en": "Yes."}
    submit(client, url, answer, form_url=form_url)
    with app.app_context():
        assert db.session.scalar(select(Answer)).reason["en"] == "Yes."


def test_an_answer_missing_an_official_language_is_saved_with_a_warning(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    comment_id = add_comment(app, consultation_id, "Komenti.", language="sr_Latn")
    login("officer")
    form_url = f"/manage/draft-acts/{consultation_id}/comments?lang=en"
    page = client.get(form_url).get_data(as_text=True)
    assert "The commenter wrote in Serbian." in page
    assert "the commenter&#39;s language" in page or "the commenter's language" in page
    page = submit(
        client,
        f"/manage/draft-acts/comments/{comment_id}/answer",
        {f"c{comment_id}-outcome": "rejected", f"c{comment_id}-reason_sq": "Jo."},
        form_url=form_url,
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The answer is saved, but it still lacks Serbian, Bosnian." in page
    assert "This answer still lacks: Serbian, Bosnian." in page
    with app.app_context():
        assert db.session.scalar(select(Answer)).reason == {"sq": "Jo."}


def test_a_comment_sent_as_is_from_a_serbian_page_is_stored_as_serbian(
    app, client, make_consultation
):
    consultation_id = make_consultation()
    page_url = f"/consultations/{consultation_id}?lang=sr_Latn"
    page = client.get(page_url).get_data(as_text=True)
    assert 'selected value="sr_Latn"' in page  # preselected, not Albanian
    response = submit(
        client,
        f"/consultations/{consultation_id}/comments",
        {
            "article_id": "0",
            "text": "Sednice treba prenositi uživo.",
            "author": "citizen",
            "name": "Milan Jovanović",
            "email": "milan@example.org",
            "gender": "",
        },
        form_url=page_url,
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Comment.language)) == "sr_Latn"


def test_a_meeting_comment_recorded_from_a_serbian_page_is_stored_as_serbian(
    app, client, login, make_consultation
):
    from consult.meetings.models import Meeting

    consultation_id = make_consultation()
    today = dt.date.today()
    login("officer")
    location = _plan(
        client, consultation_id, today - dt.timedelta(days=1), today - dt.timedelta(days=10)
    ).headers["Location"]
    with app.app_context():
        meeting_id = db.session.scalars(select(Meeting.id)).one()
    client.get("/?lang=sr_Latn")
    submit(
        client,
        f"/manage/draft-acts/meetings/{meeting_id}/comments",
        {"article_id": "0", "text": "Sastanci posle 17 časova.", "gender": ""},
        form_url=location,
    )
    with app.app_context():
        assert db.session.scalar(select(Comment.language)) == "sr_Latn"


def test_an_article_import_from_a_bosnian_page_reads_the_file_as_bosnian(
    app, client, login, make_consultation
):
    consultation_id = make_consultation(status="draft")
    login("officer")
    url = f"/manage/draft-acts/{consultation_id}/articles/import"
    client.get(f"{url}?lang=bs")
    data = {"file": (io.BytesIO("Član 1\nTekst prvog člana.\n".encode()), "akt.txt")}
    submit(client, url, data, content_type="multipart/form-data")
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        from consult.consultations.services import articles_of

        texts = [article.text for article in articles_of(consultation)]
    assert texts and all("bs" in text for text in texts)


def test_every_draft_act_content_form_defaults_to_the_page_language(app):
    for locale, expected in (("sr_Latn", "sr_Latn"), ("sr", "sr"), ("bs", "bs"), ("en", "en")):
        with app.test_request_context(f"/?lang={locale}"):
            for form_class in (CommentForm, ImportForm, MeetingCommentForm):
                assert form_class(formdata=None).language.data == expected, form_class
    with app.test_request_context("/"):
        assert CommentForm(formdata=None).language.data == "sq"


def test_the_back_office_lists_the_consultations_with_answers_to_complete(
    app, client, login, make_consultation, make_directorate
):
    consultation_id, _ = _closed_with_answer(
        app, make_consultation, make_directorate, {"sq": "Pranohet."}
    )
    login("officer")
    page = client.get("/manage/?lang=en").get_data(as_text=True)
    assert "Answers missing a language: 1" in page
    assert f"/manage/consultations/{consultation_id}#answer-gaps" in page


def test_the_public_page_shows_the_answer_in_the_readers_language(app, client, make_consultation):
    consultation_id = make_consultation()
    complete = add_comment(app, consultation_id, "Sednice uživo.", language="sr_Latn")
    add_answer(app, complete, reason="Pranohet.")
    albanian_only = add_comment(app, consultation_id, "Prenos uživo.", language="bs")
    add_answer(app, albanian_only, reason="Refuzohet.", only_sq=True)
    page = client.get(f"/consultations/{consultation_id}?lang=bs").get_data(as_text=True)
    assert '<div lang="bs"><p>Pranohet. [bs]</p></div>' in page
    assert "Pranohet.</p>" not in page
    # an answer still lacking Bosnian is shown in Albanian, tagged and marked as a fallback
    assert '<div lang="sq"><p>Refuzohet.</p></div>' in page and 'class="fallback"' in page
