"""Open data: every real .pb file imports, counts to the projects the city funded, exports."""

import json
from pathlib import Path

import pytest

from consult.extensions import db
from consult.polls import open_data, pabulib, report
from consult.polls.commands import polls_group
from consult.polls.models import Ballot, Poll

DATA = Path(__file__).resolve().parents[1] / "data" / "pabulib"
FILES = sorted(DATA.glob("*.pb"))


def _import(runner, path: Path) -> int:
    result = runner.invoke(polls_group, ["import-pb", str(path)])
    assert result.exit_code == 0, result.output
    return int(result.output.strip().splitlines()[-1])


def _differences_are_ties(app, poll_id: int, expected: set[str], selected: set[str]) -> bool:
    """A different selection is acceptable only where the count reports a tie it broke."""
    with app.app_context():
        outcome = report.count_poll(db.session.get(Poll, poll_id))
    differing = expected ^ selected
    return bool(outcome.tie_notes) and all(
        outcome.outcomes[p].details.get("tied") for p in differing
    )


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_pabulib_file_imports_and_counts_to_the_funded_projects(app, runner, path):
    pbfile = pabulib.read_pb(path)
    poll_id = _import(runner, path)
    result = runner.invoke(polls_group, ["results", str(poll_id), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["rule"] == pbfile.rule
    with app.app_context():
        assert db.session.query(Ballot).filter_by(poll_id=poll_id).count() == len(pbfile.votes)
    if any(p.selected_code is None for p in pbfile.projects):
        return  # the file does not say what the city funded (Toulouse 2022)
    # what the city funded by its rule; `selected` 2 or 3 it funded outside the rule
    expected = {p.project_id for p in pbfile.projects if p.selected_code == 1}
    selected = set(printed["selected"])
    assert selected == expected or _differences_are_ties(app, poll_id, expected, selected)


def test_large_import_shows_progress(runner):
    path = DATA / "Poland_Warszawa_2023_Bemowo.pb"
    output = runner.invoke(polls_group, ["import-pb", str(path)]).output
    assert "read 500 of" in output
    assert output.strip().splitlines()[-1].isdigit()


def test_import_keeps_age_and_sex_as_bands(app, runner):
    poll_id = _import(
        runner, DATA / "Poland_Warszawa_2019_Obszar_III-PowsinKepa_LatoszkowaZamoscLatoszki.pb"
    )
    with app.app_context():
        ballots = db.session.query(Ballot).filter_by(poll_id=poll_id).all()
    assert {b.gender for b in ballots} >= {"female", "male"}
    assert any(b.age_band for b in ballots)


def test_export_holds_no_identity_data_and_counts_the_same(app, runner, tmp_path):
    source = DATA / "Netherlands_Assen_2024.pb"
    poll_id = _import(runner, source)
    output = tmp_path / "export.pb"
    result = runner.invoke(polls_group, ["export-pb", str(poll_id), "--output", str(output)])
    assert result.exit_code == 0, result.output
    exported = pabulib.read_pb(output)
    original = pabulib.read_pb(source)
    assert sorted(v.voter_id for v in exported.votes) == sorted(
        str(n) for n in range(1, len(original.votes) + 1)
    )
    assert all(v.age is None and v.sex is None for v in exported.votes)
    assert sorted(sorted(v.vote) for v in exported.votes) == sorted(
        sorted(v.vote) for v in original.votes
    )
    assert {p.project_id for p in exported.projects if p.selected} == {
        p.project_id for p in original.projects if p.selected
    }


def test_results_of_an_unknown_poll_is_an_error(runner):
    result = runner.invoke(polls_group, ["results", "999", "--json"])
    assert result.exit_code != 0 and "no poll" in result.output


# --- absurd numbers ------------------------------------------------------------------------

SMALL = """META
key;value
description;Village fund
budget;100
vote_type;approval
rule;greedy
min_length;1
PROJECTS
project_id;cost;name
p1;60;Park
p2;50;School
VOTES
voter_id;vote
a;p1,p2
b;p2
"""
THIRTY_DIGITS = "123456789012345678901234567890"
ABSURD = [
    ("a 30-digit cost", "p1;60;", f"p1;{THIRTY_DIGITS};", 10, "below 100000000000"),
    ("a negative cost", "p1;60;", "p1;-60;", 10, "at least 1"),
    ("a cost of zero", "p1;60;", "p1;0;", 10, "at least 1"),
    ("a cost just too large", "p2;50;", "p2;100000000000;", 11, "below 100000000000"),
    ("a 30-digit budget", "budget;100", f"budget;{THIRTY_DIGITS}", 4, "below 100000000000"),
    ("a budget of zero", "budget;100", "budget;0", 4, "above 0"),
    ("a negative budget", "budget;100", "budget;-100", 4, "at least 0"),
    ("a 30-digit ballot length", "min_length;1", f"min_length;{THIRTY_DIGITS}", 7, "at most"),
    ("a ballot length in words", "min_length;1", "min_length;one", 7, "whole number"),
    ("a project id too long", "p2;50;School", f"p2;50;School\n{'p' * 41};10;", 12, "at most 40"),
]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [case[1:] for case in ABSURD],
    ids=[case[0] for case in ABSURD],
)
def test_an_absurd_number_is_refused_naming_the_line(
    app, runner, tmp_path, old, new, line, message
):
    path = tmp_path / "absurd.pb"
    path.write_text(SMALL.replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(polls_group, ["import-pb", str(path)])
    assert result.exit_code == 1
    assert f": line {line}, field " in result.output and message in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    with app.app_context():
        assert db.session.query(Poll).count() == 0 and db.session.query(Ballot).count() == 0


def test_the_import_service_refuses_an_absurd_cost_with_its_line(app, ctx):
    with pytest.raises(open_data.ImportRefused, match=r"^line 10, field cost: .*below 10{11}"):
        open_data.import_pb(SMALL.replace("p1;60;", f"p1;{THIRTY_DIGITS};"))
    db.session.rollback()
    assert db.session.query(Poll).count() == 0
