"""The demo consultation of the open capital-investment poll.

Drawn from the action plans of the strategy 2023–2026. Pure data, no imports from the
application. Every user-facing text carries the four authored languages: sq, sr_Latn
(ekavian), bs (ijekavian) and en. Offsets are in days relative to the day the demo is loaded;
with "within_year" the seed keeps the consultation inside the load day's year. The planned
year is the year it opens (the seed computes it).
"""

CONSULTATION: dict = {
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
}
