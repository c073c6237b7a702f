"""What renews a consultation's page revision (`Consultation.page_revision`, shared with every
kind's announcement: consult/core/page_revisions.py) for the investments its decision funded,
which its page lists and each worker keeps (consult/public/announcement.py): a record made from
the consultation, changed (its title, status, progress) or removed, or moved to another.
"""

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from consult.core.page_revisions import CONSULTATIONS, pages_concerned
from consult.core.revisions import Watch
from consult.investments.models import Investment


def _concerned(_session: Session, changed: list[object]) -> ColumnElement[bool] | None:
    """Which consultations' pages the records `changed` concern (None: none)."""
    return pages_concerned(changed, direct=(Investment,))


#: the records a consultation's page lists
FUNDED_INVESTMENTS = Watch(
    table=CONSULTATIONS,
    column="page_revision",
    models=(Investment,),
    concerned=_concerned,
)
