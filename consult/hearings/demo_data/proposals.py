"""Demo capital proposals and budget changes of the budget hearings.

A proposal is the citizen's own text in one language; every answer is the officer's, in sq,
sr_Latn (ekavian), bs (ijekavian) and en. `{year}` is the budget year, `{next}` the one after.
`days` is when the proposal came, in days after the consultation opened.
"""

#: last year's cycle: every proposal answered
PAST_PROPOSALS: list[dict] = [
    {
        "title": "Asfaltimi i rrugës Kaliqan–Lubozhdë",
        "community": "Kaliqan",
        "cost": 180_000,
        "description": "Rruga prej 2.4 km që lidh Kaliqanin me Lubozhdën është e pashtruar. "
        "Në dimër nxënësit dhe autobusi i shkollës kalojnë me vështirësi.",
        "language": "sq",
        "name": "Blerim Krasniqi",
        "email": "blerim.krasniqi@example.org",
        "days": 12,
        "answer": (
            "partly_accepted",
            {
                "sq": "Faza e parë (1.2 km) përfshihet në programin e rrugëve për vitin {year}; "
                "pjesa tjetër planifikohet për vitin {next}.",
                "sr_Latn": "Prva faza (1,2 km) uvršćena je u program puteva za {year}. godinu; "
                "ostatak se planira za {next}. godinu.",
                "bs": "Prva faza (1,2 km) uvrštena je u program puteva za {year}. godinu; "
                "ostatak se planira za {next}. godinu.",
                "en": "The first phase (1.2 km) is in the {year} roads programme; the rest is "
                "planned for {next}.",
            },
        ),
    },
    {
        "title": "Ndriçimi publik në Zallq",
        "community": "Zallq",
        "cost": 35_000,
        "description": "Rruga kryesore e fshatit nuk ka ndriçim. Kërkojmë 40 shtylla me "
        "llamba LED.",
        "language": "sq",
        "name": "Arta Berisha",
        "email": "arta.berisha@example.org",
        "days": 20,
        "answer": (
            "accepted",
            {
                "sq": "Projekti shtohet në programin e Drejtorisë së Shërbimeve Publike për "
                "vitin {year}.",
                "sr_Latn": "Projekat se dodaje u program Direkcije za javne službe za {year}. "
                "godinu.",
                "bs": "Projekt se dodaje u program Direkcije za javne usluge za {year}. godinu.",
                "en": "The project is added to the Directorate for Public Services' programme "
                "for {year}.",
            },
        ),
    },
    {
        "title": "Kënd lojërash për fëmijë në Banjë",
        "community": "Banjë",
        "cost": 22_000,
        "description": "Propozim nga dëgjimi me gratë: një kënd lojërash i sigurt pranë "
        "shkollës në Banjë, me ndriçim dhe ulëse.",
        "language": "sq",
        "name": "Drita Rexhepi",
        "email": "drita.rexhepi@example.org",
        "days": 30,
        "answer": (
            "accepted",
            {
                "sq": "Propozimi pranohet dhe financohet nga investimet e vogla kapitale të "
                "vitit {year}.",
                "sr_Latn": "Predlog je prihvaćen i finansira se iz malih kapitalnih ulaganja za "
                "{year}. godinu.",
                "bs": "Prijedlog je prihvaćen i finansira se iz malih kapitalnih ulaganja za "
                "{year}. godinu.",
                "en": "The proposal is accepted and funded from the small capital investments "
                "of {year}.",
            },
        ),
    },
    {
        "title": "Rekonstrukcija kanalizacije u Vrelu",
        "community": "Vrellë",
        "cost": 95_000,
        "description": "Kanalizacija u donjem dijelu sela je stara i često se zapušava. "
        "Predlažemo zamjenu cijevi u dužini od oko 800 metara.",
        "language": "bs",
        "name": "Edin Mujić",
        "email": "edin.mujic@example.org",
        "days": 41,
        "answer": (
            "rejected",
            {
                "sq": "Kanalizimi në Vrellë financohet nga projekti i donatorit për ujërat e "
                "zeza në vitin {year}; nuk nevojiten mjete shtesë nga buxheti komunal.",
                "sr_Latn": "Kanalizacija u Vrelu finansira se iz donatorskog projekta za otpadne "
                "vode u {year}. godini; dodatna sredstva iz opštinskog budžeta nisu potrebna.",
                "bs": "Kanalizacija u Vrelu finansira se iz donatorskog projekta za otpadne vode "
                "u {year}. godini; dodatna sredstva iz općinskog budžeta nisu potrebna.",
                "en": "The Vrellë sewer is funded by the donor's waste-water project in {year}; "
                "no extra money from the municipal budget is needed.",
            },
        ),
    },
]

