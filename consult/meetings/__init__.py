"""Public meetings of every consultation kind and those that belong to none: the model, the
shared meeting rules, the public calendar (`/meetings`, `/meetings.ics`) with each meeting's
page and registration for a seat, and the back office of stand-alone meetings
(`/manage/meetings`). A kind records its own meetings on its pages and tells the calendar what
it has planned through the registry (`ConsultationKind.planned_meetings`)."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
