"""The demo's register of capital investments, shaped like the brochure "Capital investments in
the municipality 2021–2026" that Istog's Communication and Information Strategy 2023–2026 plans
to publish. The strategy names the brochure but lists no investment, so these projects are
illustrative: real places of the municipality, plausible works and amounts, not the
municipality's figures.

`years` count from the year the demo is loaded (0: this year, -5: five years before), so the
register always covers the five years before and the one ahead. `community` is the Albanian
name as in `consult.demo.data.LOCAL_COMMUNITIES` (None: the whole municipality); `directorate` a
code of `consult.demo.data.DIRECTORATES`. `status` is where the project stands; the loader
dates its course (`NOTES`) within its years, never after the load day.
"""

#: what the history says at each step, in every language
NOTES: dict[str, dict[str, str]] = {
    "procurement": {
        "sq": "Tenderi u shpall në platformën e prokurimit publik.",
        "sr_Latn": "Tender je objavljen na platformi javnih nabavki.",
        "bs": "Tender je objavljen na platformi javnih nabavki.",
        "en": "The tender was published on the public procurement platform.",
    },
    "construction": {
        "sq": "Kontrata u nënshkrua dhe punimet filluan.",
        "sr_Latn": "Ugovor je potpisan i radovi su počeli.",
        "bs": "Ugovor je potpisan i radovi su počeli.",
        "en": "The contract was signed and the works began.",
    },
    "completed": {
        "sq": "Punimet përfunduan dhe komisioni i pranimit i pranoi.",
        "sr_Latn": "Radovi su završeni i komisija za prijem ih je primila.",
        "bs": "Radovi su završeni i komisija za prijem ih je preuzela.",
        "en": "The works were finished and the acceptance committee took them over.",
    },
}

