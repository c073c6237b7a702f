"""Routes of the surveys feature (public pages and officer pages under /manage/surveys)."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)
