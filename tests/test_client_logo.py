"""Client logos: accepted only as real images (by content), SVG rebuilt so that opened directly it runs and loads nothing."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from escdir.check.logo import MAX_BYTES, LogoError, load_logo, sanitise_svg, sniff
from escdir.cli import cli
from escdir.publish.build import build_site
from sitetools import CHROMIUM, chromium, serve
from test_msp import _project_problems, make_canary_project

HOSTILE_SVG = Path(__file__).parent / "data" / "hostile" / "assets" / "hostile-logo.svg"
LOGO_LINE = "logo: assets/alpha.svg"


def png(width: int = 4, height: int = 4) -> bytes:
    """A real, minimal RGB PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x12\x34\x56" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _use_logo(proj: Path, logo: str) -> tuple[int, int]:
    """Point alpha-client's logo at ``logo``; returns the (line, col) of the value in the client file."""
    path = proj / "clients" / "alpha-client.yaml"
    text = path.read_text()
    assert LOGO_LINE in text
    text = text.replace(LOGO_LINE, f"logo: {logo}")
    path.write_text(text)
    line_no, line = next((i, ln) for i, ln in enumerate(text.splitlines(), start=1) if f"logo: {logo}" in ln)
    return line_no, line.index(f"logo: {logo}") + len("logo: ") + 1


