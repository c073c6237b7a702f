"""Response rates of the staff survey against the staff numbers of its year.

The staff count of each directorate is entered once a year (`StaffCount`, the back-office page
`surveys.staff_counts`) by the Public Information Office or an administrator, and every change
is audit-logged. The report then shows, per directorate, the staff, the access codes issued,
the responses and two rates: responses per member of staff, and the share of the codes issued
that were used (a code opens one response, so codes used and responses are the same number,
shown once).

Small groups: a directorate's responses are a group like any other breakdown's. A directorate
with fewer than k responses shows neither its count nor its rates, and the total row (the
responses of every directorate, also printed at the top of the report) is protected by
complementary suppression: `consult.core.anonymity.hidden_groups` over the responses per
directorate, the same numbers and the same deterministic rule as the breakdown by directorate
of a question every respondent answers, so the two tables hide the same directorates and no
hidden count follows from the totals minus the rows shown. Staff numbers and codes issued say
nothing of who answered and are always shown. A directorate with no response shows 0: that
nobody of a directorate took part is shown today as codes used, and says nothing of answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from consult.analytics.frames import Table
from consult.core.anonymity import SUPPRESSED, hidden_groups
from consult.core.models import Directorate
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import localize
from consult.surveys.models import Response, StaffCount, Survey
from consult.surveys.services import token_counts

#: the years a staff count may be entered for (the database's CHECK)
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: more staff than any municipality's directorate has: a longer number is a typing error
MAX_STAFF = 100_000


def may_enter_staff_counts(user) -> bool:
    """Administrators and the Public Information Office (an officer without a directorate)
    enter the staff numbers of every directorate; an officer of one directorate does not."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role == "admin" or (user.role == "officer" and user.directorate_id is None)


# --- the counts ------------------------------------------------------------------------------


def directorates() -> list[Directorate]:
    """Every directorate, in the order of their codes (the form's order)."""
    return list(db.session.scalars(select(Directorate).order_by(Directorate.code)))


def staff_counts(year: int) -> dict[int, int]:
    """{directorate id: staff} entered for `year`."""
    rows = db.session.execute(
        select(StaffCount.directorate_id, StaffCount.count).where(StaffCount.year == year)
    )
    return {directorate_id: int(count) for directorate_id, count in rows}


