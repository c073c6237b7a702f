"""Read and write participatory-budgeting elections in the open Pabulib ``.pb`` format.

A ``.pb`` file (https://pabulib.org/format) is UTF-8 text in three sections, in this order::

    META                     PROJECTS                     VOTES
    key;value                project_id;cost;name;...     voter_id;vote;points;age;...
    budget;100000            1;7200;PopUp Podium;...      v1;1,2,6
    vote_type;approval       ...                          ...

Each section starts with its name alone on a line, then a header row naming the columns, then
one row per entry. Fields are separated by ``;`` and may be quoted (``"a;b"``) like CSV, so the
file is read with the :mod:`csv` module. Inside a field, lists (the projects in a vote, the
points) are separated by ``,``.

What this module checks (anything else raises :class:`PBFormatError` with the line number):

* the three sections are present, once each and in order, each with a header row;
* META has ``key;value`` rows with unique keys, including ``budget`` (an amount above zero)
  and ``vote_type``; every key is kept as written (``PBFile.meta``);
* PROJECTS has ``project_id`` and ``cost`` columns, unique ids and non-negative costs (at least
  ``least_cost`` when the caller asks, as an app storing projects does); ``selected`` is empty
  or one of ``0``-``3``: 1 for what the city funded by its rule, 2 and 3 for projects it funded
  outside the rule (below a threshold, an award, reserve funds): ``PBProject.selected`` is True
  for 1 only and ``PBProject.selected_code`` keeps the code;
* VOTES has ``voter_id`` and ``vote`` columns, unique voter ids, votes naming known projects,
  ``points`` (when given, and always for cumulative ballots) as whole numbers of at least 0,
  one per project, and ``age`` as a whole number. A vote naming a project twice (Kraków 2023)
  keeps its first place and points; ``PBVote.repeats`` says how many names were dropped and
  ``PBFile.ballots_with_repeats`` how many ballots had any;
* every row has as many fields as its header (trailing empty fields are ignored);
* an amount (budget, cost) is written with digits and at most :data:`AMOUNT_DECIMALS` decimals
  after a point (``1681173.7``), and is below :data:`LARGEST_AMOUNT`; it is read exactly, as an
  ``int`` when whole and a :class:`~decimal.Decimal` otherwise;
* a whole number (points, lengths, ages) is written with the digits 0-9 (and a leading ``-``)
  and is at most :data:`LARGEST_NUMBER`: a 30-digit budget is a mistake, not an election.

Every complaint is a :class:`PBFormatError` naming the line and the field (META key or column);
no input, however broken, raises anything else.

Columns the dataclasses have no field for are kept as strings in ``extra``. The line each
META key and each project was read from is kept too (``PBFile.meta_lines``, ``PBProject.line``),
so that a caller's own checks can name it.

:func:`write_pb` writes a file for publication: the ballots are shuffled and the voters numbered
1..n, so the export holds neither the original voter ids nor the order of voting; age, sex and
any other per-voter column are only written when asked for.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from consult.i18n import LazyText
from consult.i18n import lazy_text as _l

ProgressCallback = Callable[[int, int], None]

SECTIONS = ("META", "PROJECTS", "VOTES")
#: how many ballots are read between two calls of the progress callback
PROGRESS_EVERY = 500

_PROJECT_FIELDS = ("project_id", "cost", "name", "selected")
_VOTE_FIELDS = ("voter_id", "vote", "points", "age", "sex", "voting_method")
_PERSONAL_VOTE_FIELDS = ("age", "sex")
#: the largest whole number read: what a 32-bit integer column holds, far above any real
#: budget, cost, number of points or age
LARGEST_NUMBER = 2**31 - 1
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,10}")
#: decimals an amount may have, and the bound it stays below (15 significant digits in all)
AMOUNT_DECIMALS = 4
LARGEST_AMOUNT = 10**11
_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
#: the selected codes of PROJECTS: not funded, funded by the rule, funded outside it (2, 3)
SELECTED_CODES = (0, 1, 2, 3)

Amount = int | Decimal

#: what a number in a message is, translated when the message is shown
_THE_BUDGET = _l("the budget")
_THE_AGE = _l("the age")
_POINTS = _l("points")


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[str], /) -> object: ...

    def writerows(self, rows: Iterable[Iterable[str]], /) -> object: ...


class PBFormatError(ValueError):
    """A ``.pb`` file that does not follow the format; ``line_number`` is 1-based or None,
    ``field`` the META key or the column concerned (None when the whole row is)."""

    def __init__(
        self, message: str | LazyText, line_number: int | None = None, field: str | None = None
    ) -> None:
        """Keep the message (translated when shown), the line and the field for callers
        that show them separately."""
        self.message = message
        self.line_number = line_number
        self.field = field
        if line_number is None:
            super().__init__(message)
        else:
            super().__init__(_l("line %(line)s: %(problem)s", line=line_number, problem=message))


class PBFormatErrors(PBFormatError):
    """Several rows of a ``.pb`` file that do not follow the format: ``problems`` holds each
    (the first ``MAX_PROBLEMS`` of them), the message and the line are the first one's."""

    MAX_PROBLEMS = 100

    def __init__(self, problems: list[PBFormatError], more: int = 0) -> None:
        first = problems[0]
        super().__init__(first.message, first.line_number, first.field)
        self.problems = problems
        #: how many further problems were found and not kept
        self.more = more


