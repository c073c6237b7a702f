"""Whatever anyone sends to a form, the site answers without a server error and, when it refuses,
writes nothing.

Every form is one row of `FORMS`: how to prepare what the form needs (returning its URL), the
Hypothesis strategy for its fields, and who must be signed in. A feature adds its forms by
appending a `FormCase` to `FORMS` below; the helpers (`form_fields`, `text_of`, `a_date`,
`one_of_choices`, `uploads`...) build the strategies. The foundation's forms come first, then
every public form of the features (comments on draft acts and budgets, capital-investment
proposals, CSO registration, subscriptions, the poll's ballot, voter check and receipt check,
the survey's access code and answers) and the officers' forms for answering, hiding, articles
and meetings.
CI runs each form with CONSULT_FUZZ_EXAMPLES=500 on SQLite (the test checks that many ran)
and with the default 60 on PostgreSQL, with CONSULT_FUZZ_DERANDOMIZE=1: the examples then
follow from each test's name, so CI's verdict on a commit is the one a developer gets with
the same variables (a run without it draws new examples each time and explores further).
"""

import datetime as dt
import gc
import html
import io
import os
import re
import warnings
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import template_rendered
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import providers
from sqlalchemy import func, inspect, select, text
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from consult import errors
from consult.core.models import Document
from consult.extensions import db, limiter
from tests.bombs import MB, with_many_entries, with_zeros
from tests.conftest import csrf_token

