"""The platform: the municipalities of the install, for platform admins (create, configure,
the national view), and the public open-data page comparing them (issue #22)."""

from flask import Blueprint

bp = Blueprint("platform", __name__)
