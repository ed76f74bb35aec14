"""Synthetic vendor files for the benchmark, derived from the sample entries in vendors/.

Each synthetic vendor starts from one of the samples (round robin, so every shape is represented)
and gets a new identity: id, name, aliases, products, domains, people, contract numbers, join keys,
dates and phone numbers, plus some variety in size (optional sections dropped, lists trimmed, extra
regional phone lines added on some vendors).

Phone numbers come only from ranges reserved for fiction, handed out without repeats so the
cross-file duplicate-phone warning (ESC305) does not fire:

    +1 202-555-01xx        100 numbers     (geographic, US)
    +44 20 7946 0xxx       1,000 numbers   (geographic, UK)
    +61 2 5550 xxxx        40,000 numbers  (geographic, AU; also 3 7010, 7 5550 and 8 7010)
    +33 1 99 00 xx xx      10,000 numbers  (geographic, FR)
    +1 8xx-555-01xx        700 numbers     (toll-free, US: 800/888/877/866/855/844/833)
    +44 808 157 0xxx       1,000 numbers   (toll-free, UK)

Contact lines (the ones ESC305 compares) are unique up to ~53,800 lines (~10,300 vendors); beyond
that the allocator wraps around and counts the repeats in ``Stats.duplicate_phones``. People's
direct numbers are not compared across files, so they are drawn from a separate, wrapping sequence.

Usage::

    python bench/synth.py --n 200 --out /tmp/vendors        # writes /tmp/vendors/<id>.yaml
"""

from __future__ import annotations

import argparse
import copy
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "vendors"
TODAY = date(2026, 11, 23)  # matches ESCDIR_TODAY in the benchmark environment

# ---- loading the samples without YAML 1.1 surprises ---------------------------------------------


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loader where only true/false are booleans (keeps the key `on:` of `verified` a string)."""


_Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:bool"]
                                   for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))

_DOMAIN = re.compile(r"(?<![\w-])([a-z0-9-]+)\.example\.(com|net|org)")


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Block style like the samples, with short all-scalar lists and mappings inline (`[en, fr]`, `{on: ...}`)."""


def _short_scalars(items: list[Any]) -> bool:
    return all(not isinstance(x, (list, dict)) for x in items) and len(repr(items)) < 100


def _repr_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_short_scalars(data))


def _repr_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    node = dumper.represent_mapping("tag:yaml.org,2002:map", data.items())  # keeps insertion order
    node.flow_style = len(data) > 1 and _short_scalars(list(data.values())) and len(repr(data)) < 110
    return node


_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(dict, _repr_dict)

# ---- word lists ----------------------------------------------------------------------------------

_ONSETS = ["b", "br", "c", "cr", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "kr", "l", "m", "n", "p",
           "pr", "qu", "r", "s", "st", "t", "tr", "v", "vr", "w", "z", "sh", "th", "al", "el", "or", "an", "is"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "y"]
_CODAS = ["", "n", "r", "x", "l", "s", "th", "nd", "rk", "m", "v", "t"]
_SUFFIX_BY_CATEGORY = {
    "network-hardware": ["Networks", "Switching", "Routing", "Netware"],
    "saas": ["Cloud", "Online", "Hub", "Ledger", "Apps"],
    "virtualisation": ["Virtual Systems", "Hypervisor", "Compute", "VirtualWorks"],
    "carrier": ["Fibre", "Telecom", "Carrier Services", "Connect", "Wave"],
    "security": ["Security", "Shield", "Defence", "Secure"],
    "erp": ["ERP", "Business Software", "Enterprise", "Systems"],
}
_FIRST = ["Ada", "Bilal", "Chen", "Dara", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kaito", "Lena",
          "Mateo", "Nia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Viktor", "Wen", "Ximena",
          "Yusuf", "Zofia", "Aiko", "Bruno", "Carmen", "Dmitri", "Esme", "Farah", "Goran", "Hana", "Ivo"]
_LAST = ["Abara", "Brennan", "Castell", "Dubois", "Eriksen", "Fontaine", "Gallo", "Haddad", "Ivanova", "Jansen",
         "Kowalski", "Lindgren", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rahman", "Silva", "Tanaka",
         "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zeller", "Achterberg", "Bianchi", "Costa", "Delacroix"]
