"""The demo draft budget's programme names in every language (consult/hearings/demo.py LINES
names each programme in Albanian, as the finance directorate's file does).

The demo loader calls `apply_programme_names(cycle)` after it has added a cycle's lines.
"""

from consult.extensions import db
from consult.hearings.models import HearingCycle, ProgrammeName

#: {the programme's name in LINES: {locale: its name}}
PROGRAMME_NAMES: dict[str, dict[str, str]] = {
    "Administrata dhe personeli": {
        "sq": "Administrata dhe personeli",
        "sr_Latn": "Administracija i osoblje",
        "bs": "Administracija i osoblje",
        "en": "Administration and personnel",
    },
    "Zhvillimi ekonomik lokal": {
        "sq": "Zhvillimi ekonomik lokal",
        "sr_Latn": "Lokalni ekonomski razvoj",
        "bs": "Lokalni ekonomski razvoj",
        "en": "Local economic development",
    },
    "Zona ekonomike e Istogut": {
        "sq": "Zona ekonomike e Istogut",
        "sr_Latn": "Ekonomska zona Istoka",
        "bs": "Ekonomska zona Istoka",
        "en": "Istog economic zone",
    },
    "Inspektimi": {
        "sq": "Inspektimi",
        "sr_Latn": "Inspekcija",
        "bs": "Inspekcija",
        "en": "Inspection",
    },
    "Kujdesi parësor shëndetësor": {
        "sq": "Kujdesi parësor shëndetësor",
        "sr_Latn": "Primarna zdravstvena zaštita",
        "bs": "Primarna zdravstvena zaštita",
        "en": "Primary health care",
    },
    "Shërbimet sociale": {
        "sq": "Shërbimet sociale",
        "sr_Latn": "Socijalne usluge",
        "bs": "Socijalne usluge",
        "en": "Social services",
    },
    "Arsimi parashkollor": {
        "sq": "Arsimi parashkollor",
        "sr_Latn": "Predškolsko obrazovanje",
        "bs": "Predškolsko obrazovanje",
        "en": "Pre-school education",
    },
    "Arsimi fillor dhe i mesëm i ulët": {
        "sq": "Arsimi fillor dhe i mesëm i ulët",
        "sr_Latn": "Osnovno i niže srednje obrazovanje",
        "bs": "Osnovno i niže srednje obrazovanje",
        "en": "Primary and lower secondary education",
    },
    "Arsimi i mesëm i lartë": {
        "sq": "Arsimi i mesëm i lartë",
        "sr_Latn": "Više srednje obrazovanje",
        "bs": "Više srednje obrazovanje",
        "en": "Upper secondary education",
    },
    "Kultura, rinia dhe sporti": {
        "sq": "Kultura, rinia dhe sporti",
        "sr_Latn": "Kultura, omladina i sport",
        "bs": "Kultura, omladina i sport",
        "en": "Culture, youth and sport",
    },
    "Palestra sportive në Istog": {
        "sq": "Palestra sportive në Istog",
        "sr_Latn": "Sportska dvorana u Istoku",
        "bs": "Sportska dvorana u Istoku",
        "en": "Sports hall in Istog",
    },
    "Rrugët dhe infrastruktura": {
        "sq": "Rrugët dhe infrastruktura",
        "sr_Latn": "Putevi i infrastruktura",
        "bs": "Putevi i infrastruktura",
        "en": "Roads and infrastructure",
    },
    "Ndriçimi publik": {
        "sq": "Ndriçimi publik",
        "sr_Latn": "Javna rasveta",
        "bs": "Javna rasvjeta",
        "en": "Public lighting",
    },
    "Shërbimet e zjarrfikësve dhe shpëtimit": {
        "sq": "Shërbimet e zjarrfikësve dhe shpëtimit",
        "sr_Latn": "Vatrogasna i spasilačka služba",
        "bs": "Vatrogasna i spasilačka služba",
        "en": "Fire and rescue services",
    },
    "Planifikimi urban dhe mjedisi": {
        "sq": "Planifikimi urban dhe mjedisi",
        "sr_Latn": "Urbanističko planiranje i životna sredina",
        "bs": "Urbanističko planiranje i okoliš",
        "en": "Urban planning and environment",
    },
    "Sheshi i qytetit dhe hapësirat publike": {
        "sq": "Sheshi i qytetit dhe hapësirat publike",
        "sr_Latn": "Gradski trg i javni prostori",
        "bs": "Gradski trg i javni prostori",
        "en": "Town square and public spaces",
    },
    "Kadastri dhe gjeodezia": {
        "sq": "Kadastri dhe gjeodezia",
        "sr_Latn": "Katastar i geodezija",
        "bs": "Katastar i geodezija",
        "en": "Cadastre and geodesy",
    },
    "Digjitalizimi i kadastrit": {
        "sq": "Digjitalizimi i kadastrit",
        "sr_Latn": "Digitalizacija katastra",
        "bs": "Digitalizacija katastra",
        "en": "Digitisation of the cadastre",
    },
    "Buxheti dhe financat": {
        "sq": "Buxheti dhe financat",
        "sr_Latn": "Budžet i finansije",
        "bs": "Budžet i finansije",
        "en": "Budget and finance",
    },
    "Bujqësia dhe zhvillimi rural": {
        "sq": "Bujqësia dhe zhvillimi rural",
        "sr_Latn": "Poljoprivreda i ruralni razvoj",
        "bs": "Poljoprivreda i ruralni razvoj",
        "en": "Agriculture and rural development",
    },
    "Grantet për fermerët": {
        "sq": "Grantet për fermerët",
        "sr_Latn": "Grantovi za poljoprivrednike",
        "bs": "Grantovi za poljoprivrednike",
        "en": "Grants for farmers",
    },
    "Kanalet e ujitjes": {
        "sq": "Kanalet e ujitjes",
        "sr_Latn": "Kanali za navodnjavanje",
        "bs": "Kanali za navodnjavanje",
        "en": "Irrigation canals",
    },
}


def apply_programme_names(cycle: HearingCycle) -> int:
    """Give each programme of the cycle's lines its names from PROGRAMME_NAMES (replacing any
    given before); programmes not listed are left as they are. Returns how many were named."""
    existing = {entry.programme: entry for entry in cycle.programme_names}
    named = 0
    for programme in dict.fromkeys(line.programme for line in cycle.lines):
        names = PROGRAMME_NAMES.get(programme)
        if names is None:
            continue
        entry = existing.get(programme)
        if entry is None:
            entry = ProgrammeName(cycle=cycle, programme=programme, names={})
            db.session.add(entry)
        entry.names = dict(names)
        named += 1
    db.session.flush()
    return named
