"""production.ini, started by ``pserve`` with its settings in the environment."""

import json
import shutil
import tempfile
from urllib.parse import urlencode

import pyramid_services
import pytest

from microblog import main
from microblog.services.interfaces import IQueue, ISearch

from ..conftest import make_settings
from ..support.factories import PASSWORD
from ..support.processes import Process, fetch
from .conftest import (
    BIN,
    PUBLIC_URL,
    ROOT,
    SERVING,
    base_environment,
    csrf_token,
    install,
    serve,
)

SITE = "microblog.example.com"
# what nginx sends for a visitor of https://microblog.example.com
FORWARDED = {
    "Host": SITE,
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": SITE,
    "X-Forwarded-Port": "443",
    "X-Forwarded-For": "203.0.113.7",
}


def registered(iface, settings):
    """Does this build of the app have a backend for ``iface``? (The queue and the search
    index are other areas' services: /healthz reports them once they exist.)"""
    app = main({}, **settings)
    try:
        pyramid_services.find_service_factory(app, iface)
        return True
    except LookupError:
        return False
    finally:
        app.registry["dbengine"].dispose()


def test_alembic_migrates_the_database_named_by_the_environment(deployment):
    assert deployment.migration.popen.returncode == 0
    assert "Running upgrade  -> 7f5350c2c0c6" in deployment.migration.output


def test_the_server_answers_healthz_over_a_real_socket(
    production_server, deployment, redis_url, tmp_path
):
    _process, port = production_server
    response = fetch(port, "/healthz")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/json")
    state = json.loads(response.body)

    settings = make_settings(
        deployment.database_url,
        tmp_path / "var",
        **{"microblog.redis_url": redis_url, "microblog.search_backend": "postgresql"},
    )
    expected = {
        name: "ok" if registered(iface, settings) else "not configured"
        for name, iface in (("redis", IQueue), ("search", ISearch))
    }
    assert state == {"status": "ok", "database": "ok", **expected, "mail": "ok", "mail_backlog": 0}


def test_signing_in_over_https_gives_secure_httponly_samesite_cookies(production_server):
    _process, port = production_server
    page = fetch(port, "/login", headers=FORWARDED)
    assert page.status == 200
    session = page.cookies()["session"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"

    form = urlencode(
        {
            "csrf_token": csrf_token(page.text),
            "username": "ana",
            "password": PASSWORD,
            "submit": "submit",
        }
    )
    signed_in = fetch(
        port,
        "/login",
        method="POST",
        body=form,
        headers={
            **FORWARDED,
            "Origin": f"https://{SITE}",
            "Cookie": f"session={session.value}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert signed_in.status == 303
    assert signed_in.headers["Location"] == f"https://{SITE}/"
    # signing in gives the session a new secret, in a cookie as safe as the first
    auth = signed_in.cookies()["session"]
    assert auth.value != session.value
    assert auth["secure"] and auth["httponly"] and auth["samesite"] == "Lax"

    home = fetch(port, "/", headers={**FORWARDED, "Cookie": f"session={auth.value}"})
    assert home.status == 200
    assert "Hi, ana!" in home.text


def test_links_start_with_the_public_url_whatever_host_the_request_names(production_server):
    _process, port = production_server
    from_proxy = fetch(port, "/", headers=FORWARDED)
    assert from_proxy.headers["Location"] == f"{PUBLIC_URL}/login?next=%2F"

    # a forged Host (from the proxy or from anywhere) cannot put another site in a link,
    # such as the one a password reset mail carries
    forged = {**FORWARDED, "Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    for source in ("127.0.0.1", "127.0.0.2"):
        answer = fetch(port, "/", headers=forged, source=source)
        assert answer.status == 303
        assert answer.headers["Location"] == f"{PUBLIC_URL}/login?next=%2F"


def test_logs_go_to_stdout_with_LOG_TO_STDOUT(production_server, deployment):
    process, _port = production_server
    assert "INFO  [waitress" in process.text("stdout")
    assert not (deployment.folder / "var" / "log" / "microblog.log").exists()


@pytest.mark.parametrize(
    "change, complaint",
    [
        ({"SECRET_KEY": None}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": "x" * 64}, "SECRET_KEY is too easy to guess"),
        ({"PUBLIC_URL": None}, "PUBLIC_URL is missing"),
    ],
)
def test_without_a_random_secret_key_and_a_public_url_the_server_refuses_to_start(
    deployment, change, complaint
):
    environment = {**deployment.environment, **change}
    environment = {name: value for name, value in environment.items() if value is not None}
    server = Process(
        [BIN / "pserve", deployment.ini, "http_port=0"], env=environment, cwd=deployment.folder
    )
    assert server.finish() != 0
    assert complaint in server.text("stderr")
    assert "Serving on" not in server.output


def test_without_a_secret_key_migrations_refuse_to_run_and_say_why(deployment):
    environment = {k: v for k, v in deployment.environment.items() if k != "SECRET_KEY"}

    migration = Process(
        [BIN / "alembic", "-c", deployment.ini, "upgrade", "head"],
        env=environment,
        cwd=deployment.folder,
    )
    assert migration.finish() != 0
    assert "SECRET_KEY is missing" in migration.output


def test_healthz_answers_503_while_the_database_is_unreachable(deployment, tmp_path):
    empty = tempfile.mkdtemp(dir=tmp_path)
    environment = {
        **deployment.environment,
        "DATABASE_URL": f"postgres://postgres@/microblog?host={empty}&port=5432",
    }
    process, port = serve(install(tmp_path / "down"), environment)
    try:
        response = fetch(port, "/healthz")
        assert response.status == 503
        assert json.loads(response.body)["database"] == "down"
        assert json.loads(response.body)["status"] == "down"
    finally:
        process.stop()


@pytest.mark.parametrize("ini", ["development.ini", "production.ini"])
def test_the_command_line_chooses_the_port(ini, tmp_path):
    """``pserve INI http_port=N`` beats the ini's default port ([DEFAULT] would not)."""
    shutil.copy(ROOT / ini, tmp_path / ini)
    process = Process(
        [BIN / "pserve", tmp_path / ini, "http_port=0"],
        cwd=tmp_path,
        env=base_environment(
            SECRET_KEY="0f5a9c2e7b41d8630e9f2a7c5b1d4e8a",
            PUBLIC_URL="http://localhost",
            LOG_TO_STDOUT="true",
            DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite",
        ),
    )
    try:
        port = int(process.wait_for(SERVING).group(1))
        assert port not in (6543, 8000)
    finally:
        process.stop()
