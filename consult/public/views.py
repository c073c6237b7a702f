"""Home page, consultation detail and document downloads."""

import datetime as dt
from pathlib import Path

from flask import Response, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from consult.core.documents import MIME_TYPES
from consult.core.kinds import kind_labels
from consult.core.models import Consultation, Directorate, Document
from consult.core.reports import stored_file_response
from consult.core.services import (
    ConsultationFilter,
    archived_consultations,
    consultation_years,
    published_outcomes,
    stage_on,
)
from consult.extensions import db, limiter
from consult.i18n import current_locale, localize
from consult.identity import municipality_colours, municipality_logo
from consult.public import (
    announcement,  # noqa: F401  its template global: a consultation's announcement
    bp,
    feeds,  # noqa: F401  its routes: the Atom feeds
    home_cache,
)
from consult.public.sharing import notices_response, poster_response, preview_png
from consult.public.styleguide import sample_consultations, sample_form
from consult.templating import date_text, municipality_name


def _bounded(value: int | None) -> int | None:
    return value if value is not None and 0 < value < 2**31 else None


def _filters_from_request() -> ConsultationFilter:
    kind = request.args.get("kind")
    return ConsultationFilter(
        kind=kind if kind in kind_labels() else None,
        directorate_id=_bounded(request.args.get("directorate", type=int)),
        year=_bounded(request.args.get("year", type=int)),
    )


@bp.route("/")
def home():
    """Open, upcoming and recently closed consultations, with filters."""
    content = home_cache.home_content(_filters_from_request(), dt.date.today())
    return render_template("public/home.html", content=content)


@bp.route("/archive")
def archive():
    """Closed consultations of every year, newest first, with what each produced."""
    filters = _filters_from_request()
    today = dt.date.today()
    page = _bounded(request.args.get("page", type=int)) or 1
    years = archived_consultations(filters, today, page)
    ids = [c.id for year in years for c in year.consultations]
    directorates = db.session.scalars(select(Directorate).order_by(Directorate.code)).all()
    return render_template(
        "public/archive.html",
        years=years,
        outcomes=published_outcomes(ids, today),
        filters=filters,
        directorates=directorates,
        all_years=consultation_years(),
        kinds=list(kind_labels()),
    )


def _public_consultation(consultation_id: int, options: tuple = ()) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id, options=options)
    if consultation is None or not consultation.is_public:
        abort(404)
    return consultation


@bp.route("/consultations/<int:consultation_id>")
def consultation(consultation_id: int):
    """A consultation's announcement: translated text, dates, documents and contact."""
    # what the page reads of it at every request, loaded with it; its body and documents only
    # when the worker renders its announcement again (consult/public/announcement.py)
    item = _public_consultation(
        consultation_id,
        options=(joinedload(Consultation.directorate), defer(Consultation.body)),
    )
    return render_template(
        "public/consultation.html", consultation=item, stage=stage_on(item, dt.date.today())
    )


@bp.route("/documents/<int:document_id>")
def document(document_id: int):
    """Download a document of a published consultation."""
    item = db.session.get(Document, document_id)
    if item is None or not item.consultation.is_public:
        abort(404)
    path = Path(current_app.config["UPLOAD_FOLDER"]) / item.stored_name
    if not path.is_file():
        abort(404)
    return stored_file_response(path, MIME_TYPES[item.file_type], item.original_name)


@bp.route("/styleguide")
def styleguide():
    """Every macro of the design system with sample data, in the reader's language: for an
    administrator, or for anyone when the app runs in debug mode; otherwise it does not exist."""
    is_admin = current_user.is_authenticated and current_user.role == "admin"
    if not (current_app.debug or is_admin):
        abort(404)
    today = dt.date.today()
    return render_template(
        "public/styleguide.html",
        form=sample_form(),
        samples=sample_consultations(today),
        today=today,
    )


@bp.route("/privacy")
def privacy():
    """What is kept of each way of taking part, and for how long (the retention settings)."""
    config = current_app.config
    return render_template(
        "public/privacy.html",
        months=config["DATA_RETENTION_MONTHS"],
        smallest_group=config["ANONYMITY_MIN_GROUP"],
    )


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement: the standard aimed at, what is known not to meet it, and
    whom to tell."""
    reviewed = current_app.config["ACCESSIBILITY_REVIEWED_ON"]
    return render_template("public/accessibility.html", reviewed=reviewed)


@bp.route("/brand.css")
def brand_css():
    """The municipality's colours (its own, or `BRAND_COLOUR`; checked when set) as a
    stylesheet after the site's own: a file, since the Content-Security-Policy allows no inline
    style."""
    colours = municipality_colours()
    css = (
        f":root {{ --colour-primary: {colours['primary']}; "
        f"--colour-primary-dark: {colours['primary_dark']}; }}\n"
    )
    response = Response(css, mimetype="text/css")
    response.cache_control.max_age = 3600
    response.cache_control.public = True
    return response


@bp.route("/logo")
def logo():
    """The municipality's logo (checked at start-up); 404 when it has none. An SVG opened on
    its own runs nothing: the policy sandboxes it."""
    found = municipality_logo()
    if found is None:
        abort(404)
    response = stored_file_response(found.path, found.mimetype)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    )
    response.cache_control.max_age = 3600
    return response


@bp.route("/consultations/<int:consultation_id>/preview.png")
@limiter.limit("30 per minute")
def preview(consultation_id: int):
    """The picture shown beside a shared link to the consultation, in the reader's language."""
    item = _public_consultation(consultation_id)
    dates = " – ".join(date_text(d) for d in (item.opens_at, item.closes_at) if d)
    image = preview_png(
        municipality_name(),
        str(kind_labels()[item.kind]),
        localize(item.title).text,
        dates,
        municipality_colours()["primary"],
    )
    response = Response(image, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Vary"] = "Cookie"
    return response


@bp.route("/consultations/<int:consultation_id>/poster.pdf")
def poster(consultation_id: int):
    """The A4 poster of any public consultation, with a QR code to its page, in the reader's
    language (`?lang=`): for the notice boards of local communities."""
    item = _public_consultation(consultation_id)
    link = url_for(
        "public.consultation", consultation_id=item.id, lang=current_locale(), _external=True
    )
    return poster_response(item, link, f"consultation-{item.id}")


@bp.route("/consultations/<int:consultation_id>/poster-official-languages.pdf")
def posters(consultation_id: int):
    """The poster of any public consultation in every official language, one A4 page each
    (Serbian in Latin and in Cyrillic), each page's QR code leading to the consultation's page
    in that language: one file to print for the notice boards of local communities."""
    item = _public_consultation(consultation_id)

    def link_for(locale: str) -> str:
        return url_for("public.consultation", consultation_id=item.id, lang=locale, _external=True)

    return notices_response(item, link_for, f"consultation-{item.id}")
