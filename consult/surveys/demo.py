"""Demo: the annual staff communication survey of the strategy (objective 3, internal
communication), for 2024 and a copy for 2023 with the same keys, with responses from the 13
directorates so the year-over-year view has data.

Call from the demo seed: ``load_demo(consultation, directorates, today)`` with the 2024 survey
consultation and the directorates by code.
"""

import datetime as dt
import random

from consult.core.models import Consultation, Directorate
from consult.extensions import db
from consult.surveys.models import StaffToken, Survey
from consult.surveys.services import (
    add_question,
    add_section,
    code_hash,
    copy_survey,
    create_survey,
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
        _t("Të dëgjuarit", "Da budemo saslušani", "Da budemo saslušani", "Being heard"),
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
    """Last year's survey consultation: same texts, dates a year earlier, report published."""
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
    for name in ("notice_at", "opens_at", "closes_at"):
        value = getattr(consultation, name)
        setattr(earlier, name, value - dt.timedelta(days=364) if value else None)
    earlier.report_published_at = earlier.closes_at + dt.timedelta(days=14)
    db.session.add(earlier)
    db.session.flush()
    return earlier


def _likert(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def _answers(rng: random.Random, mood: float, year: int) -> dict:
    """One staff member's answers; `mood` is their directorate's climate, 2024 a bit better."""
    lift = 0.35 if year >= 2024 else 0.0
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


def _responses(
    survey: Survey, directorates: dict[str, Directorate], first_day: dt.date, rng: random.Random
) -> None:
    """Codes issued to every directorate, some used, with their responses (days only)."""
    for code, staff in STAFF.items():
        directorate = directorates[code]
        mood = rng.uniform(-0.5, 0.5)
        rate = rng.uniform(0.45, 0.7) + (0.1 if survey.year >= 2024 else 0.0)
        used = min(staff, round(staff * rate))
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
            save_response(survey, _answers(rng, mood, survey.year), day, directorate.id)
    db.session.flush()


def load_demo(
    consultation: Consultation, directorates: dict[str, Directorate], today: dt.date
) -> tuple[Survey, Survey]:
    """The 2024 staff survey on `consultation`, a 2023 copy with the same keys, and responses.

    Returns (survey 2024, survey 2023). Deterministic: the same data on every run.
    """
    rng = random.Random(2024)  # noqa: S311 - demo data, not security
    year = consultation.planned_year or today.year
    earlier = build_survey(_copy_consultation(consultation, year - 1), year - 1)
    current = copy_survey(earlier, consultation, year)
    start = consultation.opens_at or (today - dt.timedelta(days=45))
    _responses(earlier, directorates, start - dt.timedelta(days=364), rng)
    _responses(current, directorates, start, rng)
    return current, earlier
