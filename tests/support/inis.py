"""The shipped ini files, pointed at a test's database and folder."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def development_ini(directory, database_url):
    """A copy of ``development.ini`` in ``directory``, on ``database_url``; its path."""
    ini = Path(directory) / "development.ini"
    settings = f"microblog.var_dir = {directory}/var\nsqlalchemy.url = {database_url}"
    text = (ROOT / "development.ini").read_text()
    ini.write_text(text.replace("microblog.var_dir = %(here)s/var", settings))
    return ini
