"""Draft-act journeys in a real browser (JOURNEYS.md 1, 2, 7 and 8).

A citizen reads a draft act in Serbian Cyrillic and comments on article 4; a verified
organisation comments in its name in Bosnian; an officer answers every comment and publishes
the report; the chair sends it back with a note, the officer answers, and the chair marks it
received for the Assembly. Data is set up through the models; from then on the test does only
what a person does in the browser. The citizen's, the organisation's and the officer's journeys
run with and without JavaScript; the citizen's comment runs once more with the keyboard alone.

Page texts are looked up in the catalogue of the page's language (`say`), so the tests hold
before and after the translations are merged.
"""

import datetime as dt
import re

import pytest
from flask_babel import gettext

from consult.auth.models import User
from consult.comments.models import Answer, Comment
from consult.consultations.models import Article
from consult.core import mail, reviews
from consult.core.labels import STATUS_LABELS
from consult.core.models import Consultation, utcnow
from consult.extensions import db
from consult.i18n import ENDONYMS, HTML_LANG, to_cyrillic
from consult.organisations.models import Organisation
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

#: every article of the act: (number, heading, text) in Serbian Latin; the others in Albanian
ARTICLES = [
    (1, "Predmet", "Ovaj pravilnik uređuje transparentnost rada opštine."),
    (2, "Pojmovi", "Izrazi upotrebljeni u ovom pravilniku imaju sledeće značenje."),
    (3, "Dokumenti", "Opština objavljuje dokumente u roku od sedam dana."),
    (4, "Javne sednice", "Sednice skupštine su otvorene za javnost."),
    (5, "Stupanje na snagu", "Pravilnik stupa na snagu danom objavljivanja."),
]
ARTICLE_4_CYRILLIC = "Јавне седнице"
CITIZEN_TEXT = "Седнице треба преносити уживо на интернет страници општине."
CITIZEN = "Милан Петровић"
LOCALE_OF = {tag: locale for locale, tag in HTML_LANG.items()}


# ---------------------------------------------------------------- what the person sees and does


def say(app, locale: str, msgid: str, **values) -> str:
    """A page text as the catalogue of `locale` renders it."""
    with app.test_request_context(f"/?lang={locale}"):
        return gettext(msgid, **values)


@pytest.fixture(params=["javascript", "no-javascript"])
def tab(request, browser):
    """The journey's browser tab: once as usual, once with JavaScript switched off."""
    if request.param == "javascript":
        yield request.getfixturevalue("page")
        return
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def sign_in(tab, app, live_server, locale: str, email: str) -> None:
    """Open the site, follow the sign-in link and sign in with e-mail and password."""
    tab.goto(f"{live_server}/?lang={locale}")
    tab.get_by_role("link", name=say(app, locale, "Staff sign-in")).click()
    field(tab, say(app, locale, "E-mail address")).fill(email)
    field(tab, say(app, locale, "Password")).fill(PASSWORD)
    tab.get_by_role("button", name=say(app, locale, "Sign in")).click()
    expect_text(tab, say(app, locale, "You are signed in."))


def sign_out(tab, app, locale: str) -> None:
    """Sign out; the next page is in the browser's language (the session is emptied)."""
    tab.get_by_role("button", name=say(app, locale, "Sign out")).click()
    now = LOCALE_OF[tab.locator("html").get_attribute("lang")]
    expect_text(tab, say(app, now, "You are signed out."))


