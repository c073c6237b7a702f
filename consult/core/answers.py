"""The rules of an answer every kind shares: the reason's languages (LANG-ANSWER), the mail
that tells the commenter, the moderator's hiding.

The comments and answers themselves are one model (`consult.comments`); each kind keeps its
own refusal (`CommentRefused`, `HearingRefused`, …), so these functions take the refusal to
raise and a view catches what it always caught.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from babel import Locale, UnknownLocaleError
from flask import current_app, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from consult.core.labels import OUTCOME_LABELS, OUTCOMES
from consult.core.models import Consultation
from consult.core.municipalities import official_languages
from consult.core.profiles import current_standards
from consult.i18n import SERBIAN, has_language, localize
from consult.i18n import lazy_text as _l

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
    outcome: str,
    reason: Mapping[str, str] | None,
    refused: Refusal,
    commenter_language: str | None = None,
) -> dict[str, str]:
    """The reason to store with an answer: refused for an outcome not in OUTCOMES, for a
    reason given in no language, or (LANG-ANSWER) without the commenter's language when it is
    not an official one. A missing official language is allowed (a draft of the answer): the
    report waits for it (`missing_answer_languages`)."""
    if outcome not in OUTCOMES:
        raise refused(_l("Choose accepted, partly accepted or rejected."))
    cleaned = filled_texts(reason)
    if not cleaned:
        raise refused(_l("Give the reason for the answer."))
    own = unofficial_language(commenter_language)
    if own and lang_answer_required() and not has_language(cleaned, own):
        raise refused(
            _l(
                "Write the reason in %(language)s too: the commenter wrote in it.",
                language=language_name(own),
            )
        )
    return cleaned


def unofficial_language(commenter_language: str | None) -> str | None:
    """The commenter's language when it is not an official one (e.g. English), else None."""
    if not commenter_language:
        return None
    official = official_languages()
    extra = answer_languages(commenter_language, official)[len(official) :]
    return extra[0] if extra else None


def saved_answer_message(reason: Mapping[str, str] | None, commenter_language: str | None) -> str:
    """What to tell the officer who saved an answer: saved, and the languages it still lacks
    (the report cannot be published until they are written)."""
    missing = missing_answer_languages(reason, commenter_language)
    if not missing:
        return _("The answer is saved.")
    return _(
        "The answer is saved, but it still lacks %(languages)s. The report cannot be "
        "published until every answer is written in each official language and the "
        "commenter's own.",
        languages=language_list(missing),
    )


# ---------------------------------------------------------------- LANG-ANSWER


def answer_languages(
    commenter_language: str | None, official: Sequence[str] | None = None
) -> list[str]:
    """The languages an answer must be written in (LANG-ANSWER): every official language
    (the municipality's) and the commenter's own; Serbian in either script is "sr"."""
    languages = list(official if official is not None else official_languages())
    if commenter_language:
        own = "sr" if commenter_language in SERBIAN else commenter_language
        if own not in languages and not (own == "sr" and "sr_Latn" in languages):
            languages.append(own)
    return languages


def lang_answer_required(standards: Mapping | None = None) -> bool:
    """Whether LANG-ANSWER is switched on (STANDARDS["LANG_ANSWER_REQUIRED"], default on)."""
    if standards is None:
        standards = current_standards()
    return bool(standards.get("LANG_ANSWER_REQUIRED", 1))


def missing_answer_languages(
    reason: Mapping[str, str] | None,
    commenter_language: str | None = None,
    standards: Mapping | None = None,
) -> list[str]:
    """The languages (codes, Serbian as "sr") the answer's `reason` still lacks; none when
    LANG-ANSWER is switched off."""
    if not lang_answer_required(standards):
        return []
    return [
        code
        for code in answer_languages(commenter_language)
        if not has_language(dict(reason or {}), code)
    ]


def language_name(code: str) -> str:
    """A language's name in the reader's language."""
    names = {
        "sq": _l("Albanian"),
        "sr_Latn": _l("Serbian"),
        "sr": _l("Serbian"),
        "bs": _l("Bosnian"),
        "en": _l("English"),
    }
    if code in names:
        return str(names[code])
    return _other_language_name(code)


