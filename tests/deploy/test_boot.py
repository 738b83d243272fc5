"""deploy/boot.sh: waits for the database (a bounded number of times), migrates, starts."""

import json
import shutil
import tempfile

import pytest

from ..support.postgres import ThrowawayPostgres, available
from ..support.processes import Process, fetch
from .conftest import PUBLIC_URL, ROOT, SECRET_KEY, SERVING, base_environment, install, plain_url

BOOT = ROOT / "deploy" / "boot.sh"


def boot(folder, *args, **variables):
    install(folder)
    environment = base_environment(LOG_TO_STDOUT="true", DB_WAIT_DELAY="0.1", **variables)
    return Process(["sh", BOOT, *args], env=environment, cwd=folder)


@pytest.fixture
def late_cluster():
    """A PostgreSQL cluster that is not started yet."""
    if not available():
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found on this machine")
    directory = tempfile.mkdtemp(prefix="microblog-late-pg-")
    cluster = ThrowawayPostgres(directory)
    yield cluster
    cluster.stop()
    shutil.rmtree(directory, ignore_errors=True)


def test_web_waits_for_a_database_that_comes_up_late_then_migrates_and_serves(
    late_cluster, tmp_path
):
    process = boot(
        tmp_path,
        "web",
        PORT="0",
        DB_WAIT_ATTEMPTS="600",
        SECRET_KEY=SECRET_KEY,
        PUBLIC_URL=PUBLIC_URL,
        DATABASE_URL=plain_url(late_cluster, "microblog"),
    )
    try:
        process.wait_for(r"boot: waiting for the database \(1/600\)", stream="stderr")
        late_cluster.start()
        late_cluster.create_database("microblog")

        port = int(process.wait_for(SERVING).group(1))
        assert "Running upgrade  -> 7f5350c2c0c6" in process.text("stderr")
        response = fetch(port, "/healthz")
        assert response.status == 200
        assert json.loads(response.body)["database"] == "ok"
    finally:
        process.stop()


def test_it_gives_up_when_the_database_never_comes(tmp_path):
    empty = tempfile.mkdtemp(dir=tmp_path)
    process = boot(
        tmp_path / "app",
        "migrate",
        DB_WAIT_ATTEMPTS="3",
        SECRET_KEY=SECRET_KEY,
        PUBLIC_URL=PUBLIC_URL,
        DATABASE_URL=f"postgres://postgres@/microblog?host={empty}&port=5432",
    )
    assert process.finish() == 1
    stderr = process.text("stderr")
    assert stderr.count("boot: waiting for the database") == 2
    assert "still unreachable after 3 attempts; giving up" in stderr


def test_a_wrong_setting_stops_it_at_once_saying_why(tmp_path):
    process = boot(tmp_path, "web", DATABASE_URL=f"sqlite:///{tmp_path}/microblog.sqlite")
    assert process.finish() != 0
    stderr = process.text("stderr")
    assert "SECRET_KEY is missing" in stderr
    assert "waiting for the database" not in stderr


def test_an_unknown_process_type_is_a_usage_error(tmp_path):
    process = boot(tmp_path, "everything")
    assert process.finish() == 64
    assert "usage: boot.sh web|worker|migrate" in process.text("stderr")
