"""The national view and /open-data/municipalities (issue #22): each municipality's figures
are its own annual report's, computed under `serving(id)`; participants by kind go through
the small-group suppression; and the open-data API reads one municipality by its slug."""

import datetime as dt

import pytest

from consult.chair.annual import annual_report
from consult.core.profiles import current_standards
from consult.core.tenancy import serving
from consult.platform.services import national_view

TODAY = dt.date.today()
#: the year the test consultations count in (they close 20 days from today)
YEAR = (TODAY + dt.timedelta(days=20)).year


def _istog(make_consultation) -> None:
    make_consultation()
    make_consultation()
    make_consultation(kind="survey")
    make_consultation(status="draft")


def test_each_municipality_has_its_own_figures(app, ctx, make_consultation, second):
    _istog(make_consultation)
    view = national_view(YEAR, TODAY, with_drafts=True)
    istog, prizren = view.lines
    assert (istog.municipality.slug, prizren.municipality.slug) == ("istog", "prizren")
    held = {line.municipality.slug: line.report.total.consultations for line in view.lines}
    assert held == {"istog": 3, "prizren": 3}
    kinds = {item.kind: item.consultations for item in istog.report.kinds}
    assert (kinds["draft_act"], kinds["survey"], kinds["capital_poll"]) == (2, 1, 0)
    assert istog.statuses == {"open": 3, "draft": 1}
    assert national_view(YEAR, TODAY).lines[0].statuses == {"open": 3}  # the public's
    assert (istog.report.total.comments, prizren.report.total.comments) == (0, 1)
    for line in view.lines:
        with serving(line.municipality.id):
            own = annual_report(YEAR, TODAY, current_standards())
        assert line.report.compliance_rate == own.compliance_rate
        assert line.report.total.checked == own.total.checked


def test_small_groups_of_participants_are_hidden(app, ctx, second):
    prizren = national_view(YEAR, TODAY).lines[1]
    with serving(prizren.municipality.id):
        own = annual_report(YEAR, TODAY, current_standards())
    counted = {item.kind: item.participants for item in own.kinds}
    assert 0 < counted["draft_act"] < view_k(app)
    assert prizren.participants["draft_act"] is None
    assert all(prizren.participants[kind] in (None, 0) for kind in counted)


def view_k(app) -> int:
    return int(app.config["ANONYMITY_MIN_GROUP"])


def test_the_public_page_hides_them_and_shows_no_drafts(app, client, make_consultation, second):
    _istog(make_consultation)
    page = client.get(f"/open-data/municipalities?lang=en&year={YEAR}").get_data(as_text=True)
    assert "Prizren" in page and "Hidden: too few responses" in page
    assert ">Draft<" not in page
    assert 'class="chart-data"' in page  # the chart beside its table
    assert client.get("/open-data/municipalities?year=abc").status_code == 200


def test_the_api_reads_the_municipality_its_query_names(app, client, make_consultation, second):
    _istog(make_consultation)
    own = client.get("/api/v1/consultations").get_json()
    assert own["total"] == 3 and {i["municipality"] for i in own["items"]} == {"istog"}
    named = client.get("/api/v1/consultations?municipality=prizren&limit=2").get_json()
    assert named["total"] == 3
    assert sorted(i["id"] for i in named["items"]) == sorted(second["consultation_ids"])[:2]
    assert {i["municipality"] for i in named["items"]} == {"prizren"}
    assert (
        "municipality=prizren" in named["next"]
        and "municipality=prizren" in named["items"][0]["url"]
    )
    assert named["items"][0]["page_url"].startswith("http://prizren.example/")
    detail = client.get(named["items"][0]["url"].replace("http://localhost", ""))
    assert detail.status_code == 200 and detail.get_json()["municipality"] == "prizren"
    directorates = client.get("/api/v1/directorates?municipality=prizren").get_json()
    assert [d["code"] for d in directorates["items"]] == ["EDU"]
    csv = client.get("/api/v1/consultations.csv?municipality=prizren").get_data(as_text=True)
    assert len(csv.strip().splitlines()) == 4
    from_prizren = client.get(
        "/api/v1/consultations?municipality=istog", base_url="http://prizren.example"
    ).get_json()
    assert from_prizren["total"] == 3 and from_prizren["items"][0]["municipality"] == "istog"


