"""The Istog demo loads into an empty database, once."""

from sqlalchemy import func, select

from consult.auth.models import User
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.extensions import db


def test_seed_demo_loads_istog_and_prints_passwords(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "officer" in result.output and "chair" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Directorate)) == 13
        populations = db.session.scalars(select(LocalCommunity.population)).all()
        assert 35_000 < sum(populations) < 45_000
        kinds = set(db.session.scalars(select(Consultation.kind)))
        assert kinds == {"draft_act", "budget_hearing", "capital_poll", "survey"}
        assert {u.role for u in db.session.scalars(select(User))} >= {"officer", "chair", "admin"}


def test_demo_consultations_have_every_official_language(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        for consultation in db.session.scalars(select(Consultation)):
            for field in (consultation.title, consultation.summary, consultation.body):
                assert {"sq", "sr_Latn", "bs", "en"} <= set(field)


def test_seed_demo_if_empty_leaves_existing_data_alone(app, runner):
    runner.invoke(args=["seed-demo"])
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Directorate)) == 13


def test_demo_pages_render_in_every_locale(client, runner):
    runner.invoke(args=["seed-demo"])
    for locale in ("sq", "sr_Latn", "sr", "bs", "en"):
        page = client.get(f"/?lang={locale}")
        assert page.status_code == 200
        for consultation_id in range(1, 5):
            assert client.get(f"/consultations/{consultation_id}?lang={locale}").status_code in (
                200,
                404,
            )
