"""The link of a slip's QR code or of an invitation, in a real browser.

The code rides in the fragment (`#c=...`): the page's own script copies it into the code field
and takes it out of the address bar, and no request the server receives (path, query string or
Referer) ever holds it. Without JavaScript the person types the printed code.
"""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def received(app, monkeypatch) -> list[str]:
    """The path, query string and Referer of every request the app serves during the test."""
    seen: list[str] = []
    serve = app.wsgi_app

    def recording(environ, start_response):
        seen.append(
            " ".join(
                (
                    environ.get("PATH_INFO", ""),
                    environ.get("QUERY_STRING", ""),
                    environ.get("HTTP_REFERER", ""),
                )
            )
        )
        return serve(environ, start_response)

    monkeypatch.setattr(app, "wsgi_app", recording)
    return seen


def holds(requests: list[str], code: str) -> list[str]:
    forms = (code, code.replace("-", ""))
    return [r for r in requests if any(form in r.upper() for form in forms)]


def test_a_scanned_link_fills_in_the_code_which_the_server_never_receives(
    page, live_server, staff_survey, access_codes, received
):
    survey_id, _consultation_id, directorate_id = staff_survey
    code = access_codes(survey_id, directorate_id)[0]
    page.goto(f"{live_server}/surveys/{survey_id}/code#c={code}")
    assert page.input_value("#code") == code
    assert "#" not in page.url  # gone from the address bar and the history
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/surveys/{survey_id}/take")
    assert received and holds(received, code) == []


def test_without_javascript_the_person_types_the_printed_code(
    browser, live_server, staff_survey, access_codes, received
):
    survey_id, _consultation_id, directorate_id = staff_survey
    code = access_codes(survey_id, directorate_id)[0]
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(f"{live_server}/surveys/{survey_id}/code#c={code}")
        assert tab.input_value("#code") == ""
        tab.fill("#code", code)
        tab.locator("main form button[type=submit]").click()
        tab.wait_for_url(f"**/surveys/{survey_id}/take")
    finally:
        context.close()
    assert holds(received, code) == []