def _build_alpha(proj: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    return build_site(proj / "mkdocs.yml", proj / "alpha-site", client="alpha-client")


@pytest.mark.parametrize(("logo", "prepare"), [
    ("vendors/canary-networks.yaml", None),  # a vendor file
    ("msp.yaml", None),
    (".git/config", "[core]\n\trepositoryformatversion = 0\n[remote \"origin\"]\n\turl = https://x.example/r.git\n"),
    ("assets/page.html", "<!doctype html><html><body><script>alert(1)</script></body></html>"),
    ("assets/fake.png", "<html><script>alert(1)</script></html>"),  # named like an image, is not one
    ("assets/not-svg.svg", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>"),
    ("assets/bomb.svg", ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                         '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')),
    ("assets/xxe.svg", ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')),
    ("assets/broken.svg", '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'),
    ("assets/huge.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BYTES),
])
def test_a_logo_that_is_not_an_allowed_image_is_esc215_at_its_position(tmp_path: Path, logo: str, prepare) -> None:
    proj = make_canary_project(tmp_path)
    if prepare is not None:
        target = proj / logo
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(prepare if isinstance(prepare, bytes) else prepare.encode())
    line, col = _use_logo(proj, logo)
    problems = [p for p in _project_problems(proj) if p.code == "ESC215"]
    assert len(problems) == 1, _project_problems(proj)
    p = problems[0]
    assert p.is_error and p.file.endswith("clients/alpha-client.yaml") and (p.line, p.col) == (line, col)
    assert logo in p.message


def test_validate_reports_esc215_and_build_refuses(tmp_path: Path, monkeypatch) -> None:
    proj = make_canary_project(tmp_path)
    line, col = _use_logo(proj, "vendors/canary-networks.yaml")
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    monkeypatch.chdir(proj)
    out = CliRunner().invoke(cli, ["validate"], catch_exceptions=False)
    assert out.exit_code == 1
    assert f"clients/alpha-client.yaml:{line}:{col}: error ESC215" in out.output
    built = CliRunner().invoke(cli, ["build", "--all-clients", "--site-dir", "clients-site"], catch_exceptions=False)
    assert built.exit_code == 1 and "ESC215" in built.output and not (proj / "clients-site").exists()


@pytest.mark.parametrize(("data", "kind"), [
    (png(), "png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "jpg"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "webp"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
    (b"name: not an image\n", ""),
])
def test_images_are_recognised_by_content(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_published_name_follows_the_detected_type(tmp_path: Path, monkeypatch) -> None:
    proj = make_canary_project(tmp_path)
    (proj / "assets" / "logo.svg").write_bytes(png())  # a PNG misnamed .svg
    _use_logo(proj, "assets/logo.svg")
    site = _build_alpha(proj, monkeypatch)
    assert _pixels((site / "assets" / "client-logo.png").read_bytes()) == _pixels(png())  # re-encoded, same picture
    assert not (site / "assets" / "client-logo.svg").exists()
    assert 'src="assets/client-logo.png"' in (site / "index.html").read_text()


def test_sanitised_svg_keeps_the_drawing_and_drops_every_active_or_external_part() -> None:
    out = sanitise_svg(HOSTILE_SVG.read_bytes()).decode()
    for gone in ("<script", "onload", "onclick", "foreignObject", "<image", "<a ", "javascript:", "evil.example.net",
                 "@import", "<animate", "<set", "<iframe", "xml-stylesheet", "onmouseover"):
        assert gone not in out, gone
    for kept in ('viewBox="0 0 220 48"', 'fill="url(#g)"', '<use href="#g">', ">Brightwater</text>",
                 ".mark { fill: #00796b }", '<linearGradient id="g">'):
        assert kept in out, kept
    load_logo(HOSTILE_SVG)  # the hostile drawing is still a valid logo once cleaned


@pytest.mark.parametrize("css", [
    "@import 'x.css';", "a{fill:url(https://e.example/x)}", "a{fill:url( 'http://e.example/x')}",
    "a{background:image-set('x.png' 1x)}", "a{fill:u\\72l(x)}", "@imp/**/ort 'x';",
])
def test_styles_that_fetch_are_emptied(css: str) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><style>{css}</style><rect style="{css}"/></svg>'.encode()
    out = sanitise_svg(svg).decode()
    assert "<style></style>" in out and "style=" not in out


def test_unreadable_size_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_BYTES + 10))
    with pytest.raises(LogoError, match="at most 512 KB"):
        load_logo(big)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_published_svg_opened_directly_runs_and_loads_nothing(tmp_path: Path, monkeypatch) -> None:
    proj = make_canary_project(tmp_path)
    (proj / "assets" / "hostile.svg").write_bytes(HOSTILE_SVG.read_bytes())
    _use_logo(proj, "assets/hostile.svg")
    site = _build_alpha(proj, monkeypatch)
    with serve(site) as server, chromium() as browser:
        for path in ("assets/client-logo.svg", ""):  # the file itself, then the home page showing it
            page = browser.new_page()
            dialogs: list[str] = []
            requests: list[str] = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            page.on("request", lambda r, seen=requests: seen.append(r.url))
            page.goto(server.url + path, wait_until="load")
            page.mouse.move(10, 10)
            page.mouse.click(20, 20)
            page.wait_for_timeout(300)
            assert dialogs == [], dialogs
            assert [u for u in requests if not u.startswith(server.url)] == []
            if path:
                assert requests == [server.url + path]  # nothing beyond itself
                assert page.evaluate("document.documentElement.localName") == "svg"
            else:
                assert page.evaluate("document.querySelector('img.esc-logo').naturalWidth") > 0
            page.close()


# ---- raster logos are decoded and re-encoded: only pixels are published -------------------------------

def _pixels(data: bytes) -> tuple[tuple[int, int], list]:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return im.size, list(im.convert("RGBA").tobytes())


@pytest.mark.parametrize("name", ["garbage.png", "truncated.png", "fake.jpg", "fake.webp"])
def test_a_raster_logo_that_does_not_decode_is_esc215_naming_the_file(tmp_path: Path, name: str) -> None:
    data = {"garbage.png": b"\x89PNG\r\n\x1a\n" + b"anything at all, not an image" * 8,
            "truncated.png": png(64, 64)[:60],
            "fake.jpg": b"\xff\xd8\xff\xe0" + b"\x00garbage" * 16,
            "fake.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32}[name]
    proj = make_canary_project(tmp_path)
    (proj / "assets" / name).write_bytes(data)
    line, col = _use_logo(proj, f"assets/{name}")
    problems = [p for p in _project_problems(proj) if p.code == "ESC215"]
    assert len(problems) == 1 and (problems[0].line, problems[0].col) == (line, col)
    assert f"assets/{name}" in problems[0].message and "does not decode" in problems[0].message
    assert "0x" not in problems[0].message  # no in-memory object names


def test_a_png_with_a_trailing_payload_publishes_without_it(tmp_path: Path, monkeypatch) -> None:
    payload = b"<script>alert(document.domain)</script>PAYLOAD-AFTER-IEND"
    proj = make_canary_project(tmp_path)
    (proj / "assets" / "logo.png").write_bytes(png(8, 8) + payload)
    _use_logo(proj, "assets/logo.png")
    site = _build_alpha(proj, monkeypatch)
    published = (site / "assets" / "client-logo.png").read_bytes()
    assert b"PAYLOAD" not in published and b"<script" not in published
    assert published.endswith(b"IEND\xaeB`\x82")  # the file ends where the image ends
    assert _pixels(published) == _pixels(png(8, 8))


def test_metadata_is_not_published(tmp_path: Path) -> None:
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "METADATA-SECRET internal path /home/alice")
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), (200, 10, 10)).save(buf, "PNG", pnginfo=info)
    jpg = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "METADATA-SECRET camera description"  # ImageDescription
    Image.new("RGB", (10, 10), (200, 10, 10)).save(jpg, "JPEG", exif=exif.tobytes())
    for name, data, kind in (("meta.png", buf.getvalue(), "png"), ("meta.jpg", jpg.getvalue(), "jpg")):
        assert b"METADATA-SECRET" in data
        (tmp_path / name).write_bytes(data)
        logo = load_logo(tmp_path / name)
        assert logo.kind == kind and b"METADATA-SECRET" not in logo.data
        assert _pixels(logo.data)[0] == (10, 10)


@pytest.mark.parametrize("side", [5_000, 20_000])  # over our limit; over Pillow's own bomb limit too
def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path, side: int) -> None:
    from escdir.check.logo import MAX_PIXELS

    # e.g. 400 million pixels in a few KB of zeros: gigabytes of memory to decode
    assert side * side > MAX_PIXELS
    bomb = tmp_path / "bomb.png"
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    zeros = zlib.compress(b"\x00" * (side * 3 + 1) * 64)  # the first rows; the file stays small
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zeros) + chunk(b"IEND", b""))
    assert bomb.stat().st_size < MAX_BYTES
    with pytest.raises(LogoError, match="pixels"):
        load_logo(bomb)
