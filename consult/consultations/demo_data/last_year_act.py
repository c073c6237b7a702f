"""Last year's reported draft act of the demo, whose report the chair has received for the
Assembly: the draft regulation on waste collection and public cleanliness, consulted by the
Directorate for Public Services.

Pure data, no imports from the application. Dates are (month, day) in the year before the
demo is loaded; the titles carry no year, so none can contradict them.
"""

LAST_YEAR_CONSULTATION: dict = {
    "kind": "draft_act",
    "directorate": "PUB",
    "title": {
        "sq": "Projektrregullorja për grumbullimin e mbeturinave dhe pastërtinë publike në "
        "Komunën e Istogut",
        "sr_Latn": "Nacrt pravilnika o prikupljanju otpada i javnoj čistoći u Opštini Istok",
        "bs": "Nacrt pravilnika o prikupljanju otpada i javnoj čistoći u Općini Istok",
        "en": "Draft Regulation on Waste Collection and Public Cleanliness in the Municipality "
        "of Istog",
    },
    "summary": {
        "sq": "Drejtoria e Shërbimeve Publike ftoi qytetarët të japin komente për rregullat e "
        "grumbullimit të mbeturinave në qytet dhe në fshatra. Konsultimi është mbyllur, raporti "
        "është publikuar dhe i është dorëzuar Kuvendit të Komunës.",
        "sr_Latn": "Direkcija za javne službe pozvala je građane da daju komentare na pravila o "
        "prikupljanju otpada u gradu i selima. Konsultacija je završena, izveštaj je objavljen i "
        "upućen Skupštini opštine.",
        "bs": "Direkcija za javne usluge pozvala je građane da daju komentare na pravila o "
        "prikupljanju otpada u gradu i selima. Konsultacija je završena, izvještaj je objavljen "
        "i upućen Skupštini općine.",
        "en": "The Directorate for Public Services invited citizens to comment on the rules for "
        "waste collection in town and in the villages. The consultation has closed and its "
        "report has been published and passed to the Municipal Assembly.",
    },
    "body": {
        "sq": "Projektrregullorja përcakton oraret e grumbullimit të mbeturinave, detyrimet e "
        "ekonomive familjare dhe të bizneseve dhe gjobat për hedhjen e mbeturinave në vende "
        "publike.\n\nRaporti me të gjitha komentet dhe arsyetimin për secilin është publikuar.",
        "sr_Latn": "Nacrt pravilnika utvrđuje raspored prikupljanja otpada, obaveze domaćinstava "
        "i preduzeća i kazne za bacanje otpada na javnim mestima.\n\nIzveštaj sa svim "
        "komentarima i obrazloženjem za svaki od njih je objavljen.",
        "bs": "Nacrt pravilnika utvrđuje raspored prikupljanja otpada, obaveze domaćinstava i "
        "preduzeća i kazne za bacanje otpada na javnim mjestima.\n\nIzvještaj sa svim "
        "komentarima i obrazloženjem za svaki od njih je objavljen.",
        "en": "The draft regulation sets the waste collection timetable, the duties of "
        "households and businesses and the fines for dumping waste in public places.\n\nThe "
        "report with every comment and the reasons given for each has been published.",
    },
    "contact": {
        "name": "Arben Berisha",
        "email": "arben.berisha@istog.example",
        "phone": "+383 39 451 140",
    },
    "status": "reported",
    #: (month, day) of last year
    "on": {
        "notice": (9, 1),
        "opens": (9, 15),
        "closes": (10, 15),
        "report": (10, 28),
        "received": (11, 10),
    },
}


def _t(sq: str, sr: str, bs: str, en: str) -> dict:
    return {"sq": sq, "sr_Latn": sr, "bs": bs, "en": en}


