"""`escdir rma` arithmetic against hand-computed dates: NBD with a cut-off in the site's or the vendor's
zone, weekends, timed dispatch/on-site levels, and the return window counted from delivery."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from escdir.check.validate import check_bytes
from escdir.derive.clock.rma import add_business_days, estimate, resolve_levels
from escdir.derive.clock.times import InputError
from escdir.model import Vendor

TODAY = date(2026, 11, 23)
BERLIN = ZoneInfo("Europe/Berlin")

VENDOR = """\
id: rma-test
name: RMA Test Vendor
timezone: America/New_York
last_verified: 2026-11-01
review_every: 180d
sources: [{{url: "https://support.example.com/policy"}}]
contacts:
  - {{id: hotline, kind: phone, value: "+1 202-555-0199", coverage: 24x7}}
severities:
  - {{id: P1, canonical: sev1, definition: Down.}}
plans:
  - {{id: std, name: Standard, coverage: 24x7}}
rma:
  levels:
    - {{id: nbd-site, kind: nbd, clock_starts: diagnosis, target: nbd, cutoff: "15:00", timezone: site}}
    - {{id: nbd-vendor, kind: nbd, clock_starts: diagnosis, target: nbd, cutoff: "14:00"}}
    - {{id: dispatch-4h, kind: dispatch, clock_starts: diagnosis, target: 4h}}
    - {{id: onsite-2h, kind: onsite, clock_starts: diagnosis, target: 2h}}
    - {{id: spare, kind: cold_spare, clock_starts: diagnosis, target: "0"}}
    - {{id: depot, kind: return_to_base, clock_starts: diagnosis, target: 5bd, cutoff: "12:00", timezone: Europe/London}}
  advance_replacement: {advance}
  return_window: {window}
contracts:
  - {{number: RMA-0001, plan: std, rma_level: nbd-site}}
