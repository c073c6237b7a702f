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
