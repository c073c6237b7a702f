"""What changed in a text, word by word, as HTML that says it in words as well as in looks.

Removed words are a `<del>`, added words an `<ins>`; each run carries a visible text cue,
"[removed: …]" and "[added: …]", so the change is not told by colour alone (WCAG 1.4.1) and a
screen reader, which mostly says nothing of `<del>` and `<ins>`, reads it out. Every word people
wrote is escaped; paragraphs (blank lines) stay paragraphs.
"""

import difflib
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

#: a word (letters, digits, joined by an apostrophe or a hyphen) or one other sign, with the
#: white space after it
_TOKEN = re.compile(r"([\w]+(?:['’\-][\w]+)*|[^\w\s])(\s*)", re.UNICODE)
#: a lone sign (a comma, a full stop) left equal between two changes is shown as part of the
#: change: "a, b" → "x, y" reads better as one replacement than as two around a comma
_SIGN = re.compile(r"[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    word: str
    space: str


@dataclass(frozen=True)
class Run:
    """Consecutive words that are equal, removed or added."""

    op: str  # "equal", "delete" or "insert"
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class DiffCount:
    """How many words a change removed and added."""

    removed: int
    added: int


def tokens(text: str) -> list[Token]:
    """The words and signs of `text`, each with the white space after it (leading white space
    is dropped)."""
    return [Token(word, space) for word, space in _TOKEN.findall(text or "")]


def runs(old: str, new: str) -> list[Run]:
    """The runs that turn `old` into `new`, word by word."""
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(
        None, [t.word for t in before], [t.word for t in after], autojunk=False
    )
    opcodes = _merge_lone_signs(matcher.get_opcodes(), [t.word for t in before])
    found: list[Run] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            found.append(Run("equal", tuple(after[j1:j2])))
            continue
        if i2 > i1:
            found.append(Run("delete", tuple(before[i1:i2])))
        if j2 > j1:
            found.append(Run("insert", tuple(after[j1:j2])))
    return found


def _merge_lone_signs(opcodes: list[tuple], words: list[str]) -> list[tuple]:
    """Fold a lone sign left equal between two changes into one change."""
    merged: list[tuple] = []
    for index, code in enumerate(opcodes):
        tag, i1, i2, j1, j2 = code
        between_changes = 0 < index < len(opcodes) - 1
        lone_sign = i2 - i1 == 1 and _SIGN.fullmatch(words[i1]) is not None
        if tag == "equal" and between_changes and lone_sign:
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _tag, a1, _a2, b1, _b2 = merged[-1]
            merged[-1] = ("replace", a1, i2, b1, j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def count(old: str, new: str) -> DiffCount:
    """How many words were removed and added from `old` to `new`."""
    found = runs(old, new)
    removed = sum(len(r.tokens) for r in found if r.op == "delete")
    added = sum(len(r.tokens) for r in found if r.op == "insert")
    return DiffCount(removed, added)


def _words(run_tokens: tuple[Token, ...]) -> tuple[str, str]:
    """The text of a run without its last white space, and that white space."""
    text = "".join(t.word + t.space for t in run_tokens)
    stripped = text.rstrip()
    return stripped, text[len(stripped) :]


def _paragraph_breaks(text: str) -> list[str]:
    return re.split(r"[ \t]*\n[ \t]*\n\s*", text)


def _marked(op: str, text: str) -> Markup:
    if op == "equal":
        return escape(text)
    if op == "delete":
        cue = _("removed")
        return Markup(
            '<del><span class="diff-cue">[{}:</span> {}<span class="diff-cue">]</span></del>'
        ).format(cue, text)
    cue = _("added")
    return Markup(
        '<ins><span class="diff-cue">[{}:</span> {}<span class="diff-cue">]</span></ins>'
    ).format(cue, text)


def diff_html(old: str, new: str) -> Markup:
    """`old` turned into `new` as paragraphs of HTML with `<del>` and `<ins>` runs."""
    paragraphs: list[list[Markup]] = [[]]
    found = runs(old, new)
    for index, run in enumerate(found):
        text, space = _words(run.tokens)
        following = found[index + 1].op if index + 1 < len(found) else None
        if run.op == "delete" and following == "insert" and not space:
            space = " "  # "[removed: x] [added: y]", not run together
        parts = _paragraph_breaks(text)
        for index, part in enumerate(parts):
            if index:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(_marked(run.op, part))
        if space:
            if "\n\n" in space.replace("\r", "") or re.search(r"\n\s*\n", space):
                paragraphs.append([])
            else:
                paragraphs[-1].append(Markup(" "))
    html = [Markup("").join(parts).strip() for parts in paragraphs]
    return Markup("").join(Markup("<p>{}</p>").format(p) for p in html if p)
