"""The annual consultation plan (MS-PLAN): the public plan by year (`/plan…`, with CSV), the
officers' editing (`/manage/plan…`) and `services.in_plan`, the lookup the minimum standards
ask of every consultation."""

from flask import Blueprint

bp = Blueprint("plan", __name__)
