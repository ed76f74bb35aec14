"""Who to call: contacts (channels), people, and when a number was last verified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from escdir.model.coverage import UNKNOWN, Coverage
from escdir.model.phones import display_phone


@dataclass(frozen=True)
class Verified:
    on: date
    method: str
    by: str = ""


@dataclass(frozen=True)
class Contact:
    id: str
    kind: str
    value: str
    label: str = ""
    region: str = ""
    toll_free: bool = False
    primary: bool = False
    coverage: Coverage = UNKNOWN
    has_coverage: bool = False
    languages: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    msp_only: bool = False
    note: str = ""
    verified: Verified | None = None
    visibility: str = "public"
    value_status: str = "published"

    UNPUBLISHED: ClassVar[dict[str, str]] = {"issued_on_enrolment": "issued on enrolment",
                                             "shown_after_login": "shown after login",
                                             "not_published": "not published"}

    @property
    def published(self) -> bool:
        return bool(self.value)

    @property
    def display(self) -> str:
        if not self.value:
            return ("number " if self.kind == "phone" else "address ") + self.UNPUBLISHED.get(self.value_status,
                                                                                             "not published")
        return display_phone(self.value) if self.kind == "phone" else self.value

    @property
    def href(self) -> str:
        """A link: tel:, mailto: or https: only (an http: address is shown as text, never linked)."""
        if not self.value or self.value.lower().startswith("http:"):
            return ""
        if self.kind == "phone":
            return "tel:" + self.value
        if self.kind == "email" or (self.kind == "outage_alias" and not self.value.lower().startswith("http")):
            return "mailto:" + self.value
        return self.value


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    name: str = ""
    title: str = ""
    region: str = ""
    phone: str = ""
    mobile: str = ""
    email: str = ""
    note: str = ""
    visibility: str = "internal"

    @property
    def label(self) -> str:
        """The name; else the title as published ("VP Customer Service"); else the generic role."""
        return self.name or self.title or self.role.replace("_", " ").title()

    @property
    def display(self) -> str:
        return display_phone(self.phone) if self.phone else (self.email or "")

    @property
    def href(self) -> str:
        if self.phone:
            return "tel:" + self.phone
        return "mailto:" + self.email if self.email else ""


@dataclass(frozen=True, kw_only=True)
class FirstLine:
    """A first line run by a partner: the partner is the line to call first, the vendor the second line."""

    partner: str
    contact: str | None = None
    note: str = ""
