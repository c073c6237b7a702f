"""The demo tells one municipality's year, dated from the day it is loaded: this year's draft
act open with its documents, last year's report received by the chair and a recent one
waiting, last year's staff survey reported and this year's open with working access codes,
an open citizen survey, annual plans covering every consultation, and annual reports whose
figures are plausible."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from consult.chair.annual import annual_report, report_years
from consult.comments.models import Answer, Comment
from consult.core import reviews
from consult.core.models import Consultation, Document
from consult.demo.seed import seed_demo
from consult.extensions import db
from consult.plan.models import PlanEntry
from consult.surveys.claims import CLAIM_COOKIE
from consult.surveys.models import Response, StaffToken, Survey
from consult.surveys.services import (
    code_hash,
    redeem_and_save,
    results_released,
    usable_token,
)
from tests.conftest import csrf_token
from tests.surveys.conftest import post_section

#: the issue's days, and the first and last day of a year
DAYS = [
    dt.date(2026, 12, 4),
    dt.date(2027, 3, 10),
    dt.date(2027, 7, 1),
    dt.date(2027, 1, 1),
    dt.date(2027, 12, 31),
]


def load(app, today: dt.date):
    with app.test_request_context("/?lang=en"):
        loaded = seed_demo(today)
        db.session.commit()
        return loaded


def _status_agrees(c: Consultation, today: dt.date) -> bool:
    if c.status == "open":
        return c.opens_at <= today <= c.closes_at
    if c.status in ("closed", "reported"):
        return c.closes_at < today
    if c.status == "announced":
        return c.opens_at > today
    return True


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_story_holds_on_any_day(app, today):
    codes = load(app, today)
    with app.test_request_context("/?lang=en"):
        consultations = db.session.scalars(select(Consultation)).all()
        mine = [c for c in consultations if c.kind in ("draft_act", "survey")]
        for c in mine:
            assert _status_agrees(c, today), (c.id, c.status, c.opens_at, c.closes_at)
            assert c.planned_year == c.opens_at.year
            assert c.notice_at < c.opens_at
            text = " ".join(" ".join(f.values()) for f in (c.title, c.summary, c.body))
            for year in map(int, re.findall(r"(?<![/\d])20\d\d\b", text)):
                assert year in (2023, 2026) or year == c.opens_at.year, (c.id, year)

        # this year's draft act: open today, with the draft and the explanatory note attached
        acts = [c for c in mine if c.kind == "draft_act" and c.status == "open"]
        assert len(acts) == 1 and acts[0].opens_at.year == today.year
        roles = set(
            db.session.scalars(select(Document.role).where(Document.consultation_id == acts[0].id))
        )
        assert roles == {"draft", "explanatory_note"}
        assert db.session.scalar(
            select(func.count()).select_from(Comment).where(Comment.consultation_id == acts[0].id)
        )

        # reports: last year's received by the chair, a recent one waiting (not overdue)
        reported = [c for c in mine if c.kind == "draft_act" and c.status == "reported"]
        states = {c.closes_at.year: reviews.state_of(c) for c in reported}
        assert reviews.state_of(min(reported, key=lambda c: c.closes_at)) == "received"
        waiting = reviews.waiting_for_chair(today)
        assert [item for item in waiting if not getattr(item, "overdue", False)], states
        assert any(
            c.closes_at.year == today.year - 1 and reviews.state_of(c) == "received"
            for c in reported
        )

        # every answer's reason in sq, sr_Latn and bs
        for answer in db.session.scalars(select(Answer)):
            assert {"sq", "sr_Latn", "bs"} <= {k for k, v in answer.reason.items() if v.strip()}

        # staff surveys: last year's reported with results, this year's open with codes
        staff = {s.year: s for s in db.session.scalars(select(Survey)) if s.audience == "staff"}
        this_year = max(staff)
        assert set(staff) == {this_year, this_year - 1}
        earlier, current = staff[this_year - 1], staff[this_year]
        assert earlier.consultation.status == "reported" and results_released(earlier)
        assert (
            db.session.scalar(
                select(func.count()).select_from(Response).where(Response.survey_id == earlier.id)
            )
            > 100
        )
        assert current.consultation.status == "open" and not results_released(current)
        assert [q.key for q in current.questions] == [q.key for q in earlier.questions]
        assert len(codes.access_codes) == 3
        for code in codes.access_codes:
            assert usable_token(current, code) is not None
            token = db.session.get(StaffToken, code_hash(code))
            assert token.survey_id == current.id and not token.used
        stored = " ".join(db.session.scalars(select(StaffToken.token_hash)))
        assert not any(code.replace("-", "") in stored for code in codes.access_codes)
        assert all(r.day < today for r in db.session.scalars(select(Response)))

        # the citizen survey: open, public, no code
        citizen = [s for s in db.session.scalars(select(Survey)) if s.audience == "citizen"]
        assert len(citizen) == 1 and citizen[0].consultation.status == "open"
        assert len(citizen[0].questions) >= 4

        # the plans cover every consultation of their year, this year's included
        plan_of = {e.consultation_id: e for e in db.session.scalars(select(PlanEntry))}
        for c in consultations:
            assert c.id in plan_of, c.id
            assert plan_of[c.id].year == c.planned_year
        assert any(e.year == today.year for e in plan_of.values())

        # the annual reports of last year and this year: consultations and no 0 % year
        # (the hearing and the poll are another loader's: only these kinds are checked here)
        assert all(c.counted_year <= today.year for c in mine)
        assert {today.year - 1, today.year} <= set(report_years(today))
        for year in (today.year - 1, today.year):
            report = annual_report(year, today, app.config["STANDARDS"])
            assert report.total.consultations > 0, year
            rate = report.compliance_rate
            assert rate is not None and 0 < rate <= 100, (year, rate, report.breaches)
            assert report.total.comments > 0 and report.total.meetings > 0, year


def test_a_returned_code_opens_the_open_staff_survey_once(app, client):
    today = dt.date.today()
    loaded = load(app, today)
    with app.test_request_context("/?lang=en"):
        survey = next(
            s
            for s in db.session.scalars(select(Survey))
            if s.audience == "staff" and s.consultation.status == "open"
        )
        survey_id = survey.id
    code = loaded.access_codes[0]
    url = f"/surveys/{survey_id}/code?lang=en"
    page = client.post(url, data={"code": code, "csrf_token": csrf_token(client, url)})
    assert page.status_code == 302 and page.location.endswith(f"/surveys/{survey_id}/take")
    assert client.get(f"/surveys/{survey_id}/take").status_code == 200
    # the final submit's own call (the questionnaire's sections are the staff-survey tests')
    with app.test_request_context("/?lang=en"):
        survey = db.session.get(Survey, survey_id)
        before = db.session.scalar(select(func.count()).select_from(Response))
        # the code is claimed by the browser that entered it: the submit names that browser
        claim = client.get_cookie(CLAIM_COOKIE, path=f"/surveys/{survey_id}/")
        redeem_and_save(survey, code_hash(code), {}, today, claim.value)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Response)) == before + 1
        assert db.session.get(StaffToken, code_hash(code)).used
    second = client.application.test_client()
    again = second.post(url, data={"code": code, "csrf_token": csrf_token(second, url)})
    assert again.status_code == 200
    assert "not valid or has been used" in again.get_data(as_text=True)


def test_the_citizen_survey_takes_an_answer_without_a_code(app, client):
    load(app, dt.date.today())
    with app.test_request_context("/?lang=en"):
        survey_id = next(
            s.id for s in db.session.scalars(select(Survey)) if s.audience == "citizen"
        )
        before = db.session.scalar(select(func.count()).select_from(Response))
    page = client.get(f"/surveys/{survey_id}/take?lang=en")
    assert page.status_code == 200
    first = page.get_data(as_text=True)
    assert "Where do you hear about" in first
    answers = {
        "channels_used": ["website", "facebook"],
        "channel_preferred": "facebook",
        "information_on_time": "4",
        "information_own_language": "5",
        "information_how_to_take_part": "3",
    }
    second = post_section(client, app, survey_id, first, answers)
    assert second.status_code == 200  # the standard questions on gender, age and place
    done = post_section(client, app, survey_id, second.get_data(as_text=True), {})
    assert done.status_code == 302 and done.location.endswith(f"/surveys/{survey_id}/thanks")
    with app.test_request_context("/?lang=en"):
        assert db.session.scalar(select(func.count()).select_from(Response)) == before + 1


def test_this_years_plan_is_public(app, client):
    today = dt.date.today()
    load(app, today)
    page = client.get(f"/plan/{today.year}?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Draft Regulation on Transparency" in text or "Regulation on Transparency" in text