def field(scope, label: str):
    """The form control whose label is `label` (perhaps followed by "(required)")."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s|$)"))


def expect_text(tab, text: str, where: str = "main") -> None:
    """`text` is visible in `where`, or the test fails with what the page shows instead."""
    shown = tab.locator(where).first.inner_text()
    assert text in shown, f"{text!r} is not on {tab.url}:\n{shown[:1500]}"


def delivered_mail(runner, to: str) -> mail.Mail:
    """Run `flask mail send` (the cron job) and return the one message that reached `to`."""
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    received = [m for m in mail.SENT if m.to == to]
    assert len(received) == 1, [m.to for m in mail.SENT]
    return received[0]


def confirmation_link(message: mail.Mail) -> str:
    found = re.search(r"https?://\S+/comments/confirm/\S+", message.body)
    assert found, message.body
    return found.group(0)


# ---------------------------------------------------------------- data set up through the models


def add_articles(app, consultation_id: int) -> dict[int, int]:
    """The act's five articles in Albanian and Serbian; returns {number: article id}."""
    ids = {}
    with app.app_context():
        for number, heading, text in ARTICLES:
            article = Article(
                consultation_id=consultation_id,
                number=number,
                heading={"sq": f"Neni {number}", "sr_Latn": heading, "bs": heading},
                text={"sq": f"Teksti i nenit {number}.", "sr_Latn": text, "bs": text},
            )
            db.session.add(article)
            db.session.flush()
            ids[number] = article.id
        db.session.commit()
    return ids


def add_comment(app, consultation_id: int, article_id: int, text: str, email: str) -> int:
    """A confirmed citizen's comment."""
    with app.app_context():
        comment = Comment(
            consultation_id=consultation_id,
            article_id=article_id,
            text=text,
            language="sq",
            author_kind="citizen",
            author_name="Arjeta Berisha",
            author_email=email,
            confirmed_at=utcnow(),
        )
        db.session.add(comment)
        db.session.commit()
        return comment.id


def add_verified_organisation(app, make_user) -> str:
    """A verified youth NGO with its representative's account; returns the account e-mail."""
    email = "info@rinia.example"
    make_user("cso", email=email)
    with app.app_context():
        organisation = Organisation(
            name="Udruženje mladih Istok",
            registration_number="5114567-8",
            contact_email=email,
            representative="Amra Hodžić",
            verified=True,
            verified_at=utcnow(),
        )
        db.session.add(organisation)
        db.session.flush()
        user = db.session.query(User).filter_by(email=email).one()
        user.organisation_id = organisation.id
        user.name = "Amra Hodžić"
        db.session.commit()
    return email


def ended_yesterday() -> dict:
    """A consultation whose comment period ended yesterday; the officer has yet to close it."""
    today = dt.date.today()
    return {
        "status": "open",
        "notice_at": today - dt.timedelta(days=40),
        "opens_at": today - dt.timedelta(days=25),
        "closes_at": today - dt.timedelta(days=1),
    }


# ---------------------------------------------------------------- 1. citizen comments in Cyrillic


