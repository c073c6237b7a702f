"""How many real Pabulib elections the platform counts to the projects their city funded.

    .venv/bin/python bench/pabulib_fidelity.py DIR            # every .pb file in DIR
    .venv/bin/python bench/pabulib_fidelity.py DIR --sample 300 --seed 1 --json out.json

Each file is read with the app's reader (`consult.polls.pabulib.read_pb`) and counted with the
app's rules (`consult.polls.rules.count`) by the rule its META names. A file is *supported* when
its ballot type and rule are ones the platform counts by and it says what the city funded (a
`selected` column); it *reproduces* when the count funds exactly the projects with `selected` 1
(projects with 2 or 3 were funded outside the rule and are left out), or differs only where the
count reports a tie it broke. Refused files are listed with the reader's reason (line, field).

A sample is stratified by rule and ballot type (the same share of each), so that a few hundred
files stand for the archive. Prints a table per rule and every file that does not reproduce;
`--json` writes the figures and the lists.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consult.polls import open_data, pabulib, rules  # noqa: E402


@dataclass
class Verdict:
    """What became of one file."""

    file: str
    rule: str
    vote_type: str
    outcome: str  # reproduces, tie, differs, refused, unsupported, no-selected, error
    detail: str = ""
    seconds: float = 0.0


def judge(path: Path) -> Verdict:
    """Read, count and compare one file."""
    started = time.perf_counter()
    try:
        pbfile = pabulib.read_pb(path)
    except pabulib.PBFormatError as error:
        return Verdict(path.name, "?", "?", "refused", str(error))
    rule, vote_type = pbfile.rule or "greedy", pbfile.vote_type
    verdict = Verdict(path.name, rule, vote_type, "unsupported")
    known = rule in rules.RULES or rule in rules.ARCHIVE_ONLY_RULES
    if not known or vote_type not in rules.BALLOT_TYPES:
        return verdict
    if rule in rules.ARCHIVE_ONLY_RULES:
        # counted as an import counts it before an officer chooses (open_data.counting_rule)
        rule = open_data.counting_rule(pbfile)
        verdict.rule = f"{verdict.rule} (as {rule})"
    if any(project.selected_code is None for project in pbfile.projects):
        verdict.outcome = "no-selected"
        return verdict
    try:
        result = rules.count(rules.election_from_pb(pbfile), rule)
    except ValueError as error:
        verdict.outcome, verdict.detail = "error", str(error)
        return verdict
    verdict.seconds = time.perf_counter() - started
    city = {project.project_id for project in pbfile.projects if project.selected_code == 1}
    differing = city ^ set(result.selected)
    if not differing:
        verdict.outcome = "reproduces"
    elif all(result.outcomes[p].details.get("tied") for p in differing):
        verdict.outcome, verdict.detail = "tie", " ".join(result.tie_notes)[:300]
    else:
        verdict.outcome = "differs"
        verdict.detail = (
            f"city only: {sorted(city - set(result.selected))}; "
            f"count only: {sorted(set(result.selected) - city)}"
        )
    return verdict


def stratified(paths: list[Path], size: int, seed: int) -> list[Path]:
    """About ``size`` files, the same share of every (rule, ballot type) group."""
    groups: dict[tuple[str, str], list[Path]] = defaultdict(list)
    for path in paths:
        groups[_labels(path)].append(path)
    share = min(1.0, size / max(len(paths), 1))
    rng = random.Random(seed)
    chosen = []
    for members in groups.values():
        rng.shuffle(members)
        chosen += members[: max(1, round(len(members) * share))]
    return sorted(chosen)


def _labels(path: Path) -> tuple[str, str]:
    rule = vote_type = "?"
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("rule;"):
                rule = line.strip().split(";", 1)[1]
            elif line.startswith("vote_type;"):
                vote_type = line.strip().split(";", 1)[1]
            elif line.strip() == "PROJECTS":
                break
    return rule, vote_type


def report(verdicts: list[Verdict]) -> None:
    """The table per rule, the totals and every file that does not reproduce."""
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for verdict in verdicts:
        by_rule[verdict.rule][verdict.outcome] += 1
    columns = ["reproduces", "tie", "differs", "error", "refused", "no-selected", "unsupported"]
    print(f"{'rule':32}" + "".join(f"{c:>13}" for c in columns))
    for rule, counts in sorted(by_rule.items()):
        print(f"{rule:32}" + "".join(f"{counts[c]:>13}" for c in columns))
    own = [v for v in verdicts if " (as " in v.rule]
    verdicts = [v for v in verdicts if " (as " not in v.rule]
    totals = Counter(v.outcome for v in verdicts)
    supported = sum(totals[c] for c in ("reproduces", "tie", "differs", "error"))
    faithful = totals["reproduces"] + totals["tie"]
    print(
        f"\n{len(verdicts)} files; {supported} supported with a funded set; "
        f"{faithful} reproduce it ({faithful / max(supported, 1):.1%}; "
        f"{totals['tie']} of them only up to a reported tie); "
        f"{totals['refused']} refused by the reader"
    )
    own_totals = Counter(v.outcome for v in own)
    print(
        f"files naming no rule a count can follow (unknown, greedy-custom), counted by the "
        f"import's default: {len(own)}, {own_totals['reproduces'] + own_totals['tie']} of "
        f"{sum(own_totals[c] for c in ('reproduces', 'tie', 'differs', 'error'))} with a "
        "funded set reproduce it"
    )
    for verdict in verdicts:
        if verdict.outcome in ("differs", "error", "refused"):
            print(f"  {verdict.outcome:8} {verdict.file}: {verdict.detail}")
    slowest = sorted(verdicts, key=lambda v: v.seconds, reverse=True)[:3]
    print("slowest counts: " + ", ".join(f"{v.file} {v.seconds:.2f} s" for v in slowest))


def main() -> None:
    """Judge every (or a stratified sample of the) .pb files of a directory."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="a stratified sample of N files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the verdicts here")
    args = parser.parse_args()
    paths = sorted(args.directory.glob("*.pb"))
    if args.sample:
        paths = stratified(paths, args.sample, args.seed)
    started = time.perf_counter()
    verdicts = [judge(path) for path in paths]
    report(verdicts)
    print(f"whole run {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps([asdict(v) for v in verdicts], indent=1))


if __name__ == "__main__":
    main()
