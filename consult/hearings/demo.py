"""Demo content: Istog's hearing cycle for the 2025 budget.

The lines are demo figures shaped like Istog's budget (about €17 million; education and health
the largest). Hearings fall in 2024, before the Assembly approves the 2025 budget; proposals are
dated relative to the day the demo is loaded.
"""

import datetime as dt

from consult.core.models import Consultation, Directorate, LocalCommunity, utcnow
from consult.extensions import db
from consult.hearings import participation, services
from consult.hearings.models import BudgetLine, HearingCycle

BUDGET_YEAR = 2025

#: (directorate code, programme, category, current year €, proposed €)
LINES: list[tuple[str, str, str, int, int]] = [
    ("ADM", "Administrata dhe personeli", "wages", 620_000, 640_000),
    ("ADM", "Administrata dhe personeli", "goods_services", 210_000, 215_000),
    ("ADM", "Administrata dhe personeli", "utilities", 95_000, 98_000),
    ("ADM", "Administrata dhe personeli", "capital", 120_000, 60_000),
    ("ECO", "Zhvillimi ekonomik lokal", "wages", 95_000, 98_000),
    ("ECO", "Zhvillimi ekonomik lokal", "goods_services", 45_000, 50_000),
    ("ECO", "Zhvillimi ekonomik lokal", "subsidies", 60_000, 80_000),
    ("ECO", "Zona ekonomike e Istogut", "capital", 150_000, 180_000),
    ("INS", "Inspektimi", "wages", 140_000, 145_000),
    ("INS", "Inspektimi", "goods_services", 18_000, 20_000),
    ("HEA", "Kujdesi parësor shëndetësor", "wages", 1_950_000, 2_020_000),
    ("HEA", "Kujdesi parësor shëndetësor", "goods_services", 430_000, 460_000),
    ("HEA", "Kujdesi parësor shëndetësor", "utilities", 110_000, 115_000),
    ("HEA", "Kujdesi parësor shëndetësor", "capital", 150_000, 220_000),
    ("SOC", "Shërbimet sociale", "wages", 230_000, 240_000),
    ("SOC", "Shërbimet sociale", "goods_services", 40_000, 45_000),
    ("SOC", "Shërbimet sociale", "utilities", 15_000, 16_000),
    ("SOC", "Shërbimet sociale", "subsidies", 120_000, 140_000),
    ("EDU", "Arsimi parashkollor", "wages", 310_000, 330_000),
    ("EDU", "Arsimi fillor dhe i mesëm i ulët", "wages", 4_350_000, 4_480_000),
    ("EDU", "Arsimi fillor dhe i mesëm i ulët", "goods_services", 380_000, 400_000),
    ("EDU", "Arsimi fillor dhe i mesëm i ulët", "utilities", 260_000, 270_000),
    ("EDU", "Arsimi fillor dhe i mesëm i ulët", "capital", 520_000, 600_000),
    ("EDU", "Arsimi i mesëm i lartë", "wages", 1_250_000, 1_300_000),
    ("EDU", "Arsimi i mesëm i lartë", "goods_services", 120_000, 125_000),
    ("EDU", "Arsimi i mesëm i lartë", "utilities", 90_000, 95_000),
    ("CYS", "Kultura, rinia dhe sporti", "wages", 180_000, 185_000),
    ("CYS", "Kultura, rinia dhe sporti", "goods_services", 70_000, 75_000),
    ("CYS", "Kultura, rinia dhe sporti", "subsidies", 90_000, 100_000),
    ("CYS", "Palestra sportive në Istog", "capital", 200_000, 250_000),
    ("PUB", "Rrugët dhe infrastruktura", "wages", 210_000, 215_000),
    ("PUB", "Rrugët dhe infrastruktura", "goods_services", 160_000, 170_000),
    ("PUB", "Ndriçimi publik", "utilities", 240_000, 250_000),
    ("PUB", "Rrugët dhe infrastruktura", "capital", 1_650_000, 1_700_000),
    ("EMR", "Shërbimet e zjarrfikësve dhe shpëtimit", "wages", 420_000, 440_000),
    ("EMR", "Shërbimet e zjarrfikësve dhe shpëtimit", "goods_services", 60_000, 65_000),
    ("EMR", "Shërbimet e zjarrfikësve dhe shpëtimit", "capital", 40_000, 80_000),
    ("URB", "Planifikimi urban dhe mjedisi", "wages", 160_000, 165_000),
    ("URB", "Planifikimi urban dhe mjedisi", "goods_services", 40_000, 45_000),
    ("URB", "Sheshi i qytetit dhe hapësirat publike", "capital", 480_000, 520_000),
    ("CAD", "Kadastri dhe gjeodezia", "wages", 120_000, 124_000),
    ("CAD", "Kadastri dhe gjeodezia", "goods_services", 15_000, 16_000),
    ("CAD", "Digjitalizimi i kadastrit", "capital", 20_000, 30_000),
    ("BFI", "Buxheti dhe financat", "wages", 210_000, 215_000),
    ("BFI", "Buxheti dhe financat", "goods_services", 35_000, 37_000),
    ("AGR", "Bujqësia dhe zhvillimi rural", "wages", 110_000, 115_000),
    ("AGR", "Bujqësia dhe zhvillimi rural", "goods_services", 25_000, 27_000),
    ("AGR", "Grantet për fermerët", "subsidies", 280_000, 320_000),
    ("AGR", "Kanalet e ujitjes", "capital", 300_000, 350_000),
]

