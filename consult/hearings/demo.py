"""Demo content: Istog's hearing cycle for the 2025 budget.

The lines are demo figures shaped like Istog's budget (about €17 million; education and health
the largest). Hearings fall in 2024, before the Assembly approves the 2025 budget; proposals are
dated relative to the day the demo is loaded.
"""

import datetime as dt

from consult.core.models import Consultation, Directorate, LocalCommunity, utcnow
from consult.extensions import db
from consult.hearings import services
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

#: title, community, cost €, description, language, proposer, e-mail, days ago,
#: answer (outcome, reason) or None, forwarded note or None
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
        "forward": "Kandidat për sondazhin e projekteve kapitale; kostoja e fazës së dytë "
        "rreth 90 000 €.",
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
        "forward": None,
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
        "forward": "Kandidat për sondazhin e projekteve kapitale 2025.",
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
        "forward": None,
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
        "forward": None,
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
    """Istog's 2025 cycle: calendar, five hearings, the draft budget, proposals, changes."""
    by_name = {c.name.get("sq"): c for c in communities}
    cycle = services.create_cycle(consultation, BUDGET_YEAR)
    for audience, community, day, place, announced in HEARINGS:
        services.plan_hearing(
            cycle,
            audience,
            day,
            place,
            by_name[community].id if community else None,
            announced,
        )
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
    proposals = [_load_proposal(cycle, item, by_name, today) for item in PROPOSALS]
    for code, programme, category, amount, proposal_index, reason in CHANGES:
        services.record_change(
            lines[(code, programme, category)],
            amount * 100,
            reason,
            proposal=proposals[proposal_index] if proposal_index is not None else None,
        )
    return cycle


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
        services.answer_proposal(proposal, *item["answer"])
        proposal.answered_at = submitted + dt.timedelta(days=2)
    if item["forward"]:
        services.forward_to_poll(proposal, item["forward"])
    return proposal
