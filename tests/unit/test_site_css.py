"""The pages' stylesheet is built from Bootstrap by tools/build_css.py (``make css``)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_CSS = ROOT / "microblog" / "static" / "css" / "site.min.css"


def test_the_committed_stylesheet_is_what_the_script_builds():
    result = subprocess.run(
        [sys.executable, "tools/build_css.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_stylesheet_keeps_what_the_pages_use_and_drops_the_rest():
    css = SITE_CSS.read_text("utf-8")
    assert len(css) < 80_000  # Bootstrap alone is 230 KB
    for used in (".navbar-toggler", ".btn-primary", ".alert-danger", ".popover", ".is-invalid"):
        assert used in css
    for unused in (
        ".carousel",
        ".accordion",
        ".offcanvas",
        ".table-striped",
        "[data-bs-theme=dark]",
    ):
        assert unused not in css
    assert "Licensed under MIT" in css  # Bootstrap's notice stays