_REGIONS = [("APAC", "Australia/Sydney"), ("EMEA", "Europe/London"), ("FR", "Europe/Paris"),
            ("DACH", "Europe/Berlin"), ("Nordics", "Europe/Stockholm"), ("Americas", "America/New_York"),
            ("LATAM", "America/Sao_Paulo"), ("ANZ", "Australia/Melbourne"), ("Benelux", "Europe/Amsterdam")]
_PRODUCT_WORDS = ["Gateway", "Controller", "Edge", "Console", "Agent", "Appliance", "Vault", "Fabric", "Sensor",
                  "Analytics", "Connector", "Director", "Backup", "Mobile", "Portal", "Orchestrator"]
_OUR_DOMAIN_LABELS = {"ops"}  # owner mailboxes of our own organisation: leave them alone

# ---- phone numbers -------------------------------------------------------------------------------


def _pool_us():
    return [f"+1 202-555-01{i:02d}" for i in range(100)]


def _pool_gb():
    return [f"+44 20 7946 0{i:03d}" for i in range(1000)]


def _pool_au():
    # ACMA's ranges for fiction: 02 5550, 03 7010, 07 5550 and 08 7010, each xxxx
    return [f"+61 {area} {i:04d}" for area in ("2 5550", "3 7010", "7 5550", "8 7010") for i in range(10000)]


def _pool_fr():
    return [f"+33 1 99 00 {i // 100:02d} {i % 100:02d}" for i in range(10000)]


def _pool_us_free():
    return [f"+1 {a}-555-01{i:02d}" for a in (800, 888, 877, 866, 855, 844, 833) for i in range(100)]


def _pool_gb_free():
    return [f"+44 808 157 0{i:03d}" for i in range(1000)]


class PhoneAllocator:
    """Hands out fictional numbers without repeats, preferring the template number's country."""

    GEO_FALLBACK = ("au", "fr", "gb", "us")

    def __init__(self, rng: random.Random) -> None:
        self.pools = {"us": _pool_us(), "gb": _pool_gb(), "au": _pool_au(), "fr": _pool_fr(),
                      "us_free": _pool_us_free(), "gb_free": _pool_gb_free()}
        for pool in self.pools.values():
            rng.shuffle(pool)
        self.next = dict.fromkeys(self.pools, 0)
        self.duplicates = 0
        self.rng = rng
        self._people_i = 0

    def _take(self, name: str) -> str | None:
        i = self.next[name]
        if i >= len(self.pools[name]):
            return None
        self.next[name] = i + 1
        return self.pools[name][i]

    @staticmethod
    def _country(number: str) -> str:
        digits = re.sub(r"\D", "", number)
        for prefix, name in (("1", "us"), ("44", "gb"), ("61", "au"), ("33", "fr")):
            if digits.startswith(prefix):
                return name
        return "au"

    def contact(self, template_number: str, toll_free: bool) -> tuple[str, bool]:
        """A new unique number; returns (number, still_toll_free)."""
        country = self._country(template_number)
        if toll_free:
            order = ("gb_free", "us_free") if country == "gb" else ("us_free", "gb_free")
            for name in order:
                got = self._take(name)
                if got:
                    return self._styled(got), True
        for name in (country,) + tuple(c for c in self.GEO_FALLBACK if c != country):
            got = self._take(name)
            if got:
                return self._styled(got), False
        # Every fictional range is used up: repeat (counted; the bench reports ESC305 warnings then).
        self.duplicates += 1
        return self._styled(self.rng.choice(self.pools["au"])), False

    def person(self) -> str:
        """People's direct lines are not compared across files: a wrapping sequence is fine."""
        pool = self.pools["fr"]
        self._people_i += 1
        return self._styled(pool[-(self._people_i % len(pool)) - 1])

    def _styled(self, number: str) -> str:
        """Vary the notation the way people type numbers (all forms parse to the same E.164)."""
        r = self.rng.random()
        if r < 0.7:
            return number
        if r < 0.85:
            return "+" + re.sub(r"\D", "", number)
        cc, rest = number.split(" ", 1)
        return cc + " " + re.sub(r"[\s-]+", "-", rest)


# ---- generation ----------------------------------------------------------------------------------