#: no example database: each run starts fresh (as CI does), so an example saved under an older
#: strategy is never replayed against a changed one
FUZZ = settings(
    max_examples=int(os.environ.get("CONSULT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    derandomize=os.environ.get("CONSULT_FUZZ_DERANDOMIZE") == "1",
)

# --- what gets sent ---------------------------------------------------------------------------

#: Every code point a request can carry (lone surrogates cannot be encoded as UTF-8).
#: NUL is left out until the foundation refuses it: on PostgreSQL a NUL in a VARCHAR column
#: is a server error today (see test_nul_characters_never_reach_the_database).
ANY_CHARACTER = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
CONTROL_CHARACTER = st.characters(min_codepoint=1, max_codepoint=0x1F) | st.sampled_from(
    ["\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\u200b", "\ufeff", "\ufffe"]
)
NASTY = [
    "",
    " ",
    "\t\r\n",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "%(name)s %s {0} {{ 7*7 }} ${7*7}",
    "\u202egnp.exe",
    "😀" * 3,
    "Ǆž ß İ ﬁ Ωмя",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 40,
    "２０２６",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "../../etc/passwd",
    "a@b",
    "@",
    "null",
    "[]",
    "{}",
]
junk_text = st.one_of(
    st.text(ANY_CHARACTER, max_size=60),
    st.text(CONTROL_CHARACTER, min_size=1, max_size=10),
    st.sampled_from(NASTY),
    # huge strings: past every Length(max=...) and past Flask's MAX_FORM_MEMORY_SIZE
    st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(["a", "ж", "😀", "<", "9", " "]),
        st.integers(250, 150_000),
    ),
)


def maybe_many(values: st.SearchStrategy) -> st.SearchStrategy:
    """A value, or the same field sent two or three times."""
    return values | st.lists(values, min_size=2, max_size=3)


def text_of(max_length: int) -> st.SearchStrategy:
    """Text for a field that holds `max_length` characters: junk, short text, and text of
    about the limit. Long text is built by repetition: drawn character by character it would
    exhaust Hypothesis's budget of choices per example and make generation inconsistent."""
    return (
        junk_text
        | st.text(ANY_CHARACTER, max_size=min(max_length + 2, 80))
        | st.builds(
            lambda piece, length: (piece * length)[:length],
            st.text(ANY_CHARACTER, min_size=1, max_size=8),
            st.integers(max(max_length - 2, 0), max_length + 2),
        )
    )


def one_of_choices(valid: list[str]) -> st.SearchStrategy:
    return st.sampled_from(valid) | junk_text


def a_date() -> st.SearchStrategy:
    return st.dates().map(lambda d: d.isoformat()) | junk_text


def a_number(low: int, high: int) -> st.SearchStrategy:
    """A number for a numeric field: in range, any integer (past a float's range too), or junk."""
    return st.integers(low, high).map(str) | st.integers().map(str) | junk_text


def within_32_bits(values: st.SearchStrategy) -> st.SearchStrategy:
    """Leave out what `int()` reads as a number past 32 bits (tested on its own below)."""

    def small(value) -> bool:
        try:
            return abs(int(value)) < 2**31
        except (TypeError, ValueError):
            return True

    return values.filter(lambda v: all(small(x) for x in (v if isinstance(v, list) else [v])))


def an_email() -> st.SearchStrategy:
    return st.emails().map(str) | junk_text


def form_data(fields: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """Any subset of `fields` (missing fields), each possibly repeated, plus unknown fields."""
    known = st.fixed_dictionaries({}, optional={k: maybe_many(v) for k, v in fields.items()})
    unknown_names = st.text(ANY_CHARACTER, min_size=1, max_size=20).filter(
        lambda k: k not in fields
    )
    extra = st.dictionaries(unknown_names, junk_text, max_size=3)
    built = st.builds(lambda e, k: {**e, **k}, extra, known)
    built.field_names = tuple(fields)  # for test_no_form_message_is_left_in_english
    return built


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart form, rebuilt for every request."""

    data: bytes
    name: str


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@st.composite
def zip_archives(draw) -> bytes:
    """ZIP containers that look more or less like office documents, sometimes cut short."""
    names = st.sampled_from(
        ["word/document.xml", "xl/workbook.xml", "mimetype", "[Content_Types].xml", "../x"]
    ) | st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=12)
    members = draw(st.dictionaries(names, st.binary(max_size=64), max_size=4))
    if "mimetype" in members and draw(st.booleans()):
        members["mimetype"] = b"application/vnd.oasis.opendocument.text"
    data = _zip(members)
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


file_contents = st.one_of(
    st.binary(max_size=256),
    st.builds(lambda tail: b"%PDF-1.7\n" + tail, st.binary(max_size=64)),
    st.builds(lambda tail: b"PK\x03\x04" + tail, st.binary(max_size=64)),
    zip_archives(),
    st.just(b""),
)
file_names = st.one_of(
    st.sampled_from(["draft.pdf", "note.docx", "budget.xlsx", "act.odt", "x.PDF", "a.exe"]),
    st.builds(
        lambda stem, ext: stem + ext,
        st.text(ANY_CHARACTER, max_size=40),
        st.sampled_from([".pdf", ".docx", ".odt", ".xlsx", ".txt", "", ".pdf.exe"]),
    ),
    st.sampled_from(["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "a/b/c.pdf", ".pdf", " "]),
)
uploads = st.builds(Upload, file_contents, file_names)


# --- the table of forms -----------------------------------------------------------------------


def form_fields(
    fields: dict[str, st.SearchStrategy], valid: dict[str, object] | None = None
) -> st.SearchStrategy:
    """Garbage in any subset of `fields`; and, when a `valid` submission is given, that
    submission with one or two fields replaced by garbage or left out, so the fuzzer also
    walks the paths just past validation."""
    if valid is None:
        return form_data(fields)
    names = sorted(fields)
    changed = st.lists(st.sampled_from(names), max_size=2, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({k: maybe_many(fields[k]) for k in chosen})
    )
    dropped = st.sets(st.sampled_from(sorted(valid)), max_size=1)
    nearly_valid = st.builds(
        lambda changes, left_out: {
            k: v for k, v in {**valid, **changes}.items() if k not in left_out
        },
        changed,
        dropped,
    )
    combined = form_data(fields) | nearly_valid | st.just(valid)
    combined.valid_submission = valid  # for test_every_valid_submission_is_accepted
    combined.field_names = tuple(fields)
    return combined


@dataclass(frozen=True)
class FormCase:
    """One form the fuzzer posts to."""

    name: str
    #: creates what the form needs (fixtures in the namespace; it may leave values such as
    #: ids in `f.prepared`) and returns the form's URL
    prepare: Callable[[SimpleNamespace], str]
    #: the values of `f.prepared` → the strategy for the posted fields (values may be str,
    #: lists of str, or `Upload`)
    fields: Callable[[dict], st.SearchStrategy]
    #: who signs in first; None for a citizen
    role: str | None = None
    #: the page whose form carries the CSRF token; default the URL itself
    form_page: Callable[[str], str] = field(default=lambda url: url)
    multipart: bool = False
    method: str = "POST"
    #: the status of an accepted submission; any other status must leave the database as it was
    accepted: tuple[int, ...] = (302,)
    #: hidden inputs copied from the form page with the CSRF token (e.g. a signed state)
    hidden: tuple[str, ...] = ()
    #: brings the session back to where the form is shown, before every example
    before_each: Callable[[object, dict], None] | None = None


def _login_page(f: SimpleNamespace) -> str:
    f.make_user("officer")  # a real account, so that known e-mails meet wrong passwords
    return "/login"


def _new_consultation(f: SimpleNamespace) -> str:
    f.prepared["directorate_id"] = f.make_directorate()
    return "/manage/consultations/new"


def _edit_consultation(f: SimpleNamespace) -> str:
    f.prepared["directorate_id"] = f.make_directorate()
    consultation_id = f.make_consultation(
        directorate_id=f.prepared["directorate_id"], status="draft"
    )
    return f"/manage/consultations/{consultation_id}/edit"


def _upload_document(f: SimpleNamespace) -> str:
    consultation_id = f.make_consultation(directorate_id=f.make_directorate(), status="draft")
    return f"/manage/consultations/{consultation_id}/documents"


def _advance_consultation(f: SimpleNamespace) -> str:
    consultation_id = f.make_consultation(directorate_id=f.make_directorate(), status="draft")
    return f"/manage/consultations/{consultation_id}/advance"


def _consultation_form(prepared: dict) -> st.SearchStrategy:
    directorate = str(prepared["directorate_id"])
    fields = {
        "kind": one_of_choices(["draft_act", "budget_hearing", "capital_poll", "survey"]),
        "directorate_id": one_of_choices([directorate, ""]) | a_number(-5, 5),
        "planned_year": a_number(1990, 2110),
        "contact_name": text_of(200),
        "contact_email": an_email(),
        "contact_phone": text_of(40),
        "notice_at": a_date(),
        "opens_at": a_date(),
        "closes_at": a_date(),
        "report_due_at": a_date(),
    }
    for name, length in (("title", 300), ("summary", 1000), ("body", 20000)):
        for locale in ("sq", "sr_Latn", "sr", "bs", "en"):
            fields[f"{name}_{locale}"] = text_of(length)
    valid = {
        "kind": "draft_act",
        "directorate_id": directorate,
        "planned_year": "2026",
        "title_sq": "Rregullore për parqet",
        "title_sr_Latn": "Pravilnik o parkovima",
        "summary_bs": "Sažetak",
        "contact_name": "Valentina Gashi",
        "contact_email": "valentina.gashi@istog.example",
        "notice_at": "2026-11-01",
        "opens_at": "2026-11-20",
        "closes_at": "2026-12-10",
    }
    return form_fields(fields, valid)


def _document_form(prepared: dict) -> st.SearchStrategy:
    fields = {
        "file": uploads | junk_text,
        "role": one_of_choices(["draft", "explanatory_note", "other"]),
        **{f"title_{locale}": text_of(300) for locale in ("sq", "sr_Latn", "bs", "en")},
    }
    valid = {
        "file": Upload(b"%PDF-1.7\n%%EOF", "projektakti.pdf"),
        "role": "draft",
        "title_sq": "Projektakti",
        "title_bs": "Nacrt akta",
    }
    return form_fields(fields, valid)


_LOGIN = form_data(
    {
        "email": an_email() | st.just("officer@istog.example"),
        "password": text_of(200),
        "next": junk_text | st.sampled_from(["/manage/", "//evil.example", "https://x"]),
    }
)
# directorate and year stay within 32 bits until the foundation bounds them
# (see test_huge_numbers_in_addresses_are_not_found_not_errors)
_HOME_FILTERS = form_data(
    {
        "kind": one_of_choices(["draft_act", "survey"]),
        "directorate": within_32_bits(a_number(-5, 5)),
        "year": within_32_bits(a_number(2000, 2100)),
        "lang": one_of_choices(["sq", "sr", "sr_Latn", "bs", "en"]),
    }
)

_ADVANCE = form_fields(
    {
        "to_status": one_of_choices(["announced", "open", "closed", "reported", "draft"]),
        "override_reason": text_of(2000),
    }
)

FORMS: list[FormCase] = [
    FormCase("login", _login_page, lambda p: _LOGIN),
    FormCase("home filters", lambda f: "/", lambda p: _HOME_FILTERS, method="GET", accepted=(200,)),
    FormCase("new consultation", _new_consultation, _consultation_form, role="officer"),
    FormCase("edit consultation", _edit_consultation, _consultation_form, role="officer"),
    # refused steps come back as a redirect with a message, so only "no server error" is checked
    FormCase(
        "lifecycle step",
        _advance_consultation,
        lambda p: _ADVANCE,
        role="officer",
        form_page=lambda url: url.removesuffix("/advance"),
    ),
    FormCase(
        "document upload",
        _upload_document,
        _document_form,
        role="officer",
        form_page=lambda url: url.removesuffix("/documents"),
        multipart=True,
    ),
]


# --- the features' public forms, and officer forms ----------------------------------------------

LANGUAGES = ["sq", "sr_Latn", "sr", "bs", "en"]
#: any page with a form gives the session's CSRF token, which every form of the session accepts
PUBLIC_FORM_PAGE = "/subscriptions"
OFFICER_FORM_PAGE = "/manage/consultations/new"


def _with_app(f: SimpleNamespace):
    """An application context with a request, for the services that translate messages."""
    return f.app.test_request_context("/?lang=en")


def _comment_on_draft_act(f: SimpleNamespace) -> str:
    from consult.consultations.models import Article, DraftActSettings

    consultation_id = f.make_consultation(directorate_id=f.make_directorate())
    with _with_app(f):
        article = Article(consultation_id=consultation_id, number=1, heading={"sq": "Neni 1"})
        db.session.add_all(
            [article, DraftActSettings(consultation_id=consultation_id, allow_anonymous=True)]
        )
        db.session.commit()
        f.prepared["article_id"] = article.id
    f.prepared["consultation_id"] = consultation_id
    return f"/consultations/{consultation_id}/comments"


def _comment_form(prepared: dict) -> st.SearchStrategy:
    fields = {
        "article_id": one_of_choices(["0", str(prepared["article_id"])]) | a_number(-5, 5),
        "text": text_of(5000),
        "language": one_of_choices(LANGUAGES),
        "author": one_of_choices(["citizen", "anonymous", "organisation"]),
        "name": text_of(200),
        "email": an_email(),
        "show_name": one_of_choices(["y", ""]),
        "gender": one_of_choices(["", "female", "male", "other"]),
    }
    valid = {
        "article_id": str(prepared["article_id"]),
        "text": "Neni 1 duhet të përmendë afatet.",
        "language": "sq",
        "author": "citizen",
        "name": "Blerta Kelmendi",
        "email": "blerta@example.org",
        "gender": "female",
    }
    return form_fields(fields, valid)


_ORGANISATION = form_fields(
    {
        "name": text_of(200),
        "registration_number": text_of(40),
        "sector": text_of(100),
        "contact_email": an_email(),
        "representative": text_of(200),
        "password": text_of(200),
        "password_again": text_of(200),
    },
    {
        "name": "OJQ Rinia Aktive Istog",
        "registration_number": "5114-2019",
        "contact_email": "info@rinia.example",
        "representative": "Dardan Krasniqi",
        "password": "a long enough password",
        "password_again": "a long enough password",
    },
)


def _subscriptions(f: SimpleNamespace) -> str:
    f.prepared["directorate_id"] = f.make_directorate()
    return "/subscriptions"


def _subscription_form(prepared: dict) -> st.SearchStrategy:
    directorate = str(prepared["directorate_id"])
    return form_fields(
        {
            "email": an_email(),
            "directorate_id": one_of_choices(["0", directorate]) | a_number(-5, 5),
        },
        {"email": "blerta@example.org", "directorate_id": directorate},
    )


def _unsubscribe(f: SimpleNamespace) -> str:
    from consult.subscriptions.models import Subscription

    with _with_app(f):
        db.session.add(Subscription(email="blerta@example.org", token="t" * 32))
        db.session.commit()
    return "/subscriptions/unsubscribe/" + "t" * 32


def _hearing_cycle(f: SimpleNamespace) -> int:
    from consult.core.models import Consultation, LocalCommunity
    from consult.hearings import services as hearings

    consultation_id = f.make_consultation(
        kind="budget_hearing", directorate_id=f.make_directorate()
    )
    today = dt.date.today()
    with _with_app(f):
        community = LocalCommunity(name={"sq": "Banjë", "sr_Latn": "Banja"}, population=2874)
        db.session.add(community)
        hearings.create_cycle(
            db.session.get(Consultation, consultation_id),
            today.year + 1,
            mtbf_due=today + dt.timedelta(days=20),
            circular2_due=today + dt.timedelta(days=45),
            approval_due=today + dt.timedelta(days=90),
        )
        db.session.commit()
        f.prepared["community_id"] = community.id
    return consultation_id


def _hearing_comment(f: SimpleNamespace) -> str:
    return f"/hearings/{_hearing_cycle(f)}/comments/new"


_HEARING_COMMENT = form_fields(
    {
        "line_id": one_of_choices(["0"]) | a_number(-5, 5),
        "text": text_of(5000),
        "language": one_of_choices(LANGUAGES),
        "author_name": text_of(200),
        "author_email": an_email(),
        "gender": one_of_choices(["", "female", "male", "other", "f", "m"]),
    },
    {
        "line_id": "0",
        "text": "Më shumë për rrugët e fshatrave.",
        "language": "sq",
        "author_name": "Arta Bytyqi",
        "author_email": "arta@example.org",
    },
)


def _capital_proposal(f: SimpleNamespace) -> str:
    return f"/hearings/{_hearing_cycle(f)}/proposals/new"


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _proposal_form(prepared: dict) -> st.SearchStrategy:
    community = str(prepared["community_id"])
    photos = uploads | st.builds(Upload, st.just(_png()), file_names) | junk_text
    fields = {
        "title": text_of(200),
        "local_community_id": one_of_choices([community]) | a_number(-5, 5),
        "estimated_cost": a_number(0, 10**7) | st.sampled_from(["1.000,50", "25 000", "1e6"]),
        "description": text_of(5000),
        "language": one_of_choices(LANGUAGES),
        "photo": photos,
        "proposer_name": text_of(200),
        "proposer_email": an_email(),
    }
    valid = {
        "title": "Kënd lojërash në Banjë",
        "local_community_id": community,
        "estimated_cost": "25000",
        "description": "Një kënd lojërash për fëmijët e fshatit.",
        "language": "sq",
        "proposer_name": "Gent Rexhepi",
        "proposer_email": "gent@example.org",
    }
    return form_fields(fields, valid)


VOTER = ("1234567890", 1980)


def _open_poll(f: SimpleNamespace) -> int:
    from consult.core.models import Consultation
    from consult.polls import services as polls

    consultation_id = f.make_consultation(kind="capital_poll", directorate_id=f.make_directorate())
    with _with_app(f):
        poll = polls.create_poll(
            db.session.get(Consultation, consultation_id),
            {"budget": 100000, "ballot_type": "approval", "rule": "greedy"},
        )
        projects = [
            polls.save_project(poll, None, {"title": {"sq": t, "en": t}, "cost": c, "code": k})
            for k, t, c in (("P1", "Rruga", 60000), ("P2", "Parku", 30000))
        ]
        voters = f"personal_number,birth_year,gender,local_community\n{VOTER[0]},{VOTER[1]},f,\n"
        polls.import_voter_list(poll, voters, polls.community_names())
        db.session.commit()
        f.prepared["projects"] = [str(p.id) for p in projects]
        f.prepared["poll_id"] = poll.id
        return poll.id


def _poll_ballot(f: SimpleNamespace) -> str:
    return f"/polls/{_open_poll(f)}"


def _ballot_form(prepared: dict) -> st.SearchStrategy:
    projects = prepared["projects"]
    return form_fields(
        {
            "project": one_of_choices(projects)
            | st.sampled_from(["٣", "²", "0", "-1", "9" * 4301]),
            "action": one_of_choices(["check", "continue"]),
            "gender": one_of_choices(["", "female", "male"]),
            "local_community": one_of_choices(["", "٣", "²", "999999999"]) | a_number(-5, 5),
            # the voter list is asked on the ballot itself
            "personal_number": text_of(20) | a_number(0, 10**10),
            "birth_year": a_number(1900, 2030) | st.sampled_from(["²", "9" * 309]),
        },
        {
            "project": projects[:1],
            "action": "continue",
            "personal_number": VOTER[0],
            "birth_year": str(VOTER[1]),
        },
    )


def _voter_check(f: SimpleNamespace) -> str:
    return f"/polls/{_open_poll(f)}/verify"


def _start_verification(client, prepared: dict) -> None:
    """A fresh visitor whose session holds a ballot kept before the ballot page asked who they
    are: the verification page asks for the voter list."""
    client.delete_cookie("session")
    ballot = {"done": [], "ballot": [int(prepared["projects"][0])]}
    with client.session_transaction() as session:
        session["polls"] = {str(prepared["poll_id"]): ballot}


_VOTER_CHECK = form_fields(
    {"personal_number": text_of(20) | a_number(0, 10**10), "birth_year": a_number(1900, 2030)},
    {"personal_number": VOTER[0], "birth_year": str(VOTER[1])},
)


def _poll_receipt(f: SimpleNamespace) -> str:
    return f"/polls/{_open_poll(f)}/receipt"


_RECEIPT = form_fields({"code": text_of(40)}, {"code": "K7QF-2M9C-XD4P"})


def _survey(f: SimpleNamespace, audience: str):
    from consult.core.models import Consultation
    from consult.surveys import services as surveys

    consultation_id = f.make_consultation(kind="survey", directorate_id=f.make_directorate())
    text = {"sq": "Pyetje", "sr_Latn": "Pitanje", "bs": "Pitanje", "en": "Question"}
    staff_directorate = f.make_directorate("HEA") if audience == "staff" else None
    with _with_app(f):
        survey = surveys.create_survey(
            db.session.get(Consultation, consultation_id), audience, 2026
        )
        section = surveys.add_section(survey, text)
        questions = {
            "channel": surveys.add_question(
                section,
                "channel",
                "single_choice",
                text,
                required=True,
                options=[("email", text), ("meetings", text)],
            ),
            "tools": surveys.add_question(
                section,
                "tools",
                "multiple_choice",
                text,
                min_value=1,
                max_value=2,
                options=[("email", text), ("phone", text), ("teams", text)],
            ),
            "climate": surveys.add_question(
                section, "climate", "likert_matrix", text, statements=[("across", text)]
            ),
            "meetings": surveys.add_question(
                section, "meetings", "number", text, min_value=0, max_value=60
            ),
            "ideas": surveys.add_question(section, "ideas", "long_text", text),
        }
        if audience == "staff":
            surveys.issue_tokens(survey, staff_directorate, 3)
        db.session.commit()
        f.prepared["questions"] = {key: q.id for key, q in questions.items()}
        return survey.id


def _staff_code(f: SimpleNamespace) -> str:
    return f"/surveys/{_survey(f, 'staff')}/code"


_STAFF_CODE = form_fields({"code": text_of(40)}, {"code": "ABCD-EFGH-JKLM"})


def _citizen_answers(f: SimpleNamespace) -> str:
    return f"/surveys/{_survey(f, 'citizen')}/take"


def _answers_form(prepared: dict) -> st.SearchStrategy:
    q = {key: f"q{qid}" for key, qid in prepared["questions"].items()}
    fields = {
        q["channel"]: one_of_choices(["email", "meetings"]),
        q["tools"]: one_of_choices(["email", "phone", "teams"]),
        q["climate"] + "_s1": one_of_choices(["1", "2", "3", "4", "5"]),
        q["meetings"]: a_number(0, 60) | st.sampled_from(["1.5", "1,5", "inf", "nan"]),
        q["ideas"]: text_of(5000),
        "previous": one_of_choices([""]),
    }
    valid = {
        q["channel"]: "meetings",
        q["tools"]: ["email", "phone"],
        q["climate"] + "_s1": "4",
        q["meetings"]: "3",
        q["ideas"]: "Më shumë takime.",
    }
    return form_fields(fields, valid)


def _comment_to_answer(f: SimpleNamespace) -> int:
    from consult.comments.models import Comment
    from consult.core.models import utcnow

    directorate_id = f.make_directorate()
    consultation_id = f.make_consultation(directorate_id=directorate_id)
    f.prepared["role_directorate"] = directorate_id
    with _with_app(f):
        comment = Comment(
            consultation_id=consultation_id,
            author_kind="citizen",
            author_name="Blerta Kelmendi",
            author_email="blerta@example.org",
            language="sq",
            text="Komenti",
            confirmed_at=utcnow(),
        )
        db.session.add(comment)
        db.session.commit()
        f.prepared["comment_id"] = comment.id
        return comment.id


def _answer_comment(f: SimpleNamespace) -> str:
    return f"/manage/draft-acts/comments/{_comment_to_answer(f)}/answer"


def _answer_fields(prepared: dict) -> st.SearchStrategy:
    """The answer form of the comment `prepared` names (its fields carry the comment's id)."""
    name = f"c{prepared['comment_id']}-"
    return form_fields(
        {
            name + "outcome": one_of_choices(["accepted", "partly_accepted", "rejected"]),
            **{f"{name}reason_{locale}": text_of(5000) for locale in ("sq", "sr_Latn", "bs", "en")},
        },
        {name + "outcome": "partly_accepted", name + "reason_sq": "Pjesërisht, sepse afati."},
    )


def _hide_comment(f: SimpleNamespace) -> str:
    return f"/manage/draft-acts/comments/{_comment_to_answer(f)}/hide"


def _hide_fields(prepared: dict) -> st.SearchStrategy:
    """The moderation form of the comment `prepared` names."""
    name = f"h{prepared['comment_id']}-reason"
    return form_fields({name: text_of(500)}, {name: "Fyerje personale."})


def _new_article(f: SimpleNamespace) -> str:
    consultation_id = f.make_consultation(directorate_id=f.make_directorate(), status="draft")
    return f"/manage/draft-acts/{consultation_id}/articles/new"


_ARTICLE = form_fields(
    {
        "number": a_number(1, 9999),
        **{f"heading_{locale}": text_of(300) for locale in ("sq", "sr_Latn", "bs", "en")},
        **{f"text_{locale}": text_of(20000) for locale in ("sq", "sr_Latn", "bs", "en")},
    },
    {"number": "3", "heading_sq": "Afatet", "text_sq": "Konsultimi zgjat 15 ditë."},
)


def _new_meeting(f: SimpleNamespace) -> str:
    consultation_id = f.make_consultation(directorate_id=f.make_directorate())
    return f"/manage/draft-acts/{consultation_id}/meetings/new"


_MEETING = form_fields(
    {
        "held_on": a_date(),
        "starts_at": one_of_choices(["18:00", "25:61", "6pm"]),
        "place": text_of(200),
        "local_community_id": one_of_choices(["", "0"]) | a_number(-5, 5),
        "audience": one_of_choices(["general", "youth", "women", "cso"]),
        "announced_on": a_date(),
        "attendance_women": a_number(0, 100000),
        "attendance_men": a_number(0, 100000),
        "attendance_other": a_number(0, 100000),
        **{f"agenda_{locale}": text_of(20000) for locale in ("sq", "sr_Latn", "bs", "en")},
    },
    {
        "held_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
        "starts_at": "18:00",
        "place": "Salla e Kuvendit",
        "audience": "general",
        "announced_on": dt.date.today().isoformat(),
        "agenda_sq": "Projektrregullorja",
    },
)


def _edit_meeting(f: SimpleNamespace) -> str:
    from consult.meetings.models import Meeting
    from consult.meetings.services import save_meeting

    consultation_id = f.make_consultation(directorate_id=f.make_directorate())
    today = dt.date.today()
    with _with_app(f):
        meeting = save_meeting(
            Meeting(consultation_id=consultation_id),
            held_on=today + dt.timedelta(days=10),
            place="Salla e Kuvendit",
            audience="general",
            announced_on=today,
            agenda={"sq": "Projektrregullorja"},
        )
        db.session.commit()
        return f"/manage/draft-acts/{consultation_id}/meetings/{meeting.id}"


def _poll_settings(f: SimpleNamespace) -> str:
    return f"/manage/polls/{_open_poll(f)}/settings"


_POLL_SETTINGS = form_fields(
    {
        "budget": a_number(-5, 10**9),
        "currency": text_of(5),
        "ballot_type": one_of_choices(["approval", "knapsack", "cumulative", "ranking"]),
        "min_projects": a_number(-3, 20),
        "max_projects": a_number(-3, 20),
        "points": a_number(-3, 100),
        "top_k": a_number(-3, 20),
        "rule": one_of_choices(["greedy", "equalshares", "equalshares/add1"]),
        "threshold": a_number(-3, 10**6),
        "minimum_age": a_number(-3, 200),
        "verify_voter_list": one_of_choices(["y", ""]),
        "verify_email": one_of_choices(["y", ""]),
    },
    {
        "budget": "300000",
        "currency": "EUR",
        "ballot_type": "approval",
        "min_projects": "1",
        "max_projects": "2",
        "rule": "greedy",
        "threshold": "0",
        "minimum_age": "16",
        "verify_voter_list": "y",
    },
)


def _audience_list(f: SimpleNamespace) -> int:
    from consult.audiences.models import AudienceList

    with _with_app(f):
        item = AudienceList(
            name={"sq": "Të rinjtë", "sr_Latn": "Mladi", "bs": "Mladi"},
            audience="youth",
            open_to_public=True,
        )
        db.session.add(item)
        db.session.commit()
        f.prepared["list_id"] = item.id
        return item.id


def _join_list(f: SimpleNamespace) -> str:
    _audience_list(f)
    return "/lists"


def _join_form(prepared: dict) -> st.SearchStrategy:
    listed = str(prepared["list_id"])
    return form_fields(
        {
            "list_ids": one_of_choices([listed]) | a_number(-5, 5),
            "email": an_email(),
            "name": text_of(200),
            "locale": one_of_choices(LANGUAGES),
        },
        {"list_ids": listed, "email": "blerta@example.org", "locale": "sq"},
    )


def _audience_member(f: SimpleNamespace) -> str:
    return f"/manage/lists/{_audience_list(f)}/members"


_AUDIENCE_MEMBER = form_fields(
    {
        "email": an_email(),
        "name": text_of(200),
        "locale": one_of_choices(LANGUAGES),
        "consent_how": one_of_choices(["paper", "email_request", "public_contact", "web"]),
        "consent_on": a_date(),
    },
    {
        "email": "blerta@example.org",
        "locale": "bs",
        "consent_how": "paper",
        "consent_on": "2026-01-15",
    },
)

_AUDIENCE_LIST = form_fields(
    {
        **{f"name_{locale}": text_of(200) for locale in ("sq", "sr_Latn", "bs", "en")},
        "audience": one_of_choices(["cso", "media", "youth", "diaspora"]),
        "sector": one_of_choices(["", "youth", "health"]),
        "open_to_public": one_of_choices(["y", ""]),
    },
    {
        "name_sq": "Mediat",
        "name_sr_Latn": "Mediji",
        "name_bs": "Mediji",
        "audience": "media",
        "sector": "",
        "open_to_public": "y",
    },
)


def _audience_message(f: SimpleNamespace) -> str:
    _audience_list(f)
    return "/manage/lists/messages/new"


def _audience_message_form(prepared: dict) -> st.SearchStrategy:
    listed = str(prepared["list_id"])
    locales = ("sq", "sr_Latn", "bs", "en")
    fields = {
        **{f"subject_{locale}": text_of(200) for locale in locales},
        **{f"body_{locale}": text_of(20000) for locale in locales},
        "consultation_id": one_of_choices(["0"]) | a_number(-5, 5),
        "meeting_id": one_of_choices(["0"]) | a_number(-5, 5),
        "list_ids": one_of_choices([listed]) | a_number(-5, 5),
    }
    valid = {
        "subject_sq": "Ftesë",
        "body_sq": "Ju ftojmë në takim.",
        "consultation_id": "0",
        "meeting_id": "0",
        "list_ids": listed,
    }
    return form_fields(fields, valid)


FORMS += [
    FormCase(
        "draft-act comment",
        _comment_on_draft_act,
        _comment_form,
        form_page=lambda url: url.removesuffix("/comments"),
    ),
    FormCase("CSO registration", lambda f: "/organisations/register", lambda p: _ORGANISATION),
    FormCase("subscription", _subscriptions, _subscription_form),
    FormCase(
        "unsubscribe",
        _unsubscribe,
        lambda p: form_data({"confirm": junk_text}),
        form_page=lambda url: PUBLIC_FORM_PAGE,
    ),
    FormCase("hearing comment", _hearing_comment, lambda p: _HEARING_COMMENT),
    FormCase("capital-investment proposal", _capital_proposal, _proposal_form, multipart=True),
    # the ballot page keeps the ballot in the session only: it never writes
    FormCase("poll ballot", _poll_ballot, _ballot_form, accepted=()),
    FormCase(
        "poll voter check",
        _voter_check,
        lambda p: _VOTER_CHECK,
        before_each=_start_verification,
        accepted=(),
    ),
    FormCase("poll receipt check", _poll_receipt, lambda p: _RECEIPT, accepted=()),
    FormCase("staff survey access code", _staff_code, lambda p: _STAFF_CODE, accepted=()),
    FormCase("citizen survey answers", _citizen_answers, _answers_form, hidden=("state",)),
    FormCase(
        "answer to a comment",
        _answer_comment,
        _answer_fields,
        role="officer",
        form_page=lambda url: OFFICER_FORM_PAGE,
    ),
    FormCase(
        "hiding a comment",
        _hide_comment,
        _hide_fields,
        role="officer",
        form_page=lambda url: OFFICER_FORM_PAGE,
    ),
    FormCase("new article", _new_article, lambda p: _ARTICLE, role="officer"),
    FormCase("new meeting", _new_meeting, lambda p: _MEETING, role="officer"),
    FormCase("edit meeting", _edit_meeting, lambda p: _MEETING, role="officer"),
    FormCase("poll settings", _poll_settings, lambda p: _POLL_SETTINGS, role="officer"),
    FormCase("join an audience list", _join_list, _join_form),
    FormCase(
        "audience list member",
        _audience_member,
        lambda p: _AUDIENCE_MEMBER,
        role="officer",
        form_page=lambda url: url.removesuffix("/members"),
    ),
    FormCase(
        "new audience list", lambda f: "/manage/lists/new", lambda p: _AUDIENCE_LIST, role="officer"
    ),
    FormCase("audience message", _audience_message, _audience_message_form, role="officer"),
]


# --- checks -----------------------------------------------------------------------------------


def database_state(app) -> dict[str, object]:
    """Every table's rows (their number only for accounts: a failed sign-in counts failures
    there) and the files in the upload folder. Read straight through the driver, one statement
    a table: the fuzzer reads it twice for each of its thousands of examples."""
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            cursor = connection.connection.cursor()
            state: dict[str, object] = {}
            for table, statement in _state_statements(connection).items():
                cursor.execute(statement)
                rows = cursor.fetchall()
                state[table] = len(rows) if table == "users" else sorted(map(repr, rows))
        folder = Path(app.config["UPLOAD_FOLDER"])
        state["uploads"] = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    return state


_statements: dict[str, dict[str, str]] = {}


def _state_statements(connection) -> dict[str, str]:
    """A SELECT for every table of the database but the sign-in back-off (a refused sign-in
    counts there, by design), read from the schema once per database."""
    url = str(connection.engine.url)
    if url not in _statements:
        names = inspect(connection).get_table_names()
        _statements[url] = {
            name: f'SELECT * FROM "{name}"'  # noqa: S608 - table names from the schema
            for name in names
            if name != "sign_in_backoffs"
        }
    return _statements[url]


def test_the_state_sees_a_row_added_changed_or_gone_and_a_file(app, tmp_path):
    before = database_state(app)
    with app.app_context():  # in SQL: the ORM would also renew the home page's revision
        db.session.execute(
            text("INSERT INTO directorates (code, name, municipality_id) VALUES ('EDU', '{}', 1)")
        )
        db.session.commit()
        directorate_id = db.session.scalar(text("SELECT id FROM directorates"))
    added = database_state(app)
    assert added != before
    with app.app_context():
        db.session.execute(
            text("UPDATE directorates SET code = 'OTH' WHERE id = :id"), {"id": directorate_id}
        )
        db.session.commit()
    assert database_state(app) not in (before, added)
    with app.app_context():
        db.session.execute(text("DELETE FROM directorates"))
        db.session.commit()
    assert database_state(app) == before
    (Path(app.config["UPLOAD_FOLDER"]) / f"stray-{tmp_path.name}").write_bytes(b"x")
    assert database_state(app) != before


def multipart(fields: dict) -> dict:
    """Keyword arguments for `client.post` sending `fields` as multipart/form-data.

    The body is built in memory: the test client would otherwise spool a large body to a
    temporary file that it never closes (a ResourceWarning, an error in this suite).
    """
    values = MultiDict()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Upload):
                item = FileStorage(io.BytesIO(item.data), filename=item.name, name=name)
            values.add(name, item)
    boundary, body = encode_multipart(values)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


@contextmanager
def spooled_upload_leaks_ignored(collect: bool = True):
    """Werkzeug leaves the temporary file of a half-parsed upload to the garbage collector when
    it refuses a form past MAX_FORM_MEMORY_SIZE (413): a harmless ResourceWarning in the
    library, which this suite would otherwise turn into an error in some later test. The
    collection is only needed after multipart requests."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=r"Unclosed file <tempfile\.SpooledTemporaryFile",
            category=ResourceWarning,
        )
        yield
        if collect:
            gc.collect()


@pytest.fixture(scope="module", autouse=True)
def no_local_constants():
    """Generate from the strategies alone, never from the constants of the project's code.

    Hypothesis (6.131 and later) mixes literals found in the source of every loaded local
    module into what it generates, and collects them lazily, once per example, whenever
    `sys.modules` has grown. When a request imports another local module in the middle of a
    test, the pool grows under the test and Hypothesis stops with FlakyStrategyDefinition;
    that is also why this fuzzing once ran on SQLite only (on PostgreSQL other modules load
    on first use). Hypothesis has no setting, profile option or environment variable for the
    pool (only `backend`, and another backend switches off parts of the engine), so the one
    place it is read from is made an empty, fixed pool for the tests of this module.
    """
    if not hasattr(providers, "_get_local_constants"):  # a Hypothesis without the pool
        yield
        return
    empty = providers.Constants()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(providers, "_get_local_constants", lambda: empty)
        providers.CONSTANTS_CACHE.cache.clear()
        yield
    providers.CONSTANTS_CACHE.cache.clear()


def page_fields(client, url: str, names: tuple[str, ...]) -> dict[str, str]:
    """The CSRF token and the named hidden inputs of the form on `url`."""
    page = client.get(url).get_data(as_text=True)
    fields = {}
    for name in ("csrf_token", *names):
        match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
        assert match, f"no {name} on {url}"
        fields[name] = match.group(1).replace("&#34;", '"').replace("&amp;", "&")
    return fields


class FormPage:
    """The CSRF token and hidden inputs of a case's form page, read once and read again only when
    they may have changed: after the session was reset (`before_each`), after an accepted
    submission, always for a form with hidden inputs of its own (a signed state), and when the
    app refused the token. A GET of the form page per example was a quarter of the fuzzing's
    time (#23: `.ci/run` within 30 minutes)."""

    def __init__(self, client, case: "FormCase", url: str) -> None:
        self.client, self.case, self.url = client, case, url
        self.kept: dict[str, str] | None = None

    def fields(self) -> tuple[dict[str, str], bool]:
        """The fields, and whether they were read just now."""
        if self.kept is not None and not self.case.hidden:
            return self.kept, False
        self.kept = page_fields(self.client, self.case.form_page(self.url), self.case.hidden)
        return self.kept, True

    def forget(self) -> None:
        self.kept = None


@contextmanager
def csrf_refusals(app):
    """A list that grows by one for every page refusing a CSRF token while the block runs."""
    refused = []

    def rendered(_app, template, context, **_extra):
        if template.name == "errors/error.html" and context.get("title") is errors._CSRF_MESSAGE[0]:
            refused.append(template.name)

    with template_rendered.connected_to(rendered, app):
        yield refused


@pytest.fixture
def form_under_test(app, client, case, make_user, make_directorate, make_consultation, login):
    """The case's form, prepared and signed in to before Hypothesis runs:
    (url, strategy, what the preparation left for `before_each`)."""
    fixtures = SimpleNamespace(
        app=app,
        client=client,
        make_user=make_user,
        make_directorate=make_directorate,
        make_consultation=make_consultation,
        login=login,
        prepared={},
    )
    url = case.prepare(fixtures)
    if case.role:
        login(case.role)
    return url, case.fields(fixtures.prepared), fixtures.prepared


@pytest.mark.slow
@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.name)
def test_any_input_gets_an_answer_and_a_refusal_writes_nothing(app, client, form_under_test, case):
    url, strategy, prepared = form_under_test
    answered = []
    form = FormPage(client, case, url)

    def answer(send):
        before = database_state(app)
        response = send()
        assert response.status_code < 500, response.get_data(as_text=True)[:2000]
        if response.status_code not in case.accepted:
            assert database_state(app) == before, f"{response.status_code} but the data changed"
        else:
            form.forget()
        return response

    def post(fields: dict, token: dict):
        body = {**fields, **token}
        return client.post(url, **(multipart(body) if case.multipart else {"data": body}))

    @FUZZ
    @given(data=st.data())
    def post_anything(data):
        fields = dict(data.draw(strategy, label="fields"))
        limiter.reset()
        if case.before_each is not None:
            case.before_each(client, prepared)
            form.forget()
        if case.method == "GET":
            response = answer(lambda: client.get(url, query_string=fields))
        else:
            token, fresh = form.fields()
            with csrf_refusals(app) as refused:
                response = answer(lambda: post(fields, token))
            if refused and not fresh:  # the session's token changed: the example once more
                event("the kept token was refused: read again")
                response.close()
                form.forget()
                token, _ = form.fields()
                response = answer(lambda: post(fields, token))
        event(f"status {response.status_code}")
        response.close()
        answered.append(response.status_code)

    # one collection after the run, not one per example (a third of a second each in the
    # whole suite's heap): the warnings filter holds for every example in between
    with spooled_upload_leaks_ignored(collect=case.multipart):
        post_anything()
    # CI asks for CONSULT_FUZZ_EXAMPLES=500: every form really gets that many
    assert len(answered) >= FUZZ.max_examples


# --- form messages in the reader's language ---------------------------------------------------

#: what every field of a form gets: text that is no number, date, choice or address; nothing;
#: a number below every range; more text than any field holds
BAD_VALUES = {"junk": "ж", "empty": "", "negative": "-7", "long": "9" * 20_001}
TRANSLATED_LOCALES = ("sq", "sr_Latn", "sr", "bs")


def english_form_messages(app) -> list[re.Pattern]:
    """WTForms' and Flask-WTF's own messages as they read in English, placeholders filled
    with anything."""
    from consult.core.form_messages import MESSAGES, PLURAL_MESSAGES

    with app.test_request_context("/?lang=en"):
        messages = [str(m) for m in MESSAGES] + [m for pair in PLURAL_MESSAGES for m in pair]
    patterns = []
    for message in messages:
        pattern = re.escape(message)
        pattern = re.sub(r"%\\\(\w+\\\)[sd]|%s|\\\{\w+\\\}", ".{1,200}?", pattern)
        patterns.append(re.compile(pattern))
    return patterns


@pytest.mark.slow
@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.name)
def test_no_form_message_is_left_in_english(app, client, form_under_test, case):
    """Every form, sent bad values in every field, answers in Albanian, Serbian (both scripts)
    and Bosnian without one of WTForms' English messages ("Not a valid choice.")."""
    url, strategy, prepared = form_under_test
    english = english_form_messages(app)
    for locale in TRANSLATED_LOCALES:
        for bad in BAD_VALUES.values():
            limiter.reset()
            if case.before_each is not None:
                case.before_each(client, prepared)
            fields = dict.fromkeys(strategy.field_names, bad)
            target = f"{url}?lang={locale}"
            if case.method == "GET":
                query = {**fields, "lang": locale}
                response = client.get(url, query_string=query, follow_redirects=True)
            else:
                client.get(target)  # the session's language
                fields.update(page_fields(client, case.form_page(url), case.hidden))
                body = multipart(fields) if case.multipart else {"data": fields}
                with spooled_upload_leaks_ignored(collect=case.multipart):
                    response = client.post(target, follow_redirects=True, **body)
            page = html.unescape(response.get_data(as_text=True))
            response.close()
            assert response.status_code < 500
            found = [p.pattern for p in english if p.search(page)]
            assert not found, f"{locale}, {bad[:5]!r}: {found}"


# --- uploads ----------------------------------------------------------------------------------


@pytest.fixture
def upload_target(app, client, login, make_consultation):
    """An officer on the management page of a draft consultation: (upload URL, form page)."""
    consultation_id = make_consultation(status="draft")
    login("officer")
    page = f"/manage/consultations/{consultation_id}"
    return f"{page}/documents", page


def _post_upload(client, target, data: bytes, name: str, lang: str = "en"):
    url, page = target
    fields = {
        "file": Upload(data, name),
        "role": "draft",
        "title_sq": "Projektakti",
        "csrf_token": csrf_token(client, page),
    }
    return client.post(f"{url}?lang={lang}", **multipart(fields))


def _documents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Document))


