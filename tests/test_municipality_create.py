"""`flask municipalities create` and `CONSULT_MUNICIPALITY` (issue #22): a second municipality
made from the command line, its first administrator signing in on its own host only, and the
other commands acting for the municipality the variable names."""

import re

import pytest
from sqlalchemy import func, select, text

from consult import create_app
from consult.auth.models import User
from consult.core.mail_outbox import OutboxMessage
from consult.core.municipalities import Municipality
from consult.core.tenancy import ALL_MUNICIPALITIES
from consult.extensions import db
from tests.conftest import PASSWORD, submit

CREATE = [
    "municipalities",
    "create",
    "prizren",
    "--name",
    "sq=Komuna e Prizrenit",
    "--name",
    "en=Municipality of Prizren",
    "--host",
    "Prizren.Example",
    "--in-use",
    "tr",
    "--admin-email",
    "Admin@Prizren.example",
    "--admin-name",
    "Arbër Krasniqi",
]
LINK = re.compile(r"https://prizren\.example/password/reset/\S+")


def _everything(model):
    return select(model).execution_options(**{ALL_MUNICIPALITIES: True})


def _count_municipalities(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Municipality))


def test_create_makes_the_municipality_and_its_first_administrator(app, runner):
    result = runner.invoke(args=CREATE)
    assert result.exit_code == 0, result.output
    new_id = int(result.output.strip().splitlines()[-1])
    with app.app_context():
        made = db.session.get(Municipality, new_id)
        assert (made.slug, made.host, made.languages_in_use) == (
            "prizren",
            "prizren.example",
            ["tr"],
        )
        assert made.name["en"] == "Municipality of Prizren"
        admin = db.session.scalars(_everything(User)).one()
        assert (admin.email, admin.role, admin.municipality_id) == (
            "admin@prizren.example",
            "admin",
            new_id,
        )
        mail = db.session.scalars(_everything(OutboxMessage)).one()
        assert mail.to == "admin@prizren.example" and mail.municipality_id == new_id
        assert LINK.search(mail.body), mail.body
        logged = db.session.execute(
            text("SELECT municipality_id FROM audit_log WHERE action = 'municipality.created'")
        ).scalar_one()
        assert logged == new_id
    listed = runner.invoke(args=["municipalities", "list"]).output
    assert "prizren: Municipality of Prizren" in listed and "host: prizren.example" in listed


def test_the_first_administrator_signs_in_on_the_municipalitys_host_only(app, runner):
    assert runner.invoke(args=CREATE).exit_code == 0
    with app.app_context():
        body = db.session.scalars(_everything(OutboxMessage)).one().body
    link = LINK.search(body).group(0).replace("https://", "http://")
    client = app.test_client()
    chosen = "several unrelated words for prizren"
    answer = submit(client, link, {"new_password": chosen, "repeat_password": chosen})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:800]
    at_home = submit(
        client,
        "http://prizren.example/login",
        {"email": "admin@prizren.example", "password": chosen},
    )
    assert at_home.status_code == 302
    people = client.get("http://prizren.example/people?lang=en").get_data(as_text=True)
    assert "admin@prizren.example" in people
    elsewhere = app.test_client()
    refused = submit(
        elsewhere, "http://localhost/login", {"email": "admin@prizren.example", "password": chosen}
    )
    assert refused.status_code != 302  # Istog's sign-in does not know the account


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({2: "Prizren"}, "lower-case letters"),
        ({2: "istog"}, "already"),
        ({8: "https://prizren.example/"}, "host name"),
        ({8: "localhost"}, "host name"),
        ({10: "xx"}, "language codes"),
        ({12: "nobody"}, "e-mail address"),
        ({4: "zz=Prizren"}, "LOCALE=NAME"),
    ],
)
def test_a_wrong_value_creates_nothing(app, runner, change, words):
    args = list(CREATE)
    for position, value in change.items():
        args[position] = value
    before = _count_municipalities(app)
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and words in result.output, result.output
    assert _count_municipalities(app) == before


