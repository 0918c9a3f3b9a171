"""Time zones: the names a person may choose, and a moment or a day as it reads in one."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from functools import lru_cache
from typing import Iterable
from zoneinfo import ZoneInfo, available_timezones

DEFAULT_ZONE = "UTC"
# The zones a person picks from: a place's name ("Europe/Berlin"), as browsers and calendar
# apps give them. The database's old aliases ("GB", "US/Pacific", "EST5EDT") would only
# repeat these under names nobody looks for.
_REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
            "Pacific")
ZONE_NAMES: tuple[str, ...] = (DEFAULT_ZONE, *sorted(
    name for name in available_timezones() if name.split("/", 1)[0] in _REGIONS and "/" in name))
_ZONE_SET = frozenset(ZONE_NAMES)


def is_zone_name(name: str | None) -> bool:
    """True when the name is one of the zones a person may choose."""
    return name in _ZONE_SET


@lru_cache(maxsize=64)
def zone_named(name: str | None) -> ZoneInfo:
    """The zone of that name, or UTC for a name that is not one (a stored value is never trusted blindly)."""
    return ZoneInfo(name if is_zone_name(name) else DEFAULT_ZONE)


def in_zone(moment: datetime, name: str | None) -> datetime:
    """The moment as a clock in that zone reads it; a naive moment is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone_named(name))


def today_in(name: str | None, now: datetime | None = None) -> date:
    """The date it is in that zone (for someone in Los Angeles, UTC's morning is still yesterday)."""
    return in_zone(now or datetime.now(timezone.utc), name).date()


def moment_at(day: date, hour: int, name: str | None) -> datetime:
    """The UTC moment a clock in that zone shows that hour (0-23) of that day."""
    return datetime.combine(day, time(hour), tzinfo=zone_named(name)).astimezone(timezone.utc)


def zones_at_hour(names: Iterable[str], hour: int, now: datetime) -> dict[date, set[str]]:
    """Of those zones, the ones whose clock shows that hour now, by the date it is there (Honolulu
    and Kiritimati read the same hour a day apart)."""
    found: dict[date, set[str]] = {}
    for name in set(names):
        local = in_zone(now, name)
        if local.hour == hour:
            found.setdefault(local.date(), set()).add(name)
    return found
