"""Demo content: Istog's budget hearings, dated from the day the demo is loaded.

Two cycles of the statutory calendar (BH-CALENDAR, `services.default_milestones`: the milestones
of budget year N fall in N - 1, the Assembly approving by 30 September):

- this year's cycle, open today: it prepares the first budget whose approval date is still
  ahead (`open_budget_year`); the consultation opened 20 days ago and closes before approval,
  its first hearings held, the others planned before the approval date;
- last year's cycle, the one before it: all seven audiences of the Communication and
  Information Strategy 2023–2026 heard between June and September, every comment and proposal
  answered, the budget changed and the hearing report published within MS-REPORT's 15 days.

The lines are demo figures shaped like Istog's budget (about €17 million; education and health
the largest). Officer-written texts come from `consult.hearings.demo_data.meetings` and
`consult.hearings.demo_data.proposals` in sq, sr_Latn, bs and en.
"""

import datetime as dt

from flask import current_app
from sqlalchemy import select

from consult.auth.models import User
from consult.core import reviews
from consult.core.documents import CheckedFile, store_document
from consult.core.kinds import DemoContext
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.core.profiles import current_standards
from consult.core.reports import Sheet, workbook_bytes
from consult.demo.texts import fill
from consult.extensions import db
from consult.hearings import participation, services
from consult.hearings import report as hearing_report
from consult.hearings.demo_data.consultation import CONSULTATION
from consult.hearings.demo_data.meetings import MEETINGS, SCHEDULE
from consult.hearings.demo_data.programmes import apply_programme_names
from consult.hearings.demo_data.proposals import CHANGES, CURRENT_PROPOSALS, PAST_PROPOSALS
from consult.hearings.models import BudgetLine, HearingCycle

#: the consultation opened this many days before the demo is loaded
OPENED_DAYS_AGO = 20
#: the open cycle's first hearings: held already (women's first, so BH-GENDER is met)
HELD_FIRST = ("women", "general")
#: the chair who receives last year's hearing report for the Assembly
CHAIR_EMAIL = "agron.kastrati@istog.example"

