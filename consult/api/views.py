"""Open-data routes under /api: read-only JSON and CSV, and the OpenAPI document.

Every answer, errors included, is JSON (`{"error": code, "message": text}`); a query parameter
the API cannot use is a 400, never a server error.
"""

import datetime as dt
from urllib.parse import urlsplit, urlunsplit

from flask import Response, current_app, g, jsonify, request, url_for
from werkzeug.exceptions import NotFound

from consult.api import bp, published, services
from consult.api import investments as investment_data
from consult.api.openapi import openapi_document
from consult.api.services import BadParameter
from consult.core.models import Consultation, Document
from consult.core.municipalities import current_municipality
from consult.core.profiles import current_standards
from consult.core.reports import csv_bytes, file_response
from consult.core.services import log_export
from consult.core.tenancy import serve_request
from consult.extensions import db, limiter


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    """A query parameter out of range or of the wrong type: 400 with what was wrong."""
    body = {"error": "bad_parameter", "parameter": error.parameter, "message": error.message}
    return jsonify(body), 400


@bp.before_request
def serve_the_named_municipality() -> None:
    """`?municipality=SLUG` on any open-data address: the request serves that municipality
    (its published data is as public as the one the host serves); without it, the host's."""
    named = services.municipality_named(request.args)
    if named is not None:
        serve_request(named.id)
        g.api_municipality = named


def _api_url(endpoint: str, **values) -> str:
    """An address of the API that keeps the municipality the query named."""
    named = g.get("api_municipality")
    if named is not None:
        values["municipality"] = named.slug
    return url_for(endpoint, **values, _external=True)


def _page_url_of(endpoint: str, **values) -> str:
    """A public page or file: on the named municipality's own host when it has one."""
    url = url_for(endpoint, **values, _external=True)
    named = g.get("api_municipality")
    if named is not None and named.host:
        parts = urlsplit(url)
        port = f":{parts.port}" if parts.port else ""
        url = urlunsplit(parts._replace(netloc=f"{named.host}{port}"))
    return url


# every other refusal (404, 405, 429, CSRF, 500, a busy database), including those of
# addresses under /api that match no route, is JSON too: consult.errors


@bp.after_request
def open_to_every_site(response: Response) -> Response:
    """Open data may be read by scripts on any site; nothing here uses cookies."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of the /api/v1 endpoints."""
    return jsonify(openapi_document())


def _page_url(query: services.ConsultationQuery, offset: int) -> str:
    filters = {
        "kind": query.kind,
        "directorate": query.directorate_id,
        "year": query.year,
        "status": query.status,
    }
    return _api_url("api.consultations", **filters, limit=query.limit, offset=offset)


@bp.route("/v1/consultations")
def consultations():
    """Published consultations, filtered by kind, directorate, year and status, a page at a
    time (`limit`, `offset`)."""
    query = services.parse_filters(request.args)
    total, items = services.published_consultations(query)
    following = query.offset + query.limit
    return jsonify(
        {
            "total": total,
            "limit": query.limit,
            "offset": query.offset,
            "next": _page_url(query, following) if following < total else None,
            "items": [_with_links(services.consultation_summary(c)) for c in items],
        }
    )


def _with_links(item: dict) -> dict:
    return item | {
        "url": _api_url("api.consultation", consultation_id=item["id"]),
        "page_url": _page_url_of("public.consultation", consultation_id=item["id"]),
    }


def _document_url(document: Document) -> str:
    return _page_url_of("public.document", document_id=document.id)


def _published_or_404(consultation_id: str) -> Consultation:
    """The published consultation a path names; any other text or id is a 404."""
    found = None
    if consultation_id.isascii() and consultation_id.isdigit() and len(consultation_id) < 10:
        found = services.published_consultation(int(consultation_id))
    if found is None:
        raise NotFound()
    return found


@bp.route("/v1/consultations/<consultation_id>")
def consultation(consultation_id: str):
    """One published consultation: texts in every language, dates, contact, documents."""
    found = _published_or_404(consultation_id)
    return jsonify(_with_links(services.consultation_detail(found, _document_url)))


