"""`flask translate`: extract, update, compile and check the UI catalogues.

The Cyrillic Serbian catalogue (`sr`) is not edited by hand: `compile` writes it from the Latin
one (`sr_Latn`) by transliteration. English messages are their own translation.
"""

import tempfile
from gettext import c2py
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask.cli import AppGroup

from consult.i18n import TYPED_LOCALES, to_cyrillic

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"

#: How many forms a plural message has in each language, and which form a number takes
#: (gettext's rule, as in the catalogue headers): Albanian and English say "1 projekt / 2
#: projekte"; Serbian and Bosnian have three forms: 1, 21 projekat; 2-4, 22 projekta; 5-20, 25
#: projekata.
_SLAVIC_PLURAL = (
    "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
)
PLURAL_FORMS = {
    "sq": (2, "(n != 1)"),
    "sr_Latn": (3, _SLAVIC_PLURAL),
    "sr": (3, _SLAVIC_PLURAL),
    "bs": (3, _SLAVIC_PLURAL),
    "tr": (2, "(n != 1)"),
    "en": (2, "(n != 1)"),
}
#: the catalogues edited by hand: the typed content languages and Turkish, an interface
#: language only (consult.i18n.UI_LOCALES)
EDITED_LOCALES = (*TYPED_LOCALES, "tr")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(target: Path = POT) -> None:
    """Collect every marked string of the code and templates into `target`."""
    _pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        "-k",
        "_l",
        "-k",
        "_ln:1,2",
        "--no-location",
        "--sort-output",
        "--project",
        "consult",
        "-o",
        str(target),
        str(ROOT),
    )


def _catalog_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def update() -> None:
    """Bring every edited catalogue in line with the template; English copies its ids."""
    for locale in EDITED_LOCALES:
        if not _catalog_path(locale).exists():
            _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale)
    _pybabel(
        "update",
        "-i",
        str(POT),
        "-d",
        str(TRANSLATIONS),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    _fill_english()
    for locale in EDITED_LOCALES:  # pybabel wraps at 76 columns; the catalogues keep 100
        _write(_catalog_path(locale), _read(_catalog_path(locale), locale))


def _read(path: Path, locale: str):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _write(path: Path, catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)


def _fill_english() -> None:
    catalog = _read(_catalog_path("en"), "en")
    for message in catalog:
        if isinstance(message.id, tuple):  # a plural: singular and plural as given
            if not all(message.string):
                message.string = message.id
        elif message.id and not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    _write(_catalog_path("en"), catalog)


def write_cyrillic() -> None:
    """Write the `sr` catalogue from `sr_Latn` by transliteration."""
    catalog = _read(_catalog_path("sr_Latn"), "sr_Latn")
    catalog.locale = "sr"
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, tuple):
            message.string = tuple(to_cyrillic(s) for s in message.string)
        else:
            message.string = to_cyrillic(message.string)
    _write(_catalog_path("sr"), catalog)


def compile_all() -> None:
    """Write `sr` from `sr_Latn`, then a `.mo` file for every locale."""
    write_cyrillic()
    for locale in (*EDITED_LOCALES, "sr"):
        catalog = _read(_catalog_path(locale), locale)
        with _catalog_path(locale).with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


def problems() -> list[str]:
    """Untranslated, fuzzy or missing messages in any edited catalogue."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "messages.pot"
        extract(fresh)
        wanted = {m.id for m in _read(fresh, "en") if m.id}
    found = []
    for locale in EDITED_LOCALES:
        found.extend(_catalog_problems(locale, wanted))
    return found


def _catalog_problems(locale: str, wanted: set) -> list[str]:
    path = _catalog_path(locale)
    if not path.exists():
        return [f"{locale}: no catalogue"]
    catalog = _read(path, locale)
    have = {m.id for m in catalog if m.id}
    found = [f"{locale}: missing {_short(i)}" for i in sorted(wanted - have, key=str)]
    found.extend(plural_rule_problems(locale, catalog))
    forms = PLURAL_FORMS[locale][0]
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            found.append(f"{locale}: untranslated or fuzzy {_short(message.id)}")
        elif isinstance(message.id, tuple) and len(strings) != forms:
            found.append(
                f"{locale}: {len(strings)} plural forms instead of {forms} {_short(message.id)}"
            )
        elif isinstance(message.id, tuple) != isinstance(message.string, tuple):
            found.append(f"{locale}: singular and plural mixed up {_short(message.id)}")
    return found


def plural_rule_problems(locale: str, catalog) -> list[str]:
    """The catalogue header's Plural-Forms must give every number the form gettext's rule for
    the language gives it (PLURAL_FORMS); the expression may be written differently."""
    forms, expression = PLURAL_FORMS[locale]
    if catalog.num_plurals != forms:
        return [f"{locale}: the header has {catalog.num_plurals} plural forms instead of {forms}"]
    ours = gettext_plural(expression)
    theirs = gettext_plural(catalog.plural_expr)
    wrong = [n for n in range(1001) if ours(n) != theirs(n)]
    if wrong:
        return [f"{locale}: the header's plural rule is wrong for {wrong[:5]}"]
    return []


def gettext_plural(expression: str):
    """The function of a gettext Plural-Forms expression: a number to the index of its form."""
    return c2py(expression)


def _short(message_id) -> str:
    text = message_id[0] if isinstance(message_id, tuple) else message_id
    return repr(text[:70])


translate_group = AppGroup("translate", help="Manage the UI catalogues.")


@translate_group.command("extract")
def extract_command() -> None:
    """Extract marked strings into translations/messages.pot."""
    extract()


@translate_group.command("update")
def update_command() -> None:
    """Extract, then update every catalogue."""
    extract()
    update()


@translate_group.command("compile")
def compile_command() -> None:
    """Generate Cyrillic Serbian and compile every catalogue."""
    compile_all()


@translate_group.command("check")
def check_command() -> None:
    """Fail on any untranslated, fuzzy or missing message."""
    found = problems()
    for line in found:
        click.echo(line)
    if found:
        raise SystemExit(f"{len(found)} translation problems")
    click.echo("All catalogues are complete.")
