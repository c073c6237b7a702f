"""Versions of a draft act: the text put to consultation (version 1), each revised draft an
officer publishes after the consultation closed, and the text the Municipal Assembly adopted.

The minimum standards ask that the revised draft be published with the final report, and that
readers can see what the consultation changed. A version is the whole act, article by article,
in every language the act has; the officers build it as a working copy (started from the last
published version), change, add and remove articles, tick for each change the comments that
led to it, and publish it. A published version is never changed: a correction is a new version.

Plain functions over the models; they `flush()` and never commit (the view commits once).
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from sqlalchemy import func, or_, select

from consult.auth.models import User
from consult.comments.models import Comment
from consult.consultations import diff
from consult.consultations.models import ActVersion, Article, VersionArticle, VersionComment
from consult.core.answers import language_name
from consult.core.documents import CheckedFile, check_upload
from consult.core.models import Consultation, utcnow
from consult.core.services import record_audit, stage_on
from consult.core.upload_limits import UploadRefused
from consult.extensions import db
from consult.i18n import (
    DEFAULT_LOCALE,
    HTML_LANG,
    LOCALES,
    SERBIAN,
    has_language,
    localize,
    missing_languages,
    to_latin,
)
from consult.i18n import lazy_text as _l

#: where adopted texts' PDFs are kept, under UPLOAD_FOLDER
PDF_FOLDER = "acts"
#: the longest decision number the Assembly's registry gives
DECISION_NUMBER_LENGTH = 60
#: the outcomes listed first among the comments an officer may tick: they normally led to a change
LEADING_OUTCOMES = ("accepted", "partly_accepted")
#: the field of an official language's text: Serbian is typed in Latin script
_FIELD_LOCALE = {"sr": "sr_Latn"}


class VersionRefused(ValueError):
    """A version may not be started, changed or published as asked. `message` says why;
    `errors` holds the messages of each form field at fault, `problems` the list of what the
    whole version still lacks."""

    def __init__(
        self,
        message,
        errors: dict[str, list] | None = None,
        problems: list | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.errors = errors or {}
        self.problems = problems or []


# ---------------------------------------------------------------- reading


def versions_of(consultation: Consultation, published_only: bool = True) -> list[ActVersion]:
    """The act's versions in order; with `published_only`, those the public may read."""
    query = select(ActVersion).where(ActVersion.consultation_id == consultation.id)
    if published_only:
        query = query.where(ActVersion.published_at.is_not(None))
    return list(db.session.scalars(query.order_by(ActVersion.number)))


def has_versions(consultation: Consultation) -> bool:
    """Whether the act has any version (then its articles put to consultation are kept)."""
    query = select(func.count(ActVersion.id)).where(ActVersion.consultation_id == consultation.id)
    return bool(db.session.scalar(query))


def working_version(consultation: Consultation) -> ActVersion | None:
    """The version the officers are working on, not published yet (at most one)."""
    query = select(ActVersion).where(
        ActVersion.consultation_id == consultation.id, ActVersion.published_at.is_(None)
    )
    return db.session.scalar(query)


def version_numbered(
    consultation: Consultation, number: int, published_only: bool = True
) -> ActVersion | None:
    """Version `number` of the act, or None (also when not published and `published_only`)."""
    if not 0 < number <= 1_000_000:
        return None
    query = select(ActVersion).where(
        ActVersion.consultation_id == consultation.id, ActVersion.number == number
    )
    found = db.session.scalar(query)
    if found is None or (published_only and not found.is_published):
        return None
    return found


def latest_of_kind(versions: list[ActVersion], kind: str) -> ActVersion | None:
    """The last of `versions` that is of `kind`."""
    return next((v for v in reversed(versions) if v.kind == kind), None)


def previous_published(version: ActVersion) -> ActVersion | None:
    """The published version before `version` (what a working copy started from)."""
    query = select(ActVersion).where(
        ActVersion.consultation_id == version.consultation_id,
        ActVersion.number < version.number,
        ActVersion.published_at.is_not(None),
    )
    return db.session.scalar(query.order_by(ActVersion.number.desc()).limit(1))


# ---------------------------------------------------------------- starting a version