class _Problems:
    """The problems of the rows read so far: a row that fails is noted and the reading goes
    on, so that one upload names every bad row, not only the first."""

    def __init__(self) -> None:
        self.found: list[PBFormatError] = []
        self.more = 0

    def note(self, problem: PBFormatError) -> None:
        if len(self.found) < PBFormatErrors.MAX_PROBLEMS:
            self.found.append(problem)
        else:
            self.more += 1

    def raise_any(self) -> None:
        if len(self.found) == 1 and not self.more:
            raise self.found[0]
        if self.found:
            raise PBFormatErrors(self.found, self.more)


@dataclass(frozen=True)
class PBProject:
    """One row of the PROJECTS section."""

    project_id: str
    cost: Amount
    name: str | None = None
    selected: bool | None = None
    extra: dict[str, str] = field(default_factory=dict)
    #: the file's code: 0, 1, or 2 and 3 for projects funded outside the rule; None if empty
    selected_code: int | None = None
    #: the line of the file it was read from (None when not read from a file)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PBVote:
    """One row of the VOTES section: a ballot; ``vote`` keeps the order given in the file."""

    voter_id: str
    vote: list[str]
    points: list[int] | None = None
    age: int | None = None
    sex: str | None = None
    voting_method: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    #: how many repeated names of a project the vote had (dropped: each counts once)
    repeats: int = 0


@dataclass(frozen=True)
class PBFile:
    """A whole ``.pb`` file: META as strings, the projects and the ballots in file order."""

    meta: dict[str, str]
    projects: list[PBProject]
    votes: list[PBVote]
    #: the line of each META key (empty when not read from a file)
    meta_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def budget(self) -> Amount:
        """The budget from META, exactly (checked when the file was read)."""
        return _amount(self.meta["budget"], _THE_BUDGET, None, "budget", 0)

    @property
    def ballots_with_repeats(self) -> int:
        """How many ballots named a project more than once."""
        return sum(1 for vote in self.votes if vote.repeats)

    @property
    def vote_type(self) -> str:
        """The ballot type from META, e.g. ``approval`` or ``cumulative``."""
        return self.meta["vote_type"]

    @property
    def rule(self) -> str | None:
        """The counting rule from META (e.g. ``greedy``), or None when the file names none."""
        return self.meta.get("rule")

    def meta_number(self, key: str, minimum: int = 0) -> int | None:
        """META's ``key`` as a whole number from ``minimum`` to :data:`LARGEST_NUMBER`, or None
        when the file has no value for it; raises :class:`PBFormatError` naming its line."""
        value = (self.meta.get(key) or "").strip()
        if not value:
            return None
        what = _l("META '%(key)s'", key=key)
        return _whole_number(value, what, self.meta_lines.get(key), minimum, key)


@dataclass(frozen=True)
class _Row:
    line: int
    cells: list[str]


@dataclass
class _Section:
    name: str
    line: int
    header: list[str] = field(default_factory=list)
    header_line: int = 0
    rows: list[_Row] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# reading


