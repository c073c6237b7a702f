"""The council chair follows participation over the years, by gender, age and local community,
without any small group of people being shown, and sees which local communities are
under-represented relative to their population."""

import datetime as dt

import pytest

from consult.chair.participation import participation
from consult.chair.trends import trends
from consult.i18n import LOCALES
from tests.chair.known_data import YEAR, load_known_year


@pytest.fixture
def known(app):
    with app.app_context():
        return load_known_year()


def _row(table, label_start: str) -> list:
    return next(row for row in table.rows if str(row[0]).startswith(label_start))


def test_participants_are_counted_per_year_and_kind(ctx, known):
    found = participation(dt.date.today())
    assert found.participants[(YEAR, "draft_act")] == 12
    assert found.participants[(YEAR, "budget_hearing")] == 4
    assert found.participants[(YEAR, "capital_poll")] == 9
    assert found.participants[(YEAR, "survey")] == 12
    row = _row(trends(dt.date.today()).overview.table, str(YEAR))
    assert row[1:] == [12, 4, 9, 12, 37]


def test_stated_groups_and_not_stated_add_up_to_the_participants(ctx, known):
    found = participation(dt.date.today())
    gender = found.groups((YEAR, "draft_act"), "gender")
    # commenter a gave "female" last, b "male"; 4 women and 3 men at the meeting
    assert (gender["female"], gender["male"], gender["not_stated"]) == (5, 4, 3)
    assert found.groups((YEAR, "survey"), "gender")["female"] == 7
    assert found.groups((YEAR, "capital_poll"), "age_band")["25-34"] == 9


@pytest.mark.parametrize(
    ("section", "some_hidden"), [("gender", True), ("age_band", True), ("community", False)]
)
def test_no_small_group_is_shown(app, ctx, known, section, some_hidden):
    k = app.config["ANONYMITY_MIN_GROUP"]
    table = getattr(trends(dt.date.today()), section).table
    cells = [cell for row in table.rows for cell in row[1:]]
    if section != "community":
        cells = [cell for row in table.rows for cell in row[1:-1]]  # the total is public
    assert all(cell is None or cell == 0 or cell >= k for cell in cells)
    assert any(cell is None for cell in cells) == some_hidden


def test_totals_of_each_line_are_the_participants(ctx, known):
    data = trends(dt.date.today())
    assert _row(data.gender.table, f"{YEAR} · ")[-1] in (12, 4, 9)
    totals = {row[0]: row[-1] for row in data.gender.table.rows}
    assert sorted(totals.values()) == [4, 9, 12, 12]


def test_under_represented_communities_are_named(ctx, known):
    data = trends(dt.date.today(), YEAR)
    assert data.year == YEAR
    # 7 at the draft act's meeting and 9 ballots, all in Istog
    assert data.known_total == 16
    by_name = {row.community.name["sq"]: row for row in data.representation}
    assert by_name["Istog"].participants == 16
    assert by_name["Istog"].population_share == pytest.approx(0.6)
    assert not by_name["Istog"].under_represented
    assert by_name["Vrellë"].participants == 0
    assert by_name["Vrellë"].under_represented
    assert [row.community.name["sq"] for row in data.under_represented] == ["Vrellë"]


def test_a_year_with_few_known_communities_shows_no_shares(app, ctx, known):
    from consult.core.models import LocalCommunity
    from consult.extensions import db
    from consult.meetings.models import Meeting
    from tests.chair.known_data import _consultation

    istog = db.session.scalars(db.select(LocalCommunity)).first()
    act = _consultation("draft_act", "closed")
    act.planned_year = YEAR + 1
    act.notice_at, act.opens_at, act.closes_at = (dt.date(YEAR + 1, 4, d) for d in (1, 10, 30))
    db.session.add(
        Meeting(
            consultation_id=act.id,
            held_on=dt.date(YEAR + 1, 4, 20),
            place="Shkolla",
            local_community_id=istog.id,
            attendance_women=2,
        )
    )
    db.session.commit()
    data = trends(dt.date.today(), YEAR + 1)
    assert data.known_total is None
    assert all(row.participants is None and row.ratio is None for row in data.representation)
    assert not data.under_represented


def test_chair_reads_the_trends_in_every_locale(client, login, known):
    login("chair")
    for locale in LOCALES:
        response = client.get(f"/chair/participation?year={YEAR}&lang={locale}")
        assert response.status_code == 200, locale
        page = response.get_data(as_text=True)
        assert page.count('class="chart-data"') == 5
        assert page.count("<table") == 5
        assert "<script>" not in page  # no inline script: charts travel as JSON data


def test_the_dashboard_links_the_trends_and_the_annual_report(client, login, known):
    login("chair")
    page = client.get("/chair/").get_data(as_text=True)
    assert 'href="/chair/participation"' in page
    assert "/chair/annual" in page


def test_only_the_chair_and_admins_see_the_trends(client, login, known):
    assert client.get("/chair/participation").status_code in (302, 401)
    login("officer")
    assert client.get("/chair/participation").status_code == 403


def test_bad_year_shows_the_latest_year(client, login, known):
    login("chair")
    for value in ("abc", "99999999999", "-1", ""):
        assert client.get(f"/chair/participation?year={value}").status_code == 200


def test_chair_pages_carry_no_inline_script_or_style(client, login, known):
    from tests.test_security import _ActiveContent

    login("chair")
    for url in ("/chair/", f"/chair/participation?year={YEAR}", f"/chair/annual?year={YEAR}"):
        found = _ActiveContent.scan(client.get(url).get_data(as_text=True))
        assert not found.inline_scripts, url
        assert not found.style_attributes, url
        assert not found.handlers, url
