"""The officers' back office under /manage: consultations, their texts and documents."""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")
