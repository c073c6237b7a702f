"""Fixtures for the audience lists: lists made through the back office by the Public
Information Office, and members recorded with their consent."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from consult.audiences.models import AudienceList, AudienceMember
from consult.auth.models import User
from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db

NAMES = {
    "youth": {
        "sq": "Organizatat rinore",
        "sr_Latn": "Omladinske organizacije",
        "bs": "Omladinske organizacije",
        "en": "Youth organisations",
    },
    "village": {
        "sq": "Këshillat e fshatrave",
        "sr_Latn": "Seoski saveti",
        "bs": "Seoska vijeća",
        "en": "Village councils",
    },
}


@pytest.fixture
def make_list(app):
    """A list (open to the public, or not) made directly; its id."""

    def make(key: str = "youth", audience: str = "youth", open_to_public: bool = True) -> int:
        with app.app_context():
            item = AudienceList(name=NAMES[key], audience=audience, open_to_public=open_to_public)
            db.session.add(item)
            db.session.commit()
            return item.id

    return make


@pytest.fixture
def add_member(app, make_user):
    """A member with a paper consent recorded by an officer of the Public Information Office."""

    def add(list_id: int, email: str, locale: str = "sq", name: str = "") -> int:
        with app.app_context():
            officer = db.session.scalar(select(User).where(User.email == "recorder@istog.example"))
        if officer is None:
            make_user("officer", email="recorder@istog.example")
        with app.app_context():
            officer = db.session.scalar(select(User).where(User.email == "recorder@istog.example"))
            member = AudienceMember(
                list_id=list_id,
                email=email,
                name=name,
                locale=locale,
                consent_how="paper",
                consent_on=dt.date.today() - dt.timedelta(days=3),
                recorded_by_id=officer.id,
                confirmed_at=dt.datetime(2026, 1, 1),
            )
            db.session.add(member)
            db.session.commit()
            return member.id

    return add


def outbox(app, to: str | None = None) -> list[OutboxMessage]:
    """The outbox's messages (to one address), oldest first."""
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to is not None:
            query = query.where(OutboxMessage.to == to)
        messages = db.session.scalars(query).all()
        db.session.expunge_all()
        return messages


def link_in(body: str, path: str) -> str:
    """The path of the first link in `body` that starts with `path`."""
    match = re.search(r"http://localhost(" + re.escape(path) + r"\S*)", body)
    assert match, body
    return match.group(1)


@pytest.fixture(autouse=True)
def _english(client):
    """The pages of these tests are read in English (the e-mails in each member's language)."""
    client.get("/lists?lang=en")
