"""Public meetings of every consultation kind: the model, the shared meeting rules and the public
calendar (`/meetings`, `/meetings.ics`). A kind records its own meetings on its pages."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
