"""The Node tools of the browser tests (axe-core, Lighthouse), installed from the lock in
``tests/e2e/node`` by ``npm ci --prefix tests/e2e/node`` (``.ci/run`` does it)."""

from pathlib import Path

import pytest

NODE_DIR = Path(__file__).parent / "node"
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"


def require(path):
    """``path``, or a skip saying how to install it."""
    if not path.exists():
        pytest.skip(f"{path.relative_to(NODE_DIR)} is missing: run `npm ci --prefix {NODE_DIR}`")
    return path
