"""Demo content for the Municipality of Istog: directorates, places, users and consultations.

Pure data, no imports from the application: the seed-demo command turns it into rows.
Every user-facing text carries the four authored languages: sq, sr_Latn (ekavian), bs
(ijekavian) and en. Offsets are in days relative to the day the demo is loaded; with
"within_year" the seed keeps the consultation inside the load day's year. The planned year is
the year a consultation opens (the seed computes it).
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

# One consultation of each kind, drawn from the action plans of the strategy 2023–2026.
CONSULTATIONS: list[dict] = [
    {
        "kind": "draft_act",
        "directorate": "ADM",
        "title": {
            "sq": "Projektrregullorja për transparencë dhe pjesëmarrje publike në Komunën e "
            "Istogut",
            "sr_Latn": "Nacrt pravilnika o transparentnosti i učešću javnosti u Opštini Istok",
            "bs": "Nacrt pravilnika o transparentnosti i učešću javnosti u Općini Istok",
            "en": "Draft Regulation on Transparency and Public Participation in the "
            "Municipality of Istog",
        },
        "summary": {
            "sq": "Komuna e Istogut fton qytetarët dhe organizatat e shoqërisë civile të japin "
            "komente për projektrregulloren e re për transparencë. Komentet mund të jepen për "
            "secilin nen ose për aktin në tërësi.",
            "sr_Latn": "Opština Istok poziva građane i organizacije civilnog društva da daju "
            "komentare na nacrt novog pravilnika o transparentnosti. Komentari se mogu dati na "
            "svaki član ili na akt u celini.",
            "bs": "Općina Istok poziva građane i organizacije civilnog društva da daju "
            "komentare na nacrt novog pravilnika o transparentnosti. Komentari se mogu dati na "
            "svaki član ili na akt u cjelini.",
            "en": "The Municipality of Istog invites citizens and civil-society organisations "
            "to comment on the new draft regulation on transparency. Comments may be given on "
            "each article or on the act as a whole.",
        },
        "body": {
            "sq": (
                "Projektrregullorja i harmonizon rregullat komunale me Udhëzimin Administrativ "
                "nr. 04/2018 për transparencë në komuna dhe me Udhëzimin Administrativ nr. "
                "06/2018 për standardet minimale të konsultimit publik. Ajo përcakton si "
                "publikohen dokumentet, si njoftohen qytetarët paraprakisht dhe si u jepet "
                "përgjigje komenteve.\n\n"
                "Afati për komente nuk është më i shkurtër se 15 ditë nga dita e publikimit. "
                "Komentet mund t'i dërgoni përmes kësaj platforme, me email ose me shkrim në "
                "Zyrën për Informim Publik.\n\n"
                "Pas mbylljes së konsultimit, Drejtoria e Administratës do të publikojë "
                "raportin me të gjitha komentet dhe arsyetimin për secilin koment të pranuar, "
                "të pranuar pjesërisht ose të refuzuar. Projektakti i përmirësuar do t'i "
                "dërgohet Kuvendit të Komunës për miratim."
            ),
            "sr_Latn": (
                "Nacrt pravilnika usklađuje opštinska pravila sa Administrativnim uputstvom br. "
                "04/2018 o transparentnosti u opštinama i sa Administrativnim uputstvom br. "
                "06/2018 o minimalnim standardima javnih konsultacija. On utvrđuje kako se "
                "objavljuju dokumenti, kako se građani unapred obaveštavaju i kako se odgovara "
                "na komentare.\n\n"
                "Rok za komentare nije kraći od 15 dana od dana objavljivanja. Komentare možete "
                "poslati putem ove platforme, imejlom ili pismeno Kancelariji za javno "
                "informisanje.\n\n"
                "Po završetku konsultacije, Direkcija za administraciju objaviće izveštaj sa "
                "svim komentarima i obrazloženjem za svaki prihvaćeni, delimično prihvaćeni ili "
                "odbijeni komentar. Poboljšani nacrt akta biće upućen Skupštini opštine na "
                "usvajanje."
            ),
            "bs": (
                "Nacrt pravilnika usklađuje općinska pravila s Administrativnim uputstvom br. "
                "04/2018 o transparentnosti u općinama i s Administrativnim uputstvom br. "
                "06/2018 o minimalnim standardima javnih konsultacija. On utvrđuje kako se "
                "objavljuju dokumenti, kako se građani unaprijed obavještavaju i kako se "
                "odgovara na komentare.\n\n"
                "Rok za komentare nije kraći od 15 dana od dana objavljivanja. Komentare možete "
                "poslati putem ove platforme, e-mailom ili pismeno Uredu za javno "
                "informisanje.\n\n"
                "Po završetku konsultacije, Direkcija za administraciju objavit će izvještaj sa "
                "svim komentarima i obrazloženjem za svaki prihvaćeni, djelimično prihvaćeni ili "
                "odbijeni komentar. Poboljšani nacrt akta bit će upućen Skupštini općine na "
                "usvajanje."
            ),
            "en": (
                "The draft regulation aligns the municipal rules with Administrative Instruction "
                "No. 04/2018 on transparency in municipalities and Administrative Instruction "
                "No. 06/2018 on the minimum standards for public consultation. It sets out how "
                "documents are published, how citizens are notified in advance and how comments "
                "are answered.\n\n"
                "The period for comments is no shorter than 15 days from publication. You can "
                "send comments through this platform, by email or in writing to the Public "
                "Information Office.\n\n"
                "When the consultation closes, the Directorate for Administration will publish a "
                "report with all comments and the reason for each accepted, partly accepted or "
                "rejected comment. The improved draft act will then go to the Municipal Assembly "
                "for adoption."
            ),
        },
        "contact": {
            "name": "Valentina Gashi",
            "email": "valentina.gashi@istog.example",
            "phone": "+383 39 451 102",
        },
        "offsets": {"notice": -20, "opens": -5, "closes": 20},
        "within_year": True,
        "status": "open",
    },
    {
        "kind": "budget_hearing",
        "directorate": "BFI",
        "title": {
            "sq": "Dëgjimet buxhetore për buxhetin komunal {year}",
            "sr_Latn": "Javna rasprava o opštinskom budžetu za {year}. godinu",
            "bs": "Javna rasprava o općinskom budžetu za {year}. godinu",
            "en": "Budget hearings on the {year} municipal budget",
        },
        "summary": {
            "sq": "Drejtoria për Buxhet dhe Financa organizon dëgjime buxhetore për buxhetin e "
            "vitit {year}. Qytetarët mund të marrin pjesë në takimet publike ose të dërgojnë "
            "propozime me shkrim.",
            "sr_Latn": "Direkcija za budžet i finansije organizuje javnu raspravu o "
            "budžetu za {year}. godinu. Građani mogu učestvovati na javnim sastancima ili poslati "
            "pisane predloge.",
            "bs": "Direkcija za budžet i finansije organizuje javnu raspravu o budžetu za "
            "{year}. godinu. Građani mogu učestvovati na javnim sastancima ili poslati pisane "
            "prijedloge.",
            "en": "The Directorate for Budget and Finance is holding budget hearings on the {year} "
            "budget. Citizens can attend the public meetings or send written proposals.",
        },
        "body": {
            "sq": (
                "Sipas planit të veprimit për komunikim dhe informim, dëgjimet buxhetore "
                "organizohen për audienca të ndryshme: takim publik në qytet, takime me "
                "këshillat e fshatrave, debat me shoqatën e bizneseve, diskutim me organizatat "
                "rinore, panel me personat me aftësi të kufizuara dhe dëgjesë me përfaqësueset "
                "e grave.\n\n"
                "Në takime prezantohen të hyrat e pritshme, shpenzimet kryesore dhe projektet "
                "kapitale të propozuara nga drejtoritë. Çdo pjesëmarrës mund të bëjë pyetje dhe "
                "të japë propozime, të cilat shënohen në procesverbal.\n\n"
                "Propozimet me shkrim mund të dërgohen përmes kësaj platforme deri në mbylljen "
                "e konsultimit. Raporti me propozimet e pranuara dhe arsyetimin për ato të "
                "refuzuara do të publikohet bashkë me projektbuxhetin që i dërgohet Kuvendit të "
                "Komunës."
            ),
            "sr_Latn": (
                "Prema akcionom planu za komunikaciju i informisanje, javne rasprave o budžetu se "
                "organizuju za različite grupe: javni sastanak u gradu, sastanci sa seoskim "
                "savetima, debata sa udruženjem privrednika, razgovor sa omladinskim "
                "organizacijama, panel sa osobama sa invaliditetom i javna rasprava "
                "sa predstavnicama žena.\n\n"
                "Na sastancima se predstavljaju očekivani prihodi, glavni rashodi i kapitalni "
                "projekti koje su predložile direkcije. Svaki učesnik može da postavi pitanja i "
                "da iznese predloge, koji se unose u zapisnik.\n\n"
                "Pisani predlozi mogu se slati putem ove platforme do završetka konsultacije. "
                "Izveštaj sa prihvaćenim predlozima i obrazloženjem za odbijene biće objavljen "
                "zajedno sa nacrtom budžeta koji se upućuje Skupštini opštine."
            ),
            "bs": (
                "Prema akcionom planu za komunikaciju i informisanje, javne rasprave o budžetu se "
                "organizuju za različite grupe: javni sastanak u gradu, sastanci sa seoskim "
                "vijećima, debata s udruženjem poslodavaca, razgovor s omladinskim "
                "organizacijama, panel s osobama s invaliditetom i javna rasprava s "
                "predstavnicama žena.\n\n"
                "Na sastancima se predstavljaju očekivani prihodi, glavni rashodi i kapitalni "
                "projekti koje su predložile direkcije. Svaki učesnik može postaviti pitanja i "
                "iznijeti prijedloge, koji se unose u zapisnik.\n\n"
                "Pisani prijedlozi mogu se slati putem ove platforme do završetka konsultacije. "
                "Izvještaj s prihvaćenim prijedlozima i obrazloženjem za odbijene bit će "
                "objavljen zajedno s nacrtom budžeta koji se upućuje Skupštini općine."
            ),
            "en": (
                "Under the action plan for communication and information, budget hearings are "
                "held for different audiences: a public meeting in town, meetings with village "
                "councils, a debate with the business association, a discussion with youth "
                "organisations, a panel with persons with disabilities and a hearing with "
                "women's representatives.\n\n"
                "The meetings present the expected revenue, the main spending and the capital "
                "projects proposed by the directorates. Every participant can ask questions and "
                "make proposals, which are recorded in the minutes.\n\n"
                "Written proposals can be sent through this platform until the consultation "
                "closes. A report with the accepted proposals and the reasons for rejecting the "
                "others will be published with the draft budget sent to the Municipal Assembly."
            ),
        },
        "planned_year": 2024,
        "contact": {
            "name": "Fatmir Shala",
            "email": "fatmir.shala@istog.example",
            "phone": "+383 39 451 120",
        },
        "offsets": {"notice": -35, "opens": -20, "closes": 30},
        "status": "open",
    },
    {
        "kind": "capital_poll",
        "directorate": "ECO",
        "title": {
            "sq": "Sondazh për projektet kapitale të buxhetit {year}",
            "sr_Latn": "Glasanje o kapitalnim projektima za budžet {year}. godine",
            "bs": "Glasanje o kapitalnim projektima za budžet {year}. godine",
            "en": "Poll on capital projects for the {year} budget",
        },
        "summary": {
            "sq": "Zgjidhni projektet kapitale që mendoni se duhet të financohen të parat. "
            "Sondazhi zhvillohet në ueb faqen e komunës dhe në Facebook, brenda një buxheti "
            "prej 300 000 eurosh.",
            "sr_Latn": "Izaberite kapitalne projekte koje bi, po vašem mišljenju, trebalo prve "
            "finansirati. Glasanje se sprovodi na veb-sajtu opštine i na Fejsbuku, u okviru "
            "budžeta od 300.000 evra.",
            "bs": "Odaberite kapitalne projekte koje bi, po vašem mišljenju, trebalo prve "
            "finansirati. Glasanje se provodi na web stranici općine i na Facebooku, u okviru "
            "budžeta od 300.000 eura.",
            "en": "Choose the capital projects you think should be funded first. The poll runs "
            "on the municipal website and on Facebook, within a budget of EUR 300,000.",
        },
        "body": {
            "sq": (
                "Drejtoritë komunale kanë propozuar projekte kapitale nga qyteti dhe "
                "fshatrat e Istogut. Për secilin projekt jepen përshkrimi, kostoja e vlerësuar "
                "dhe bashkësia lokale ku do të zbatohet.\n\n"
                "Çdo qytetar mund të votojë një herë. Mund të zgjidhni disa projekte, por "
                "kostoja e tyre e përbashkët nuk mund ta kalojë buxhetin prej 300 000 eurosh.\n\n"
                "Rezultatet e sondazhit nuk janë detyruese, por Kryetari i Komunës dhe Kuvendi "
                "i Komunës do t'i marrin parasysh gjatë hartimit të buxhetit. Rezultatet "
                "publikohen në këtë platformë pas mbylljes së sondazhit."
            ),
            "sr_Latn": (
                "Opštinske direkcije predložile su kapitalne projekte iz grada i sela "
                "Istoka. Za svaki projekat navedeni su opis, procenjena vrednost i mesna "
                "zajednica u kojoj će se sprovesti.\n\n"
                "Svaki građanin može glasati jednom. Možete izabrati više projekata, ali njihova "
                "ukupna vrednost ne može preći budžet od 300.000 evra.\n\n"
                "Rezultati glasanja nisu obavezujući, ali će ih predsednik opštine i Skupština "
                "opštine uzeti u obzir pri izradi budžeta. Rezultati se objavljuju na ovoj "
                "platformi po završetku glasanja."
            ),
            "bs": (
                "Općinske direkcije predložile su kapitalne projekte iz grada i sela "
                "Istoka. Za svaki projekt navedeni su opis, procijenjena vrijednost i mjesna "
                "zajednica u kojoj će se provesti.\n\n"
                "Svaki građanin može glasati jednom. Možete odabrati više projekata, ali njihova "
                "ukupna vrijednost ne može preći budžet od 300.000 eura.\n\n"
                "Rezultati glasanja nisu obavezujući, ali će ih načelnik općine i Skupština "
                "općine uzeti u obzir pri izradi budžeta. Rezultati se objavljuju na ovoj "
                "platformi po završetku glasanja."
            ),
            "en": (
                "The municipal directorates have proposed capital projects from Istog town "
                "and its villages. Each project comes with a description, an estimated cost and "
                "the local community where it would be carried out.\n\n"
                "Every citizen can vote once. You may choose several projects, but their "
                "combined cost cannot exceed the budget of EUR 300,000.\n\n"
                "The results are not binding, but the Mayor and the Municipal Assembly will take "
                "them into account when drafting the budget. The results are published on this "
                "platform after the poll closes."
            ),
        },
        "planned_year": 2024,
        "contact": {
            "name": "Besarta Hoti",
            "email": "besarta.hoti@istog.example",
            "phone": "+383 39 451 131",
        },
        "offsets": {"notice": -12, "opens": -2, "closes": 21},
        "status": "open",
    },
    {
        "kind": "survey",
        "directorate": "ADM",
        "title": {
            "sq": "Anketa vjetore e stafit për efikasitetin e komunikimit të brendshëm",
            "sr_Latn": "Godišnji upitnik za zaposlene o efikasnosti interne komunikacije",
            "bs": "Godišnji upitnik za uposlenike o efikasnosti interne komunikacije",
            "en": "Annual staff survey on the efficiency of internal communication",
        },
        "summary": {
            "sq": "Anketë anonime për të punësuarit në administratën komunale se si qarkullojnë "
            "informatat brenda komunës. Secili i punësuar ka marrë një kod qasjeje personal.",
            "sr_Latn": "Anonimni upitnik za zaposlene u opštinskoj upravi o tome kako "
            "informacije kruže unutar opštine. Svaki zaposleni dobio je lični pristupni kod.",
            "bs": "Anonimni upitnik za uposlenike općinske uprave o tome kako informacije kruže "
            "unutar općine. Svaki uposlenik dobio je lični pristupni kod.",
            "en": "An anonymous survey for municipal staff on how information flows within the "
            "municipality. Each staff member received a personal access code.",
        },
        "body": {
            "sq": (
                "Strategjia për Komunikim dhe Informim 2023–2026 parasheh një anketë vjetore të "
                "personelit për efikasitetin e komunikimit. Anketa mat sa mirë arrijnë "
                "informatat nga menaxhmenti te stafi, sa lehtë shkëmbehen ato mes drejtorive "
                "dhe sa dëgjohet zëri i secilit të punësuar.\n\n"
                "Anketa është anonime: kodi i qasjes shërben vetëm që secili i punësuar të "
                "përgjigjet një herë dhe nuk lidhet me përgjigjet.\n\n"
                "Rezultatet e përmbledhura do të diskutohen në takimin e përgjithshëm të "
                "Kryetarit të Komunës me stafin dhe do të përdoren në vlerësimin e planit "
                "vjetor të komunikimit."
            ),
            "sr_Latn": (
                "Strategija komunikacije i informisanja 2023–2026 predviđa godišnji upitnik za "
                "zaposlene o efikasnosti komunikacije. Upitnik meri koliko dobro informacije "
                "stižu od rukovodstva do zaposlenih, koliko se lako razmenjuju između direkcija "
                "i koliko se čuje glas svakog zaposlenog.\n\n"
                "Upitnik je anoniman: pristupni kod služi samo tome da svaki zaposleni odgovori "
                "jednom i nije povezan sa odgovorima.\n\n"
                "Zbirni rezultati biće razmotreni na opštem sastanku predsednika opštine sa "
                "zaposlenima i koristiće se u oceni godišnjeg plana komunikacije."
            ),
            "bs": (
                "Strategija komunikacije i informisanja 2023–2026 predviđa godišnji upitnik za "
                "uposlenike o efikasnosti komunikacije. Upitnik mjeri koliko dobro informacije "
                "stižu od rukovodstva do uposlenika, koliko se lahko razmjenjuju između "
                "direkcija i koliko se čuje glas svakog uposlenika.\n\n"
                "Upitnik je anoniman: pristupni kod služi samo tome da svaki uposlenik odgovori "
                "jednom i nije povezan s odgovorima.\n\n"
                "Zbirni rezultati bit će razmotreni na općem sastanku načelnika općine s "
                "uposlenicima i koristit će se u ocjeni godišnjeg plana komunikacije."
            ),
            "en": (
                "The Communication and Information Strategy 2023–2026 provides for an annual "
                "staff survey on the efficiency of communication. The survey measures how well "
                "information reaches staff from management, how easily it is shared between "
                "directorates and how far every staff member's voice is heard.\n\n"
                "The survey is anonymous: the access code only ensures that each staff member "
                "answers once and is not linked to the answers.\n\n"
                "The aggregated results will be discussed at the Mayor's general meeting with "
                "staff and used in the evaluation of the annual communication plan."
            ),
        },
        "contact": {
            "name": "Valentina Gashi",
            "email": "valentina.gashi@istog.example",
            "phone": "+383 39 451 102",
        },
        "offsets": {"notice": -20, "opens": -6, "closes": 24},
        "within_year": True,
        "status": "open",
    },
]