def test_citizen_reads_in_serbian_cyrillic_and_comments_on_article_4(
    tab, app, runner, live_server, make_consultation
):
    mail.SENT.clear()
    consultation_id = make_consultation()
    add_articles(app, consultation_id)
    say_sr = lambda msgid, **values: say(app, "sr", msgid, **values)  # noqa: E731

    # Milan opens the link to the consultation and switches to Serbian Cyrillic.
    tab.goto(f"{live_server}/?lang=sr")
    assert tab.locator("html").get_attribute("lang") == "sr-Cyrl"
    tab.get_by_role("link", name="Правилник о транспарентности").click()
    assert tab.url.endswith(f"/consultations/{consultation_id}")

    # He reads the act article by article, in Cyrillic.
    for number, heading, _text in ARTICLES:
        article = tab.locator(f"#article-{number}")
        article.scroll_into_view_if_needed()
        assert article.is_visible()
        heading_text = article.locator("h3").inner_text()
        assert say_sr("Article %(number)s", number=number) in heading_text
        assert to_cyrillic(heading) in heading_text
    expect_text(tab, "Седнице скупштине су отворене за јавност.")

    # He comments on article 4 with his name and e-mail.
    field(tab, say_sr("Comment on")).select_option(
        label=f"{say_sr('Article %(number)s', number=4)} {ARTICLE_4_CYRILLIC}"
    )
    field(tab, say_sr("Your comment")).fill(CITIZEN_TEXT)
    field(tab, say_sr("Language of your comment")).select_option(label=ENDONYMS["sr"])
    field(tab, say_sr("A citizen, with my name and e-mail")).check()
    field(tab, say_sr("Your name")).fill(CITIZEN)
    field(tab, say_sr("Publish my name next to the comment")).check()
    tab.get_by_role("button", name=say_sr("Send the comment")).click()

    # He forgot his e-mail address: the form comes back with the reason and his text kept.
    expect_text(tab, say_sr("Give your name and e-mail address, or comment anonymously."))
    assert field(tab, say_sr("Your comment")).input_value() == CITIZEN_TEXT
    field(tab, say_sr("Your e-mail address")).fill("milan.petrovic@example.org")
    tab.get_by_role("button", name=say_sr("Send the comment")).click()
    expect_text(tab, say_sr("Thank you. Follow the link we sent to your e-mail to confirm."))
    assert CITIZEN_TEXT not in tab.locator("main").inner_text()  # not before the e-mail link

    # The confirmation e-mail arrives; he follows its link and his comment is published.
    message = delivered_mail(runner, "milan.petrovic@example.org")
    tab.goto(confirmation_link(message))
    expect_text(tab, say_sr("Your comment is confirmed and published."))
    article_4 = tab.locator("#article-4")
    assert CITIZEN_TEXT in article_4.inner_text()
    assert CITIZEN in article_4.inner_text()
    assert "milan.petrovic@example.org" not in tab.content()


def test_a_forgotten_email_address_is_flagged_on_the_email_field(
    page, app, live_server, make_consultation
):
    consultation_id = make_consultation()
    add_articles(app, consultation_id)
    say_en = lambda msgid, **values: say(app, "en", msgid, **values)  # noqa: E731
    page.goto(f"{live_server}/consultations/{consultation_id}?lang=en")
    field(page, say_en("Your comment")).fill("Seancat të transmetohen.")
    field(page, say_en("Your name")).fill("Arjeta Berisha")
    page.get_by_role("button", name=say_en("Send the comment")).click()

    page.locator(".error-summary a").first.click()
    assert page.url.endswith("#email")
    assert field(page, say_en("Your e-mail address")).get_attribute("aria-invalid") == "true"


# ---------------------------------------------------------------- 2. an organisation, in Bosnian


def test_verified_organisation_comments_in_its_name_in_bosnian(
    tab, app, live_server, make_user, make_consultation
):
    consultation_id = make_consultation()
    add_articles(app, consultation_id)
    email = add_verified_organisation(app, make_user)
    say_bs = lambda msgid, **values: say(app, "bs", msgid, **values)  # noqa: E731

    # Amra signs in for the youth NGO and opens the consultation from the list.
    sign_in(tab, app, live_server, "bs", email)
    tab.get_by_role("link", name=say_bs("Consultations"), exact=True).first.click()
    tab.get_by_role("link", name="Pravilnik o transparentnosti").click()
    assert tab.url.endswith(f"/consultations/{consultation_id}")

    # She comments on article 3 in the organisation's name, in Bosnian; no e-mail link needed.
    text = "Predlažemo da se dokumenti objavljuju i na bosanskom jeziku u istom roku."
    field(tab, say_bs("Comment on")).select_option(
        label=f"{say_bs('Article %(number)s', number=3)} Dokumenti"
    )
    field(tab, say_bs("Your comment")).fill(text)
    field(tab, say_bs("Language of your comment")).select_option(label=ENDONYMS["bs"])
    field(tab, say_bs("In the name of my organisation")).check()
    tab.get_by_role("button", name=say_bs("Send the comment")).click()
    expect_text(tab, say_bs("Thank you. Your comment is published."))

    article_3 = tab.locator("#article-3")
    assert text in article_3.inner_text()
    assert "Udruženje mladih Istok" in article_3.inner_text()
    assert article_3.locator(f"[lang=bs] >> text={text}").count() == 1


