"""The municipalities of the install: checking and writing their settings (the platform pages
and `flask municipalities create|set` share this), platform admins, and the figures of every
municipality side by side (the national view).

The only module that reads across municipalities (the execution option
`consult.core.tenancy.ALL_MUNICIPALITIES`). Per-municipality figures are those of the chair's
annual report (`consult.chair.annual`), computed for each municipality in turn under
`serving(id)`, so a municipality's figures here are the ones its own chair reads.

Every check raises `SettingRefused` with the setting's name and a message in the reader's
language, before anything is written; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consult.auth.models import User
from consult.auth.services import create_account
from consult.chair.annual import AnnualReport, annual_report
from consult.core.anonymity import suppress_counts
from consult.core.models import Consultation
from consult.core.municipalities import (
    LANGUAGE_CODES,
    SLUG,
    Municipality,
    every_municipality,
    municipality_names,
    official_languages,
)
from consult.core.open_data import min_group
from consult.core.profiles import PROFILES, current_standards
from consult.core.services import record_audit
from consult.core.tenancy import ALL_MUNICIPALITIES, serving
from consult.extensions import db
from consult.i18n import TYPABLE_LOCALES
from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l
from consult.identity import AA_CONTRAST, IdentityRefused, brand_colours, contrast_with_white

#: a host name: dot-separated labels of letters, digits and inner hyphens (no port, no scheme)
HOST = re.compile(
    r"(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+"
)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
#: the longest value each free-text setting holds (its column's length)
_LENGTHS = {"contact_address": 200, "contact_email": 254, "contact_phone": 40, "name": 200}
#: every setting a municipality has, as the pages and `set` name them
SETTINGS = (
    "name",
    "host",
    "official_languages",
    "languages_in_use",
    "standards_profile",
    "brand_colour",
    "contact_address",
    "contact_email",
    "contact_phone",
)


class SettingRefused(ValueError):
    """A value that cannot be used: `setting` names it, `message` says why (translated)."""

    def __init__(self, setting: str, message: object) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting = setting
        self.message = message


# ---------------------------------------------------------------- checking settings


def checked_slug(slug: str) -> str:
    """A new municipality's slug: its form, and that no municipality has it."""
    if not SLUG.fullmatch(slug or ""):
        raise SettingRefused(
            "slug",
            _l(
                "%(slug)s: use 2 to 40 lower-case letters, digits and hyphens, starting with a "
                "letter.",
                slug=slug,
            ),
        )
    if _municipality_with(Municipality.slug == slug) is not None:
        raise SettingRefused("slug", _l("There is a municipality %(slug)s already.", slug=slug))
    return slug


def checked_host(value: str, municipality_id: int | None = None) -> str:
    """A host name (lower-case, no final dot) that no other municipality is served under."""
    host = (value or "").strip().lower().rstrip(".")
    if not HOST.fullmatch(host):
        raise SettingRefused(
            "host",
            _l(
                "%(host)s: give a host name such as prizren.example (no scheme, port or path).",
                host=value,
            ),
        )
    taken = _municipality_with(Municipality.host == host)
    if taken is not None and taken.id != municipality_id:
        raise SettingRefused(
            "host", _l("%(host)s serves %(slug)s already.", host=host, slug=taken.slug)
        )
    return host


def checked_names(names: dict[str, str]) -> dict[str, str]:
    """{locale: name} with blank names left out; a locale no content is typed in is refused."""
    checked = {}
    for locale, text in names.items():
        if locale not in TYPABLE_LOCALES:
            raise SettingRefused(
                "name",
                _l(
                    "%(locale)s: give the name in a language among %(locales)s.",
                    locale=locale,
                    locales=", ".join(TYPABLE_LOCALES),
                ),
            )
        text = (text or "").strip()
        if len(text) > _LENGTHS["name"]:
            raise SettingRefused(
                "name",
                _ln(
                    "A name has at most %(count)s character.",
                    "A name has at most %(count)s characters.",
                    _LENGTHS["name"],
                    count=_LENGTHS["name"],
                ),
            )
        if text:
            checked[locale] = text
    return checked


