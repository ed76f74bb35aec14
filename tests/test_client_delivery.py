"""Delivering client sites: each self-contained under its own URL with its own sitemap, split into CI shards,
a per-client PDF without internal data, and the generated nginx configuration checked (and run) by nginx itself.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import posixpath
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from escdir.errors import EscdirError
from escdir.publish.clientsites import client_site_url, nginx_config, parse_shard, shard
from test_msp import canaries, make_canary_project

SITE_URL = "https://support.example.net/clients/"
CLIENTS = ["alpha-client", "beta-client"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory):
    """The canary project's client sites built with a site URL and PDFs, and without a site URL."""
    from click.testing import CliRunner

    from escdir.cli import cli

    proj = make_canary_project(tmp_path_factory.mktemp("delivery"))
    env = {"ESCDIR_TODAY": "2026-11-23"}
    config = str(proj / "mkdocs.yml")
    runner = CliRunner()
    for site, extra in (("with-url", ["--site-url", SITE_URL, "--pdf"]), ("without-url", [])):
        result = runner.invoke(cli, ["build", "--config", config, "--all-clients", "--site-dir", str(proj / site),
                                     *extra], env=env)
        assert result.exit_code == 0, result.output
    return proj


# ---- self-contained --------------------------------------------------------------------------------

class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [(tag, k, v) for k, v in attrs if k in ("href", "src") and v is not None]


def outside_refs(site: Path, url_path: str | None) -> list[str]:
    """Every href/src of every page (and every url() of every stylesheet) that leaves the site's root or points at
    a file the site does not have. ``url_path``: the path the site is served at (absolute paths must stay in it)."""
    bad = []
    refs: list[tuple[str, str, str, str]] = []
    for page in sorted(site.rglob("*.html")):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(site).as_posix()
        refs += [(rel, tag, attr, value) for tag, attr, value in parser.refs]
    for css in sorted(site.rglob("*.css")):
        rel = css.relative_to(site).as_posix()
        refs += [(rel, "css", "url", v.strip("'\"")) for v in re.findall(r"url\(([^)]*)\)", css.read_text("utf-8"))]
    for rel, tag, attr, value in refs:
        parts = urlsplit(value)
        if parts.scheme in ("mailto", "tel", "data") or (not parts.scheme and not parts.path):
            continue
        if parts.scheme or parts.netloc:
            # links to other hosts are content (a vendor's portal); nothing is *loaded* from one
            if parts.scheme != "https" or tag in ("script", "img", "css", "iframe", "source") or (
                    tag == "link" and attr == "href" and not value.endswith("/")):
                bad.append(f"{rel}: {tag} {attr}={value}")
            continue
        path = unquote(parts.path)
        if path.startswith("/"):
            if url_path is None or not path.startswith(url_path):
                bad.append(f"{rel}: {tag} {attr}={value} (host root)")
                continue
            target = path[len(url_path):]
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
        if target.startswith(("..", "/")):
            bad.append(f"{rel}: {tag} {attr}={value} (outside the site)")
        elif not ((site / target).exists() or (site / target / "index.html").exists()):
            bad.append(f"{rel}: {tag} {attr}={value} (missing)")
    return bad


@pytest.mark.parametrize("client", CLIENTS)
def test_each_client_site_is_self_contained_under_its_url(builds: Path, client: str) -> None:
    site = builds / "with-url" / client
    assert (site / "404.html").is_file()
    path = urlsplit(client_site_url(SITE_URL, client)).path
    assert outside_refs(site, path) == []
    assert "/clients/" + client + "/assets/" in (site / "404.html").read_text()  # 404 links stay in its own path


@pytest.mark.parametrize("client", CLIENTS)
def test_without_a_site_url_no_page_points_at_the_host_root(builds: Path, client: str) -> None:
    site = builds / "without-url" / client
    assert outside_refs(site, None) == []
    assert not (site / "404.html").exists()  # MkDocs' 404 page would link to /assets/ on the host


def test_crawler_catches_links_out_of_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<a href="../../other-client/">x</a><img src="/assets/x.png">'
                                           '<script src="https://cdn.example.com/x.js"></script>')
    assert len(outside_refs(site, "/clients/me/")) == 3


@pytest.mark.parametrize("client", CLIENTS)
def test_each_client_has_its_own_sitemap(builds: Path, client: str) -> None:
    site = builds / "with-url" / client
    base = client_site_url(SITE_URL, client)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text or "" for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert base in locs and f"{base}ticket-journey/" in locs
    for loc in locs:
        assert loc.startswith(base), loc
        assert (site / loc[len(base):] / "index.html").is_file(), loc
    vendors = {p.parent.name for p in (site / "vendors").glob("*/index.html")}
    assert {loc[len(base):].split("/")[1] for loc in locs if "/vendors/" in loc} == vendors
    assert "<loc>" not in (builds / "without-url" / client / "sitemap.xml").read_text()  # no URL, no guesses


