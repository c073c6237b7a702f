"""The revision of a consultation's public page (`Consultation.page_revision`), renewed in the
transaction of every change to what a worker keeps of it (consult/public/announcement.py,
consult/consultations/page_cache.py): the consultation itself, its directorate and settings,
the draft act's articles, its comments and their answers, the names of the organisations that
commented, its documents, and the versions of the act with their articles and comments.

The hooks are consult/core/revisions.py's; a write in SQL that is not the ORM's calls
`renew_every_page()` in the same transaction (tests/consultations/test_page_cache.py checks
that no module writes these tables so without it).
"""

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from consult.comments.models import Answer, Comment
from consult.consultations.models import (
    ActVersion,
    Article,
    DraftActSettings,
    VersionArticle,
    VersionComment,
)
from consult.core.models import Consultation, Directorate, Document
from consult.core.revisions import Watch, ids_of, renew_every, watch
from consult.extensions import db
from consult.organisations.models import Organisation

_consultations = Consultation.__table__


def _concerned(session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """Which consultations' pages the objects `changed` concern (None: none)."""
    direct = set().union(
        ids_of(changed, Consultation, "id", skip_new=session),
        *(
            ids_of(changed, model, "consultation_id")
            for model in (Article, Comment, Document, ActVersion, DraftActSettings)
        ),
    )
    versions = ids_of(changed, VersionArticle, "version_id") | ids_of(
        changed, VersionComment, "version_id"
    )
    answered = ids_of(changed, Answer, "comment_id")
    organisations = ids_of(changed, Organisation, "id", skip_new=session)
    directorates = ids_of(changed, Directorate, "id", skip_new=session)
    through = [
        (ActVersion.consultation_id, ActVersion.id, versions),
        (Comment.consultation_id, Comment.id, answered),
        (Comment.consultation_id, Comment.organisation_id, organisations),
    ]
    conditions = [_consultations.c.id.in_(direct)] if direct else []
    if directorates:
        conditions.append(_consultations.c.directorate_id.in_(directorates))
    conditions += [
        _consultations.c.id.in_(select(column).where(key.in_(ids)))
        for column, key, ids in through
        if ids
    ]
    return or_(*conditions) if conditions else None


#: the models whose rows a consultation's public page keeps
CONSULTATION_PAGES = Watch(
    table=_consultations,
    column="page_revision",
    models=(
        Consultation,
        Directorate,
        DraftActSettings,
        Article,
        Comment,
        Answer,
        Organisation,
        Document,
        ActVersion,
        VersionArticle,
        VersionComment,
    ),
    concerned=_concerned,
)


def renew_every_page(session: Session | None = None, everywhere: bool = False) -> None:
    """Renew the page revision of every consultation of the municipality served (of every
    municipality with `everywhere`), in the session's transaction: for a write the hooks
    cannot see."""
    renew_every(CONSULTATION_PAGES, session, everywhere)


def page_revision_now(consultation_id: int) -> str | None:
    """The consultation's page revision as the database holds it now (read after a part of its
    page, to keep that part only if nothing changed since the request read the row)."""
    return db.session.scalar(
        select(Consultation.page_revision).where(Consultation.id == consultation_id)
    )


def register_page_revisions() -> None:
    """Renew the consultations' page revisions from now on."""
    watch(CONSULTATION_PAGES)
