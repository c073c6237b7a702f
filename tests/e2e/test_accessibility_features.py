"""axe-core on every page of the public journeys of the features (WCAG 2.1 A/AA).

The poll vote on a 375-pixel phone, the staff survey with an access code, the budget hearing
(the draft budget, comments, proposals, the published report) and the chair's dashboard, in
Albanian and English: every page a person meets on the way, including the pages that show an
error, has no serious or critical violation. The check and its report are those of
test_accessibility.py.
"""

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from consult.core import mail, reviews
from consult.core.models import Consultation
from consult.extensions import db
from consult.hearings import participation as hearing_participation
from consult.hearings import report as hearing_report
from consult.hearings import services as hearing_services
from consult.hearings.models import HearingCycle
from consult.surveys.models import CodeClaim, Survey
from consult.surveys.services import code_hash, redeem_and_save
from tests.conftest import PASSWORD
from tests.polls.conftest import project_ids

#: the demo's open hearing cycle (last year's, reported, is in the demo too)
OPEN_CYCLE = select(HearingCycle).join(Consultation).where(Consultation.status == "open")

pytestmark = [pytest.mark.browser, pytest.mark.presentation]

LOCALES = ("sq", "en")
MILAN = ("1234567890", 1985)


def submit_form(tab, form: str = "main form") -> None:
    """Press the first submit button of `form` and wait for the next page."""
    with tab.expect_navigation():
        tab.locator(f"{form} button[type=submit]").first.click()


# ---------------------------------------------------------------- the vote, on a phone


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_of_the_vote_on_a_phone_has_no_serious_violation(
    phone,
    browser,
    app,
    live_server,
    make_poll,
    check,
    locale,
):
    poll_id = make_poll(voters=[MILAN])
    playground = project_ids(app, poll_id)[1]
    with app.app_context():
        consultation_id = db.session.scalar(
            select(Consultation.id).where(Consultation.kind == "capital_poll")
        )
    tab = phone

    tab.goto(f"{live_server}/consultations/{consultation_id}?lang={locale}")
    check(tab, f"the poll's consultation page ({locale})")
    tab.goto(f"{live_server}/polls/{poll_id}?lang={locale}")
    check(tab, f"the ballot ({locale})")

    # Nothing chosen, nobody named: the ballot with its error summary (the ballot's error
    # and the identity's, each linked); then over the budget, checked.
    tab.locator("#ballot button[value=continue]").click()
    tab.wait_for_selector(".error-summary")
    assert tab.locator('.error-summary a[href="#personal_number"]').count() == 1
    check(tab, f"the ballot with an error ({locale})")
    for project in project_ids(app, poll_id)[::3]:  # 120 000 + 90 000 > 200 000
        tab.check(f'input[name="project"][value="{project}"]')
    with tab.expect_navigation():
        tab.locator("#ballot button[value=check]").click()
    check(tab, f"the ballot over the budget ({locale})")

    # Who votes, on the ballot itself: first with a wrong year of birth, which keeps the
    # ballot; then the confirmation, answered by the same POST.
    for project in project_ids(app, poll_id)[::3]:
        tab.uncheck(f'input[name="project"][value="{project}"]')
    tab.check(f'input[name="project"][value="{playground}"]')
    tab.fill("#personal_number", MILAN[0])
    tab.fill("#birth_year", "1990")
    with tab.expect_navigation():
        tab.locator("#ballot button[value=continue]").click()
    assert tab.locator(".error-summary").count() == 1
    assert tab.is_checked(f'input[name="project"][value="{playground}"]')
    check(tab, f"the ballot with a person not on the list ({locale})")
    tab.fill("#birth_year", str(MILAN[1]))
    with tab.expect_navigation():
        tab.locator("#ballot button[value=continue]").click()
    assert tab.locator(f'form[action="/polls/{poll_id}/confirm"]').count() == 1
    check(tab, f"the confirmation ({locale})")

    # Cast: the receipt; the receipt checked; a second attempt is told it has voted.
    submit_form(tab)
    receipt = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", tab.inner_text("main")).group(0)
    check(tab, f"the receipt ({locale})")
    tab.goto(f"{live_server}/polls/{poll_id}/receipt?lang={locale}")
    check(tab, f"the receipt check ({locale})")
    tab.fill("#code", receipt)
    submit_form(tab)
    assert tab.locator(".flash-success").count() == 1
    check(tab, f"the receipt found ({locale})")
    tab.fill("#code", "AAAA-BBBB-CCCC")
    submit_form(tab)
    assert tab.locator(".flash-error").count() == 1
    check(tab, f"the receipt not found ({locale})")

    other = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    again = other.new_page()
    again.goto(f"{live_server}/polls/{poll_id}?lang={locale}")
    again.check(f'input[name="project"][value="{playground}"]')
    again.fill("#personal_number", MILAN[0])
    again.fill("#birth_year", str(MILAN[1]))
    with again.expect_navigation():
        again.locator("#ballot button[value=continue]").click()
    assert again.locator('main a[href*="/receipt"]').count() == 1
    check(again, f"the already-voted page ({locale})")
    other.close()

    # After the poll closes: the results.
    with app.app_context():
        db.session.get(Consultation, consultation_id).status = "closed"
        db.session.commit()
    tab.goto(f"{live_server}/polls/{poll_id}/results?lang={locale}")
    check(tab, f"the results ({locale})")