#: (directorate code, programme, category, current year €, proposed €)
LINES: list[tuple[str, str, str, int, int]] = [
    ("ADM", "Administrata dhe personeli", "wages", 620_000, 640_000),
    ("ADM", "Administrata dhe personeli", "goods_services", 210_000, 215_000),
    ("ADM", "Administrata dhe personeli", "utilities", 95_000, 98_000),
    ("ADM", "Administrata dhe personeli", "capital", 120_000, 60_000),
    ("ECO", "Zhvillimi ekonomik lokal", "wages", 95_000, 98_000),
    ("ECO", "Zhvillimi ekonomik lokal", "goods_services", 45_000, 50_000),
    ("ECO", "Zhvillimi ekonomik lokal", "subsidies", 60_000, 80_000),
    ("ECO", "Zona ekonomike e Istogut", "capital", 150_000, 180_000),
    ("INS", "Inspektimi", "wages", 140_000, 145_000),
    ("INS", "Inspektimi", "goods_services", 18_000, 20_000),
    ("HEA", "Kujdesi parësor shëndetësor", "wages", 1_950_000, 2_020_000),
    ("HEA", "Kujdesi parësor shëndetësor", "goods_services", 430_000, 460_000),
    ("HEA", "Kujdesi parësor shëndetësor", "utilities", 110_000, 115_000),
    ("HEA", "Kujdesi parësor shëndetësor", "capital", 150_000, 220_000),
    ("SOC", "Shërbimet sociale", "wages", 230_000, 240_000),
    ("SOC", "Shërbimet sociale", "goods_services", 40_000, 45_000),
    ("SOC", "Shërbimet sociale", "utilities", 15_000, 16_000),
    ("SOC", "Shërbimet sociale", "subsidies", 120_000, 140_000),
    ("EDU", "Arsimi parashkollor", "wages", 310_000, 330_000),
    ("EDU", "Arsimi fillor dhe i mesëm i ulët", "wages", 4_350_000, 4_480_000),
    ("EDU", "Arsimi fillor dhe i mesëm i ulët", "goods_services", 380_000, 400_000),
    ("EDU", "Arsimi fillor dhe i mesëm i ulët", "utilities", 260_000, 270_000),
    ("EDU", "Arsimi fillor dhe i mesëm i ulët", "capital", 520_000, 600_000),
    ("EDU", "Arsimi i mesëm i lartë", "wages", 1_250_000, 1_300_000),
    ("EDU", "Arsimi i mesëm i lartë", "goods_services", 120_000, 125_000),
    ("EDU", "Arsimi i mesëm i lartë", "utilities", 90_000, 95_000),
    ("CYS", "Kultura, rinia dhe sporti", "wages", 180_000, 185_000),
    ("CYS", "Kultura, rinia dhe sporti", "goods_services", 70_000, 75_000),
    ("CYS", "Kultura, rinia dhe sporti", "subsidies", 90_000, 100_000),
    ("CYS", "Palestra sportive në Istog", "capital", 200_000, 250_000),
    ("PUB", "Rrugët dhe infrastruktura", "wages", 210_000, 215_000),
    ("PUB", "Rrugët dhe infrastruktura", "goods_services", 160_000, 170_000),
    ("PUB", "Ndriçimi publik", "utilities", 240_000, 250_000),
    ("PUB", "Rrugët dhe infrastruktura", "capital", 1_650_000, 1_700_000),
    ("EMR", "Shërbimet e zjarrfikësve dhe shpëtimit", "wages", 420_000, 440_000),
    ("EMR", "Shërbimet e zjarrfikësve dhe shpëtimit", "goods_services", 60_000, 65_000),
    ("EMR", "Shërbimet e zjarrfikësve dhe shpëtimit", "capital", 40_000, 80_000),
    ("URB", "Planifikimi urban dhe mjedisi", "wages", 160_000, 165_000),
    ("URB", "Planifikimi urban dhe mjedisi", "goods_services", 40_000, 45_000),
    ("URB", "Sheshi i qytetit dhe hapësirat publike", "capital", 480_000, 520_000),
    ("CAD", "Kadastri dhe gjeodezia", "wages", 120_000, 124_000),
    ("CAD", "Kadastri dhe gjeodezia", "goods_services", 15_000, 16_000),
    ("CAD", "Digjitalizimi i kadastrit", "capital", 20_000, 30_000),
    ("BFI", "Buxheti dhe financat", "wages", 210_000, 215_000),
    ("BFI", "Buxheti dhe financat", "goods_services", 35_000, 37_000),
    ("AGR", "Bujqësia dhe zhvillimi rural", "wages", 110_000, 115_000),
    ("AGR", "Bujqësia dhe zhvillimi rural", "goods_services", 25_000, 27_000),
    ("AGR", "Grantet për fermerët", "subsidies", 280_000, 320_000),
    ("AGR", "Kanalet e ujitjes", "capital", 300_000, 350_000),
]


def open_budget_year(today: dt.date) -> int:
    """The budget year whose hearing cycle is open on `today`: the first one whose approval
    date (in the year before it) is still ahead, so its hearings can be held in time."""
    year = today.year + 1
    return year if today <= services.default_milestones(year)["approval"] else year + 1


def _item() -> dict:
    return CONSULTATION


def _set_consultation(consultation: Consultation, budget_year: int, dates: dict) -> None:
    """The consultation's texts for `budget_year`, its dates, status and planned year."""
    item = _item()
    for field in ("title", "summary", "body"):
        setattr(consultation, field, fill(item[field], budget_year))
    for name, value in dates.items():
        setattr(consultation, name, value)
    consultation.planned_year = consultation.opens_at.year