def test_a_file_over_the_request_limit_gets_the_translated_too_large_page(
    app, client, upload_target
):
    before = database_state(app)
    too_big = b"%PDF-1.7\n" + b"0" * app.config["MAX_CONTENT_LENGTH"]
    response = _post_upload(client, upload_target, too_big, "huge.pdf")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "File too large" in page and "larger than the allowed size" in page
    assert '<html lang="en">' in page
    assert database_state(app) == before


def test_a_file_over_the_document_limit_is_refused_with_a_message(app, client, upload_target):
    before = database_state(app)
    big = b"%PDF-1.7\n" + b"0" * (app.config["UPLOAD_MAX_BYTES"] + 1)
    response = _post_upload(client, upload_target, big, "big.pdf")
    assert response.status_code == 400
    assert "The file is larger than 10 MB." in response.get_data(as_text=True)
    assert database_state(app) == before


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.pdf", "The file is empty."),
        (b"MZ\x90\x00\x03 a Windows program", "setup.exe", "Only PDF, DOCX, ODT and XLSX"),
        (b"just some notes", "notes.txt", "Only PDF, DOCX, ODT and XLSX"),
        (b"MZ\x90\x00\x03 a Windows program", "draft.pdf", "does not match its extension"),
        (b"<html><script>alert(1)</script>", "draft.odt", "does not match its extension"),
        (_zip({"word/document.xml": b"<w/>"}), "draft.xlsx", "does not match its extension"),
        (b"%PDF-1.7\n%%EOF", "draft", "Only PDF, DOCX, ODT and XLSX"),
    ],
    ids=["empty", "program", "text", "program-as-pdf", "html-as-odt", "docx-as-xlsx", "no-ext"],
)
def test_empty_and_wrong_type_uploads_are_refused_with_a_message(
    app, client, upload_target, data, name, message
):
    before = database_state(app)
    response = _post_upload(client, upload_target, data, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert database_state(app) == before


def test_an_upload_without_a_file_is_refused_with_a_message(app, client, upload_target):
    url, page = upload_target
    before = database_state(app)
    fields = {"role": "draft", "title_sq": "Projektakti", "csrf_token": csrf_token(client, page)}
    response = client.post(f"{url}?lang=en", **multipart(fields))
    assert response.status_code == 400
    assert "Choose a file to upload." in response.get_data(as_text=True)
    assert database_state(app) == before


def test_a_zip_bomb_is_refused_with_a_message(app, client, upload_target):
    """A small DOCX that would unpack past UPLOAD_MAX_UNPACKED_BYTES (100 MB)."""
    limit = app.config["UPLOAD_MAX_UNPACKED_BYTES"]
    bomb = _zip(
        {
            "[Content_Types].xml": b"<x/>",
            "word/document.xml": b"<w/>",
            "word/media/zeros.bin": b"\0" * (limit + 1),
        }
    )
    assert len(bomb) < app.config["UPLOAD_MAX_BYTES"] // 10, "the bomb itself is small"
    before = database_state(app)
    response = _post_upload(client, upload_target, bomb, "bomb.docx")
    assert response.status_code == 400
    assert "The file expands to more than 100 MB when unpacked." in response.get_data(as_text=True)
    assert database_state(app) == before


def test_a_zip_bomb_spread_over_many_entries_is_refused(app, client, upload_target, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_UNPACKED_BYTES", 1024 * 1024)
    members = {f"word/part{i}.xml": b"\0" * 100_000 for i in range(12)}
    bomb = _zip({"word/document.xml": b"<w/>", **members})
    before = database_state(app)
    response = _post_upload(client, upload_target, bomb, "many.docx")
    assert response.status_code == 400
    assert "expands to more than 1 MB when unpacked" in response.get_data(as_text=True)
    assert database_state(app) == before


def test_a_zip_bomb_under_the_size_limit_is_refused_by_its_packing(app, client, upload_target):
    """50 MB of zeros, half the unpacked limit, packed a thousand times: no office document."""
    docx = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})
    bomb = with_zeros(docx, "word/media/zeros.bin", 50 * MB)
    before = database_state(app)
    response = _post_upload(client, upload_target, bomb, "bomb.docx")
    assert response.status_code == 400
    assert "packed far more tightly than an office document" in response.get_data(as_text=True)
    assert database_state(app) == before


