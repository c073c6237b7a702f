"""The Istog demo's outreach logs (`flask seed-demo`): how each published consultation was made
known, as an officer of the Public Information Office would have recorded it: the website and
Facebook on the day it was announced, notices on the boards of the town, Vrellë and Banjë, and
what each kind adds (a press release and the organisations' e-mail list for a draft act, Radio
Fontana, RTV Fontana and the village council for a budget hearing, an SMS and a meeting for the
capital-projects poll, the e-mail list and the reception desk for a survey). Nothing is dated
after the day the demo is loaded."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import Consultation, LocalCommunity
from consult.core.outreach import OutreachEntry, problems
from consult.extensions import db

#: (channel, days after the announcement, local community or None, count or None, note)
EVERY_KIND = (
    ("website", 0, None, None, ""),
    ("facebook", 0, None, None, "Postim në faqen e Komunës së Istogut"),
    ("notice_board", 1, "Istog", 3, "Para ndërtesës së Komunës dhe te tregu"),
    ("notice_board", 1, "Vrellë", 1, ""),
    ("notice_board", 2, "Banjë", 1, ""),
)
BY_KIND = {
    "draft_act": (
        ("press_release", 0, None, None, "Dërguar portaleve lokale"),
        ("email_list", 2, None, 42, "Organizatat e shoqërisë civile"),
    ),
    "budget_hearing": (
        ("radio", 3, None, None, "Radio Fontana, emisioni i mëngjesit"),
        ("tv", 4, None, None, "RTV Fontana, lajmet e mbrëmjes"),
        ("village_council", 5, "Vrellë", None, ""),
    ),
    "capital_poll": (
        ("sms", 1, None, 950, "Banorët që kanë kërkuar njoftime me SMS"),
        ("meeting", 6, "Banjë", None, "Takimi i Kryetarit me banorët"),
    ),
    "survey": (
        ("email_list", 0, None, 120, ""),
        ("other", 2, None, None, "Fletëpalosje në zyrën pritëse të Komunës"),
    ),
}


def load_outreach(today: dt.date) -> int:
    """An outreach log for every published consultation of the demo; how many entries."""
    places = {c.name.get("sq"): c.id for c in db.session.scalars(select(LocalCommunity))}
    added = 0
    for consultation in db.session.scalars(select(Consultation).where(Consultation.is_public)):
        announced = consultation.opens_at or consultation.notice_at
        if announced is None:
            continue
        for channel, days, place, quantity, note in (
            *EVERY_KIND,
            *BY_KIND.get(consultation.kind, ()),
        ):
            day = announced + dt.timedelta(days=days)
            community = places.get(place) if place else None
            if day > today or problems(channel, day, community, quantity, note, today):
                continue
            db.session.add(
                OutreachEntry(
                    consultation_id=consultation.id,
                    channel=channel,
                    used_on=day,
                    local_community_id=community,
                    quantity=quantity,
                    note=note,
                )
            )
            added += 1
    db.session.flush()
    return added
