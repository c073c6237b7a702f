"""The chair's pages under /chair."""

from flask import Blueprint

bp = Blueprint("chair", __name__, url_prefix="/chair")