def may_revise(consultation: Consultation, today: dt.date) -> bool:
    """A revised draft or the adopted text is recorded only once the consultation closed."""
    return consultation.kind == "draft_act" and stage_on(consultation, today) == "closed"


def kinds_to_start(consultation: Consultation) -> tuple[str, ...]:
    """What the next version may be: a revised draft or the adopted text; once the act is
    adopted, only a corrected adopted text."""
    if latest_of_kind(versions_of(consultation), "adopted") is not None:
        return ("adopted",)
    return ("revised", "adopted")


def _consulted_version(consultation: Consultation) -> ActVersion:
    """Version 1, the articles as they were put to consultation, made the first time a
    version is needed and kept from then on."""
    found = version_numbered(consultation, 1, published_only=False)
    if found is not None:
        return found
    version = ActVersion(
        consultation_id=consultation.id,
        number=1,
        kind="consulted",
        published_at=utcnow(),
        published_on=consultation.opens_at or dt.date.today(),
    )
    db.session.add(version)
    query = select(Article).where(Article.consultation_id == consultation.id)
    for lineage, article in enumerate(db.session.scalars(query.order_by(Article.number)), 1):
        version.articles.append(
            VersionArticle(
                lineage=lineage,
                number=article.number,
                heading=dict(article.heading or {}),
                text=dict(article.text or {}),
                article_id=article.id,
            )
        )
    db.session.flush()
    return version


def start_version(
    consultation: Consultation, kind: str, actor: User | None, today: dt.date
) -> ActVersion:
    """Start a working copy of the next version (`kind` revised or adopted) from the last
    published one; the one already started if there is one."""
    if not may_revise(consultation, today):
        raise VersionRefused(
            _l("A revised draft can be prepared only after the consultation has closed.")
        )
    working = working_version(consultation)
    if working is not None:
        return working
    if kind not in kinds_to_start(consultation):
        raise VersionRefused(
            _l("The act is adopted: only a correction of the adopted text can follow.")
        )
    _consulted_version(consultation)
    base = versions_of(consultation)[-1]
    version = ActVersion(consultation_id=consultation.id, number=base.number + 1, kind=kind)
    db.session.add(version)
    for article in base.articles:
        version.articles.append(
            VersionArticle(
                lineage=article.lineage,
                number=article.number,
                heading=dict(article.heading or {}),
                text=dict(article.text or {}),
                article_id=article.article_id,
            )
        )
    db.session.flush()
    record_audit(
        "draft_act.version_start",
        f"consultation:{consultation.id}",
        actor.id if actor else None,
        version=version.number,
        kind=kind,
    )
    return version


# ---------------------------------------------------------------- the working copy


def _still_working(version: ActVersion) -> None:
    if version.is_published:
        raise VersionRefused(
            _l(
                "A published version is never changed. To correct it, prepare a new version "
                "from it."
            )
        )


def article_of(version: ActVersion, lineage: int) -> VersionArticle | None:
    """The article `lineage` in `version`, or None."""
    return next((a for a in version.articles if a.lineage == lineage), None)


def links_of(version: ActVersion, lineage: int) -> list[int]:
    """The ids of the comments ticked as having led to the change of `lineage`."""
    return [link.comment_id for link in version.links if link.lineage == lineage]


def comment_choices(consultation: Consultation, article_id: int | None) -> list[Comment]:
    """The comments an officer may tick for a change of an article: the published comments on
    the article put to consultation (`article_id`; none for an added article) and on the act
    as a whole, the accepted and partly accepted first."""
    subject = Comment.article_id.is_(None)
    if article_id is not None:
        subject = or_(Comment.article_id == article_id, subject)
    query = select(Comment).where(
        Comment.consultation_id == consultation.id,
        Comment.cycle_id.is_(None),
        Comment.confirmed_at.is_not(None),
        Comment.hidden.is_(False),
        subject,
    )
    found = list(db.session.scalars(query.order_by(Comment.id)))

    def order(comment: Comment) -> tuple:
        leading = comment.outcome in LEADING_OUTCOMES
        return (comment.article_id is None, not leading, comment.id)

    return sorted(found, key=order)


