"""Capital-projects polls: verified one person one secret vote, paper ballots, counting rules."""

from flask import Blueprint

bp = Blueprint("polls", __name__)
