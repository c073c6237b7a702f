"""The demo consultation of this year's budget hearings.

Drawn from the action plans of the strategy 2023–2026. Pure data, no imports from the
application. Every user-facing text carries the four authored languages: sq, sr_Latn
(ekavian), bs (ijekavian) and en. Offsets are in days relative to the day the demo is loaded;
with "within_year" the seed keeps the consultation inside the load day's year. The planned
year is the year it opens (the seed computes it).
"""

CONSULTATION: dict = {
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
}
