"""The budget-hearing journey in a real browser (JOURNEYS.md 6).

An officer of the Public Information Office opens the budget-hearing consultation, sets the
budget calendar, imports the draft budget (a bad CSV first: one message per problem and nothing
imported; then a good XLSX and a good CSV), announces five hearings more than seven days ahead,
records one as held with attendance by gender and a comment from the floor. A citizen comments
on a budget line and confirms it from the e-mail, and proposes a capital project. The officer
answers every comment and proposal with reasons in every official language, records a change to
a budget line and publishes the hearing report, whose meetings and attendance totals are those
typed in; its PDF link returns a PDF. The public budget explorer also works without JavaScript
and on a 375-pixel phone, and axe finds no serious or critical violation on the pages of the
journey.

Data is set up through the models (directorates, local communities, the consultation, the
officer); from then on the test does only what a person does in the browser. Page texts are
looked up in the catalogue of the page's language (`say`), so the tests hold before and after
the translations are merged. Selectors are labels, roles and accessible names, not layout.
"""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from flask_babel import gettext, ngettext
from openpyxl import Workbook
from playwright.sync_api import expect
from sqlalchemy import select

from consult.comments.models import Comment
from consult.core import mail
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.core.money import cents_to_money
from consult.extensions import db
from consult.hearings.models import (
    BudgetChange,
    BudgetLine,
    CapitalProposal,
    HearingCycle,
)
from consult.i18n import ENDONYMS
from tests.conftest import PASSWORD

#: the demo's open hearing cycle (last year's, reported, is in the demo too)
OPEN_CYCLE = select(HearingCycle).join(Consultation).where(Consultation.status == "open")

pytestmark = pytest.mark.browser

OFFICER = "valentina.gashi@istog.example"
TITLE = {
    "sq": "Dëgjimet buxhetore për buxhetin 2027",
    "sr_Latn": "Budžetska saslušanja za budžet 2027",
    "bs": "Budžetska saslušanja za budžet 2027",
    "en": "Budget hearings for the 2027 budget",
}
HEADER = ["Drejtoria", "Programi", "Kategoria ekonomike", "Viti aktual", "Propozuar"]
#: the draft budget as the finance directorate sends it: four lines in the XLSX ...
XLSX_ROWS = [
    ["EDU", "Arsimi fillor", "Paga dhe mëditje", 4350000, 4480000],
    ["EDU", "Arsimi fillor", "Mallra dhe shërbime", 380000, 400000],
    ["Drejtoria për Shëndetësi", "Kujdesi parësor", "Wages and salaries", 1950000, 2020000],
    ["PUB", "Rrugët", "Capital investment", 1650000, 1700000],
]
#: ... and the corrected CSV a week later, with a fifth line; it replaces the XLSX
CSV_ROWS = [
    *XLSX_ROWS[:3],
    ["PUB", "Rrugët", "Investime kapitale", "1650000", "1750000"],
    ["PUB", "Ujësjellësi", "Subvencione", "120000", "135000,50"],
]
#: a file with three problems, each on its own row
BAD_ROWS = [
    ["EDU", "Arsimi fillor", "Paga dhe mëditje", "4350000", "4480000"],
    ["XYZ", "Arsimi fillor", "Mallra dhe shërbime", "380000", "400000"],
    ["PUB", "Rrugët", "Investime kapitale", "1650000", "shumë"],
    ["PUB", "Ujësjellësi", "Dhurata", "120000", "135000"],
]
#: the five hearings announced: (audience, label, days from today, local community)
HEARINGS = [
    ("village_council", "Village council", -3, "Vrellë"),
    ("business", "Business association", 10, None),
    ("youth", "Youth", 12, None),
    ("disability", "Persons with disabilities", 14, None),
    ("women", "Women", 16, "Istog"),
]
#: attendance of the village council's hearing: {audience label: (women, men, other)}
ATTENDANCE = {"Village council": (14, 19, 0), "Youth": (6, 4, 1)}
FLOOR_COMMENT = "Paga e mësuesve të rritet sipas marrëveshjes kolektive."
CITIZEN_COMMENT = "Rruga Istog–Vrellë ka nevojë për asfaltim para dimrit."
CITIZEN_EMAIL = "arjeta.berisha@example.org"
PROPOSAL = "Ndriçimi i rrugës kryesore në Banjë"


# ---------------------------------------------------------------- what the person sees and does


