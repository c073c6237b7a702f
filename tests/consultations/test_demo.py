"""The demo draft act: 12 articles, comments from CSOs and citizens, answers."""

import datetime as dt

from sqlalchemy import select

from consult.comments.models import Answer, Comment
from consult.consultations.demo import load_demo
from consult.consultations.models import Article
from consult.core.models import Consultation
from consult.extensions import db


def test_demo_puts_the_act_comments_and_answers_on_the_consultation(app, client, make_consultation):
    consultation_id = make_consultation()
    with app.app_context():
        load_demo(db.session.get(Consultation, consultation_id), dt.date.today())
        db.session.commit()
        assert len(db.session.scalars(select(Article)).all()) == 12
        comments = db.session.scalars(select(Comment)).all()
        assert {c.author_kind for c in comments} == {"citizen", "cso"}
        assert len(db.session.scalars(select(Answer)).all()) == 6
        assert all(c.organisation.verified for c in comments if c.organisation)
    for lang in ("sq", "sr_Latn", "sr", "bs", "en"):
        page = client.get(f"/consultations/{consultation_id}?lang={lang}")
        assert page.status_code == 200
    assert "Dragan Milić" in page.get_data(as_text=True)
