"""The Istog demo loads into an empty database, once."""

from sqlalchemy import func, select

from consult.auth.models import User
from consult.consultations.services import document_lines
from consult.core.lifecycle import substance_findings
from consult.core.models import Consultation, Directorate, Document, LocalCommunity
from consult.core.upload_limits import Deadline
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


def test_every_published_demo_consultation_carries_its_substance(app, runner):
    """What the lifecycle asks before an announcement (each kind's substance_checks) is there in
    every demo consultation the demo shows as published."""
    runner.invoke(args=["seed-demo"])
    with app.test_request_context("/?lang=en"):
        published = db.session.scalars(select(Consultation).where(Consultation.is_public)).all()
        assert {c.kind for c in published} == {
            "draft_act",
            "budget_hearing",
            "capital_poll",
            "survey",
        }
        missing = {
            c.id: [
                f"{f.rule_id}: {f.message}" for f in substance_findings(c, app.config["STANDARDS"])
            ]
            for c in published
        }
        assert missing == {consultation_id: [] for consultation_id in missing}


def test_the_demo_explanatory_notes_can_be_read(app, client, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        notes = db.session.scalars(
            select(Document).where(Document.role == "explanatory_note")
        ).all()
        acts = {n.consultation_id: n.id for n in notes}
        draft_acts = db.session.scalars(
            select(Consultation.id).where(Consultation.kind == "draft_act")
        ).all()
        assert set(acts) == set(draft_acts), "every demo draft act has its note"
    for consultation_id, document_id in acts.items():
        page = client.get(f"/consultations/{consultation_id}?lang=sq").get_data(as_text=True)
        assert f'href="/documents/{document_id}"' in page and "Shënim shpjegues" in page
        download = client.get(f"/documents/{document_id}")
        assert download.status_code == 200
        lines = list(document_lines(download.data, "note.docx", Deadline(10)))
        download.close()
        assert lines[0].startswith("Shënim shpjegues") and "Explanatory note" in " ".join(lines)


def test_the_open_demo_act_links_its_draft_as_a_document(app, client, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        draft = db.session.scalars(
            select(Document)
            .join(Consultation)
            .where(Document.role == "draft", Consultation.kind == "draft_act")
        ).one()
        assert draft.consultation.status == "open"
    page = client.get(f"/consultations/{draft.consultation_id}?lang=en").get_data(as_text=True)
    assert f'href="/documents/{draft.id}"' in page
    download = client.get(f"/documents/{draft.id}")
    lines = list(document_lines(download.data, "draft.docx", Deadline(10)))
    download.close()
    assert lines[0].startswith("Rregullore për transparencë")
    assert "Neni 1. Qëllimi" in lines and "Article 12." in " ".join(lines)
