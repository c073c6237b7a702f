"""A newcomer walks the Istog demo (issue 16): every link, in every locale, as the public, an
officer and the chair. The walk fails on what a newcomer would catch at a glance:

- content shown in another language than the page's without its "shown in …" marker, or without
  `lang` on the element (a screen reader would read Albanian with a Serbian voice);
- a code, identifier, file extension or act number transliterated into Cyrillic;
- a word the glossary rules out ("saslušanje", a court's hearing, for a budget hearing);
- an internal code on a page: a rule id outside its small reference, an identifier such as
  `staff_meetings_attended`, a sector's code instead of its label;
- a consultation whose title names a year its dates contradict, or whose status its dates deny;
- a figure on the chair's pages out of range: a share outside 0–100%, a year with no
  consultation or none compliant, a year in the future.
"""

import datetime as dt
import re

import cyrtranslit
import lxml.html
import pytest
from sqlalchemy import JSON, select

from consult.chair import annual
from consult.core.labels import SECTOR_LABELS
from consult.core.models import Consultation
from consult.core.services import stage_on
from consult.demo.seed import seed_demo
from consult.extensions import db, limiter
from consult.i18n import ENDONYMS, HTML_LANG
from tests.conftest import submit
from tests.crawl import Reader

TODAY = dt.date.today()


def to_cyrillic_plain(text: str) -> str:
    """Transliteration as if nothing were protected."""
    return cyrtranslit.to_cyrillic(text, "sr")


LOCALES = ("sq", "sr_Latn", "sr", "bs", "en")
#: the locales the signed-in walks are read in: the generated script and a community language
STAFF_LOCALES = ("sr", "bs")

CYRILLIC = "\u0400-\u04ff"
#: Latin text that was transliterated: mixed scripts in a word, identifiers, extensions, act numbers
TRANSLITERATED = re.compile(
    rf"[{CYRILLIC}][A-Za-z]|[A-Za-z][{CYRILLIC}]"
    rf"|[{CYRILLIC}]_|_[{CYRILLIC}]"
    rf"|\(\.[{CYRILLIC}]{{2,4}}\)"
    rf"|\d/[{CYRILLIC}]-\d"
    rf"|[{CYRILLIC}]\d|\d[{CYRILLIC}]{{2}}"
)
#: names that stay in Latin letters (consult.i18n), as they read when transliterated anyway
TRANSLITERATED_NAMES = re.compile(
    "|".join(to_cyrillic_plain(name) for name in ("Microsoft", "Teams", "Viber", "Facebook"))
)
RULE_ID = re.compile(r"\b(?:MS|BH|CP|SV|LANG)-[A-Z]+(?:-[A-Z]+)?\b")
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z]+(?:_[a-z]+)*\b")
SECTOR_CODE = re.compile(r"\b(?:" + "|".join(re.escape(code) for code in SECTOR_LABELS) + r")\b")
#: a court's word for a hearing: the municipality says "javna rasprava" (GLOSSARY.md)
COURT_WORD = re.compile(r"[Ss]aslušan|[Сс]аслушан")
PERCENT = re.compile(r"(-?\d+(?:[.,]\d+)?)\s?%")
#: elements whose text is code a person types or reads as such
CODE_ELEMENTS = {"code", "kbd", "samp", "pre"}
#: elements that are not visible text (a text area holds what is typed, not what is shown)
INVISIBLE = {"script", "style", "head", "title", "template", "textarea"}
#: controls whose lang belongs to what is typed in them, not to a text shown
CONTROLS = {"input", "textarea", "select", "option"}


@pytest.fixture
def demo(app):
    """The demo loaded as `make run` loads it, with the passwords it printed."""
    with app.app_context():
        guide = seed_demo(TODAY)
        db.session.commit()
    limiter.reset()
    return guide


def _walk(app, client, who: str, locale: str) -> Reader:
    client.get(f"/?lang={locale}")
    reader = Reader(client, f"{who} ({locale})")
    reader.read("/", budget=400)
    return reader


def _signed_in(app, account):
    client = app.test_client()
    response = submit(client, "/login", {"email": account.email, "password": account.password})
    assert response.status_code == 302, f"{account.email} cannot sign in"
    return client


def _pages(reader: Reader):
    for where, media, text in reader.answers:
        if media == "text/html" and text.lstrip().startswith("<!"):
            yield where, lxml.html.document_fromstring(text)


def _texts(page):
    """(element the text belongs to, the text) for every visible text of the page's body."""
    body = page.find("body")
    if body is None:
        return
    for element in body.iter():
        if not isinstance(element.tag, str) or _inside(element, INVISIBLE):
            continue
        if element.text and element.text.strip():
            yield element, element.text
        parent = element.getparent()
        tail = element.tail and element.tail.strip()
        if tail and parent is not None and not _inside(parent, INVISIBLE):
            yield parent, element.tail


