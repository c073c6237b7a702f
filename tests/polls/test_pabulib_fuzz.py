"""Whatever a .pb upload holds, reading it either succeeds consistently or raises PBFormatError."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.polls.pabulib import LARGEST_AMOUNT, PBFile, PBFormatError, read_pb

VALID = """META
key;value
description;"Village fund; second round"
budget;100.5
vote_type;cumulative
rule;greedy
PROJECTS
project_id;cost;name;selected
p1;60.25;Park;1
p2;50;School;0
p3;10;Bench;2
VOTES
voter_id;vote;points;age;sex
a;p1,p2;3,1;34;F
b;p2,p2;2,1;;M
c;p3;5;20;
"""
LINES = VALID.splitlines(keepends=True)

FIELD_TEXT = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"-?[0-9]{1,40}(\.[0-9]{0,8})?", fullmatch=True),
    st.sampled_from(["", "-1", "1e5", "1,5", "0", "0.0", "p1,p1", "p9", '"', ";", "\x00"]),
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The valid file with a few lines dropped, repeated, cut or with a field replaced."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "cut", "field", "insert"]))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "cut":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        elif action == "field":
            cells = lines[index].rstrip("\n").split(";")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(FIELD_TEXT)
            lines[index] = ";".join(cells) + "\n"
        else:
            lines.insert(index, draw(FIELD_TEXT) + "\n")
    return "".join(lines)


def check_consistent(pbfile: PBFile) -> None:
    """What a successful read promises its callers."""
    assert 0 < pbfile.budget < LARGEST_AMOUNT
    known = {project.project_id for project in pbfile.projects}
    assert len(known) == len(pbfile.projects)
    for project in pbfile.projects:
        assert isinstance(project.cost, int | Decimal) and 0 <= project.cost < LARGEST_AMOUNT
        assert project.selected_code in (None, 0, 1, 2, 3)
        assert project.selected == (
            None if project.selected_code is None else project.selected_code == 1
        )
    assert len({vote.voter_id for vote in pbfile.votes}) == len(pbfile.votes)
    for vote in pbfile.votes:
        assert set(vote.vote) <= known and len(set(vote.vote)) == len(vote.vote)
        assert vote.repeats >= 0
        if vote.points is not None:
            assert len(vote.points) == len(vote.vote) and min(vote.points, default=0) >= 0


def read_or_reject(source: str | bytes) -> None:
    """Read ``source``: a PBFormatError is fine, anything else fails the test."""
    try:
        pbfile = read_pb(source)
    except PBFormatError as error:
        assert error.message and "Traceback" not in str(error)
        return
    check_consistent(pbfile)


def test_the_unmutated_file_reads():
    pbfile = read_pb(VALID)

    check_consistent(pbfile)
    assert pbfile.votes[1].vote == ["p2"] and pbfile.votes[1].repeats == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_mutated_file_is_read_or_rejected_with_a_format_error(text):
    read_or_reject(text)
    read_or_reject(text.encode("utf-8"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.integers(0, len(VALID)))
def test_random_bytes_inside_a_file_are_read_or_rejected(noise, position):
    data = VALID.encode()
    read_or_reject(data[:position] + noise + data[position:])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_starting_with_meta_is_read_or_rejected(text):
    read_or_reject("META\n" + text)