def _checked_comments(
    consultation: Consultation, article_id: int | None, comment_ids: list[int]
) -> list[int]:
    allowed = {c.id for c in comment_choices(consultation, article_id)}
    chosen = sorted(set(comment_ids))
    if any(cid not in allowed for cid in chosen):
        raise VersionRefused(
            _l("Tick only published comments on this article or on the act as a whole."),
            errors={
                "comment_ids": [
                    _l("Tick only published comments on this article or on the act as a whole.")
                ]
            },
        )
    return chosen


def _set_links(version: ActVersion, lineage: int, comment_ids: list[int]) -> None:
    for link in [link for link in version.links if link.lineage == lineage]:
        version.links.remove(link)
    for comment_id in comment_ids:
        version.links.append(VersionComment(lineage=lineage, comment_id=comment_id))


def _clean(value: dict[str, str]) -> dict[str, str]:
    return {code: text.strip() for code, text in (value or {}).items() if text and text.strip()}


def language_errors(heading: dict, text: dict) -> dict[str, list]:
    """The per-field errors of an article lacking an official language (config
    OFFICIAL_LANGUAGES): its text always, its heading when it has one."""
    errors: dict[str, list] = {}
    for code in missing_languages(text):
        errors[f"text_{_FIELD_LOCALE.get(code, code)}"] = [
            _l("Write the text of the article in every official language.")
        ]
    if heading:
        for code in missing_languages(heading):
            errors[f"heading_{_FIELD_LOCALE.get(code, code)}"] = [
                _l("Write the heading in every official language, or in none.")
            ]
    return errors


def _next_lineage(consultation: Consultation) -> int:
    query = (
        select(func.max(VersionArticle.lineage))
        .join(ActVersion, ActVersion.id == VersionArticle.version_id)
        .where(ActVersion.consultation_id == consultation.id)
    )
    return (db.session.scalar(query) or 0) + 1


def save_article(
    version: ActVersion,
    lineage: int | None,
    number: int,
    heading: dict[str, str],
    text: dict[str, str],
    comment_ids: list[int],
    actor: User | None,
) -> VersionArticle:
    """Change article `lineage` of the working copy, or add one (`lineage` None): its number,
    its heading and text in every language (the official ones required), and the comments
    that led to the change."""
    _still_working(version)
    heading, text = _clean(heading), _clean(text)
    article = article_of(version, lineage) if lineage is not None else None
    if lineage is not None and article is None:
        raise VersionRefused(_l("This article is not in the version."))
    errors = language_errors(heading, text)
    taken = next((a for a in version.articles if a.number == number and a is not article), None)
    if taken is not None:
        errors["number"] = [_l("Another article of this version has this number.")]
    if errors:
        raise VersionRefused(_l("The article is not saved."), errors=errors)
    consultation = version.consultation
    chosen = _checked_comments(consultation, article.article_id if article else None, comment_ids)
    if article is None:
        article = VersionArticle(lineage=_next_lineage(consultation), article_id=None)
        version.articles.append(article)
    article.number = number
    article.heading = heading
    article.text = text
    _set_links(version, article.lineage, chosen)
    db.session.flush()
    record_audit(
        "draft_act.version_article",
        f"consultation:{consultation.id}",
        actor.id if actor else None,
        version=version.number,
        article=article.lineage,
        comments=chosen,
    )
    return article


def remove_article(
    version: ActVersion, lineage: int, comment_ids: list[int], actor: User | None
) -> None:
    """Take article `lineage` out of the working copy, with the comments that led to it."""
    _still_working(version)
    article = article_of(version, lineage)
    if article is None:
        raise VersionRefused(_l("This article is not in the version."))
    chosen = _checked_comments(version.consultation, article.article_id, comment_ids)
    version.articles.remove(article)
    base = previous_published(version)
    was_there = base is not None and article_of(base, lineage) is not None
    _set_links(version, lineage, chosen if was_there else [])
    db.session.flush()
    record_audit(
        "draft_act.version_remove_article",
        f"consultation:{version.consultation_id}",
        actor.id if actor else None,
        version=version.number,
        article=lineage,
        comments=chosen,
    )


