"""Standards profiles: the minimum consultation standards of one legal source, by name.

A profile holds the numbers and switches the rules of `consult.core.standards` take (the keys of
the `STANDARDS` setting), how its days are counted (calendar days, or working days without
weekends and the country's public holidays) and, where the source has one, the longer period a
complex act may be consulted for. `current_standards()` is the one place the rules' numbers
come from: the profile chosen by `STANDARDS_PROFILE` (or by the municipality, which passes its
key), as a plain dict the rules stay pure functions of.

Which `STANDARDS` keys apply: the `custom` profile's numbers are `STANDARDS` (it starts as a
copy of `kosovo-municipal`), and `STANDARDS` also corrects `kosovo-municipal`'s numbers (those
STANDARDS.md marks "confirm"; its defaults are that profile's, so nothing changes unless an
install sets them). The profiles of a law (`kosovo-central`, `albania-146-2014`) keep their
source's numbers whatever `STANDARDS` says.
"""

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import click
import holidays
from flask import Flask, current_app
from flask.cli import AppGroup

from config import Config
from consult.core.municipalities import standards_profile_key
from consult.i18n import lazy_text as _l

DAY_COUNTS = ("calendar", "working")
DEFAULT_PROFILE = "kosovo-municipal"
#: the keys `current_standards()` adds to the numbers: the profile, how days are counted, whose
#: public holidays are not working days, and the longest period of a complex act (0: none)
PROFILE_KEY, DAY_COUNT, HOLIDAY_COUNTRY, COMPLEX_DAYS = (
    "PROFILE",
    "DAY_COUNT",
    "HOLIDAY_COUNTRY",
    "MS_COMPLEX_DAYS",
)
#: profiles whose numbers `STANDARDS` may set (see the module docstring)
SET_BY_CONFIG = frozenset({"kosovo-municipal", "custom"})


class UnknownProfile(RuntimeError):
    """`STANDARDS_PROFILE` (or a municipality's profile) names no profile."""


@dataclass(frozen=True)
class Source:
    """The law or regulation a profile's numbers come from."""

    title: object
    number: str = ""
    year: int | None = None
    #: a stable official address of the text; "" where none is known
    url: str = ""

    def __str__(self) -> str:
        if not self.number:
            return str(self.title)
        return str(
            _l(
                "%(title)s, No. %(number)s (%(year)s)",
                title=self.title,
                number=self.number,
                year=self.year,
            )
        )


@dataclass(frozen=True)
class Profile:
    """One named set of minimum standards and how its deadlines are counted."""

    key: str
    name: object
    source: Source
    #: the rules' numbers and switches, keyed like the `STANDARDS` setting
    numbers: Mapping = field(default_factory=dict)
    #: "calendar" or "working" (weekends and `holiday_country`'s public holidays left out)
    day_count: str = "calendar"
    #: ISO 3166 code of the country whose public holidays are not working days
    holiday_country: str = "XK"
    #: the longest written consultation of a complex act, in the profile's days; None: the
    #: source has no such period
    complex_act_days: int | None = None

    def __post_init__(self) -> None:
        if self.day_count not in DAY_COUNTS:
            raise ValueError(f"day_count must be one of {DAY_COUNTS}, not {self.day_count!r}")
        object.__setattr__(self, "numbers", MappingProxyType(dict(self.numbers)))

    @property
    def counts_working_days(self) -> bool:
        """Whether deadlines skip weekends and public holidays."""
        return self.day_count == "working"

    def standards(self) -> dict:
        """The dict the rules of `consult.core.standards` take."""
        return {
            **self.numbers,
            PROFILE_KEY: self.key,
            DAY_COUNT: self.day_count,
            HOLIDAY_COUNTRY: self.holiday_country,
            COMPLEX_DAYS: self.complex_act_days or 0,
        }


#: today's defaults (STANDARDS.md): the numbers marked "confirm" there are the common reading;
#: the configuration's defaults are these (config.Config.STANDARDS), written once, there
KOSOVO_MUNICIPAL_NUMBERS = dict(Config.STANDARDS)

KOSOVO_MUNICIPAL = Profile(
    key="kosovo-municipal",
    name=_l("Kosovo: minimum standards of public consultation in municipalities"),
    source=Source(
        _l(
            "Administrative Instruction (MLGA) on the Minimum Standards of Public "
            "Consultation in Municipalities"
        ),
        "06/2018",
        2018,
    ),
    numbers=KOSOVO_MUNICIPAL_NUMBERS,
)

#: Kosovo's central government: at least 15 days of written consultation and a report on it
#: afterwards (Regulation 05/2016); the regulation's other deadlines are not set here, so the
#: municipal numbers stand for them
KOSOVO_CENTRAL = Profile(
    key="kosovo-central",
    name=_l("Kosovo: minimum standards for public consultation (central government)"),
    source=Source(
        _l("Regulation (GRK) on Minimum Standards for Public Consultation Process"),
        "05/2016",
        2016,
        "https://gzk.rks-gov.net/ActDetail.aspx?ActID=15036",
    ),
    numbers={**KOSOVO_MUNICIPAL_NUMBERS, "MS_DURATION_DAYS": 15},
)

