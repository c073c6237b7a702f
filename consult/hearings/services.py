"""Budget hearings: the cycle and its calendar, the plan and its coverage, the draft budget,
proposals and budget changes.

Plain functions over the models: they change the session and `flush()`; the view commits once,
for a form post through `consult.form_views.save_form`.
"""

import datetime as dt
import io
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from consult.core.answers import answer_mail, answer_published, answer_reason, filled_texts
from consult.core.labels import BUDGET_CATEGORIES, HEARING_AUDIENCES
from consult.core.mail_outbox import queue_mail
from consult.core.models import Consultation, Directorate, LocalCommunity, utcnow
from consult.core.services import record_audit
from consult.core.standards import (
    Finding,
    bh_calendar_due,
    bh_draft,
    bh_gender_planned,
    bh_hearing_plan,
    bh_meetings,
)
from consult.core.upload_limits import Deadline, UploadRefused
from consult.extensions import db
from consult.hearings.importer import ParsedBudget, Problem, parse_rows, read_upload
from consult.hearings.models import (
    BudgetChange,
    BudgetLine,
    CapitalProposal,
    HearingCycle,
    HeldHearing,
    PlannedHearing,
    ProgrammeName,
)
from consult.i18n import lazy_text as _l
from consult.i18n import localize
from consult.polls import services as poll_services
from consult.polls.models import Poll, Project

#: (month, day) of each milestone in the year before the budget year (BH-CALENDAR)
DEFAULT_CALENDAR = {"mtbf": (6, 30), "circular2": (8, 15), "approval": (9, 30)}
#: a milestone is announced as near this many days before it
DEFAULT_WARNING_DAYS = 21

MILESTONE_LABELS = {
    "mtbf": _l("Medium-Term Budget Framework to the Ministry of Finance"),
    "circular2": _l("Budget proposal after Budget Circular 2"),
    "approval": _l("Approval of the budget by the Municipal Assembly"),
}


class HearingRefused(ValueError):
    """An action on a hearing cycle that cannot be done; `message` says why."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


# ---------------------------------------------------------------- the cycle and its calendar


def default_milestones(budget_year: int, calendar: dict | None = None) -> dict[str, dt.date]:
    """The statutory dates for `budget_year`: they fall in the year before it."""
    calendar = {**DEFAULT_CALENDAR, **(calendar or {})}
    year = budget_year - 1
    return {key: dt.date(year, *calendar[key]) for key in ("mtbf", "circular2", "approval")}


def cycle_of(consultation: Consultation) -> HearingCycle | None:
    """The consultation's hearing cycle (the latest budget year if it has several)."""
    return db.session.scalar(
        select(HearingCycle)
        .where(HearingCycle.consultation_id == consultation.id)
        .order_by(HearingCycle.budget_year.desc())
        .limit(1)
    )


def create_cycle(
    consultation: Consultation,
    budget_year: int,
    calendar: dict | None = None,
    mtbf_due: dt.date | None = None,
    circular2_due: dt.date | None = None,
    approval_due: dt.date | None = None,
) -> HearingCycle:
    """Start the hearing cycle of `budget_year`; dates default to the statutory calendar."""
    if consultation.kind != "budget_hearing":
        raise HearingRefused(_l("Only a budget-hearing consultation has a hearing cycle."))
    defaults = default_milestones(budget_year, calendar)
    cycle = HearingCycle(
        consultation=consultation,
        budget_year=budget_year,
        mtbf_due=mtbf_due or defaults["mtbf"],
        circular2_due=circular2_due or defaults["circular2"],
        approval_due=approval_due or defaults["approval"],
    )
    _check_milestones(cycle)
    db.session.add(cycle)
    db.session.flush()
    return cycle


def update_milestones(
    cycle: HearingCycle, mtbf_due: dt.date, circular2_due: dt.date, approval_due: dt.date
) -> None:
    """Change the cycle's dates (a municipality may follow another calendar)."""
    cycle.mtbf_due, cycle.circular2_due, cycle.approval_due = mtbf_due, circular2_due, approval_due
    _check_milestones(cycle)
    db.session.flush()