def restore_article(version: ActVersion, lineage: int, actor: User | None) -> VersionArticle:
    """Put an article removed from the working copy back as it is in the previous version."""
    _still_working(version)
    base = previous_published(version)
    original = article_of(base, lineage) if base is not None else None
    if original is None or article_of(version, lineage) is not None:
        raise VersionRefused(_l("This article cannot be restored."))
    if any(a.number == original.number for a in version.articles):
        raise VersionRefused(
            _l(
                "Another article of this version has number %(number)s. Renumber it first.",
                number=original.number,
            )
        )
    article = VersionArticle(
        lineage=lineage,
        number=original.number,
        heading=dict(original.heading),
        text=dict(original.text),
        article_id=original.article_id,
    )
    version.articles.append(article)
    _set_links(version, lineage, [])
    db.session.flush()
    record_audit(
        "draft_act.version_restore_article",
        f"consultation:{version.consultation_id}",
        actor.id if actor else None,
        version=version.number,
        article=lineage,
    )
    return article


def discard_version(version: ActVersion, actor: User | None) -> None:
    """Throw the working copy away (a published version is never removed)."""
    _still_working(version)
    consultation_id, number = version.consultation_id, version.number
    db.session.delete(version)  # its articles and ticked comments with it
    db.session.flush()
    record_audit(
        "draft_act.version_discard",
        f"consultation:{consultation_id}",
        actor.id if actor else None,
        version=number,
    )


# ---------------------------------------------------------------- publishing


@dataclass(frozen=True)
class Adoption:
    """What the Assembly decided: the day, the decision's number, and the adopted text as
    PDF if one is attached (checked by its content and size)."""

    adopted_on: dt.date | None
    decision_number: str
    pdf: CheckedFile | None = None


def check_pdf(data: bytes, filename: str, max_bytes: int, max_unpacked: int) -> CheckedFile:
    """The adopted text's PDF, checked like every uploaded document (by its content, not its
    name, and its size); any other file is refused."""
    if not filename.lower().endswith(".pdf"):
        raise UploadRefused(_l("Attach the adopted text as a PDF file."))
    return check_upload(data, filename, max_bytes, max_unpacked, allowed={"pdf"})


def version_problems(version: ActVersion) -> list:
    """What keeps the working copy from being published: no article, or an article lacking
    an official language."""
    if not version.articles:
        return [_l("The version has no article. Add at least one.")]
    problems = []
    for article in version.articles:
        lacking = list(
            dict.fromkeys(
                code
                for value in (article.text, *((article.heading,) if article.heading else ()))
                for code in missing_languages(value)
            )
        )
        if lacking:
            problems.append(
                _l(
                    "Article %(number)s lacks an official language: %(languages)s.",
                    number=article.number,
                    languages=", ".join(str(language_name(code)) for code in lacking),
                )
            )
    return problems


def _adoption_errors(
    consultation: Consultation, adoption: Adoption, today: dt.date
) -> dict[str, list]:
    errors: dict[str, list] = {}
    if adoption.adopted_on is None:
        errors["adopted_on"] = [_l("Enter the day the Assembly adopted the act.")]
    elif adoption.adopted_on > today:
        errors["adopted_on"] = [_l("The day of adoption cannot be in the future.")]
    elif consultation.closes_at is not None and adoption.adopted_on < consultation.closes_at:
        errors["adopted_on"] = [_l("The act cannot be adopted before the consultation closed.")]
    number = adoption.decision_number.strip()
    if not number or len(number) > DECISION_NUMBER_LENGTH:
        errors["decision_number"] = [_l("Enter the number of the Assembly's decision.")]
    return errors


