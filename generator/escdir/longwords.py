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
_BRACKETS = re.compile(r"[<>]")
_UNIT = re.compile(r"&[#\w]+;|.", re.DOTALL)
_BEFORE, _AFTER = frozenset(" \t\r\n>"), frozenset(" \t\r\n<")


def _break_word(word: str) -> str:
    units = _UNIT.findall(word)
    if len(units) <= LONG:
        return word
    return "<wbr>".join("".join(units[i:i + CHUNK]) for i in range(0, len(units), CHUNK))


def _text_runs(html: str) -> list[tuple[int, int]]:
    """(start, end) of each run longer than LONG of text characters (not space, not a tag bracket) that
    stands in text: not inside a tag (an attribute) nor inside a skipped element. Candidates come from
    ``str.split`` (fast); only they are located and checked, so a page costs about a millisecond."""
    # A segment with a raw quote is an attribute (escaped text has &#34; and &#39;, never a raw quote).
    candidates = {seg for word in html.split() if len(word) > LONG
                  for seg in _BRACKETS.split(word) if len(seg) > LONG and '"' not in seg and "'" not in seg}
    if not candidates:
        return []
    skipped = [m.span() for m in _SKIP.finditer(html)]
    runs = set()
    for seg in candidates:
        i = html.find(seg)
        while i >= 0:
            end = i + len(seg)
            if ((i == 0 or html[i - 1] in _BEFORE) and (end == len(html) or html[end] in _AFTER)
                    and html.rfind("<", 0, i) <= html.rfind(">", 0, i)
                    and not any(a <= i < b for a, b in skipped)):
                runs.add((i, end))
            i = html.find(seg, end)
    return sorted(runs)


def break_long_words(html: str) -> str:
    """``html`` with ``<wbr>`` every :data:`CHUNK` characters in text words longer than :data:`LONG`."""
    out, pos = [], 0
    for start, end in _text_runs(html):
        out += [html[pos:start], _break_word(html[start:end])]
        pos = end
    return "".join(out) + html[pos:] if out else html
