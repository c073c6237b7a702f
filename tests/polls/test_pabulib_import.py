"""Importing Pabulib files the way the archive writes them, and refusing bad ones with a reason.

Fractional amounts are kept exactly, a vote naming a project twice counts it once, a file whose
rule the app cannot count by is counted by the officer's choice and says so, projects the city
funded outside its rule are kept apart, and no malformed file ends in a traceback (Hypothesis
throws mutated files at the whole import, on SQLite and on PostgreSQL).
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from consult.extensions import db
from consult.polls import open_data, report
from consult.polls.commands import polls_group
from consult.polls.models import Ballot, Poll, Project
from tests.conftest import submit

FILE = """META
key;value
description;"Fondi i fshatit; Vrellë"
country;Kosovo
unit;Istog
instance;2026
budget;{budget}
vote_type;{vote_type}
rule;{rule}
min_length;1
comment;"#1: Project b and c are for the same square; only one can be built"
edition;3
PROJECTS
project_id;cost;name;selected
a;{cost_a};Park in Vrellë;{selected_a}
b;50.25;School roof;1
c;40;Square in Istog;{selected_c}
d;500;Bridge;{selected_d}
VOTES
voter_id;vote{points_header}
1;{vote_1}
2;b,c{points_2}
3;c,b{points_3}
4;a{points_4}
"""
DEFAULTS = {
    "budget": "100.5",
    "vote_type": "approval",
    "rule": "greedy",
    "cost_a": "50.25",
    "selected_a": "1",
    "selected_c": "0",
    "selected_d": "2",
    "points_header": "",
    "vote_1": "a,b,a",
    "points_2": "",
    "points_3": "",
    "points_4": "",
}


def pb(**changes: str) -> str:
    """The small file above with some of its fields changed."""
    return FILE.format(**{**DEFAULTS, **changes})


def _import(runner, tmp_path, text: str, *options: str):
    path = tmp_path / "election.pb"
    path.write_text(text, encoding="utf-8")
    return runner.invoke(polls_group, ["import-pb", str(path), *options])


def _poll_id(result) -> int:
    assert result.exit_code == 0, result.output
    return int(result.output.strip().splitlines()[-1])


def test_fractional_amounts_are_kept_exactly_and_counted_exactly(app, runner, tmp_path):
    poll_id = _poll_id(_import(runner, tmp_path, pb()))
    with app.app_context():
        db.session.expire_all()
        poll = db.session.get(Poll, poll_id)
        assert poll.budget == Decimal("100.5") and isinstance(poll.budget, Decimal)
        costs = {p.code: p.cost for p in poll.projects}
        assert costs == {"a": Decimal("50.25"), "b": Decimal("50.25"), "c": 40, "d": 500}
        raw = db.session.execute(select(Project.cost).where(Project.code == "b")).scalar_one()
        assert raw == Decimal("50.25")
        # a and b (votes 2 and 3... b first) cost 100.50 together: exactly the budget
        assert set(report.count_poll(poll).selected) == {"a", "b"}
        poll.budget = Decimal("100.49")
        assert set(report.count_poll(poll).selected) == {"b", "c"}


def test_a_project_named_twice_in_a_vote_counts_once_and_the_report_says_so(app, runner, tmp_path):
    result = _import(runner, tmp_path, pb())
    assert "1 ballot named a project more than once" in result.output
    poll_id = _poll_id(result)
    with app.test_request_context("/?lang=en"):
        poll = db.session.get(Poll, poll_id)
        votes = {row.project.code: row.votes for row in report.results(poll, 1).rows}
    assert votes == {"a": 2, "b": 3, "c": 2, "d": 0}


def test_every_meta_key_is_kept_and_shown_on_the_results_page(app, runner, client, tmp_path):
    poll_id = _poll_id(_import(runner, tmp_path, pb()))
    with app.app_context():
        meta = db.session.get(Poll, poll_id).pb_meta
    assert meta["description"] == "Fondi i fshatit; Vrellë" and meta["edition"] == "3"
    page = client.get(f"/polls/{poll_id}/results?lang=en").get_data(as_text=True)
    assert "About the election in the file" in page and "Istog" in page
    assert "only one can be built" in page  # the comment, a quoted field


def test_projects_funded_outside_the_rule_are_kept_and_shown_apart(app, runner, client, tmp_path):
    result = _import(runner, tmp_path, pb())
    assert "1 project funded by the city outside its rule" in result.output
    poll_id = _poll_id(result)
    with app.test_request_context("/?lang=en"):
        poll = db.session.get(Poll, poll_id)
        assert {p.code: p.city_selection for p in poll.projects} == {
            "a": 1,
            "b": 1,
            "c": 0,
            "d": 2,
        }
        outcome = report.results(poll, 1)
        assert [p.code for p in outcome.funded_outside_rule] == ["d"]
        assert outcome.reproduces_city is True
        assert "d" not in outcome.selected_codes
    page = client.get(f"/polls/{poll_id}/results?lang=en").get_data(as_text=True)
    assert "Funded by the city outside the counting rule" in page
    assert "this count funds the same projects" in page


@pytest.mark.parametrize("file_rule", ["unknown", "greedy-custom"])
def test_a_file_whose_rule_is_unknown_imports_and_counts_by_the_officers_choice(
    app, runner, client, tmp_path, file_rule
):
    plain = _import(runner, tmp_path, pb(rule=file_rule))
    assert f"the file's rule is '{file_rule}'" in plain.output
    with app.app_context():
        assert db.session.get(Poll, _poll_id(plain)).rule == "greedy"
    chosen = _poll_id(_import(runner, tmp_path, pb(rule=file_rule), "--rule", "equalshares"))
    with app.app_context():
        poll = db.session.get(Poll, chosen)
        assert poll.rule == "equalshares" and poll.pb_meta["rule"] == file_rule
    page = client.get(f"/polls/{chosen}/results?lang=en").get_data(as_text=True)
    assert f"The file names its own rule, “{file_rule}”" in page
    assert "the ballots are counted by the rule “Equal shares without completion”" in page


def test_poznans_custom_rule_is_counted_as_greedy_without_skipping(app, runner, tmp_path):
    text = pb(rule="greedy-custom", budget="100").replace(
        "instance;2026",
        "instance;2026\nunit;Poznan\u0301",  # the archive's decomposed ń
    )
    text = text.replace("unit;Istog\n", "")
    poll_id = _poll_id(_import(runner, tmp_path, text))
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        assert poll.rule == "greedy-no-skip" and poll.pb_meta["rule"] == "greedy-custom"


def test_the_officer_chooses_the_rule_and_the_exclusive_projects_of_an_imported_poll(
    app, runner, client, login, tmp_path
):
    poll_id = _poll_id(_import(runner, tmp_path, pb(budget="200", rule="unknown")))
    login("officer")
    manage = f"/manage/polls/{poll_id}"
    assert "its ballots are fixed, but you choose how they are counted" in client.get(
        f"{manage}?lang=en"
    ).get_data(as_text=True)
    refused = submit(
        client,
        f"{manage}/counting",
        {"rule": "greedy-exclusive", "ordinal_scoring": "positions", "exclusive_groups": "b, x"},
        form_url=manage,
    )
    assert refused.status_code == 400
    assert "names projects the poll does not have: x" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Poll, poll_id).rule == "greedy"
    saved = submit(
        client,
        f"{manage}/counting",
        {"rule": "greedy-exclusive", "ordinal_scoring": "positions", "exclusive_groups": "b, c"},
        form_url=manage,
    )
    assert saved.status_code == 302
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        assert poll.rule == "greedy-exclusive"
        outcome = report.count_poll(poll)
        assert "b" in outcome.selected and "c" not in outcome.selected
        assert outcome.outcomes["c"].reason == "excluded_by_exclusive_project"
    page = client.get(f"/polls/{poll_id}/results?lang=en").get_data(as_text=True)
    assert "it excludes another project of the same group" in page


def test_a_poll_of_the_platform_keeps_its_counting_once_voting_started(
    app, client, login, make_poll
):
    poll_id = make_poll()
    with app.test_request_context():
        poll = db.session.get(Poll, poll_id)
        assert open_data.services.counting_may_change(poll)
        db.session.add(
            Ballot(
                id="x" * 36,
                poll_id=poll_id,
                day=dt.date.today(),
                channel="online",
                choices=[poll.projects[0].id],
            )
        )
        db.session.commit()
    login("officer")
    manage = f"/manage/polls/{poll_id}"
    locked = submit(
        client,
        f"{manage}/counting",
        {"rule": "equalshares/add1", "ordinal_scoring": "positions", "exclusive_groups": ""},
        form_url=manage,
    )
    assert locked.status_code == 409
    with app.app_context():
        assert db.session.get(Poll, poll_id).rule == "greedy"


# --- malformed files: a reason with its line and field, nothing imported -------------------

THIRTY_DIGITS = "123456789012345678901234567890"
MALFORMED = [
    ("a 30-digit budget", {"budget": THIRTY_DIGITS}, "line 7", "budget"),
    ("a budget of zero", {"budget": "0"}, "line 7", "budget"),
    ("a 30-digit cost", {"cost_a": THIRTY_DIGITS}, "line 15", "cost"),
    ("a cost with a comma", {"cost_a": "50,25"}, "line 15", "cost"),
    ("an unknown selected code", {"selected_a": "7"}, "line 15", "selected"),
    ("a vote naming an unknown project", {"vote_1": "a,z"}, "line 21", "vote"),
    ("an unsupported ballot type", {"vote_type": "quadratic"}, "line 8", "vote_type"),
    ("a rule that is no rule", {"rule": "dice"}, "line 9", "rule"),
]


@pytest.mark.parametrize(
    ("changes", "line", "field"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_a_malformed_file_is_refused_with_its_line_and_field(
    app, runner, tmp_path, changes, line, field
):
    result = _import(runner, tmp_path, pb(**changes))
    assert result.exit_code == 1, result.output
    assert f"{line}, field {field}: " in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Poll)) == 0


def _meta_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


META_CASES = [
    ("no points per voter", "edition;3", "edition;3\nmax_sum_points;0", "max_sum_points"),
    ("a length in words", "min_length;1", "min_length;one", "min_length"),
    ("a threshold of 1.5", "edition;3", "edition;3\nmin_project_score_threshold;1.5", None),
    ("lengths upside down", "min_length;1", "min_length;3\nmax_length;2", "max_length"),
    ("a 300-character id", "d;500;Bridge;", f"{'d' * 300};500;Bridge;", "project_id"),
]


@pytest.mark.parametrize(
    ("old", "new", "field"), [c[1:] for c in META_CASES], ids=[c[0] for c in META_CASES]
)
def test_a_bad_setting_is_refused_and_never_silently_changed(
    app, runner, tmp_path, old, new, field
):
    result = _import(runner, tmp_path, _meta_line(pb(), old, new))
    assert result.exit_code == 1, result.output
    assert "line " in result.output and "Traceback" not in result.output
    if field:
        assert f"field {field}" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Poll)) == 0


CUMULATIVE = {
    "vote_type": "cumulative",
    "points_header": ";points",
    "vote_1": "a,b;3,2",
    "points_2": ";1,4",
    "points_3": ";2,2",
    "points_4": ";5",
}


def test_a_cumulative_file_counts_and_an_empty_ballot_is_counted_as_no_support(
    app, runner, tmp_path
):
    text = pb(**{**CUMULATIVE, "points_4": ""}).replace("4;a\n", "4;\n")
    text = _meta_line(text, "edition;3", "edition;3\nmax_sum_points;5")
    poll_id = _poll_id(_import(runner, tmp_path, text))
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        outcome = report.count_poll(poll)
        # points: a 3, b 2 + 1 + 2, c 4 + 2; c and b fit in 100.50, a no longer does
        assert outcome.outcomes["b"].support == 5 and set(outcome.selected) == {"b", "c"}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"points_header": "", "vote_1": "a,b", "points_2": "", "points_3": ""}, "points"),
        ({"points_2": ";-1,4"}, "points"),
        ({"points_2": ";1"}, "points"),
    ],
    ids=["no points column", "negative points", "points missing"],
)
def test_a_cumulative_file_that_could_not_be_counted_is_refused(
    app, runner, tmp_path, changes, words
):
    text = pb(**{**CUMULATIVE, **changes})
    result = _import(runner, tmp_path, text)
    assert result.exit_code == 1 and words in result.output, result.output
    assert "Traceback" not in result.output


# --- Hypothesis: mutated files never end in a traceback -------------------------------------

LINES = pb().splitlines()
NASTY = st.sampled_from(
    [
        "",
        ";",
        ";;;;",
        THIRTY_DIGITS,
        "-1",
        "1e9",
        "0",
        "NaN",
        "1.23456",
        "99999999999.9",
        "x" * 300,
        '"unclosed',
        "\x00",
        "PROJECTS",
        "VOTES",
        "META",
        "a,a,a",
        "é;ü",
    ]
)


@st.composite
def mutated_files(draw) -> bytes:
    """The small file with lines dropped, repeated or cut and fields replaced by nasty ones."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "cut", "field", "append"]))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "cut":
            lines = lines[:index]
        elif action == "field":
            cells = lines[index].split(";")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(NASTY | st.text(max_size=12))
            lines[index] = ";".join(cells)
        else:
            lines.insert(index, draw(NASTY))
        if not lines:
            break
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = data.replace(b"\xc3", b"\xff")  # an encoding other than UTF-8
    return data


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated_files())
def test_no_mutated_file_ends_in_a_traceback_or_a_half_import(app, tmp_path, data):
    path = tmp_path / "fuzz.pb"
    path.write_bytes(data)
    with app.test_request_context("/?lang=en"):
        before = db.session.scalar(select(func.count()).select_from(Poll))
        try:
            imported = open_data.import_pb(str(path))
        except open_data.ImportRefused as refused:
            db.session.rollback()
            assert str(refused) and "Traceback" not in str(refused)
            assert db.session.scalar(select(func.count()).select_from(Poll)) == before
        else:
            db.session.commit()
            report.count_poll(imported.poll)  # what imports can be counted
        finally:
            db.session.remove()