def say(app, locale: str, msgid: str | tuple[str, str, int], **values) -> str:
    """A page text as the catalogue of `locale` renders it; a plural message is given as
    (singular, plural, number)."""
    with app.test_request_context(f"/?lang={locale}"):
        if isinstance(msgid, tuple):
            return ngettext(*msgid, **values)
        return gettext(msgid, **values)


DRAFT_IMPORTED = (
    "The draft budget is imported: %(count)s line.",
    "The draft budget is imported: %(count)s lines.",
)


def money(app, locale: str, cents: int) -> str:
    """Whole euros as the pages of `locale` show an amount."""
    with app.test_request_context(f"/?lang={locale}"):
        return cents_to_money(cents)


def field(scope, label: str):
    """The form control whose label is `label` (perhaps followed by "(required)")."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s|$)"))


def in_language(scope, label: str, locale: str):
    """The field of a text typed in every language: the one labelled "`label` · Shqip" (or,
    inside a fieldset named `label`, just "Shqip") for `locale` "sq"."""
    name = re.escape(ENDONYMS[locale])
    return scope.get_by_label(re.compile(rf"^(?:{re.escape(label)}\s*·\s*)?{name}(\s|$)"))


def expect_text(tab, text: str, where: str = "main") -> None:
    """`text` is visible in `where`, or the test fails with what the page shows instead."""
    tab.wait_for_load_state("domcontentloaded")
    shown = tab.locator(where).first.inner_text()
    assert text in shown, f"{text!r} is not on {tab.url}:\n{shown[:2000]}"


def sign_in(tab, app, live_server: str, locale: str, email: str) -> None:
    """Open the site, follow the sign-in link and sign in with e-mail and password."""
    tab.goto(f"{live_server}/?lang={locale}")
    tab.get_by_role("link", name=say(app, locale, "Staff sign-in")).click()
    field(tab, say(app, locale, "E-mail address")).fill(email)
    field(tab, say(app, locale, "Password")).fill(PASSWORD)
    tab.get_by_role("button", name=say(app, locale, "Sign in")).click()
    expect_text(tab, say(app, locale, "You are signed in."))


def row_of(scope, header: str):
    """The table row whose row header is `header`."""
    tab = getattr(scope, "page", scope)  # `has` is relative to the row, not to `scope`
    return scope.get_by_role("row").filter(
        has=tab.get_by_role("rowheader", name=header, exact=True)
    )


def cells(row) -> list[str]:
    """The texts of a row's data cells."""
    row.first.wait_for()
    return [text.strip() for text in row.get_by_role("cell").all_inner_texts()]


def choose_option_starting(select, start: str) -> None:
    """Choose the option of `select` whose text starts with `start` (amounts follow it)."""
    texts = [t.strip() for t in select.locator("option").all_inner_texts()]
    matches = [t for t in texts if t.startswith(start)]
    assert len(matches) == 1, (start, texts)
    select.select_option(label=matches[0])


def delivered_mail(runner, to: str) -> mail.Mail:
    """Run `flask mail send` (the cron job) and return the one message that reached `to`."""
    mail.SENT.clear()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    received = [m for m in mail.SENT if m.to == to]
    assert len(received) == 1, [m.to for m in mail.SENT]
    return received[0]


def confirmation_link(message: mail.Mail) -> str:
    found = re.search(r"https?://\S+/hearings/comments/confirm/\S+", message.body)
    assert found, message.body
    return found.group(0)


# ---------------------------------------------------------------- files the officer uploads


def write_csv(path: Path, rows: list[list]) -> Path:
    """A CSV file in UTF-8 as a spreadsheet program saves it."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    """An XLSX workbook with the rows under the header on its first sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Projektbuxheti"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# ---------------------------------------------------------------- data set up through the models


@pytest.fixture
def hearing_consultation(app, make_consultation) -> int:
    """A published budget-hearing consultation, open today, with Istog's directorates and
    local communities; no hearing cycle yet."""
    consultation_id = make_consultation(kind="budget_hearing", title=TITLE)
    with app.app_context():
        db.session.add_all(
            [
                Directorate(code="EDU", name={"sq": "Drejtoria e Arsimit", "en": "Education"}),
                Directorate(code="HEA", name={"sq": "Drejtoria për Shëndetësi", "en": "Health"}),
                Directorate(
                    code="PUB",
                    name={"sq": "Drejtoria e Shërbimeve Publike", "en": "Public services"},
                ),
                LocalCommunity(name={"sq": "Istog", "sr_Latn": "Istok"}, population=5115),
                LocalCommunity(name={"sq": "Vrellë", "sr_Latn": "Vrelo"}, population=3126),
                LocalCommunity(name={"sq": "Banjë", "sr_Latn": "Banja"}, population=2874),
            ]
        )
        db.session.commit()
    return consultation_id


