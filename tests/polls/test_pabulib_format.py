"""Importing and exporting participatory-budgeting elections in the open Pabulib .pb format."""

import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from consult.polls.pabulib import PBFile, PBFormatError, read_pb, write_pb

DATA = Path(__file__).resolve().parent.parent / "data" / "pabulib"
FILES = sorted(DATA.glob("*.pb"))
BEMOWO = DATA / "Poland_Warszawa_2023_Bemowo.pb"
WARSZAWA_2019 = DATA / "Poland_Warszawa_2019_Obszar_III-PowsinKepa_LatoszkowaZamoscLatoszki.pb"

SMALL = """META
key;value
description;"Village fund; second round"
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name;selected
p1;60;"Park; phase 2";1
p2;50;"The ""old"" school";0
VOTES
voter_id;vote;age;sex;voting_method
a;p1,p2;34;F;paper
b;p2;;M;internet
"""


def ballots(pbfile: PBFile) -> Counter:
    """The ballots as a multiset, ignoring who cast them and in which order."""
    return Counter((tuple(v.vote), tuple(v.points or ())) for v in pbfile.votes)


def replace_line(text: str, old: str, new: str) -> str:
    """``text`` with its first ``old`` replaced, checking that it was there."""
    assert old in text
    return text.replace(old, new, 1)


def test_there_are_twelve_reference_files_in_the_repository():
    assert len(FILES) == 12


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_pabulib_file_imports_with_all_its_projects_and_ballots(path):
    pbfile = read_pb(path)

    assert len(pbfile.projects) == int(pbfile.meta["num_projects"])
    assert len(pbfile.votes) == int(pbfile.meta["num_votes"])
    assert pbfile.budget > 0 and pbfile.rule
    codes = {project.selected_code for project in pbfile.projects}
    assert 1 in codes or codes == {None}  # Toulouse 2022 does not say what was funded
    assert all(vote.vote for vote in pbfile.votes)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_writing_and_reading_again_keeps_the_projects_and_the_ballots(path):
    original = read_pb(path)

    again = read_pb(write_pb(original, include_voter_details=True))

    assert again.projects == original.projects
    assert ballots(again) == ballots(original)
    assert {k: v for k, v in again.meta.items()} == original.meta


def test_an_export_renumbers_and_shuffles_the_voters():
    original = read_pb(BEMOWO)

    exported = read_pb(write_pb(original, rng=random.Random(7)))

    assert [v.voter_id for v in exported.votes] == [str(n) for n in range(1, 5181)]
    assert [v.vote for v in exported.votes] != [v.vote for v in original.votes]
    assert ballots(exported) == ballots(original)


def test_an_unshuffled_export_keeps_the_order_but_not_the_voter_ids():
    original = read_pb(SMALL)

    exported = read_pb(write_pb(original, shuffle_votes=False))

    assert [v.vote for v in exported.votes] == [["p1", "p2"], ["p2"]]
    assert [v.voter_id for v in exported.votes] == ["1", "2"]


def test_an_export_leaves_out_age_and_sex_unless_asked_for():
    original = read_pb(WARSZAWA_2019)

    private = write_pb(original)
    detailed = read_pb(write_pb(original, include_voter_details=True))

    assert private.splitlines()[private.splitlines().index("VOTES") + 1] == (
        "voter_id;vote;voting_method"
    )
    assert all(v.age is None and v.sex is None for v in read_pb(private).votes)
    assert Counter(v.sex for v in detailed.votes) == Counter(v.sex for v in original.votes)


def test_quoted_fields_may_contain_semicolons_and_quotes():
    pbfile = read_pb(SMALL)

    assert pbfile.meta["description"] == "Village fund; second round"
    assert [p.name for p in pbfile.projects] == ["Park; phase 2", 'The "old" school']
    assert read_pb(write_pb(pbfile)).projects == pbfile.projects


def test_a_ballot_keeps_its_order_points_and_voter_details():
    pbfile = read_pb(DATA / "Poland_Czestochowa_2025_Gnaszyn_-_Kawodrza.pb")
    small = read_pb(SMALL)

    assert all(len(v.points or []) == len(v.vote) for v in pbfile.votes)
    assert small.votes[0].vote == ["p1", "p2"]
    assert (small.votes[0].age, small.votes[0].sex, small.votes[0].voting_method) == (
        34,
        "F",
        "paper",
    )
    assert small.votes[1].age is None


def test_columns_without_a_field_are_kept_as_extras():
    pbfile = read_pb(WARSZAWA_2019)

    assert pbfile.projects[0].extra["category"] == "culture,public space"
    assert pbfile.projects[0].extra["votes"] == "78"


def test_projects_funded_outside_the_rule_keep_their_code_and_are_written_back():
    text = replace_line(SMALL, 'p2;50;"The ""old"" school";0', "p2;50;School;2")

    pbfile = read_pb(text)

    assert pbfile.projects[1].selected is False  # not by the rule
    assert pbfile.projects[1].selected_code == 2 and "selected" not in pbfile.projects[1].extra
    assert pbfile.projects[0].selected is True and pbfile.projects[0].selected_code == 1
    assert "p2;50;School;2" in write_pb(pbfile)


def test_fractional_amounts_are_read_exactly():
    text = replace_line(SMALL, "budget;100", "budget;1681173.70")
    text = replace_line(text, "p1;60;", "p1;60.25;")
    text = replace_line(text, "p2;50;", "p2;50.0;")

    pbfile = read_pb(text)

    assert pbfile.budget == Decimal("1681173.7") and isinstance(pbfile.budget, Decimal)
    assert pbfile.projects[0].cost == Decimal("60.25")
    assert pbfile.projects[1].cost == 50 and isinstance(pbfile.projects[1].cost, int)
    again = read_pb(write_pb(pbfile))
    assert again.projects == pbfile.projects and again.budget == pbfile.budget


