"""The register of civil-society organisations: the organisations and the registrations waiting
for their representative's link (`models`), public registration with a confirmation link
(`/organisations/register…`) and the officers' list and verification (`/manage/organisations…`).
An organisation's account is a `consult.auth.models.User` with the role "cso"."""

from flask import Blueprint

bp = Blueprint("organisations", __name__)
