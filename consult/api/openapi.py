"""The OpenAPI 3.1 document of the open-data API, served at /api/openapi.json.

It describes exactly the routes under /api/v1 (a test checks both directions against the
app's URL map, and schemathesis checks the answers against it); change both together.
"""

from consult.api.services import (
    DATE_FIELDS,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    PUBLIC_STATUSES,
    YEARS,
)
from consult.comments.models import AUTHOR_KINDS
from consult.core.documents import MIME_TYPES
from consult.core.labels import (
    ACT_VERSION_KINDS,
    ARTICLE_CHANGES,
    BALLOT_CHANNELS,
    BUDGET_CATEGORIES,
    HEARING_AUDIENCES,
    HEARING_COMMENT_AUTHORS,
    OUTCOMES,
)
from consult.core.models import CONSULTATION_KINDS, DOCUMENT_ROLES
from consult.i18n import LOCALES
from consult.investments.models import FIRST_YEAR, INVESTMENT_STATUSES, LAST_YEAR
from consult.investments.open_data import DATE_FIELDS as INVESTMENT_DATE_FIELDS
from consult.investments.register import MUNICIPALITY_WIDE

_DATE_OR_NULL = {"type": ["string", "null"], "format": "date"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    required = [name for name in properties if name not in optional]
    return {"type": "object", "properties": properties, "required": required}


_TRANSLATED = {
    "type": "object",
    "description": "The text in each locale that has it; Serbian in Latin (sr_Latn) and "
    "Cyrillic (sr) script.",
    "propertyNames": {"enum": list(LOCALES)},
    "additionalProperties": {"type": "string"},
}

_DIRECTORATE = _object(
    {"id": {"type": "integer"}, "code": {"type": "string"}, "name": _ref("Translated")}
)

_MUNICIPALITY_SLUG = {
    "type": "string",
    "description": "The municipality's short name (slug), e.g. istog",
}

_SUMMARY_PROPERTIES = {
    "id": {"type": "integer"},
    "municipality": _MUNICIPALITY_SLUG,
    "kind": {"enum": list(CONSULTATION_KINDS)},
    "status": {"enum": list(PUBLIC_STATUSES)},
    "planned_year": {"type": ["integer", "null"], "description": "Year of the annual plan"},
    "title": _ref("Translated"),
    "summary": _ref("Translated"),
    "directorate": {"anyOf": [_ref("Directorate"), {"type": "null"}]},
    "dates": _object(dict.fromkeys(DATE_FIELDS, _DATE_OR_NULL)),
    "url": {"type": "string", "format": "uri", "description": "This consultation in the API"},
    "page_url": {"type": "string", "format": "uri", "description": "The public web page"},
}

_DOCUMENT = _object(
    {
        "id": {"type": "integer"},
        "title": _ref("Translated"),
        "role": {"enum": list(DOCUMENT_ROLES)},
        "file_type": {"enum": list(MIME_TYPES)},
        "size_bytes": {"type": "integer", "minimum": 1},
        "url": {"type": "string", "format": "uri", "description": "Download address"},
    }
)

_DETAIL = _object(
    {
        **_SUMMARY_PROPERTIES,
        "body": _ref("Translated"),
        "contact": {
            **_object(
                {
                    "name": {"type": "string"},
                    "email": {"type": "string"},
                    "phone": {"type": "string"},
                }
            ),
            "description": "The contact official named in the announcement (MS-ANNOUNCE)",
        },
        "documents": {"type": "array", "items": _ref("Document")},
    }
)

_PAGE = _object(
    {
        "total": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        "offset": {"type": "integer", "minimum": 0},
        "next": {"type": ["string", "null"], "format": "uri"},
        "items": {"type": "array", "items": _ref("ConsultationSummary")},
    }
)

_ERROR = _object(
    {
        "error": {"type": "string", "description": "A stable code, e.g. bad_parameter"},
        "message": {"type": "string", "description": "What went wrong, in the reader's language"},
        "parameter": {"type": "string", "description": "The query parameter refused"},
    },
    optional=("parameter",),
)

_LOCAL_COMMUNITY = _object(
    {
        "id": {"type": "integer"},
        "name": _ref("Translated"),
        "population": {"type": "integer", "minimum": 0, "description": "At the last census"},
    }
)


_COUNT = {"type": "integer", "minimum": 0}
#: an amount of money: whole in polls of this platform, with decimals in some imported files
_AMOUNT = {"type": "number", "minimum": 0}
_HIDDEN_COUNT = {
    "type": ["integer", "null"],
    "minimum": 0,
    "description": "null where hidden: a group under the small-group threshold",
}
_OUTCOME = {"enum": [*OUTCOMES, None]}
_OUTCOMES = _object(dict.fromkeys((*OUTCOMES, "unanswered"), _COUNT))
_ARTICLE = {
    "anyOf": [
        _object({"number": {"type": "integer"}, "heading": _ref("Translated")}),
        {"type": "null"},
    ],
    "description": "The article commented on; null for the act as a whole",
}
_BUDGET_LINE = {
    "anyOf": [
        _object(
            {
                "directorate": {"type": "string", "description": "Directorate code"},
                "programme": {
                    "type": "string",
                    "description": "The programme as the finance directorate's file names it",
                },
                "programme_name": _ref("Translated"),
                "category": {"enum": list(BUDGET_CATEGORIES)},
            }
        ),
        {"type": "null"},
    ],
    "description": "The budget line commented on; null for the budget as a whole",
}
_LANGUAGE = {"type": "string", "description": "The locale the author wrote in"}
_DAY = {"type": "string", "format": "date"}
_COMMUNITY_ID = {"type": ["integer", "null"], "description": "A local community's id"}

_COMMENT_IDS = {
    "type": "array",
    "items": {"type": "integer"},
    "description": "The ids of the report's comments that led to the change",
}
_LINEAGE = {
    "type": "integer",
    "minimum": 1,
    "description": "The same article in every version, whatever its number",
}
_ACT_VERSION = _object(
    {
        "number": {"type": "integer", "minimum": 1},
        "kind": {
            "enum": list(ACT_VERSION_KINDS),
            "description": "consulted (the draft put to consultation), revised (a revised "
            "draft published after it closed) or adopted (the text the Assembly adopted)",
        },
        "published_on": _DAY,
        "adopted_on": {**_DATE_OR_NULL, "description": "The day of the Assembly's decision"},
        "decision_number": {"type": ["string", "null"], "description": "The decision's number"},
        "url": {"type": "string", "format": "uri", "description": "The version's public page"},
        "pdf_url": {
            "type": ["string", "null"],
            "format": "uri",
            "description": "The adopted text as the Assembly's PDF, where one is attached",
        },
        "articles": {
            "type": "array",
            "items": _object(
                {
                    "lineage": _LINEAGE,
                    "number": {"type": "integer", "minimum": 1},
                    "heading": _ref("Translated"),
                    "text": _ref("Translated"),
                    "change": {
                        "enum": [*ARTICLE_CHANGES, None],
                        "description": "From the version before; null in the first version",
                    },
                    "comments": _COMMENT_IDS,
                }
            ),
        },
        "removed": {
            "type": "array",
            "description": "The articles of the version before that this version removes",
            "items": _object(
                {
                    "lineage": _LINEAGE,
                    "number": {"type": "integer", "minimum": 1},
                    "comments": _COMMENT_IDS,
                }
            ),
        },
    }
)

_DRAFT_ACT_REPORT = _object(
    {
        "consultation_id": {"type": "integer"},
        "kind": {"const": "draft_act"},
        "published_on": _DATE_OR_NULL,
        "outcomes": _ref("Outcomes"),
        "comments": {
            "type": "array",
            "items": _object(
                {
                    "id": {"type": "integer"},
                    "article": _ARTICLE,
                    "author_kind": {"enum": list(AUTHOR_KINDS)},
                    "author": {
                        "type": ["string", "null"],
                        "description": "An organisation, or a person who agreed to be named",
                    },
                    "language": _LANGUAGE,
                    "text": {"type": "string"},
                    "outcome": _OUTCOME,
                    "reason": _ref("Translated"),
                }
            ),
        },
        "versions": {
            "type": "array",
            "items": _ref("ActVersion"),
            "description": "The act's published versions in order (empty until a revised draft "
            "is prepared)",
        },
    }
)

_HEARING_REPORT = _object(
    {
        "consultation_id": {"type": "integer"},
        "kind": {"const": "budget_hearing"},
        "budget_year": {"type": "integer"},
        "published_on": _DAY,
        "attendance": _object(dict.fromkeys(("women", "men", "other"), _COUNT)),
        "meetings": {
            "type": "array",
            "items": _object(
                {
                    "held_on": _DAY,
                    "audience": {"enum": list(HEARING_AUDIENCES)},
                    "local_community_id": _COMMUNITY_ID,
                    "women": _COUNT,
                    "men": _COUNT,
                    "other": _COUNT,
                }
            ),
        },
        "outcomes": _ref("Outcomes"),
        "comments": {
            "type": "array",
            "items": _object(
                {
                    "budget_line": _BUDGET_LINE,
                    "author_kind": {"enum": list(HEARING_COMMENT_AUTHORS)},
                    "language": _LANGUAGE,
                    "text": {"type": "string"},
                    "outcome": _OUTCOME,
                    "reason": _ref("Translated"),
                }
            ),
        },
        "proposals": {
            "type": "array",
            "items": _object(
                {
                    "title": {"type": "string"},
                    "local_community_id": _COMMUNITY_ID,
                    "estimated_cents": {"type": "integer"},
                    "language": _LANGUAGE,
                    "outcome": _OUTCOME,
                    "reason": _ref("Translated"),
                }
            ),
        },
    }
)

_BY_CHANNEL = {
    "type": "object",
    "propertyNames": {"enum": list(BALLOT_CHANNELS)},
    "additionalProperties": _HIDDEN_COUNT,
}

_POLL_RESULTS = _object(
    {
        "consultation_id": {"type": "integer"},
        "kind": {"const": "capital_poll"},
        "rule": {"type": "string", "description": "The counting rule of the poll"},
        "budget": _AMOUNT,
        "currency": {"type": "string"},
        "ballots": _COUNT,
        "ballots_by_channel": _BY_CHANNEL,
        "spent": _AMOUNT,
        "projects": {
            "type": "array",
            "items": _object(
                {
                    "code": {"type": "string"},
                    "title": _ref("Translated"),
                    "cost": _AMOUNT,
                    "local_community_id": _COMMUNITY_ID,
                    "votes": _COUNT,
                    "support": {"type": "number"},
                    "votes_by_channel": _BY_CHANNEL,
                    "selected": {"type": "boolean"},
                }
            ),
        },
    }
)

_SURVEY_RESULTS = _object(
    {
        "consultation_id": {"type": "integer"},
        "kind": {"const": "survey"},
        "year": {"type": "integer"},
        "respondents": _HIDDEN_COUNT,
        "hidden": {
            "type": "boolean",
            "description": "true when the survey has fewer responses than the threshold",
        },
        "questions": {
            "type": "array",
            "items": _object(
                {
                    "key": {"type": "string"},
                    "type": {"type": "string"},
                    "text": _ref("Translated"),
                    "answered": _HIDDEN_COUNT,
                    "hidden": {"type": "boolean"},
                    "answers": {
                        "type": "array",
                        "items": _object(
                            {
                                "item": {
                                    "type": "string",
                                    "description": "A statement or option; empty if none",
                                },
                                "answer": {
                                    "type": "string",
                                    "description": "An answer code, or mean_rank",
                                },
                                "value": {
                                    "type": ["number", "null"],
                                    "description": "A count (null where hidden) or a mean rank",
                                },
                            }
                        ),
                    },
                }
            ),
        },
    }
)

_PUBLISHED_ITEM = _object(
    {
        "consultation_id": {"type": "integer"},
        "municipality": _MUNICIPALITY_SLUG,
        "kind": {"enum": list(CONSULTATION_KINDS)},
        "type": {"enum": ["report", "results"]},
        "url": {"type": "string", "format": "uri"},
        "csv_url": {"type": "string", "format": "uri"},
    }
)


_INVESTMENT_STATUS = {
    "enum": list(INVESTMENT_STATUSES),
    "description": "planned, procurement (in procurement), construction (under construction), "
    "completed or cancelled",
}
_URI = {"type": "string", "format": "uri"}
_INVESTMENT_PROPERTIES = {
    "id": {"type": "integer"},
    "title": _ref("Translated"),
    "local_community_id": {
        "type": ["integer", "null"],
        "description": "A local community's id; null for the whole municipality",
    },
    "directorate_id": {
        "type": ["integer", "null"],
        "description": "The directorate that carries it out, if one does",
    },
    "year_start": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    "year_end": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    "status": _INVESTMENT_STATUS,
    "progress": {"type": "integer", "minimum": 0, "maximum": 100, "description": "Per cent"},
    "dates": _object(dict.fromkeys(INVESTMENT_DATE_FIELDS, _DATE_OR_NULL)),
    "budget": _AMOUNT,
    "spent": {**_AMOUNT, "description": "Spent so far"},
    "currency": {"const": "EUR"},
    "consultation_id": {
        "type": ["integer", "null"],
        "description": "The published consultation (a poll, a budget hearing) it came from",
    },
    "consultation_url": {
        "type": ["string", "null"],
        "format": "uri",
        "description": "That consultation's public page",
    },
    "url": {**_URI, "description": "This project in the API"},
    "page_url": {**_URI, "description": "The project's public page"},
}

_INVESTMENT_DETAIL = _object(
    {
        **_INVESTMENT_PROPERTIES,
        "description": _ref("Translated"),
        "cancel_reason": {
            **_ref("Translated"),
            "description": "Why it was cancelled (empty unless cancelled)",
        },
        "history": {
            "type": "array",
            "items": _object(
                {
                    "changed_on": _DAY,
                    "from_status": _INVESTMENT_STATUS,
                    "to_status": _INVESTMENT_STATUS,
                    "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                    "note": _ref("Translated"),
                }
            ),
        },
        "photos": {
            "type": "array",
            "items": _object(
                {
                    "url": _URI,
                    "alt": {**_ref("Translated"), "description": "What the photo shows"},
                    "media_type": {"enum": ["image/jpeg", "image/png"]},
                }
            ),
        },
    }
)

_INVESTMENT_LIST = _object(
    {
        "totals": _object(
            {
                "count": _COUNT,
                "budget": _AMOUNT,
                "spent": _AMOUNT,
                "by_status": _object(dict.fromkeys(INVESTMENT_STATUSES, _COUNT)),
            }
        ),
        "total": {"type": "integer", "minimum": 0, "description": "Projects the filters select"},
        "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        "offset": {"type": "integer", "minimum": 0},
        "next": {"type": ["string", "null"], "format": "uri"},
        "items": {"type": "array", "items": _ref("InvestmentSummary")},
    }
)


def _list_of(schema: str) -> dict:
    return _object({"items": {"type": "array", "items": _ref(schema)}})


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


_FILTERS = [
    _query("kind", {"enum": list(CONSULTATION_KINDS)}, "Only consultations of this kind"),
    _query(
        "directorate",
        {"type": "integer", "minimum": 1, "maximum": 10**9 - 1},
        "Only consultations of the directorate with this id",
    ),
    _query(
        "year",
        {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
        "Only consultations of this year's annual plan",
    ),
    _query("status", {"enum": list(PUBLIC_STATUSES)}, "Only consultations in this status"),
]


def _paging(what: str, order: str) -> list[dict]:
    """The `limit` and `offset` parameters of a list that comes a page at a time."""
    return [
        _query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            f"How many {what} to return",
        ),
        _query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            f"How many to skip ({order})",
        ),
    ]


