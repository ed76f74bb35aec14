"""The single Jinja2 environment: autoescape on, StrictUndefined, model objects in, text out."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from escdir.model import CANONICAL_TITLES, Target
from escdir.model.coverage import Coverage
from escdir.model.durations import Duration
from escdir.model.phones import display_phone

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
SAFE_SCHEMES = ("https://", "mailto:", "tel:")


def md_text(value: Any) -> str:
    """Text safe to place in Markdown source: HTML-escaped, then Markdown syntax backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(escape(str(value))))


def safe_href(url: str) -> str:
    """Only https:, mailto: and tel: survive; anything else becomes an inert fragment."""
    return url if url.lower().startswith(SAFE_SCHEMES) else "#unsafe-link"


def ltr(text: str) -> Markup:
    """``text`` (escaped) isolated left-to-right: a phone number, address or id that no text around it
    (a right-to-left name, say) can reorder. Phone numbers (``+…``) also get ``esc-num``: never wrapped."""
    cls = ' class="esc-num"' if str(text).startswith("+") else ""
    return Markup(f'<bdi dir="ltr"{cls}>') + escape(text) + Markup("</bdi>")


_NUMBER = re.compile(r"\+\d[\d ()\-]*\d")


def ltr_numbers(text: str) -> Markup:
    """``text`` (escaped) with each international phone number in it isolated as by :func:`ltr`."""
    out, pos = Markup(""), 0
    for m in _NUMBER.finditer(str(text)):
        out += escape(text[pos:m.start()]) + ltr(m.group())
        pos = m.end()
    return out + escape(text[pos:])


def duration(value: Duration | Target | None) -> str:
    if value is None:
        return "—"
    return value.human()


def coverage_json(cov: Coverage, vendor_zone: str | None) -> str:
    """Data for the 'open now' script (:func:`escdir.derive.facts.open_now_data`): 'always', 'unknown', or weekly windows
    with the holiday dates of the coverage's calendar ('local' zone = the browser's)."""
    from escdir import today
    from escdir.derive.facts import Reader, open_now_data

    return json.dumps(open_now_data(cov, vendor_zone, today(), Reader()), separators=(",", ":"))


def wbr(text: str) -> Markup:
    """``text`` escaped, with ``<wbr>`` in its very long words (:func:`escdir.present.longwords.break_long_words`)."""
    from escdir.present.longwords import break_long_words

    return Markup(break_long_words(str(escape(text))))  # noqa: S704  (escaped above; only <wbr> is added)


def possessive(name: str) -> str:
    """``Northwind Networks'`` for a name ending in a plural-looking lower-case s, otherwise ``Acme's`` (also ``AWS's``)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("escdir", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "svg", "md", "xml"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(phone=display_phone, ltr=ltr, ltr_numbers=ltr_numbers, md_text=md_text, safe_href=safe_href, duration=duration, coverage_json=coverage_json,
                       slug=slug, wbr=wbr, possessive=possessive, tojson_compact=lambda v: json.dumps(v, separators=(",", ":")))
    env.globals.update(CANONICAL_TITLES=CANONICAL_TITLES, Markup=Markup)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