def test_a_document_of_a_hundred_thousand_entries_is_refused(app, client, upload_target):
    docx = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})
    bomb = with_many_entries(docx, 100_000)
    before = database_state(app)
    response = _post_upload(client, upload_target, bomb, "many.docx")
    assert response.status_code == 400
    assert "The file holds more than 1000 parts." in response.get_data(as_text=True)
    assert database_state(app) == before


def test_a_zip_that_lies_about_its_sizes_is_not_accepted_as_its_claim(app, client, upload_target):
    """An ODT whose `mimetype` entry claims 4 bytes but holds far more: never a server error."""
    honest = _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text" + b" " * 2_000_000},
        compression=zipfile.ZIP_DEFLATED,
    )
    lying = honest.replace((2_000_039).to_bytes(4, "little"), (4).to_bytes(4, "little"))
    assert lying != honest
    response = _post_upload(client, upload_target, lying, "lie.odt")
    assert response.status_code in (302, 400)
    assert _documents(app) == (1 if response.status_code == 302 else 0)


def test_a_valid_document_is_still_accepted(app, client, upload_target):
    docx = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})
    response = _post_upload(client, upload_target, docx, "../../Projektakti.docx")
    assert response.status_code == 302
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
        assert document.original_name == "Projektakti.docx"
        stored = Path(app.config["UPLOAD_FOLDER"]) / document.stored_name
        assert stored.read_bytes() == docx