def _check_milestones(cycle: HearingCycle) -> None:
    if not cycle.mtbf_due <= cycle.circular2_due <= cycle.approval_due:
        raise HearingRefused(
            _l("The milestones must be in order: MTBF, Budget Circular 2, then approval.")
        )


def milestones(cycle: HearingCycle) -> list[tuple[str, dt.date]]:
    """The cycle's milestones in date order, as (key, date)."""
    return [
        ("mtbf", cycle.mtbf_due),
        ("circular2", cycle.circular2_due),
        ("approval", cycle.approval_due),
    ]


def findings(
    cycle: HearingCycle,
    today: dt.date,
    warning_days: int = DEFAULT_WARNING_DAYS,
    notice_days: int = 7,
    meetings_per_year: int = 2,
    standards: dict | None = None,
) -> list[Finding]:
    """Warnings as the milestones approach and flags on the plan (BH-CALENDAR, BH-MEETINGS,
    BH-GENDER, MS-MEETING-NOTICE; the rules are in `consult.core.standards`). `standards` say
    how the notice days are counted (the profile's; calendar days without them)."""
    labelled = [(MILESTONE_LABELS[key], due) for key, due in milestones(cycle)]
    found = bh_calendar_due(labelled, today, warning_days)
    for hearing in cycle.hearings:
        found += bh_hearing_plan(
            hearing.id,
            hearing.place,
            hearing.planned_on,
            hearing.announced_on,
            cycle.approval_due,
            notice_days,
            standards,
        )
    before_approval = [h for h in cycle.hearings if h.planned_on <= cycle.approval_due]
    found += bh_meetings(len(before_approval), cycle.approval_due, meetings_per_year)
    women_planned = any(h.audience == "women" for h in before_approval)
    return found + bh_gender_planned(women_planned, cycle.approval_due)


def flagged_hearing_ids(found: list[Finding]) -> set[int]:
    """The planned hearings that some finding is about."""
    return {f.hearing_id for f in found if f.hearing_id is not None}


# ---------------------------------------------------------------- the plan and its coverage


def plan_hearing(
    cycle: HearingCycle,
    audience: str,
    planned_on: dt.date,
    place: str,
    local_community_id: int | None = None,
    announced_on: dt.date | None = None,
) -> PlannedHearing:
    """Add a hearing to the plan."""
    if audience not in HEARING_AUDIENCES:
        raise HearingRefused(_l("Choose an audience from the list."))
    if (
        local_community_id is not None
        and db.session.get(LocalCommunity, local_community_id) is None
    ):
        raise HearingRefused(_l("Choose a local community from the list."))
    if announced_on is not None and announced_on > planned_on:
        raise HearingRefused(_l("A hearing cannot be announced after the day it is held."))
    hearing = PlannedHearing(
        cycle=cycle,
        audience=audience,
        planned_on=planned_on,
        place=place.strip(),
        local_community_id=local_community_id,
        announced_on=announced_on,
    )
    db.session.add(hearing)
    db.session.flush()
    return hearing


def remove_hearing(hearing: PlannedHearing) -> None:
    """Take a hearing out of the plan."""
    db.session.delete(hearing)
    db.session.flush()


@dataclass(frozen=True)
class Coverage:
    """Which local communities and audiences have a hearing before the approval date."""

    #: (community, its hearings) for every local community, in order of population
    communities: list[tuple[LocalCommunity, list[PlannedHearing]]]
    #: (audience code, its hearings) for every audience
    audiences: list[tuple[str, list[PlannedHearing]]]
    #: ids of the planned hearings that were held (recorded as core meetings)
    held: frozenset[int] = frozenset()

    @property
    def communities_held(self) -> int:
        """Local communities where a hearing was held."""
        return sum(1 for _, hs in self.communities if any(h.id in self.held for h in hs))

    @property
    def audiences_held(self) -> int:
        """Audiences that had a hearing held for them."""
        return sum(1 for _, hs in self.audiences if any(h.id in self.held for h in hs))

    @property
    def communities_covered(self) -> int:
        return sum(1 for _, hearings in self.communities if hearings)

    @property
    def audiences_covered(self) -> int:
        return sum(1 for _, hearings in self.audiences if hearings)

    @property
    def population_covered(self) -> int:
        """Inhabitants of the local communities that have a hearing."""
        return sum(c.population for c, hearings in self.communities if hearings)


