"""Open data: a poll to and from the `.pb` format of Pabulib.

An import creates a closed capital-poll consultation with its poll, projects and ballots
(with the voter's age band and sex where the file gives them). An export holds no identity
data: voters are renumbered and the ballots shuffled (see `pabulib.write_pb`).

What an import keeps as the archive writes it: fractional budgets and costs, exactly (`Amount`);
every META key (`Poll.pb_meta`, shown on the results page); the file's `selected` code of each
project (`Project.city_selection`: 2 and 3 are projects the city funded outside its rule, shown
apart). What it sets right and says so (`ImportReport`): a vote naming a project twice counts
it once. A file whose rule the app cannot count by ("unknown", "greedy-custom") is counted by
the rule the officer chooses (`import_pb(rule=...)`, or later on the poll's back office), and
the results page says so. Everything else a poll cannot hold is refused with the line and the
field (`ImportRefused`), before anything is written.
"""

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from consult.core.models import Consultation
from consult.core.money import json_amount
from consult.core.open_data import blank, translations
from consult.extensions import db
from consult.i18n import DEFAULT_LOCALE, LazyText, localize
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l
from consult.polls import ballot_box, pabulib, report, services
from consult.polls.models import RULES, Ballot, Poll, Project, new_ballot_id
from consult.polls.report import count_poll, file_rule
from consult.polls.rule_names import ARCHIVE_ONLY_RULES, THRESHOLD_META_KEY

#: `.pb` vote_type → `Poll.ballot_type`, and back
BALLOT_TYPE_FROM_PB = {
    "approval": "approval",
    "choose-1": "choose_one",
    "cumulative": "cumulative",
    "ordinal": "ranking",
    "knapsack": "knapsack",
}
BALLOT_TYPE_TO_PB = {ours: theirs for theirs, ours in BALLOT_TYPE_FROM_PB.items()}


class ImportRefused(ValueError):
    """The file cannot become a poll: `message`, and where (`line`, `field`) when known.

    The message is translated when shown (English on the command line); the text (`str()`)
    starts with the line and the field: "line 12, field cost: ...".
    """

    def __init__(
        self, message: str | LazyText, line: int | None = None, field: str | None = None
    ) -> None:
        """Keep the parts for callers that show them separately."""
        self.message, self.line, self.field = message, line, field
        #: every problem found (the reader goes on past a bad row), this one first
        self.problems: list[ImportRefused] = [self]
        #: problems found beyond those kept
        self.more = 0
        super().__init__(_where(message, line, field))

    @classmethod
    def of(cls, error: pabulib.PBFormatError) -> "ImportRefused":
        """The reader's complaint about the file, with its line and field, and every other
        row it found wrong."""
        refused = cls(error.message, error.line_number, error.field)
        found = getattr(error, "problems", None)
        if found:
            refused.problems = [cls(p.message, p.line_number, p.field) for p in found]
            refused.more = getattr(error, "more", 0)
        return refused


def _where(message: str | LazyText, line: int | None, field: str | None) -> str | LazyText:
    """The message after its line and field, as far as they are known."""
    if line is not None and field:
        return _l(
            "line %(line)s, field %(field)s: %(problem)s", line=line, field=field, problem=message
        )
    if line is not None:
        return _l("line %(line)s: %(problem)s", line=line, problem=message)
    if field:
        return _l("field %(field)s: %(problem)s", field=field, problem=message)
    return message


@dataclass(frozen=True)
class ImportReport:
    """What an import made and what it had to set right, for the officer to read."""

    poll: Poll
    projects: int
    ballots: int
    #: ballots that named a project more than once (each project was counted once)
    ballots_with_repeats: int
    #: the file's own rule when the app cannot count by it ("unknown", "greedy-custom")
    file_rule: str | None
    #: projects the city funded outside its rule (`selected` 2 or 3 in the file)
    funded_outside_rule: int


#: the longest project id a poll keeps (`Project.code`)
LONGEST_CODE = 40
#: a file's rule when it names none
DEFAULT_RULE = "greedy"


