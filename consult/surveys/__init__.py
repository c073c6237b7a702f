"""Questionnaires: the engine, the anonymous staff survey with access codes, citizen surveys."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)