def coverage(cycle: HearingCycle) -> Coverage:
    """The plan's coverage; a hearing after the approval date does not count.

    `held` says which of them were held (recorded as core meetings).
    """
    counted = [h for h in cycle.hearings if h.planned_on <= cycle.approval_due]
    communities = db.session.scalars(
        select(LocalCommunity).order_by(LocalCommunity.population.desc(), LocalCommunity.id)
    )
    return Coverage(
        communities=[
            (c, [h for h in counted if h.local_community_id == c.id]) for c in communities
        ],
        audiences=[(a, [h for h in counted if h.audience == a]) for a in HEARING_AUDIENCES],
        held=frozenset(
            db.session.scalars(
                select(HeldHearing.planned_hearing_id).where(
                    HeldHearing.planned_hearing_id.in_([h.id for h in counted])
                )
            )
        ),
    )


# ---------------------------------------------------------------- the draft budget


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the number of lines, or the problems that stopped it."""

    lines: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def import_budget(
    cycle: HearingCycle,
    data: bytes,
    filename: str,
    folder: str,
    max_bytes: int,
    deadline: Deadline,
    actor_id: int | None = None,
) -> ImportResult:
    """Replace the cycle's draft budget with the file's lines, or change nothing.

    The file is kept as the downloadable draft. Refused while changes are recorded on the
    current draft (they would be lost), and when reading the file passes `deadline`.
    """
    if _has_changes(cycle):
        return ImportResult(
            0,
            [
                Problem(
                    None,
                    _l(
                        "Changes are already recorded on this draft budget; it can no longer "
                        "be replaced."
                    ),
                )
            ],
        )
    directorates = list(db.session.scalars(select(Directorate)))
    try:
        rows, file_type = read_upload(data, filename, max_bytes, deadline)
        parsed: ParsedBudget = parse_rows(rows, directorates, deadline)
    except UploadRefused as refused:
        return ImportResult(0, [Problem(None, refused.message)])
    if parsed.problems:
        return ImportResult(0, parsed.problems)
    db.session.execute(delete(BudgetLine).where(BudgetLine.cycle_id == cycle.id))
    db.session.expire(cycle, ["lines"])
    for position, line in enumerate(parsed.lines, 1):
        db.session.add(
            BudgetLine(
                cycle_id=cycle.id,
                directorate_id=line.directorate_id,
                programme=line.programme,
                category=line.category,
                current_cents=line.current_cents,
                proposed_cents=line.proposed_cents,
                position=position,
            )
        )
    _keep_draft_file(cycle, data, filename, file_type, folder)
    db.session.flush()
    record_audit(
        "hearing.budget_import",
        f"hearing_cycle:{cycle.id}",
        actor_id=actor_id,
        lines=len(parsed.lines),
        file_type=file_type,
    )
    return ImportResult(len(parsed.lines), [])


def _has_changes(cycle: HearingCycle) -> bool:
    query = (
        select(func.count())
        .select_from(BudgetChange)
        .join(BudgetLine)
        .where(BudgetLine.cycle_id == cycle.id)
    )
    return bool(db.session.scalar(query))


def _keep_draft_file(
    cycle: HearingCycle, data: bytes, filename: str, file_type: str, folder: str
) -> None:
    target = Path(folder) / "hearings"
    target.mkdir(parents=True, exist_ok=True)
    old = cycle.draft_stored_name
    cycle.draft_stored_name = uuid.uuid4().hex
    (target / cycle.draft_stored_name).write_bytes(data)
    cycle.draft_original_name = _clean_name(filename, file_type)
    cycle.draft_file_type = file_type
    cycle.draft_imported_at = utcnow()
    if old:
        (target / old).unlink(missing_ok=True)


def _clean_name(filename: str, file_type: str) -> str:
    """The uploaded file's name without folders or control characters (it goes into the
    download's Content-Disposition header)."""
    name = "".join(c for c in Path(filename or "").name if c.isprintable())[:255].strip()
    return name or f"draft.{file_type}"


