"""`flask polls`: import and export `.pb` files, and count a poll from the command line."""

import json

import click
from flask.cli import AppGroup

from consult.extensions import db
from consult.polls import open_data
from consult.polls.models import RULES, Poll
from consult.polls.report import count_poll

polls_group = AppGroup("polls", help="Capital-projects polls: .pb import, export, results.")


def _poll(poll_id: int) -> Poll:
    poll = db.session.get(Poll, poll_id)
    if poll is None:
        raise click.ClickException(f"no poll with id {poll_id}")
    return poll


@polls_group.command("import-pb")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--rule",
    type=click.Choice(RULES),
    default=None,
    help="Count by this rule: needed when the file's rule is 'unknown' or 'greedy-custom' "
    "(otherwise greedy, or greedy-threshold when the file has a threshold).",
)
def import_pb_command(path: str, rule: str | None) -> None:
    """Create a closed poll from a .pb file; the new poll's id is the last line printed."""

    def progress(done: int, total: int) -> None:
        click.echo(f"read {done} of {total} ballots", err=False)

    try:
        report = open_data.import_pb(path, on_progress=progress, rule=rule)
    except open_data.ImportRefused as refused:
        db.session.rollback()
        raise click.ClickException(f"{path}: {refused}") from refused
    db.session.commit()
    for line in _import_lines(report):
        click.echo(line)
    click.echo(report.poll.id)


def _import_lines(report: open_data.ImportReport) -> list[str]:
    """What the import made and set right, one sentence a line."""
    lines = [
        f"imported {_count(report.projects, 'project')} and {_count(report.ballots, 'ballot')}"
    ]
    if report.ballots_with_repeats:
        lines.append(
            f"{_count(report.ballots_with_repeats, 'ballot')} named a project more than once: "
            "each project was counted once on it"
        )
    if report.file_rule is not None:
        lines.append(
            f"the file's rule is {report.file_rule!r}, which names no rule a count can follow: "
            f"counted by {report.poll.rule} (choose another with --rule, or on the poll's "
            "back office)"
        )
    if report.funded_outside_rule:
        lines.append(
            f"{_count(report.funded_outside_rule, 'project')} funded by the city outside its "
            "rule (selected 2 or 3): kept, and shown apart from the count"
        )
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@polls_group.command("results")
@click.argument("poll_id", type=int)
@click.option("--json", "as_json", is_flag=True, help='Print {"rule": ..., "selected": [...]}.')
@click.option("--rule", type=click.Choice(RULES), default=None, help="Count by another rule.")
def results_command(poll_id: int, as_json: bool, rule: str | None) -> None:
    """The projects a poll funds under its rule (project ids as in the imported file)."""
    poll = _poll(poll_id)
    outcome = count_poll(poll, rule)
    if as_json:
        click.echo(json.dumps({"rule": outcome.rule, "selected": outcome.selected}))
        return
    click.echo(f"rule: {outcome.rule}")
    for project in poll.projects:
        result = outcome.outcomes[project.code]
        mark = "funded" if result.selected else result.reason
        click.echo(f"{project.code}\t{project.cost}\t{result.support}\t{mark}")
    for note in outcome.tie_notes:
        click.echo(f"tie: {note}")


@polls_group.command("export-pb")
@click.argument("poll_id", type=int)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None)
def export_pb_command(poll_id: int, output: str | None) -> None:
    """Write a poll as .pb (no identity data, ballots shuffled) to OUTPUT or the screen."""
    text = open_data.export_pb(_poll(poll_id))
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)