LAST_YEAR_ACT: dict = {
    "articles": [
        {
            "number": 1,
            "heading": _t("Qëllimi", "Svrha", "Svrha", "Purpose"),
            "text": _t(
                "Kjo rregullore përcakton mënyrën e grumbullimit të mbeturinave komunale dhe "
                "detyrimet për pastërtinë e hapësirave publike.",
                "Ovim pravilnikom utvrđuje se način prikupljanja komunalnog otpada i obaveze u "
                "pogledu čistoće javnih površina.",
                "Ovim pravilnikom utvrđuje se način prikupljanja komunalnog otpada i obaveze u "
                "pogledu čistoće javnih površina.",
                "This Regulation sets out how municipal waste is collected and the duties for "
                "keeping public spaces clean.",
            ),
        },
        {
            "number": 2,
            "heading": _t(
                "Orari i grumbullimit",
                "Raspored prikupljanja",
                "Raspored prikupljanja",
                "Collection timetable",
            ),
            "text": _t(
                "Mbeturinat grumbullohen dy herë në javë në qytet dhe një herë në javë në "
                "fshatra. Orari publikohet në ueb faqen e komunës dhe në tabelat e shpalljeve.",
                "Otpad se prikuplja dva puta nedeljno u gradu i jednom nedeljno u selima. "
                "Raspored se objavljuje na veb-sajtu opštine i na oglasnim tablama.",
                "Otpad se prikuplja dva puta sedmično u gradu i jednom sedmično u selima. "
                "Raspored se objavljuje na web stranici općine i na oglasnim tablama.",
                "Waste is collected twice a week in town and once a week in the villages. The "
                "timetable is published on the municipal website and on the notice boards.",
            ),
        },
        {
            "number": 3,
            "heading": _t("Gjobat", "Kazne", "Kazne", "Fines"),
            "text": _t(
                "Kush hedh mbeturina në vende publike dënohet me gjobë prej 50 deri në 300 euro.",
                "Ko baci otpad na javnom mestu kažnjava se novčanom kaznom od 50 do 300 evra.",
                "Ko baci otpad na javnom mjestu kažnjava se novčanom kaznom od 50 do 300 eura.",
                "Whoever dumps waste in a public place is fined between EUR 50 and 300.",
            ),
        },
    ],
}

LAST_YEAR_COMMENTS: list[dict] = [
    {
        "article": 2,
        "author_kind": "citizen",
        "author_name": "Shpresa Rexhepi",
        "organisation": None,
        "language": "sq",
        "text": "Në Dubravë mbeturinat grumbullohen shumë rrallë. Kërkojmë dy herë në javë edhe "
        "për fshatrat më të mëdha.",
        "gender": "female",
        "answer": {
            "outcome": "partly_accepted",
            "reason": _t(
                "Në fshatrat me mbi 1 500 banorë grumbullimi do të bëhet dy herë në javë gjatë "
                "verës. Për pjesën tjetër të vitit mbetet një herë në javë.",
                "U selima sa više od 1.500 stanovnika otpad će se leti prikupljati dva puta "
                "nedeljno. Ostatak godine ostaje jednom nedeljno.",
                "U selima s više od 1.500 stanovnika otpad će se ljeti prikupljati dva puta "
                "sedmično. Ostatak godine ostaje jednom sedmično.",
                "In villages of more than 1,500 inhabitants waste will be collected twice a week "
                "in summer. For the rest of the year it stays once a week.",
            ),
        },
    },
    {
        "article": 3,
        "author_kind": "citizen",
        "author_name": "Milan Jovanović",
        "organisation": None,
        "language": "sr_Latn",
        "text": "Kazne su previsoke za penzionere. Predlažem da prvi prekršaj bude samo opomena.",
        "gender": "male",
        "answer": {
            "outcome": "accepted",
            "reason": _t(
                "Në nenin 3 u shtua që për shkeljen e parë jepet vërejtje me shkrim.",
                "U član 3 dodato je da se za prvi prekršaj izriče pisana opomena.",
                "U član 3 dodano je da se za prvi prekršaj izriče pisana opomena.",
                "Article 3 now says that a first offence receives a written warning.",
            ),
        },
    },
    {
        "article": None,
        "author_kind": "citizen",
        "author_name": "Emina Hadžić",
        "organisation": None,
        "language": "bs",
        "text": "Treba uvesti odvojeno prikupljanje plastike i papira u cijeloj općini.",
        "gender": "female",
        "answer": {
            "outcome": "rejected",
            "reason": _t(
                "Ndarja e mbeturinave kërkon kontejnerë dhe kontratë të re me operatorin "
                "rajonal; ajo do të trajtohet në planin komunal për mbeturina, jo në këtë "
                "rregullore.",
                "Odvojeno prikupljanje zahteva kontejnere i novi ugovor sa regionalnim "
                "operaterom; biće uređeno opštinskim planom upravljanja otpadom, a ne ovim "
                "pravilnikom.",
                "Odvojeno prikupljanje zahtijeva kontejnere i novi ugovor s regionalnim "
                "operaterom; bit će uređeno općinskim planom upravljanja otpadom, a ne ovim "
                "pravilnikom.",
                "Separate collection needs containers and a new contract with the regional "
                "operator; it will be dealt with in the municipal waste plan, not in this "
                "regulation.",
            ),
        },
    },
]

