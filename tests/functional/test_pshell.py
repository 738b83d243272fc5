"""``pshell development.ini``: the namespace the README promises, under a short banner."""

import subprocess
from pathlib import Path

from microblog import main
from microblog.models import User
from microblog.pshell import MODELS

from ..support.factories import make_user
from ..support.inis import development_ini

ROOT = Path(__file__).resolve().parents[2]


def test_pshell_opens_on_a_short_banner_with_the_session_and_the_models(live_settings, tmp_path):
    app = main({}, **live_settings)
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        session.commit()
    app.registry["dbengine"].dispose()
    ini = development_ini(tmp_path, live_settings["sqlalchemy.url"])
    script = "print('users:', [u.username for u in dbsession.scalars(select(User))])\n"
    shell = subprocess.run(
        [ROOT / ".venv" / "bin" / "pshell", ini],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "users: ['ana']" in shell.stdout, shell.stderr
    banner = shell.stderr.split(">>>")[0]
    assert "In the namespace:" in banner
    for name in ("dbsession", "tm", "request", "select, func", *MODELS):
        assert name in banner
    assert len(banner) < 1500, banner  # pshell's own quotes whole docstrings: 5,600 characters
    assert User.__name__ in MODELS
