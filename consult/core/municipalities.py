"""The municipality an install serves, as a row: its name, languages, standards profile, colour
and contacts (issue #22, first step towards many municipalities on one install).

The first municipality (id 1, `istog`) is made by migration 0035 with every setting empty:
an empty setting is read from the configuration (`MUNICIPALITY_NAME`, `OFFICIAL_LANGUAGES`,
`STANDARDS_PROFILE`, `BRAND_COLOUR`, `CONTACT_*`), so an install set up through environment
variables keeps working unchanged. `flask municipalities set` writes a setting into the row,
where it then takes precedence.

Languages: the official languages and the languages in official use are the municipality's;
the interface offers those plus English (`interface_locales`). Serbian ("sr") is offered in
both scripts. Content is typed in `typed_locales`: Turkish too where the municipality has it.

Not yet here: rows of other tables do not say which municipality they belong to, so this
install serves one municipality (`current_municipality` is the first). docs/municipalities.md
says what comes next.
"""

import datetime as dt
import functools
import re

from flask import Flask, current_app, g, has_app_context, request
from flask.globals import request_ctx
from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Row,
    Select,
    String,
    bindparam,
    case,
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from consult.core import tenancy
from consult.core.models import utcnow
from consult.core.revisions import UNKNOWN_REVISION, new_revision
from consult.database import once_more_if_dropped
from consult.extensions import db
from consult.i18n import TYPABLE_LOCALES, TYPED_LOCALES, UI_LOCALES

#: the languages a municipality may name (official or in official use): each is an interface
#: locale ("sr" stands for Serbian in both scripts)
LANGUAGE_CODES = ("sq", "sr", "bs", "tr", "en")
#: a slug: lower-case letters, digits and hyphens, starting with a letter
SLUG = re.compile(r"[a-z][a-z0-9-]{1,39}")
#: the interface locales of each language code
_LOCALES_OF = {"sr": ("sr_Latn", "sr")}