#: the public meeting held while the act was open, in a village where collection is rarest
LAST_YEAR_MEETING: dict = {
    "on": (9, 30),
    "announced_on": (9, 18),
    "audience": "general",
    "place": {
        "sq": "Shtëpia e Kulturës në Gurrakoc",
        "sr_Latn": "Dom kulture u Đurakovcu",
        "bs": "Dom kulture u Đurakovcu",
        "en": "House of Culture in Gurrakoc",
    },
    "agenda": _t(
        "1. Prezantimi i projektrregullores.\n2. Orari i grumbullimit në fshatra.\n3. Pyetje "
        "dhe propozime.",
        "1. Predstavljanje nacrta pravilnika.\n2. Raspored prikupljanja u selima.\n3. Pitanja i "
        "predlozi.",
        "1. Predstavljanje nacrta pravilnika.\n2. Raspored prikupljanja u selima.\n3. Pitanja i "
        "prijedlozi.",
        "1. Presentation of the draft regulation.\n2. The collection timetable in the villages."
        "\n3. Questions and proposals.",
    ),
    "minutes": _t(
        "Takimin e hapi Arben Berisha nga Drejtoria e Shërbimeve Publike. Morën pjesë 31 "
        "persona. Banorët kërkuan grumbullim më të shpeshtë gjatë verës dhe më shumë kontejnerë "
        "pranë shkollës. Propozimet u shënuan dhe u shqyrtuan në raportin e konsultimit.",
        "Sastanak je otvorio Arben Beriša iz Direkcije za javne službe. Prisustvovala je 31 "
        "osoba. Meštani su tražili češće prikupljanje leti i više kontejnera kod škole. Predlozi "
        "su zabeleženi i razmotreni u izveštaju o konsultaciji.",
        "Sastanak je otvorio Arben Beriša iz Direkcije za javne usluge. Prisustvovala je 31 "
        "osoba. Mještani su tražili češće prikupljanje ljeti i više kontejnera kod škole. "
        "Prijedlozi su zabilježeni i razmotreni u izvještaju o konsultaciji.",
        "Arben Berisha of the Directorate for Public Services opened the meeting. Thirty-one "
        "people attended. Residents asked for more frequent collection in summer and more "
        "containers near the school. The proposals were recorded and considered in the "
        "consultation report.",
    ),
    "attendance": {"female": 13, "male": 18},
    "local_community": "Gurrakoc",
}

#: the act's versions after the consultation: the revised draft, published with the final
#: report, changes the two articles that comments led to (by the index of the comment in
#: LAST_YEAR_COMMENTS); the Municipal Assembly then adopted it as revised. Dates are (month,
#: day) of last year; the decision's number carries the year.
LAST_YEAR_VERSIONS: dict = {
    "revised_on": (10, 28),
    "articles": [
        {
            "number": 2,
            "comments": [0],
            "heading": _t(
                "Orari i grumbullimit",
                "Raspored prikupljanja",
                "Raspored prikupljanja",
                "Collection timetable",
            ),
            "text": _t(
                "Mbeturinat grumbullohen dy herë në javë në qytet dhe një herë në javë në "
                "fshatra; në fshatrat me mbi 1 500 banorë ato grumbullohen dy herë në javë nga "
                "qershori deri në shtator. Orari publikohet në ueb faqen e komunës dhe në "
                "tabelat e shpalljeve.",
                "Otpad se prikuplja dva puta nedeljno u gradu i jednom nedeljno u selima; u "
                "selima sa više od 1.500 stanovnika prikuplja se dva puta nedeljno od juna do "
                "septembra. Raspored se objavljuje na veb-sajtu opštine i na oglasnim tablama.",
                "Otpad se prikuplja dva puta sedmično u gradu i jednom sedmično u selima; u "
                "selima s više od 1.500 stanovnika prikuplja se dva puta sedmično od juna do "
                "septembra. Raspored se objavljuje na web stranici općine i na oglasnim tablama.",
                "Waste is collected twice a week in town and once a week in the villages; in "
                "villages of more than 1,500 inhabitants it is collected twice a week from June "
                "to September. The timetable is published on the municipal website and on the "
                "notice boards.",
            ),
        },
        {
            "number": 3,
            "comments": [1],
            "heading": _t(
                "Vërejtjet dhe gjobat", "Opomene i kazne", "Opomene i kazne", "Warnings and fines"
            ),
            "text": _t(
                "Kush hedh mbeturina në vende publike, për shkeljen e parë merr vërejtje me "
                "shkrim, ndërsa për çdo shkelje të mëtejme dënohet me gjobë prej 50 deri në 300 "
                "euro.",
                "Ko baci otpad na javnom mestu, za prvi prekršaj dobija pisanu opomenu, a za "
                "svaki sledeći prekršaj kažnjava se novčanom kaznom od 50 do 300 evra.",
                "Ko baci otpad na javnom mjestu, za prvi prekršaj dobija pisanu opomenu, a za "
                "svaki sljedeći prekršaj kažnjava se novčanom kaznom od 50 do 300 eura.",
                "Whoever dumps waste in a public place receives a written warning for a first "
                "offence and is fined between EUR 50 and 300 for any further offence.",
            ),
        },
    ],
    "adopted_on": (11, 27),
    "decision_number": "01 Nr. 016-87/{year}",
}
