"""A row cannot point at one that does not exist, on SQLite as on PostgreSQL."""

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from consult.core.models import Consultation
from consult.extensions import db


def test_a_consultation_of_a_directorate_that_does_not_exist_is_refused(ctx):
    with pytest.raises(IntegrityError):
        db.session.execute(
            insert(Consultation).values(
                kind="draft_act", status="draft", title={"sq": "Akt"}, directorate_id=999_999
            )
        )
        db.session.flush()
    db.session.rollback()
    assert db.session.query(Consultation).count() == 0
