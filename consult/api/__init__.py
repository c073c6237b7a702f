"""Open data: read-only JSON and CSV of published consultations, described by OpenAPI."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")