@pytest.fixture
def citizen(browser):
    """A second browser, the citizen's, beside the officer's `page`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def demo_hearing(app, runner) -> int:
    """The Istog demo data (`flask seed-demo`); returns the budget hearing's consultation."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return db.session.scalars(OPEN_CYCLE).one().consultation_id


# ---------------------------------------------------------------- the officer's steps


def set_up_the_cycle(tab, app, locale: str, today: dt.date) -> None:
    """The budget calendar of next year's budget, its milestones 30, 45 and 90 days ahead."""
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    expect_text(tab, sq("Set up the hearing cycle"))
    assert field(tab, sq("Budget year")).input_value() == str(today.year + 1)
    field(tab, sq("MTBF due to the Ministry")).fill((today + dt.timedelta(30)).isoformat())
    field(tab, sq("Budget proposal after Circular 2 due")).fill(
        (today + dt.timedelta(45)).isoformat()
    )
    field(tab, sq("Assembly approves the budget by")).fill((today + dt.timedelta(90)).isoformat())
    tab.get_by_role("button", name=sq("Save the calendar")).click()
    expect_text(tab, sq("The hearing cycle is saved."))
    expect_text(tab, f"{sq('Hearing cycle')} {today.year + 1}", "h1")


def import_the_draft_budget(tab, app, locale: str, tmp_path: Path) -> None:
    """A bad CSV is refused with one message per problem; the XLSX, then the CSV, are taken."""
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    upload = field(tab, sq("Draft budget file"))

    upload.set_input_files(write_csv(tmp_path / "projektbuxheti-gabim.csv", BAD_ROWS))
    tab.get_by_role("button", name=sq("Import"), exact=True).click()
    problems = tab.get_by_role("alert").filter(
        has_text=sq("The file was not imported. Correct these problems and upload it again:")
    )
    problems.wait_for()
    shown = [text.strip() for text in problems.get_by_role("listitem").all_inner_texts()]
    assert shown == [
        sq(
            "Row %(row)s: the directorate “%(value)s” is not known; use its code or its name.",
            row=3,
            value="XYZ",
        ),
        sq(
            "Row %(row)s: “%(value)s” in the column “%(column)s” is not an amount.",
            row=4,
            value="shumë",
            column=sq("proposed amount"),
        ),
        sq(
            "Row %(row)s: the economic category “%(value)s” is not known; use wages, "
            "goods and services, utilities, subsidies or capital investment.",
            row=5,
            value="Dhurata",
        ),
    ], shown
    expect_text(tab, sq("No draft budget is imported yet."))
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(BudgetLine)) == 0

    upload = field(tab, sq("Draft budget file"))
    upload.set_input_files(write_xlsx(tmp_path / "projektbuxheti-2027.xlsx", XLSX_ROWS))
    tab.get_by_role("button", name=sq("Import"), exact=True).click()
    expect_text(tab, sq((*DRAFT_IMPORTED, 4), count=4))

    upload = field(tab, sq("Draft budget file"))
    upload.set_input_files(write_csv(tmp_path / "projektbuxheti-2027.csv", CSV_ROWS))
    tab.get_by_role("button", name=sq("Import"), exact=True).click()
    expect_text(tab, sq((*DRAFT_IMPORTED, 5), count=5))
    total = 4480000 + 400000 + 2020000 + 1750000 + 135000.50
    expect_text(
        tab,
        sq(
            (
                "%(count)s line imported; proposed total %(amount)s.",
                "%(count)s lines imported; proposed total %(amount)s.",
                5,
            ),
            count=5,
            amount=money(app, locale, round(total * 100)),
        ),
    )


def announce_the_hearings(tab, app, locale: str, today: dt.date) -> None:
    """Five hearings, each announced today or earlier and at least ten days ahead."""
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    for _audience, label, days, community in HEARINGS:
        planned_on = today + dt.timedelta(days)
        announced_on = min(today, planned_on - dt.timedelta(10))
        field(tab, sq("Audience")).select_option(label=sq(label))
        field(tab, sq("Local community")).select_option(label=community or sq("Whole municipality"))
        field(tab, sq("Date of the hearing")).fill(planned_on.isoformat())
        field(tab, sq("Place")).fill(f"Shtëpia e Kulturës, {community or 'Istog'}")
        field(tab, sq("Announced to the public on")).fill(announced_on.isoformat())
        tab.get_by_role("button", name=sq("Add to the plan")).click()
        expect_text(tab, sq("The hearing is added to the plan."))

    plan = tab.get_by_role("table", name=sq("Planned hearings"))
    for _audience, label, _days, _community in HEARINGS:
        row = row_of(plan, sq(label))
        expect(row).to_have_count(1)
        assert sq("OK") in cells(row), cells(row)  # not flagged: announced well ahead
    assert "MS-MEETING-NOTICE" not in tab.locator("main").inner_text()
    assert "BH-GENDER" not in tab.locator("main").inner_text()