def _day(meta: dict) -> dt.date:
    for key in ("date_end", "date_begin"):
        try:
            return dt.datetime.strptime(meta.get(key, ""), "%d.%m.%Y").date()
        except ValueError:
            continue
    return dt.date.today()


def _age_band_of_age(age: int | None) -> str | None:
    if age is None or age < 0 or age > 120:
        return None
    year = dt.date.today().year
    return services.age_band(year - age, dt.date.today())


def _gender(sex: str | None) -> str | None:
    value = (sex or "").strip().lower()[:1]
    return {"f": "female", "k": "female", "m": "male"}.get(value)


#: cities whose "greedy-custom" rule one of ours reproduces. Poznań (its files' META comment;
#: Pabulib's checker, `verify_poznan_selected`): projects by votes until the first that does
#: not fit, which is greedy-no-skip; that next project, funded when 80% of its cost was left,
#: is marked `selected` 2 and so shown apart. It reproduces all 102 such files of the archive.
CUSTOM_RULES_OF = {"Poznań": "greedy-no-skip"}


def counting_rule(pbfile: pabulib.PBFile, chosen: str | None = None) -> str:
    """The rule the poll counts by: `chosen` (the officer's) if given, else the file's when the
    app knows it, else the one a city's custom rule reduces to (CUSTOM_RULES_OF), else greedy
    (with a threshold when the file has one)."""
    named = pbfile.rule or DEFAULT_RULE
    if chosen is not None:
        return chosen
    if named in RULES:
        return named
    city = unicodedata.normalize("NFC", pbfile.meta.get("unit") or "")
    if named == "greedy-custom" and city in CUSTOM_RULES_OF:
        return CUSTOM_RULES_OF[city]
    return "greedy-threshold" if pbfile.meta.get(THRESHOLD_META_KEY) else DEFAULT_RULE


def _refuse(message: LazyText, pbfile: pabulib.PBFile, key: str) -> ImportRefused:
    return ImportRefused(message, pbfile.meta_lines.get(key), key)


def _lengths(pbfile: pabulib.PBFile) -> tuple[int, int | None]:
    least = pbfile.meta_number("min_length") or 0
    most = pbfile.meta_number("max_length")
    if most is not None and most < least:
        raise _refuse(
            _l("max_length (%(most)s) is below min_length (%(least)s)", most=most, least=least),
            pbfile,
            "max_length",
        )
    return least, most


def _poll_settings(pbfile: pabulib.PBFile, rule: str | None) -> dict:
    """The poll's settings from META; raises PBFormatError or ImportRefused naming the line."""
    meta = pbfile.meta
    ballot_type = BALLOT_TYPE_FROM_PB.get(pbfile.vote_type)
    if ballot_type is None:
        raise _refuse(
            _l(
                "vote_type '%(value)s' is not supported (the platform reads %(known)s)",
                value=pbfile.vote_type,
                known=", ".join(BALLOT_TYPE_FROM_PB),
            ),
            pbfile,
            "vote_type",
        )
    least, most = _lengths(pbfile)
    longest = max((len(v.vote) for v in pbfile.votes), default=1)
    points = pbfile.meta_number("max_sum_points", minimum=1)
    threshold = pbfile.meta_number(THRESHOLD_META_KEY)
    named = pbfile.rule or DEFAULT_RULE
    if named not in RULES and named not in ARCHIVE_ONLY_RULES:
        known = ", ".join((*RULES, *ARCHIVE_ONLY_RULES))
        raise _refuse(
            _l(
                "rule '%(rule)s' is not a rule of the format (one of %(known)s)",
                rule=named,
                known=known,
            ),
            pbfile,
            "rule",
        )
    counted_by = counting_rule(pbfile, rule)
    if counted_by == "greedy-threshold" and threshold is None:
        raise _refuse(
            _l(
                "the rule %(rule)s needs the META key %(key)s",
                rule="greedy-threshold",
                key=THRESHOLD_META_KEY,
            ),
            pbfile,
            "rule",
        )
    return {
        "budget": pbfile.budget,
        "currency": _currency(meta.get("currency")),
        "ballot_type": ballot_type,
        "min_projects": least,
        "max_projects": most,
        "points": points if ballot_type == "cumulative" else None,
        "top_k": max(most or longest, 1) if ballot_type == "ranking" else None,
        "rule": counted_by,
        "threshold": threshold or 0,
        "minimum_age": 0,
        "verify_voter_list": False,
        "verify_email": False,
        "verify_sms": False,
    }


