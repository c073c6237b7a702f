"""The demo draft acts: the open one on transparency (12 articles, comments, two still
unanswered) and a past one on youth initiatives whose report is published; each has its
explanatory note attached as a DOCX document (MS-NOTE)."""

import datetime as dt
import io
import re
import unicodedata
import zipfile
from xml.sax.saxutils import escape

from flask import current_app
from sqlalchemy import select

from consult.comments.models import Answer, Comment
from consult.consultations import versions
from consult.consultations.demo_data.consultation import CONSULTATION as CONSULTATION
from consult.consultations.demo_data.draft_act import DEMO_COMMENTS, DEMO_ORGANISATIONS, DRAFT_ACT
from consult.consultations.demo_data.last_year_act import (
    LAST_YEAR_ACT,
    LAST_YEAR_COMMENTS,
    LAST_YEAR_MEETING,
    LAST_YEAR_VERSIONS,
)
from consult.consultations.demo_data.last_year_act import (
    LAST_YEAR_CONSULTATION as LAST_YEAR_CONSULTATION,
)
from consult.consultations.demo_data.notes import TRANSPARENCY_NOTE, WASTE_NOTE, YOUTH_NOTE
from consult.consultations.demo_data.past_act import PAST_ACT, PAST_COMMENTS, PAST_MEETING
from consult.consultations.demo_data.past_act import PAST_CONSULTATION as PAST_CONSULTATION
from consult.consultations.models import Article, DraftActSettings
from consult.core import reviews
from consult.core.documents import CheckedFile, store_document
from consult.core.kinds import DemoContext
from consult.core.models import Consultation, Document, LocalCommunity
from consult.extensions import db
from consult.meetings.models import Meeting
from consult.organisations.models import Organisation

#: the language tag Word gives each authored language of a note
DOCX_LANGUAGES = {"sq": "sq-AL", "sr_Latn": "sr-Latn-RS", "bs": "bs-Latn-BA", "en": "en-GB"}


def _organisations(today: dt.date) -> dict[str, Organisation]:
    """The demo organisations by name, reusing any already registered."""
    found = {}
    for item in DEMO_ORGANISATIONS:
        organisation = db.session.scalar(
            select(Organisation).where(
                Organisation.registration_number == item["registration_number"]
            )
        )
        if organisation is None:
            organisation = Organisation(**item)
            if item["verified"]:
                organisation.verified_at = dt.datetime.combine(today, dt.time(9))
            db.session.add(organisation)
        found[item["name"]] = organisation
    db.session.flush()
    return found


def _address(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]+", ".", plain).strip(".") + "@example.org"


def _moment(consultation: Consultation, today: dt.date, days: int, hour: int) -> dt.datetime:
    start = consultation.opens_at or today
    return dt.datetime.combine(min(start + dt.timedelta(days=days), today), dt.time(hour))


def load_demo(consultation: Consultation, today: dt.date) -> list[Comment]:
    """Put the open demo act's articles, comments and answers onto `consultation`."""
    comments = _load_act(consultation, today, DRAFT_ACT, DEMO_COMMENTS)
    _demo_meeting(consultation, today)
    attach_note(consultation, TRANSPARENCY_NOTE)
    attach_draft(consultation, DRAFT_ACT, "rregullore-transparenca.docx")
    return comments


def load_past_demo(consultation: Consultation, today: dt.date) -> list[Comment]:
    """The past act: every comment answered, a meeting held, the report published and sent
    to the chair's review."""
    comments = _load_act(consultation, today, PAST_ACT, PAST_COMMENTS)
    _past_meeting(consultation, today)
    attach_note(consultation, YOUTH_NOTE)
    published = consultation.report_published_at or today
    reviews.submit(consultation, at=dt.datetime.combine(published, dt.time(9)))
    return comments