#: (audience, local community's Albanian name or None, day, place, announced on)
HEARINGS: list[tuple[str, str | None, dt.date, str, dt.date]] = [
    (
        "village_council",
        "Vrellë",
        dt.date(2024, 6, 12),
        "Shtëpia e Kulturës, Vrellë",
        dt.date(2024, 6, 1),
    ),
    (
        "business",
        None,
        dt.date(2024, 6, 18),
        "Salla e Kuvendit të Komunës, Istog",
        dt.date(2024, 6, 5),
    ),
    ("youth", "Istog", dt.date(2024, 6, 20), "Qendra Rinore, Istog", dt.date(2024, 6, 10)),
    (
        "disability",
        None,
        dt.date(2024, 6, 25),
        "Qendra për Punë Sociale, Istog",
        dt.date(2024, 6, 14),
    ),
    (
        "women",
        None,
        dt.date(2024, 9, 10),
        "Salla e Kuvendit të Komunës, Istog",
        dt.date(2024, 8, 28),
    ),
]

#: what was recorded at each held hearing, in the order of HEARINGS: minutes {locale: text},
#: attendance {audience: (women, men, other)}, invitations (kind, name, days before the hearing),
#: comments from the floor (line key or None, language, text, (outcome, reason))
MEETINGS: list[dict] = [
    {
        "minutes": {
            "sq": "Këshilli i fshatit Vrellë diskutoi rrugët, ujitjen dhe grantet për fermerët.",
            "en": "The Vrellë village council discussed roads, irrigation and farmers' grants.",
        },
        "attendance": {"village_council": (9, 27, 0), "general": (4, 6, 0)},
        "invitations": [("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 11)],
        "comments": [
            (
                ("AGR", "Grantet për fermerët", "subsidies"),
                "sq",
                "Grantet për fermerët e rinj duhet të rriten.",
                ("accepted", "Grantet rriten me 20 000 € në projektbuxhet."),
            ),
            (
                ("AGR", "Kanalet e ujitjes", "capital"),
                "sq",
                "Kanali i ujitjes në Vrellë duhet pastruar para verës.",
                ("partly_accepted", "Pastrimi bëhet nga mirëmbajtja e rregullt në vitin 2025."),
            ),
        ],
    },
    {
        "minutes": {
            "sq": "Shoqata e biznesit kërkoi më shumë investime në zonën ekonomike.",
            "en": "The business association asked for more investment in the economic zone.",
        },
        "attendance": {"business": (5, 17, 0)},
        "invitations": [("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 13)],
        "comments": [
            (
                ("ECO", "Zona ekonomike e Istogut", "capital"),
                "sq",
                "Zona ekonomike ka nevojë për rrugë hyrëse dhe ndriçim.",
                ("rejected", "Rruga hyrëse financohet nga Ministria e Ekonomisë në vitin 2025."),
            ),
        ],
    },
    {
        "minutes": {
            "sq": "Salloni rinor: të rinjtë diskutuan palestrën sportive dhe hapësirat për rini.",
            "en": "Youth salon: young people discussed the sports hall and youth spaces.",
        },
        "attendance": {"youth": (21, 18, 1)},
        "invitations": [("womens_organisation", "Rrjeti i Grave Rinore Istog", 10)],
        "comments": [
            (
                ("CYS", "Palestra sportive në Istog", "capital"),
                "sq",
                "Palestra duhet të ketë orar falas për të rinjtë.",
                ("accepted", "Orari falas për të rinjtë përfshihet në rregulloren e palestrës."),
            ),
            (
                None,
                "sr_Latn",
                "Budžet za mlade treba da bude posebna linija.",
                ("partly_accepted", "Rinia mbetet në programin e kulturës; shuma rritet."),
            ),
        ],
    },
    {
        "minutes": {
            "sq": "Takimi me personat me aftësi të kufizuara për qasjen në objektet publike.",
            "en": "Meeting with persons with disabilities on access to public buildings.",
        },
        "attendance": {"disability": (7, 9, 0), "general": (3, 2, 0)},
        "invitations": [("gender_officer", "Zyrtarja për barazi gjinore e Komunës", 11)],
        "comments": [
            (
                ("SOC", "Shërbimet sociale", "subsidies"),
                "sq",
                "Shërbimet e kujdesit në shtëpi duhet të zgjerohen.",
                ("partly_accepted", "Subvencionet sociale rriten me 20 000 €."),
            ),
        ],
    },
    {
        "minutes": {
            "sq": "Dëgjimi me gratë: shëndeti i grave, kënde lojërash dhe punësimi.",
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
                ("accepted", "Shuma për mallra dhe shërbime në shëndetësi rritet me 15 000 €."),
            ),
            (
                None,
                "sq",
                "Buxheti duhet të tregojë sa shkon për gratë dhe vajzat.",
                ("accepted", "Raporti i buxhetit do të ketë një pasqyrë sipas gjinisë."),
            ),
        ],
    },
]

#: title, community, cost €, description, language, proposer, e-mail, days ago,
#: answer (outcome, reason in Albanian) or None. None is forwarded: the demo's capital-projects
#: poll is already open for voting, so it takes no new candidates.
PROPOSALS: list[dict] = [
    {
        "title": "Asfaltimi i rrugës Kaliqan–Lubozhdë",
        "community": "Kaliqan",
        "cost": 180_000,
        "description": "Rruga prej 2.4 km që lidh Kaliqanin me Lubozhdën është e pashtruar. "
        "Në dimër nxënësit dhe autobusi i shkollës kalojnë me vështirësi.",
        "language": "sq",
        "name": "Blerim Krasniqi",
        "email": "blerim.krasniqi@example.org",
        "days_ago": 12,
        "answer": (
            "partly_accepted",
            "Faza e parë (1.2 km) përfshihet në programin e rrugëve për vitin 2025; pjesa tjetër "
            "planifikohet për vitin 2026.",
        ),
    },
    {
        "title": "Ndriçimi publik në Zallq",
        "community": "Zallq",
        "cost": 35_000,
        "description": "Rruga kryesore e fshatit nuk ka ndriçim. Kërkojmë 40 shtylla me "
        "llamba LED.",
        "language": "sq",
        "name": "Arta Berisha",
        "email": "arta.berisha@example.org",
        "days_ago": 10,
        "answer": (
            "accepted",
            "Projekti shtohet në programin e Drejtorisë së Shërbimeve Publike për vitin 2025.",
        ),
    },
    {
        "title": "Kënd lojërash për fëmijë në Banjë",
        "community": "Banjë",
        "cost": 22_000,
        "description": "Propozim nga dëgjimi me gratë: një kënd lojërash i sigurt pranë "
        "shkollës në Banjë, me ndriçim dhe ulëse.",
        "language": "sq",
        "name": "Drita Rexhepi",
        "email": "drita.rexhepi@example.org",
        "days_ago": 8,
        "answer": (
            "accepted",
            "Propozimi pranohet dhe dërgohet si kandidat në sondazhin e projekteve kapitale.",
        ),
    },
    {
        "title": "Rekonstrukcija kanalizacije u Vrelu",
        "community": "Vrellë",
        "cost": 95_000,
        "description": "Kanalizacija u donjem dijelu sela je stara i često se zapušava. "
        "Predlažemo zamjenu cijevi u dužini od oko 800 metara.",
        "language": "bs",
        "name": "Edin Mujić",
        "email": "edin.mujic@example.org",
        "days_ago": 6,
        "answer": (
            "rejected",
            "Rekonstruimi i kanalizimit në Vrellë financohet nga projekti i donatorit për ujërat "
            "e zeza në vitin 2025; nuk nevojiten mjete shtesë nga buxheti komunal.",
        ),
    },
    {
        "title": "Rampë për karrocat në shkollën e mesme në Istog",
        "community": "Istog",
        "cost": 8_000,
        "description": "Propozim nga takimi me personat me aftësi të kufizuara: hyrja e "
        "shkollës ka vetëm shkallë.",
        "language": "sq",
        "name": "Fisnik Gashi",
        "email": "fisnik.gashi@example.org",
        "days_ago": 2,
        "answer": None,
    },
]

#: (directorate code, programme, category, new amount €, proposal index or None, reason)
CHANGES: list[tuple[str, str, str, int, int | None, dict]] = [
    (
        "PUB",
        "Ndriçimi publik",
        "utilities",
        285_000,
        1,
        {
            "sq": "Ndriçimi publik në Zallq, propozim i qytetarëve.",
            "sr_Latn": "Javna rasveta u Žaču, predlog građana.",
            "bs": "Javna rasvjeta u Žaču, prijedlog građana.",
            "en": "Street lighting in Zallq, a citizens' proposal.",
        },
    ),
    (
        "HEA",
        "Kujdesi parësor shëndetësor",
        "goods_services",
        475_000,
        None,
        {
            "sq": "Pajisje për kujdesin shëndetësor të grave, kërkuar në dëgjimin me gratë.",
            "sr_Latn": "Oprema za zdravstvenu zaštitu žena, tražena na saslušanju sa ženama.",
            "bs": "Oprema za zdravstvenu zaštitu žena, tražena na saslušanju sa ženama.",
            "en": "Equipment for women's health care, asked for at the women's hearing.",
        },
    ),
    (
        "AGR",
        "Grantet për fermerët",
        "subsidies",
        340_000,
        None,
        {
            "sq": "Grante shtesë për fermerët e rinj, kërkuar nga këshilli i fshatit Vrellë.",
            "sr_Latn": "Dodatni grantovi za mlade poljoprivrednike, na zahtev saveta sela Vrelo.",
            "bs": "Dodatni grantovi za mlade poljoprivrednike, na zahtjev vijeća sela Vrelo.",
            "en": "More grants for young farmers, asked for by the Vrellë village council.",
        },
    ),
]


def load_demo(
    consultation: Consultation,
    directorates: dict[str, Directorate],
    communities: list[LocalCommunity],
    today: dt.date,
) -> HearingCycle:
    """Istog's 2025 cycle: calendar, five held hearings with attendance, invitations and answered
    comments from the floor, the draft budget, proposals, changes."""
    by_name = {c.name.get("sq"): c for c in communities}
    cycle = services.create_cycle(consultation, BUDGET_YEAR)
    planned = [
        services.plan_hearing(
            cycle,
            audience,
            day,
            place,
            by_name[community].id if community else None,
            announced,
        )
        for audience, community, day, place, announced in HEARINGS
    ]
    lines = {}
    for position, (code, programme, category, current, proposed) in enumerate(LINES, 1):
        line = BudgetLine(
            cycle=cycle,
            directorate_id=directorates[code].id,
            programme=programme,
            category=category,
            current_cents=current * 100,
            proposed_cents=proposed * 100,
            position=position,
        )
        db.session.add(line)
        lines[(code, programme, category)] = line
    cycle.draft_imported_at = utcnow()
    db.session.flush()
    for hearing, record in zip(planned, MEETINGS, strict=True):
        _hold(cycle, hearing, record, lines, today)
    proposals = [_load_proposal(cycle, item, by_name, today) for item in PROPOSALS]
    for code, programme, category, amount, proposal_index, reason in CHANGES:
        services.record_change(
            lines[(code, programme, category)],
            amount * 100,
            reason,
            proposal=proposals[proposal_index] if proposal_index is not None else None,
        )
    return cycle


def _hold(cycle: HearingCycle, hearing, record: dict, lines: dict, today: dt.date) -> None:
    """A demo hearing held: minutes, attendance, invitations and answered floor comments."""
    meeting = participation.hold_hearing(hearing, record["minutes"], record["attendance"], today)
    for kind, name, days_before in record["invitations"]:
        participation.log_invitation(
            meeting, kind, name, hearing.planned_on - dt.timedelta(days=days_before)
        )
    for line_key, language, text, (outcome, reason) in record["comments"]:
        comment = participation.record_floor_comment(
            meeting, cycle, text, language, None, lines[line_key].id if line_key else None
        )
        comment.created_at = dt.datetime.combine(hearing.planned_on, dt.time(18))
        participation.answer_comment(comment, outcome, {"sq": reason})
        comment.answered_at = comment.created_at + dt.timedelta(days=5)


def _load_proposal(cycle: HearingCycle, item: dict, by_name: dict, today: dt.date):
    submitted = dt.datetime.combine(today - dt.timedelta(days=item["days_ago"]), dt.time(10))
    proposal = services.submit_proposal(
        cycle,
        item["title"],
        by_name[item["community"]].id,
        item["cost"] * 100,
        item["description"],
        item["name"],
        item["email"],
        language=item["language"],
    )
    proposal.submitted_at = submitted
    if item["answer"]:
        outcome, reason = item["answer"]
        services.answer_proposal(proposal, outcome, {"sq": reason})
        proposal.answered_at = submitted + dt.timedelta(days=2)
    return proposal
