"""The demo consultation of the draft act open for comments.

Drawn from the action plans of the strategy 2023–2026. Pure data, no imports from the
application. Every user-facing text carries the four authored languages: sq, sr_Latn
(ekavian), bs (ijekavian) and en. Offsets are in days relative to the day the demo is loaded;
with "within_year" the seed keeps the consultation inside the load day's year. The planned
year is the year it opens (the seed computes it).
"""

CONSULTATION: dict = {
    "kind": "draft_act",
    "directorate": "ADM",
    "title": {
        "sq": "Projektrregullorja për transparencë dhe pjesëmarrje publike në Komunën e Istogut",
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
}