def load_last_year_demo(
    consultation: Consultation, today: dt.date, received_at: dt.datetime, chair_id: int
) -> list[Comment]:
    """Last year's act: every comment answered, a meeting held, the report published with
    the revised draft, submitted to the chair and received by the chair for the Assembly on
    `received_at`; the Assembly then adopted the act as revised."""
    comments = _load_act(consultation, today, LAST_YEAR_ACT, LAST_YEAR_COMMENTS)
    year = consultation.opens_at.year
    _held_meeting(
        consultation,
        LAST_YEAR_MEETING,
        dt.date(year, *LAST_YEAR_MEETING["on"]),
        dt.date(year, *LAST_YEAR_MEETING["announced_on"]),
    )
    attach_note(consultation, WASTE_NOTE)
    published = consultation.report_published_at or today
    reviews.submit(consultation, at=dt.datetime.combine(published, dt.time(9)))
    reviews.receive(consultation, chair_id).at = received_at
    db.session.flush()
    load_versions(consultation, comments, LAST_YEAR_VERSIONS, year)
    return comments


def load_versions(
    consultation: Consultation, comments: list[Comment], data: dict, year: int
) -> None:
    """The act's revised draft (the articles `data` changes, with the comments that led to
    each) published on its day, then the adopted text with the Assembly's decision, as the
    officers would through the back office (the audit log names no one: the demo did it)."""
    revised_on = dt.date(year, *data["revised_on"])
    draft = versions.start_version(consultation, "revised", None, revised_on)
    for item in data["articles"]:
        article = next(a for a in draft.articles if a.number == item["number"])
        chosen = [comments[index].id for index in item["comments"]]
        versions.save_article(
            draft, article.lineage, item["number"], item["heading"], item["text"], chosen, None
        )
    versions.publish_version(draft, None, revised_on)
    adopted_on = dt.date(year, *data["adopted_on"])
    adopted = versions.start_version(consultation, "adopted", None, adopted_on)
    decision = versions.Adoption(adopted_on, data["decision_number"].format(year=year))
    versions.publish_version(adopted, None, adopted_on + dt.timedelta(days=1), decision)


#: "Article" in each authored language, for the draft's DOCX
ARTICLE_WORD = {"sq": "Neni", "sr_Latn": "Član", "bs": "Član", "en": "Article"}


def attach_draft(consultation: Consultation, act: dict, file_name: str) -> Document:
    """Write the act's articles as a DOCX (each language in turn) and attach it as the draft,
    as an officer's upload would."""
    text = {}
    for language, word in ARTICLE_WORD.items():
        lines = [f"# {act['title'][language]}"]
        for article in act["articles"]:
            lines.append(f"# {word} {article['number']}. {article['heading'][language]}")
            lines.append(article["text"][language])
        text[language] = lines
    document = store_document(
        CheckedFile(note_docx(text), "docx", file_name),
        current_app.config["UPLOAD_FOLDER"],
        consultation_id=consultation.id,
        role="draft",
        title=dict(act["title"]),
    )
    db.session.add(document)
    db.session.flush()
    return document


def attach_note(consultation: Consultation, note: dict) -> Document:
    """Write `note` as a DOCX into the upload folder and attach it as the act's explanatory
    note, as an officer's upload would."""
    data = note_docx(note["text"])
    document = store_document(
        CheckedFile(data, "docx", note["file_name"]),
        current_app.config["UPLOAD_FOLDER"],
        consultation_id=consultation.id,
        role="explanatory_note",
        title=note["title"],
    )
    db.session.add(document)
    db.session.flush()
    return document