INVESTMENTS: list[dict] = [
    {
        "title": {
            "sq": "Ndriçimi publik me LED në qytetin e Istogut",
            "sr_Latn": "Javna LED rasveta u gradu Istoku",
            "bs": "Javna LED rasvjeta u gradu Istoku",
            "en": "LED street lighting in Istog town",
        },
        "description": {
            "sq": "Zëvendësimi i 420 ndriçuesve të vjetër me ndriçues LED në rrugët e qytetit.",
            "sr_Latn": "Zamena 420 starih svetiljki LED svetiljkama na gradskim ulicama.",
            "bs": "Zamjena 420 starih svjetiljki LED svjetiljkama na gradskim ulicama.",
            "en": "Replacing 420 old street lamps with LED lamps in the town's streets.",
        },
        "community": "Istog",
        "directorate": "PUB",
        "years": (-5, -5),
        "budget": 180_000,
        "spent": 172_400,
        "status": "completed",
    },
    {
        "title": {
            "sq": "Rrjeti i kanalizimit në Dubravë",
            "sr_Latn": "Kanalizaciona mreža u Dubravi",
            "bs": "Kanalizacijska mreža u Dubravi",
            "en": "Sewerage network in Dubravë",
        },
        "description": {
            "sq": "4,2 km kanalizim që lidh lagjet e fshatit me impiantin e trajtimit.",
            "sr_Latn": "4,2 km kanalizacije koja povezuje delove sela sa postrojenjem "
            "za prečišćavanje.",
            "bs": "4,2 km kanalizacije koja povezuje dijelove sela s postrojenjem "
            "za prečišćavanje.",
            "en": "4.2 km of sewers linking the village's neighbourhoods to the treatment plant.",
        },
        "community": "Dubravë",
        "directorate": "PUB",
        "years": (-4, -3),
        "budget": 420_000,
        "spent": 409_800,
        "status": "completed",
    },
    {
        "title": {
            "sq": "Asfaltimi i rrugës Gurrakoc–Tuçep",
            "sr_Latn": "Asfaltiranje puta Đurakovac–Tučep",
            "bs": "Asfaltiranje puta Đurakovac–Tučep",
            "en": "Asphalting the Gurrakoc–Tuçep road",
        },
        "description": {
            "sq": "3,1 km rrugë e asfaltuar me kanale anësore dhe trotuar pranë shkollës.",
            "sr_Latn": "3,1 km asfaltiranog puta sa bočnim kanalima i trotoarom kod škole.",
            "bs": "3,1 km asfaltiranog puta s bočnim kanalima i trotoarom kod škole.",
            "en": "3.1 km of asphalted road with side drains and a pavement by the school.",
        },
        "community": "Gurrakoc",
        "directorate": "PUB",
        "years": (-3, -2),
        "budget": 350_000,
        "spent": 344_500,
        "status": "completed",
    },
    {
        "title": {
            "sq": "Ura mbi lumin e Istogut në Banjë",
            "sr_Latn": "Most preko Istočke reke u Banji",
            "bs": "Most preko Istočke rijeke u Banji",
            "en": "Bridge over the Istog river in Banjë",
        },
        "description": {
            "sq": "Urë për këmbësorë dhe automjete që lidh qendrën termale me fshatin.",
            "sr_Latn": "Most za pešake i vozila koji povezuje termalni centar sa selom.",
            "bs": "Most za pješake i vozila koji povezuje termalni centar sa selom.",
            "en": "A bridge for pedestrians and vehicles linking the thermal centre with the "
            "village.",
        },
        "community": "Banjë",
        "directorate": "PUB",
        "years": (-2, -1),
        "budget": 240_000,
        "spent": 18_600,
        "status": "cancelled",
        "reason": {
            "sq": "Leja mjedisore u refuzua për këtë vend; ura do të planifikohet më poshtë "
            "në lumë, në një projekt të ri.",
            "sr_Latn": "Ekološka dozvola za ovo mesto je odbijena; most će biti planiran niže "
            "niz reku, u novom projektu.",
            "bs": "Okolinska dozvola za ovo mjesto je odbijena; most će biti planiran niže "
            "niz rijeku, u novom projektu.",
            "en": "The environmental permit for this site was refused; the bridge will be "
            "planned further down the river, as a new project.",
        },
    },
    {
        "title": {
            "sq": "Palestra sportive në Istog",
            "sr_Latn": "Sportska dvorana u Istoku",
            "bs": "Sportska dvorana u Istoku",
            "en": "Sports hall in Istog",
        },
        "description": {
            "sq": "Palestër me 800 ulëse për shkollat dhe klubet e komunës.",
            "sr_Latn": "Dvorana sa 800 sedišta za škole i klubove opštine.",
            "bs": "Dvorana sa 800 sjedišta za škole i klubove općine.",
            "en": "A hall with 800 seats for the municipality's schools and clubs.",
        },
        "community": "Istog",
        "directorate": "CYS",
        "years": (-2, 0),
        "budget": 1_200_000,
        "spent": 910_000,
        "progress": 80,
        "status": "construction",
    },
    {
        "title": {
            "sq": "Qendra e mjekësisë familjare në Vrellë",
            "sr_Latn": "Centar porodične medicine u Vrelu",
            "bs": "Centar porodične medicine u Vrelu",
            "en": "Family medicine centre in Vrellë",
        },
        "description": {
            "sq": "Ndërtesë e re me dy ambulanca, laborator dhe hyrje pa pengesa.",
            "sr_Latn": "Nova zgrada sa dve ambulante, laboratorijom i ulazom bez prepreka.",
            "bs": "Nova zgrada s dvije ambulante, laboratorijom i ulazom bez prepreka.",
            "en": "A new building with two surgeries, a laboratory and a step-free entrance.",
        },
        "community": "Vrellë",
        "directorate": "HEA",
        "years": (-1, 0),
        "budget": 600_000,
        "spent": 372_000,
        "progress": 65,
        "status": "construction",
    },
    {
        "title": {
            "sq": "Kanalet e ujitjes në Zallq",
            "sr_Latn": "Kanali za navodnjavanje u Žaču",
            "bs": "Kanali za navodnjavanje u Žaču",
            "en": "Irrigation canals in Zallq",
        },
        "description": {
            "sq": "Pastrimi dhe betonimi i 2,5 km kanaleve për tokat bujqësore.",
            "sr_Latn": "Čišćenje i betoniranje 2,5 km kanala za poljoprivredno zemljište.",
            "bs": "Čišćenje i betoniranje 2,5 km kanala za poljoprivredno zemljište.",
            "en": "Clearing and lining 2.5 km of canals for the farmland.",
        },
        "community": "Zallq",
        "directorate": "AGR",
        "years": (0, 0),
        "budget": 150_000,
        "spent": 0,
        "status": "procurement",
    },
    {
        "title": {
            "sq": "Sinjalizimi rrugor në gjithë komunën",
            "sr_Latn": "Saobraćajna signalizacija u celoj opštini",
            "bs": "Saobraćajna signalizacija u cijeloj općini",
            "en": "Road signs across the municipality",
        },
        "description": {
            "sq": "Shenja dhe vija të reja rrugore pranë shkollave dhe në kryqëzime.",
            "sr_Latn": "Novi saobraćajni znaci i oznake kod škola i na raskrsnicama.",
            "bs": "Novi saobraćajni znakovi i oznake kod škola i na raskrsnicama.",
            "en": "New road signs and markings near schools and at junctions.",
        },
        "community": None,
        "directorate": "PUB",
        "years": (0, 1),
        "budget": 90_000,
        "spent": 0,
        "status": "planned",
    },
]