def checked_languages(codes: list[str], setting: str) -> list[str]:
    """Language codes among LANGUAGE_CODES, at least one, each once (content is typed in each
    of them: `typed_locales`)."""
    codes = [code.strip() for code in codes if code.strip()]
    unknown = [code for code in codes if code not in LANGUAGE_CODES]
    if unknown or not codes:
        raise SettingRefused(
            setting,
            _l(
                "%(codes)s: give language codes among %(known)s.",
                codes=", ".join(unknown) or "-",
                known=", ".join(LANGUAGE_CODES),
            ),
        )
    return list(dict.fromkeys(codes))


def checked_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise SettingRefused(
            "standards_profile",
            _l("%(profile)s: choose among %(known)s.", profile=profile, known=", ".join(PROFILES)),
        )
    return profile


def checked_colour(colour: str) -> str:
    """#rrggbb on which white text has AA contrast."""
    colour = (colour or "").strip()
    if not _COLOUR.fullmatch(colour):
        raise SettingRefused(
            "brand_colour", _l("%(colour)s: give a colour like #0b4f8a.", colour=colour)
        )
    try:
        brand_colours(colour)
    except IdentityRefused:
        ratio = format(contrast_with_white(colour), ".2f")
        raise SettingRefused(
            "brand_colour",
            _l(
                "%(colour)s has a contrast of %(ratio)s:1 with white; white text on it needs "
                "at least %(needed)s:1. Choose a darker colour.",
                colour=colour,
                ratio=ratio,
                needed=AA_CONTRAST,
            ),
        ) from None
    return colour.lower()


def checked_email(value: str, setting: str = "contact_email") -> str:
    email = (value or "").strip()
    if "@" not in email.strip(" @") or len(email) > _LENGTHS["contact_email"] or " " in email:
        raise SettingRefused(setting, _l("%(address)s is not an e-mail address.", address=value))
    return email


def _checked_text(value: str, setting: str) -> str:
    text = (value or "").strip()
    if len(text) > _LENGTHS[setting]:
        limit = _LENGTHS[setting]
        raise SettingRefused(
            setting,
            _ln(
                "At most %(count)s character.", "At most %(count)s characters.", limit, count=limit
            ),
        )
    return text


def checked_settings(given: dict[str, object], municipality_id: int | None = None) -> dict:
    """The columns to write from `given` (a subset of SETTINGS), each checked; None empties a
    setting (the configuration applies again). Raises SettingRefused at the first wrong one."""
    unknown = set(given) - set(SETTINGS)
    if unknown:
        raise ValueError(f"not settings: {sorted(unknown)}")
    checks = {
        "name": lambda value: checked_names(value) or None,
        "host": lambda value: checked_host(value, municipality_id),
        "official_languages": lambda value: checked_languages(value, "official_languages"),
        "languages_in_use": lambda value: checked_languages(value, "languages_in_use"),
        "standards_profile": checked_profile,
        "brand_colour": checked_colour,
        "contact_email": checked_email,
        "contact_address": lambda value: _checked_text(value, "contact_address"),
        "contact_phone": lambda value: _checked_text(value, "contact_phone"),
    }
    changes: dict[str, object] = {}
    for setting in SETTINGS:  # in one order, so the first refusal is always the same
        if setting in given:
            value = given[setting]
            changes[setting] = None if value is None else checks[setting](value)
    return changes


def _municipality_with(*where) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(*where))


# ---------------------------------------------------------------- creating and changing


@dataclass(frozen=True)
class FirstAdministrator:
    """Who administers a new municipality first: they receive a link to choose a password."""

    email: str
    name: str

    def checked(self) -> FirstAdministrator:
        email = checked_email(self.email, "admin_email").lower()
        name = (self.name or "").strip()
        if not name or len(name) > 200:
            raise SettingRefused("admin_name", _l("Give the administrator's name."))
        if account_anywhere(email) is not None:
            raise SettingRefused(
                "admin_email", _l("An account with this e-mail address exists already.")
            )
        return FirstAdministrator(email, name)


def create_municipality(
    slug: str, settings: dict[str, object], admin: FirstAdministrator, actor_id: int | None = None
) -> Municipality:
    """A new municipality served under its own host, with its first administrator, who
    receives a link to choose a password on that host (every value checked first; nothing
    written on a refusal). The caller commits."""
    slug = checked_slug(slug)
    changes = checked_settings(settings)
    if not changes.get("name"):
        raise SettingRefused("name", _l("Give the municipality's name in one language at least."))
    if not changes.get("host"):
        raise SettingRefused("host", _l("Give the host name its pages are served under."))
    admin = admin.checked()
    municipality = Municipality(slug=slug, **changes)
    db.session.add(municipality)
    db.session.flush()
    _first_administrator(municipality, admin, actor_id)
    return municipality


