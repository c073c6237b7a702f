"""The Council chair: dashboard, participation trends, the annual consultation report."""

from flask import Blueprint

bp = Blueprint("chair", __name__)