def test_organisation_lands_on_a_page_it_may_see_after_signing_in(
    page, app, live_server, make_user
):
    email = add_verified_organisation(app, make_user)
    pages = []
    page.on(
        "response",
        lambda r: pages.append((r.status, r.url)) if r.request.resource_type == "document" else 0,
    )
    sign_in(page, app, live_server, "bs", email)
    assert pages[-1][0] == 200, pages


# ---------------------------------------------------------------- 3. the officer answers, reports


#: the reasons in Serbian and Bosnian too: a report waits for every official language
TRANSLATED_REASONS = {
    "Do të transmetohen që nga janari.": "Prenosiće se uživo od januara.",
    "Brenda pesë ditëve.": "U roku od pet dana.",
    "Neni 5 është i domosdoshëm për hyrjen në fuqi.": "Član 5 je neophodan za stupanje na snagu.",
}


def answer(tab, app, comment_id: int, outcome: str, reason: str) -> None:
    """On the answers page: open the comment's answer form, choose, give the reason in every
    official language, save."""
    card = tab.locator(f"#comment-{comment_id}")
    card.locator("summary").click()
    card.get_by_role("radio", name=say(app, "sq", outcome), exact=True).check()
    label = re.escape(say(app, "sq", "Reason"))
    card.get_by_label(re.compile(f"{label} · Shqip")).fill(reason)
    for language in ("Srpski \\(latinica\\)", "Bosanski"):
        card.get_by_label(re.compile(f"{label} · {language}")).fill(TRANSLATED_REASONS[reason])
    card.get_by_role("button", name=say(app, "sq", "Save the answer")).click()
    expect_text(tab, say(app, "sq", "The answer is saved."))


def test_officer_answers_every_comment_closes_and_publishes_the_report(
    tab, app, live_server, make_user, make_consultation
):
    consultation_id = make_consultation(**ended_yesterday())
    articles = add_articles(app, consultation_id)
    comments = {
        "accepted": ("Seancat të transmetohen drejtpërdrejt.", "Do të transmetohen që nga janari."),
        "partly_accepted": ("Dokumentet të publikohen brenda tri ditëve.", "Brenda pesë ditëve."),
        "rejected": ("Të hiqet neni 5.", "Neni 5 është i domosdoshëm për hyrjen në fuqi."),
    }
    ids = {
        outcome: add_comment(app, consultation_id, articles[n], text, f"person{n}@example.org")
        for n, (outcome, (text, _reason)) in enumerate(comments.items(), start=3)
    }
    labels = {"accepted": "Accepted", "partly_accepted": "Partly accepted", "rejected": "Rejected"}
    officer = make_user("officer", email="valentina.gashi@istog.example")
    say_sq = lambda msgid, **values: say(app, "sq", msgid, **values)  # noqa: E731

    # Valentina signs in and opens the consultation whose comment period ended yesterday.
    sign_in(tab, app, live_server, "sq", officer)
    tab.get_by_role("link", name="Rregullore për transparencë").first.click()
    assert tab.url.endswith(f"/manage/consultations/{consultation_id}")

    # She closes it.
    closed = say_sq("Move to: %(status)s", status=STATUS_LABELS["closed"])
    tab.get_by_role("button", name=closed).click()
    expect_text(tab, say_sq("The step is done."))

    # She answers two of the three comments.
    tab.get_by_role("link", name=say_sq("Answer and moderate comments")).click()
    for outcome in ("accepted", "partly_accepted"):
        answer(tab, app, ids[outcome], labels[outcome], comments[outcome][1])

    # Publishing is refused while one comment has no answer, and the page says why.
    tab.get_by_role("link", name="Rregullore për transparencë").click()
    tab.get_by_role("button", name=say_sq("Publish the final report")).click()
    expect_text(tab, say_sq("A rule that cannot be overridden is not met."))
    expect_text(
        tab,
        say_sq("An answer to every comment")
        + " (MS-ANSWER): "
        + say_sq("Comments without an answer: %(count)s.", count=1),
    )
    with app.app_context():
        assert db.session.get(Consultation, consultation_id).status == "closed"

    # She answers the last one (rejected, with the reason) and publishes the report.
    tab.get_by_role("link", name=say_sq("Answer and moderate comments")).click()
    answer(tab, app, ids["rejected"], labels["rejected"], comments["rejected"][1])
    tab.get_by_role("link", name="Rregullore për transparencë").click()
    tab.get_by_role("button", name=say_sq("Publish the final report")).click()
    expect_text(tab, say_sq("The step is done."))

    # The report lists every comment next to its answer and reason.
    tab.get_by_role("link", name=say_sq("Final report"), exact=True).click()
    assert say_sq("Preview: this report is not published yet.") not in tab.content()
    for outcome, (text, reason) in comments.items():
        row = tab.locator("tr", has_text=text)
        assert row.count() == 1, text
        cells = row.locator("td").all_inner_texts()
        assert cells[1] == text
        assert cells[2] == say_sq(labels[outcome])
        assert cells[3] == reason


