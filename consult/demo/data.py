"""Demo content for the Municipality of Istog shared by every kind: directorates, places, users.

Pure data, no imports from the application: the seed-demo command turns it into rows.
Every user-facing text carries the four authored languages: sq, sr_Latn (ekavian), bs
(ijekavian) and en. Each kind's consultations live with the kind (`consult/<kind>/demo_data/`).
"""

# The 13 directorates of the municipal administration, in the order of the Communication and
# Information Strategy 2023–2026 (section 2.2).
DIRECTORATES: list[dict] = [
    {
        "code": "ADM",
        "name": {
            "sq": "Drejtoria e Administratës",
            "sr_Latn": "Direkcija za administraciju",
            "bs": "Direkcija za administraciju",
            "en": "Directorate for Administration",
        },
    },
    {
        "code": "ECO",
        "name": {
            "sq": "Drejtoria për Ekonomi dhe Zhvillim",
            "sr_Latn": "Direkcija za ekonomiju i razvoj",
            "bs": "Direkcija za ekonomiju i razvoj",
            "en": "Directorate for Economy and Development",
        },
    },
    {
        "code": "INS",
        "name": {
            "sq": "Drejtoria e Inspekcionit",
            "sr_Latn": "Direkcija za inspekciju",
            "bs": "Direkcija za inspekciju",
            "en": "Directorate for Inspection",
        },
    },
    {
        "code": "HEA",
        "name": {
            "sq": "Drejtoria për Shëndetësi",
            "sr_Latn": "Direkcija za zdravstvo",
            "bs": "Direkcija za zdravstvo",
            "en": "Directorate for Health",
        },
    },
    {
        "code": "SOC",
        "name": {
            "sq": "Drejtoria për Mirëqenie Sociale",
            "sr_Latn": "Direkcija za socijalno staranje",
            "bs": "Direkcija za socijalnu zaštitu",
            "en": "Directorate for Social Welfare",
        },
    },
    {
        "code": "EDU",
        "name": {
            "sq": "Drejtoria e Arsimit",
            "sr_Latn": "Direkcija za obrazovanje",
            "bs": "Direkcija za obrazovanje",
            "en": "Directorate for Education",
        },
    },
    {
        "code": "CYS",
        "name": {
            "sq": "Drejtoria për Kulturë, Rini dhe Sport",
            "sr_Latn": "Direkcija za kulturu, omladinu i sport",
            "bs": "Direkcija za kulturu, mlade i sport",
            "en": "Directorate for Culture, Youth and Sport",
        },
    },
    {
        "code": "PUB",
        "name": {
            "sq": "Drejtoria e Shërbimeve Publike",
            "sr_Latn": "Direkcija za javne službe",
            "bs": "Direkcija za javne usluge",
            "en": "Directorate for Public Services",
        },
    },
    {
        "code": "EMR",
        "name": {
            "sq": "Drejtoria për Emergjenca, Mbrojtje dhe Shpëtim",
            "sr_Latn": "Direkcija za vanredne situacije, zaštitu i spasavanje",
            "bs": "Direkcija za hitne situacije, zaštitu i spašavanje",
            "en": "Directorate for Emergencies, Protection and Rescue",
        },
    },
    {
        "code": "URB",
        "name": {
            "sq": "Drejtoria për Planifikim Urban dhe Mjedis",
            "sr_Latn": "Direkcija za urbanističko planiranje i životnu sredinu",
            "bs": "Direkcija za urbanističko planiranje i okoliš",
            "en": "Directorate for Urban Planning and Environment",
        },
    },
    {
        "code": "CAD",
        "name": {
            "sq": "Drejtoria për Kadastër dhe Gjeodezi",
            "sr_Latn": "Direkcija za katastar i geodeziju",
            "bs": "Direkcija za katastar i geodeziju",
            "en": "Directorate for Cadastre and Geodesy",
        },
    },
    {
        "code": "BFI",
        "name": {
            "sq": "Drejtoria për Buxhet dhe Financa",
            "sr_Latn": "Direkcija za budžet i finansije",
            "bs": "Direkcija za budžet i finansije",
            "en": "Directorate for Budget and Finance",
        },
    },
    {
        "code": "AGR",
        "name": {
            "sq": "Drejtoria për Bujqësi",
            "sr_Latn": "Direkcija za poljoprivredu",
            "bs": "Direkcija za poljoprivredu",
            "en": "Directorate for Agriculture",
        },
    },
]


def _place(sq: str, sr: str, population: int) -> dict:
    """A local community: Serbian and Bosnian share the toponym, English uses the Albanian."""
    return {"name": {"sq": sq, "sr_Latn": sr, "bs": sr, "en": sq}, "population": population}


# Istog town and local communities of the municipality. Demo populations, scaled so that they
# add up to the 2011 census total of 39,289 inhabitants.
LOCAL_COMMUNITIES: list[dict] = [
    _place("Istog", "Istok", 5115),
    _place("Vrellë", "Vrelo", 3126),
    _place("Banjë", "Banja", 2874),
    _place("Gurrakoc", "Đurakovac", 2653),
    _place("Zallq", "Žač", 2208),
    _place("Dobrushë", "Dobruša", 1843),
    _place("Dubravë", "Dubrava", 1757),
    _place("Lubozhdë", "Ljubožda", 1692),
    _place("Studenicë", "Studenica", 1581),
    _place("Kaliqan", "Kaličane", 1368),
    _place("Rakosh", "Rakoš", 1312),
    _place("Mojstir", "Mojstir", 1247),
    _place("Tuçep", "Tučep", 1219),
    _place("Zhakovë", "Žakovo", 1184),
    _place("Koshë", "Koš", 1176),
    _place("Muzhevinë", "Muževine", 1138),
    _place("Prigodë", "Prigoda", 1093),
    _place("Cerrcë", "Crnce", 1027),
    _place("Trubuhoc", "Trbuhovac", 984),
    _place("Kovragë", "Kovrage", 918),
    _place("Synë", "Sinaje", 871),
    _place("Shushicë", "Sušica", 789),
    _place("Lubovë", "Ljubovo", 762),
    _place("Zablaq", "Zablaće", 716),
    _place("Osojan", "Osojane", 636),
]

# One account per role; the loader generates the passwords.
USERS: list[dict] = [
    {
        "email": "valentina.gashi@istog.example",
        "name": "Valentina Gashi",
        "role": "officer",
        "directorate": "ADM",
    },
    {
        "email": "agron.kastrati@istog.example",
        "name": "Agron Kastrati",
        "role": "chair",
        "directorate": None,
    },
    {
        "email": "driton.hoxha@istog.example",
        "name": "Driton Hoxha",
        "role": "admin",
        "directorate": None,
    },
    {
        "email": "elira.morina@istog.example",
        "name": "Elira Morina",
        "role": "officer",
        "directorate": "CYS",
    },
    # the officers of the directorates owning the budget hearings and the capital-projects poll
    {
        "email": "fatmir.shala@istog.example",
        "name": "Fatmir Shala",
        "role": "officer",
        "directorate": "BFI",
    },
    {
        "email": "besarta.hoti@istog.example",
        "name": "Besarta Hoti",
        "role": "officer",
        "directorate": "ECO",
    },
]
