"""What text the site takes in: any Unicode, except characters no person types.

Control characters (NUL above all: PostgreSQL refuses it in text, so it would be a 500
there and a stored oddity elsewhere) and lone surrogates (which no UTF-8 can carry and no
database driver can encode) are refused wherever text enters: form and API fields (the
schemas' :class:`~microblog.schemas.base.Text` type), the address and query string of every
request (:mod:`microblog.ingress`), and credentials read from headers. Tabs and line breaks
are kept: a post or a message may have several lines.
"""

import json
import re

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; surrogates
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# one line only (a username, an address, a token): no tab or line break either
FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def has_forbidden_characters(text):
    """True when ``text`` holds a character that no field of the site accepts."""
    return FORBIDDEN.search(text) is not None


def is_clean_line(text):
    """True for a one-line text without control characters (a name or a token to look up)."""
    return isinstance(text, str) and FORBIDDEN_IN_LINE.search(text) is None


def parse_json(data):
    """``json.loads``, raising ``ValueError`` for anything it cannot read: nesting deeper
    than Python's parser can follow (``[[[[...]]]]``) included, a ``RecursionError`` else."""
    try:
        return json.loads(data)
    except RecursionError as error:
        raise ValueError("JSON nested too deeply") from error
