"""Routes of the polls feature (public pages and officer pages under /manage/polls)."""

from flask import Blueprint

bp = Blueprint("polls", __name__)