def draft_file_path(cycle: HearingCycle, folder: str) -> Path | None:
    """Where the imported draft file is kept, if it is."""
    if not cycle.draft_stored_name:
        return None
    path = Path(folder) / "hearings" / cycle.draft_stored_name
    return path if path.is_file() else None


@dataclass(frozen=True)
class Total:
    """Sums of a group of lines, in cents, with the change from the current year."""

    key: object
    current_cents: int
    proposed_cents: int

    @property
    def change_cents(self) -> int:
        return self.proposed_cents - self.current_cents

    @property
    def change_percent(self) -> float | None:
        """Change from the current year in per cent; None when there was nothing before."""
        if not self.current_cents:
            return None
        return 100.0 * self.change_cents / self.current_cents


def _sums(*group_by):
    return (
        select(
            *group_by,
            func.coalesce(func.sum(BudgetLine.current_cents), 0),
            func.coalesce(func.sum(BudgetLine.proposed_cents), 0),
        )
        .group_by(*group_by)
        .order_by(*group_by)
    )


def totals_by_directorate(cycle: HearingCycle) -> list[tuple[Directorate, Total]]:
    """(directorate, totals) of the draft, largest proposed amount first (SQL GROUP BY)."""
    rows = db.session.execute(
        _sums(BudgetLine.directorate_id).where(BudgetLine.cycle_id == cycle.id)
    ).all()
    directorates = {d.id: d for d in db.session.scalars(select(Directorate))}
    totals = [(directorates[d], Total(d, int(cur), int(prop))) for d, cur, prop in rows]
    return sorted(totals, key=lambda pair: -pair[1].proposed_cents)


def totals_by_category(cycle: HearingCycle) -> list[Total]:
    """Totals per economic category, in the order of BUDGET_CATEGORIES."""
    rows = db.session.execute(
        _sums(BudgetLine.category).where(BudgetLine.cycle_id == cycle.id)
    ).all()
    found = {c: Total(c, int(cur), int(prop)) for c, cur, prop in rows}
    return [found[c] for c in BUDGET_CATEGORIES if c in found]


def grand_total(cycle: HearingCycle) -> Total:
    """The whole draft budget."""
    current, proposed = db.session.execute(
        select(
            func.coalesce(func.sum(BudgetLine.current_cents), 0),
            func.coalesce(func.sum(BudgetLine.proposed_cents), 0),
        ).where(BudgetLine.cycle_id == cycle.id)
    ).one()
    return Total("all", int(current), int(proposed))


def missing_draft_budget(consultation: Consultation, standards: dict) -> list[Finding]:
    """BH-DRAFT, the lifecycle's substance check: a budget hearing is announced only with its
    draft budget imported, i.e. with lines in its cycle (the latest budget year); no cycle
    means no draft. BH_DRAFT_REQUIRED 0 switches the rule off."""
    if not standards.get("BH_DRAFT_REQUIRED", 1):
        return []
    latest = db.session.execute(
        select(HearingCycle.budget_year, func.count(BudgetLine.id))
        .outerjoin(BudgetLine, BudgetLine.cycle_id == HearingCycle.id)
        .where(HearingCycle.consultation_id == consultation.id)
        .group_by(HearingCycle.id, HearingCycle.budget_year)
        .order_by(HearingCycle.budget_year.desc())
        .limit(1)
    ).first()
    if latest is None:
        return bh_draft(None, 0, standards)
    return bh_draft(latest[0], latest[1], standards)