def _past_consultation(directorates: dict[str, Directorate], budget_year: int) -> Consultation:
    """Last year's hearing consultation: announced in May, closed on 15 September, before the
    Assembly approved the budget (its report is published by `load_demo`)."""
    item = _item()
    year = budget_year - 1
    consultation = Consultation(
        kind="budget_hearing",
        directorate_id=directorates[item["directorate"]].id,
        contact_name=item["contact"]["name"],
        contact_email=item["contact"]["email"],
        contact_phone=item["contact"]["phone"],
        status="closed",
    )
    _set_consultation(
        consultation,
        budget_year,
        {
            "notice_at": dt.date(year, 5, 2),
            "opens_at": dt.date(year, 5, 15),
            "closes_at": dt.date(year, 9, 15),
        },
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation


def _open_dates(today: dt.date, approval: dt.date) -> dict:
    """The open consultation: opened OPENED_DAYS_AGO days ago, closing two weeks before the
    Assembly approves the budget (on the approval day when that is nearer than today), and
    by the end of this year, so it counts in this year's annual report."""
    opens = today - dt.timedelta(days=OPENED_DAYS_AGO)
    closes = approval - dt.timedelta(days=15)
    return {
        "notice_at": opens - dt.timedelta(days=15),
        "opens_at": opens,
        "closes_at": min(closes if closes >= today else approval, dt.date(today.year, 12, 31)),
        "status": "open",
    }


def _open_schedule(consultation: Consultation, today: dt.date) -> list[tuple[tuple, dt.date]]:
    """The open cycle's seven hearings and their days: HELD_FIRST in the days after opening,
    the others before the consultation closes (all held already when it closes soon)."""
    first = [entry for audience in HELD_FIRST for entry in SCHEDULE if entry[0] == audience]
    ordered = first + [entry for entry in SCHEDULE if entry[0] not in HELD_FIRST]
    opens, closes = consultation.opens_at, consultation.closes_at
    if (closes - today).days < 20:
        step = (OPENED_DAYS_AGO - 2) / (len(ordered) - 1)
        days = [opens + dt.timedelta(days=1 + round(i * step)) for i in range(len(ordered))]
    else:
        held = [opens + dt.timedelta(days=3 + 7 * i) for i in range(len(HELD_FIRST))]
        start = max(today + dt.timedelta(days=8), closes - dt.timedelta(days=100))
        end = closes - dt.timedelta(days=2)
        later = len(ordered) - len(held)
        step = (end - start).days / (later - 1)
        days = held + [start + dt.timedelta(days=round(i * step)) for i in range(later)]
    return list(zip(ordered, days, strict=True))


def _plan(cycle, schedule, by_name, today: dt.date) -> list:
    """Plan the hearings, each announced ten days ahead (today when that is still enough)."""
    planned = []
    for (audience, community, place, _day), day in schedule:
        announced = min(day - dt.timedelta(days=10), today)
        planned.append(
            services.plan_hearing(
                cycle,
                audience,
                day,
                place,
                by_name[community].id if community else None,
                announced,
            )
        )
    return planned


def _lines(cycle: HearingCycle, directorates: dict[str, Directorate]) -> dict:
    lines = {}
    for position, (code, programme, category, current, proposed) in enumerate(LINES, 1):
        line = BudgetLine(
            cycle=cycle,
            directorate_id=directorates[code].id,
            programme=programme,
            category=category,
            current_cents=current * 100,
            proposed_cents=proposed * 100,
            position=position,
        )
        db.session.add(line)
        lines[(code, programme, category)] = line
    db.session.flush()
    apply_programme_names(cycle)
    return lines


def draft_workbook(budget_year: int) -> bytes:
    """The draft budget as the finance directorate's XLSX: the importer's five columns."""
    rows = [
        (code, programme, category, current, proposed)
        for code, programme, category, current, proposed in LINES
    ]
    headers = ("directorate", "programme", "category", "current", "proposed")
    return workbook_bytes([Sheet(f"Projektbuxheti {budget_year}", headers, rows)])


def _attach_draft(consultation: Consultation, cycle: HearingCycle, budget_year: int) -> None:
    """The draft budget file: the cycle's downloadable draft and the consultation's document
    (MS-ANNOUNCE, BH-PUBLISH)."""
    data = draft_workbook(budget_year)
    name = f"projektbuxheti-{budget_year}.xlsx"
    folder = current_app.config["UPLOAD_FOLDER"]
    services._keep_draft_file(cycle, data, name, "xlsx", folder)
    title = fill(
        {
            "sq": "Projektbuxheti komunal {year}",
            "sr_Latn": "Nacrt opštinskog budžeta za {year}. godinu",
            "bs": "Nacrt općinskog budžeta za {year}. godinu",
            "en": "Draft municipal budget {year}",
        },
        budget_year,
    )
    document = store_document(
        CheckedFile(data, "xlsx", name),
        folder,
        consultation_id=consultation.id,
        role="draft",
        title=title,
    )
    db.session.add(document)
    db.session.flush()


def load_demo(
    consultation: Consultation,
    directorates: dict[str, Directorate],
    communities: list[LocalCommunity],
    today: dt.date,
) -> HearingCycle:
    """Both cycles: `consultation` becomes this year's open cycle; last year's finished cycle
    gets a consultation of its own. Returns this year's cycle."""
    budget_year = open_budget_year(today)
    by_name = {c.name.get("sq"): c for c in communities}
    load_past_cycle(directorates, by_name, budget_year - 1, today)
    approval = services.default_milestones(budget_year)["approval"]
    _set_consultation(consultation, budget_year, _open_dates(today, approval))
    cycle = services.create_cycle(consultation, budget_year)
    lines = _lines(cycle, directorates)
    _attach_draft(consultation, cycle, budget_year)
    for hearing in _plan(cycle, _open_schedule(consultation, today), by_name, today):
        if hearing.planned_on < today:
            _hold(cycle, hearing, MEETINGS[hearing.audience], lines, today, budget_year)
    for item in CURRENT_PROPOSALS:
        submitted = today - dt.timedelta(days=item["days"])
        _load_proposal(cycle, item, by_name, submitted, budget_year)
    return cycle


def load_past_cycle(
    directorates: dict[str, Directorate], by_name: dict, budget_year: int, today: dt.date
) -> HearingCycle:
    """Last year's cycle, finished: seven held hearings, answers, changes, published report."""
    consultation = _past_consultation(directorates, budget_year)
    cycle = services.create_cycle(consultation, budget_year)
    lines = _lines(cycle, directorates)
    _attach_draft(consultation, cycle, budget_year)
    year = budget_year - 1
    schedule = [(entry, dt.date(year, *entry[3])) for entry in SCHEDULE]
    for hearing in _plan(cycle, schedule, by_name, today):
        _hold(cycle, hearing, MEETINGS[hearing.audience], lines, today, budget_year)
    proposals = [
        _load_proposal(
            cycle,
            item,
            by_name,
            consultation.opens_at + dt.timedelta(days=item["days"]),
            budget_year,
        )
        for item in PAST_PROPOSALS
    ]
    for code, programme, category, amount, proposal_index, reason in CHANGES:
        change = services.record_change(
            lines[(code, programme, category)],
            amount * 100,
            reason,
            proposal=proposals[proposal_index] if proposal_index is not None else None,
        )
        change.created_at = dt.datetime.combine(dt.date(year, 9, 12), dt.time(11))
    _publish(cycle, consultation.closes_at + dt.timedelta(days=10))
    return cycle


def _publish(cycle: HearingCycle, day: dt.date) -> None:
    """Publish the hearing report on `day` and have the chair receive it two days later."""
    hearing_report.publish_report(cycle, day, current_standards())
    consultation = cycle.consultation
    chair = db.session.scalar(select(User).where(User.email == CHAIR_EMAIL))
    if chair is not None:
        reviews.receive(consultation, chair.id)
    for number, event in enumerate(reviews.history(consultation)):
        event.at = dt.datetime.combine(day + dt.timedelta(days=2 * number), dt.time(9))
    db.session.flush()


def _hold(
    cycle: HearingCycle, hearing, record: dict, lines: dict, today: dt.date, budget_year: int
) -> None:
    """A demo hearing held: minutes, attendance, invitations and answered floor comments."""
    meeting = participation.hold_hearing(
        hearing, fill(record["minutes"], budget_year), record["attendance"], today
    )
    for kind, name, days_before in record["invitations"]:
        participation.log_invitation(
            meeting, kind, name, hearing.planned_on - dt.timedelta(days=days_before)
        )
    for line_key, language, text, outcome, reason in record["comments"]:
        comment = participation.record_floor_comment(
            meeting, cycle, text, language, None, lines[line_key].id if line_key else None
        )
        comment.created_at = dt.datetime.combine(hearing.planned_on, dt.time(18))
        answered = comment.created_at + dt.timedelta(days=5)
        if answered.date() <= today:
            participation.answer_comment(comment, outcome, fill(reason, budget_year))
            comment.answer.answered_at = answered


def _load_proposal(cycle: HearingCycle, item: dict, by_name: dict, day: dt.date, budget_year: int):
    submitted = dt.datetime.combine(day, dt.time(10))
    proposal = services.submit_proposal(
        cycle,
        item["title"],
        by_name[item["community"]].id,
        item["cost"] * 100,
        item["description"],
        item["name"],
        item["email"],
        language=item["language"],
    )
    proposal.submitted_at = submitted
    if item["answer"]:
        outcome, reason = item["answer"]
        services.answer_proposal(proposal, outcome, fill(reason, budget_year))
        proposal.answered_at = submitted + dt.timedelta(days=2)
    return proposal


def load_for_seed(context: DemoContext) -> None:
    """The hearings of the demo (`consult.core.kinds.KindDemo`); leaves the open budget year
    and the day the Assembly approves it for the poll's demo."""
    load_demo(
        context.current["budget_hearing"], context.directorates, context.communities, context.today
    )
    budget_year = open_budget_year(context.today)
    context.values["budget_year"] = budget_year
    context.values["approval"] = services.default_milestones(budget_year)["approval"]
