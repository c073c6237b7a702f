"""An access code is claimed when it is entered, not when the last page is sent.

The stories: a second browser with the same code is refused at the code page while the first
is mid-way, and the first still saves; a lapsed claim is taken over, and the browser that lost
it is told at its next page; a used code is refused; two tabs of one browser save once. Then
what a database administrator sees: the claim table holds no answer and nothing a response
refers to, and no claim is left once the code is used.
"""

import datetime as dt
import re

import pytest
from sqlalchemy import inspect, select, text, update

from consult.extensions import db
from consult.surveys.claims import CLAIM_COOKIE
from consult.surveys.models import CodeClaim, Response, StaffToken
from tests.conftest import submit
from tests.surveys.conftest import (
    VALID_FIRST,
    english_client,
    issue,
    post_section,
)
from tests.surveys.test_anonymity_dump import dump

MEETING_GOER = {**VALID_FIRST, "channel": "meetings"}


def enter(client, survey_id, code):
    return submit(client, f"/surveys/{survey_id}/code", {"code": code})


def rows(app, model) -> list:
    with app.app_context():
        return db.session.scalars(select(model)).all()


def lapse_every_claim(app) -> None:
    """As if the holders had stopped answering long ago."""
    with app.app_context():
        db.session.execute(update(CodeClaim).values(expires_at=dt.datetime(2000, 1, 1)))
        db.session.commit()


def midway(app, client, survey_id, code) -> str:
    """Enter `code` and send the first section as a meeting-goer; returns the second page."""
    assert enter(client, survey_id, code).status_code == 302
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    response = post_section(client, app, survey_id, page, MEETING_GOER)
    assert response.status_code == 200
    second = response.get_data(as_text=True)
    assert "Meetings are useful" in second
    return second


