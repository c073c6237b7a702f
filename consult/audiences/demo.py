"""The demo's audience lists (`flask seed-demo`): the e-mail lists the Public Information Office
keeps for the strategy's audiences, each member added the way an officer adds one, with the
consent they gave (a paper form signed at a meeting, a request by e-mail, an organisation's
public contact) and its day, never after the load day. The addresses are made up
(`example.org`); the people and organisations are illustrative, not from the seed. A draft
message inviting the lists to this year's budget hearing waits to be checked and sent."""

import datetime as dt

from sqlalchemy import select

from consult.audiences import services
from consult.audiences.imports import MemberRow
from consult.audiences.models import AudienceList, AudienceSend
from consult.auth.models import User
from consult.core.models import Consultation
from consult.extensions import db

#: (audience, sector, open to the public, {locale: name}, members); a member is
#: (name, address, locale, how they agreed, days before the load day)
LISTS = (
    (
        "cso",
        "environment",
        True,
        {
            "sq": "Organizatat mjedisore",
            "sr_Latn": "Ekološke organizacije",
            "bs": "Ekološke organizacije",
            "en": "Environmental organisations",
        },
        (
            (
                "OJQ Ambienti i Gjelbër",
                "info@ambienti-gjelber.example.org",
                "sq",
                "public_contact",
                90,
            ),
            ("Shoqata Lumi Istog", "kontakt@lumi-istog.example.org", "sq", "email_request", 40),
            (
                "Udruženje Zelena Dolina",
                "zelena.dolina@example.org",
                "sr_Latn",
                "public_contact",
                60,
            ),
        ),
    ),
    (
        "youth",
        None,
        True,
        {
            "sq": "Të rinjtë e Istogut",
            "sr_Latn": "Mladi Istoka",
            "bs": "Mladi Istoka",
            "en": "Young people of Istog",
        },
        (
            ("Arbër Krasniqi", "arber.k@example.org", "sq", "paper", 30),
            ("Leonora Berisha", "leonora.b@example.org", "sq", "paper", 30),
            ("Amar Hodžić", "amar.h@example.org", "bs", "email_request", 12),
            ("Këshilli Lokal i të Rinjve", "klr.istog@example.org", "sq", "public_contact", 75),
        ),
    ),
    (
        "village_council",
        None,
        False,
        {
            "sq": "Këshillat e fshatrave",
            "sr_Latn": "Seoski saveti",
            "bs": "Seoska vijeća",
            "en": "Village councils",
        },
        (
            ("Këshilli i fshatit Vrellë", "vrelle.keshilli@example.org", "sq", "paper", 120),
            ("Këshilli i fshatit Banjë", "banje.keshilli@example.org", "sq", "paper", 120),
            ("Savet sela Osojane", "osojane.savet@example.org", "sr_Latn", "paper", 100),
        ),
    ),
    (
        "diaspora",
        None,
        True,
        {
            "sq": "Diaspora e Istogut",
            "sr_Latn": "Dijaspora Istoka",
            "bs": "Dijaspora Istoka",
            "en": "The Istog diaspora",
        },
        (
            ("Shoqata e Istogasve në Zvicër", "istog.ch@example.org", "sq", "email_request", 55),
            ("Mërgim Gashi", "mergim.gashi@example.org", "en", "email_request", 20),
        ),
    ),
)

DRAFT_SUBJECT = {
    "sq": "Ftesë në dëgjimin buxhetor",
    "sr_Latn": "Poziv na budžetsko saslušanje",
    "bs": "Poziv na budžetsko saslušanje",
    "en": "Invitation to the budget hearing",
}
DRAFT_BODY = {
    "sq": "Komuna e Istogut ju fton të merrni pjesë në dëgjimin publik për buxhetin e vitit "
    "të ardhshëm. Mund të komentoni çdo zë të buxhetit edhe në internet.",
    "sr_Latn": "Opština Istok vas poziva na javno saslušanje o budžetu za narednu godinu. "
    "Svaku stavku budžeta možete komentarisati i na internetu.",
    "bs": "Općina Istok vas poziva na javno saslušanje o budžetu za narednu godinu. Svaku "
    "stavku budžeta možete komentirati i na internetu.",
    "en": "The Municipality of Istog invites you to the public hearing on next year's budget. "
    "You can also comment on every budget line online.",
}


def load_audience_lists(today: dt.date) -> list[AudienceList]:
    """The demo's lists and their members, recorded by the administrator; returns the lists."""
    actor_id = db.session.scalar(select(User.id).where(User.role == "admin").order_by(User.id))
    if actor_id is None:
        return []
    now = dt.datetime.combine(today, dt.time(9))
    made = []
    for audience, sector, open_to_public, name, members in LISTS:
        audience_list = services.save_list(
            AudienceList(), name, audience, sector, open_to_public, actor_id
        )
        for line, (person, address, locale, how, days) in enumerate(members, 1):
            row = MemberRow(line, person, address, locale, how, today - dt.timedelta(days=days))
            services.add_member(audience_list, row, actor_id, now)
        made.append(audience_list)
    _draft_invitation(made, actor_id)
    return made


def _draft_invitation(lists: list[AudienceList], actor_id: int) -> None:
    """A message about this year's open or announced budget hearing, not sent."""
    hearing = db.session.scalar(
        select(Consultation)
        .where(Consultation.kind == "budget_hearing", Consultation.is_public)
        .order_by(Consultation.opens_at.desc())
    )
    if hearing is None:
        return
    services.save_send(
        AudienceSend(),
        DRAFT_SUBJECT,
        DRAFT_BODY,
        hearing.id,
        None,
        [item.id for item in lists],
        actor_id,
    )
