"""Demo: the annual staff communication survey of the strategy (objective 3, internal
communication): this year's, open, and last year's with the same keys, closed and reported,
with responses from the 13 directorates so the year-over-year view has data; and an open
citizen survey on the communication channels.

Call from the demo seed: ``load_demo(consultation, directorates, today)`` with this year's
survey consultation and the directorates by code; ``load_citizen_demo(consultation,
communities, today)`` with the citizen survey's consultation.
"""

import datetime as dt
import random

from sqlalchemy import select

from consult.core.kinds import DemoContext
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.extensions import db
from consult.surveys.demo_data.citizen_survey import CHANNELS, CITIZEN_SECTIONS
from consult.surveys.demo_data.citizen_survey import (
    CITIZEN_SURVEY_CONSULTATION as CITIZEN_SURVEY_CONSULTATION,
)
from consult.surveys.demo_data.consultation import CONSULTATION as CONSULTATION
from consult.surveys.models import StaffCount, StaffToken, Survey
from consult.surveys.services import (
    add_demographics,
    add_question,
    add_section,
    code_hash,
    copy_survey,
    create_survey,
    issue_tokens,
    new_code,
    save_response,
)


def _t(sq: str, sr: str, bs: str, en: str) -> dict:
    return {"sq": sq, "sr_Latn": sr, "bs": bs, "en": en}


