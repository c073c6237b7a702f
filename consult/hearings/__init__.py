"""Budget hearings: the hearing cycle, the draft budget, proposals and the hearing report."""

from flask import Blueprint

bp = Blueprint("hearings", __name__)
