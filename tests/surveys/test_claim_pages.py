"""Progress that survives a reload, the error summary that names the questions, and slips in
every official language."""

import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.models import Question, Response, StaffToken, Survey
from consult.surveys.resume import PROGRESS_COOKIE
from consult.surveys.services import add_question, add_section, create_survey
from tests.conftest import submit
from tests.surveys.conftest import VALID_FIRST, english_client, issue, post_section, t

MEETING_GOER = {**VALID_FIRST, "channel": "meetings"}


def enter(client, survey_id, code):
    return submit(client, f"/surveys/{survey_id}/code", {"code": code})


def take(client, survey_id) -> str:
    response = client.get(f"/surveys/{survey_id}/take")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def progress_cookie(client, survey_id):
    return client.get_cookie(PROGRESS_COOKIE, path=f"/surveys/{survey_id}/")


# --- a reload keeps the progress ----------------------------------------------------------------


def test_a_reload_opens_the_section_the_staff_member_was_on(app, client, survey_id):
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    first = take(client, survey_id)
    answers = {**MEETING_GOER, "title": "Reloaded", "meetings": "17"}
    assert post_section(client, app, survey_id, first, answers).status_code == 200
    reloaded = take(client, survey_id)  # F5, or the phone reopened the tab
    assert "Meetings are useful" in reloaded
    assert "You are continuing where you left off in this browser." in reloaded
    # the earlier answers came along: going back shows them, and the submit stores them
    done = post_section(client, app, survey_id, reloaded, {"meeting_useful": "5"})
    assert done.status_code == 302
    with app.app_context():
        texts = {a.text for r in db.session.scalars(select(Response)) for a in r.answers}
    assert "Reloaded" in texts
    assert progress_cookie(client, survey_id) is None  # sent: nothing left in the browser


def test_coming_back_from_the_code_link_after_the_browser_forgot_the_session(
    app, client, survey_id
):
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    post_section(client, app, survey_id, take(client, survey_id), MEETING_GOER)
    client.delete_cookie("session")  # the browser was closed: its session cookie is gone
    assert client.get(f"/surveys/{survey_id}/take").status_code == 302  # to the code page
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert enter(client, survey_id, code).status_code == 302  # its own claim: welcome back
    assert "Meetings are useful" in take(client, survey_id)


def test_a_colleague_with_another_code_in_the_same_browser_sees_nothing_of_it(
    app, client, survey_id
):
    mine, theirs = issue(app, survey_id, 2)
    assert enter(client, survey_id, mine).status_code == 302
    answers = {**MEETING_GOER, "title": "Confidential"}
    post_section(client, app, survey_id, take(client, survey_id), answers)
    assert enter(client, survey_id, theirs).status_code == 302
    page = take(client, survey_id)
    assert "Confidential" not in page
    assert "Meetings are useful" not in page and "Main channel" in page


def test_a_tampered_or_foreign_progress_cookie_is_ignored(app, client, survey_id):
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    post_section(client, app, survey_id, take(client, survey_id), MEETING_GOER)
    value = progress_cookie(client, survey_id).value
    for forged in (value[:-3] + "AAA", "<script>x</script>", "", "." + "A" * 200):
        client.set_cookie(PROGRESS_COOKIE, forged, path=f"/surveys/{survey_id}/")
        page = take(client, survey_id)
        assert "Main channel" in page and "<script>x" not in page


def test_start_again_forgets_the_answers(app, client, survey_id):
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    answers = {**MEETING_GOER, "title": "Forget me"}
    post_section(client, app, survey_id, take(client, survey_id), answers)
    resumed = take(client, survey_id)
    restart = post_section(client, app, survey_id, resumed, {}, restart="1")
    assert restart.status_code == 200
    assert "Main channel" in restart.get_data(as_text=True)
    assert "Forget me" not in take(client, survey_id)