def test_an_unknown_municipality_is_a_400(client):
    answer = client.get("/api/v1/consultations?municipality=atlantis&lang=en")
    assert answer.status_code == 400
    body = answer.get_json()
    assert body["parameter"] == "municipality" and "atlantis" in body["message"]
    twice = client.get("/api/v1/directorates?municipality=istog&municipality=istog")
    assert twice.status_code == 400


@pytest.mark.parametrize("slug", ["%00", "istog%00", "IST%C3%96G", "x" * 300, "istog'--"])
def test_a_slug_no_municipality_could_have_is_a_400_on_every_database(client, slug):
    """PostgreSQL refuses a NUL in a text parameter: such a slug must never reach it."""
    for address in ("/api/v1/local-communities", "/api/v1/published", "/api/v1/directorates"):
        answer = client.get(f"{address}?municipality={slug}")
        assert answer.status_code == 400, (address, slug)
        assert answer.get_json()["parameter"] == "municipality"


def test_the_openapi_document_describes_the_parameter(client):
    document = client.get("/api/openapi.json").get_json()
    for path, operations in document["paths"].items():
        names = [p["name"] for p in operations["get"]["parameters"]]
        assert "municipality" in names, path
        assert "400" in operations["get"]["responses"], path
    summary = document["components"]["schemas"]["ConsultationSummary"]
    assert "municipality" in summary["required"]


def test_a_worker_keeps_the_figures_for_a_few_minutes(app, ctx, client, make_consultation, second):
    """NATIONAL_VIEW_SECONDS: the yearly figures are counted once per municipality and kept;
    a new consultation shows once they are older than that (the statuses are counted live)."""
    import consult.platform.services as services

    app.config["NATIONAL_VIEW_SECONDS"] = 300
    clock = [1000.0]
    counted = []
    real_report = services.annual_report
    monkey = pytest.MonkeyPatch()
    monkey.setattr(services, "_clock", lambda: clock[0])
    monkey.setattr(services, "annual_report", lambda *a: counted.append(a) or real_report(*a))
    try:
        first = national_view(YEAR, TODAY)
        assert len(counted) == 2  # one annual report per municipality
        make_consultation()
        clock[0] += 299
        again = national_view(YEAR, TODAY)
        assert len(counted) == 2
        assert [line.report.total.consultations for line in again.lines] == [
            line.report.total.consultations for line in first.lines
        ]
        assert again.lines[0].report.consultations == []  # no rows kept, figures only
        page = client.get(f"/open-data/municipalities?lang=en&year={YEAR}").get_data(as_text=True)
        assert "may be up to 5 minutes old" in page
        clock[0] += 2
        later = national_view(YEAR, TODAY)
        assert len(counted) == 4
        istog = first.lines[0].report.total.consultations
        assert later.lines[0].report.total.consultations == istog + 1
        assert len(app.extensions["national_view_figures"]) == 2  # the older ones dropped
    finally:
        monkey.undo()
        app.config["NATIONAL_VIEW_SECONDS"] = 0
        app.extensions.pop("national_view_figures")


def test_figures_are_counted_at_once_when_nothing_is_kept(
    app, ctx, client, make_consultation, second
):
    app.config["NATIONAL_VIEW_SECONDS"] = 0
    before = national_view(YEAR, TODAY).lines[0].report.total.consultations
    make_consultation()
    assert national_view(YEAR, TODAY).lines[0].report.total.consultations == before + 1
    assert (
        "national_view_figures" not in app.extensions or not app.extensions["national_view_figures"]
    )
    page = client.get("/open-data/municipalities?lang=en").get_data(as_text=True)
    assert "may be up to" not in page


def test_the_years_are_read_in_one_query_across_municipalities(app, ctx, second):
    from sqlalchemy import event

    from consult.extensions import db
    from consult.platform.services import national_years

    statements = []
    engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        years = national_years(TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert YEAR in years and years == sorted(years, reverse=True)
    assert len([s for s in statements if "FROM consultations" in s]) == 1