def _currency(value: str | None) -> str:
    code = (value or "").strip().upper()
    return code if len(code) == 3 and code.isalpha() else "EUR"


def _check_fits(pbfile: pabulib.PBFile) -> None:
    """What the file may hold but a poll cannot: no projects, ids too long (the reader has
    already refused a cumulative ballot without points)."""
    if not pbfile.projects:
        raise ImportRefused(_l("the PROJECTS section lists no project"))
    for project in pbfile.projects:
        if len(project.project_id) > LONGEST_CODE:
            raise ImportRefused(
                _ln(
                    "a project_id may have at most %(most)s character",
                    "a project_id may have at most %(most)s characters",
                    LONGEST_CODE,
                    most=LONGEST_CODE,
                ),
                project.line,
                "project_id",
            )


@dataclass
class ImportPreview:
    """What importing a file would make, read and checked but not written."""

    title: str
    language: str
    budget: object
    currency: str
    ballot_type: str
    rule: str
    file_rule: str | None
    projects: int
    ballots: int
    ballots_with_repeats: int
    funded_outside_rule: int


def _read_checked(
    source: str | bytes, on_progress: Callable[[int, int], None] | None, rule: str | None
) -> tuple[pabulib.PBFile, dict]:
    """The file read and checked whole, with the poll settings it gives; ImportRefused."""
    if rule is not None and rule not in RULES:
        raise ImportRefused(_l("rule '%(rule)s' is not one the platform counts by", rule=rule))
    try:
        pbfile = pabulib.read_pb(source, on_progress=on_progress, least_cost=1)
        settings = _poll_settings(pbfile, rule)
    except pabulib.PBFormatError as error:
        raise ImportRefused.of(error) from error
    _check_fits(pbfile)
    return pbfile, settings


def preview_pb(source: str | bytes, rule: str | None = None) -> ImportPreview:
    """What `import_pb` would make of the file, without writing anything; ImportRefused."""
    pbfile, settings = _read_checked(source, None, rule)
    named = pbfile.rule
    return ImportPreview(
        title=_poll_title(pbfile.meta),
        language=file_language(pbfile.meta),
        budget=settings["budget"],
        currency=settings["currency"],
        ballot_type=settings["ballot_type"],
        rule=settings["rule"],
        file_rule=named if named and named not in RULES else None,
        projects=len(pbfile.projects),
        ballots=len(pbfile.votes),
        ballots_with_repeats=pbfile.ballots_with_repeats,
        funded_outside_rule=sum(1 for p in pbfile.projects if (p.selected_code or 0) > 1),
    )


def import_pb(
    source: str | bytes,
    on_progress: Callable[[int, int], None] | None = None,
    rule: str | None = None,
) -> ImportReport:
    """A closed poll holding the `.pb` file's projects and ballots, and what the import did.

    `rule` is the counting rule the officer chose; it is needed for a file whose own rule the
    app cannot count by ("unknown", "greedy-custom") and otherwise replaces the file's. Raises
    ImportRefused, naming the line and the field, for anything the poll cannot hold. Nothing
    is written before the whole file has been read and checked.
    """
    pbfile, settings = _read_checked(source, on_progress, rule)
    poll = _new_poll(pbfile, settings)
    ids = _add_projects(poll, pbfile, file_language(pbfile.meta))
    _add_ballots(poll, pbfile, ids, _day(pbfile.meta))
    return ImportReport(
        poll=poll,
        projects=len(pbfile.projects),
        ballots=len(pbfile.votes),
        ballots_with_repeats=pbfile.ballots_with_repeats,
        file_rule=file_rule(poll),
        funded_outside_rule=sum(1 for p in pbfile.projects if (p.selected_code or 0) > 1),
    )