_PAGING = _paging("consultations", "ordered by id")


def _json(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _csv(description: str) -> dict:
    return {"description": description, "content": {"text/csv": {"schema": {"type": "string"}}}}


_INVESTMENT_PAGING = _paging("projects", "latest years first, as the register lists them")

_INVESTMENT_FILTERS = [
    _query(
        "year",
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        "Only projects that run in this year",
    ),
    _query(
        "local_community",
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 10**9 - 1},
                {"const": MUNICIPALITY_WIDE},
            ]
        },
        f"Only projects of the local community with this id ({MUNICIPALITY_WIDE}: those of the "
        "whole municipality)",
    ),
    _query("status", _INVESTMENT_STATUS, "Only projects in this status"),
]

_BAD_PARAMETER = _json("A query parameter is missing its format or out of range", "Error")
_NOT_FOUND = _json("No published consultation has this id", "Error")


_MUNICIPALITY = _query(
    "municipality",
    {"type": "string", "pattern": "^[a-z][a-z0-9-]{1,39}$"},
    "The municipality whose data to read, by its short name (slug); without it, the "
    "municipality this host serves. An unknown one is a 400.",
)


def _get(operation_id: str, summary: str, responses: dict, parameters: list) -> dict:
    """One operation; every one takes `municipality` and may refuse it (400)."""
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["open data"],
            "parameters": [*parameters, _MUNICIPALITY],
            "responses": {"400": _BAD_PARAMETER} | responses,
        }
    }