def test_long_written_answers_that_do_not_fit_a_cookie_are_left_out_and_the_person_told(
    app, client, survey_id, monkeypatch
):
    import secrets

    import consult.surveys.resume as resume

    # one long answer fits a cookie once compressed; several do not: a smaller room here
    monkeypatch.setattr(resume, "MAX_COOKIE_VALUE", 1500)
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    long_text = secrets.token_urlsafe(2200)[:2990]
    answers = {**MEETING_GOER, "ideas": long_text, "title": "Short one"}
    second = post_section(client, app, survey_id, take(client, survey_id), answers)
    assert second.status_code == 200
    assert len(progress_cookie(client, survey_id).value) <= resume.MAX_COOKIE_VALUE
    reloaded = take(client, survey_id)
    assert "Meetings are useful" in reloaded
    assert "please look over your written answers" in reloaded
    # the page's own hidden field still carried everything up to the reload; after it, the
    # short text survived and the long one must be typed again
    back = post_section(client, app, survey_id, reloaded, {}, previous="1")
    body = back.get_data(as_text=True)
    assert "Short one" in body and long_text[:50] not in body


def test_a_citizen_reload_keeps_the_progress_too(app, citizen_survey_id):
    browser = english_client(app)
    first = take(browser, citizen_survey_id)
    post_section(browser, app, citizen_survey_id, first, {**MEETING_GOER, "title": "Citizen"})
    cookie = progress_cookie(browser, citizen_survey_id)
    assert cookie is not None and cookie.expires is None  # dies with the browser's session
    reloaded = take(browser, citizen_survey_id)
    assert "Meetings are useful" in reloaded
    done = post_section(browser, app, citizen_survey_id, reloaded, {"meeting_useful": "3"})
    assert done.status_code == 302
    assert progress_cookie(browser, citizen_survey_id) is None


def test_progress_is_not_stored_in_the_database_before_the_submit(app, client, survey_id):
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    post_section(client, app, survey_id, take(client, survey_id), {**MEETING_GOER, "title": "Q9"})
    take(client, survey_id)
    with app.app_context():
        assert db.session.scalars(select(Response)).all() == []


# --- the error summary ----------------------------------------------------------------------------


def ids_in(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


def test_the_error_summary_names_each_missing_question_and_links_to_its_field(
    app, client, survey_id
):
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    missing = {k: v for k, v in VALID_FIRST.items() if k not in ("channel", "informed")}
    response = post_section(client, app, survey_id, take(client, survey_id), missing)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "2 questions need your attention" in summary
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary, re.S)
    assert len(links) == 2
    named = " ".join(label for _target, label in links)
    assert "Main channel" in named and "I am well informed" in named
    assert "Please answer this question." in summary
    page_ids = ids_in(page)
    with app.app_context():
        by_key = {q.key: q.id for q in db.session.get(Survey, survey_id).questions}
    for target, _label in links:
        assert target in page_ids, target  # each link leads to an input on the page
    assert {t.split("-")[0] for t, _ in links} == {
        f"q{by_key['channel']}",
        f"q{by_key['informed']}",
    }
    # the summary comes before the questions
    assert page.index("error-summary") < page.index("<form")
    # each refused question's group points at its error and hint
    for key in ("channel", "informed"):
        match = re.search(
            rf'<fieldset[^>]*aria-describedby="([^"]*q{by_key[key]}-error[^"]*)"', page
        )
        assert match, key
        for described in match.group(1).split():
            assert described in page_ids, described


