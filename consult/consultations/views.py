"""Routes of draft-act consultations (public pages; officer pages under /manage)."""

from flask import Blueprint

bp = Blueprint("consultations", __name__)