# ---------------------------------------------------------------- the staff survey


def answer_radio_groups(tab, index: int) -> None:
    """In every radio group of the page not answered yet, check the option at `index`."""
    names = tab.eval_on_selector_all(
        "main input[type=radio]", "radios => [...new Set(radios.map(r => r.name))]"
    )
    for name in names:
        radios = tab.locator(f'main input[type=radio][name="{name}"]')
        if not tab.locator(f'main input[type=radio][name="{name}"]:checked').count():
            radios.nth(min(index, radios.count() - 1)).check()


def walk_the_survey(tab, app, live_server, staff_survey, access_codes, check, lang, where):
    """Every page of the staff survey, with a check on each."""
    survey_id, consultation_id, directorate_id = staff_survey
    first, second = access_codes(survey_id, directorate_id, 2)

    tab.goto(f"{live_server}/consultations/{consultation_id}?lang={lang}")
    check(tab, f"the survey's consultation page {where}")
    tab.goto(f"{live_server}/surveys/{survey_id}/code?lang={lang}")
    check(tab, f"the access-code form {where}")
    tab.fill("#code", "AAAA-BBBB-CCCC")
    submit_form(tab)
    tab.wait_for_selector(".error-summary")
    check(tab, f"the access-code form with an error {where}")
    tab.fill("#code", first)
    submit_form(tab)
    assert tab.url.endswith(f"/surveys/{survey_id}/take")
    check(tab, f"the first section {where}")

    # Sent empty: the required questions are marked.
    submit_form(tab)
    tab.wait_for_selector(".error-summary")
    check(tab, f"the first section with errors {where}")

    # Answered (meetings as the main channel): the meetings section, then the thanks page.
    tab.check("main input[type=radio][value=meetings]")
    answer_radio_groups(tab, 2)
    submit_form(tab)
    assert tab.locator("main input[type=radio][value=meetings]").count() == 0
    check(tab, f"the meetings section {where}")
    answer_radio_groups(tab, 3)
    submit_form(tab)
    assert tab.url.endswith(f"/surveys/{survey_id}/thanks")
    check(tab, f"the thanks page {where}")

    # A second code, opened here but used elsewhere before the final submit (after this
    # browser's claim lapsed and another took it over): refused at the next page.
    tab.goto(f"{live_server}/surveys/{survey_id}/code?lang={lang}")
    tab.fill("#code", second)
    submit_form(tab)
    with app.test_request_context(f"/?lang={lang}"):
        db.session.execute(update(CodeClaim).values(expires_at=dt.datetime(2000, 1, 1)))
        redeem_and_save(db.session.get(Survey, survey_id), code_hash(second), {}, dt.date.today())
        db.session.commit()
    tab.check("main input[type=radio][value=email]")
    answer_radio_groups(tab, 1)
    submit_form(tab)
    assert tab.locator("main form").count() == 0, "the used code was not refused"
    check(tab, f"the page refusing a used code {where}")

    # The first code once more: the form says it is used.
    tab.goto(f"{live_server}/surveys/{survey_id}/code?lang={lang}")
    tab.fill("#code", first)
    submit_form(tab)
    tab.wait_for_selector(".error-summary")
    check(tab, f"the access-code form refusing a used code {where}")

    # Once the report is out: the published results.
    with app.app_context():
        db.session.get(Consultation, consultation_id).status = "reported"
        db.session.commit()
    tab.goto(f"{live_server}/surveys/{survey_id}/results?lang={lang}")
    assert tab.locator("main table").count() >= 1
    check(tab, f"the published results {where}")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_of_the_staff_survey_has_no_serious_violation(
    page,
    app,
    live_server,
    staff_survey,
    access_codes,
    check,
    locale,
):
    walk_the_survey(
        page, app, live_server, staff_survey, access_codes, check, locale, f"({locale})"
    )