def read_pb(
    source: str | bytes | os.PathLike[str],
    on_progress: ProgressCallback | None = None,
    least_cost: int = 0,
) -> PBFile:
    """Parse a ``.pb`` file given as text, as the bytes of an upload or as a path.

    Bytes are decoded as UTF-8; a :class:`os.PathLike` is always read as a file; a ``str`` is
    the file's text when it contains a line break or starts with ``META``, and a path
    otherwise. ``on_progress(done, total)`` is called every :data:`PROGRESS_EVERY` ballots and
    once at the end, so a large import can show progress. A project must cost at least
    ``least_cost``. Raises :class:`PBFormatError` on malformed input, and nothing else.
    """
    sections = _split_sections(_load_text(source))
    meta, meta_lines = _parse_meta(sections["META"])
    projects = _parse_projects(sections["PROJECTS"], least_cost)
    known = {project.project_id for project in projects}
    cumulative = meta["vote_type"] == "cumulative"
    problems = _Problems()
    votes = list(_iter_votes(sections["VOTES"], known, on_progress, cumulative, problems))
    problems.raise_any()
    return PBFile(meta=meta, projects=projects, votes=votes, meta_lines=meta_lines)


def _load_text(source: str | bytes | os.PathLike[str]) -> str:
    if isinstance(source, str) and _looks_like_text(source):
        return source.removeprefix("\ufeff")
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as error:
        raise PBFormatError(
            _l("the file cannot be read (%(reason)s)", reason=error.strerror)
        ) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PBFormatError(
            _l(
                "the file is not UTF-8 text: it cannot be read from byte %(position)s on",
                position=error.start,
            )
        ) from error


def _looks_like_text(source: str) -> bool:
    return "\n" in source or "\r" in source or source.lstrip("\ufeff").upper().startswith("META")


def _split_sections(text: str) -> dict[str, _Section]:
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        for cells in reader:
            current = _take_row(sections, current, _trim(cells), reader.line_num)
    except csv.Error as error:
        raise PBFormatError(
            _l("this row cannot be read: a quotation mark is not closed, or a field is too long"),
            reader.line_num,
        ) from error
    _check_all_sections(sections, reader.line_num)
    return sections


def _take_row(
    sections: dict[str, _Section], current: _Section | None, cells: list[str], line: int
) -> _Section | None:
    if not cells:
        return current
    name = _section_marker(cells)
    if name is not None:
        return _open_section(sections, name, line)
    if current is None:
        raise PBFormatError(_l("the file must start with the META section"), line)
    if not current.header:
        current.header = [cell.strip() for cell in cells]
        current.header_line = line
    else:
        current.rows.append(_Row(line, cells))
    return current


