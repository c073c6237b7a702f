"""The ballot's running total on a phone (issue #18): with JavaScript it follows each tick; the
sentence is the server's, with the amounts redrawn."""

import pytest

from tests.polls.conftest import project_ids

pytestmark = [pytest.mark.browser, pytest.mark.presentation]


def test_the_total_follows_each_tick_on_a_phone(phone, app, live_server, make_poll):
    poll_id = make_poll()
    phone.goto(f"{live_server}/polls/{poll_id}?lang=en")
    total = phone.locator(".ballot-total")
    assert "cost €0 of the budget of €200,000" in " ".join(total.inner_text().split())
    road, playground, *_ = project_ids(app, poll_id)
    phone.locator(f"#project-{playground}").check()
    assert "Left: €175,000" in total.inner_text()
    phone.locator(f"#project-{road}").check()
    assert "cost €145,000 of the budget of €200,000. Left: €55,000." in " ".join(
        total.inner_text().split()
    )
    phone.locator(f"#project-{playground}").uncheck()
    phone.locator(f"#project-{road}").uncheck()
    assert "Left: €200,000" in total.inner_text()