SECTIONS = [
    (
        _t(
            "Informimi nga menaxhmenti",
            "Informisanje od rukovodstva",
            "Informisanje od rukovodstva",
            "Information from management",
        ),
        [
            dict(
                key="information",
                type_="likert_matrix",
                required=True,
                text=_t(
                    "Sa pajtoheni me këto pohime?",
                    "Koliko se slažete sa ovim tvrdnjama?",
                    "Koliko se slažete s ovim tvrdnjama?",
                    "How far do you agree with these statements?",
                ),
                statements=[
                    (
                        "on_time",
                        _t(
                            "Informatat që më duhen për punë i marr me kohë.",
                            "Informacije koje su mi potrebne za posao dobijam na vreme.",
                            "Informacije koje su mi potrebne za posao dobijam na vrijeme.",
                            "I receive the information I need for my work on time.",
                        ),
                    ),
                    (
                        "clear_instructions",
                        _t(
                            "Udhëzimet nga eprorët janë të qarta.",
                            "Uputstva pretpostavljenih su jasna.",
                            "Upute pretpostavljenih su jasne.",
                            "Instructions from my superiors are clear.",
                        ),
                    ),
                    (
                        "plans_known",
                        _t(
                            "I njoh planet dhe objektivat e komunës për këtë vit.",
                            "Poznajem planove i ciljeve opštine za ovu godinu.",
                            "Poznajem planove i ciljeve općine za ovu godinu.",
                            "I know the municipality's plans and objectives for this year.",
                        ),
                    ),
                ],
            ),
            dict(
                key="main_source",
                type_="single_choice",
                required=True,
                text=_t(
                    "Nga kush i merrni më shumë informatat për punën?",
                    "Od koga dobijate najviše informacija o poslu?",
                    "Od koga dobijate najviše informacija o poslu?",
                    "Where do you get most information about your work?",
                ),
                options=[
                    (
                        "superior",
                        _t(
                            "Nga eprori i drejtpërdrejtë",
                            "Od neposrednog pretpostavljenog",
                            "Od neposrednog pretpostavljenog",
                            "My direct superior",
                        ),
                    ),
                    (
                        "meetings",
                        _t(
                            "Në mbledhje të stafit",
                            "Na sastancima zaposlenih",
                            "Na sastancima uposlenika",
                            "Staff meetings",
                        ),
                    ),
                    (
                        "email",
                        _t(
                            "Me e-mail zyrtar",
                            "Službenim e-mailom",
                            "Službenim e-mailom",
                            "Official e-mail",
                        ),
                    ),
                    (
                        "teams",
                        _t(
                            "Në Microsoft Teams",
                            "Preko Microsoft Teams",
                            "Preko Microsoft Teams",
                            "Microsoft Teams",
                        ),
                    ),
                    (
                        "colleagues",
                        _t(
                            "Nga kolegët, joformalisht",
                            "Od kolega, neformalno",
                            "Od kolega, neformalno",
                            "Colleagues, informally",
                        ),
                    ),
                ],
            ),
        ],
    ),
    (
        _t(
            "Bashkëpunimi ndërmjet drejtorive",
            "Saradnja između direkcija",
            "Saradnja između direkcija",
            "Cooperation across directorates",
        ),
        [
            dict(
                key="cooperation",
                type_="likert",
                required=True,
                text=_t(
                    "Bashkëpunimi me drejtoritë e tjera funksionon mirë.",
                    "Saradnja sa drugim direkcijama dobro funkcioniše.",
                    "Saradnja s drugim direkcijama dobro funkcioniše.",
                    "Cooperation with other directorates works well.",
                ),
            ),
            dict(
                key="obstacles",
                type_="multiple_choice",
                max_value=2,
                text=_t(
                    "Çka e pengon më shumë bashkëpunimin ndërmjet drejtorive? (deri në 2)",
                    "Šta najviše ometa saradnju između direkcija? (najviše 2)",
                    "Šta najviše ometa saradnju između direkcija? (najviše 2)",
                    "What most hinders cooperation between directorates? (up to 2)",
                ),
                options=[
                    (
                        "roles",
                        _t(
                            "Përgjegjësitë e paqarta",
                            "Nejasne nadležnosti",
                            "Nejasne nadležnosti",
                            "Unclear responsibilities",
                        ),
                    ),
                    (
                        "slow_replies",
                        _t(
                            "Përgjigjet e vonuara",
                            "Spori odgovori",
                            "Spori odgovori",
                            "Slow replies",
                        ),
                    ),
                    (
                        "no_shared_info",
                        _t(
                            "Mungesa e informatave të përbashkëta",
                            "Nedostatak zajedničkih informacija",
                            "Nedostatak zajedničkih informacija",
                            "No shared information",
                        ),
                    ),
                    (
                        "few_meetings",
                        _t(
                            "Pak takime të përbashkëta",
                            "Malo zajedničkih sastanaka",
                            "Malo zajedničkih sastanaka",
                            "Too few joint meetings",
                        ),
                    ),
                ],
            ),
        ],
    ),
    (
        _t("Të dëgjuarit", "Da se naš glas čuje", "Da se naš glas čuje", "Being heard"),
        [
            dict(
                key="heard",
                type_="likert",
                required=True,
                text=_t(
                    "Mendimi im dëgjohet nga menaxhmenti.",
                    "Rukovodstvo sluša moje mišljenje.",
                    "Rukovodstvo sluša moje mišljenje.",
                    "Management listens to my opinion.",
                ),
            ),
            dict(
                key="free_to_speak",
                type_="rating",
                text=_t(
                    "Sa lirshëm e shprehni mendimin tuaj në punë? (0–10)",
                    "Koliko slobodno izražavate svoje mišljenje na poslu? (0–10)",
                    "Koliko slobodno izražavate svoje mišljenje na poslu? (0–10)",
                    "How freely do you express your opinion at work? (0–10)",
                ),
            ),
        ],
    ),
    (
        _t("Takimet", "Sastanci", "Sastanci", "Meetings"),
        [
            dict(
                key="staff_meetings_attended",
                type_="number",
                required=True,
                min_value=0,
                max_value=12,
                text=_t(
                    "Në sa takime të përgjithshme të Kryetarit me stafin keni marrë pjesë "
                    "në 12 muajt e fundit?",
                    "Na koliko opštih sastanaka predsednika opštine sa zaposlenima ste "
                    "prisustvovali u poslednjih 12 meseci?",
                    "Na koliko općih sastanaka načelnika općine s uposlenicima ste "
                    "prisustvovali u posljednjih 12 mjeseci?",
                    "How many general meetings of the Mayor with staff did you attend in the "
                    "last 12 months?",
                ),
            ),
            dict(
                key="team_meetings",
                type_="single_choice",
                text=_t(
                    "Sa shpesh mbahen mbledhje në sektorin tuaj?",
                    "Koliko često se održavaju sastanci u vašem sektoru?",
                    "Koliko često se održavaju sastanci u vašem sektoru?",
                    "How often does your sector hold meetings?",
                ),
                options=[
                    ("weekly", _t("Çdo javë", "Svake nedelje", "Svake sedmice", "Every week")),
                    ("monthly", _t("Çdo muaj", "Svakog meseca", "Svakog mjeseca", "Every month")),
                    ("rarely", _t("Rrallë", "Retko", "Rijetko", "Rarely")),
                    ("never", _t("Asnjëherë", "Nikad", "Nikad", "Never")),
                ],
            ),
        ],
    ),
    (
        _t(
            "Takimet e përgjithshme me stafin",
            "Opšti sastanci sa zaposlenima",
            "Opći sastanci s uposlenicima",
            "General staff meetings",
        ),
        [
            dict(
                key="staff_meetings_useful",
                type_="likert",
                required=True,
                show_if={"question": "staff_meetings_attended", "operator": "gte", "values": [1]},
                text=_t(
                    "Takimet e përgjithshme me stafin janë të dobishme.",
                    "Opšti sastanci sa zaposlenima su korisni.",
                    "Opći sastanci s uposlenicima su korisni.",
                    "The general staff meetings are useful.",
                ),
            ),
        ],
    ),
    (
        _t("E-maili dhe Teams", "E-mail i Teams", "E-mail i Teams", "E-mail and Teams"),
        [
            dict(
                key="teams_helps",
                type_="likert",
                required=True,
                text=_t(
                    "Microsoft Teams e lehtëson punën me kolegët.",
                    "Microsoft Teams olakšava rad sa kolegama.",
                    "Microsoft Teams olakšava rad s kolegama.",
                    "Microsoft Teams makes working with colleagues easier.",
                ),
            ),
            dict(
                key="improvements",
                type_="ranking",
                text=_t(
                    "Renditni çka do ta përmirësonte më shumë komunikimin e brendshëm",
                    "Poređajte šta bi najviše poboljšalo internu komunikaciju",
                    "Poredajte šta bi najviše poboljšalo internu komunikaciju",
                    "Rank what would most improve internal communication",
                ),
                options=[
                    (
                        "intranet",
                        _t(
                            "Intraneti i komunës",
                            "Opštinski intranet",
                            "Općinski intranet",
                            "The municipal intranet",
                        ),
                    ),
                    (
                        "training",
                        _t(
                            "Trajnim për Teams dhe e-mail",
                            "Obuka za Teams i e-mail",
                            "Obuka za Teams i e-mail",
                            "Training in Teams and e-mail",
                        ),
                    ),
                    (
                        "meetings",
                        _t(
                            "Mbledhje të rregullta",
                            "Redovni sastanci",
                            "Redovni sastanci",
                            "Regular meetings",
                        ),
                    ),
                    (
                        "newsletter",
                        _t(
                            "Buletin i brendshëm",
                            "Interni bilten",
                            "Interni bilten",
                            "An internal newsletter",
                        ),
                    ),
                ],
            ),
        ],
    ),
    (
        _t("Njohja e punës", "Priznanje za rad", "Priznanje za rad", "Recognition"),
        [
            dict(
                key="recognition",
                type_="likert",
                required=True,
                text=_t(
                    "Puna e mirë vlerësohet në komunë.",
                    "Dobar rad se ceni u opštini.",
                    "Dobar rad se cijeni u općini.",
                    "Good work is recognised in the municipality.",
                ),
            ),
            dict(
                key="suggestion",
                type_="long_text",
                text=_t(
                    "Cili ndryshim do ta përmirësonte më së shumti komunikimin në komunë?",
                    "Koja promena bi najviše poboljšala komunikaciju u opštini?",
                    "Koja promjena bi najviše poboljšala komunikaciju u općini?",
                    "What one change would most improve communication in the municipality?",
                ),
            ),
        ],
    ),
]