def _trim(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def _section_marker(cells: list[str]) -> str | None:
    name = cells[0].strip().upper()
    return name if len(cells) == 1 and name in SECTIONS else None


def _open_section(sections: dict[str, _Section], name: str, line: int) -> _Section:
    expected = SECTIONS[len(sections)] if len(sections) < len(SECTIONS) else None
    if name in sections:
        raise PBFormatError(_l("the %(section)s section appears twice", section=name), line)
    if name != expected:
        raise PBFormatError(
            _l(
                "expected the %(expected)s section here, found %(section)s",
                expected=expected,
                section=name,
            ),
            line,
        )
    sections[name] = _Section(name, line)
    return sections[name]


def _check_all_sections(sections: dict[str, _Section], last_line: int) -> None:
    for name in SECTIONS:
        if name not in sections:
            raise PBFormatError(_l("the %(section)s section is missing", section=name), last_line)
        if not sections[name].header:
            raise PBFormatError(
                _l("the %(section)s section has no header row", section=name),
                sections[name].line,
            )


def _require_columns(section: _Section, columns: Iterable[str]) -> None:
    for column in columns:
        if column not in section.header:
            raise PBFormatError(
                _l(
                    "the %(section)s header has no '%(column)s' column",
                    section=section.name,
                    column=column,
                ),
                section.header_line,
                column,
            )
    duplicates = {column for column in section.header if section.header.count(column) > 1}
    if duplicates:
        raise PBFormatError(
            _l(
                "the %(section)s header names a column more than once: %(columns)s",
                section=section.name,
                columns=", ".join(sorted(duplicates)),
            ),
            section.header_line,
            sorted(duplicates)[0],
        )


def _as_record(section: _Section, row: _Row) -> dict[str, str]:
    if len(row.cells) > len(section.header):
        raise PBFormatError(
            _l(
                "this row has more fields (%(fields)s) than the %(section)s header (%(columns)s)",
                fields=len(row.cells),
                section=section.name,
                columns=len(section.header),
            ),
            row.line,
        )
    cells = [cell.strip() for cell in row.cells]
    cells += [""] * (len(section.header) - len(cells))
    return dict(zip(section.header, cells, strict=True))


def _whole_number(
    value: str,
    what: str | LazyText,
    line: int | None,
    minimum: int | None = 0,
    field: str | None = None,
) -> int:
    if not _WHOLE_NUMBER.fullmatch(value):
        if re.fullmatch(r"-?[0-9]+", value):
            raise PBFormatError(_too_large(what, LARGEST_NUMBER, value), line, field)
        raise PBFormatError(
            _l("%(what)s must be a whole number, not '%(value)s'", what=what, value=_cut(value)),
            line,
            field,
        )
    number = int(value)
    if minimum is not None and number < minimum:
        raise PBFormatError(_too_small(what, minimum, value), line, field)
    if abs(number) > LARGEST_NUMBER:
        raise PBFormatError(_too_large(what, LARGEST_NUMBER, value), line, field)
    return number


def _too_small(what: str | LazyText, minimum: int, value: str) -> LazyText:
    return _l(
        "%(what)s must be at least %(minimum)s, not %(value)s",
        what=what,
        minimum=minimum,
        value=_cut(value),
    )


def _too_large(what: str | LazyText, largest: int, value: str) -> LazyText:
    return _l(
        "%(what)s must be at most %(largest)s, not %(value)s",
        what=what,
        largest=largest,
        value=_cut(value),
    )


def _amount(
    value: str, what: str | LazyText, line: int | None, field: str, minimum: int = 0
) -> Amount:
    """An amount of money, exactly: an int when whole, else a Decimal (see the docstring)."""
    value = value.strip()
    if not _AMOUNT.fullmatch(value):
        raise PBFormatError(_not_a_number(what, value), line, field)
    number = Decimal(value)
    if -number.as_tuple().exponent > AMOUNT_DECIMALS and number != round(number, AMOUNT_DECIMALS):
        raise PBFormatError(
            _l(
                "%(what)s may have at most %(decimals)s decimals, not %(value)s",
                what=what,
                decimals=AMOUNT_DECIMALS,
                value=_cut(value),
            ),
            line,
            field,
        )
    if number < minimum:
        raise PBFormatError(_too_small(what, minimum, value), line, field)
    if number >= LARGEST_AMOUNT:
        raise PBFormatError(
            _l(
                "%(what)s must be below %(bound)s, not %(value)s",
                what=what,
                bound=LARGEST_AMOUNT,
                value=_cut(value),
            ),
            line,
            field,
        )
    return int(number) if number == number.to_integral_value() else number.normalize()


def _not_a_number(what: str | LazyText, value: str) -> LazyText:
    if "," in value:
        return _l(
            "%(what)s must be a number, not '%(value)s' (the decimal separator is a point)",
            what=what,
            value=_cut(value),
        )
    return _l("%(what)s must be a number, not '%(value)s'", what=what, value=_cut(value))


def _cut(value: str) -> str:
    """A value as shown in a message: at most 24 characters."""
    return value if len(value) <= 24 else value[:23] + "…"


def _parse_meta(section: _Section) -> tuple[dict[str, str], dict[str, int]]:
    if [cell.lower() for cell in section.header] != ["key", "value"]:
        raise PBFormatError(
            _l("the META header must be '%(header)s'", header="key;value"),
            section.header_line,
            "key",
        )
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    for row in section.rows:
        key, value = _meta_entry(row)
        if key in meta:
            raise PBFormatError(
                _l("META key '%(key)s' appears twice", key=_cut(key)), row.line, key
            )
        meta[key], lines[key] = value, row.line
    _check_meta(meta, lines, section.line)
    return meta, lines


def _meta_entry(row: _Row) -> tuple[str, str]:
    if len(row.cells) > 2:
        raise PBFormatError(
            _l(
                "a META row must be '%(header)s' (put a value containing ';' in quotes)",
                header="key;value",
            ),
            row.line,
        )
    key = row.cells[0].strip()
    if not key:
        raise PBFormatError(_l("a META row has an empty key"), row.line)
    return key, row.cells[1].strip() if len(row.cells) == 2 else ""


def _check_meta(meta: dict[str, str], lines: dict[str, int], section_line: int) -> None:
    for key in ("budget", "vote_type"):
        if not meta.get(key):
            raise PBFormatError(
                _l("META has no '%(key)s'", key=key), lines.get(key, section_line), key
            )
    budget = _amount(meta["budget"], _THE_BUDGET, lines["budget"], "budget")
    if budget <= 0:
        raise PBFormatError(
            _l("the budget must be above 0, not %(value)s", value=_cut(meta["budget"])),
            lines["budget"],
            "budget",
        )


def _parse_projects(section: _Section, least_cost: int) -> list[PBProject]:
    _require_columns(section, ("project_id", "cost"))
    projects: list[PBProject] = []
    seen: set[str] = set()
    problems = _Problems()
    for row in section.rows:
        try:
            project = _project_from(_as_record(section, row), row.line, least_cost)
            if project.project_id in seen:
                raise PBFormatError(
                    _l("project '%(project)s' is listed twice", project=_cut(project.project_id)),
                    row.line,
                    "project_id",
                )
        except PBFormatError as problem:
            problems.note(problem)
            continue
        seen.add(project.project_id)
        projects.append(project)
    problems.raise_any()
    return projects


def _project_from(record: dict[str, str], line: int, least_cost: int) -> PBProject:
    if not record["project_id"]:
        raise PBFormatError(_l("a project has an empty project_id"), line, "project_id")
    extra = {key: value for key, value in record.items() if key not in _PROJECT_FIELDS}
    what = _l("the cost of project '%(project)s'", project=_cut(record["project_id"]))
    code = _selected_code(record.get("selected", ""), line)
    return PBProject(
        project_id=record["project_id"],
        cost=_amount(record["cost"], what, line, "cost", least_cost),
        name=record.get("name") or None,
        selected=None if code is None else code == 1,
        extra=extra,
        selected_code=code,
        line=line,
    )


def _selected_code(value: str, line: int) -> int | None:
    if not value:
        return None
    if value not in {str(code) for code in SELECTED_CODES}:
        raise PBFormatError(
            _l(
                "'%(column)s' must be one of %(codes)s, not '%(value)s'",
                column="selected",
                codes=", ".join(map(str, SELECTED_CODES)),
                value=_cut(value),
            ),
            line,
            "selected",
        )
    return int(value)


def _iter_votes(
    section: _Section,
    known: set[str],
    on_progress: ProgressCallback | None,
    cumulative: bool = False,
    problems: _Problems | None = None,
) -> Iterator[PBVote]:
    """The ballots; a bad row goes to `problems` (and is skipped) when given, else raises."""
    _require_columns(section, ("voter_id", "vote", *(("points",) if cumulative else ())))
    seen: set[str] = set()
    total = len(section.rows)
    for done, row in enumerate(section.rows, start=1):
        try:
            vote = _vote_from(_as_record(section, row), known, row.line, cumulative)
            if vote.voter_id in seen:
                raise PBFormatError(
                    _l("voter '%(voter)s' has two ballots", voter=_cut(vote.voter_id)),
                    row.line,
                    "voter_id",
                )
        except PBFormatError as problem:
            if problems is None:
                raise
            problems.note(problem)
            continue
        seen.add(vote.voter_id)
        yield vote
        if on_progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            on_progress(done, total)
    if on_progress is not None and total == 0:
        on_progress(0, 0)


def _vote_from(
    record: dict[str, str], known: set[str], line: int, cumulative: bool = False
) -> PBVote:
    voter_id = record["voter_id"]
    if not voter_id:
        raise PBFormatError(_l("a ballot has an empty voter_id"), line, "voter_id")
    projects = _vote_projects(record["vote"], known, line)
    points = _vote_points(record.get("points", ""), len(projects), line)
    if cumulative and points is None and projects:
        raise PBFormatError(_l("a cumulative ballot needs its points"), line, "points")
    kept = _first_places(projects)
    age = record.get("age")
    return PBVote(
        voter_id=voter_id,
        vote=[projects[place] for place in kept],
        points=None if points is None else [points[place] for place in kept],
        age=_whole_number(age, _THE_AGE, line, 0, "age") if age else None,
        sex=record.get("sex") or None,
        voting_method=record.get("voting_method") or None,
        extra={key: value for key, value in record.items() if key not in _VOTE_FIELDS},
        repeats=len(projects) - len(kept),
    )


def _first_places(projects: list[str]) -> list[int]:
    """The places of each project's first naming in a vote (a repeat counts once)."""
    seen: set[str] = set()
    places = []
    for place, project_id in enumerate(projects):
        if project_id not in seen:
            seen.add(project_id)
            places.append(place)
    return places


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",")] if value.strip() else []