def _other_language_name(code: str) -> str:
    """The name of a language no locale here speaks (an imported file's), from the CLDR data
    babel ships, in the reader's language; the code itself if babel does not know it."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_language_name(get_locale() or "en")
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name or code


def language_list(codes: Sequence[str]) -> str:
    """The languages' names, comma-separated, in the reader's language."""
    return ", ".join(language_name(code) for code in codes)


@dataclass(frozen=True)
class AnswerGap:
    """An answer still lacking a language (LANG-ANSWER): what it answers, where it is
    completed, and the languages it lacks."""

    #: what is answered, e.g. "Comment 12" (a lazy text, in the reader's language)
    label: object
    missing: tuple[str, ...]
    #: the page where the answer is completed: endpoint, its arguments, the anchor
    endpoint: str
    values: tuple[tuple[str, object], ...] = ()
    anchor: str | None = None

    @property
    def url(self) -> str:
        return url_for(self.endpoint, _anchor=self.anchor, **dict(self.values))

    @property
    def missing_names(self) -> str:
        return language_list(self.missing)

    def __str__(self) -> str:
        return f"{self.label}: {self.missing_names}"


def answer_mail(
    language: str,
    title: Mapping[str, str],
    subject: Callable[[str], str],
    comment: str,
    outcome: str,
    reason: Mapping[str, str],
    link: str,
    proposal: bool = False,
) -> tuple[str, str]:
    """Subject and body of the mail telling a commenter (or a proposer: `proposal`, and
    `comment` is the proposal's title) the answer, in the comment's `language`, with the
    `link` straight to the answer on the public page; `subject(title)` words the subject for
    the feature."""
    with force_locale(language):
        if proposal:
            body = _(
                "Your proposal: %(proposal)s\n\nAnswer: %(outcome)s\nReason: %(reason)s",
                proposal=comment,
                outcome=str(OUTCOME_LABELS[outcome]),
                reason=localize(reason, language).text,
            )
        else:
            body = _(
                "Your comment:\n%(comment)s\n\nAnswer: %(outcome)s\nReason: %(reason)s",
                comment=comment,
                outcome=str(OUTCOME_LABELS[outcome]),
                reason=localize(reason, language).text,
            )
        body += "\n\n" + _("Read the answer on the consultation's page:\n%(link)s", link=link)
        return subject(localize(title, language).text), body


#: the steps of a consultation the people who asked to be told are e-mailed about
TOLD_STEPS = ("closed", "reported")


def step_mail(language: str, title: Mapping[str, str], step: str, link: str) -> tuple[str, str]:
    """Subject and body of the mail telling someone who asked to be told of the answer that
    the consultation closed or published its report (`step` of TOLD_STEPS), in `language`,
    with the `link` to the page where it is read."""
    with force_locale(language):
        name = localize(title, language).text
        if step == "closed":
            subject = _("“%(title)s” is closed", title=name)
            body = _(
                "The consultation “%(title)s” is closed. The municipality answers every comment "
                "and proposal with its reason; you will get an e-mail when yours is answered, "
                "if it is not answered yet.\n\nThe consultation's page:\n%(link)s",
                title=name,
                link=link,
            )
        else:
            subject = _("The report on “%(title)s” is published", title=name)
            body = _(
                "The report of the consultation “%(title)s” is published. It lists every "
                "comment and proposal with the municipality's answer and reason.\n\n"
                "Read the report:\n%(link)s",
                title=name,
                link=link,
            )
        return subject, body


# ---------------------------------------------------------------- answers published

#: where the app keeps the functions told of every answer given (`answer_listeners`)
ANSWER_LISTENERS = "consult.answer_listeners"


def answer_listeners(app=None) -> list[Callable[[Consultation], None]]:
    """The functions (consultation) -> None told whenever an answer to one of the
    consultation's comments or proposals is saved, whatever its kind: the followers of the
    consultation hear of it (`consult.subscriptions`, registered in `consult.register_kinds`)."""
    app = app or current_app
    return app.extensions.setdefault(ANSWER_LISTENERS, [])


def answer_published(consultation: Consultation) -> None:
    """An answer to one of `consultation`'s comments or proposals was saved (and is public)."""
    for listener in answer_listeners():
        listener(consultation)


def hide(comment: Hideable, reason: str, refused: Refusal) -> str:
    """Hide `comment` from the public pages with the moderator's reason (returned stripped);
    refused without a reason. The caller records who hid it."""
    if not reason.strip():
        raise refused(_l("Give the reason for hiding the comment."))
    comment.hidden = True
    comment.hidden_reason = reason.strip()
    return comment.hidden_reason
