"""The revision of a consultation's public page (`Consultation.page_revision`): what renews it
for the announcement every kind's page shows (consult/public/announcement.py), a change to the
consultation itself, its directorate or its documents. A kind whose page keeps more names a
`Watch` of its own on the same column (its `page_watch`: the draft act's articles and comments,
a hearing's plan and proposals, a poll's projects, a survey's questions), and so does the
register of investments for what a consultation funded; `pages_concerned` says which
consultations a flush's objects concern.

The hooks are consult/core/revisions.py's; a write in SQL that is not the ORM's calls
`renew_every_page()` in the same transaction (tests/consultations/test_page_cache.py checks
that no module writes these tables so without it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, inspect, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from consult.core.models import Consultation, Directorate, Document
from consult.core.revisions import Watch, ids_of, renew_every, value_of, watch
from consult.extensions import db

CONSULTATIONS = Consultation.__table__


@dataclass(frozen=True)
class Through:
    """Rows that belong to a consultation through another table's row: `model.attribute` is
    `key` of a row whose `consultation` column names it (a project's poll, an answer's comment)."""

    model: type
    attribute: str
    key: InstrumentedAttribute
    consultation: InstrumentedAttribute


def consultations_named(changed: list[object], model: type) -> set[int]:
    """The consultations the `model` objects among `changed` name in `consultation_id`, the
    one they named before as well (a row moved to another consultation leaves its old page)."""
    found: set[int] = set()
    for obj in changed:
        if isinstance(obj, model):
            history = inspect(obj).attrs.consultation_id.history
            found.update((value_of(obj, "consultation_id"), *history.deleted))
    return found - {None}


def pages_concerned(
    changed: list[object],
    direct: Iterable[type] = (),
    through: Iterable[Through] = (),
    more: Iterable[ColumnElement[bool]] = (),
) -> ColumnElement[bool] | None:
    """The consultations whose pages the objects `changed` concern (None: none): those the
    `direct` models name in `consultation_id`, those reached `through` another table, and the
    `more` conditions a watch adds."""
    ids = set().union(*(consultations_named(changed, model) for model in direct))
    conditions = [CONSULTATIONS.c.id.in_(ids)] if ids else []
    for way in through:
        keys = ids_of(changed, way.model, way.attribute)
        if keys:
            conditions.append(
                CONSULTATIONS.c.id.in_(select(way.consultation).where(way.key.in_(keys)))
            )
    conditions += more
    return or_(*conditions) if conditions else None


def page_watch(
    *direct: type,
    through: tuple[Through, ...] = (),
    also: tuple[type, ...] = (),
    more: Callable[[Session, list[object]], list[ColumnElement[bool]]] | None = None,
) -> Watch:
    """A watch of the consultations' page revision for the rows a part of their page shows:
    the `direct` models name their consultation in `consultation_id`, the `through` ones reach
    it through another row, and `more(session, changed)` adds conditions for the models
    `also` watched (an organisation renamed, a local community)."""

    def concerned(session: Session, changed: list[object]) -> ColumnElement[bool] | None:
        conditions = more(session, changed) if more is not None else []
        return pages_concerned(changed, direct, through, conditions)

    models = (*direct, *(way.model for way in through), *also)
    return Watch(table=CONSULTATIONS, column="page_revision", models=models, concerned=concerned)


def _consultations_and_directorates(
    session: Session, changed: list[object]
) -> list[ColumnElement[bool]]:
    """The consultations changed themselves, and those of the directorates changed."""
    itself = ids_of(changed, Consultation, "id", skip_new=session)
    directorates = ids_of(changed, Directorate, "id", skip_new=session)
    conditions = [CONSULTATIONS.c.id.in_(itself)] if itself else []
    if directorates:
        conditions.append(CONSULTATIONS.c.directorate_id.in_(directorates))
    return conditions


#: the models whose rows a consultation's announcement shows
ANNOUNCEMENTS = page_watch(
    Document, also=(Consultation, Directorate), more=_consultations_and_directorates
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


def register_page_revisions(*more: Watch) -> None:
    """Renew the consultations' page revisions from now on: for their announcements, and for
    the `more` watches of shared parts (the investments a consultation funded). Each kind's
    own watch is registered with the kind (`consult.core.kinds.register_kind`)."""
    watch(ANNOUNCEMENTS)
    for each in more:
        watch(each)
