"""The rules for opening and escalating a vendor's canonical-sev1 severities, as data.

The vendor page (:mod:`escdir.present.pages`) and the terminal card and its exports (:mod:`escdir.derive.outage.card`)
word the escalation rule differently, so each formats its own text from :func:`sev1_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass

from escdir.model import Contact, NotEscalatable, Person, Severity, Vendor


@dataclass(frozen=True)
class Sev1Rule:
    """One rule for a canonical-sev1 severity: how to open it (``open_via``), or — when ``blocked`` is
    set — that it cannot be escalated, with the party to use ``instead`` when the entry names a known one."""

    severity: Severity
    open_via: tuple[str, ...] = ()
    blocked: NotEscalatable | None = None
    instead: Contact | Person | None = None
    via_msp: str = ""  # on a client's site, the MSP that opens the case for the client

    @property
    def open_text(self) -> str:
        """``open by phone or outage alias, not e-mail.`` (the same wording on every output)."""
        if self.via_msp:
            return f"call {self.via_msp}'s service desk: they open and escalate the case with the vendor."
        via = " or ".join(x.replace("_", " ") for x in self.open_via)
        return f"open by {via}{', not e-mail' if 'email' not in self.open_via else ''}."


def sev1_rules(v: Vendor) -> list[Sev1Rule]:
    """For each canonical-sev1 severity, in order: how to open it (when recorded), then its escalation block."""
    rules = []
    for s in v.for_canonical("sev1"):
        if v.call_via:  # a client's view of a vendor the MSP escalates: the client calls the MSP, nothing else
            rules.append(Sev1Rule(s, via_msp=v.call_via))
            continue
        if s.open_via:
            rules.append(Sev1Rule(s, open_via=s.open_via))
        blocked = v.escalation.blocked(s.id)
        if blocked:
            rules.append(Sev1Rule(s, blocked=blocked, instead=v.party(blocked.instead)))
    return rules