def test_a_project_named_twice_in_a_vote_keeps_its_first_place_and_counts_once():
    text = replace_line(SMALL, "vote_type;approval", "vote_type;cumulative")
    text = replace_line(text, "voter_id;vote;age", "voter_id;vote;points;age")
    text = replace_line(text, "a;p1,p2;34", "a;p2,p1,p2;3,2,9;34")
    text = replace_line(text, "b;p2;;M", "b;p2;5;;M")

    pbfile = read_pb(text)

    assert pbfile.votes[0].vote == ["p2", "p1"] and pbfile.votes[0].points == [3, 2]
    assert pbfile.votes[0].repeats == 1 and pbfile.votes[1].repeats == 0
    assert pbfile.ballots_with_repeats == 1


def test_every_meta_key_is_kept_as_written():
    text = replace_line(SMALL, "rule;greedy", 'rule;greedy\nedition;7\ncomment;"#1: a; b"')

    pbfile = read_pb(text)

    assert pbfile.meta["edition"] == "7" and pbfile.meta["comment"] == "#1: a; b"
    assert pbfile.meta_lines["edition"] == 7


def test_a_file_is_read_from_a_path_or_from_text(tmp_path):
    path = tmp_path / "poll.pb"
    path.write_text("\ufeff" + SMALL, encoding="utf-8")

    assert read_pb(path) == read_pb(str(path)) == read_pb(SMALL)


def test_progress_is_reported_while_a_large_file_is_read():
    calls = []

    read_pb(BEMOWO, on_progress=lambda done, total: calls.append((done, total)))

    assert calls[-1] == (5180, 5180)
    assert len(calls) == 11
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


NEGATIVE_POINTS = (
    replace_line(SMALL, "voter_id;vote;age", "voter_id;vote;points;age")
    .replace("a;p1,p2;34", "a;p1,p2;-1,2;34")
    .replace("b;p2;;M", "b;p2;1;;M")
)
MALFORMED = [
    ("the VOTES section is missing", SMALL.split("VOTES")[0], "VOTES section is missing", 10),
    ("a cost is not a number", replace_line(SMALL, "p1;60;", "p1;60a;"), "a number", 9),
    ("a cost with a comma", replace_line(SMALL, "p1;60;", 'p1;"60,5";'), "a point", 9),
    ("a cost in exponents", replace_line(SMALL, "p1;60;", "p1;6e1;"), "a number", 9),
    ("a cost of 5 decimals", replace_line(SMALL, "p1;60;", "p1;60.12345;"), "4 decimals", 9),
    ("a 30-digit cost", replace_line(SMALL, "p1;60;", "p1;" + "9" * 30 + ";"), "below", 9),
    ("a budget of 0", replace_line(SMALL, "budget;100", "budget;0.0"), "above 0", 4),
    (
        "a selected code of 7",
        replace_line(SMALL, 'p1;60;"Park; phase 2";1', "p1;6;P;7"),
        "one of",
        9,
    ),
    (
        "negative points",
        replace_line(SMALL, "voter_id;vote;age", "voter_id;vote;points;age")
        .replace("a;p1,p2;34", "a;p1,p2;-1,2;34")
        .replace("b;p2;;M", "b;p2;1;;M"),
        "at least 0",
        13,
    ),
    (
        "a cumulative file without points",
        replace_line(SMALL, "vote_type;approval", "vote_type;cumulative"),
        "'points'",
        12,
    ),
    ("a cost is negative", replace_line(SMALL, "p1;60;", "p1;-5;"), "at least 0", 9),
    ("a vote names an unknown project", replace_line(SMALL, "b;p2;", "b;p9;"), "'p9'", 14),
    ("a project is listed twice", replace_line(SMALL, "p2;50;", "p1;50;"), "twice", 10),
    ("a voter votes twice", replace_line(SMALL, "b;p2;", "a;p2;"), "two ballots", 14),
    ("META has no budget", replace_line(SMALL, "budget;100\n", ""), "'budget'", 1),
    ("the budget is not a number", replace_line(SMALL, "budget;100", "budget;lots"), "budget", 4),
    ("a row has too many fields", replace_line(SMALL, "b;p2;;M;", "b;p2;;M;x;"), "fields", 14),
    ("the sections are out of order", SMALL.replace("META", "XMETA", 1), "start", 1),
    ("a section appears twice", SMALL + "VOTES\n", "twice", 15),
    (
        "PROJECTS has no cost column",
        replace_line(SMALL, "project_id;cost;", "project_id;price;"),
        "cost",
        8,
    ),
    ("VOTES has no header", SMALL.split("VOTES")[0] + "VOTES\n", "no header", 11),
]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_a_malformed_file_is_rejected_with_the_line_and_a_clear_message(text, message, line):
    with pytest.raises(PBFormatError) as error:
        read_pb(text)

    assert message in error.value.message
    assert error.value.line_number == line
    assert str(error.value).startswith(f"line {line}: ")
    assert "Traceback" not in str(error.value)


def test_points_must_match_the_projects_of_the_vote():
    text = replace_line(
        SMALL, "voter_id;vote;age;sex;voting_method", "voter_id;vote;points;age;sex;voting_method"
    )
    text = replace_line(text, "a;p1,p2;34;", 'a;p1,p2;"3,1";34;')
    text = replace_line(text, "b;p2;;M;", "b;p2;1,2;;M;")

    match = r"number of points \(2\) is not the number of projects in the vote \(1\)"
    with pytest.raises(PBFormatError, match=match) as error:
        read_pb(text)
    assert error.value.line_number == 14
