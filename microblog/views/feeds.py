"""Atom feeds (RFC 4287) of a user's posts, public so that feed readers can fetch them."""

import re
import xml.etree.ElementTree as ET

from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..i18n import _
from ..models import Post, isoformat
from ..resources.users import UserContext
from . import user_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 20
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLE_LENGTH = 60
# the date half of our tag: URIs (RFC 4151); ids must never change, so neither may this
TAG_DATE = "2024"
# XML 1.0 cannot carry most control characters, escaped or not: drop them
NOT_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text):
    return NOT_XML_CHARS.sub("", text or "")


def entry_title(body):
    """Posts have no titles: the start of the body, cut at a word."""
    text = " ".join(body.split())
    if len(text) <= TITLE_LENGTH:
        return text
    cut = text[:TITLE_LENGTH].rsplit(" ", 1)[0] or text[:TITLE_LENGTH]
    return cut + "…"


def tag_uri(request, specific):
    """Ids from the user's and posts' numbers, so renaming an account keeps them."""
    return f"tag:{request.domain},{TAG_DATE}:{specific}"


class AtomBuilder:
    """An Atom document; ElementTree escapes the text, we drop what XML cannot hold."""

    def __init__(self, root_name, **attributes):
        # unprefixed names under a literal default namespace: ElementTree's own
        # ``default_namespace`` option refuses unprefixed attributes such as ``href``
        self.root = ET.Element(root_name, {"xmlns": ATOM, **attributes})

    def add(self, parent, name, text=None, **attributes):
        element = ET.SubElement(parent, name, attributes)
        if text is not None:
            element.text = xml_text(text)
        return element

    def serialize(self):
        return ET.tostring(self.root, encoding="utf-8", xml_declaration=True)


@view_config(
    context=UserContext, name="feed.atom", permission=NO_PERMISSION_REQUIRED, request_method="GET"
)
def user_feed(context, request):
    """The user's latest posts, newest first."""
    user = context.user
    posts = request.dbsession.scalars(Post.by_author(user).limit(FEED_SIZE)).all()
    profile_url = user_url(request, user)
    translate = request.localizer.translate

    atom = AtomBuilder("feed", **{XML_LANG: request.locale_name})
    feed = atom.root
    atom.add(feed, "id", tag_uri(request, f"user/{user.id}"))
    atom.add(
        feed,
        "title",
        translate(_("Posts by ${username} on Microblog", mapping={"username": user.username})),
    )
    if user.about_me:
        atom.add(feed, "subtitle", user.about_me)
    newest = posts[0].timestamp if posts else user.last_seen
    atom.add(feed, "updated", isoformat(newest))
    author = atom.add(feed, "author")
    atom.add(author, "name", user.username)
    atom.add(author, "uri", profile_url)
    atom.add(feed, "link", rel="alternate", type="text/html", href=profile_url)
    atom.add(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=user_url(request, user, "feed.atom"),
    )
    atom.add(feed, "icon", request.avatar_url(user, 64))
    atom.add(feed, "generator", "Microblog")

    for post in posts:
        entry = atom.add(feed, "entry")
        post_url = request.resource_url(request.root, "post", post.id)
        atom.add(entry, "id", tag_uri(request, f"post/{post.id}"))
        atom.add(entry, "title", entry_title(post.body))
        atom.add(entry, "published", isoformat(post.timestamp))
        atom.add(entry, "updated", isoformat(post.timestamp))
        atom.add(entry, "link", rel="alternate", type="text/html", href=post_url)
        for media in post.media:
            if media.ready:  # one still being encoded joins the feed when it is done
                atom.add(
                    entry,
                    "link",
                    rel="enclosure",
                    type="image/webp",
                    length=str(media.size),
                    href=request.media_url(media.display_key),
                    **({"title": media.description} if media.description else {}),
                )
        content = atom.add(entry, "content", post.body, type="text")
        if post.language:
            content.set(XML_LANG, post.language)

    response = Response(body=atom.serialize(), content_type="application/atom+xml", charset="utf-8")
    # feed readers poll: let them ask "anything new?" and get a bodiless 304 when not
    response.md5_etag()
    response.conditional_response = True
    return response