def _first_administrator(
    municipality: Municipality, admin: FirstAdministrator, actor_id: int | None
) -> None:
    """The municipality's first administrator, and the link to choose a password queued in the
    outbox, pointing at the municipality's own host, in its first official language."""
    from consult.auth.views import send_reset_link  # the mail's text lives with the page

    language = official_languages(municipality)[0]
    site = f"https://{municipality.host}/"
    # the link is made for the municipality's host, and the rows are its own (a request
    # context of its own keeps the municipality it serves apart from the caller's)
    with (
        current_app.test_request_context(f"/?lang={language}", base_url=site),
        serving(municipality.id),
        force_locale(language),
    ):
        try:
            user = create_account(admin.email, admin.name, "admin", None)
        except IntegrityError:  # made meanwhile, in some municipality: nothing is kept
            db.session.rollback()
            raise SettingRefused(
                "admin_email", _l("An account with this e-mail address exists already.")
            ) from None
        send_reset_link(user, first=True)
        _audit(municipality.id, "municipality.created", actor_id, slug=municipality.slug)


def update_municipality(
    municipality: Municipality, settings: dict[str, object], actor_id: int | None = None
) -> list[str]:
    """Write the settings given (checked first; nothing written on a refusal); the names of
    those that changed. Audit-logged in the municipality's own log. The caller commits."""
    changes = checked_settings(settings, municipality.id)
    changed = sorted(
        name for name, value in changes.items() if getattr(municipality, name) != value
    )
    for name in changed:
        setattr(municipality, name, changes[name])
    if changed:
        _audit(municipality.id, "municipality.updated", actor_id, settings=changed)
    return changed


def _audit(municipality_id: int, action: str, actor_id: int | None, **details) -> None:
    """An entry in the municipality's own audit log about itself. A platform admin of another
    municipality is named in the details (the entry's actor is one of its own accounts)."""
    query = (
        select(User.municipality_id)
        .where(User.id == actor_id)
        .execution_options(**{ALL_MUNICIPALITIES: True})
    )
    own = actor_id is not None and db.session.scalar(query) == municipality_id
    if actor_id is not None and not own:
        details["platform_admin_id"] = actor_id
    with serving(municipality_id):
        record_audit(
            action, f"municipality:{municipality_id}", actor_id if own else None, **details
        )


def municipality(municipality_id: int) -> Municipality | None:
    return db.session.get(Municipality, municipality_id)


def municipality_by_slug(slug: str) -> Municipality | None:
    return _municipality_with(Municipality.slug == slug)


# ---------------------------------------------------------------- platform admins


def account_anywhere(email: str) -> User | None:
    """The account with this e-mail address, in whichever municipality it is (addresses are
    unique on the install)."""
    query = (
        select(User)
        .where(func.lower(User.email) == (email or "").strip().lower())
        .execution_options(**{ALL_MUNICIPALITIES: True})
    )
    return db.session.scalar(query)


def set_platform_admin(user: User, on: bool) -> bool:
    """Grant (or revoke) the platform pages to `user`, audit-logged in the account's own
    municipality; whether anything changed. The caller commits."""
    if user.platform_admin == on:
        return False
    with serving(user.municipality_id):
        user.platform_admin = on
        record_audit(
            "user.platform_admin_granted" if on else "user.platform_admin_revoked",
            f"user:{user.id}",
        )
    return True


# ---------------------------------------------------------------- the list


@dataclass
class MunicipalityLine:
    """One municipality on the platform's list."""

    municipality: Municipality
    consultations: int
    published: int

    @property
    def names(self) -> dict:
        return municipality_names(self.municipality)