#: the interface languages of the demo's citizen responses (weights in `load_citizen_demo`)
DEMO_LANGUAGES = ("sq", "sr_Latn", "sr", "bs", "en")

#: staff per directorate (access codes issued); small ones show suppression at work
STAFF = {
    "ADM": 28,
    "ECO": 14,
    "INS": 9,
    "HEA": 22,
    "SOC": 12,
    "EDU": 30,
    "CYS": 10,
    "PUB": 16,
    "EMR": 7,
    "URB": 15,
    "CAD": 11,
    "BFI": 18,
    "AGR": 6,
}

SUGGESTIONS = [
    "Mbledhje të rregullta mujore me të gjitha drejtoritë.",
    "Vendimet e Kryetarit të na dërgohen me e-mail të njëjtën ditë.",
    "Një intranet ku gjejmë udhëzimet dhe formularët.",
    "Trajnim për Microsoft Teams për stafin më të vjetër.",
    "Redovni sastanci sa direkcijama koje rade na istim projektima.",
    "Të na pyesin para se të ndryshohen procedurat.",
    "Buletin javor me lajmet e komunës.",
    "Bolja razmjena informacija između direkcija.",
    "Falënderim publik për punën e mirë në fund të vitit.",
    "Përgjigje më të shpejta nga drejtoritë e tjera.",
]


