"""Demo content of the budget hearings: one public hearing per audience of the Communication and
Information Strategy 2023–2026, with its minutes and the comments raised from the floor.

Every officer-written text (minutes, answers) carries sq, sr_Latn (ekavian), bs (ijekavian) and
en. `{year}` is the budget year the cycle prepares; `{next}` the year after it.
"""

#: the seven audiences in the order the hearings are held: (audience, local community's
#: Albanian name or None, place, (month, day) in the year before the budget year)
SCHEDULE: list[tuple[str, str | None, str, tuple[int, int]]] = [
    ("general", "Istog", "Salla e Kuvendit të Komunës, Istog", (6, 3)),
    ("village_council", "Vrellë", "Shtëpia e Kulturës, Vrellë", (6, 10)),
    ("business", None, "Salla e Kuvendit të Komunës, Istog", (6, 17)),
    ("professional", None, "Biblioteka e Qytetit, Istog", (6, 24)),
    ("youth", "Istog", "Qendra Rinore, Istog", (7, 1)),
    ("disability", None, "Qendra për Punë Sociale, Istog", (7, 8)),
    ("women", None, "Salla e Kuvendit të Komunës, Istog", (9, 2)),
]

#: what is recorded at each audience's hearing: minutes, attendance {audience: (women, men,
#: other)}, invitations (kind, name, days before), floor comments (line key or None, language,
#: text, outcome, reason {locale: text})
MEETINGS: dict[str, dict] = {
    "general": {
        "minutes": {
            "sq": "Takim publik në qytet: Drejtoria për Buxhet dhe Financa prezantoi të hyrat e "
            "pritshme dhe projektet kapitale për vitin {year}. Qytetarët pyetën për rrugët dhe "
            "ujësjellësin.",
            "sr_Latn": "Javni sastanak u gradu: Direkcija za budžet i finansije predstavila je "
            "očekivane prihode i kapitalne projekte za {year}. godinu. Građani su pitali o "
            "putevima i vodovodu.",
            "bs": "Javni sastanak u gradu: Direkcija za budžet i finansije predstavila je "
            "očekivane prihode i kapitalne projekte za {year}. godinu. Građani su pitali o "
            "putevima i vodovodu.",
            "en": "Public meeting in town: the Directorate for Budget and Finance presented the "
            "expected revenue and the capital projects for {year}. Citizens asked about roads "
            "and the water supply.",
        },
        "attendance": {"general": (24, 41, 0)},
        "invitations": [("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 12)],
        "comments": [
            (
                ("PUB", "Rrugët dhe infrastruktura", "capital"),
                "sq",
                "Rrugët në lagjet e reja të Istogut duhet të asfaltohen.",
                "partly_accepted",
                {
                    "sq": "Dy rrugë në lagjet e reja përfshihen në programin e vitit {year}; "
                    "të tjerat planifikohen për vitin {next}.",
                    "sr_Latn": "Dva puta u novim naseljima uvršćena su u program za {year}. "
                    "godinu; ostali se planiraju za {next}. godinu.",
                    "bs": "Dva puta u novim naseljima uvrštena su u program za {year}. godinu; "
                    "ostali se planiraju za {next}. godinu.",
                    "en": "Two roads in the new neighbourhoods are in the {year} programme; the "
                    "others are planned for {next}.",
                },
            ),
        ],
    },
    "village_council": {
        "minutes": {
            "sq": "Këshilli i fshatit Vrellë diskutoi rrugët, ujitjen dhe grantet për fermerët.",
            "sr_Latn": "Savet sela Vrelo razgovarao je o putevima, navodnjavanju i grantovima "
            "za poljoprivrednike.",
            "bs": "Vijeće sela Vrelo razgovaralo je o putevima, navodnjavanju i grantovima za "
            "poljoprivrednike.",
            "en": "The Vrellë village council discussed roads, irrigation and farmers' grants.",
        },
        "attendance": {"village_council": (9, 27, 0), "general": (4, 6, 0)},
        "invitations": [("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 11)],
        "comments": [
            (
                ("AGR", "Grantet për fermerët", "subsidies"),
                "sq",
                "Grantet për fermerët e rinj duhet të rriten.",
                "accepted",
                {
                    "sq": "Grantet rriten me 20 000 € në projektbuxhetin e vitit {year}.",
                    "sr_Latn": "Grantovi se povećavaju za 20.000 € u nacrtu budžeta za {year}. "
                    "godinu.",
                    "bs": "Grantovi se povećavaju za 20.000 € u nacrtu budžeta za {year}. godinu.",
                    "en": "The grants rise by €20,000 in the {year} draft budget.",
                },
            ),
            (
                ("AGR", "Kanalet e ujitjes", "capital"),
                "sq",
                "Kanali i ujitjes në Vrellë duhet pastruar para verës.",
                "partly_accepted",
                {
                    "sq": "Pastrimi bëhet nga mirëmbajtja e rregullt në vitin {year}.",
                    "sr_Latn": "Čišćenje se obavlja u okviru redovnog održavanja u {year}. godini.",
                    "bs": "Čišćenje se obavlja u okviru redovnog održavanja u {year}. godini.",
                    "en": "The cleaning is done as regular maintenance in {year}.",
                },
            ),
        ],
    },
    "business": {
        "minutes": {
            "sq": "Shoqata e biznesit kërkoi më shumë investime në zonën ekonomike.",
            "sr_Latn": "Udruženje privrednika tražilo je više ulaganja u ekonomsku zonu.",
            "bs": "Udruženje poslodavaca tražilo je više ulaganja u ekonomsku zonu.",
            "en": "The business association asked for more investment in the economic zone.",
        },
        "attendance": {"business": (5, 17, 0)},
        "invitations": [("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 13)],
        "comments": [
            (
                ("ECO", "Zona ekonomike e Istogut", "capital"),
                "sq",
                "Zona ekonomike ka nevojë për rrugë hyrëse dhe ndriçim.",
                "rejected",
                {
                    "sq": "Rruga hyrëse financohet nga Ministria e Ekonomisë në vitin {year}.",
                    "sr_Latn": "Pristupni put finansira Ministarstvo ekonomije u {year}. godini.",
                    "bs": "Pristupni put finansira Ministarstvo ekonomije u {year}. godini.",
                    "en": "The access road is funded by the Ministry of Economy in {year}.",
                },
            ),
        ],
    },
    "professional": {
        "minutes": {
            "sq": "Tryezë profesionale me mësimdhënës, mjekë dhe inxhinierë për prioritetet e "
            "arsimit, shëndetësisë dhe infrastrukturës.",
            "sr_Latn": "Stručni okrugli sto sa nastavnicima, lekarima i inženjerima o "
            "prioritetima obrazovanja, zdravstva i infrastrukture.",
            "bs": "Stručni okrugli sto s nastavnicima, ljekarima i inženjerima o prioritetima "
            "obrazovanja, zdravstva i infrastrukture.",
            "en": "Professional round table with teachers, doctors and engineers on the "
            "priorities of education, health and infrastructure.",
        },
        "attendance": {"professional": (11, 13, 0)},
        "invitations": [("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 10)],
        "comments": [
            (
                ("EDU", "Arsimi fillor dhe i mesëm i ulët", "capital"),
                "sq",
                "Shkollat në fshatra kanë nevojë për ngrohje të re para dimrit.",
                "accepted",
                {
                    "sq": "Ngrohja në dy shkolla fshatare përfshihet në investimet e arsimit "
                    "për vitin {year}.",
                    "sr_Latn": "Grejanje u dve seoske škole uvršćeno je u ulaganja u "
                    "obrazovanje za {year}. godinu.",
                    "bs": "Grijanje u dvije seoske škole uvršteno je u ulaganja u obrazovanje "
                    "za {year}. godinu.",
                    "en": "Heating in two village schools is included in the education "
                    "investments for {year}.",
                },
            ),
        ],
    },
    "youth": {
        "minutes": {
            "sq": "Salloni rinor: të rinjtë diskutuan palestrën sportive dhe hapësirat për rini.",
            "sr_Latn": "Omladinski salon: mladi su razgovarali o sportskoj hali i prostorima "
            "za omladinu.",
            "bs": "Omladinski salon: mladi su razgovarali o sportskoj dvorani i prostorima za "
            "mlade.",
            "en": "Youth salon: young people discussed the sports hall and youth spaces.",
        },
        "attendance": {"youth": (21, 18, 1)},
        "invitations": [("womens_organisation", "Rrjeti i Grave Rinore Istog", 10)],
        "comments": [
            (
                ("CYS", "Palestra sportive në Istog", "capital"),
                "sq",
                "Palestra duhet të ketë orar falas për të rinjtë.",
                "accepted",
                {
                    "sq": "Orari falas për të rinjtë përfshihet në rregulloren e palestrës.",
                    "sr_Latn": "Besplatni termini za mlade uvršćeni su u pravilnik hale.",
                    "bs": "Besplatni termini za mlade uvršteni su u pravilnik dvorane.",
                    "en": "Free hours for young people are written into the hall's rules.",
                },
            ),
            (
                None,
                "sr_Latn",
                "Budžet za mlade treba da bude posebna linija.",
                "partly_accepted",
                {
                    "sq": "Rinia mbetet në programin e kulturës; shuma për rininë rritet.",
                    "sr_Latn": "Omladina ostaje u programu kulture; iznos za omladinu se povećava.",
                    "bs": "Mladi ostaju u programu kulture; iznos za mlade se povećava.",
                    "en": "Youth stays in the culture programme; its amount goes up.",
                },
            ),
        ],
    },
    "disability": {
        "minutes": {
            "sq": "Takimi me personat me aftësi të kufizuara për qasjen në objektet publike.",
            "sr_Latn": "Sastanak sa osobama sa invaliditetom o pristupu javnim objektima.",
            "bs": "Sastanak s osobama s invaliditetom o pristupu javnim objektima.",
            "en": "Meeting with persons with disabilities on access to public buildings.",
        },
        "attendance": {"disability": (7, 9, 0), "general": (3, 2, 0)},
        "invitations": [("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 11)],
        "comments": [
            (
                ("SOC", "Shërbimet sociale", "subsidies"),
                "sq",
                "Shërbimet e kujdesit në shtëpi duhet të zgjerohen.",
                "partly_accepted",
                {
                    "sq": "Subvencionet sociale rriten me 20 000 €.",
                    "sr_Latn": "Socijalne subvencije povećavaju se za 20.000 €.",
                    "bs": "Socijalne subvencije povećavaju se za 20.000 €.",
                    "en": "Social subsidies rise by €20,000.",
                },
            ),
        ],
    },
    "women": {
        "minutes": {
            "sq": "Dëgjimi me gratë: shëndeti i grave, kënde lojërash dhe punësimi.",
            "sr_Latn": "Javna rasprava sa ženama: zdravlje žena, igrališta i zapošljavanje.",
            "bs": "Javna rasprava sa ženama: zdravlje žena, igrališta i zapošljavanje.",
            "en": "Women's hearing: women's health, playgrounds and employment.",
        },
        "attendance": {"women": (38, 0, 0), "general": (6, 3, 0)},
        "invitations": [
            ("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 13),
            ("womens_organisation", "Shoqata e Grave Jeta, Istog", 13),
            ("womens_organisation", "Rrjeti i Grave të Kosovës", 12),
        ],
        "comments": [
            (
                ("HEA", "Kujdesi parësor shëndetësor", "goods_services"),
                "sq",
                "Qendra shëndetësore ka nevojë për pajisje për ekzaminimin e grave.",
                "accepted",
                {
                    "sq": "Shuma për mallra dhe shërbime në shëndetësi rritet me 15 000 €.",
                    "sr_Latn": "Iznos za robu i usluge u zdravstvu povećava se za 15.000 €.",
                    "bs": "Iznos za robu i usluge u zdravstvu povećava se za 15.000 €.",
                    "en": "Health goods and services rise by €15,000.",
                },
            ),
            (
                None,
                "sq",
                "Buxheti duhet të tregojë sa shkon për gratë dhe vajzat.",
                "accepted",
                {
                    "sq": "Raporti i buxhetit do të ketë një pasqyrë sipas gjinisë.",
                    "sr_Latn": "Izveštaj o budžetu imaće pregled po polu.",
                    "bs": "Izvještaj o budžetu imat će pregled po spolu.",
                    "en": "The budget report will include a breakdown by gender.",
                },
            ),
        ],
    },
}
