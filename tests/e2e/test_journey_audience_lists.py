"""The Public Information Office's journey with the audience lists (issue #20), in a real
browser, in Albanian and in Serbian Cyrillic: it makes a list open to the public, records a
member from a paper form, a young person joins on the public page from a phone and confirms
by the link, the officer writes an invitation, sees whom it reaches and sends it; the young
person leaves by the link in the message. axe finds nothing serious on any page, and the
public page fits a phone."""

import re

import pytest
from sqlalchemy import select

from consult.audiences.models import AudienceMember
from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from tests.conftest import PASSWORD
from tests.e2e.test_journeys_draft_act import say

pytestmark = pytest.mark.browser


def _mail_to(app, address: str) -> OutboxMessage:
    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.to == address)
        return db.session.scalars(query.order_by(OutboxMessage.id.desc())).first()


@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_the_office_keeps_a_list_a_person_joins_receives_an_invitation_and_leaves(
    browser, page, app, live_server, make_user, check, locale
):
    officer = make_user("officer", email="zip@istog.example")  # no directorate: the office
    page.goto(f"{live_server}/login?lang={locale}")
    page.locator("#email").fill(officer)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name=say(app, locale, "Sign in")).click()
    page.wait_for_load_state("load")

    page.get_by_role("link", name=say(app, locale, "Audience lists")).first.click()
    check(page, f"audience lists ({locale})")
    page.get_by_role("link", name=say(app, locale, "New list")).click()
    page.locator("#name_sq").fill("Organizatat rinore")
    page.locator("#name_sr_Latn").fill("Omladinske organizacije")
    page.locator("#name_bs").fill("Omladinske organizacije")
    page.locator("#audience").select_option("youth")
    page.locator("#open_to_public").check()
    check(page, f"new list ({locale})")
    page.get_by_role("button", name=say(app, locale, "Save the list")).click()
    page.wait_for_load_state("load")

    page.locator("#email").fill("shoqata@example.org")
    page.locator("#name").fill("Shoqata Rinore Istog")
    page.get_by_label(say(app, locale, "Paper form signed at a meeting")).check()
    page.locator("#consent_on").fill("2026-11-20")
    page.get_by_role("button", name=say(app, locale, "Add the member")).click()
    page.wait_for_load_state("load")
    assert "shoqata@example.org" in page.locator("main table").inner_text()
    check(page, f"a list and its members ({locale})")

    # a young person joins from a phone, without an account
    phone = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = phone.new_page()
    tab.goto(f"{live_server}/lists?lang={locale}")
    check(tab, f"join a list on a phone ({locale})")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    tab.locator("input[name=list_ids]").first.check()
    tab.locator("#email").fill("arben@example.org")
    tab.get_by_role("button", name=say(app, locale, "Join"), exact=True).click()
    tab.wait_for_load_state("load")
    confirmation = _mail_to(app, "arben@example.org")
    link = re.search(r"https?://[^/\s]+(/lists/confirm/\S+)", confirmation.body).group(1)
    tab.goto(f"{live_server}{link}")
    with app.app_context():
        joined = db.session.scalar(
            select(AudienceMember).where(AudienceMember.email == "arben@example.org")
        )
        assert joined.confirmed_at is not None and joined.locale == locale

    # the office writes an invitation and sends it to the two members
    page.goto(f"{live_server}/manage/lists/messages/new?lang={locale}")
    page.locator("#subject_sq").fill("Ftesë në takimin e të rinjve")
    page.locator("#subject_sr_Latn").fill("Poziv na sastanak mladih")
    page.locator("#subject_bs").fill("Poziv na sastanak mladih")
    page.locator("#body_sq").fill("Ju ftojmë në takimin e të rinjve.")
    page.locator("#body_sr_Latn").fill("Pozivamo vas na sastanak mladih.")
    page.locator("#body_bs").fill("Pozivamo vas na sastanak mladih.")
    page.locator("input[name=list_ids]").first.check()
    check(page, f"write a message ({locale})")
    page.get_by_role("button", name=say(app, locale, "Save the draft")).click()
    page.wait_for_load_state("load")
    check(page, f"a draft message ({locale})")
    send = page.get_by_role("button", name=re.compile("2"))
    send.click()
    page.wait_for_load_state("load")
    check(page, f"a message sent ({locale})")
    invitation = _mail_to(app, "arben@example.org")
    assert invitation.subject == (
        "Позив на састанак младих" if locale == "sr" else "Ftesë në takimin e të rinjve"
    )

    # the young person leaves by the link in the message
    leave = re.search(r"https?://[^/\s]+(/lists/unsubscribe/\S+)", invitation.body).group(1)
    tab.goto(f"{live_server}{leave}")
    check(tab, f"leave the lists ({locale})")
    tab.get_by_role("button", name=say(app, locale, "Unsubscribe")).click()
    tab.wait_for_load_state("load")
    with app.app_context():
        assert (
            db.session.scalar(
                select(AudienceMember).where(AudienceMember.email == "arben@example.org")
            )
            is None
        )
    phone.close()
