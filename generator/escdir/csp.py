"""Content-Security-Policy for every generated page, as a ``<meta http-equiv>`` tag.

The site is static and often served by hosts whose headers we do not control, so the policy travels in
the page itself, as the first element of ``<head>`` after ``<meta charset>`` (a policy applies only to
what comes after it). It allows the site's own files and, instead of ``'unsafe-inline'``, the SHA-256
hash of each inline ``<script>`` and ``<style>`` in that very page (Material's base template has inline
scripts). Should vendor data ever get past escaping into markup, a script it injected would not run.

``style-src`` has no ``'unsafe-inline'`` either: the pages have no ``style`` attributes, and what
Material's scripts change (``element.style``, CSSOM) is not governed by CSP. ``frame-ancestors`` is
ignored in a meta tag, so it is left to the web server. :func:`add_csp` is called from the plugin's
``on_post_page``; ``break-glass.html`` (a file opened from disk, no scripts) gets :data:`STANDALONE`.
"""

from __future__ import annotations

import base64
import hashlib
import re

#: Inline script elements (no ``src``) and style elements, with their exact text as the browser hashes it.
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_EXISTING = re.compile(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>\s*", re.IGNORECASE)

#: For pages served by the site (same origin): its own files, plus hashed inline code.
SITE = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self'{styles}; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'")
#: For a single self-contained file opened from disk: nothing from anywhere, except its own hashed styles.
STANDALONE = ("default-src 'none'; style-src{styles}; img-src data:; object-src 'none'; base-uri 'none'; "
              "form-action 'none'")


def sha256_source(text: str) -> str:
    """``'sha256-…'`` of ``text`` as UTF-8, as a CSP source expression."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(html: str) -> tuple[list[str], list[str]]:
    """(script hashes, style hashes) of the inline ``<script>`` and ``<style>`` elements of ``html``,
    each hash once, in document order."""
    scripts = [m.group("body") for m in _SCRIPT.finditer(html) if not _SRC.search(m.group("attrs"))]
    styles = [m.group("body") for m in _STYLE.finditer(html)]
    return (list(dict.fromkeys(map(sha256_source, scripts))), list(dict.fromkeys(map(sha256_source, styles))))


def policy(html: str, *, template: str = SITE, inline_scripts: bool = False, styles_added: tuple[str, ...] = ()) -> str:
    """The policy for ``html``: ``template`` with the page's hashes filled in. ``inline_scripts`` (for
    ``mkdocs serve`` only, whose live-reload script changes on every request) allows any inline script.
    ``styles_added``: hashes of style elements the theme's own scripts create (Zensical's search dialog)."""
    scripts, styles = inline_hashes(html)
    styles += [h for h in styles_added if h not in styles]
    script_src = " 'unsafe-inline'" if inline_scripts else "".join(" " + h for h in scripts)
    style_src = "".join(" " + h for h in styles)
    if template == STANDALONE and not style_src:
        style_src = " 'none'"
    return template.format(scripts=script_src, styles=style_src)


def add_csp(html: str, *, template: str = SITE, inline_scripts: bool = False, styles_added: tuple[str, ...] = ()) -> str:
    """``html`` with its CSP meta tag first in ``<head>`` (after ``<meta charset>``), replacing any earlier one."""
    html = _EXISTING.sub("", html)
    content = policy(html, template=template, inline_scripts=inline_scripts, styles_added=styles_added)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:  # not a full document (a fragment): nothing to attach a policy to
        return html
    return html[: anchor.end()] + tag + html[anchor.end():]
