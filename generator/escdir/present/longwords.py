"""Break opportunities (``<wbr>``) inside very long words of a page's text.

Vendor data can hold a 3,000-character word. In a table cell such a word is the cell's minimum width,
so the table grows to tens of thousands of pixels; ``overflow-wrap: break-word`` does not change that
minimum, and ``overflow-wrap: anywhere`` does, but for every word, so on a phone the table layout then
squeezes columns and breaks ordinary words ("hie/rar/chi/cal"). A ``<wbr>`` every :data:`CHUNK`
characters inside words longer than :data:`LONG` bounds the minimum width of only those words: normal
words stay whole, what is copied or searched is unchanged (``<wbr>`` adds no character).

Only text between tags is touched, never attributes, and not inside ``head``, ``script``, ``style``,
``textarea``, ``title``, ``svg`` or ``pre`` (whitespace there is significant or text is not HTML).
"""

from __future__ import annotations

import re

LONG = 30
CHUNK = 16
_SKIP = re.compile(r"<(head|script|style|textarea|title|svg|pre)\b.*?</\1\s*>", re.DOTALL)
_UNIT = re.compile(r"&[#\w]+;|.", re.DOTALL)


def _break_word(word: str) -> str:
    units = _UNIT.findall(word)
    if len(units) <= LONG:
        return word
    return "<wbr>".join("".join(units[i:i + CHUNK]) for i in range(0, len(units), CHUNK))


_TOKEN = re.compile(r"<[^>]*>|[^<]+")
_LONG_WORD = re.compile(r"[^\s<>]{" + str(LONG + 1) + ",}")


def _text_runs(html: str) -> list[tuple[int, int]]:
    """(start, end) of each run longer than LONG of text characters (not space, not a tag bracket) that stands
    in text: not inside a tag (an attribute) nor inside a skipped element. One linear pass over the page's tokens
    (tags and text), so a 4 MB break-glass page costs the same per byte as a small one."""
    skipped = [m.span() for m in _SKIP.finditer(html)]
    runs = []
    k = 0
    for token in _TOKEN.finditer(html):
        start = token.start()
        if html[start] == "<":
            continue
        while k < len(skipped) and skipped[k][1] <= start:
            k += 1
        if k < len(skipped) and skipped[k][0] <= start:
            continue
        for word in _LONG_WORD.finditer(html, start, token.end()):
            text = word.group()
            if '"' not in text and "'" not in text:  # a raw quote is an attribute's, escaped text has &#34;
                runs.append(word.span())
    return runs


def break_long_words(html: str) -> str:
    """``html`` with ``<wbr>`` every :data:`CHUNK` characters in text words longer than :data:`LONG`."""
    out, pos = [], 0
    for start, end in _text_runs(html):
        out += [html[pos:start], _break_word(html[start:end])]
        pos = end
    return "".join(out) + html[pos:] if out else html
