"""Open data: published consultations as plain JSON-ready dicts and CSV, and the export log.

Only what the announcement already shows the public leaves through here: the translated texts,
dates, directorate, documents and the contact official (MS-ANNOUNCE). Drafts, raw survey
responses and ballots, and anything about the people who took part never do.

Every export is audit-logged (DP-BREACH). A feature that offers a download (a report as PDF,
XLSX or CSV, aggregate results) calls, in its view, before it returns the file::

    from consult.core.services import log_export

    log_export("report_pdf", f"consultation:{consultation.id}", locale=locale)

and the view commits as usual; the entry says who (the signed-in user, or nobody for a member
of the public), what and when — never an IP address.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from consult.core.kinds import kind_labels
from consult.core.models import (
    CONSULTATION_STATUSES,
    Consultation,
    Directorate,
    Document,
    LocalCommunity,
)
from consult.core.municipalities import SLUG, Municipality, current_municipality
from consult.core.open_data import translations
from consult.extensions import db
from consult.i18n import LOCALES
from consult.i18n import lazy_text as _l

#: statuses a reader of the open data can see and filter by (drafts are never published)
PUBLIC_STATUSES = tuple(status for status in CONSULTATION_STATUSES if status != "draft")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
#: a bound far above any real list, so a huge offset is refused instead of reaching SQL
MAX_OFFSET = 100_000
YEARS = (1900, 2200)
#: the lifecycle dates every consultation carries, in order
DATE_FIELDS = ("notice_at", "opens_at", "closes_at", "report_due_at", "report_published_at")
_DIGITS = re.compile(r"[0-9]{1,9}")


class BadParameter(ValueError):
    """A query parameter the API cannot use; `message` says why in the reader's language."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class ConsultationQuery:
    """Filters and page of a request for published consultations."""

    kind: str | None = None
    directorate_id: int | None = None
    year: int | None = None
    status: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def filters(self) -> dict:
        """The filters that were given, without the page."""
        names = ("kind", "directorate_id", "year", "status")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


def _single(args: MultiDict, name: str) -> str | None:
    values = args.getlist(name)
    if len(values) > 1:
        raise BadParameter(name, str(_l("Give this parameter only once.")))
    return values[0] if values and values[0] else None


def _integer(args: MultiDict, name: str, low: int, high: int) -> int | None:
    raw = _single(args, name)
    if raw is None:
        return None
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadParameter(
            name, str(_l("Give a whole number from %(low)s to %(high)s.", low=low, high=high))
        )
    return int(raw)


def _choice(args: MultiDict, name: str, choices: tuple[str, ...]) -> str | None:
    raw = _single(args, name)
    if raw is not None and raw not in choices:
        raise BadParameter(name, str(_l("Use one of: %(choices)s.", choices=", ".join(choices))))
    return raw


def municipality_named(args: MultiDict) -> Municipality | None:
    """The municipality `?municipality=SLUG` names (None when the query names none); an
    unknown slug is refused."""
    slug = _single(args, "municipality")
    if slug is None:
        return None
    found = None
    if SLUG.fullmatch(slug):  # no other text reaches the database (PostgreSQL refuses NUL)
        found = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    if found is None:
        raise BadParameter(
            "municipality",
            str(_l("There is no municipality %(slug)s on this platform.", slug=slug)),
        )
    return found


def parse_filters(args: MultiDict, paged: bool = True) -> ConsultationQuery:
    """The filters (and, if `paged`, limit and offset) in `args`; raises BadParameter."""
    limit = _integer(args, "limit", 1, MAX_LIMIT) if paged else None
    offset = _integer(args, "offset", 0, MAX_OFFSET) if paged else None
    return ConsultationQuery(
        kind=_choice(args, "kind", tuple(kind_labels())),
        directorate_id=_integer(args, "directorate", 1, 10**9 - 1),
        year=_integer(args, "year", *YEARS),
        status=_choice(args, "status", PUBLIC_STATUSES),
        limit=limit or DEFAULT_LIMIT,
        offset=offset or 0,
    )


