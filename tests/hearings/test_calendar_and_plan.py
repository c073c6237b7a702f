"""The hearing cycle: the statutory calendar, warnings as milestones approach, the plan of
hearings with its flags, and coverage of local communities and audiences."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.hearings import services
from consult.hearings.models import HearingCycle, PlannedHearing
from tests.conftest import submit

TODAY = dt.date.today()


def _cycle(app, cycle_id) -> HearingCycle:
    return db.session.get(HearingCycle, cycle_id)


def _rules(found) -> list[tuple[str, str]]:
    return [(f.rule_id, f.severity) for f in found]


def test_the_milestones_default_to_the_statutory_calendar_of_the_year_before(ctx, hearing):
    consultation = db.session.get(Consultation, hearing)
    cycle = services.create_cycle(consultation, 2025)
    assert (cycle.mtbf_due, cycle.circular2_due, cycle.approval_due) == (
        dt.date(2024, 6, 30),
        dt.date(2024, 8, 15),
        dt.date(2024, 9, 30),
    )


def test_the_officer_sets_up_the_cycle_with_the_configured_calendar(app, client, login, hearing):
    app.config["HEARING_CALENDAR"] = {"mtbf": (6, 15), "circular2": (8, 1), "approval": (9, 20)}
    try:
        login("officer")
        url = f"/manage/hearings/{hearing}/cycle"
        response = submit(client, url, {"budget_year": "2027"}, f"/manage/hearings/{hearing}/")
        assert response.status_code == 302
    finally:
        del app.config["HEARING_CALENDAR"]
    with app.app_context():
        cycle = db.session.scalar(select(HearingCycle))
        assert (cycle.budget_year, cycle.mtbf_due, cycle.approval_due) == (
            2027,
            dt.date(2026, 6, 15),
            dt.date(2026, 9, 20),
        )


def test_milestones_out_of_order_are_refused(app, client, login, hearing):
    login("officer")
    response = submit(
        client,
        f"/manage/hearings/{hearing}/cycle?lang=en",
        {"budget_year": "2027", "mtbf_due": "2026-09-01", "approval_due": "2026-08-01"},
        f"/manage/hearings/{hearing}/?lang=en",
    )
    assert response.status_code == 400
    assert "The milestones must be in order" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(HearingCycle)) is None


def test_a_warning_comes_as_a_milestone_approaches(ctx, cycle):
    found = services.findings(_cycle(ctx, cycle), TODAY, warning_days=21)
    calendar = [f for f in found if f.rule_id == "BH-CALENDAR"]
    assert [f.due for f in calendar] == [TODAY + dt.timedelta(days=20)]  # the MTBF only
    later = services.findings(_cycle(ctx, cycle), TODAY + dt.timedelta(days=30), warning_days=21)
    assert [f.due for f in later if f.rule_id == "BH-CALENDAR"] == [TODAY + dt.timedelta(days=45)]


def test_a_hearing_planned_after_the_approval_date_is_flagged(app, client, login, cycle, hearing):
    login("officer")
    manage = f"/manage/hearings/{hearing}/?lang=en"
    after = (TODAY + dt.timedelta(days=95)).isoformat()
    response = submit(
        client,
        f"/manage/hearings/{hearing}/plan",
        {"audience": "general", "local_community_id": "0", "planned_on": after, "place": "Istog"},
        manage,
    )
    assert response.status_code == 302
    with app.app_context():
        found = services.findings(_cycle(app, cycle), TODAY)
        hearing_id = db.session.scalar(select(PlannedHearing.id))
        assert ("BH-CALENDAR", "block") in _rules(found)
        assert services.flagged_hearing_ids(found) == {hearing_id}
    html = client.get(manage).get_data(as_text=True)
    assert "is planned after the Assembly approves the budget" in html
    assert "<strong>Flagged</strong>" in html


def test_a_hearing_announced_fewer_than_the_configured_days_ahead_is_flagged(ctx, cycle):
    item = _cycle(ctx, cycle)
    day = TODAY + dt.timedelta(days=30)
    services.plan_hearing(item, "youth", day, "Qendra Rinore", None, day - dt.timedelta(days=5))
    services.plan_hearing(item, "women", day, "Salla", None, day - dt.timedelta(days=10))
    found = services.findings(item, TODAY, notice_days=7)
    notices = [f for f in found if f.rule_id == "MS-MEETING-NOTICE"]
    assert len(notices) == 1 and "Qendra Rinore" in str(notices[0].message)


def test_too_few_hearings_and_no_womens_hearing_are_warned(ctx, cycle):
    item = _cycle(ctx, cycle)
    assert {"BH-MEETINGS", "BH-GENDER"} <= {f.rule_id for f in services.findings(item, TODAY)}
    day = TODAY + dt.timedelta(days=30)
    services.plan_hearing(item, "women", day, "Salla e Kuvendit")
    services.plan_hearing(item, "business", day, "Salla e Kuvendit")
    assert not {"BH-MEETINGS", "BH-GENDER"} & {f.rule_id for f in services.findings(item, TODAY)}


def test_coverage_shows_which_communities_and_audiences_have_a_hearing(ctx, cycle):
    item = _cycle(ctx, cycle)
    vrelle = db.session.scalar(select(LocalCommunity).where(LocalCommunity.population == 3126))
    day = TODAY + dt.timedelta(days=30)
    services.plan_hearing(item, "village_council", day, "Shtëpia e Kulturës", vrelle.id)
    services.plan_hearing(item, "youth", day, "Qendra Rinore")
    services.plan_hearing(item, "women", TODAY + dt.timedelta(days=120), "Salla")  # too late
    covered = services.coverage(item)
    assert covered.communities_covered == 1 and covered.population_covered == 3126
    assert {a for a, hearings in covered.audiences if hearings} == {"village_council", "youth"}
    assert covered.audiences_covered == 2 and len(covered.audiences) == 7


def test_the_plan_and_coverage_show_on_the_officer_and_public_pages(
    app, client, login, cycle, hearing
):
    with app.app_context():
        services.plan_hearing(
            _cycle(app, cycle), "disability", TODAY + dt.timedelta(days=10), "Qendra Sociale"
        )
        db.session.commit()
    login("officer")
    manage = client.get(f"/manage/hearings/{hearing}/?lang=en").get_data(as_text=True)
    assert "0 of 3 local communities and 1 of 7 audiences have a hearing" in manage
    assert client.get(f"/manage/consultations/{hearing}?lang=en").status_code == 200
    public = client.get(f"/consultations/{hearing}?lang=en").get_data(as_text=True)
    assert "Persons with disabilities" in public and "Qendra Sociale" in public


def test_an_audience_outside_the_list_is_refused_by_the_database(ctx, cycle):
    import pytest
    from sqlalchemy.exc import IntegrityError

    db.session.add(
        PlannedHearing(cycle_id=cycle, audience="pensioners", planned_on=TODAY, place="X")
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