def lines_of(cycle: HearingCycle) -> list[BudgetLine]:
    """Every line of the draft, in the file's order."""
    return list(
        db.session.scalars(
            select(BudgetLine).where(BudgetLine.cycle_id == cycle.id).order_by(BudgetLine.position)
        )
    )


@dataclass
class Programme:
    """A directorate's programme in the draft: its lines (one per economic category, in the
    file's order) and their sums."""

    name: str
    lines: list[BudgetLine]
    total: Total


def programmes_of_directorate(cycle: HearingCycle, directorate_id: int) -> list[Programme]:
    """The programmes of a directorate in the draft, in the order the file first names them;
    empty when the directorate has no line in it."""
    grouped: dict[str, list[BudgetLine]] = {}
    for line in db.session.scalars(
        select(BudgetLine)
        .where(BudgetLine.cycle_id == cycle.id, BudgetLine.directorate_id == directorate_id)
        .order_by(BudgetLine.position)
    ):
        grouped.setdefault(line.programme, []).append(line)
    return [
        Programme(
            name,
            lines,
            Total(
                name,
                sum(line.current_cents for line in lines),
                sum(line.proposed_cents for line in lines),
            ),
        )
        for name, lines in grouped.items()
    ]


def lines_table(cycle: HearingCycle, name_of, category_label) -> list[list]:
    """The draft's lines as rows for the CSV and XLSX downloads; amounts in euros."""
    return [
        [
            line.directorate.code,
            name_of(line.directorate.name),
            name_of(line.programme_name),
            line.category,
            category_label(line.category),
            line.current_cents / 100,
            line.proposed_cents / 100,
            (line.proposed_cents - line.current_cents) / 100,
        ]
        for line in lines_of(cycle)
    ]


# ---------------------------------------------------------------- programme names


def programmes_of(cycle: HearingCycle) -> list[tuple[str, dict]]:
    """Each programme of the draft once, in the file's order, with its names {locale: text}
    as given in the back office (empty while none is given)."""
    seen: dict[str, dict] = {}
    for line in lines_of(cycle):
        if line.programme not in seen:
            entry = cycle.programme_entry(line.programme)
            seen[line.programme] = dict(entry.names or {}) if entry else {}
    return list(seen.items())


def name_programme(
    cycle: HearingCycle, programme: str, names: dict[str, str], actor_id: int | None = None
) -> bool:
    """Give a programme of the draft its name in every language (an empty dict removes the
    names). The file's name stays the key, so a new import of the same file keeps them.
    False, changing nothing, when the draft has no such programme."""
    if programme not in {name for name, _names in programmes_of(cycle)}:
        return False
    entry = next((e for e in cycle.programme_names if e.programme == programme), None)
    if entry is None:
        entry = ProgrammeName(cycle_id=cycle.id, programme=programme, names={})
        db.session.add(entry)
    entry.names = dict(names)
    db.session.flush()
    db.session.expire(cycle, ["programme_names"])
    record_audit(
        "hearing.programme_name",
        f"hearing_cycle:{cycle.id}",
        actor_id=actor_id,
        programme=programme,
        languages=sorted(names),
    )
    return True


# ---------------------------------------------------------------- budget changes


def record_change(
    line: BudgetLine,
    after_cents: int,
    reason: dict[str, str],
    actor_id: int | None = None,
    proposal: CapitalProposal | None = None,
) -> BudgetChange:
    """Change a line's proposed amount as a result of the hearings, with the reason."""
    if after_cents < 0:
        raise HearingRefused(_l("The new amount cannot be negative."))
    if after_cents == line.proposed_cents:
        raise HearingRefused(_l("The new amount is the same as the current proposal."))
    reasons = filled_texts(reason)
    if not reasons:
        raise HearingRefused(_l("Give the reason for the change."))
    change = BudgetChange(
        line=line,
        before_cents=line.proposed_cents,
        after_cents=after_cents,
        reason=reasons,
        proposal=proposal,
        created_by_id=actor_id,
    )
    line.proposed_cents = after_cents
    db.session.add(change)
    db.session.flush()
    record_audit(
        "hearing.budget_change",
        f"budget_line:{line.id}",
        actor_id=actor_id,
        before=change.before_cents,
        after=after_cents,
    )
    return change


