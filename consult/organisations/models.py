"""The register of civil-society organisations: the organisations, and the registrations
waiting for their representative's link."""

import datetime as dt

from sqlalchemy import DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.models import utcnow
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db


class Organisation(MunicipalityOwned, db.Model):
    """A civil-society organisation (OSHC) that takes part in consultations."""

    __tablename__ = "organisations"
    __table_args__ = (
        UniqueConstraint(
            "municipality_id",
            "registration_number",
            name="uq_organisations_municipality_registration_number",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: number in the register of NGOs; unique in the municipality so one organisation
    #: registers once with it
    registration_number: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(100), default="")
    contact_email: Mapped[str] = mapped_column(String(254))
    representative: Mapped[str] = mapped_column(String(200), default="")
    #: set by an officer after checking the register; only verified organisations comment
    #: in an organisation's name
    verified: Mapped[bool] = mapped_column(default=False)
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PendingRegistration(MunicipalityOwned, db.Model):
    """An organisation's registration waiting for its representative to follow the link sent
    to the e-mail address given. Nothing exists under that address until then, so the
    registration form answers the same whether the address has an account or not."""

    __tablename__ = "pending_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the link's token, in hex; the token itself is only in the e-mail
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    registration_number: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(100), default="")
    #: lower-case
    email: Mapped[str] = mapped_column(String(254))
    representative: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True, default=utcnow)