def publish_version(
    version: ActVersion,
    actor: User | None,
    today: dt.date,
    adoption: Adoption | None = None,
    folder: str | None = None,
) -> ActVersion:
    """Publish the working copy as the act's next version, dated `today`; an adopted text
    with the Assembly's decision (`adoption`, its PDF stored in `folder`). From now on it is
    never changed."""
    _still_working(version)
    consultation = version.consultation
    if not may_revise(consultation, today):
        raise VersionRefused(
            _l("A revised draft can be prepared only after the consultation has closed.")
        )
    problems = version_problems(version)
    base = previous_published(version)
    changes = compare(base, version) if base is not None else []
    if version.kind == "revised" and not any(c.change != "unchanged" for c in changes):
        problems.append(
            _l(
                "Nothing differs from version %(number)s. Change, add or remove an article "
                "before publishing.",
                number=base.number if base else 1,
            )
        )
    errors = {}
    if version.kind == "adopted":
        errors = _adoption_errors(consultation, adoption or Adoption(None, ""), today)
    if problems or errors:
        raise VersionRefused(_l("The version is not published."), errors=errors, problems=problems)
    changed = {c.lineage for c in changes if c.change != "unchanged"}
    for link in [link for link in version.links if link.lineage not in changed]:
        version.links.remove(link)
    version.published_at = utcnow()
    version.published_on = today
    if version.kind == "adopted":
        version.adopted_on = adoption.adopted_on
        version.decision_number = adoption.decision_number.strip()
        if adoption.pdf is not None:
            _store_pdf(version, adoption.pdf, folder)
    db.session.flush()
    record_audit(
        "draft_act.adoption" if version.kind == "adopted" else "draft_act.version_publish",
        f"consultation:{consultation.id}",
        actor.id if actor else None,
        version=version.number,
        kind=version.kind,
        changed=sorted(changed),
    )
    return version


def _store_pdf(version: ActVersion, checked: CheckedFile, folder: str | None) -> None:
    if folder is None:
        raise ValueError("no folder for the adopted text's PDF")
    target = Path(folder) / PDF_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    version.pdf_stored_name = uuid.uuid4().hex
    version.pdf_original_name = checked.original_name
    version.pdf_size_bytes = len(checked.data)
    (target / version.pdf_stored_name).write_bytes(checked.data)


def pdf_path(version: ActVersion, folder: str) -> Path | None:
    """Where the adopted text's PDF is kept, if it has one on disk."""
    if not version.pdf_stored_name:
        return None
    path = Path(folder) / PDF_FOLDER / version.pdf_stored_name
    return path if path.is_file() else None


# ---------------------------------------------------------------- comparing two versions


def _canonical(value: dict | None) -> dict[str, str]:
    """A text in every language, Serbian in Latin script, for telling whether it changed."""
    found: dict[str, str] = {}
    for code, text in (value or {}).items():
        text = " ".join(str(text or "").split())
        if not text:
            continue
        if code == "sr":
            found.setdefault("sr_Latn", " ".join(to_latin(text).split()))
        else:
            found[code] = text
    return found


def differs(old: VersionArticle, new: VersionArticle) -> bool:
    """Whether the heading or text of an article changed (in any language)."""
    return _canonical(old.heading) != _canonical(new.heading) or _canonical(old.text) != _canonical(
        new.text
    )


@dataclass(frozen=True)
class Shown:
    """An article's change as the page shows it: in one language, as HTML with its cues."""

    locale: str
    heading: Markup
    text: Markup
    heading_changed: bool
    wanted: str

    @property
    def html_lang(self) -> str:
        return HTML_LANG.get(self.locale, self.locale)

    @property
    def is_fallback(self) -> bool:
        return self.locale != self.wanted and not (
            self.locale in SERBIAN and self.wanted in SERBIAN
        )


@dataclass
class ArticleChange:
    """What happened to one article from one version to another."""

    lineage: int
    #: unchanged, changed, added or removed
    change: str
    old: VersionArticle | None
    new: VersionArticle | None
    #: the published comments that led to the change
    comments: list[Comment] = field(default_factory=list)

    @property
    def article(self) -> VersionArticle:
        """The article as it is now, or as it was when removed."""
        return self.new or self.old

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.number != self.new.number

    def shown(self, wanted: str) -> Shown:
        """The change word by word in the reader's language `wanted`, or in a language both
        versions have (Albanian first)."""
        old, new = self.old, self.new
        values = [v for v in (old and old.text, new and new.text) if v]
        locale = next(
            (
                c
                for c in (wanted, DEFAULT_LOCALE, *LOCALES)
                if all(has_language(v, c) for v in values)
            ),
            wanted,
        )

        def text_of(article: VersionArticle | None, name: str) -> str:
            if article is None:
                return ""
            value = getattr(article, name)
            return localize(value, locale).text if has_language(value, locale) else ""

        old_heading, new_heading = text_of(old, "heading"), text_of(new, "heading")
        return Shown(
            locale=locale,
            heading=diff.diff_html(old_heading, new_heading),
            text=diff.diff_html(text_of(old, "text"), text_of(new, "text")),
            heading_changed=old_heading != new_heading,
            wanted=wanted,
        )


