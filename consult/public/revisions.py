"""The revision of a municipality's public pages (`Municipality.pages_revision`), renewed in the
transaction of every change to what a worker keeps of its home page
(consult/public/home_cache.py): a consultation added, changed or deleted, or a directorate.

The hooks are consult/core/revisions.py's; a write in SQL that is not the ORM's calls
`renew_every_home()` in the same transaction (tests/public/test_home_cache.py checks that no
module writes these tables so without it).
"""

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from consult.core.models import Consultation, Directorate
from consult.core.municipalities import Municipality
from consult.core.revisions import Watch, renew_every, value_of, watch
from consult.core.tenancy import current_municipality_id

_municipalities = Municipality.__table__


def _concerned(_session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """The municipalities of the consultations and directorates `changed` (a row not yet
    given one belongs to the municipality served)."""
    owners = {value_of(obj, "municipality_id") or current_municipality_id() for obj in changed}
    return _municipalities.c.id.in_(owners) if owners else None


#: the models whose rows the home page lists
HOME_PAGES = Watch(
    table=_municipalities,
    column="pages_revision",
    models=(Consultation, Directorate),
    concerned=_concerned,
    owner="id",
)


def renew_every_home(session: Session | None = None, everywhere: bool = False) -> None:
    """Renew the pages revision of the municipality served (of every municipality with
    `everywhere`), in the session's transaction: for a write the hooks cannot see."""
    renew_every(HOME_PAGES, session, everywhere)


def register_home_revisions() -> None:
    """Renew the municipalities' pages revisions from now on."""
    watch(HOME_PAGES)