def test_a_client_site_never_takes_the_internal_site_url(run_cli, tmp_path: Path) -> None:
    proj = make_canary_project(tmp_path)
    config = proj / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name:", "site_url: https://runbook.example.net/\nsite_name:", 1))
    result = run_cli("build", "--config", config, "--client", "alpha-client", "--site-dir", proj / "site")
    assert result.exit_code == 0, result.output
    assert "runbook.example.net" not in (proj / "site" / "sitemap.xml").read_text()
    assert not (proj / "site" / "404.html").exists()
    assert outside_refs(proj / "site", None) == []


# ---- shards ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 2, 3, 7, 200, 201])
def test_shards_are_disjoint_and_cover_every_client(count: int) -> None:
    ids = [f"client-{i:03d}" for i in range(200)]
    parts = [shard(list(reversed(ids)), i, count) for i in range(1, count + 1)]
    flat = [c for part in parts for c in part]
    assert sorted(flat) == ids and len(flat) == len(set(flat))
    assert max(map(len, parts)) - min(map(len, parts)) <= 1  # balanced for a CI matrix


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/0", "-1/2", "1/2/3", "9999999/9999999"])
def test_bad_shard_is_one_line(text: str) -> None:
    with pytest.raises(EscdirError, match="I/N"):
        parse_shard(text)


def test_shard_builds_only_its_clients(builds: Path, run_cli) -> None:
    built = []
    for i in (1, 2):
        result = run_cli("build", "--config", builds / "mkdocs.yml", "--all-clients", "--shard", f"{i}/2",
                         "--site-dir", builds / f"shard-{i}")
        assert result.exit_code == 0, result.output
        built.append({p.name for p in (builds / f"shard-{i}").iterdir() if p.is_dir()})
    assert built[0].isdisjoint(built[1]) and built[0] | built[1] == set(CLIENTS)
    result = run_cli("build", "--config", builds / "mkdocs.yml", "--all-clients", "--shard", "3/3",
                     "--site-dir", builds / "shard-3")
    assert result.exit_code == 2 and "holds no client" in result.output and "Traceback" not in result.output


def test_shard_and_pdf_need_client_builds(run_cli, tmp_path: Path) -> None:
    for args in (["--shard", "1/2"], ["--pdf"], ["--all-clients", "--shard", "x"],
                 ["--all-clients", "--site-url", "http://support.example.net/"]):
        result = run_cli("build", "--site-dir", tmp_path / "s", *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


# ---- PDF ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("client", CLIENTS)
def test_client_pdf_has_a_page_per_site_page_and_no_internal_data(builds: Path, client: str) -> None:
    pypdf = pytest.importorskip("pypdf")
    site = builds / "with-url" / client
    pdf = site / f"{client}-support.pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    texts = [page.extract_text() for page in reader.pages]
    vendors = sorted(site.glob("vendors/*/index.html"))
    assert vendors
    assert len(reader.pages) >= 2 + len(vendors)  # home, ticket journey, one per vendor, each on a new page
    assert len(reader.pages) <= 4 * (2 + len(vendors))  # print CSS: no navigation or sidebars bloating it
    titles = [re.search(r"<h1[^>]*>(.*?)</h1>", p.read_text(), re.DOTALL)[1] for p in vendors]  # type: ignore[index]
    firsts = [t.strip().splitlines()[0] if t.strip() else "" for t in texts]
    for title in titles:
        assert re.sub(r"<[^>]+>", "", title).strip() in firsts  # each vendor page starts a PDF page
    assert texts[0].strip() and "What happens when you submit a ticket" in "".join(texts)
    joined = "\n".join(texts)
    leaked = [c for c in canaries() if c in joined]
    assert leaked == []
    assert reader.metadata is not None and reader.metadata.title.endswith("support")


# ---- hosting ------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ssha(password: str) -> str:
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


@pytest.fixture
def nginx_setup(builds: Path, tmp_path: Path):
    nginx, openssl = shutil.which("nginx") or (Path("/usr/sbin/nginx") if Path("/usr/sbin/nginx").exists()
                                                 else None), shutil.which("openssl")
    if nginx is None or openssl is None:
        pytest.skip("nginx or openssl is not installed (.ci/run installs nginx)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=support.example.net", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    passwords = tmp_path / "htpasswd"
    passwords.mkdir()
    for c in CLIENTS:
        (passwords / f"{c}.htpasswd").write_text(f"{c}-user:{_ssha(c + '-secret')}\n")
    snippet = nginx_config(CLIENTS, site_url=SITE_URL, site_dir=builds / "with-url", htpasswd_dir=passwords,
                           tls_cert=cert, tls_key=key)
    port = _free_port()
    (tmp_path / "escdir.conf").write_text(snippet.replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"))
    user = "user root root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                    f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
                    f"  include {tmp_path}/escdir.conf;\n}}\n")
    return str(nginx), conf, port, snippet


def test_generated_nginx_config_passes_nginx_t(nginx_setup) -> None:
    nginx, conf, _port, snippet = nginx_setup
    proc = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(conf.parent)], capture_output=True, text=True,
                          timeout=30, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "syntax is ok" in proc.stderr and "test is successful" in proc.stderr
    assert snippet.count("auth_basic_user_file") == len(CLIENTS)


def test_the_readme_hosting_example_works(nginx_setup, builds: Path, run_cli, tmp_path: Path) -> None:
    """The README's worked example, run as written (its paths moved into tmp_path), passes `nginx -t`."""
    import shlex

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Hosting client sites with access control (nginx)", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    commands = [shlex.split(line) for line in block.splitlines() if line.startswith("escdir ")]
    assert [c[:3] for c in commands] == [["escdir", "build", "--all-clients"], ["escdir", "hosting", "nginx"]]
    nginx, conf, _port, _snippet = nginx_setup
    moved = {"/srv/escdir/site-clients": str(builds / "with-url"), "/etc/nginx/escdir": str(tmp_path / "htpasswd"),
             "/etc/ssl/support.pem": str(tmp_path / "cert.pem"), "/etc/ssl/support.key": str(tmp_path / "key.pem")}
    hosting = commands[1]
    args = [moved.get(a, a) for a in hosting[1:hosting.index(">")]]
    assert args[args.index("--site-url") + 1] == commands[0][commands[0].index("--site-url") + 1]  # the same URL
    result = run_cli(*args, "--config", builds / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    (tmp_path / "escdir.conf").write_text(result.stdout)
    proc = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(conf.parent)], capture_output=True, text=True,
                          timeout=30, check=False)
    assert proc.returncode == 0, proc.stderr