def test_a_second_browser_is_refused_at_the_code_while_the_first_is_midway(app, client, survey_id):
    code = issue(app, survey_id)[0]
    second_page = midway(app, client, survey_id, code)
    other = english_client(app)
    refused = enter(other, survey_id, code)
    assert refused.status_code == 409
    body = refused.get_data(as_text=True)
    assert "in another browser" in body
    assert re.search(r"free again in (119|120) minutes", body)
    assert "tell the Public Information Office" in body
    # it gets no questionnaire, not even the first page
    assert other.get(f"/surveys/{survey_id}/take").status_code == 302
    # the first browser finishes and its answers are saved
    done = post_section(client, app, survey_id, second_page, {"meeting_useful": "5"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/thanks")
    assert len(rows(app, Response)) == 1
    assert rows(app, CodeClaim) == []
    # now the code is used: the other browser is told so
    again = enter(other, survey_id, code)
    assert "This access code is not valid or has been used already." in again.get_data(as_text=True)


def test_the_claim_is_renewed_while_the_holder_answers(app, client, survey_id):
    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    with app.app_context():
        db.session.execute(
            update(CodeClaim).values(expires_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
        )
        db.session.commit()
    # a page a moment later lifts the claim to SURVEY_CLAIM_MINUTES from now again
    assert client.get(f"/surveys/{survey_id}/take").status_code == 200
    (claim,) = rows(app, CodeClaim)
    left = claim.expires_at - dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert dt.timedelta(minutes=119) < left <= dt.timedelta(minutes=120)


def test_a_lapsed_claim_is_taken_over_and_the_first_browser_is_told_at_its_next_page(
    app, client, survey_id
):
    code = issue(app, survey_id)[0]
    second_page = midway(app, client, survey_id, code)
    lapse_every_claim(app)
    other = english_client(app)
    assert enter(other, survey_id, code).status_code == 302
    assert other.get(f"/surveys/{survey_id}/take").status_code == 200
    # the first browser comes back: refused at once, not after the last section
    response = post_section(client, app, survey_id, second_page, {"meeting_useful": "5"})
    assert response.status_code == 409
    assert "in another browser" in response.get_data(as_text=True)
    assert rows(app, Response) == []
    assert client.get(f"/surveys/{survey_id}/take").status_code == 302  # back to the code


def test_the_final_submit_checks_the_claim_under_the_lock(app, client, survey_id):
    """The last line of defence: another browser's live claim refuses the submission even
    when the page's own check was passed (two requests racing)."""
    from consult.surveys.claims import CodeClaimed, claimant_hash
    from consult.surveys.models import Survey
    from consult.surveys.services import code_hash, redeem_and_save

    code = issue(app, survey_id)[0]
    assert enter(client, survey_id, code).status_code == 302
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        with pytest.raises(CodeClaimed):
            redeem_and_save(survey, code_hash(code), VALID_FIRST, dt.date.today(), "intruder")
        db.session.rollback()
        claim = db.session.get(CodeClaim, code_hash(code))
        assert claim.browser_hash != claimant_hash("intruder")
        assert db.session.get(StaffToken, code_hash(code)).used is False


def test_a_used_code_is_refused_at_the_code_page(app, client, survey_id):
    code = issue(app, survey_id)[0]
    second_page = midway(app, client, survey_id, code)
    assert post_section(client, app, survey_id, second_page, {"meeting_useful": "4"}).status_code
    later = english_client(app)
    response = enter(later, survey_id, code)
    assert response.status_code == 200
    assert "has been used already" in response.get_data(as_text=True)
    assert rows(app, CodeClaim) == []


def same_browser(app, client):
    """A second tab: another client with every cookie of `client` (session and claim)."""
    tab = app.test_client()
    for cookie in list(client._cookies.values()):
        tab.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return tab


def test_two_tabs_of_one_browser_save_once(app, client, survey_id):
    code = issue(app, survey_id)[0]
    second_page = midway(app, client, survey_id, code)
    tab = same_browser(app, client)  # opened before either sends: both hold the code
    first = post_section(client, app, survey_id, second_page, {"meeting_useful": "5"})
    second = post_section(tab, app, survey_id, second_page, {"meeting_useful": "1"})
    assert first.status_code == 302
    assert second.status_code == 409
    assert "already been used" in second.get_data(as_text=True)
    assert len(rows(app, Response)) == 1
    # a tab opened after the submit is sent to the code page
    assert client.get(f"/surveys/{survey_id}/take").status_code == 302


def test_the_same_browser_entering_its_code_again_continues(app, client, survey_id):
    code = issue(app, survey_id)[0]
    midway(app, client, survey_id, code)
    assert enter(client, survey_id, code).status_code == 302
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    assert "Meetings are useful" in page
    assert len(rows(app, CodeClaim)) == 1


def test_a_forged_claim_cookie_gains_nothing(app, client, survey_id):
    code = issue(app, survey_id)[0]
    midway(app, client, survey_id, code)
    other = english_client(app)
    for forged in ("", "<script>alert(1)</script>", "x" * 3000, "a" * 32):
        other.set_cookie(CLAIM_COOKIE, forged, path=f"/surveys/{survey_id}/")
        assert enter(other, survey_id, code).status_code == 409


def test_markup_in_the_code_field_is_refused_plainly(app, client, survey_id):
    issue(app, survey_id)
    response = enter(client, survey_id, "<b>ABCD</b>-EFGH")
    body = response.get_data(as_text=True)
    assert "<b>ABCD" not in body
    assert rows(app, CodeClaim) == []


# --- what a database administrator sees -------------------------------------------------------


def test_the_claim_table_has_no_column_a_response_could_be_joined_on(app, survey_id):
    with app.app_context():
        inspector = inspect(db.engine)
        columns = {c["name"] for c in inspector.get_columns("survey_code_claims")}
        # municipality_id: the survey's municipality, the same on every claim of the survey
        assert columns == {"token_hash", "browser_hash", "expires_at", "municipality_id"}
        targets = {fk["referred_table"] for fk in inspector.get_foreign_keys("survey_code_claims")}
        assert targets == {"staff_tokens", "municipalities"}
        for table in inspector.get_table_names():
            referred = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
            assert "survey_code_claims" not in referred, table
        for table in ("survey_responses", "survey_answers"):
            theirs = {c["name"] for c in inspector.get_columns(table)}
            assert not theirs & columns - {"municipality_id"}, table


def test_midway_the_database_holds_no_answer_and_after_the_submit_no_claim(app, client, survey_id):
    code = issue(app, survey_id)[0]
    marker = "Zebrafish-7Q"
    assert enter(client, survey_id, code).status_code == 302
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    answers = {**MEETING_GOER, "ideas": f"More {marker} meetings"}
    second_page = post_section(client, app, survey_id, page, answers).get_data(as_text=True)
    during = "\n".join(dump(app))
    assert marker not in during  # the answers live in the browser until the final submit
    assert "survey_code_claims" in during  # the claim does live in the database
    post_section(client, app, survey_id, second_page, {"meeting_useful": "5"})
    after = dump(app)
    assert marker in "\n".join(after)
    with app.app_context(), db.engine.connect() as connection:
        left = connection.execute(text("SELECT COUNT(*) FROM survey_code_claims")).scalar()
        response_ids = connection.execute(text("SELECT id FROM survey_responses")).scalars()
        response_ids = list(response_ids)
    assert left == 0
    claims_lines = [line for line in after if "survey_code_claims" in line and "INSERT" in line]
    assert claims_lines == []
    assert len(response_ids) == 1


def test_lapsed_claims_of_abandoned_codes_are_deleted_by_the_next_entry(app, client, survey_id):
    abandoned, fresh = issue(app, survey_id, 2)
    assert enter(client, survey_id, abandoned).status_code == 302
    lapse_every_claim(app)
    assert enter(english_client(app), survey_id, fresh).status_code == 302
    with app.app_context():
        held = db.session.scalars(select(CodeClaim.token_hash)).all()
        from consult.surveys.services import code_hash

        assert held == [code_hash(fresh)]


def test_the_claimed_page_is_translated(app, survey_id):
    code = issue(app, survey_id)[0]
    first = english_client(app)
    assert enter(first, survey_id, code).status_code == 302
    other = app.test_client()
    with other.session_transaction() as session:
        session["lang"] = "sq"
    response = enter(other, survey_id, code)
    assert response.status_code == 409
    assert "Zyrën për Informim Publik" in response.get_data(as_text=True)
