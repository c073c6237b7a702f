"""The held-hearing page's title carries its date as plain text, not a `<time>` element."""

import datetime as dt
import re

from consult.extensions import db
from consult.hearings import services
from consult.hearings.models import HearingCycle

TODAY = dt.date.today()


def test_the_hearing_page_title_is_plain_text(app, client, login, cycle, hearing):
    login("officer")
    with app.app_context():
        planned = services.plan_hearing(
            db.session.get(HearingCycle, cycle),
            "women",
            TODAY - dt.timedelta(days=1),
            "Qendra kulturore",
            announced_on=TODAY - dt.timedelta(days=12),
        )
        db.session.commit()
        planned_id = planned.id
    for lang in ("sq", "en"):
        page = client.get(f"/manage/hearings/{hearing}/held/{planned_id}?lang={lang}")
        assert page.status_code == 200
        title = re.search(r"<title>(.*?)</title>", page.get_data(as_text=True), re.S).group(1)
        assert "<" not in title, title
        assert str(TODAY.year) in title