def _export_limit() -> str:
    # every download writes an audit entry, so downloads are limited per address
    return current_app.config.get("API_EXPORT_RATE_LIMIT", "30 per minute")


@bp.route("/v1/consultations.csv")
@limiter.limit(_export_limit)
def consultations_csv():
    """The published consultations matching the filters as a CSV file (audit-logged)."""
    query = services.parse_filters(request.args, paged=False)
    rows = services.all_published_consultations(query)
    log_export("consultations_csv", "consultations", filters=query.filters(), rows=len(rows))
    db.session.commit()
    return file_response(services.consultations_csv(rows), "text/csv", "consultations.csv")


def _report_of(consultation_id: str) -> dict:
    found = _published_or_404(consultation_id)
    report = published.published_report(found, dt.date.today(), current_standards())
    if report is None:
        raise NotFound()
    return report


def _results_of(consultation_id: str) -> dict:
    found = _published_or_404(consultation_id)
    results = published.published_results(found, dt.date.today(), published.min_group())
    if results is None:
        raise NotFound()
    return results


def _logged_csv(export: str, found: dict, rows: list[list]) -> Response:
    """`rows` as a CSV download of a report or results, audit-logged as `export`."""
    consultation_id = found["consultation_id"]
    log_export(export, f"consultation:{consultation_id}", consultation_kind=found["kind"])
    db.session.commit()
    name = f"{export.removesuffix('_csv')}-{consultation_id}.csv"
    return file_response(csv_bytes(rows), "text/csv", name)


@bp.route("/v1/published")
def published_list():
    """Every published consultation that has a published report or aggregate results."""
    today, items = dt.date.today(), []
    for found in services.all_published_consultations(services.ConsultationQuery()):
        for kind, present, endpoint in (
            ("report", published.has_report(found), "api.report"),
            ("results", published.has_results(found, today), "api.results"),
        ):
            if present:
                items.append(
                    {
                        "consultation_id": found.id,
                        "municipality": current_municipality().slug,
                        "kind": found.kind,
                        "type": kind,
                        "url": _api_url(endpoint, consultation_id=found.id),
                        "csv_url": _api_url(f"{endpoint}_csv", consultation_id=found.id),
                    }
                )
    return jsonify({"items": items})


@bp.route("/v1/consultations/<consultation_id>/report")
def report(consultation_id: str):
    """The published report of a draft act or budget hearing: comments with their answers."""
    return jsonify(_report_of(consultation_id))


@bp.route("/v1/consultations/<consultation_id>/report.csv")
@limiter.limit(_export_limit)
def report_csv(consultation_id: str):
    """The comments of a published report with their answers, as CSV (audit-logged)."""
    found = _report_of(consultation_id)
    return _logged_csv("report_csv", found, published.report_rows(found))


@bp.route("/v1/consultations/<consultation_id>/results")
def results(consultation_id: str):
    """The aggregate results of a poll whose voting ended or of a survey whose report is out;
    nothing under the small-group threshold."""
    return jsonify(_results_of(consultation_id))


@bp.route("/v1/consultations/<consultation_id>/results.csv")
@limiter.limit(_export_limit)
def results_csv(consultation_id: str):
    """The aggregate results as CSV (audit-logged); a hidden figure is an empty cell."""
    found = _results_of(consultation_id)
    return _logged_csv("results_csv", found, published.results_rows(found))


@bp.route("/v1/directorates")
def directorates():
    """Every municipal directorate."""
    return jsonify({"items": services.directorates()})


@bp.route("/v1/local-communities")
def local_communities():
    """Every local community with its census population."""
    return jsonify({"items": services.local_communities()})


@bp.route("/v1/investments")
def investments():
    """The register of capital investments, filtered by year, local community and status,
    with its totals."""
    return jsonify(investment_data.investments(request.args))


@bp.route("/v1/investments/<investment_id>")
def investment(investment_id: str):
    """One capital project with its history and photos."""
    found = investment_data.investment(investment_id)
    if found is None:
        raise NotFound()
    return jsonify(found)


@bp.route("/<path:anything>")
def unknown(anything: str):
    """Any other address under /api: a JSON 404 rather than the HTML page."""
    raise NotFound()
