"""An officer sets up a poll: settings, projects with photos, the voter list; then it locks."""

import io

from sqlalchemy import select

from consult.extensions import db
from consult.polls import services
from consult.polls.models import Poll, Project, VoterListEntry
from tests.conftest import submit
from tests.polls.conftest import project_ids, today, voter_csv

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SETTINGS = {
    "budget": "300000",
    "currency": "EUR",
    "ballot_type": "knapsack",
    "min_projects": "1",
    "rule": "greedy",
    "threshold": "0",
    "minimum_age": "16",
    "verify_voter_list": "y",
}


def _poll_of(app, consultation_id: int) -> Poll:
    return db.session.scalar(select(Poll).where(Poll.consultation_id == consultation_id))


def test_officer_sets_up_a_poll_with_projects_and_a_voter_list(
    app, client, login, make_consultation
):
    login("officer")
    consultation_id = make_consultation(kind="capital_poll", status="draft")
    page = client.get(f"/manage/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert f"/manage/polls/new/{consultation_id}" in page
    created = submit(client, f"/manage/polls/new/{consultation_id}", SETTINGS)
    assert created.status_code == 302
    with app.app_context():
        poll_id = _poll_of(app, consultation_id).id
    added = submit(
        client,
        f"/manage/polls/{poll_id}/projects/new",
        {
            "title_sq": "Kënd lojërash në Vrellë",
            "title_en": "Playground in Vrellë",
            "cost": "25000",
            "local_community_id": "0",
            "directorate_id": "0",
            "photo": (io.BytesIO(PNG), "playground.png"),
        },
        content_type="multipart/form-data",
    )
    assert added.status_code == 302, added.get_data(as_text=True)
    uploaded = submit(
        client,
        f"/manage/polls/{poll_id}/voters",
        {"file": (io.BytesIO(voter_csv([("1234567890", 1980)]).encode()), "voters.csv")},
        form_url=f"/manage/polls/{poll_id}",
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    with app.app_context():
        project = db.session.scalar(select(Project))
        assert project.code == "P1" and project.photo.endswith(".png")
        assert db.session.scalar(select(VoterListEntry.birth_year)) == 1980
        db.session.get(Poll, poll_id).consultation.status = "open"
        db.session.commit()
        photo = project.photo
    shown = client.get(f"/polls/photos/{photo}")
    assert shown.data == PNG and shown.mimetype == "image/png"
    shown.close()


def test_a_photo_that_is_not_an_image_is_refused(app, client, login, make_poll):
    login("officer")
    poll_id = make_poll()
    response = submit(
        client,
        f"/manage/polls/{poll_id}/projects/new",
        {
            "title_sq": "Ura",
            "cost": "1000",
            "local_community_id": "0",
            "directorate_id": "0",
            "photo": (io.BytesIO(b"<script>alert(1)</script>"), "bridge.png"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "must be a JPEG or PNG" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Poll, poll_id).projects) == 4


def test_a_voter_list_with_a_bad_line_is_refused_whole(app, client, login, make_poll):
    login("officer")
    poll_id = make_poll()
    bad = "personal_number,birth_year\n1234567890,1980\n,1990\n"
    response = submit(
        client,
        f"/manage/polls/{poll_id}/voters",
        {"file": (io.BytesIO(bad.encode()), "voters.csv")},
        form_url=f"/manage/polls/{poll_id}",
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Line 3" in response.get_data(as_text=True)
    with app.app_context():
        assert services.voter_count(db.session.get(Poll, poll_id)) == 0


def test_settings_cannot_change_after_the_first_vote(app, client, login, make_poll):
    login("officer")
    poll_id = make_poll()
    with app.test_request_context("/?lang=en"):
        poll = db.session.get(Poll, poll_id)
        services.cast_vote(poll, "someone", project_ids(app, poll_id)[1:2], today())
        db.session.commit()
    response = submit(client, f"/manage/polls/{poll_id}/settings", {**SETTINGS, "budget": "1"})
    assert response.status_code == 409
    assert "can no longer change" in response.get_data(as_text=True)
    page = client.get(f"/manage/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert "Add a project" not in page
    with app.app_context():
        assert db.session.get(Poll, poll_id).budget == 200000


def test_a_ballot_range_that_goes_backwards_is_refused(app, client, login, make_poll):
    """Most projects below the fewest is a translated form error, not a failed CHECK."""
    login("officer")
    poll_id = make_poll()
    url = f"/manage/polls/{poll_id}/settings?lang=en"
    response = submit(client, url, {**SETTINGS, "min_projects": "4", "max_projects": "2"})
    assert response.status_code == 400
    assert "must not be fewer than the fewest" in response.get_data(as_text=True)
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        assert (poll.min_projects, poll.max_projects, poll.budget) != (4, 2, 300000)
        assert poll.budget == 200000
