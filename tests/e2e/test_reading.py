"""A citizen finds and reads a consultation in a real browser, in any language, by keyboard."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.presentation]


def test_citizen_reads_a_consultation_in_serbian_cyrillic_on_a_phone(
    phone, live_server, make_consultation
):
    consultation_id = make_consultation()
    phone.goto(f"{live_server}/?lang=sr")
    assert phone.locator("html").get_attribute("lang") == "sr-Cyrl"
    phone.get_by_role("link", name="Правилник о транспарентности").click()
    assert phone.url.endswith(f"/consultations/{consultation_id}")
    assert phone.locator("h1").inner_text() == "Правилник о транспарентности"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"


def test_language_switcher_works_without_javascript(browser, live_server, make_consultation):
    make_consultation()
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{live_server}/?lang=en")
    tab.get_by_role("link", name="Bosanski").click()
    assert tab.locator("html").get_attribute("lang") == "bs"
    assert "Pravilnik o transparentnosti" in tab.content()
    context.close()


def test_skip_link_is_the_first_stop_for_the_keyboard(page, live_server):
    page.goto(f"{live_server}/?lang=en")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
