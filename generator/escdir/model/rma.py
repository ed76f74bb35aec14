"""Hardware replacement: RMA levels (clock start and end, cut-off, onboarding period, severities served)."""

from __future__ import annotations

from dataclasses import dataclass

from escdir.model.durations import Duration

ENDS_BY_KIND = {"nbd": "delivered", "dispatch": "dispatched", "onsite": "engineer_on_site", "cold_spare": "delivered",
                "return_to_base": "repaired"}
AS_VENDOR_SPECIFIES = "as_vendor_specifies"


@dataclass(frozen=True)
class Onboarding:
    """The level applies only ``period`` after the contract starts; ``until_then`` before that."""

    period: Duration
    until_then: str | None = None
    note: str = ""
    then: Duration | None = None  # a second period after ``period`` (compound: "5 business days after 30 days")

    def human(self) -> str:
        return self.period.human() + (f", then {self.then.human()}," if self.then else "")


@dataclass(frozen=True)
class RmaLevel:
    id: str
    kind: str
    target: Duration | None  # None: the vendor publishes no target (``target_not_published`` says why)
    name: str = ""
    cutoff: int | None = None
    timezone: str = ""
    description: str = ""
    clock_starts: str = "not_stated"  # absent from the file: the vendor does not say (nothing is assumed)
    ends_with: str = ""
    advance_replacement: bool | str | None = None  # None: the RMA-wide value
    return_window: Duration | str | None = None  # None: the RMA-wide value
    applies_after: Onboarding | None = None
    note: str = ""
    source: str = ""
    qualifier: str = ""
    target_not_published: str = ""
    severities: tuple[str, ...] = ()  # the case severities this level serves (dispatch by severity); () = all

    def serves(self, severity: str) -> bool:
        return not self.severities or severity in self.severities

    @property
    def target_text(self) -> str:
        """The target in words, or that it is not published (never a made-up time)."""
        if self.target is not None:
            return self.target.human()
        return "not published" + (f" ({self.target_not_published})" if self.target_not_published else "")

    @property
    def clock_text(self) -> str:
        """'from diagnosis to delivered', or that the clock's start is not stated."""
        end = self.ends.replace("_", " ")
        if self.clock_starts == "not_stated":
            return f"clock start not stated; ends with {end}"
        return f"from {self.clock_starts.replace('_', ' ')} to {end}"

    @property
    def ends(self) -> str:
        return self.ends_with or ENDS_BY_KIND.get(self.kind, "delivered")


@dataclass(frozen=True)
class Rma:
    levels: tuple[RmaLevel, ...] = ()
    advance_replacement: bool | str | None = None  # None: the policy does not say
    return_window: Duration | str | None = None
    steps: tuple[str, ...] = ()
    required_info: tuple[str, ...] = ()
    contact: str | None = None
    visibility: str = "public"

    def level(self, ref: str | None) -> RmaLevel | None:
        return next((lv for lv in self.levels if lv.id == ref), None)

    def advance_for(self, level: RmaLevel) -> bool | str | None:
        return self.advance_replacement if level.advance_replacement is None else level.advance_replacement

    def return_for(self, level: RmaLevel) -> Duration | str | None:
        return self.return_window if level.return_window is None else level.return_window
