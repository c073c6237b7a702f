"""Draft-act consultations: articles, comments, answers and the final report."""

from flask import Blueprint

bp = Blueprint("consultations", __name__, cli_group=None)