def test_every_page_of_the_staff_survey_on_a_phone_has_no_serious_violation(
    phone,
    app,
    live_server,
    staff_survey,
    access_codes,
    check,
):
    walk_the_survey(phone, app, live_server, staff_survey, access_codes, check, "sq", "(sq, phone)")


# ---------------------------------------------------------------- the budget hearing


@pytest.fixture
def demo_hearing(app, runner) -> int:
    """The Istog demo, its hearing open; returns the hearing's consultation."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return db.session.scalars(OPEN_CYCLE).one().consultation_id


def close_and_publish_the_hearing_report(app) -> None:
    """The officer answers what is left, closes the hearing and publishes its report (a
    report is published only once the consultation has closed)."""
    with app.test_request_context("/?lang=en"):
        cycle = db.session.scalars(OPEN_CYCLE).one()
        answer = {
            "sq": "Përfshihet në buxhet.",
            "sr_Latn": "Uključeno u budžet.",
            "bs": "Uključeno u budžet.",
            "en": "Included.",
        }
        for proposal in cycle.proposals:
            if proposal.outcome is None:
                hearing_services.answer_proposal(proposal, "accepted", answer)
        for comment in hearing_participation.comments_of(cycle):
            if comment.outcome is None:
                hearing_participation.answer_comment(comment, "accepted", answer)
        cycle.consultation.status, cycle.consultation.closes_at = "closed", dt.date.today()
        hearing_report.publish_report(cycle, dt.date.today(), app.config["STANDARDS"])
        db.session.commit()


def accepted(tab, path: str) -> None:
    """The form was taken: the browser is on `path`, with a message of success."""
    shown = tab.inner_text("main")
    assert tab.url.split("?")[0].endswith(path), f"still on {tab.url}:\n{shown[:1000]}"
    assert tab.locator(".flash-success").count() == 1, shown[:1000]


def confirmation_link(runner, to: str, path: str) -> str:
    """Send the queued mail (the cron job) and return the link in the message to `to`."""
    mail.SENT.clear()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    bodies = [m.body for m in mail.SENT if m.to == to]
    found = re.search(rf"https?://\S+{re.escape(path)}\S+", "\n".join(bodies))
    assert found, bodies
    return found.group(0)


SCREENS = ["desktop", "phone"]


@pytest.fixture
def screen(request):
    """The browser tab of the parameter: a desktop window or a 375-pixel phone."""
    return request.getfixturevalue({"desktop": "page", "phone": "phone"}[request.param])


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_of_the_budget_hearing_has_no_serious_violation(
    screen, app, runner, live_server, demo_hearing, check, locale
):
    tab, base = screen, f"{live_server}/hearings/{demo_hearing}"
    tab.goto(f"{live_server}/consultations/{demo_hearing}?lang={locale}")
    check(tab, f"the hearing's consultation page ({locale})")
    tab.goto(f"{base}/budget?lang={locale}")
    check(tab, f"the draft budget ({locale})")

    # A comment on the budget: the empty form refused, then sent.
    tab.goto(f"{base}/comments/new?lang={locale}")
    check(tab, f"the budget comment form ({locale})")
    submit_form(tab)
    tab.wait_for_selector(".error-summary")
    check(tab, f"the budget comment form with errors ({locale})")
    tab.fill("#text", "Më shumë para për rrugët e fshatrave.")
    tab.fill("#author_name", "Arjeta Berisha")
    tab.fill("#author_email", "arjeta@example.org")
    submit_form(tab)
    accepted(tab, f"/consultations/{demo_hearing}")
    check(tab, f"the hearing page thanking for the comment ({locale})")

    # The link from the e-mail confirms the comment.
    tab.goto(confirmation_link(runner, "arjeta@example.org", "/hearings/comments/confirm/"))
    accepted(tab, f"/consultations/{demo_hearing}")
    check(tab, f"the hearing page confirming the comment ({locale})")

    # A proposal: the empty form refused, then sent.
    tab.goto(f"{base}/proposals/new?lang={locale}")
    check(tab, f"the proposal form ({locale})")
    submit_form(tab)
    tab.wait_for_selector(".error-summary")
    check(tab, f"the proposal form with errors ({locale})")
    tab.fill("#title", "Ndriçimi i rrugës në Dubovë")
    tab.fill("#estimated_cost", "18000")
    tab.fill("#description", "Llamba LED përgjatë rrugës kryesore.")
    tab.fill("#proposer_name", "Arjeta Berisha")
    tab.fill("#proposer_email", "arjeta@example.org")
    submit_form(tab)
    accepted(tab, f"/consultations/{demo_hearing}")
    check(tab, f"the hearing page thanking for the proposal ({locale})")

    close_and_publish_the_hearing_report(app)
    tab.goto(f"{base}/report?lang={locale}")
    check(tab, f"the published hearing report ({locale})")


# ---------------------------------------------------------------- the chair


def sign_in(tab, live_server: str, email: str, locale: str) -> None:
    tab.goto(f"{live_server}/login?lang={locale}")
    tab.fill("#email", email)
    tab.fill("#password", PASSWORD)
    submit_form(tab)
    assert "/login" not in tab.url, tab.inner_text("main")


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_chair_dashboard_has_no_serious_violation(
    screen, app, live_server, demo_hearing, make_user, check, locale
):
    page = screen
    close_and_publish_the_hearing_report(app)
    sign_in(page, live_server, make_user("chair", email="chair.test@istog.example"), locale)
    page.goto(f"{live_server}/chair/?lang={locale}")
    assert page.locator("main table").count() >= 1
    check(page, f"the chair's dashboard ({locale})")
    page.goto(f"{live_server}/chair/?lang={locale}&kind=budget_hearing")
    check(page, f"the chair's dashboard filtered ({locale})")
    page.goto(f"{live_server}/hearings/{demo_hearing}/report?lang={locale}")
    check(page, f"the hearing report read by the chair ({locale})")
    page.goto(f"{live_server}/chair/reviews?lang={locale}")
    assert page.locator("main form").count() >= 2, "no form to receive or send back a report"
    check(page, f"the chair's review of the reports ({locale})")


def _send_back(app, consultation_id: int) -> None:
    close_and_publish_the_hearing_report(app)
    with app.test_request_context("/?lang=en"):
        consultation = db.session.get(Consultation, consultation_id)
        reviews.send_back(consultation, None, "Mungon procesverbali i dëgjimit në Vrellë.")
        db.session.commit()


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
@pytest.mark.parametrize("locale", LOCALES)
def test_a_report_sent_back_has_no_serious_violation(
    screen, app, live_server, demo_hearing, make_user, check, locale
):
    """The chair's list of reports sent back, and the officers' answer form."""
    page = screen
    _send_back(app, demo_hearing)
    sign_in(page, live_server, make_user("chair", email="chair.test@istog.example"), locale)
    page.goto(f"{live_server}/chair/reviews?lang={locale}")
    assert page.locator("#sent-back-caption").count() == 1
    check(page, f"the chair's review with a report sent back ({locale})")
    page.context.clear_cookies()
    sign_in(page, live_server, make_user("officer", email="officer.test@istog.example"), locale)
    page.goto(f"{live_server}/manage/hearings/{demo_hearing}/?lang={locale}")
    assert page.locator("#review-answer").count() == 1
    check(page, f"the hearing cycle with the chair's note to answer ({locale})")