def note_docx(text: dict[str, list[str]]) -> bytes:
    """A minimal Word document: each language's paragraphs in turn, tagged with the language;
    a paragraph starting with "# " is a bold heading."""
    paragraphs = []
    for language, lines in text.items():
        tag = DOCX_LANGUAGES[language]
        for line in lines:
            heading = line.startswith("# ")
            looks = '<w:b/><w:sz w:val="28"/>' if heading else ""
            paragraphs.append(
                f'<w:p><w:r><w:rPr>{looks}<w:lang w:val="{tag}"/></w:rPr>'
                f"<w:t>{escape(line.removeprefix('# '))}</w:t></w:r></w:p>"
            )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{''.join(paragraphs)}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _load_act(
    consultation: Consultation, today: dt.date, act: dict, demo_comments: list[dict]
) -> list[Comment]:
    db.session.add(DraftActSettings(consultation_id=consultation.id, allow_anonymous=True))
    articles = {}
    for item in act["articles"]:
        article = Article(
            consultation_id=consultation.id,
            number=item["number"],
            heading=item["heading"],
            text=item["text"],
        )
        db.session.add(article)
        articles[item["number"]] = article
    organisations = _organisations(today)
    db.session.flush()
    comments = []
    for index, item in enumerate(demo_comments):
        # only a verified organisation comments in its name; the others' people as citizens
        organisation = organisations.get(item["organisation"] or "")
        if organisation is not None and not organisation.verified:
            organisation = None
        comment = Comment(
            consultation_id=consultation.id,
            article_id=articles[item["article"]].id if item["article"] else None,
            author_kind="cso" if organisation is not None else "citizen",
            author_name=item["author_name"],
            author_email=organisation.contact_email
            if organisation
            else _address(item["author_name"]),
            show_name=organisation is not None or item["gender"] is not None,
            organisation_id=organisation.id if organisation else None,
            language=item["language"],
            text=item["text"],
            gender=item["gender"],
            created_at=_moment(consultation, today, index, 10),
            confirmed_at=_moment(consultation, today, index, 11),
        )
        db.session.add(comment)
        db.session.flush()
        if item["answer"]:
            db.session.add(
                Answer(
                    comment_id=comment.id,
                    outcome=item["answer"]["outcome"],
                    reason=item["answer"]["reason"],
                    answered_at=_moment(consultation, today, index + 1, 14),
                )
            )
        comments.append(comment)
    db.session.flush()
    return comments


def _demo_meeting(consultation: Consultation, today: dt.date) -> Meeting:
    """A public meeting on the draft in the Assembly hall, announced ten days ahead."""
    held_on = min((consultation.opens_at or today) + dt.timedelta(days=3), today)
    meeting = Meeting(
        consultation_id=consultation.id,
        held_on=held_on,
        starts_at=dt.time(17, 30),
        place="Salla e Kuvendit të Komunës, Istog",
        audience="general",
        announced_on=held_on - dt.timedelta(days=10),
        agenda={
            "sq": "Prezantimi i projektrregullores për transparencë; pyetje dhe komente.",
            "sr_Latn": "Predstavljanje nacrta pravilnika o transparentnosti; pitanja i komentari.",
            "bs": "Predstavljanje nacrta pravilnika o transparentnosti; pitanja i komentari.",
            "en": "Presentation of the draft regulation on transparency; questions and comments.",
        },
        attendance_women=14,
        attendance_men=19,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _past_meeting(consultation: Consultation, today: dt.date) -> Meeting:
    """The public meeting held on the past act, with its minutes and attendance."""
    return _held_meeting(
        consultation,
        PAST_MEETING,
        today + dt.timedelta(days=PAST_MEETING["offset"]),
        today + dt.timedelta(days=PAST_MEETING["announced_offset"]),
    )


def _held_meeting(
    consultation: Consultation, data: dict, held_on: dt.date, announced_on: dt.date
) -> Meeting:
    """A public meeting held on an act, with its minutes and attendance, in the local
    community `data` names (by its Albanian name)."""
    communities = db.session.scalars(select(LocalCommunity)).all()
    community = next((c for c in communities if c.name.get("sq") == data["local_community"]), None)
    meeting = Meeting(
        consultation_id=consultation.id,
        held_on=held_on,
        starts_at=dt.time(17, 0),
        place=data["place"]["sq"],
        local_community_id=community.id if community else None,
        audience=data.get("audience", "youth"),
        announced_on=announced_on,
        agenda=data["agenda"],
        minutes=data["minutes"],
        attendance_women=data["attendance"]["female"],
        attendance_men=data["attendance"]["male"],
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def load_for_seed(context: DemoContext) -> None:
    """The draft acts of the demo (`consult.core.kinds.KindDemo`): this year's, the one
    consulted earlier this year, and last year's, whose report the chair received."""
    load_demo(context.current["draft_act"], context.today)
    (past,) = context.up_front["draft_act"]
    load_past_demo(past, context.today)
    last_year = context.add_consultation(LAST_YEAR_CONSULTATION)
    received = context.dates(LAST_YEAR_CONSULTATION)["received"]
    at = dt.datetime.combine(received, dt.time(11))
    load_last_year_demo(last_year, context.today, at, context.chair_id)