_CONSULTATION_ID = [
    {
        "name": "consultation_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
]
_NO_REPORT = _json("No published consultation with a published report has this id", "Error")
_NO_RESULTS = _json("No published consultation with published results has this id", "Error")
_TOO_MANY = _json("Too many downloads from this address in a minute", "Error")

_PATHS = {
    "/api/v1/consultations": _get(
        "listConsultations",
        "Published consultations, filtered and a page at a time",
        {"200": _json("A page of consultations", "ConsultationPage"), "400": _BAD_PARAMETER},
        _FILTERS + _PAGING,
    ),
    "/api/v1/consultations.csv": _get(
        "downloadConsultationsCsv",
        "Every published consultation matching the filters, as CSV (the download is logged)",
        {
            "200": {
                "description": "UTF-8 CSV with a byte-order mark; one row per consultation",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            },
            "400": _BAD_PARAMETER,
            "429": _json("Too many downloads from this address in a minute", "Error"),
        },
        _FILTERS,
    ),
    "/api/v1/consultations/{consultation_id}": _get(
        "getConsultation",
        "One published consultation with its texts, contact official and documents",
        {"200": _json("The consultation", "ConsultationDetail"), "404": _NOT_FOUND},
        [
            {
                "name": "consultation_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            }
        ],
    ),
    "/api/v1/published": _get(
        "listPublished",
        "Every published report and every published aggregate result",
        {"200": _json("Where to read each report and result", "PublishedList")},
        [],
    ),
    "/api/v1/consultations/{consultation_id}/report": _get(
        "getReport",
        "The published report of a draft act (final report) or a budget hearing",
        {"200": _json("The report", "Report"), "404": _NO_REPORT},
        _CONSULTATION_ID,
    ),
    "/api/v1/consultations/{consultation_id}/report.csv": _get(
        "downloadReportCsv",
        "The comments of a published report with their answers, as CSV (the download is logged)",
        {
            "200": _csv("UTF-8 CSV with a byte-order mark; one row per comment"),
            "404": _NO_REPORT,
            "429": _TOO_MANY,
        },
        _CONSULTATION_ID,
    ),
    "/api/v1/consultations/{consultation_id}/results": _get(
        "getResults",
        "Aggregate results of a poll whose voting has ended or of a survey whose report is "
        "published; nothing under the small-group threshold, never single responses",
        {"200": _json("The results", "Results"), "404": _NO_RESULTS},
        _CONSULTATION_ID,
    ),
    "/api/v1/consultations/{consultation_id}/results.csv": _get(
        "downloadResultsCsv",
        "The aggregate results as CSV; a hidden figure is an empty cell (the download is logged)",
        {
            "200": _csv("UTF-8 CSV with a byte-order mark"),
            "404": _NO_RESULTS,
            "429": _TOO_MANY,
        },
        _CONSULTATION_ID,
    ),
    "/api/v1/investments": _get(
        "listInvestments",
        "The register of capital investments, filtered, with its totals",
        {
            "200": _json("A page of the projects, and the totals of all", "InvestmentList"),
            "400": _BAD_PARAMETER,
        },
        _INVESTMENT_FILTERS + _INVESTMENT_PAGING,
    ),
    "/api/v1/investments/{investment_id}": _get(
        "getInvestment",
        "One capital project with its history of status changes and its photos",
        {
            "200": _json("The project", "InvestmentDetail"),
            "404": _json("No capital project has this id", "Error"),
        },
        [
            {
                "name": "investment_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            }
        ],
    ),
    "/api/v1/directorates": _get(
        "listDirectorates",
        "The municipality's directorates",
        {"200": _json("Every directorate", "DirectorateList")},
        [],
    ),
    "/api/v1/local-communities": _get(
        "listLocalCommunities",
        "The municipality's local communities with their census population",
        {"200": _json("Every local community", "LocalCommunityList")},
        [],
    ),
}


def openapi_document() -> dict:
    """The OpenAPI 3.1 document as a dict, ready for `jsonify`."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Public consultations: open data",
            "version": "1.0.0",
            "description": "Read-only data about the municipality's published public "
            "consultations. No personal data of participants, no raw survey answers.",
        },
        "paths": _PATHS,
        "components": {
            "schemas": {
                "Translated": _TRANSLATED,
                "Directorate": _DIRECTORATE,
                "DirectorateList": _list_of("Directorate"),
                "LocalCommunity": _LOCAL_COMMUNITY,
                "LocalCommunityList": _list_of("LocalCommunity"),
                "ConsultationSummary": _object(_SUMMARY_PROPERTIES),
                "ConsultationDetail": _DETAIL,
                "ConsultationPage": _PAGE,
                "Document": _DOCUMENT,
                "Error": _ERROR,
                "Outcomes": _OUTCOMES,
                "ActVersion": _ACT_VERSION,
                "DraftActReport": _DRAFT_ACT_REPORT,
                "HearingReport": _HEARING_REPORT,
                "Report": {"oneOf": [_ref("DraftActReport"), _ref("HearingReport")]},
                "PollResults": _POLL_RESULTS,
                "SurveyResults": _SURVEY_RESULTS,
                "Results": {"oneOf": [_ref("PollResults"), _ref("SurveyResults")]},
                "PublishedItem": _PUBLISHED_ITEM,
                "PublishedList": _list_of("PublishedItem"),
                "InvestmentSummary": _object(_INVESTMENT_PROPERTIES),
                "InvestmentDetail": _INVESTMENT_DETAIL,
                "InvestmentList": _INVESTMENT_LIST,
            }
        },
    }