def save_staff_counts(year: int, entered: Mapping[int, int | None], actor_id: int | None) -> int:
    """Store the staff of each directorate in `entered` for `year` (None: no count, removed)
    and audit-log what changed (directorate code: [before, after]). Returns how many changed.

    Flushes; the caller commits. The database refuses a negative count or a second row for a
    directorate and year (CHECK, UNIQUE).
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year out of range: {year}")
    existing = {
        row.directorate_id: row
        for row in db.session.scalars(select(StaffCount).where(StaffCount.year == year))
    }
    codes = {d.id: d.code for d in directorates()}
    changes: dict[str, list[int | None]] = {}
    for directorate_id, count in entered.items():
        if directorate_id not in codes:
            continue
        if count is not None and not 0 <= count <= MAX_STAFF:
            raise ValueError(f"staff count out of range: {count}")
        row = existing.get(directorate_id)
        before = row.count if row is not None else None
        if before == count:
            continue
        if count is None:
            db.session.delete(row)
        elif row is None:
            db.session.add(StaffCount(directorate_id=directorate_id, year=year, count=count))
        else:
            row.count = count
        changes[codes[directorate_id]] = [before, count]
    if changes:
        db.session.flush()
        record_audit("survey.staff_counts_saved", f"staff_counts:{year}", actor_id, changes=changes)
    return len(changes)


def staff_surveys_of(year: int) -> list[Survey]:
    """The staff surveys of `year` (their reports use the year's counts)."""
    query = select(Survey).where(Survey.audience == "staff", Survey.year == year)
    return list(db.session.scalars(query.order_by(Survey.id)))


def count_years(today_year: int, shown: int) -> list[int]:
    """The years offered on the page: the one `shown`, those of staff surveys and of entered
    counts, and the years around this one, newest first."""
    years = set(db.session.scalars(select(Survey.year).where(Survey.audience == "staff")))
    years |= set(db.session.scalars(select(StaffCount.year).distinct()))
    years |= {today_year - 1, today_year, today_year + 1, shown}
    return sorted((y for y in years if FIRST_YEAR <= y <= LAST_YEAR), reverse=True)


# --- the report's table ----------------------------------------------------------------------


@dataclass
class RateTable(Table):
    """The response-rate table of a staff survey, and what the report says beside it."""

    #: the survey's year, whose staff counts are the denominators
    year: int = 0
    #: no staff count was entered for the year at all
    no_counts: bool = False
    #: directorates with codes or responses but no staff count for the year (names)
    without_count: list[str] = field(default_factory=list)


def responses_by_directorate(survey: Survey) -> dict[int, int]:
    """{directorate id: responses} of a staff survey."""
    rows = db.session.execute(
        select(Response.directorate_id, func.count())
        .where(Response.survey_id == survey.id, Response.directorate_id.is_not(None))
        .group_by(Response.directorate_id)
    )
    return {directorate_id: int(n) for directorate_id, n in rows}


def _percent(part: int, whole: int, nothing: str) -> float | str:
    """`part` of `whole` in percent; `nothing` (a text, never a hidden mark) when whole is 0."""
    return round(100 * part / whole, 1) if whole else nothing


def directorate_rates(survey: Survey) -> RateTable:
    """Per directorate: staff, codes issued, responses, response rate and share of codes
    used, small groups and their complements hidden; the total row last."""
    k = int(current_app.config["ANONYMITY_MIN_GROUP"])
    responses = responses_by_directorate(survey)
    codes = token_counts(survey)
    staff = staff_counts(survey.year)
    shown_names = {d.id: localize(d.name) for d in directorates()}
    names = {number: name.text for number, name in shown_names.items()}
    shown_ids = set(responses) | set(codes) | set(staff)
    hidden = hidden_groups({d: responses.get(d, 0) for d in shown_ids}, k, total_shown=True)
    with_staff = bool(staff)
    not_entered = _("not entered")
    rows = []
    for directorate_id in sorted(shown_ids, key=lambda d: (names.get(d, "?"), d)):
        answered = responses.get(directorate_id, 0)
        issued = codes.get(directorate_id, (0, 0))[0]
        members = staff.get(directorate_id)
        secret = directorate_id in hidden
        row: list = [names.get(directorate_id, "?")]
        if with_staff:
            row.append(members if members is not None else not_entered)
        row += [issued, SUPPRESSED if secret else answered]
        if with_staff:
            if members is None:
                row.append(not_entered)
            elif secret:
                row.append(SUPPRESSED)
            else:
                row.append(_percent(answered, members, _("no staff")))
        row.append(SUPPRESSED if secret else _percent(answered, issued, _("no codes")))
        rows.append(row)
    without_count = sorted(
        names.get(d, "?") for d in shown_ids if d not in staff and (responses.get(d) or d in codes)
    )
    total_answered = sum(responses.values())
    total_issued = sum(issued for issued, _used in codes.values())
    total: list = [_("All directorates")]
    if with_staff:
        total.append(sum(staff.values()))
    total += [total_issued, total_answered]
    if with_staff:
        complete = not without_count
        staff_total = sum(staff.values())
        total.append(
            _percent(total_answered, staff_total, _("no staff")) if complete else _("incomplete")
        )
    total.append(_percent(total_answered, total_issued, _("no codes")))
    rows.append(total)
    columns = [_("Directorate")]
    if with_staff:
        columns.append(_("Staff"))
    columns += [_("Codes issued"), _("Responses")]
    if with_staff:
        columns.append(_("Response rate against staff (%)"))
    columns.append(_("Codes used (%)"))
    table = RateTable(
        _("Response rate by directorate"),
        columns,
        rows,
        year=survey.year,
        no_counts=not with_staff,
        without_count=without_count if with_staff else [],
    )
    table.name(*shown_names.values())  # the directorates' names, tagged with their language
    return table
