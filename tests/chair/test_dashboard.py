"""The Council chair opens the dashboard: every consultation, its compliance and participation."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

import pytest

from consult.chair import services
from consult.core import reviews
from consult.core.kinds import registry
from consult.core.models import Consultation
from consult.core.providers import ParticipationSource, ReportLink
from consult.extensions import db
from consult.i18n import lazy_text as _l


@dataclass(frozen=True)
class _Finding:
    rule_id: str
    severity: str
    message: str
    due: dt.date | None = None


@pytest.fixture
def registries(app, monkeypatch):
    """The app's kinds without their chair providers for the test (restored afterwards);
    `give(kind, **providers)` gives one kind the test's own."""
    registered = registry(app)
    bare = {
        code: replace(kind, findings=None, participation=None, reports=None)
        for code, kind in registered.kinds.items()
    }
    monkeypatch.setattr(registered, "kinds", bare)

    def give(code: str, **chair_providers) -> None:
        bare[code] = replace(bare[code], **chair_providers)

    return give


def _dates(opens: dt.date, closes: dt.date) -> dict:
    return {"notice_at": opens - dt.timedelta(days=15), "opens_at": opens, "closes_at": closes}


def _submit(app, consultation_id: int, days_ago: int) -> None:
    """The consultation's report sent to the chair `days_ago` days ago."""
    at = dt.datetime.combine(dt.date.today() - dt.timedelta(days=days_ago), dt.time(10))
    with app.app_context():
        reviews.submit(db.session.get(Consultation, consultation_id), at=at)
        db.session.commit()


@pytest.fixture
def consultations(make_consultation, make_directorate):
    """A regulation planned for 2024 that ran from December 2024 into January 2025 (so it counts
    in 2025), a closed budget hearing and a draft of 2026."""
    education = make_directorate("EDU", "Drejtoria e Arsimit")
    finance = make_directorate("FIN", "Drejtoria e Financave")
    return {
        "regulation": make_consultation(
            directorate_id=education,
            planned_year=2024,
            status="closed",
            **_dates(dt.date(2024, 12, 10), dt.date(2025, 1, 20)),
        ),
        "hearing": make_consultation(
            kind="budget_hearing",
            directorate_id=finance,
            planned_year=2026,
            status="closed",
            title={"sq": "Dëgjimi buxhetor 2027", "en": "Budget hearing 2027"},
            **_dates(dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
        ),
        "draft": make_consultation(
            directorate_id=education,
            status="draft",
            planned_year=2026,
            title={"sq": "Plan i brendshëm", "en": "Internal plan"},
            **_dates(dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
        ),
        "education": education,
        "finance": finance,
    }


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/chair/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["officer", "cso"])
def test_other_roles_are_refused(client, login, role):
    login(role)
    assert client.get("/chair/").status_code == 403


@pytest.mark.parametrize("role", ["chair", "admin"])
def test_chair_and_admin_see_every_consultation_including_drafts(
    client, login, consultations, registries, role
):
    login(role)
    html = client.get("/chair/?lang=en").get_data(as_text=True)
    assert "Regulation on transparency" in html
    assert "Budget hearing 2027" in html
    assert "Internal plan" in html
    assert f'href="/consultations/{consultations["regulation"]}"' in html
    assert f'href="/consultations/{consultations["draft"]}"' not in html  # no public page
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("year=2025", ["Regulation on transparency"], ["Budget hearing 2027", "Internal plan"]),
        ("year=2024", [], ["Regulation on transparency", "Budget hearing 2027"]),
        ("year=2026", ["Budget hearing 2027", "Internal plan"], ["Regulation on transparency"]),
        ("kind=budget_hearing", ["Budget hearing 2027"], ["Regulation on transparency"]),
        ("status=draft", ["Internal plan"], ["Regulation on transparency"]),
        ("directorate={finance}", ["Budget hearing 2027"], ["Internal plan"]),
        ("year=nonsense&kind=referendum", ["Regulation on transparency", "Internal plan"], []),
        ("year=99999999999999999999&directorate=%00", ["Internal plan"], []),
    ],
)
def test_chair_filters_the_dashboard(
    client, login, consultations, registries, query, shown, hidden
):
    login("chair")
    html = client.get(f"/chair/?lang=en&{query.format(**consultations)}").get_data(as_text=True)
    for title in shown:
        assert title in html, (query, title)
    for title in hidden:
        assert title not in html, (query, title)