def record_the_held_hearing(tab, app, locale: str) -> None:
    """The village council's hearing three days ago: minutes, attendance, a floor comment."""
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    plan = tab.get_by_role("table", name=sq("Planned hearings"))
    row_of(plan, sq("Village council")).get_by_role("link", name=sq("Record as held")).click()
    expect_text(tab, sq("Not held yet"))

    minutes = in_language(tab, sq("Minutes"), "sq")
    minutes.fill("Dëgjimi u mbajt me këshillin e fshatit. U diskutuan pagat dhe rrugët.")
    present = tab.get_by_role("table", name=sq("People present by audience and gender"))
    for audience, counts in ATTENDANCE.items():
        row = row_of(present, sq(audience))
        for gender, count in zip(("Women", "Men", "Other"), counts, strict=True):
            field(row, sq(gender)).fill(str(count))
    tab.get_by_role("button", name=sq("Record as held")).click()
    expect_text(tab, sq("The hearing is recorded as held."))

    field(tab, sq("Budget line")).select_option(
        label=f"Drejtoria e Arsimit · Arsimi fillor · {sq('Wages and salaries')}"
    )
    field(tab, sq("Your comment")).fill(FLOOR_COMMENT)
    field(tab, sq("Language you write in")).select_option(label=ENDONYMS["sq"])
    tab.get_by_role("button", name=sq("Record the comment")).click()
    expect_text(tab, sq("The comment from the floor is recorded."))
    expect_text(tab, FLOOR_COMMENT)


def answer_every_comment(tab, app, locale: str) -> None:
    """Both comments (from the floor and online) answered, with reasons in every official
    language (the report waits for them all)."""
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    answers = {
        FLOOR_COMMENT: (
            "Accepted",
            "Pagat rriten me 3%.",
            "Plate se povećavaju za 3%.",
            "Plaće se povećavaju za 3%.",
        ),
        CITIZEN_COMMENT: (
            "Partly accepted",
            "Asfaltohet pjesa e parë deri në tetor.",
            "Prvi deo se asfaltira do oktobra.",
            "Prvi dio se asfaltira do oktobra.",
        ),
    }
    for text, (outcome, reason_sq, reason_sr, reason_bs) in answers.items():
        card = tab.get_by_role("article").filter(has_text=text)
        expect(card).to_have_count(1)
        expect_text(tab, sq("Not answered yet"), f"article:has-text({text!r})")
        card.get_by_role("radio", name=sq(outcome), exact=True).check()
        in_language(card, sq("Reason"), "sq").fill(reason_sq)
        in_language(card, sq("Reason"), "sr_Latn").fill(reason_sr)
        in_language(card, sq("Reason"), "bs").fill(reason_bs)
        card.get_by_role("button", name=sq("Save the answer")).click()
        expect_text(tab, sq("The answer is saved."))
    for text, (outcome, reason_sq, reason_sr, _reason_bs) in answers.items():
        card = tab.get_by_role("article").filter(has_text=text)
        assert sq(outcome) in card.inner_text()
        assert in_language(card, sq("Reason"), "sq").input_value() == reason_sq
        assert in_language(card, sq("Reason"), "sr_Latn").input_value() == reason_sr


#: the answer to the proposal, in every official language and in English
PROPOSAL_ANSWER = {
    "sq": "Përfshihet në projektbuxhet.",
    "sr_Latn": "Uključeno u nacrt budžeta.",
    "bs": "Uključeno u nacrt budžeta.",
    "en": "Included in the draft budget.",
}


def answer_the_proposal(tab, app, locale: str) -> None:
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    card = tab.get_by_role("article", name=PROPOSAL)
    card.get_by_role("radio", name=sq("Accepted"), exact=True).check()
    for language, reason in PROPOSAL_ANSWER.items():
        in_language(card, sq("Reason"), language).fill(reason)
    card.get_by_role("button", name=sq("Save the answer")).click()
    expect_text(tab, sq("The answer is saved."))
    assert sq("Accepted") in tab.get_by_role("article", name=PROPOSAL).inner_text()


