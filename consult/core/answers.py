"""What answering and moderating comments shares between draft acts and budget hearings.

Each feature keeps its own comment tables and its own refusal (`CommentRefused`,
`HearingRefused`, …); these functions take the refusal to raise, so a view catches what it
always caught.
"""

from collections.abc import Callable, Mapping
from typing import Protocol

from flask_babel import force_locale
from flask_babel import gettext as _

from consult.core.labels import OUTCOME_LABELS, OUTCOMES
from consult.i18n import lazy_text as _l
from consult.i18n import localize

#: builds the exception a feature raises when it refuses an action, from the message
Refusal = Callable[[object], Exception]


class Hideable(Protocol):
    """A comment moderators can hide (both features' comment models)."""

    hidden: bool
    hidden_reason: str


def filled_texts(texts: Mapping[str, str | None] | None) -> dict[str, str]:
    """`{locale: text}` without the languages left empty, every text stripped."""
    return {locale: text.strip() for locale, text in (texts or {}).items() if text and text.strip()}


def answer_reason(
    outcome: str, reason: Mapping[str, str] | None, refused: Refusal
) -> dict[str, str]:
    """The reason to store with an answer: refused for an outcome not in OUTCOMES, or for a
    reason given in no language."""
    if outcome not in OUTCOMES:
        raise refused(_l("Choose accepted, partly accepted or rejected."))
    cleaned = filled_texts(reason)
    if not cleaned:
        raise refused(_l("Give the reason for the answer."))
    return cleaned


def answer_mail(
    language: str,
    title: Mapping[str, str],
    subject: Callable[[str], str],
    comment: str,
    outcome: str,
    reason: Mapping[str, str],
) -> tuple[str, str]:
    """Subject and body of the mail telling a commenter the answer, in the comment's
    `language`; `subject(title)` words the subject for the feature."""
    with force_locale(language):
        body = _(
            "Your comment:\n%(comment)s\n\nAnswer: %(outcome)s\nReason: %(reason)s",
            comment=comment,
            outcome=str(OUTCOME_LABELS[outcome]),
            reason=localize(reason, language).text,
        )
        return subject(localize(title, language).text), body


def hide(comment: Hideable, reason: str, refused: Refusal) -> str:
    """Hide `comment` from the public pages with the moderator's reason (returned stripped);
    refused without a reason. The caller records who hid it."""
    if not reason.strip():
        raise refused(_l("Give the reason for hiding the comment."))
    comment.hidden = True
    comment.hidden_reason = reason.strip()
    return comment.hidden_reason
