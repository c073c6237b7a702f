"""The profile in force comes from STANDARDS_PROFILE (or the key a municipality passes): an
unknown name stops the start-up, STANDARDS corrects only the municipal and custom profiles,
and the pages and `flask standards profiles` say which profile applies and what it cites."""

import datetime as dt

import pytest
from sqlalchemy import select

from config import TestingConfig
from consult import create_app
from consult.core.models import Consultation
from consult.core.profiles import UnknownProfile, current_profile, current_standards
from consult.extensions import db
from tests.conftest import submit


@pytest.fixture
def albania(app, monkeypatch):
    monkeypatch.setitem(app.config, "STANDARDS_PROFILE", "albania-146-2014")


def test_the_default_profile_is_kosovo_municipal_with_todays_numbers(app, ctx):
    standards = current_standards()
    assert current_profile().key == "kosovo-municipal"
    assert {key: standards[key] for key in app.config["STANDARDS"]} == app.config["STANDARDS"]
    assert (standards["DAY_COUNT"], standards["HOLIDAY_COUNTRY"]) == ("calendar", "XK")
    assert standards["MS_COMPLEX_DAYS"] == 0


def test_the_configuration_chooses_the_profile(app, ctx, albania):
    standards = current_standards()
    assert standards["PROFILE"] == "albania-146-2014"
    assert standards["MS_DURATION_DAYS"] == 20 and standards["MS_COMPLEX_DAYS"] == 40
    assert (standards["DAY_COUNT"], standards["HOLIDAY_COUNTRY"]) == ("working", "AL")
    # a municipality's own profile wins over the configuration
    assert current_standards("kosovo-central")["PROFILE"] == "kosovo-central"


def test_standards_set_the_custom_and_municipal_numbers_but_not_a_laws(app, ctx, monkeypatch):
    monkeypatch.setitem(
        app.config,
        "STANDARDS",
        {**app.config["STANDARDS"], "MS_DURATION_DAYS": 30, "DAY_COUNT": "working"},
    )
    assert current_standards("custom")["MS_DURATION_DAYS"] == 30
    assert current_standards("custom")["DAY_COUNT"] == "working"
    assert current_standards("kosovo-municipal")["MS_DURATION_DAYS"] == 30
    assert current_standards("albania-146-2014")["MS_DURATION_DAYS"] == 20
    assert current_standards("kosovo-central")["MS_DURATION_DAYS"] == 15


def test_an_unknown_profile_stops_the_start_up():
    class Unknown(TestingConfig):
        STANDARDS_PROFILE = "atlantis-2030"

    with pytest.raises(UnknownProfile, match=r"atlantis-2030.*kosovo-municipal"):
        create_app(Unknown)


def test_the_command_lists_every_profile_with_its_source(runner):
    result = runner.invoke(args=["standards", "profiles"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "kosovo-municipal (in force): Kosovo: minimum standards" in output
    assert "No. 06/2018 (2018)" in output
    assert "No. 05/2016 (2016) https://gzk.rks-gov.net/ActDetail.aspx?ActID=15036" in output
    assert "albania-146-2014: Albania: notification and public consultation" in output
    assert "days: working days, public holidays of AL" in output
    assert "complex acts: up to 40 working days" in output
    assert "MS_DURATION_DAYS=20" in output
    assert "custom:" in output


def test_the_pages_name_the_profile_and_its_source(client, make_consultation, albania):
    consultation = make_consultation()
    page = client.get(f"/consultations/{consultation}?lang=en").get_data(as_text=True)
    assert "Standards applied" in page
    assert "Albania: notification and public consultation" in page
    assert 'href="https://idp.al/en/legislation-on-notification-and-public-consultation"' in page


def test_the_chair_sees_which_standards_apply(client, login):
    login("chair")
    page = client.get("/chair/?lang=en").get_data(as_text=True)
    assert "Kosovo: minimum standards of public consultation in municipalities" in page
    assert "No. 06/2018" in page


FORM = {
    "kind": "draft_act",
    "planned_year": "2026",
    "title_sq": "Plani rregullues",
    "contact_name": "Valentina Gashi",
    "contact_email": "valentina.gashi@istog.example",
    "notice_at": "2026-11-02",
    "opens_at": "2026-11-16",
    "closes_at": "2027-01-13",
    "complex_act": "y",
}


def test_the_complex_act_box_appears_only_where_the_profile_has_one(
    app, client, login, monkeypatch
):
    login("officer")
    municipal = client.get("/manage/consultations/new?lang=en").get_data(as_text=True)
    assert 'name="complex_act"' not in municipal
    monkeypatch.setitem(app.config, "STANDARDS_PROFILE", "albania-146-2014")
    page = client.get("/manage/consultations/new?lang=en").get_data(as_text=True)
    assert 'name="complex_act"' in page
    assert "up to 40 working days" in page
    submit(client, "/manage/consultations/new", FORM)
    with app.app_context():
        consultation = db.session.scalars(select(Consultation)).one()
        assert consultation.complex_act is True
        assert consultation.closes_at == dt.date(2027, 1, 13)


def test_a_survey_is_never_a_complex_act(app, client, login, albania):
    login("officer")
    submit(client, "/manage/consultations/new", {**FORM, "kind": "survey"})
    with app.app_context():
        assert db.session.scalars(select(Consultation.complex_act)).one() is False