def test_dashboard_shows_findings_of_registered_providers(client, login, consultations, registries):
    def late_reports(items, today, standards):
        assert standards["MS_REPORT_DAYS"] == 15
        hearing = consultations["hearing"]
        return {hearing: [_Finding("MS-REPORT", "warn", _l("Report published late"), today)]}

    registries("budget_hearing", findings=late_reports)
    login("chair")

    html = client.get("/chair/?lang=en").get_data(as_text=True)
    assert "MS-REPORT" in html and "Minimum standards" in html
    assert html.count("Not checked") == 2  # the provider left the others out

    only = client.get("/chair/?lang=en&problems=1").get_data(as_text=True)
    assert "Budget hearing 2027" in only
    assert "Regulation on transparency" not in only


def test_without_finding_providers_there_is_no_compliance_column(
    client, login, consultations, registries
):
    login("chair")
    html = client.get("/chair/?lang=en").get_data(as_text=True)
    assert "Minimum standards" not in html


def test_dashboard_shows_participation_columns_of_registered_sources(
    client, login, consultations, registries
):
    asked = []

    def count(ids):
        asked.append(sorted(ids))
        return {consultations["regulation"]: {"comments": 17}}

    registries(
        "draft_act",
        participation=ParticipationSource(labels={"comments": _l("Comments")}, count=count),
    )
    login("chair")
    html = client.get("/chair/?lang=en&year=2025").get_data(as_text=True)
    assert "Comments" in html
    assert '<td class="number">17</td>' in html
    assert asked == [[consultations["regulation"]]]


def test_dashboard_lists_reports_awaiting_review(app, client, login, consultations, registries):
    """Each report waiting for the chair, with its consultation, kind, directorate and the day
    her review is due; linked to where the feature says the report is read."""
    hearing = consultations["hearing"]
    registries(
        "budget_hearing",
        reports=lambda ids: {
            hearing: ReportLink(
                hearing, _l("Hearing report"), "public.consultation", {"consultation_id": hearing}
            )
        },
    )
    _submit(app, hearing, days_ago=40)
    login("chair")
    html = client.get("/chair/?lang=en").get_data(as_text=True)
    start = html.index('id="review-heading"')
    review = html[start : html.index("</section>", start)]
    assert f'href="/consultations/{hearing}"><span lang="en">Budget hearing 2027</span>' in review
    assert "· Budget hearing ·" in review, review
    assert '<span lang="en">FIN</span>' in review
    due = dt.date.today() - dt.timedelta(days=10)
    assert f'datetime="{due.isoformat()}"' in review
    assert "Overdue" in review


def test_dashboard_links_each_consultation_to_its_report(client, login, consultations, registries):
    hearing = consultations["hearing"]
    registries(
        "budget_hearing",
        reports=lambda ids: {
            hearing: ReportLink(
                hearing, _l("Hearing report"), "public.consultation", {"consultation_id": hearing}
            )
        },
    )
    login("chair")
    html = client.get("/chair/?lang=en").get_data(as_text=True)
    assert f'<a href="/consultations/{hearing}">Hearing report</a>' in html


def test_dashboard_counts_consultations_per_year_and_kind(
    app, ctx, consultations, registries, make_consultation
):
    today = dt.date.today()
    make_consultation(planned_year=None, **_dates(today, today + dt.timedelta(days=1)))
    board = services.dashboard(services.DashboardFilter(), today, app.config["STANDARDS"])
    expected = Counter({(2026, "budget_hearing"): 1, (2026, "draft_act"): 1})
    expected[(2025, "draft_act")] += 1  # planned for 2024, closed in 2025
    expected[((today + dt.timedelta(days=1)).year, "draft_act")] += 1  # open now, no plan
    assert board.per_year_and_kind == expected
    assert board.years == sorted({year for year, _kind in expected}, reverse=True)
    assert board.open_now == 1


def test_dashboard_years_are_the_years_consultations_count_in(app, ctx, consultations):
    assert services.dashboard_years() == [2026, 2025]
    board = services.dashboard(
        services.DashboardFilter(year=2025), dt.date.today(), app.config["STANDARDS"]
    )
    assert [row.consultation.planned_year for row in board.rows] == [2024]


def test_dashboard_shows_the_year_counted_in_and_the_plan_year(
    client, login, consultations, registries
):
    login("chair")
    html = client.get("/chair/?lang=en&year=2025").get_data(as_text=True)
    assert '<option value="2025" selected>' in html
    assert '<span class="row-year">2025 (Plan 2024)</span>' in html


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_dashboard_renders_in_every_locale(client, login, consultations, registries, locale):
    login("chair")
    assert client.get(f"/chair/?lang={locale}").status_code == 200
