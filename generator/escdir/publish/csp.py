"""Content-Security-Policy for every generated page, as a ``<meta http-equiv>`` tag.

The site is static and often served by hosts whose headers we do not control, so the policy travels in
the page itself, as the first element of ``<head>`` after ``<meta charset>`` (a policy applies only to
what comes after it).

Only escdir's own scripts run: files of the site (``script-src 'self'``). The policy is never derived from
the finished page, so a ``<script>`` that reaches a page (written into a hand-written page under
``site_src/``, or vendor data that got past escaping) is refused by the browser, which reports the
violation. Material's own inline snippets are served as files for that reason (:data:`THEME_DIR`
overrides its ``partials/javascripts/*`` templates). An author who really wants an inline script in a
hand-written page lists that page under the plugin's ``allow_inline_scripts`` option; only that page's
own scripts are then hashed into its policy.

``style-src`` allows the site's files only: the pages have no ``<style>`` elements and no ``style``
attributes, and what Material's scripts change (``element.style``, CSSOM) is not governed by CSP.
``break-glass.html`` (one file opened from disk, no scripts) gets :data:`STANDALONE`, whose style hashes
come from escdir's own template (:func:`template_style_hashes`). ``frame-ancestors`` is ignored in a meta
tag, so it is left to the web server. :func:`add_csp` is called from the plugin's ``on_post_page``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

#: Theme templates and files escdir adds before Material's own: its inline snippets as files of the site.
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"

#: Inline script elements (no ``src``) and style elements, with their exact text as the browser hashes it.
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
#: Script types a browser does not run (data blocks such as Material's ``__config``); CSP does not apply to them.
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(application/(ld\+)?json|text/template)""", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_EXISTING = re.compile(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>\s*", re.IGNORECASE)

#: For pages served by the site (same origin): its own files, plus the hashes of an opted-in page's scripts.
SITE = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self'{styles}; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'")
#: For a single self-contained file opened from disk: nothing from anywhere, except its own hashed styles.
STANDALONE = ("default-src 'none'; style-src{styles}; img-src data:; object-src 'none'; base-uri 'none'; "
              "form-action 'none'")


def sha256_source(text: str) -> str:
    """``'sha256-…'`` of ``text`` as UTF-8, as a CSP source expression."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of each inline script a browser would run in ``html`` (no ``src``, not a JSON data block)."""
    return [m.group("body") for m in _SCRIPT.finditer(html)
            if not _SRC.search(m.group("attrs")) and not _DATA_TYPE.search(m.group("attrs"))]


def inline_hashes(html: str) -> tuple[list[str], list[str]]:
    """(script hashes, style hashes) of the inline ``<script>`` and ``<style>`` elements of ``html``, each once,
    in document order. Used only for what escdir itself wrote or an author opted in, never for a finished page."""
    styles = [m.group("body") for m in _STYLE.finditer(html)]
    return (list(dict.fromkeys(map(sha256_source, inline_scripts(html)))),
            list(dict.fromkeys(map(sha256_source, styles))))


@lru_cache(maxsize=8)
def template_style_hashes(name: str) -> tuple[str, ...]:
    """Hashes of the ``<style>`` blocks of escdir's template ``name`` (static text: no Jinja inside them)."""
    source = (Path(__file__).resolve().parent.parent / "templates" / name).read_text(encoding="utf-8")
    bodies = [m.group("body") for m in _STYLE.finditer(source)]
    if any("{{" in b or "{%" in b for b in bodies):
        raise RuntimeError(f"{name}: a <style> block with template code cannot be hashed from the template")
    return tuple(dict.fromkeys(map(sha256_source, bodies)))


def policy(*, template: str = SITE, scripts: Iterable[str] = (), styles: Iterable[str] = (),
           serve: bool = False) -> str:
    """The policy: ``template`` with the given script and style hashes. ``serve`` (``mkdocs serve`` only, whose
    live-reload script changes on every request) allows any inline script."""
    script_src = " 'unsafe-inline'" if serve else "".join(" " + h for h in dict.fromkeys(scripts))
    style_src = "".join(" " + h for h in dict.fromkeys(styles))
    if template == STANDALONE and not style_src:
        style_src = " 'none'"
    return template.format(scripts=script_src, styles=style_src)


def add_csp(html: str, *, template: str = SITE, scripts: Iterable[str] = (), styles: Iterable[str] = (),
            serve: bool = False) -> str:
    """``html`` with its CSP meta tag first in ``<head>`` (after ``<meta charset>``), replacing any earlier one."""
    html = _EXISTING.sub("", html)
    content = policy(template=template, scripts=scripts, styles=styles, serve=serve)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:  # not a full document (a fragment): nothing to attach a policy to
        return html
    return html[: anchor.end()] + tag + html[anchor.end():]