#: the language a Pabulib file without a `language` key is written in, by its `country`
COUNTRY_LANGUAGES = {
    "Poland": "pl",
    "France": "fr",
    "Netherlands": "nl",
    "Germany": "de",
    "Switzerland": "de",
    "Austria": "de",
    "Italy": "it",
    "Spain": "es",
    "Portugal": "pt",
    "Brazil": "pt",
    "Mexico": "es",
    "Czech Republic": "cs",
    "Czechia": "cs",
    "Slovakia": "sk",
    "Ukraine": "uk",
    "Lithuania": "lt",
    "Latvia": "lv",
    "Estonia": "et",
    "Finland": "fi",
    "Sweden": "sv",
    "Greece": "el",
    "Kosovo": "sq",
}


def file_language(meta: dict) -> str:
    """The language the file's names are written in: its `language`, else its country's, else
    English. Names are stored under it, so a page shows them marked in that language."""
    given = (meta.get("language") or "").strip()
    if given:
        return given.replace("-", "_")
    return COUNTRY_LANGUAGES.get((meta.get("country") or "").strip(), "en")


def _poll_title(meta: dict) -> str:
    return (meta.get("description") or f"{meta.get('unit', '')} {meta.get('instance', '')}").strip()


def _new_poll(pbfile: pabulib.PBFile, settings: dict) -> Poll:
    meta = pbfile.meta
    language = file_language(meta)
    title = _poll_title(meta)
    day = _day(meta)
    consultation = Consultation(
        kind="capital_poll",
        status="closed",
        title={language: title},
        planned_year=day.year,
        opens_at=None,
        closes_at=day,
    )
    db.session.add(consultation)
    db.session.flush()
    poll = Poll(consultation=consultation, budget=settings.pop("budget"), pb_meta=dict(meta))
    for name, value in settings.items():
        setattr(poll, name, value)
    db.session.add(poll)
    db.session.flush()
    return poll


def _add_projects(poll: Poll, pbfile: pabulib.PBFile, language: str) -> dict[str, int]:
    ids = {}
    for item in pbfile.projects:
        description = item.extra.get("description")
        project = Project(
            poll=poll,
            code=item.project_id,
            title={language: item.name or item.project_id},
            description={language: description} if description else {},
            cost=item.cost,
            city_selection=item.selected_code,
        )
        db.session.add(project)
        db.session.flush()
        ids[item.project_id] = project.id
    return ids


def _add_ballots(poll: Poll, pbfile: pabulib.PBFile, ids: dict[str, int], day: dt.date) -> None:
    """The file's ballots into the ballot box, which stores them in the order of their random
    ids (the file's order may be the order of voting) and seals them like votes."""
    rows = [_ballot_row(poll, vote, ids, day) for vote in pbfile.votes]
    ballot_box.put(poll.id, [], rows)


def _ballot_row(poll: Poll, vote: pabulib.PBVote, ids: dict[str, int], day: dt.date) -> dict:
    if poll.ballot_type == "cumulative":
        points = vote.points or []
        choices = {str(ids[p]): n for p, n in zip(vote.vote, points, strict=True)}
    else:
        choices = [ids[p] for p in vote.vote]
    method = (vote.voting_method or "").lower()
    return {
        "id": new_ballot_id(),
        "poll_id": poll.id,
        "day": day,
        "channel": "paper" if "paper" in method else "online",
        "choices": choices,
        "receipt_hash": None,
        "age_band": _age_band_of_age(vote.age),
        "gender": _gender(vote.sex),
        "local_community_id": None,
    }


