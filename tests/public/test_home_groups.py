"""The home page's three groups, read in one statement, are what one statement per group
gives: the same consultations in the same order, NULL dates where the database puts them."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import Consultation
from consult.core.services import ConsultationFilter, public_consultations
from consult.extensions import db

RECENT_DAYS = 30


def _reference(today: dt.date) -> dict[str, list[int]]:
    """One statement per group, as the home page read them before (equal dates by id)."""
    query = select(Consultation.id).where(Consultation.is_public)
    running = Consultation.status.in_(("announced", "open"))
    is_open = (
        running
        & (Consultation.opens_at <= today)
        & (Consultation.closes_at.is_(None) | (Consultation.closes_at >= today))
    )
    upcoming = running & (Consultation.opens_at.is_(None) | (Consultation.opens_at > today))
    closed = (
        (Consultation.closes_at < today) | Consultation.status.in_(("closed", "reported"))
    ) & (Consultation.closes_at >= today - dt.timedelta(days=RECENT_DAYS))
    orders = {
        "open": (is_open, Consultation.closes_at),
        "upcoming": (upcoming, Consultation.opens_at),
        "closed": (closed, Consultation.closes_at.desc()),
    }
    return {
        name: list(db.session.scalars(query.where(where).order_by(order, Consultation.id)))
        for name, (where, order) in orders.items()
    }


def test_the_groups_are_those_of_one_statement_each(app, make_consultation):
    today = dt.date.today()
    day = dt.timedelta(days=1)
    dated = [
        # open: closing on the same day (a tie), without a closing date, closing today
        ("open", today - 5 * day, today + 9 * day),
        ("open", today - 2 * day, today + 9 * day),
        ("announced", today - 1 * day, None),
        ("open", today, today),
        ("open", today - 3 * day, None),
        # upcoming: without an opening date (twice), opening on the same day
        ("announced", None, None),
        ("announced", today + 4 * day, today + 20 * day),
        ("announced", None, None),
        ("announced", today + 4 * day, today + 30 * day),
        # closed lately, by status or by date; closed long ago; a draft (never public)
        ("closed", today - 20 * day, today - 2 * day),
        ("reported", today - 40 * day, today - 2 * day),
        ("open", today - 20 * day, today - 1 * day),
        ("closed", today - 9 * day, today + 3 * day),
        ("closed", today - 90 * day, today - 60 * day),
        ("draft", today - 1 * day, today + 5 * day),
    ]
    for status, opens_at, closes_at in dated:
        make_consultation(status=status, opens_at=opens_at, closes_at=closes_at)
    with app.app_context():
        groups = public_consultations(ConsultationFilter(), today, RECENT_DAYS)
        found = {name: [c.id for c in group] for name, group in groups.items()}
        assert found == _reference(today)
        assert [len(found[name]) for name in ("open", "upcoming", "closed")] == [5, 4, 4]


def _statements_of(client, url: str, sql_log: list[str]) -> list[str]:
    sql_log.clear()
    assert client.get(url).status_code == 200
    return list(sql_log)


def test_the_home_page_and_the_archive_read_no_body_and_no_statement_per_card(
    app, client, make_consultation, make_directorate, sql_log
):
    """The cards show a title and a summary: the bodies (~4 KB of JSON each) are not read, and
    more cards cost no more statements (no relationship loaded card by card)."""
    directorate_id = make_directorate()
    today = dt.date.today()
    closed = {"status": "closed", "opens_at": today - dt.timedelta(days=400)}
    closed["closes_at"] = today - dt.timedelta(days=380)
    make_consultation(directorate_id=directorate_id)
    make_consultation(directorate_id=directorate_id, **closed)
    pages = ("/?lang=en", f"/archive?year={closed['closes_at'].year}&lang=en")
    few = {url: _statements_of(client, url, sql_log) for url in pages}
    for _ in range(4):
        make_consultation(directorate_id=directorate_id)
        make_consultation(directorate_id=directorate_id, **closed)
    for url in pages:
        more = _statements_of(client, url, sql_log)
        assert len(more) == len(few[url]), (url, more)
        assert not [s for s in more if "consultations.body" in s], url
        assert "Regulation on transparency" in client.get(url).get_data(as_text=True)
