"""What renews a draft act's page revision (`Consultation.page_revision`, shared with every
kind's announcement: consult/core/page_revisions.py) for what its page keeps besides
(consult/consultations/page_cache.py): its settings, articles, comments and their answers, the
names of the organisations that commented, the versions of the act with their articles and
comments, and its public meetings. The consultation itself and its documents are the
announcement's watch. The kind names this watch (`DRAFT_ACT.page_watch`).

The hooks are consult/core/revisions.py's; a write in SQL that is not the ORM's calls
`renew_every_page()` in the same transaction (tests/consultations/test_page_cache.py checks
that no module writes these tables so without it).
"""

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from consult.comments.models import Answer, Comment
from consult.consultations.models import (
    ActVersion,
    Article,
    DraftActSettings,
    VersionArticle,
    VersionComment,
)
from consult.core.page_revisions import CONSULTATIONS, Through, page_watch
from consult.core.revisions import ids_of
from consult.meetings.models import Meeting
from consult.organisations.models import Organisation

#: the rows that belong to a draft act through another row
_THROUGH = (
    Through(VersionArticle, "version_id", ActVersion.id, ActVersion.consultation_id),
    Through(VersionComment, "version_id", ActVersion.id, ActVersion.consultation_id),
    Through(Answer, "comment_id", Comment.id, Comment.consultation_id),
)


def _commented_by(session: Session, changed: list[object]) -> list[ColumnElement[bool]]:
    """The draft acts an organisation among `changed` commented on (its name is shown)."""
    organisations = ids_of(changed, Organisation, "id", skip_new=session)
    if not organisations:
        return []
    commented = select(Comment.consultation_id).where(Comment.organisation_id.in_(organisations))
    return [CONSULTATIONS.c.id.in_(commented)]


#: the models whose rows a draft act's page keeps besides its announcement
DRAFT_ACT_PAGES = page_watch(
    Article,
    Comment,
    ActVersion,
    DraftActSettings,
    Meeting,
    through=_THROUGH,
    also=(Organisation,),
    more=_commented_by,
)
