"""A newcomer is told where to go: the URL, the accounts, a voter, what to try, and how to see
it all again (`flask demo-info`) or start over."""

import os
import re
import stat
from pathlib import Path

from consult.auth.services import check_credentials
from consult.extensions import db
from consult.polls.models import Poll
from consult.polls.services import find_voter

NEW_PASSWORD = "rain over the mokna highlands"


def _accounts(output: str) -> dict[str, str]:
    """e-mail → password, as printed."""
    found = re.findall(r"^\s+(\w+)\s+(\S+@istog\.example)\s+(\S+)$", output, re.MULTILINE)
    return {email: password for _role, email, password in found}


def _voters(output: str) -> list[tuple[str, int]]:
    found = re.findall(r"personal number (\d+), born (\d{4})", output)
    return [(number, int(year)) for number, year in found]


def test_seed_demo_prints_where_to_go_and_working_accounts(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5000" in result.output
    accounts = _accounts(result.output)
    assert len(accounts) >= 3
    with app.test_request_context():
        for email, password in accounts.items():
            assert check_credentials(email, password) is not None, email
    assert "try:" in result.output
    assert "flask demo-info" in result.output and "make demo-reset" in result.output


def test_printed_demo_voters_are_on_the_open_polls_list(app, runner):
    output = runner.invoke(args=["seed-demo"]).output
    poll_id = int(re.search(r"/polls/(\d+)", output).group(1))
    voters = _voters(output)
    assert voters
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        for number, year in voters:
            assert find_voter(poll, number, year) is not None


def test_guide_is_kept_for_its_owner_only_and_shown_again(app, runner):
    first = runner.invoke(args=["seed-demo"]).output
    path = Path(app.config["DEMO_GUIDE_FILE"])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0
    assert "flask demo-info" in again.output and "make demo-reset" in again.output
    info = runner.invoke(args=["demo-info"])
    assert info.exit_code == 0, info.output
    assert _accounts(info.output) == _accounts(first)
    assert _voters(info.output) == _voters(first)


def test_demo_info_says_when_a_password_was_changed(app, runner):
    output = runner.invoke(args=["seed-demo"]).output
    email = next(iter(_accounts(output)))
    changed = runner.invoke(
        args=["users", "set-password", email, "--password", NEW_PASSWORD],
    )
    assert changed.exit_code == 0, changed.output
    info = runner.invoke(args=["demo-info"]).output
    line = next(line for line in info.splitlines() if email in line)
    assert "changed since" in line
    with app.test_request_context():
        assert check_credentials(email, NEW_PASSWORD) is not None


def test_demo_info_without_a_loaded_demo_says_how_to_load_one(app, runner):
    Path(app.config["DEMO_GUIDE_FILE"]).unlink(missing_ok=True)
    result = runner.invoke(args=["demo-info"])
    assert result.exit_code != 0
    assert "make demo-reset" in result.output


def test_set_password_needs_an_account_named(runner):
    result = runner.invoke(args=["users", "set-password", "--password", NEW_PASSWORD])
    assert result.exit_code != 0
    assert "set-password EMAIL" in result.output


def test_every_demo_officer_is_pointed_to_their_own_work(app, runner):
    output = runner.invoke(args=["seed-demo"]).output
    lines = output.splitlines()
    officers = [n for n, line in enumerate(lines) if line.strip().startswith("officer ")]
    assert len(officers) >= 3
    for n in officers:
        hint = lines[n + 1].strip()
        assert hint.startswith("try: Back office (/manage): "), hint
        assert hint.removeprefix("try: Back office (/manage): "), lines[n]
