"""What renews a draft act's page revision (`Consultation.page_revision`, shared with every
kind's announcement: consult/core/page_revisions.py) for what its page keeps besides
(consult/consultations/page_cache.py): its settings, articles, comments and their answers, the
names of the organisations that commented, and the versions of the act with their articles and
comments. The consultation itself and its documents are the announcement's watch.

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
from consult.core.page_revisions import CONSULTATIONS
from consult.core.revisions import Watch, ids_of, watch
from consult.organisations.models import Organisation


def _concerned(session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """Which draft acts' pages the objects `changed` concern (None: none)."""
    direct = set().union(
        *(
            ids_of(changed, model, "consultation_id")
            for model in (Article, Comment, ActVersion, DraftActSettings)
        ),
    )
    versions = ids_of(changed, VersionArticle, "version_id") | ids_of(
        changed, VersionComment, "version_id"
    )
    answered = ids_of(changed, Answer, "comment_id")
    organisations = ids_of(changed, Organisation, "id", skip_new=session)
    through = [
        (ActVersion.consultation_id, ActVersion.id, versions),
        (Comment.consultation_id, Comment.id, answered),
        (Comment.consultation_id, Comment.organisation_id, organisations),
    ]
    conditions = [CONSULTATIONS.c.id.in_(direct)] if direct else []
    conditions += [
        CONSULTATIONS.c.id.in_(select(column).where(key.in_(ids)))
        for column, key, ids in through
        if ids
    ]
    return or_(*conditions) if conditions else None


#: the models whose rows a draft act's page keeps besides its announcement
DRAFT_ACT_PAGES = Watch(
    table=CONSULTATIONS,
    column="page_revision",
    models=(
        DraftActSettings,
        Article,
        Comment,
        Answer,
        Organisation,
        ActVersion,
        VersionArticle,
        VersionComment,
    ),
    concerned=_concerned,
)


def register_page_revisions() -> None:
    """Renew the draft acts' page revisions from now on."""
    watch(DRAFT_ACT_PAGES)