#: people read the directorate's name, not its code "PUB" (the journey runs in Albanian)
PUBLIC_SERVICES = "Drejtoria e Shërbimeve Publike"


def record_a_change(tab, app, locale: str) -> None:
    """The roads' capital investment rises by 50,000 € after the proposal."""
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    expect_text(tab, sq("No changes are recorded yet."))
    choose_option_starting(
        field(tab, sq("Budget line")), f"{PUBLIC_SERVICES} · Rrugët · {sq('Capital investment')} · "
    )
    field(tab, sq("New proposed amount in euros")).fill("1800000")
    field(tab, sq("Answers the proposal")).select_option(label=PROPOSAL)
    in_language(tab, sq("Reason"), "sq").fill("Ndriçimi i rrugës në Banjë.")
    in_language(tab, sq("Reason"), "sr_Latn").fill("Osvetljenje puta u Banji.")
    in_language(tab, sq("Reason"), "bs").fill("Rasvjeta puta u Banji.")
    tab.get_by_role("button", name=sq("Record the change")).click()
    expect_text(tab, sq("The change is recorded."))
    changes = tab.get_by_role("table", name=sq("Changes recorded as a result of the hearings"))
    row = row_of(changes, f"{PUBLIC_SERVICES} · Rrugët · {sq('Capital investment')}")
    assert cells(row)[:2] == [money(app, locale, 175000000), money(app, locale, 180000000)]


def publish_the_report(tab, app, locale: str) -> None:
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    expect_text(tab, sq("Preview: this report is not published yet."))
    tab.get_by_role("button", name=sq("Publish and send to the chair")).click()
    expect_text(tab, sq("The hearing report is published and sent to the chair for review."))


def check_the_report(tab, app, locale: str, today: dt.date) -> None:
    """The report shows the held meeting and the attendance exactly as typed."""
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    women = sum(c[0] for c in ATTENDANCE.values())
    men = sum(c[1] for c in ATTENDANCE.values())
    other = sum(c[2] for c in ATTENDANCE.values())

    held = tab.get_by_role("table", name=sq("Hearings held and where"))
    meeting = row_of(held, sq("Village council"))
    expect(meeting).to_have_count(1)
    # local community, place, women, men, other, total, comments from the floor
    assert cells(meeting)[1:] == [
        "Vrellë",
        "Shtëpia e Kulturës, Vrellë",
        str(women),
        str(men),
        str(other),
        str(women + men + other),
        "1",
    ], cells(meeting)
    total = held.get_by_role("row").filter(has=tab.get_by_role("rowheader", name=sq("Total")))
    assert cells(total)[:4] == [str(women), str(men), str(other), str(women + men + other)]
    not_held = [sq(label) for _a, label, days, _c in HEARINGS if days > 0]
    planned = tab.locator("main p").filter(has_text=sq("Planned but not recorded as held:"))
    for label in not_held:
        assert label in planned.inner_text()

    by_audience = tab.get_by_role(
        "table", name=sq("People present at the hearings by audience and gender")
    )
    for audience, counts in ATTENDANCE.items():
        assert cells(row_of(by_audience, sq(audience))) == [
            *map(str, counts),
            str(sum(counts)),
        ]
    expect(by_audience.get_by_role("rowheader")).to_have_count(len(ATTENDANCE))

    comments = tab.get_by_role(
        "table", name=sq("Every comment on the draft budget with the municipality's answer")
    )
    for text, outcome in ((FLOOR_COMMENT, "Accepted"), (CITIZEN_COMMENT, "Partly accepted")):
        row = comments.get_by_role("row").filter(has_text=text)
        assert sq(outcome) in cells(row), cells(row)
    proposals = tab.get_by_role("table", name=sq("Every proposal with the municipality's answer"))
    assert sq("Accepted") in cells(row_of(proposals, PROPOSAL))
    changes = tab.get_by_role(
        "table",
        name=sq("Changes made to the draft budget as a result of the hearings, per line"),
    )
    expect(changes.get_by_role("row").filter(has_text="Rrugët")).to_have_count(1)
    assert sq("Preview: this report is not published yet.") not in tab.locator("main").inner_text()


def check_the_downloads(tab, app, locale: str) -> None:
    link = tab.get_by_role("link", name=say(app, locale, "Download as PDF"))
    response = tab.context.request.get(link.evaluate("a => a.href"))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-") and len(body) > 5000, body[:40]
    link = tab.get_by_role("link", name=say(app, locale, "Download as XLSX"))
    workbook = tab.context.request.get(link.evaluate("a => a.href"))
    assert workbook.status == 200 and workbook.body().startswith(b"PK"), workbook.status


