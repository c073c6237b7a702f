"""The Istog demo's public meetings that belong to no consultation (`flask seed-demo`): the
Mayor's monthly meetings with a local community (one held, with its minutes and attendance,
one coming with registration for a seat), a session of the Municipal Assembly with its live
stream, an online meeting with the diaspora, and a youth meeting the Directorate for Culture,
Youth and Sport has not announced yet, planned online, which the back office warns does not
fit its audience (the strategy plans a salon-style discussion with youth organisations)."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import Directorate, LocalCommunity
from consult.extensions import db
from consult.meetings.models import Meeting

#: where a demo meeting is held: a local community's name in Albanian
VRELLE, BANJE, ISTOG = "Vrellë", "Banjë", "Istog"

ACCESSIBLE_HALL = {
    "sq": "Hyrje pa shkallë dhe tualet i qasshëm. Përkthim në serbisht dhe boshnjakisht sipas "
    "kërkesës, të paktën tri ditë përpara.",
    "sr_Latn": "Ulaz bez stepenica i pristupačan toalet. Prevod na srpski i bosanski na zahtev, "
    "najmanje tri dana unapred.",
    "bs": "Ulaz bez stepenica i pristupačan toalet. Prijevod na srpski i bosanski na zahtjev, "
    "najmanje tri dana unaprijed.",
    "en": "Step-free entrance and an accessible toilet. Interpretation into Serbian and Bosnian "
    "on request, at least three days ahead.",
}

MEETINGS: list[dict] = [
    {
        "title": {
            "sq": "Takimi i Kryetarit me banorët e Banjës",
            "sr_Latn": "Sastanak predsednika opštine sa stanovnicima Banje",
            "bs": "Sastanak načelnika općine sa stanovnicima Banje",
            "en": "The Mayor's meeting with the people of Banjë",
        },
        "community": BANJE,
        "days": -18,
        "announced_days": -32,
        "times": ((18, 0), (19, 30)),
        "place": "Shkolla fillore, Banjë",
        "agenda": {
            "sq": "Ujësjellësi i fshatit, rruga për qendrën termale, pyetjet e banorëve.",
            "sr_Latn": "Seoski vodovod, put do termalnog centra, pitanja stanovnika.",
            "bs": "Seoski vodovod, put do termalnog centra, pitanja stanovnika.",
            "en": "The village water supply, the road to the thermal centre, residents' questions.",
        },
        "accessibility": ACCESSIBLE_HALL,
        "minutes": {
            "sq": "Kryetari prezantoi punimet në ujësjellës. Banorët kërkuan ndriçim në rrugën "
            "për qendrën termale; Drejtoria e Shërbimeve Publike do ta shqyrtojë deri në "
            "fund të muajit.",
            "sr_Latn": "Predsednik opštine je predstavio radove na vodovodu. Stanovnici su "
            "tražili rasvetu na putu do termalnog centra; Direkcija za javne usluge će to "
            "razmotriti do kraja meseca.",
            "bs": "Načelnik općine je predstavio radove na vodovodu. Stanovnici su tražili "
            "rasvjetu na putu do termalnog centra; Direkcija za javne usluge će to razmotriti "
            "do kraja mjeseca.",
            "en": "The Mayor presented the works on the water supply. Residents asked for "
            "lighting on the road to the thermal centre; the Directorate of Public Services "
            "will look into it by the end of the month.",
        },
        "attendance": (14, 19, 0),
    },
    {
        "title": {
            "sq": "Takimi i Kryetarit me banorët e Vrellës",
            "sr_Latn": "Sastanak predsednika opštine sa stanovnicima Vrela",
            "bs": "Sastanak načelnika općine sa stanovnicima Vrela",
            "en": "The Mayor's meeting with the people of Vrellë",
        },
        "community": VRELLE,
        "days": 12,
        "announced_days": -3,
        "times": ((18, 0), (19, 30)),
        "place": "Shtëpia e Kulturës, Vrellë",
        "agenda": {
            "sq": "Kanalizimi në lagjen e re, transporti i nxënësve, pyetjet e banorëve.",
            "sr_Latn": "Kanalizacija u novom naselju, prevoz učenika, pitanja stanovnika.",
            "bs": "Kanalizacija u novom naselju, prijevoz učenika, pitanja stanovnika.",
            "en": "Sewerage in the new neighbourhood, school transport, residents' questions.",
        },
        "accessibility": ACCESSIBLE_HALL,
        "seats": 60,
    },
    {
        "title": {
            "sq": "Seanca e Kuvendit të Komunës",
            "sr_Latn": "Sednica Skupštine opštine",
            "bs": "Sjednica Skupštine općine",
            "en": "Session of the Municipal Assembly",
        },
        "community": None,
        "days": 8,
        "announced_days": -1,
        "times": ((10, 0), (14, 0)),
        "place": "Salla e Kuvendit, Istog",
        "stream_url": "https://video.istog.example/kuvendi/drejtperdrejt",
        "agenda": {
            "sq": "Raporti financiar i tremujorit, rregullorja për transparencë, pyetjet e "
            "këshilltarëve.",
            "sr_Latn": "Tromesečni finansijski izveštaj, pravilnik o transparentnosti, pitanja "
            "odbornika.",
            "bs": "Tromjesečni finansijski izvještaj, pravilnik o transparentnosti, pitanja "
            "vijećnika.",
            "en": "The quarterly financial report, the regulation on transparency, councillors' "
            "questions.",
        },
        "accessibility": {
            "sq": "Hyrje pa shkallë. Transmetohet drejtpërdrejt dhe incizimi mbetet në kanalin e "
            "Kuvendit.",
            "sr_Latn": "Ulaz bez stepenica. Prenosi se uživo, a snimak ostaje na kanalu Skupštine.",
            "bs": "Ulaz bez stepenica. Prenosi se uživo, a snimak ostaje na kanalu Skupštine.",
            "en": "Step-free entrance. Streamed live; the recording stays on the Assembly's "
            "channel.",
        },
    },
    {
        "title": {
            "sq": "Takim në internet me diasporën e Istogut",
            "sr_Latn": "Onlajn sastanak sa dijasporom Istoka",
            "bs": "Online sastanak s dijasporom Istoka",
            "en": "Online meeting with Istog's diaspora",
        },
        "community": None,
        "audience": "diaspora",
        "format": "online",
        "days": 20,
        "announced_days": 0,
        "times": ((19, 0), (20, 30)),
        "place": "",
        "online_url": "https://meet.istog.example/diaspora",
        "agenda": {
            "sq": "Investimet e bashkërenduara me diasporën dhe shërbimet në internet të komunës.",
            "sr_Latn": "Ulaganja u saradnji sa dijasporom i onlajn usluge opštine.",
            "bs": "Ulaganja u saradnji s dijasporom i online usluge općine.",
            "en": "Investments coordinated with the diaspora, and the municipality's online "
            "services.",
        },
        "accessibility": {
            "sq": "Titra të drejtpërdrejta në shqip; pyetjet mund të shkruhen edhe në bisedë.",
            "sr_Latn": "Titlovi uživo na albanskom; pitanja se mogu pisati i u četu.",
            "bs": "Titlovi uživo na albanskom; pitanja se mogu pisati i u chatu.",
            "en": "Live captions in Albanian; questions can be typed in the chat too.",
        },
        "registration": True,
    },
    {
        "title": {
            "sq": "Tryezë me të rinjtë për hapësirat rinore",
            "sr_Latn": "Okrugli sto sa mladima o prostorima za mlade",
            "bs": "Okrugli sto s mladima o prostorima za mlade",
            "en": "Round table with young people on youth spaces",
        },
        "directorate": "CYS",
        "community": ISTOG,
        "audience": "youth",
        "format": "online",
        "days": 30,
        "announced_days": None,
        "times": ((17, 0), (18, 30)),
        "place": "",
        "online_url": "https://meet.istog.example/rinia",
        "agenda": {
            "sq": "Çfarë u duhet të rinjve në qendrën rinore.",
            "sr_Latn": "Šta je mladima potrebno u omladinskom centru.",
            "bs": "Šta je mladima potrebno u omladinskom centru.",
            "en": "What young people need in the youth centre.",
        },
    },
]


def load_for_seed(today: dt.date) -> None:
    """Add the demo's stand-alone meetings (after the municipality and the consultations)."""
    communities = {c.name.get("sq"): c.id for c in db.session.scalars(select(LocalCommunity))}
    directorates = {d.code: d.id for d in db.session.scalars(select(Directorate))}
    for item in MEETINGS:
        (start_h, start_m), (end_h, end_m) = item["times"]
        announced = item["announced_days"]
        seats = item.get("seats")
        women, men, other = item.get("attendance", (0, 0, 0))
        db.session.add(
            Meeting(
                consultation_id=None,
                directorate_id=directorates.get(item.get("directorate") or ""),
                title=item["title"],
                format=item.get("format", "in_person"),
                audience=item.get("audience", "general"),
                local_community_id=communities.get(item["community"] or ""),
                held_on=today + dt.timedelta(days=item["days"]),
                starts_at=dt.time(start_h, start_m),
                ends_at=dt.time(end_h, end_m),
                place=item["place"],
                online_url=item.get("online_url"),
                stream_url=item.get("stream_url"),
                agenda=item["agenda"],
                accessibility=item.get("accessibility", {}),
                registration=bool(seats or item.get("registration")),
                seat_limit=seats,
                announced_on=None if announced is None else today + dt.timedelta(days=announced),
                minutes=item.get("minutes", {}),
                attendance_women=women,
                attendance_men=men,
                attendance_other=other,
            )
        )
    db.session.flush()
