"""The app as an operator runs it: production.ini served by ``pserve`` in a process of its
own, configured by environment variables only, on the throwaway PostgreSQL cluster and a real
Redis server."""

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from microblog.models import User

from ..support.factories import PASSWORD
from ..support.processes import Process
from ..support.redis_server import ThrowawayRedis

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET_KEY = "a-production-secret-key-0123456789abcdef"
# the address visitors type: every link the app makes starts with it
PUBLIC_URL = "https://microblog.example.com"
SERVING = r"Serving on http://[\d.]+:(\d+)"


def plain_url(cluster, database):
    """The cluster's URL as a platform hands it out (postgres://, no driver name)."""
    return cluster.url(database).replace("postgresql+psycopg://", "postgres://")


def base_environment(**variables):
    """What a service manager gives a process: a PATH to our tools, and ``variables``."""
    environment = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
    }
    environment.update(variables)
    return environment


def install(folder):
    """production.ini as the operator installs it: in its folder, with alembic/ beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "production.ini", folder / "production.ini")
    (folder / "alembic").symlink_to(ROOT / "alembic")
    return folder / "production.ini"


def serve(ini, environment, *variables):
    """``pserve`` on a port of the system's choosing; returns the process and its port."""
    process = Process(
        [BIN / "pserve", ini, "http_port=0", *variables], env=environment, cwd=ini.parent
    )
    port = int(process.wait_for(SERVING).group(1))
    return process, port


@dataclass
class Deployment:
    folder: Path
    ini: Path
    environment: dict
    database_url: str
    migration: object = None


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    server = ThrowawayRedis(tmp_path_factory.mktemp("redis")).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def deployment(pg_cluster, redis_url, tmp_path_factory):
    """A migrated production database with one user, ana."""
    folder = tmp_path_factory.mktemp("production")
    pg_cluster.create_database("microblog_production")
    url = plain_url(pg_cluster, "microblog_production")
    environment = base_environment(
        SECRET_KEY=SECRET_KEY,
        PUBLIC_URL=PUBLIC_URL,
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        SEARCH_BACKEND="postgresql",
        LOG_TO_STDOUT="true",
    )
    ini = install(folder)
    migration = Process(
        [BIN / "alembic", "-c", ini, "upgrade", "head"], env=environment, cwd=folder
    )
    assert migration.finish() == 0, migration.output
    engine = create_engine(pg_cluster.url("microblog_production"))
    try:
        with Session(engine) as session:
            ana = User(username="ana", email="ana@example.com")
            ana.set_password(PASSWORD, rounds=4)
            session.add(ana)
            session.commit()
    finally:
        engine.dispose()
    return Deployment(folder, ini, environment, url, migration)


@pytest.fixture(scope="session")
def production_server(deployment):
    """``pserve production.ini`` on the deployment; ``(process, port)``."""
    process, port = serve(deployment.ini, deployment.environment)
    yield process, port
    process.stop()


def csrf_token(html):
    return re.search(r'name="csrf_token"\s+value="([^"]+)"', html).group(1)