def _vote_projects(value: str, known: set[str], line: int) -> list[str]:
    projects = _split_list(value)
    for project_id in projects:
        if project_id not in known:
            raise PBFormatError(
                _l("the vote names unknown project '%(project)s'", project=_cut(project_id)),
                line,
                "vote",
            )
    return projects


def _vote_points(value: str, count: int, line: int) -> list[int] | None:
    if not value:
        return None
    points = [_whole_number(item, _POINTS, line, 0, "points") for item in _split_list(value)]
    if len(points) != count:
        raise PBFormatError(
            _l(
                "the number of points (%(points)s) is not the number of projects in the vote"
                " (%(projects)s)",
                points=len(points),
                projects=count,
            ),
            line,
            "points",
        )
    return points


# ---------------------------------------------------------------------------------------------
# writing


def write_pb(
    pbfile: PBFile,
    shuffle_votes: bool = True,
    rng: random.Random | None = None,
    include_voter_details: bool = False,
) -> str:
    """Return ``pbfile`` as ``.pb`` text ready for publication.

    Ballots are shuffled (with ``rng``, by default the system's random source) unless
    ``shuffle_votes`` is False, and voters are always renumbered 1..n in the written order, so
    no original voter id survives. ``voting_method`` and the points are kept; age, sex and any
    other per-voter column only when ``include_voter_details`` is True. META's ``num_projects``
    and ``num_votes`` are set to the actual counts.
    """
    votes = list(pbfile.votes)
    if shuffle_votes:
        (rng or random.SystemRandom()).shuffle(votes)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    _write_meta(writer, pbfile)
    _write_projects(writer, pbfile.projects)
    _write_votes(writer, votes, include_voter_details)
    return buffer.getvalue()