#: this year's open cycle: the newest proposal still waits for its answer
CURRENT_PROPOSALS: list[dict] = [
    {
        "title": "Trotuar përgjatë rrugës për në shkollën në Gurrakoc",
        "community": "Gurrakoc",
        "cost": 48_000,
        "description": "Fëmijët ecin në buzë të rrugës rajonale. Kërkojmë një trotuar prej "
        "600 metrash deri te shkolla.",
        "language": "sq",
        "name": "Lumnije Bytyqi",
        "email": "lumnije.bytyqi@example.org",
        "days": 2,
        "answer": (
            "accepted",
            {
                "sq": "Trotuari përfshihet në projektbuxhetin e vitit {year}.",
                "sr_Latn": "Trotoar je uvršćen u nacrt budžeta za {year}. godinu.",
                "bs": "Trotoar je uvršten u nacrt budžeta za {year}. godinu.",
                "en": "The pavement is included in the {year} draft budget.",
            },
        ),
    },
    {
        "title": "Obnova ambulante u Žakovu",
        "community": "Zhakovë",
        "cost": 40_000,
        "description": "Ambulanta u selu ima stari krov i nema grijanje. Predlažemo obnovu "
        "krova i novo grijanje.",
        "language": "bs",
        "name": "Amela Hadžić",
        "email": "amela.hadzic@example.org",
        "days": 6,
        "answer": (
            "partly_accepted",
            {
                "sq": "Ngrohja e re përfshihet në vitin {year}; kulmi planifikohet për vitin "
                "{next}.",
                "sr_Latn": "Novo grejanje uvršćeno je u {year}. godinu; krov se planira za "
                "{next}. godinu.",
                "bs": "Novo grijanje uvršteno je u {year}. godinu; krov se planira za {next}. "
                "godinu.",
                "en": "New heating is included for {year}; the roof is planned for {next}.",
            },
        ),
    },
    {
        "title": "Rampë për karrocat në shkollën e mesme në Istog",
        "community": "Istog",
        "cost": 8_000,
        "description": "Propozim nga takimi me personat me aftësi të kufizuara: hyrja e "
        "shkollës ka vetëm shkallë.",
        "language": "sq",
        "name": "Fisnik Gashi",
        "email": "fisnik.gashi@example.org",
        "days": 12,
        "answer": None,
    },
]

#: last year's budget changes after the hearings: (directorate code, programme, category,
#: new amount €, index in PAST_PROPOSALS or None, reason)
CHANGES: list[tuple[str, str, str, int, int | None, dict]] = [
    (
        "PUB",
        "Ndriçimi publik",
        "utilities",
        285_000,
        1,
        {
            "sq": "Ndriçimi publik në Zallq, propozim i qytetarëve.",
            "sr_Latn": "Javna rasveta u Žaču, predlog građana.",
            "bs": "Javna rasvjeta u Žaču, prijedlog građana.",
            "en": "Street lighting in Zallq, a citizens' proposal.",
        },
    ),
    (
        "HEA",
        "Kujdesi parësor shëndetësor",
        "goods_services",
        475_000,
        None,
        {
            "sq": "Pajisje për kujdesin shëndetësor të grave, kërkuar në dëgjimin me gratë.",
            "sr_Latn": "Oprema za zdravstvenu zaštitu žena, tražena na javnoj raspravi sa ženama.",
            "bs": "Oprema za zdravstvenu zaštitu žena, tražena na javnoj raspravi sa ženama.",
            "en": "Equipment for women's health care, asked for at the women's hearing.",
        },
    ),
    (
        "AGR",
        "Grantet për fermerët",
        "subsidies",
        340_000,
        None,
        {
            "sq": "Grante shtesë për fermerët e rinj, kërkuar nga këshilli i fshatit Vrellë.",
            "sr_Latn": "Dodatni grantovi za mlade poljoprivrednike, na zahtev saveta sela Vrelo.",
            "bs": "Dodatni grantovi za mlade poljoprivrednike, na zahtjev vijeća sela Vrelo.",
            "en": "More grants for young farmers, asked for by the Vrellë village council.",
        },
    ),
]
