"""Client logos: only real images, recognised by their content, and rebuilt so that only the picture is published.

A logo is published on the client's site as ``assets/client-logo.<kind>``. Whatever the file is called,
:func:`load_logo` recognises PNG, JPEG and WebP by their magic bytes, then decodes them with Pillow (a file
that does not decode is refused) and re-encodes the pixels alone: no metadata (EXIF, text chunks, ICC
profiles), no bytes after the image, nothing else the file carried. The pixel count is checked before
decoding (:data:`MAX_PIXELS`), so a small file that would decompress into gigabytes is refused.

SVG is accepted only when it parses as XML with no DOCTYPE or entities (``defusedxml``) and has an SVG
``<svg>`` root. It is then rebuilt from an allow list of drawing elements, keeping no event handler, no
script, no ``foreignObject``, no link or reference that is not a fragment of the file itself (``#id``) and
no CSS that imports or fetches anything.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_BYTES = 512 * 1024
#: A logo is shown a few hundred pixels wide; more than this many pixels is refused before it is decoded.
MAX_PIXELS = 4096 * 4096
#: Pillow's format name for each raster kind.
_PIL_FORMATS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

RASTER_MAGIC = (("png", b"\x89PNG\r\n\x1a\n"), ("jpg", b"\xff\xd8\xff"))

#: Drawing elements kept (in the SVG namespace). Everything else goes, with its content: script, foreignObject,
#: a, image, feImage, animate/set (they can rewrite href), iframe, audio, video, …
ALLOWED_ELEMENTS = frozenset([
    "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    "pattern", "marker", "style", "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
    "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology",
    "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
])
_LINK_ATTRS = frozenset({"href", "src", f"{{{XLINK_NS}}}href"})
_KEPT_NAMESPACED = frozenset({f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang"})
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_URL = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*)", re.IGNORECASE)
_CSS_BANNED = ("@import", "\\", "image-set", "expression", "javascript:", "binding", "behavior")
_SCHEME = re.compile(r"^[\s\x00-\x1f]*(javascript|data|vbscript|https?|ftp|file)\s*:", re.IGNORECASE)


class LogoError(ValueError):
    """The file is not an allowed logo image; the message says why."""


@dataclass(frozen=True)
class Logo:
    """A checked logo: its kind (png, jpg, webp, svg) and the bytes to publish."""

    kind: str
    data: bytes

    @property
    def file_name(self) -> str:
        return f"client-logo.{self.kind}"


def css_is_safe(css: str) -> bool:
    """True when CSS can neither import nor fetch anything (only ``url(#fragment)`` references)."""
    for text in (css, _CSS_COMMENT.sub("", css)):
        low = text.lower()
        if any(b in low for b in _CSS_BANNED):
            return False
        if any(not target.startswith("#") for _q, target in _URL.findall(text)):
            return False
    return True


def _attr_is_safe(name: str, value: str) -> bool:
    local = name.rsplit("}", 1)[-1]
    if name.startswith("{") and name not in _LINK_ATTRS and name not in _KEPT_NAMESPACED:
        return False  # other namespaces (ev:, xhtml:, …) have no business in a logo
    if local.lower().startswith("on"):
        return False
    if name in _LINK_ATTRS:
        return value.strip().startswith("#")
    if local == "style" or "url(" in value.lower():
        return css_is_safe(value)
    return not _SCHEME.match(value)


def _clean(el: Element) -> None:
    for name, value in list(el.attrib.items()):
        if not _attr_is_safe(name, value):
            del el.attrib[name]
    if el.tag == f"{{{SVG_NS}}}style" and not css_is_safe(el.text or ""):
        el.text = ""
    for child in list(el):
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag.startswith(f"{{{SVG_NS}}}") or tag[len(SVG_NS) + 2:] not in ALLOWED_ELEMENTS:
            el.remove(child)
        else:
            _clean(child)


def _serialize(el: Element, out: list[str], root: bool = False) -> None:
    tag = el.tag[len(SVG_NS) + 2:]
    attrs = [f' xmlns="{SVG_NS}"', f' xmlns:xlink="{XLINK_NS}"'] if root else []
    for name, value in el.attrib.items():
        if name.startswith(f"{{{XLINK_NS}}}"):
            name = "xlink:" + name.split("}", 1)[1]
        elif name.startswith(f"{{{XML_NS}}}"):
            name = "xml:" + name.split("}", 1)[1]
        attrs.append(f" {name}={quoteattr(value)}")
    out.append(f"<{tag}{''.join(attrs)}>{escape(el.text or '')}")
    for child in el:
        _serialize(child, out)
        out.append(escape(child.tail or ""))
    out.append(f"</{tag}>")


def sanitise_svg(data: bytes) -> bytes:
    """The SVG rebuilt from its safe parts only. Raises LogoError if it is not a well-formed, DTD-free SVG."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise LogoError("declares a DOCTYPE or entities, which a logo may not") from None
    except (ParseError, ValueError) as exc:
        raise LogoError(f"is not well-formed XML ({exc})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise LogoError(f"has root element {root.tag!r}, not an SVG <svg> (xmlns=\"{SVG_NS}\")")
    _clean(root)
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _serialize(root, out, root=True)
    return ("".join(out) + "\n").encode("utf-8")


def sniff(data: bytes) -> str:
    """The image kind by content: png, jpg, webp, svg (a candidate: still to be parsed), or ""."""
    for kind, magic in RASTER_MAGIC:
        if data.startswith(magic):
            return kind
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    return "svg" if head.startswith(b"<") else ""


def load_logo(path: Path) -> Logo:
    """Read and check a logo file; returns what to publish. Raises LogoError (or OSError) otherwise."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LogoError(f"is {size // 1024} KB; a logo may be at most {MAX_BYTES // 1024} KB")
    with open(path, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise LogoError(f"is larger than {MAX_BYTES // 1024} KB")
    kind = sniff(data)
    if not kind:
        raise LogoError("is not a PNG, JPEG, WebP or SVG image (checked by content, not by file name)")
    if kind == "svg":
        return Logo("svg", sanitise_svg(data))
    return Logo(kind, reencode_raster(data, kind))


def reencode_raster(data: bytes, kind: str) -> bytes:
    """The picture in ``data`` (PNG, JPEG or WebP) encoded afresh from its pixels alone; LogoError if it does not
    decode as that kind, or has more than :data:`MAX_PIXELS` pixels."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    expected = _PIL_FORMATS[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:
                    raise LogoError(f"is {width}×{height} pixels; a logo may have at most {MAX_PIXELS:,} pixels")
                im.load()  # decodes every pixel: a truncated or corrupt image fails here
                picture = ImageOps.exif_transpose(im)  # as it is meant to be seen, before the EXIF goes
    except LogoError:
        raise
    except UnidentifiedImageError:  # its message names an in-memory object, which helps nobody
        raise LogoError(f"starts like a {kind.upper()} image but does not decode as one") from None
    # Pillow reports a corrupt file in many ways; struct.error comes out of some truncated headers.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError, EOFError, struct.error) as exc:
        raise LogoError(f"does not decode as a {kind.upper()} image ({exc})") from None
    keep_alpha = "A" in picture.mode or "transparency" in picture.info
    mode = ("RGBA" if keep_alpha else "RGB") if kind != "jpg" else "RGB"
    if picture.mode == "L" and not keep_alpha:
        mode = "L"
    clean = Image.new(mode, picture.size)
    clean.paste(picture.convert(mode))  # a new image: only pixels, no info, palette tricks or frames
    out = io.BytesIO()
    if kind == "png":
        clean.save(out, "PNG", optimize=True)
    elif kind == "jpg":
        clean.save(out, "JPEG", quality=90)
    else:
        clean.save(out, "WEBP", lossless=True)
    return out.getvalue()

