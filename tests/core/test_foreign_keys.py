"""A row cannot point at one that does not exist, on SQLite as on PostgreSQL."""

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from consult.core.models import Consultation
from consult.extensions import db


def test_a_consultation_cannot_name_a_directorate_that_does_not_exist(app, make_consultation):
    consultation_id = make_consultation()
    with app.app_context():
        db.engine.dispose()  # new connections, as a worker of the app opens them
        with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            db.session.execute(
                update(Consultation)
                .where(Consultation.id == consultation_id)
                .values(directorate_id=999_999)
            )
            db.session.flush()
        db.session.rollback()
        assert db.session.get(Consultation, consultation_id).directorate_id != 999_999
