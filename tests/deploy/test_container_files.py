"""The Dockerfile, the compose file, the Procfile and the boot script, read as their tools
would read them (Docker itself cannot run on the test machines)."""

import os
import re
import shlex
import subprocess

import yaml

from .conftest import ROOT

DEPLOY = ROOT / "deploy"


def dockerfile_instructions():
    """``[(INSTRUCTION, arguments)]``, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (DEPLOY / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_the_image_is_python_slim_and_runs_as_an_unprivileged_user():
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    users = [arguments for name, arguments in instructions if name == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("ENTRYPOINT", '["./boot.sh"]') in instructions


def test_the_image_copies_files_that_exist_and_installs_no_test_extras():
    instructions = dockerfile_instructions()
    for name, arguments in instructions:
        if name == "COPY":
            *sources, _target = [
                word for word in shlex.split(arguments) if not word.startswith("--")
            ]
            for source in sources:
                assert (ROOT / source).exists(), source
    installs = " ".join(
        arguments for name, arguments in instructions if name == "RUN" and "install" in arguments
    )
    assert "/src/deploy/boot.sh install" in installs
    assert ("COPY", "requirements/main.txt /src/requirements/main.txt") in instructions
    assert "[test]" not in installs and "-e " not in installs


def test_the_install_step_installs_the_lock_with_hashes_then_the_package_alone():
    script = (DEPLOY / "boot.sh").read_text()
    install = script[script.index("    install)") :].split(";;")[0]
    assert 'pip install --require-hashes -r "$source/requirements/main.txt"' in install
    assert 'pip install --no-deps --no-build-isolation "$source"' in install


def test_compose_runs_web_and_workers_on_postgresql_and_redis():
    services = compose()["services"]
    assert set(services) == {"web", "worker", "db", "redis"}
    assert services["web"]["command"] == ["web"]
    assert services["worker"]["command"] == ["worker"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name in ("web", "worker"):
        service = services[name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
        environment = service["environment"]
        assert "@db/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert environment["SEARCH_BACKEND"] == "postgresql"
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert environment["PUBLIC_URL"].startswith("${PUBLIC_URL:?")
    assert services["worker"]["depends_on"]["web"] == {"condition": "service_healthy"}
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_the_procfile_starts_web_and_worker_through_the_boot_script():
    lines = (ROOT / "Procfile").read_text().splitlines()
    processes = dict(line.split(":", 1) for line in lines if line.strip())
    assert {name: command.split() for name, command in processes.items()} == {
        "web": ["deploy/boot.sh", "web"],
        "worker": ["deploy/boot.sh", "worker"],
    }


def test_the_boot_script_is_executable_posix_shell():
    boot = DEPLOY / "boot.sh"
    assert os.access(boot, os.X_OK)
    assert boot.read_text().startswith("#!/bin/sh\n")
    check = subprocess.run(["sh", "-n", boot], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