def complete_change_reason(
    change: BudgetChange, reason: dict[str, str], actor_id: int | None = None
) -> None:
    """Write a recorded change's reason in more languages (LANG-ANSWER): the languages given
    replace their old text, the others are kept; the amounts never change here."""
    added = filled_texts(reason)
    if not added:
        raise HearingRefused(_l("Give the reason for the change."))
    change.reason = {**(change.reason or {}), **added}
    db.session.flush()
    record_audit(
        "hearing.budget_change_reason",
        f"budget_line:{change.line_id}",
        actor_id=actor_id,
        change=change.id,
        languages=sorted(added),
    )


def changes_of(cycle: HearingCycle) -> list[BudgetChange]:
    """Every change recorded on the cycle's draft, oldest first."""
    return list(
        db.session.scalars(
            select(BudgetChange)
            .join(BudgetLine)
            .where(BudgetLine.cycle_id == cycle.id)
            .order_by(BudgetChange.id)
        )
    )


# ---------------------------------------------------------------- capital-investment proposals


def accepts_proposals(consultation: Consultation, today: dt.date) -> bool:
    """Proposals are taken while the published hearing consultation is open."""
    from consult.core.services import is_open_on

    return is_open_on(consultation, today)


def submit_proposal(
    cycle: HearingCycle,
    title: str,
    local_community_id: int,
    estimated_cents: int,
    description: str,
    proposer_name: str,
    proposer_email: str,
    language: str = "sq",
    photo: tuple[bytes, str] | None = None,
    folder: str | None = None,
    notify: bool = False,
) -> CapitalProposal:
    """Take a citizen's proposal; `photo` is (checked bytes, "jpeg"|"png"). With `notify` the
    proposer asked to be e-mailed the answer: a link confirming the address is mailed first
    (`queue_notice_confirmation`), and the answer goes only once it is followed."""
    if db.session.get(LocalCommunity, local_community_id) is None:
        raise HearingRefused(_l("Choose a local community from the list."))
    if estimated_cents < 0:
        raise HearingRefused(_l("The estimated cost cannot be negative."))
    proposal = CapitalProposal(
        cycle=cycle,
        title=title.strip(),
        local_community_id=local_community_id,
        estimated_cents=estimated_cents,
        description=description.strip(),
        proposer_name=proposer_name.strip(),
        proposer_email=proposer_email.strip().lower(),
        language=language,
        notify_answer=bool(notify),
    )
    if photo is not None and folder:
        data, photo_type = photo
        proposal.photo_stored_name = uuid.uuid4().hex
        proposal.photo_type = photo_type
        target = Path(folder) / "hearings"
        target.mkdir(parents=True, exist_ok=True)
        (target / proposal.photo_stored_name).write_bytes(data)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def photo_path(proposal: CapitalProposal, folder: str) -> Path | None:
    """Where a proposal's photo is kept, if it has one."""
    if not proposal.photo_stored_name:
        return None
    path = Path(folder) / "hearings" / proposal.photo_stored_name
    return path if path.is_file() else None


def answer_proposal(
    proposal: CapitalProposal,
    outcome: str,
    reason: dict[str, str],
    actor_id: int | None = None,
) -> None:
    """Answer a proposal: accepted, partly accepted or rejected, always with a reason in one or
    more languages ({locale: text})."""
    reasons = answer_reason(outcome, reason, HearingRefused, proposal.language)
    if outcome == "rejected" and proposal.forwarded_to_poll:
        raise HearingRefused(_l("A proposal forwarded to the poll cannot be rejected."))
    proposal.outcome = outcome
    proposal.reason = reasons
    proposal.answered_at = utcnow()
    proposal.answered_by_id = actor_id
    db.session.flush()
    record_audit(
        "hearing.proposal_answer", f"capital_proposal:{proposal.id}", actor_id, outcome=outcome
    )
    if proposal.notify_confirmed_at is not None:
        queue_mail(
            proposal.proposer_email,
            *proposal_answer_mail(proposal),
            proposal.cycle.consultation_id,
        )
    answer_published(proposal.cycle.consultation)