def test_each_client_sees_only_its_own_site(nginx_setup) -> None:
    nginx, conf, port, _snippet = nginx_setup
    server = subprocess.Popen([nginx, "-c", str(conf), "-p", str(conf.parent), "-g", "daemon off;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's self-signed certificate

    def get(path: str, user: str | None = None) -> tuple[int, str]:
        request = urllib.request.Request(f"https://127.0.0.1:{port}{path}")
        if user:
            token = base64.b64encode(f"{user}-user:{user}-secret".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, context=context, timeout=5) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read().decode("utf-8", "replace")

    try:
        for _ in range(50):
            try:
                get("/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        assert get("/clients/alpha-client/")[0] == 401
        status, body = get("/clients/alpha-client/", "alpha-client")
        assert status == 200 and "Alpha Client" in body
        assert get("/clients/alpha-client/alpha-client-support.pdf", "alpha-client")[0] == 200
        assert get("/clients/beta-client/", "alpha-client")[0] == 401  # one client's password opens only its site
        assert get("/clients/beta-client/", "beta-client")[0] == 200
        assert get("/clients/", "alpha-client")[0] == 404  # no list of clients
        assert get("/clients/alpha-client/.escdir-site", "alpha-client")[0] == 404
        status, body = get("/clients/alpha-client/no-such-page/", "alpha-client")
        assert status == 404 and "/clients/alpha-client/assets/" in body  # the client's own 404 page
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(("field", "value"), [("site_dir", Path("relative/dir")), ("site_dir", Path("/srv/a b")),
                                              ("htpasswd_dir", Path('/etc/x";evil')), ("tls_key", Path("/k;")),
                                              ("site_url", "https://support.example.net:8443/"),
                                              ("site_url", "https://support.example.net/a b/")])
def test_nginx_config_refuses_values_that_would_break_it(field: str, value: object) -> None:
    args: dict[str, object] = {"site_url": SITE_URL, "site_dir": Path("/srv/sites"), "htpasswd_dir": Path("/etc/h"),
                               "tls_cert": Path("/etc/c.pem"), "tls_key": Path("/etc/k.pem"), field: value}
    with pytest.raises(EscdirError):
        nginx_config(CLIENTS, **args)  # type: ignore[arg-type]


def test_hosting_command_prints_the_config(run_cli, builds: Path) -> None:
    result = run_cli("hosting", "nginx", "--config", builds / "mkdocs.yml", "--site-url", SITE_URL,
                     "--site-dir", "/srv/site-clients", "--htpasswd-dir", "/etc/nginx/escdir",
                     "--tls-cert", "/etc/ssl/support.pem", "--tls-key", "/etc/ssl/support.key")
    assert result.exit_code == 0, result.output
    assert 'alias "/srv/site-clients/alpha-client/";' in result.stdout
    assert 'auth_basic_user_file "/etc/nginx/escdir/beta-client.htpasswd";' in result.stdout
    bad = run_cli("hosting", "nginx", "--config", builds / "mkdocs.yml", "--site-url", "http://x/", "--site-dir",
                  "/s", "--htpasswd-dir", "/h", "--tls-cert", "/c", "--tls-key", "/k")
    assert bad.exit_code == 2 and "https://" in bad.output and "Traceback" not in bad.output