@dataclass
class Stats:
    files: int = 0
    bytes: int = 0
    contact_phones: int = 0
    duplicate_phones: int = 0
    stale: int = 0
    per_template: dict[str, int] = field(default_factory=dict)


def load_samples(samples_dir: Path = SAMPLES) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(samples_dir.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        if isinstance(data, dict) and "id" in data and "contacts" in data:
            out.append((path.stem, data))
    if not out:
        raise SystemExit(f"no sample vendors in {samples_dir}")
    return out


def _word(rng: random.Random, syllables: int) -> str:
    w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)) + rng.choice(_CODAS)
    return w.capitalize()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()


def _review_days(every: str | None) -> int:
    m = re.fullmatch(r"(\d+)(d|w|mo|y)", every or "")
    if not m:
        return 180
    n, unit = int(m.group(1)), m.group(2)
    return n * {"d": 1, "w": 7, "mo": 28, "y": 365}[unit]


def _map_strings(obj: Any, fn) -> Any:
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, list):
        return [_map_strings(x, fn) for x in obj]
    if isinstance(obj, dict):
        return {k: _map_strings(v, fn) for k, v in obj.items()}
    return obj


def _referenced_ids(d: dict[str, Any]) -> set[str]:
    """Contact/person ids used as references anywhere (ladders, levels, rma, not_escalatable)."""
    refs: set[str] = set()
    esc = d.get("escalation") or {}
    for lv in esc.get("levels", ()):
        refs.add(lv.get("whom"))
    for lad in esc.get("ladders", ()):
        refs.update(s.get("whom") for s in lad.get("steps", ()))
    for n in esc.get("not_escalatable", ()):
        refs.add(n.get("instead"))
    refs.add((d.get("rma") or {}).get("contact"))
    refs.discard(None)
    return refs


