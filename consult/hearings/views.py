"""Routes of budget hearings (public pages; officer pages under /manage/hearings)."""

from flask import Blueprint

bp = Blueprint("hearings", __name__)
