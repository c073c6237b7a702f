"""The demo consultation of the staff's annual survey on internal communication.

Drawn from the action plans of the strategy 2023–2026. Pure data, no imports from the
application. Every user-facing text carries the four authored languages: sq, sr_Latn
(ekavian), bs (ijekavian) and en. Offsets are in days relative to the day the demo is loaded;
with "within_year" the seed keeps the consultation inside the load day's year. The planned
year is the year it opens (the seed computes it).
"""

CONSULTATION: dict = {
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
}