# ---------------------------------------------------------------- the citizen's steps


def citizen_comments_on_a_line(tab, app, runner, live_server, consultation_id, locale, check):
    """From the consultation to the budget explorer, a comment on the roads line, confirmed
    from the e-mail."""
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    tab.goto(f"{live_server}/consultations/{consultation_id}?lang={locale}")
    announced = tab.get_by_role("table", name=sq("Planned budget hearings"))
    assert sorted(announced.get_by_role("rowheader").all_inner_texts()) == sorted(
        sq(label) for _a, label, _d, _c in HEARINGS
    )
    tab.get_by_role("link", name=sq("Explore the draft budget")).click()
    expect_text(tab, sq("Draft budget %(year)s", year=dt.date.today().year + 1), "h1")
    check(tab, f"the budget explorer ({locale})")
    lines = tab.get_by_role(
        "table", name=sq("Lines of the draft budget %(year)s", year=dt.date.today().year + 1)
    )
    expect(lines.get_by_role("rowheader")).to_have_count(5)
    roads = row_of(lines, "Rrugët")
    roads.get_by_role("link", name=sq("Comment on this line")).click()
    check(tab, f"the budget comment form ({locale})")

    line = field(tab, sq("Budget line"))
    chosen = line.evaluate("s => s.options[s.selectedIndex].text")
    assert chosen == f"Drejtoria e Shërbimeve Publike · Rrugët · {sq('Capital investment')}"
    field(tab, sq("Your comment")).fill(CITIZEN_COMMENT)
    field(tab, sq("Language you write in")).select_option(label=ENDONYMS["sq"])
    field(tab, sq("Your name")).fill("Arjeta Berisha")
    field(tab, sq("Your e-mail")).fill(CITIZEN_EMAIL)
    field(tab, sq("Gender (optional, for statistics only)")).select_option(label=sq("Woman"))
    field(tab, sq("Tell me by e-mail when the municipality answers")).check()
    tab.get_by_role("button", name=sq("Send the comment")).click()
    expect_text(tab, sq("Thank you. Follow the link we sent to your e-mail to confirm."))
    with app.app_context():
        comment = db.session.scalars(select(Comment).filter_by(author_email=CITIZEN_EMAIL)).one()
        assert comment.confirmed_at is None and comment.line.programme == "Rrugët"

    message = delivered_mail(runner, CITIZEN_EMAIL)
    tab.goto(confirmation_link(message))
    expect_text(tab, sq("Your comment is confirmed. The answer will be e-mailed to you."))
    with app.app_context():
        comment = db.session.scalars(select(Comment).filter_by(author_email=CITIZEN_EMAIL)).one()
        assert comment.confirmed_at is not None


def citizen_proposes_a_project(tab, app, live_server, consultation_id, locale, check):
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    tab.goto(f"{live_server}/consultations/{consultation_id}?lang={locale}")
    tab.get_by_role("link", name=sq("Make a proposal")).click()
    check(tab, f"the proposal form ({locale})")
    field(tab, sq("Title of the project")).fill(PROPOSAL)
    field(tab, sq("Local community")).select_option(label="Banjë")
    field(tab, sq("Estimated cost in euros")).fill("50.000")
    field(tab, sq("Description")).fill("Llamba LED përgjatë rrugës kryesore të fshatit.")
    field(tab, sq("Language you write in")).select_option(label=ENDONYMS["sq"])
    field(tab, sq("Your name")).fill("Arjeta Berisha")
    field(tab, sq("Your e-mail")).fill(CITIZEN_EMAIL)
    tab.get_by_role("button", name=sq("Send the proposal")).click()
    expect_text(tab, sq("Thank you. Your proposal is received; the municipality will answer it."))


# ---------------------------------------------------------------- 6. the officer runs a hearing


