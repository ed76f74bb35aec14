"""Audiences: a client or public model simply has no internal values in it (enforced structurally).

Two rules decide what an audience sees, and every output (pages, Material's search index, sitemap, JSON API,
vCards, calendar, break-glass page) is made from the model :func:`restrict` returns, so all of them obey:

* :func:`visible`: an item marked ``visibility: internal`` (or ``client``) is shown only to that audience
  and the more trusted ones; :data:`INTERNAL_FIELDS` (the properties the schemas mark ``x-escdir-internal``)
  are never shown outside the internal build: emptied, or replaced by the field the mark names (a vendor's
  ``summary`` by its ``client_summary``).
* :func:`may_contact`: whom an audience may be told to contact. Outside the internal build nobody is sent
  to a line marked ``msp_only``, nor to any channel or person of a vendor whose support model is MSP only
  (the MSP raises every fault with such a vendor; its clients must never call it).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from escdir.model import CaseTemplate, Contact, Escalation, Person, Vendor
from escdir.model.msp import Client

VISIBILITY_ORDER = {"internal": 0, "client": 1, "public": 2}
T = TypeVar("T")

#: The schema keyword that marks a property internal: ``true``, or ``{"instead": "<sibling property>"}`` when
#: client and public outputs show that sibling in its place (``summary`` → ``client_summary``).
INTERNAL_KEYWORD = "x-escdir-internal"
#: The model class each schema file's top level becomes.
_ROOT_CLASSES = {"vendor": "Vendor", "msp": "Msp", "client": "Client"}


def _model_classes() -> dict[str, type]:
    from escdir import model
    from escdir.model import msp as msp_model

    return {name: obj for mod in (model, msp_model) for name, obj in vars(mod).items()
            if isinstance(obj, type) and dataclasses.is_dataclass(obj)}


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def internal_fields_from_schema(schema_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """``{model class: {field: field shown instead ('' = nothing)}}`` for every schema property marked
    :data:`INTERNAL_KEYWORD`, found by walking the shipped schemas.

    Schema objects map to model classes the way the builders map them: a ``$defs/<name>`` object is the class
    ``<Name>``; an object inline in an array ``<prop>`` of class ``C`` is ``C`` + the singular ``<Prop>``
    (``msp.tiers[]`` → ``MspTier``); an inline object ``<prop>`` is flattened into its parent with the prefix
    ``<prop>_`` (``owner.name`` → ``Vendor.owner_name``). A marked property that does not land on a model
    field is a programming error (RuntimeError): the list must never silently miss one.
    """
    from escdir.load.schema import SCHEMA_DIR

    folder = schema_dir or SCHEMA_DIR
    schemas = {f"{n}.schema.json": json.loads((folder / f"{n}.schema.json").read_text(encoding="utf-8"))
               for n in _ROOT_CLASSES}
    classes = _model_classes()
    out: dict[str, dict[str, str]] = {}
    seen: set[tuple[str, str, str]] = set()

    def resolve(node: dict[str, Any], file: str) -> tuple[dict[str, Any], str, str]:
        """(schema node, its file, its $defs name or '') after following one $ref."""
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return node, file, ""
        target_file, _, pointer = ref.partition("#")
        target_file = target_file or file
        name = pointer.removeprefix("/$defs/")
        return schemas[target_file]["$defs"][name], target_file, name

    def walk(node: dict[str, Any], file: str, cls: str, prefix: str) -> None:
        for name, prop in (node.get("properties") or {}).items():
            mark = prop.get(INTERNAL_KEYWORD)
            if mark:
                field, instead = prefix + name, mark.get("instead", "") if isinstance(mark, dict) else ""
                names = {f.name for f in dataclasses.fields(classes[cls])} if cls in classes else set()
                if field not in names or (instead and prefix + instead not in names):
                    raise RuntimeError(f"{file}: {name} is marked {INTERNAL_KEYWORD} but {cls}.{field} is not a "
                                       "model field")
                out.setdefault(cls, {})[field] = prefix + instead if instead else ""
            child, child_file, def_name = resolve(prop, file)
            if child.get("type") == "array" and isinstance(child.get("items"), dict):
                item, item_file, item_def = resolve(child["items"], child_file)
                item_cls = _camel(item_def) if item_def else cls + _camel(name.removesuffix("s"))
                if "properties" in item and (item_file, item_def or name, item_cls) not in seen:
                    seen.add((item_file, item_def or name, item_cls))
                    walk(item, item_file, item_cls, "")
            elif "properties" in child:
                key = (child_file, def_name or name, _camel(def_name) if def_name else cls)
                if key not in seen:
                    seen.add(key)
                    walk(child, child_file, *((_camel(def_name), "") if def_name else (cls, prefix + name + "_")))

    for root, cls in _ROOT_CLASSES.items():
        walk(schemas[f"{root}.schema.json"], f"{root}.schema.json", cls, "")
    return out


#: Text fields, by model class, that only the internal build shows, derived from the schemas' ``x-escdir-internal``
#: marks: emptied for every other audience, or replaced by the field named (``Vendor.summary`` → ``client_summary``).
INTERNAL_FIELDS: dict[str, dict[str, str]] = internal_fields_from_schema()
#: Parts of an MSP-only vendor that are about contacting it, hidden outside the internal build. The
#: ``support_note`` says how the MSP itself deals with the vendor ("our clients must never call …").
MSP_ONLY_VENDOR_FIELDS = ("support_note", "security_email", "security_url", "security_pgp_url", "escalation", "tiers", "case_template")


def blank_internal(obj: T) -> T:
    """``obj`` (a model dataclass) with its :data:`INTERNAL_FIELDS` emptied, or replaced by the field the schema
    names for other audiences (a vendor's ``summary`` becomes its ``client_summary``, or nothing)."""
    fields = INTERNAL_FIELDS.get(type(obj).__name__, {})
    changes = {f: getattr(obj, instead) if instead else "" for f, instead in fields.items()}
    if all(getattr(obj, f) == value for f, value in changes.items()):
        return obj
    return replace(obj, **changes)  # type: ignore[type-var]


# --------------------------------------------------------------------------------------------

def visible(visibility: str, audience: str) -> bool:
    """Whether an item marked ``visibility`` may be shown to ``audience``."""
    return VISIBILITY_ORDER[visibility] >= VISIBILITY_ORDER[audience]


def vendor_contactable(vendor: Vendor, audience: str) -> bool:
    """Whether ``audience`` may contact ``vendor`` at all (not when its support model is MSP only)."""
    return audience == "internal" or not vendor.msp_only


def may_contact(audience: str, party: Contact | Person, vendor: Vendor | None = None) -> bool:
    """The one rule for channels and people: may ``audience`` be shown (and so use) ``party``?

    ``vendor`` is the vendor the party belongs to (None for the MSP's own channels).
    """
    if audience == "internal":
        return True
    if vendor is not None and not vendor_contactable(vendor, audience):
        return False
    if isinstance(party, Contact) and party.msp_only:
        return False
    return visible(party.visibility, audience)


def restrict_contact(c: Contact) -> Contact:
    """A contact as shown outside the internal build: who verified it is internal."""
    return replace(c, verified=blank_internal(c.verified)) if c.verified else c


def restrict(vendor: Vendor, audience: str) -> Vendor:
    """A copy of ``vendor`` holding only what ``audience`` may see."""
    if audience == "internal":
        return vendor
    contacts = tuple(restrict_contact(c) for c in vendor.contacts if may_contact(audience, c, vendor))
    people = tuple(blank_internal(p) for p in vendor.people if may_contact(audience, p, vendor))
    kept = {c.id for c in contacts} | {p.id for p in people}

    def keep(ref: str | None) -> str | None:
        return ref if ref in kept else None

    reachable = vendor_contactable(vendor, audience)
    esc = vendor.escalation
    if not visible(esc.visibility, audience) or not reachable:
        esc = Escalation(visibility=esc.visibility)  # a mapping marked internal hides all of it
    esc = replace(
        esc,
        not_escalatable=tuple(replace(n, instead=keep(n.instead)) for n in esc.not_escalatable),
        levels=tuple(replace(lv, whom=keep(lv.whom)) for lv in esc.levels if visible(lv.visibility, audience)),
        ladders=tuple(replace(lad, steps=tuple(replace(s, whom=keep(s.whom)) for s in lad.steps))
                      for lad in esc.ladders if visible(lad.visibility, audience)),
    )
    rma = vendor.rma
    if rma is not None:
        rma = replace(rma, contact=keep(rma.contact)) if visible(rma.visibility, audience) else None
    case = vendor.case_template
    if not visible(case.visibility, audience) or not reachable:
        case = CaseTemplate(visibility=case.visibility)  # how to open a case: only for those who may
    hidden: dict[str, Any] = {} if reachable else {f: "" for f in MSP_ONLY_VENDOR_FIELDS if isinstance(getattr(vendor, f), str)}
    return blank_internal(replace(
        vendor, contacts=contacts, people=people, escalation=esc, rma=rma, case_template=case,
        tiers=tuple(t for t in vendor.tiers if visible(t.visibility, audience) and reachable),
        contracts=tuple(c for c in vendor.contracts if visible(c.visibility, audience)),
        audience=audience, **hidden,
    ))


def escalated_by_msp(vendor: Vendor, client: Client) -> bool:
    """Whether the MSP calls ``vendor`` for ``client``: always for a vendor the client may not contact."""
    exc = client.exception(vendor.id)
    return exc is None or exc.escalated_by_msp or not vendor_contactable(vendor, "client")
