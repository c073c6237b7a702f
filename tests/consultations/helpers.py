"""Shared steps of the draft-act tests: articles, comments and answers made directly."""

import datetime as dt

from consult.auth.models import User
from consult.comments.models import Answer, Comment
from consult.consultations.models import Article
from consult.core.models import utcnow
from consult.extensions import db
from consult.organisations.models import Organisation


def add_article(app, consultation_id: int, number: int, heading: str = "", text: str = "") -> int:
    with app.app_context():
        article = Article(
            consultation_id=consultation_id,
            number=number,
            heading={"sq": heading or f"Neni {number}"},
            text={"sq": text or f"Teksti i nenit {number}."},
        )
        db.session.add(article)
        db.session.commit()
        return article.id


def add_comment(app, consultation_id: int, text: str, article_id: int | None = None, **fields):
    values = {
        "author_kind": "citizen",
        "author_name": "Blerta Kelmendi",
        "author_email": "blerta@example.org",
        "language": "sq",
        "confirmed_at": utcnow(),
    }
    values.update(fields)
    with app.app_context():
        comment = Comment(
            consultation_id=consultation_id, article_id=article_id, text=text, **values
        )
        db.session.add(comment)
        db.session.commit()
        return comment.id


def every_language(reason: str, *extra: str) -> dict[str, str]:
    """An answer's reason in every official language (LANG-ANSWER) and in `extra` ones: the
    Albanian text as given, the others marked with their language."""
    texts = {"sq": reason, "sr_Latn": f"{reason} [sr]", "bs": f"{reason} [bs]"}
    texts.update({code: f"{reason} [{code}]" for code in extra})
    return texts


def add_answer(
    app, comment_id: int, outcome: str = "accepted", reason: str = "Arsyeja", only_sq=False
) -> None:
    """Answer a comment, in every language it needs (only in Albanian with `only_sq`)."""
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        extra = () if comment.language in ("sq", "sr", "sr_Latn", "bs") else (comment.language,)
        texts = {"sq": reason} if only_sq else every_language(reason, *extra)
        db.session.add(Answer(comment_id=comment_id, outcome=outcome, reason=texts))
        db.session.commit()


def add_organisation(app, verified: bool, email: str = "info@ngo.example") -> tuple[int, str]:
    """An organisation with a CSO account; returns (organisation id, account e-mail)."""
    from tests.conftest import PASSWORD

    with app.app_context():
        organisation = Organisation(
            name="OJQ Rinia Aktive Istog",
            registration_number=f"511-{email}",
            contact_email=email,
            representative="Dardan Krasniqi",
            verified=verified,
        )
        db.session.add(organisation)
        db.session.flush()
        user = User(
            email=email, name="Dardan Krasniqi", role="cso", organisation_id=organisation.id
        )
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return organisation.id, email


def closed_dates(days_ago: int = 3) -> dict:
    today = dt.date.today()
    return {
        "status": "closed",
        "notice_at": today - dt.timedelta(days=40),
        "opens_at": today - dt.timedelta(days=30),
        "closes_at": today - dt.timedelta(days=days_ago),
    }
