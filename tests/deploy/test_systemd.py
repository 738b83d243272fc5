"""deploy/systemd: the units pass ``systemd-analyze verify`` (paths pointed at this checkout)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

UNITS = ROOT / "deploy" / "systemd"
ANALYZE = shutil.which("systemd-analyze")
VENV_BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    ANALYZE is None, reason="systemd-analyze not found (apt-get install systemd)"
)


def installed_here(tmp_path):
    """The units as they would be installed, with /srv/microblog being this checkout (so that
    systemd-analyze finds the programs they start)."""
    for unit in UNITS.glob("*.service"):
        text = unit.read_text()
        assert "/srv/microblog/venv/bin/" in text
        text = text.replace("/srv/microblog/venv/bin", str(VENV_BIN)).replace(
            "/srv/microblog", str(ROOT)
        )
        (tmp_path / unit.name).write_text(text)
    return tmp_path


@pytest.mark.parametrize("instance", ["microblog-web@8001.service", "microblog-worker@1.service"])
def test_the_templated_units_verify_cleanly(instance, tmp_path):
    folder = installed_here(tmp_path)
    result = subprocess.run([ANALYZE, "verify", folder / instance], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_each_web_instance_serves_production_ini_on_its_own_port():
    web = (UNITS / "microblog-web@.service").read_text()
    assert (
        "ExecStart=/srv/microblog/venv/bin/pserve /srv/microblog/production.ini http_port=%i" in web
    )
    worker = (UNITS / "microblog-worker@.service").read_text()
    assert (
        "ExecStart=/srv/microblog/venv/bin/microblog worker /srv/microblog/production.ini" in worker
    )
    # the worker alone hears SIGTERM, and finishes the job in hand
    assert "KillMode=mixed" in worker
