"""Time zones: which names a person may choose, and moments and days read on a zone's clock."""

from __future__ import annotations

from datetime import date, datetime, timezone

from outreach.core.time_zones import (
    ZONE_NAMES,
    in_zone,
    is_zone_name,
    moment_at,
    today_in,
    zone_named,
    zones_at_hour,
)


def test_places_are_offered_and_old_aliases_and_junk_are_not():
    assert ZONE_NAMES[0] == "UTC"
    assert {"Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "America/Argentina/Buenos_Aires"} <= set(ZONE_NAMES)
    assert not {"US/Pacific", "GB", "EST5EDT", "localtime", "Etc/GMT+5"} & set(ZONE_NAMES)
    assert not any(is_zone_name(name) for name in ("", None, "Mars/Olympus", "../etc/passwd", "europe/berlin"))


def test_a_name_that_is_not_a_zone_reads_as_utc():
    assert zone_named("Nowhere/Atall").key == "UTC" and zone_named(None).key == "UTC"
    assert zone_named("Asia/Tokyo").key == "Asia/Tokyo"


def test_a_moment_reads_on_the_zone_s_clock_and_a_naive_one_is_utc():
    moment = datetime(2026, 12, 7, 6, 30, tzinfo=timezone.utc)
    assert in_zone(moment, "Asia/Kolkata").strftime("%H:%M %Z") == "12:00 IST"
    assert in_zone(moment.replace(tzinfo=None), "Europe/Berlin").strftime("%H:%M %Z") == "07:30 CET"
    assert today_in("America/Los_Angeles", moment) == date(2026, 12, 6)
    assert today_in("Pacific/Auckland", moment) == date(2026, 12, 7)


def test_an_hour_on_a_zone_s_clock_moves_with_daylight_saving():
    assert moment_at(date(2026, 3, 28), 8, "Europe/Berlin") == datetime(2026, 3, 28, 7, tzinfo=timezone.utc)
    assert moment_at(date(2026, 3, 29), 8, "Europe/Berlin") == datetime(2026, 3, 29, 6, tzinfo=timezone.utc)
    assert moment_at(date(2026, 12, 7), 0, "UTC") == datetime(2026, 12, 7, tzinfo=timezone.utc)


def test_the_zones_at_an_hour_are_grouped_by_the_date_it_is_there():
    now = datetime(2026, 12, 7, 17, tzinfo=timezone.utc)  # 07:00 in Honolulu and in Kiritimati, a day apart
    names = ["Pacific/Honolulu", "Pacific/Kiritimati", "Europe/Berlin", "UTC", "Pacific/Honolulu"]
    assert zones_at_hour(names, 7, now) == {date(2026, 12, 7): {"Pacific/Honolulu"},
                                            date(2026, 12, 8): {"Pacific/Kiritimati"}}
    assert zones_at_hour(names, 18, now) == {date(2026, 12, 7): {"Europe/Berlin"}}
    assert zones_at_hour([], 7, now) == {}