def test_an_invalid_answer_is_named_in_the_summary_too(app, client, survey_id):
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    answers = {**VALID_FIRST, "meetings": "9999"}
    page = post_section(client, app, survey_id, take(client, survey_id), answers).get_data(
        as_text=True
    )
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "Meetings a month" in summary and "1 question needs your attention" in summary
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == "meetings"))
        field = f"q{question.id}"
    assert f'href="#{field}"' in summary
    tag = re.search(rf'<input[^>]*id="{field}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in tag
    described = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    assert f"{field}-error" in described and f"{field}-rule" in described
    assert set(described) <= ids_in(page)


def test_question_text_with_markup_is_escaped_in_the_summary(app, client, make_consultation):
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        survey = create_survey(db.session.get(Consultation, consultation_id), "citizen", 2024)
        section = add_section(survey, t("One"))
        add_question(
            section, "x", "short_text", t('<img src=x onerror="alert(1)">Why'), required=True
        )
        db.session.commit()
        survey_id = survey.id
    browser = english_client(app)
    page = post_section(browser, app, survey_id, take(browser, survey_id), {}).get_data(
        as_text=True
    )
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "<img" not in summary and "&lt;img" in summary


def test_a_citizen_page_has_the_same_summary(app, citizen_survey_id):
    browser = english_client(app)
    page = post_section(browser, app, citizen_survey_id, take(browser, citizen_survey_id), {})
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    summary = body.split('class="error-summary"')[1].split("</div>")[0]
    assert "3 questions need your attention" in summary  # channel, informed, cooperation
    assert "Cooperation" in summary


# --- slips in every official language -------------------------------------------------------------


@pytest.fixture
def slip_html(monkeypatch):
    """The HTML each PDF of slips is made from."""
    import consult.surveys.views as views

    made: list[str] = []
    real = views.pdf_from_html

    def recording(html, *args, **kwargs):
        made.append(html)
        return real(html, *args, **kwargs)

    monkeypatch.setattr(views, "pdf_from_html", recording)
    return made


def test_slips_in_every_official_language(
    app, client, login, make_directorate, survey_id, slip_html
):
    directorate_id = make_directorate("FIN", "Drejtoria e Financave")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        survey.consultation.title = {
            "sq": "Anketa e stafit",
            "sr_Latn": "Upitnik za zaposlene",
            "bs": "Upitnik za uposlenike",
            "en": "Staff survey",
        }
        db.session.commit()
    login("officer")
    response = submit(
        client,
        f"/manage/surveys/{survey_id}/tokens",
        {"directorate_id": directorate_id, "count": 3, "slip_languages": "official"},
    )
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    with app.app_context():
        assert len(db.session.scalars(select(StaffToken)).all()) == 3
    (html,) = slip_html
    assert html.count('class="slip"') == 3
    for lang, title in (
        ("sq", "Anketa e stafit"),
        ("sr-Latn", "Upitnik za zaposlene"),
        ("sr-Cyrl", "Упитник за запослене"),
        ("bs", "Upitnik za uposlenike"),
    ):
        block = re.search(rf'<td lang="{lang}">(.*?)</td>', html, re.S)
        assert block, lang
        assert title in block.group(1), lang
    assert "Kodi juaj i qasjes" in html and "Ваш приступни код" in html
    assert "Skenirajte QR kod" in html and "Skanoni kodin QR" in html
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True
        )
        printed = done.stdout.decode()
        for words in ("Kodi juaj i qasjes", "Ваш приступни код", "Vaš pristupni kod"):
            assert words in printed, words


def test_slips_in_the_page_language_stay_as_they_were(
    app, client, login, make_directorate, survey_id, slip_html
):
    directorate_id = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    response = submit(
        client,
        f"/manage/surveys/{survey_id}/tokens",
        {"directorate_id": directorate_id, "count": 2},
    )
    assert response.status_code == 200
    (html,) = slip_html
    assert "<td lang=" not in html and html.count('class="slip"') == 2


def test_an_unknown_slip_language_issues_no_code(app, client, login, make_directorate, survey_id):
    directorate_id = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    response = submit(
        client,
        f"/manage/surveys/{survey_id}/tokens",
        {"directorate_id": directorate_id, "count": 2, "slip_languages": "<b>klingon</b>"},
    )
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<b>klingon" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(StaffToken)).all() == []
