"""``python -m microblog.scripts``: the ``microblog`` command."""

from . import cli

cli(prog_name="microblog")
