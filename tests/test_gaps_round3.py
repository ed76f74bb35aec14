"""Issue #19, round 3: never fill a gap. Each test starts from a real published policy (quoted, or a fixture in
tests/data/real) and checks that escdir answers what the policy says, or "not known, because …"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from escdir.clock.timeline import escalation_timeline
from escdir.model import Vendor
from escdir.validate import check_bytes

LONDON = ZoneInfo("Europe/London")
HEAD = """\
id: t
name: Test Vendor
last_verified: 2026-11-01
timezone: Europe/London
sources: [{url: "https://support.example.com/policy"}]
contacts: [{id: line, kind: phone, value: "+44 20 7946 0991", coverage: 24x7}]
"""


def vendor(body: str, head: str = HEAD) -> Vendor:
    outcome = check_bytes((head + body).encode(), "t.yaml", today=date(2026, 11, 23))
    assert outcome.vendor is not None, [p.format() for p in outcome.problems]
    return outcome.vendor


# ---- item 2: the "otherwise" branch is computed from the otherwise coverage ------------------------------------

# Oracle (tests/data/real/oracle.yaml): "Severity 1 is worked 24 hours a day only while the customer stays actively
# engaged and provides a contact ... for the whole 24x7 period"; what applies otherwise is not stated. The 1h
# response below is fictional: the point is the shape (a wall-clock target under a conditional 24x7).
CONDITIONAL = """\
plans:
  - id: std
    name: Standard
    coverage: {cov}
    coverage_by_severity:
      S1:
        coverage: 24x7
        only_if: [{{condition: contact_available_24x7}}]
        otherwise: {otherwise}
contracts: [{{number: C-1, plan: std}}]
severities: [{{id: S1, canonical: sev1, definition: Down.}}]
slas:
  matrix: [{{plan: std, severity: S1, response: 1h, resolution: 2bh}}]
"""


def _deadline(t, measure: str):
    return next(d for d in t.deadlines if d.measure == measure)


def test_otherwise_unknown_coverage_gives_not_known_never_a_copy_of_the_conditional_time() -> None:
    v = vendor(CONDITIONAL.format(cov="unknown", otherwise='{unknown: "not stated"}'))
    t = escalation_timeline(v, "S1", opened=datetime(2026, 11, 20, 19, 0, tzinfo=LONDON), zone=LONDON)
    r = _deadline(t, "response")
    assert r.at == datetime(2026, 11, 20, 20, 0, tzinfo=LONDON)  # 24x7 while the condition holds
    assert r.otherwise is not None and r.otherwise.at is None
    assert "not stated" in r.otherwise.why and "not known" in r.otherwise.why


def test_otherwise_business_hours_counts_a_wall_clock_target_from_the_next_opening() -> None:
    """Friday 19:00, otherwise Mon-Fri 09:00-17:00 London: nobody works the case before Monday 09:00, so the 1h
    response is Monday 10:00 (not Friday 20:00); 2bh resolution is Monday 11:00."""
    v = vendor(CONDITIONAL.format(cov="unknown", otherwise='{days: mon-fri, hours: "09:00-17:00"}'))
    t = escalation_timeline(v, "S1", opened=datetime(2026, 11, 20, 19, 0, tzinfo=LONDON), zone=LONDON)
    r = _deadline(t, "response")
    assert r.at == datetime(2026, 11, 20, 20, 0, tzinfo=LONDON)
    assert r.otherwise is not None and r.otherwise.at == datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
    assert _deadline(t, "resolution").otherwise.at == datetime(2026, 11, 23, 11, 0, tzinfo=LONDON)
    # inside the hours both branches agree, because both are right
    t2 = escalation_timeline(v, "S1", opened=datetime(2026, 11, 18, 10, 0, tzinfo=LONDON), zone=LONDON)
    assert _deadline(t2, "response").otherwise.at == datetime(2026, 11, 18, 11, 0, tzinfo=UTC)


def test_otherwise_by_region_without_a_region_is_not_known() -> None:
    """Adobe's older Bronze programme: hours differ by region (tests/data/real/adobe.yaml)."""
    regions = ('{regions: {"US and Canada": {days: mon-fri, hours: "06:00-17:00", timezone: America/Los_Angeles}, '
               'EMEA: {days: mon-fri, hours: "09:00-17:00", timezone: customer}}}')
    v = vendor(CONDITIONAL.format(cov="unknown", otherwise=regions))
    t = escalation_timeline(v, "S1", opened=datetime(2026, 11, 20, 19, 0, tzinfo=LONDON), zone=LONDON)
    other = _deadline(t, "response").otherwise
    assert other is not None and other.at is None and "region" in other.why