#: Albania, Law 146/2014 art. 15: comments within 20 working days of the notice of the
#: consultation, a period the public body may extend up to 40 working days by the complexity
#: of the draft act. The law sets no number for the other rules: the platform's defaults stand,
#: counted in working days.
ALBANIA_146_2014 = Profile(
    key="albania-146-2014",
    name=_l("Albania: notification and public consultation"),
    source=Source(
        _l("Law on Notification and Public Consultation"),
        "146/2014",
        2014,
        "https://idp.al/en/legislation-on-notification-and-public-consultation",
    ),
    numbers={**KOSOVO_MUNICIPAL_NUMBERS, "MS_DURATION_DAYS": 20},
    day_count="working",
    holiday_country="AL",
    complex_act_days=40,
)

CUSTOM = replace(
    KOSOVO_MUNICIPAL,
    key="custom",
    name=_l("Custom standards of this installation"),
    source=Source(_l("The numbers set in this installation's configuration (STANDARDS)")),
)

PROFILES: dict[str, Profile] = {
    profile.key: profile for profile in (KOSOVO_MUNICIPAL, KOSOVO_CENTRAL, ALBANIA_146_2014, CUSTOM)
}


def profile_named(key: str, config: Mapping | None = None) -> Profile:
    """The profile `key` with the numbers `config`'s `STANDARDS` sets for it (see the module
    docstring); raises `UnknownProfile` for a key no profile has."""
    if key not in PROFILES:
        known = ", ".join(PROFILES)
        raise UnknownProfile(f"Unknown standards profile {key!r}; the profiles are: {known}.")
    profile = PROFILES[key]
    if key not in SET_BY_CONFIG or config is None:
        return profile
    configured = dict(config.get("STANDARDS") or {})
    day_count = configured.pop(DAY_COUNT, profile.day_count)
    country = configured.pop(HOLIDAY_COUNTRY, profile.holiday_country)
    complex_days = configured.pop(COMPLEX_DAYS, profile.complex_act_days) or None
    configured.pop(PROFILE_KEY, None)
    return replace(
        profile,
        numbers={**profile.numbers, **configured},
        day_count=day_count,
        holiday_country=country,
        complex_act_days=complex_days,
    )


def current_profile(profile_key: str | None = None) -> Profile:
    """The profile in force: `profile_key`, else the current municipality's (its own or
    `STANDARDS_PROFILE`)."""
    return profile_named(profile_key or standards_profile_key(), current_app.config)


def current_standards(profile_key: str | None = None) -> dict:
    """The numbers the minimum-standards rules take, with how the profile counts its days."""
    return current_profile(profile_key).standards()


# ---------------------------------------------------------------- counting days


@functools.lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, years=year))


def is_working_day(day: dt.date, country: str) -> bool:
    """Monday to Friday and not a public holiday (or its observed day) of `country`."""
    return day.weekday() < 5 and day not in _public_holidays(country, day.year)


def shift_days(start: dt.date, n: int, day_count: str, country: str) -> dt.date:
    """The day `n` days after `start` (before it when `n` is negative); in working days, the
    n-th working day after (or before) `start`, `start` itself not counted."""
    if day_count != "working":
        return start + dt.timedelta(days=n)
    step = dt.timedelta(days=1 if n >= 0 else -1)
    day, left = start, abs(n)
    while left:
        day += step
        left -= is_working_day(day, country)
    return day


def count_days(a: dt.date, b: dt.date, day_count: str, country: str) -> int:
    """The days from `a` to `b` (negative when `b` is earlier); in working days, the working
    days after `a` up to and including `b`, so that `shift_days(a, n)` is n days from `a`."""
    if day_count != "working":
        return (b - a).days
    if b < a:
        return -count_days(b, a, day_count, country)
    return sum(
        is_working_day(a + dt.timedelta(days=i), country) for i in range(1, (b - a).days + 1)
    )


def add_days(start: dt.date, n: int, profile: Profile) -> dt.date:
    """`n` of the profile's days after `start` (`shift_days`)."""
    return shift_days(start, n, profile.day_count, profile.holiday_country)


def days_between(a: dt.date, b: dt.date, profile: Profile) -> int:
    """The profile's days from `a` to `b` (`count_days`)."""
    return count_days(a, b, profile.day_count, profile.holiday_country)


# ---------------------------------------------------------------- start-up and the command


def register_profiles(app: Flask) -> None:
    """Refuse to start with an unknown `STANDARDS_PROFILE`, and give templates the profile."""
    profile_named(app.config.get("STANDARDS_PROFILE", DEFAULT_PROFILE), app.config)
    app.jinja_env.globals.update(
        current_profile=current_profile, current_standards=current_standards
    )


standards_group = AppGroup("standards", help="The minimum consultation standards.")


@standards_group.command("profiles")
def profiles_command() -> None:
    """List each standards profile: its key, name, source and numbers."""
    active = standards_profile_key()  # the municipality's, else STANDARDS_PROFILE
    for key in PROFILES:
        profile = profile_named(key, current_app.config)
        marker = " (in force)" if key == active else ""
        click.echo(f"{profile.key}{marker}: {profile.name}")
        click.echo(
            f"  source: {profile.source}" + (f" {profile.source.url}" if profile.source.url else "")
        )
        days = "working days" if profile.counts_working_days else "calendar days"
        click.echo(f"  days: {days}, public holidays of {profile.holiday_country}")
        if profile.complex_act_days:
            click.echo(f"  complex acts: up to {profile.complex_act_days} {days}")
        click.echo("  " + ", ".join(f"{name}={value}" for name, value in profile.numbers.items()))
