"""A platform admin (an account of the first municipality with the flag) and a second
municipality with one of everything (`tests.test_tenancy_isolation.make_second_municipality`)."""

import pytest

from tests.conftest import PASSWORD, submit
from tests.test_tenancy_isolation import make_second_municipality

PLATFORM_EMAIL = "platform@istog.example"


@pytest.fixture
def second(app) -> dict:
    return make_second_municipality(app)


@pytest.fixture
def platform_client(app, runner, make_user):
    """A client signed in on the first municipality's host as an administrator who is a
    platform admin."""
    make_user("admin", email=PLATFORM_EMAIL)
    granted = runner.invoke(args=["users", "platform-admin", PLATFORM_EMAIL])
    assert granted.exit_code == 0, granted.output
    client = app.test_client()
    answer = submit(client, "/login", {"email": PLATFORM_EMAIL, "password": PASSWORD})
    assert answer.status_code == 302
    return client