class Municipality(db.Model):
    """A municipality served by this install; an empty setting falls back to the configuration
    (the first municipality's settings live there on an install set up by environment)."""

    __tablename__ = "municipalities"
    __table_args__ = (
        CheckConstraint("slug <> ''", name="slug_not_empty"),
        CheckConstraint("brand_colour IS NULL OR length(brand_colour) = 7", name="colour_rrggbb"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short stable name for commands and (later) path prefixes, e.g. "istog"
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    #: the host name its pages are served under (lower-case, no port); None: none of its own
    #: (the first municipality serves every host no other municipality names)
    host: Mapped[str | None] = mapped_column(String(253), unique=True)
    #: {locale: name}; None: MUNICIPALITY_NAME
    name: Mapped[dict | None] = mapped_column(JSON)
    #: language codes (LANGUAGE_CODES); None: OFFICIAL_LANGUAGES
    official_languages: Mapped[list | None] = mapped_column(JSON)
    #: language codes in official use besides the official ones (e.g. ["tr"] in Prizren)
    languages_in_use: Mapped[list | None] = mapped_column(JSON)
    #: a key of consult.core.profiles; None: STANDARDS_PROFILE
    standards_profile: Mapped[str | None] = mapped_column(String(40))
    #: #rrggbb; None: BRAND_COLOUR
    brand_colour: Mapped[str | None] = mapped_column(String(7))
    contact_address: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: renewed (a new random token) in the transaction of every change to what the workers keep
    #: of its public pages: the consultations and the directorates the home page lists
    #: (consult/public/revisions.py, consult/public/home_cache.py)
    pages_revision: Mapped[str] = mapped_column(
        String(16), default=new_revision, server_default=UNKNOWN_REVISION
    )


def current_municipality() -> Municipality:
    """The municipality this request (or command) serves (`consult.core.tenancy`): the one
    whose host is the request's, else the first.

    A request reads it before its view runs (`register_municipality`), on a connection of its
    own, so the request's session is never touched by it; when the database cannot answer then
    (down, or not migrated), the configuration describes the municipality, so the page saying
    that the database is unavailable still shows its name and contacts. A command reads it when
    it first asks (`tenancy.serving` changes it), and a failure there is the command's."""
    wanted = tenancy.current_municipality_id()
    if g.get("municipality") is None or g.get("municipality_of") != wanted:
        g.municipality = _read(Municipality.__table__.c.id == wanted)
        g.municipality_of = wanted
    return g.municipality


def _read(*where) -> Municipality:
    """The first row matching, read on a connection of its own: the session may be in a
    transaction that failed (a message is translated while its error is handled) and is left
    alone. No row at all (a database made without the migrations): the configuration
    describes it."""
    table = Municipality.__table__
    row = _first_row(select(table).where(*where).order_by(table.c.id).limit(1))
    return Municipality(**row._mapping) if row is not None else Municipality(slug="configured")


def _first_row(query, parameters: dict | None = None) -> Row | None:
    """The first row of `query`, on a connection of its own; once more on a new connection if
    the pooled one had been dropped (the first statement of every request: `consult.database`)."""

    def read() -> Row | None:
        with db.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                # one round trip, where a transaction of its own would cost three (BEGIN, the
                # SELECT, the ROLLBACK as the connection goes back to the pool)
                connection.execution_options(isolation_level="AUTOCOMMIT")
            return connection.execute(query, parameters).first()

    return once_more_if_dropped(read)


@functools.cache
def _host_query() -> Select:
    """The municipality whose host name is the `host` parameter, else the first: built once
    (every request runs it, before its view)."""
    table = Municipality.__table__
    host = bindparam("host")
    return (
        select(table)
        .where(or_(table.c.host == host, table.c.id == tenancy.FIRST_MUNICIPALITY_ID))
        .order_by(case((table.c.host == host, 0), else_=1))
        .limit(1)
    )


def _for_host(host: str) -> Municipality:
    """The municipality whose host name this is, else the first: one statement."""
    row = _first_row(_host_query(), {"host": host})
    return Municipality(**row._mapping) if row is not None else Municipality(slug="configured")


def _load_for_request() -> None:
    try:
        found = _for_host(request.host.split(":", 1)[0].lower())
    except SQLAlchemyError:  # the database is down: the configuration describes it
        found = Municipality(slug="configured")
    served = found.id if found.id is not None else tenancy.FIRST_MUNICIPALITY_ID
    tenancy.serve_request(served)
    g.municipality = found
    g.municipality_of = served
    links_on_own_host(found.host)


def links_on_own_host(host: str | None) -> None:
    """Absolute URLs made in this request (e-mail links, API links, feeds) name the
    municipality's own host name rather than PUBLIC_URL's, which is the first municipality's.
    The name comes from the municipality's row, never from the Host header."""
    if host and current_app.config.get("SERVER_NAME"):
        request_ctx.url_adapter.server_name = host


def every_municipality() -> list[Municipality]:
    """Every municipality of the install, in order of id (the commands that serve all of
    them: the mail worker, the retention purge); a database made without the migrations has
    the one the configuration describes."""
    table = Municipality.__table__
    rows = db.session.execute(select(table).order_by(table.c.id)).all()
    if not rows:
        return [Municipality(id=tenancy.FIRST_MUNICIPALITY_ID, slug="configured")]
    return [Municipality(**row._mapping) for row in rows]


def register_municipality(app: Flask) -> None:
    """Read the municipality first in every request, before any view writes."""
    app.before_request(_load_for_request)


def _setting(value: object, config_key: str) -> object:
    return value if value is not None else current_app.config[config_key]


def municipality_names(municipality: Municipality | None = None) -> dict:
    """{locale: name} of the municipality."""
    found = municipality or current_municipality()
    return _setting(found.name, "MUNICIPALITY_NAME")


def official_languages(municipality: Municipality | None = None) -> list[str]:
    """The official languages, whose content publishing requires."""
    found = municipality or current_municipality()
    return list(_setting(found.official_languages, "OFFICIAL_LANGUAGES"))


def languages_in_use(municipality: Municipality | None = None) -> list[str]:
    """Languages in official use besides the official ones."""
    found = municipality or current_municipality()
    return list(found.languages_in_use or [])


def interface_locales(municipality: Municipality | None = None) -> tuple[str, ...]:
    """The interface locales the municipality offers, in the switcher's order: its official
    languages and those in official use, plus English."""
    codes = {*official_languages(municipality), *languages_in_use(municipality), "en"}
    wanted = {locale for code in codes for locale in _LOCALES_OF.get(code, (code,))}
    return tuple(locale for locale in UI_LOCALES if locale in wanted)


def typed_locales(municipality: Municipality | None = None) -> tuple[str, ...]:
    """The languages content is typed in in the municipality's forms, in the forms' order:
    TYPED_LOCALES everywhere, and Turkish where it is an official language or one in official
    use (Prizren, Mamusha)."""
    codes = {*official_languages(municipality), *languages_in_use(municipality)}
    return tuple(locale for locale in TYPABLE_LOCALES if locale in TYPED_LOCALES or locale in codes)


def offered_locales() -> tuple[str, ...]:
    """`interface_locales` of the current municipality, or every locale outside the app."""
    if not has_app_context():
        return UI_LOCALES
    return interface_locales()


def standards_profile_key(municipality: Municipality | None = None) -> str:
    """The key of the municipality's standards profile."""
    found = municipality or current_municipality()
    return _setting(found.standards_profile, "STANDARDS_PROFILE")


def contact(municipality: Municipality | None = None) -> dict[str, str]:
    """The Public Information Office's address, e-mail and phone ("" when none)."""
    found = municipality or current_municipality()
    return {
        "address": _setting(found.contact_address, "CONTACT_ADDRESS") or "",
        "email": _setting(found.contact_email, "CONTACT_EMAIL") or "",
        "phone": _setting(found.contact_phone, "CONTACT_PHONE") or "",
    }