# --- bugs found by this fuzzing, fixed in the foundation -----------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/consultations/99999999999999999999",
        "/documents/99999999999999999999",
        "/?year=99999999999999999999",
        "/?directorate=99999999999999999999",
    ],
)
def test_huge_numbers_in_addresses_are_not_found_not_errors(client, url):
    assert client.get(url).status_code in (200, 404)


def test_nul_characters_never_reach_the_database(app, client, login):
    login("officer")
    response = client.post(
        "/manage/consultations/new",
        data={
            "kind": "draft_act",
            "title_sq": "Rregullore",
            "contact_name": "Valentina\x00Gashi",
            "csrf_token": csrf_token(client, "/manage/consultations/new"),
        },
    )
    assert response.status_code < 500
    with app.app_context():
        names = db.session.scalars(text("SELECT contact_name FROM consultations")).all()
    assert not any("\x00" in name for name in names)


@pytest.mark.parametrize("case", [c for c in FORMS if c.accepted], ids=lambda case: case.name)
def test_every_valid_submission_is_accepted(app, client, form_under_test, case):
    """Each form's `valid` submission passes, so the fuzzer's nearly valid submissions walk
    the paths just past validation and not only the refusals."""
    url, strategy, prepared = form_under_test
    valid = getattr(strategy, "valid_submission", None)
    if valid is None:
        pytest.skip("this form is fuzzed with garbage only")
    if case.before_each is not None:
        case.before_each(client, prepared)
    fields = {**valid, **page_fields(client, case.form_page(url), case.hidden)}
    with spooled_upload_leaks_ignored():
        response = client.post(url, **(multipart(fields) if case.multipart else {"data": fields}))
    assert response.status_code in case.accepted, response.get_data(as_text=True)[:3000]