"""


def build(window: str = "30d", advance: str = "true") -> Vendor:
    outcome = check_bytes(VENDOR.format(window=window, advance=advance).encode(), "rma-test.yaml", today=TODAY)
    assert not [p for p in outcome.problems if p.is_error], [p.format() for p in outcome.problems]
    assert outcome.vendor is not None
    return outcome.vendor


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def level(v: Vendor, ref: str):
    return resolve_levels(v, ref)[0]


@pytest.mark.parametrize(("failed", "cutoff_met", "delivery", "why"), [
    # Tue 2026-11-24 14:59 CET, site zone Berlin, cut-off 15:00: before → processed Tue → delivered Wed 25.
    ("2026-11-24T14:59+01:00", True, date(2026, 11, 25), "before the cut-off"),
    # Tue 15:00 exactly is not before the cut-off → processed Wed → delivered Thu 26.
    ("2026-11-24T15:00+01:00", False, date(2026, 11, 26), "at the cut-off"),
    # Fri 2026-11-20 16:00, after the cut-off → processed Mon 23 → delivered Tue 24 (the weekend is skipped).
    ("2026-11-20T16:00+01:00", False, date(2026, 11, 24), "Friday after the cut-off"),
    # Sat 2026-11-21 10:00 is not a business day → processed Mon 23 → delivered Tue 24.
    ("2026-11-21T10:00+01:00", False, date(2026, 11, 24), "Saturday"),
    # Fri 2026-11-20 09:00, before the cut-off → delivered Mon 23.
    ("2026-11-20T09:00+01:00", True, date(2026, 11, 23), "Friday before the cut-off"),
])
def test_nbd_cutoff_in_the_site_zone(failed: str, cutoff_met: bool, delivery: date, why: str) -> None:
    v = build()
    e = estimate(v, level(v, "nbd-site"), failed=at(failed), site=BERLIN)
    assert (e.cutoff_met, e.expected_day) == (cutoff_met, delivery), why
    assert e.zone.key == "Europe/Berlin"
    # The return window (30d) runs from the delivery day.
    assert e.return_by_day == date.fromordinal(delivery.toordinal() + 30)


def test_site_zone_and_vendor_zone_disagree_for_the_same_moment() -> None:
    v = build()
    moment = at("2026-11-24T18:00+00:00")
    # Site (Berlin): 19:00 CET, after the 15:00 cut-off → processed Wed → delivered Thu 26.
    site = estimate(v, level(v, "nbd-site"), failed=moment, site=BERLIN)
    # Vendor zone (New York, no timezone on the level): 13:00 EST, before the 14:00 cut-off → delivered Wed 25.
    vendor = estimate(v, level(v, "nbd-vendor"), failed=moment, site=BERLIN)
    assert site.expected_day == date(2026, 11, 26)
    assert vendor.expected_day == date(2026, 11, 25)
    assert vendor.zone.key == "America/New_York" and "vendor zone" in vendor.zone_source


def test_timed_levels_are_wall_clock_additions() -> None:
    v = build()
    # 4-hour dispatch from Fri 2026-11-20 22:30 CET: Sat 02:30 CET (weekends do not matter for 24x7 dispatch);
    # the return deadline is counted from the dispatch (+30 days → Mon 2026-12-21 02:30 CET) and says so.
    d = estimate(v, level(v, "dispatch-4h"), failed=at("2026-11-20T22:30+01:00"), site=BERLIN)
    assert d.expected == at("2026-11-21T02:30+01:00")
    assert d.return_by == at("2026-12-21T02:30+01:00")
    assert any("counted from the dispatch" in n for n in d.notes)
    # 2-hour on-site across the Berlin DST end: 2026-10-25 01:30 CEST = 2026-10-24 23:30 UTC; + 2 h =
    # 01:30 UTC = 02:30 CET (local clock shows only +1 h).
    o = estimate(v, level(v, "onsite-2h"), failed=at("2026-10-25T01:30+02:00"), site=BERLIN)
    assert o.expected == at("2026-10-25T01:30+00:00")
    assert o.expected.astimezone(BERLIN).strftime("%H:%M %Z") == "02:30 CET"
    # A cold spare is on site at once.
    s = estimate(v, level(v, "spare"), failed=at("2026-11-21T03:00+01:00"), site=BERLIN)
    assert s.expected == at("2026-11-21T03:00+01:00")


def test_business_day_target_with_cutoff_in_a_named_zone() -> None:
    v = build()
    # Return to base, 5bd, cut-off 12:00 Europe/London. Mon 2026-11-23 11:00 GMT is before the cut-off →
    # processed Mon → 5 business days → Mon 2026-11-30.
    e = estimate(v, level(v, "depot"), failed=at("2026-11-23T11:00+00:00"), site=BERLIN)
    assert e.cutoff_met is True and e.expected_day == date(2026, 11, 30)
    assert e.zone.key == "Europe/London"


def test_return_window_in_business_days() -> None:
    v = build(window="10bd")
    # Delivered Wed 2026-11-25 (see the first case); 10 business days later: Thu 26, Fri 27, Mon 30, Tue 1,
    # Wed 2, Thu 3, Fri 4, Mon 7, Tue 8, Wed 9 → 2026-12-09.
    e = estimate(v, level(v, "nbd-site"), failed=at("2026-11-24T14:59+01:00"), site=BERLIN)
    assert e.return_by_day == date(2026, 12, 9)
    assert add_business_days(date(2026, 11, 25), 10) == date(2026, 12, 9)


def test_no_advance_replacement_is_noted() -> None:
    v = build(advance="false")
    e = estimate(v, level(v, "nbd-site"), failed=at("2026-11-24T10:00+01:00"), site=BERLIN)
    assert any("no advance replacement" in n for n in e.notes)


def test_level_selection() -> None:
    v = build()
    assert [lv.id for lv in resolve_levels(v, None)] == ["nbd-site"]  # the level our contract holds
    assert [lv.id for lv in resolve_levels(v, "dispatch-4h")] == ["dispatch-4h"]
    with pytest.raises(InputError, match="no RMA level 'gold'"):
        resolve_levels(v, "gold")
