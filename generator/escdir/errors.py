"""Problems (errors and warnings) as data, and the table of stable codes.

Every check in escdir produces :class:`Problem` values; nothing raises for bad input.
The codes below are stable: tests, docs (``escdir explain``) and the README table
are generated from :data:`CODES`, so a code cannot exist without its explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    level: Level
    title: str
    hint: str


def _c(code: str, level: Level, title: str, hint: str) -> Code:
    return Code(code, level, title, hint)


E, W = Level.ERROR, Level.WARNING

#: Every code escdir can report. Never renumber: CI scripts and reviewers match on them.
CODES: dict[str, Code] = {c.code: c for c in [
    # Reading and parsing (ESC0xx)
    _c("ESC001", E, "file cannot be read", "check the path and permissions"),
    _c("ESC002", E, "file is not UTF-8", "save the file as UTF-8 (a BOM is fine)"),
    _c("ESC003", E, "file too large", "a vendor file should be a few KB; move long notes to the vendor's own documents and link them"),
    _c("ESC004", E, "YAML syntax error", "fix the YAML at the position shown (the message says what the parser expected)"),
    _c("ESC005", E, "file is empty", "start from `escdir new <id>`"),
    _c("ESC006", E, "more than one YAML document", "remove the `---` separator: one vendor per file"),
    _c("ESC007", E, "top level is not a mapping", "the file must start with keys such as `id:` and `name:`"),
    _c("ESC008", E, "duplicate key", "YAML keeps only the last value; remove or rename one of them"),
    _c("ESC009", E, "tag not allowed", "remove the `!tag`; only plain YAML values are accepted"),
    _c("ESC010", E, "too many values or too deeply nested (alias expansion and nesting limits)",
       "anchors and aliases expand to too many values, or collections nest too deeply; write the data out plainly"),
    _c("ESC011", E, "undefined alias", "define the `&anchor` before using `*alias`, or write the value out"),
    _c("ESC012", E, "mapping key is not a string", "use plain text keys such as `name:`"),
    _c("ESC013", E, "merge key not supported", "write the merged keys out; `<<:` hides where values come from"),
    # Schema (ESC1xx)
    _c("ESC101", E, "unknown property", "check the spelling against schema/vendor.schema.json"),
    _c("ESC102", E, "missing required property", "add the property named in the message"),
    _c("ESC103", E, "wrong type", "use the type named in the message (quote strings that look like numbers)"),
    _c("ESC104", E, "value not allowed", "use one of the listed values"),
    _c("ESC105", E, "value does not match the expected format", "write the value in the form the message describes"),
    _c("ESC106", E, "schema constraint violated", "see the message for the constraint"),
    # Semantic (ESC2xx)
    _c("ESC201", E, "id does not match the file name", "rename the file or change `id` so that <id>.yaml holds it"),
    _c("ESC202", E, "duplicate id", "ids must be unique (vendors across the directory; contacts, people, plans, "
       "severities within a file)"),
    _c("ESC203", E, "unresolved reference", "reference an id declared in the same file"),
    _c("ESC204", E, "invalid phone number", "write the number in international form, e.g. +1 202-555-0143"),
    _c("ESC205", E, "URL scheme not allowed", "only https:, mailto: and tel: links are published"),
    _c("ESC206", E, "unknown time zone", "use an IANA name such as Europe/London or America/New_York"),
    _c("ESC207", E, "date in the future", "last_verified must be today or earlier"),
    _c("ESC208", E, "ladder steps out of order", "each step's `after` must be later than the previous step's"),
    _c("ESC209", E, "SLA cell not possible", "each plan x severity once, and only for a severity offered on that plan"),
    _c("ESC210", E, "invalid time or date value", "times are HH:MM (00:00-24:00), ranges start before they end"),
    _c("ESC211", E, "invalid e-mail address", "write a plain address such as support@example.com"),
    _c("ESC212", E, "path outside the project", "paths must be relative and stay inside the project directory"),
    _c("ESC213", E, "unknown holiday calendar", "use an ISO country code the holidays library knows, e.g. US, GB, DE"),
    _c("ESC214", E, "invisible text-direction control character",
       "remove U+202A–U+202E / U+2066–U+2069 / U+200E / U+200F / U+061C: they make text display differently "
       "from what a reviewer reads (right-to-left letters themselves are fine)"),
    _c("ESC215", E, "logo is not an allowed image",
       "use a PNG, JPEG, WebP or SVG file of at most 512 KB that opens in an image viewer (raster logos are decoded "
       "and re-encoded; at most 4096×4096 pixels); an SVG must be plain XML with an <svg> root, no DOCTYPE"),
    _c("ESC216", E, "control character in text",
       "remove ESC, CR, BEL and other control characters (U+0000–U+001F, U+007F–U+009F): in a terminal they can "
       "erase or fake what is shown; line breaks and tabs are allowed only in notes and descriptions"),
    # Warnings that protect the outage user (ESC3xx)
    _c("ESC301", W, "entry is stale", "re-verify the entry and bump last_verified"),
    _c("ESC302", W, "no 24x7 phone line for sev1",
       "if the vendor publishes one, record it (or its `coverage: 24x7`); if it has no phone line at all, say so with "
       "`support_model.no_phone`; if its phone lines are not staffed 24x7, quote that in "
       "`support_model.no_24x7_phone` (or `known_gaps: [{code: ESC302, why: …}]`) — never make one up"),
    _c("ESC303", W, "sev1 reachable only by e-mail",
       "add a phone or outage-alias path for the canonical sev1 severity if the vendor publishes one; if it does not, "
       "say so: `known_gaps: [{code: ESC303, why: …}]`"),
    _c("ESC304", W, "toll-free number without an international number",
       "add a non-toll-free number for the same region so it can be called from abroad if the vendor publishes one; "
       "if it does not, say so: `known_gaps: [{code: ESC304, why: …}]`"),
    _c("ESC305", W, "same phone number on two vendors",
       "check that neither entry copied the other's number; if the vendors really share it (one support desk), say "
       "so in each: `known_gaps: [{code: ESC305, why: …}]`"),
    _c("ESC306", W, "no sources", "add the URL of the vendor's own support-policy page under `sources`"),
    _c("ESC307", W, "no review interval", "add `review_every` (e.g. 180d) so staleness can be reported"),
    _c("ESC308", W, "placeholder left in", "replace the `TODO` text with the real value from the vendor's documents"),
    _c("ESC309", W, "coverage not recorded",
       "write the plan's hours as the vendor publishes them (24x7, business hours, windows), or `coverage: unknown` "
       "if the vendor does not publish them"),
    _c("ESC310", W, "text longer than the place it shows",
       "shorten it to the limit in the message; move detail to the vendor's own documents (a source) or to "
       "internal_notes"),
    _c("ESC330", W, "region label with no known countries",
       "list the label's countries in the vendor file (`regions: [{name: Zone 3, countries: [DE, AT, CH]}]`), or use a "
       "label escdir knows (EMEA, APAC, Americas, a country name or ISO code); until then no reader's country picks "
       "this line"),
    # MSP files (ESC4xx)
    _c("ESC401", E, "unknown vendor reference", "reference a vendor id that exists in vendors/"),
    _c("ESC402", E, "exception for a vendor the client does not use", "add the vendor to `vendors` or drop the exception"),
    _c("ESC403", E, "asset not found", "add the file or fix the path"),
    _c("ESC404", W, "client SLA tighter than the chain can deliver",
       "relax the client target, tighten the OLA, or buy a faster vendor plan"),
    _c("ESC405", E, "unknown MSP reference", "reference a tier or priority declared in msp.yaml"),
    _c("ESC406", W, "vendor used by a client has no client_summary",
       "add `client_summary` to the vendor file, written for clients: `summary` is internal, so the client's pages "
       "show no summary for this vendor until then"),
]}


@dataclass(frozen=True, order=True)
class Problem:
    """One diagnostic. ``line``/``col`` are 1-based; 0 means unknown."""

    file: str
    line: int
    col: int
    code: str
    message: str
    path: str = ""
    level: Level = field(default=Level.ERROR, compare=False)
    hint: str = field(default="", compare=False)

    @classmethod
    def make(cls, code: str, file: str, message: str, *, line: int = 0, col: int = 0, path: str = "",
             hint: str | None = None, level: Level | None = None) -> Problem:
        spec = CODES[code]
        return cls(file=file, line=line, col=col, code=code, message=message, path=path,
                   level=level or spec.level, hint=spec.hint if hint is None else hint)

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def location(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file

    def format(self) -> str:
        """The problem line without its hint, unescaped (for logs and data; terminals use
        :func:`escdir.present.reporting.lines.problem_line`, which also writes this)."""
        from escdir.present.reporting.lines import problem_line

        return problem_line(self, hint=False, safe=False)

    def to_json(self) -> dict[str, Any]:
        """The problem as JSON data, with the one key set every escdir output and cache uses:
        ``file``, ``line``, ``column``, ``level``, ``code``, ``path``, ``message``, ``hint``."""
        return {"file": self.file, "line": self.line, "column": self.col, "level": self.level.value,
                "code": self.code, "path": self.path, "message": self.message, "hint": self.hint}

    @classmethod
    def from_json(cls, data: dict[str, Any], *, file: str | None = None) -> Problem:
        """The inverse of :meth:`to_json` (``file`` replaces the recorded one: a cache keyed by content
        may have seen the bytes under another name). Raises KeyError, TypeError or ValueError on bad data."""
        return cls(file=str(data["file"] if file is None else file), line=int(data["line"]),
                   col=int(data["column"]), code=str(data["code"]), message=str(data["message"]),
                   path=str(data["path"]), level=Level(data["level"]), hint=str(data["hint"]))


class EscdirError(Exception):
    """Cannot go on (I/O, usage). Carries problems for the reporter."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def codes_markdown() -> str:
    """The error-code table as Markdown (site_src/reference/error-codes.md is this, checked by a test)."""
    rows = ["# Error codes", "",
            "Every diagnostic has a stable code. `escdir explain CODE` prints the same text in a terminal.", "",
            "| Code | Level | Meaning | Hint |", "|---|---|---|---|"]
    for c in CODES.values():
        rows.append(f"| {c.code} | {c.level.value} | {c.title} | {c.hint.replace('|', '/')} |")
    return "\n".join(rows) + "\n"
