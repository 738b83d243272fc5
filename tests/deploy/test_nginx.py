"""deploy/nginx/microblog.conf, checked and run by Debian's nginx with a throwaway certificate.

Only what must differ on a test machine is rewritten: ports, certificate and log paths, the
upstream's port and where the packages are installed here.
"""

import gzip
import re
import shutil
import subprocess
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import pytest

from ..support.processes import Process, fetch, free_port, wait_for_port
from .conftest import PUBLIC_URL, ROOT

SITE = ROOT / "deploy" / "nginx" / "microblog.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
)
MAIN_CONFIG = """\
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/microblog.conf;
}}
"""
ONE_YEAR = "max-age=31536000"
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

pytestmark = pytest.mark.skipif(
    NGINX is None or shutil.which("openssl") is None,
    reason="nginx or openssl not found (apt-get install nginx openssl)",
)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            folder / "privkey.pem",
            "-out",
            folder / "fullchain.pem",
        ],
        check=True,
        capture_output=True,
    )
    return folder / "fullchain.pem", folder / "privkey.pem"


def rewrite(text, old, new, count=None):
    found = len(re.findall(old, text))
    assert found and (count is None or found == count), f"{old!r} is not in the site any more"
    return re.sub(old, lambda _match: new, text)


def site_for_this_machine(tmp, certificate, http_port, https_port, upstream_port):
    cert, key = certificate
    text = SITE.read_text()
    text = rewrite(text, r"listen \[::\]:\d+[^;]*;\n", "", count=2)  # IPv6 may be off here
    text = rewrite(text, r"listen 80;", f"listen 127.0.0.1:{http_port};", count=1)
    text = rewrite(text, r"listen 443 ", f"listen 127.0.0.1:{https_port} ", count=1)
    text = rewrite(text, r"(server 127\.0\.0\.1:\d+;\s*)+", f"server 127.0.0.1:{upstream_port};\n")
    text = rewrite(text, r"/etc/letsencrypt/live/[^/]+/fullchain\.pem", str(cert), count=1)
    text = rewrite(text, r"/etc/letsencrypt/live/[^/]+/privkey\.pem", str(key), count=1)
    text = rewrite(
        text, r"alias \S+/deform/static/;", f"alias {files('deform') / 'static'}/;", count=1
    )
    text = rewrite(
        text, r"alias \S+/microblog/static/;", f"alias {files('microblog') / 'static'}/;", count=1
    )
    text = rewrite(text, r"/var/log/nginx/", f"{tmp}/")
    text = rewrite(text, r"root /var/www/html;", f"root {tmp};", count=1)
    text = rewrite(text, r"root /srv/microblog/var;", f"root {tmp}/var;", count=1)
    (tmp / "microblog.conf").write_text(text)
    (tmp / "nginx.conf").write_text(MAIN_CONFIG.format(tmp=tmp))
    return tmp / "nginx.conf"


def installed_file(url):
    """The file of the installed packages that a /static URL names."""
    path = url.partition("?")[0]
    if path.startswith("/static/deform/"):
        return files("deform") / "static" / path.removeprefix("/static/deform/")
    return files("microblog") / "static" / path.removeprefix("/static/")


@contextmanager
def nginx(tmp, certificate, upstream_port):
    http_port, https_port = free_port(), free_port()
    config = site_for_this_machine(tmp, certificate, http_port, https_port, upstream_port)
    process = Process([NGINX, "-p", tmp, "-c", config, "-e", tmp / "error.log"])
    try:
        wait_for_port(https_port, process)
        yield http_port, https_port
    finally:
        process.stop()