# ---------------------------------------------------------------- 4. the chair reviews the report


def test_chair_sends_the_report_back_the_officer_answers_and_the_chair_receives_it(
    page, app, live_server, make_user, make_consultation
):
    today = dt.date.today()
    consultation_id = make_consultation(
        status="reported",
        notice_at=today - dt.timedelta(days=60),
        opens_at=today - dt.timedelta(days=45),
        closes_at=today - dt.timedelta(days=10),
        report_published_at=today - dt.timedelta(days=2),
    )
    articles = add_articles(app, consultation_id)
    comment_id = add_comment(
        app, consultation_id, articles[4], "Seancat të transmetohen.", "arjeta@example.org"
    )
    with app.app_context():
        db.session.add(Answer(comment_id=comment_id, outcome="accepted", reason={"sq": "Po."}))
        reviews.submit(db.session.get(Consultation, consultation_id))
        db.session.commit()
    chair = make_user("chair", email="kryesuesi@istog.example")
    officer = make_user("officer", email="valentina.gashi@istog.example")
    note = "Mungon procesverbali i takimit publik."
    answer = "Procesverbali u shtua si shtojcë."
    say_sq = lambda msgid, **values: say(app, "sq", msgid, **values)  # noqa: E731

    # The chair signs in, opens the reports awaiting review and reads the report.
    sign_in(page, app, live_server, "sq", chair)
    page.get_by_role("link", name=say_sq("Reports awaiting review")).click()
    page.get_by_role("link", name="Rregullore për transparencë").click()
    expect_text(page, "Seancat të transmetohen.")
    page.go_back()

    # Sending it back without a note is refused; with a note it leaves her list.
    page.get_by_role("button", name=say_sq("Send back to the officers")).click()
    expect_text(page, say_sq("Write a note to the officers: why is the report sent back?"))
    field(page, say_sq("Why is the report sent back?")).fill(note)
    page.get_by_role("button", name=say_sq("Send back to the officers")).click()
    expect_text(page, say_sq("The report is sent back to the officers with your note."))
    expect_text(page, say_sq("No report is waiting for review."))
    expect_text(page, note)  # among the reports waiting for the officers
    sign_out(page, app, "sq")

    # The officer reads the chair's note on the consultation, answers and sends it again.
    sign_in(page, app, live_server, "sq", officer)
    page.get_by_role("link", name="Rregullore për transparencë").first.click()
    expect_text(
        page,
        say_sq(
            "The chair sent the report back. Answer the chair's note and send the report again."
        ),
    )
    expect_text(page, note)
    field(page, say_sq("Your answer to the chair")).fill(answer)
    page.get_by_role("button", name=say_sq("Answer and send the report again")).click()
    expect_text(page, say_sq("Your answer is saved and the report is sent to the chair again."))
    sign_out(page, app, "sq")

    # The chair reads the answer and marks the report received for the Assembly.
    sign_in(page, app, live_server, "sq", chair)
    page.get_by_role("link", name=say_sq("Reports awaiting review")).click()
    expect_text(page, answer)
    page.get_by_role("button", name=say_sq("Mark received for the Assembly")).click()
    expect_text(page, say_sq("The report is marked received for the Assembly."))
    expect_text(page, say_sq("No report is waiting for review."))
    sign_out(page, app, "sq")

    # The public report says when it was received, and nothing of the notes.
    page.goto(f"{live_server}/consultations/{consultation_id}/report?lang=sq")
    shown = page.locator("main").inner_text()
    assert say_sq("Received for the Assembly on %(date)s.", date="").rstrip(".").strip() in shown
    assert note not in shown and answer not in shown