def _inside(element, tags: set[str]) -> bool:
    return any(node.tag in tags for node in element.iterancestors()) or element.tag in tags


def _lang_of(element) -> str:
    for node in (element, *element.iterancestors()):
        if node.get("lang"):
            return node.get("lang")
    return ""


def _kept_latin(element) -> bool:
    return any(
        node.get("translate") == "no" or node.tag in CODE_ELEMENTS
        for node in (element, *element.iterancestors())
    )


def _albanian_texts(app) -> dict[str, set[str]]:
    """Albanian texts of the demo (first 40 characters, long enough to be unmistakable), with
    the locales that have their own translation of them."""
    found: dict[str, set[str]] = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, JSON)]
            for row in db.session.execute(select(*columns)) if columns else ():
                for value in row:
                    if isinstance(value, dict) and len((value.get("sq") or "").strip()) >= 40:
                        first = value["sq"].strip().splitlines()[0][:40]
                        others = {k for k, v in value.items() if v and v != value["sq"]}
                        found.setdefault(first, set()).update(others)
            if "language" in table.columns:
                texts = [
                    c
                    for c in table.columns
                    if c.name in ("text", "title", "body", "description", "comment")
                ]
                for column in texts:
                    query = select(column).where(table.c.language == "sq")
                    for value in db.session.scalars(query):
                        if value and len(value.strip()) >= 40:
                            found.setdefault(value.strip().splitlines()[0][:40], set())
    return found


def _fallback_problems(where: str, page, albanian: dict[str, set[str]]) -> list[str]:
    page_lang = page.get("lang", "")
    problems = []
    for element in page.iter():
        lang = element.get("lang") if isinstance(element.tag, str) else None
        if not lang or lang == page_lang or element.tag in CONTROLS or element.tag == "html":
            continue
        if element.get("hreflang") or _inside(element, CONTROLS | {"nav"}):
            continue  # the language switcher names each language in itself
        if (element.text_content() or "").strip() in ENDONYMS.values():
            continue  # a language named in itself (the side-by-side fields' captions)
        marker = element.getnext()
        marked = marker is not None and "fallback" in (marker.get("class") or "")
        if not marked and not element.find_class("fallback"):
            shown = (element.text_content() or "").strip()[:60]
            problems.append(f"{where}: unmarked {lang} text {shown!r}")
    if page_lang == "sq":
        return problems
    locale = next(k for k, v in HTML_LANG.items() if v == page_lang) if page_lang else ""
    for element, text in _texts(page):
        for start, translated in albanian.items():
            if start in text and _lang_of(element) != "sq" and locale not in translated:
                problems.append(f"{where}: Albanian without lang: {start!r}")
    return problems


def _code_problems(where: str, page) -> list[str]:
    cyrillic = page.get("lang") == HTML_LANG.get("sr", "sr-Cyrl")
    latin_locale = page.get("lang") not in ("en",)
    problems = []
    for element, text in _texts(page):
        if cyrillic and (TRANSLITERATED.search(text) or TRANSLITERATED_NAMES.search(text)):
            problems.append(f"{where}: transliterated {text.strip()[:60]!r}")
        if COURT_WORD.search(text):
            problems.append(f"{where}: a court's word for a hearing in {text.strip()[:60]!r}")
        if _kept_latin(element):
            continue
        for pattern, what in ((RULE_ID, "rule id"), (IDENTIFIER, "identifier")):
            if match := pattern.search(text):
                problems.append(f"{where}: {what} {match.group(0)!r} in {text.strip()[:60]!r}")
        if latin_locale and (match := SECTOR_CODE.search(text)):
            problems.append(f"{where}: sector code {match.group(0)!r}")
    return problems


def _summary(problems: list[str]) -> str:
    """The problems, one line per kind of problem and text, with the first page it was on."""
    first: dict[str, str] = {}
    for problem in problems:
        where, _, what = problem.partition(": ")
        first.setdefault(what, where)
    lines = [f"{what}   [{where}]" for what, where in sorted(first.items())]
    return f"{len(lines)} problems:\n" + "\n".join(lines[:60])


@pytest.mark.slow
def test_the_public_walk_in_every_locale_shows_no_unmarked_fallback_and_no_code(app, demo):
    albanian = _albanian_texts(app)
    problems, pages = [], 0
    for locale in LOCALES:
        reader = _walk(app, app.test_client(), "public", locale)
        for where, page in _pages(reader):
            pages += 1
            problems += _fallback_problems(where, page, albanian)
            problems += _code_problems(where, page)
    assert pages > 5 * 20, f"the walk read only {pages} pages"
    assert not problems, _summary(problems)