@pytest.mark.parametrize(
    ("field", "value"),
    [("project", "²"), ("local_community", "²"), ("project", "9" * 4301)],
    ids=["superscript-project", "superscript-community", "huge-project"],
)
def test_digits_that_int_refuses_in_a_ballot_are_refused_not_errors(
    app, client, make_directorate, make_consultation, field, value
):
    fixtures = SimpleNamespace(
        app=app, make_directorate=make_directorate, make_consultation=make_consultation, prepared={}
    )
    url = f"/polls/{_open_poll(fixtures)}"
    data = {
        "project": fixtures.prepared["projects"][0],
        "action": "continue",
        "personal_number": VOTER[0],
        "birth_year": str(VOTER[1]),
        field: value,
    }
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert response.status_code < 500


def test_numbers_past_a_float_are_refused_not_errors(
    app, client, make_directorate, make_consultation
):
    fixtures = SimpleNamespace(
        app=app,
        client=client,
        make_directorate=make_directorate,
        make_consultation=make_consultation,
        prepared={},
    )
    url = _voter_check(fixtures)
    _start_verification(client, fixtures.prepared)
    data = {"personal_number": VOTER[0], "birth_year": "9" * 309}
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert response.status_code < 500


def test_a_refused_token_is_seen_and_a_kept_one_is_read_again(app, client):
    """The fuzzer keeps a form's token between examples and reads it again when the app refuses
    it: the refusal must be seen, or every later example would test the token alone."""
    case = FormCase("CSO registration", lambda f: "/organisations/register", lambda p: {})
    form = FormPage(client, case, "/organisations/register")
    token, fresh = form.fields()
    assert fresh and form.fields() == (token, False)
    with csrf_refusals(app) as refused:
        client.post("/organisations/register", data={"csrf_token": "stale"}).close()
    assert refused
    with csrf_refusals(app) as refused:
        client.post("/organisations/register", data=token).close()
    assert not refused
    form.forget()
    assert form.fields()[1]