def test_a_taken_host_or_administrator_address_creates_nothing(app, runner, make_user):
    assert runner.invoke(args=CREATE).exit_code == 0
    again = list(CREATE)
    again[2] = "mamusha"
    taken_host = runner.invoke(args=again)
    assert taken_host.exit_code != 0 and "serves prizren already" in taken_host.output
    make_user("officer", email="arta@istog.example")
    again[8], again[12] = "mamusha.example", "arta@istog.example"
    taken_address = runner.invoke(args=again)
    assert taken_address.exit_code != 0 and "exists already" in taken_address.output
    assert _count_municipalities(app) == 2
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(User)
                .execution_options(**{ALL_MUNICIPALITIES: True})
            )
            == 2
        )


def test_commands_act_for_the_municipality_the_variable_names(app, runner):
    assert runner.invoke(args=CREATE).exit_code == 0
    made = runner.invoke(
        args=[
            *("users", "create", "--email", "pio@prizren.example", "--name", "PIO"),
            *("--role", "officer", "--password", PASSWORD),
        ],
        env={"CONSULT_MUNICIPALITY": "prizren"},
    )
    assert made.exit_code == 0, made.output
    with app.app_context():
        owner = db.session.execute(
            text(
                "SELECT m.slug FROM users u JOIN municipalities m ON m.id = u.municipality_id "
                "WHERE u.email = 'pio@prizren.example'"
            )
        ).scalar_one()
    assert owner == "prizren"
    # Istog's command line does not find Prizren's account
    missing = runner.invoke(args=["users", "deactivate", "--email", "pio@prizren.example"])
    assert missing.exit_code != 0 and "no account" in missing.output
    unknown = runner.invoke(
        args=["users", "deactivate", "--email", "pio@prizren.example"],
        env={"CONSULT_MUNICIPALITY": "gjakova"},
    )
    assert unknown.exit_code != 0 and "CONSULT_MUNICIPALITY=gjakova" in unknown.output


def test_set_gives_a_host_and_checks_it(app, runner):
    assert runner.invoke(args=CREATE).exit_code == 0
    moved = runner.invoke(
        args=["municipalities", "set", "prizren", "--host", "komuna-prizren.example"]
    )
    assert moved.exit_code == 0, moved.output
    clash = runner.invoke(
        args=["municipalities", "set", "istog", "--host", "komuna-prizren.example"]
    )
    assert clash.exit_code != 0 and "already" in clash.output
    with app.app_context():
        assert db.session.get(Municipality, 1).host is None


def test_the_mail_worker_and_the_purge_serve_every_municipality(app, runner, make_user):
    assert runner.invoke(args=CREATE).exit_code == 0
    sent = runner.invoke(args=["mail", "send"])
    assert sent.exit_code == 0 and "Sent 1 message(s)" in sent.output, sent.output
    with app.app_context():
        mail = db.session.scalars(_everything(OutboxMessage)).one()
        assert mail.sent_at is not None
    purged = runner.invoke(args=["purge-personal-data", "--dry-run"])
    assert purged.exit_code == 0, purged.output
    assert "istog:" in purged.output and "prizren:" in purged.output


@pytest.fixture
def public_app(app):
    """The app as production builds links: PUBLIC_URL names the first municipality's site."""
    config = {key: value for key, value in app.config.items() if key.isupper()}
    config |= {"PUBLIC_URL": "https://konsultime.istog.example", "SERVER_NAME": None}
    served = create_app(type("PublicConfig", (), config))
    yield served
    with served.app_context():
        db.engine.dispose()


def test_links_name_the_municipalitys_own_host_not_the_public_url(public_app, runner):
    assert runner.invoke(args=CREATE).exit_code == 0
    client = public_app.test_client()
    feed = client.get("http://prizren.example/feeds/consultations.atom").get_data(as_text=True)
    assert "https://prizren.example/" in feed and "istog.example" not in feed
    home_feed = client.get("http://konsultime.istog.example/feeds/consultations.atom")
    assert "https://konsultime.istog.example/" in home_feed.get_data(as_text=True)
    with public_app.app_context():
        sent = public_app.test_cli_runner().invoke(args=["mail", "send"])
        assert "Sent 1 message(s)" in sent.output, sent.output
        body = db.session.scalars(_everything(OutboxMessage)).one().body
    assert LINK.search(body) and "istog.example" not in body
