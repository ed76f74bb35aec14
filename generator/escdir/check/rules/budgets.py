"""Length budgets for free text: a long text is fine in the file, but where it shows it pushes the hotline down.

Each :class:`Budget` names a field, its limit in characters and where the text shows; a longer value is warning
ESC310 at the value, saying both. The vendor page also reads :data:`SUMMARY_BUDGET`: a summary over it is
shown below the quick card instead of above it, so the first phone number stays on a phone's first screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from escdir.check.rules.context import Ctx


@dataclass(frozen=True)
class Budget:
    """``path``: keys from the top of a vendor file, ``*`` for every item of a list."""

    path: tuple[str, ...]
    chars: int
    shows: str

    @property
    def field(self) -> str:
        return ".".join(p if p != "*" else "[]" for p in self.path).replace(".[]", "[]")


SUMMARY_BUDGET = 280

#: Every budgeted field. The limits are what fits the place the text shows without pushing what follows away.
BUDGETS: tuple[Budget, ...] = (
    Budget(("name",), 80, "as the page title, in the A–Z table and in search results"),
    Budget(("aliases", "*"), 40, "in the 'Also:' line above the quick card and in the A–Z table"),
    Budget(("summary",), SUMMARY_BUDGET, "above the quick card on the internal vendor page and as the search-result "
                                         "snippet (a longer one is moved below the quick card)"),
    Budget(("client_summary",), SUMMARY_BUDGET, "above the quick card on client and public vendor pages (a longer "
                                                "one is moved below the quick card)"),
    Budget(("support_model", "note"), 400, "in the 'MSP only' alert at the top of the quick card"),
    Budget(("contacts", "*", "label"), 100, "in the quick card's hotline table, one row per line"),
    Budget(("contacts", "*", "note"), 400, "under the line in the contacts table"),
    Budget(("people", "*", "note"), 400, "under the person in the people table"),
    Budget(("severities", "*", "definition"), 400, "in the severity table and the severity translator"),
    Budget(("internal_notes",), 2000, "in the notes box of the internal vendor page"),
)


def _values(data: Any, path: tuple[str, ...], at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if not path:
        if isinstance(data, str):
            yield at, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, item in enumerate(data if isinstance(data, list) else ()):
            yield from _values(item, rest, at + (i,))
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, at + (head,))


def check_text_budgets(ctx: Ctx) -> None:
    """ESC310: free text longer than the place it shows can take."""
    for budget in BUDGETS:
        for path, text in _values(ctx.data, budget.path):
            if len(text) > budget.chars:
                ctx.add("ESC310", path, f"{budget.field} is {len(text):,} characters; keep it to {budget.chars:,}: "
                                        f"it shows {budget.shows}")


def summary_first(summary: str) -> bool:
    """Whether a page shows ``summary`` above the quick card (within budget) or below it (longer: the card's
    first number must stay on a phone's first screen)."""
    return len(summary) <= SUMMARY_BUDGET
