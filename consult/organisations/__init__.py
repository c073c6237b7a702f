"""The register of civil-society organisations: public registration with a confirmation link
(`/organisations/register…`) and the officers' list and verification (`/manage/organisations…`).
The organisation itself is `consult.core.models.Organisation`, the registration waiting for its
link `consult.auth.models.PendingRegistration` (both are read by the accounts too)."""

from flask import Blueprint

bp = Blueprint("organisations", __name__)
