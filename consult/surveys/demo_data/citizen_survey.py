"""The demo's open citizen survey: how citizens get information from the municipality and how
they would like to get it, from the channels of the Communication and Information Strategy
2023–2026 (section 6). Public, no access code; one response per browser.

Pure data, no imports from the application; offsets are in days from the day the demo is
loaded, kept inside that year (see consult.demo.seed.consultation_dates).
"""


def _t(sq: str, sr: str, bs: str, en: str) -> dict:
    return {"sq": sq, "sr_Latn": sr, "bs": bs, "en": en}


CITIZEN_SURVEY_CONSULTATION: dict = {
    "kind": "survey",
    "directorate": "ADM",
    "title": _t(
        "Pyetësor për qytetarët: si informoheni për punën e komunës?",
        "Upitnik za građane: kako se informišete o radu opštine?",
        "Upitnik za građane: kako se informišete o radu općine?",
        "Citizen survey: how do you hear about the municipality's work?",
    ),
    "summary": _t(
        "Zyra për Informim Publik dëshiron të dijë cilat kanale të komunikimit i përdorni dhe "
        "cilat ju duken më të dobishme. Pyetësori është anonim dhe zgjat rreth pesë minuta.",
        "Kancelarija za javno informisanje želi da zna koje kanale komunikacije koristite i "
        "koji su vam najkorisniji. Upitnik je anoniman i traje oko pet minuta.",
        "Ured za javno informisanje želi znati koje kanale komunikacije koristite i koji su "
        "vam najkorisniji. Upitnik je anoniman i traje oko pet minuta.",
        "The Public Information Office would like to know which communication channels you use "
        "and which you find most useful. The survey is anonymous and takes about five minutes.",
    ),
    "body": _t(
        "Strategjia për Komunikim dhe Informim 2023–2026 parasheh që komuna t'i përshtatë "
        "kanalet e komunikimit sipas preferencave të qytetarëve: ueb faqja, Facebook, mediat "
        "lokale, tabelat e shpalljeve dhe takimet me qytetarë.\n\nPërgjigjet janë anonime. "
        "Rezultatet e përmbledhura publikohen në këtë platformë pas mbylljes së pyetësorit.",
        "Strategija komunikacije i informisanja 2023–2026 predviđa da opština prilagodi kanale "
        "komunikacije željama građana: veb-sajt, Fejsbuk, lokalni mediji, oglasne table i "
        "sastanci sa građanima.\n\nOdgovori su anonimni. Zbirni rezultati objavljuju se na "
        "ovoj platformi po završetku upitnika.",
        "Strategija komunikacije i informisanja 2023–2026 predviđa da općina prilagodi kanale "
        "komunikacije željama građana: web stranica, Facebook, lokalni mediji, oglasne table i "
        "sastanci s građanima.\n\nOdgovori su anonimni. Zbirni rezultati objavljuju se na ovoj "
        "platformi po završetku upitnika.",
        "The Communication and Information Strategy 2023–2026 provides that the municipality "
        "adapts its communication channels to citizens' preferences: the website, Facebook, "
        "local media, notice boards and meetings with citizens.\n\nAnswers are anonymous. The "
        "aggregated results are published on this platform after the survey closes.",
    ),
    "contact": {
        "name": "Valentina Gashi",
        "email": "valentina.gashi@istog.example",
        "phone": "+383 39 451 102",
    },
    "offsets": {"notice": -12, "opens": -3, "closes": 27},
    "within_year": True,
    "status": "open",
}

CHANNELS = [
    (
        "website",
        _t(
            "Ueb faqja e komunës",
            "Veb-sajt opštine",
            "Web stranica općine",
            "The municipal website",
        ),
    ),
    (
        "facebook",
        _t(
            "Faqja e komunës në Facebook",
            "Fejsbuk stranica opštine",
            "Facebook stranica općine",
            "The municipality's Facebook page",
        ),
    ),
    (
        "local_tv",
        _t("Televizionet lokale", "Lokalne televizije", "Lokalne televizije", "Local television"),
    ),
    ("radio", _t("Radiot lokale", "Lokalni radio", "Lokalni radio", "Local radio")),
    ("portals", _t("Portalet online", "Onlajn portali", "Online portali", "Online news portals")),
    ("boards", _t("Tabelat e shpalljeve", "Oglasne table", "Oglasne table", "Notice boards")),
    (
        "meetings",
        _t(
            "Takimet me qytetarë",
            "Sastanci sa građanima",
            "Sastanci s građanima",
            "Meetings with citizens",
        ),
    ),
]

#: (section title, questions); each question as for consult.surveys.services.add_question
CITIZEN_SECTIONS = [
    (
        _t(
            "Kanalet e informimit",
            "Kanali informisanja",
            "Kanali informisanja",
            "Information channels",
        ),
        [
            dict(
                key="channels_used",
                type_="multiple_choice",
                required=True,
                text=_t(
                    "Ku informoheni për vendimet dhe aktivitetet e komunës?",
                    "Gde se informišete o odlukama i aktivnostima opštine?",
                    "Gdje se informišete o odlukama i aktivnostima općine?",
                    "Where do you hear about the municipality's decisions and activities?",
                ),
                options=CHANNELS,
            ),
            dict(
                key="channel_preferred",
                type_="single_choice",
                required=True,
                text=_t(
                    "Cili kanal ju duket më i dobishmi?",
                    "Koji vam je kanal najkorisniji?",
                    "Koji vam je kanal najkorisniji?",
                    "Which channel do you find most useful?",
                ),
                options=CHANNELS,
            ),
            dict(
                key="information",
                type_="likert_matrix",
                required=True,
                text=_t(
                    "Sa pajtoheni me këto pohime?",
                    "Koliko se slažete sa ovim tvrdnjama?",
                    "Koliko se slažete s ovim tvrdnjama?",
                    "How far do you agree with these statements?",
                ),
                statements=[
                    (
                        "on_time",
                        _t(
                            "Informohem me kohë për takimet dhe konsultimet publike.",
                            "Na vreme saznajem za javne sastanke i konsultacije.",
                            "Na vrijeme saznajem za javne sastanke i konsultacije.",
                            "I hear about public meetings and consultations in good time.",
                        ),
                    ),
                    (
                        "own_language",
                        _t(
                            "Informatat e komunës janë në dispozicion në gjuhën time.",
                            "Informacije opštine dostupne su na mom jeziku.",
                            "Informacije općine dostupne su na mom jeziku.",
                            "The municipality's information is available in my language.",
                        ),
                    ),
                    (
                        "how_to_take_part",
                        _t(
                            "E di si të jap komente për një projektakt komunal.",
                            "Znam kako da dam komentar na nacrt opštinskog akta.",
                            "Znam kako dati komentar na nacrt općinskog akta.",
                            "I know how to comment on a draft municipal act.",
                        ),
                    ),
                ],
            ),
            dict(
                key="suggestion",
                type_="long_text",
                required=False,
                text=_t(
                    "Si mund t'ju informojë komuna më mirë?",
                    "Kako bi vas opština mogla bolje informisati?",
                    "Kako bi vas općina mogla bolje informisati?",
                    "How could the municipality keep you better informed?",
                ),
            ),
        ],
    ),
]
