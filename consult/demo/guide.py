"""What a newcomer needs after `make run`: where to go, who to sign in as, what to try first.

`flask seed-demo` writes the guide once, to a file only the owner can read in `instance/`
(config DEMO_GUIDE_FILE), because the demo's passwords and survey access codes are stored
nowhere else: the database keeps only their hashes. `flask demo-info` reads it back and says
which of them still work. The file belongs to the demo; a real installation never has one.
"""

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flask import current_app

from consult.auth.services import find_user


@dataclass
class DemoAccount:
    """A demo account and the password it was given."""

    email: str
    role: str
    password: str
    what_to_try: str = ""


@dataclass
class DemoVoter:
    """A voter on the demo poll's voter list."""

    personal_number: str
    birth_year: int


@dataclass
class DemoGuide:
    """Everything printed after loading the demo."""

    accounts: list[DemoAccount] = field(default_factory=list)
    poll_id: int | None = None
    voters: list[DemoVoter] = field(default_factory=list)
    survey_id: int | None = None
    access_codes: list[str] = field(default_factory=list)
    citizen_survey_id: int | None = None


def guide_path() -> Path | None:
    """Where the guide is kept (None: nowhere, e.g. a test configuration without one)."""
    configured = current_app.config.get("DEMO_GUIDE_FILE")
    return Path(configured) if configured else None


def save_guide(guide: DemoGuide) -> None:
    """Write the guide, readable by its owner only."""
    path = guide_path()
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(asdict(guide), handle, indent=2)


def load_guide() -> DemoGuide | None:
    """The guide written when the demo was loaded, or None when there is none."""
    path = guide_path()
    if path is None or not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return DemoGuide(
        accounts=[DemoAccount(**item) for item in data.get("accounts", [])],
        poll_id=data.get("poll_id"),
        voters=[DemoVoter(**item) for item in data.get("voters", [])],
        survey_id=data.get("survey_id"),
        access_codes=list(data.get("access_codes", [])),
        citizen_survey_id=data.get("citizen_survey_id"),
    )


def _password_note(account: DemoAccount) -> str:
    user = find_user(account.email)
    if user is None or not user.active:
        return "(account removed or deactivated)"
    if not user.check_password(account.password):
        return "(changed since; `flask users set-password " + account.email + "` sets a new one)"
    return account.password


def _code_note(code: str, survey_id: int) -> str:
    from consult.extensions import db
    from consult.surveys.models import Survey
    from consult.surveys.services import usable_token

    survey = db.session.get(Survey, survey_id)
    if survey is None:
        return f"{code}  (survey removed)"
    return code if usable_token(survey, code) else f"{code}  (used)"


def describe(guide: DemoGuide, base_url: str) -> list[str]:
    """The lines printed for a newcomer, in English like the rest of the command line."""
    lines = [
        "",
        "Istog demo — open " + base_url + " in a browser (the language switcher is at the top).",
        "",
        "Demo accounts (sign in at " + base_url + "/login):",
    ]
    for account in guide.accounts:
        lines.append(f"  {account.role:8} {account.email:34} {_password_note(account)}")
        if account.what_to_try:
            lines.append(f"           try: {account.what_to_try}")
    if guide.poll_id and guide.voters:
        lines += ["", f"Vote in the open poll: {base_url}/polls/{guide.poll_id}"]
        lines += [
            f"  personal number {voter.personal_number}, born {voter.birth_year}"
            for voter in guide.voters
        ]
        lines.append("  (each number votes once; the others on the list can vote too)")
    if guide.survey_id and guide.access_codes:
        survey = f"{base_url}/surveys/{guide.survey_id}/code"
        lines += ["", f"Answer the open staff survey: {survey}"]
        lines += [f"  access code {_code_note(c, guide.survey_id)}" for c in guide.access_codes]
    if guide.citizen_survey_id:
        survey = f"{base_url}/surveys/{guide.citizen_survey_id}/take"
        lines += ["", f"Answer the open citizen survey: {survey}"]
    lines += [
        "",
        "See this again: `.venv/bin/flask demo-info`.",
        "Start over with a fresh demo dated from today: `make demo-reset`.",
        "Forgotten password: `.venv/bin/flask users set-password EMAIL`.",
        "",
    ]
    return lines