def _published(query: ConsultationQuery) -> Select:
    statement = (
        select(Consultation)
        .where(Consultation.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Consultation.directorate))
    )
    if query.kind:
        statement = statement.where(Consultation.kind == query.kind)
    if query.directorate_id:
        statement = statement.where(Consultation.directorate_id == query.directorate_id)
    if query.year:
        statement = statement.where(Consultation.planned_year == query.year)
    if query.status:
        statement = statement.where(Consultation.status == query.status)
    return statement


def published_consultations(query: ConsultationQuery) -> tuple[int, list[Consultation]]:
    """How many published consultations match `query`, and the page of them it asks for."""
    statement = _published(query)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    page = statement.order_by(Consultation.id).limit(query.limit).offset(query.offset)
    return total, list(db.session.scalars(page))


def all_published_consultations(query: ConsultationQuery) -> list[Consultation]:
    """Every published consultation matching `query`'s filters (no paging), for CSV."""
    return list(db.session.scalars(_published(query).order_by(Consultation.id)))


def published_consultation(consultation_id: int) -> Consultation | None:
    """The consultation with this id if it is published, else None."""
    consultation = db.session.get(Consultation, consultation_id)
    return consultation if consultation is not None and consultation.is_public else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _directorate(directorate: Directorate | None) -> dict | None:
    if directorate is None:
        return None
    return {"id": directorate.id, "code": directorate.code, "name": translations(directorate.name)}


def consultation_summary(consultation: Consultation) -> dict:
    """What the list of consultations says about one of them."""
    return {
        "id": consultation.id,
        "municipality": current_municipality().slug,
        "kind": consultation.kind,
        "status": consultation.status,
        "planned_year": consultation.planned_year,
        "title": translations(consultation.title),
        "summary": translations(consultation.summary),
        "directorate": _directorate(consultation.directorate),
        "dates": {name: _day(getattr(consultation, name)) for name in DATE_FIELDS},
    }


def consultation_detail(
    consultation: Consultation, document_url: Callable[[Document], str]
) -> dict:
    """The whole announcement of `consultation`; `document_url` gives each file's address."""
    return consultation_summary(consultation) | {
        "body": translations(consultation.body),
        "contact": {
            "name": consultation.contact_name,
            "email": consultation.contact_email,
            "phone": consultation.contact_phone,
        },
        "documents": [
            {
                "id": document.id,
                "title": translations(document.title),
                "role": document.role,
                "file_type": document.file_type,
                "size_bytes": document.size_bytes,
                "url": document_url(document),
            }
            for document in consultation.documents
        ],
    }


def directorates() -> list[dict]:
    """Every directorate: id, code and translated name."""
    rows = db.session.scalars(select(Directorate).order_by(Directorate.code))
    return [_directorate(row) for row in rows]


def local_communities() -> list[dict]:
    """Every local community with its translated name and census population."""
    rows = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id))
    return [
        {"id": row.id, "name": translations(row.name), "population": row.population} for row in rows
    ]


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def consultations_csv(consultations: list[Consultation]) -> str:
    """One row per consultation with its title in every locale, as UTF-8 CSV text (with BOM,
    so spreadsheets read Albanian and Cyrillic letters correctly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    titles = [f"title_{locale}" for locale in LOCALES]
    writer.writerow(
        ["id", "kind", "status", "planned_year", "directorate_code", *titles, *DATE_FIELDS]
    )
    for item in consultations:
        title = translations(item.title)
        writer.writerow(
            [
                _cell(value)
                for value in (
                    item.id,
                    item.kind,
                    item.status,
                    item.planned_year,
                    item.directorate.code if item.directorate else "",
                    *(title.get(locale, "") for locale in LOCALES),
                    *(_day(getattr(item, name)) for name in DATE_FIELDS),
                )
            ]
        )
    return "\ufeff" + out.getvalue()
