"""vCards (3.0, via vobject) so engineers carry vendor hotlines in their phone's contacts.

One card per vendor: ORG, FN/N (the vendor name), one TEL per phone line in E.164 with
``TYPE=work,voice`` and a label (``itemN.X-ABLabel``, which iOS, macOS and Android show next to the
number), EMAIL for outage aliases and e-mail contacts, URL of the portal, and a NOTE carrying the
contract number(s) and the Sev1 rule. No REV or other clock value, so the files are reproducible.
"""

from __future__ import annotations

import vobject

from escdir.derive.outage.card import sev1_rules
from escdir.derive.reader import Reader
from escdir.derive.view import VendorView, vendor_view
from escdir.model import Contact, Vendor


def _label(c: Contact) -> str:
    base = c.label or c.region or c.kind.replace("_", " ")
    extra = [c.region] if c.region and c.region not in base else []
    extra += ["toll-free"] if c.toll_free else []
    extra += [f"only {'/'.join(c.severities)}"] if c.severities else []
    return base + (f" ({', '.join(extra)})" if extra else "")


def note_text(v: Vendor, view: VendorView | None = None) -> str:
    """Contract numbers and Sev1 rules, one per line."""
    view = view or vendor_view(v, Reader())
    lines = [f"Contract {c.number} ({view.plan_name(c.plan)})" for c in v.contracts]
    lines += [f"Sev1 {sid}: {rule}" for sid, rule in sev1_rules(v)]
    lines += [f"Status page: {v.status_page}"] if v.status_page else []
    lines.append(f"escdir entry {v.id}, verified {v.last_verified.isoformat()}")
    return "\n".join(lines)


def vendor_card(v: Vendor, view: VendorView | None = None) -> str:
    """One vCard 3.0 as text (CRLF line ends, folded by vobject); the view's first line is the first number."""
    view = view or vendor_view(v, Reader())
    card = vobject.vCard()
    card.add("uid").value = f"escdir-{v.id}"
    card.add("n").value = vobject.vcard.Name(family=v.name)
    card.add("fn").value = v.name
    card.add("org").value = [v.name]
    card.add("categories").value = ["Vendor support", "escdir"]
    entries = [("tel", x.contact.value, ["work", "voice"] + (["pref"] if x.first else []), _label(x.contact))
               for x in view.published_lines]
    entries += [("email", c.value, ["INTERNET", "work"],
                 ("Outage alias" if c.kind == "outage_alias" else "E-mail") + f": {_label(c)}")
                for c in v.contacts if c.kind in ("outage_alias", "email")]
    for item, (kind, value, types, text) in enumerate(entries, start=1):
        prop = card.add(kind)
        prop.value, prop.type_param, prop.group = value, types, f"item{item}"
        label = card.add("x-ablabel")
        label.value, label.group = text, f"item{item}"
    portal = v.portal()
    if portal is not None:
        card.add("url").value = portal.value
    card.add("note").value = note_text(v, view)
    return card.serialize()


def files(vendors: list[Vendor], *, memo=None, views: dict[str, VendorView] | None = None) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """``vcards/<id>.vcf`` per vendor and ``vcards/all.vcf`` with every card, A–Z."""
    ordered = sorted(vendors, key=lambda v: (v.name.casefold(), v.id))
    views = views or {v.id: vendor_view(v, Reader()) for v in vendors}
    cards = {v.id: memo.get("vcard", v, (views[v.id].reader,), lambda v=v: vendor_card(v, views[v.id])) if memo
             else vendor_card(v, views[v.id]) for v in ordered}
    out = {f"vcards/{vid}.vcf": text.encode("utf-8") for vid, text in cards.items()}
    out["vcards/all.vcf"] = "".join(cards.values()).encode("utf-8")
    return out
