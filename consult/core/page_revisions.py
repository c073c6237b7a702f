"""The revision of a consultation's public page (`Consultation.page_revision`): what renews it
for the announcement every kind's page shows (consult/public/announcement.py), a change to the
consultation itself, its directorate or its documents. A kind whose page keeps more adds a
`Watch` of its own on the same column (the draft act: consult/consultations/revisions.py).

The hooks are consult/core/revisions.py's; a write in SQL that is not the ORM's calls
`renew_every_page()` in the same transaction (tests/consultations/test_page_cache.py checks
that no module writes these tables so without it).
"""

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from consult.core.models import Consultation, Directorate, Document
from consult.core.revisions import Watch, ids_of, renew_every, watch
from consult.extensions import db

CONSULTATIONS = Consultation.__table__


def _concerned(session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """The consultations whose announcement the objects `changed` concern (None: none)."""
    direct = ids_of(changed, Consultation, "id", skip_new=session) | ids_of(
        changed, Document, "consultation_id"
    )
    directorates = ids_of(changed, Directorate, "id", skip_new=session)
    conditions = [CONSULTATIONS.c.id.in_(direct)] if direct else []
    if directorates:
        conditions.append(CONSULTATIONS.c.directorate_id.in_(directorates))
    return or_(*conditions) if conditions else None


#: the models whose rows a consultation's announcement shows
ANNOUNCEMENTS = Watch(
    table=CONSULTATIONS,
    column="page_revision",
    models=(Consultation, Directorate, Document),
    concerned=_concerned,
)


def renew_every_page(session: Session | None = None, everywhere: bool = False) -> None:
    """Renew the page revision of every consultation of the municipality served (of every
    municipality with `everywhere`), in the session's transaction: for a write the hooks
    cannot see."""
    renew_every(ANNOUNCEMENTS, session, everywhere)


def page_revision_now(consultation_id: int) -> str | None:
    """The consultation's page revision as the database holds it now (read after a part of its
    page, to keep that part only if nothing changed since the request read the row)."""
    return db.session.scalar(
        select(Consultation.page_revision).where(Consultation.id == consultation_id)
    )


def register_announcement_revisions() -> None:
    """Renew the consultations' page revisions for their announcements from now on."""
    watch(ANNOUNCEMENTS)