@pytest.mark.slow
@pytest.mark.parametrize("role", ["officer", "chair"])
def test_the_staff_walk_shows_no_unmarked_fallback_and_no_code(app, demo, role):
    albanian = _albanian_texts(app)
    account = next(a for a in demo.accounts if a.role == role)
    problems = []
    for locale in STAFF_LOCALES:
        reader = _walk(app, _signed_in(app, account), role, locale)
        assert len(reader.answers) > 10, f"{role} reached only {len(reader.answers)} pages"
        for where, page in _pages(reader):
            problems += _fallback_problems(where, page, albanian)
            problems += _code_problems(where, page)
    assert not problems, _summary(problems)


def _title_years(consultation: Consultation) -> set[int]:
    years = set()
    for text in (consultation.title or {}).values():
        years |= {int(y) for y in re.findall(r"\b(20\d\d)\b", text or "")}
    return years


def _hearing_budget_year(consultation: Consultation) -> int | None:
    from consult.hearings.models import HearingCycle

    query = select(HearingCycle.budget_year).where(HearingCycle.consultation_id == consultation.id)
    return db.session.scalar(query)


def test_no_demo_date_contradicts_a_title_or_a_status(app, demo):
    problems = []
    with app.app_context():
        for c in db.session.scalars(select(Consultation)):
            name = (c.title or {}).get("en") or (c.title or {}).get("sq")
            if c.opens_at is None or c.closes_at is None:
                problems.append(f"{name}: no dates")
                continue
            allowed = {c.opens_at.year, c.closes_at.year}
            if c.kind in ("budget_hearing", "capital_poll"):
                # both prepare a budget still to come: next year's, or the one after
                allowed |= {c.closes_at.year + 1, c.closes_at.year + 2}
            budget_year = _hearing_budget_year(c) if c.kind == "budget_hearing" else None
            if budget_year is not None:
                allowed |= {budget_year}
                if not c.closes_at.year < budget_year:
                    problems.append(f"{name}: hearings for {budget_year} close {c.closes_at}")
            if wrong := _title_years(c) - allowed:
                dates = f"{c.opens_at}…{c.closes_at}"
                problems.append(f"{name}: title says {sorted(wrong)}, dates {dates}")
            if c.planned_year not in (None, c.opens_at.year, c.closes_at.year):
                problems.append(f"{name}: in the plan of {c.planned_year}, open {c.opens_at}")
            stage = stage_on(c, TODAY)
            if c.status == "open" and stage != "open":
                problems.append(f"{name}: status open, but {stage} by its dates")
            if c.status in ("closed", "reported") and c.closes_at >= TODAY:
                problems.append(f"{name}: {c.status} but closes {c.closes_at}")
    assert not problems, "\n".join(problems)


def test_the_demo_has_something_to_try_today(app, demo):
    with app.app_context():
        stages = {(c.kind, stage_on(c, TODAY)) for c in db.session.scalars(select(Consultation))}
    for kind in ("draft_act", "budget_hearing", "capital_poll", "survey"):
        assert (kind, "open") in stages, f"no {kind} is open today"
    assert demo.voters and demo.poll_id
    assert demo.access_codes and demo.survey_id


def test_the_chairs_figures_are_in_range(app, demo):
    chair = next(a for a in demo.accounts if a.role == "chair")
    client = _signed_in(app, chair)
    client.get("/?lang=en")
    with app.test_request_context("/?lang=en"):
        years = annual.report_years(TODAY)
        reports = {
            year: annual.annual_report(year, TODAY, app.config["STANDARDS"]) for year in years
        }
    # a consultation open today counts in the year it closes, at most next year
    assert max(years) <= TODAY.year + 1, f"a report for a year still far ahead: {years}"
    assert {TODAY.year - 1, TODAY.year} <= set(years), f"the demo does not tell a year: {years}"
    for year, report in reports.items():
        if year > TODAY.year:
            continue
        assert report.total.consultations >= 1, f"{year}: no consultation"
        assert report.compliance_rate is not None and report.compliance_rate > 0, (
            f"{year}: compliance {report.compliance_rate}"
        )
    for url in ["/chair/", *(f"/chair/annual?year={year}" for year in years)]:
        page = client.get(url)
        assert page.status_code == 200, url
        for value in PERCENT.findall(page.get_data(as_text=True)):
            assert 0 <= float(value.replace(",", ".")) <= 100, f"{url}: {value}%"