def test_officer_runs_a_budget_hearing_and_publishes_the_report(
    page, citizen, app, runner, live_server, make_user, hearing_consultation, check, tmp_path
):
    mail.SENT.clear()
    today = dt.date.today()
    locale = "sq"
    sq = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    make_user("officer", email=OFFICER)

    # Valentina signs in and opens the budget-hearing consultation, then its hearing cycle.
    sign_in(page, app, live_server, locale, OFFICER)
    page.get_by_role("link", name=TITLE["sq"]).first.click()
    assert page.url.endswith(f"/manage/consultations/{hearing_consultation}")
    expect_text(page, sq("The hearing cycle is not set up yet."))
    page.get_by_role("link", name=sq("Manage the hearing cycle")).click()

    # She sets the budget calendar, imports the draft and announces five hearings.
    set_up_the_cycle(page, app, locale, today)
    import_the_draft_budget(page, app, locale, tmp_path)
    announce_the_hearings(page, app, locale, today)

    # She records the village council's hearing as held, with a comment from the floor.
    record_the_held_hearing(page, app, locale)
    page.get_by_role("link", name=f"{sq('Hearing cycle')} {today.year + 1}").click()
    plan = page.get_by_role("table", name=sq("Planned hearings"))
    held = row_of(plan, sq("Village council"))
    total = sum(map(sum, ATTENDANCE.values()))
    expect(
        held.get_by_role(
            "link",
            name=sq(("Held: %(people)s person", "Held: %(people)s people", total), people=total),
        )
    ).to_be_visible()

    # A citizen comments on the roads line, confirms it by e-mail, and proposes a project.
    citizen_comments_on_a_line(
        citizen, app, runner, live_server, hearing_consultation, locale, check
    )
    citizen_proposes_a_project(citizen, app, live_server, hearing_consultation, locale, check)

    # Publishing is refused while a comment or the proposal has no answer.
    page.get_by_role("link", name=sq("Hearing report")).click()
    expect_text(
        page,
        sq(
            "Comments and proposals without an answer: %(count)s. Answer them all before "
            "publishing the report.",
            count=3,
        ),
    )
    page.get_by_role("button", name=sq("Publish and send to the chair")).click()
    expect_text(page, sq("Preview: this report is not published yet."))
    with app.app_context():
        assert db.session.get(Consultation, hearing_consultation).report_published_at is None

    # She answers every comment and the proposal, and records the change to the roads line.
    page.go_back()
    page.go_back()
    page.get_by_role("link", name=sq("Answer comments")).click()
    answer_every_comment(page, app, locale)
    page.get_by_role("link", name=f"{sq('Hearing cycle')} {today.year + 1}").click()
    page.get_by_role("link", name=sq("Answer proposals")).click()
    answer_the_proposal(page, app, locale)
    page.get_by_role("link", name=f"{sq('Hearing cycle')} {today.year + 1}").click()
    page.get_by_role("link", name=sq("Changes to the draft budget")).click()
    record_a_change(page, app, locale)

    # The comment period ends today: she closes the consultation (a report is published only
    # once it has closed), then publishes the report: meetings and attendance as typed.
    with app.app_context():
        db.session.get(Consultation, hearing_consultation).closes_at = today
        db.session.commit()
    page.goto(f"{live_server}/manage/consultations/{hearing_consultation}?lang={locale}")
    page.get_by_role("button", name=sq("Move to: %(status)s", status=sq("Closed"))).click()
    expect_text(page, sq("The step is done."))
    page.get_by_role("link", name=sq("Hearing report"), exact=True).click()
    publish_the_report(page, app, locale)
    check_the_report(page, app, locale, today)
    check_the_downloads(page, app, locale)
    with app.app_context():
        change = db.session.scalars(select(BudgetChange)).one()
        assert (change.before_cents, change.after_cents) == (175000000, 180000000)
        assert change.proposal.title == PROPOSAL
        assert db.session.scalars(select(CapitalProposal)).one().reason == PROPOSAL_ANSWER

    # The public sees the report, the answers and the change.
    citizen.goto(f"{live_server}/consultations/{hearing_consultation}?lang={locale}")
    citizen.get_by_role("link", name=sq("Read the hearing report")).click()
    check_the_report(citizen, app, locale, today)
    citizen.goto(f"{live_server}/hearings/{hearing_consultation}/budget?lang=sr_Latn")
    expect_text(citizen, CITIZEN_COMMENT)
    expect_text(citizen, "Prvi deo se asfaltira do oktobra.")  # the reason in Serbian
    changed = citizen.get_by_role("table", name=say(app, "sr_Latn", "Changes to the draft budget"))
    assert cells(changed.get_by_role("row").filter(has_text="Rrugët"))[:2] == [
        money(app, "sr_Latn", 175000000),
        money(app, "sr_Latn", 180000000),
    ]


# ---------------------------------------------------------------- the explorer, no JS, phone


