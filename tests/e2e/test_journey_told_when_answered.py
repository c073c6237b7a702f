"""Told when answered, in a real browser (issue #20): a citizen comments on a draft act in
Bosnian and asks to be told by e-mail, confirms the comment from the e-mail, an officer
answers it, and the e-mail waiting in the outbox links straight to the answer, in Bosnian."""

import re

import pytest
from sqlalchemy import select

from consult.core import mail
from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from consult.i18n import ENDONYMS
from tests.e2e.test_journeys_draft_act import (
    add_articles,
    confirmation_link,
    delivered_mail,
    expect_text,
    field,
    say,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

COMMENT = "Dokumenti neka se objavljuju i na bosanskom jeziku u istom roku."
REASONS = {
    "Shqip": "Dokumentet publikohen në të gjitha gjuhët zyrtare brenda shtatë ditëve.",
    "Srpski \\(latinica\\)": "Dokumenti se objavljuju na službenim jezicima za sedam dana.",
    "Bosanski": "Dokumenti se objavljuju na svim službenim jezicima u roku od sedam dana.",
}


def test_a_citizen_asks_to_be_told_confirms_and_the_mail_leads_to_the_answer(
    page, app, runner, live_server, make_user, make_consultation
):
    mail.SENT.clear()
    consultation_id = make_consultation()
    add_articles(app, consultation_id)
    say_bs = lambda msgid, **values: say(app, "bs", msgid, **values)  # noqa: E731
    say_sq = lambda msgid, **values: say(app, "sq", msgid, **values)  # noqa: E731

    # Amra reads the act in Bosnian and comments on article 3, asking to be told.
    page.goto(f"{live_server}/consultations/{consultation_id}?lang=bs")
    box = field(page, say_bs("Tell me by e-mail when the municipality answers"))
    assert not box.is_checked()  # nothing is sent without her consent
    field(page, say_bs("Comment on")).select_option(
        label=f"{say_bs('Article %(number)s', number=3)} Dokumenti"
    )
    field(page, say_bs("Your comment")).fill(COMMENT)
    field(page, say_bs("Language of your comment")).select_option(label=ENDONYMS["bs"])
    field(page, say_bs("A citizen, with my name and e-mail")).check()
    field(page, say_bs("Your name")).fill("Amra Hodžić")
    field(page, say_bs("Your e-mail address")).fill("amra@example.org")
    box.check()
    page.get_by_role("button", name=say_bs("Send the comment")).click()
    expect_text(page, say_bs("Thank you. Follow the link we sent to your e-mail to confirm."))

    # She confirms the comment from the e-mail.
    page.goto(confirmation_link(delivered_mail(runner, "amra@example.org")))
    expect_text(page, say_bs("Your comment is confirmed and published."))
    assert COMMENT in page.locator("#article-3").inner_text()

    # Valentina answers it, in every official language.
    officer = make_user("officer", email="valentina.gashi@istog.example")
    sign_in(page, app, live_server, "sq", officer)
    page.goto(f"{live_server}/manage/draft-acts/{consultation_id}/comments?lang=sq")
    with app.app_context():
        from consult.comments.models import Comment

        comment_id = db.session.scalar(select(Comment.id))
    card = page.locator(f"#comment-{comment_id}")
    card.locator("summary").click()
    card.get_by_role("radio", name=say_sq("Accepted"), exact=True).check()
    label = re.escape(say_sq("Reason"))
    for language, reason in REASONS.items():
        card.get_by_label(re.compile(f"{label} · {language}")).fill(reason)
    card.get_by_role("button", name=say_sq("Save the answer")).click()
    expect_text(page, say_sq("The answer is saved."))
    sign_out(page, app, "sq")

    # The e-mail waiting in the outbox is in Bosnian and links straight to the answer.
    with app.app_context():
        waiting = db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to == "amra@example.org", OutboxMessage.sent_at.is_(None))
            .order_by(OutboxMessage.id)
        ).all()
    (answer_mail,) = waiting
    assert REASONS["Bosanski"] in answer_mail.body
    link = re.search(r"https?://\S+#comment-\d+", answer_mail.body)[0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"{live_server}/{path}")
    assert page.locator("html").get_attribute("lang") == "bs"
    answered = page.locator(f"#comment-{comment_id}")
    assert answered.is_visible()
    shown = answered.inner_text()
    assert COMMENT in shown and REASONS["Bosanski"] in shown
    assert say_bs("Accepted") in shown
    assert "amra@example.org" not in page.content()
