"""Public pages: home, consultation list and detail, documents."""

from flask import Blueprint

bp = Blueprint("public", __name__)
