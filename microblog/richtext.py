"""What a post's plain text holds beyond words: ``#tags``, ``@mentions`` and links.

Bodies are stored as the author typed them, never as HTML. Finding tags and mentions (to
store and notify) and rendering links (on every page) both read the text with the one
pattern below, so that what is linked is what was recorded. Rendering escapes every piece
of the text itself: no HTML in a body ever reaches a page.
"""

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

TAG_MAX_LENGTH = 64
# a tag has at least one letter (``#1`` is a number, not a topic); a mention names a
# username (letters, digits, ``_ . -``) that ends on a letter, digit or ``_``, so that
# the full stop ending "thanks @ana." is not taken for part of the name; neither starts
# inside a word ("foo#bar", "ana@example.com") or right after a slash (a link's path), and
# a mention is a whole name ("@ana@elsewhere" names someone on another site)
TOKENS = re.compile(
    r"(?P<url>\bhttps?://[^\s<>\"]+)"
    r"|(?<![\w#&/@])#(?P<tag>\w*[^\W\d_]\w*)"
    r"|(?<![\w@/.-])@(?P<mention>\w(?:[\w.-]*\w)?)(?![\w@-]|\.\w)"
)
USERNAME_CHARACTERS = re.compile(r"^[A-Za-z0-9_.-]+$")
# punctuation that ends a sentence more often than a link ("see https://x.org/a.")
URL_TRAILING = ".,;:!?'\")]}"
LINK_REL = "nofollow noopener ugc"


@dataclass(frozen=True)
class Token:
    kind: str  # "text", "url", "tag" or "mention"
    text: str  # the characters as written
    value: str = ""  # the URL, the tag's name (lower case) or the username


def tokens(body):
    """The body cut into :class:`Token` pieces, in order; joined, their texts are the body."""
    body = body or ""
    position = 0
    for match in TOKENS.finditer(body):
        kind = match.lastgroup
        text = match.group(0)
        if kind == "url":
            value = text.rstrip(URL_TRAILING)
            # a closing parenthesis that closes one inside the link stays (Wikipedia's)
            while text[len(value) :].startswith(")") and value.count("(") > value.count(")"):
                value += ")"
            text = value
        elif kind == "tag":
            value = match.group("tag")
            if len(value) > TAG_MAX_LENGTH:
                continue
            value = value.lower()
        else:
            value = match.group("mention")
            if not USERNAME_CHARACTERS.match(value):
                continue
        start = match.start()
        if start > position:
            yield Token("text", body[position:start])
        yield Token(kind, text, value)
        position = start + len(text)
    if position < len(body):
        yield Token("text", body[position:])


def tag_names(body):
    """The distinct tags of a body, lower case, in order of appearance."""
    return list(dict.fromkeys(t.value for t in tokens(body) if t.kind == "tag"))


def mentioned_names(body):
    """The distinct usernames mentioned, as written, in order of appearance."""
    return list(dict.fromkeys(t.value for t in tokens(body) if t.kind == "mention"))


def render(body, tag_url, user_url, known_users=()):
    """The body as HTML: text escaped, links to URLs, tags and the ``known_users`` mentioned
    (lower-case usernames; a mention of nobody stays text). ``tag_url(name)`` and
    ``user_url(username)`` make the links' addresses."""
    known = {name.lower(): name for name in known_users}
    parts = []
    for token in tokens(body):
        text = escape(token.text)
        if token.kind == "url":
            parts.append(
                Markup('<a href="{}" rel="{}">{}</a>').format(token.value, LINK_REL, token.text)
            )
        elif token.kind == "tag":
            parts.append(
                Markup('<a href="{}" class="hashtag">{}</a>').format(tag_url(token.value), text)
            )
        elif token.kind == "mention" and token.value.lower() in known:
            username = known[token.value.lower()]
            parts.append(
                Markup('<a href="{}" class="mention user-link">{}</a>').format(
                    user_url(username), text
                )
            )
        else:
            parts.append(text)
    return Markup("").join(parts)
