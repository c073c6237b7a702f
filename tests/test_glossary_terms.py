"""The catalogues speak the municipality's words (the municipality's glossary, issue #16): a budget
hearing is a "javna rasprava", never a court's "saslušanje"; one spelling of e-mail per language;
buttons address the reader politely (plural), like the rest of the text; milestone and due date
are two words; and a number meets its noun in the right plural form (Albanian two forms, Serbian
and Bosnian three)."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string

from consult.i18n import lazy_plural
from consult.translate import PLURAL_FORMS, plural_rule_problems

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
EDITED = ("sq", "sr_Latn", "bs")


def _catalog(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def catalogs():
    return {locale: _catalog(locale) for locale in (*EDITED, "en")}


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _singular(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _offending(catalog, pattern: re.Pattern) -> list[str]:
    return [
        f"{_singular(m)!r}: {s!r}"
        for m in catalog
        if m.id
        for s in _strings(m)
        if pattern.search(s)
    ]


@pytest.mark.parametrize("locale", ["sr_Latn", "bs"])
def test_a_hearing_is_a_public_debate_not_a_court_hearing(catalogs, locale):
    assert _offending(catalogs[locale], re.compile(r"saslu[sš]an", re.IGNORECASE)) == []


def test_a_budget_hearing_has_the_glossary_name(catalogs):
    assert catalogs["sr_Latn"]["Budget hearing"].string == "Javna rasprava o budžetu"
    assert catalogs["bs"]["Budget hearing"].string == "Javna rasprava o budžetu"
    assert catalogs["sr_Latn"]["Hearing cycle"].string == "Ciklus javnih rasprava"
    assert catalogs["bs"]["Hearing cycle"].string == "Ciklus javnih rasprava"


# Every way of writing e-mail but the one the locale uses.
OTHER_EMAIL_SPELLINGS = {
    "sq": r"e-mail|e-post|posta elektronike|postë elektronike|imejl",
    "sr_Latn": r"e-?mail|e-?pošt|elektronsk\w* pošt|(?<!i)mejl",
    "bs": r"(?<!-)mail|e-?pošt|elektronsk\w* pošt|imejl|mejl",
}


@pytest.mark.parametrize("locale", EDITED)
def test_one_spelling_of_e_mail(catalogs, locale):
    pattern = re.compile(OTHER_EMAIL_SPELLINGS[locale], re.IGNORECASE)
    assert _offending(catalogs[locale], pattern) == []


def test_the_e_mail_spellings(catalogs):
    assert catalogs["sq"]["E-mail address"].string.lower().count("email") == 1
    assert catalogs["sr_Latn"]["E-mail address"].string == "Imejl adresa"
    assert catalogs["bs"]["E-mail address"].string == "E-mail adresa"


# Singular ("ti") imperatives: the catalogues say "Sačuvajte", "Ruani" to everyone.
SINGULAR_IMPERATIVES = {
    "sr_Latn": (
        "Dodaj Sačuvaj Pošalji Izmeni Uredi Evidentiraj Pomeri Pitaj Proveri Objavi Promeni "
        "Nastavi Otpremi Prihvati Dozvoli Razvrstaj Otkaži Predaj Kopiraj Preuzmi Filtriraj "
        "Uputi Generiši Zabeleži Ukloni Prikaži Započni Počni Izaberi Unesi Obriši Izbriši "
        "Zatvori Otvori Potvrdi Glasaj Pretraži Prijavi Odjavi tvoj tvoja tvoje tvog tebi"
    ),
    "bs": (
        "Dodaj Sačuvaj Pošalji Izmijeni Uredi Evidentiraj Pomjeri Pitaj Provjeri Objavi "
        "Promijeni Nastavi Učitaj Otpremi Prihvati Dozvoli Razvrstaj Otkaži Predaj Kopiraj "
        "Preuzmi Filtriraj Uputi Generiši Zabilježi Ukloni Prikaži Započni Počni Odaberi Unesi "
        "Obriši Izbriši Zatvori Otvori Potvrdi Glasaj Pretraži Prijavi Odjavi tvoj tvoja tvoje "
        "tvog tebi"
    ),
    "sq": (
        "Shto Ndrysho Ruaj Pyet Kthehu Dërgo Dërgoje Regjistro Regjistroje Kontrollo Publiko "
        "Përgjigju Vazhdo Shkarko Zhvendos Zhvendose Fillo Ngarko Prano Lejo Anulo Kopjo Filtro "
        "Gjenero Hiq Shfaq Fshi Konfirmo Voto Zgjidh Hyr Dil Jep"
    ),
}
# Where such a word is not a singular imperative.
NOT_IMPERATIVES = {
    "sq": {
        # "tabela jep": the table gives; "merr", "zgjidh" in the past tense
        "Grey: current year; blue: proposed. The table gives the exact amounts.",
        "A tie between projects was broken by the order of the list.",
        "It was tied with another project; the tie was broken by the list order.",
    },
}


@pytest.mark.parametrize("locale", EDITED)
def test_buttons_address_the_reader_politely(catalogs, locale):
    words = SINGULAR_IMPERATIVES[locale].split()
    # A verb opening a message or a button label inside one ("kliknite Sačuvaj"); lowercase
    # only for the pronouns, since the verbs in lowercase are third persons ("kada se objavi").
    pattern = re.compile(r"(?<![\w%])(" + "|".join(words) + r")(?!\w)")
    skip = NOT_IMPERATIVES.get(locale, set())
    found = [
        line
        for m in catalogs[locale]
        if m.id and _singular(m) not in skip
        for line in _offending([m], pattern)
    ]
    assert found == []


def test_always_ask_is_polite_too(catalogs):
    assert catalogs["sr_Latn"]["Always ask"].string == "Uvek pitajte"
    assert catalogs["bs"]["Always ask"].string == "Uvijek pitajte"
    assert catalogs["sq"]["Always ask"].string == "Pyetni gjithmonë"


def test_no_sa_vijon(catalogs):
    assert _offending(catalogs["sq"], re.compile(r"\bsa vijon")) == []


@pytest.mark.parametrize("locale", EDITED)
def test_milestone_and_due_date_are_two_words(catalogs, locale):
    milestone = catalogs[locale]["Milestone"].string
    due = catalogs[locale]["Due date"].string
    assert milestone and due and milestone != due
    assert milestone.lower() == "faza"
    assert due.lower() == ("afati" if locale == "sq" else "rok")


# Messages where a number meets a noun: each must be a plural entry (ngettext), keyed by its
# singular.
PLURAL_MESSAGES = (
    "%(num)d invitation is queued; the mail worker sends it with its own code.",
    "Follow this link within %(hours)d hour to confirm the registration of your organisation:\n"
    "%(link)s\n\nIf you did not register an organisation, ignore this message: nothing is "
    "registered without it.",
    "Reading the file took longer than %(seconds)s second, so nothing was imported. Split the "
    "file or remove what the import does not need.",
    "%(count)s line imported; proposed total %(amount)s.",
    "%(number)s ballot was counted.",
    "%(number)s person is on the voter list.",
    "%(number)s person on the sign-in sheet has already voted.",
    "%(number)s personal number differs between the two sign-in sheets.",
    "%(number)s point",
    "%(number)s project competes for the budget.",
    "%(number)s vote",
    "Announce at least %(days)s day ahead, with place, time and agenda.",
    "Choose at least %(count)s option.",
    "Choose between %(least)s and %(most)s project you support.",
    "Choose from %(low)s to %(high)s option.",
    "Choose at least %(least)s project you support.",
    "Choose at least %(number)s project.",
    "Choose at most %(count)s option.",
    "Choose at most %(number)s project.",
    "Held: %(people)s person",
    "Keep the answer under %(count)s character.",
    "Line %(line)s of the CSV file is longer than %(count)s character.",
    "Rank up to %(number)s project: 1 for your favourite.",
    "Results are shown once at least %(k)s person has answered.",
    "Share up to %(points)s point among the projects.",
    "The batch is accepted: %(number)s ballot added.",
    "The document has more than %(count)s article.",
    "The draft budget is imported: %(count)s line.",
    "The file has more than %(count)s line.",
    "The file has more than %(count)s row, empty ones included; delete the empty rows below the "
    "budget.",
    "The file holds more than %(count)s part.",
    "The hearing at %(place)s was announced fewer than %(days)s day ahead.",
    "The note is too long: at most %(count)s character.",
    "The officers' published reports wait here for your review. Mark each one received for the "
    "Assembly, or send it back to the officers with a note. Your review is due %(days)s day after "
    "a report is sent to you.",
    "The password may have at most %(count)d character.",
    "The password needs at least %(count)d character.",
    "The preliminary notice came %(actual)s day before the opening; the minimum is %(minimum)s.",
    "The public meeting was announced less than %(days)s day ahead.",
    "The voter list has %(number)s person.",
    "The written consultation lasts %(actual)s day; the minimum is %(days)s.",
    "Written answers are shown only when at least %(k)s person wrote one.",
    "You gave more than %(number)s point.",
    "– means a number is hidden because it concerns fewer than %(k)s voter.",
)

# A number placeholder followed by an English plural noun, in a message that is not a plural
# entry: "Choose at least %(count)s projects."
NUMBER_AND_NOUN = re.compile(
    r"%\((?:count|number|n|num|days|points|least|most|k|people|hours|seconds|sent)\)[sd] "
    r"(?:\w+ )?(?:projects|options|votes|points|ballots|people|persons|lines|rows|days|hours|"
    r"characters|articles|parts|voters|answers|responses|comments|proposals|codes|hearings|"
    r"questions|sections)\b"
)
# Plural in English, but after "fewer than" the noun keeps one form for every number in each
# catalogue ("manje od 1/5 odgovora", "më pak se 1/5 përgjigje").
NUMBER_AND_NOUN_ALLOWED = {
    "Fewer than %(k)s answers: not shown.",
    "– hidden: a group with fewer than %(k)s responses, or a group hidden so that a small one "
    "cannot be worked out from the totals.",
}


def test_numbers_meet_nouns_in_plural_entries(catalogs):
    english = catalogs["en"]
    plural_ids = {m.id[0]: m for m in english if isinstance(m.id, tuple)}
    assert sorted(set(PLURAL_MESSAGES) - set(plural_ids)) == []
    singular_only = [
        m.id
        for m in english
        if isinstance(m.id, str)
        and NUMBER_AND_NOUN.search(m.id)
        and not any(m.id.startswith(allowed[:40]) for allowed in NUMBER_AND_NOUN_ALLOWED)
    ]
    assert singular_only == []


@pytest.mark.parametrize("locale", EDITED)
def test_plural_entries_have_every_form(catalogs, locale):
    forms = PLURAL_FORMS[locale][0]
    catalog = catalogs[locale]
    assert plural_rule_problems(locale, catalog) == []
    short = [
        _singular(m)
        for m in catalog
        if isinstance(m.id, tuple)
        and (not isinstance(m.string, tuple) or len(m.string) != forms or not all(m.string))
    ]
    assert short == []
    for msgid in PLURAL_MESSAGES:
        message = next(m for m in catalog if isinstance(m.id, tuple) and m.id[0] == msgid)
        assert len(message.string) == forms


def test_a_wrong_plural_rule_is_found():
    class Header:
        num_plurals = 3
        plural_expr = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2)"  # 12-14 wrong

    assert plural_rule_problems("sr_Latn", Header())
    assert plural_rule_problems("sq", Header())


INSTRUCTIONS = '{% include "polls/_instructions.html" %}'


def _instructions(app, locale: str, **poll) -> str:
    fields = {"ballot_type": "approval", "max_projects": None, "min_projects": 1} | poll
    with app.test_request_context(f"/?lang={locale}"):
        return render_template_string(INSTRUCTIONS, poll=SimpleNamespace(**fields)).strip()


def test_serbian_has_three_forms_on_the_ballot(app):
    shown = [_instructions(app, "sr_Latn", min_projects=n) for n in (1, 2, 5)]
    assert shown == [
        "Izaberite najmanje 1 projekat koji podržavate.",
        "Izaberite najmanje 2 projekta koje podržavate.",
        "Izaberite najmanje 5 projekata koje podržavate.",
    ]
    assert _instructions(app, "sr_Latn", min_projects=21) == shown[0].replace("1", "21")
    assert _instructions(app, "sr_Latn", min_projects=12) == shown[2].replace("5", "12")


def test_bosnian_and_albanian_forms_on_the_ballot(app):
    assert [_instructions(app, "bs", min_projects=n) for n in (1, 3, 11)] == [
        "Odaberite najmanje 1 projekt koji podržavate.",
        "Odaberite najmanje 3 projekta koje podržavate.",
        "Odaberite najmanje 11 projekata koje podržavate.",
    ]
    assert [_instructions(app, "sq", min_projects=n) for n in (1, 2)] == [
        "Zgjidhni të paktën 1 projekt që mbështetni.",
        "Zgjidhni të paktën 2 projekte që mbështetni.",
    ]
    assert (
        _instructions(app, "sr", min_projects=2) == "Изаберите најмање 2 пројекта које подржавате."
    )


def test_a_lazy_plural_picks_its_form_when_shown(app):
    message = lazy_plural(
        "Choose at least %(number)s project.", "Choose at least %(number)s projects.", 5, number=5
    )
    with app.test_request_context("/?lang=sr_Latn"):
        assert str(message) == "Izaberite najmanje 5 projekata."
    with app.test_request_context("/?lang=bs"):
        assert str(message) == "Odaberite najmanje 5 projekata."
    with app.test_request_context("/?lang=en"):
        assert str(message) == "Choose at least 5 projects."
    one = lazy_plural(
        "Choose at most %(number)s project.",
        "Choose at most %(number)s projects.",
        1,
        number="<b>1</b>",
    )
    with app.test_request_context("/?lang=sq"):
        assert one.__html__() == "Zgjidhni më së shumti &lt;b&gt;1&lt;/b&gt; projekt."


@pytest.mark.parametrize("locale", ["sr_Latn", "bs"])
def test_a_poll_is_a_vote_on_capital_projects_not_a_survey(catalogs, locale):
    """Poll: "glasanje o kapitalnim projektima"; "anketa" would be a survey (upitnik), and the
    word is not explained in brackets ("anketa (glasanje)")."""
    polls = [m for m in catalogs[locale] if m.id and re.search(r"\bpolls?\b", _singular(m))]
    assert len(polls) > 10
    assert _offending(polls, re.compile(r"anket|\(glasanj", re.IGNORECASE)) == []
    assert _offending(catalogs[locale], re.compile(r"\(glasanj", re.IGNORECASE)) == []
    assert catalogs[locale]["Capital-projects poll"].string == "Glasanje o kapitalnim projektima"


def test_albanian_poll_and_survey_words(catalogs):
    for message in catalogs["sq"]:
        if isinstance(message.id, str) and re.search(r"\bpolls?\b", message.id):
            assert "sondazh" in message.string.lower(), message.id
