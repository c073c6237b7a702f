"""Audience lists (`/lists…`, `/manage/lists…`): the e-mail lists the Public Information Office
keeps for the audiences of the Communication and Information Strategy (organisations by
sector, village councils, business associations, professional groups, young people, persons
with disabilities, women's groups, media, the diaspora, citizens), each member with the record
of their consent; the public "Join a list" page with its confirmation link; imports from CSV;
invitations and newsletters sent through the mail outbox with one-click unsubscribe."""

from flask import Blueprint

bp = Blueprint("audiences", __name__)