def export_pb(poll: Poll) -> str:
    """The poll as `.pb` text: no identity data, ballots shuffled, voters renumbered."""
    ballots = db.session.scalars(select(Ballot).where(Ballot.poll_id == poll.id)).all()
    codes = {p.id: p.code for p in poll.projects}
    selected = set(count_poll(poll).selected) if ballots else set()
    meta = {k: v for k, v in (poll.pb_meta or {}).items() if k not in ("num_projects", "num_votes")}
    language = meta.get("language") or DEFAULT_LOCALE
    title = localize(poll.consultation.title, language).text
    meta.update(
        {
            "description": meta.get("description") or title,
            "budget": str(poll.budget),
            "vote_type": BALLOT_TYPE_TO_PB[poll.ballot_type],
            "rule": poll.rule,
            "currency": poll.currency,
        }
    )
    projects = [
        pabulib.PBProject(
            project_id=p.code,
            cost=p.cost,
            name=localize(p.title, language).text,
            selected=p.code in selected,
            selected_code=_selected_code(p, selected),
        )
        for p in poll.projects
    ]
    votes = [_pb_vote(n, b, codes) for n, b in enumerate(ballots, start=1)]
    return pabulib.write_pb(pabulib.PBFile(meta=meta, projects=projects, votes=votes))


def _selected_code(project: Project, selected: set[str]) -> int:
    """1 when the count funds it, the city's own code when it funded it outside the rule."""
    if project.code in selected:
        return 1
    return project.city_selection if project.city_selection in (2, 3) else 0


def _pb_vote(number: int, ballot: Ballot, codes: dict[int, str]) -> pabulib.PBVote:
    method = "paper" if ballot.channel == "paper" else "internet"
    if isinstance(ballot.choices, dict):
        pairs = list(ballot.choices.items())
        return pabulib.PBVote(
            voter_id=str(number),
            vote=[codes[int(p)] for p, _n in pairs],
            points=[int(n) for _p, n in pairs],
            voting_method=method,
        )
    return pabulib.PBVote(
        voter_id=str(number), vote=[codes[int(p)] for p in ballot.choices], voting_method=method
    )


# --- the results as open data (`consult.api`) -------------------------------------------------


def _closed_poll(consultation: Consultation, today: dt.date) -> Poll | None:
    """The poll of a public consultation whose voting has ended by `today`, else None."""
    if not consultation.is_public:
        return None
    poll = services.poll_for(consultation)
    return poll if poll is not None and services.is_closed(poll, today) else None


def has_results(consultation: Consultation, today: dt.date) -> bool:
    """Whether the results of a public poll are published: its voting has ended."""
    return _closed_poll(consultation, today) is not None


def results(consultation: Consultation, today: dt.date, k: int) -> dict | None:
    """The results of a published poll whose voting has ended, or None."""
    poll = _closed_poll(consultation, today)
    if poll is None:
        return None
    outcome = report.results(poll, k)
    return {
        "consultation_id": consultation.id,
        "kind": "capital_poll",
        "rule": outcome.rule,
        "budget": json_amount(poll.budget),
        "currency": poll.currency,
        "ballots": outcome.ballots,
        "ballots_by_channel": dict(outcome.ballots_by_channel),
        "spent": json_amount(outcome.spent),
        "projects": [
            {
                "code": row.project.code,
                "title": translations(row.project.title),
                "cost": json_amount(row.project.cost),
                "local_community_id": row.project.local_community_id,
                "votes": row.votes,
                "support": row.support,
                "votes_by_channel": dict(row.by_channel),
                "selected": row.selected,
            }
            for row in outcome.rows
        ],
    }


def results_rows(published: dict) -> list[list]:
    """The results as CSV rows, heading first; a hidden figure is an empty cell."""
    rows = [["code", "title_sq", "cost", "votes", "support", "online", "paper", "selected"]]
    for p in published["projects"]:
        channel = p["votes_by_channel"]
        figures = [p["cost"], p["votes"], p["support"]]
        hidden = [blank(channel.get("online")), blank(channel.get("paper"))]
        rows.append([p["code"], p["title"].get("sq", ""), *figures, *hidden, p["selected"]])
    return rows