def read_the_budget_explorer(tab, app, live_server, consultation_id, locale: str) -> None:
    """From the consultation page to the explorer: totals, tables, charts and downloads."""
    say_ = lambda msgid, **values: say(app, locale, msgid, **values)  # noqa: E731
    tab.goto(f"{live_server}/consultations/{consultation_id}?lang={locale}")
    tab.get_by_role("link", name=say_("Explore the draft budget")).click()
    with app.app_context():
        cycle = db.session.scalars(OPEN_CYCLE).one()
        lines = list(cycle.lines)
        proposed = sum(line.proposed_cents for line in lines)
        year = cycle.budget_year
    expect_text(tab, say_("Draft budget %(year)s", year=year), "h1")
    expect_text(tab, money(app, locale, proposed))
    table = tab.get_by_role("table", name=say_("Lines of the draft budget %(year)s", year=year))
    expect(table.get_by_role("rowheader")).to_have_count(len(lines))
    by_directorate = tab.get_by_role("table", name=say_("Budget by directorate"))
    expect(by_directorate.get_by_role("rowheader").first).to_be_visible()
    chart = tab.get_by_role("figure", name=say_("Current and proposed budget by directorate"))
    expect(chart).to_be_visible()
    # each row of the chart: the directorate's whole name and its amounts, as text
    expect(chart.get_by_role("listitem")).to_have_count(
        by_directorate.get_by_role("rowheader").count()
    )
    for name in ("CSV", "XLSX"):
        link = tab.get_by_role("link", name=name, exact=True)
        response = tab.context.request.get(link.evaluate("a => a.href"))
        assert response.status == 200, (name, response.status)
        assert f"budget-{year}.{name.lower()}" in response.headers["content-disposition"]
    csv_rows = list(
        csv.reader(
            io.StringIO(
                tab.context.request.get(
                    tab.get_by_role("link", name="CSV", exact=True).evaluate("a => a.href")
                )
                .text()
                .lstrip("\ufeff")
            )
        )
    )
    assert len(csv_rows) == len(lines) + 1


def test_the_budget_explorer_works_without_javascript(browser, app, live_server, demo_hearing):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    tab = context.new_page()
    read_the_budget_explorer(tab, app, live_server, demo_hearing, "sq")
    # the comment link of a line works without scripts: a plain link to a plain form
    tab.get_by_role("link", name=say(app, "sq", "Comment on this line")).first.click()
    assert field(tab, say(app, "sq", "Your comment")).is_visible()
    context.close()


def test_the_budget_explorer_works_on_a_phone(phone, app, live_server, demo_hearing):
    read_the_budget_explorer(phone, app, live_server, demo_hearing, "sq")
    # nothing but the tables' own scroll areas is wider than the screen
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375
    chart = phone.get_by_role(
        "figure", name=say(app, "sq", "Current and proposed budget by directorate")
    )
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    # the names are text of at least 14 px, not an SVG scaled down to a few pixels
    sizes = chart.locator(".bar-label").evaluate_all(
        "labels => labels.map(l => parseFloat(getComputedStyle(l).fontSize))"
    )
    assert sizes and min(sizes) >= 14, sizes
    comment = phone.get_by_role("link", name=say(app, "sq", "Comment on this line")).first
    comment.scroll_into_view_if_needed()
    assert comment.is_visible()


# ---------------------------------------------------------------- axe on the hearing's pages

HEARING_PAGES = [
    pytest.param("public", "/hearings/{id}/budget", id="budget"),
    pytest.param("public", "/hearings/{id}/comments/new", id="comment-form"),
    pytest.param("public", "/hearings/{id}/proposals/new", id="proposal-form"),
    pytest.param("officer", "/manage/hearings/{id}/", id="manage"),
    pytest.param("officer", "/manage/hearings/{id}/comments", id="manage-comments"),
    pytest.param("officer", "/manage/hearings/{id}/proposals", id="manage-proposals"),
    pytest.param("officer", "/manage/hearings/{id}/changes", id="manage-changes"),
]


@pytest.mark.parametrize(("who", "path"), HEARING_PAGES)
@pytest.mark.parametrize("locale", ["sq", "sr"])
def test_the_hearing_pages_have_no_serious_accessibility_violation(
    page, app, live_server, make_user, demo_hearing, check, who, path, locale
):
    if who == "officer":
        sign_in(page, app, live_server, locale, make_user("officer", email="pio@istog.example"))
    page.goto(f"{live_server}{path.format(id=demo_hearing)}?lang={locale}")
    assert page.locator("main form, main table").count() >= 1, page.inner_text("main")[:500]
    check(page, f"{path.format(id=demo_hearing)} ({who}, {locale})")
