"""The lock (requirements/*.txt, written by `make lock`) and pyproject.toml agree.

pyproject.toml keeps the honest ranges people install the package with; the lock pins what
`make run`, `make test`, CI and the image install, with hashes. A dependency added to one and
not the other, or a pin outside its range, fails here instead of on a fresh machine.
"""

import re
import tomllib
from collections import defaultdict

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from ..conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = [Requirement(line) for line in PYPROJECT["dependencies"]]
TEST_EXTRA = [Requirement(line) for line in PYPROJECT["optional-dependencies"]["test"]]
LOCKS = {"main": ROOT / "requirements" / "main.txt", "test": ROOT / "requirements" / "test.txt"}
# what each lock must hold: the runtime dependencies, and for the tests the extra as well
WANTED = {"main": RUNTIME, "test": RUNTIME + TEST_EXTRA}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
FROM_PYPROJECT = "microblog (pyproject.toml)"


def read_lock(path):
    """``(pins, direct, hashed)``: name -> versions, names pyproject asked for, hashed names."""
    pins, direct, hashed = defaultdict(set), set(), set()
    name = None
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            name = canonicalize_name(match[1])
            pins[name].add(Version(match[2]))
        elif name and "--hash=sha256:" in line:
            hashed.add(name)
        elif name and FROM_PYPROJECT in line:
            direct.add(name)
    return pins, direct, hashed


@pytest.fixture(scope="module", params=sorted(LOCKS))
def lock(request):
    return request.param, *read_lock(LOCKS[request.param])


def test_every_dependency_of_pyproject_is_pinned_within_its_range(lock):
    kind, pins, _direct, _hashed = lock
    for requirement in WANTED[kind]:
        versions = pins.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is in pyproject.toml but not in {kind}: make lock"
        assert any(requirement.specifier.contains(v, prereleases=True) for v in versions), (
            f"{kind} pins {requirement.name} {sorted(map(str, versions))} outside "
            f"{requirement.specifier}: make lock"
        )


def test_the_lock_asks_for_nothing_pyproject_does_not(lock):
    kind, _pins, direct, _hashed = lock
    wanted = {canonicalize_name(r.name) for r in WANTED[kind]}
    assert direct - wanted == set(), f"{kind} holds dependencies pyproject dropped: make lock"


def test_every_pin_carries_its_hashes(lock):
    kind, pins, _direct, hashed = lock
    assert set(pins) - hashed == set(), f"{kind} has pins without --hash"


def test_the_runtime_and_test_locks_pin_the_same_versions():
    main_pins, *_ = read_lock(LOCKS["main"])
    test_pins, *_ = read_lock(LOCKS["test"])
    differ = {
        n: (main_pins[n], test_pins.get(n)) for n in main_pins if main_pins[n] != test_pins.get(n)
    }
    assert differ == {}