# ---------------------------------------------------------------- 5. the citizen, keyboard alone

#: how a focused element shows its focus: an outline that is not "none" and not zero wide
FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
}"""


def focused(tab, attribute: str = "id") -> str:
    return tab.evaluate(f"() => document.activeElement.{attribute} || ''")


def press_until(tab, key: str, reached, most: int = 60) -> None:
    """Press `key` (Tab or Shift+Tab) until `reached(tab)`; every stop shows its focus."""
    for _step in range(most):
        tab.keyboard.press(key)
        described = tab.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert tab.evaluate(FOCUS_SHOWN), f"no visible focus on {described}"
        if reached(tab):
            return
    raise AssertionError(f"{most} presses of {key} never reached the element")


def choose_with_arrows(tab, value: str, most: int = 20) -> None:
    """On a focused select, press the down arrow until `value` is chosen."""
    for _step in range(most):
        if tab.evaluate("() => document.activeElement.value") == value:
            return
        tab.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {value!r}")


def test_citizen_comments_with_the_keyboard_alone(
    page, app, runner, live_server, make_consultation
):
    mail.SENT.clear()
    consultation_id = make_consultation()
    articles = add_articles(app, consultation_id)
    say_sr = lambda msgid, **values: say(app, "sr", msgid, **values)  # noqa: E731
    page.goto(f"{live_server}/?lang=sr")

    # From the list, Tab to the consultation and open it with Enter.
    press_until(page, "Tab", lambda t: "Правилник о транспарентности" in focused(t, "textContent"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/consultations/{consultation_id}")

    # Tab to the comment box and type; Shift+Tab back to choose article 4 with the arrows.
    press_until(page, "Tab", lambda t: focused(t) == "text")
    page.keyboard.type(CITIZEN_TEXT)
    press_until(page, "Shift+Tab", lambda t: focused(t) == "article_id")
    choose_with_arrows(page, str(articles[4]))

    # The language, the way to comment, name, e-mail and consent to show the name.
    press_until(page, "Tab", lambda t: focused(t) == "language")
    choose_with_arrows(page, "sr")
    press_until(page, "Tab", lambda t: focused(t, "name") == "author")
    if not page.evaluate("() => document.activeElement.checked"):
        page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.value") == "citizen"
    press_until(page, "Tab", lambda t: focused(t) == "name")
    page.keyboard.type(CITIZEN)
    press_until(page, "Tab", lambda t: focused(t) == "email")
    page.keyboard.type("milan.petrovic@example.org")
    press_until(page, "Tab", lambda t: focused(t) == "show_name")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")

    # Tab to the button and send with Enter.
    send = say_sr("Send the comment")
    press_until(page, "Tab", lambda t: focused(t, "textContent").strip() == send)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_text(page, say_sr("Thank you. Follow the link we sent to your e-mail to confirm."))

    # The link from the e-mail, typed into the address bar, publishes the comment.
    message = delivered_mail(runner, "milan.petrovic@example.org")
    page.goto(confirmation_link(message))
    expect_text(page, say_sr("Your comment is confirmed and published."))
    article_4 = page.locator("#article-4").inner_text()
    assert CITIZEN_TEXT in article_4 and CITIZEN in article_4