def _order(
    old_by: dict[int, VersionArticle], new_by: dict[int, VersionArticle]
) -> list[tuple[int, tuple]]:
    """Each lineage with its place: the new version's order, a removed article after the
    article that preceded it in the old version."""
    keys = []
    place = (0, 0)
    for lineage, article in sorted(old_by.items(), key=lambda item: item[1].number):
        if lineage in new_by:
            place = (new_by[lineage].number, 0)
        else:
            place = (place[0], place[1] + 1)
            keys.append((lineage, (*place, article.number)))
    keys += [(lineage, (article.number, 0, 0)) for lineage, article in new_by.items()]
    return sorted(keys, key=lambda item: item[1])


def compare(old: ActVersion, new: ActVersion, with_comments: bool = True) -> list[ArticleChange]:
    """Every article of `old` and `new`, in order, with what happened to it and (with
    `with_comments`) the published comments ticked as having led to each change in the
    versions after `old` up to `new`."""
    old_by = {a.lineage: a for a in old.articles}
    new_by = {a.lineage: a for a in new.articles}
    changes = []
    for lineage, _place in _order(old_by, new_by):
        before, after = old_by.get(lineage), new_by.get(lineage)
        if before is None:
            change = "added"
        elif after is None:
            change = "removed"
        else:
            change = "changed" if differs(before, after) else "unchanged"
        changes.append(ArticleChange(lineage, change, before, after))
    if with_comments:
        _attach_comments(old, new, changes)
    return changes


def _attach_comments(old: ActVersion, new: ActVersion, changes: list[ArticleChange]) -> None:
    wanted = {c.lineage: c for c in changes if c.change != "unchanged"}
    if not wanted:
        return
    query = (
        select(VersionComment.lineage, Comment)
        .join(ActVersion, ActVersion.id == VersionComment.version_id)
        .join(Comment, Comment.id == VersionComment.comment_id)
        .where(
            ActVersion.consultation_id == new.consultation_id,
            ActVersion.number > old.number,
            ActVersion.number <= new.number,
            VersionComment.lineage.in_(wanted),
            Comment.confirmed_at.is_not(None),
            Comment.hidden.is_(False),
        )
        .order_by(Comment.id)
    )
    for lineage, comment in db.session.execute(query):
        if comment not in wanted[lineage].comments:
            wanted[lineage].comments.append(comment)


def tally(changes: list[ArticleChange]) -> dict[str, int]:
    """How many articles were changed, added, removed and left as they were."""
    found = dict.fromkeys(("changed", "added", "removed", "unchanged"), 0)
    for change in changes:
        found[change.change] += 1
    return found


@dataclass
class Revision:
    """What the final report and the public page say of the act's versions: the text put to
    consultation, the latest revised draft, the adopted text, and what changed from the first
    to the latest of them."""

    versions: list[ActVersion]
    consulted: ActVersion
    revised: ActVersion | None
    adopted: ActVersion | None
    changes: list[ArticleChange]

    @property
    def latest(self) -> ActVersion:
        return self.versions[-1]

    @property
    def compared(self) -> ActVersion:
        """The version the changes lead to: the revised draft, or the adopted text."""
        return self.revised or self.adopted or self.consulted

    @property
    def by_article(self) -> dict[int, ArticleChange]:
        """The changes by the id of the article put to consultation."""
        return {c.old.article_id: c for c in self.changes if c.old and c.old.article_id}


def revision_of(consultation: Consultation) -> Revision | None:
    """The act's published versions and what changed, or None while only the text put to
    consultation exists (or nothing)."""
    versions = versions_of(consultation)
    if len(versions) < 2:
        return None
    revised = latest_of_kind(versions, "revised")
    adopted = latest_of_kind(versions, "adopted")
    compared = revised or adopted or versions[-1]
    return Revision(
        versions=versions,
        consulted=versions[0],
        revised=revised,
        adopted=adopted,
        changes=compare(versions[0], compared),
    )