def build_survey(consultation: Consultation, year: int) -> Survey:
    """The staff communication questionnaire, in sq, sr_Latn, bs and en."""
    survey = create_survey(consultation, "staff", year)
    for title, questions in SECTIONS:
        section = add_section(survey, title)
        for spec in questions:
            spec = dict(spec)
            add_question(section, spec.pop("key"), spec.pop("type_"), spec.pop("text"), **spec)
    return survey


def _copy_consultation(consultation: Consultation, year: int) -> Consultation:
    """Last year's survey consultation: same texts, dates a year earlier (within that year),
    report published two weeks after closing."""
    earlier = Consultation(
        kind="survey",
        title=dict(consultation.title),
        summary=dict(consultation.summary),
        body=dict(consultation.body),
        directorate_id=consultation.directorate_id,
        contact_name=consultation.contact_name,
        contact_email=consultation.contact_email,
        contact_phone=consultation.contact_phone,
        status="reported",
        planned_year=year,
    )
    # a year (52 weeks) earlier, or earlier still so that it closed within that year
    back = dt.timedelta(days=364)
    if consultation.closes_at is not None:
        back = max(back, consultation.closes_at - dt.date(year, 12, 31))
    for name in ("notice_at", "opens_at", "closes_at"):
        value = getattr(consultation, name)
        setattr(earlier, name, value - back if value else None)
    earlier.report_published_at = earlier.closes_at + dt.timedelta(days=14)
    db.session.add(earlier)
    db.session.flush()
    return earlier