def _write_meta(writer: _RowWriter, pbfile: PBFile) -> None:
    meta = dict(pbfile.meta)
    meta["num_projects"] = str(len(pbfile.projects))
    meta["num_votes"] = str(len(pbfile.votes))
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(meta.items())


def _write_projects(writer: _RowWriter, projects: list[PBProject]) -> None:
    columns = ["project_id", "cost"]
    columns += [name for name in ("name", "selected") if _projects_use(projects, name)]
    columns += _extra_columns((project.extra for project in projects), _PROJECT_FIELDS)
    writer.writerow(["PROJECTS"])
    writer.writerow(columns)
    for project in projects:
        writer.writerow(_project_cells(project, columns))


def _projects_use(projects: list[PBProject], column: str) -> bool:
    return any(getattr(project, column) is not None for project in projects)


def _extra_columns(extras: Iterable[dict[str, str]], reserved: tuple[str, ...]) -> list[str]:
    columns: dict[str, None] = {}
    for extra in extras:
        columns.update(dict.fromkeys(extra))
    return [column for column in columns if column not in reserved]


def _project_cells(project: PBProject, columns: list[str]) -> list[str]:
    values = {
        "project_id": project.project_id,
        "cost": str(project.cost),
        "name": project.name or "",
        "selected": _selected_text(project),
    }
    return [
        values[column] if column in values else project.extra.get(column, "") for column in columns
    ]


def _selected_text(project: PBProject) -> str:
    if project.selected_code is not None:
        return str(project.selected_code)
    return "" if project.selected is None else str(int(project.selected))


def _write_votes(writer: _RowWriter, votes: list[PBVote], include_details: bool) -> None:
    columns = _vote_columns(votes, include_details)
    writer.writerow(["VOTES"])
    writer.writerow(columns)
    for number, vote in enumerate(votes, start=1):
        writer.writerow(_vote_cells(vote, str(number), columns))


def _vote_columns(votes: list[PBVote], include_details: bool) -> list[str]:
    columns = ["voter_id", "vote"]
    if any(vote.points is not None for vote in votes):
        columns.append("points")
    optional = [*_PERSONAL_VOTE_FIELDS, "voting_method"] if include_details else ["voting_method"]
    columns += [name for name in optional if any(getattr(v, name) is not None for v in votes)]
    if include_details:
        columns += _extra_columns((vote.extra for vote in votes), _VOTE_FIELDS)
    return columns


def _vote_cells(vote: PBVote, voter_id: str, columns: list[str]) -> list[str]:
    values = {
        "voter_id": voter_id,
        "vote": ",".join(vote.vote),
        "points": ",".join(str(point) for point in vote.points or []),
        "age": "" if vote.age is None else str(vote.age),
        "sex": vote.sex or "",
        "voting_method": vote.voting_method or "",
    }
    return [
        values[column] if column in values else vote.extra.get(column, "") for column in columns
    ]