class Generator:
    def __init__(self, seed: int = 20261123, samples_dir: Path = SAMPLES) -> None:
        self.rng = random.Random(seed)
        self.samples = load_samples(samples_dir)
        self.phones = PhoneAllocator(random.Random(seed + 1))
        self.used_ids: set[str] = {stem for stem, _ in self.samples}
        self.used_names: set[str] = {d["name"] for _, d in self.samples}
        self.stats = Stats()

    # identity -------------------------------------------------------------------------------------
    def _identity(self, category: str) -> tuple[str, str]:
        suffixes = _SUFFIX_BY_CATEGORY.get(category, ["Systems", "Technologies", "Solutions"])
        for attempt in range(1000):
            first = _word(self.rng, self.rng.choice((1, 2, 2, 3)))
            name = f"{first} {self.rng.choice(suffixes)}"
            if attempt > 20:
                name += f" {self.rng.choice(['Group', 'International', 'Labs', 'Partners', 'Global'])}"
            vid = _slug(name)
            if vid not in self.used_ids and name not in self.used_names and len(vid) >= 3:
                self.used_ids.add(vid)
                self.used_names.add(name)
                return vid, name
        raise RuntimeError("could not find a fresh vendor name")

    # one vendor -----------------------------------------------------------------------------------
    def vendor(self, index: int) -> tuple[str, dict[str, Any], str]:
        rng = self.rng
        stem, template = self.samples[index % len(self.samples)]
        d = copy.deepcopy(template)
        old_name, old_id = d["name"], d["id"]
        old_first = old_name.split()[0]
        vid, name = self._identity(d.get("category", "other"))
        first = name.split()[0]
        abbr = _initials(name) if len(name.split()) > 1 else name[:3].upper()
        old_abbrs = [a for a in d.get("aliases", ()) if re.fullmatch(r"[A-Z]{2,5}", a)]
        domain = _slug(first) + self.rng.choice(["", "-" + _slug(name.split()[1])[:8]]) if len(name.split()) > 1 \
            else _slug(first)
        website_label = re.search(r"//(?:[a-z0-9-]+\.)*?([a-z0-9-]+)\.example\.", d.get("website", "") or "")
        main_label = website_label.group(1) if website_label else _slug(old_first)

        people_names: dict[str, str] = {}
        for p in d.get("people", ()):
            nm = p.get("name", "")
            if re.fullmatch(r"[A-ZÀ-Ý][\w\u00c0-\u017f'-]+ [A-ZÀ-Ý][\w\u00c0-\u017f'-]+", nm):
                people_names[nm] = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
                # Short forms used in notes, e.g. "D. Rivera".
                people_names[f"{nm[0]}. {nm.split()[1]}"] = f"{people_names[nm][0]}. {people_names[nm].split()[1]}"

        def domain_sub(m: re.Match[str]) -> str:
            label = m.group(1)
            if label in _OUR_DOMAIN_LABELS:
                return m.group(0)
            new = domain if label == main_label else f"{domain}-{label.rsplit('-', 1)[-1]}"
            return f"{new}.example.{m.group(2)}"

        replacements = [(old_name, name), (old_id, vid), (old_first, first)]
        replacements += [(a, abbr + ("" if i == 0 else str(i + 1))) for i, a in enumerate(old_abbrs)]
        replacements += list(people_names.items())
        pattern = re.compile("|".join(r"(?<![\w])" + re.escape(k) for k, _ in
                                      sorted(replacements, key=lambda kv: -len(kv[0]))))
        table = dict(replacements)

        def rewrite(s: str) -> str:
            s = _DOMAIN.sub(domain_sub, s)
            return pattern.sub(lambda m: table[m.group(0)], s)

        d = _map_strings(d, rewrite)
        d["id"], d["name"] = vid, name
        for p in d.get("people", ()):
            if p.get("name") in people_names.values() and "@" in p.get("email", ""):
                host = p["email"].split("@", 1)[1]
                p["email"] = _slug(p["name"]).replace("-", ".") + "@" + host

        # aliases: abbreviation, first word, a former name, sometimes a product brand
        aliases = [abbr, first]
        if rng.random() < 0.5:
            aliases.append(f"{name} Inc." if rng.random() < 0.5 else f"{_word(rng, 2)} {name.split()[-1]} (former name)")
        if rng.random() < 0.3:
            aliases.append(f"{first}{rng.choice(['OS', 'Cloud', 'Link', 'One'])}")
        d["aliases"] = list(dict.fromkeys(a for a in aliases if a and a != name))

        # products: trim or add a few
        products = list(d.get("products", ()))
        rng.shuffle(products)
        products = products[: max(1, len(products) - rng.randint(0, 2))]
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            products.append(f"{first} {rng.choice(_PRODUCT_WORDS)} {rng.randint(2, 99) * 100}")
        d["products"] = list(dict.fromkeys(products))

        # dates: fresh within the review window for most; ~3% stale on purpose (warning ESC301)
        window = _review_days(d.get("review_every"))
        stale = rng.random() < 0.03
        age = rng.randint(window + 5, window + 120) if stale else rng.randint(0, max(1, int(window * 0.85)))
        d["last_verified"] = TODAY - timedelta(days=age)
        self.stats.stale += stale

        # phone numbers: every contact line unique across all generated files
        for c in d.get("contacts", ()):
            if c.get("kind") == "phone":
                number, still_free = self.phones.contact(c["value"], bool(c.get("toll_free")))
                c["value"] = number
                if c.get("toll_free") and not still_free:
                    del c["toll_free"]
                self.stats.contact_phones += 1
        for p in d.get("people", ()):
            for k in ("phone", "mobile"):
                if p.get(k):
                    p[k] = self.phones.person()

        # extra regional lines on some vendors (bigger pages, more numbers)
        extra = rng.choices((0, 1, 2, 4, 8), weights=(55, 20, 15, 7, 3))[0]
        sev_ids = [s["id"] for s in d.get("severities", ())]
        for k in range(extra):
            region, tz = rng.choice(_REGIONS)
            number, _ = self.phones.contact("+61", False)
            line: dict[str, Any] = {
                "id": f"line-{_slug(region)}-{k + 1}", "kind": "phone",
                "label": f"Technical support, {region} (local line {k + 1})", "value": number, "region": region,
            }
            if rng.random() < 0.5:
                line["coverage"] = "24x7"
            else:
                line["coverage"] = {"days": "mon-fri", "hours": rng.choice(["08:00-18:00", "09:00-17:00"]),
                                    "timezone": tz}
            line["languages"] = rng.sample(["en", "fr", "de", "es", "ja", "pt", "sv", "nl"], rng.randint(1, 3))
            if sev_ids and rng.random() < 0.4:
                line["severities"] = sev_ids[1:] or sev_ids
            line["verified"] = {"on": TODAY - timedelta(days=rng.randint(0, 200)),
                                "method": rng.choice(["test_call", "vendor_document"])}
            d["contacts"].append(line)
            self.stats.contact_phones += 1

        # optional sections and list lengths vary
        for key, p_drop in (("tsanet", 0.3), ("security_contact", 0.2), ("internal_notes", 0.3),
                            ("obligations", 0.2), ("tiers", 0.2), ("join_keys", 0.15), ("severity_changes", 0.2)):
            if key in d and rng.random() < p_drop:
                del d[key]
        for s in d.get("severities", ()):
            if s.get("examples"):
                s["examples"] = s["examples"][: rng.randint(1, len(s["examples"]))]
        esc = d.get("escalation") or {}
        for key in ("functional_triggers", "hierarchical_triggers"):
            if esc.get(key):
                esc[key] = esc[key][: rng.randint(1, len(esc[key]))]
        if d.get("sources"):
            d["sources"] = d["sources"][: rng.randint(1, len(d["sources"]))]
        refs = _referenced_ids(d)
        unref_people = [p for p in d.get("people", ()) if p["id"] not in refs]
        if unref_people and rng.random() < 0.3:
            d["people"].remove(rng.choice(unref_people))

        # join keys: vendor-specific
        jk = d.get("join_keys") or {}
        if "serial_prefixes" in jk:
            jk["serial_prefixes"] = list(dict.fromkeys(f"{abbr[:3]}{rng.randint(1, 99)}" for _ in jk["serial_prefixes"]))
        if "circuit_ids" in jk:
            jk["circuit_ids"] = list(dict.fromkeys(
                f"{abbr[:3]}/{rng.choice(['LDN', 'PAR', 'FRA', 'AMS', 'NYC', 'SYD'])}/"
                f"{rng.choice(['EPL', 'WAV', 'IPT', 'DIA'])}/{rng.randint(0, 999999):06d}" for _ in jk["circuit_ids"]))
        if "asns" in jk:
            jk["asns"] = sorted({rng.choice([rng.randint(64496, 64511), rng.randint(65536, 65551),
                                             rng.randint(4200000000, 4294967294)]) for _ in jk["asns"]})
        for c in d.get("contracts", ()):
            c["number"] = re.sub(r"\d", lambda _m: str(rng.randint(0, 9)), c["number"])

        order = list(template)  # keep the sample's key order
        d = {k: d[k] for k in order if k in d} | {k: v for k, v in d.items() if k not in order}
        return vid, d, stem

    def write(self, n: int, out_dir: Path) -> list[Path]:
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for i in range(n):
            vid, data, stem = self.vendor(i)
            text = (f"# yaml-language-server: $schema=../schema/vendor.schema.json\n"
                    f"# Synthetic benchmark vendor #{i + 1}, derived from the {stem} sample.\n")
            text += yaml.dump(data, Dumper=_Dumper, allow_unicode=True, width=110)
            path = out_dir / f"{vid}.yaml"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            self.stats.files += 1
            self.stats.bytes += len(text.encode("utf-8"))
            self.stats.per_template[stem] = self.stats.per_template.get(stem, 0) + 1
        self.stats.duplicate_phones = self.phones.duplicates
        return paths


def generate(n: int, out_dir: Path, *, seed: int = 20261123, samples_dir: Path = SAMPLES) -> tuple[list[Path], Stats]:
    """Write ``n`` synthetic vendor files into ``out_dir``; returns their paths and size statistics."""
    gen = Generator(seed=seed, samples_dir=samples_dir)
    paths = gen.write(n, out_dir)
    return paths, gen.stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20261123)
    args = ap.parse_args()
    paths, stats = generate(args.n, args.out, seed=args.seed)
    print(f"{len(paths)} files, {stats.bytes / 1e6:.1f} MB, {stats.contact_phones} contact phone lines, "
          f"{stats.duplicate_phones} repeated, {stats.stale} stale on purpose -> {args.out}")


if __name__ == "__main__":
    main()