def proposal_answer_link(proposal: CapitalProposal) -> str:
    """The answer on the consultation's page, in the proposer's language (its anchor)."""
    return url_for(
        "public.consultation",
        consultation_id=proposal.cycle.consultation_id,
        lang=proposal.language,
        _anchor=f"proposal-{proposal.id}",
        _external=True,
    )


def proposal_answer_mail(proposal: CapitalProposal) -> tuple[str, str]:
    """Subject and body of the mail telling a proposer the answer, in their language, with
    the link straight to it."""
    return answer_mail(
        proposal.language,
        proposal.cycle.consultation.title,
        lambda title: _("The answer to your proposal on “%(title)s”", title=title),
        proposal.title,
        proposal.outcome,
        proposal.reason,
        proposal_answer_link(proposal),
        proposal=True,
    )


#: how long the link confirming a proposer's request to be told stays valid
NOTICE_CONFIRM_MAX_AGE = 7 * 24 * 3600


def _notice_serializer() -> URLSafeTimedSerializer:
    # a salt of its own: no other link of the site confirms a proposer's request
    return URLSafeTimedSerializer(current_app.secret_key, salt="proposal-notice-confirm")


def queue_notice_confirmation(proposal: CapitalProposal) -> None:
    """Mail the proposer who asked to be told of the answer the link that confirms the
    address (in the reader's language). The address is not confirmed yet: the mail carries
    nothing the sender wrote."""
    token = _notice_serializer().dumps(proposal.id)
    link = url_for("hearings.confirm_proposal_notice", token=token, _external=True)
    title = localize(proposal.cycle.consultation.title).text
    queue_mail(
        proposal.proposer_email,
        _("Confirm that you want the answer to your proposal: “%(title)s”", title=title),
        _(
            "Follow this link within seven days and we will e-mail you the municipality's "
            "answer to your proposal:\n%(link)s\n\nIf you did not make a proposal, ignore "
            "this message: nothing more will be sent.",
            link=link,
        ),
        proposal.cycle.consultation_id,
    )


class NoticeLinkExpired(HearingRefused):
    """The link confirming a proposer's request is genuine but too old."""

    def __init__(self) -> None:
        super().__init__(_l("The link has expired."))


def confirm_proposal_notice(token: str, max_age: int | None = None) -> CapitalProposal | None:
    """Confirm the request to be told that a link names; None for a forged or unknown link,
    NoticeLinkExpired for one older than `max_age` (default NOTICE_CONFIRM_MAX_AGE). Following
    it again changes nothing."""
    max_age = NOTICE_CONFIRM_MAX_AGE if max_age is None else max_age
    try:
        proposal_id = _notice_serializer().loads(token, max_age=max_age)
    except SignatureExpired as expired:
        raise NoticeLinkExpired() from expired
    except BadSignature:
        return None
    if not isinstance(proposal_id, int) or not 0 < proposal_id < 2**63:
        return None
    proposal = db.session.get(CapitalProposal, proposal_id)
    if proposal is None or not proposal.notify_answer:
        return None
    if proposal.notify_confirmed_at is None:
        proposal.notify_confirmed_at = utcnow()
        db.session.flush()
    return proposal


# ---------------------------------------------------------------- forwarding to a poll


def poll_takes_candidates(poll: Poll, today: dt.date) -> bool:
    """A capital-projects poll still being prepared: not open for voting, not closed, nobody
    has voted yet."""
    return (
        poll.consultation.kind == "capital_poll"
        and poll.consultation.status in ("draft", "announced")
        and not poll_services.is_open(poll, today)
        and not poll_services.is_closed(poll, today)
        and not poll_services.voting_started(poll)
    )