def municipality_lines() -> list[MunicipalityLine]:
    """Every municipality with its consultations (all, and published), by id."""
    counted = (
        select(
            Consultation.municipality_id,
            func.count(Consultation.id),
            func.count(Consultation.id).filter(Consultation.is_public),
        )
        .group_by(Consultation.municipality_id)
        .execution_options(**{ALL_MUNICIPALITIES: True})
    )
    counts = {row[0]: (int(row[1]), int(row[2])) for row in db.session.execute(counted)}
    return [
        MunicipalityLine(found, *counts.get(found.id, (0, 0)))
        for found in db.session.scalars(select(Municipality).order_by(Municipality.id))
    ]


# ---------------------------------------------------------------- the national view


@dataclass
class MunicipalityFigures:
    """One municipality's figures of a year in the national view."""

    municipality: Municipality
    report: AnnualReport
    #: status -> consultations (published ones, or every one for platform admins)
    statuses: Counter = field(default_factory=Counter)
    #: kind -> participants, small groups hidden (None)
    participants: dict[str, int | None] = field(default_factory=dict)

    @property
    def names(self) -> dict:
        return municipality_names(self.municipality)


@dataclass
class NationalView:
    """Every municipality's figures for one year, side by side."""

    year: int
    lines: list[MunicipalityFigures]
    #: the smallest group shown (ANONYMITY_MIN_GROUP)
    k: int


def national_years(today: dt.date) -> list[int]:
    """Every year any municipality has a published consultation in, newest first (this year
    when none has any): one query across the municipalities."""
    year = Consultation.counted_year
    query = (
        select(year)
        .where(Consultation.is_public, year.is_not(None))
        .distinct()
        .execution_options(**{ALL_MUNICIPALITIES: True})
    )
    years = {int(found) for found in db.session.scalars(query)}
    return sorted(years, reverse=True) or [today.year]


def _statuses(with_drafts: bool) -> dict[int, Counter]:
    """municipality id -> status -> consultations of that status (counted in SQL)."""
    query = (
        select(Consultation.municipality_id, Consultation.status, func.count(Consultation.id))
        .group_by(Consultation.municipality_id, Consultation.status)
        .execution_options(**{ALL_MUNICIPALITIES: True})
    )
    if not with_drafts:
        query = query.where(Consultation.is_public)
    found: dict[int, Counter] = {}
    for municipality_id, status, number in db.session.execute(query):
        found.setdefault(municipality_id, Counter())[status] = int(number)
    return found


#: the clock the kept figures are aged by (seconds, never going back)
_clock = time.monotonic


def _kept_figures() -> dict[tuple[int, int, dt.date], tuple[float, AnnualReport]]:
    """This worker's yearly figures of each municipality, with the moment each was counted."""
    return current_app.extensions.setdefault("national_view_figures", {})


def yearly_figures(municipality_id: int, year: int, today: dt.date) -> AnnualReport:
    """The totals of a municipality's annual report of `year` (its consultation lines left out:
    the national view shows figures only), counted at most NATIONAL_VIEW_SECONDS ago by this
    worker: 38 annual reports per page view would cost a second of database work each time."""
    seconds = current_app.config.get("NATIONAL_VIEW_SECONDS", 0)
    kept = _kept_figures()
    now = _clock()
    key = (municipality_id, year, today)
    if seconds > 0 and key in kept and 0 <= now - kept[key][0] < seconds:
        return kept[key][1]
    with serving(municipality_id):
        report = annual_report(year, today, current_standards())
    figures = replace(report, consultations=[])
    if seconds > 0:
        # a copy of the items, and pop: another thread of a threaded server may write meanwhile
        for old, (counted, _) in list(kept.items()):
            if now - counted >= seconds:
                kept.pop(old, None)
        kept[key] = (now, figures)
    return figures


def national_view(year: int, today: dt.date, with_drafts: bool = False) -> NationalView:
    """The figures of `year` for every municipality: its annual report's (consultations by
    kind, comments, meetings, compliance rate), its consultations by status, and its
    participants by kind with small groups hidden (`consult.core.anonymity.suppress_counts`,
    the total shown, as every other page hides them)."""
    k = min_group()
    statuses = _statuses(with_drafts)
    lines = []
    for found in every_municipality():
        report = yearly_figures(found.id, year, today)
        participants = {item.kind: item.participants for item in report.kinds}
        lines.append(
            MunicipalityFigures(
                municipality=found,
                report=report,
                statuses=statuses.get(found.id, Counter()),
                participants=suppress_counts(participants, k),
            )
        )
    return NationalView(year, lines, k)