def test_nginx_accepts_the_site(tmp_path, certificate):
    config = site_for_this_machine(tmp_path, certificate, free_port(), free_port(), free_port())
    check = subprocess.run(
        [NGINX, "-t", "-p", tmp_path, "-c", config, "-e", tmp_path / "error.log"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert "test is successful" in check.stderr


def test_nginx_serves_every_static_file_of_a_page_itself_with_a_long_cache(
    tmp_path, certificate, production_server
):
    _server, app_port = production_server
    page = fetch(app_port, "/login").text
    assets = sorted(set(re.findall(r'(?:href|src)="(?:https?://[^/"]+)?(/static/[^"]+)"', page)))
    assert any("/static/deform/" in url for url in assets)
    assert any(url.startswith("/static/css/") for url in assets)

    # nothing listens upstream: whatever answers 200 comes from nginx alone
    with nginx(tmp_path, certificate, upstream_port=free_port()) as (_http, https):
        ca = certificate[0]
        for url in assets:
            response = fetch(https, url.replace("&amp;", "&"), tls_ca=ca)
            assert response.status == 200, url
            assert ONE_YEAR in response.headers["Cache-Control"], url
            assert response.body == installed_file(url).read_bytes(), url
            for name, value in SECURITY_HEADERS.items():
                assert value in response.headers[name], (url, name)
        assert fetch(https, "/healthz", tls_ca=ca).status == 502


def test_nginx_gzips_static_text_and_passes_the_apps_gzip_on(
    tmp_path, certificate, production_server
):
    _server, app_port = production_server
    page = fetch(app_port, "/login").text
    [stylesheet] = re.findall(r'href="(?:https?://[^/"]+)?(/static/css/site\.min\.css[^"]*)"', page)
    gzip_please = {"Accept-Encoding": "gzip"}
    with nginx(tmp_path, certificate, upstream_port=app_port) as (_http, https):
        ca = certificate[0]
        css = fetch(https, stylesheet.replace("&amp;", "&"), headers=gzip_please, tls_ca=ca)
        assert css.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(css.body) == installed_file(stylesheet).read_bytes()
        login = fetch(https, "/login", headers=gzip_please, tls_ca=ca)
        assert login.headers["Content-Encoding"] == "gzip"
        assert b"<title>Sign In - Microblog</title>" in gzip.decompress(login.body)


def test_nginx_proxies_to_waitress_which_believes_its_forwarded_headers(
    tmp_path, certificate, production_server
):
    _server, app_port = production_server
    with nginx(tmp_path, certificate, upstream_port=app_port) as (http, https):
        ca = certificate[0]
        home = fetch(https, "/", tls_ca=ca)
        assert home.status == 303
        # the app's links start with PUBLIC_URL, whatever address the visitor used
        assert home.headers["Location"] == f"{PUBLIC_URL}/login?next=%2F"
        assert home.headers["Strict-Transport-Security"] == "max-age=63072000"
        assert fetch(https, "/healthz", tls_ca=ca).status == 200
        # the app's own security headers, each once (nginx adds none of its own but HSTS)
        page = fetch(https, "/login", tls_ca=ca)
        for name, value in SECURITY_HEADERS.items():
            assert value in page.headers[name], name
            assert len(page.headers.get_all(name)) == 1, name

        plain = fetch(http, "/login?next=%2F")
        assert plain.status == 301
        assert plain.headers["Location"] == "https://127.0.0.1/login?next=%2F"


def test_nginx_serves_local_pictures_itself_and_nothing_else_of_the_media_folder(
    tmp_path, certificate
):
    token = "ab" + "0" * 30
    picture = tmp_path / "var" / "media" / "images" / "ab" / f"{token}.webp"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"RIFF-a-picture")
    upload = tmp_path / "var" / "media" / "incoming" / "ab" / token
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"the untouched upload, EXIF and all")
    with nginx(tmp_path, certificate, upstream_port=free_port()) as (_http, https):
        ca = certificate[0]
        served = fetch(https, f"/media/images/ab/{token}.webp", tls_ca=ca)
        assert served.status == 200 and served.body == b"RIFF-a-picture"
        assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        for name, value in SECURITY_HEADERS.items():
            assert value in served.headers[name], name
        for path in (f"/media/incoming/ab/{token}", "/media/exports/x.zip"):
            assert fetch(https, path, tls_ca=ca).status == 404, path