def _likert(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def _answers(rng: random.Random, mood: float, later: bool) -> dict:
    """One staff member's answers; `mood` is their directorate's climate, the later year a
    bit better."""
    lift = 0.35 if later else 0.0
    attended = max(0, min(2, round(rng.gauss(1.2 + lift, 0.8))))
    answers: dict = {
        "information": {
            "on_time": _likert(rng, 3.0 + mood + lift),
            "clear_instructions": _likert(rng, 3.3 + mood + lift / 2),
            "plans_known": _likert(rng, 2.7 + mood + lift),
        },
        "main_source": rng.choices(
            ["superior", "meetings", "email", "teams", "colleagues"],
            [5, 2, 3 + 2 * lift, 1 + 6 * lift, 3],
        )[0],
        "cooperation": _likert(rng, 2.8 + mood + lift / 2),
        "heard": _likert(rng, 2.9 + mood + lift / 2),
        "free_to_speak": max(0, min(10, round(rng.gauss(6.0 + 2 * mood + lift, 2.0)))),
        "staff_meetings_attended": attended,
        "team_meetings": rng.choices(["weekly", "monthly", "rarely", "never"], [3, 4, 3, 1])[0],
        "teams_helps": _likert(rng, 3.0 + 2 * lift),
        "recognition": _likert(rng, 2.6 + mood + lift / 2),
        "obstacles": sorted(
            rng.sample(
                ["roles", "slow_replies", "no_shared_info", "few_meetings"], rng.randint(1, 2)
            )
        ),
        "improvements": rng.sample(["intranet", "training", "meetings", "newsletter"], 4),
    }
    if attended:
        answers["staff_meetings_useful"] = _likert(rng, 3.4 + mood + lift)
    if rng.random() < 0.3:
        answers["suggestion"] = rng.choice(SUGGESTIONS)
    return answers


def _last_year(
    survey: Survey, directorates: dict[str, Directorate], first_day: dt.date, rng: random.Random
) -> None:
    """Last year's codes, issued to every directorate and some used, with the responses
    (days only). The codes were never shown to anyone: only their hashes are stored."""
    for code, staff in STAFF.items():
        directorate = directorates[code]
        mood = rng.uniform(-0.5, 0.5)
        used = min(staff, round(staff * rng.uniform(0.45, 0.7)))
        for index in range(staff):
            db.session.add(
                StaffToken(
                    token_hash=code_hash(new_code()),
                    survey_id=survey.id,
                    directorate_id=directorate.id,
                    used=index < used,
                )
            )
        for _ in range(used):
            day = first_day + dt.timedelta(days=rng.randint(0, 20))
            save_response(survey, _answers(rng, mood, later=False), day, directorate.id)
    db.session.flush()


#: how many unused codes of the open survey the loader returns, to be shown once
SHOWN_CODES = 3


def _this_year(
    survey: Survey, directorates: dict[str, Directorate], today: dt.date, rng: random.Random
) -> list[str]:
    """This year's codes, issued through the token service (only hashes stored); the share
    used grows with the days the survey has been open, their responses dated before today.
    Returns a few unused codes of the Directorate of Administration."""
    opens = survey.consultation.opens_at or today
    closes = survey.consultation.closes_at or today
    days_open = max(0, min((today - opens).days, (closes - opens).days + 1))
    elapsed = min(1.0, days_open / max(1, (closes - opens).days))
    shown: list[str] = []
    for code, staff in STAFF.items():
        directorate = directorates[code]
        mood = rng.uniform(-0.5, 0.5)
        codes = issue_tokens(survey, directorate.id, staff)
        used = min(staff - SHOWN_CODES, round(staff * rng.uniform(0.55, 0.8) * elapsed))
        used = used if days_open > 0 else 0
        for plain in codes[:used]:
            db.session.get(StaffToken, code_hash(plain)).used = True
            day = opens + dt.timedelta(days=rng.randint(0, days_open - 1))
            save_response(survey, _answers(rng, mood, later=True), day, directorate.id)
        if code == "ADM":
            shown = codes[-SHOWN_CODES:]
    db.session.flush()
    return shown


def load_demo(
    consultation: Consultation, directorates: dict[str, Directorate], today: dt.date
) -> list[str]:
    """This year's staff survey on `consultation` (open), last year's with the same keys
    (closed and reported, so the two years compare), and their responses.

    Returns a few unused plaintext access codes of this year's survey, to be shown once; the
    database keeps only their hashes. Deterministic apart from the codes themselves.
    """
    rng = random.Random(2024)  # noqa: S311 - demo data, not security
    year = consultation.planned_year or today.year
    earlier = build_survey(_copy_consultation(consultation, year - 1), year - 1)
    current = copy_survey(earlier, consultation, year)
    for code, staff in STAFF.items():  # the staff counted each year: a few more than had codes
        for counted_year, more in ((year - 1, 2), (year, 3)):
            db.session.add(
                StaffCount(
                    directorate_id=directorates[code].id, year=counted_year, count=staff + more
                )
            )
    _last_year(earlier, directorates, earlier.consultation.opens_at, rng)
    return _this_year(current, directorates, today, rng)


def load_citizen_demo(
    consultation: Consultation, communities: list[LocalCommunity], today: dt.date
) -> Survey:
    """The open citizen survey on `consultation`: public, no access code, one response per
    browser, with the standard questions on gender, age band and local community, and a
    few responses from the days it has been open."""
    survey = create_survey(
        consultation,
        "citizen",
        consultation.planned_year or today.year,
        one_response_per_browser=True,
        ask_gender=True,
        ask_age_band=True,
        ask_local_community=True,
    )
    for title, questions in CITIZEN_SECTIONS:
        section = add_section(survey, title)
        for spec in questions:
            spec = dict(spec)
            add_question(section, spec.pop("key"), spec.pop("type_"), spec.pop("text"), **spec)
    add_demographics(survey, [(c.id, c.name) for c in communities])
    rng = random.Random(2023)  # noqa: S311 - demo data, not security
    spoken = random.Random(2026)  # noqa: S311 - the language of answer, apart from the answers
    opens = consultation.opens_at or today
    channels = [value for value, _label in CHANNELS]
    for _ in range(max(0, (today - opens).days) * 6):
        answers = {
            "channels_used": sorted(rng.sample(channels, rng.randint(1, 3))),
            "channel_preferred": rng.choices(channels, [4, 6, 2, 1, 3, 1, 2])[0],
            "information": {
                "on_time": _likert(rng, 2.9),
                "own_language": _likert(rng, 3.6),
                "how_to_take_part": _likert(rng, 2.6),
            },
        }
        day = opens + dt.timedelta(days=rng.randint(0, (today - opens).days - 1))
        language = spoken.choices(DEMO_LANGUAGES, [80, 6, 3, 8, 3])[0]
        save_response(survey, answers, day, language=language)
    db.session.flush()
    return survey


def load_for_seed(context: DemoContext) -> None:
    """The surveys of the demo (`consult.core.kinds.KindDemo`): the staff survey with a few
    access codes for the guide, and the open citizen survey."""
    guide = context.guide
    staff = context.current["survey"]
    guide.access_codes = load_demo(staff, context.directorates, context.today)
    guide.survey_id = db.session.scalar(select(Survey.id).where(Survey.consultation_id == staff.id))
    citizen = context.add_consultation(CITIZEN_SURVEY_CONSULTATION)
    guide.citizen_survey_id = load_citizen_demo(citizen, context.communities, context.today).id
