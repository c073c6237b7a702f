"""The public meetings calendar and its iCalendar feed."""

import datetime as dt

from flask import Response, current_app, render_template, url_for

from consult.i18n import localize
from consult.meetings import bp
from consult.meetings.services import calendar_ics, public_meetings

#: how many days back the meetings calendar reaches
CALENDAR_PAST_DAYS = 60


def _today() -> dt.date:
    return dt.date.today()


@bp.route("/meetings")
def calendar():
    """Upcoming public meetings and those of the last weeks, with the .ics feed."""
    since = _today() - dt.timedelta(days=CALENDAR_PAST_DAYS)
    return render_template(
        "meetings/calendar.html", meetings=public_meetings(since), today=_today()
    )


@bp.route("/meetings.ics")
def calendar_feed():
    """The public meetings as an iCalendar feed for calendar applications."""
    since = _today() - dt.timedelta(days=CALENDAR_PAST_DAYS)
    body = calendar_ics(
        public_meetings(since),
        lambda m: url_for("public.consultation", consultation_id=m.consultation_id, _external=True),
        current_app.config["BABEL_DEFAULT_TIMEZONE"],
        localize(current_app.config["MUNICIPALITY_NAME"]).text,
    )
    return Response(body, mimetype="text/calendar")