def polls_taking_candidates(today: dt.date) -> list[Poll]:
    """The capital-projects polls a proposal can be forwarded to, newest first."""
    polls = db.session.scalars(
        select(Poll)
        .join(Consultation, Consultation.id == Poll.consultation_id)
        .where(
            Consultation.kind == "capital_poll",
            Consultation.status.in_(("draft", "announced")),
        )
        .order_by(Poll.id.desc())
    )
    return [poll for poll in polls if poll_takes_candidates(poll, today)]


def project_cost(proposal: CapitalProposal) -> int:
    """The proposal's estimate in whole euros (a poll counts whole units), rounded up."""
    return -(-proposal.estimated_cents // 100)


def forward_to_poll(
    proposal: CapitalProposal,
    poll: Poll,
    note: str,
    today: dt.date,
    actor_id: int | None = None,
) -> Project:
    """Put an accepted proposal on a capital-projects poll's ballot as a candidate project
    (through the poll's own `save_project`), and link the proposal to it."""
    if proposal.outcome not in ("accepted", "partly_accepted"):
        raise HearingRefused(_l("Only an accepted or partly accepted proposal can be forwarded."))
    if proposal.forwarded_project_id is not None:
        raise HearingRefused(_l("This proposal is already a candidate in a poll."))
    if not poll_takes_candidates(poll, today):
        raise HearingRefused(
            _l("This poll is already open or closed; candidates can no longer be added.")
        )
    if poll.currency != "EUR":
        raise HearingRefused(_l("The poll counts its budget in another currency than euro."))
    if project_cost(proposal) <= 0:
        raise HearingRefused(_l("A proposal without an estimated cost cannot be a candidate."))
    try:
        project = poll_services.save_project(
            poll,
            None,
            {
                "title": {proposal.language: proposal.title},
                "description": {proposal.language: proposal.description},
                "cost": project_cost(proposal),
                "local_community_id": proposal.local_community_id,
            },
        )
    except poll_services.PollRefused as refused:
        raise HearingRefused(refused.message) from refused
    proposal.forwarded_project = project
    proposal.forward_note = note.strip()
    proposal.forwarded_at = utcnow()
    db.session.flush()
    record_audit(
        "hearing.proposal_forward",
        f"capital_proposal:{proposal.id}",
        actor_id,
        poll=poll.id,
        project=project.id,
    )
    return project


def answered_proposals(cycle: HearingCycle) -> list[CapitalProposal]:
    """Proposals shown to the public: those with an answer (so an officer has read them)."""
    return [p for p in cycle.proposals if p.outcome is not None]


def check_photo(
    data: bytes, filename: str, max_bytes: int, max_pixels: int, deadline: Deadline
) -> tuple[bytes, str]:
    """A JPEG or PNG photo checked by its content with Pillow and re-encoded without metadata
    (no GPS position leaves the proposer's phone). Raises HearingRefused otherwise.

    The size in pixels is read from the header and checked before anything is decoded, which
    bounds the time each step takes; `deadline` is checked between the steps."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise HearingRefused(_l("The photo is empty."))
    if len(data) > max_bytes:
        raise HearingRefused(
            _l("The photo is larger than %(size)s MB.", size=max_bytes // (1024 * 1024))
        )
    extension = Path(filename or "").suffix.lower().lstrip(".")
    wanted = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}.get(extension)
    refused = HearingRefused(_l("The photo must be a JPEG or PNG image."))
    if wanted is None:
        raise refused
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != wanted or probe.width * probe.height > max_pixels:
                    raise refused
                probe.verify()
            deadline.check()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                deadline.check()
                clean = image.convert("RGB") if wanted == "JPEG" else image.copy()
            deadline.check()
    except HearingRefused:
        raise
    except UploadRefused as slow:
        raise HearingRefused(slow.message) from slow
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise refused from error
    buffer = io.BytesIO()
    clean.save(buffer, format=wanted)
    return buffer.getvalue(), wanted.lower()
